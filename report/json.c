/* SPDX-License-Identifier: MIT */
/*
 * json.c - the JSON report.  Deterministic: findings in engine order,
 * no timestamps, paths relative to the audited root.  The layout keeps
 * one finding or listener per block of lines, its members grouped on
 * lines as below; the members are documented in mtaaudit(1), OUTPUT.
 */
#include <stdio.h>
#include <string.h>

#include "report/jsonw.h"
#include "report/report.h"

/* indents of the layout */
#define IN_TOP		1	/* members of the document */
#define IN_ITEM		4	/* a finding or listener object */
#define IN_MEMBER	5	/* a member that starts a line of it */
#define IN_GRANT	7	/* a grant of a listener */
#define IN_GMEMBER	8	/* a member that starts a line of a grant */

#define PREFIXES_SHOWN	16	/* prefixes of a grant's set listed */

static const char *const bind_names[] = { "loopback", "specific", "any" };
static const char *const role_names[] = {
	"mx", "submission", "submissions", "other"
};
static const char *const tls_names[] = {
	"none", "optional", "required", "implicit"
};

/* json_evidence - an evidence array, on one line */
static void
json_evidence(struct jw *w, const struct evlist *ev)
{
	size_t i;

	jw_begin_array(w);
	for (i = 0; i < ev->n; i++) {
		jw_begin_object(w);
		jw_kstr(w, "file", ev->v[i].file);
		jw_kint(w, "line", ev->v[i].line);
		jw_kstr(w, "text", ev->v[i].text);
		jw_end_object(w);
	}
	jw_end_array(w);
}

/* json_finding - one finding object */
static void
json_finding(struct jw *w, const struct finding *f)
{
	jw_break(w, IN_ITEM);
	jw_begin_object(w);
	jw_kstr(w, "id", f->check->id);
	jw_kstr(w, "name", f->check->name);
	jw_kstr(w, "category", category_name(f->check->cat));
	jw_kstr(w, "severity", severity_name(f->sev));
	jw_kstr(w, "default_severity", severity_name(f->check->sev));
	jw_break(w, IN_MEMBER);
	jw_kstr(w, "mta", f->has_mta ? mta_name(f->mta) : NULL);
	jw_kstr(w, "unit", f->unit);
	jw_kstr(w, "listener", f->listener);
	jw_kstr(w, "setting", f->setting);
	jw_break(w, IN_MEMBER);
	jw_kstr(w, "title", f->check->title);
	jw_break(w, IN_MEMBER);
	jw_kstr(w, "message", f->message);
	jw_break(w, IN_MEMBER);
	jw_kstr(w, "file", f->file);
	jw_kint(w, "line", f->line);
	if (f->more > 0)
		jw_kint(w, "more", (intmax_t)f->more);
	jw_break(w, IN_MEMBER);
	jw_key(w, "evidence");
	json_evidence(w, &f->ev);
	jw_break(w, IN_MEMBER);
	jw_kstr(w, "fix", f->fix ? f->fix : f->check->fix);
	jw_break(w, IN_MEMBER);
	jw_kstr(w, "fingerprint", f->fingerprint);
	jw_end_object(w);
}

/* json_source - where a grant is made, or the relay gate; null for none */
static void
json_source(struct jw *w, const struct grant_source *src)
{
	if (src->list == NULL && src->file == NULL) {
		jw_null(w);
		return;
	}
	jw_begin_object(w);
	jw_kstr(w, "list", src->list);
	jw_kstr(w, "item", src->item);
	jw_kstr(w, "file", src->file);
	jw_kint(w, "line", src->line);
	jw_kstr(w, "text", src->text);
	jw_end_object(w);
}

/* json_prefixes - the first prefixes of a grant's set and their count */
static void
json_prefixes(struct jw *w, const struct addrset *set)
{
	char buf[64];
	size_t i;

	if (set == NULL) {
		jw_null(w);
		return;
	}
	jw_begin_object(w);
	jw_key(w, "shown");
	jw_begin_array(w);
	for (i = 0; i < set->n && i < PREFIXES_SHOWN; i++) {
		prefix_format(&set->p[i], buf, sizeof(buf));
		jw_str(w, buf);
	}
	jw_end_array(w);
	jw_kint(w, "total", (intmax_t)set->n);
	jw_end_object(w);
}

/* json_grant - one grant of a listener */
static void
json_grant(struct jw *w, const struct grant *g)
{
	jw_break(w, IN_GRANT);
	jw_begin_object(w);
	jw_kstr(w, "kind", grant_kind_name(g->kind));
	jw_kbool(w, "strangers", g->strangers);
	jw_kbool(w, "partial", g->partial);
	jw_kbool(w, "uncertain", g->uncertain);
	jw_kstr(w, "what", g->what);
	jw_break(w, IN_GMEMBER);
	jw_kstr(w, "origin", grant_origin_name(g->origin));
	jw_kint(w, "merged", g->merged);
	jw_key(w, "source");
	json_source(w, &g->src);
	jw_break(w, IN_GMEMBER);
	jw_key(w, "cause");
	if (g->cause.name == NULL)
		jw_null(w);
	else {
		jw_begin_object(w);
		jw_kstr(w, "setting", g->cause.name);
		jw_kstr(w, "file", g->cause.file);
		jw_kint(w, "line", g->cause.line);
		jw_end_object(w);
	}
	jw_key(w, "prefixes");
	json_prefixes(w, g->nets);
	jw_end_object(w);
}

/* json_listener - one listener with its grants */
static void
json_listener(struct jw *w, const struct mtaconf *c, const struct listener *l)
{
	size_t i;

	jw_break(w, IN_ITEM);
	jw_begin_object(w);
	jw_kstr(w, "mta", mta_name(c->mta));
	jw_kstr(w, "listener", l->label);
	jw_kint(w, "port", l->port);
	jw_kstr(w, "bind", bind_names[l->bind]);
	jw_kbool(w, "reachable", l->reachable);
	jw_break(w, IN_MEMBER);
	jw_kstr(w, "role", role_names[l->role]);
	jw_kstr(w, "tls", tls_names[l->tls]);
	jw_kbool(w, "tls_certificate", l->tls_cert);
	jw_kbool(w, "auth", l->auth);
	jw_kbool(w, "auth_tls_only", l->auth_tls_only);
	jw_break(w, IN_MEMBER);
	jw_key(w, "gate");
	json_source(w, &l->gate);
	jw_break(w, IN_MEMBER);
	jw_key(w, "grants");
	jw_begin_array(w);
	for (i = 0; i < l->ngrants; i++)
		json_grant(w, &l->grants[i]);
	jw_end_array(w);
	jw_end_object(w);
}

/* report_json - the whole JSON document */
void
report_json(FILE *fp, const struct report_in *in)
{
	const struct model *m = in->model;
	size_t counts[SEV_COUNT], i, j, n = 0;
	struct jw w;
	int s;

	jw_init(&w, fp);
	jw_begin_object(&w);
	jw_kstr(&w, "tool", "mtaaudit");
	jw_kstr(&w, "version", MTAAUDIT_VERSION);
	jw_break(&w, IN_TOP);
	jw_key(&w, "findings");
	jw_begin_array(&w);
	for (i = 0; i < in->nfindings; i++)
		json_finding(&w, &in->findings[i]);
	if (in->nfindings > 0)
		jw_break(&w, IN_TOP);
	jw_end_array(&w);
	jw_break(&w, IN_TOP);
	jw_key(&w, "listeners");
	jw_begin_array(&w);
	for (i = 0; i < m->nconfs; i++)
		/* no verdict is made on a configuration over budget */
		for (j = 0; !m->confs[i]->over_budget &&
		    j < m->confs[i]->nlisteners; j++, n++)
			json_listener(&w, m->confs[i],
			    &m->confs[i]->listeners[j]);
	if (n > 0)
		jw_break(&w, IN_TOP);
	jw_end_array(&w);
	jw_break(&w, IN_TOP);
	jw_key(&w, "summary");
	jw_begin_object(&w);
	report_counts(in, counts);
	for (s = SEV_CRITICAL; s >= SEV_INFO; s--)
		jw_kint(&w, severity_name((enum severity)s), (intmax_t)counts[s]);
	jw_end_object(&w);
	jw_end_object(&w);
	if (jw_end(&w) != 0)
		die("the JSON report is unbalanced");
}
