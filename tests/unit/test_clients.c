/* SPDX-License-Identifier: MIT */
/*
 * test_clients.c - unit tests for parsers/common/clients.c: classes of
 * clients split by address sets and attributes, as the relay evaluators
 * walk restriction lists and ACLs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>

#include <cmocka.h>

#include "lib/addrset.h"
#include "parsers/common/clients.h"

/* set_of - a set from prefixes in text */
static void
set_of(struct addrset *s, const char *const *p, size_t n)
{
	size_t i;

	addrset_init(s);
	for (i = 0; i < n; i++)
		assert_true(addrset_add_str(s, p[i]));
}

/* test_nets - a set lets its clients pass; the class goes on whole */
static void
test_nets(void **state)
{
	static const char *const lan[] = { "10.0.0.0/8" };
	static const char *const pub[] = { "12.0.0.0/8", "10.1.0.0/16" };
	struct cset in = CSET_INIT, out = CSET_INIT, out2 = CSET_INIT;
	struct addrset a, b;
	struct prefix p;
	int step1, step2;

	(void)state;
	set_of(&a, lan, 1);
	set_of(&b, pub, 2);
	cset_everyone(&in);
	cset_match_nets(&in, &a, &step1, &out);
	assert_int_equal(out.n, 1);
	assert_ptr_equal(out.v[0].by_nets, &step1);
	assert_false(cclass_strangers(&out.v[0]));	/* private only */
	assert_int_equal(in.n, 1);			/* goes on whole */
	assert_null(in.v[0].nets);
	/* the passed class meets a second set: only 10.1/16 is in both */
	cset_match_nets(&out, &b, &step2, &out2);
	assert_int_equal(out2.n, 1);
	assert_ptr_equal(out2.v[0].by_nets, &step1);	/* the first */
	assert_true(prefix_parse("10.1.2.3", &p));
	assert_true(addrset_contains(out2.v[0].nets, &p));
	assert_true(prefix_parse("12.0.0.1", &p));
	assert_false(addrset_contains(out2.v[0].nets, &p));
	assert_true(prefix_parse("10.2.0.1", &p));
	assert_false(addrset_contains(out2.v[0].nets, &p));
	/* the class inside the set moves whole: nothing of it goes on */
	cset_match_nets(&out, &a, &step2, &out2);
	assert_int_equal(out.n, 0);
	cset_free(&in);
	cset_free(&out);
	cset_free(&out2);
	addrset_free(&a);
	addrset_free(&b);
}

/* test_attr - AUTH splits a class into YES (passes) and NO (goes on) */
static void
test_attr(void **state)
{
	struct cset in = CSET_INIT, out = CSET_INIT;
	int step;

	(void)state;
	cset_everyone(&in);
	cset_match_attr(&in, CA_AUTH, &step, &out);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].attr[CA_AUTH], TRI_YES);
	assert_ptr_equal(out.v[0].by_attr[CA_AUTH], &step);
	assert_false(cclass_strangers(&out.v[0]));
	assert_int_equal(in.n, 1);
	assert_int_equal(in.v[0].attr[CA_AUTH], TRI_NO);
	assert_true(cclass_strangers(&in.v[0]));
	/* NO stays: a second AUTH step admits nobody of it */
	cset_match_attr(&in, CA_AUTH, &step, &out);
	assert_int_equal(out.n, 1);
	assert_int_equal(in.n, 1);
	/* a forged value a stranger chooses: still strangers */
	cset_match_attr(&in, CA_FORGED, &step, &out);
	assert_int_equal(out.n, 2);
	assert_true(cclass_strangers(&out.v[1]));
	assert_false(cclass_dest_only(&out.v[1]));
	cset_free(&in);
	cset_free(&out);
}

/* test_unknown_all - an undecidable step passes uncertain copies; an
 * unconditional one passes everybody */
static void
test_unknown_all(void **state)
{
	struct cset in = CSET_INIT, out = CSET_INIT;
	int policy, permit;

	(void)state;
	cset_everyone(&in);
	cset_match_unknown(&in, &policy, &out);
	assert_int_equal(out.n, 1);
	assert_true(out.v[0].uncertain);
	assert_ptr_equal(out.v[0].by_unknown, &policy);
	assert_int_equal(in.n, 1);
	cset_match_all(&in, &permit, &out);
	assert_int_equal(in.n, 0);
	assert_int_equal(out.n, 2);
	assert_false(out.v[1].uncertain);
	assert_ptr_equal(out.v[1].by_any, &permit);
	cset_free(&in);
	cset_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nets),
		cmocka_unit_test(test_attr),
		cmocka_unit_test(test_unknown_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
