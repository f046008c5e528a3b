/* SPDX-License-Identifier: MIT */
/*
 * addrset.c - sets of IPv4 and IPv6 prefixes with union, coverage and
 * classification arithmetic.
 *
 * A set is an array of prefixes that grows by appending.  Before any
 * query it is normalised: sorted by (family, address, length), prefixes
 * covered by another are dropped and sibling pairs are merged into their
 * parent until none remain.  The result is a sorted list of disjoint
 * prefixes in which no two are siblings; in that form a prefix lies
 * inside the set exactly when a single member covers it, so lookups are
 * a binary search.
 *
 * Classification works on a partition of each family's address space
 * into spans (inclusive ranges) built from the table of special ranges
 * below: each span takes the class of the most specific table entry that
 * contains it, or the family default.  IPv4 space outside the table is
 * PUBLIC.  IPv6 space is PUBLIC only inside 2000::/3 (global unicast,
 * minus 2001:db8::/32); all other unlisted IPv6 space - unallocated
 * ranges, 64:ff9b::/96, the deprecated fec0::/10 and so on - counts as
 * OTHER, as do ::/128, ::ffff:0:0/96 and ff00::/8.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/addrset.h"
#include "lib/util.h"

/* 128-bit unsigned value; IPv4 addresses use the low 32 bits only */
struct u128 {
	uint64_t	hi;
	uint64_t	lo;
};

/* one inclusive range of a family's space and its class */
struct span {
	struct u128	lo;
	struct u128	hi;
	unsigned	cls;
};

/* one entry of the special-range table; hi/lo hold the first address */
struct special {
	uint64_t	hi;
	uint64_t	lo;
	uint8_t		len;
	unsigned	cls;
};

static const struct special special4[] = {
	{ 0, 0x00000000, 8, ACLASS_OTHER },	/* 0.0.0.0/8 "this network" */
	{ 0, 0x0a000000, 8, ACLASS_PRIVATE },	/* 10.0.0.0/8 */
	{ 0, 0x64400000, 10, ACLASS_PRIVATE },	/* 100.64.0.0/10 CGNAT */
	{ 0, 0x7f000000, 8, ACLASS_LOOPBACK },	/* 127.0.0.0/8 */
	{ 0, 0xa9fe0000, 16, ACLASS_LINKLOCAL },	/* 169.254.0.0/16 */
	{ 0, 0xac100000, 12, ACLASS_PRIVATE },	/* 172.16.0.0/12 */
	{ 0, 0xc0000200, 24, ACLASS_DOC },	/* 192.0.2.0/24 */
	{ 0, 0xc0a80000, 16, ACLASS_PRIVATE },	/* 192.168.0.0/16 */
	{ 0, 0xc6336400, 24, ACLASS_DOC },	/* 198.51.100.0/24 */
	{ 0, 0xcb007100, 24, ACLASS_DOC },	/* 203.0.113.0/24 */
	{ 0, 0xe0000000, 4, ACLASS_OTHER },	/* 224.0.0.0/4 multicast */
	{ 0, 0xf0000000, 4, ACLASS_OTHER },	/* 240.0.0.0/4 reserved */
	{ 0, 0xffffffff, 32, ACLASS_OTHER },	/* 255.255.255.255 */
};

static const struct special special6[] = {
	{ 0, 0, 128, ACLASS_OTHER },			/* ::/128 */
	{ 0, 1, 128, ACLASS_LOOPBACK },			/* ::1/128 */
	{ 0, 0x0000ffff00000000ULL, 96, ACLASS_OTHER },	/* ::ffff:0:0/96 */
	{ 0x2000000000000000ULL, 0, 3, ACLASS_PUBLIC },	/* 2000::/3 */
	{ 0x20010db800000000ULL, 0, 32, ACLASS_DOC },	/* 2001:db8::/32 */
	{ 0xfc00000000000000ULL, 0, 7, ACLASS_PRIVATE },	/* fc00::/7 */
	{ 0xfe80000000000000ULL, 0, 10, ACLASS_LINKLOCAL },	/* fe80::/10 */
	{ 0xff00000000000000ULL, 0, 8, ACLASS_OTHER },	/* ff00::/8 */
};

/* room for the cuts of the larger table: 2 per entry, plus 0 */
#define PART_MAX	32
_Static_assert(2 * ARRAY_SIZE(special4) + 1 <= PART_MAX, "PART_MAX");
_Static_assert(2 * ARRAY_SIZE(special6) + 1 <= PART_MAX, "PART_MAX");

/* partition of one family's space into classified spans */
struct partition {
	struct span	s[PART_MAX];
	size_t		n;
};

/* family_bits - address width of a family, 0 when unknown */
static unsigned
family_bits(int family)
{
	if (family == AF4)
		return 32;
	if (family == AF6)
		return 128;
	return 0;
}

/* u128_cmp - three-way comparison */
static int
u128_cmp(struct u128 a, struct u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

/* u128_add - a + b, wrapping */
static struct u128
u128_add(struct u128 a, struct u128 b)
{
	struct u128 r;

	r.lo = a.lo + b.lo;
	r.hi = a.hi + b.hi + (r.lo < a.lo);
	return r;
}

/* u128_sub - a - b, wrapping */
static struct u128
u128_sub(struct u128 a, struct u128 b)
{
	struct u128 r;

	r.lo = a.lo - b.lo;
	r.hi = a.hi - b.hi - (a.lo < b.lo);
	return r;
}

/* u128_inc - a + 1, wrapping */
static struct u128
u128_inc(struct u128 a)
{
	struct u128 one = { 0, 1 };

	return u128_add(a, one);
}

/* u128_max - the largest address of a family */
static struct u128
u128_max(unsigned bits)
{
	struct u128 r;

	if (bits == 128) {
		r.hi = UINT64_MAX;
		r.lo = UINT64_MAX;
	} else {
		r.hi = 0;
		r.lo = (UINT64_C(1) << bits) - 1;
	}
	return r;
}

/* u128_hostmask - ones in the low (bits - len) bits */
static struct u128
u128_hostmask(unsigned bits, unsigned len)
{
	unsigned host = bits - len;
	struct u128 r = { 0, 0 };

	if (host >= 128) {
		r.hi = UINT64_MAX;
		r.lo = UINT64_MAX;
	} else if (host >= 64) {
		r.hi = host == 64 ? 0 : (UINT64_C(1) << (host - 64)) - 1;
		r.lo = UINT64_MAX;
	} else if (host > 0)
		r.lo = (UINT64_C(1) << host) - 1;
	return r;
}

/* u128_log2 - index of the highest set bit, or -1 for zero */
static int
u128_log2(struct u128 a)
{
	int i;

	if (a.hi != 0) {
		for (i = 63; i >= 0; i--)
			if (a.hi & (UINT64_C(1) << i))
				return 64 + i;
	}
	for (i = 63; i >= 0; i--)
		if (a.lo & (UINT64_C(1) << i))
			return i;
	return -1;
}

/* prefix_first - first address of a prefix as a number */
static struct u128
prefix_first(const struct prefix *p)
{
	struct u128 r = { 0, 0 };
	int i;

	if (p->family == AF4) {
		for (i = 0; i < 4; i++)
			r.lo = r.lo << 8 | p->a[i];
		return r;
	}
	for (i = 0; i < 8; i++)
		r.hi = r.hi << 8 | p->a[i];
	for (i = 8; i < 16; i++)
		r.lo = r.lo << 8 | p->a[i];
	return r;
}

/* prefix_last - last address of a prefix as a number */
static struct u128
prefix_last(const struct prefix *p)
{
	struct u128 r = prefix_first(p);
	struct u128 m = u128_hostmask(family_bits(p->family), p->len);

	r.hi |= m.hi;
	r.lo |= m.lo;
	return r;
}

/* clear_host_bits - zero every address bit past the prefix length */
static void
clear_host_bits(struct prefix *p)
{
	unsigned i, keep;

	for (i = 0; i < sizeof(p->a); i++) {
		keep = p->len > 8 * i ? p->len - 8 * i : 0;
		if (keep < 8)
			p->a[i] &= (uint8_t)(0xff00u >> keep);
	}
}

/* prefix_valid - the prefix has a known family and a fitting length */
static bool
prefix_valid(const struct prefix *p)
{
	unsigned bits = family_bits(p->family);

	return bits != 0 && p->len <= bits;
}

/* parse_len - decimal prefix length no greater than max */
static bool
parse_len(const char *s, unsigned max, uint8_t *len)
{
	unsigned v = 0;

	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return false;
	}
	*len = (uint8_t)v;
	return true;
}

/* prefix_parse - parse an IPv4 or IPv6 address with optional length */
bool
prefix_parse(const char *s, struct prefix *out)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *end, *slash;
	struct prefix p;
	bool bracket = false;
	size_t n;

	if (s == NULL || out == NULL)
		return false;
	if (*s == '[') {
		bracket = true;
		s++;
		if ((end = strchr(s, ']')) == NULL)
			return false;
		slash = end[1] == '\0' ? NULL : end + 1;
		if (slash != NULL && *slash != '/')
			return false;
	} else {
		slash = strchr(s, '/');
		end = slash != NULL ? slash : s + strlen(s);
	}
	n = (size_t)(end - s);
	if (n == 0 || n >= sizeof(addr))
		return false;
	memcpy(addr, s, n);
	addr[n] = '\0';

	memset(&p, 0, sizeof(p));
	if (strchr(addr, ':') != NULL) {
		if (inet_pton(AF_INET6, addr, p.a) != 1)
			return false;
		p.family = AF6;
	} else {
		/* brackets are IPv6 syntax only */
		if (bracket || inet_pton(AF_INET, addr, p.a) != 1)
			return false;
		p.family = AF4;
	}
	p.len = (uint8_t)family_bits(p.family);
	if (slash != NULL && !parse_len(slash + 1, p.len, &p.len))
		return false;
	clear_host_bits(&p);
	*out = p;
	return true;
}

/* prefix_format - canonical text of a prefix into buf */
void
prefix_format(const struct prefix *p, char *buf, size_t size)
{
	char addr[INET6_ADDRSTRLEN];

	if (size == 0)
		return;
	if (!prefix_valid(p) ||
	    inet_ntop(p->family == AF4 ? AF_INET : AF_INET6, p->a, addr,
	    sizeof(addr)) == NULL) {
		snprintf(buf, size, "?");
		return;
	}
	snprintf(buf, size, "%s/%u", addr, (unsigned)p->len);
}

/* addrset_init - make an empty set */
void
addrset_init(struct addrset *s)
{
	s->p = NULL;
	s->n = 0;
	s->cap = 0;
	s->normalised = true;
}

/* addrset_free - release the set's memory and leave it empty */
void
addrset_free(struct addrset *s)
{
	free(s->p);
	addrset_init(s);
}

/* addrset_reserve - make room for extra more prefixes */
static void
addrset_reserve(struct addrset *s, size_t extra)
{
	size_t cap;

	if (extra > SIZE_MAX - s->n)
		die("addrset: too many prefixes");
	if (s->n + extra <= s->cap)
		return;
	cap = s->cap < 16 ? 16 : s->cap;
	while (cap < s->n + extra)
		cap = cap > SIZE_MAX / 2 ? s->n + extra : cap * 2;
	s->p = xreallocarray(s->p, cap, sizeof(*s->p));
	s->cap = cap;
}

/* addrset_add - append a prefix; the set is normalised on next query */
void
addrset_add(struct addrset *s, const struct prefix *p)
{
	struct prefix q = *p;

	if (!prefix_valid(&q))
		die("addrset: invalid prefix (family %u, length %u)",
		    (unsigned)q.family, (unsigned)q.len);
	clear_host_bits(&q);
	addrset_reserve(s, 1);
	s->p[s->n++] = q;
	s->normalised = false;
}

/* addrset_add_str - parse a prefix and add it */
bool
addrset_add_str(struct addrset *s, const char *text)
{
	struct prefix p;

	if (!prefix_parse(text, &p))
		return false;
	addrset_add(s, &p);
	return true;
}

/* addrset_union - add every prefix of src to dst (src may be dst) */
void
addrset_union(struct addrset *dst, const struct addrset *src)
{
	size_t n = src->n;

	if (n == 0)
		return;
	addrset_reserve(dst, n);
	/* after the reserve, src->p is current even when src == dst */
	memcpy(dst->p + dst->n, src->p, n * sizeof(*dst->p));
	dst->n += n;
	dst->normalised = false;
}

/* addrset_empty - the set holds no address */
bool
addrset_empty(const struct addrset *s)
{
	return s->n == 0;
}

/* load_be64 - eight bytes as a big-endian number */
static uint64_t
load_be64(const uint8_t *b)
{
	return (uint64_t)b[0] << 56 | (uint64_t)b[1] << 48 |
	    (uint64_t)b[2] << 40 | (uint64_t)b[3] << 32 |
	    (uint64_t)b[4] << 24 | (uint64_t)b[5] << 16 |
	    (uint64_t)b[6] << 8 | (uint64_t)b[7];
}

/* addr_cmp - order by family, then first address */
static int
addr_cmp(const struct prefix *a, const struct prefix *b)
{
	uint64_t x, y;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	x = load_be64(a->a);
	y = load_be64(b->a);
	if (x == y) {
		x = load_be64(a->a + 8);
		y = load_be64(b->a + 8);
	}
	return (x > y) - (x < y);
}

/* prefix_cmp - sort order: family, first address, shorter first */
static int
prefix_cmp(const struct prefix *a, const struct prefix *b)
{
	int c;

	if ((c = addr_cmp(a, b)) != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

/*
 * prefix_sort - bottom-up merge sort, O(n log n) with a linear scratch
 * array; already sorted input, the common case for configuration
 * files, costs one pass.
 */
static void
prefix_sort(struct prefix *p, size_t n)
{
	struct prefix *src = p, *dst, *tmp, *scratch;
	size_t w, lo, mid, hi, i, j, k;

	for (i = 1; i < n; i++)
		if (prefix_cmp(&p[i - 1], &p[i]) > 0)
			break;
	if (i >= n)
		return;
	dst = scratch = xreallocarray(NULL, n, sizeof(*p));
	for (w = 1; w < n; w *= 2) {
		for (lo = 0; lo < n; lo = hi) {
			mid = n - lo > w ? lo + w : n;
			hi = n - mid > w ? mid + w : n;
			i = lo;
			j = mid;
			k = lo;
			while (i < mid && j < hi)
				dst[k++] = prefix_cmp(&src[j], &src[i]) < 0 ?
				    src[j++] : src[i++];
			while (i < mid)
				dst[k++] = src[i++];
			while (j < hi)
				dst[k++] = src[j++];
		}
		tmp = src;
		src = dst;
		dst = tmp;
	}
	if (src != p)
		memcpy(p, src, n * sizeof(*p));
	free(scratch);
}

/* prefix_covers - every address of q lies in p */
static bool
prefix_covers(const struct prefix *p, const struct prefix *q)
{
	unsigned full, rest;

	if (p->family != q->family || p->len > q->len)
		return false;
	full = p->len / 8;
	rest = p->len % 8;
	if (memcmp(p->a, q->a, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((p->a[full] ^ q->a[full]) & (uint8_t)(0xff00u >> rest)) == 0;
}

/* prefix_siblings - a and b are the two halves of one parent, a first */
static bool
prefix_siblings(const struct prefix *a, const struct prefix *b)
{
	struct prefix t;
	unsigned bit;

	if (a->family != b->family || a->len != b->len || a->len == 0)
		return false;
	bit = a->len - 1u;
	if (a->a[bit / 8] & (0x80u >> (bit % 8)))
		return false;
	t = *a;
	t.a[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
	return memcmp(t.a, b->a, sizeof(t.a)) == 0;
}

/*
 * addrset_normalise - sort, drop covered prefixes and merge siblings.
 * After sorting, a prefix covered by any member is covered by the last
 * one kept, and the kept list works as a stack: each new prefix merges
 * with the top while the two are siblings, so one pass suffices.  A set
 * that shrinks to under a quarter of its room gives the rest back (a
 * million neighbours often merge into a handful of prefixes).
 */
void
addrset_normalise(struct addrset *s)
{
	size_t i, k = 0;

	if (s->normalised)
		return;
	prefix_sort(s->p, s->n);
	for (i = 0; i < s->n; i++) {
		if (k > 0 && prefix_covers(&s->p[k - 1], &s->p[i]))
			continue;
		s->p[k++] = s->p[i];
		while (k >= 2 && prefix_siblings(&s->p[k - 2], &s->p[k - 1])) {
			k--;
			s->p[k - 1].len--;
		}
	}
	s->n = k;
	s->normalised = true;
	if (s->cap > 16 && s->n < s->cap / 4) {
		s->cap = s->n < 16 ? 16 : s->n;
		s->p = xreallocarray(s->p, s->cap, sizeof(*s->p));
	}
}

/* addrset_find - index of the last member starting at or before q, or -1 */
static ptrdiff_t
addrset_find(const struct addrset *s, const struct prefix *q)
{
	size_t lo = 0, hi = s->n, mid;

	/* invariant: members below lo start <= q, members from hi start > q */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (addr_cmp(&s->p[mid], q) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (ptrdiff_t)lo - 1;
}

/* addrset_contains - the whole prefix lies inside the set */
bool
addrset_contains(struct addrset *s, const struct prefix *p)
{
	struct prefix q = *p;
	ptrdiff_t i;

	if (!prefix_valid(&q))
		return false;
	clear_host_bits(&q);
	addrset_normalise(s);
	/* in normal form one member covers q whenever the union does */
	i = addrset_find(s, &q);
	return i >= 0 && prefix_covers(&s->p[i], &q);
}

/* addrset_within - every address of B lies inside A */
bool
addrset_within(struct addrset *a, const struct addrset *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!addrset_contains(a, &b->p[i]))
			return false;
	return true;
}

/* addrset_overlaps - some address of the prefix lies inside the set */
bool
addrset_overlaps(struct addrset *s, const struct prefix *p)
{
	struct prefix q = *p;
	ptrdiff_t i;

	if (!prefix_valid(&q))
		return false;
	clear_host_bits(&q);
	addrset_normalise(s);
	/*
	 * Prefixes intersect only by nesting.  The member starting at or
	 * before q can cover q, or lie inside it when both start together;
	 * members starting after q can only lie inside q, and if any does,
	 * the first of them does.
	 */
	i = addrset_find(s, &q);
	if (i >= 0 && (prefix_covers(&s->p[i], &q) ||
	    prefix_covers(&q, &s->p[i])))
		return true;
	return (size_t)(i + 1) < s->n && prefix_covers(&q, &s->p[i + 1]);
}

/* addrset_covers_all - the set holds the whole space of a family */
bool
addrset_covers_all(struct addrset *s, int family)
{
	struct prefix all;

	if (family_bits(family) == 0)
		return false;
	memset(&all, 0, sizeof(all));
	all.family = (uint8_t)family;
	all.len = 0;
	return addrset_contains(s, &all);
}

/* special_first - first address of a table entry */
static struct u128
special_first(const struct special *e)
{
	struct u128 r = { e->hi, e->lo };

	return r;
}

/* special_last - last address of a table entry */
static struct u128
special_last(const struct special *e, unsigned bits)
{
	struct u128 r = special_first(e);
	struct u128 m = u128_hostmask(bits, e->len);

	r.hi |= m.hi;
	r.lo |= m.lo;
	return r;
}

/*
 * partition_build - split a family's space at every table boundary and
 * give each span the class of the longest entry holding it, or the
 * family default; adjacent spans of one class are joined.
 */
static void
partition_build(struct partition *pt, int family)
{
	const struct special *tab;
	struct u128 cut[PART_MAX], max, t, first, last;
	size_t ntab, ncut = 0, i, j;
	unsigned bits, dflt, cls;
	int best;

	if (family == AF4) {
		tab = special4;
		ntab = ARRAY_SIZE(special4);
		dflt = ACLASS_PUBLIC;
	} else {
		tab = special6;
		ntab = ARRAY_SIZE(special6);
		dflt = ACLASS_OTHER;
	}
	bits = family_bits(family);
	max = u128_max(bits);

	cut[ncut++] = (struct u128){ 0, 0 };
	for (i = 0; i < ntab; i++) {
		cut[ncut++] = special_first(&tab[i]);
		last = special_last(&tab[i], bits);
		if (u128_cmp(last, max) != 0)
			cut[ncut++] = u128_inc(last);
	}
	/* insertion sort and deduplicate; the table is tiny */
	for (i = 1; i < ncut; i++) {
		t = cut[i];
		for (j = i; j > 0 && u128_cmp(cut[j - 1], t) > 0; j--)
			cut[j] = cut[j - 1];
		cut[j] = t;
	}
	for (i = j = 0; i < ncut; i++)
		if (j == 0 || u128_cmp(cut[j - 1], cut[i]) != 0)
			cut[j++] = cut[i];
	ncut = j;

	pt->n = 0;
	for (i = 0; i < ncut; i++) {
		cls = dflt;
		best = -1;
		for (j = 0; j < ntab; j++) {
			first = special_first(&tab[j]);
			last = special_last(&tab[j], bits);
			if (u128_cmp(first, cut[i]) <= 0 &&
			    u128_cmp(cut[i], last) <= 0 && tab[j].len > best) {
				best = tab[j].len;
				cls = tab[j].cls;
			}
		}
		if (i + 1 < ncut)
			last = u128_sub(cut[i + 1], (struct u128){ 0, 1 });
		else
			last = max;
		if (pt->n > 0 && pt->s[pt->n - 1].cls == cls) {
			pt->s[pt->n - 1].hi = last;
			continue;
		}
		pt->s[pt->n].lo = cut[i];
		pt->s[pt->n].hi = last;
		pt->s[pt->n].cls = cls;
		pt->n++;
	}
}

/* partition_first - index of the first span ending at or after a */
static size_t
partition_first(const struct partition *pt, struct u128 a)
{
	size_t lo = 0, hi = pt->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (u128_cmp(pt->s[mid].hi, a) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* partition_classes - ACLASS_* bits of the spans meeting a prefix */
static unsigned
partition_classes(const struct partition *pt, const struct prefix *p)
{
	struct u128 first = prefix_first(p), last = prefix_last(p);
	unsigned cls = 0;
	size_t i;

	for (i = partition_first(pt, first);
	    i < pt->n && u128_cmp(pt->s[i].lo, last) <= 0; i++)
		cls |= pt->s[i].cls;
	return cls;
}

/*
 * partition_public - number of public addresses in a prefix.  No public
 * span is the whole space, so the count always fits.
 */
static struct u128
partition_public(const struct partition *pt, const struct prefix *p)
{
	struct u128 first = prefix_first(p), last = prefix_last(p);
	struct u128 sum = { 0, 0 }, lo, hi;
	size_t i;

	for (i = partition_first(pt, first);
	    i < pt->n && u128_cmp(pt->s[i].lo, last) <= 0; i++) {
		if (pt->s[i].cls != ACLASS_PUBLIC)
			continue;
		lo = u128_cmp(pt->s[i].lo, first) > 0 ? pt->s[i].lo : first;
		hi = u128_cmp(pt->s[i].hi, last) < 0 ? pt->s[i].hi : last;
		sum = u128_add(sum, u128_inc(u128_sub(hi, lo)));
	}
	return sum;
}

/* prefix_class - ACLASS_* bits the prefix touches */
unsigned
prefix_class(const struct prefix *p)
{
	struct partition pt;
	struct prefix q = *p;

	if (!prefix_valid(&q))
		return 0;
	clear_host_bits(&q);
	partition_build(&pt, q.family);
	return partition_classes(&pt, &q);
}

/* addrset_classes - ACLASS_* bits of every space the set touches */
unsigned
addrset_classes(struct addrset *s)
{
	struct partition pt4, pt6;
	unsigned cls = 0;
	size_t i;

	addrset_normalise(s);
	partition_build(&pt4, AF4);
	partition_build(&pt6, AF6);
	for (i = 0; i < s->n; i++)
		cls |= partition_classes(s->p[i].family == AF4 ? &pt4 : &pt6,
		    &s->p[i]);
	return cls;
}

/* addrset_public_v4 - number of public IPv4 addresses in the set */
uint64_t
addrset_public_v4(struct addrset *s)
{
	struct partition pt;
	uint64_t sum = 0;
	size_t i;

	addrset_normalise(s);
	partition_build(&pt, AF4);
	/* AF4 sorts before AF6 */
	for (i = 0; i < s->n && s->p[i].family == AF4; i++)
		sum += partition_public(&pt, &s->p[i]).lo;
	return sum;
}

/* addrset_public_v6_bits - floor(log2) of public IPv6 addresses, or -1 */
int
addrset_public_v6_bits(struct addrset *s)
{
	struct partition pt;
	struct u128 sum = { 0, 0 };
	size_t i;

	addrset_normalise(s);
	partition_build(&pt, AF6);
	/* members are disjoint, so the sum is at most 2^125 - 2^96 */
	for (i = 0; i < s->n; i++)
		if (s->p[i].family == AF6)
			sum = u128_add(sum, partition_public(&pt, &s->p[i]));
	return u128_log2(sum);
}

/*
 * addrset_widest_public - shortest length among members of a family
 * that touch public space, or -1.  Members are those of the normalised
 * set, so merged siblings count as their parent.
 */
int
addrset_widest_public(struct addrset *s, int family)
{
	struct partition pt;
	int best = -1;
	size_t i;

	if (family_bits(family) == 0)
		return -1;
	addrset_normalise(s);
	partition_build(&pt, family);
	for (i = 0; i < s->n; i++) {
		if (s->p[i].family != family)
			continue;
		if (best >= 0 && s->p[i].len >= best)
			continue;
		if (partition_classes(&pt, &s->p[i]) & ACLASS_PUBLIC)
			best = s->p[i].len;
	}
	return best;
}

/* subtract_one - add to out the part of p that lies outside b */
static void
subtract_one(struct addrset *out, const struct prefix *p, struct addrset *b)
{
	struct prefix half[2];
	unsigned bit = p->len, i;

	if (!addrset_overlaps(b, p)) {
		addrset_add(out, p);
		return;
	}
	if (addrset_contains(b, p) || bit >= family_bits(p->family))
		return;
	for (i = 0; i < 2; i++) {
		half[i] = *p;
		half[i].len = (uint8_t)(bit + 1);
		if (i)
			half[i].a[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
		subtract_one(out, &half[i], b);
	}
}

/* addrset_subtract - remove every address of b from a */
void
addrset_subtract(struct addrset *a, struct addrset *b)
{
	struct addrset out;
	size_t i;

	addrset_init(&out);
	addrset_normalise(a);
	for (i = 0; i < a->n; i++)
		subtract_one(&out, &a->p[i], b);
	addrset_free(a);
	*a = out;
}

