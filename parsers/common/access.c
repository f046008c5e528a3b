/* SPDX-License-Identifier: MIT */
/*
 * access.c - access map keys that several readers read alike: an IPv4
 * network written as its leading octets, as Postfix's access(5) tables
 * ("192.168 OK") and Sendmail's access map ("Connect:192.168 RELAY")
 * both match a client address.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "parsers/common/access.h"

/* access_octets - "10", "192.168", "192.0.2.1" as a network */
bool
access_octets(const char *key, struct prefix *p)
{
	static const char *const pad[] = { ".0.0.0", ".0.0", ".0", "" };
	char buf[32];
	size_t n = strlen(key);
	int dots = 0;
	const char *s;

	if (n == 0 || n > 15 || !isdigit((unsigned char)key[0]) ||
	    key[n - 1] == '.' || strspn(key, "0123456789.") != n ||
	    strstr(key, "..") != NULL)
		return false;
	for (s = key; *s; s++)
		dots += *s == '.';
	if (dots > 3)
		return false;
	snprintf(buf, sizeof(buf), "%s%s/%d", key, pad[dots], 8 * (dots + 1));
	return prefix_parse(buf, p);
}
