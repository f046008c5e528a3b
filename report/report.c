/* SPDX-License-Identifier: MIT */
/*
 * report.c - the reporter table: one row per output format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* sorted by name (reporter_find searches it) */
const struct reporter reporters[] = {
	{ "json", report_json, REPORT_LISTENERS,
	    "one JSON document, the stable contract for tools" },
	{ "text", report_text, 0,
	    "findings grouped by MTA and listener, for people" },
};
const size_t nreporters = ARRAY_SIZE(reporters);

/* reporter_cmp - bsearch comparator of a name against a row */
static int
reporter_cmp(const void *key, const void *row)
{
	return strcmp(key, ((const struct reporter *)row)->name);
}

/* reporter_find - the row of format NAME, or NULL */
const struct reporter *
reporter_find(const char *name)
{
	return bsearch(name, reporters, nreporters, sizeof(reporters[0]),
	    reporter_cmp);
}

/* reporter_names - "json, text" */
void
reporter_names(FILE *fp)
{
	size_t i;

	for (i = 0; i < nreporters; i++)
		fprintf(fp, "%s%s", i ? ", " : "", reporters[i].name);
}

/* report_write - hand reporter R what its row asks for */
void
report_write(const struct reporter *r, FILE *fp, const struct engine *e,
    const char *root)
{
	struct report_in in = { e->v, e->n, root, NULL, NULL, 0 };

	if (r->needs & REPORT_LISTENERS)
		in.model = e->model;
	if (r->needs & REPORT_REGISTRY) {
		in.registry = checks;
		in.nregistry = nchecks;
	}
	r->fn(fp, &in);
}

/* report_counts - findings per severity */
void
report_counts(const struct report_in *in, size_t counts[SEV_COUNT])
{
	size_t i;

	memset(counts, 0, SEV_COUNT * sizeof(counts[0]));
	for (i = 0; i < in->nfindings; i++)
		counts[in->findings[i].sev]++;
}
