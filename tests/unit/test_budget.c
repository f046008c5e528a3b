/* SPDX-License-Identifier: MIT */
/*
 * test_budget.c - unit tests for the work budget (lib/budget.c) and how
 * the engine spends it (audit/engine.c): a spent kind stays spent, the
 * configuration gets one PRS006 and nothing else is said of it, and all
 * but the first findings of one check in one file fold into one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audit/engine.h"
#include "lib/budget.h"

/* test_take - draws up to the limit succeed, the one past it fails */
static void
test_take(void **state)
{
	struct budget b;

	(void)state;
	budget_init(&b);
	assert_int_equal(budget_set(&b, "walks=3"), 0);
	assert_true(budget_take(&b, BUDGET_WALKS, 2));
	assert_true(budget_take(&b, BUDGET_WALKS, 1));
	assert_false(budget_spent(&b, BUDGET_WALKS));
	assert_false(budget_take(&b, BUDGET_WALKS, 1));
	assert_true(budget_spent(&b, BUDGET_WALKS));
	/* spent stays spent, even for a draw of nothing */
	assert_false(budget_take(&b, BUDGET_WALKS, 0));
	/* the other kinds are untouched */
	assert_true(budget_take(&b, BUDGET_BYTES, 1000));
	/* a draw larger than what is left fails without wrapping */
	assert_false(budget_take(&b, BUDGET_FILES, UINT64_MAX));
}

/* test_set - NAME=N with suffixes; anything else is refused */
static void
test_set(void **state)
{
	struct budget b;

	(void)state;
	budget_init(&b);
	assert_int_equal(b.limit[BUDGET_BYTES], budget_default(BUDGET_BYTES));
	assert_int_equal(budget_set(&b, "bytes=2k"), 0);
	assert_int_equal(b.limit[BUDGET_BYTES], 2048);
	assert_int_equal(budget_set(&b, "expanded=3M"), 0);
	assert_int_equal(b.limit[BUDGET_EXPANDED], 3u * 1024 * 1024);
	assert_int_equal(budget_set(&b, "files=1G"), 0);
	assert_int_equal(b.limit[BUDGET_FILES], 1024u * 1024 * 1024);
	assert_int_equal(budget_set(&b, "steps=0"), -1);
	assert_int_equal(budget_set(&b, "steps=-1"), -1);
	assert_int_equal(budget_set(&b, "steps=1x"), -1);
	assert_int_equal(budget_set(&b, "steps"), -1);
	assert_int_equal(budget_set(&b, "step=5"), -1);
	assert_int_equal(budget_set(&b, "=5"), -1);
	assert_int_equal(budget_set(&b, "walks=99999999999999999999"), -1);
	assert_string_equal(budget_name(BUDGET_FINDINGS), "findings");
}

/* count - findings of check ID */
static size_t
count(const struct engine *e, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->v[i].check->id, id) == 0)
			n++;
	return n;
}

/* test_spend - one PRS006 where it ran out, then silence and no verdict */
static void
test_spend(void **state)
{
	struct model m;
	struct engine e;
	struct mtaconf *c, *d;
	struct finding *f;
	size_t i;

	(void)state;
	model_init(&m, "/r");
	engine_init(&e, &m);
	c = model_add_conf(&m, MTA_POSTFIX, "etc/postfix");
	d = model_add_conf(&m, MTA_EXIM, "etc/exim");
	assert_int_equal(budget_set(&e.budget, "walks=10"), 0);
	for (i = 0; i < 10; i++)
		assert_true(engine_spend(&e, c, BUDGET_WALKS, 1, "a.cf", 7));
	assert_false(c->over_budget);
	assert_false(engine_spend(&e, c, BUDGET_WALKS, 1, "a.cf", 8));
	assert_false(engine_spend(&e, c, BUDGET_WALKS, 1, "a.cf", 9));
	assert_true(c->over_budget);
	assert_int_equal(count(&e, "PRS006"), 1);
	assert_string_equal(e.v[0].file, "a.cf");
	assert_int_equal(e.v[0].line, 8);
	assert_non_null(strstr(e.v[0].message, "'walks'"));
	/* nothing more is said of it; the caller may still fill it in */
	f = finding_add(&e, "PRS001", c, NULL, "a.cf", 10, "after");
	finding_evidence(f, "a.cf", 10, "x");
	assert_int_equal(e.n, 1);
	/* a later configuration is told where it ran out */
	assert_false(engine_spend(&e, d, BUDGET_WALKS, 1, "b.conf", 1));
	assert_true(d->over_budget);
	assert_int_equal(count(&e, "PRS006"), 2);
	assert_non_null(strstr(e.v[1].message, "a.cf:8"));
	engine_free(&e);
	model_free(&m);
}

/* test_fold - five of a check in a file are kept, the rest are one */
static void
test_fold(void **state)
{
	struct model m;
	struct engine e;
	struct mtaconf *c;
	struct finding *f;
	size_t i, n;

	(void)state;
	model_init(&m, "/r");
	engine_init(&e, &m);
	c = model_add_conf(&m, MTA_POSTFIX, "etc/postfix");
	for (i = 0; i < 1000; i++) {
		f = finding_add(&e, "PRS001", c, NULL, "main.cf", (int)i + 1,
		    "line %zu", i);
		finding_evidence(f, "main.cf", (int)i + 1, "text");
		if (i == 700)
			f->sev = SEV_CRITICAL;
	}
	finding_add(&e, "PRS001", c, NULL, "master.cf", 1, "other file");
	finding_add(&e, "PRS002", c, NULL, "main.cf", 1, "other check");
	engine_sort(&e);
	assert_int_equal(e.n, ENGINE_FOLD + 1 + 2);
	/* the most severe come first and are kept */
	assert_int_equal(e.v[0].sev, SEV_CRITICAL);
	assert_int_equal(e.v[0].more, 0);
	for (i = n = 0; i < e.n; i++)
		if (e.v[i].more > 0) {
			n++;
			assert_int_equal(e.v[i].more, 1000 - ENGINE_FOLD);
			assert_int_equal(e.v[i].sev, SEV_MEDIUM);
			assert_string_equal(e.v[i].file, "main.cf");
			assert_non_null(strstr(e.v[i].message, "995 more"));
		}
	assert_int_equal(n, 1);
	engine_free(&e);
	model_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_take),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_spend),
		cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
