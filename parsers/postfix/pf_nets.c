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

#include "lib/psl.h"
#include "parsers/common/source.h"
#include "parsers/postfix/pf_int.h"

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

/* a "/file/name" list entry, read a line at a time */
struct listfile {
	struct source	 src;
	struct lineiter	 it;
	struct buf	 line;
};

/* listfile_open - read a "/file/name" list entry; false when it cannot be */
static bool
listfile_open(struct pf_conf *pf, const char *path, const struct setting *st,
    struct listfile *lf)
{
	struct buf empty = BUF_INIT;

	if (!source_read(pf->eng, pf->mc, pf->root, path, st->file, st->line,
	    true, &lf->src))
		return false;
	lineiter_init(&lf->it, &lf->src);
	lf->line = empty;
	return true;
}

/*
 * listfile_next - the items of the next line that holds any, in place
 * of what items held; false at the end.  A million-line file never
 * turns into a million strings at once.
 */
static bool
listfile_next(struct listfile *lf, struct strvec *items)
{
	struct line ln;
	size_t i;

	for (i = 0; i < items->n; i++)
		free(items->v[i]);
	items->n = 0;
	while (lineiter_next(&lf->it, &ln)) {
		if (line_comment(&ln) || line_blank(&ln))
			continue;
		buf_reset(&lf->line);
		buf_add(&lf->line, ln.s, ln.len);
		pf_split_list(lf->line.s, items);
		return true;
	}
	return false;
}

/* listfile_close - free what a list file holds */
static void
listfile_close(struct listfile *lf)
{
	buf_free(&lf->line);
	source_free(&lf->src);
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
 * struct excl - the "!prefix" items met so far, for the positive items
 * after them.  They sit in sets of 1, 2, 4 ... items (a binary counter),
 * so each set is sorted only when it forms, not after every "!"; the
 * positive items since the last "!" wait in batch and leave all sets at
 * once (P - (A u B) = (P - A) - B).  n counts the exclusions.
 */
#define EXCL_LEVELS	64
struct excl {
	struct addrset	 lv[EXCL_LEVELS];	/* level k: 2^k items or none */
	struct addrset	 batch;
	size_t		 n;
};

/* excl_init - no exclusion yet */
static void
excl_init(struct excl *x)
{
	size_t k;

	for (k = 0; k < EXCL_LEVELS; k++)
		addrset_init(&x->lv[k]);
	addrset_init(&x->batch);
	x->n = 0;
}

/* excl_free - free the exclusions and any positive items left waiting */
static void
excl_free(struct excl *x)
{
	size_t k;

	for (k = 0; k < EXCL_LEVELS; k++)
		addrset_free(&x->lv[k]);
	addrset_free(&x->batch);
}

/* excl_flush - the waiting positive items, minus every exclusion, into n */
static void
excl_flush(struct excl *x, struct pf_nets *n)
{
	size_t k;

	if (addrset_empty(&x->batch))
		return;
	for (k = 0; k < EXCL_LEVELS; k++)
		if ((x->n >> k) & 1)
			addrset_subtract(&x->batch, &x->lv[k]);
	addrset_union(&n->set, &x->batch);
	addrset_free(&x->batch);
}

/* excl_add - one more exclusion, for the positive items after it */
static void
excl_add(struct excl *x, struct pf_nets *n, const struct prefix *p)
{
	struct addrset carry;
	size_t k;

	excl_flush(x, n);
	addrset_init(&carry);
	addrset_add(&carry, p);
	/* level k is full exactly when bit k of the count is set */
	for (k = 0; k < EXCL_LEVELS && ((x->n >> k) & 1); k++) {
		addrset_union(&carry, &x->lv[k]);
		addrset_free(&x->lv[k]);
	}
	if (k == EXCL_LEVELS)
		die("pf_nets: too many exclusions");
	x->lv[k] = carry;
	x->n++;
}

/*
 * net_items - add list items to the set in order; the list matches first
 * match first, so "!prefix" removes its addresses from the positive items
 * after it (excl collects them)
 */
static void
net_items(struct pf_conf *pf, const struct setting *st, struct strvec *items,
    struct pf_nets *n, struct excl *excl, int depth)
{
	struct prefix p;
	size_t i;

	for (i = 0; i < items->n; i++) {
		const char *it = items->v[i];

		if (it[0] == '!') {
			if (prefix_parse(it + 1, &p))
				excl_add(excl, n, &p);
			continue;
		}
		if (it[0] == '/') {
			struct strvec sub = STRVEC_INIT;
			struct listfile lf;

			if (depth >= NETFILE_DEPTH)
				continue;
			if (!listfile_open(pf, it, st, &lf)) {
				n->uncertain = true;
				continue;
			}
			while (listfile_next(&lf, &sub))
				net_items(pf, st, &sub, n, excl, depth + 1);
			listfile_close(&lf);
			strvec_free(&sub);
			continue;
		}
		if (pf_table_is_spec(it)) {
			net_table(pf, it, st, n);
			continue;
		}
		if (!prefix_parse(it, &p))
			n->named = true;
		else if (excl->n == 0)
			addrset_add(&n->set, &p);
		else
			addrset_add(&excl->batch, &p);
	}
}

/* compute - the clients a network list setting matches */
static void
compute(struct pf_conf *pf, const struct pf_service *svc, const char *param,
    const struct setting *st, struct pf_nets *n)
{
	struct strvec items = STRVEC_INIT;
	struct excl excl;

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
	excl_init(&excl);
	pf_split_list(st->value, &items);
	net_items(pf, st, &items, n, &excl, 0);
	excl_flush(&excl, n);
	strvec_free(&items);
	excl_free(&excl);
}

/* nets_free - free a cached network list */
static void
nets_free(void *p)
{
	nets_clear(p);
	free(p);
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

/*
 * struct dparts - a domain list of main.cf cut into its top-level parts,
 * so that a service overriding a few parameters re-expands only the parts
 * that refer to them, directly or through other parameters (relay_domains
 * naming $mydestination among thousands of customer domains, in services
 * that each set their own myhostname).  Only a verdict of "no public
 * suffix" is taken from it; anything else is worked out on the whole
 * value, with its evidence.
 */
struct dparts {
	char		**raw;		/* each part as written */
	bool		 *wide;		/* in main.cf it covers a public suffix */
	size_t		 *stamp;	/* the last query that re-expanded it */
	size_t		  n;
	size_t		  nwide;
	size_t		  query;
	struct strmap	  users;	/* name -> struct partlist */
	bool		  usable;
};

/* the parts whose expansion depends on one parameter */
struct partlist {
	size_t		*v;
	size_t		 n;
};

#define PARTS_KEY	"parts\n"
#define PARTS_WORK	64	/* closure steps allowed per part, on average */

/* partlist_free - free one parameter's part list */
static void
partlist_free(void *p)
{
	struct partlist *l = p;

	free(l->v);
	free(l);
}

/* dparts_free - free a domain-list index */
static void
dparts_free(struct dparts *dp)
{
	size_t i;

	if (dp == NULL)
		return;
	for (i = 0; i < dp->n; i++)
		free(dp->raw[i]);
	free(dp->raw);
	free(dp->wide);
	free(dp->stamp);
	strmap_free(&dp->users, partlist_free);
	free(dp);
}

/* pf_nets_cache_free - free every cached network list and domain index */
void
pf_nets_cache_free(struct pf_conf *pf)
{
	size_t i;

	strmap_free(&pf->nets, nets_free);
	/* the domain-list indexes share the breadth memo, under "parts\n" */
	for (i = 0; i < pf->breadth.cap; i++)
		if (pf->breadth.t[i].key != NULL &&
		    strncmp(pf->breadth.t[i].key, PARTS_KEY, strlen(PARTS_KEY)) == 0) {
			dparts_free(pf->breadth.t[i].val);
			pf->breadth.t[i].val = NULL;
		}
}

/*
 * raw_parts - the top-level items of an unexpanded list: separators count
 * outside $(...) and ${...}; false when the text groups items with braces
 * of its own or leaves a reference open
 */
static bool
raw_parts(const char *s, struct strvec *out)
{
	const char *start = NULL;
	int depth = 0;

	for (;; s++) {
		bool sep = *s == '\0' ||
		    (depth == 0 && strchr(", \t\r\n", *s) != NULL);

		if (sep && start) {
			strvec_push_owned(out, xstrndup(start,
			    (size_t)(s - start)));
			start = NULL;
		}
		if (*s == '\0')
			return depth == 0;
		if (sep)
			continue;
		if (start == NULL)
			start = s;
		if (*s == '$' && (s[1] == '{' || s[1] == '(')) {
			depth++;
			s++;
		} else if (*s == '$' && s[1] == '$')
			s++;
		else if (*s == '{' || *s == '(') {
			if (depth == 0 && *s == '{')
				return false;
			depth++;
		} else if ((*s == '}' || *s == ')') && depth-- == 0)
			return false;
	}
}

/* refs_of - every name a raw text may refer to ($x, ${x...}, $(x...)) */
static void
refs_of(const char *s, struct strvec *out)
{
	const char *p, *q;

	for (p = s; (p = strchr(p, '$')) != NULL; p = q) {
		q = p + 1;
		if (*q == '$') {
			q++;
			continue;
		}
		if (*q == '{' || *q == '(')
			q++;
		p = q;
		while (isalnum((unsigned char)*q) || *q == '_')
			q++;
		if (q > p)
			strvec_push_owned(out, xstrndup(p, (size_t)(q - p)));
	}
}

/*
 * name_deps - the names main.cf's value of NAME refers to, as the
 * expansion records them (defaults derived from others included)
 */
static void
name_deps(struct pf_conf *pf, const char *name, struct strvec *out)
{
	const struct pf_def *d = pf_explicit(pf, name);
	const char *raw, *why;
	enum setting_rule rule;

	if (d)
		raw = d->value;
	else {
		raw = pf_param_default(pf, NULL, name, &rule, &why);
		if (rule == RULE_COMPAT_LEVEL)
			strvec_push(out, "compatibility_level");
		if (strcmp(name, "mydomain") == 0)
			strvec_push(out, "myhostname");
	}
	if (raw && !pf_param_raw(name))
		refs_of(raw, out);
}

/*
 * part_users - note part I under every name its expansion depends on;
 * false when that takes more than *budget steps
 */
static bool
part_users(struct pf_conf *pf, struct dparts *dp, struct strmap *deps,
    size_t i, size_t *budget)
{
	struct strvec todo = STRVEC_INIT;
	struct strmap seen = STRMAP_INIT;
	bool ok = true;

	refs_of(dp->raw[i], &todo);
	while (todo.n > 0) {
		char *name = todo.v[--todo.n];
		struct strvec *nd;
		struct partlist *l;
		size_t j;

		if (*budget == 0 || strmap_get(&seen, name)) {
			ok = ok && *budget > 0;
			free(name);
			continue;
		}
		(*budget)--;
		strmap_put(&seen, name, (void *)1);
		if ((l = strmap_get(&dp->users, name)) == NULL) {
			l = xcalloc(1, sizeof(*l));
			strmap_put(&dp->users, name, l);
		}
		l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
		l->v[l->n++] = i;
		if ((nd = strmap_get(deps, name)) == NULL) {
			nd = xcalloc(1, sizeof(*nd));
			name_deps(pf, name, nd);
			strmap_put(deps, name, nd);
		}
		for (j = 0; j < nd->n; j++)
			strvec_push(&todo, nd->v[j]);
		free(name);
	}
	strvec_free(&todo);
	strmap_free(&seen, NULL);
	return ok;
}

/* deps_free - free a cached dependency list */
static void
deps_free(void *p)
{
	strvec_free(p);
	free(p);
}

/*
 * items_state - 0: no item covers a public suffix; 1: one does; 2: an
 * item is a file, a table or a brace group (left to the whole value)
 */
static int
items_state(const char *value)
{
	struct strvec items = STRVEC_INIT;
	int state = 0;
	size_t i;

	if (strchr(value, '{') || strchr(value, '}'))
		return 2;
	pf_split_list(value, &items);
	for (i = 0; i < items.n && state < 2; i++) {
		const char *it = items.v[i];

		if (it[0] == '!')
			continue;
		if (it[0] == '/' || pf_table_is_spec(it))
			state = 2;
		else if (psl_public_suffix(it + (it[0] == '.')))
			state = 1;
	}
	strvec_free(&items);
	return state;
}

/* dparts_build - cut main.cf's value of PARAM into parts and index them */
static struct dparts *
dparts_build(struct pf_conf *pf, const struct setting *st)
{
	struct dparts *dp = xcalloc(1, sizeof(*dp));
	struct strvec parts = STRVEC_INIT;
	struct strmap deps = STRMAP_INIT;
	size_t i, budget;

	if (!raw_parts(st->raw, &parts))
		goto out;
	dp->n = parts.n;
	dp->raw = parts.v;
	parts.v = NULL;
	parts.n = 0;
	dp->wide = xcalloc(dp->n + 1, sizeof(*dp->wide));
	dp->stamp = xcalloc(dp->n + 1, sizeof(*dp->stamp));
	budget = PARTS_WORK * (dp->n + 64);
	for (i = 0; i < dp->n; i++) {
		char *v = pf_expand_text(pf, NULL, dp->raw[i], NULL, 0);
		int state = items_state(v);

		free(v);
		if (state == 2 || !part_users(pf, dp, &deps, i, &budget))
			goto out;
		dp->wide[i] = state == 1;
		dp->nwide += state == 1;
	}
	dp->usable = true;
out:
	strvec_free(&parts);
	strmap_free(&deps, deps_free);
	return dp;
}

/*
 * parts_none - true when, in a service's scope, PARAM (as main.cf sets
 * it) covers no public suffix, found by re-expanding only the parts that
 * depend on what the service overrides; false when that cannot be told so
 */
static bool
parts_none(struct pf_conf *pf, const struct pf_service *svc,
    const char *param)
{
	const struct setting *st = pf_get(pf, NULL, param);
	struct dparts *dp;
	size_t i, j, wide = 0;
	char *key;

	if (svc == NULL || svc->scope == 0 || st->src != SRC_EXPLICIT ||
	    pf_service_opt(svc, param) != NULL)
		return false;
	key = xasprintf(PARTS_KEY "%s", param);
	if ((dp = strmap_get(&pf->breadth, key)) == NULL) {
		dp = dparts_build(pf, st);
		strmap_put(&pf->breadth, key, dp);
	}
	free(key);
	if (!dp->usable)
		return false;
	dp->query++;
	/* a wide part the service leaves alone decides it: not "none" */
	for (i = 0; i < svc->nopts; i++) {
		struct partlist *l = strmap_get(&dp->users, svc->opts[i].name);

		for (j = 0; l && j < l->n; j++)
			if (dp->stamp[l->v[j]] != dp->query) {
				dp->stamp[l->v[j]] = dp->query;
				wide += dp->wide[l->v[j]];
			}
	}
	if (dp->nwide > wide)
		return false;
	dp->query++;
	for (i = 0; i < svc->nopts; i++) {
		struct partlist *l = strmap_get(&dp->users, svc->opts[i].name);

		for (j = 0; l && j < l->n; j++) {
			size_t k = l->v[j];
			char *v;
			int state;

			if (dp->stamp[k] == dp->query)
				continue;
			dp->stamp[k] = dp->query;
			v = pf_expand_text(pf, svc, dp->raw[k], NULL, 0);
			state = items_state(v);
			free(v);
			if (state != 0)
				return false;
		}
	}
	return true;
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
			struct listfile lf;
			enum pf_breadth fb;

			if (!listfile_open(pf, it, st, &lf))
				continue;
			/* line by line, up to the first item matching all */
			while (b != BREADTH_ALL && listfile_next(&lf, &sub)) {
				fb = domain_items(pf, st, &sub, ev, depth + 1);
				if (fb > b)
					b = fb;
			}
			listfile_close(&lf);
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
	const struct setting *st;
	struct strvec items = STRVEC_INIT;
	struct evlist mine = { 0 };
	char key[32];
	uintptr_t known;
	enum pf_breadth b;

	/* a service's own value, expanded whole, only when it can matter */
	if (parts_none(pf, svc, param))
		return BREADTH_NONE;
	st = pf_get(pf, svc, param);
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
