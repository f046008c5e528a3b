/* SPDX-License-Identifier: MIT */
/*
 * ex_list.c - Exim lists: ":" separated with "::" for a literal colon,
 * "<;" (any punctuation) to change the separator; host lists into
 * address sets with first-match negation; what a domain list matches
 * among arbitrary remote domains; constant conditions.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/exim/ex_int.h"
#include "lib/psl.h"
#include "parsers/common/source.h"

/* ex_split_list - the items of an Exim list */
void
ex_split_list(const char *s, struct strvec *out)
{
	struct buf item = BUF_INIT;
	char sep = ':';

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '<' && ispunct((unsigned char)s[1])) {
		sep = s[1];
		s += 2;
	}
	for (;;) {
		if (*s == sep && s[1] == sep) {
			buf_addc(&item, sep);
			s += 2;
			continue;
		}
		if (*s == sep || *s == '\0') {
			char *t = str_trimdup(buf_str(&item));

			/* a trailing empty item is ignored */
			if (*s != '\0' || *t != '\0')
				strvec_push_owned(out, t);
			else
				free(t);
			buf_reset(&item);
			if (*s == '\0')
				break;
			s++;
			continue;
		}
		buf_addc(&item, *s++);
	}
	buf_free(&item);
}

/* ex_expanded - the text needs run-time expansion ($ not escaped) */
bool
ex_expanded(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			continue;
		}
		if (*s == '$')
			return true;
	}
	return false;
}

/* brace - copy the {group} at *p without nesting; false if none */
static bool
brace(const char **p, char *out, size_t n)
{
	const char *s = *p, *e;

	while (isspace((unsigned char)*s))
		s++;
	if (*s != '{' || (e = strchr(s + 1, '}')) == NULL ||
	    memchr(s + 1, '{', (size_t)(e - s - 1)) != NULL ||
	    (size_t)(e - s) >= n)
		return false;
	memcpy(out, s + 1, (size_t)(e - s - 1));
	out[e - s - 1] = '\0';
	*p = e + 1;
	return true;
}

/* truthy - 1 when Exim's ACL "condition" takes S as true, 0 as false,
 * -1 when it defers (acl.c: digits are a number, then yes/no/true/false) */
static int
truthy(const char *s)
{
	const char *d = s + (*s == '-');

	if (strspn(d, "0123456789") == strlen(d))
		return atol(d) != 0;
	if (str_eq_nocase(s, "yes") || str_eq_nocase(s, "true"))
		return 1;
	if (str_eq_nocase(s, "no") || str_eq_nocase(s, "false"))
		return 0;
	return -1;
}

/* constant_if - "${if [!]eq{A}{B}[{yes}{no}]}" (eqi, == too) with literal
 * A and B: 1 true, 0 false, -1 not such a constant */
static int
constant_if(const char *s)
{
	char a[256], b[256], yes[64], no[64];
	bool neg = false, eq, have_yes;
	const char *p;
	int op;

	if (!str_starts(s, "${if"))
		return -1;
	p = s + 4;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '!') {
		neg = true;
		p++;
	}
	if (str_starts(p, "eqi"))
		op = 'i', p += 3;
	else if (str_starts(p, "eq"))
		op = 's', p += 2;
	else if (str_starts(p, "=="))
		op = 'n', p += 2;
	else
		return -1;
	if (!brace(&p, a, sizeof(a)) || !brace(&p, b, sizeof(b)) ||
	    strchr(a, '$') || strchr(b, '$'))
		return -1;
	if (op == 'n') {
		/* a numeric comparison of something not a number defers */
		if (truthy(a) == -1 || truthy(b) == -1 || *a == '\0' ||
		    *b == '\0')
			return -1;
		eq = atol(a) == atol(b);
	} else
		eq = op == 'i' ? str_eq_nocase(a, b) : strcmp(a, b) == 0;
	eq = eq != neg;
	have_yes = brace(&p, yes, sizeof(yes));
	if (have_yes && !brace(&p, no, sizeof(no)))
		no[0] = '\0';
	while (isspace((unsigned char)*p))
		p++;
	if (strcmp(p, "}") != 0)
		return -1;
	if (!have_yes)
		return eq;
	return truthy(eq ? yes : no);
}

/* ex_always_true - a condition that holds whatever the client does */
bool
ex_always_true(const char *s)
{
	return truthy(s) == 1 || constant_if(s) == 1;
}

/* ex_always_false - a condition that never holds */
bool
ex_always_false(const char *s)
{
	return truthy(s) == 0 || constant_if(s) == 0;
}

/* add_all - every IPv4 and IPv6 address, minus the exclusions */
static void
add_all(struct addrset *set, struct addrset *excl)
{
	struct addrset all = ADDRSET_INIT;

	addrset_add_str(&all, "0.0.0.0/0");
	addrset_add_str(&all, "::/0");
	addrset_subtract(&all, excl);
	addrset_union(set, &all);
	addrset_free(&all);
}

/* a list file's items, walked in place in the file's text */
struct fitems {
	struct source	 f;
	struct lineiter	 it;
	bool		 keys;		/* a lookup file: its keys */
	bool		 flip;		/* named negated: each item turns round */
	size_t		 n;		/* the items in the file */
	struct buf	 cur;		/* the current item */
};

/* fitem_line - the item on line LN into CUR; false for none */
static bool
fitem_line(struct fitems *fi, const struct line *ln)
{
	const char *t = ln->s, *e = ln->s + ln->len;
	size_t n;

	while (t < e && isspace((unsigned char)*t))
		t++;
	while (e > t && isspace((unsigned char)e[-1]))
		e--;
	if (t == e || *t == '#')
		return false;
	n = (size_t)(e - t);
	if (fi->keys && *t == '"') {
		const char *q = memchr(t + 1, '"', n - 1);

		n = q ? (size_t)(q - t) + 1 : n;
	} else if (fi->keys)
		for (n = 0; t + n < e && !strchr(" \t:", t[n]); n++)
			continue;
	buf_reset(&fi->cur);
	if (fi->flip && *t != '!')
		buf_addc(&fi->cur, '!');
	else if (fi->flip) {
		for (t++, n--; n > 0 && isspace((unsigned char)*t); t++, n--)
			continue;
	}
	buf_add(&fi->cur, t, n);
	return true;
}

/*
 * fitems_open - open a list file (one item a line, # comments) or a
 * lookup file (its keys), count its items and keep the first 50 as
 * evidence; false when unreadable
 */
static bool
fitems_open(struct fitems *fi, struct ex_conf *x, const char *path,
    const struct ex_line *src, bool keys, bool flip, struct evlist *ev)
{
	struct line ln;

	memset(fi, 0, sizeof(*fi));
	fi->cur = (struct buf)BUF_INIT;
	if (!source_read(x->eng, x->mc, x->root, path, src->file, src->line,
	    true, &fi->f))
		return false;
	fi->keys = keys;
	lineiter_init(&fi->it, &fi->f);
	while (lineiter_next(&fi->it, &ln))
		if (fitem_line(fi, &ln) && fi->n++ < 50)
			evlist_add(ev, fi->f.file, ln.no, "%s",
			    buf_str(&fi->cur));
	fi->flip = flip;
	lineiter_init(&fi->it, &fi->f);
	return true;
}

/* fitems_next - the next item, valid until the next call; NULL at end */
static const char *
fitems_next(struct fitems *fi)
{
	struct line ln;

	while (lineiter_next(&fi->it, &ln))
		if (fitem_line(fi, &ln))
			return buf_str(&fi->cur);
	return NULL;
}

/* fitems_close - release an opened list file */
static void
fitems_close(struct fitems *fi)
{
	source_free(&fi->f);
	buf_free(&fi->cur);
}

/* lookup_file - the file of a "net-type;file" lookup item, or NULL.  In
 * a host list only the net- forms look up the client's address; the
 * others look up its host name (*by_name is set for them). */
static const char *
lookup_file(const char *item, bool *by_name)
{
	const char *semi = strchr(item, ';');
	static const char *const types[] = {
		"iplsearch", "lsearch", "nwildlsearch", "wildlsearch",
	};
	const char *t = item, *dash;
	size_t i, n;

	*by_name = false;
	if (semi == NULL)
		return NULL;
	/* net-lsearch, net24-iplsearch ... */
	if (!str_starts(t, "net") || (dash = strchr(t, '-')) == NULL ||
	    dash > semi ||
	    strspn(t + 3, "0123456789") != (size_t)(dash - t - 3)) {
		*by_name = true;
		return NULL;
	}
	t = dash + 1;
	n = (size_t)(semi - t);
	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (strlen(types[i]) == n && memcmp(t, types[i], n) == 0) {
			while (isspace((unsigned char)semi[1]))
				semi++;
			return semi[1] == '/' ? semi + 1 : NULL;
		}
	return NULL;
}

/* negated - strip a leading "!" (and the blanks after it) from *it */
static bool
negated(const char **it)
{
	if (**it != '!')
		return false;
	(*it)++;
	while (isspace((unsigned char)**it))
		(*it)++;
	return true;
}

/* add_one - a positive or negative address item, first match wins */
static void
add_one(struct ex_hosts *h, struct addrset *excl, const struct prefix *p,
    bool neg)
{
	struct addrset one = ADDRSET_INIT;

	/* nothing excluded yet (the common case): no set to subtract */
	if (neg || addrset_empty(excl)) {
		addrset_add(neg ? excl : &h->set, p);
		return;
	}
	addrset_add(&one, p);
	addrset_subtract(&one, excl);
	addrset_union(&h->set, &one);
	addrset_free(&one);
}

/* merge - fold a sub-list's result into h as a positive or negative item,
 * then release it (its evidence is the caller's to keep) */
static void
merge(struct ex_hosts *h, struct ex_hosts *sub, struct addrset *excl, bool neg)
{
	if (neg)
		addrset_union(excl, &sub->set);
	else {
		if (!addrset_empty(excl))
			addrset_subtract(&sub->set, excl);
		addrset_union(&h->set, &sub->set);
		h->any |= sub->any;
	}
	h->named |= sub->named;
	h->unknown |= sub->unknown;
	ex_hosts_free(sub);
}

/* where a host list walk stands */
struct hwalk {
	struct ex_hosts	*h;
	struct addrset	*excl;		/* addresses excluded so far */
	bool		 last_neg;	/* the last item seen was negative */
};

static void host_item(struct ex_conf *, const char *, bool,
    const struct ex_line *, struct hwalk *, int);

/* hwalk_begin - start walking a list into H */
static void
hwalk_begin(struct hwalk *w, struct ex_hosts *h, struct addrset *excl)
{
	memset(h, 0, sizeof(*h));
	h->set = (struct addrset)ADDRSET_INIT;
	*excl = (struct addrset)ADDRSET_INIT;
	w->h = h;
	w->excl = excl;
	w->last_neg = false;
}

/* hwalk_end - a list whose last item is negative matches everything it
 * did not exclude (named lists too) */
static void
hwalk_end(struct hwalk *w)
{
	if (w->last_neg && !w->h->any) {
		add_all(&w->h->set, w->excl);
		w->h->any = true;
	}
	if (w->h->any)
		w->h->local_only = false;
	addrset_free(w->excl);
}

/* hosts_vec - walk the items of a list, first match wins */
static void
hosts_vec(struct ex_conf *x, const struct strvec *items,
    const struct ex_line *src, struct hwalk *w, int depth)
{
	size_t i;

	for (i = 0; i < items->n && !w->h->any; i++)
		host_item(x, items->v[i], items->n == 1, src, w, depth);
}

/*
 * file_busy - PATH names a list file already being read at a lower
 * DEPTH: said once at SRC; it is not read again
 */
static bool
file_busy(struct ex_conf *x, const char *path, const struct ex_line *src,
    int depth)
{
	const char *rel = path + (path[0] == '/');
	int i;

	for (i = 0; i < depth && i <= EX_LIST_DEPTH; i++)
		if (x->lfiles[i] != NULL && strcmp(x->lfiles[i], rel) == 0) {
			finding_add(x->eng, "PRS001", x->mc, NULL, src->file,
			    src->line, "the list file '%s' names itself; it "
			    "is read once and what it matches is unknown",
			    x->lfiles[i]);
			return true;
		}
	return false;
}

/* hosts_file - walk a list file's items (a negated name turns each
 * round) as items of the list naming it, as Exim's match_check_list;
 * a lookup file is one item of its own whose keys form a list */
static void
hosts_file(struct ex_conf *x, const char *path, bool lookup, bool neg,
    const struct ex_line *src, struct hwalk *w, int depth)
{
	struct fitems fi;
	struct hwalk sw, *into = w;
	struct ex_hosts sub;
	struct addrset sexcl;
	const char *it;

	if (depth >= EX_LIST_DEPTH || file_busy(x, path, src, depth) ||
	    !fitems_open(&fi, x, path, src, lookup, neg && !lookup,
	    &w->h->ev)) {
		w->h->unknown = true;
		return;
	}
	x->lfiles[depth] = fi.f.file;
	if (lookup) {
		hwalk_begin(&sw, &sub, &sexcl);
		into = &sw;
	}
	while (!into->h->any && (it = fitems_next(&fi)) != NULL)
		host_item(x, it, fi.n == 1, src, into, depth + 1);
	x->lfiles[depth] = NULL;
	fitems_close(&fi);
	if (lookup) {
		hwalk_end(&sw);
		merge(w->h, &sub, w->excl, neg);
	}
}

/*
 * a named list walked once: what it matches and its evidence, referred
 * to by every later use (a list named twenty times at each of eight
 * levels is walked eight times, not 20^8)
 */
struct ex_memo {
	bool		 busy;		/* being walked: a use names itself */
	bool		 said;		/* ... and that was reported */
	struct ex_hosts	 h;		/* host lists */
	enum ex_match	 m;		/* domain lists */
	struct evlist	 ev;		/* domain lists */
};

/* memo_free - one memo entry */
static void
memo_free(void *p)
{
	struct ex_memo *mo = p;

	ex_hosts_free(&mo->h);
	evlist_free(&mo->ev);
	free(mo);
}

/* ex_memo_free - the memo of walked named lists */
void
ex_memo_free(struct ex_conf *x)
{
	strmap_free(&x->hmemo, memo_free);
	strmap_free(&x->dmemo, memo_free);
}

/* ev_has - the evidence already quotes the line L */
static bool
ev_has(const struct evlist *ev, const struct ex_line *l)
{
	size_t i;

	for (i = 0; i < ev->n; i++)
		if (ev->v[i].line == l->line && ev->v[i].file == l->file)
			return true;
	return false;
}

/* ev_once - the line of NL and what its walk quoted, unless EV has them */
static void
ev_once(struct ex_conf *x, struct evlist *ev, const struct ex_nlist *nl,
    const struct evlist *sub)
{
	if (nl->src != NULL && ev_has(ev, nl->src))
		return;
	ex_line_ev(x, ev, nl->src);
	evlist_append(ev, sub);
}

/* self_named - a named list that names itself: said once, unknown */
static void
self_named(struct ex_conf *x, const struct ex_nlist *nl, const char *name,
    struct ex_memo *mo)
{
	if (mo->said)
		return;
	mo->said = true;
	finding_add(x->eng, "PRS001", x->mc, NULL, nl->src ? nl->src->file :
	    NULL, nl->src ? nl->src->line : 0, "the list '%s' names itself "
	    "(+%s); Exim fails on it; what it matches is unknown", name, name);
}

/* hosts_named - walk the named list +NAME as one item, once */
static void
hosts_named(struct ex_conf *x, const char *name, bool neg, struct hwalk *w,
    int depth)
{
	struct ex_nlist *nl = strmap_get(&x->nlists, name);
	struct strvec sv = STRVEC_INIT;
	struct ex_hosts sub;
	struct addrset sexcl;
	struct ex_memo *mo;
	struct hwalk sw;

	if (nl == NULL || depth >= EX_LIST_DEPTH || !engine_spend(x->eng,
	    x->mc, BUDGET_WALKS, 1, nl->src ? nl->src->file : NULL,
	    nl->src ? nl->src->line : 0)) {
		w->h->unknown = true;
		return;
	}
	if ((mo = strmap_get(&x->hmemo, name)) == NULL) {
		mo = xcalloc(1, sizeof(*mo));
		mo->busy = true;
		strmap_put(&x->hmemo, name, mo);
		ex_split_list(nl->value, &sv);
		hwalk_begin(&sw, &mo->h, &sexcl);
		hosts_vec(x, &sv, nl->src, &sw, depth + 1);
		hwalk_end(&sw);
		/* what is referred to stays as small as what it matches */
		addrset_normalise(&mo->h.set);
		strvec_free(&sv);
		mo->busy = false;
	} else if (mo->busy) {
		self_named(x, nl, name, mo);
		w->h->unknown = true;
		return;
	}
	ev_once(x, &w->h->ev, nl, &mo->h.ev);
	memset(&sub, 0, sizeof(sub));
	addrset_union(&sub.set, &mo->h.set);
	sub.any = mo->h.any;
	sub.named = mo->h.named;
	sub.unknown = mo->h.unknown;
	merge(w->h, &sub, w->excl, neg);
}

/* host_item - one host list item; SOLE when it is its list's only one */
static void
host_item(struct ex_conf *x, const char *it, bool sole,
    const struct ex_line *src, struct hwalk *w, int depth)
{
	struct ex_hosts *h = w->h;
	struct prefix p;
	const char *file;
	bool neg = negated(&it), by_name;

	w->last_neg = neg;
	if (*it == '\0') {
		if (sole)
			h->local_only = true;
		return;
	}
	if (strcmp(it, "*") == 0) {
		if (neg)
			add_all(w->excl, &(struct addrset)ADDRSET_INIT);
		else {
			add_all(&h->set, w->excl);
			h->any = true;
		}
		return;
	}
	if (ex_expanded(it)) {
		h->unknown = true;
		return;
	}
	if (*it == '+') {
		hosts_named(x, it + 1, neg, w, depth);
		return;
	}
	file = lookup_file(it, &by_name);
	if (file != NULL || *it == '/') {
		hosts_file(x, file ? file : it, file != NULL, neg, src, w,
		    depth);
		return;
	}
	if (strchr(it, ';') != NULL) {
		/* other lookups: by host name */
		if (by_name && !neg)
			h->named = true;
		else
			h->unknown = true;
		return;
	}
	if (prefix_parse(it, &p)) {
		add_one(h, w->excl, &p, neg);
		return;
	}
	if (strcmp(it, "localhost") == 0) {
		if (!neg) {
			addrset_add_str(&h->set, "127.0.0.1/32");
			addrset_add_str(&h->set, "::1/128");
		}
		return;
	}
	/* @, @[], host names, wildcards and regular expressions match by
	 * this host's or the client's DNS names */
	if (!neg && strcmp(it, "@") != 0 && strcmp(it, "@[]") != 0)
		h->named = true;
}

/* ex_hosts - what the host list LIST (from line SRC) matches */
void
ex_hosts(struct ex_conf *x, const char *list, const struct ex_line *src,
    struct ex_hosts *h)
{
	struct strvec items = STRVEC_INIT;
	struct evlist ev = { 0 };
	struct addrset excl;
	struct hwalk w;

	ex_line_ev(x, &ev, src);
	ex_split_list(list, &items);
	hwalk_begin(&w, h, &excl);
	hosts_vec(x, &items, src, &w, 0);
	hwalk_end(&w);
	evlist_append(&ev, &h->ev);
	evlist_free(&h->ev);
	h->ev = ev;
	strvec_free(&items);
}

/* ex_hosts_free - release a host list's result */
void
ex_hosts_free(struct ex_hosts *h)
{
	addrset_free(&h->set);
	evlist_free(&h->ev);
}

/* where a domain list walk stands */
struct dstate {
	enum ex_match	 best;		/* best match so far */
	bool		 last_neg;	/* the last item seen was negative */
	bool		 done;		/* a negated item ended the walk */
};

static enum ex_match domain_list(struct ex_conf *, struct strvec *,
    const struct ex_line *, struct evlist *, int);
static void domain_step(struct ex_conf *, const char *,
    const struct ex_line *, struct evlist *, int, struct dstate *);

/* domain_item - what one positive item matches among remote domains;
 * a list file's lines are walked in place (*inline is set) */
static enum ex_match
domain_item(struct ex_conf *x, const char *it, bool neg,
    const struct ex_line *src, struct evlist *ev, int depth,
    struct dstate *st, bool *inline_file)
{
	*inline_file = false;
	if (strcmp(it, "*") == 0 || strcmp(it, "^.*") == 0 ||
	    strcmp(it, "^.*$") == 0)
		return EXM_YES;
	if (ex_expanded(it))
		return EXM_UNKNOWN;
	if (*it == '+') {
		struct ex_nlist *nl = strmap_get(&x->nlists, it + 1);
		struct strvec sv = STRVEC_INIT;
		struct ex_memo *mo;

		if (nl == NULL || depth >= EX_LIST_DEPTH ||
		    !engine_spend(x->eng, x->mc, BUDGET_WALKS, 1, nl->src ?
		    nl->src->file : NULL, nl->src ? nl->src->line : 0))
			return EXM_UNKNOWN;
		/* walked once, referred to afterwards */
		if ((mo = strmap_get(&x->dmemo, it + 1)) == NULL) {
			mo = xcalloc(1, sizeof(*mo));
			mo->busy = true;
			strmap_put(&x->dmemo, it + 1, mo);
			ex_split_list(nl->value, &sv);
			mo->m = domain_list(x, &sv, nl->src, &mo->ev,
			    depth + 1);
			strvec_free(&sv);
			mo->busy = false;
		} else if (mo->busy) {
			self_named(x, nl, it + 1, mo);
			return EXM_UNKNOWN;
		}
		if (mo->m != EXM_NO && !neg)
			ev_once(x, ev, nl, &mo->ev);
		return mo->m;
	}
	if (*it == '/' && depth < EX_LIST_DEPTH) {
		struct evlist sub = { 0 };
		struct fitems fi;
		const char *item;
		bool ok = fitems_open(&fi, x, it, src, false, neg, &sub);

		evlist_free(&sub);
		if (!ok)
			return EXM_UNKNOWN;
		while (!st->done && (item = fitems_next(&fi)) != NULL)
			domain_step(x, item, src, ev, depth + 1, st);
		fitems_close(&fi);
		*inline_file = true;
		return EXM_NO;
	}
	if (strchr(it, ';') != NULL || *it == '^' || *it == '/')
		return EXM_UNKNOWN;
	if (*it == '*') {
		const char *rest = it + 1 + (it[1] == '.');

		if (*rest == '\0' || psl_public_suffix(rest)) {
			if (!neg)
				evlist_add(ev, src->file, src->line,
				    "'%s' matches every domain under a "
				    "public suffix", it);
			return EXM_SUFFIX;
		}
	}
	return EXM_NO;
}

/* domain_step - one item of a domain list walk, first match wins */
static void
domain_step(struct ex_conf *x, const char *it, const struct ex_line *src,
    struct evlist *ev, int depth, struct dstate *st)
{
	bool neg = negated(&it), inline_file;
	enum ex_match m;

	st->last_neg = neg;
	if (*it == '\0')
		return;
	m = domain_item(x, it, neg, src, ev, depth, st, &inline_file);
	if (inline_file)
		return;
	if (neg) {
		/* nothing after an exclusion of everything matches */
		if (m == EXM_YES)
			st->done = true;
		return;
	}
	if (m > st->best)
		st->best = m;
	if (m == EXM_YES)
		st->done = true;
}

/* domain_items - walk domain list items in order */
static void
domain_items(struct ex_conf *x, struct strvec *items, const struct ex_line *src,
    struct evlist *ev, int depth, struct dstate *st)
{
	size_t i;

	for (i = 0; i < items->n && !st->done; i++)
		domain_step(x, items->v[i], src, ev, depth, st);
}

/* domain_list - what a whole list matches: one whose last item is
 * negative matches everything it did not exclude (named lists too) */
static enum ex_match
domain_list(struct ex_conf *x, struct strvec *items, const struct ex_line *src,
    struct evlist *ev, int depth)
{
	struct dstate st = { EXM_NO, false, false };

	domain_items(x, items, src, ev, depth, &st);
	if (!st.done && st.last_neg && st.best == EXM_NO)
		return EXM_YES;
	return st.best;
}

/* ex_domains - does LIST match arbitrary remote domains? */
enum ex_match
ex_domains(struct ex_conf *x, const char *list, const struct ex_line *src,
    struct evlist *ev)
{
	struct strvec items = STRVEC_INIT;
	enum ex_match m;

	ex_split_list(list, &items);
	m = domain_list(x, &items, src, ev, 0);
	strvec_free(&items);
	return m;
}
