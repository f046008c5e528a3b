/* SPDX-License-Identifier: MIT */
/*
 * ex_pp.c - Exim's configuration preprocessor, done the way readconf.c
 * does it and never more: per physical line, macro substitution (not
 * inside the name of a definition), then comments, then the .ifdef
 * family (true when any substitution happened on the line), then
 * .include; continuation lines join after that.  Definitions "NAME = x"
 * and "NAME == x" take effect as their logical line ends.  Nothing is
 * expanded: ${...} stays text.
 */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/exim/ex_int.h"
#include "parsers/common/source.h"

/* the macros Exim defines itself (generated from the real binary) */
static const struct builtin {
	const char	*name;
	const char	*value;
} builtins[] = {
#define EX_BUILTIN(n, v)	{ n, v },
#include "parsers/exim/exim_builtins.def"
#undef EX_BUILTIN
};

/* conditional states, as readconf.c's next_cstate table */
enum { CS_ACTIVE = 0, CS_WAIT = 1, CS_SKIP = 2 };

static const struct directive {
	const char	*name;
	int		 push;		/* 1 push, 0 change, -1 pop */
	bool		 want;		/* true when "substituted" means active */
} directives[] = {
	{ "elifdef", 0, true },
	{ "elifndef", 0, false },
	{ "else", 0, true },
	{ "endif", -1, true },
	{ "ifdef", 1, true },
	{ "ifndef", 1, false },
};

/* EX_NAME_MAX - the longest macro name Exim accepts in a definition */
#define EX_NAME_MAX	63

/* name_char - can C be part of a macro name? */
static bool
name_char(int c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* candidate - can a macro name start at S, as macros_expand decides? */
static bool
candidate(const char *s)
{
	return isupper((unsigned char)s[0]) ||
	    (s[0] == '_' && isupper((unsigned char)s[1]));
}

/* add_macro - append a macro definition and index its name */
static struct ex_macro *
add_macro(struct ex_conf *x, const char *name, size_t nlen, const char *value)
{
	struct ex_macro *m;
	size_t i;

	if (x->nmacros == x->capmacros) {
		x->capmacros = x->capmacros ? x->capmacros * 2 : 64;
		x->macros = xreallocarray(x->macros, x->capmacros,
		    sizeof(*x->macros));
	}
	m = &x->macros[x->nmacros++];
	memset(m, 0, sizeof(*m));
	m->name = xstrndup(name, nlen);
	m->namelen = nlen;
	m->value = xstrdup(value);
	strmap_put(&x->mnames, m->name, (void *)(uintptr_t)x->nmacros);
	for (i = 0; i < x->nmlens && x->mlens[i] < nlen; i++)
		continue;
	if (i == x->nmlens || x->mlens[i] != nlen) {
		x->mlens = xreallocarray(x->mlens, x->nmlens + 1,
		    sizeof(*x->mlens));
		memmove(x->mlens + i + 1, x->mlens + i,
		    (x->nmlens - i) * sizeof(*x->mlens));
		x->mlens[i] = nlen;
		x->nmlens++;
	}
	return m;
}

/* macro_at - the index + 1 of the macro named by the N bytes at S, or 0 */
static size_t
macro_at(const struct ex_conf *x, const char *s, size_t n)
{
	return (size_t)(uintptr_t)strmap_getn(&x->mnames, s, n);
}

/* find_macro - the macro called NAME, or NULL */
static struct ex_macro *
find_macro(struct ex_conf *x, const char *name, size_t nlen)
{
	size_t i = macro_at(x, name, nlen);

	return i ? &x->macros[i - 1] : NULL;
}

/*
 * ex_pp_init - Exim's list order: the built-ins (longer names first, as
 * Exim's reverse-alphabetical table), then the command-line definitions
 */
void
ex_pp_init(struct ex_conf *x, const struct strvec *defines)
{
	size_t i;

	for (i = ARRAY_SIZE(builtins); i-- > 0;)
		add_macro(x, builtins[i].name, strlen(builtins[i].name),
		    builtins[i].value)->builtin = true;
	x->nbuiltin = x->nmacros;
	for (i = 0; defines && i < defines->n; i++) {
		const char *d = defines->v[i], *eq = strchr(d, '=');
		size_t n = eq ? (size_t)(eq - d) : strlen(d);

		if (find_macro(x, d, n) == NULL)
			add_macro(x, d, n, eq ? eq + 1 : "")->cmdline = true;
	}
	x->ncstate = 0;
	x->cstate[0] = CS_ACTIVE;
}

/* idx_push - append a macro index */
static void
idx_push(struct idxvec *v, size_t i)
{
	v->v = xreallocarray(v->v, v->n + 1, sizeof(*v->v));
	v->v[v->n++] = i;
}

/* idx_free - empty an index list */
static void
idx_free(struct idxvec *v)
{
	free(v->v);
	v->v = NULL;
	v->n = 0;
}

/* a min-heap of macro indexes: which macros still have work on a line */
struct mheap {
	size_t	*v;
	size_t	 n, cap;
};

/* heap_push - add index I */
static void
heap_push(struct mheap *h, size_t i)
{
	size_t k, up;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->v = xreallocarray(h->v, h->cap, sizeof(*h->v));
	}
	for (k = h->n++; k > 0 && h->v[up = (k - 1) / 2] > i; k = up)
		h->v[k] = h->v[up];
	h->v[k] = i;
}

/* heap_pop - take the smallest index; false when empty */
static bool
heap_pop(struct mheap *h, size_t *out)
{
	size_t k = 0, c, last;

	if (h->n == 0)
		return false;
	*out = h->v[0];
	last = h->v[--h->n];
	while ((c = 2 * k + 1) < h->n) {
		if (c + 1 < h->n && h->v[c + 1] < h->v[c])
			c++;
		if (h->v[c] >= last)
			break;
		h->v[k] = h->v[c];
		k = c;
	}
	h->v[k] = last;
	return true;
}

/*
 * scan - queue every macro from index LOW on whose name starts in
 * S[from..to) (S is LEN bytes): names are name characters, so only the
 * lengths the run of them allows are looked up
 */
static void
scan(const struct ex_conf *x, const char *s, size_t len, size_t from,
    size_t to, size_t low, struct mheap *h)
{
	size_t q, run, k, i;

	for (q = from; q < to && q < len; q++) {
		if (!candidate(s + q))
			continue;
		for (run = 1; run < x->mlens[x->nmlens - 1] && q + run < len &&
		    name_char(s[q + run]); run++)
			continue;
		for (k = 0; k < x->nmlens && x->mlens[k] <= run; k++)
			if ((i = macro_at(x, s + q, x->mlens[k])) > low)
				heap_push(h, i - 1);
	}
}

/*
 * replace_all - macros_expand's inner loop for macro I: replace each
 * occurrence after AT, never rescanning a replacement for the same
 * macro, in one pass; queue later macros whose names the replacements
 * make.  The number of replacements, or -1 when the line would grow
 * too long.
 */
static int
replace_all(struct ex_conf *x, struct buf *b, size_t at, size_t i,
    struct mheap *h, const char *file, int line)
{
	const struct ex_macro *m = &x->macros[i];
	struct buf out = BUF_INIT;
	size_t vlen = strlen(m->value), maxlen = x->mlens[x->nmlens - 1];
	size_t *marks = NULL, nmarks = 0, k, lo;
	const char *p;

	buf_add(&out, b->s, at);
	while ((p = strstr(b->s + at, m->name)) != NULL) {
		size_t off = (size_t)(p - b->s);

		if (out.len + (off - at) + vlen + (b->len - off -
		    m->namelen) > EX_LINE_MAX) {
			finding_add(x->eng, "PRS005", x->mc, NULL, file, line,
			    "macro substitution makes the line longer than "
			    "%u bytes; it is cut there", EX_LINE_MAX);
			x->broken = true;
			buf_free(&out);
			free(marks);
			return -1;
		}
		buf_add(&out, b->s + at, off - at);
		marks = xreallocarray(marks, nmarks + 1, sizeof(*marks));
		marks[nmarks++] = out.len;
		buf_add(&out, m->value, vlen);
		at = off + m->namelen;
	}
	if (nmarks == 0) {
		buf_free(&out);
		return 0;
	}
	buf_add(&out, b->s + at, b->len - at);
	buf_free(b);
	*b = out;
	/* a name may now start up to maxlen - 1 bytes before a splice */
	for (k = 0; k < nmarks; k++) {
		lo = marks[k] + 1 > maxlen ? marks[k] + 1 - maxlen : 0;
		scan(x, b->s, b->len, lo, marks[k] + vlen, i + 1, h);
	}
	free(marks);
	return (int)(nmarks > INT_MAX ? INT_MAX : nmarks);
}

/*
 * substitute - readconf.c's macros_expand on B from offset FROM: every
 * macro in list order replaces all its occurrences, and a replacement is
 * searched by the macros after it.  The built-ins are searched only when
 * the line's first possible name starts with '_'.  Only the macros whose
 * names occur are visited; records their indexes in USED.
 */
static bool
substitute(struct ex_conf *x, struct buf *b, size_t from, struct idxvec *used,
    const char *file, int line)
{
	struct mheap h = { NULL, 0, 0 };
	size_t s = from, i, last = SIZE_MAX;
	bool found = false;
	int n;

	while (s < b->len && !candidate(b->s + s))
		s++;
	if (s == b->len || x->nmlens == 0)
		return false;
	scan(x, b->s, b->len, s, b->len, b->s[s] == '_' ? 0 : x->nbuiltin,
	    &h);
	while (heap_pop(&h, &i)) {
		if (i == last)
			continue;
		last = i;
		if ((n = replace_all(x, b, s, i, &h, file, line)) < 0)
			break;
		if (n == 0)
			continue;
		found = true;
		if (!x->macros[i].builtin && !x->macros[i].cmdline)
			idx_push(used, i);
	}
	free(h.v);
	return found;
}

/*
 * earlier_part - the first macro before index BEFORE whose name is a
 * shorter part of NAME (Exim refuses the definition then), or NULL
 */
static const struct ex_macro *
earlier_part(struct ex_conf *x, const char *name, size_t n, size_t before)
{
	size_t q, k, i, best = 0;

	for (q = 0; q < n; q++) {
		if (!candidate(name + q))
			continue;
		for (k = 0; k < x->nmlens && x->mlens[k] <= n - q &&
		    x->mlens[k] < n; k++)
			if ((i = macro_at(x, name + q, x->mlens[k])) != 0 &&
			    i - 1 < before && (best == 0 || i < best))
				best = i;
	}
	return best ? &x->macros[best - 1] : NULL;
}

/* define - a logical line "NAME = value" or "NAME == value" */
static bool
define(struct ex_conf *x, const char *s, const char *file, int line)
{
	const char *p = s, *name = s;
	const struct ex_macro *part;
	struct ex_macro *m;
	size_t n;
	bool redef;

	if (!isupper((unsigned char)*p))
		return false;
	while (name_char(*p))
		p++;
	n = (size_t)(p - name);
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '=')
		return false;
	redef = p[1] == '=';
	p += redef ? 2 : 1;
	while (isspace((unsigned char)*p))
		p++;
	if (n > EX_NAME_MAX) {
		finding_add(x->eng, "PRS001", x->mc, NULL, file, line,
		    "macro name %.*s is longer than %d characters: Exim "
		    "refuses to start", (int)n, name, EX_NAME_MAX);
		x->broken = true;
		return true;
	}
	/* as macro_read_assignment, macros up to this name's own count */
	m = find_macro(x, name, n);
	part = earlier_part(x, name, n, m ? (size_t)(m - x->macros) :
	    x->nmacros);
	if (part) {
		finding_add(x->eng, "PRS001", x->mc, NULL, file, line,
		    "macro name %.*s contains the earlier macro name %s: "
		    "Exim refuses to start", (int)n, name, part->name);
		x->broken = true;
		return true;
	}
	if (m && m->cmdline)
		return true;
	if (m && !redef) {
		finding_add(x->eng, "PRS001", x->mc, NULL, file, line,
		    "macro %.*s is already defined (use \"==\" to redefine "
		    "it): Exim refuses to start", (int)n, name);
		x->broken = true;
		return true;
	}
	if (m) {
		free(m->value);
		m->value = xstrdup(p);
		m->file = file;
		m->line = line;
		return true;
	}
	if (redef) {
		finding_add(x->eng, "PRS001", x->mc, NULL, file, line,
		    "macro %.*s is redefined with \"==\" but was never "
		    "defined: Exim refuses to start", (int)n, name);
		x->broken = true;
		return true;
	}
	m = add_macro(x, name, n, p);
	m->file = file;
	m->line = line;
	return true;
}

/* emit - finish the pending logical line */
static void
emit(struct ex_conf *x)
{
	struct ex_line *l;
	char *s;

	if (x->pend.len == 0) {
		idx_free(&x->pend_macros);
		return;
	}
	s = str_trimdup(x->pend.s);
	buf_reset(&x->pend);
	if (*s == '\0' || define(x, s, x->pend_file, x->pend_line)) {
		free(s);
		idx_free(&x->pend_macros);
		return;
	}
	if (x->nlines == x->caplines) {
		x->caplines = x->caplines ? x->caplines * 2 : 256;
		x->lines = xreallocarray(x->lines, x->caplines,
		    sizeof(*x->lines));
	}
	l = &x->lines[x->nlines++];
	l->s = s;
	l->file = x->pend_file;
	l->line = x->pend_line;
	l->last = x->pend_last;
	/* the line takes over the pending macro list */
	l->macros = x->pend_macros.v;
	l->nmacros = x->pend_macros.n;
	x->pend_macros.v = NULL;
	x->pend_macros.n = 0;
}

/* directive - handle a conditional; false when S is none */
static bool
directive(struct ex_conf *x, const char *s, bool found, const char *file,
    int line)
{
	const struct directive *d = NULL;
	size_t i, n;
	int cur = x->cstate[x->ncstate], next;
	bool yes;

	for (i = 0; i < ARRAY_SIZE(directives); i++) {
		n = strlen(directives[i].name);
		if (strncmp(s + 1, directives[i].name, n) == 0 &&
		    (s[1 + n] == '\0' || isspace((unsigned char)s[1 + n]))) {
			d = &directives[i];
			break;
		}
	}
	if (d == NULL)
		return false;
	yes = found == d->want;
	if (strcmp(d->name, "else") == 0)
		yes = true;
	if (d->push > 0) {
		if (x->ncstate >= EX_COND_DEPTH) {
			finding_add(x->eng, "PRS001", x->mc, NULL, file, line,
			    ".%s nested too deeply: Exim refuses to start",
			    d->name);
			x->broken = true;
			return true;
		}
		x->cstate[++x->ncstate] = cur != CS_ACTIVE ? CS_SKIP :
		    yes ? CS_ACTIVE : CS_WAIT;
		return true;
	}
	if (x->ncstate == 0) {
		finding_add(x->eng, "PRS001", x->mc, NULL, file, line,
		    ".%s without a matching .ifdef: Exim refuses to start",
		    d->name);
		x->broken = true;
		return true;
	}
	if (d->push < 0) {
		x->ncstate--;
		return true;
	}
	next = cur == CS_WAIT ? (yes ? CS_ACTIVE : CS_WAIT) : CS_SKIP;
	/* an inactive enclosing block keeps every branch off */
	if (x->cstate[x->ncstate - 1] != CS_ACTIVE)
		next = CS_SKIP;
	x->cstate[x->ncstate] = next;
	return true;
}

/* include - ".include FILE" or ".include_if_exists FILE" */
static void
include(struct ex_conf *x, const char *s, const char *file, int line,
    int depth)
{
	bool if_exists = strncmp(s, ".include_if_exists", 18) == 0;
	char *path, *t, *full;
	const char *slash;

	path = str_trimdup(s + (if_exists ? 18 : 8));
	t = path + strlen(path);
	if (*path == '"' && t > path + 1 && t[-1] == '"') {
		t[-1] = '\0';
		memmove(path, path + 1, strlen(path));
	}
	if (*path == '\0') {
		finding_add(x->eng, "PRS001", x->mc, NULL, file, line,
		    ".include names no file");
		free(path);
		return;
	}
	if (ex_expanded(path)) {
		finding_add(x->eng, "PRS004", x->mc, NULL, file, line,
		    ".include of '%s' names a file only known at run time",
		    path);
		free(path);
		return;
	}
	if (if_exists && *path != '/') {
		finding_add(x->eng, "PRS001", x->mc, NULL, file, line,
		    ".include_if_exists names the relative path '%s': Exim "
		    "refuses to start (only .include takes one)", path);
		x->broken = true;
		free(path);
		return;
	}
	slash = strrchr(file, '/');
	if (*path == '/')
		full = xstrdup(path);
	else
		full = xasprintf("%.*s/%s", slash ? (int)(slash - file) : 1,
		    slash ? file : ".", path);
	if (depth >= EX_INCLUDE_DEPTH) {
		finding_add(x->eng, "PRS001", x->mc, NULL, file, line,
		    ".include of '%s' nested more than %d deep; not read",
		    path, EX_INCLUDE_DEPTH);
		x->broken = true;
	} else if (!ex_pp_file(x, full, file, line, depth + 1, !if_exists) &&
	    !if_exists) {
		/* PRS003/PRS004 say why it cannot be read */
		finding_add(x->eng, "PRS001", x->mc, NULL, file, line,
		    ".include of '%s' cannot be read: Exim refuses to start "
		    "without it", path);
		x->broken = true;
	}
	free(full);
	free(path);
}

/* physical - process one physical line */
static void
physical(struct ex_conf *x, const char *s, size_t len, const char *file,
    int line, int depth)
{
	struct buf b = BUF_INIT;
	struct idxvec used = { NULL, 0 };
	size_t from = 0, i;
	const char *t;
	bool found;

	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	buf_add(&b, s, len);
	/* the name of a definition is not substituted */
	if (x->pend.len == 0 && isupper((unsigned char)b.s[0])) {
		t = b.s;
		while (isalnum((unsigned char)*t) || *t == '_')
			t++;
		while (isspace((unsigned char)*t))
			t++;
		if (*t == '=')
			from = (size_t)(t - b.s);
	}
	found = substitute(x, &b, from, &used, file, line);
	t = b.s;
	while (isspace((unsigned char)*t))
		t++;
	if (*t == '#' || (*t == '.' && directive(x, t, found, file, line)) ||
	    x->cstate[x->ncstate] != CS_ACTIVE)
		goto done;
	if (strncmp(t, ".include", 8) == 0 && (isspace((unsigned char)t[8]) ||
	    (strncmp(t + 8, "_if_exists", 10) == 0 &&
	    isspace((unsigned char)t[18])))) {
		include(x, t, file, line, depth);
		goto done;
	}
	if (x->pend.len == 0) {
		x->pend_file = file;
		x->pend_line = line;
	}
	for (i = 0; i < used.n; i++)
		idx_push(&x->pend_macros, used.v[i]);
	if (x->total + b.len > EX_TOTAL_MAX) {
		finding_add(x->eng, "PRS005", x->mc, NULL, file, line,
		    "the configuration grows past %u bytes; the rest is not "
		    "read", EX_TOTAL_MAX);
		x->broken = true;
		goto done;
	}
	x->total += b.len;
	x->pend_last = line;
	buf_add(&x->pend, t, strlen(t));
	while (x->pend.len > 0 && isspace((unsigned char)
	    x->pend.s[x->pend.len - 1]))
		x->pend.s[--x->pend.len] = '\0';
	if (x->pend.len > EX_LINE_MAX) {
		finding_add(x->eng, "PRS005", x->mc, NULL, x->pend_file,
		    x->pend_line, "a logical line longer than %u bytes; it is "
		    "not read", EX_LINE_MAX);
		buf_reset(&x->pend);
		idx_free(&x->pend_macros);
	} else if (x->pend.len > 0 && x->pend.s[x->pend.len - 1] == '\\')
		x->pend.s[--x->pend.len] = '\0';
	else
		emit(x);
done:
	idx_free(&used);
	buf_free(&b);
}

/* debian_block - after an UPEX4CmacrosUPEX4C line, Debian's macros */
static void
debian_block(struct ex_conf *x, const char *s, size_t len, int depth)
{
	const char *p, *end, *nl;
	char key[128];
	uintptr_t at;

	if (x->deb_block.len == 0 || len < 18 ||
	    memcmp(s, "UPEX4CmacrosUPEX4C", 18) != 0)
		return;
	p = x->deb_block.s;
	end = p + x->deb_block.len;
	for (; p < end; p = nl + 1) {
		const char *eq;

		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		/* each macro's lines point at its answer in ue4cc */
		at = 0;
		eq = p;
		while (eq < nl && *eq != '=' && *eq != ' ')
			eq++;
		if (strncmp(p, ".ifndef ", 8) == 0)
			snprintf(key, sizeof(key), "%.*s",
			    (int)(nl - p - 8), p + 8);
		else
			snprintf(key, sizeof(key), "%.*s", (int)(eq - p), p);
		at = (uintptr_t)strmap_get(&x->deb_lines, key);
		physical(x, p, (size_t)(nl - p), x->deb_file, at ? (int)at - 1 :
		    0, depth);
	}
}

/* templated - a template engine's marker; "{{" alone is Exim syntax */
static bool
templated(const char *s, size_t n)
{
	static const char *const marks[] = { "{{ ", "{%", "%}", "<%" };

	return text_has_mark(s, n, marks, ARRAY_SIZE(marks));
}

/* on_stack - FILE (interned) is one of the DEPTH files being read */
static bool
on_stack(const struct ex_conf *x, const char *file, int depth)
{
	int i;

	for (i = 0; i < depth && i <= EX_INCLUDE_DEPTH; i++)
		if (x->reading[i] == file)
			return true;
	return false;
}

/* ex_pp_file - preprocess a file; false when it could not be read */
bool
ex_pp_file(struct ex_conf *x, const char *path, const char *from,
    int from_line, int depth, bool must_exist)
{
	struct source src;
	struct lineiter it;
	struct line ln;

	if (!source_read(x->eng, x->mc, x->root, path, from, from_line,
	    must_exist, &src)) {
		/* a configuration file itself (no .include names it) */
		if (from == NULL)
			x->mc->unreadable |= src.unreadable;
		return false;
	}
	if (x->main_file == NULL)
		x->main_file = src.file;
	if (on_stack(x, src.file, depth)) {
		finding_add(x->eng, "PRS001", x->mc, NULL, from, from_line,
		    ".include of '%s', which is already being read: Exim "
		    "would include it again and again until it fails; not "
		    "read again", src.file);
		x->broken = true;
		source_free(&src);
		return true;
	}
	x->reading[depth] = src.file;
	lineiter_init(&it, &src);
	while (lineiter_next(&it, &ln)) {
		size_t n = ln.len;
		const char *nul = memchr(ln.s, '\0', n);

		if (nul)
			n = (size_t)(nul - ln.s);
		if (!x->templated && templated(ln.s, n)) {
			finding_add(x->eng, "PRS002", x->mc, NULL, src.file,
			    ln.no, "template markers: verdicts on templated "
			    "values are unknown");
			x->templated = true;
		}
		physical(x, ln.s, n, src.file, ln.no, depth);
		debian_block(x, ln.s, n, depth);
	}
	/* a continuation does not run past the end of a file */
	if (x->pend.len > 0)
		emit(x);
	source_free(&src);
	return true;
}

/* ex_pp_finish - report an unterminated conditional */
void
ex_pp_finish(struct ex_conf *x)
{
	if (x->ncstate > 0) {
		finding_add(x->eng, "PRS001", x->mc, NULL, x->main_file, 0,
		    "unexpected end of configuration: .endif missing; Exim "
		    "refuses to start");
		x->broken = true;
	}
	emit(x);
}

/* ex_line_ev - evidence: the line and the macro definitions it used */
void
ex_line_ev(struct ex_conf *x, struct evlist *ev, const struct ex_line *l)
{
	size_t i;

	if (l == NULL)
		return;
	evlist_add(ev, l->file, l->line, "%s", l->s);
	for (i = 0; i < l->nmacros; i++) {
		const struct ex_macro *m = &x->macros[l->macros[i]];

		if (m->file)
			evlist_add(ev, m->file, m->line, "%s = %s", m->name,
			    m->value);
	}
}

/* ex_pp_free - release the preprocessor's state and lines */
void
ex_pp_free(struct ex_conf *x)
{
	size_t i;

	for (i = 0; i < x->nmacros; i++) {
		free(x->macros[i].name);
		free(x->macros[i].value);
	}
	free(x->macros);
	for (i = 0; i < x->nlines; i++) {
		free(x->lines[i].s);
		free(x->lines[i].macros);
	}
	free(x->lines);
	buf_free(&x->pend);
	idx_free(&x->pend_macros);
	buf_free(&x->deb_block);
	strmap_free(&x->deb_lines, NULL);
	strmap_free(&x->mnames, NULL);
	free(x->mlens);
}
