/* SPDX-License-Identifier: MIT */
/*
 * test_jsonw.c - unit tests for report/jsonw.c: separators, line breaks,
 * escaping and balance.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/jsonw.h"

/* a writer into memory */
struct mem {
	char	*s;
	size_t	 len;
	FILE	*fp;
	struct jw w;
};

/* mem_open - a writer into M */
static struct jw *
mem_open(struct mem *m)
{
	m->s = NULL;
	m->len = 0;
	m->fp = open_memstream(&m->s, &m->len);
	assert_non_null(m->fp);
	jw_init(&m->w, m->fp);
	return &m->w;
}

/* mem_text - what was written; the caller frees */
static char *
mem_text(struct mem *m)
{
	fclose(m->fp);
	return m->s;
}

/* test_flat - members and values are separated by ", " and ": " */
static void
test_flat(void **state)
{
	struct mem m;
	struct jw *w = mem_open(&m);
	char *s;

	(void)state;
	jw_begin_object(w);
	jw_kstr(w, "a", "x");
	jw_kint(w, "n", -12);
	jw_kbool(w, "t", true);
	jw_kstr(w, "z", NULL);
	jw_key(w, "v");
	jw_begin_array(w);
	jw_int(w, 1);
	jw_null(w);
	jw_begin_object(w);
	jw_end_object(w);
	jw_begin_array(w);
	jw_end_array(w);
	jw_end_array(w);
	jw_end_object(w);
	assert_int_equal(jw_end(w), 0);
	s = mem_text(&m);
	assert_string_equal(s, "{\"a\": \"x\", \"n\": -12, \"t\": true, "
	    "\"z\": null, \"v\": [1, null, {}, []]}\n");
	free(s);
}

/* test_breaks - a break puts the next item or the closing bracket on a
 * new line, with no space left at the end of the old one */
static void
test_breaks(void **state)
{
	struct mem m;
	struct jw *w = mem_open(&m);
	char *s;

	(void)state;
	jw_begin_object(w);
	jw_kstr(w, "tool", "t");
	jw_break(w, 1);
	jw_key(w, "list");
	jw_begin_array(w);
	jw_break(w, 4);
	jw_int(w, 1);
	jw_break(w, 4);
	jw_int(w, 2);
	jw_break(w, 1);
	jw_end_array(w);
	jw_break(w, 0);
	jw_kbool(w, "last", false);
	jw_end_object(w);
	assert_int_equal(jw_end(w), 0);
	s = mem_text(&m);
	assert_string_equal(s, "{\"tool\": \"t\",\n \"list\": [\n    1,\n"
	    "    2\n ],\n\"last\": false}\n");
	free(s);
}

/* test_escape - quotes, backslashes and control bytes are escaped, other
 * bytes (UTF-8) are kept */
static void
test_escape(void **state)
{
	struct mem m;
	struct jw *w = mem_open(&m);
	char *s;

	(void)state;
	jw_str(w, "a\"b\\c\nd\te\x01\x1f\x7f caf\xc3\xa9");
	assert_int_equal(jw_end(w), 0);
	s = mem_text(&m);
	assert_string_equal(s, "\"a\\\"b\\\\c\\nd\\te\\u0001\\u001f\\u007f "
	    "caf\xc3\xa9\"\n");
	free(s);
}

/* test_unbalanced - jw_end reports a container left open */
static void
test_unbalanced(void **state)
{
	struct mem m;
	struct jw *w = mem_open(&m);

	(void)state;
	jw_begin_object(w);
	jw_key(w, "a");
	jw_begin_array(w);
	jw_end_array(w);
	assert_int_equal(jw_end(w), -1);
	free(mem_text(&m));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flat),
		cmocka_unit_test(test_breaks),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_unbalanced),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
