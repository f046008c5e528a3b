/* SPDX-License-Identifier: MIT */
/*
 * pf_table.c - read Postfix lookup tables from their text sources.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pf_table.h"
#include "source.h"

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

/* add - append an entry */
static struct pf_tentry *
add(struct pf_table *t, const char *key, size_t klen, const char *value,
    int line)
{
	struct pf_tentry *e;

	t->e = xreallocarray(t->e, t->n + 1, sizeof(*t->e));
	e = &t->e[t->n++];
	memset(e, 0, sizeof(*e));
	e->key = xstrndup(key, klen);
	e->value = xstrdup(value);
	e->line = line;
	return e;
}

/* unknown - mark the table as unreadable for a reason */
static void
unknown(struct pf_table *t, char *why)
{
	t->kind = TK_UNKNOWN;
	free(t->why);
	t->why = why;
}

/* joined_lines - call fn for each logical line (continuations joined) */
static void
joined_lines(struct pf_table *t, struct source *src,
    void (*fn)(struct pf_table *, char *, int))
{
	struct lineiter it;
	struct line ln;
	struct buf b = BUF_INIT;
	int first = 0;

	lineiter_init(&it, src);
	while (lineiter_next(&it, &ln)) {
		if (line_blank(&ln) || line_comment(&ln))
			continue;
		if (isspace((unsigned char)ln.s[0]) && first) {
			buf_addc(&b, ' ');
			buf_add(&b, ln.s, ln.len);
			continue;
		}
		if (first)
			fn(t, b.s, first);
		buf_reset(&b);
		buf_add(&b, ln.s, ln.len);
		first = ln.no;
	}
	if (first)
		fn(t, b.s, first);
	buf_free(&b);
}

/* keyed_line - "key value" */
static void
keyed_line(struct pf_table *t, char *s, int line)
{
	char *k = str_trim(s), *v = k;

	while (*v && !isspace((unsigned char)*v))
		v++;
	add(t, k, (size_t)(v - k), str_trim(v), line);
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
	e = add(t, k, (size_t)(v - k), str_trim(v), line);
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
	e = add(t, k + 1, (size_t)(end - k - 1), "", line);
	e->negated = neg;
	for (end++; *end && !isspace((unsigned char)*end); end++)
		if (*end == 'i')
			icase = !icase;
	free(e->value);
	e->value = xstrdup(str_trim(end));
	if (icase)
		cflags |= REG_ICASE;
	if (strlen(e->key) <= REGEX_MAX && strstr(e->key, "\\1") == NULL &&
	    regcomp(&e->re, e->key, cflags) == 0)
		e->compiled = true;
}

/* pf_regex_matches - the pattern (with negation) matches s */
bool
pf_regex_matches(const struct pf_tentry *e, const char *s)
{
	if (!e->compiled)
		return false;
	return (regexec(&e->re, s, 0, NULL, 0) == 0) != e->negated;
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
		add(t, str_trim(it), strlen(str_trim(it)), str_trim(eq + 1), 0);
	}
	strvec_free(&items);
	free(copy);
}

/* load - fill t from its specification */
static void
load(struct pf_conf *pf, struct pf_table *t, const char *file, int line)
{
	char *spec = xstrdup(t->spec), *type = spec, *name;
	struct source src;

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
		add(t, "", 0, pf_unbrace(name), line);
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
		joined_lines(t, &src, cidr_line);
	else if (t->kind == TK_REGEX)
		joined_lines(t, &src, regex_line);
	else
		joined_lines(t, &src, keyed_line);
	source_free(&src);
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

	for (i = 0; i < t->n; i++) {
		free(t->e[i].key);
		free(t->e[i].value);
		if (t->e[i].compiled)
			regfree(&t->e[i].re);
	}
	free(t->e);
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
