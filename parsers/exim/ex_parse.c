/* SPDX-License-Identifier: MIT */
/*
 * ex_parse.c - the preprocessed logical lines into Exim's structure:
 * main options (checked against the options of the real Exim, with
 * their built-in defaults), named lists, ACLs as ordered statements,
 * routers, transports and authenticators.  Mistakes Exim refuses to
 * start with are parse findings.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/exim/ex_int.h"

/* every main option of the real Exim, with its default (generated) */
static const struct option {
	const char	*name;
	const char	*def;
} options[] = {
#define EX_OPTION(n, d)	{ n, d },
#include "parsers/exim/exim_options.def"
#undef EX_OPTION
};

static const char *const section_names[EXS_COUNT] = {
	[EXS_MAIN] = "main",
	[EXS_ACL] = "acl",
	[EXS_AUTH] = "authenticators",
	[EXS_ROUTERS] = "routers",
	[EXS_TRANSPORTS] = "transports",
	[EXS_RETRY] = "retry",
	[EXS_REWRITE] = "rewrite",
	[EXS_LOCAL_SCAN] = "local_scan",
};

/* ACL verbs, sorted */
static const char *const verbs[] = {
	"accept", "defer", "deny", "discard", "drop", "require", "warn",
};

/* ACL conditions and modifiers, sorted */
static const char *const acl_words[] = {
	"acl", "add_header", "authenticated", "bmi_optin", "condition",
	"continue", "control", "dcc", "debug", "decode", "delay",
	"dkim_signers", "dkim_status", "dmarc_status", "dnslists", "domains",
	"encrypted", "endpass", "hosts", "local_parts", "log_message",
	"log_reject_target", "logwrite", "malware", "message", "mime_regex",
	"queue", "ratelimit", "recipients", "regex", "remove_header", "seen",
	"sender_domains", "senders", "set", "spam", "spf", "spf_guess",
	"udpsend", "verify", "wellknown",
};

/* named-list keywords */
static const char *const list_kinds[] = {
	"addresslist", "domainlist", "hostlist", "localpartlist",
};

#define EX_MAX_ERRORS	20	/* parse findings reported per configuration */

/* perr - a parse finding at L; past EX_MAX_ERRORS, one note and silence */
static void __attribute__((format(printf, 3, 4)))
perr(struct ex_conf *x, const struct ex_line *l, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	x->broken = true;
	if (++x->nerrors > EX_MAX_ERRORS + 1)
		return;
	if (x->nerrors == EX_MAX_ERRORS + 1) {
		finding_add(x->eng, "PRS001", x->mc, NULL, l->file, l->line,
		    "more than %d lines Exim would reject; the rest are not "
		    "reported (is this an Exim configuration?)", EX_MAX_ERRORS);
		return;
	}
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	finding_add(x->eng, "PRS001", x->mc, NULL, l->file, l->line, "%s", msg);
	free(msg);
}

/* str_cmp - bsearch comparator of a string against a string table row */
static int
str_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* opt_cmp - bsearch comparator against the options table */
static int
opt_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct option *)e)->name);
}

/* in_table - NAME is a row of a sorted string table */
static bool
in_table(const char *name, const char *const *tab, size_t n)
{
	return bsearch(name, tab, n, sizeof(*tab), str_cmp) != NULL;
}

/* word - the leading [A-Za-z0-9_] run of S, copied */
static char *
word(const char *s, const char **rest)
{
	const char *p = s;

	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	if (rest)
		*rest = p;
	return xstrndup(s, (size_t)(p - s));
}

/* skip_space - past white space */
static const char *
skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

/* escape - string_interpret_escape: the character *PP's backslash
 * stands for; *PP is left on the escape's last character */
static int
escape(const char **pp)
{
	const char *p = *pp;
	int ch = (unsigned char)*++p, k;

	if (ch == '\0')
		return '\\';
	if (ch >= '0' && ch <= '7') {
		for (ch -= '0', k = 1; k < 3 && p[1] >= '0' && p[1] <= '7'; k++)
			ch = ch * 8 + *++p - '0';
	} else if (ch == 'x') {
		for (ch = 0, k = 0; k < 2 && isxdigit((unsigned char)p[1]);
		    k++) {
			p++;
			ch = ch * 16 + (isdigit((unsigned char)*p) ? *p - '0' :
			    tolower((unsigned char)*p) - 'a' + 10);
		}
	} else
		switch (ch) {
		case 'b':
			ch = '\b';
			break;
		case 'f':
			ch = '\f';
			break;
		case 'n':
			ch = '\n';
			break;
		case 'r':
			ch = '\r';
			break;
		case 't':
			ch = '\t';
			break;
		case 'v':
			ch = '\v';
			break;
		}
	*pp = p;
	return ch & 0xff;
}

/*
 * dequote - readconf.c's read_string: a value starting with '"' ends at
 * the next unescaped '"', with escapes done; NULL, or why Exim refuses it
 */
static const char *
dequote(const char *s, char **out)
{
	struct buf b = BUF_INIT;
	bool cut = false;
	int ch;

	*out = NULL;
	if (*s != '"') {
		*out = xstrdup(s);
		return NULL;
	}
	for (s++; *s != '\0' && *s != '"'; s++) {
		ch = *s == '\\' ? escape(&s) : (unsigned char)*s;
		/* a "\0" ends the string for Exim; the rest is still read */
		cut |= ch == '\0';
		if (!cut)
			buf_addc(&b, ch);
	}
	if (*s != '"') {
		buf_free(&b);
		return "missing quote at end of the string value";
	}
	if (s[1] != '\0') {
		buf_free(&b);
		return "extra characters follow the string value";
	}
	*out = xstrdup(buf_str(&b));
	buf_free(&b);
	return NULL;
}

/* parse_opt - "[hide] name [= value]" into o; false when malformed, and
 * *WHY says how when it is the value */
static bool
parse_opt(const char *s, struct ex_opt *o, const struct ex_line *src,
    const char **why)
{
	const char *p;
	char *name;

	memset(o, 0, sizeof(*o));
	*why = NULL;
	if (str_starts(s, "hide") && isspace((unsigned char)s[4]))
		s = skip_space(s + 4);
	name = word(s, &p);
	if (*name == '\0') {
		free(name);
		return false;
	}
	p = skip_space(p);
	o->src = src;
	o->as = NULL;
	if (*p == '=') {
		char *v = str_trimdup(p + 1);

		*why = dequote(v, &o->value);
		free(v);
		if (*why != NULL) {
			free(name);
			return false;
		}
		o->name = name;
		return true;
	}
	if (*p != '\0') {
		free(name);
		return false;
	}
	if (str_starts(name, "no_") || str_starts(name, "not_")) {
		o->name = xstrdup(name + (name[2] == '_' ? 3 : 4));
		o->value = xstrdup("false");
		free(name);
	} else {
		o->name = name;
		o->value = xstrdup("true");
	}
	return true;
}

/* opt_free - release a strmap'ed option */
static void
opt_free(void *p)
{
	struct ex_opt *o = p;

	free(o->name);
	free(o->value);
	free(o);
}

/* nlist_free - release a strmap'ed named list */
static void
nlist_free(void *p)
{
	struct ex_nlist *l = p;

	free(l->kind);
	free(l->value);
	free(l);
}

/* raw_of - what a line sets NAME to, as written: the text after '=',
 * or the whole line for a bare boolean ("no_name") */
static char *
raw_of(const char *s)
{
	const char *eq = strchr(s, '=');

	return str_trimdup(eq ? eq + 1 : s);
}

/* record - a setting of the model (layer 1) for a line of the config */
static struct setting *
record(struct ex_conf *x, enum scope_kind kind, const char *scope,
    const char *name, const char *raw, const char *value,
    const struct ex_line *l)
{
	struct setting *st = mtaconf_add_setting(x->mc, kind, scope, name,
	    raw, l->file, l->line, l->last > l->line ? l->last : l->line);

	setting_set_value(st, value);
	st->src_line = l;
	st->effective = true;
	return st;
}

/* record_opt - a main or driver option as a setting */
static struct setting *
record_opt(struct ex_conf *x, enum scope_kind kind, const char *scope,
    const struct ex_opt *o, const struct ex_line *l, const char *text)
{
	char *raw = raw_of(text);
	struct setting *st = record(x, kind, scope, o->name, raw, o->value, l);

	free(raw);
	return st;
}

/* option synonyms of Exim's main option table: same variable, two names */
static const struct {
	const char	*as;
	const char	*name;
} synonyms[] = {
	{ "daemon_smtp_port", "daemon_smtp_ports" },
	{ "return_size_limit", "bounce_return_size_limit" },
};

/* synonym - give an option written under a synonym its option's name */
static void
synonym(struct ex_opt *o)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(synonyms); i++)
		if (strcmp(o->name, synonyms[i].as) == 0) {
			free(o->name);
			o->name = xstrdup(synonyms[i].name);
			o->as = synonyms[i].as;
			return;
		}
}

/* unsettle - the main option NAME recorded so far is no longer effective */
static void
unsettle(struct ex_conf *x, const char *name)
{
	size_t i;

	for (i = x->mc->nsettings; i-- > 0;)
		if (x->mc->settings[i].scope == SCOPE_GLOBAL &&
		    strcmp(x->mc->settings[i].name, name) == 0)
			x->mc->settings[i].effective = false;
}

/* main_line - one line of the main section */
static void
main_line(struct ex_conf *x, const struct ex_line *l)
{
	const struct option *known;
	struct ex_opt o, *prev;
	const char *p, *why;
	char *w = word(l->s, &p);
	char *kind = xstrdup(w);
	char *u;

	if ((u = strstr(kind, "_cache")) != NULL && u[6] == '\0')
		*u = '\0';
	if (in_table(kind, list_kinds, ARRAY_SIZE(list_kinds)) &&
	    isspace((unsigned char)*p)) {
		struct ex_nlist *nl = xcalloc(1, sizeof(*nl));
		char *name = word(skip_space(p), &p);

		p = skip_space(p);
		if (*name == '\0' || *p != '=') {
			perr(x, l, "malformed %s definition: Exim refuses to "
			    "start", kind);
			free(nl);
		} else {
			nl->kind = xstrdup(kind);
			nl->value = str_trimdup(p + 1);
			nl->src = l;
			/* the first of two lists of a name stays */
			record(x, SCOPE_LIST, kind, name, nl->value, nl->value,
			    l)->effective = strmap_get(&x->nlists, name) == NULL;
			if (strmap_get(&x->nlists, name)) {
				perr(x, l, "there is already a list called "
				    "%s: Exim refuses to start", name);
				nlist_free(nl);
			} else
				strmap_put(&x->nlists, name, nl);
		}
		free(name);
		free(kind);
		free(w);
		return;
	}
	free(kind);
	free(w);
	if (!parse_opt(l->s, &o, l, &why)) {
		perr(x, l, "%s: Exim refuses to start", why ? why :
		    "malformed option line");
		return;
	}
	known = bsearch(o.name, options, ARRAY_SIZE(options),
	    sizeof(options[0]), opt_cmp);
	if (known == NULL) {
		perr(x, l, "main option \"%s\" unknown: Exim refuses to start",
		    o.name);
		free(o.name);
		free(o.value);
		return;
	}
	synonym(&o);
	/* Debian's exim4-daemon-light and -heavy are GnuTLS builds */
	if (strcmp(o.name, "openssl_options") == 0 &&
	    str_starts(x->main_file, "etc/exim4/"))
		perr(x, l, "openssl_options exists only in OpenSSL builds of "
		    "Exim; Debian's exim4 is built with GnuTLS and refuses to "
		    "start (use tls_require_ciphers)");
	/* Exim refuses a second setting; the first is the one reported */
	prev = strmap_get(&x->opts, o.name);
	if (prev != NULL && prev->as != o.as)
		unsettle(x, o.name);
	record_opt(x, SCOPE_GLOBAL, NULL, &o, l, l->s)->effective =
	    prev == NULL || prev->as != o.as;
	if (prev != NULL) {
		/* Exim marks each name of its option table as set, so a
		 * synonym and its option may both be set: the later wins */
		if (prev->as == o.as) {
			perr(x, l, "\"%s\" option set for the second time "
			    "(first at %s:%d): Exim refuses to start",
			    o.as ? o.as : o.name, prev->src->file,
			    prev->src->line);
			free(o.name);
			free(o.value);
			return;
		}
		free(prev->name);
		free(prev->value);
		*prev = o;
		return;
	}
	prev = xmalloc(sizeof(*prev));
	*prev = o;
	strmap_put(&x->opts, o.name, prev);
}

/* acl_line - one line of the ACL section */
static void
acl_line(struct ex_conf *x, const struct ex_line *l, struct ex_acl **cur)
{
	const char *p;
	char *w = word(l->s, &p);
	struct ex_stmt *st;
	struct ex_cond *c;
	bool neg = false;

	if (*w && *p == ':' && *skip_space(p + 1) == '\0') {
		x->acls = xreallocarray(x->acls, x->nacls + 1,
		    sizeof(*x->acls));
		*cur = &x->acls[x->nacls++];
		memset(*cur, 0, sizeof(**cur));
		(*cur)->name = w;
		(*cur)->src = l;
		record(x, SCOPE_ACL, w, w, "", "", l)->head = true;
		return;
	}
	if (*cur == NULL) {
		perr(x, l, "ACL line outside any ACL: Exim refuses to start");
		free(w);
		return;
	}
	if (in_table(w, verbs, ARRAY_SIZE(verbs))) {
		(*cur)->stmts = xreallocarray((*cur)->stmts, (*cur)->nstmts + 1,
		    sizeof(*(*cur)->stmts));
		st = &(*cur)->stmts[(*cur)->nstmts++];
		memset(st, 0, sizeof(*st));
		st->verb = w;
		st->src = l;
		record(x, SCOPE_ACL, (*cur)->name, w, "", "", l)->seq =
		    (int)(*cur)->nstmts;
		p = skip_space(p);
		if (*p == '\0')
			return;
		if (*p == '!') {
			neg = true;
			p = skip_space(p + 1);
		}
		w = word(p, &p);
	} else if (l->s[0] == '!') {
		free(w);
		w = word(skip_space(l->s + 1), &p);
		neg = true;
	}
	if ((*cur)->nstmts == 0 || !in_table(w, acl_words,
	    ARRAY_SIZE(acl_words))) {
		perr(x, l, "unknown ACL verb or condition \"%s\" in ACL %s: Exim "
		    "refuses to start", w, (*cur)->name);
		free(w);
		return;
	}
	st = &(*cur)->stmts[(*cur)->nstmts - 1];
	st->conds = xreallocarray(st->conds, st->nconds + 1,
	    sizeof(*st->conds));
	c = &st->conds[st->nconds++];
	c->name = w;
	c->neg = neg;
	p = skip_space(p);
	c->value = str_trimdup(*p == '=' ? p + 1 : p);
	c->src = l;
	if (neg) {
		char *name = xasprintf("!%s", w);

		record(x, SCOPE_ACL, (*cur)->name, name, c->value, c->value,
		    l)->seq = (int)(*cur)->nstmts;
		free(name);
	} else
		record(x, SCOPE_ACL, (*cur)->name, w, c->value, c->value,
		    l)->seq = (int)(*cur)->nstmts;
}

/* driver_line - one line of a routers/transports/authenticators section */
static void
driver_line(struct ex_conf *x, enum ex_section sec, const struct ex_line *l)
{
	static const enum scope_kind driver_scope[EXS_COUNT] = {
		[EXS_AUTH] = SCOPE_AUTHENTICATOR,
		[EXS_ROUTERS] = SCOPE_ROUTER,
		[EXS_TRANSPORTS] = SCOPE_TRANSPORT,
	};
	struct ex_driver *d;
	struct setting *st;
	struct ex_opt o;
	const char *p, *why = NULL;
	char *w = word(l->s, &p);

	if (*w && *p == ':') {
		x->drivers[sec] = xreallocarray(x->drivers[sec],
		    x->ndrivers[sec] + 1, sizeof(*x->drivers[sec]));
		d = &x->drivers[sec][x->ndrivers[sec]++];
		memset(d, 0, sizeof(*d));
		d->name = w;
		d->src = l;
		st = record(x, driver_scope[sec], w, w, "", "", l);
		st->head = true;
		st->seq = (int)x->ndrivers[sec];
		p = skip_space(p + 1);
		if (*p == '\0')
			return;
		w = NULL;
	} else {
		free(w);
		p = l->s;
	}
	if (x->ndrivers[sec] == 0 || !parse_opt(p, &o, l, &why)) {
		if (why)
			perr(x, l, "%s: Exim refuses to start", why);
		else
			perr(x, l, "malformed line in the %s section: Exim "
			    "refuses to start", section_names[sec]);
		return;
	}
	d = &x->drivers[sec][x->ndrivers[sec] - 1];
	d->opts = xreallocarray(d->opts, d->nopts + 1, sizeof(*d->opts));
	d->opts[d->nopts++] = o;
	record_opt(x, driver_scope[sec], d->name, &o, l, p)->seq =
	    (int)x->ndrivers[sec];
}

/* ex_parse - sort every logical line into its section */
void
ex_parse(struct ex_conf *x)
{
	enum ex_section sec = EXS_MAIN;
	struct ex_acl *acl = NULL;
	size_t i, k;

	for (i = 0; i < x->nlines; i++) {
		const struct ex_line *l = &x->lines[i];

		if (str_starts(l->s, "begin") && isspace((unsigned char)l->s[5])) {
			const char *name = skip_space(l->s + 5);

			for (k = 1; k < EXS_COUNT; k++)
				if (strcmp(name, section_names[k]) == 0)
					break;
			if (k == EXS_COUNT) {
				perr(x, l, "unknown section \"begin %s\": Exim "
				    "refuses to start", name);
				sec = EXS_RETRY;	/* skip its lines */
			} else
				sec = (enum ex_section)k;
			continue;
		}
		switch (sec) {
		case EXS_MAIN:
			main_line(x, l);
			break;
		case EXS_ACL:
			acl_line(x, l, &acl);
			break;
		case EXS_AUTH:
		case EXS_ROUTERS:
		case EXS_TRANSPORTS:
			driver_line(x, sec, l);
			break;
		default:
			break;
		}
	}
	/* of a driver's options set twice, the last counts */
	setting_settle(x->mc, SCOPE_AUTHENTICATOR);
	setting_settle(x->mc, SCOPE_ROUTER);
	setting_settle(x->mc, SCOPE_TRANSPORT);
}

/* ex_opt - the main option NAME as set, or its built-in default */
const struct ex_opt *
ex_opt(struct ex_conf *x, const char *name)
{
	const struct option *known;
	struct ex_opt *o = strmap_get(&x->opts, name);
	char *key;

	if (o)
		return o;
	known = bsearch(name, options, ARRAY_SIZE(options), sizeof(options[0]),
	    opt_cmp);
	o = xcalloc(1, sizeof(*o));
	o->name = xstrdup(name);
	o->value = xstrdup(known && known->def ? known->def : "");
	key = xstrdup(name);
	strmap_put(&x->opts, key, o);
	free(key);
	return o;
}

/* dflt_free - release a cached default setting */
static void
dflt_free(void *p)
{
	struct setting *st = p;

	free((char *)st->name);
	free((char *)st->raw);
	free(st);
}

/* ex_setting - main option NAME as layer 1 has it: the setting that sets
 * it, else its built-in default; NULL when Exim has no such option */
const struct setting *
ex_setting(struct ex_conf *x, const char *name)
{
	const struct option *known;
	const struct setting *set = setting_get(x->mc, SCOPE_GLOBAL, NULL,
	    name);
	struct setting *st;

	if (set)
		return set;
	if ((st = strmap_get(&x->dflts, name)) != NULL)
		return st;
	known = bsearch(name, options, ARRAY_SIZE(options), sizeof(options[0]),
	    opt_cmp);
	if (known == NULL)
		return NULL;
	st = xcalloc(1, sizeof(*st));
	st->name = xstrdup(name);
	st->raw = xstrdup(known->def ? known->def : "");
	st->value = st->raw;
	st->src = SRC_DEFAULT;
	st->rule = known->def ? RULE_BUILTIN : RULE_HOST;
	st->effective = true;
	strmap_put(&x->dflts, name, st);
	return st;
}

/* ex_value - the text of a main option (set or default) */
const char *
ex_value(struct ex_conf *x, const char *name)
{
	return ex_opt(x, name)->value;
}

/* ex_bool - an Exim boolean is true */
bool
ex_bool(const char *v)
{
	return str_eq_nocase(v, "true") || str_eq_nocase(v, "yes");
}

/* ex_driver_opt - a driver's option NAME, or NULL */
const struct ex_opt *
ex_driver_opt(const struct ex_driver *d, const char *name)
{
	size_t i;

	for (i = d->nopts; i-- > 0;)
		if (strcmp(d->opts[i].name, name) == 0)
			return &d->opts[i];
	return NULL;
}

/* ex_acl_find - the ACL called NAME, or NULL */
const struct ex_acl *
ex_acl_find(const struct ex_conf *x, const char *name)
{
	size_t i;

	for (i = 0; i < x->nacls; i++)
		if (strcmp(x->acls[i].name, name) == 0)
			return &x->acls[i];
	return NULL;
}

/* ex_opt_ev - evidence for an option: its line and macros, or the default */
void
ex_opt_ev(struct ex_conf *x, struct evlist *ev, const struct ex_opt *o)
{
	if (o->src)
		ex_line_ev(x, ev, o->src);
	else
		evlist_add(ev, NULL, 0, "%s = %s (Exim's default)", o->name,
		    o->value);
}

/* ex_parse_free - release the parsed structure */
void
ex_parse_free(struct ex_conf *x)
{
	size_t i, j, k;

	strmap_free(&x->opts, opt_free);
	strmap_free(&x->dflts, dflt_free);
	strmap_free(&x->nlists, nlist_free);
	for (i = 0; i < x->nacls; i++) {
		for (j = 0; j < x->acls[i].nstmts; j++) {
			struct ex_stmt *st = &x->acls[i].stmts[j];

			for (k = 0; k < st->nconds; k++) {
				free(st->conds[k].name);
				free(st->conds[k].value);
			}
			free(st->conds);
			free(st->verb);
		}
		free(x->acls[i].stmts);
		free(x->acls[i].name);
	}
	free(x->acls);
	for (i = 0; i < EXS_COUNT; i++) {
		for (j = 0; j < x->ndrivers[i]; j++) {
			struct ex_driver *d = &x->drivers[i][j];

			for (k = 0; k < d->nopts; k++) {
				free(d->opts[k].name);
				free(d->opts[k].value);
			}
			free(d->opts);
			free(d->name);
		}
		free(x->drivers[i]);
	}
}
