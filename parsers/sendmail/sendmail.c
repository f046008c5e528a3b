/* SPDX-License-Identifier: MIT */
/*
 * sendmail.c - read sendmail.mc statically into the model.
 *
 * The .mc is expanded by the m4 subset of sm_m4.c; Sendmail's own
 * macros are builtins of that expander whose calls sm_mc.c records
 * with their place.  Then the access map source and relay-domains
 * (sm_access.c) and the recorded facts become relay grants
 * (sm_relay.c), listeners with TLS and AUTH (sm_daemons.c) and
 * milters (sm_milters.c), as mta-semantics.md part C describes.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/sendmail/sendmail.h"
#include "parsers/sendmail/sm_int.h"

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
		sm_port_options_free(&sm->daemons[i]);
	free(sm->daemons);
	for (i = 0; i < sm->nclients; i++)
		sm_port_options_free(&sm->clients[i]);
	free(sm->clients);
	free(sm->classr);
	free(sm->access);
	sm_texts_free(&sm->texts);
	for (i = 0; i < sm->nfilters; i++) {
		free(sm->filters[i].name);
		free(sm->filters[i].equates);
	}
	free(sm->filters);
	strvec_free(&sm->trust_mech);
	for (i = 0; i < sm->nproto; i++)
		grant_free(&sm->proto[i]);
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

/* key_name - a DAEMON_OPTIONS or CLIENT_OPTIONS key as Sendmail reads it
 * (by its first letter), the long name for the keys the reader knows */
static const char *
key_name(const char *k)
{
	switch (*k) {
	case 'A': case 'a':
		return "Addr";
	case 'F': case 'f':
		return "Family";
	case 'M': case 'm':
		return "Modifiers";
	case 'N': case 'n':
		return "Name";
	case 'P': case 'p':
		return "Port";
	default:
		return k;
	}
}

/* record_ports - a DAEMON_OPTIONS or CLIENT_OPTIONS call: its head and
 * one setting per key (the last of a key counts) */
static void
record_ports(struct mtaconf *c, enum scope_kind kind, const char *scope,
    const struct sm_daemon *d, int seq)
{
	struct setting *st;
	const char *p = d->raw;

	st = mtaconf_add_setting(c, kind, scope, scope, d->raw,
	    d->dflt ? NULL : d->file, d->line, d->line);
	st->head = true;
	st->seq = seq;
	if (d->dflt) {
		st->src = SRC_DEFAULT;
		st->rule = RULE_BUILTIN;
		st->why = "cf.m4";
		return;
	}
	while (*p) {
		size_t n = strcspn(p, ",");
		char *kv = xstrndup(p, n), *k = str_trim(kv), *v;

		p += n + (p[n] == ',');
		if ((v = strchr(k, '=')) != NULL) {
			*v++ = '\0';
			st = mtaconf_add_setting(c, kind, scope,
			    key_name(str_trim(k)), str_trim(v), d->file, d->line,
			    d->line);
			st->seq = seq;
		}
		free(kv);
	}
}

/* entry_name - an access or class R entry's key, "Connect:10.1" */
static char *
entry_name(const struct sm_entry *e)
{
	return *e->tag ? xasprintf("%s:%s", e->tag, e->key) : xstrdup(e->key);
}

/* record_entries - access or class R entries; of two entries with one
 * key the first counts (makemap refuses to replace it) */
static void
record_entries(struct mtaconf *c, enum scope_kind kind,
    const struct sm_entry *v, size_t n)
{
	struct strmap seen = STRMAP_INIT;
	struct setting *st;
	size_t i;

	for (i = 0; i < n; i++) {
		char *name = entry_name(&v[i]);

		st = mtaconf_add_setting(c, kind, NULL, name,
		    v[i].action ? v[i].action : "", v[i].file, v[i].line,
		    v[i].line);
		st->effective = strmap_get(&seen, name) == NULL;
		strmap_put(&seen, name, (void *)1);
		free(name);
	}
	strmap_free(&seen, NULL);
}

/*
 * record_settings - layer 1: which define()s count (the one m4 holds at
 * the end), every FEATURE (the last of a name counts), DAEMON_OPTIONS
 * and CLIENT_OPTIONS with their keys, access and class R entries
 */
static void
record_settings(struct mtaconf *c, struct sm_conf *sm)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	for (i = 0; i < c->nsettings; i++) {
		struct setting *st = &c->settings[i];
		const struct sm_macro *m = sm_def(sm, st->name);

		st->effective = st->scope == SCOPE_GLOBAL && m != NULL &&
		    m->file == st->file && m->line == st->line &&
		    strcmp(m->def, st->raw) == 0;
	}
	for (i = 0; i < sm->nfeatures; i++) {
		const struct sm_feature *f = &sm->features[i];

		buf_reset(&b);
		for (j = 0; j < f->args.n; j++)
			buf_printf(&b, "%s%s", j ? ", " : "", f->args.v[j]);
		mtaconf_add_setting(c, SCOPE_FEATURE, NULL, f->name,
		    buf_str(&b), f->file, f->line, f->line)->effective =
		    sm_feature(sm, f->name) == f;
	}
	buf_free(&b);
	for (i = 0; i < sm->ndaemons; i++)
		record_ports(c, SCOPE_DAEMON, sm->daemons[i].name,
		    &sm->daemons[i], (int)i + 1);
	for (i = 0; i < sm->nclients; i++)
		record_ports(c, SCOPE_CLIENT, sm->clients[i].family ?
		    sm->clients[i].family : "inet", &sm->clients[i], (int)i + 1);
	setting_settle(c, SCOPE_DAEMON);
	setting_settle(c, SCOPE_CLIENT);
	record_entries(c, SCOPE_ACCESS, sm->access, sm->naccess);
	record_entries(c, SCOPE_RELAY_DOMAINS, sm->classr, sm->nclassr);
}

/* ops_get - a listener's DAEMON_OPTIONS key, else a define (the reader
 * knows no defaults of cf.m4's) */
static const struct setting *
ops_get(const struct mtaconf *c, const struct listener *l, const char *name)
{
	const struct setting *st;

	if (l && (st = listener_setting(c, l, name)) != NULL)
		return st;
	return setting_get(c, SCOPE_GLOBAL, NULL, name);
}

/* ops_evidence - the .mc line, as the call was written */
static void
ops_evidence(const struct mtaconf *c, const struct setting *st,
    struct evlist *ev)
{
	static const char *const calls[SCOPE_COUNT] = {
		[SCOPE_FEATURE] = "FEATURE", [SCOPE_DAEMON] = "DAEMON_OPTIONS",
		[SCOPE_CLIENT] = "CLIENT_OPTIONS",
	};

	if (st->scope == SCOPE_GLOBAL)
		evlist_add(ev, st->file, st->line, "define(`%s', `%s')",
		    st->name, st->raw);
	else if (st->head && calls[st->scope])
		evlist_add(ev, st->file, st->line, "%s(`%s')",
		    calls[st->scope], st->raw);
	else if (st->scope == SCOPE_FEATURE)
		evlist_add(ev, st->file, st->line, "FEATURE(`%s')", st->name);
	else
		evlist_add(ev, st->file, st->line, "%s %s", st->name, st->raw);
}

static const struct setting_ops sm_ops = {
	.get = ops_get,
	.evidence = ops_evidence,
};

/* read_submit - submit.mc beside sendmail.mc: parse findings only */
static void
read_submit(struct sm_reader *main_rd, const char *path)
{
	struct sm_reader rd = *main_rd;
	struct sm_conf *sm = xcalloc(1, sizeof(*sm));

	sm_reader_init(&rd, sm, main_rd->mc->dir);
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
	c->sops = &sm_ops;
	sm_reader_init(&rd, sm, dir);
	sm->m4.settings = true;
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
	sm_read_classr(&rd, SM_SETTINGS_DIR "/relay-domains", NULL, 0, false);
	if ((f = sm_feature(sm, "access_db")) != NULL)
		sm_read_access(&rd, f);
	sm_build_grants(&rd);
	if (!sm_feature(sm, "msp"))
		sm_build_listeners(&rd);
	sm_build_milters(&rd);
	record_settings(c, sm);
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
	sm_facts(&rd);
	free(mc);
	free(sub);
	return c;
}
