/* SPDX-License-Identifier: MIT */
/*
 * hostaddr.c - host names and addresses as configuration files write
 * them.  Every MTA hands a bind or connect address it cannot parse as a
 * number to the resolver, so an IPv4 address is read the way the
 * resolver reads one (inet_aton: "127.1" is 127.0.0.1), and the name
 * "localhost" is the loopback name of every system's hosts file.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

#include "lib/hostaddr.h"
#include "lib/util.h"

#define HOST_MAX	64	/* longer than any address literal */

/* v4_loopback - S, digits and dots only, is an IPv4 address in 127/8 */
static bool
v4_loopback(const char *s)
{
	struct in_addr a;

	if (*s == '\0' || strspn(s, "0123456789.") != strlen(s) ||
	    inet_aton(s, &a) == 0)
		return false;
	return (ntohl(a.s_addr) >> 24) == 127;
}

/* v6_loopback - S is ::1 or an IPv4-mapped address in 127/8 */
static bool
v6_loopback(const char *s)
{
	static const uint8_t mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	static const uint8_t one[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
	};
	uint8_t a[16];

	if (inet_pton(AF_INET6, s, a) != 1)
		return false;
	return memcmp(a, one, sizeof(a)) == 0 ||
	    (memcmp(a, mapped, sizeof(mapped)) == 0 && a[12] == 127);
}

/* hostaddr_loopback - a host only this machine reaches */
bool
hostaddr_loopback(const char *host)
{
	char buf[HOST_MAX];
	size_t n;

	if (host == NULL)
		return false;
	n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host++;
		n -= 2;
	}
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, host, n);
	buf[n] = '\0';
	if (str_eq_nocase(buf, "localhost"))
		return true;
	return strchr(buf, ':') ? v6_loopback(buf) : v4_loopback(buf);
}

/* hostaddr_split - "host:port", "[v6]:port" or "port" */
void
hostaddr_split(const char *name, char **host, char **port)
{
	const char *c;

	*host = NULL;
	if (name[0] == '[' && (c = strstr(name, "]:")) != NULL) {
		*host = xstrndup(name + 1, (size_t)(c - name - 1));
		*port = xstrdup(c + 2);
		return;
	}
	c = strrchr(name, ':');
	if (c) {
		*host = xstrndup(name, (size_t)(c - name));
		*port = xstrdup(c + 1);
	} else
		*port = xstrdup(name);
}
