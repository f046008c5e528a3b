/* SPDX-License-Identifier: MIT */
/*
 * test_settings.c - unit tests for layer 1 of the model (audit/model.h):
 * every definition each reader records, with its scope, its first and
 * last line, and which of several definitions the MTA uses.
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
#include "audit/model.h"
#include "parsers/exim/exim.h"
#include "parsers/postfix/pf_int.h"
#include "parsers/sendmail/sendmail.h"
#include "pfx.h"
#include "lib/util.h"

/* count - how many definitions scope KIND, NAME holds */
static size_t
count(const struct mtaconf *c, enum scope_kind kind, const char *name)
{
	const struct setting *st = NULL;
	size_t n = 0;

	while ((st = setting_next(c, kind, name, st)) != NULL)
		n++;
	return n;
}

/* nth - the Nth (from 0) definition of NAME in a scope */
static const struct setting *
nth(const struct mtaconf *c, enum scope_kind kind, const char *scope,
    const char *name, size_t n)
{
	const struct setting *st = NULL;

	while ((st = setting_next(c, kind, scope, st)) != NULL)
		if (strcmp(st->name, name) == 0 && n-- == 0)
			return st;
	fail_msg("no definition %zu of %s", n, name);
	return NULL;
}

/* at - a setting is at lines FIRST..LAST of FILE */
static void
at(const struct setting *st, const char *file, int first, int last)
{
	assert_non_null(st);
	assert_non_null(st->file);
	assert_string_equal(st->file, file);
	assert_int_equal(st->line, first);
	assert_int_equal(st->last, last);
}

#define MAIN_CF		"etc/postfix/main.cf"
#define MASTER_CF	"etc/postfix/master.cf"

/* Postfix: main.cf duplicates, continuations, master.cf -o per service */
static void
test_postfix(void **state)
{
	struct pfx *fx = *state;
	const struct setting *st;
	struct listener *sub;

	pfx_load(fx,
	    "myhostname = mx.example.org\n"		/* 1 */
	    "mynetworks = 127.0.0.0/8\n"		/* 2 */
	    "# comment\n"				/* 3 */
	    "smtpd_banner = $myhostname\n"		/* 4 */
	    "    ESMTP\n"				/* 5 */
	    "mynetworks = 10.0.0.0/8\n",		/* 6 */
	    "smtp inet n - y - - smtpd\n"		/* 1 */
	    "submission inet n - y - - smtpd\n"	/* 2 */
	    "  -o smtpd_sasl_auth_enable=no\n"		/* 3 */
	    "submission inet n - y - - smtpd\n"	/* 4 */
	    "  -o smtpd_tls_security_level=encrypt\n"	/* 5 */
	    "  -o smtpd_tls_security_level=may\n"	/* 6 */
	    "  -o\n"					/* 7 */
	    "    syslog_name=postfix/submission\n");	/* 8 */
	assert_int_equal(count(fx->mc, SCOPE_GLOBAL, NULL), 4);

	/* the last of two definitions is the one Postfix uses */
	st = nth(fx->mc, SCOPE_GLOBAL, NULL, "mynetworks", 0);
	at(st, MAIN_CF, 2, 2);
	assert_false(st->effective);
	st = nth(fx->mc, SCOPE_GLOBAL, NULL, "mynetworks", 1);
	at(st, MAIN_CF, 6, 6);
	assert_true(st->effective);
	assert_int_equal(st->scope, SCOPE_GLOBAL);
	assert_null(st->scope_name);
	assert_ptr_equal(setting_get(fx->mc, SCOPE_GLOBAL, NULL, "mynetworks"),
	    st);
	assert_string_equal(st->value, "10.0.0.0/8");

	/* a continued line: its first and last line, raw and expanded */
	st = setting_get(fx->mc, SCOPE_GLOBAL, NULL, "smtpd_banner");
	at(st, MAIN_CF, 4, 5);
	assert_string_equal(st->raw, "$myhostname ESMTP");
	assert_string_equal(st->value, "mx.example.org ESMTP");
	assert_int_equal(st->src, SRC_EXPLICIT);

	/* a service defined twice: only the second entry's -o count */
	st = setting_head(fx->mc, SCOPE_SERVICE, "submission/inet");
	at(st, MASTER_CF, 4, 8);
	assert_true(st->effective);
	assert_int_equal(count(fx->mc, SCOPE_SERVICE, "submission/inet"), 4);
	st = nth(fx->mc, SCOPE_SERVICE, "submission/inet",
	    "smtpd_sasl_auth_enable", 0);
	at(st, MASTER_CF, 3, 3);
	assert_false(st->effective);
	assert_false(setting_head_of(fx->mc, st)->effective);
	assert_null(setting_get(fx->mc, SCOPE_SERVICE, "submission/inet",
	    "smtpd_sasl_auth_enable"));

	/* two -o of one name: the last; "-o" and its value on two lines */
	st = nth(fx->mc, SCOPE_SERVICE, "submission/inet",
	    "smtpd_tls_security_level", 0);
	at(st, MASTER_CF, 5, 5);
	assert_false(st->effective);
	st = setting_get(fx->mc, SCOPE_SERVICE, "submission/inet",
	    "smtpd_tls_security_level");
	at(st, MASTER_CF, 6, 6);
	assert_int_equal(st->src, SRC_OVERRIDE);
	assert_string_equal(st->value, "may");
	at(setting_get(fx->mc, SCOPE_SERVICE, "submission/inet",
	    "syslog_name"), MASTER_CF, 7, 8);

	/* through the listener: its scope, its override, main.cf, defaults */
	sub = listener(fx, "submission *:587");
	assert_int_equal(sub->scope, SCOPE_SERVICE);
	assert_string_equal(sub->scope_name, "submission/inet");
	st = setting_for(fx->mc, sub, "smtpd_tls_security_level");
	at(st, MASTER_CF, 6, 6);
	assert_string_equal(st->scope_name, "submission/inet");
	at(setting_for(fx->mc, sub, "mynetworks"), MAIN_CF, 6, 6);
	st = setting_for(fx->mc, sub, "smtpd_sasl_auth_enable");
	assert_int_equal(st->src, SRC_DEFAULT);
	assert_int_equal(st->rule, RULE_BUILTIN);
	assert_null(st->file);
	st = setting_for(fx->mc, NULL, "smtpd_relay_restrictions");
	assert_int_equal(st->rule, RULE_COMPAT_LEVEL);
	assert_non_null(st->why);
	assert_int_equal(setting_for(fx->mc, NULL, "mydomain")->rule,
	    RULE_HOST);
	assert_int_equal(setting_for(fx->mc, NULL, "no_such_parameter")->rule,
	    RULE_ABSENT);
	assert_string_equal(setting_value(fx->mc, NULL, "no_such_parameter"),
	    "");
}

#define EXIM_CONF	"etc/exim/exim.conf"

/* Exim: main options, named lists, ACL statements, driver options */
static void
test_exim(void **state)
{
	struct pfx *fx = *state;
	const struct setting *st;

	assert_int_equal(pfx_mkdir(fx, "etc/exim"), 0);
	put_text(fx, EXIM_CONF,
	    "primary_hostname = mx.example.org\n"		/* 1 */
	    "domainlist local_domains = example.org\n"	/* 2 */
	    "domainlist local_domains = example.net\n"	/* 3 */
	    "primary_hostname = other.example.org\n"	/* 4 */
	    "tls_advertise_hosts = \\\n"			/* 5 */
	    "    *\n"						/* 6 */
	    "acl_smtp_rcpt = acl_check_rcpt\n"		/* 7 */
	    "begin acl\n"					/* 8 */
	    "acl_check_rcpt:\n"				/* 9 */
	    "  accept hosts = :\n"				/* 10 */
	    "  deny !verify = recipient\n"			/* 11 */
	    "       message = unknown user\n"		/* 12 */
	    "begin transports\n"				/* 13 */
	    "remote_smtp:\n"					/* 14 */
	    "  driver = smtp\n"				/* 15 */
	    "  dkim_hash = sha1\n"				/* 16 */
	    "  dkim_hash = sha256\n");			/* 17 */
	pfx_unload(fx);
	model_init(&fx->model, fx->dir);
	engine_init(&fx->eng, &fx->model);
	fx->loaded = true;
	fx->mc = exim_read(&fx->eng, &fx->model, &fx->rfs, "etc/exim", NULL,
	    NULL);
	assert_non_null(fx->mc);

	/* Exim refuses a second setting: the first is the one it names */
	st = nth(fx->mc, SCOPE_GLOBAL, NULL, "primary_hostname", 0);
	at(st, EXIM_CONF, 1, 1);
	assert_true(st->effective);
	assert_false(nth(fx->mc, SCOPE_GLOBAL, NULL, "primary_hostname",
	    1)->effective);
	at(setting_for(fx->mc, NULL, "primary_hostname"), EXIM_CONF, 1, 1);
	st = setting_get(fx->mc, SCOPE_LIST, "domainlist", "local_domains");
	at(st, EXIM_CONF, 2, 2);
	assert_string_equal(st->value, "example.org");
	assert_false(nth(fx->mc, SCOPE_LIST, "domainlist", "local_domains",
	    1)->effective);

	/* a continued line */
	st = setting_get(fx->mc, SCOPE_GLOBAL, NULL, "tls_advertise_hosts");
	at(st, EXIM_CONF, 5, 6);
	assert_string_equal(st->value, "*");

	/* an ACL: its head, each statement's verb and conditions */
	at(setting_head(fx->mc, SCOPE_ACL, "acl_check_rcpt"), EXIM_CONF, 9, 9);
	assert_int_equal(count(fx->mc, SCOPE_ACL, "acl_check_rcpt"), 5);
	st = nth(fx->mc, SCOPE_ACL, "acl_check_rcpt", "hosts", 0);
	at(st, EXIM_CONF, 10, 10);
	assert_int_equal(st->seq, 1);
	st = nth(fx->mc, SCOPE_ACL, "acl_check_rcpt", "!verify", 0);
	assert_int_equal(st->seq, 2);
	assert_string_equal(st->value, "recipient");
	st = nth(fx->mc, SCOPE_ACL, "acl_check_rcpt", "message", 0);
	at(st, EXIM_CONF, 12, 12);
	assert_int_equal(st->seq, 2);

	/* a driver: its head, and the last of two settings of an option */
	at(setting_head(fx->mc, SCOPE_TRANSPORT, "remote_smtp"), EXIM_CONF,
	    14, 14);
	st = nth(fx->mc, SCOPE_TRANSPORT, "remote_smtp", "dkim_hash", 0);
	assert_false(st->effective);
	st = setting_get(fx->mc, SCOPE_TRANSPORT, "remote_smtp", "dkim_hash");
	at(st, EXIM_CONF, 17, 17);
	assert_string_equal(st->value, "sha256");

	/* defaults come from the reader */
	st = setting_for(fx->mc, NULL, "smtp_banner");
	assert_non_null(st);
	assert_int_equal(st->src, SRC_DEFAULT);
	assert_int_equal(st->rule, RULE_BUILTIN);
	assert_null(st->file);
	assert_null(setting_for(fx->mc, NULL, "no_such_option"));
}

#define MC	"etc/mail/sendmail.mc"

/* Sendmail: defines, FEATUREs, DAEMON_OPTIONS keys, access, class R */
static void
test_sendmail(void **state)
{
	struct pfx *fx = *state;
	const struct setting *st;
	struct listener *mta;

	assert_int_equal(pfx_mkdir(fx, "etc/mail"), 0);
	put_text(fx, MC,
	    "divert(-1)dnl\n"						/* 1 */
	    "define(`confPRIVACY_FLAGS', `authwarnings')dnl\n"		/* 2 */
	    "define(`confPRIVACY_FLAGS', `goaway')dnl\n"		/* 3 */
	    "FEATURE(`access_db')dnl\n"				/* 4 */
	    "FEATURE(`relay_based_on_MX')dnl\n"			/* 5 */
	    "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=u, M=E')dnl\n"	/* 6 */
	    "DAEMON_OPTIONS(`Port=587, Name=MSA, Addr=127.0.0.1')dnl\n"/* 7 */
	    "CLIENT_OPTIONS(`Family=inet6, M=S')dnl\n");		/* 8 */
	put_text(fx, "etc/mail/access",
	    "Connect:10.1 RELAY\n"
	    "Connect:10.1 REJECT\n"
	    "From:spam@example.com REJECT\n");
	put_text(fx, "etc/mail/relay-domains", "example.org\n");
	pfx_unload(fx);
	model_init(&fx->model, fx->dir);
	engine_init(&fx->eng, &fx->model);
	fx->loaded = true;
	fx->mc = sendmail_read(&fx->eng, &fx->model, &fx->rfs, "etc/mail",
	    NULL);
	assert_non_null(fx->mc);

	/* the define m4 holds at the end counts */
	assert_false(nth(fx->mc, SCOPE_GLOBAL, NULL, "confPRIVACY_FLAGS",
	    0)->effective);
	st = setting_for(fx->mc, NULL, "confPRIVACY_FLAGS");
	at(st, MC, 3, 3);
	assert_string_equal(st->raw, "goaway");
	at(setting_get(fx->mc, SCOPE_FEATURE, NULL, "relay_based_on_MX"), MC,
	    5, 5);

	/* a DAEMON_OPTIONS call: its head, its keys, the last M= */
	at(setting_head(fx->mc, SCOPE_DAEMON, "MTA"), MC, 6, 6);
	assert_int_equal(count(fx->mc, SCOPE_DAEMON, "MTA"), 4);
	assert_false(nth(fx->mc, SCOPE_DAEMON, "MTA", "Modifiers",
	    0)->effective);
	mta = listener(fx, "MTA *:25");
	assert_int_equal(mta->scope, SCOPE_DAEMON);
	at(listener_head(fx->mc, mta), MC, 6, 6);
	st = setting_for(fx->mc, mta, "Modifiers");
	at(st, MC, 6, 6);
	assert_string_equal(st->raw, "E");
	at(setting_for(fx->mc, mta, "confPRIVACY_FLAGS"), MC, 3, 3);
	assert_string_equal(setting_get(fx->mc, SCOPE_DAEMON, "MSA",
	    "Addr")->raw, "127.0.0.1");
	at(setting_head(fx->mc, SCOPE_CLIENT, "inet6"), MC, 8, 8);

	/* access entries: the first of a key counts; class R */
	assert_int_equal(count(fx->mc, SCOPE_ACCESS, NULL), 3);
	st = setting_get(fx->mc, SCOPE_ACCESS, NULL, "Connect:10.1");
	at(st, "etc/mail/access", 1, 1);
	assert_string_equal(st->raw, "RELAY");
	at(setting_get(fx->mc, SCOPE_RELAY_DOMAINS, NULL, "example.org"),
	    "etc/mail/relay-domains", 1, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_postfix, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_exim, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_sendmail, pfx_setup,
		    pfx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
