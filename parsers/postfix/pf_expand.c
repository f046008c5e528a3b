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

#include "parsers/postfix/pf_int.h"

#define PF_EXPAND_STACK	(10 * PF_EXPAND_DEPTH)	/* recursion, all settings */

/* a cached effective setting and the strings it owns */
struct pf_setting {
	struct setting	 s;
	char		*name;
	char		*why;
	char		*raw;
	char		*value;
	bool		 busy;		/* being expanded: a loop if met again */
	bool		 failed;	/* its expansion failed (reported once) */
	struct strvec	 deps;		/* names its value refers to */
	int		 height;	/* nesting depth of its expansion */
};

struct xctx {
	struct pf_conf	*pf;
	const struct pf_service *svc;
	int		 depth;		/* nesting within the current setting */
	int		 peak;		/* deepest nesting reached */
	int		 stack;		/* recursion across settings */
	bool		 failed;
	bool		 inherited;	/* failed only because a reference did */
	struct strvec	*deps;		/* where to note the names referred to */
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

/* all_digits - a non-empty string of decimal digits (Postfix alldig()) */
static bool
all_digits(const char *s)
{
	return *s != '\0' && strspn(s, "0123456789") == strlen(s) &&
	    strlen(s) < 19;
}

/* is_level - "major[.minor[.patch]]" as a compatibility level */
static bool
is_level(const char *s)
{
	int parts;

	for (parts = 1;; parts++) {
		if (!isdigit((unsigned char)*s))
			return false;
		while (isdigit((unsigned char)*s))
			s++;
		if (*s == '\0')
			return true;
		if (*s++ != '.' || parts == 3)
			return false;
	}
}

/* compare - "a op b" as Postfix: numbers if both all digits, else strings */
static int
compare(const char *a, const char *op, size_t oplen, bool level,
    const char *b)
{
	static const struct {
		const char *op;
		int	 lt, eq, gt;
	} ops[] = {
		{ "!=", 1, 0, 1 }, { "<", 1, 0, 0 }, { "<=", 1, 1, 0 },
		{ "==", 0, 1, 0 }, { ">", 0, 0, 1 }, { ">=", 0, 1, 1 },
	};
	long long x, y;
	size_t i;
	int c;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		if (strlen(ops[i].op) != oplen ||
		    memcmp(ops[i].op, op, oplen) != 0)
			continue;
		if (level) {
			if (!is_level(a) || !is_level(b))
				return -1;
			c = pf_version_cmp(a, b);
		} else if (all_digits(a) && all_digits(b)) {
			x = strtoll(a, NULL, 10);
			y = strtoll(b, NULL, 10);
			c = x < y ? -1 : x > y;
		} else
			c = strcmp(a, b);
		return c < 0 ? ops[i].lt : c == 0 ? ops[i].eq : ops[i].gt;
	}
	return -1;
}

/* operand - a "{text}" operand (braces removed) or the rest as raw text */
static bool
operand(const char *s, size_t n, size_t *i, size_t *start, size_t *len)
{
	size_t j = skip_ws(s, *i, n);

	if (j < n && s[j] == '{') {
		if (!braced(s, n, &j, start, len))
			return false;
		*i = skip_ws(s, j, n);
		return true;
	}
	*start = *i;
	*len = n - *i;
	*i = n;
	return true;
}

/* choose - expand the "?{t}", ":{f}" or "?{t}:{f}" tail at s[i] by SET */
static bool
choose(struct xctx *x, const char *s, size_t n, size_t i, bool set,
    struct buf *out)
{
	size_t os, ol;

	if (s[i] == '?') {
		i++;
		if (!operand(s, n, &i, &os, &ol))
			return false;
		if (set)
			expand(x, s + os, ol, out);
		if (i == n)
			return true;
		if (s[i] != ':')
			return false;
	}
	i++;
	if (!operand(s, n, &i, &os, &ol))
		return false;
	if (!set)
		expand(x, s + os, ol, out);
	return i == n;
}

/* relational - "${{a} op {b} ? {t} : {f}}": inner is the text between $ braces */
static void
relational(struct xctx *x, const char *s, size_t n, struct buf *out)
{
	size_t i = 0, as, al, bs, bl, op, oplen;
	char *a, *b, *t;
	bool level = false;
	int r;

	if (!braced(s, n, &i, &as, &al))
		goto bad;
	i = skip_ws(s, i, n);
	for (op = i; i < n && strchr("<>!=?+-*/~&|%", s[i]) != NULL; i++)
		;
	oplen = i - op;
	if (i + 5 <= n && memcmp(s + i, "level", 5) == 0 &&
	    (i + 5 == n || !isalnum((unsigned char)s[i + 5]))) {
		level = true;
		i += 5;
	}
	if (oplen == 0 || !braced(s, n, &i, &bs, &bl))
		goto bad;
	i = skip_ws(s, i, n);
	if (i < n && s[i] != '?' && s[i] != ':')
		goto bad;
	a = expand_part(x, s, as, al);
	b = expand_part(x, s, bs, bl);
	r = compare(a, s + op, oplen, level, b);
	free(a);
	free(b);
	if (r < 0)
		goto bad;
	if (i == n) {
		if (r)
			buf_adds(out, "true");
		return;
	}
	if (choose(x, s, n, i, r, out))
		return;
bad:
	t = str_clipn(s, n, 80);
	fail(x, xasprintf("cannot parse the expression '${%s}'", t));
	free(t);
}

/* conditional - "${name}", "${name?text}", "${name:text}", "${name?{a}:{b}}" */
static void
conditional(struct xctx *x, const char *s, size_t n, struct buf *out)
{
	struct pf_setting *ps;
	size_t i = skip_ws(s, 0, n), start = i, end;
	char *name;

	while (i < n && is_name((unsigned char)s[i]))
		i++;
	end = i;
	i = skip_ws(s, i, n);
	if (end == start || (i < n && s[i] != '?' && s[i] != ':'))
		goto bad;
	name = xstrndup(s + start, end - start);
	ps = lookup(x, name);
	free(name);
	if (i == n) {
		if (ps && ps->value)
			buf_adds(out, ps->value);
		return;
	}
	if (choose(x, s, n, i, ps && ps->value && ps->value[0] != '\0', out))
		return;
bad:
	name = str_clipn(s, n, 80);
	fail(x, xasprintf("cannot parse '${%s}'", name));
	free(name);
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

	/* once over budget, nothing more is expanded */
	if (x->pf->mc->over_budget || !engine_spend(x->pf->eng, x->pf->mc,
	    BUDGET_STEPS, 1, x->file, x->line)) {
		fail(x, xstrdup("the work budget ran out"));
		return;
	}
	x->stack++;
	if (++x->depth > x->peak)
		x->peak = x->depth;
	if (x->depth > PF_EXPAND_DEPTH || x->stack > PF_EXPAND_STACK) {
		fail(x, xasprintf("more than %d nested $references",
		    PF_EXPAND_DEPTH));
		x->depth--;
		x->stack--;
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
				name = str_clipn(s + i, n - i, 60);
				fail(x, xasprintf("unbalanced '%c' in '%s'",
				    s[i + 1], name));
				free(name);
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
	/* what a whole value grows to is drawn once, at the outermost */
	if (x->depth == 1 && !x->failed && !engine_spend(x->pf->eng,
	    x->pf->mc, BUDGET_EXPANDED, out->len, x->file, x->line))
		fail(x, xstrdup("the work budget ran out"));
	x->depth--;
	x->stack--;
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

/* nested - count a referenced setting's nesting, cached or not */
static void
nested(struct xctx *x, const struct pf_setting *ps)
{
	if (x->depth + ps->height > x->peak)
		x->peak = x->depth + ps->height;
	if (x->depth + ps->height > PF_EXPAND_DEPTH)
		fail(x, xasprintf("more than %d nested $references",
		    PF_EXPAND_DEPTH));
}

/*
 * affected - the value of NAME in main.cf's scope depends, directly or
 * through its references, on a parameter the service overrides; memoised
 * per scope (1: shared with main.cf, 2: affected)
 */
static bool
affected(struct pf_conf *pf, const struct pf_service *svc, const char *name,
    int depth)
{
	struct strmap *memo = &pf->affect[svc->scope];
	uintptr_t v = (uintptr_t)strmap_get(memo, name);
	struct pf_setting *m;
	bool r = false;
	size_t i;

	if (v)
		return v == 2;
	strmap_put(memo, name, (void *)2);	/* a cycle counts as affected */
	if (pf_service_opt(svc, name) != NULL || depth > PF_EXPAND_DEPTH)
		r = true;
	else {
		(void)pf_get(pf, NULL, name);
		m = strmap_get(&pf->cache[0], name);
		if (m == NULL || m->busy)
			r = true;
		for (i = 0; m && !r && i < m->deps.n; i++)
			r = affected(pf, svc, m->deps.v[i], depth + 1);
	}
	strmap_put(memo, name, (void *)(uintptr_t)(r ? 2 : 1));
	return r;
}

/* shared - look NAME up in main.cf's scope on behalf of x */
static struct pf_setting *
shared(struct xctx *x, const char *name)
{
	struct xctx mx = *x;
	struct pf_setting *ps;

	mx.svc = NULL;
	ps = lookup(&mx, name);
	x->depth = mx.depth;
	x->peak = mx.peak;
	x->stack = mx.stack;
	x->failed = mx.failed;
	x->inherited = mx.inherited;
	x->why = mx.why;
	return ps;
}

/* lookup - the effective, expanded setting of NAME in x's scope */
static struct pf_setting *
lookup(struct xctx *x, const char *name)
{
	struct pf_conf *pf = x->pf;
	struct strmap *cache = &pf->cache[scope_of(x->svc)];
	struct pf_setting *ps = strmap_get(cache, name);
	const struct pf_def *d = NULL;
	const char *raw, *why = NULL;
	enum setting_rule rule = RULE_NONE;
	struct xctx sub;
	struct buf b = BUF_INIT;

	if (x->deps)
		strvec_push(x->deps, name);
	/* a service sees main.cf's value unless it overrides what it uses */
	if (ps == NULL && x->svc && x->svc->scope != 0 &&
	    !affected(pf, x->svc, name, 0))
		return shared(x, name);
	if (ps) {
		if (ps->busy)
			fail(x, xasprintf("'$%s' refers to itself", name));
		else if (ps->failed && !x->failed) {
			fail(x, xasprintf("'$%s' cannot be expanded", name));
			x->inherited = true;
		} else
			nested(x, ps);
		return ps->busy ? NULL : ps;
	}
	ps = xcalloc(1, sizeof(*ps));
	ps->s.src = SRC_DEFAULT;
	ps->s.effective = true;
	if (x->svc && (d = pf_service_opt(x->svc, name)) != NULL) {
		ps->s.src = SRC_OVERRIDE;
		ps->s.scope = SCOPE_SERVICE;
		ps->s.scope_name = x->svc->label;
	} else if ((d = pf_explicit(pf, name)) != NULL)
		ps->s.src = SRC_EXPLICIT;
	if (d) {
		raw = d->value;
		ps->s.file = d->file;
		ps->s.line = d->line;
		ps->s.last = d->last;
	} else {
		raw = pf_param_default(pf, x->svc, name, &rule, &why);
		ps->s.rule = rule;
		/* defaults derived from other parameters depend on them */
		if (rule == RULE_COMPAT_LEVEL)
			strvec_push(&ps->deps, "compatibility_level");
		if (strcmp(name, "mydomain") == 0)
			strvec_push(&ps->deps, "myhostname");
	}
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
	if (why) {
		ps->why = xstrdup(why);
		ps->s.why = ps->why;
	}
	if (pf_param_raw(name)) {
		ps->value = xstrdup(ps->raw);
		ps->s.value = ps->value;
		return ps;
	}
	ps->busy = true;
	sub = *x;
	sub.depth = sub.peak = 0;
	sub.failed = false;
	sub.inherited = false;
	sub.why = NULL;
	sub.deps = &ps->deps;
	if (d) {
		sub.file = d->file;
		sub.line = d->line;
	} else
		sub.file = NULL;
	expand(&sub, ps->raw, strlen(ps->raw), &b);
	ps->busy = false;
	ps->height = sub.peak;
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
	} else {
		/* postconf -x trims what empty references leave at the ends */
		char *v = buf_detach(&b);

		ps->value = xstrdup(str_trim(v));
		free(v);
		nested(x, ps);
	}
	ps->s.value = ps->value;
	return ps;
}

/* pf_get - the effective setting of NAME for a service (NULL: main.cf) */
const struct setting *
pf_get(struct pf_conf *pf, const struct pf_service *svc, const char *name)
{
	static const struct setting busy = { .name = "", .raw = "",
	    .value = "" };
	struct xctx x = { .pf = pf, .svc = svc };
	struct pf_setting *ps = lookup(&x, name);

	free(x.why);
	/* NULL: asked for (by a default) while it is being expanded */
	return ps ? &ps->s : &busy;
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
	char *raw = str_clip(st->raw, 200), *value = str_clip(st->value, 200);

	if (st->src == SRC_DEFAULT)
		evlist_add(ev, NULL, 0, "%s = %s (built-in default%s%s)",
		    st->name, value, st->why ? ": " : "",
		    st->why ? st->why : "");
	else if (strcmp(st->raw, st->value) != 0)
		evlist_add(ev, st->file, st->line, "%s = %s (expands to '%s')",
		    st->name, raw, value);
	else
		evlist_add(ev, st->file, st->line, "%s = %s", st->name, raw);
	free(raw);
	free(value);
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
		char *t = str_clip(text, 60);

		if (file)
			finding_add(pf->eng, "PRS005", pf->mc, NULL, file, line,
			    "'%s' cannot be expanded: %s", t, x.why);
		free(t);
		free(x.why);
	}
	return buf_detach(&b);
}

/* setting_free - free one cached setting */
static void
setting_free(void *p)
{
	struct pf_setting *ps = p;

	strvec_free(&ps->deps);
	free(ps->name);
	free(ps->why);
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
		free(s->label);
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
	pf_lists_free(pf);
	for (i = 0; i < pf->ncache; i++) {
		strmap_free(&pf->cache[i], setting_free);
		if (pf->affect)
			strmap_free(&pf->affect[i], NULL);
	}
	free(pf->cache);
	free(pf->affect);
	strmap_free(&pf->reported, NULL);
	free(pf->version);
	free(pf->hostname);
	free(pf->startup_why);
	free(pf);
}
