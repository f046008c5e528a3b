/* SPDX-License-Identifier: MIT */
/*
 * test_addrset.c - unit tests for prefix parsing, set normalisation,
 * coverage queries and address-space classification.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addrset.h"
#include "lib/util.h"

#define ALL_CLASSES	(ACLASS_LOOPBACK | ACLASS_PRIVATE | ACLASS_LINKLOCAL | \
			 ACLASS_DOC | ACLASS_PUBLIC | ACLASS_OTHER)
#define MAXSET		8

/* px - parse a prefix the test relies on, failing the test if it can't */
static struct prefix
px(const char *s)
{
	struct prefix p;

	if (!prefix_parse(s, &p))
		fail_msg("cannot parse \"%s\"", s);
	return p;
}

/* fmt - format a prefix into a static buffer */
static const char *
fmt(const struct prefix *p)
{
	static char buf[64];

	prefix_format(p, buf, sizeof(buf));
	return buf;
}

/* contains_str - addrset_contains on a prefix given as text */
static bool
contains_str(struct addrset *s, const char *text)
{
	struct prefix p = px(text);

	return addrset_contains(s, &p);
}

/* overlaps_str - addrset_overlaps on a prefix given as text */
static bool
overlaps_str(struct addrset *s, const char *text)
{
	struct prefix p = px(text);

	return addrset_overlaps(s, &p);
}

/* set_fill - add a NULL-terminated list of prefixes to a set */
static void
set_fill(struct addrset *s, const char *const *list)
{
	size_t i;

	for (i = 0; i < MAXSET && list[i] != NULL; i++)
		if (!addrset_add_str(s, list[i]))
			fail_msg("cannot add \"%s\"", list[i]);
}

/* v4_first - first IPv4 address of a prefix as a number */
static uint32_t
v4_first(const struct prefix *p)
{
	return (uint32_t)p->a[0] << 24 | (uint32_t)p->a[1] << 16 |
	    (uint32_t)p->a[2] << 8 | p->a[3];
}

/* v4_size - number of addresses in an IPv4 prefix */
static uint64_t
v4_size(const struct prefix *p)
{
	return UINT64_C(1) << (32 - p->len);
}

/* v4_prefix - IPv4 prefix from a number and a length */
static struct prefix
v4_prefix(uint32_t a, unsigned len)
{
	struct prefix p;

	memset(&p, 0, sizeof(p));
	p.family = AF4;
	p.len = (uint8_t)len;
	p.a[0] = (uint8_t)(a >> 24);
	p.a[1] = (uint8_t)(a >> 16);
	p.a[2] = (uint8_t)(a >> 8);
	p.a[3] = (uint8_t)a;
	return p;
}

/*
 * check_normal_v4 - an IPv4-only set, already queried, is in normal form:
 * sorted, disjoint, host bits clear, no two members siblings.  Returns
 * the number of addresses it covers.
 */
static uint64_t
check_normal_v4(const struct addrset *s)
{
	uint64_t total = 0, prev_end = 0;
	size_t i;

	assert_true(s->normalised);
	for (i = 0; i < s->n; i++) {
		const struct prefix *p = &s->p[i];
		uint64_t first = v4_first(p);

		assert_int_equal(p->family, AF4);
		assert_true(p->len <= 32);
		assert_int_equal(first % v4_size(p), 0);
		if (i > 0) {
			const struct prefix *q = &s->p[i - 1];

			assert_true(first >= prev_end);
			/* siblings: same length, adjacent, q on an even slot */
			if (q->len == p->len && v4_first(q) + v4_size(q) ==
			    first && (v4_first(q) / v4_size(q)) % 2 == 0)
				fail_msg("siblings %s left unmerged", fmt(q));
		}
		prev_end = first + v4_size(p);
		total += v4_size(p);
	}
	return total;
}

/* rng - xorshift64 generator with a fixed seed, for reproducible tests */
static uint64_t
rng(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/* test_parse_valid - accepted forms and their canonical text */
static void
test_parse_valid(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
		int		 family;
		int		 len;
	} t[] = {
		{ "192.0.2.0/24", "192.0.2.0/24", AF4, 24 },
		{ "192.0.2.1", "192.0.2.1/32", AF4, 32 },
		{ "0.0.0.0/0", "0.0.0.0/0", AF4, 0 },
		{ "255.255.255.255/32", "255.255.255.255/32", AF4, 32 },
		{ "10.0.0.0/8", "10.0.0.0/8", AF4, 8 },
		{ "10.0.0.0/08", "10.0.0.0/8", AF4, 8 },
		{ "2001:db8::/32", "2001:db8::/32", AF6, 32 },
		{ "2001:DB8::/32", "2001:db8::/32", AF6, 32 },
		{ "[2001:db8::]/32", "2001:db8::/32", AF6, 32 },
		{ "[::1]", "::1/128", AF6, 128 },
		{ "[::]/0", "::/0", AF6, 0 },
		{ "::", "::/128", AF6, 128 },
		{ "::1/128", "::1/128", AF6, 128 },
		{ "fe80::/10", "fe80::/10", AF6, 10 },
		{ "2001:0db8:0000:0000:0000:0000:0000:0001",
		    "2001:db8::1/128", AF6, 128 },
		{ "::ffff:192.0.2.1", "::ffff:192.0.2.1/128", AF6, 128 },
		{ "::ffff:0:0/96", "::ffff:0.0.0.0/96", AF6, 96 },
	};
	struct prefix p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		memset(&p, 0xa5, sizeof(p));
		if (!prefix_parse(t[i].in, &p))
			fail_msg("rejected \"%s\"", t[i].in);
		assert_int_equal(p.family, t[i].family);
		assert_int_equal(p.len, t[i].len);
		assert_string_equal(fmt(&p), t[i].out);
		if (p.family == AF4)
			for (size_t j = 4; j < 16; j++)
				assert_int_equal(p.a[j], 0);
	}
}

/* test_parse_invalid - garbage, short forms, bad lengths, bad brackets */
static void
test_parse_invalid(void **state)
{
	static const char *const t[] = {
		"", "/", "/8", "1.2.3", "1.2", "1", "1.2.3.4.5", "256.0.0.0",
		"1.2.3.-4", "01.2.3.4", "1.2.3.4x", "1.2.3.4/", "1.2.3.4/33",
		"1.2.3.4/-1", "1.2.3.4/+8", "1.2.3.4/8x", "1.2.3.4/8/8",
		"1.2.3.4/ 8", "1.2.3.4 /8", " 1.2.3.4", "1.2.3.4 ",
		"1.2.3.4/99999999999", "[1.2.3.4]", "[1.2.3.4]/32",
		"2001:db8::/129", "2001:db8::/", "2001:db8:::/32", "gggg::",
		"2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0",
		"[::1", "::1]", "[::1]x", "[::1]/", "[::1/128]", "[::1]/129",
		"[]", "[]/0", "[[::1]]", "localhost", "example.org",
		"1.2.3.4/32\n", ":", ":::",
	};
	struct prefix p, orig;
	size_t i;

	memset(&orig, 0x5a, sizeof(orig));
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		p = orig;
		if (prefix_parse(t[i], &p))
			fail_msg("accepted \"%s\" as %s", t[i], fmt(&p));
		/* the output is untouched on failure */
		assert_memory_equal(&p, &orig, sizeof(p));
	}
	assert_false(addrset_add_str(&(struct addrset)ADDRSET_INIT, "1.2.3"));
}

/* test_host_bits - bits past the length are cleared on parse */
static void
test_host_bits(void **state)
{
	static const struct {
		const char	*in;
		const char	*out;
	} t[] = {
		{ "192.0.2.77/24", "192.0.2.0/24" },
		{ "1.2.3.4/8", "1.0.0.0/8" },
		{ "1.2.3.4/0", "0.0.0.0/0" },
		{ "255.255.255.255/1", "128.0.0.0/1" },
		{ "10.255.255.255/9", "10.128.0.0/9" },
		{ "192.0.3.1/23", "192.0.2.0/23" },
		{ "172.31.1.1/12", "172.16.0.0/12" },
		{ "2001:db8:ffff::1/32", "2001:db8::/32" },
		{ "[ffff:ffff::]/0", "::/0" },
		{ "fe80::ffff:1/10", "fe80::/10" },
		{ "febf:ffff::/10", "fe80::/10" },
		{ "2001:db8::1:2:3:4/127", "2001:db8::1:2:3:4/127" },
		{ "2001:db8::1:2:3:5/127", "2001:db8::1:2:3:4/127" },
		{ "2001:db8:0:ff::/57", "2001:db8:0:80::/57" },
	};
	struct prefix p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		p = px(t[i].in);
		assert_string_equal(fmt(&p), t[i].out);
	}
}

/* test_format_roundtrip - format then parse gives the same prefix */
static void
test_format_roundtrip(void **state)
{
	static const char *const t[] = {
		"0.0.0.0/0", "10.0.0.0/8", "100.64.0.0/10", "203.0.113.7/32",
		"::/0", "::/128", "::1/128", "2001:db8::/32", "fc00::/7",
		"ff02::1/128", "::ffff:10.1.2.3/128",
		"2001:4860:4860::8888/128",
		"1:2:3:4:5:6:7:8/128",
	};
	struct prefix p, q;
	char buf[64], small[8];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		p = px(t[i]);
		prefix_format(&p, buf, sizeof(buf));
		assert_string_equal(buf, t[i]);
		q = px(buf);
		assert_memory_equal(&p, &q, sizeof(p));
	}
	/* a short buffer truncates but stays terminated */
	p = px("203.0.113.0/24");
	memset(small, 'x', sizeof(small));
	prefix_format(&p, small, sizeof(small));
	assert_string_equal(small, "203.0.1");
}

/* test_empty_free - initialised, static and zeroed sets are usable */
static void
test_empty_free(void **state)
{
	struct addrset a = ADDRSET_INIT, b, z;
	struct prefix all4 = px("0.0.0.0/0");

	addrset_init(&b);
	memset(&z, 0, sizeof(z));
	assert_true(addrset_empty(&a));
	assert_true(addrset_empty(&b));
	assert_true(addrset_empty(&z));
	assert_false(addrset_contains(&z, &all4));
	assert_false(addrset_overlaps(&z, &all4));
	assert_false(addrset_covers_all(&z, AF4));
	assert_int_equal(addrset_classes(&z), 0);
	assert_int_equal(addrset_public_v4(&z), 0);
	assert_int_equal(addrset_public_v6_bits(&z), -1);
	assert_int_equal(addrset_widest_public(&z, AF4), -1);
	addrset_free(&z);
	addrset_free(&a);

	assert_true(addrset_add_str(&b, "192.0.2.0/24"));
	assert_false(addrset_empty(&b));
	addrset_free(&b);
	assert_true(addrset_empty(&b));
	assert_null(b.p);
	addrset_free(&b);	/* twice is harmless */
}

/* test_merge_halves - 0/1 + 128/1 become 0/0 */
static void
test_merge_halves(void **state)
{
	struct addrset s = ADDRSET_INIT;

	assert_true(addrset_add_str(&s, "128.0.0.0/1"));
	assert_false(addrset_covers_all(&s, AF4));
	assert_true(addrset_add_str(&s, "0.0.0.0/1"));
	assert_true(addrset_covers_all(&s, AF4));
	assert_false(addrset_covers_all(&s, AF6));
	assert_int_equal(s.n, 1);
	assert_string_equal(fmt(&s.p[0]), "0.0.0.0/0");
	addrset_free(&s);

	assert_true(addrset_add_str(&s, "8000::/1"));
	assert_true(addrset_add_str(&s, "::/1"));
	assert_true(addrset_covers_all(&s, AF6));
	assert_false(addrset_covers_all(&s, AF4));
	assert_false(addrset_covers_all(&s, 0));
	assert_int_equal(s.n, 1);
	assert_string_equal(fmt(&s.p[0]), "::/0");
	addrset_free(&s);
}

/* test_merge_siblings - merges of sibling pairs, and only of those */
static void
test_merge_siblings(void **state)
{
	static const struct {
		const char	*set[MAXSET];
		const char	*result[MAXSET];
	} t[] = {
		{ { "10.128.0.0/9", "10.0.0.0/9" }, { "10.0.0.0/8" } },
		/* a chain of merges, fed in any order */
		{ { "128.0.0.0/1", "64.0.0.0/2", "0.0.0.0/2" },
		  { "0.0.0.0/0" } },
		{ { "0.0.0.0/2", "128.0.0.0/1", "64.0.0.0/2" },
		  { "0.0.0.0/0" } },
		{ { "10.0.0.3", "10.0.0.2", "10.0.0.1", "10.0.0.0" },
		  { "10.0.0.0/30" } },
		/* adjacent but with different parents */
		{ { "10.128.0.0/9", "11.0.0.0/9" },
		  { "10.128.0.0/9", "11.0.0.0/9" } },
		{ { "10.0.0.1", "10.0.0.2" },
		  { "10.0.0.1/32", "10.0.0.2/32" } },
		/* same parent, but not both halves */
		{ { "10.0.0.0/9", "10.128.0.0/10" },
		  { "10.0.0.0/9", "10.128.0.0/10" } },
		/* covered prefixes and duplicates disappear */
		{ { "10.1.2.3", "10.0.0.0/8", "10.1.0.0/16", "10.0.0.0/8" },
		  { "10.0.0.0/8" } },
		/* a merge that then covers a later member */
		{ { "10.0.0.0/9", "10.128.0.0/9", "10.200.0.0/16" },
		  { "10.0.0.0/8" } },
		{ { "2001:db8::/33", "2001:db8:8000::/33", "2001:db9::/32" },
		  { "2001:db8::/31" } },
		{ { "::/128", "::1", "0.0.0.0/32", "0.0.0.1/32" },
		  { "0.0.0.0/31", "::/127" } },
	};
	struct addrset s = ADDRSET_INIT;
	struct prefix all = px("0.0.0.0/0");
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		set_fill(&s, t[i].set);
		(void)addrset_overlaps(&s, &all);	/* normalise */
		for (j = 0; j < MAXSET && t[i].result[j] != NULL; j++) {
			if (j >= s.n)
				fail_msg("case %zu: %zu members, want more",
				    i, s.n);
			assert_string_equal(fmt(&s.p[j]), t[i].result[j]);
		}
		assert_int_equal(s.n, j);
		addrset_free(&s);
	}
}

/* test_nines - 10.0.0.0/9 + 10.128.0.0/9 hold all of 10.0.0.0/8 */
static void
test_nines(void **state)
{
	struct addrset s = ADDRSET_INIT;
	struct prefix ten = px("10.0.0.0/8");

	assert_true(addrset_add_str(&s, "10.0.0.0/9"));
	assert_false(addrset_contains(&s, &ten));
	assert_true(addrset_overlaps(&s, &ten));
	assert_true(addrset_add_str(&s, "10.128.0.0/9"));
	assert_true(addrset_contains(&s, &ten));
	assert_false(addrset_contains(&s, &(struct prefix){ .family = AF4,
	    .len = 7, .a = { 10 } }));
	addrset_free(&s);
}

/* test_contains_overlaps - whole-prefix containment versus any overlap */
static void
test_contains_overlaps(void **state)
{
	static const struct {
		const char	*set[MAXSET];
		const char	*q;
		bool		 contains;
		bool		 overlaps;
	} t[] = {
		{ { "10.0.0.0/8" }, "10.1.0.0/16", true, true },
		{ { "10.0.0.0/8" }, "10.0.0.0/8", true, true },
		{ { "10.0.0.0/8" }, "10.255.255.255", true, true },
		{ { "10.0.0.0/8" }, "10.0.0.0/7", false, true },
		{ { "10.0.0.0/8" }, "0.0.0.0/0", false, true },
		{ { "10.0.0.0/8" }, "11.0.0.0/8", false, false },
		{ { "10.0.0.0/8" }, "9.255.255.255", false, false },
		{ { "10.1.0.0/16", "10.3.0.0/16" },
		  "10.0.0.0/14", false, true },
		{ { "10.1.0.0/16", "10.3.0.0/16" },
		  "10.0.0.0/15", false, true },
		{ { "10.1.0.0/16", "10.3.0.0/16" },
		  "10.2.0.0/16", false, false },
		{ { "10.1.0.0/16", "10.3.0.0/16" },
		  "10.0.0.0/16", false, false },
		{ { "10.1.0.0/16", "10.3.0.0/16" },
		  "10.4.0.0/14", false, false },
		{ { "10.1.0.0/16", "10.3.0.0/16" },
		  "10.3.2.1", true, true },
		{ { "10.1.0.0/16", "10.3.0.0/16" },
		  "9.0.0.0/8", false, false },
		/* families never mix */
		{ { "::/0" }, "10.0.0.0/8", false, false },
		{ { "0.0.0.0/0" }, "::/0", false, false },
		{ { "0.0.0.0/0" }, "::ffff:10.0.0.1", false, false },
		{ { "10.0.0.0/8", "::/0" }, "11.0.0.0/8", false, false },
		{ { "10.0.0.0/8", "::/0" }, "2001:db8::/32", true, true },
		{ { "10.0.0.0/8", "2001:db8::/32" }, "0.0.0.0/0", false, true },
		{ { "10.0.0.0/8", "2001:db8::/32" }, "::/0", false, true },
		{ { "10.0.0.0/8", "2001:db8::/32" }, "2001:db8:1::/48",
		  true, true },
		{ { "10.0.0.0/8", "2001:db8::/32" }, "2001:db9::/48",
		  false, false },
		{ { "2001:db8::1" }, "2001:db8::/127", false, true },
		{ { "2001:db8::1" }, "2001:db8::/128", false, false },
		{ { "255.255.255.255" }, "255.255.255.255", true, true },
		{ { "255.255.255.255" }, "255.255.255.254", false, false },
		{ { "::/1", "8000::/2" }, "c000::/2", false, false },
		{ { "::/1", "8000::/2" }, "a000::/3", true, true },
	};
	struct addrset s = ADDRSET_INIT;
	struct prefix q;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		set_fill(&s, t[i].set);
		q = px(t[i].q);
		if (addrset_contains(&s, &q) != t[i].contains)
			fail_msg("case %zu: contains(%s) != %d", i, t[i].q,
			    t[i].contains);
		if (addrset_overlaps(&s, &q) != t[i].overlaps)
			fail_msg("case %zu: overlaps(%s) != %d", i, t[i].q,
			    t[i].overlaps);
		addrset_free(&s);
	}
}

/* test_add_after_query - adding after a query re-normalises */
static void
test_add_after_query(void **state)
{
	struct addrset s = ADDRSET_INIT;
	struct prefix q = px("192.168.1.0/24");

	assert_true(addrset_add_str(&s, "192.168.0.0/24"));
	assert_false(addrset_contains(&s, &q));
	assert_true(s.normalised);
	assert_true(addrset_add_str(&s, "192.168.1.0/24"));
	assert_false(s.normalised);
	assert_true(contains_str(&s, "192.168.0.0/23"));
	assert_int_equal(s.n, 1);
	addrset_free(&s);
}

/* test_union - union copies members, also into itself */
static void
test_union(void **state)
{
	struct addrset a = ADDRSET_INIT, b = ADDRSET_INIT, e = ADDRSET_INIT;
	size_t i;

	assert_true(addrset_add_str(&a, "0.0.0.0/1"));
	assert_true(addrset_add_str(&b, "128.0.0.0/1"));
	assert_true(addrset_add_str(&b, "2001:db8::/32"));
	addrset_union(&a, &b);
	assert_true(addrset_covers_all(&a, AF4));
	assert_true(contains_str(&a, "2001:db8:5::/48"));
	/* the source is left alone */
	assert_int_equal(b.n, 2);
	assert_string_equal(fmt(&b.p[0]), "128.0.0.0/1");
	assert_string_equal(fmt(&b.p[1]), "2001:db8::/32");

	/* with an empty set, either way round */
	addrset_union(&a, &e);
	assert_true(addrset_covers_all(&a, AF4));
	addrset_union(&e, &b);
	assert_int_equal(e.n, 2);
	assert_false(addrset_covers_all(&e, AF4));

	/* self-union survives the reallocation it causes */
	addrset_free(&e);
	for (i = 0; i < 100; i++)
		assert_true(addrset_add_str(&e, "192.0.2.0/24"));
	for (i = 0; i < 6; i++)
		addrset_union(&e, &e);
	assert_int_equal(e.n, 6400);
	assert_true(contains_str(&e, "192.0.2.128/25"));
	assert_int_equal(e.n, 1);
	addrset_free(&a);
	addrset_free(&b);
	addrset_free(&e);
}

/* test_prefix_class - the class of each special range and its edges */
static void
test_prefix_class(void **state)
{
	static const struct {
		const char	*p;
		unsigned	 cls;
	} t[] = {
		{ "127.0.0.0/8", ACLASS_LOOPBACK },
		{ "127.0.0.1", ACLASS_LOOPBACK },
		{ "::1", ACLASS_LOOPBACK },
		{ "10.0.0.0/8", ACLASS_PRIVATE },
		{ "172.16.0.0/12", ACLASS_PRIVATE },
		{ "172.31.255.255", ACLASS_PRIVATE },
		{ "192.168.0.0/16", ACLASS_PRIVATE },
		{ "100.64.0.0/10", ACLASS_PRIVATE },
		{ "100.127.255.255", ACLASS_PRIVATE },
		{ "fc00::/7", ACLASS_PRIVATE },
		{ "fd12:3456::1", ACLASS_PRIVATE },
		{ "169.254.0.0/16", ACLASS_LINKLOCAL },
		{ "fe80::/10", ACLASS_LINKLOCAL },
		{ "febf:ffff::1", ACLASS_LINKLOCAL },
		{ "192.0.2.0/24", ACLASS_DOC },
		{ "198.51.100.0/24", ACLASS_DOC },
		{ "203.0.113.0/24", ACLASS_DOC },
		{ "2001:db8::/32", ACLASS_DOC },
		{ "0.0.0.0/8", ACLASS_OTHER },
		{ "0.0.0.0", ACLASS_OTHER },
		{ "224.0.0.0/4", ACLASS_OTHER },
		{ "239.255.255.255", ACLASS_OTHER },
		{ "240.0.0.0/4", ACLASS_OTHER },
		{ "255.255.255.255", ACLASS_OTHER },
		{ "224.0.0.0/3", ACLASS_OTHER },
		{ "::/128", ACLASS_OTHER },
		{ "::ffff:0:0/96", ACLASS_OTHER },
		{ "::ffff:8.8.8.8", ACLASS_OTHER },
		{ "::ffff:10.0.0.1", ACLASS_OTHER },
		{ "ff00::/8", ACLASS_OTHER },
		{ "ff02::1", ACLASS_OTHER },
		/* unallocated IPv6 outside 2000::/3 */
		{ "::2", ACLASS_OTHER },
		{ "4000::/2", ACLASS_OTHER },
		{ "fec0::/10", ACLASS_OTHER },
		{ "1fff:ffff::", ACLASS_OTHER },
		/* public, right next to the special ranges */
		{ "8.8.8.8", ACLASS_PUBLIC },
		{ "1.0.0.0/8", ACLASS_PUBLIC },
		{ "9.255.255.255", ACLASS_PUBLIC },
		{ "11.0.0.0", ACLASS_PUBLIC },
		{ "100.63.255.255", ACLASS_PUBLIC },
		{ "100.128.0.0", ACLASS_PUBLIC },
		{ "126.255.255.255", ACLASS_PUBLIC },
		{ "128.0.0.0", ACLASS_PUBLIC },
		{ "169.253.255.255", ACLASS_PUBLIC },
		{ "172.15.255.255", ACLASS_PUBLIC },
		{ "172.32.0.0/11", ACLASS_PUBLIC },
		{ "192.0.1.0/24", ACLASS_PUBLIC },
		{ "192.0.3.0/24", ACLASS_PUBLIC },
		{ "192.169.0.0/16", ACLASS_PUBLIC },
		{ "198.51.101.0/24", ACLASS_PUBLIC },
		{ "203.0.112.0/24", ACLASS_PUBLIC },
		{ "223.255.255.255", ACLASS_PUBLIC },
		{ "2000::/16", ACLASS_PUBLIC },
		{ "2001:4860::/32", ACLASS_PUBLIC },
		{ "2001:db7:ffff::/48", ACLASS_PUBLIC },
		{ "2001:db9::/32", ACLASS_PUBLIC },
		{ "3fff:ffff::/32", ACLASS_PUBLIC },
		/* prefixes that straddle classes */
		{ "0.0.0.0/0", ALL_CLASSES },
		{ "::/0", ALL_CLASSES },
		{ "10.0.0.0/7", ACLASS_PRIVATE | ACLASS_PUBLIC },
		{ "0.0.0.0/7", ACLASS_OTHER | ACLASS_PUBLIC },
		{ "192.0.2.0/23", ACLASS_DOC | ACLASS_PUBLIC },
		{ "192.0.0.0/16", ACLASS_DOC | ACLASS_PUBLIC },
		{ "192.0.0.0/8", ACLASS_DOC | ACLASS_PUBLIC | ACLASS_PRIVATE },
		{ "160.0.0.0/3", ACLASS_LINKLOCAL | ACLASS_PRIVATE |
		  ACLASS_PUBLIC },
		{ "192.0.0.0/3", ACLASS_PRIVATE | ACLASS_DOC | ACLASS_PUBLIC },
		{ "64.0.0.0/2", ACLASS_PRIVATE | ACLASS_LOOPBACK |
		  ACLASS_PUBLIC },
		{ "2000::/3", ACLASS_DOC | ACLASS_PUBLIC },
		{ "2001:db8::/31", ACLASS_DOC | ACLASS_PUBLIC },
		{ "::/127", ACLASS_OTHER | ACLASS_LOOPBACK },
		{ "fc00::/6", ACLASS_PRIVATE | ACLASS_LINKLOCAL |
		  ACLASS_OTHER },
		{ "fc00::/8", ACLASS_PRIVATE },
		{ "f800::/5", ACLASS_OTHER | ACLASS_PRIVATE |
		  ACLASS_LINKLOCAL },
		{ "fe00::/7", ACLASS_LINKLOCAL | ACLASS_OTHER },
		{ "::/3", ACLASS_OTHER | ACLASS_LOOPBACK },
		{ "::/2", ACLASS_OTHER | ACLASS_LOOPBACK | ACLASS_PUBLIC |
		  ACLASS_DOC },
	};
	struct prefix p;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		p = px(t[i].p);
		if (prefix_class(&p) != t[i].cls)
			fail_msg("%s: class %#x, want %#x", t[i].p,
			    prefix_class(&p), t[i].cls);
	}
}

/* test_addrset_classes - a set reports every class it touches */
static void
test_addrset_classes(void **state)
{
	static const struct {
		const char	*set[MAXSET];
		unsigned	 cls;
	} t[] = {
		{ { "127.0.0.1", "::1" }, ACLASS_LOOPBACK },
		{ { "10.0.0.0/8", "192.168.0.0/16", "fd00::/8" },
		  ACLASS_PRIVATE },
		{ { "127.0.0.0/8", "10.0.0.0/8", "8.8.8.8" },
		  ACLASS_LOOPBACK | ACLASS_PRIVATE | ACLASS_PUBLIC },
		{ { "fe80::/10", "192.0.2.0/24", "ff02::1" },
		  ACLASS_LINKLOCAL | ACLASS_DOC | ACLASS_OTHER },
		{ { "0.0.0.0/1", "128.0.0.0/1" }, ALL_CLASSES },
		{ { "2001:db8::/32", "2001:db9::/32" },
		  ACLASS_DOC | ACLASS_PUBLIC },
	};
	struct addrset s = ADDRSET_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		set_fill(&s, t[i].set);
		if (addrset_classes(&s) != t[i].cls)
			fail_msg("case %zu: classes %#x, want %#x", i,
			    addrset_classes(&s), t[i].cls);
		addrset_free(&s);
	}
}

/* test_public_v4 - exact counts of public IPv4 addresses */
static void
test_public_v4(void **state)
{
	/* every non-public IPv4 range, by size */
	const uint64_t nonpublic = 3 * (UINT64_C(1) << 24) /* 0, 10, 127 */
	    + (UINT64_C(1) << 22)			/* 100.64/10 */
	    + 2 * (UINT64_C(1) << 16)			/* 169.254, 192.168 */
	    + (UINT64_C(1) << 20)			/* 172.16/12 */
	    + 3 * 256					/* documentation */
	    + 2 * (UINT64_C(1) << 28);			/* 224/4, 240/4 */
	const struct {
		const char	*set[MAXSET];
		uint64_t	 n;
	} t[] = {
		{ { "0.0.0.0/0" }, (UINT64_C(1) << 32) - nonpublic },
		{ { "0.0.0.0/1", "128.0.0.0/1" },
		  (UINT64_C(1) << 32) - nonpublic },
		{ { "0.0.0.0/0", "::/0" }, UINT64_C(3702390016) },
		{ { "8.8.8.0/24" }, 256 },
		{ { "8.8.8.0/24", "8.8.8.0/25", "8.8.8.8" }, 256 },
		{ { "8.8.8.8", "8.8.4.4" }, 2 },
		{ { "10.0.0.0/8" }, 0 },
		{ { "10.0.0.0/8", "127.0.0.1", "224.0.0.0/3" }, 0 },
		{ { "10.0.0.0/7" }, UINT64_C(1) << 24 },
		{ { "192.0.2.0/23" }, 256 },
		{ { "192.0.0.0/23" }, 512 },
		{ { "192.168.0.0/15" }, 65536 },
		{ { "172.0.0.0/8" }, (UINT64_C(1) << 24) - (1 << 20) },
		{ { "100.0.0.0/8" }, (UINT64_C(1) << 24) - (1 << 22) },
		{ { "0.0.0.0/1" }, (UINT64_C(1) << 31) -
		  3 * (UINT64_C(1) << 24) - (1 << 22) },
		{ { "128.0.0.0/1" }, (UINT64_C(1) << 31) - (1 << 16) -
		  (1 << 20) - 3 * 256 - (1 << 16) - 2 * (UINT64_C(1) << 28) },
		{ { "2001:4860::/32" }, 0 },
		{ { NULL }, 0 },
	};
	struct addrset s = ADDRSET_INIT;
	size_t i;

	assert_int_equal(t[0].n, UINT64_C(3702390016));
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		set_fill(&s, t[i].set);
		if (addrset_public_v4(&s) != t[i].n)
			fail_msg("case %zu: %llu public, want %llu", i,
			    (unsigned long long)addrset_public_v4(&s),
			    (unsigned long long)t[i].n);
		addrset_free(&s);
	}
}

/* test_public_v6_bits - floor(log2) of public IPv6 addresses */
static void
test_public_v6_bits(void **state)
{
	static const struct {
		const char	*set[MAXSET];
		int		 bits;
	} t[] = {
		{ { "2001:4860::/32" }, 96 },
		{ { "2001:4860:1234::/48" }, 80 },
		{ { "2001:4860::1" }, 0 },
		{ { "2001:4860::/127" }, 1 },
		{ { "2001:4860::/32", "2001:4861::/32" }, 97 },
		{ { "2001:4860::/32", "2a00::/32" }, 97 },
		{ { "2001:4860::/32", "2a00::/32", "2c00::/32" }, 97 },
		{ { "2001:4860::/32", "2001:4860::/48" }, 96 },
		/* 2^125 - 2^96 */
		{ { "::/0" }, 124 },
		{ { "2000::/3" }, 124 },
		{ { "2001:db8::/31" }, 96 },
		{ { "2001:db8::/32" }, -1 },
		{ { "fc00::/7", "fe80::/10", "::1", "ff00::/8" }, -1 },
		{ { "4000::/2" }, -1 },
		{ { "0.0.0.0/0" }, -1 },
		{ { "0.0.0.0/0", "2001:4860::/64" }, 64 },
	};
	struct addrset s = ADDRSET_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		set_fill(&s, t[i].set);
		if (addrset_public_v6_bits(&s) != t[i].bits)
			fail_msg("case %zu: %d bits, want %d", i,
			    addrset_public_v6_bits(&s), t[i].bits);
		addrset_free(&s);
	}
}

/* test_widest_public - shortest member length touching public space */
static void
test_widest_public(void **state)
{
	static const struct {
		const char	*set[MAXSET];
		int		 v4;
		int		 v6;
	} t[] = {
		{ { "10.0.0.0/8", "8.8.8.0/24", "1.0.0.0/16" }, 16, -1 },
		{ { "10.0.0.0/8", "192.168.0.0/16", "127.0.0.1" }, -1, -1 },
		{ { "0.0.0.0/0" }, 0, -1 },
		{ { "10.0.0.0/7", "8.8.8.8" }, 7, -1 },
		{ { "192.0.2.0/24", "203.0.113.5" }, -1, -1 },
		{ { "192.0.2.0/23" }, 23, -1 },
		/* merged siblings count as their parent */
		{ { "1.0.0.0/9", "1.128.0.0/9" }, 8, -1 },
		{ { "2001:db8::/32", "2001:4860::/32" }, -1, 32 },
		{ { "2001:db8::/32", "fe80::/10" }, -1, -1 },
		{ { "2000::/3", "8.8.8.8", "fc00::/7" }, 32, 3 },
		{ { "::/0" }, -1, 0 },
		{ { "4000::/2", "2001:4860::1" }, -1, 128 },
		{ { NULL }, -1, -1 },
	};
	struct addrset s = ADDRSET_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		set_fill(&s, t[i].set);
		if (addrset_widest_public(&s, AF4) != t[i].v4 ||
		    addrset_widest_public(&s, AF6) != t[i].v6)
			fail_msg("case %zu: widest %d/%d, want %d/%d", i,
			    addrset_widest_public(&s, AF4),
			    addrset_widest_public(&s, AF6), t[i].v4, t[i].v6);
		assert_int_equal(addrset_widest_public(&s, 0), -1);
		addrset_free(&s);
	}
}

/*
 * test_million_random - a million random /32s inside 8.0.0.0/8: many
 * duplicates and many sibling merges.  The normal form must cover
 * exactly the distinct addresses added, checked against a bitmap.
 */
static void
test_million_random(void **state)
{
	enum { N = 1000000, SPACE = 1 << 24 };
	struct addrset s = ADDRSET_INIT;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	uint8_t *seen = xcalloc(SPACE / 8, 1);
	struct prefix p;
	size_t i, distinct = 0, holes = 0;
	uint32_t v;
	int minlen = 32;

	for (i = 0; i < N; i++) {
		v = (uint32_t)(rng(&seed) & (SPACE - 1));
		if (!(seen[v / 8] & (1u << (v % 8)))) {
			seen[v / 8] |= (uint8_t)(1u << (v % 8));
			distinct++;
		}
		p = v4_prefix(0x08000000u | v, 32);
		addrset_add(&s, &p);
	}
	assert_int_equal(s.n, N);
	assert_true(distinct < N);	/* there were duplicates */

	assert_int_equal(addrset_public_v4(&s), distinct);
	assert_int_equal(check_normal_v4(&s), distinct);
	assert_true(s.n < distinct);	/* some siblings merged */
	/* every address of the first 2^20 agrees with the bitmap */
	for (v = 0; v < SPACE / 16; v++) {
		p = v4_prefix(0x08000000u | v, 32);
		if (seen[v / 8] & (1u << (v % 8)))
			assert_true(addrset_contains(&s, &p));
		else {
			assert_false(addrset_overlaps(&s, &p));
			holes++;
		}
	}
	assert_true(holes > 0);
	assert_false(contains_str(&s, "8.0.0.0/8"));
	assert_true(overlaps_str(&s, "8.0.0.0/8"));
	assert_false(overlaps_str(&s, "9.0.0.0/8"));
	for (i = 0; i < s.n; i++)
		minlen = s.p[i].len < minlen ? s.p[i].len : minlen;
	assert_true(minlen < 32);
	assert_int_equal(addrset_widest_public(&s, AF4), minlen);
	assert_int_equal(addrset_widest_public(&s, AF6), -1);
	free(seen);
	addrset_free(&s);
}

/*
 * test_million_adjacent - 2^20 adjacent /24s, shuffled, collapse into
 * the single prefix 0.0.0.0/4.
 */
static void
test_million_adjacent(void **state)
{
	enum { N = 1 << 20 };
	struct addrset s = ADDRSET_INIT;
	uint64_t seed = 0x243f6a8885a308d3ULL;
	uint32_t *v = xmalloc(N * sizeof(*v)), tmp;
	struct prefix p;
	size_t i, j;

	for (i = 0; i < N; i++)
		v[i] = (uint32_t)i << 8;
	for (i = N - 1; i > 0; i--) {
		j = (size_t)(rng(&seed) % (i + 1));
		tmp = v[i];
		v[i] = v[j];
		v[j] = tmp;
	}
	/* leave one /24 out until the end */
	for (i = 0; i < N; i++) {
		if (v[i] == 0x05060700u)
			continue;
		p = v4_prefix(v[i], 24);
		addrset_add(&s, &p);
	}
	assert_false(contains_str(&s, "0.0.0.0/4"));
	assert_false(overlaps_str(&s, "5.6.7.0/24"));
	assert_true(contains_str(&s, "5.6.6.0/24"));
	assert_int_equal(check_normal_v4(&s), (UINT64_C(1) << 28) - 256);
	/* the complement of one /24 in a /4 takes 28 - 4 = 20 prefixes */
	assert_int_equal(s.n, 20);

	assert_true(addrset_add_str(&s, "5.6.7.0/24"));
	assert_true(contains_str(&s, "0.0.0.0/4"));
	assert_int_equal(s.n, 1);
	assert_string_equal(fmt(&s.p[0]), "0.0.0.0/4");
	/* 0/8 and 10/8 are not public */
	assert_int_equal(addrset_public_v4(&s),
	    (UINT64_C(1) << 28) - 2 * (UINT64_C(1) << 24));
	assert_int_equal(addrset_widest_public(&s, AF4), 4);
	assert_int_equal(addrset_classes(&s),
	    ACLASS_OTHER | ACLASS_PRIVATE | ACLASS_PUBLIC);
	free(v);
	addrset_free(&s);
}

/* test_million_v6 - 2^20 adjacent /48s collapse into one /28 */
static void
test_million_v6(void **state)
{
	enum { N = 1 << 20 };
	struct addrset s = ADDRSET_INIT;
	struct prefix p = px("2a00::/48");
	size_t i;

	/* 2a00::/28 + i * 2^80, walked backwards */
	for (i = N; i-- > 0;) {
		p.a[3] = (uint8_t)((i >> 16) & 0x0f);
		p.a[4] = (uint8_t)(i >> 8);
		p.a[5] = (uint8_t)i;
		addrset_add(&s, &p);
	}
	assert_int_equal(addrset_public_v6_bits(&s), 100);
	assert_int_equal(s.n, 1);
	assert_string_equal(fmt(&s.p[0]), "2a00::/28");
	assert_int_equal(addrset_widest_public(&s, AF6), 28);
	addrset_free(&s);
}

/*
 * test_right_size - a set that normalises to under a quarter of its room
 * gives the rest back, and stays correct when it grows again
 */
static void
test_right_size(void **state)
{
	enum { N = 1 << 16 };
	struct addrset s = ADDRSET_INIT;
	struct prefix p;
	size_t i;

	(void)state;
	/* 10.0.0.0/16 one host at a time, every other host first */
	for (i = 0; i < N; i += 2) {
		p = v4_prefix(0x0a000000u | (uint32_t)i, 32);
		addrset_add(&s, &p);
	}
	assert_int_equal(s.n, N / 2);
	assert_false(contains_str(&s, "10.0.0.0/31"));
	assert_int_equal(s.n, N / 2);	/* no sibling pair yet */
	for (i = 1; i < N; i += 2) {
		p = v4_prefix(0x0a000000u | (uint32_t)i, 32);
		addrset_add(&s, &p);
	}
	assert_int_equal(s.n, N);
	assert_true(contains_str(&s, "10.0.0.0/16"));
	assert_int_equal(s.n, 1);
	assert_true(s.cap <= 16);
	assert_string_equal(fmt(&s.p[0]), "10.0.0.0/16");
	/* and it grows again as before */
	for (i = 0; i < 1000; i++) {
		p = v4_prefix(0x0b000000u | (uint32_t)i << 8, 24);
		addrset_add(&s, &p);
	}
	assert_int_equal(s.n, 1001);
	assert_true(s.cap >= 1001);
	assert_true(contains_str(&s, "11.0.0.0/24"));
	assert_true(contains_str(&s, "11.3.231.0/24"));
	assert_false(overlaps_str(&s, "11.3.232.0/24"));
	assert_true(contains_str(&s, "10.0.255.255"));
	assert_int_equal(addrset_public_v4(&s), 1000 * 256);
	addrset_free(&s);
}

/* subtract cases: set, minus, expected prefixes after normalising */
static const struct {
	const char	*a[3];
	const char	*b[3];
	const char	*want[10];
} sub_cases[] = {
	{ { "10.0.0.0/8" }, { "10.0.0.0/8" }, { NULL } },
	{ { "10.0.0.0/8" }, { "192.168.0.0/16" }, { "10.0.0.0/8" } },
	{ { "10.0.0.0/8" }, { "0.0.0.0/0" }, { NULL } },
	{ { "10.0.0.0/8" }, { "10.128.0.0/9" }, { "10.0.0.0/9" } },
	{ { "10.0.0.0/8" }, { "10.0.0.0/10", "10.192.0.0/10" },
	    { "10.64.0.0/10", "10.128.0.0/10" } },
	{ { "192.0.2.0/24" }, { "192.0.2.0/26" },
	    { "192.0.2.64/26", "192.0.2.128/25" } },
	{ { "10.0.0.0/8", "2001:db8::/32" }, { "2001:db8::/33" },
	    { "10.0.0.0/8", "2001:db8:8000::/33" } },
	{ { "::/0" }, { "8000::/1" }, { "::/1" } },
};

/* test_subtract - subtracting carves prefixes without touching others */
static void
test_subtract(void **state)
{
	size_t i, j, n;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sub_cases); i++) {
		struct addrset a = ADDRSET_INIT, b = ADDRSET_INIT;

		for (j = 0; j < 3 && sub_cases[i].a[j]; j++)
			assert_true(addrset_add_str(&a, sub_cases[i].a[j]));
		for (j = 0; j < 3 && sub_cases[i].b[j]; j++)
			assert_true(addrset_add_str(&b, sub_cases[i].b[j]));
		addrset_subtract(&a, &b);
		for (n = 0; sub_cases[i].want[n]; n++)
			;
		addrset_covers_all(&a, AF4);	/* normalises */
		if (a.n != n)
			print_error("case %zu: %zu prefixes, want %zu\n", i,
			    a.n, n);
		assert_int_equal(a.n, n);
		for (j = 0; j < n; j++)
			assert_string_equal(fmt(&a.p[j]), sub_cases[i].want[j]);
		addrset_free(&a);
		addrset_free(&b);
	}
}

/* test_subtract_public - 0/0 minus 8/8 leaves the rest of public space */
static void
test_subtract_public(void **state)
{
	struct addrset a = ADDRSET_INIT, b = ADDRSET_INIT;
	uint64_t all;

	(void)state;
	addrset_add_str(&a, "0.0.0.0/0");
	all = addrset_public_v4(&a);
	addrset_add_str(&b, "8.0.0.0/8");
	addrset_subtract(&a, &b);
	assert_int_equal(addrset_public_v4(&a), all - (UINT64_C(1) << 24));
	assert_false(addrset_covers_all(&a, AF4));
	addrset_free(&a);
	addrset_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_subtract),
		cmocka_unit_test(test_subtract_public),
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_host_bits),
		cmocka_unit_test(test_format_roundtrip),
		cmocka_unit_test(test_empty_free),
		cmocka_unit_test(test_merge_halves),
		cmocka_unit_test(test_merge_siblings),
		cmocka_unit_test(test_nines),
		cmocka_unit_test(test_contains_overlaps),
		cmocka_unit_test(test_add_after_query),
		cmocka_unit_test(test_union),
		cmocka_unit_test(test_prefix_class),
		cmocka_unit_test(test_addrset_classes),
		cmocka_unit_test(test_public_v4),
		cmocka_unit_test(test_public_v6_bits),
		cmocka_unit_test(test_widest_public),
		cmocka_unit_test(test_million_random),
		cmocka_unit_test(test_million_adjacent),
		cmocka_unit_test(test_million_v6),
		cmocka_unit_test(test_right_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
