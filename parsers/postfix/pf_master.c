/* SPDX-License-Identifier: MIT */
/*
 * pf_master.c - read Postfix master.cf: eight fields per entry,
 * continuation lines, "-o name=value" and "-o { name = value }"
 * overrides; a later entry with the same service name and type wins.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/common/source.h"
#include "parsers/postfix/pf_int.h"

/* add_opt - record one -o override of a service */
static void
add_opt(struct pf_conf *pf, struct pf_service *svc, char *arg,
    const char *file, int line, int last)
{
	char *text = pf_unbrace(arg), *eq, *name;
	struct pf_def *d;

	eq = strchr(text, '=');
	if (eq == NULL) {
		finding_add(pf->eng, "PRS001", pf->mc, NULL, file, line,
		    "service '%s': '-o %s' has no '='", svc->name, text);
		return;
	}
	*eq = '\0';
	name = str_trim(text);
	if (*name == '\0') {
		finding_add(pf->eng, "PRS001", pf->mc, NULL, file, line,
		    "service '%s': '-o' names no parameter", svc->name);
		return;
	}
	svc->opts = xreallocarray(svc->opts, svc->nopts + 1, sizeof(*svc->opts));
	d = &svc->opts[svc->nopts++];
	d->name = xstrdup(name);
	d->value = xstrdup(str_trim(eq + 1));
	d->file = file;
	d->line = line;
	d->last = last;
	d->rec = pf->mc->nsettings;
	mtaconf_add_setting(pf->mc, SCOPE_SERVICE, svc->label, d->name,
	    d->value, file, line, last)->seq = (int)(svc - pf->svcs) + 1;
}

/* physical lines of one logical master.cf line: where each starts */
struct joined {
	struct buf	 b;
	size_t		*start;
	int		*no;
	size_t		 n;
};

/* join_add - append a physical line to the logical line */
static void
join_add(struct joined *j, const struct line *ln)
{
	if (j->b.len + ln->len > PF_LINE_MAX)
		return;
	if (j->b.len)
		buf_addc(&j->b, ' ');
	j->start = xreallocarray(j->start, j->n + 1, sizeof(*j->start));
	j->no = xreallocarray(j->no, j->n + 1, sizeof(*j->no));
	j->start[j->n] = j->b.len;
	j->no[j->n++] = ln->no;
	buf_add(&j->b, ln->s, ln->len);
}

/* join_line - the physical line number holding byte offset off */
static int
join_line(const struct joined *j, size_t off)
{
	size_t i = j->n;

	while (i > 1 && j->start[i - 1] > off)
		i--;
	return j->no[i - 1];
}

/*
 * daemon_args - split the arguments after the command into -o overrides
 * and the rest, as postconf does: options end at the first argument that
 * does not start with '-' or at "--", so a pipe service's "argv=... -oi"
 * belongs to its command; "-vo name=value" is "-v" then "-o name=value"
 */
static void
daemon_args(struct pf_conf *pf, struct pf_service *svc, const char *file,
    const struct strvec *f, const size_t *offs, const struct joined *j,
    int last)
{
	char *arg, *o;
	size_t i;

	for (i = 8; i < f->n; i++) {
		arg = f->v[i];
		if (arg[0] != '-' || strcmp(arg, "--") == 0)
			break;
		if ((o = strchr(arg + 1, 'o')) == NULL) {
			strvec_push(&svc->argv, arg);
			continue;
		}
		if (o[1] != '\0')
			add_opt(pf, svc, o + 1, file, join_line(j, offs[i]),
			    join_line(j, offs[i] + strlen(arg) - 1));
		else if (i + 1 < f->n) {
			i++;
			add_opt(pf, svc, f->v[i], file, join_line(j, offs[i - 1]),
			    join_line(j, offs[i] + strlen(f->v[i]) - 1));
		}
	}
	for (; i < f->n; i++)
		strvec_push(&svc->argv, f->v[i]);
}

/* entry - turn one logical master.cf line into a service */
static void
entry(struct pf_conf *pf, const char *file, const struct joined *j,
    bool *templated)
{
	struct strvec f = STRVEC_INIT;
	struct pf_service *svc;
	struct setting *head;
	const char *text = buf_str(&j->b);
	int first = j->no[0], last = j->no[j->n - 1];
	size_t i, *offs = NULL;

	if (line_templated(text, strlen(text))) {
		if (!*templated)
			finding_add(pf->eng, "PRS002", pf->mc, NULL, file, first,
			    "master.cf is a template (placeholder at line %d); "
			    "verdicts on templated values are unknown", first);
		*templated = true;
	}
	pf_split_fields(text, &f, &offs);
	if (f.n < 8) {
		char *t = str_clip(text, 60);

		if (!line_templated(text, strlen(text)))
			finding_add(pf->eng, "PRS001", pf->mc, NULL, file, first,
			    "master.cf entry has %zu fields, 8 or more "
			    "expected: '%s'", f.n, t);
		free(t);
		strvec_free(&f);
		free(offs);
		return;
	}
	pf->svcs = xreallocarray(pf->svcs, pf->nsvcs + 1, sizeof(*pf->svcs));
	svc = &pf->svcs[pf->nsvcs++];
	memset(svc, 0, sizeof(*svc));
	svc->name = xstrdup(f.v[0]);
	svc->type = xstrdup(f.v[1]);
	svc->label = xasprintf("%s/%s", svc->name, svc->type);
	for (i = 0; i < 5; i++)
		svc->field[i] = xstrdup(f.v[2 + i]);
	svc->command = xstrdup(f.v[7]);
	svc->file = file;
	svc->line = first;
	svc->last = last;
	svc->rec = pf->mc->nsettings;
	head = mtaconf_add_setting(pf->mc, SCOPE_SERVICE, svc->label,
	    svc->label, text, file, first, last);
	head->head = true;
	head->seq = (int)pf->nsvcs;
	daemon_args(pf, svc, file, &f, offs, j, last);
	for (i = 0; i + 1 < pf->nsvcs; i++) {
		struct pf_service *old = &pf->svcs[i];

		if (!old->dead && strcmp(old->name, svc->name) == 0 &&
		    strcmp(old->type, svc->type) == 0) {
			old->dead = true;
			finding_add(pf->eng, "HYG004", pf->mc, NULL, file, first,
			    "service '%s/%s' defined again; the entry at line "
			    "%d is ignored", svc->name, svc->type, old->line);
		}
	}
	strvec_free(&f);
	free(offs);
}

/* pf_read_master - read master.cf at PATH inside the root */
void
pf_read_master(struct pf_conf *pf, const char *path)
{
	struct source src;
	struct lineiter it;
	struct line ln;
	struct joined j;
	bool templated = false;

	if (!source_read(pf->eng, pf->mc, pf->root, path, NULL, 0, false, &src)) {
		pf->mc->unreadable |= src.unreadable;
		return;
	}
	memset(&j, 0, sizeof(j));
	pf->master_file = src.file;
	lineiter_init(&it, &src);
	while (lineiter_next(&it, &ln)) {
		if (line_blank(&ln) || line_comment(&ln))
			continue;
		if (!isspace((unsigned char)ln.s[0]) || j.n == 0) {
			if (j.n)
				entry(pf, src.file, &j, &templated);
			buf_reset(&j.b);
			j.n = 0;
		}
		join_add(&j, &ln);
	}
	if (j.n)
		entry(pf, src.file, &j, &templated);
	buf_free(&j.b);
	free(j.start);
	free(j.no);
	source_free(&src);
}

/* pf_service_find - the live entry NAME/TYPE, or NULL */
const struct pf_service *
pf_service_find(const struct pf_conf *pf, const char *name, const char *type)
{
	size_t i;

	for (i = pf->nsvcs; i-- > 0;)
		if (!pf->svcs[i].dead && strcmp(pf->svcs[i].name, name) == 0 &&
		    (type == NULL || strcmp(pf->svcs[i].type, type) == 0))
			return &pf->svcs[i];
	return NULL;
}

/* pf_service_opt - the effective -o override NAME of a service, or NULL */
const struct pf_def *
pf_service_opt(const struct pf_service *svc, const char *name)
{
	size_t i;

	for (i = svc->nopts; i-- > 0;)
		if (strcmp(svc->opts[i].name, name) == 0)
			return &svc->opts[i];
	return NULL;
}
