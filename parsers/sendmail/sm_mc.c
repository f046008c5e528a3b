/* SPDX-License-Identifier: MIT */
/*
 * sm_mc.c - Sendmail's own macros in a .mc: FEATURE, DAEMON_OPTIONS,
 * CLIENT_OPTIONS, MAIL_FILTER, TRUST_AUTH_MECH, RELAY_DOMAIN, OSTYPE,
 * DOMAIN and the diversions, recorded with their place as the m4 subset
 * (sm_m4.c) calls them.  OSTYPE and DOMAIN files are read when the tree
 * holds them; cf.m4 is never read, its effect is what this reader models.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/common/listen.h"
#include "parsers/sendmail/sm_int.h"

/* Sendmail's macros, sorted for bsearch */
enum {
	SM_CLIENT_OPTIONS = SM_M4_HOOK_BASE, SM_DAEMON_OPTIONS, SM_DOMAIN,
	SM_FEATURE, SM_IGNORE, SM_INPUT_MAIL_FILTER, SM_LOCAL_CONFIG,
	SM_LOCAL_NET_CONFIG, SM_LOCAL_RULE_0, SM_LOCAL_RULE_12,
	SM_LOCAL_RULE_3, SM_LOCAL_RULESETS, SM_MAILER, SM_MAILER_DEFINITIONS,
	SM_MAIL_FILTER, SM_OSTYPE, SM_RELAY_DOMAIN, SM_RELAY_DOMAIN_FILE,
	SM_TRUST_AUTH_MECH
};

static const struct hookname {
	const char	*name;
	int		 id;
} hooks[] = {
	{ "CANONIFY_DOMAIN", SM_IGNORE },
	{ "CANONIFY_DOMAIN_FILE", SM_IGNORE },
	{ "CLIENT_OPTIONS", SM_CLIENT_OPTIONS },
	{ "DAEMON_OPTIONS", SM_DAEMON_OPTIONS },
	{ "DOMAIN", SM_DOMAIN },
	{ "EXPOSED_USER", SM_IGNORE },
	{ "EXPOSED_USER_FILE", SM_IGNORE },
	{ "FEATURE", SM_FEATURE },
	{ "GENERICS_DOMAIN", SM_IGNORE },
	{ "GENERICS_DOMAIN_FILE", SM_IGNORE },
	{ "HACK", SM_IGNORE },
	{ "INPUT_MAIL_FILTER", SM_INPUT_MAIL_FILTER },
	{ "LDAPROUTE_DOMAIN", SM_IGNORE },
	{ "LDAPROUTE_DOMAIN_FILE", SM_IGNORE },
	{ "LOCAL_CONFIG", SM_LOCAL_CONFIG },
	{ "LOCAL_DOMAIN", SM_IGNORE },
	{ "LOCAL_NET_CONFIG", SM_LOCAL_NET_CONFIG },
	{ "LOCAL_RULESETS", SM_LOCAL_RULESETS },
	{ "LOCAL_RULE_0", SM_LOCAL_RULE_0 },
	{ "LOCAL_RULE_1", SM_LOCAL_RULE_12 },
	{ "LOCAL_RULE_2", SM_LOCAL_RULE_12 },
	{ "LOCAL_RULE_3", SM_LOCAL_RULE_3 },
	{ "LOCAL_USER", SM_IGNORE },
	{ "LOCAL_USER_FILE", SM_IGNORE },
	{ "MAILER", SM_MAILER },
	{ "MAILER_DEFINITIONS", SM_MAILER_DEFINITIONS },
	{ "MAIL_FILTER", SM_MAIL_FILTER },
	{ "MASQUERADE_AS", SM_IGNORE },
	{ "MASQUERADE_DOMAIN", SM_IGNORE },
	{ "MASQUERADE_DOMAIN_FILE", SM_IGNORE },
	{ "MASQUERADE_EXCEPTION", SM_IGNORE },
	{ "MASQUERADE_EXCEPTION_FILE", SM_IGNORE },
	{ "MODIFY_MAILER_FLAGS", SM_IGNORE },
	{ "OSTYPE", SM_OSTYPE },
	{ "QUEUE_GROUP", SM_IGNORE },
	{ "RELAY_DOMAIN", SM_RELAY_DOMAIN },
	{ "RELAY_DOMAIN_FILE", SM_RELAY_DOMAIN_FILE },
	{ "SITE", SM_IGNORE },
	{ "SITECONFIG", SM_IGNORE },
	{ "TRUST_AUTH_MECH", SM_TRUST_AUTH_MECH },
	{ "VERSIONID", SM_IGNORE },
	{ "VIRTUSER_DOMAIN", SM_IGNORE },
	{ "VIRTUSER_DOMAIN_FILE", SM_IGNORE },
};

/* where OSTYPE and DOMAIN files live when the .mc does not say */
static const char *const cfdirs[] = {
	"/usr/share/sendmail/cf", "/usr/share/sendmail-cf", "/usr/lib/mail/cf",
	"/usr/local/share/sendmail/cf",
};

/* sm_port_options_free - release what port_options() allocated */
void
sm_port_options_free(struct sm_daemon *d)
{
	free(d->name);
	free(d->addr);
	free(d->family);
	free(d->mods);
	free(d->raw);
}

/* sm_trimmed - a trimmed copy of s */
char *
sm_trimmed(const char *s)
{
	char *t = xstrdup(s), *u = str_trim(t);

	memmove(t, u, strlen(u) + 1);
	return t;
}

/* sm_split_words - split on white space and commas */
void
sm_split_words(const char *s, struct strvec *v)
{
	while (*s) {
		size_t n;

		s += strspn(s, " \t\r\n,");
		n = strcspn(s, " \t\r\n,");
		if (n == 0)
			break;
		strvec_push_owned(v, xstrndup(s, n));
		s += n;
	}
}

/* sm_file_arg - the path in a map or file argument ("-o /etc/mail/x %[^#]") */
char *
sm_file_arg(const char *s)
{
	struct strvec w = STRVEC_INIT;
	char *path = NULL;
	size_t i;

	sm_split_words(s, &w);
	for (i = 0; i < w.n && path == NULL; i++)
		if (w.v[i][0] == '/')
			path = xstrdup(w.v[i]);
	strvec_free(&w);
	return path;
}

/* cf_file - OSTYPE/DOMAIN file KIND/NAME.m4 in the tree, read when found */
static bool
cf_file(struct sm_reader *rd, const char *kind, const char *name)
{
	const char *dir = rd->sm->m4.skipped_dir;
	size_t i;
	char *p;

	if (*name == '\0' || strchr(name, '/') != NULL)
		return false;
	for (i = 0; i <= ARRAY_SIZE(cfdirs); i++) {
		const char *d = i == 0 ? dir : cfdirs[i - 1];

		if (d == NULL)
			continue;
		p = xasprintf("%s/%s/%s.m4", d, kind, name);
		if (rootfs_exists(rd->root, p)) {
			sm_m4_file(&rd->sm->m4, p, NULL, 0, true);
			free(p);
			return true;
		}
		free(p);
	}
	return false;
}

/* add_feature - record FEATURE(name, args...) */
static void
add_feature(struct sm_conf *sm, const char *name, const struct strvec *a,
    size_t from, const char *file, int line)
{
	struct sm_feature *f;
	size_t i;

	sm->features = xreallocarray(sm->features, sm->nfeatures + 1,
	    sizeof(*sm->features));
	f = &sm->features[sm->nfeatures++];
	memset(f, 0, sizeof(*f));
	f->name = sm_trimmed(name);
	for (i = from; a && i < a->n; i++)
		strvec_push_owned(&f->args, sm_trimmed(a->v[i]));
	f->file = file;
	f->line = line;
}

/* port_options - parse "Port=..., Addr=..., M=..." (DAEMON_OPTIONS and
 * CLIENT_OPTIONS share the syntax) into D */
static void
port_options(struct sm_daemon *d, const char *raw, const char *file, int line)
{
	const char *p = raw;

	memset(d, 0, sizeof(*d));
	d->raw = xstrdup(raw);
	d->file = file;
	d->line = line;
	d->port = 25;
	while (*p) {
		size_t n = strcspn(p, ",");
		char *kv = xstrndup(p, n), *k = str_trim(kv), *v;

		p += n + (p[n] == ',');
		if ((v = strchr(k, '=')) == NULL) {
			free(kv);
			continue;
		}
		*v++ = '\0';
		v = str_trim(v);
		switch (toupper((unsigned char)*k)) {
		case 'P':
			d->port = listen_port(v);
			break;
		case 'A':
			free(d->addr);
			d->addr = xstrdup(v);
			break;
		case 'N':
			free(d->name);
			d->name = xstrdup(v);
			break;
		case 'F':
			free(d->family);
			d->family = xstrdup(v);
			break;
		case 'M':
			free(d->mods);
			d->mods = xstrdup(v);
			break;
		default:
			break;
		}
		free(kv);
	}
}

/* add_daemon - record DAEMON_OPTIONS(`Port=..., Addr=..., ...') */
static void
add_daemon(struct sm_conf *sm, const char *raw, const char *file, int line)
{
	struct sm_daemon *d;

	sm->daemons = xreallocarray(sm->daemons, sm->ndaemons + 1,
	    sizeof(*sm->daemons));
	d = &sm->daemons[sm->ndaemons++];
	port_options(d, raw, file, line);
	if (d->name == NULL)
		d->name = xstrdup(d->port == 587 ? "MSA" : "MTA");
}

/* add_client - record CLIENT_OPTIONS(`Family=..., M=...'): one per
 * family, a later one replacing the earlier (as sendmail keeps them) */
static void
add_client(struct sm_conf *sm, const char *raw, const char *file, int line)
{
	struct sm_daemon d;
	size_t i;

	port_options(&d, raw, file, line);
	for (i = 0; i < sm->nclients; i++)
		if (strcmp(sm->clients[i].family ? sm->clients[i].family :
		    "inet", d.family ? d.family : "inet") == 0) {
			sm_port_options_free(&sm->clients[i]);
			sm->clients[i] = d;
			return;
		}
	sm->clients = xreallocarray(sm->clients, sm->nclients + 1,
	    sizeof(*sm->clients));
	sm->clients[sm->nclients++] = d;
}

/* add_filter - record MAIL_FILTER(name, equates) */
static void
add_filter(struct sm_conf *sm, const struct strvec *a, const char *file,
    int line)
{
	struct sm_filter *f;

	sm->filters = xreallocarray(sm->filters, sm->nfilters + 1,
	    sizeof(*sm->filters));
	f = &sm->filters[sm->nfilters++];
	f->name = sm_trimmed(a->n > 0 ? a->v[0] : "");
	f->equates = xstrdup(a->n > 1 ? a->v[1] : "");
	f->file = file;
	f->line = line;
}

/* hook - a Sendmail macro was called */
static void
hook(struct sm_m4 *m, int id, const char *name, struct strvec *a,
    const char *file, int line, struct buf *out)
{
	struct sm_reader *rd = m->hook_arg;
	struct sm_conf *sm = rd->sm;
	const char *a0 = a->n > 0 ? a->v[0] : "";
	const struct sm_macro *old;
	char *s;
	size_t i;

	switch (id) {
	case SM_FEATURE:
		if (*a0 == '\0') {
			finding_add(rd->eng, "PRS001", rd->mc, NULL, file, line,
			    "FEATURE without a name");
			break;
		}
		add_feature(sm, a0, a, 1, file, line);
		break;
	case SM_DAEMON_OPTIONS:
		add_daemon(sm, a0, file, line);
		break;
	case SM_CLIENT_OPTIONS:
		add_client(sm, a0, file, line);
		break;
	case SM_INPUT_MAIL_FILTER:
		add_filter(sm, a, file, line);
		/* cf.m4 appends the name to confINPUT_MAIL_FILTERS */
		old = sm_m4_get(m, "confINPUT_MAIL_FILTERS");
		s = old && *old->def ? xasprintf("%s, %s", old->def,
		    sm->filters[sm->nfilters - 1].name) :
		    xstrdup(sm->filters[sm->nfilters - 1].name);
		sm_m4_define(m, "confINPUT_MAIL_FILTERS", s, file, line);
		free(s);
		break;
	case SM_MAIL_FILTER:
		add_filter(sm, a, file, line);
		break;
	case SM_TRUST_AUTH_MECH:
		sm_split_words(a0, &sm->trust_mech);
		sm->trust_file = file;
		sm->trust_line = line;
		break;
	case SM_RELAY_DOMAIN: {
		struct strvec w = STRVEC_INIT;

		sm_split_words(a0, &w);
		for (i = 0; i < w.n; i++)
			sm_add_entry(&sm->classr, &sm->nclassr, &sm->capclassr,
			    "", sm_texts_dup(&sm->texts, w.v[i]),
			    "RELAY", file, line);
		strvec_free(&w);
		break;
	}
	case SM_RELAY_DOMAIN_FILE:
		if ((s = sm_file_arg(a0)) == NULL) {
			finding_add(rd->eng, "PRS001", rd->mc, NULL, file, line,
			    "RELAY_DOMAIN_FILE(%s) names no absolute path", a0);
			break;
		}
		sm_read_classr(rd, s, file, line,
		    strstr(a0, "-o") == NULL);
		free(s);
		break;
	case SM_OSTYPE:
		s = sm_trimmed(a0);
		cf_file(rd, "ostype", s);
		free(s);
		break;
	case SM_DOMAIN:
		s = sm_trimmed(a0);
		if (!cf_file(rd, "domain", s) && strcmp(s, "generic") == 0) {
			/* the documented effect of cf/domain/generic.m4 */
			add_feature(sm, "redirect", NULL, 0, file, line);
			add_feature(sm, "use_cw_file", NULL, 0, file, line);
		}
		free(s);
		break;
	case SM_MAILER:
		if (*a0)
			add_feature(sm, "MAILER", a, 0, file, line);
		break;
	case SM_LOCAL_CONFIG:
		sm_m4_divert(m, 6);
		break;
	case SM_LOCAL_NET_CONFIG:
		sm_m4_divert(m, 1);
		break;
	case SM_LOCAL_RULE_0:
		sm_m4_divert(m, 3);
		break;
	case SM_LOCAL_RULE_3:
		sm_m4_divert(m, 2);
		break;
	case SM_LOCAL_RULE_12:
	case SM_LOCAL_RULESETS:
		sm_m4_divert(m, 9);
		break;
	case SM_MAILER_DEFINITIONS:
		sm_m4_divert(m, 7);
		break;
	default:
		break;
	}
}

/* sm_reader_init - an expander with Sendmail's macros */
void
sm_reader_init(struct sm_reader *rd, struct sm_conf *sm, const char *dir)
{
	size_t i;

	rd->sm = sm;
	sm_m4_init(&sm->m4, rd->eng, rd->mc, rd->root, dir);
	sm->m4.hook = hook;
	sm->m4.hook_arg = rd;
	sm->m4.skip_suffix = "/m4/cf.m4";
	for (i = 0; i < ARRAY_SIZE(hooks); i++)
		sm_m4_builtin(&sm->m4, hooks[i].name, hooks[i].id);
}
