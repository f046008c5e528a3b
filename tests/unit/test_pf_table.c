/* SPDX-License-Identifier: MIT */
/*
 * test_pf_table.c - unit tests for parsers/postfix/pf_table.c: Postfix lookup
 * tables read from their text sources inside the root (hash, texthash,
 * cidr, regexp, pcre, inline, static, proxy), tables that cannot be
 * read (database and server types), missing files and links that
 * escape the root.
 *
 * Lookup results were checked with Postfix 3.7.11's "postmap -q" on the
 * same files (regexp, cidr, texthash, inline, static; pcre is not in
 * the unpacked package, its rows use patterns both dialects agree on).
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
#include "parsers/postfix/postfix.h"
#include "lib/rootfs.h"
#include "pfx.h"
#include "lib/util.h"


/* words_equal - A and B hold the same words (white space folded) */
static bool
words_equal(const char *a, const char *b)
{
	for (;;) {
		a += strspn(a, " \t");
		b += strspn(b, " \t");
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		while (*a && *a != ' ' && *a != '\t' && *a == *b)
			a++, b++;
		if ((*a != ' ' && *a != '\t' && *a) ||
		    (*b != ' ' && *b != '\t' && *b))
			return false;
	}
}

/* table - pf_table_get as main.cf line 7 names it */
static struct pf_table *
table(struct pfx *fx, const char *spec)
{
	struct pf_table *t = pf_table_get(fx->pf, spec, "etc/postfix/main.cf",
	    7);

	assert_non_null(t);
	assert_string_equal(t->spec, spec);
	return t;
}

/* one expected entry */
struct want {
	const char	*key;
	const char	*value;
	int		 line;
	bool		 negated;
};

/* expect_entries - the table holds exactly these entries */
static void
expect_entries(const struct pf_table *t, const struct want *w, size_t n)
{
	size_t i;

	if (t->n != n)
		fail_msg("%s: %zu entries, want %zu", t->spec, t->n, n);
	for (i = 0; i < n; i++) {
		if (strcmp(t->e[i].key, w[i].key) != 0 ||
		    !words_equal(t->e[i].value, w[i].value) ||
		    t->e[i].line != w[i].line ||
		    t->e[i].negated != w[i].negated)
			fail_msg("%s entry %zu: '%s' '%s' line %d%s, want "
			    "'%s' '%s' line %d%s", t->spec, i, t->e[i].key,
			    t->e[i].value, t->e[i].line,
			    t->e[i].negated ? " negated" : "", w[i].key,
			    w[i].value, w[i].line, w[i].negated ?
			    " negated" : "");
	}
}

static const char access_txt[] =
    "# comment\n"						/* 1 */
    "example.com   OK\n"					/* 2 */
    "\n"							/* 3 */
    ".example.net REJECT no\n"					/* 4 */
    "   # indented comment\n"					/* 5 */
    "10.1 OK\n"							/* 6 */
    "user@ DUNNO\n"						/* 7 */
    "multi first\n"						/* 8 */
    "  second\n";						/* 9 */

static const struct want access_want[] = {
	{ "example.com", "OK", 2, false },
	{ ".example.net", "REJECT no", 4, false },
	{ "10.1", "OK", 6, false },
	{ "user@", "DUNNO", 7, false },
	{ "multi", "first second", 8, false },
};

/* test_keyed - hash, texthash, btree, proxy:hash read the text source */
static void
test_keyed(void **state)
{
	static const char *const specs[] = {
		"hash:/etc/postfix/access", "texthash:/etc/postfix/access",
		"btree:/etc/postfix/access", "lmdb:/etc/postfix/access",
		"cdb:/etc/postfix/access",
		"proxy:hash:/etc/postfix/access",
	};
	struct pfx *fx = *state;
	struct pf_table *t;
	size_t i;

	put_text(fx, "etc/postfix/access", access_txt);
	pfx_load(fx, "", NULL);
	for (i = 0; i < ARRAY_SIZE(specs); i++) {
		t = table(fx, specs[i]);
		assert_int_equal(t->kind, TK_KEYED);
		assert_null(t->why);
		assert_string_equal(t->file, "etc/postfix/access");
		expect_entries(t, access_want, ARRAY_SIZE(access_want));
	}
	/* read once: the same spec is the same table */
	assert_ptr_equal(table(fx, specs[0]), table(fx, specs[0]));
	assert_int_equal(fx->eng.n, 0);
}

static const char cidr_txt[] =
    "# c\n"							/* 1 */
    "192.0.2.0/24 OK\n"						/* 2 */
    "!198.51.100.0/24 REJECT\n"					/* 3 */
    "if 10.0.0.0/8\n"						/* 4 */
    "10.1.0.0/16 DUNNO\n"					/* 5 */
    "endif\n"							/* 6 */
    "0.0.0.0/0 REJECT all\n"					/* 7 */
    "[2001:db8::]/32 OK\n"					/* 8 */
    "if !192.168.0.0/16\n"					/* 9 */
    "203.0.113.9 OK host\n"					/* 10 */
    "endif\n";							/* 11 */

static const struct want cidr_want[] = {
	{ "192.0.2.0/24", "OK", 2, false },
	{ "198.51.100.0/24", "REJECT", 3, true },
	{ "10.1.0.0/16", "DUNNO", 5, false },
	{ "0.0.0.0/0", "REJECT all", 7, false },
	{ "[2001:db8::]/32", "OK", 8, false },
	{ "203.0.113.9", "OK host", 10, false },
};

/* test_cidr - prefixes with negation; if/endif lines are no entries */
static void
test_cidr(void **state)
{
	static const struct {
		int	 family;
		int	 len;
	} pfx[] = {
		{ AF4, 24 }, { AF4, 24 }, { AF4, 16 }, { AF4, 0 }, { AF6, 32 },
		{ AF4, 32 },
	};
	struct pfx *fx = *state;
	struct pf_table *t;
	char buf[64];
	size_t i;

	put_text(fx, "etc/postfix/clients.cidr", cidr_txt);
	pfx_load(fx, "", NULL);
	t = table(fx, "cidr:/etc/postfix/clients.cidr");
	assert_int_equal(t->kind, TK_CIDR);
	assert_string_equal(t->file, "etc/postfix/clients.cidr");
	expect_entries(t, cidr_want, ARRAY_SIZE(cidr_want));
	for (i = 0; i < ARRAY_SIZE(pfx); i++) {
		assert_int_equal(t->e[i].pfx.family, pfx[i].family);
		assert_int_equal(t->e[i].pfx.len, pfx[i].len);
	}
	prefix_format(&t->e[1].pfx, buf, sizeof(buf));
	assert_string_equal(buf, "198.51.100.0/24");
	prefix_format(&t->e[4].pfx, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8::/32");
	/* proxy: in front changes nothing */
	t = table(fx, "proxy:cidr:/etc/postfix/clients.cidr");
	assert_int_equal(t->kind, TK_CIDR);
	assert_int_equal(t->n, ARRAY_SIZE(cidr_want));
}

static const char regexp_txt[] =
    "/^user@EXAMPLE\\.com$/ OK\n"				/* 1 */
    "/Foo/i REJECT case\n"					/* 2 */
    "!/^abc/ DUNNO not-abc\n"					/* 3 */
    "if /^x/\n"							/* 4 */
    "/y$/ OK xy\n"						/* 5 */
    "endif\n"							/* 6 */
    "/multi/\n"							/* 7 */
    "  continued value\n"					/* 8 */
    "# comment\n"						/* 9 */
    "/a\\/b/ slash\n"						/* 10 */
    "/(?i)x/ OK\n"						/* 11 */
    "/./ OK\n";							/* 12 */

static const struct want regexp_want[] = {
	{ "^user@EXAMPLE\\.com$", "OK", 1, false },
	{ "Foo", "REJECT case", 2, false },
	{ "^abc", "DUNNO not-abc", 3, true },
	{ "y$", "OK xy", 5, false },
	{ "multi", "continued value", 7, false },
	{ "a\\/b", "slash", 10, false },
	{ "(?i)x", "OK", 11, false },
	{ ".", "OK", 12, false },
};

/* pattern -> subject -> matches (postmap -q, one pattern at a time) */
static const struct {
	size_t		 entry;
	const char	*subject;
	bool		 match;
} regexp_match[] = {
	{ 0, "USER@example.com", true },	/* case-insensitive default */
	{ 0, "user@example.com.evil", false },
	{ 1, "Foo", true },			/* "i": case-sensitive */
	{ 1, "foo", false },
	{ 2, "zzz", true },			/* negated */
	{ 2, "abcd", false },
	{ 3, "xy", true },
	{ 4, "a multiple", true },
	{ 5, "a/b", true },
	{ 5, "ab", false },
	{ 7, "anything", true },
	{ 7, "", false },
};

/* test_regexp - /pattern/flags value, negation, continuation, matching */
static void
test_regexp(void **state)
{
	static const char *const specs[] = {
		"regexp:/etc/postfix/checks", "pcre:/etc/postfix/checks",
	};
	struct pfx *fx = *state;
	struct pf_table *t;
	size_t i, j;

	put_text(fx, "etc/postfix/checks", regexp_txt);
	pfx_load(fx, "", NULL);
	for (j = 0; j < ARRAY_SIZE(specs); j++) {
		t = table(fx, specs[j]);
		assert_int_equal(t->kind, TK_REGEX);
		assert_string_equal(t->file, "etc/postfix/checks");
		expect_entries(t, regexp_want, ARRAY_SIZE(regexp_want));
		for (i = 0; i < ARRAY_SIZE(regexp_match); i++) {
			const struct pf_tentry *e =
			    &t->e[regexp_match[i].entry];

			assert_true(e->compiled);
			if (pf_regex_matches(e, regexp_match[i].subject) !=
			    regexp_match[i].match)
				fail_msg("%s /%s/ on '%s': want %s", specs[j],
				    e->key, regexp_match[i].subject,
				    regexp_match[i].match ? "a match" :
				    "no match");
		}
		/* postmap: "Invalid preceding regular expression"; never
		 * a match, so never mistaken for a safe or open entry */
		assert_false(t->e[6].compiled);
		assert_false(pf_regex_matches(&t->e[6], "x"));
	}
}

/* test_inline - inline:{ a=b, { c = d e } } */
static void
test_inline(void **state)
{
	static const struct want w[] = {
		{ "a", "b", 0, false },
		{ "c", "d e", 0, false },
	};
	struct pfx *fx = *state;
	struct pf_table *t;

	pfx_load(fx, "", NULL);
	t = table(fx, "inline:{ a=b, { c = d e } }");
	assert_int_equal(t->kind, TK_KEYED);
	assert_null(t->file);
	expect_entries(t, w, ARRAY_SIZE(w));
	assert_string_equal(t->e[1].value, "d e");
}

/* test_static - static:OK and static:{text with spaces} */
static void
test_static(void **state)
{
	static const struct {
		const char	*spec;
		const char	*value;
	} rows[] = {
		{ "static:OK", "OK" },
		{ "static:{text with spaces}", "text with spaces" },
		{ "static:{ padded }", "padded" },
		{ "proxy:static:REJECT", "REJECT" },
		{ "static:discard:", "discard:" },
	};
	struct pfx *fx = *state;
	struct pf_table *t;
	size_t i;

	pfx_load(fx, "", NULL);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		t = table(fx, rows[i].spec);
		assert_int_equal(t->kind, TK_STATIC);
		assert_int_equal(t->n, 1);
		assert_string_equal(t->e[0].value, rows[i].value);
		assert_null(t->file);
	}
}

/* test_unknown - tables in databases or servers are unknown, with why */
static void
test_unknown(void **state)
{
	static const struct {
		const char	*spec;
		const char	*why;		/* a word the reason contains */
	} rows[] = {
		{ "mysql:/etc/x", "mysql" },
		{ "ldap:/etc/postfix/ldap-users.cf", "ldap" },
		{ "ldap:", "ldap" },
		{ "pgsql:/etc/postfix/pg.cf", "pgsql" },
		{ "proxy:mysql:/etc/postfix/my.cf", "mysql" },
		{ "tcp:127.0.0.1:9999", "tcp" },
		{ "socketmap:inet:127.0.0.1:9999:name", "socketmap" },
		{ "nosuchtype:/etc/postfix/access", "nosuchtype" },
		{ "hash:etc/postfix/access", "absolute" },
		{ "noseparator", "type:name" },
	};
	struct pfx *fx = *state;
	struct pf_table *t;
	size_t i;

	put_text(fx, "etc/postfix/access", access_txt);
	pfx_load(fx, "", NULL);
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		t = table(fx, rows[i].spec);
		if (t->kind != TK_UNKNOWN)
			fail_msg("%s: kind %d, want unknown", rows[i].spec,
			    t->kind);
		assert_non_null(t->why);
		if (strstr(t->why, rows[i].why) == NULL)
			fail_msg("%s: reason '%s' does not say '%s'",
			    rows[i].spec, t->why, rows[i].why);
		assert_int_equal(t->n, 0);
	}
	/* nothing was missing or escaping */
	assert_int_equal(nfindings(fx, "PRS003"), 0);
	assert_int_equal(nfindings(fx, "PRS004"), 0);
}

/* test_missing - a missing source is unknown and a PRS004 at the user */
static void
test_missing(void **state)
{
	struct pfx *fx = *state;
	struct pf_table *t;

	pfx_load(fx, "", NULL);
	t = table(fx, "hash:/etc/postfix/nothere");
	assert_int_equal(t->kind, TK_UNKNOWN);
	assert_non_null(t->why);
	assert_null(t->file);
	assert_int_equal(nfindings(fx, "PRS004"), 1);
	assert_true(has_finding_at(fx, "PRS004", "etc/postfix/main.cf", 7));
	/* asking again reads nothing and reports nothing more */
	assert_ptr_equal(table(fx, "hash:/etc/postfix/nothere"), t);
	assert_int_equal(nfindings(fx, "PRS004"), 1);
	t = table(fx, "cidr:/etc/postfix/none.cidr");
	assert_int_equal(t->kind, TK_UNKNOWN);
	assert_int_equal(nfindings(fx, "PRS004"), 2);
}

/* test_escape - a link out of the root is unknown and a PRS003 */
static void
test_escape(void **state)
{
	struct pfx *fx = *state;
	struct pf_table *t;
	char *link;

	link = xasprintf("%s/etc/postfix/access", fx->dir);
	assert_int_equal(symlink("../../../../../../etc/passwd", link), 0);
	free(link);
	link = xasprintf("%s/etc/postfix/abs", fx->dir);
	assert_int_equal(symlink("/../etc/passwd", link), 0);
	free(link);
	pfx_load(fx, "", NULL);
	t = table(fx, "hash:/etc/postfix/access");
	assert_int_equal(t->kind, TK_UNKNOWN);
	assert_non_null(t->why);
	assert_int_equal(t->n, 0);
	assert_int_equal(nfindings(fx, "PRS003"), 1);
	assert_true(has_finding_at(fx, "PRS003", "etc/postfix/main.cf", 7));
	t = table(fx, "regexp:/etc/postfix/abs");
	assert_int_equal(t->kind, TK_UNKNOWN);
	t = table(fx, "texthash:/../../etc/passwd");
	assert_int_equal(t->kind, TK_UNKNOWN);
	assert_int_equal(nfindings(fx, "PRS003"), 3);
	assert_int_equal(nfindings(fx, "PRS004"), 0);
}

/* test_is_spec - which list items are type:name tables */
static void
test_is_spec(void **state)
{
	static const struct {
		const char	*item;
		bool		 spec;
	} rows[] = {
		{ "hash:/etc/postfix/access", true },
		{ "inline:{a=b}", true },
		{ "static:OK", true },
		{ "proxy:mysql:/etc/x", true },
		{ "/etc/postfix/networks", false },
		{ "[::1]/128", false },
		{ "[2001:db8::]:25", false },
		{ "192.0.2.0/24", false },
		{ ":x", false },
		{ "example.com", false },
		{ "permit_mynetworks", false },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rows); i++)
		if (pf_table_is_spec(rows[i].item) != rows[i].spec)
			fail_msg("%s: want %s", rows[i].item, rows[i].spec ?
			    "a table" : "no table");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keyed, pfx_setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_cidr, pfx_setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_regexp, pfx_setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_inline, pfx_setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_static, pfx_setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_unknown, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_missing, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_escape, pfx_setup, pfx_teardown),
		cmocka_unit_test(test_is_spec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
