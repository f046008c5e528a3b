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

#include "ex_int.h"
#include "psl.h"
#include "source.h"

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

/* truthy - a literal Exim treats as true in a condition */
static bool
truthy(const char *s)
{
	char *end;
	long v;

	if (str_eq_nocase(s, "yes") || str_eq_nocase(s, "true"))
		return true;
	v = strtol(s, &end, 10);
	return end != s && *end == '\0' && v != 0;
}

/* constant_if - "${if [!]eq{A}{B}[{yes}{no}]}" with literal A and B:
 * 1 true, 0 false, -1 not such a constant */
static int
constant_if(const char *s)
{
	char a[256], b[256], yes[64], no[64];
	bool neg = false, eq, have_yes;
	const char *p;

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
		p += 3;
	else if (str_starts(p, "eq") || str_starts(p, "=="))
		p += 2;
	else
		return -1;
	if (!brace(&p, a, sizeof(a)) || !brace(&p, b, sizeof(b)) ||
	    strchr(a, '$') || strchr(b, '$'))
		return -1;
	eq = (strcmp(a, b) == 0) != neg;
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
	return truthy(s) || constant_if(s) == 1;
}

/* ex_always_false - a condition that never holds */
bool
ex_always_false(const char *s)
{
	return *s == '\0' || str_eq_nocase(s, "no") ||
	    str_eq_nocase(s, "false") || strcmp(s, "0") == 0 ||
	    constant_if(s) == 0;
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

/* file_items - the items of a list file (one per line, # comments),
 * or of a lookup file (its keys); false when unreadable */
static bool
file_items(struct ex_conf *x, const char *path, const struct ex_line *src,
    bool keys, struct strvec *out, struct evlist *ev)
{
	struct source f;
	struct lineiter it;
	struct line ln;

	if (!source_read(x->eng, x->mc, x->root, path, src->file, src->line,
	    true, &f))
		return false;
	lineiter_init(&it, &f);
	while (lineiter_next(&it, &ln)) {
		char *l = xstrndup(ln.s, ln.len), *t = str_trim(l);
		size_t n;

		if (*t && *t != '#') {
			if (keys) {
				n = strcspn(t, " \t:");
				if (*t == '"')
					n = strcspn(t + 1, "\"") + 2;
				t[n] = '\0';
			}
			strvec_push(out, t);
			if (ev->n < 50)
				evlist_add(ev, f.file, ln.no, "%s", t);
		}
		free(l);
	}
	source_free(&f);
	return true;
}

/* lookup_file - the file of a "type;file" lookup item, or NULL */
static const char *
lookup_file(const char *item, bool *keys)
{
	const char *semi = strchr(item, ';');
	static const char *const types[] = {
		"iplsearch", "lsearch", "nwildlsearch", "wildlsearch",
	};
	size_t i, n;
	const char *t = item;

	if (semi == NULL)
		return NULL;
	/* net24-lsearch, net-iplsearch ... */
	if (str_starts(t, "net")) {
		const char *dash = strchr(t, '-');

		if (dash == NULL || dash > semi)
			return NULL;
		t = dash + 1;
	}
	if (str_starts(t, "partial"))
		return NULL;
	n = (size_t)(semi - t);
	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (strlen(types[i]) == n && memcmp(t, types[i], n) == 0) {
			*keys = true;
			while (isspace((unsigned char)semi[1]))
				semi++;
			return semi[1] == '/' ? semi + 1 : NULL;
		}
	return NULL;
}

static void hosts_items(struct ex_conf *, struct strvec *,
    const struct ex_line *, struct ex_hosts *, struct addrset *, int, bool);

/* sub_hosts - evaluate the items of a named list or list file on their own */
static void
sub_hosts(struct ex_conf *x, struct strvec *items, const struct ex_line *src,
    struct ex_hosts *sub, int depth)
{
	struct addrset excl = ADDRSET_INIT;

	memset(sub, 0, sizeof(*sub));
	sub->set = (struct addrset)ADDRSET_INIT;
	hosts_items(x, items, src, sub, &excl, depth, false);
	addrset_free(&excl);
}

/* merge - fold a sub-list's result into h as a positive or negative item,
 * then release it (its evidence is the caller's to keep) */
static void
merge(struct ex_hosts *h, struct ex_hosts *sub, struct addrset *excl, bool neg)
{
	if (neg)
		addrset_union(excl, &sub->set);
	else {
		addrset_subtract(&sub->set, excl);
		addrset_union(&h->set, &sub->set);
		h->any |= sub->any;
	}
	h->named |= sub->named;
	h->unknown |= sub->unknown;
	ex_hosts_free(sub);
}

/* hosts_items - evaluate host list items in order */
static void
hosts_items(struct ex_conf *x, struct strvec *items, const struct ex_line *src,
    struct ex_hosts *h, struct addrset *excl, int depth, bool top)
{
	bool last_neg = false;
	size_t i;

	for (i = 0; i < items->n && !h->any; i++) {
		const char *it = items->v[i];
		struct prefix p;
		const char *file;
		bool neg = false, keys = false;

		if (*it == '!') {
			neg = true;
			it++;
			while (isspace((unsigned char)*it))
				it++;
		}
		last_neg = neg;
		if (*it == '\0') {
			if (items->n == 1)
				h->local_only = true;
			continue;
		}
		if (strcmp(it, "*") == 0) {
			if (neg)
				add_all(excl, &(struct addrset)ADDRSET_INIT);
			else {
				add_all(&h->set, excl);
				h->any = true;
			}
			continue;
		}
		if (ex_expanded(it)) {
			h->unknown = true;
			continue;
		}
		if (*it == '+') {
			struct ex_nlist *nl = strmap_get(&x->nlists, it + 1);
			struct ex_hosts sub;

			if (nl == NULL || depth >= EX_LIST_DEPTH) {
				h->unknown = true;
				continue;
			}
			ex_line_ev(x, &h->ev, nl->src);
			{
				struct strvec sv = STRVEC_INIT;

				ex_split_list(nl->value, &sv);
				sub_hosts(x, &sv, nl->src, &sub, depth + 1);
				strvec_free(&sv);
			}
			evlist_append(&h->ev, &sub.ev);
			merge(h, &sub, excl, neg);
			continue;
		}
		if ((file = lookup_file(it, &keys)) != NULL || *it == '/') {
			struct strvec sv = STRVEC_INIT;

			if (depth < EX_LIST_DEPTH && file_items(x, file ? file : it,
			    src, keys, &sv, &h->ev)) {
				struct ex_hosts sub;

				sub_hosts(x, &sv, src, &sub, depth + 1);
				merge(h, &sub, excl, neg);
			} else
				h->unknown = true;
			strvec_free(&sv);
			continue;
		}
		if (strchr(it, ';') != NULL) {
			h->unknown = true;
			continue;
		}
		if (prefix_parse(it, &p)) {
			struct addrset one = ADDRSET_INIT;

			addrset_add(&one, &p);
			if (neg)
				addrset_union(excl, &one);
			else {
				addrset_subtract(&one, excl);
				addrset_union(&h->set, &one);
			}
			addrset_free(&one);
			continue;
		}
		if (strcmp(it, "localhost") == 0) {
			if (!neg) {
				addrset_add_str(&h->set, "127.0.0.1/32");
				addrset_add_str(&h->set, "::1/128");
			}
			continue;
		}
		/* @, @[], host names, wildcards and regular expressions
		 * match by this host's or the client's DNS names */
		if (!neg && strcmp(it, "@") != 0 && strcmp(it, "@[]") != 0)
			h->named = true;
	}
	/* a list ending in a negative item matches everything else */
	if (top && last_neg && !h->any) {
		add_all(&h->set, excl);
		h->any = true;
	}
}

/* ex_hosts - what the host list LIST (from line SRC) matches */
void
ex_hosts(struct ex_conf *x, const char *list, const struct ex_line *src,
    struct ex_hosts *h)
{
	struct strvec items = STRVEC_INIT;
	struct addrset excl = ADDRSET_INIT;

	memset(h, 0, sizeof(*h));
	h->set = (struct addrset)ADDRSET_INIT;
	ex_line_ev(x, &h->ev, src);
	ex_split_list(list, &items);
	hosts_items(x, &items, src, h, &excl, 0, true);
	if (h->any)
		h->local_only = false;
	strvec_free(&items);
	addrset_free(&excl);
}

/* ex_hosts_free - release a host list's result */
void
ex_hosts_free(struct ex_hosts *h)
{
	addrset_free(&h->set);
	evlist_free(&h->ev);
}

/* domain_items - what the items match among arbitrary remote domains */
static enum ex_match
domain_items(struct ex_conf *x, struct strvec *items, const struct ex_line *src,
    struct evlist *ev, int depth, bool top)
{
	enum ex_match best = EXM_NO;
	bool last_neg = false;
	size_t i;

	for (i = 0; i < items->n; i++) {
		const char *it = items->v[i];
		enum ex_match m = EXM_NO;
		bool neg = false;

		if (*it == '!') {
			neg = true;
			it++;
			while (isspace((unsigned char)*it))
				it++;
		}
		last_neg = neg;
		if (*it == '\0')
			continue;
		if (strcmp(it, "*") == 0 || strcmp(it, "^.*") == 0 ||
		    strcmp(it, "^.*$") == 0)
			m = EXM_YES;
		else if (ex_expanded(it))
			m = EXM_UNKNOWN;
		else if (*it == '+') {
			struct ex_nlist *nl = strmap_get(&x->nlists, it + 1);
			struct strvec sv = STRVEC_INIT;

			if (nl == NULL || depth >= EX_LIST_DEPTH)
				m = EXM_UNKNOWN;
			else {
				struct evlist sub = { 0 };

				ex_split_list(nl->value, &sv);
				m = domain_items(x, &sv, nl->src, &sub,
				    depth + 1, false);
				if (m != EXM_NO && !neg) {
					ex_line_ev(x, ev, nl->src);
					evlist_append(ev, &sub);
				}
				evlist_free(&sub);
				strvec_free(&sv);
			}
		} else if (*it == '/' && depth < EX_LIST_DEPTH) {
			struct strvec sv = STRVEC_INIT;
			struct evlist sub = { 0 };

			if (file_items(x, it, src, false, &sv, &sub))
				m = domain_items(x, &sv, src, ev, depth + 1,
				    false);
			else
				m = EXM_UNKNOWN;
			evlist_free(&sub);
			strvec_free(&sv);
		} else if (strchr(it, ';') != NULL || *it == '^')
			m = EXM_UNKNOWN;
		else if (*it == '*') {
			const char *rest = it + 1 + (it[1] == '.');

			if (*rest == '\0' || psl_public_suffix(rest)) {
				m = EXM_SUFFIX;
				if (!neg)
					evlist_add(ev, src->file, src->line,
					    "'%s' matches every domain under a "
					    "public suffix", it);
			}
		}
		if (neg) {
			/* excluded before any match: a definite answer */
			if (m == EXM_YES && best == EXM_NO)
				return EXM_NO;
			continue;
		}
		if (m == EXM_YES)
			return EXM_YES;
		if (m > best)
			best = m;
	}
	if (top && last_neg && best == EXM_NO)
		return EXM_YES;
	return best;
}

/* ex_domains - does LIST match arbitrary remote domains? */
enum ex_match
ex_domains(struct ex_conf *x, const char *list, const struct ex_line *src,
    struct evlist *ev)
{
	struct strvec items = STRVEC_INIT;
	enum ex_match m;

	ex_split_list(list, &items);
	m = domain_items(x, &items, src, ev, 0, true);
	strvec_free(&items);
	return m;
}
