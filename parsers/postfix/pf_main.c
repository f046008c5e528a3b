/* SPDX-License-Identifier: MIT */
/*
 * pf_main.c - read Postfix main.cf into ordered definitions.
 *
 * A logical line starts with non-space text; a line starting with white
 * space continues it; comment lines (first non-space '#') and blank lines
 * may sit inside a continuation and are skipped.  Values are literal: a
 * trailing "# text" is part of the value.  The last definition of a name
 * wins; earlier ones stay in pf_conf.defs for the duplicate check.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/common/source.h"
#include "parsers/postfix/pf_int.h"

/* add_def - record one definition and make it the effective one */
static void
add_def(struct pf_conf *pf, char *name, char *value, const char *file,
    int line, int last)
{
	struct pf_def *d;

	pf->defs = xreallocarray(pf->defs, pf->ndefs + 1, sizeof(*pf->defs));
	d = &pf->defs[pf->ndefs++];
	d->name = name;
	d->value = value;
	d->file = file;
	d->line = line;
	d->last = last;
	d->rec = pf->mc->nsettings;
	mtaconf_add_setting(pf->mc, SCOPE_GLOBAL, NULL, name, value, file,
	    line, last);
}

/* valid_name - a Postfix parameter name: no white space, not empty */
static bool
valid_name(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (isspace((unsigned char)*s) || *s == '#')
			return false;
	return true;
}

/* logical - split one logical line into name and value */
static void
logical(struct pf_conf *pf, const char *file, struct buf *b, int first,
    int last, bool *templated)
{
	char *eq, *name, *value;

	if (line_templated(b->s, b->len)) {
		if (!*templated)
			finding_add(pf->eng, "PRS002", pf->mc, NULL, file, first,
			    "main.cf is a template (placeholder at line %d); "
			    "verdicts on templated values are unknown", first);
		*templated = true;
	}
	eq = strchr(b->s, '=');
	if (eq == NULL) {
		char *t = str_clip(b->s, 60);

		if (!line_templated(b->s, b->len))
			finding_add(pf->eng, "PRS001", pf->mc, NULL, file, first,
			    "missing '=' after parameter name: '%s'", t);
		free(t);
		return;
	}
	*eq = '\0';
	name = str_trim(b->s);
	value = str_trim(eq + 1);
	if (!valid_name(name)) {
		char *t = str_clip(name, 60);

		if (!line_templated(name, strlen(name)))
			finding_add(pf->eng, "PRS001", pf->mc, NULL, file, first,
			    "bad parameter name '%s'", t);
		free(t);
		return;
	}
	add_def(pf, xstrdup(name), xstrdup(value), file, first, last);
	strmap_put(&pf->last, name, (void *)(uintptr_t)pf->ndefs);
}

/* pf_read_main - read main.cf at PATH inside the root */
void
pf_read_main(struct pf_conf *pf, const char *path)
{
	struct source src;
	struct lineiter it;
	struct line ln;
	struct buf b = BUF_INIT;
	int first = 0, last = 0;
	bool templated = false, toolong = false;
	size_t i;

	if (!source_read(pf->eng, pf->mc, pf->root, path, NULL, 0, true, &src)) {
		pf->mc->unreadable |= src.unreadable;
		return;
	}
	pf->main_file = src.file;
	lineiter_init(&it, &src);
	while (lineiter_next(&it, &ln)) {
		if (line_blank(&ln) || line_comment(&ln))
			continue;
		if (isspace((unsigned char)ln.s[0])) {
			if (first == 0) {
				finding_add(pf->eng, "PRS001", pf->mc, NULL,
				    src.file, ln.no, "logical line must not "
				    "start with white space");
				continue;
			}
			if (b.len + ln.len > PF_LINE_MAX) {
				if (!toolong)
					finding_add(pf->eng, "PRS001", pf->mc,
					    NULL, src.file, first, "logical line "
					    "longer than %u bytes; the rest is "
					    "ignored", PF_LINE_MAX);
				toolong = true;
				continue;
			}
			for (i = 0; i < ln.len && isspace((unsigned char)ln.s[i]); i++)
				;
			buf_addc(&b, ' ');
			buf_add(&b, ln.s + i, ln.len - i);
			last = ln.no;
			continue;
		}
		if (first)
			logical(pf, src.file, &b, first, last, &templated);
		buf_reset(&b);
		buf_add(&b, ln.s, ln.len > PF_LINE_MAX ? PF_LINE_MAX : ln.len);
		first = last = ln.no;
		toolong = false;
	}
	if (first)
		logical(pf, src.file, &b, first, last, &templated);
	buf_free(&b);
	source_free(&src);
}

/* pf_explicit - the effective main.cf definition of NAME, or NULL */
const struct pf_def *
pf_explicit(const struct pf_conf *pf, const char *name)
{
	uintptr_t i = (uintptr_t)strmap_get(&pf->last, name);

	return i ? &pf->defs[i - 1] : NULL;
}
