/* SPDX-License-Identifier: MIT */
/*
 * pf_hygiene.c - Postfix configuration hygiene: unknown, duplicate and
 * deprecated parameters, missing compatibility_level, SMTP smuggling.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
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
all_refs(const struct pf_conf *pf, struct strmap *refs)
{
	size_t i, j;

	for (i = 0; i < pf->ndefs; i++)
		collect_refs(refs, pf->defs[i].value);
	for (i = 0; i < pf->nsvcs; i++)
		for (j = 0; j < pf->svcs[i].nopts; j++)
			collect_refs(refs, pf->svcs[i].opts[j].value);
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

/* check_name - report NAME if Postfix does not know it */
static void
check_name(struct engine *e, struct mtaconf *c, struct pf_conf *pf,
    const struct strmap *refs, const struct strmap *svcs,
    const struct pf_def *d)
{
	const char *since = pf_param_since(d->name);
	struct finding *f;
	char *value;

	if (since && pf_version_cmp(since, pf->version) > 0) {
		f = finding_add(e, "HYG001", c, NULL, d->file, d->line,
		    "'%s' exists only since Postfix %s; Postfix %s ignores it",
		    d->name, since, pf->version);
		value = str_clip(d->value, 200);
		finding_evidence(f, d->file, d->line, "%s = %s", d->name,
		    value);
		free(value);
		return;
	}
	if (pf_param_known(d->name, NULL) || service_defined(svcs, d->name) ||
	    strmap_get(refs, d->name) ||
	    pf_list_has(pf, NULL, "smtpd_restriction_classes", d->name))
		return;
	f = finding_add(e, "HYG001", c, NULL, d->file, d->line,
	    "'%s' is not a Postfix parameter and nothing refers to it",
	    d->name);
	value = str_clip(d->value, 200);
	finding_evidence(f, d->file, d->line, "%s = %s", d->name, value);
	free(value);
}

/* chk_pf_unknown_param - parameters Postfix does not know */
void
chk_pf_unknown_param(struct engine *e, struct mtaconf *c)
{
	struct pf_conf *pf = c->priv;
	struct strmap refs = STRMAP_INIT, svcs = STRMAP_INIT;
	size_t i, j;

	all_refs(pf, &refs);
	for (i = 0; i < pf->nsvcs; i++)
		strmap_put(&svcs, pf->svcs[i].name, (void *)1);
	for (i = 0; i < pf->ndefs; i++)
		if (pf_explicit(pf, pf->defs[i].name) == &pf->defs[i])
			check_name(e, c, pf, &refs, &svcs, &pf->defs[i]);
	for (i = 0; i < pf->nsvcs; i++)
		for (j = 0; j < pf->svcs[i].nopts; j++)
			if (!pf->svcs[i].dead)
				check_name(e, c, pf, &refs, &svcs,
				    &pf->svcs[i].opts[j]);
	strmap_free(&refs, NULL);
	strmap_free(&svcs, NULL);
}

/* chk_pf_duplicate_param - a main.cf parameter defined twice */
void
chk_pf_duplicate_param(struct engine *e, struct mtaconf *c)
{
	struct pf_conf *pf = c->priv;
	size_t i;

	for (i = 0; i < pf->ndefs; i++) {
		const struct pf_def *d = &pf->defs[i];
		const struct pf_def *win = pf_explicit(pf, d->name);

		if (win == d)
			continue;
		finding_add(e, "HYG002", c, NULL, d->file, d->line,
		    "'%s' is defined again at line %d, which overrides this one",
		    d->name, win->line);
	}
}

/* chk_pf_deprecated - deprecated or obsolete parameters */
void
chk_pf_deprecated(struct engine *e, struct mtaconf *c)
{
	struct pf_conf *pf = c->priv;
	unsigned flags;
	size_t i;

	for (i = 0; i < pf->ndefs; i++) {
		const struct pf_def *d = &pf->defs[i];

		if (pf_explicit(pf, d->name) != d ||
		    !pf_param_known(d->name, &flags) || !(flags & PF_LEGACY))
			continue;
		finding_add(e, "HYG003", c, NULL, d->file, d->line,
		    "'%s' is deprecated%s", d->name,
		    strstr(d->name, "_use_tls") || strstr(d->name, "_enforce_tls") ?
		    "; use the matching *_tls_security_level" : "");
	}
}

/* chk_pf_no_compat - no compatibility_level set */
void
chk_pf_no_compat(struct engine *e, struct mtaconf *c)
{
	struct pf_conf *pf = c->priv;

	if (pf->main_file == NULL || pf_explicit(pf, "compatibility_level") ||
	    pf_version_cmp(pf->version, "3.0") < 0)
		return;
	finding_add(e, "HYG005", c, NULL, pf->main_file, 0,
	    "main.cf sets no compatibility_level, so Postfix %s keeps its "
	    "level-0 (pre-3.0) defaults", pf->version);
}

/* chk_pf_smuggling - bare newlines accepted where Postfix can refuse them */
void
chk_pf_smuggling(struct engine *e, struct mtaconf *c)
{
	struct pf_conf *pf = c->priv;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct pf_service *svc = pf_listener_scope(pf, l);
		const char *rule;
		const struct setting *st;
		struct finding *f;

		if (!l->reachable || (pf_param_default(pf,
		    svc, "smtpd_forbid_bare_newline", &rule) == NULL &&
		    !pf_explicit(pf, "smtpd_forbid_bare_newline")))
			continue;
		st = pf_get(pf, svc, "smtpd_forbid_bare_newline");
		if (strcmp(st->value, "no") != 0)
			continue;
		f = finding_add(e, "HYG006", c, l, st->file ? st->file : l->file,
		    st->file ? st->line : l->line, "%s accepts bare newlines "
		    "(smtpd_forbid_bare_newline = no)", l->label);
		pf_setting_ev(&f->ev, st);
	}
}
