/* SPDX-License-Identifier: MIT */
/*
 * test_hostaddr.c - unit tests for lib/hostaddr.c: which host names and
 * addresses, as configuration files write them, only this machine
 * reaches, and "host:port" cut apart.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hostaddr.h"
#include "lib/util.h"

/* test_loopback - the loopback test's edge cases, one row each */
static void
test_loopback(void **state)
{
	static const struct {
		const char	*in;
		bool		 lo;
	} rows[] = {
		/* all of 127/8 is the loopback network, not just .1 */
		{ "127.0.0.1", true },
		{ "127.0.0.2", true },
		{ "127.255.255.254", true },
		/* the resolver's short forms (inet_aton) */
		{ "127.1", true },
		{ "127.0.1", true },
		{ "127", false },		/* 0.0.0.127 */
		{ "128.0.0.1", false },
		{ "10.0.0.1", false },
		{ "0.0.0.0", false },
		{ "1127.0.0.1", false },
		{ "127.0.0.256", false },
		{ "127.foo", false },
		{ "127.0.0.1 ", false },
		/* IPv6 */
		{ "::1", true },
		{ "0:0:0:0:0:0:0:1", true },
		{ "[::1]", true },
		{ "::ffff:127.0.0.1", true },
		{ "::FFFF:127.1.2.3", true },
		{ "::ffff:10.0.0.1", false },
		{ "::127.0.0.1", false },	/* IPv4-compatible: not loopback */
		{ "::", false },
		{ "::2", false },
		{ "fe80::1", false },
		{ "[::1", false },
		{ "::1]", false },
		/* names */
		{ "localhost", true },
		{ "LocalHost", true },
		{ "[localhost]", true },
		{ "localhost.localdomain", false },	/* host-dependent */
		{ "localhost.example", false },
		{ "mylocalhost", false },
		/* IPv4 in brackets, as an address literal */
		{ "[127.0.0.1]", true },
		/* prefixes, ports and nothing are no host */
		{ "127.0.0.0/8", false },
		{ "[::1]/128", false },
		{ "127.0.0.1:25", false },
		{ "[::1]:25", false },
		{ "", false },
		{ "[]", false },
		{ "*", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++)
		if (hostaddr_loopback(rows[i].in) != rows[i].lo)
			fail_msg("hostaddr_loopback(\"%s\") is not %s",
			    rows[i].in, rows[i].lo ? "true" : "false");
	assert_false(hostaddr_loopback(NULL));
}

/* test_split - host and port apart, IPv6 brackets dropped */
static void
test_split(void **state)
{
	static const struct {
		const char	*in, *host, *port;	/* host NULL: none */
	} rows[] = {
		{ "127.0.0.1:10025", "127.0.0.1", "10025" },
		{ "[::1]:25", "::1", "25" },
		{ "[2001:db8::1]:smtp", "2001:db8::1", "smtp" },
		{ "::1:25", "::1", "25" },		/* the last colon */
		{ "localhost:12345", "localhost", "12345" },
		{ "smtp", NULL, "smtp" },
		{ "2525", NULL, "2525" },
		{ ":25", "", "25" },
		{ "host:", "host", "" },
		{ "[::1]", "[:", "1]" },	/* no "]:": cut at the last colon */
	};
	char *host, *port;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		hostaddr_split(rows[i].in, &host, &port);
		if (rows[i].host == NULL ? host != NULL : host == NULL ||
		    strcmp(host, rows[i].host) != 0)
			fail_msg("host of \"%s\" is \"%s\"", rows[i].in,
			    host ? host : "(none)");
		if (strcmp(port, rows[i].port) != 0)
			fail_msg("port of \"%s\" is \"%s\"", rows[i].in, port);
		free(host);
		free(port);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
