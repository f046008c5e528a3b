/* SPDX-License-Identifier: MIT */
/*
 * pf_nets.c - Postfix network lists (mynetworks and friends) as address
 * sets, and how much of the domain space a domain list covers.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_relay.h"
#include "psl.h"
#include "pf_table.h"
#include "source.h"

#define NETFILE_DEPTH	4	/* "/file" inside "/file" ... */

static const char *const probes[] = { "203.0.113.7", "2001:db8::7", "unknown" };

/* nets_clear - free what a network list holds */
static void
nets_clear(struct pf_nets *n)
{
	addrset_free(&n->set);
	evlist_free(&n->ev);
	free(n->style);
}

/* file_items - the items of a "/file/name" list entry */
static bool
file_items(struct pf_conf *pf, const char *path, const struct setting *st,
    struct strvec *out, const char **file)
{
	struct source src;
	struct lineiter it;
	struct line ln;

	if (!source_read(pf->eng, pf->mc, pf->root, path, st->file, st->line,
	    true, &src))
		return false;
	*file = src.file;
	lineiter_init(&it, &src);
	while (lineiter_next(&it, &ln)) {
		char *s;

		if (line_comment(&ln) || line_blank(&ln))
			continue;
		s = xstrndup(ln.s, ln.len);
		pf_split_list(s, out);
		free(s);
	}
	source_free(&src);
	return true;
}

/* net_table - a type:table entry of a network list */
static void
net_table(struct pf_conf *pf, const char *spec, const struct setting *st,
    struct pf_nets *n)
{
	struct pf_table *t = pf_table_get(pf, spec, st->file, st->line);
	struct prefix p;
	size_t i, j;

	switch (t->kind) {
	case TK_UNKNOWN:
		n->uncertain = true;
		evlist_add(&n->ev, st->file, st->line,
		    "%s cannot be evaluated: %s", spec, t->why);
		return;
	case TK_STATIC:
		n->all = true;
		evlist_add(&n->ev, st->file, st->line,
		    "%s matches every client", spec);
		return;
	case TK_REGEX:
		for (i = 0; i < t->n; i++) {
			if (!t->e[i].compiled) {
				n->uncertain = true;
				continue;
			}
			for (j = 0; j < ARRAY_SIZE(probes); j++)
				if (pf_regex_matches(&t->e[i], probes[j])) {
					n->all = true;
					evlist_add(&n->ev, t->file, t->e[i].line,
					    "/%s/ matches any client",
					    t->e[i].key);
					break;
				}
			n->named = true;
		}
		return;
	default:
		for (i = 0; i < t->n; i++) {
			if (t->e[i].negated)
				continue;
			if (t->kind == TK_CIDR ? t->e[i].pfx.family != 0 &&
			    (p = t->e[i].pfx, true) :
			    prefix_parse(t->e[i].key, &p)) {
				addrset_add(&n->set, &p);
				if ((prefix_class(&p) & ACLASS_PUBLIC) &&
				    n->ev.n < 12)
					evlist_add(&n->ev, t->file, t->e[i].line,
					    "%s %s", t->e[i].key, t->e[i].value);
			} else
				n->named = true;
		}
	}
}

/*
 * net_items - add list items to the set in order; the list matches first
 * match first, so "!prefix" removes its addresses from the positive items
 * after it (excl collects them)
 */
static void
net_items(struct pf_conf *pf, const struct setting *st, struct strvec *items,
    struct pf_nets *n, struct addrset *excl, int depth)
{
	struct prefix p;
	size_t i;

	for (i = 0; i < items->n; i++) {
		const char *it = items->v[i];

		if (it[0] == '!') {
			if (prefix_parse(it + 1, &p))
				addrset_add(excl, &p);
			continue;
		}
		if (it[0] == '/') {
			struct strvec sub = STRVEC_INIT;
			const char *file = NULL;

			if (depth >= NETFILE_DEPTH)
				continue;
			if (file_items(pf, it, st, &sub, &file))
				net_items(pf, st, &sub, n, excl, depth + 1);
			else
				n->uncertain = true;
			strvec_free(&sub);
			continue;
		}
		if (pf_table_is_spec(it)) {
			net_table(pf, it, st, n);
			continue;
		}
		if (!prefix_parse(it, &p))
			n->named = true;
		else if (addrset_empty(excl))
			addrset_add(&n->set, &p);
		else {
			struct addrset one;

			addrset_init(&one);
			addrset_add(&one, &p);
			addrset_subtract(&one, excl);
			addrset_union(&n->set, &one);
			addrset_free(&one);
		}
	}
}

/* compute - the clients a network list setting matches */
static void
compute(struct pf_conf *pf, const struct pf_service *svc, const char *param,
    const struct setting *st, struct pf_nets *n)
{
	struct strvec items = STRVEC_INIT;
	struct addrset excl;

	pf_setting_ev(&n->ev, st);
	if (strcmp(param, "mynetworks") == 0 && st->src == SRC_DEFAULT) {
		const struct setting *style = pf_get(pf, svc, "mynetworks_style");

		n->implicit = true;
		n->style = xstrdup(style->value);
		pf_setting_ev(&n->ev, style);
		addrset_add_str(&n->set, "127.0.0.0/8");
		addrset_add_str(&n->set, "::1/128");
		if (strcmp(style->value, "host") != 0)
			n->uncertain = true;
		return;
	}
	addrset_init(&excl);
	pf_split_list(st->value, &items);
	net_items(pf, st, &items, n, &excl, 0);
	strvec_free(&items);
	addrset_free(&excl);
}

/* nets_free - free a cached network list */
static void
nets_free(void *p)
{
	nets_clear(p);
	free(p);
}

/* pf_nets_cache_free - free every cached network list */
void
pf_nets_cache_free(struct pf_conf *pf)
{
	strmap_free(&pf->nets, nets_free);
}

/* enabled_only - drop the prefixes of a family inet_protocols turns off */
static void
enabled_only(struct pf_conf *pf, struct addrset *set)
{
	const char *proto = pf_value(pf, NULL, "inet_protocols");
	bool v4 = strstr(proto, "all") || strstr(proto, "ipv4");
	bool v6 = strstr(proto, "all") || strstr(proto, "ipv6");
	struct addrset keep;
	size_t i;

	if (v4 && v6)
		return;
	addrset_init(&keep);
	for (i = 0; i < set->n; i++)
		if ((set->p[i].family == AF4 && v4) ||
		    (set->p[i].family == AF6 && v6))
			addrset_add(&keep, &set->p[i]);
	addrset_free(set);
	*set = keep;
}

/*
 * pf_network_list - the clients a network list parameter matches; each
 * distinct list (name, value, style) is read and classified once per
 * configuration and shared by its users
 */
const struct pf_nets *
pf_network_list(struct pf_conf *pf, const struct pf_service *svc,
    const char *param)
{
	const struct setting *st = pf_get(pf, svc, param);
	const char *style = st->src == SRC_DEFAULT ?
	    pf_value(pf, svc, "mynetworks_style") : "";
	char *key = xasprintf("%s\n%d\n%s\n%s", param, st->src == SRC_DEFAULT,
	    style, st->value);
	struct pf_nets *c = strmap_get(&pf->nets, key);

	if (c == NULL) {
		c = xcalloc(1, sizeof(*c));
		addrset_init(&c->set);
		compute(pf, svc, param, st, c);
		enabled_only(pf, &c->set);
		c->public = (addrset_classes(&c->set) & ACLASS_PUBLIC) != 0;
		c->covers = addrset_covers_all(&c->set, AF4) ||
		    addrset_covers_all(&c->set, AF6);
		strmap_put(&pf->nets, key, c);
	}
	free(key);
	return c;
}

/* domain_items - the breadth of a list of domain items */
static enum pf_breadth
domain_items(struct pf_conf *pf, const struct setting *st,
    struct strvec *items, struct evlist *ev, int depth)
{
	enum pf_breadth b = BREADTH_NONE;
	size_t i, j;

	for (i = 0; i < items->n && b != BREADTH_ALL; i++) {
		const char *it = items->v[i];

		if (it[0] == '!')
			continue;
		if (it[0] == '/' && depth < NETFILE_DEPTH) {
			struct strvec sub = STRVEC_INIT;
			const char *file = NULL;
			enum pf_breadth fb;

			if (file_items(pf, it, st, &sub, &file)) {
				fb = domain_items(pf, st, &sub, ev, depth + 1);
				if (fb > b)
					b = fb;
			}
			strvec_free(&sub);
			continue;
		}
		if (pf_table_is_spec(it)) {
			struct pf_table *t = pf_table_get(pf, it, st->file,
			    st->line);

			if (t->kind == TK_STATIC) {
				evlist_add(ev, st->file, st->line,
				    "%s matches every domain", it);
				return BREADTH_ALL;
			}
			for (j = 0; j < t->n; j++) {
				if (t->kind == TK_REGEX &&
				    pf_regex_matches(&t->e[j], "victim.example")) {
					evlist_add(ev, t->file, t->e[j].line,
					    "/%s/ matches any domain",
					    t->e[j].key);
					return BREADTH_ALL;
				}
				if (t->kind == TK_KEYED &&
				    psl_public_suffix(t->e[j].key + (t->e[j].key[0] == '.'))) {
					evlist_add(ev, t->file, t->e[j].line,
					    "%s %s", t->e[j].key, t->e[j].value);
					b = BREADTH_TLD;
				}
			}
			continue;
		}
		if (psl_public_suffix(it + (it[0] == '.'))) {
			evlist_add(ev, st->file, st->line,
			    "'%s' is a public suffix: every domain under it "
			    "matches", it);
			b = BREADTH_TLD;
		}
	}
	return b;
}

/* pf_domain_breadth - how much of the domain space PARAM covers */
enum pf_breadth
pf_domain_breadth(struct pf_conf *pf, const struct pf_service *svc,
    const char *param, struct evlist *ev)
{
	const struct setting *st = pf_get(pf, svc, param);
	struct strvec items = STRVEC_INIT;
	struct evlist mine = { 0 };
	char key[32];
	uintptr_t known;
	enum pf_breadth b;

	/* settings are shared by every scope that sees the same value */
	snprintf(key, sizeof(key), "%p", (const void *)st);
	known = (uintptr_t)strmap_get(&pf->breadth, key);
	/* most lists cover no public suffix: remember that by value */
	if (known == BREADTH_NONE + 1)
		return BREADTH_NONE;
	pf_split_list(st->value, &items);
	b = domain_items(pf, st, &items, &mine, 0);
	strvec_free(&items);
	strmap_put(&pf->breadth, key, (void *)(uintptr_t)(b + 1));
	if (b != BREADTH_NONE) {
		const char *dom = pf_value(pf, svc, "mydomain");

		pf_setting_ev(ev, st);
		if (st->src == SRC_DEFAULT)
			pf_setting_ev(ev, pf_get(pf, svc, "mydestination"));
		if (psl_public_suffix(dom)) {
			pf_setting_ev(ev, pf_get(pf, svc, "mydomain"));
			pf_setting_ev(ev, pf_get(pf, svc, "myhostname"));
		}
		evlist_append(ev, &mine);
	}
	evlist_free(&mine);
	return b;
}
