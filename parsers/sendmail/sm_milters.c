/* SPDX-License-Identifier: MIT */
/*
 * sm_milters.c - the milters Sendmail calls: the filters named in the
 * final confINPUT_MAIL_FILTERS, with their sockets and failure mode.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/common/milter.h"
#include "parsers/sendmail/sm_int.h"

/* equate - the value of KEY= in a milter's equates, or NULL */
static char *
equate(const char *eq, int key)
{
	const char *p = eq;

	while (*p) {
		size_t n = strcspn(p, ",");
		char *item = xstrndup(p, n), *s = str_trim(item);

		if (toupper((unsigned char)s[0]) == key && s[1] == '=') {
			char *v = sm_trimmed(s + 2);

			free(item);
			return v;
		}
		free(item);
		p += n + (p[n] == ',');
	}
	return NULL;
}

/* sm_build_milters - the input filters in the final confINPUT_MAIL_FILTERS */
void
sm_build_milters(struct sm_reader *rd)
{
	struct sm_conf *sm = rd->sm;
	const struct sm_macro *list = sm_def(sm, "confINPUT_MAIL_FILTERS");
	struct strvec names = STRVEC_INIT;
	struct milter_peers peers;
	size_t i, j;

	if (list == NULL)
		return;
	milter_peers_read(&peers, rd->eng, rd->mc, rd->root);
	sm_split_words(list->def, &names);
	for (i = 0; i < names.n; i++) {
		const struct sm_filter *f = NULL;
		struct milter_sock mine;
		struct milter *m;
		char *sock, *flags;

		for (j = sm->nfilters; j-- > 0 && f == NULL;)
			if (strcmp(sm->filters[j].name, names.v[i]) == 0)
				f = &sm->filters[j];
		if (f == NULL)
			continue;
		m = mtaconf_add_milter(rd->mc);
		sock = equate(f->equates, 'S');
		flags = equate(f->equates, 'F');
		m->socket = sock ? sock : xstrdup(f->name);
		m->fail_open = flags == NULL || (strchr(flags, 'T') == NULL &&
		    strchr(flags, 'R') == NULL);
		m->file = f->file;
		m->line = f->line;
		evlist_add(&m->ev, f->file, f->line, "INPUT_MAIL_FILTER(`%s', "
		    "`%s')", f->name, f->equates);
		free(flags);
		milter_sock_parse(m->socket, &mine);
		milter_identify(m, &mine, f->name, &peers);
	}
	milter_wire(rd->mc);
	milter_peers_free(&peers);
	strvec_free(&names);
}
