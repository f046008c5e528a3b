/* SPDX-License-Identifier: MIT */
/*
 * engine.c - run the registered checks and collect their findings.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/engine.h"
#include "lib/strmap.h"

static const char *const sev_names[SEV_COUNT] = {
	[SEV_INFO] = "info",
	[SEV_LOW] = "low",
	[SEV_MEDIUM] = "medium",
	[SEV_HIGH] = "high",
	[SEV_CRITICAL] = "critical",
};

static const char *const cat_names[CAT_COUNT] = {
	[CAT_RELAY] = "relay",
	[CAT_EXPOSURE] = "exposure",
	[CAT_AUTH] = "auth",
	[CAT_TLS] = "tls",
	[CAT_SPF] = "spf",
	[CAT_DKIM] = "dkim",
	[CAT_DMARC] = "dmarc",
	[CAT_DISCLOSURE] = "disclosure",
	[CAT_HYGIENE] = "hygiene",
	[CAT_PARSE] = "parse",
};

/* severity_name - the lower-case name of a severity */
const char *
severity_name(enum severity s)
{
	return s < SEV_COUNT ? sev_names[s] : "unknown";
}

/* severity_parse - parse a severity name; 0 on success, -1 otherwise */
int
severity_parse(const char *s, enum severity *out)
{
	int i;

	for (i = 0; i < SEV_COUNT; i++)
		if (strcmp(s, sev_names[i]) == 0) {
			*out = (enum severity)i;
			return 0;
		}
	return -1;
}

/* category_name - the lower-case name of a category */
const char *
category_name(enum category c)
{
	return c < CAT_COUNT ? cat_names[c] : "unknown";
}

/* check_cmp - bsearch comparator of an id against a registry row */
static int
check_cmp(const void *key, const void *row)
{
	return strcmp(key, ((const struct check *)row)->id);
}

/* check_find - the registry row of ID, or NULL */
const struct check *
check_find(const char *id)
{
	return bsearch(id, checks, nchecks, sizeof(checks[0]), check_cmp);
}

/* engine_init - an engine with no findings */
void
engine_init(struct engine *e, struct model *m)
{
	memset(e, 0, sizeof(*e));
	e->model = m;
}

/* engine_free - free every finding */
void
engine_free(struct engine *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].listener);
		free(e->v[i].service);
		free(e->v[i].setting);
		free(e->v[i].message);
		free(e->v[i].fix);
		evlist_free(&e->v[i].ev);
	}
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/* engine_run - run every check that applies to each MTA instance */
void
engine_run(struct engine *e)
{
	size_t i, j;

	for (i = 0; i < e->model->nconfs; i++) {
		struct mtaconf *c = e->model->confs[i];

		/* its PRS004 stands for every verdict: none is made up */
		if (c->unreadable)
			continue;
		for (j = 0; j < nchecks; j++)
			if (checks[j].fn && (checks[j].mtas & MTA_BIT(c->mta)))
				checks[j].fn(e, c);
	}
}

/* strcmp0 - strcmp that sorts NULL first */
static int
strcmp0(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* finding_cmp - the documented order: MTA, listener, severity, id, place */
static int
finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	int r;

	if (a->has_mta != b->has_mta)
		return a->has_mta - b->has_mta;
	if (a->mta != b->mta)
		return (int)a->mta - (int)b->mta;
	if ((r = strcmp0(a->listener, b->listener)) != 0)
		return r;
	if (a->sev != b->sev)
		return (int)b->sev - (int)a->sev;
	if ((r = strcmp(a->check->id, b->check->id)) != 0)
		return r;
	if ((r = strcmp0(a->file, b->file)) != 0)
		return r;
	if (a->line != b->line)
		return a->line - b->line;
	return strcmp(a->message, b->message);
}

/* finding_key - "ID\nMTA\nUNIT\nSERVICE\nSETTING\n", absent parts empty */
char *
finding_key(const struct finding *f)
{
	return xasprintf("%s\n%s\n%s\n%s\n%s\n", f->check->id,
	    f->has_mta ? mta_name(f->mta) : "", f->unit ? f->unit : "",
	    f->service ? f->service : "", f->setting ? f->setting : "");
}

/*
 * fingerprint - SHA-256 of the finding's key; the Nth finding (N > 1, in
 * the sorted order) of one key gets N and a newline after the key, so
 * that every fingerprint of a report is distinct
 */
static void
fingerprint(struct finding *f, struct strmap *seen)
{
	char *key = finding_key(f), *k;
	uintptr_t n = (uintptr_t)strmap_get(seen, key) + 1;

	strmap_put(seen, key, (void *)n);
	k = n == 1 ? key : xasprintf("%s%ju\n", key, (uintmax_t)n);
	sha256_hex(k, strlen(k), f->fingerprint);
	if (k != key)
		free(k);
	free(key);
}

/* engine_sort - sort the findings deterministically, then fingerprint */
void
engine_sort(struct engine *e)
{
	struct strmap seen = STRMAP_INIT;
	size_t i;

	if (e->n > 1)
		qsort(e->v, e->n, sizeof(e->v[0]), finding_cmp);
	for (i = 0; i < e->n; i++)
		fingerprint(&e->v[i], &seen);
	strmap_free(&seen, NULL);
}

/* finding_add - record a finding of check ID */
struct finding *
finding_add(struct engine *e, const char *id, const struct mtaconf *c,
    const struct listener *l, const char *file, int line, const char *fmt, ...)
{
	const struct check *ck = check_find(id);
	struct finding *f;
	va_list ap;

	if (ck == NULL)
		die("no check with id '%s' in the registry", id);
	if (e->n == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 32;
		e->v = xreallocarray(e->v, e->cap, sizeof(*e->v));
	}
	f = &e->v[e->n++];
	memset(f, 0, sizeof(*f));
	f->check = ck;
	f->sev = ck->sev;
	if (c) {
		f->mta = c->mta;
		f->has_mta = true;
	}
	f->unit = c ? c->dir : NULL;
	f->listener = l ? xstrdup(l->label) : NULL;
	f->service = l ? xasprintf("%s/%d", l->name ? l->name : l->label,
	    l->port) : NULL;
	f->file = file ? file : c ? c->main_file : NULL;
	f->line = file ? line : 0;
	va_start(ap, fmt);
	f->message = xvasprintf(fmt, ap);
	va_end(ap);
	return f;
}

/* recent - the same evidence is among the last few items already (the
 * readers' lists overlap: a statement and the list it names) */
static bool
recent(const struct evlist *el, const char *file, int line, const char *text)
{
	size_t i, n = el->n < 16 ? el->n : 16;

	for (i = el->n - n; i < el->n; i++)
		if (el->v[i].line == line && strcmp(el->v[i].text, text) == 0 &&
		    (el->v[i].file == file || (file && el->v[i].file &&
		    strcmp(el->v[i].file, file) == 0)))
			return true;
	return false;
}

/* finding_evidence - add one line of evidence */
void
finding_evidence(struct finding *f, const char *file, int line,
    const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	if (!recent(&f->ev, file, line, s))
		evlist_add(&f->ev, file, line, "%s", s);
	free(s);
}

/* finding_evidence_list - add a whole evidence list */
void
finding_evidence_list(struct finding *f, const struct evlist *el)
{
	size_t i;

	for (i = 0; i < el->n; i++)
		if (!recent(&f->ev, el->v[i].file, el->v[i].line,
		    el->v[i].text))
			evlist_add(&f->ev, el->v[i].file, el->v[i].line, "%s",
			    el->v[i].text);
}

/* finding_setting - the setting a finding is about, and its line */
void
finding_setting(struct finding *f, const char *name, const char *file,
    int line)
{
	free(f->setting);
	f->setting = xstrdup(name);
	if (file != NULL) {
		f->file = file;
		f->line = line;
	}
}

/* finding_fix - set the case-specific fix text */
void
finding_fix(struct finding *f, const char *fmt, ...)
{
	va_list ap;

	free(f->fix);
	va_start(ap, fmt);
	f->fix = xvasprintf(fmt, ap);
	va_end(ap);
}
