/* SPDX-License-Identifier: MIT */
/*
 * sendmail.c - read sendmail.mc statically into the model.
 *
 * The .mc is expanded by the m4 subset of sm_m4.c; Sendmail's own
 * macros (FEATURE, DAEMON_OPTIONS, INPUT_MAIL_FILTER, ...) are builtins
 * of that expander whose calls are recorded here with their place.
 * OSTYPE and DOMAIN files are read when the tree holds them; cf.m4 is
 * never read, its effect is what this file models.  Then the access
 * map source, relay-domains and the recorded facts become listeners,
 * TLS, AUTH, relay grants and milters (mta-semantics.md part C).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/common/milter.h"
#include "lib/psl.h"
#include "parsers/sendmail/sendmail.h"
#include "parsers/common/source.h"

#define SETTINGS_DIR	"/etc/mail"
#define TEXT_BLOCK	16384	/* bytes of a block of copied strings */

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

/* access map tags a key may carry */
static const char *const tags[] = {
	"Connect", "From", "To", "Spam", "GreetPause", "ClientRate",
	"ClientConn", "CertIssuer", "CertSubject", "Srv_Features",
	"Try_TLS", "TLS_Clt", "TLS_Srv", "TLS_Rcpt", "QGRP", "Auth",
	"Mail", "Rcpt", "Ehlo", "MTA-STS",
};

/* the reader's context */
struct sm_reader {
	struct engine	*eng;
	struct mtaconf	*mc;
	const struct rootfs *root;
	struct sm_conf	*sm;
};

/* port_options_free - release what port_options() allocated */
static void
port_options_free(struct sm_daemon *d)
{
	free(d->name);
	free(d->addr);
	free(d->family);
	free(d->mods);
	free(d->raw);
}

/* texts_keep - hand BUF (malloc'd) to the store, freed with it */
static void
texts_keep(struct sm_texts *t, char *buf)
{
	t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
	t->v[t->n++] = buf;
}

/* texts_dup - a copy of s kept in the store */
static const char *
texts_dup(struct sm_texts *t, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (n > TEXT_BLOCK / 4) {
		/* a long one gets a block of its own; the current one stays */
		texts_keep(t, xstrdup(s));
		return t->v[t->n - 1];
	}
	if (t->left < n) {
		t->next = xmalloc(TEXT_BLOCK);
		t->left = TEXT_BLOCK;
		texts_keep(t, t->next);
	}
	p = memcpy(t->next, s, n);
	t->next += n;
	t->left -= n;
	return p;
}

/* texts_free - free every buffer and block of the store */
static void
texts_free(struct sm_texts *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* sm_conf_free - free what the reader kept */
static void
sm_conf_free(void *p)
{
	struct sm_conf *sm = p;
	size_t i;

	if (sm == NULL)
		return;
	sm_m4_free(&sm->m4);
	for (i = 0; i < sm->nfeatures; i++) {
		free(sm->features[i].name);
		strvec_free(&sm->features[i].args);
	}
	free(sm->features);
	for (i = 0; i < sm->ndaemons; i++)
		port_options_free(&sm->daemons[i]);
	free(sm->daemons);
	for (i = 0; i < sm->nclients; i++)
		port_options_free(&sm->clients[i]);
	free(sm->clients);
	free(sm->classr);
	free(sm->access);
	texts_free(&sm->texts);
	for (i = 0; i < sm->nfilters; i++) {
		free(sm->filters[i].name);
		free(sm->filters[i].equates);
	}
	free(sm->filters);
	strvec_free(&sm->trust_mech);
	for (i = 0; i < sm->nproto; i++) {
		free(sm->proto[i].what);
		free(sm->proto[i].style);
		evlist_free(&sm->proto[i].ev);
	}
	free(sm->proto);
	for (i = 0; i < sm->nsets; i++) {
		addrset_free(sm->sets[i]);
		free(sm->sets[i]);
	}
	free(sm->sets);
	free(sm);
}

/* sm_def - a macro as defined at the end */
const struct sm_macro *
sm_def(const struct sm_conf *sm, const char *name)
{
	return sm_m4_get(&sm->m4, name);
}

/* sm_feature - the last FEATURE(name) */
const struct sm_feature *
sm_feature(const struct sm_conf *sm, const char *name)
{
	size_t i;

	for (i = sm->nfeatures; i-- > 0;)
		if (strcmp(sm->features[i].name, name) == 0)
			return &sm->features[i];
	return NULL;
}

/* sm_daemon_of - the daemon behind a listener */
const struct sm_daemon *
sm_daemon_of(const struct listener *l)
{
	return l->priv;
}

/* trimmed - a trimmed copy of s */
static char *
trimmed(const char *s)
{
	char *t = xstrdup(s), *u = str_trim(t);

	memmove(t, u, strlen(u) + 1);
	return t;
}

/* split_words - split on white space and commas */
static void
split_words(const char *s, struct strvec *v)
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

/* reserve_entries - room for at least want entries in a list */
static void
reserve_entries(struct sm_entry **v, size_t *cap, size_t want)
{
	if (want <= *cap)
		return;
	if (want < *cap * 2)
		want = *cap * 2;
	*v = xreallocarray(*v, want, sizeof(**v));
	*cap = want;
}

/* add_entry - append an entry to a list; the strings are not copied:
 * they are static or kept in the sm_conf's text store */
static void
add_entry(struct sm_entry **v, size_t *n, size_t *cap, const char *tag,
    const char *key, const char *action, const char *file, int line)
{
	struct sm_entry *e;

	reserve_entries(v, cap, *n + 1);
	e = &(*v)[(*n)++];
	e->tag = tag;
	e->key = key;
	e->action = action;
	e->file = file;
	e->line = line;
}

/* count_lines - how many lines lineiter_next() finds in src */
static size_t
count_lines(const struct source *src)
{
	const char *p = src->data, *end = src->data + src->len, *nl;
	size_t n = 0;

	for (; p < end; p = nl + 1, n++)
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return n + 1;
	return n;
}

/* line_text - the line ln of src as a C string in src's own buffer:
 * ended at its first NUL, or where its terminator was */
static char *
line_text(struct source *src, const struct line *ln)
{
	char *s = src->data + (ln->s - src->data);

	s[ln->len] = '\0';
	return s;
}

/* read_classr_file - the domains and addresses of a class R file; the
 * entries point into the file's text, which the sm_conf keeps */
static void
read_classr_file(struct sm_reader *rd, const char *path, const char *from,
    int from_line, bool must)
{
	struct sm_conf *sm = rd->sm;
	struct source src;
	struct lineiter it;
	struct line ln;
	size_t i, n0 = sm->nclassr;

	if (!source_read(rd->eng, rd->mc, rd->root, path, from, from_line,
	    must, &src))
		return;
	/* RELAY_DOMAIN_FILE may name the file the .cf always reads */
	for (i = 0; i < sm->nclassr; i++)
		if (sm->classr[i].file == src.file) {
			source_free(&src);
			return;
		}
	/* mostly one word a line */
	reserve_entries(&sm->classr, &sm->capclassr,
	    sm->nclassr + count_lines(&src));
	lineiter_init(&it, &src);
	while (lineiter_next(&it, &ln)) {
		char *s = line_text(&src, &ln);
		size_t n;

		s[strcspn(s, "#")] = '\0';
		/* the words, as split_words() cuts them, ended in place */
		for (;;) {
			s += strspn(s, " \t\r\n,");
			if ((n = strcspn(s, " \t\r\n,")) == 0)
				break;
			add_entry(&sm->classr, &sm->nclassr, &sm->capclassr,
			    "", s, "RELAY", src.file, ln.no);
			if (s[n] == '\0')
				break;
			s[n] = '\0';
			s += n + 1;
		}
	}
	if (sm->nclassr > n0)
		texts_keep(&sm->texts, src.data);
	else
		source_free(&src);
}

/* file_arg - the path in a map or file argument ("-o /etc/mail/x %[^#]") */
static char *
file_arg(const char *s)
{
	struct strvec w = STRVEC_INIT;
	char *path = NULL;
	size_t i;

	split_words(s, &w);
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
	f->name = trimmed(name);
	for (i = from; a && i < a->n; i++)
		strvec_push_owned(&f->args, trimmed(a->v[i]));
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
			if (strspn(v, "0123456789") == strlen(v) && *v)
				d->port = atoi(v);
			else
				d->port = strcmp(v, "smtp") == 0 ? 25 :
				    strcmp(v, "submission") == 0 ? 587 :
				    strcmp(v, "smtps") == 0 ? 465 : 0;
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
			port_options_free(&sm->clients[i]);
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
	f->name = trimmed(a->n > 0 ? a->v[0] : "");
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
		split_words(a0, &sm->trust_mech);
		sm->trust_file = file;
		sm->trust_line = line;
		break;
	case SM_RELAY_DOMAIN: {
		struct strvec w = STRVEC_INIT;

		split_words(a0, &w);
		for (i = 0; i < w.n; i++)
			add_entry(&sm->classr, &sm->nclassr, &sm->capclassr,
			    "", texts_dup(&sm->texts, w.v[i]),
			    "RELAY", file, line);
		strvec_free(&w);
		break;
	}
	case SM_RELAY_DOMAIN_FILE:
		if ((s = file_arg(a0)) == NULL) {
			finding_add(rd->eng, "PRS001", rd->mc, NULL, file, line,
			    "RELAY_DOMAIN_FILE(%s) names no absolute path", a0);
			break;
		}
		read_classr_file(rd, s, file, line,
		    strstr(a0, "-o") == NULL);
		free(s);
		break;
	case SM_OSTYPE:
		s = trimmed(a0);
		cf_file(rd, "ostype", s);
		free(s);
		break;
	case SM_DOMAIN:
		s = trimmed(a0);
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

/* octet_prefix - Sendmail's "10", "192.168", "192.0.2.1" as a prefix */
static bool
octet_prefix(const char *k, struct prefix *p)
{
	int parts = 1;
	const char *s;
	char *txt;
	bool ok;

	if (!isdigit((unsigned char)*k) || k[strlen(k) - 1] == '.' ||
	    strspn(k, "0123456789.") != strlen(k) || strstr(k, ".."))
		return false;
	for (s = k; *s; s++)
		parts += *s == '.';
	if (parts > 4)
		return false;
	txt = xasprintf("%s%s/%d", k, parts == 1 ? ".0.0.0" : parts == 2 ?
	    ".0.0" : parts == 3 ? ".0" : "", parts * 8);
	ok = prefix_parse(txt, p);
	free(txt);
	return ok;
}

/* ipv6_prefix - "IPv6:2001:db8" (groups) or a full IPv6 address */
static bool
ipv6_prefix(const char *k, struct prefix *p)
{
	int groups = 1;
	const char *s;
	char *txt;
	bool ok;

	if (!str_starts(k, "IPv6:") && !str_starts(k, "ipv6:"))
		return false;
	k += 5;
	if (strstr(k, "::"))
		return prefix_parse(k, p);
	for (s = k; *s; s++)
		groups += *s == ':';
	if (groups >= 8)
		return prefix_parse(k, p);
	txt = xasprintf("%s::/%d", k, groups * 16);
	ok = prefix_parse(txt, p);
	free(txt);
	return ok;
}

/* read_access - the text source of the access map */
static void
read_access(struct sm_reader *rd, const struct sm_feature *f)
{
	struct sm_conf *sm = rd->sm;
	char *path = f->args.n > 0 ? file_arg(f->args.v[0]) : NULL;
	char *db;
	struct source src;
	struct lineiter it;
	struct line ln;

	if (path == NULL)
		path = xstrdup(SETTINGS_DIR "/access");
	/* "hash -o /etc/mail/access.db" (RHEL): sendmail drops the ".db"
	 * and the text source is /etc/mail/access */
	if (str_ends(path, ".db"))
		path[strlen(path) - 3] = '\0';
	if (!source_read(rd->eng, rd->mc, rd->root, path, NULL, 0, false,
	    &src)) {
		db = xasprintf("%s.db", path);
		if (rootfs_exists(rd->root, db)) {
			sm->access_unknown = true;
			finding_add(rd->eng, "PRS004", rd->mc, NULL, f->file,
			    f->line, "the access map %s exists only as %s: "
			    "its text source is not in the tree, so what it "
			    "lets relay is unknown", path, db);
		}
		free(db);
		free(path);
		return;
	}
	free(path);
	sm->access_read = true;
	sm->access_file = src.file;
	/* one entry a line at most: the array is allocated once */
	reserve_entries(&sm->access, &sm->capaccess,
	    sm->naccess + count_lines(&src));
	lineiter_init(&it, &src);
	while (lineiter_next(&it, &ln)) {
		const char *tag = "";
		char *s, *k, *v;
		size_t i, n;

		if (line_blank(&ln) || line_comment(&ln))
			continue;
		/* key and action are cut in place: src's text is kept */
		s = line_text(&src, &ln);
		k = s + strspn(s, " \t");
		n = strcspn(k, " \t");
		v = k[n] ? k + n + 1 : k + n;
		k[n] = '\0';
		v = str_trim(v);
		for (i = 0; i < ARRAY_SIZE(tags); i++) {
			size_t tl = strlen(tags[i]);

			if (strncasecmp(k, tags[i], tl) == 0 && k[tl] == ':') {
				tag = tags[i];
				k += tl + 1;
				break;
			}
		}
		n = strcspn(v, " \t");
		v[n] = '\0';
		for (i = 0; v[i]; i++)
			v[i] = (char)toupper((unsigned char)v[i]);
		add_entry(&sm->access, &sm->naccess, &sm->capaccess, tag, k,
		    v, src.file, ln.no);
	}
	if (sm->naccess > 0)
		texts_keep(&sm->texts, src.data);
	else
		source_free(&src);
}

/* new_set - an address set the grants share, freed with the sm_conf */
static struct addrset *
new_set(struct sm_conf *sm)
{
	struct addrset *s = xcalloc(1, sizeof(*s));

	addrset_init(s);
	sm->sets = xreallocarray(sm->sets, sm->nsets + 1, sizeof(*sm->sets));
	sm->sets[sm->nsets++] = s;
	return s;
}

/* proto - a new grant for every listener */
static struct grant *
proto(struct sm_conf *sm, enum grant_kind kind, bool strangers,
    const char *fmt, ...)
{
	struct grant *g;
	va_list ap;

	sm->proto = xreallocarray(sm->proto, sm->nproto + 1,
	    sizeof(*sm->proto));
	g = &sm->proto[sm->nproto++];
	memset(g, 0, sizeof(*g));
	g->kind = kind;
	g->strangers = strangers;
	va_start(ap, fmt);
	g->what = xvasprintf(fmt, ap);
	va_end(ap);
	return g;
}

/* local_name - a name of this host that Sendmail always relays for */
static bool
local_name(const char *k)
{
	return strcasecmp(k, "localhost") == 0 ||
	    strcasecmp(k, "localhost.localdomain") == 0 ||
	    str_starts(k, "127.") || strcmp(k, "127") == 0 ||
	    strcasecmp(k, "IPv6:::1") == 0;
}

/* entry_ev - evidence text of an entry */
static void
entry_ev(struct grant *g, const struct sm_entry *e, bool access)
{
	if (access)
		evlist_add(&g->ev, e->file, e->line, "%s%s%s %s", e->tag,
		    *e->tag ? ":" : "", e->key, e->action);
	else
		evlist_add(&g->ev, e->file, e->line, "class R: %s", e->key);
}

/* address_grant - one networks grant from the address entries of a list */
static void
address_grant(struct sm_conf *sm, const struct sm_entry *v, size_t n,
    bool access, const char *what)
{
	struct addrset *set = NULL;
	struct grant *g = NULL;
	struct prefix p;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct sm_entry *e = &v[i];

		if (strcmp(e->action, "RELAY") != 0 || local_name(e->key) ||
		    (*e->tag && strcmp(e->tag, "Connect") != 0))
			continue;
		if (!octet_prefix(e->key, &p) && !ipv6_prefix(e->key, &p))
			continue;
		if (g == NULL) {
			set = new_set(sm);
			g = proto(sm, GRANT_NETWORKS, false, "%s", what);
			g->nets = set;
		}
		addrset_add(set, &p);
		entry_ev(g, e, access);
		/* g may move when proto() grows the array: it does not here */
	}
	if (g == NULL)
		return;
	g->strangers = (addrset_classes(set) & ACLASS_PUBLIC) != 0;
	g->partial = g->strangers && !addrset_covers_all(set, AF4) &&
	    !addrset_covers_all(set, AF6);
}

/* domain_key - a domain key of an entry, normalised, or NULL */
static const char *
domain_key(const struct sm_entry *e, char *buf, size_t len)
{
	const char *k = e->key;
	size_t n;

	while (*k == '.')
		k++;
	if (strchr(k, '@') || !isalpha((unsigned char)*k))
		return NULL;
	snprintf(buf, len, "%s", k);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	if (n == 0 || str_starts(buf, "IPv6:") || local_name(buf))
		return NULL;
	return buf;
}

/* domain_grants - RELAY entries naming a TLD or public suffix */
static void
domain_grants(struct sm_conf *sm, const struct sm_entry *v, size_t n,
    bool access)
{
	char buf[256];
	size_t i;

	if (sm_feature(sm, "relay_hosts_only"))
		return;
	for (i = 0; i < n; i++) {
		const struct sm_entry *e = &v[i];
		const char *d;
		struct grant *g;

		if (strcmp(e->action, "RELAY") != 0 ||
		    (d = domain_key(e, buf, sizeof(buf))) == NULL ||
		    !psl_public_suffix(d))
			continue;
		if (*e->tag == '\0' || strcmp(e->tag, "To") == 0) {
			g = proto(sm, GRANT_DESTINATION, true, "%s '%s' RELAY "
			    "(mail to every domain under the public suffix "
			    "'%s' is relayed)", access ? "access map entry" :
			    "class R entry", e->key, d);
			g->partial = true;
			entry_ev(g, e, access);
		}
		if (strcmp(e->tag, "Connect") == 0) {
			g = proto(sm, GRANT_FORGEABLE, true, "access map entry "
			    "'Connect:%s RELAY' (every client whose reverse "
			    "DNS name ends in '.%s', which its address owner "
			    "sets)", e->key, d);
			entry_ev(g, e, access);
		}
	}
}

/* cert_grant - CertIssuer:/CertSubject: RELAY entries: clients whose
 * certificate verifies against confCACERT and names that issuer */
static void
cert_grant(struct sm_conf *sm)
{
	struct grant *g = NULL;
	size_t i;

	for (i = 0; i < sm->naccess; i++) {
		const struct sm_entry *e = &sm->access[i];

		if (strcmp(e->action, "RELAY") != 0 ||
		    (strcmp(e->tag, "CertIssuer") != 0 &&
		    strcmp(e->tag, "CertSubject") != 0))
			continue;
		if (g == NULL) {
			g = proto(sm, GRANT_CLIENTCERT, false, "access map "
			    "%s: RELAY (clients with a verified certificate "
			    "from that issuer or subject)", e->tag);
			g->uncertain = true;
		}
		entry_ev(g, e, true);
	}
}

/* host_domain - $m: the domain of this host, or NULL when unknown */
static char *
host_domain(struct sm_reader *rd)
{
	const struct sm_macro *dn = sm_def(rd->sm, "confDOMAIN_NAME");
	char *data = NULL, *rel = NULL, *d = NULL, *dot;
	size_t len;

	if (dn && *dn->def)
		d = trimmed(dn->def);
	else if (rootfs_read(rd->root, "/etc/hostname", &data, &len, &rel) ==
	    RF_OK) {
		data[strcspn(data, " \t\r\n")] = '\0';
		d = xstrdup(data);
	}
	free(data);
	free(rel);
	if (d == NULL || (dot = strchr(d, '.')) == NULL || dot[1] == '\0') {
		free(d);
		return NULL;
	}
	memmove(d, dot + 1, strlen(dot + 1) + 1);
	return d;
}

/* loopback_grant - proto.m4 relays mail "originated locally": clients at
 * 127.0.0.1 or ::1 (and the host's own addresses, which no file shows) */
static void
loopback_grant(struct sm_conf *sm)
{
	struct grant *g = proto(sm, GRANT_NETWORKS, false, "mail from this "
	    "host (127.0.0.1, ::1), relayed by cf's own rules");

	g->nets = new_set(sm);
	addrset_add_str(g->nets, "127.0.0.1/32");
	addrset_add_str(g->nets, "::1/128");
	g->implicit = true;
	g->style = xstrdup("host");
	evlist_add(&g->ev, sm->main_file, 0, "cf/m4/proto.m4 relays for "
	    "clients at 127.0.0.1 and ::1");
}

/* feature_grant - a forgeable or open grant from FEATURE(name) */
static void
feature_grant(struct sm_conf *sm, const char *name, enum grant_kind kind,
    const char *what)
{
	const struct sm_feature *f = sm_feature(sm, name);
	struct grant *g;

	if (f == NULL)
		return;
	g = proto(sm, kind, true, "FEATURE(`%s') %s", name, what);
	evlist_add(&g->ev, f->file, f->line, "FEATURE(`%s')", name);
}

/* local_check_rcpt - a Local_check_rcpt whose first rule is $* -> $# OK */
static void
local_check_rcpt(struct sm_conf *sm)
{
	const struct sm_m4 *m = &sm->m4;
	bool in = false;
	size_t i;

	for (i = 0; i < m->ntext; i++) {
		const char *s = m->text[i].s, *rhs;
		size_t n;

		if (s[0] == 'S') {
			in = str_starts(s, "SLocal_check_rcpt");
			continue;
		}
		if (!in || s[0] != 'R')
			continue;
		n = strcspn(s + 1, "\t");
		rhs = s + 1 + n;
		rhs += strspn(rhs, "\t ");
		if (n >= 2 && strncmp(s + 1, "$*", 2) == 0 &&
		    strspn(s + 3, " ") == n - 2 && str_starts(rhs, "$#") &&
		    strncmp(rhs + 2 + strspn(rhs + 2, " "), "OK", 2) == 0) {
			struct grant *g = proto(sm, GRANT_ANYONE, true,
			    "LOCAL_RULESETS Local_check_rcpt returning $# OK "
			    "for every recipient");

			evlist_add(&g->ev, m->text[i].file, m->text[i].line,
			    "%s", s);
			return;
		}
		/* any other rule first: not unconditional */
		in = false;
	}
}

/* trust_ev - evidence of TRUST_AUTH_MECH with every mechanism */
static void
trust_ev(const struct sm_conf *sm, struct evlist *ev)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sm->trust_mech.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", sm->trust_mech.v[i]);
	evlist_add(ev, sm->trust_file, sm->trust_line, "TRUST_AUTH_MECH(`%s')",
	    buf_str(&b));
	buf_free(&b);
}

/* build_grants - every way to relay, once for all listeners */
static void
build_grants(struct sm_reader *rd)
{
	struct sm_conf *sm = rd->sm;
	const struct sm_feature *f;
	size_t i;
	char *m;

	loopback_grant(sm);
	feature_grant(sm, "promiscuous_relay", GRANT_ANYONE,
	    "relays for every client");
	feature_grant(sm, "relay_local_from", GRANT_FORGEABLE,
	    "relays when the envelope sender is in a local domain (forgeable)");
	/* loose_relay_check only stops user%site@relay-domain from being
	 * checked again as user@site: no grant of its own (RLY015) */
	if ((f = sm_feature(sm, "relay_mail_from")) != NULL) {
		struct grant *g = NULL;

		for (i = 0; i < sm->naccess; i++) {
			const struct sm_entry *e = &sm->access[i];

			if (strcmp(e->action, "RELAY") != 0 ||
			    strcmp(e->tag, "From") != 0)
				continue;
			if (g == NULL) {
				g = proto(sm, GRANT_FORGEABLE, true,
				    "FEATURE(`relay_mail_from') with From: "
				    "RELAY entries (the envelope sender is "
				    "forgeable)");
				evlist_add(&g->ev, f->file, f->line,
				    "FEATURE(`relay_mail_from')");
			}
			entry_ev(g, e, true);
		}
	}
	if ((f = sm_feature(sm, "relay_entire_domain")) != NULL &&
	    (m = host_domain(rd)) != NULL) {
		if (psl_public_suffix(m)) {
			struct grant *g = proto(sm, GRANT_FORGEABLE, true,
			    "FEATURE(`relay_entire_domain') with $m = '%s', a "
			    "public suffix: every client whose reverse DNS "
			    "name ends in '.%s'", m, m);

			evlist_add(&g->ev, f->file, f->line,
			    "FEATURE(`relay_entire_domain')");
		}
		free(m);
	}
	address_grant(sm, sm->classr, sm->nclassr, false,
	    "class R (relay-domains) addresses");
	domain_grants(sm, sm->classr, sm->nclassr, false);
	if (sm_feature(sm, "access_db")) {
		address_grant(sm, sm->access, sm->naccess, true,
		    "access map RELAY addresses");
		domain_grants(sm, sm->access, sm->naccess, true);
		cert_grant(sm);
		if (sm->access_unknown) {
			struct grant *g = proto(sm, GRANT_UNKNOWN, false,
			    "the access map (only access.db is in the tree)");

			g->uncertain = true;
			f = sm_feature(sm, "access_db");
			evlist_add(&g->ev, f->file, f->line,
			    "FEATURE(`access_db')");
		}
	}
	local_check_rcpt(sm);
	if (sm->trust_mech.n > 0) {
		struct grant *g = proto(sm, GRANT_AUTHENTICATED, false,
		    "TRUST_AUTH_MECH (authenticated clients)");

		trust_ev(sm, &g->ev);
	}
}

/* has_mod - the daemon's M= modifiers include c */
static bool
has_mod(const struct sm_daemon *d, int c)
{
	return d->mods && strchr(d->mods, c) != NULL;
}

/* def_ev - evidence of a macro definition, when it is defined */
static const struct sm_macro *
def_ev(const struct sm_conf *sm, struct evlist *ev, const char *name)
{
	const struct sm_macro *mac = sm_def(sm, name);

	if (mac)
		evlist_add(ev, mac->file, mac->line, "define(`%s', `%s')",
		    name, mac->def);
	return mac;
}

/* has_word_ci - a space-separated list contains word (any case) */
static bool
has_word_ci(const char *list, const char *word)
{
	struct strvec w = STRVEC_INIT;
	bool found = false;
	size_t i;

	split_words(list, &w);
	for (i = 0; i < w.n && !found; i++)
		found = strcasecmp(w.v[i], word) == 0;
	strvec_free(&w);
	return found;
}

/* listener_tls_auth - TLS and AUTH of one daemon */
static void
listener_tls_auth(struct sm_reader *rd, struct listener *l,
    const struct sm_daemon *d)
{
	struct sm_conf *sm = rd->sm;
	const struct sm_macro *cert, *key, *ca, *cap, *mech, *opt;
	const char *mechs;
	bool any;

	cert = def_ev(sm, &l->tls_ev, "confSERVER_CERT");
	key = def_ev(sm, &l->tls_ev, "confSERVER_KEY");
	ca = def_ev(sm, &l->tls_ev, "confCACERT");
	cap = def_ev(sm, &l->tls_ev, "confCACERT_PATH");
	any = cert || key || ca || cap;
	l->tls_cert = cert && key && *cert->def && *key->def;
	if (has_mod(d, 's'))
		l->tls = TLSM_IMPLICIT;
	else if (has_mod(d, 'S'))
		l->tls = TLSM_NONE;
	else
		l->tls = any ? TLSM_OPTIONAL : TLSM_NONE;
	if (has_mod(d, 's') || has_mod(d, 'S'))
		evlist_add(&l->tls_ev, d->file, d->line, "DAEMON_OPTIONS(`%s')",
		    d->raw ? d->raw : "");
	if (!any && !has_mod(d, 'S'))
		evlist_add(&l->tls_ev, sm->main_file, 0, "no confSERVER_CERT "
		    "and confSERVER_KEY: Sendmail offers no STARTTLS");

	mech = def_ev(sm, &l->auth_ev, "confAUTH_MECHANISMS");
	opt = def_ev(sm, &l->auth_ev, "confAUTH_OPTIONS");
	if (sm->trust_mech.n > 0)
		trust_ev(sm, &l->auth_ev);
	l->auth = (mech || sm->trust_mech.n > 0) && !has_mod(d, 'A');
	if (has_mod(d, 'A') || has_mod(d, 'a'))
		evlist_add(&l->auth_ev, d->file, d->line, "DAEMON_OPTIONS(`%s')",
		    d->raw ? d->raw : "");
	mechs = mech ? mech->def :
	    "EXTERNAL GSSAPI KERBEROS_V4 DIGEST-MD5 CRAM-MD5";
	l->auth_tls_only = (opt && strchr(opt->def, 'p')) ||
	    (!has_word_ci(mechs, "PLAIN") && !has_word_ci(mechs, "LOGIN"));
	l->auth_anonymous = !(opt && strchr(opt->def, 'y')) &&
	    has_word_ci(mechs, "ANONYMOUS");
}

/* loopback_addr - an address only this host reaches */
static bool
loopback_addr(const char *a)
{
	return str_starts(a, "127.") || strcmp(a, "::1") == 0 ||
	    strcmp(a, "localhost") == 0 || strcmp(a, "[::1]") == 0 ||
	    strcasecmp(a, "IPv6:::1") == 0;
}

/* add_listener - a listener for one daemon */
static void
add_listener(struct sm_reader *rd, struct sm_daemon *d)
{
	struct sm_conf *sm = rd->sm;
	struct listener *l = mtaconf_add_listener(rd->mc);
	const char *a = d->addr;
	bool local = d->family && strcmp(d->family, "local") == 0;
	bool auth_first;
	size_t i;

	l->name = xstrdup(d->name);
	if (a == NULL || strcmp(a, "0.0.0.0") == 0 || strcmp(a, "::") == 0 ||
	    strcmp(a, "INADDR_ANY") == 0 || *a == '\0') {
		l->addr = xstrdup("*");
		l->bind = BIND_ANY;
	} else {
		l->addr = xstrdup(a);
		l->bind = loopback_addr(a) ? BIND_LOOPBACK : BIND_SPECIFIC;
	}
	l->port = d->port;
	l->reachable = l->bind != BIND_LOOPBACK && !local;
	l->role = l->port == 25 ? ROLE_MX : l->port == 587 ? ROLE_SUBMISSION :
	    l->port == 465 ? ROLE_SUBMISSIONS : ROLE_OTHER;
	l->label = xasprintf("%s %s%s%s:%d", d->name,
	    strchr(l->addr, ':') ? "[" : "", l->addr,
	    strchr(l->addr, ':') ? "]" : "", d->port);
	l->file = d->file;
	l->line = d->line;
	l->priv = d;
	if (d->dflt)
		evlist_add(&l->bind_ev, d->file, d->line, "%s", d->raw);
	else
		evlist_add(&l->bind_ev, d->file, d->line,
		    "DAEMON_OPTIONS(`%s')", d->raw);
	listener_tls_auth(rd, l, d);
	/* M=a: nothing happens before AUTH (M=A turns AUTH off instead) */
	auth_first = has_mod(d, 'a') && !has_mod(d, 'A');
	for (i = 0; i < sm->nproto; i++) {
		if (sm->proto[i].kind == GRANT_AUTHENTICATED ? !l->auth :
		    auth_first)
			continue;
		listener_copy_grant(l, &sm->proto[i]);
	}
}

/* default_daemon - a daemon cf.m4 generates */
static struct sm_daemon *
default_daemon(struct sm_conf *sm, const char *name, int port,
    const char *mods, const char *why)
{
	struct sm_daemon *d;

	sm->daemons = xreallocarray(sm->daemons, sm->ndaemons + 1,
	    sizeof(*sm->daemons));
	d = &sm->daemons[sm->ndaemons++];
	memset(d, 0, sizeof(*d));
	d->name = xstrdup(name);
	d->port = port;
	d->mods = mods ? xstrdup(mods) : NULL;
	d->dflt = true;
	d->file = sm->main_file;
	d->line = 0;
	d->raw = xstrdup(why);
	return d;
}

/* build_listeners - the daemons, explicit and default, as listeners */
static void
build_listeners(struct sm_reader *rd)
{
	struct sm_conf *sm = rd->sm;
	bool msa = false;
	size_t i, n = sm->ndaemons;

	for (i = 0; i < n; i++)
		if (sm->daemons[i].port == 587 ||
		    strcmp(sm->daemons[i].name, "MSA") == 0)
			msa = true;
	if (n == 0)
		default_daemon(sm, "MTA", 25, NULL, "no DAEMON_OPTIONS: cf.m4 "
		    "runs the MTA on every address, port 25");
	if (!msa && !sm_feature(sm, "no_default_msa"))
		default_daemon(sm, "MSA", 587, "E", "cf.m4 adds the default "
		    "MSA on every address, port 587 (M=E), unless "
		    "FEATURE(`no_default_msa')");
	/* the array is final now: listeners point into it */
	for (i = 0; i < sm->ndaemons; i++)
		add_listener(rd, &sm->daemons[i]);
}

/* equate - the value of KEY= in a milter's equates, or NULL */
static char *
equate(const char *eq, int key)
{
	const char *p = eq;

	while (*p) {
		size_t n = strcspn(p, ",");
		char *item = xstrndup(p, n), *s = str_trim(item);

		if (toupper((unsigned char)s[0]) == key && s[1] == '=') {
			char *v = trimmed(s + 2);

			free(item);
			return v;
		}
		free(item);
		p += n + (p[n] == ',');
	}
	return NULL;
}

/* build_milters - the input filters in the final confINPUT_MAIL_FILTERS */
static void
build_milters(struct sm_reader *rd)
{
	struct sm_conf *sm = rd->sm;
	const struct sm_macro *list = sm_def(sm, "confINPUT_MAIL_FILTERS");
	struct strvec names = STRVEC_INIT;
	struct milter_peers peers;
	size_t i, j;

	if (list == NULL)
		return;
	milter_peers_read(&peers, rd->eng, rd->mc, rd->root);
	split_words(list->def, &names);
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

/* reader_init - an expander with Sendmail's macros */
static void
reader_init(struct sm_reader *rd, struct sm_conf *sm, const char *dir)
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

/* read_submit - submit.mc beside sendmail.mc: parse findings only */
static void
read_submit(struct sm_reader *main_rd, const char *path)
{
	struct sm_reader rd = *main_rd;
	struct sm_conf *sm = xcalloc(1, sizeof(*sm));

	reader_init(&rd, sm, main_rd->mc->dir);
	sm_m4_file(&sm->m4, path, NULL, 0, false);
	sm_conf_free(sm);
}

/* sendmail_read - read a Sendmail configuration into a new mtaconf */
struct mtaconf *
sendmail_read(struct engine *e, struct model *m, const struct rootfs *r,
    const char *dir, const char *file)
{
	struct mtaconf *c = model_add_conf(m, MTA_SENDMAIL, dir);
	struct sm_conf *sm = xcalloc(1, sizeof(*sm));
	struct sm_reader rd = { e, c, r, sm };
	const struct sm_macro *sh;
	const struct sm_feature *f;
	char *mc, *sub = NULL;

	c->priv = sm;
	c->priv_free = sm_conf_free;
	reader_init(&rd, sm, dir);
	if (file)
		mc = xasprintf("%s/%s", dir, file);
	else {
		mc = xasprintf("%s/sendmail.mc", dir);
		sub = xasprintf("%s/submit.mc", dir);
		if (!rootfs_exists(r, mc)) {
			free(mc);
			mc = sub;
			sub = NULL;
		}
	}
	c->main_file = sm->main_file = model_file(m, mc);
	if (!sm_m4_file(&sm->m4, mc, NULL, 0, true)) {
		free(mc);
		free(sub);
		return c;
	}
	sm_m4_divert(&sm->m4, 0);
	read_classr_file(&rd, SETTINGS_DIR "/relay-domains", NULL, 0, false);
	if ((f = sm_feature(sm, "access_db")) != NULL)
		read_access(&rd, f);
	build_grants(&rd);
	if (!sm_feature(sm, "msp"))
		build_listeners(&rd);
	build_milters(&rd);
	sh = sm_def(sm, "SMART_HOST");
	f = sm_feature(sm, "nullclient");
	c->smarthost = (sh && *sh->def) || f != NULL ||
	    sm_feature(sm, "msp") != NULL;
	if (f == NULL && !sm_feature(sm, "msp")) {
		size_t i;

		for (i = 0; i < c->nlisteners; i++)
			if (c->listeners[i].reachable &&
			    c->listeners[i].role == ROLE_MX)
				c->inbound = true;
	}
	if (sub && rootfs_exists(r, sub))
		read_submit(&rd, sub);
	free(mc);
	free(sub);
	return c;
}
