/* SPDX-License-Identifier: MIT */
/*
 * test_util.c - unit tests for lib/util.c: shortened text for messages
 * and evidence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/util.h"

/* test_clip_short - text within the bound is copied whole, unmarked */
static void
test_clip_short(void **state)
{
	char *s;

	(void)state;
	s = str_clip("inet_interfaces", 15);
	assert_string_equal(s, "inet_interfaces");
	free(s);
	s = str_clip("", 0);
	assert_string_equal(s, "");
	free(s);
}

/* test_clip_cut - longer text keeps BOUND bytes and ends with the marker */
static void
test_clip_cut(void **state)
{
	char *s;

	(void)state;
	s = str_clip("inet_interfaces", 4);
	assert_string_equal(s, "inet" STR_CLIP_MARK);
	free(s);
	s = str_clip("ab", 0);
	assert_string_equal(s, STR_CLIP_MARK);
	free(s);
}

/* test_clip_span - only the N bytes of a span count, whatever follows */
static void
test_clip_span(void **state)
{
	const char *line = "smtp inet n - y - - smtpd\nsubmission inet";
	char *s;

	(void)state;
	s = str_clipn(line, 25, 40);
	assert_string_equal(s, "smtp inet n - y - - smtpd");
	free(s);
	s = str_clipn(line, 25, 9);
	assert_string_equal(s, "smtp inet" STR_CLIP_MARK);
	free(s);
}

/* test_clip_utf8 - a cut never splits a UTF-8 character */
static void
test_clip_utf8(void **state)
{
	/* "caf\xc3\xa9s": the bound 4 falls inside the two-byte e-acute */
	char *s;

	(void)state;
	s = str_clip("caf\xc3\xa9s", 4);
	assert_string_equal(s, "caf" STR_CLIP_MARK);
	free(s);
	s = str_clip("caf\xc3\xa9s", 5);
	assert_string_equal(s, "caf\xc3\xa9" STR_CLIP_MARK);
	free(s);
	/* a three-byte character: U+2026 */
	s = str_clip("a\xe2\x80\xa6", 3);
	assert_string_equal(s, "a" STR_CLIP_MARK);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clip_short),
		cmocka_unit_test(test_clip_cut),
		cmocka_unit_test(test_clip_span),
		cmocka_unit_test(test_clip_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
