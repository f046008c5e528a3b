/* SPDX-License-Identifier: MIT */
/*
 * test_fingerprint.c - a finding's fingerprint names its subject: it
 * survives lines added above the finding and a changed message, and
 * differs for another listener or another configuration unit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pfx.h"
#include "audit/engine.h"
#include "lib/sha256.h"
#include "lib/util.h"

/* after the banner: without it the listeners would not start */
#define LEVEL	"compatibility_level = 3.6\n"

static const char master_cf[] =
    "smtp inet n - y - - smtpd\n"
    "submission inet n - y - - smtpd\n";

/* what the tests compare of one finding */
struct seen {
	char	 fp[SHA256_HEX];
	int	 line;
	char	 message[256];
};

/* run - run every check on what was read and sort */
static void
run(struct pfx *fx)
{
	engine_run(&fx->eng);
	engine_sort(&fx->eng);
}

/* find - the finding of ID about listener LABEL in UNIT, or fail */
static struct seen
find(const struct pfx *fx, const char *id, const char *unit,
    const char *label)
{
	struct seen s;
	size_t i;

	for (i = 0; i < fx->eng.n; i++) {
		const struct finding *f = &fx->eng.v[i];

		if (strcmp(f->check->id, id) != 0 || f->listener == NULL ||
		    strcmp(f->listener, label) != 0 || f->unit == NULL ||
		    strcmp(f->unit, unit) != 0)
			continue;
		assert_int_equal(strlen(f->fingerprint), SHA256_HEX - 1);
		memcpy(s.fp, f->fingerprint, sizeof(s.fp));
		s.line = f->line;
		snprintf(s.message, sizeof(s.message), "%s", f->message);
		return s;
	}
	fail_msg("no %s finding about %s in %s", id, label, unit);
	memset(&s, 0, sizeof(s));	/* not reached */
	return s;
}

/* test_lines_above - lines added above keep the fingerprint */
static void
test_lines_above(void **state)
{
	struct pfx *fx = *state;
	struct seen before, after;

	pfx_load(fx, "smtpd_banner = $myhostname ESMTP $mail_name "
	    "($mail_version)\n" LEVEL, master_cf);
	run(fx);
	before = find(fx, "DSC001", "etc/postfix", "smtp *:25");
	pfx_load(fx, "# the banner\n"
	    "myorigin = $myhostname\n"
	    "\n"
	    "smtpd_banner = $myhostname ESMTP $mail_name "
	    "($mail_version)\n" LEVEL, master_cf);
	run(fx);
	after = find(fx, "DSC001", "etc/postfix", "smtp *:25");
	assert_int_equal(before.line, 1);
	assert_int_equal(after.line, 4);
	assert_string_equal(before.fp, after.fp);
}

/* test_message - another message about the same subject keeps it */
static void
test_message(void **state)
{
	struct pfx *fx = *state;
	struct seen before, after;

	pfx_load(fx, "smtpd_banner = $myhostname ESMTP $mail_name "
	    "($mail_version)\n" LEVEL, master_cf);
	run(fx);
	before = find(fx, "DSC001", "etc/postfix", "smtp *:25");
	pfx_load(fx, "smtpd_banner = $myhostname ESMTP Postfix "
	    "$mail_version\n" LEVEL, master_cf);
	run(fx);
	after = find(fx, "DSC001", "etc/postfix", "smtp *:25");
	assert_string_not_equal(before.message, after.message);
	assert_string_equal(before.fp, after.fp);
}

/* test_listener - the same check about another listener differs */
static void
test_listener(void **state)
{
	struct pfx *fx = *state;
	struct seen smtp, sub;

	pfx_load(fx, "smtpd_banner = $myhostname ESMTP $mail_name "
	    "($mail_version)\n" LEVEL, master_cf);
	run(fx);
	smtp = find(fx, "DSC001", "etc/postfix", "smtp *:25");
	sub = find(fx, "DSC001", "etc/postfix", "submission *:587");
	assert_string_not_equal(smtp.fp, sub.fp);
}

/* test_unit - the same file in another instance's directory differs */
static void
test_unit(void **state)
{
	static const char main_cf[] = "smtpd_banner = $myhostname ESMTP "
	    "$mail_name ($mail_version)\n" LEVEL;
	struct pfx *fx = *state;
	struct seen one, two;

	assert_int_equal(pfx_mkdir(fx, "etc/postfix-out"), 0);
	put_text(fx, "etc/postfix-out/main.cf", main_cf);
	put_text(fx, "etc/postfix-out/master.cf", master_cf);
	pfx_load(fx, main_cf, master_cf);
	assert_non_null(postfix_read(&fx->eng, &fx->model, &fx->rfs,
	    "etc/postfix-out", NULL));
	run(fx);
	one = find(fx, "DSC001", "etc/postfix", "smtp *:25");
	two = find(fx, "DSC001", "etc/postfix-out", "smtp *:25");
	assert_int_equal(one.line, two.line);
	assert_string_not_equal(one.fp, two.fp);
}

/* test_key - the fingerprint is the SHA-256 of the documented key */
static void
test_key(void **state)
{
	struct pfx *fx = *state;
	char want[SHA256_HEX], *key;
	size_t i;

	pfx_load(fx, "smtpd_banner = $myhostname ESMTP $mail_name "
	    "($mail_version)\n" LEVEL, master_cf);
	run(fx);
	for (i = 0; i < fx->eng.n; i++) {
		const struct finding *f = &fx->eng.v[i];

		if (strcmp(f->check->id, "DSC001") != 0 ||
		    strcmp(f->listener, "smtp *:25") != 0)
			continue;
		key = finding_key(f);
		assert_string_equal(key,
		    "DSC001\npostfix\netc/postfix\nsmtp/25\nsmtpd_banner\n");
		sha256_hex(key, strlen(key), want);
		assert_string_equal(f->fingerprint, want);
		free(key);
		return;
	}
	fail_msg("no DSC001 finding about smtp *:25");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lines_above, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_message, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_listener, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_unit, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_key, pfx_setup,
		    pfx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
