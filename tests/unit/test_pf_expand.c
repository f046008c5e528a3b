/* SPDX-License-Identifier: MIT */
/*
 * test_pf_expand.c - unit tests for parsers/postfix/pf_expand.c and the defaults
 * of parsers/postfix/pf_params.c: Postfix parameter expansion, compatibility
 * levels, mydomain, master.cf -o scopes, loops and blow-ups.
 *
 * Every expected value was checked with Postfix 3.7.11's own
 * "postconf -c DIR -x -h NAME" on the same main.cf (and, for -o
 * overrides, "postconf -o name=value"), with the machine's host name
 * "vm" as etc/hostname gives it here.
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/engine.h"
#include "audit/model.h"
#include "parsers/postfix/pf_int.h"
#include "lib/rootfs.h"
#include "pfx.h"
#include "lib/util.h"

/* has_finding - a finding of check ID at LINE of main.cf */
static bool
has_finding(const struct pfx *fx, const char *id, int line)
{
	size_t i;

	for (i = 0; i < fx->eng.n; i++)
		if (strcmp(fx->eng.v[i].check->id, id) == 0 &&
		    fx->eng.v[i].line == line && fx->eng.v[i].file &&
		    strcmp(fx->eng.v[i].file, "etc/postfix/main.cf") == 0)
			return true;
	return false;
}

/* svc - the live master.cf service NAME of type inet */
static const struct pf_service *
svc(struct pfx *fx, const char *name)
{
	const struct pf_service *s = pf_service_find(fx->pf, name, "inet");

	if (s == NULL)
		fail_msg("no service %s/inet", name);
	return s;
}

/* expect - the value of NAME in a scope is WANT */
static void
expect(struct pfx *fx, const struct pf_service *s, const char *name,
    const char *want, const char *ctx)
{
	const char *got = pf_value(fx->pf, s, name);

	assert_non_null(got);
	if (strcmp(got, want) != 0)
		fail_msg("%s: %s%s%s = '%s', want '%s'", ctx ? ctx : "-",
		    s ? s->name : "", s ? "/" : "", name, got, want);
}

/* definitions the expression table refers to */
static const char exprdefs[] =
    "aa = hello\n"
    "bb = $aa world\n"
    "empty =\n"
    "three = 3\n"
    "ten = 10\n";

/* expression -> value, each checked with postconf 3.7.11 */
static const struct {
	const char	*expr;
	const char	*want;
} exprs[] = {
	/* references */
	{ "$aa", "hello" },
	{ "$bb", "hello world" },
	{ "${aa}x", "hellox" },
	{ "$(aa)y", "helloy" },
	{ "${aa}", "hello" },
	{ "${ aa }", "hello" },
	{ "<$aa/$empty/$three>", "<hello//3>" },
	{ "cost $$5 $$aa", "cost $5 $aa" },
	{ "$$$aa", "$hello" },
	/* undefined -> empty */
	{ "[$undefined_thing]", "[]" },
	{ "${nothere}", "" },
	/* ${name?text} and ${name:text} */
	{ "${aa?yes}", "yes" },
	{ "${nothere?yes}", "" },
	{ "${empty?set}", "" },
	{ "${aa:no}", "" },
	{ "${nothere:no}", "no" },
	{ "${empty:fallback}", "fallback" },
	{ "${aa?$bb}", "hello world" },
	{ "${aa?A:B}", "A:B" },
	{ "${nothere?A:B}", "" },
	{ "$(nothere:zz)", "zz" },
	{ "${aa ?x}", "x" },
	/* {braced} operands (3.0) */
	{ "${aa?{x}}", "x" },
	{ "${aa?{$bb}}", "hello world" },
	{ "${aa:{A}}", "" },
	{ "${nothere:{A}}", "A" },
	{ "${aa?{A}:{B}}", "A" },
	{ "${nothere?{A}:{B}}", "B" },
	{ "${empty?{A}:{B}}", "B" },
	{ "${aa?{A} : {B}}", "A" },
	{ "${nothere?{A} : {B}}", "B" },
	{ "$(aa?{A}:{B})", "A" },
	{ "${nothere?{A}:B}", "B" },
	{ "${aa?{A}:}", "A" },
	{ "${nothere?{A}:}", "" },
	/* relational, string or (both all-digit) numeric */
	{ "${{$aa} == {hello} ? {EQ} : {NE}}", "EQ" },
	{ "${{$aa}=={hello}?{EQ}:{NE}}", "EQ" },
	{ "${{$aa} != {hello} ? {EQ} : {NE}}", "NE" },
	{ "${{abc} == {abc} ? {yes}}", "yes" },
	{ "${{abc} == {abd} ? {yes}}", "" },
	{ "${{$nothere} == {} ? {EQ} : {NE}}", "EQ" },
	{ "${{3} == {03} ? {EQ} : {NE}}", "EQ" },
	{ "${{ 3 } == {3} ? {EQ} : {NE}}", "NE" },
	{ "${{$three} < {$ten} ? {LT} : {GE}}", "LT" },
	{ "${{10} < {9} ? {LT} : {GE}}", "GE" },
	{ "${{10} <= {10} ? {LE} : {GT}}", "LE" },
	{ "${{3} > {10} ? {GT} : {LE}}", "LE" },
	{ "${{3} >= {3} ? {GE} : {LT}}", "GE" },
	{ "${{-1} < {2} ? {LT} : {GE}}", "LT" },
	{ "${{abc} < {abd} ? {LT} : {GE}}", "LT" },
	{ "${{abc} > {abd} ? {GT} : {LE}}", "LE" },
	{ "${{10} < {9a} ? {LT} : {GE}}", "LT" },
	{ "${{3.6} < {3.10} ? {LT} : {GE}}", "GE" },
	{ "${{$aa} == {hello} ? {${bb}!} : {no}}", "hello world!" },
	{ "${{10} == {010} ? {EQ} : {NE}}", "EQ" },
	/* the other tails of a relational expression */
	{ "${{a}=={a}}", "true" },
	{ "${{a}=={b}}", "" },
	{ "${{a}=={a}:{F}}", "" },
	{ "${{a}=={b}:{F}}", "F" },
	{ "${{a}=={b}?{yes}:no}", "no" },
	{ "${{a}=={a}?yes:no}", "yes:no" },
	{ "${{a}=={b}?yes:no}", "" },
	/* level operators compare releases: 3.10 > 3.6 */
	{ "${{3.10} <level {3.6} ? {LT} : {GE}}", "GE" },
	{ "${{3.6} <=level {3.6} ? {LE} : {GT}}", "LE" },
	{ "${{3.10} >level {3.6} ? {GT} : {LE}}", "GT" },
	{ "${{3.6} >=level {3.10} ? {GE} : {LT}}", "LT" },
	{ "${{2} <level {10} ? {LT} : {GE}}", "LT" },
	{ "${{3.6.1} >level {3.6} ? {GT} : {LE}}", "GT" },
	{ "${{3.6} <level {3.06} ? {LT} : {GE}}", "GE" },
	{ "${{3.6} ==level {3.6.0} ? {EQ} : {NE}}", "EQ" },
	{ "${{3.6} !=level {3.06} ? {NE} : {EQ}}", "EQ" },
	{ "${{3}<level{3.6}?{LT}:{GE}}", "LT" },
};

/* test_expand_forms - every expansion form gives what postconf gives */
static void
test_expand_forms(void **state)
{
	struct pfx *fx = *state;
	struct buf b = BUF_INIT;
	char name[32];
	size_t i;

	buf_adds(&b, exprdefs);
	for (i = 0; i < ARRAY_SIZE(exprs); i++)
		buf_printf(&b, "t%02zu = %s\n", i, exprs[i].expr);
	pfx_load(fx, buf_str(&b), NULL);
	buf_free(&b);
	for (i = 0; i < ARRAY_SIZE(exprs); i++) {
		snprintf(name, sizeof(name), "t%02zu", i);
		expect(fx, NULL, name, exprs[i].want, exprs[i].expr);
	}
	/* none of them is an expansion failure */
	assert_int_equal(nfindings(fx, "PRS005"), 0);
	/* the undefined references are reported, each once */
	assert_int_equal(nfindings(fx, "HYG007"), 2);
}

/* expressions Postfix refuses ("macro processing error") */
static const char *const bad_exprs[] = {
	"${{a} === {a} ? {y} : {n}}",		/* no such operator */
	"${{a} <level {3} ? {LT} : {GE}}",	/* not a level */
	"${{3} <level {} ? {LT} : {GE}}",	/* empty level */
	"${{3.} <level {3.6} ? {LT} : {GE}}",	/* malformed level */
	"${{3} <lvl {3.6} ? {LT} : {GE}}",	/* unknown suffix */
	"${{a} == {a} {y}}",			/* no ? or : */
	"${{a}==}",				/* no right operand */
	"${aa",					/* unbalanced */
	"$(aa?{x)",				/* unbalanced operand */
	"${}",					/* no name */
	"${aa b}",				/* not a name */
	"${a-b}",				/* not a name */
	"${aa?{A}B}",				/* text after {A} */
};

/* test_expand_errors - a malformed value is a PRS005 at its line, empty */
static void
test_expand_errors(void **state)
{
	struct pfx *fx = *state;
	struct buf b = BUF_INIT;
	char name[32];
	size_t i;

	buf_adds(&b, "aa = hello\n");
	for (i = 0; i < ARRAY_SIZE(bad_exprs); i++)
		buf_printf(&b, "bad%zu = %s\n", i, bad_exprs[i]);
	buf_adds(&b, "uses = <$bad0>\n");
	pfx_load(fx, buf_str(&b), NULL);
	buf_free(&b);
	for (i = 0; i < ARRAY_SIZE(bad_exprs); i++) {
		snprintf(name, sizeof(name), "bad%zu", i);
		expect(fx, NULL, name, "", bad_exprs[i]);
		if (!has_finding(fx, "PRS005", (int)i + 2))
			fail_msg("%s: no PRS005 at line %zu", bad_exprs[i],
			    i + 2);
	}
	/* a value using a broken one is not reported again */
	assert_int_equal(nfindings(fx, "PRS005"), ARRAY_SIZE(bad_exprs));
	expect(fx, NULL, "aa", "hello", NULL);
}

/* defaults that depend on compatibility_level (postconf -x -h) */
static const struct {
	const char	*level;		/* NULL: no compatibility_level line */
	const char	*name;
	const char	*want;
} levels[] = {
	{ NULL, "compatibility_level", "0" },
	{ NULL, "smtpd_relay_restrictions", "" },
	{ NULL, "mynetworks_style", "subnet" },
	{ NULL, "relay_domains",
	    "vm.localdomain, localhost.localdomain, localhost" },
	{ NULL, "smtpd_relay_before_recipient_restrictions", "no" },
	{ NULL, "append_dot_mydomain", "yes" },
	{ NULL, "smtputf8_enable", "no" },
	{ "0", "smtpd_relay_restrictions", "" },
	{ "0", "mynetworks_style", "subnet" },
	{ "0", "relay_domains",
	    "vm.localdomain, localhost.localdomain, localhost" },
	{ "1", "smtpd_relay_restrictions", "permit_mynetworks, "
	    "permit_sasl_authenticated, defer_unauth_destination" },
	{ "1", "mynetworks_style", "subnet" },
	{ "1", "append_dot_mydomain", "no" },
	{ "1", "smtputf8_enable", "yes" },
	{ "1", "relay_domains",
	    "vm.localdomain, localhost.localdomain, localhost" },
	{ "2", "mynetworks_style", "host" },
	{ "2", "relay_domains", "" },
	{ "2", "smtpd_relay_before_recipient_restrictions", "no" },
	{ "3.5", "smtpd_relay_before_recipient_restrictions", "no" },
	{ "3.5", "respectful_logging", "no" },
	{ "3.6", "smtpd_relay_before_recipient_restrictions", "yes" },
	{ "3.6", "respectful_logging", "yes" },
	{ "3.6", "smtpd_tls_fingerprint_digest", "sha256" },
	{ "3.6", "smtpd_relay_restrictions", "permit_mynetworks, "
	    "permit_sasl_authenticated, defer_unauth_destination" },
	/* a release comparison: 3.10 is above 3.6, not below */
	{ "3.10", "smtpd_relay_before_recipient_restrictions", "yes" },
	{ "3.10", "smtpd_tls_fingerprint_digest", "sha256" },
	{ "3.10", "mynetworks_style", "host" },
	{ "3.10", "cmp", "above-3.6 at-most-3.10 below-3.11" },
	{ "3.6", "cmp", "not-above at-most-3.10 below-3.11" },
	{ "3.11", "cmp", "above-3.6 not-at-most not-below" },
	{ NULL, "cmp", "not-above at-most-3.10 below-3.11" },
};

/* test_levels - defaults follow compatibility_level, compared as releases */
static void
test_levels(void **state)
{
	static const char cmp[] = "cmp = "
	    "${{$compatibility_level} >level {3.6} ? {above-3.6} : "
	    "{not-above}} "
	    "${{$compatibility_level} <=level {3.10} ? {at-most-3.10} : "
	    "{not-at-most}} "
	    "${{$compatibility_level} <level {3.11} ? {below-3.11} : "
	    "{not-below}}\n";
	struct buf b = BUF_INIT;
	struct pfx *fx = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(levels); i++) {
		buf_reset(&b);
		if (levels[i].level)
			buf_printf(&b, "compatibility_level = %s\n",
			    levels[i].level);
		buf_adds(&b, cmp);
		pfx_load(fx, buf_str(&b), NULL);
		expect(fx, NULL, levels[i].name, levels[i].want,
		    levels[i].level ? levels[i].level : "(no level)");
		assert_int_equal(nfindings(fx, "PRS005"), 0);
	}
	buf_free(&b);
}

/* pfx_read_version - read etc/postfix with the defaults of release V */
static void
pfx_read_version(struct pfx *fx, const char *main_cf, const char *v)
{
	put_text(fx, "etc/postfix/main.cf", main_cf);
	put_text(fx, "etc/postfix/master.cf", NULL);
	pfx_unload(fx);
	model_init(&fx->model, fx->dir);
	engine_init(&fx->eng, &fx->model);
	fx->loaded = true;
	fx->mc = postfix_read(&fx->eng, &fx->model, &fx->rfs, "etc/postfix",
	    v);
	fx->pf = fx->mc->priv;
}

/* test_level_release - the level rules apply from the release on */
static void
test_level_release(void **state)
{
	struct pfx *fx = *state;

	/* 3.6 and later: level expressions as in 3.7 */
	pfx_read_version(fx, "compatibility_level = 3.6\n", "3.9.0");
	expect(fx, NULL, "smtpd_relay_before_recipient_restrictions", "yes",
	    "3.9.0");
	pfx_read_version(fx, "", "3.9.0");
	expect(fx, NULL, "smtpd_relay_restrictions", "", "3.9.0");
	expect(fx, NULL, "mynetworks_style", "subnet", "3.9.0");
	/* before 3.0 there is no compatibility_level: "subnet" as always */
	pfx_read_version(fx, "", "2.11.0");
	expect(fx, NULL, "mynetworks_style", "subnet", "2.11.0");
	expect(fx, NULL, "relay_domains",
	    "vm.localdomain, localhost.localdomain, localhost", "2.11.0");
}

/* test_level_release_old - releases before levels: 2.10.1 - 2.11 relay default */
static void
test_level_release_old(void **state)
{
	struct pfx *fx = *state;

	/*
	 * Postfix 2.10.1 - 2.11 have no compatibility_level, and their
	 * smtpd_relay_restrictions default is "permit_mynetworks,
	 * permit_sasl_authenticated, defer_unauth_destination"; 2.9 has no
	 * such parameter.  The level rows apply from 3.0 on only.
	 */
	pfx_read_version(fx, "", "2.11.0");
	expect(fx, NULL, "smtpd_relay_restrictions", "permit_mynetworks, "
	    "permit_sasl_authenticated, defer_unauth_destination", "2.11.0");
	pfx_read_version(fx, "", "2.9.0");
	expect(fx, NULL, "smtpd_relay_restrictions", "", "2.9.0");
}

/* myhostname and mydomain as Postfix derives them (host name "vm") */
static const struct {
	const char	*main_cf;
	const char	*myhostname;
	const char	*mydomain;
	const char	*mydestination;
} hosts[] = {
	{ "myhostname = example.com\n", "example.com", "com",
	    "example.com, localhost.com, localhost" },
	{ "myhostname = mail.example.com\n", "mail.example.com",
	    "example.com", "mail.example.com, localhost.example.com, "
	    "localhost" },
	{ "myhostname = single\n", "single", "localdomain",
	    "single, localhost.localdomain, localhost" },
	{ "myhostname = a.b.c.d\n", "a.b.c.d", "b.c.d",
	    "a.b.c.d, localhost.b.c.d, localhost" },
	{ "", "vm.localdomain", "localdomain",
	    "vm.localdomain, localhost.localdomain, localhost" },
	{ "mydomain = foo.org\n", "vm.foo.org", "foo.org",
	    "vm.foo.org, localhost.foo.org, localhost" },
	{ "mydomain = foo.org\nmyhostname = $mydomain\n", "foo.org",
	    "foo.org", "foo.org, localhost.foo.org, localhost" },
	{ "myhostname = mx.$mydomain\nmydomain = ex.net\n", "mx.ex.net",
	    "ex.net", "mx.ex.net, localhost.ex.net, localhost" },
	{ "dom = example.org\nmyhostname = mail.$dom\n", "mail.example.org",
	    "example.org", "mail.example.org, localhost.example.org, "
	    "localhost" },
};

/* test_mydomain - mydomain is $myhostname without its first label */
static void
test_mydomain(void **state)
{
	struct pfx *fx = *state;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hosts); i++) {
		pfx_load(fx, hosts[i].main_cf, NULL);
		expect(fx, NULL, "myhostname", hosts[i].myhostname,
		    hosts[i].main_cf);
		expect(fx, NULL, "mydomain", hosts[i].mydomain,
		    hosts[i].main_cf);
		expect(fx, NULL, "mydestination", hosts[i].mydestination,
		    hosts[i].main_cf);
		/* level 0: relay_domains = $mydestination */
		expect(fx, NULL, "relay_domains", hosts[i].mydestination,
		    hosts[i].main_cf);
		assert_int_equal(nfindings(fx, "PRS005"), 0);
	}
}

/* test_no_hostname - without etc/hostname the name is a placeholder */
static void
test_no_hostname(void **state)
{
	struct pfx *fx = *state;

	put_text(fx, "etc/hostname", NULL);
	pfx_load(fx, "myhostname = mx.example.net\n", NULL);
	expect(fx, NULL, "mydomain", "example.net", NULL);
	pfx_load(fx, "compatibility_level = 2\n", NULL);
	/* whatever the name, it has a domain part and the two agree */
	{
		const char *h = pf_value(fx->pf, NULL, "myhostname");
		const char *d = pf_value(fx->pf, NULL, "mydomain");

		assert_non_null(strchr(h, '.'));
		assert_string_equal(strchr(h, '.') + 1, d);
	}
	put_text(fx, "etc/hostname", "vm\n");
}

/* master.cf -o overrides: value in each scope (postconf -o) */
static const struct {
	const char	*svc;		/* NULL: main.cf */
	const char	*name;
	const char	*want;
	enum setting_src src;
} scopes[] = {
	{ NULL, "mynetworks", "10.0.0.0/8", SRC_EXPLICIT },
	{ NULL, "trusted", "10.0.0.0/8", SRC_EXPLICIT },
	{ NULL, "smtpd_forbid_bare_newline_exclusions", "10.0.0.0/8",
	    SRC_DEFAULT },
	{ NULL, "tls", "plain", SRC_EXPLICIT },
	{ NULL, "smtpd_banner", "vm.localdomain ESMTP Postfix", SRC_DEFAULT },
	{ "smtp", "mynetworks", "10.0.0.0/8", SRC_EXPLICIT },
	{ "smtp", "trusted", "10.0.0.0/8", SRC_EXPLICIT },
	{ "smtp", "tls", "plain", SRC_EXPLICIT },
	{ "submission", "mynetworks", "192.0.2.0/24", SRC_OVERRIDE },
	{ "submission", "trusted", "192.0.2.0/24", SRC_EXPLICIT },
	{ "submission", "smtpd_forbid_bare_newline_exclusions",
	    "192.0.2.0/24", SRC_DEFAULT },
	{ "submission", "tls", "tls", SRC_EXPLICIT },
	{ "submission", "smtpd_tls_security_level", "encrypt",
	    SRC_OVERRIDE },
	{ "submission", "smtpd_banner", "vm.localdomain says hi",
	    SRC_OVERRIDE },
	{ "submission", "myhostname", "vm.localdomain", SRC_DEFAULT },
	{ "127.0.0.1:10025", "smtpd_client_restrictions", "", SRC_OVERRIDE },
	{ "127.0.0.1:10025", "trusted", "127.0.0.0/8", SRC_EXPLICIT },
	{ "127.0.0.1:10025", "mynetworks", "127.0.0.0/8", SRC_OVERRIDE },
};

/* test_override_scope - -o values count inside $references of the
 * service scope, never in main.cf's */
static void
test_override_scope(void **state)
{
	struct pfx *fx = *state;
	size_t i;

	pfx_load(fx,
	    "mynetworks = 10.0.0.0/8\n"
	    "trusted = $mynetworks\n"
	    "tls = ${smtpd_tls_security_level?{tls}:{plain}}\n",
	    "smtp inet n - y - - smtpd\n"
	    "submission inet n - y - - smtpd\n"
	    "  -o mynetworks=192.0.2.0/24\n"
	    "  -o smtpd_tls_security_level=encrypt\n"
	    "  -o { smtpd_banner = $myhostname says hi }\n"
	    "127.0.0.1:10025 inet n - n - - smtpd\n"
	    "  -o smtpd_client_restrictions=\n"
	    "  -o mynetworks=127.0.0.0/8\n");
	for (i = 0; i < ARRAY_SIZE(scopes); i++) {
		const struct pf_service *s = scopes[i].svc ?
		    svc(fx, scopes[i].svc) : NULL;
		const struct setting *st = pf_get(fx->pf, s, scopes[i].name);

		expect(fx, s, scopes[i].name, scopes[i].want, "scope");
		if (st->src != scopes[i].src)
			fail_msg("%s/%s: source %d, want %d",
			    scopes[i].svc ? scopes[i].svc : "main",
			    scopes[i].name, st->src, scopes[i].src);
	}
	/* reading the service scope did not change main.cf's values */
	expect(fx, NULL, "trusted", "10.0.0.0/8", "after");
	expect(fx, NULL, "tls", "plain", "after");
	assert_int_equal(nfindings(fx, "PRS005"), 0);
}

/* test_override_defaults - -o overrides feed the defaults derived from them */
static void
test_override_defaults(void **state)
{
	struct pfx *fx = *state;

	/*
	 * postconf -o myhostname=mail.example.org gives mydomain
	 * example.org, and -o compatibility_level=2 gives mynetworks_style
	 * host: a service's smtpd computes these defaults from its own
	 * overrides, main.cf's scope keeps its own.
	 */
	pfx_load(fx, "",
	    "smtp inet n - y - - smtpd\n"
	    "  -o myhostname=mail.example.org\n"
	    "  -o compatibility_level=2\n");
	expect(fx, svc(fx, "smtp"), "mydomain", "example.org", NULL);
	expect(fx, svc(fx, "smtp"), "mydestination", "mail.example.org, "
	    "localhost.example.org, localhost", NULL);
	expect(fx, svc(fx, "smtp"), "mynetworks_style", "host", NULL);
	expect(fx, NULL, "mynetworks_style", "subnet", NULL);
}

/* reference loops: each ends with exactly one PRS005 */
static const struct {
	const char	*main_cf;
	const char	*empty[3];	/* parameters that end up empty */
	int		 line;		/* where the finding is */
} loops[] = {
	{ "a = $b\nb = $a\n", { "a", "b", NULL }, 2 },
	{ "a = x $a\n", { "a", NULL, NULL }, 1 },
	{ "a = ${b}\nb = $(c)\nc = <$a>\n", { "a", "b", "c" }, 3 },
	{ "a = $b\nb = $a\nc = $a $b\n", { "a", "b", "c" }, 2 },
	{ "a = ${b?{$a}:{x}}\nb = y\n", { "a", NULL, NULL }, 1 },
	{ "a = ${{$b} == {} ? {x}}\nb = $a\n", { "a", "b", NULL }, 2 },
	{ "myhostname = $mydomain\nmydomain = $myhostname\n",
	    { "myhostname", "mydomain", NULL }, 2 },
};

/* test_loops - a = $b, b = $a: exactly one PRS005, values empty */
static void
test_loops(void **state)
{
	struct pfx *fx = *state;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(loops); i++) {
		pfx_load(fx, loops[i].main_cf, NULL);
		for (j = 0; j < 3 && loops[i].empty[j]; j++)
			expect(fx, NULL, loops[i].empty[j], "",
			    loops[i].main_cf);
		if (nfindings(fx, "PRS005") != 1)
			fail_msg("%s: %zu PRS005 findings, want 1",
			    loops[i].main_cf, nfindings(fx, "PRS005"));
		if (!has_finding(fx, "PRS005", loops[i].line))
			fail_msg("%s: no PRS005 at line %d", loops[i].main_cf,
			    loops[i].line);
	}
}

/* test_loop_in_service - a loop through a -o override is reported once */
static void
test_loop_in_service(void **state)
{
	struct pfx *fx = *state;

	pfx_load(fx, "a = $b\nb = ok\n",
	    "smtp inet n - y - - smtpd -o b=$a\n");
	expect(fx, NULL, "a", "ok", NULL);
	expect(fx, svc(fx, "smtp"), "a", "", NULL);
	expect(fx, svc(fx, "smtp"), "b", "", NULL);
	assert_int_equal(nfindings(fx, "PRS005"), 1);
}

/* elapsed - seconds since START */
static double
elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* test_blowup - x(n) = $x(n-1) $x(n-1) to 40 ends fast with PRS005 */
static void
test_blowup(void **state)
{
	struct pfx *fx = *state;
	struct timespec start;
	struct buf b = BUF_INIT;
	const char *v;
	int i;

	buf_adds(&b, "x0 = aaaaaaaaaa\n");
	for (i = 1; i <= 40; i++)
		buf_printf(&b, "x%d = $x%d $x%d\n", i, i - 1, i - 1);
	buf_adds(&b, "y = ${x40?{big}:{none}}\n");
	put_text(fx, "etc/postfix/main.cf", buf_str(&b));
	put_text(fx, "etc/postfix/master.cf", NULL);
	buf_free(&b);
	clock_gettime(CLOCK_MONOTONIC, &start);
	pfx_read(fx);
	v = pf_value(fx->pf, NULL, "x40");
	(void)pf_value(fx->pf, NULL, "y");
	if (elapsed(&start) >= 1.0)
		fail_msg("took %.2f s", elapsed(&start));
	assert_true(nfindings(fx, "PRS005") >= 1);
	/* the small ones are fine: 2^10 copies of 10 bytes plus spaces */
	assert_int_equal(strlen(pf_value(fx->pf, NULL, "x10")),
	    11 * 1024 - 1);
	/* the huge one is treated as empty, and so is what uses it */
	assert_string_equal(v, "");
	expect(fx, NULL, "x39", "", NULL);
	expect(fx, NULL, "y", "", NULL);
	/* nothing stored is beyond the bound */
	for (i = 0; i <= 40; i++) {
		char name[16];

		snprintf(name, sizeof(name), "x%d", i);
		assert_true(strlen(pf_value(fx->pf, NULL, name)) <=
		    2 * PF_EXPAND_MAX + 1);
	}
}

/* test_deep_nesting - postconf expands 100 nested references and
 * refuses 101 ("macro processing error"), whatever order the chain is
 * written in */
static void
test_deep_nesting(void **state)
{
	struct pfx *fx = *state;
	struct buf b = BUF_INIT;
	int i;

	buf_adds(&b, "e0 = end\n");
	for (i = 1; i <= 150; i++)
		buf_printf(&b, "e%d = $e%d\n", i, i - 1);
	for (i = 150; i >= 1; i--)
		buf_printf(&b, "r%d = ${r%d}\n", i, i - 1);
	buf_adds(&b, "r0 = end\n");
	pfx_load(fx, buf_str(&b), NULL);
	buf_free(&b);
	expect(fx, NULL, "e30", "end", NULL);
	expect(fx, NULL, "e99", "end", NULL);
	expect(fx, NULL, "e100", "", NULL);
	expect(fx, NULL, "e150", "", NULL);
	expect(fx, NULL, "r99", "end", NULL);
	expect(fx, NULL, "r100", "", NULL);
	expect(fx, NULL, "r150", "", NULL);
	/* one finding each, at e100 and r100 */
	assert_int_equal(nfindings(fx, "PRS005"), 2);
	assert_true(has_finding(fx, "PRS005", 1 + 100));
	assert_true(has_finding(fx, "PRS005", 151 + 151 - 100));
}

/* test_default_loops - a default that reads the parameter being expanded
 * (mydomain from myhostname, level defaults) ends without a crash */
static void
test_default_loops(void **state)
{
	struct pfx *fx = *state;

	/* postconf: myhostname = mydomain = localdomain */
	pfx_load(fx, "myhostname = $mydomain\n", NULL);
	expect(fx, NULL, "myhostname", "localdomain", NULL);
	expect(fx, NULL, "mydomain", "localdomain", NULL);
	/* postconf itself crashes on this one; any value will do */
	pfx_load(fx, "compatibility_level = ${mynetworks_style}\n"
	    "x = $relay_domains $smtpd_relay_restrictions\n", NULL);
	(void)pf_value(fx->pf, NULL, "compatibility_level");
	(void)pf_value(fx->pf, NULL, "x");
	(void)pf_get(fx->pf, NULL, "smtputf8_enable");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_expand_forms, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_expand_errors, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_levels, pfx_setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_level_release, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_level_release_old, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_mydomain, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_no_hostname, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_override_scope, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_override_defaults, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_loops, pfx_setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_loop_in_service, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_blowup, pfx_setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_deep_nesting, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_default_loops, pfx_setup,
		    pfx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
