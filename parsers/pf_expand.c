/* SPDX-License-Identifier: MIT */
/*
 * pf_expand.c - effective Postfix parameter values per scope, expanded
 * the way Postfix does it: $name, ${name}, $(name), $$, ${name?text},
 * ${name:text}, ${name?{a}:{b}} and the relational forms
 * ${{a} op {b} ? {t} : {f}} with ==, !=, <, <=, >, >= and their
 * "level" variants.  Every expansion is bounded in nesting depth and
 * size; loops and blow-ups end with a parse finding.
 *
 * A scope is main.cf alone (svc == NULL) or one master.cf service,
 * whose -o overrides replace main.cf values, also inside $references.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "postfix.h"

/* a cached effective setting and the strings it owns */
struct pf_setting {
	struct setting	 s;
	char		*name;
	char		*rule;
	char		*raw;
	char		*value;
	bool		 busy;		/* being expanded: a loop if met again */
	bool		 failed;	/* its expansion failed (reported once) */
};

struct xctx {
	struct pf_conf	*pf;
	const struct pf_service *svc;
	int		 depth;
	bool		 failed;
	bool		 inherited;	/* failed only because a reference did */
	char		*why;
	const char	*file;		/* where the text being expanded is */
	int		 line;
};

static void expand(struct xctx *, const char *, size_t, struct buf *);
static struct pf_setting *lookup(struct xctx *, const char *);

/* fail - record the first expansion failure */
static void
fail(struct xctx *x, char *why)
{
	if (!x->failed) {
		x->failed = true;
		x->why = why;
	} else
		free(why);
}

/* is_name - a byte of a bare $name */
static bool
is_name(int c)
{
	return isalnum(c) || c == '_';
}

/* close_of - index of the bracket closing s[0] (which is '{' or '('), or n */
static size_t
close_of(const char *s, size_t n)
{
	char open = s[0], shut = open == '{' ? '}' : ')';
	size_t i;
	int depth = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == open)
			depth++;
		else if (s[i] == shut && --depth == 0)
			return i;
	}
	return n;
}

/* skip_ws - advance over white space */
static size_t
skip_ws(const char *s, size_t i, size_t n)
{
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	return i;
}

/* braced - parse "{text}" at s[*i]; sets start/len of text */
static bool
braced(const char *s, size_t n, size_t *i, size_t *start, size_t *len)
{
	size_t c;

	*i = skip_ws(s, *i, n);
	if (*i >= n || s[*i] != '{')
		return false;
	c = close_of(s + *i, n - *i);
	if (c >= n - *i)
		return false;
	*start = *i + 1;
	*len = c - 1;
	*i += c + 1;
	return true;
}

/* expand_part - expand s[start..start+len) into a new string */
static char *
expand_part(struct xctx *x, const char *s, size_t start, size_t len)
{
	struct buf b = BUF_INIT;

	expand(x, s + start, len, &b);
	return buf_detach(&b);
}

/* as_number - parse a decimal integer; false when it is none */
static bool
as_number(const char *s, long long *v)
{
	char *end;

	s += strspn(s, " \t");
	if (*s == '\0')
		return false;
	*v = strtoll(s, &end, 10);
	end += strspn(end, " \t");
	return *end == '\0';
}

/* compare - evaluate "a op b" for the relational form; -1 on a bad operator */
static int
compare(const char *a, const char *op, size_t oplen, const char *b)
{
	static const struct {
		const char *op;
		int	 lt, eq, gt;
		bool	 level;
	} ops[] = {
		{ "!=", 1, 0, 1, false }, { "<", 1, 0, 0, false },
		{ "<=", 1, 1, 0, false }, { "<=level", 1, 1, 0, true },
		{ "<level", 1, 0, 0, true }, { "==", 0, 1, 0, false },
		{ ">", 0, 0, 1, false }, { ">=", 0, 1, 1, false },
		{ ">=level", 0, 1, 1, true }, { ">level", 0, 0, 1, true },
	};
	long long x, y;
	size_t i;
	int c;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		if (strlen(ops[i].op) != oplen ||
		    memcmp(ops[i].op, op, oplen) != 0)
			continue;
		if (ops[i].level)
			c = pf_version_cmp(a, b);
		else if (strcmp(ops[i].op, "==") == 0 ||
		    strcmp(ops[i].op, "!=") == 0)
			c = strcmp(a, b);
		else if (as_number(a, &x) && as_number(b, &y))
			c = x < y ? -1 : x > y;
		else
			return -1;
		return c < 0 ? ops[i].lt : c == 0 ? ops[i].eq : ops[i].gt;
	}
	return -1;
}

/* relational - "${{a} op {b} ? {t} : {f}}": inner is the text between $ braces */
static void
relational(struct xctx *x, const char *s, size_t n, struct buf *out)
{
	size_t i = 0, as, al, bs, bl, ts, tl, fs = 0, fl = 0, op, opend;
	char *a, *b;
	bool have_f;
	int r;

	if (!braced(s, n, &i, &as, &al))
		goto bad;
	i = skip_ws(s, i, n);
	op = i;
	while (i < n && !isspace((unsigned char)s[i]) && s[i] != '{')
		i++;
	opend = i;
	if (i == op || !braced(s, n, &i, &bs, &bl))
		goto bad;
	i = skip_ws(s, i, n);
	if (i >= n || s[i] != '?')
		goto bad;
	i++;
	if (!braced(s, n, &i, &ts, &tl))
		goto bad;
	i = skip_ws(s, i, n);
	have_f = i < n && s[i] == ':';
	if (have_f) {
		i++;
		if (!braced(s, n, &i, &fs, &fl))
			goto bad;
	}
	if (skip_ws(s, i, n) != n)
		goto bad;
	a = expand_part(x, s, as, al);
	b = expand_part(x, s, bs, bl);
	r = compare(a, s + op, opend - op, b);
	free(a);
	free(b);
	if (r < 0)
		goto bad;
	if (r)
		expand(x, s + ts, tl, out);
	else if (have_f)
		expand(x, s + fs, fl, out);
	return;
bad:
	fail(x, xasprintf("cannot parse the expression '${%.*s}'",
	    (int)(n > 80 ? 80 : n), s));
}

/* conditional - "${name?text}", "${name:text}", "${name?{a}:{b}}" */
static void
conditional(struct xctx *x, const char *s, size_t n, struct buf *out)
{
	struct pf_setting *ps;
	size_t i = 0, ts, tl, fs, fl;
	char *name;
	bool set;

	while (i < n && s[i] != '?' && s[i] != ':' && !isspace((unsigned char)s[i]))
		i++;
	name = xstrndup(s, i);
	ps = lookup(x, name);
	free(name);
	set = ps && ps->value && ps->value[0] != '\0';
	if (i == n) {
		if (ps && ps->value)
			buf_adds(out, ps->value);
		return;
	}
	if (s[i] == '?') {
		i++;
		if (skip_ws(s, i, n) < n && s[skip_ws(s, i, n)] == '{') {
			size_t j = i;

			if (braced(s, n, &j, &ts, &tl)) {
				j = skip_ws(s, j, n);
				if (j < n && s[j] == ':' &&
				    (j++, braced(s, n, &j, &fs, &fl)) &&
				    skip_ws(s, j, n) == n) {
					if (set)
						expand(x, s + ts, tl, out);
					else
						expand(x, s + fs, fl, out);
					return;
				}
				if (j == n || skip_ws(s, j, n) == n) {
					if (set)
						expand(x, s + ts, tl, out);
					return;
				}
			}
		}
		if (set)
			expand(x, s + i, n - i, out);
		return;
	}
	if (s[i] == ':') {
		if (!set)
			expand(x, s + i + 1, n - i - 1, out);
		return;
	}
	fail(x, xasprintf("cannot parse '${%.*s}'", (int)(n > 80 ? 80 : n), s));
}

/* reference - append the value of a bare or braced reference */
static void
reference(struct xctx *x, const char *name, struct buf *out)
{
	struct pf_setting *ps = lookup(x, name);

	if (ps && ps->value)
		buf_adds(out, ps->value);
}

/* expand - expand s[0..n) into out */
static void
expand(struct xctx *x, const char *s, size_t n, struct buf *out)
{
	size_t i = 0, j, c;
	char *name;

	if (++x->depth > PF_EXPAND_DEPTH) {
		fail(x, xasprintf("more than %d nested $references",
		    PF_EXPAND_DEPTH));
		x->depth--;
		return;
	}
	while (i < n && !x->failed) {
		if (out->len > PF_EXPAND_MAX) {
			fail(x, xasprintf("expands to more than %u bytes",
			    PF_EXPAND_MAX));
			break;
		}
		if (s[i] != '$' || i + 1 >= n) {
			buf_addc(out, s[i++]);
			continue;
		}
		if (s[i + 1] == '$') {
			buf_addc(out, '$');
			i += 2;
			continue;
		}
		if (s[i + 1] == '{' || s[i + 1] == '(') {
			c = close_of(s + i + 1, n - i - 1);
			if (c >= n - i - 1) {
				fail(x, xasprintf("unbalanced '%c' in '%.*s'",
				    s[i + 1], (int)(n - i > 60 ? 60 : n - i),
				    s + i));
				break;
			}
			if (s[i + 2] == '{')
				relational(x, s + i + 2, c - 1, out);
			else
				conditional(x, s + i + 2, c - 1, out);
			i += c + 2;
			continue;
		}
		for (j = i + 1; j < n && is_name((unsigned char)s[j]); j++)
			;
		if (j == i + 1) {
			buf_addc(out, s[i++]);
			continue;
		}
		name = xstrndup(s + i + 1, j - i - 1);
		reference(x, name, out);
		free(name);
		i = j;
	}
	x->depth--;
}

/* scope_of - the cache index of a service, 0 for main.cf */
static size_t
scope_of(const struct pf_service *svc)
{
	return svc ? svc->scope : 0;
}

/* report - a parse finding for a failed expansion, once per parameter */
static void
report(struct pf_conf *pf, const char *name, const char *file, int line,
    const char *why)
{
	if (strmap_get(&pf->reported, name))
		return;
	strmap_put(&pf->reported, name, (void *)1);
	finding_add(pf->eng, "PRS005", pf->mc, NULL, file, line,
	    "the value of '%s' cannot be expanded: %s; it is treated as "
	    "empty", name, why);
}

/* undefined - report a $reference to a parameter nobody defines */
static void
undefined(struct xctx *x, const char *name)
{
	char key[300];

	if (x->file == NULL)
		return;
	snprintf(key, sizeof(key), "undef:%s", name);
	if (strmap_get(&x->pf->reported, key))
		return;
	strmap_put(&x->pf->reported, key, (void *)1);
	finding_add(x->pf->eng, "HYG007", x->pf->mc, NULL, x->file, x->line,
	    "'$%s' names no parameter; Postfix expands it to nothing", name);
}

/* lookup - the effective, expanded setting of NAME in x's scope */
static struct pf_setting *
lookup(struct xctx *x, const char *name)
{
	struct pf_conf *pf = x->pf;
	struct strmap *cache = &pf->cache[scope_of(x->svc)];
	struct pf_setting *ps = strmap_get(cache, name);
	const struct pf_def *d = NULL;
	const char *raw, *rule = NULL;
	struct xctx sub;
	struct buf b = BUF_INIT;

	if (ps) {
		if (ps->busy)
			fail(x, xasprintf("'$%s' refers to itself", name));
		else if (ps->failed && !x->failed) {
			fail(x, xasprintf("'$%s' cannot be expanded", name));
			x->inherited = true;
		}
		return ps->busy ? NULL : ps;
	}
	ps = xcalloc(1, sizeof(*ps));
	ps->s.src = SRC_DEFAULT;
	if (x->svc && (d = pf_service_opt(x->svc, name)) != NULL)
		ps->s.src = SRC_OVERRIDE;
	else if ((d = pf_explicit(pf, name)) != NULL)
		ps->s.src = SRC_EXPLICIT;
	if (d) {
		raw = d->value;
		ps->s.file = d->file;
		ps->s.line = d->line;
		ps->s.last = d->last;
	} else
		raw = pf_param_default(pf, name, &rule);
	strmap_put(cache, name, ps);
	ps->name = xstrdup(name);
	ps->s.name = ps->name;
	if (raw == NULL) {
		undefined(x, name);
		ps->value = xstrdup("");
		ps->s.value = ps->value;
		return ps;
	}
	ps->raw = xstrdup(raw);
	ps->s.raw = ps->raw;
	if (rule) {
		ps->rule = xstrdup(rule);
		ps->s.rule = ps->rule;
	}
	ps->busy = true;
	sub = *x;
	sub.failed = false;
	sub.inherited = false;
	sub.why = NULL;
	if (d) {
		sub.file = d->file;
		sub.line = d->line;
	} else
		sub.file = NULL;
	expand(&sub, ps->raw, strlen(ps->raw), &b);
	ps->busy = false;
	x->depth = sub.depth;
	if (sub.failed) {
		if (!sub.inherited)
			report(pf, name, ps->s.file, ps->s.line, sub.why);
		free(sub.why);
		buf_free(&b);
		ps->value = xstrdup("");
		ps->failed = true;
		/* the outer expansion fails too: its value depends on this one */
		if (!x->failed) {
			fail(x, xasprintf("'$%s' cannot be expanded", name));
			x->inherited = true;
		}
	} else
		ps->value = buf_detach(&b);
	ps->s.value = ps->value;
	return ps;
}

/* pf_get - the effective setting of NAME for a service (NULL: main.cf) */
const struct setting *
pf_get(struct pf_conf *pf, const struct pf_service *svc, const char *name)
{
	struct xctx x = { .pf = pf, .svc = svc };
	struct pf_setting *ps = lookup(&x, name);

	free(x.why);
	return &ps->s;
}

/* pf_value - the expanded value of NAME for a service, "" when undefined */
const char *
pf_value(struct pf_conf *pf, const struct pf_service *svc, const char *name)
{
	return pf_get(pf, svc, name)->value;
}

/* pf_setting_ev - evidence for a setting: its line, or its default rule */
void
pf_setting_ev(struct evlist *ev, const struct setting *st)
{
	if (st->src == SRC_DEFAULT)
		evlist_add(ev, NULL, 0, "%s = %.200s (built-in default%s%s)",
		    st->name, st->value, st->rule ? ": " : "",
		    st->rule ? st->rule : "");
	else if (strcmp(st->raw, st->value) != 0)
		evlist_add(ev, st->file, st->line, "%s = %.200s (expands to '%.200s')",
		    st->name, st->raw, st->value);
	else
		evlist_add(ev, st->file, st->line, "%s = %.200s", st->name,
		    st->raw);
}

/* pf_bool - a yes/no parameter */
bool
pf_bool(struct pf_conf *pf, const struct pf_service *svc, const char *name)
{
	const char *v = pf_value(pf, svc, name);

	return str_eq_nocase(v, "yes") || str_eq_nocase(v, "true") ||
	    strcmp(v, "1") == 0;
}

/* pf_expand_text - expand TEXT in a scope (for table values and lists) */
char *
pf_expand_text(struct pf_conf *pf, const struct pf_service *svc,
    const char *text, const char *file, int line)
{
	struct xctx x = { .pf = pf, .svc = svc, .file = file, .line = line };
	struct buf b = BUF_INIT;

	expand(&x, text, strlen(text), &b);
	if (x.failed) {
		if (file)
			finding_add(pf->eng, "PRS005", pf->mc, NULL, file, line,
			    "'%.60s' cannot be expanded: %s", text, x.why);
		free(x.why);
	}
	return buf_detach(&b);
}

/* setting_free - free one cached setting */
static void
setting_free(void *p)
{
	struct pf_setting *ps = p;

	free(ps->name);
	free(ps->rule);
	free(ps->raw);
	free(ps->value);
	free(ps);
}

/* pf_conf_free - free a Postfix configuration */
void
pf_conf_free(void *p)
{
	struct pf_conf *pf = p;
	size_t i, j;

	if (pf == NULL)
		return;
	for (i = 0; i < pf->ndefs; i++) {
		free(pf->defs[i].name);
		free(pf->defs[i].value);
	}
	free(pf->defs);
	strmap_free(&pf->last, NULL);
	for (i = 0; i < pf->nsvcs; i++) {
		struct pf_service *s = &pf->svcs[i];

		free(s->name);
		free(s->type);
		for (j = 0; j < 5; j++)
			free(s->field[j]);
		free(s->command);
		strvec_free(&s->argv);
		for (j = 0; j < s->nopts; j++) {
			free(s->opts[j].name);
			free(s->opts[j].value);
		}
		free(s->opts);
	}
	free(pf->svcs);
	for (i = 0; i < pf->ncache; i++)
		strmap_free(&pf->cache[i], setting_free);
	free(pf->cache);
	strmap_free(&pf->reported, NULL);
	free(pf->version);
	free(pf->hostname);
	free(pf);
}
