/* SPDX-License-Identifier: MIT */
/*
 * pf_table.c - read Postfix lookup tables from their text sources.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/common/source.h"
#include "parsers/postfix/pf_int.h"
#include "lib/rxguard.h"

#define REGEX_MAX	1024	/* longest pattern compiled */

/* keyed types whose text source has the table's own name */
static const char *const keyed_types[] = {
	"btree", "cdb", "dbm", "hash", "lmdb", "sdbm", "texthash",
};

/* types whose data lives outside the file system image */
static const char *const remote_types[] = {
	"environ", "fail", "ldap", "memcache", "mongodb", "mysql", "netinfo",
	"nis", "nisplus", "pgsql", "pipemap", "randmap", "socketmap",
	"sqlite", "tcp", "unionmap", "unix",
};

/* in_list - s is one of a sorted list of names */
static bool
in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* pf_table_is_spec - "type:name" with a known or plausible type */
bool
pf_table_is_spec(const char *s)
{
	const char *c = strchr(s, ':');
	size_t i;

	if (c == NULL || c == s || s[0] == '/' || s[0] == '[')
		return false;
	for (i = 0; s + i < c; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/*
 * add - append an entry whose key and value already live in the table's
 * storage; the array doubles, so a large table costs no copy per entry
 */
static struct pf_tentry *
add(struct pf_table *t, char *key, char *value, int line)
{
	struct pf_tentry *e;

	if (t->n == t->cap) {
		t->cap = t->cap < 16 ? 16 : 2 * t->cap;
		t->e = xreallocarray(t->e, t->cap, sizeof(*t->e));
	}
	e = &t->e[t->n++];
	memset(e, 0, sizeof(*e));
	e->key = key;
	e->value = value;
	e->line = line;
	return e;
}

/* keep - a copy of n bytes of s that lives as long as the table */
static char *
keep(struct pf_table *t, const char *s, size_t n)
{
	strvec_push_owned(&t->own, xstrndup(s, n));
	return t->own.v[t->own.n - 1];
}

/* add_copy - append an entry with copies of its key and value */
static void
add_copy(struct pf_table *t, const char *key, size_t klen, const char *value,
    int line)
{
	char *k = keep(t, key, klen);

	add(t, k, keep(t, value, strlen(value)), line);
}

/* cut_key - end the key at s (the end of its text) and return the value */
static char *
cut_key(char *s)
{
	if (*s == '\0')
		return s;
	*s = '\0';
	return str_trim(s + 1);
}

/* unknown - mark the table as unreadable for a reason */
static void
unknown(struct pf_table *t, char *why)
{
	t->kind = TK_UNKNOWN;
	free(t->why);
	t->why = why;
}

/*
 * joined_lines - call fn for each logical line (continuations joined by
 * a space), in place: each logical line is moved to the front of what
 * is left of the text and ended with a NUL, so the strings fn cuts out
 * of it stay valid as long as the text.  A joined line never outgrows
 * the physical lines it spans, each of which ends in a terminator (the
 * text's own NUL after the last), so writing never overtakes reading.
 * Returns the bytes of the text in use.
 */
static size_t
joined_lines(struct pf_table *t, struct source *src,
    void (*fn)(struct pf_table *, char *, int))
{
	struct lineiter it;
	struct line ln;
	char *w = src->data, *start = NULL;
	int first = 0;

	lineiter_init(&it, src);
	while (lineiter_next(&it, &ln)) {
		if (line_blank(&ln) || line_comment(&ln))
			continue;
		if (isspace((unsigned char)ln.s[0]) && first) {
			*w++ = ' ';
			memmove(w, ln.s, ln.len);
			w += ln.len;
			continue;
		}
		if (first) {
			*w++ = '\0';
			fn(t, start, first);
		}
		start = w;
		memmove(w, ln.s, ln.len);
		w += ln.len;
		first = ln.no;
	}
	if (first) {
		*w++ = '\0';
		fn(t, start, first);
	}
	return (size_t)(w - src->data);
}

/* rebase - move p from the text at old to the same offset in new */
static char *
rebase(char *p, const char *old, char *new)
{
	return new + (p - old);
}

/*
 * keep_text - the table keeps the text its entries point into; text
 * that is mostly comments is copied down to the USED bytes first
 */
static void
keep_text(struct pf_table *t, struct source *src, size_t used)
{
	char *text;
	size_t i;

	if (used >= src->len / 2) {
		t->text = src->data;
		src->data = NULL;
		return;
	}
	text = xmalloc(used + 1);
	memcpy(text, src->data, used);
	text[used] = '\0';
	for (i = 0; i < t->n; i++) {
		t->e[i].key = rebase(t->e[i].key, src->data, text);
		t->e[i].value = rebase(t->e[i].value, src->data, text);
	}
	t->text = text;
}

/* keyed_line - "key value" */
static void
keyed_line(struct pf_table *t, char *s, int line)
{
	char *k = str_trim(s), *v = k;

	while (*v && !isspace((unsigned char)*v))
		v++;
	add(t, k, cut_key(v), line);
}

/* cidr_line - "prefix value", "!prefix value"; if/endif lines are skipped */
static void
cidr_line(struct pf_table *t, char *s, int line)
{
	char *k = str_trim(s), *v = k;
	struct pf_tentry *e;
	bool neg = false;

	if (str_starts(k, "if ") || strcmp(k, "endif") == 0)
		return;
	if (*k == '!') {
		neg = true;
		k++;
	}
	while (*v && !isspace((unsigned char)*v))
		v++;
	e = add(t, k, cut_key(v), line);
	e->negated = neg;
	if (!prefix_parse(e->key, &e->pfx))
		e->pfx.family = 0;
}

/* regex_line - "/pattern/flags value"; if/endif lines are skipped */
static void
regex_line(struct pf_table *t, char *s, int line)
{
	char *k = str_trim(s), *end, delim;
	struct pf_tentry *e;
	bool neg = false, icase = true;
	int cflags = REG_EXTENDED | REG_NOSUB;

	if (str_starts(k, "if ") || str_starts(k, "if!") ||
	    strcmp(k, "endif") == 0)
		return;
	if (*k == '!') {
		neg = true;
		k++;
	}
	delim = *k;
	if (delim == '\0' || isalnum((unsigned char)delim) || isspace((unsigned char)delim))
		return;
	for (end = k + 1; *end && *end != delim; end++)
		if (*end == '\\' && end[1])
			end++;
	if (*end != delim)
		return;
	*end = '\0';
	for (end++; *end && !isspace((unsigned char)*end); end++)
		if (*end == 'i')
			icase = !icase;
	e = add(t, k + 1, str_trim(end), line);
	e->negated = neg;
	if (icase)
		cflags |= REG_ICASE;
	if (strlen(e->key) > REGEX_MAX)
		e->refused = "it is longer than 1024 bytes";
	else if (rxguard_ok(e->key, &e->refused, &e->cost)) {
		e->re = xmalloc(sizeof(*e->re));
		if (regcomp(e->re, e->key, cflags) == 0)
			e->compiled = true;
		else {
			free(e->re);
			e->re = NULL;
		}
	}
}

/* pf_regex_matches - the pattern (with negation) matches s */
bool
pf_regex_matches(const struct pf_tentry *e, const char *s)
{
	if (!e->compiled)
		return false;
	return (regexec(e->re, s, 0, NULL, 0) == 0) != e->negated;
}

/* read_inline - "inline:{ k=v, { k = v } }" */
static void
read_inline(struct pf_table *t, const char *body)
{
	struct strvec items = STRVEC_INIT;
	char *copy = xstrdup(body), *in = pf_unbrace(copy);
	size_t i;

	pf_split_list(in, &items);
	for (i = 0; i < items.n; i++) {
		char *it = pf_unbrace(items.v[i]), *eq = strchr(it, '=');

		if (eq == NULL)
			continue;
		*eq = '\0';
		add_copy(t, str_trim(it), strlen(str_trim(it)),
		    str_trim(eq + 1), 0);
	}
	strvec_free(&items);
	free(copy);
}

/* refused - a finding for each pattern not compiled: it is unknown */
static void
refused(struct pf_conf *pf, const struct pf_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->e[i].refused != NULL)
			finding_add(pf->eng, "PRS001", pf->mc, NULL, t->file,
			    t->e[i].line, "the pattern of this %s entry is not "
			    "compiled: %s; what it matches is unknown",
			    t->spec, t->e[i].refused);
}

/* load - fill t from its specification */
static void
load(struct pf_conf *pf, struct pf_table *t, const char *file, int line)
{
	char *spec = xstrdup(t->spec), *type = spec, *name;
	struct source src;
	size_t used;

	while (str_starts(type, "proxy:"))
		type += 6;
	name = strchr(type, ':');
	if (name == NULL) {
		unknown(t, xstrdup("not a type:name table"));
		goto out;
	}
	*name++ = '\0';
	if (strcmp(type, "static") == 0) {
		t->kind = TK_STATIC;
		add_copy(t, "", 0, pf_unbrace(name), line);
		goto out;
	}
	if (strcmp(type, "inline") == 0) {
		t->kind = TK_KEYED;
		read_inline(t, name);
		goto out;
	}
	if (in_list(type, remote_types, ARRAY_SIZE(remote_types))) {
		unknown(t, xasprintf("a %s: table is not in the file system",
		    type));
		goto out;
	}
	if (strcmp(type, "cidr") == 0)
		t->kind = TK_CIDR;
	else if (strcmp(type, "pcre") == 0 || strcmp(type, "regexp") == 0)
		t->kind = TK_REGEX;
	else if (in_list(type, keyed_types, ARRAY_SIZE(keyed_types)))
		t->kind = TK_KEYED;
	else {
		unknown(t, xasprintf("unknown table type '%s'", type));
		goto out;
	}
	if (name[0] != '/') {
		unknown(t, xasprintf("'%s' is not an absolute path", name));
		goto out;
	}
	if (!source_read(pf->eng, pf->mc, pf->root, name, file, line, true,
	    &src)) {
		unknown(t, xasprintf("its source '%s' cannot be read", name));
		goto out;
	}
	t->file = src.file;
	if (t->kind == TK_CIDR)
		used = joined_lines(t, &src, cidr_line);
	else if (t->kind == TK_REGEX) {
		used = joined_lines(t, &src, regex_line);
		refused(pf, t);
	}
	else
		used = joined_lines(t, &src, keyed_line);
	keep_text(t, &src, used);
	source_free(&src);
	if (t->n < t->cap) {
		t->e = xreallocarray(t->e, t->n ? t->n : 1, sizeof(*t->e));
		t->cap = t->n ? t->n : 1;
	}
out:
	free(spec);
}

/* pf_table_get - the table SPEC, read once and cached */
struct pf_table *
pf_table_get(struct pf_conf *pf, const char *spec, const char *file, int line)
{
	struct pf_table *t = strmap_get(&pf->tables, spec);

	if (t)
		return t;
	t = xcalloc(1, sizeof(*t));
	t->spec = xstrdup(spec);
	strmap_put(&pf->tables, spec, t);
	load(pf, t, file, line);
	return t;
}

/* table_free - free one table */
static void
table_free(void *p)
{
	struct pf_table *t = p;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->e[i].re != NULL) {
			regfree(t->e[i].re);
			free(t->e[i].re);
		}
	free(t->e);
	free(t->text);
	strvec_free(&t->own);
	free(t->spec);
	free(t->why);
	free(t);
}

/* pf_tables_free - free every cached table */
void
pf_tables_free(struct strmap *m)
{
	strmap_free(m, table_free);
}
