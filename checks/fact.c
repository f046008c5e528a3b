/* SPDX-License-Identifier: MIT */
/*
 * fact.c - findings about the model's neutral facts (struct fact): one
 * finding per reachable listener where the MTA decides the fact per
 * listener, one for the configuration where it decides it once, at
 * the line of the setting the fact comes from.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"

/* fact_visit - L's fact is known and, if decided once, not yet reported */
bool
fact_visit(const struct listener *l, const struct fact *ft, bool *done)
{
	if (!l->reachable || !ft->known || (!ft->per_listener && *done))
		return false;
	return true;
}

/*
 * fact_finding - a finding of check ID about fact FT of listener L (no
 * listener when the MTA decides FT once): the message, then the setting
 * and its value in the MTA's own words
 */
struct finding *
fact_finding(struct engine *e, const char *id, struct mtaconf *c,
    const struct listener *l, const struct fact *ft, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (ft->setting == NULL)
		f = finding_add(e, id, c, ft->per_listener ? l : NULL,
		    c->main_file, 0, "%s", msg);
	else if (ft->file)
		f = finding_add(e, id, c, ft->per_listener ? l : NULL,
		    ft->file, ft->line, "%s (%s = %.200s)", msg, ft->setting,
		    *ft->value ? ft->value : "''");
	else
		f = finding_add(e, id, c, ft->per_listener ? l : NULL,
		    c->main_file, 0, "%s (%s left at its default %.200s)", msg,
		    ft->setting, *ft->value ? ft->value : "''");
	free(msg);
	if (ft->setting)
		finding_setting(f, ft->setting, ft->file, ft->line);
	finding_evidence_list(f, &ft->ev);
	return f;
}

/*
 * fact_fix - the fix of the first row for the finding's MTA and the
 * fact's setting (a row with no setting matches any); NAME fills a row
 * that asks for it
 */
void
fact_fix(struct finding *f, const struct fact_fix *rows, size_t n,
    const struct fact *ft, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct fact_fix *r = &rows[i];
		const char *arg;

		if (r->mta != f->mta || (r->setting && (ft->setting == NULL ||
		    strcmp(r->setting, ft->setting) != 0)))
			continue;
		arg = r->arg == FIXARG_VALUE ? ft->value :
		    r->arg == FIXARG_NAME ? name : ft->setting;
		finding_fix(f, r->fix, arg ? arg : "");
		return;
	}
}
