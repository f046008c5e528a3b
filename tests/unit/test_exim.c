/* SPDX-License-Identifier: MIT */
/*
 * test_exim.c - unit tests for the Exim reader's pieces: list splitting
 * and constant conditions (ex_list.c), the preprocessor's macros,
 * .ifdef rule, continuations and includes (ex_pp.c), host and domain
 * list evaluation with Exim's first-match and end-of-list rules, the
 * RCPT ACL walk (ex_relay.c) and Debian's dc_* macros (ex_debian.c).
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/addrset.h"
#include "audit/engine.h"
#include "parsers/exim/ex_int.h"
#include "parsers/exim/exim.h"
#include "audit/model.h"
#include "pfx.h"
#include "lib/util.h"

#define CONF	"etc/exim/exim.conf"
#define STRANGER "203.0.113.5"

/* setup - the shared harness's root, plus etc/exim and etc/exim4 */
static int
setup(void **state)
{
	if (pfx_setup(state) != 0)
		return -1;
	return pfx_mkdir(*state, "etc/exim") | pfx_mkdir(*state, "etc/exim4");
}

/* ex_load_dir - read the Exim configuration of DIR with DEFINES */
static struct ex_conf *
ex_load_dir(struct pfx *fx, const char *dir, const struct strvec *defines)
{
	pfx_unload(fx);
	model_init(&fx->model, fx->dir);
	engine_init(&fx->eng, &fx->model);
	fx->loaded = true;
	fx->mc = exim_read(&fx->eng, &fx->model, &fx->rfs, dir, NULL,
	    defines);
	assert_non_null(fx->mc);
	return fx->mc->priv;
}

/* ex_load - write etc/exim/exim.conf and read it */
static struct ex_conf *
ex_load(struct pfx *fx, const char *conf)
{
	put_text(fx, CONF, conf);
	return ex_load_dir(fx, "etc/exim", NULL);
}

/* value_is - main option NAME has the effective value VALUE */
static void
value_is(struct ex_conf *x, const char *name, const char *value)
{
	const char *v = ex_value(x, name);

	assert_non_null(v);
	assert_string_equal(v, value);
}

/* split_is - LIST splits into the items given, NULL-terminated */
static void
split_is(const char *list, ...)
{
	struct strvec sv = STRVEC_INIT;
	const char *want;
	va_list ap;
	size_t i = 0;

	ex_split_list(list, &sv);
	va_start(ap, list);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < sv.n);
		assert_string_equal(sv.v[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(sv.n, i);
	strvec_free(&sv);
}

/* test_split - separators, "::" escapes, "<X" changes, empty items */
static void
test_split(void **state)
{
	(void)state;
	split_is("a : b : c", "a", "b", "c", NULL);
	split_is("a::b : c", "a:b", "c", NULL);
	split_is("  <; 10.0.0.0/8 ; ::1 ; fe80::/10", "10.0.0.0/8", "::1",
	    "fe80::/10", NULL);
	split_is("<, a , b,,c", "a", "b,c", NULL);
	split_is("a :", "a", NULL);			/* trailing empty */
	split_is(": a", "", "a", NULL);			/* leading empty */
	split_is("", NULL);
	split_is("127.0.0.1 : ::::1", "127.0.0.1", "::1", NULL);
}

/* test_constants - conditions that hold, or fail, whatever happens */
static void
test_constants(void **state)
{
	static const char *const yes[] = {
		"yes", "TRUE", "1", "42", "-3", "${if eq{a}{a}}",
		"${if eqi{Yes}{yes}}", "${if !eq{a}{b}}", "${if =={1}{01}}",
		"${if eq{a}{b}{no}{yes}}", "${if eq{a}{a} {1}{0}}",
	};
	static const char *const no[] = {
		"", "no", "False", "0", "-0", "${if eq{a}{b}}",
		"${if eq{A}{a}}", "${if eq{a}{a}{0}{1}}", "${if =={2}{1}}",
	};
	static const char *const neither[] = {
		"maybe", "+1", "${if eq{$sender_host_address}{1.2.3.4}}",
		"${if =={a}{a}}", "${if eq{a}{a}{x}}", "${lookup{x}lsearch{/f}}",
		"${if eq{a}{a}} trailing",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!ex_always_true(yes[i]) || ex_always_false(yes[i]))
			fail_msg("'%s' should be always true", yes[i]);
	}
	for (i = 0; i < ARRAY_SIZE(no); i++) {
		if (!ex_always_false(no[i]) || ex_always_true(no[i]))
			fail_msg("'%s' should be always false", no[i]);
	}
	for (i = 0; i < ARRAY_SIZE(neither); i++) {
		if (ex_always_true(neither[i]) || ex_always_false(neither[i]))
			fail_msg("'%s' is no constant", neither[i]);
	}
	assert_true(ex_expanded("a $b"));
	assert_false(ex_expanded("a \\$b"));
}

/* test_ifdef - true when any macro substitution happens on the line */
static void
test_ifdef(void **state)
{
	struct pfx *fx = *state;
	struct ex_conf *x;

	x = ex_load(fx,
	    "FOO = 1\n"
	    ".ifdef FOO\n"
	    "primary_hostname = a.example\n"
	    ".else\n"
	    "primary_hostname = b.example\n"
	    ".endif\n"
	    /* a substitution anywhere on the line counts */
	    ".ifdef xFOOx\n"
	    "qualify_domain = c.example\n"
	    ".endif\n"
	    ".ifndef BAR\n"
	    ".ifdef BAR\n"
	    "smtp_banner = never\n"
	    ".elifdef FOO\n"
	    "smtp_banner = nested\n"
	    ".endif\n"
	    ".endif\n");
	value_is(x, "primary_hostname", "a.example");
	value_is(x, "qualify_domain", "c.example");
	value_is(x, "smtp_banner", "nested");
	assert_int_equal(nfindings(fx, "PRS001"), 0);
	assert_false(x->broken);

	/* an .ifdef left open: Exim refuses to start */
	x = ex_load(fx, ".ifdef FOO\nprimary_hostname = a.example\n");
	assert_true(x->broken);
	assert_int_equal(nfindings(fx, "PRS001"), 1);
	/* an .endif without .ifdef */
	x = ex_load(fx, ".endif\n");
	assert_true(x->broken);
}

/* test_macros - substitution, "==" redefinition, -D overrides */
static void
test_macros(void **state)
{
	struct pfx *fx = *state;
	struct strvec defs = STRVEC_INIT;
	struct ex_conf *x;

	x = ex_load(fx,
	    "HOST = a.example\n"
	    "primary_hostname = HOST\n"
	    "HOST == b.example\n"
	    "qualify_domain = HOST\n");
	value_is(x, "primary_hostname", "a.example");
	value_is(x, "qualify_domain", "b.example");
	assert_false(x->broken);

	/* "=" twice is a start-up error */
	x = ex_load(fx, "HOST = a\nHOST = b\n");
	assert_true(x->broken);
	assert_true(msg_has(fx, "PRS001", "already defined"));

	/* a later name containing an earlier one is refused */
	x = ex_load(fx, "AB = 1\nXABY = 2\n");
	assert_true(msg_has(fx, "PRS001", "contains the earlier"));

	/* -D wins over the file's definition, and over "==" */
	put_text(fx, CONF, "HOST = a\nHOST == b\nprimary_hostname = HOST\n");
	strvec_push(&defs, "HOST=cmd.example");
	x = ex_load_dir(fx, "etc/exim", &defs);
	value_is(x, "primary_hostname", "cmd.example");
	assert_false(x->broken);
	strvec_free(&defs);

	/* built-in macros need a '_' on the line; a line starting with one
	 * is no definition (names start upper-case) but a substitution */
	x = ex_load(fx, ".ifdef _HAVE_TLS\nprimary_hostname = tls\n.endif\n");
	value_is(x, "primary_hostname", "tls");
	x = ex_load(fx, "_HAVE_TLS = 0\n");
	assert_true(x->broken);
	assert_true(msg_has(fx, "PRS001", "unknown: Exim refuses to start"));
}

/*
 * test_macro_order - the cases below were asked of Exim 4.96 itself
 * (exim -C FILE -DFOO=1 -bP): built-ins come first in its list, then -D,
 * then the file's macros, and a line searches the built-ins only when
 * its first possible macro name starts with '_'
 */
static void
test_macro_order(void **state)
{
	struct pfx *fx = *state;
	struct strvec defs = STRVEC_INIT;
	struct ex_conf *x;

	strvec_push(&defs, "FOO=1");
	put_text(fx, CONF, "qualify_domain = X FOO\n"
	    "primary_hostname = x _HAVE_TLS FOO\n");
	x = ex_load_dir(fx, "etc/exim", &defs);
	value_is(x, "qualify_domain", "X 1");
	value_is(x, "primary_hostname", "x y 1");
	/* a name containing a -D or a built-in name is refused */
	put_text(fx, CONF, "FOOBAR = x\n");
	x = ex_load_dir(fx, "etc/exim", &defs);
	assert_true(msg_has(fx, "PRS001", "earlier macro name FOO:"));
	put_text(fx, CONF, "FOO_HAVE_TLS = 1\n");
	x = ex_load_dir(fx, "etc/exim", &defs);
	assert_true(msg_has(fx, "PRS001", "earlier macro name _HAVE_TLS:"));
	strvec_free(&defs);

	x = ex_load(fx, "qualify_domain = X _HAVE_TLS\n");
	value_is(x, "qualify_domain", "X _HAVE_TLS");
	x = ex_load(fx, "Q = 1\nqualify_domain = Q _HAVE_TLS\n");
	value_is(x, "qualify_domain", "1 _HAVE_TLS");
	x = ex_load(fx, "HAVE = 1\nqualify_domain = _HAVE_TLS\n");
	value_is(x, "qualify_domain", "y");
	/* a replacement is searched again by the macros listed after its
	 * own, never by those before it (A's value was "2 C") */
	x = ex_load(fx, "B = 2\nA = B C\nC = 3\nqualify_domain = A\n"
	    "primary_hostname = C A\n");
	value_is(x, "qualify_domain", "2 3");
	value_is(x, "primary_hostname", "3 2 3");
	x = ex_load(fx, "YY = y\nXX = x\nqualify_domain = YXXY XXYY\n");
	value_is(x, "qualify_domain", "YxY xy");
	assert_false(x->broken);

	x = ex_load(fx, "BAR == 2\n");
	assert_true(msg_has(fx, "PRS001", "never defined"));
	x = ex_load(fx, "A23456789012345678901234567890123456789012345678901"
	    "234567890123 = 1\nqualify_domain = x\n");
	assert_false(x->broken);
	x = ex_load(fx, "A23456789012345678901234567890123456789012345678901"
	    "2345678901234 = 1\n");
	assert_true(msg_has(fx, "PRS001", "longer than 63"));
}

/* test_quoted - a value in double quotes has its escapes done, as
 * readconf.c's read_string (answers from Exim 4.96 -bP) */
static void
test_quoted(void **state)
{
	struct pfx *fx = *state;
	struct ex_conf *x;

	x = ex_load(fx, "qualify_domain = \"a\\x41b\\101\\\"c\"\n"
	    "acl_smtp_rcpt = \"acl_check_rcpt\"\n"
	    "primary_hostname = x\"y\"\n");
	value_is(x, "qualify_domain", "aAbA\"c");
	value_is(x, "acl_smtp_rcpt", "acl_check_rcpt");
	value_is(x, "primary_hostname", "x\"y\"");
	assert_false(x->broken);
	x = ex_load(fx, "qualify_domain = \"a\\0b\"\n");
	value_is(x, "qualify_domain", "a");
	x = ex_load(fx, "qualify_domain = \"abc\n");
	assert_true(msg_has(fx, "PRS001", "missing quote at end"));
	x = ex_load(fx, "qualify_domain = \"a\" b\n");
	assert_true(msg_has(fx, "PRS001", "extra characters follow"));
}

/* test_continuation - backslash joins lines, comments in between */
static void
test_continuation(void **state)
{
	struct pfx *fx = *state;
	struct ex_conf *x;

	x = ex_load(fx,
	    "domainlist local_domains = a.example : \\\n"
	    "# a comment between continuation lines\n"
	    "    b.example\n"
	    "primary_hostname = one\\\n"
	    "  two\n");
	{
		struct ex_nlist *nl = strmap_get(&x->nlists, "local_domains");

		assert_non_null(nl);
		assert_string_equal(nl->value, "a.example : b.example");
		assert_int_equal(nl->src->line, 1);
	}
	value_is(x, "primary_hostname", "onetwo");
}

/* test_include - inside the root only, bounded, missing files */
static void
test_include(void **state)
{
	struct pfx *fx = *state;
	struct ex_conf *x;

	put_text(fx, "etc/exim/part.conf", "primary_hostname = inc.example\n");
	x = ex_load(fx, ".include /etc/exim/part.conf\n");
	value_is(x, "primary_hostname", "inc.example");
	x = ex_load(fx, ".include part.conf\n");
	value_is(x, "primary_hostname", "inc.example");

	/* a file including itself is refused once, where it does */
	put_text(fx, "etc/exim/loop.conf", ".include /etc/exim/loop.conf\n");
	x = ex_load(fx, ".include /etc/exim/loop.conf\n");
	assert_true(x->broken);
	assert_true(msg_has(fx, "PRS001", "already being read"));
	assert_true(has_finding_at(fx, "PRS001", "etc/exim/loop.conf", 1));
	assert_int_equal(nfindings(fx, "PRS001"), 1);

	/* a chain of distinct files stops at the depth bound */
	{
		char name[64], text[64];
		int i;

		for (i = 0; i < EX_INCLUDE_DEPTH + 2; i++) {
			snprintf(name, sizeof(name), "etc/exim/c%d.conf", i);
			snprintf(text, sizeof(text), ".include c%d.conf\n",
			    i + 1);
			put_text(fx, name, text);
		}
		x = ex_load(fx, ".include c0.conf\n");
		assert_true(x->broken);
		assert_true(msg_has(fx, "PRS001", "nested more than"));
		for (i = 0; i < EX_INCLUDE_DEPTH + 2; i++) {
			snprintf(name, sizeof(name), "etc/exim/c%d.conf", i);
			put_text(fx, name, NULL);
		}
	}

	/* no way out of the root; Exim would not start either way */
	x = ex_load(fx, ".include ../../../../../../../etc/passwd\n");
	assert_true(x->broken);
	assert_int_equal(nfindings(fx, "PRS003"), 1);
	assert_true(msg_has(fx, "PRS001", "cannot be read"));

	/* .include_if_exists of a missing file is fine, .include is not */
	x = ex_load(fx, ".include_if_exists /etc/exim/none.conf\n");
	assert_false(x->broken);
	assert_int_equal(nfindings(fx, "PRS001"), 0);
	x = ex_load(fx, ".include /etc/exim/none.conf\n");
	assert_true(x->broken);
	assert_int_equal(nfindings(fx, "PRS004"), 1);
	assert_true(msg_has(fx, "PRS001", "refuses to start without it"));
	/* only .include takes a relative name, even of a file that exists */
	x = ex_load(fx, ".include_if_exists part.conf\n");
	assert_true(x->broken);
	assert_true(msg_has(fx, "PRS001", "relative path 'part.conf'"));
	/* run-time file names are reported, not guessed */
	x = ex_load(fx, ".include /etc/exim/${primary_hostname}.conf\n");
	assert_int_equal(nfindings(fx, "PRS004"), 1);
}

/* hosts_of - evaluate host list LIST of a configuration */
static void
hosts_of(struct pfx *fx, const char *conf, const char *list,
    struct ex_hosts *h)
{
	struct ex_conf *x = ex_load(fx, conf);
	struct ex_line src = { .s = (char *)list, .file = CONF, .line = 1 };

	ex_hosts(x, list, &src, h);
}

/* holds - the host list's address set holds ADDR */
static bool
holds(struct ex_hosts *h, const char *addr)
{
	struct prefix p;

	assert_true(prefix_parse(addr, &p));
	return addrset_contains(&h->set, &p);
}

/* test_hosts - first match, negation, named lists, files, lookups */
static void
test_hosts(void **state)
{
	struct pfx *fx = *state;
	struct ex_hosts h;

	hosts_of(fx, "", "!10.0.0.1 : 10.0.0.0/8 : 192.0.2.1", &h);
	assert_true(holds(&h, "10.0.0.2"));
	assert_false(holds(&h, "10.0.0.1"));
	assert_true(holds(&h, "192.0.2.1"));
	assert_false(holds(&h, STRANGER));
	assert_false(h.any);
	ex_hosts_free(&h);

	/* a list ending in a negative item matches everything else */
	hosts_of(fx, "", "!10.0.0.0/8", &h);
	assert_true(h.any);
	assert_true(holds(&h, STRANGER));
	assert_false(holds(&h, "10.1.2.3"));
	ex_hosts_free(&h);

	/* ... and so does a named list (Exim matches it as a list) */
	hosts_of(fx, "hostlist trusted = !192.168.1.5\n",
	    "+trusted : 127.0.0.1", &h);
	assert_true(h.any);
	assert_true(holds(&h, STRANGER));
	assert_false(holds(&h, "192.168.1.5"));
	ex_hosts_free(&h);

	/* a negated named list: its members excluded, nothing matched */
	hosts_of(fx, "hostlist bad = 10.0.0.0/8\n", "!+bad : 10.1.0.0/16",
	    &h);
	assert_false(holds(&h, "10.1.2.3"));
	ex_hosts_free(&h);

	/* a list file's lines are items of the list, negations included */
	put_text(fx, "etc/exim/relay", "# comment\n!10.9.9.9\n10.0.0.0/8\n");
	hosts_of(fx, "", "/etc/exim/relay", &h);
	assert_true(holds(&h, "10.1.1.1"));
	assert_false(holds(&h, "10.9.9.9"));
	assert_false(h.any);
	ex_hosts_free(&h);
	/* its last line negative: the list ends negatively */
	put_text(fx, "etc/exim/relay", "!10.9.9.9\n");
	hosts_of(fx, "", "/etc/exim/relay", &h);
	assert_true(h.any);
	ex_hosts_free(&h);
	/* a negated file name turns each line round; blanks are trimmed */
	put_text(fx, "etc/exim/relay", "  10.1.0.0/16 \t\n\n!  10.2.0.0/16\n");
	hosts_of(fx, "", "! /etc/exim/relay", &h);
	assert_true(holds(&h, "10.2.3.4"));
	assert_false(holds(&h, "10.1.1.1"));
	assert_false(holds(&h, STRANGER));
	assert_false(h.any);
	ex_hosts_free(&h);

	/* net-lsearch keys are addresses; lsearch keys are host names */
	put_text(fx, "etc/exim/nets", "198.51.100.0/24: yes\n");
	hosts_of(fx, "", "net-iplsearch;/etc/exim/nets", &h);
	assert_true(holds(&h, "198.51.100.7"));
	ex_hosts_free(&h);
	hosts_of(fx, "", "lsearch;/etc/exim/nets", &h);
	assert_false(holds(&h, "198.51.100.7"));
	assert_true(h.named);
	ex_hosts_free(&h);

	/* expansions and unknown lists are unknown, not guessed */
	hosts_of(fx, "", "${lookup mysql{select 1}}", &h);
	assert_true(h.unknown);
	assert_true(addrset_empty(&h.set));
	ex_hosts_free(&h);
	hosts_of(fx, "", "+nosuchlist", &h);
	assert_true(h.unknown);
	ex_hosts_free(&h);

	/* the empty item alone: only local (non-TCP) messages */
	hosts_of(fx, "", ":", &h);
	assert_true(h.local_only);
	ex_hosts_free(&h);
	hosts_of(fx, "", "*", &h);
	assert_true(h.any);
	assert_true(holds(&h, "2001:db8::1"));
	ex_hosts_free(&h);
}

/* domains_of - what domain list LIST matches among remote domains */
static enum ex_match
domains_of(struct pfx *fx, const char *conf, const char *list)
{
	struct ex_conf *x = ex_load(fx, conf);
	struct ex_line src = { .s = (char *)list, .file = CONF, .line = 1 };
	struct evlist ev = { 0 };
	enum ex_match m = ex_domains(x, list, &src, &ev);

	evlist_free(&ev);
	return m;
}

/* test_domains - which domain lists cover arbitrary remote domains */
static void
test_domains(void **state)
{
	struct pfx *fx = *state;

	assert_int_equal(domains_of(fx, "", "*"), EXM_YES);
	assert_int_equal(domains_of(fx, "", "example.org : @"), EXM_NO);
	assert_int_equal(domains_of(fx, "", "*.com"), EXM_SUFFIX);
	assert_int_equal(domains_of(fx, "", "*.example.com"), EXM_NO);
	assert_int_equal(domains_of(fx, "", "${lookup{$domain}lsearch{/x}}"),
	    EXM_UNKNOWN);
	assert_int_equal(domains_of(fx, "", "lsearch;/etc/exim/domains"),
	    EXM_UNKNOWN);
	/* first match wins: an exclusion of everything ends the walk */
	assert_int_equal(domains_of(fx, "", "!* : *"), EXM_NO);
	assert_int_equal(domains_of(fx, "", "*.net : !* : *"), EXM_SUFFIX);
	/* a list ending in a negative item matches everything else */
	assert_int_equal(domains_of(fx, "", "!example.org"), EXM_YES);
	assert_int_equal(domains_of(fx,
	    "domainlist relay_to_domains = !example.org\n",
	    "+relay_to_domains"), EXM_YES);
	assert_int_equal(domains_of(fx,
	    "domainlist relay_to_domains = *\n",
	    "!+relay_to_domains : *"), EXM_NO);
	/* a list file's lines are items too */
	put_text(fx, "etc/exim/domains", "example.org\n*\n");
	assert_int_equal(domains_of(fx, "", "/etc/exim/domains"), EXM_YES);
	assert_int_equal(domains_of(fx, "", "!/etc/exim/domains"), EXM_NO);
}

/* rcpt_load - a configuration whose RCPT ACL is ACL */
static struct listener *
rcpt_load(struct pfx *fx, const char *acl)
{
	char *conf = xasprintf(
	    "domainlist local_domains = @\n"
	    "domainlist relay_to_domains =\n"
	    "hostlist relay_from_hosts = 127.0.0.1 : 192.0.2.0/24\n"
	    "acl_smtp_rcpt = acl_check_rcpt\n"
	    "begin acl\n"
	    "acl_check_rcpt:\n%s", acl);

	ex_load(fx, conf);
	free(conf);
	return listener(fx, "smtp *:25");
}

#define GATE	"  require domains = +local_domains : +relay_to_domains\n" \
		"  accept\n"

/* test_acl - the RCPT ACL walk up to the relay gate */
static void
test_acl(void **state)
{
	struct pfx *fx = *state;
	struct listener *l;
	struct grant *g;
	struct prefix p;

	/* Exim's own default ACL: networks and AUTH, then the gate */
	l = rcpt_load(fx,
	    "  accept hosts = :\n"
	    "  deny local_parts = ^.*[@%!/|]\n"
	    "  accept hosts = +relay_from_hosts\n"
	    "  accept authenticated = *\n" GATE);
	g = grant_of(l, GRANT_NETWORKS, "relay_from_hosts");
	assert_non_null(g);
	assert_false(g->strangers);
	assert_true(prefix_parse("192.0.2.9", &p));
	assert_true(addrset_contains(g->nets, &p));
	assert_non_null(grant_of(l, GRANT_AUTHENTICATED, NULL));
	assert_null(grant_of(l, GRANT_ANYONE, NULL));
	engine_run(&fx->eng);
	assert_int_equal(nfindings(fx, "RLY001"), 0);

	/* an unconditional accept before the gate lets anyone relay */
	l = rcpt_load(fx, "  accept\n" GATE);
	g = grant_of(l, GRANT_ANYONE, NULL);
	assert_non_null(g);
	assert_true(g->strangers);

	/* an accept after the gate grants nothing */
	l = rcpt_load(fx, GATE "  accept hosts = *\n");
	assert_int_equal(l->ngrants, 0);

	/* a sender-controlled condition is forgeable */
	l = rcpt_load(fx, "  accept senders = *@example.org\n" GATE);
	assert_non_null(grant_of(l, GRANT_FORGEABLE, NULL));

	/* a host list ending negatively lets strangers in */
	l = rcpt_load(fx, "  accept hosts = !10.0.0.0/8\n" GATE);
	g = grant_of(l, GRANT_NETWORKS, NULL);
	assert_non_null(g);
	assert_true(g->strangers);

	/* an expansion stays uncertain */
	l = rcpt_load(fx,
	    "  accept condition = ${lookup{$sender_host_address}"
	    "lsearch{/x}{yes}{no}}\n" GATE);
	g = grant_of(l, GRANT_UNKNOWN, NULL);
	assert_non_null(g);
	assert_true(g->uncertain);

	/* deny to foreign domains unless from the networks: the gate */
	l = rcpt_load(fx,
	    "  deny domains = !+local_domains\n"
	    "       !hosts = +relay_from_hosts\n"
	    "  accept\n");
	assert_null(grant_of(l, GRANT_ANYONE, NULL));
	assert_non_null(grant_of(l, GRANT_NETWORKS, NULL));

	/* no gate at all: every accept lets anyone relay */
	l = rcpt_load(fx, "  accept\n");
	assert_non_null(grant_of(l, GRANT_ANYONE, NULL));
	engine_run(&fx->eng);
	assert_true(nfindings(fx, "RLY001") > 0);
}

/* test_rcpt_option - acl_smtp_rcpt unset, or an inline verb */
static void
test_rcpt_option(void **state)
{
	struct pfx *fx = *state;
	struct ex_conf *x;

	/* unset: Exim refuses every recipient over SMTP */
	x = ex_load(fx, "primary_hostname = a.example\n");
	assert_true(x->rcpt_refuses);
	assert_int_equal(listener(fx, "smtp *:25")->ngrants, 0);
	engine_run(&fx->eng);
	assert_int_equal(nfindings(fx, "RLY001"), 0);

	x = ex_load(fx, "acl_smtp_rcpt = accept\n");
	assert_false(x->rcpt_refuses);
	assert_non_null(grant_of(listener(fx, "smtp *:25"), GRANT_ANYONE,
	    NULL));
}

/* macro_is - macro NAME has the value VALUE */
static void
macro_is(struct ex_conf *x, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < x->nmacros; i++)
		if (strcmp(x->macros[i].name, name) == 0) {
			assert_string_equal(x->macros[i].value, value);
			return;
		}
	fail_msg("no macro %s", name);
}

/* test_debian - dc_* answers become the macros update-exim4.conf writes */
static void
test_debian(void **state)
{
	struct pfx *fx = *state;
	struct ex_conf *x;

	put_text(fx, "etc/exim4/update-exim4.conf.conf",
	    "dc_eximconfig_configtype='internet'\n"
	    "dc_other_hostnames='Mail.Example.org; other.example'\n"
	    "dc_local_interfaces='127.0.0.1 ; ::1'\n"
	    "dc_relay_domains=''\n"
	    "dc_relay_nets='192.168.0.0/16'\n"
	    "dc_use_split_config='false'\n");
	put_text(fx, "etc/exim4/exim4.conf.template",
	    "UPEX4CmacrosUPEX4C = 1\n"
	    "domainlist local_domains = MAIN_LOCAL_DOMAINS\n"
	    "hostlist relay_from_hosts = MAIN_RELAY_NETS\n"
	    "local_interfaces = MAIN_LOCAL_INTERFACES\n");
	x = ex_load_dir(fx, "etc/exim4", NULL);
	macro_is(x, "MAIN_LOCAL_DOMAINS",
	    "@:localhost:mail.example.org:other.example");
	macro_is(x, "MAIN_RELAY_NETS", "192.168.0.0/16 : 127.0.0.1 : ::::1");
	macro_is(x, "MAIN_LOCAL_INTERFACES", "<; 127.0.0.1 ; ::1");
	macro_is(x, "DCconfig_internet", "1");
	value_is(x, "local_interfaces", "<; 127.0.0.1 ; ::1");

	/* a "<;" relay_nets list gets "<;" loopback items */
	put_text(fx, "etc/exim4/update-exim4.conf.conf",
	    "dc_eximconfig_configtype='internet'\n"
	    "dc_relay_nets='10.0.0.0/8;2001:db8::/32'\n");
	x = ex_load_dir(fx, "etc/exim4", NULL);
	macro_is(x, "MAIN_RELAY_NETS",
	    "<; 10.0.0.0/8;2001:db8::/32 ; 127.0.0.1 ; ::1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_constants),
		cmocka_unit_test_setup_teardown(test_ifdef, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_macros, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_macro_order, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_quoted, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_continuation, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_include, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_hosts, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_domains, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_acl, setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_rcpt_option, setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_debian, setup,
		    pfx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
