/* SPDX-License-Identifier: MIT */
/*
 * json.c - the JSON report.  Deterministic: findings in engine order,
 * no timestamps, paths relative to the audited root.
 */
#include <stdio.h>
#include <string.h>

#include "report/report.h"

/* json_str - a JSON string literal, or null */
static void
json_str(FILE *fp, const char *s)
{
	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

/* json_evidence - an evidence array */
static void
json_evidence(FILE *fp, const struct evlist *ev)
{
	size_t i;

	fputc('[', fp);
	for (i = 0; i < ev->n; i++) {
		fputs(i ? ", {\"file\": " : "{\"file\": ", fp);
		json_str(fp, ev->v[i].file);
		fprintf(fp, ", \"line\": %d, \"text\": ", ev->v[i].line);
		json_str(fp, ev->v[i].text);
		fputc('}', fp);
	}
	fputc(']', fp);
}

/* json_finding - one finding object */
static void
json_finding(FILE *fp, const struct finding *f)
{
	fputs("    {\"id\": ", fp);
	json_str(fp, f->check->id);
	fputs(", \"name\": ", fp);
	json_str(fp, f->check->name);
	fputs(", \"category\": ", fp);
	json_str(fp, category_name(f->check->cat));
	fputs(", \"severity\": ", fp);
	json_str(fp, severity_name(f->sev));
	fputs(",\n     \"mta\": ", fp);
	json_str(fp, f->has_mta ? mta_name(f->mta) : NULL);
	fputs(", \"listener\": ", fp);
	json_str(fp, f->listener);
	fputs(",\n     \"title\": ", fp);
	json_str(fp, f->check->title);
	fputs(",\n     \"message\": ", fp);
	json_str(fp, f->message);
	fputs(",\n     \"file\": ", fp);
	json_str(fp, f->file);
	fprintf(fp, ", \"line\": %d,\n     \"evidence\": ", f->line);
	json_evidence(fp, &f->ev);
	fputs(",\n     \"fix\": ", fp);
	json_str(fp, f->fix ? f->fix : f->check->fix);
	fputc('}', fp);
}

static const char *const bind_names[] = { "loopback", "specific", "any" };
static const char *const role_names[] = {
	"mx", "submission", "submissions", "other"
};
static const char *const tls_names[] = {
	"none", "optional", "required", "implicit"
};

/* json_listener - one listener with its grants */
static void
json_listener(FILE *fp, const struct mtaconf *c, const struct listener *l)
{
	size_t i;

	fputs("    {\"mta\": ", fp);
	json_str(fp, mta_name(c->mta));
	fputs(", \"listener\": ", fp);
	json_str(fp, l->label);
	fprintf(fp, ", \"port\": %d, \"bind\": \"%s\", \"reachable\": %s,\n",
	    l->port, bind_names[l->bind], l->reachable ? "true" : "false");
	fprintf(fp, "     \"role\": \"%s\", \"tls\": \"%s\", "
	    "\"tls_certificate\": %s, \"auth\": %s, \"auth_tls_only\": %s,\n",
	    role_names[l->role], tls_names[l->tls],
	    l->tls_cert ? "true" : "false", l->auth ? "true" : "false",
	    l->auth_tls_only ? "true" : "false");
	fputs("     \"grants\": [", fp);
	for (i = 0; i < l->ngrants; i++) {
		const struct grant *g = &l->grants[i];

		fputs(i ? ",\n       {\"kind\": " : "\n       {\"kind\": ", fp);
		json_str(fp, grant_kind_name(g->kind));
		fprintf(fp, ", \"strangers\": %s, \"partial\": %s, "
		    "\"uncertain\": %s, \"what\": ",
		    g->strangers ? "true" : "false",
		    g->partial ? "true" : "false",
		    g->uncertain ? "true" : "false");
		json_str(fp, g->what);
		fputc('}', fp);
	}
	fputs("]}", fp);
}

/* report_json - the whole JSON document */
void
report_json(FILE *fp, const struct engine *e)
{
	size_t counts[SEV_COUNT], i, j, n = 0;
	int s;

	fputs("{\"tool\": \"mtaaudit\", \"version\": \"" MTAAUDIT_VERSION
	    "\",\n \"findings\": [", fp);
	for (i = 0; i < e->n; i++) {
		fputs(i ? ",\n" : "\n", fp);
		json_finding(fp, &e->v[i]);
	}
	fputs(e->n ? "\n ],\n \"listeners\": [" : "],\n \"listeners\": [", fp);
	for (i = 0; i < e->model->nconfs; i++)
		for (j = 0; j < e->model->confs[i]->nlisteners; j++) {
			fputs(n++ ? ",\n" : "\n", fp);
			json_listener(fp, e->model->confs[i],
			    &e->model->confs[i]->listeners[j]);
		}
	fputs(n ? "\n ],\n \"summary\": {" : "],\n \"summary\": {", fp);
	report_counts(e, counts);
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
		fprintf(fp, "\"%s\": %zu%s", severity_name((enum severity)s),
		    counts[s], s > SEV_INFO ? ", " : "");
	fputs("}}\n", fp);
}

/* report_counts - findings per severity */
void
report_counts(const struct engine *e, size_t counts[SEV_COUNT])
{
	size_t i;

	memset(counts, 0, SEV_COUNT * sizeof(counts[0]));
	for (i = 0; i < e->n; i++)
		counts[e->v[i].sev]++;
}
