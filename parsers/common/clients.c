/* SPDX-License-Identifier: MIT */
/*
 * clients.c - sets of SMTP clients split by the steps of restriction
 * lists and ACLs (clients.h).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "parsers/common/clients.h"

/* class_free - release a class's own addresses */
static void
class_free(struct cclass *k)
{
	if (k->owned) {
		addrset_free(k->nets);
		free(k->nets);
	}
	k->nets = NULL;
	k->owned = false;
}

/* cset_free - release every class */
void
cset_free(struct cset *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		class_free(&cs->v[i]);
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}

/* same_conditions - two classes differ at most in their addresses */
static bool
same_conditions(const struct cclass *a, const struct cclass *b)
{
	return memcmp(a->attr, b->attr, sizeof(a->attr)) == 0 &&
	    memcmp(a->by_attr, b->by_attr, sizeof(a->by_attr)) == 0 &&
	    a->uncertain == b->uncertain && a->by_nets == b->by_nets &&
	    a->by_any == b->by_any && a->by_unknown == b->by_unknown;
}

/* own - make the class's addresses its own copy */
static void
own(struct cclass *k)
{
	struct addrset *s;

	if (k->owned || k->nets == NULL)
		return;
	s = xmalloc(sizeof(*s));
	addrset_init(s);
	addrset_union(s, k->nets);
	k->nets = s;
	k->owned = true;
}

/* merge - fold the addresses of K into D (K is released) */
static void
merge(struct cclass *d, struct cclass *k)
{
	if (d->nets == NULL || k->nets == NULL) {
		class_free(d);
		class_free(k);
		return;		/* every address */
	}
	if (d->nets != k->nets) {
		own(d);
		addrset_union(d->nets, k->nets);
	}
	class_free(k);
}

/*
 * push - add a class to a set (taking its addresses), merging it into a
 * class with the same conditions; past CSET_MAX classes a class is
 * merged into the last one kept, which becomes uncertain
 */
static void
push(struct cset *cs, struct cclass *k)
{
	size_t i;

	if (k->nets != NULL && addrset_empty(k->nets)) {
		class_free(k);
		return;
	}
	for (i = 0; i < cs->n; i++)
		if (same_conditions(&cs->v[i], k)) {
			merge(&cs->v[i], k);
			return;
		}
	if (cs->n == CSET_MAX) {
		cs->overflow = true;
		cs->v[cs->n - 1].uncertain = true;
		merge(&cs->v[cs->n - 1], k);
		return;
	}
	if (cs->n == cs->cap) {
		cs->cap = cs->cap ? cs->cap * 2 : 4;
		cs->v = xreallocarray(cs->v, cs->cap, sizeof(*cs->v));
	}
	cs->v[cs->n++] = *k;
}

/* copy_class - a class sharing K's addresses until one is changed */
static struct cclass
copy_class(const struct cclass *k)
{
	struct cclass c = *k;

	c.owned = false;
	if (k->owned) {
		c.nets = xmalloc(sizeof(*c.nets));
		addrset_init(c.nets);
		addrset_union(c.nets, k->nets);
		c.owned = true;
	}
	return c;
}

/* cset_everyone - one class: every address, no condition */
void
cset_everyone(struct cset *cs)
{
	struct cclass k;

	memset(&k, 0, sizeof(k));
	push(cs, &k);
}

/* cset_take - move every class of SRC to DST */
void
cset_take(struct cset *dst, struct cset *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		push(dst, &src->v[i]);
	dst->overflow |= src->overflow;
	free(src->v);
	memset(src, 0, sizeof(*src));
}

/* intersect - a new set: the addresses of A that are in B */
static struct addrset *
intersect(const struct addrset *a, struct addrset *b)
{
	struct addrset *hit = xmalloc(sizeof(*hit)), outside;

	/* a - (a - b) */
	addrset_init(hit);
	addrset_union(hit, a);
	addrset_init(&outside);
	addrset_union(&outside, a);
	addrset_subtract(&outside, b);
	addrset_subtract(hit, &outside);
	addrset_free(&outside);
	return hit;
}

/* within - every address of class K is in S */
static bool
within(const struct cclass *k, struct addrset *s)
{
	if (k->nets == NULL)
		return addrset_covers_all(s, AF4) && addrset_covers_all(s, AF6);
	/* the same list met again (permit_mynetworks in two lists) */
	return k->nets == s || addrset_within(s, k->nets);
}

/*
 * cset_match_nets - the clients of IN in S pass: a narrowed copy goes to
 * OUT, or the whole class when all of it is in S (nothing of it goes on)
 */
void
cset_match_nets(struct cset *in, struct addrset *s, const void *by,
    struct cset *out)
{
	struct cset rest = CSET_INIT;
	size_t i;

	if (addrset_empty(s))
		return;
	for (i = 0; i < in->n; i++) {
		struct cclass *k = &in->v[i];
		struct cclass hit = *k;

		if (within(k, s)) {
			if (k->by_nets == NULL)
				k->by_nets = by;
			push(out, k);
			continue;
		}
		if (k->nets == NULL) {
			hit.nets = s;
			hit.owned = false;
		} else {
			hit.nets = intersect(k->nets, s);
			hit.owned = true;
		}
		if (hit.by_nets == NULL)
			hit.by_nets = by;	/* the first step that narrowed */
		push(out, &hit);
		push(&rest, k);
	}
	rest.overflow = in->overflow;
	free(in->v);
	*in = rest;
}

/* cset_match_attr - the clients of IN with attribute A pass */
void
cset_match_attr(struct cset *in, enum cattr a, const void *by,
    struct cset *out)
{
	struct cset rest = CSET_INIT;
	size_t i;

	for (i = 0; i < in->n; i++) {
		struct cclass *k = &in->v[i];
		struct cclass hit;

		switch (k->attr[a]) {
		case TRI_YES:
			push(out, k);
			break;
		case TRI_NO:
			push(&rest, k);
			break;
		case TRI_ANY:
			hit = copy_class(k);
			hit.attr[a] = TRI_YES;
			hit.by_attr[a] = by;
			push(out, &hit);
			k->attr[a] = TRI_NO;
			push(&rest, k);
			break;
		}
	}
	rest.overflow = in->overflow;
	free(in->v);
	*in = rest;
}

/* cset_match_all - every client of IN passes */
void
cset_match_all(struct cset *in, const void *by, struct cset *out)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		if (in->v[i].by_any == NULL)
			in->v[i].by_any = by;
	cset_take(out, in);
}

/* cset_match_unknown - uncertain copies pass; IN keeps every class */
void
cset_match_unknown(struct cset *in, const void *by, struct cset *out)
{
	size_t i;

	for (i = 0; i < in->n; i++) {
		struct cclass hit = copy_class(&in->v[i]);

		hit.uncertain = true;
		if (hit.by_unknown == NULL)
			hit.by_unknown = by;
		push(out, &hit);
	}
}

/* cclass_strangers - a stranger can be in the class */
bool
cclass_strangers(const struct cclass *k)
{
	return k->attr[CA_AUTH] != TRI_YES && k->attr[CA_CERT] != TRI_YES &&
	    k->attr[CA_NAMED] != TRI_YES && (k->nets == NULL ||
	    (addrset_classes(k->nets) & ACLASS_PUBLIC) != 0);
}

/* cclass_dest_only - it relays only to domains a table names */
bool
cclass_dest_only(const struct cclass *k)
{
	return k->attr[CA_DEST] == TRI_YES;
}

/* cclass_take_nets - the class's addresses, now the caller's */
struct addrset *
cclass_take_nets(struct cclass *k, bool *owned)
{
	struct addrset *s = k->nets;

	*owned = k->owned;
	k->nets = NULL;
	k->owned = false;
	return s;
}
