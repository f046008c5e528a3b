/* SPDX-License-Identifier: MIT */
/*
 * test_pf_lines.c - unit tests for parsers/postfix/pf_main.c and parsers/postfix/pf_master.c:
 * main.cf logical lines (continuations, comments, trailing "# text",
 * line numbers, duplicates, syntax errors, CRLF, NUL bytes) and master.cf
 * entries (eight fields, continuations, -o overrides and their lines,
 * duplicate services, short entries).
 *
 * Expected values were checked with Postfix 3.7.11's "postconf -n" and
 * "postconf -x -h" where postconf can show them.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/engine.h"
#include "audit/model.h"
#include "parsers/postfix/pf_int.h"
#include "lib/rootfs.h"
#include "parsers/common/source.h"
#include "pfx.h"
#include "lib/util.h"


/* expect_def - the effective main.cf definition of NAME */
static void
expect_def(struct pfx *fx, const char *name, const char *value, int line,
    int last)
{
	const struct pf_def *d = pf_explicit(fx->pf, name);

	if (d == NULL)
		fail_msg("%s: not defined", name);
	if (strcmp(d->value, value) != 0)
		fail_msg("%s = '%s', want '%s'", name, d->value, value);
	if (d->line != line || d->last != last)
		fail_msg("%s: lines %d-%d, want %d-%d", name, d->line, d->last,
		    line, last);
	assert_string_equal(d->file, "etc/postfix/main.cf");
}

/* a main.cf and what each of its settings must read as */
static const struct {
	const char	*name;
	const char	*value;
	int		 line, last;
} mainrows[] = {
	{ "mynetworks", "127.0.0.0/8 # trusted", 2, 2 },
	{ "smtpd_banner", "one two three", 3, 8 },
	{ "myorigin", "second", 12, 12 },
	{ "relayhost", "[smtp.example.net]:587", 13, 13 },
	{ "alias_maps", "hash:/etc/aliases", 14, 14 },
	{ "empty_one", "", 15, 15 },
	{ "spaced", "a = b", 16, 16 },
	{ "smtpd_relay_restrictions", "permit_mynetworks, "
	    "reject_unauth_destination", 17, 19 },
};

static const char main_cf[] =
    "  leading = white space\n"				/* 1 */
    "mynetworks = 127.0.0.0/8 # trusted\n"			/* 2 */
    "smtpd_banner = one\n"					/* 3 */
    "   # an indented comment inside the continuation\n"	/* 4 */
    "  two\n"							/* 5 */
    "\n"							/* 6 */
    "# a comment at the left margin\n"				/* 7 */
    "\tthree   \n"						/* 8 */
    "# after\n"							/* 9 */
    "myorigin = first\n"					/* 10 */
    "\n"							/* 11 */
    "myorigin=second\n"						/* 12 */
    "relayhost   =   [smtp.example.net]:587   \n"		/* 13 */
    "alias_maps = hash:/etc/aliases\n"				/* 14 */
    "empty_one =\n"						/* 15 */
    "spaced = a = b\n"						/* 16 */
    "smtpd_relay_restrictions = permit_mynetworks,\n"		/* 17 */
    " # between\n"						/* 18 */
    "    reject_unauth_destination\n";				/* 19 */

/* test_main_lines - logical lines, values and their line numbers */
static void
test_main_lines(void **state)
{
	struct pfx *fx = *state;
	size_t i, n;

	pfx_load(fx, main_cf, NULL);
	for (i = 0; i < ARRAY_SIZE(mainrows); i++)
		expect_def(fx, mainrows[i].name, mainrows[i].value,
		    mainrows[i].line, mainrows[i].last);
	/* both myorigin lines are kept, the last one wins */
	for (i = n = 0; i < fx->pf->ndefs; i++)
		if (strcmp(fx->pf->defs[i].name, "myorigin") == 0)
			n++;
	assert_int_equal(n, 2);
	assert_string_equal(pf_value(fx->pf, NULL, "myorigin"), "second");
	assert_int_equal(pf_get(fx->pf, NULL, "myorigin")->line, 12);
	/* postconf: "logical line must not start with whitespace", ignored */
	assert_null(pf_explicit(fx->pf, "leading"));
	assert_true(has_finding_at(fx, "PRS001", "etc/postfix/main.cf", 1));
	assert_int_equal(nfindings(fx, "PRS001"), 1);
	assert_string_equal(fx->mc->main_file, "etc/postfix/main.cf");
}

/* lines that are not "name = value" (postconf: fatal, line N) */
static const struct {
	const char	*text;
	int		 line;
} badlines[] = {
	{ "myhostname = ok\ngarbage line\nmyorigin = x\n", 2 },
	{ "= value\n", 1 },
	{ "myorigin = x\n\nmy origin = a\n", 3 },
	{ "a = 1\n# c\nno_equals_here\n  continued = 2\nb = 3\n", 3 },
	{ "x = 1\r\nbroken\r\n", 2 },
};

/* test_main_errors - a line without '=' is a PRS001 at its line */
static void
test_main_errors(void **state)
{
	struct pfx *fx = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(badlines); i++) {
		pfx_load(fx, badlines[i].text, NULL);
		if (!has_finding_at(fx, "PRS001", "etc/postfix/main.cf",
		    badlines[i].line))
			fail_msg("row %zu: no PRS001 at line %d", i,
			    badlines[i].line);
		assert_int_equal(nfindings(fx, "PRS001"), 1);
	}
	/* the lines around a bad one are still read */
	pfx_load(fx, badlines[0].text, NULL);
	expect_def(fx, "myhostname", "ok", 1, 1);
	expect_def(fx, "myorigin", "x", 3, 3);
	pfx_load(fx, badlines[3].text, NULL);
	expect_def(fx, "b", "3", 5, 5);
}

/* test_main_crlf - CRLF line ends are line ends, not part of values */
static void
test_main_crlf(void **state)
{
	struct pfx *fx = *state;

	pfx_load(fx,
	    "relayhost = [x]\r\n"
	    "alias_maps = p\r\n"
	    "  q\r\n"
	    "\r\n"
	    "# c\r\n"
	    "myorigin = example.org\r\n", NULL);
	expect_def(fx, "relayhost", "[x]", 1, 1);
	expect_def(fx, "alias_maps", "p q", 2, 3);
	expect_def(fx, "myorigin", "example.org", 6, 6);
	assert_string_equal(pf_value(fx->pf, NULL, "myorigin"),
	    "example.org");
	assert_int_equal(nfindings(fx, "PRS001"), 0);
}

static const char nul_cf[] =
    "myorigin = a\0b\n"
    "myhostname = mx.example.net\n"
    "x\0 = 1\n";

/* test_main_nul - NUL bytes are reported and do not end the file */
static void
test_main_nul(void **state)
{
	struct pfx *fx = *state;

	put_file(fx, "etc/postfix/main.cf", nul_cf, sizeof(nul_cf) - 1);
	put_text(fx, "etc/postfix/master.cf", NULL);
	pfx_read(fx);
	assert_true(nfindings(fx, "PRS001") >= 1);
	expect_def(fx, "myhostname", "mx.example.net", 2, 2);
	assert_string_equal(pf_value(fx->pf, NULL, "mydomain"),
	    "example.net");
	assert_non_null(pf_explicit(fx->pf, "myorigin"));
}

/*
 * test_main_nul_value - postconf ends a value at a NUL byte
 * ("myorigin = a\0b" is "a").
 */
static void
test_main_nul_value(void **state)
{
	struct pfx *fx = *state;

	put_file(fx, "etc/postfix/main.cf", nul_cf, sizeof(nul_cf) - 1);
	put_text(fx, "etc/postfix/master.cf", NULL);
	pfx_read(fx);
	expect_def(fx, "myorigin", "a", 1, 1);
}

static const char master_cf[] =
    "# service type private unpriv chroot wakeup maxproc command\n"  /* 1 */
    "smtp      inet  n       -       y       -       -       smtpd\n" /* 2 */
    "submission inet n       -       y       -       -       smtpd\n" /* 3 */
    "  -o syslog_name=postfix/submission\n"			/* 4 */
    "  # a comment inside the entry\n"				/* 5 */
    "  -o { smtpd_tls_security_level = encrypt } "
    "-o smtpd_sasl_auth_enable=yes\n"				/* 6 */
    "\n"							/* 7 */
    "  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n" /* 8 */
    "  -o { smtpd_banner = $myhostname  says   hi }\n"		/* 9 */
    "  -o smtpd_helo_restrictions=\n"				/* 10 */
    "pickup    unix  n       -       y       60      1       pickup\n" /* 11 */
    "smtp      unix  -       -       y       -       -       smtp\n"  /* 12 */
    "relay     unix  -       -       y       -       -       smtp\n"  /* 13 */
    "        -o syslog_name=postfix/$service_name\n"		/* 14 */
    "policy    unix  -       n       n       -       0       spawn\n" /* 15 */
    "  user=nobody argv=/usr/bin/policyd { a b }\n";		/* 16 */

/* the -o overrides of submission, in order */
static const struct {
	const char	*name;
	const char	*value;
	int		 line;
} subopts[] = {
	{ "syslog_name", "postfix/submission", 4 },
	{ "smtpd_tls_security_level", "encrypt", 6 },
	{ "smtpd_sasl_auth_enable", "yes", 6 },
	{ "smtpd_client_restrictions", "permit_sasl_authenticated,reject", 8 },
	{ "smtpd_banner", "$myhostname  says   hi", 9 },
	{ "smtpd_helo_restrictions", "", 10 },
};

/* find_svc - the service NAME/TYPE, live or dead, by position */
static const struct pf_service *
find_svc(struct pfx *fx, const char *name, const char *type, size_t nth)
{
	size_t i;

	for (i = 0; i < fx->pf->nsvcs; i++)
		if (strcmp(fx->pf->svcs[i].name, name) == 0 &&
		    strcmp(fx->pf->svcs[i].type, type) == 0 && nth-- == 0)
			return &fx->pf->svcs[i];
	fail_msg("no service %s/%s", name, type);
	return NULL;
}

/* test_master_entries - fields, continuations and -o overrides */
static void
test_master_entries(void **state)
{
	static const char *const fields[][7] = {
		{ "smtp", "inet", "n", "-", "y", "-", "-" },
		{ "submission", "inet", "n", "-", "y", "-", "-" },
		{ "pickup", "unix", "n", "-", "y", "60", "1" },
		{ "smtp", "unix", "-", "-", "y", "-", "-" },
		{ "relay", "unix", "-", "-", "y", "-", "-" },
		{ "policy", "unix", "-", "n", "n", "-", "0" },
	};
	static const char *const commands[] = {
		"smtpd", "smtpd", "pickup", "smtp", "smtp", "spawn",
	};
	static const int lines[][2] = {
		{ 2, 2 }, { 3, 10 }, { 11, 11 }, { 12, 12 }, { 13, 14 },
		{ 15, 16 },
	};
	struct pfx *fx = *state;
	const struct pf_service *s;
	size_t i, j;

	pfx_load(fx, "", master_cf);
	assert_int_equal(fx->pf->nsvcs, ARRAY_SIZE(fields));
	assert_string_equal(fx->pf->master_file, "etc/postfix/master.cf");
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		s = &fx->pf->svcs[i];
		assert_string_equal(s->name, fields[i][0]);
		assert_string_equal(s->type, fields[i][1]);
		for (j = 0; j < 5; j++)
			assert_string_equal(s->field[j], fields[i][2 + j]);
		assert_string_equal(s->command, commands[i]);
		if (s->line != lines[i][0] || s->last != lines[i][1])
			fail_msg("%s/%s: lines %d-%d, want %d-%d", s->name,
			    s->type, s->line, s->last, lines[i][0],
			    lines[i][1]);
		assert_false(s->dead);
		assert_string_equal(s->file, "etc/postfix/master.cf");
	}
	/* smtp/inet and smtp/unix are different services */
	assert_ptr_equal(pf_service_find(fx->pf, "smtp", "inet"),
	    &fx->pf->svcs[0]);
	assert_ptr_equal(pf_service_find(fx->pf, "smtp", "unix"),
	    &fx->pf->svcs[3]);

	s = find_svc(fx, "submission", "inet", 0);
	assert_int_equal(s->nopts, ARRAY_SIZE(subopts));
	for (i = 0; i < ARRAY_SIZE(subopts); i++) {
		assert_string_equal(s->opts[i].name, subopts[i].name);
		assert_string_equal(s->opts[i].value, subopts[i].value);
		if (s->opts[i].line != subopts[i].line)
			fail_msg("-o %s: line %d, want %d", subopts[i].name,
			    s->opts[i].line, subopts[i].line);
		assert_string_equal(s->opts[i].file, "etc/postfix/master.cf");
	}
	assert_int_equal(s->argv.n, 0);
	assert_string_equal(pf_service_opt(s, "smtpd_sasl_auth_enable")->value,
	    "yes");
	assert_null(pf_service_opt(s, "mynetworks"));
	/* the override is the value in the service's scope */
	assert_string_equal(pf_value(fx->pf, s, "smtpd_tls_security_level"),
	    "encrypt");
	assert_string_equal(pf_value(fx->pf, s, "smtpd_banner"),
	    "vm.localdomain  says   hi");
	assert_string_equal(pf_value(fx->pf, NULL, "smtpd_tls_security_level"),
	    "");

	s = find_svc(fx, "relay", "unix", 0);
	assert_int_equal(s->nopts, 1);
	assert_int_equal(s->opts[0].line, 14);
	/* arguments that are not -o stay arguments, { } groups whole */
	s = find_svc(fx, "policy", "unix", 0);
	assert_int_equal(s->argv.n, 3);
	assert_string_equal(s->argv.v[0], "user=nobody");
	assert_string_equal(s->argv.v[1], "argv=/usr/bin/policyd");
	assert_string_equal(s->argv.v[2], "{ a b }");
	assert_int_equal(fx->eng.n, 0);
}

/* test_master_duplicate - a later service/type wins, the earlier is dead */
static void
test_master_duplicate(void **state)
{
	struct pfx *fx = *state;
	const struct pf_service *first, *second;
	size_t i, live;

	pfx_load(fx, "",
	    "smtp inet n - y - - smtpd\n"			/* 1 */
	    "  -o smtpd_banner=old\n"				/* 2 */
	    "smtp unix - - y - - smtp\n"			/* 3 */
	    "smtp inet n - y - 1 postscreen\n"			/* 4 */
	    "smtpd pass - - y - - smtpd\n");			/* 5 */
	first = find_svc(fx, "smtp", "inet", 0);
	second = find_svc(fx, "smtp", "inet", 1);
	assert_true(first->dead);
	assert_false(second->dead);
	assert_string_equal(second->command, "postscreen");
	assert_int_equal(second->line, 4);
	assert_ptr_equal(pf_service_find(fx->pf, "smtp", "inet"), second);
	assert_false(find_svc(fx, "smtp", "unix", 0)->dead);
	assert_int_equal(nfindings(fx, "HYG004"), 1);
	assert_true(has_finding_at(fx, "HYG004", "etc/postfix/master.cf", 4));
	/* only the live entry is a listener */
	for (i = live = 0; i < fx->mc->nlisteners; i++)
		if (strcmp(fx->mc->listeners[i].name, "smtp") == 0)
			live++;
	assert_int_equal(live, 1);
	/* a third definition kills the second, once more reported */
	pfx_load(fx, "",
	    "smtp inet n - y - - smtpd\n"
	    "smtp inet n - y - - smtpd\n"
	    "smtp inet n - y - - smtpd\n");
	assert_int_equal(nfindings(fx, "HYG004"), 2);
	assert_true(has_finding_at(fx, "HYG004", "etc/postfix/master.cf", 2));
	assert_true(has_finding_at(fx, "HYG004", "etc/postfix/master.cf", 3));
	assert_true(fx->pf->svcs[0].dead);
	assert_true(fx->pf->svcs[1].dead);
	assert_false(fx->pf->svcs[2].dead);
}

/* entries with fewer than eight fields */
static const struct {
	const char	*text;
	int		 line;
	size_t		 nsvcs;
} shortrows[] = {
	{ "broken inet n - y\nsmtp inet n - y - - smtpd\n", 1, 1 },
	{ "smtp inet n - y - - smtpd\n\nx inet n - y - -\n", 3, 1 },
	{ "smtp inet n - y - - smtpd\nlone\n  \"two\"\n", 2, 1 },
	{ "a unix - - y -\n  -\n", 1, 0 },
};

/* test_master_short - fewer than 8 fields is a PRS001 at its first line */
static void
test_master_short(void **state)
{
	struct pfx *fx = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(shortrows); i++) {
		pfx_load(fx, "", shortrows[i].text);
		if (!has_finding_at(fx, "PRS001", "etc/postfix/master.cf",
		    shortrows[i].line))
			fail_msg("row %zu: no PRS001 at line %d", i,
			    shortrows[i].line);
		assert_int_equal(nfindings(fx, "PRS001"), 1);
		assert_int_equal(fx->pf->nsvcs, shortrows[i].nsvcs);
	}
	/* with the continuation it has eight: no finding */
	pfx_load(fx, "", "a unix - - y -\n  - cmd\n");
	assert_int_equal(nfindings(fx, "PRS001"), 0);
	assert_int_equal(fx->pf->nsvcs, 1);
	assert_string_equal(fx->pf->svcs[0].command, "cmd");
	assert_int_equal(fx->pf->svcs[0].last, 2);
}

/* test_master_crlf - CRLF in master.cf */
static void
test_master_crlf(void **state)
{
	struct pfx *fx = *state;
	const struct pf_service *s;

	pfx_load(fx, "",
	    "submission inet n - y - - smtpd\r\n"
	    "  -o smtpd_tls_security_level=encrypt\r\n"
	    "  -o { smtpd_banner = a b }\r\n");
	s = find_svc(fx, "submission", "inet", 0);
	assert_int_equal(s->nopts, 2);
	assert_string_equal(s->opts[0].value, "encrypt");
	assert_int_equal(s->opts[0].line, 2);
	assert_string_equal(s->opts[1].value, "a b");
	assert_int_equal(s->opts[1].line, 3);
	assert_int_equal(fx->eng.n, 0);
}

/* test_master_absent - without master.cf Postfix's own smtp service */
static void
test_master_absent(void **state)
{
	struct pfx *fx = *state;

	pfx_load(fx, "myorigin = x\n", NULL);
	assert_null(fx->pf->master_file);
	assert_int_equal(fx->pf->nsvcs, 1);
	assert_string_equal(fx->pf->svcs[0].name, "smtp");
	assert_string_equal(fx->pf->svcs[0].type, "inet");
	assert_string_equal(fx->pf->svcs[0].command, "smtpd");
	assert_int_equal(fx->mc->nlisteners, 1);
}

/* test_templated - template markers and placeholders, not Postfix syntax */
static void
test_templated(void **state)
{
	static const struct {
		const char	*text;
		bool		 templated;
	} rows[] = {
		{ "mydomain = {{ DOMAIN }}", true },
		{ "x = {% if A %}y{% endif %}", true },
		{ "x = <%= @host %>", true },
		{ "relayhost = [{{ host }}]:{{ port }}", true },
		{ "myhostname = PH_HOSTNAME", true },
		{ "smtpd_banner = PH_X ESMTP", true },
		{ "x = @HOSTNAME@", true },
		{ "x = check_client_access inline:{{192.0.2.7 = REJECT}}", false },
		{ "header_checks = pcre:{{/^X:/ IGNORE}}", false },
		{ "x = { {a = b}, {c = d} }", false },
		{ "x = GRAPH_X", false },
		{ "x = PH_lower", false },
		{ "x = user@EXAMPLE.COM", false },
		{ "x = @A@", false },
		{ "x = ${name}", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (line_templated(rows[i].text, strlen(rows[i].text)) !=
		    rows[i].templated)
			fail_msg("'%s': templated should be %d", rows[i].text,
			    rows[i].templated);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_main_lines, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_main_errors, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_main_crlf, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_main_nul, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_main_nul_value, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_master_entries, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_master_duplicate, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_master_short, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_master_crlf, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_master_absent, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test(test_templated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
