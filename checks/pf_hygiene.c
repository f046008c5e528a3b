/* SPDX-License-Identifier: MIT */
/*
 * pf_hygiene.c - Postfix configuration hygiene: unknown, duplicate and
 * deprecated parameters, missing compatibility_level, SMTP smuggling.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "lib/strmap.h"
#include "parsers/postfix/postfix.h"

/* collect_refs - add every $name, ${name...} and $(name) in text to refs */
static void
collect_refs(struct strmap *refs, const char *text)
{
	const char *p = text, *q;
	char name[256];

	while ((p = strchr(p, '$')) != NULL) {
		p++;
		if (*p == '{' || *p == '(')
			p++;
		for (q = p; isalnum((unsigned char)*q) || *q == '_' ||
		    *q == '-'; q++)
			;
		if (q > p && (size_t)(q - p) < sizeof(name)) {
			memcpy(name, p, (size_t)(q - p));
			name[q - p] = '\0';
			strmap_put(refs, name, (void *)1);
		}
		p = q;
	}
}

/* all_refs - every name a main.cf value or -o override refers to */
static void
all_refs(const struct mtaconf *c, struct strmap *refs)
{
	const struct setting *st = NULL;

	while ((st = setting_next(c, SCOPE_GLOBAL, NULL, st)) != NULL)
		collect_refs(refs, st->raw);
	while ((st = setting_next(c, SCOPE_SERVICE, NULL, st)) != NULL)
		collect_refs(refs, st->raw);
}

/* service_defined - "<service>_suffix" for a master.cf service: every
 * prefix of NAME that ends before a '_' is looked up in SVCS */
static bool
service_defined(const struct strmap *svcs, const char *name)
{
	char *s = xstrdup(name), *u;
	bool found = false;

	for (u = strchr(s, '_'); u != NULL && !found; u = strchr(u + 1, '_')) {
		*u = '\0';
		found = strmap_get(svcs, s) != NULL;
		*u = '_';
	}
	free(s);
	return found;
}

/* check_name - report a definition of a name Postfix does not know */
static void
check_name(struct engine *e, struct mtaconf *c, const struct strmap *refs,
    const struct strmap *svcs, const struct setting *d)
{
	const char *since = pf_param_since(d->name);
	struct finding *f;
	char *value;

	if (since && pf_version_cmp(since, c->version) > 0) {
		f = finding_add(e, "HYG001", c, NULL, d->file, d->line,
		    "'%s' exists only since Postfix %s; Postfix %s ignores it",
		    d->name, since, c->version);
		value = str_clip(d->raw, 200);
		finding_evidence(f, d->file, d->line, "%s = %s", d->name,
		    value);
		free(value);
		finding_setting(f, d->name, d->file, d->line);
		return;
	}
	if (pf_param_known(d->name, NULL) || service_defined(svcs, d->name) ||
	    strmap_get(refs, d->name) ||
	    postfix_list_has(c, NULL, "smtpd_restriction_classes", d->name))
		return;
	f = finding_add(e, "HYG001", c, NULL, d->file, d->line,
	    "'%s' is not a Postfix parameter and nothing refers to it",
	    d->name);
	value = str_clip(d->raw, 200);
	finding_evidence(f, d->file, d->line, "%s = %s", d->name, value);
	free(value);
	finding_setting(f, d->name, d->file, d->line);
}

/* chk_pf_unknown_param - parameters Postfix does not know */
void
chk_pf_unknown_param(struct engine *e, struct mtaconf *c)
{
	struct strmap refs = STRMAP_INIT, svcs = STRMAP_INIT;
	const struct setting *st;
	size_t i;

	all_refs(c, &refs);
	/* the service names: the heads of master.cf's entries */
	for (i = 0; i < c->nsettings; i++) {
		char *name;

		st = &c->settings[i];
		if (!st->head || st->scope != SCOPE_SERVICE)
			continue;
		name = xstrdup(st->name);
		if (strrchr(name, '/'))
			*strrchr(name, '/') = '\0';
		strmap_put(&svcs, name, (void *)1);
		free(name);
	}
	st = NULL;
	while ((st = setting_next(c, SCOPE_GLOBAL, NULL, st)) != NULL)
		if (st->effective)
			check_name(e, c, &refs, &svcs, st);
	while ((st = setting_next(c, SCOPE_SERVICE, NULL, st)) != NULL)
		if (setting_head_of(c, st) && setting_head_of(c, st)->effective)
			check_name(e, c, &refs, &svcs, st);
	strmap_free(&refs, NULL);
	strmap_free(&svcs, NULL);
}

/* chk_pf_duplicate_param - a main.cf parameter defined twice */
void
chk_pf_duplicate_param(struct engine *e, struct mtaconf *c)
{
	const struct setting *d = NULL, *win;
	struct finding *f;

	while ((d = setting_next(c, SCOPE_GLOBAL, NULL, d)) != NULL) {
		if (d->effective ||
		    (win = setting_get(c, SCOPE_GLOBAL, NULL, d->name)) == NULL)
			continue;
		f = finding_add(e, "HYG002", c, NULL, d->file, d->line,
		    "'%s' is defined again at line %d, which overrides this one",
		    d->name, win->line);
		finding_setting(f, d->name, d->file, d->line);
	}
}

/* chk_pf_deprecated - deprecated or obsolete parameters */
void
chk_pf_deprecated(struct engine *e, struct mtaconf *c)
{
	const struct setting *d = NULL;
	struct finding *f;
	unsigned flags;

	while ((d = setting_next(c, SCOPE_GLOBAL, NULL, d)) != NULL) {
		if (!d->effective ||
		    !pf_param_known(d->name, &flags) || !(flags & PF_LEGACY))
			continue;
		f = finding_add(e, "HYG003", c, NULL, d->file, d->line,
		    "'%s' is deprecated%s", d->name,
		    strstr(d->name, "_use_tls") || strstr(d->name, "_enforce_tls") ?
		    "; use the matching *_tls_security_level" : "");
		finding_setting(f, d->name, d->file, d->line);
	}
}

/* chk_pf_no_compat - no compatibility_level set */
void
chk_pf_no_compat(struct engine *e, struct mtaconf *c)
{
	struct finding *f;

	if (c->main_file == NULL ||
	    setting_get(c, SCOPE_GLOBAL, NULL, "compatibility_level") ||
	    pf_version_cmp(c->version, "3.0") < 0)
		return;
	f = finding_add(e, "HYG005", c, NULL, c->main_file, 0,
	    "main.cf sets no compatibility_level, so Postfix %s keeps its "
	    "level-0 (pre-3.0) defaults", c->version);
	finding_setting(f, "compatibility_level", NULL, 0);
}

/* chk_pf_smuggling - bare newlines accepted where Postfix can refuse them */
void
chk_pf_smuggling(struct engine *e, struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct setting *st = setting_for(c, l,
		    "smtpd_forbid_bare_newline");
		struct finding *f;

		/* a release without the parameter has no default to show */
		if (!l->reachable || st == NULL || st->rule == RULE_ABSENT ||
		    strcmp(setting_value(c, l, st->name), "no") != 0)
			continue;
		f = finding_add(e, "HYG006", c, l, l->file, l->line,
		    "%s accepts bare newlines (smtpd_forbid_bare_newline = no)",
		    l->label);
		finding_setting(f, st->name, st->file, st->line);
		setting_ev(c, st, &f->ev);
	}
}
