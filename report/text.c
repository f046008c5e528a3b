/* SPDX-License-Identifier: MIT */
/*
 * text.c - the report for people: findings grouped by MTA and listener,
 * most severe first, each with file:line, what is wrong, why it
 * matters, the evidence and the hardened value.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"

/*
 * put - print configuration-derived text with control bytes escaped, so a
 * hostile file cannot send escape sequences to the reader's terminal
 */
static void
put(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
}

/* upper - severity name in capitals */
static void
upper(FILE *fp, const char *s)
{
	for (; *s; s++)
		fputc(toupper((unsigned char)*s), fp);
}

/* place - "file:line", "file" or "-" */
static void
place(FILE *fp, const char *file, int line)
{
	if (file == NULL)
		fputs("-", fp);
	else {
		put(fp, file);
		if (line > 0)
			fprintf(fp, ":%d", line);
	}
}

/* same_group - two findings belong under one heading */
static bool
same_group(const struct finding *a, const struct finding *b)
{
	if (a->has_mta != b->has_mta || a->mta != b->mta)
		return false;
	if (a->listener == NULL || b->listener == NULL)
		return a->listener == b->listener;
	return strcmp(a->listener, b->listener) == 0;
}

/* report_text - the whole text report */
void
report_text(FILE *fp, const struct report_in *in)
{
	size_t counts[SEV_COUNT], i, j;
	int s;

	report_counts(in, counts);
	fprintf(fp, "mtaaudit %s: %zu finding%s under ", MTAAUDIT_VERSION,
	    in->nfindings, in->nfindings == 1 ? "" : "s");
	put(fp, in->root);
	for (s = SEV_CRITICAL, j = 0; s >= SEV_INFO; s--)
		if (counts[s])
			fprintf(fp, "%s%zu %s", j++ ? ", " : " (", counts[s],
			    severity_name((enum severity)s));
	fputs(j ? ")\n" : "\n", fp);
	for (i = 0; i < in->nfindings; i++) {
		const struct finding *f = &in->findings[i];

		if (i == 0 || !same_group(f, &in->findings[i - 1])) {
			fputc('\n', fp);
			if (f->has_mta)
				fprintf(fp, "%s", mta_name(f->mta));
			if (f->listener) {
				fputs(", listener ", fp);
				put(fp, f->listener);
			}
			else if (f->has_mta)
				fputs(", whole configuration", fp);
			fputc('\n', fp);
		}
		fputs("  ", fp);
		upper(fp, severity_name(f->sev));
		fprintf(fp, " %s %s  ", f->check->id, f->check->name);
		place(fp, f->file, f->line);
		fputs("\n    ", fp);
		put(fp, f->message);
		fputc('\n', fp);
		fprintf(fp, "    why: %s\n", f->check->rationale);
		for (j = 0; j < f->ev.n; j++) {
			fputs(j ? "         " : "    see: ", fp);
			if (f->ev.v[j].file) {
				place(fp, f->ev.v[j].file, f->ev.v[j].line);
				fputs(": ", fp);
			}
			put(fp, f->ev.v[j].text);
			fputc('\n', fp);
		}
		if ((f->fix && *f->fix) || *f->check->fix) {
			fputs("    fix: ", fp);
			put(fp, f->fix ? f->fix : f->check->fix);
			fputc('\n', fp);
		}
	}
}

/* report_checks - one line per registered check */
void
report_checks(FILE *fp)
{
	size_t i;

	for (i = 0; i < nchecks; i++)
		fprintf(fp, "%-7s %-30s %-10s %-8s %s\n", checks[i].id,
		    checks[i].name, category_name(checks[i].cat),
		    severity_name(checks[i].sev), checks[i].title);
}
