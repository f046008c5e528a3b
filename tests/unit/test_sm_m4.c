/* SPDX-License-Identifier: MIT */
/*
 * test_sm_m4.c - unit tests for the Sendmail reader: the static m4
 * subset (parsers/sendmail/sm_m4.c), the access map and class R, and what
 * sendmail_read() makes of a .mc (listeners, grants, milters).
 *
 * The injection test proves that a .mc with esyscmd/syscmd runs
 * nothing: the command would create a file, and it must not exist.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/engine.h"
#include "audit/model.h"
#include "pfx.h"
#include "parsers/sendmail/sendmail.h"
#include "parsers/sendmail/sm_int.h"
#include "lib/util.h"

#define MC	"etc/mail/sendmail.mc"

/* setup - the shared harness's root, plus etc/mail */
static int
setup(void **state)
{
	if (pfx_setup(state) != 0)
		return -1;
	return pfx_mkdir(*state, "etc/mail");
}

/* sm_load - write sendmail.mc and read etc/mail */
static struct sm_conf *
sm_load(struct pfx *fx, const char *mc)
{
	pfx_unload(fx);
	if (mc)
		put_text(fx, MC, mc);
	model_init(&fx->model, fx->dir);
	engine_init(&fx->eng, &fx->model);
	fx->loaded = true;
	fx->mc = sendmail_read(&fx->eng, &fx->model, &fx->rfs, "etc/mail",
	    NULL);
	assert_non_null(fx->mc);
	return fx->mc->priv;
}

/* expand - run the bare m4 subset over TEXT */
static void
expand(struct pfx *fx, struct sm_m4 *m, const char *text)
{
	pfx_unload(fx);
	model_init(&fx->model, fx->dir);
	engine_init(&fx->eng, &fx->model);
	fx->loaded = true;
	fx->mc = model_add_conf(&fx->model, MTA_SENDMAIL, "etc/mail");
	sm_m4_init(m, &fx->eng, fx->mc, &fx->rfs, "etc/mail");
	sm_m4_string(m, text, MC);
}

/* def_is - macro NAME is defined as VALUE */
static void
def_is(struct sm_m4 *m, const char *name, const char *value)
{
	const struct sm_macro *mac = sm_m4_get(m, name);

	if (value == NULL) {
		assert_null(mac);
		return;
	}
	assert_non_null(mac);
	assert_string_equal(mac->def, value);
}

/* test_injection - esyscmd and syscmd are reported and never run */
static void
test_injection(void **state)
{
	struct pfx *fx = *state;
	char *canary = xasprintf("%s/PWNED", fx->dir);
	char *mc = xasprintf("divert(-1)\n"
	    "esyscmd(`touch %s')\n"
	    "syscmd(`touch %s')dnl\n"
	    "define(`x', `esyscmd(`touch %s')')x\n"
	    "builtin(`syscmd', `touch %s')\n"
	    "changequote(`<<', `>>')\n"
	    "define(`confSMTP_LOGIN_MSG', `$j ESMTP')\n"
	    "define(`E', `esyscmd')E(`touch %s')\n"
	    "define(`F', defn(`esyscmd'))F(`touch %s')\n",
	    canary, canary, canary, canary, canary, canary);

	sm_load(fx, mc);
	assert_int_equal(access(canary, F_OK), -1);
	assert_int_equal(access("/tmp/PWNED", F_OK) == 0 &&
	    access(canary, F_OK) == 0, 0);
	assert_true(has_finding_at(fx, "PRS001", MC, 2));
	assert_true(has_finding_at(fx, "PRS001", MC, 3));
	assert_true(has_finding_at(fx, "PRS001", MC, 4));
	assert_true(has_finding_at(fx, "PRS001", MC, 5));
	assert_true(has_finding_at(fx, "PRS001", MC, 6));
	assert_true(msg_has(fx, "PRS001", "esyscmd("));
	assert_true(msg_has(fx, "PRS001", "syscmd("));
	assert_true(msg_has(fx, "PRS001", "changequote(<<, >>)"));
	/* the indirect forms are reported like the direct ones */
	assert_true(has_finding_at(fx, "PRS001", MC, 8));
	assert_true(msg_has(fx, "PRS001", "define(E) names esyscmd"));
	assert_true(has_finding_at(fx, "PRS001", MC, 9));
	assert_true(msg_has(fx, "PRS001", "defn(esyscmd)"));
	/* reading goes on after the refusals */
	assert_non_null(sm_def(fx->mc->priv, "confSMTP_LOGIN_MSG"));
	free(canary);
	free(mc);
}

/* test_lexer - quotes, dnl, divert, comments, ifdef, ifelse, defn */
static void
test_lexer(void **state)
{
	struct pfx *fx = *state;
	struct sm_m4 m;

	expand(fx, &m, "divert(-1)dnl define(`no', `1')\n"
	    "define(`a', ``nested `quotes'' kept')\n"
	    "# define(`c', `comment')\n"
	    "define(`b', defn(`a')`, more')\n"
	    "ifdef(`a', `define(`d', `yes')', `define(`d', `no')')\n"
	    "ifelse(`x', `y', `define(`e', 1)', `x', `x', "
	    "`define(`e', 2)', `define(`e', 3)')\n"
	    "define(`f', `$2-$1')define(`g', f(`p', `q'))\n"
	    "define(`h',dnl\n`split')\n"
	    "undefine(`a')\n"
	    "define(`i', eval(1 + 2 * 3 >= 7 && !0))\n");
	def_is(&m, "no", NULL);
	def_is(&m, "a", NULL);
	def_is(&m, "b", "`nested `quotes'' kept, more");
	def_is(&m, "c", NULL);
	def_is(&m, "d", "yes");
	def_is(&m, "e", "2");
	def_is(&m, "g", "q-p");
	def_is(&m, "h", "split");
	def_is(&m, "i", "1");
	assert_int_equal(fx->eng.n, 0);
	sm_m4_free(&m);
}

/* test_quotes - single-character changequote works, others refused */
static void
test_quotes(void **state)
{
	struct pfx *fx = *state;
	struct sm_m4 m;

	expand(fx, &m, "changequote([, ])define([a], [.'])"
	    "changequote(`, ')define(`b', `ok')\n"
	    "changequote(`[[', `]]')define(`c', `still')\n");
	def_is(&m, "a", ".'");
	def_is(&m, "b", "ok");
	def_is(&m, "c", "still");
	assert_int_equal(nfindings(fx, "PRS001"), 1);
	assert_true(has_finding_at(fx, "PRS001", MC, 2));
	sm_m4_free(&m);
}

/* test_bounds - unbalanced input and runaway macros end with findings */
static void
test_bounds(void **state)
{
	struct pfx *fx = *state;
	struct sm_m4 m;

	expand(fx, &m, "define(`a', `b'\ndnl\n");
	assert_true(has_finding_at(fx, "PRS001", MC, 1));
	assert_true(msg_has(fx, "PRS001", "unbalanced parentheses"));
	sm_m4_free(&m);

	expand(fx, &m, "dnl\ndefine(`a', `never closed)\n");
	assert_true(has_finding_at(fx, "PRS001", MC, 2));
	assert_true(msg_has(fx, "PRS001", "unterminated m4 quote"));
	sm_m4_free(&m);

	expand(fx, &m, "define(`r', `r r')r\n");
	assert_int_equal(nfindings(fx, "PRS005"), 1);
	sm_m4_free(&m);

	expand(fx, &m, "define(`n', `n(')n\n");
	assert_true(nfindings(fx, "PRS001") + nfindings(fx, "PRS005") >= 1);
	sm_m4_free(&m);
}

/* test_eval - the eval() subset */
static void
test_eval(void **state)
{
	static const struct {
		const char	*in;
		bool		 ok;
		long		 v;
	} cases[] = {
		{ "528641 >= 527104", true, 1 },
		{ "-1 >= 0", true, 0 },
		{ "(2 + 3) * 4 - 1", true, 19 },
		{ "7 / 2 == 3 && 7 % 2 != 0", true, 1 },
		{ "1 || 0 && 0", true, 1 },
		{ "1 / 0", false, 0 },
		{ "sm_version_math >= 1", false, 0 },
		{ "(((1)", false, 0 },
		{ "", false, 0 },
	};
	size_t i;
	long v;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		bool ok = sm_m4_eval(cases[i].in, &v);

		assert_int_equal(ok, cases[i].ok);
		if (ok)
			assert_int_equal(v, cases[i].v);
	}
}

/* test_listeners - default daemons, DAEMON_OPTIONS, no_default_msa */
static void
test_listeners(void **state)
{
	struct pfx *fx = *state;
	struct listener *l;

	sm_load(fx, "OSTYPE(`linux')\n");
	assert_int_equal(fx->mc->nlisteners, 2);
	l = listener(fx, "MTA *:25");
	assert_true(l->reachable);
	assert_int_equal(l->role, ROLE_MX);
	assert_int_equal(l->tls, TLSM_NONE);
	l = listener(fx, "MSA *:587");
	assert_true(l->reachable);
	assert_int_equal(l->role, ROLE_SUBMISSION);

	/* loopback MTA: the default MSA still listens everywhere */
	sm_load(fx, "DAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=MTA')\n");
	assert_int_equal(fx->mc->nlisteners, 2);
	assert_false(listener(fx, "MTA 127.0.0.1:25")->reachable);
	assert_true(listener(fx, "MSA *:587")->reachable);
	assert_int_equal(listener(fx, "MTA 127.0.0.1:25")->line, 1);

	sm_load(fx, "FEATURE(`no_default_msa')\n"
	    "DAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=MTA')\n"
	    "DAEMON_OPTIONS(`Port=smtps, Name=TLSMTA, M=s')\n"
	    "DAEMON_OPTIONS(`Family=inet6, Port=submission, Name=MSA6, "
	    "Addr=::1, M=Ea')\n"
	    "define(`confSERVER_CERT', `/etc/mail/tls/c.pem')\n"
	    "define(`confSERVER_KEY', `/etc/mail/tls/k.pem')\n");
	assert_int_equal(fx->mc->nlisteners, 3);
	l = listener(fx, "TLSMTA *:465");
	assert_int_equal(l->tls, TLSM_IMPLICIT);
	assert_true(l->tls_cert);
	assert_int_equal(l->role, ROLE_SUBMISSIONS);
	assert_false(listener(fx, "MSA6 [::1]:587")->reachable);
	assert_int_equal(listener(fx, "MTA 127.0.0.1:25")->tls, TLSM_OPTIONAL);
}

/* test_auth - TRUST_AUTH_MECH, confAUTH_OPTIONS p and y, M=A */
static void
test_auth(void **state)
{
	struct pfx *fx = *state;
	struct listener *l;

	sm_load(fx, "TRUST_AUTH_MECH(`LOGIN PLAIN')\n"
	    "define(`confAUTH_MECHANISMS', `LOGIN PLAIN ANONYMOUS')\n"
	    "DAEMON_OPTIONS(`Name=MTA')\n"
	    "DAEMON_OPTIONS(`Port=2525, Name=NOAUTH, M=A')\n");
	l = listener(fx, "MTA *:25");
	assert_true(l->auth);
	assert_false(l->auth_tls_only);
	assert_true(l->auth_anonymous);
	assert_non_null(grant_of(l, GRANT_AUTHENTICATED, NULL));
	l = listener(fx, "NOAUTH *:2525");
	assert_false(l->auth);
	assert_null(grant_of(l, GRANT_AUTHENTICATED, NULL));

	sm_load(fx, "TRUST_AUTH_MECH(`LOGIN PLAIN')\n"
	    "define(`confAUTH_MECHANISMS', `LOGIN PLAIN ANONYMOUS')\n"
	    "define(`confAUTH_OPTIONS', `A,p,y')\n");
	l = listener(fx, "MTA *:25");
	assert_true(l->auth_tls_only);
	assert_false(l->auth_anonymous);
}

/* test_relay - features, class R and the access map as grants */
static void
test_relay(void **state)
{
	struct pfx *fx = *state;
	struct listener *l;
	struct grant *g;

	put_text(fx, "etc/mail/access", "# comment\n"
	    "Connect:10\tRELAY\n"
	    "Connect:64 RELAY\n"
	    "To:com RELAY\n"
	    "Connect:localhost RELAY\n"
	    "From:spammer@example.org REJECT\n");
	put_text(fx, "etc/mail/relay-domains", "example.org\nco.uk # x\n");
	sm_load(fx, "FEATURE(`access_db')\nFEATURE(`relay_local_from')\n");
	l = listener(fx, "MTA *:25");
	g = grant_of(l, GRANT_NETWORKS, "access");
	assert_non_null(g);
	assert_true(g->strangers);
	assert_true(g->partial);
	assert_int_equal(g->ev.n, 2);
	g = grant_of(l, GRANT_DESTINATION, "'com'");
	assert_non_null(g);
	assert_true(g->strangers);
	assert_int_equal(g->ev.v[0].line, 4);
	g = grant_of(l, GRANT_DESTINATION, "co.uk");
	assert_non_null(g);
	assert_string_equal(g->ev.v[0].file, "etc/mail/relay-domains");
	assert_null(grant_of(l, GRANT_DESTINATION, "example.org"));
	assert_non_null(grant_of(l, GRANT_FORGEABLE, "relay_local_from"));

	/* only a private prefix: no strangers; relay_hosts_only: no suffix */
	put_text(fx, "etc/mail/access", "Connect:192.168 RELAY\nTo:com RELAY\n");
	put_text(fx, "etc/mail/relay-domains", NULL);
	sm_load(fx, "FEATURE(`access_db')\nFEATURE(`relay_hosts_only')\n");
	l = listener(fx, "MTA *:25");
	g = grant_of(l, GRANT_NETWORKS, NULL);
	assert_non_null(g);
	assert_false(g->strangers);
	assert_null(grant_of(l, GRANT_DESTINATION, NULL));

	/* without access_db the access file is not consulted: only cf's
	 * own rule for mail from this host relays */
	sm_load(fx, "dnl\n");
	l = listener(fx, "MTA *:25");
	assert_int_equal(l->ngrants, 1);
	g = grant_of(l, GRANT_NETWORKS, "127.0.0.1");
	assert_non_null(g);
	assert_false(g->strangers);

	/* M=a: nothing is relayed before AUTH, not even for loopback */
	sm_load(fx, "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n"
	    "DAEMON_OPTIONS(`Port=submission, Name=MSA, M=Ea')dnl\n");
	assert_int_equal(listener(fx, "MSA *:587")->ngrants, 0);
	assert_int_equal(listener(fx, "MTA *:25")->ngrants, 1);

	/* only access.db: unknown */
	put_text(fx, "etc/mail/access", NULL);
	put_text(fx, "etc/mail/access.db", "binary");
	sm_load(fx, "FEATURE(`access_db')\n");
	g = grant_of(listener(fx, "MTA *:25"), GRANT_UNKNOWN, NULL);
	assert_non_null(g);
	assert_true(g->uncertain);
	assert_true(has_finding_at(fx, "PRS004", MC, 1));
	put_text(fx, "etc/mail/access.db", NULL);
}

/* test_local_rules - Local_check_rcpt returning $# OK for everything */
static void
test_local_rules(void **state)
{
	struct pfx *fx = *state;
	struct grant *g;

	sm_load(fx, "MAILER(`smtp')\nLOCAL_RULESETS\n"
	    "SLocal_check_rcpt\n"
	    "R$*\t\t$# OK\n");
	g = grant_of(listener(fx, "MTA *:25"), GRANT_ANYONE, NULL);
	assert_non_null(g);
	assert_int_equal(g->ev.v[0].line, 4);

	sm_load(fx, "LOCAL_RULESETS\nSLocal_check_rcpt\n"
	    "R$* < @ example.org >\t$# OK\n");
	assert_null(grant_of(listener(fx, "MTA *:25"), GRANT_ANYONE, NULL));
}

/* test_milters - INPUT_MAIL_FILTER and a later confINPUT_MAIL_FILTERS */
static void
test_milters(void **state)
{
	struct pfx *fx = *state;

	sm_load(fx, "INPUT_MAIL_FILTER(`opendkim', `S=inet:8891@localhost, "
	    "F=T, T=S:4m;R:4m')\n"
	    "INPUT_MAIL_FILTER(`opendmarc', `S=inet:8893@localhost')\n");
	assert_int_equal(fx->mc->nmilters, 2);
	assert_string_equal(fx->mc->milters[0].socket, "inet:8891@localhost");
	assert_false(fx->mc->milters[0].fail_open);
	assert_true(fx->mc->milters[1].fail_open);
	assert_true(fx->mc->dkim_sign.wired);
	assert_true(fx->mc->dmarc.wired);
	assert_false(fx->mc->spf.wired);

	sm_load(fx, "INPUT_MAIL_FILTER(`opendkim', `S=inet:8891@localhost')\n"
	    "define(`confINPUT_MAIL_FILTERS', `other')\n"
	    "MAIL_FILTER(`other', `S=local:/run/x.sock, F=R')\n");
	assert_int_equal(fx->mc->nmilters, 1);
	assert_string_equal(fx->mc->milters[0].socket, "local:/run/x.sock");
	assert_false(fx->mc->dkim_sign.wired);
}

/* test_includes - inside the root, escaping it, missing, itself */
static void
test_includes(void **state)
{
	struct pfx *fx = *state;

	put_text(fx, "etc/mail/inc.m4",
	    "define(`confSMTP_LOGIN_MSG', `$j ESMTP')\n");
	put_text(fx, "etc/mail/self.m4", "include(`/etc/mail/self.m4')\n");
	sm_load(fx, "include(`/etc/mail/inc.m4')\n"
	    "include(`../../../../etc/passwd')\n"
	    "include(`/etc/mail/missing.m4')\n"
	    "sinclude(`/etc/mail/also-missing.m4')\n"
	    "include(`/usr/share/sendmail/cf/m4/cf.m4')\n"
	    "include(`/etc/mail/self.m4')\n");
	assert_non_null(sm_def(fx->mc->priv, "confSMTP_LOGIN_MSG"));
	assert_true(has_finding_at(fx, "PRS003", MC, 2));
	assert_true(has_finding_at(fx, "PRS004", MC, 3));
	assert_int_equal(nfindings(fx, "PRS004"), 1);
	/* a file that includes itself is refused once, where it does */
	assert_true(msg_has(fx, "PRS001", "already being read"));
	assert_true(has_finding_at(fx, "PRS001", "etc/mail/self.m4", 1));
	assert_int_equal(nfindings(fx, "PRS001"), 1);
	put_text(fx, "etc/mail/inc.m4", NULL);
	put_text(fx, "etc/mail/self.m4", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_injection, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_lexer, setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_quotes, setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_bounds, setup, pfx_teardown),
		cmocka_unit_test(test_eval),
		cmocka_unit_test_setup_teardown(test_listeners, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_auth, setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_relay, setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_local_rules, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_milters, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_includes, setup,
		    pfx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
