/* SPDX-License-Identifier: MIT */
/*
 * listen.c - the SMTP ports the readers listen on: service names, the
 * role a port implies, the label of a listener.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "parsers/common/listen.h"

/* mail service names of /etc/services (Debian's, with its aliases),
 * sorted for bsearch */
static const struct portname {
	const char	*name;
	int		 port;
} portnames[] = {
	{ "smtp", 25 }, { "smtps", 465 }, { "ssmtp", 465 },
	{ "submission", 587 }, { "submissions", 465 }, { "urd", 465 },
};

/* portname_cmp - bsearch comparison of a name with a table row */
static int
portname_cmp(const void *key, const void *row)
{
	return strcmp(key, ((const struct portname *)row)->name);
}

/* listen_port - a port by number or mail service name, 0 when neither */
int
listen_port(const char *s)
{
	const struct portname *pn;
	long v;

	if (*s != '\0' && strspn(s, "0123456789") == strlen(s)) {
		if (strlen(s) > 5)
			return 0;
		v = strtol(s, NULL, 10);
		return v > 0 && v < 65536 ? (int)v : 0;
	}
	pn = bsearch(s, portnames, ARRAY_SIZE(portnames), sizeof(*portnames),
	    portname_cmp);
	return pn ? pn->port : 0;
}

/* listen_role - the role of a port */
enum listener_role
listen_role(int port)
{
	switch (port) {
	case 25:
		return ROLE_MX;
	case 587:
		return ROLE_SUBMISSION;
	case 465:
		return ROLE_SUBMISSIONS;
	default:
		return ROLE_OTHER;
	}
}

/* listen_label - "name addr:port", IPv6 addresses in brackets */
char *
listen_label(const char *name, const char *addr, const char *port)
{
	struct buf b = BUF_INIT;
	const char *p = addr;

	if (name != NULL && *name != '\0')
		buf_printf(&b, "%s ", name);
	for (;;) {
		size_t n = strcspn(p, ",");
		const char *colon = memchr(p, ':', n);
		bool bracket = colon != NULL && *p != '[';

		buf_printf(&b, "%s%.*s%s", bracket ? "[" : "", (int)n, p,
		    bracket ? "]" : "");
		if (p[n] == '\0')
			break;
		buf_printf(&b, ",");
		p += n + 1;
	}
	buf_printf(&b, ":%s", port);
	return buf_detach(&b);
}
