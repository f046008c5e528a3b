/* SPDX-License-Identifier: MIT */
/*
 * test_rxguard.c - unit tests for lib/rxguard.c: nested repetition
 * bounds multiply, back-references are refused, ordinary table patterns
 * pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/rxguard.h"

/* ok - the pattern may be compiled */
static bool
ok(const char *p)
{
	const char *why;
	uint64_t cost;

	return rxguard_ok(p, &why, &cost);
}

/* test_costs - what patterns ask for */
static void
test_costs(void **state)
{
	bool br;

	(void)state;
	assert_int_equal(rxguard_cost("abc", &br), 3);
	assert_false(br);
	assert_int_equal(rxguard_cost("a{10}", &br), 10);
	assert_int_equal(rxguard_cost("(a{10}){10}", &br), 100);
	assert_int_equal(rxguard_cost("((((a{1,100}){1,100}){1,100}){1,100})",
	    &br), 100000000);
	assert_int_equal(rxguard_cost("[a{]{3}", &br), 3);
	assert_int_equal(rxguard_cost("a{,", &br), 3);
	/* the bound saturates instead of wrapping */
	assert_true(rxguard_cost("((((((a{65535}){65535}){65535}){65535}))))",
	    &br) >= RXGUARD_MAX_COST);
}

/* test_ok - what is compiled and what is not */
static void
test_ok(void **state)
{
	(void)state;
	assert_true(ok("^192\\.168\\.[0-9]{1,3}\\.[0-9]{1,3}$"));
	assert_true(ok("^(.*)@example\\.(com|org)$"));
	assert_true(ok("(a{1,100}){1,100}"));
	assert_false(ok("((((a{1,100}){1,100}){1,100}){1,100})"));
	assert_false(ok("(a)\\1"));
	assert_false(ok("(a)(b)\\2"));
	assert_false(ok("(a)(b)(c)(d)(e)(f)(g)(h)(i)\\9"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_costs),
		cmocka_unit_test(test_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
