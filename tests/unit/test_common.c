/* SPDX-License-Identifier: MIT */
/*
 * test_common.c - unit tests for what the readers share in
 * parsers/common: ports by number or service name, the role a port
 * implies, listener labels (listen.c) and access map octet keys
 * (access.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "parsers/common/access.h"
#include "parsers/common/listen.h"

/* test_port - numbers 1-65535 and the mail service names */
static void
test_port(void **state)
{
	static const struct {
		const char	*in;
		int		 port;
	} rows[] = {
		{ "25", 25 }, { "025", 25 }, { "1", 1 }, { "65535", 65535 },
		{ "0", 0 }, { "65536", 0 }, { "99999", 0 }, { "000025", 0 },
		{ "", 0 }, { "-25", 0 }, { "+25", 0 }, { " 25", 0 },
		{ "25 ", 0 }, { "25x", 0 },
		{ "smtp", 25 }, { "submission", 587 }, { "submissions", 465 },
		{ "smtps", 465 }, { "ssmtp", 465 }, { "urd", 465 },
		{ "SMTP", 0 }, { "smtp ", 0 }, { "pop3", 0 }, { "imap", 0 },
		{ "zzz", 0 }, { "a", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++)
		if (listen_port(rows[i].in) != rows[i].port)
			fail_msg("listen_port(\"%s\") is %d, not %d",
			    rows[i].in, listen_port(rows[i].in), rows[i].port);
}

/* test_role - 25, 587 and 465 have roles, every other port none */
static void
test_role(void **state)
{
	(void)state;
	assert_int_equal(listen_role(25), ROLE_MX);
	assert_int_equal(listen_role(587), ROLE_SUBMISSION);
	assert_int_equal(listen_role(465), ROLE_SUBMISSIONS);
	assert_int_equal(listen_role(0), ROLE_OTHER);
	assert_int_equal(listen_role(2525), ROLE_OTHER);
	assert_int_equal(listen_role(24), ROLE_OTHER);
}

/* test_label - name, addresses with IPv6 in brackets, port */
static void
test_label(void **state)
{
	static const struct {
		const char	*name, *addr, *port, *label;
	} rows[] = {
		{ "smtp", "*", "25", "smtp *:25" },
		{ NULL, "127.0.0.1", "10025", "127.0.0.1:10025" },
		{ "", "*", "10587", "*:10587" },
		{ "MTA", "::1", "25", "MTA [::1]:25" },
		{ "smtp", "127.0.0.1,::1", "25", "smtp 127.0.0.1,[::1]:25" },
		{ "smtp", "::1,127.0.0.1,fe80::1", "25",
		    "smtp [::1],127.0.0.1,[fe80::1]:25" },
		/* already in brackets: kept as written */
		{ "smtp", "[::1]", "25", "smtp [::1]:25" },
		{ "submission", "loopback-only", "587",
		    "submission loopback-only:587" },
		/* a port Postfix knows only by a name */
		{ "x", "*", "fancy", "x *:fancy" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		char *l = listen_label(rows[i].name, rows[i].addr,
		    rows[i].port);

		if (strcmp(l, rows[i].label) != 0)
			fail_msg("label \"%s\", not \"%s\"", l, rows[i].label);
		free(l);
	}
}

/* test_octets - leading octets as a network, anything else refused */
static void
test_octets(void **state)
{
	static const struct {
		const char	*in;
		const char	*net;		/* NULL: refused */
	} rows[] = {
		{ "10", "10.0.0.0/8" },
		{ "192.168", "192.168.0.0/16" },
		{ "192.0.2", "192.0.2.0/24" },
		{ "192.0.2.1", "192.0.2.1/32" },
		{ "0", "0.0.0.0/8" },
		{ "127", "127.0.0.0/8" },
		{ "255.255.255.255", "255.255.255.255/32" },
		{ "", NULL }, { "10.", NULL }, { ".10", NULL },
		{ "10..1", NULL }, { "1.2.3.4.5", NULL }, { "300", NULL },
		{ "10.256", NULL }, { "10/8", NULL }, { "10.0.0.0/8", NULL },
		{ "a.b", NULL }, { "10.1x", NULL }, { "::1", NULL },
		{ "IPv6:::1", NULL }, { " 10", NULL }, { "010.1", NULL },
		{ "1234567890123456", NULL },
	};
	struct prefix p;
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		bool ok = access_octets(rows[i].in, &p);

		if (ok != (rows[i].net != NULL))
			fail_msg("access_octets(\"%s\") %s", rows[i].in,
			    ok ? "accepted" : "refused");
		if (!ok)
			continue;
		prefix_format(&p, buf, sizeof(buf));
		if (strcmp(buf, rows[i].net) != 0)
			fail_msg("access_octets(\"%s\") is %s, not %s",
			    rows[i].in, buf, rows[i].net);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_role),
		cmocka_unit_test(test_label),
		cmocka_unit_test(test_octets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
