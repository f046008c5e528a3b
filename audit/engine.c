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

/* engine_init - an engine with no findings and the default budget */
void
engine_init(struct engine *e, struct model *m)
{
	memset(e, 0, sizeof(*e));
	e->model = m;
	budget_init(&e->budget);
}

/* finding_free - what one finding owns */
static void
finding_free(struct finding *f)
{
	free(f->listener);
	free(f->service);
	free(f->setting);
	free(f->message);
	free(f->fix);
	evlist_free(&f->ev);
	memset(f, 0, sizeof(*f));
}

/* engine_free - free every finding */
void
engine_free(struct engine *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		finding_free(&e->v[i]);
	finding_free(&e->spill);
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/* over_budget - make C over budget with its one PRS006 finding */
static void
over_budget(struct engine *e, struct mtaconf *c, const char *file, int line,
    bool first)
{
	struct finding *f;
	const char *name = budget_name(e->spent);

	c->over_budget = true;
	if (!first) {
		f = finding_add(e, "PRS006", c, NULL, file, line,
		    "the work budget '%s' ran out earlier (at %s:%d): this "
		    "configuration is not judged", name, e->spent_file ?
		    e->spent_file : "?", e->spent_line);
	} else
		f = finding_add(e, "PRS006", c, NULL, file, line,
		    "the work budget '%s' (%ju) ran out here: nothing of "
		    "this configuration is judged", name,
		    (uintmax_t)e->budget.limit[e->spent]);
	finding_fix(f, "Find the fan-out or loop at this line; when the "
	    "configuration is as meant, raise the budget: --budget %s=%ju.",
	    name, (uintmax_t)e->budget.limit[e->spent] * 4);
}

/* engine_spend - draw on the budget; false once it has run out */
bool
engine_spend(struct engine *e, struct mtaconf *c, enum budget_kind k,
    uint64_t n, const char *file, int line)
{
	bool first = !e->any_spent;

	if (budget_take(&e->budget, k, n))
		return true;
	if (first) {
		e->any_spent = true;
		e->spent = k;
		e->spent_file = file;
		e->spent_line = line;
	}
	if (c != NULL && !c->over_budget)
		over_budget(e, c, file, line, first);
	return false;
}

/* engine_run - run every check that applies to each MTA instance */
void
engine_run(struct engine *e)
{
	size_t i, j;

	for (i = 0; i < e->model->nconfs; i++) {
		struct mtaconf *c = e->model->confs[i];

		/* its PRS004 or PRS006 stands for every verdict: none is
		 * made up */
		if (c->unreadable || c->over_budget)
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

/* fold_key - the group a finding is folded in: unit, check, file */
static char *
fold_key(const struct finding *f)
{
	return xasprintf("%s\n%s\n%s\n%s", f->has_mta ? mta_name(f->mta) :
	    "", f->unit ? f->unit : "", f->check->id, f->file ? f->file : "");
}

/* one group of findings being folded */
struct fold {
	size_t		 n;		/* findings of the group so far */
	struct finding	*more;		/* the "and N more", or NULL */
};

/*
 * fold - keep the first ENGINE_FOLD findings (in the sorted order) of one
 * check in one file; the rest become one finding "and N more" of the
 * highest severity among them, at the first of them; true when any was
 */
static bool
fold(struct engine *e)
{
	struct strmap groups = STRMAP_INIT;
	struct finding **more = NULL, *g;
	size_t i, kept = 0, nmore = 0;
	struct fold *fd;
	char *key;

	for (i = 0; i < e->n; i++) {
		struct finding *f = &e->v[i];

		key = fold_key(f);
		if ((fd = strmap_get(&groups, key)) == NULL) {
			fd = xcalloc(1, sizeof(*fd));
			strmap_put(&groups, key, fd);
		}
		free(key);
		if (++fd->n <= ENGINE_FOLD) {
			if (kept != i)
				e->v[kept] = *f;
			kept++;
		} else if (fd->more == NULL) {
			/* the first folded one stands for the rest */
			g = fd->more = xmalloc(sizeof(*g));
			*g = *f;
			free(g->listener);
			free(g->service);
			free(g->setting);
			free(g->fix);
			evlist_free(&g->ev);
			g->ev = (struct evlist){ 0 };
			g->listener = g->service = g->setting = g->fix = NULL;
			g->more = 1;
			more = xreallocarray(more, nmore + 1, sizeof(*more));
			more[nmore++] = g;
		} else {
			fd->more->more++;
			if (f->sev > fd->more->sev)
				fd->more->sev = f->sev;
			finding_free(f);
		}
	}
	strmap_free(&groups, free);
	for (i = 0; i < nmore; i++) {
		g = more[i];
		free(g->message);
		g->message = xasprintf("and %zu more %s finding%s in %s, the "
		    "first here", g->more, g->check->id, g->more == 1 ? "" :
		    "s", g->file ? g->file : "this configuration");
		e->v[kept + i] = *g;
		free(g);
	}
	free(more);
	e->n = kept + nmore;
	return nmore > 0;
}

/* engine_sort - sort the findings deterministically, fold, fingerprint */
void
engine_sort(struct engine *e)
{
	struct strmap seen = STRMAP_INIT;
	size_t i;

	if (e->n > 1)
		qsort(e->v, e->n, sizeof(e->v[0]), finding_cmp);
	if (fold(e))
		qsort(e->v, e->n, sizeof(e->v[0]), finding_cmp);
	for (i = 0; i < e->n; i++)
		fingerprint(&e->v[i], &seen);
	strmap_free(&seen, NULL);
}

/* conf_of - the model's own (writable) configuration C */
static struct mtaconf *
conf_of(struct engine *e, const struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < e->model->nconfs; i++)
		if (e->model->confs[i] == c)
			return e->model->confs[i];
	return NULL;
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
	if (c != NULL && strcmp(id, "PRS006") != 0 &&
	    (c->over_budget || !engine_spend(e, conf_of(e, c),
	    BUDGET_FINDINGS, 1, file, line))) {
		/* nothing more is said of it: the caller fills a scratch */
		finding_free(&e->spill);
		e->spill.check = ck;
		return &e->spill;
	}
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
