/* SPDX-License-Identifier: MIT */
/*
 * model.c - constructors and destructors of the common model.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/model.h"
#include "lib/strmap.h"

static const char *const mta_names[MTA_COUNT] = {
	[MTA_POSTFIX] = "postfix",
	[MTA_EXIM] = "exim",
	[MTA_SENDMAIL] = "sendmail",
};

static const char *const scope_names[SCOPE_COUNT] = {
	[SCOPE_GLOBAL] = "global",
	[SCOPE_SERVICE] = "service",
	[SCOPE_ACL] = "acl",
	[SCOPE_ROUTER] = "router",
	[SCOPE_TRANSPORT] = "transport",
	[SCOPE_AUTHENTICATOR] = "authenticator",
	[SCOPE_LIST] = "list",
	[SCOPE_FEATURE] = "feature",
	[SCOPE_DAEMON] = "daemon",
	[SCOPE_CLIENT] = "client",
	[SCOPE_ACCESS] = "access",
	[SCOPE_RELAY_DOMAINS] = "relay-domains",
};

static const char *const grant_names[] = {
	[GRANT_ANYONE] = "anyone",
	[GRANT_NETWORKS] = "networks",
	[GRANT_AUTHENTICATED] = "authenticated",
	[GRANT_CLIENTCERT] = "client-certificate",
	[GRANT_FORGEABLE] = "forgeable",
	[GRANT_DESTINATION] = "destination",
	[GRANT_UNKNOWN] = "unknown",
};

static const char *const tls_version_names[TLSV_COUNT] = {
	[TLSV_SSL2] = "SSLv2",
	[TLSV_SSL3] = "SSLv3",
	[TLSV_1_0] = "TLSv1",
	[TLSV_1_1] = "TLSv1.1",
	[TLSV_1_2] = "TLSv1.2",
	[TLSV_1_3] = "TLSv1.3",
};

static const char *const origin_names[] = {
	[ORIGIN_ITEM] = "item",
	[ORIGIN_NETLIST] = "network-list",
	[ORIGIN_LIST_END] = "list-end",
	[ORIGIN_DOMAINS] = "relay-domains",
	[ORIGIN_MX_BACKUP] = "mx-backup",
	[ORIGIN_FEATURE] = "feature",
	[ORIGIN_NO_GATE] = "no-gate",
};

#define SOURCE_TEXT_MAX	200	/* bytes of a source line kept */

/* mta_name - the lower-case name used in output */
const char *
mta_name(enum mta m)
{
	return m < MTA_COUNT ? mta_names[m] : "unknown";
}

/* scope_kind_name - the name of a scope kind used in output */
const char *
scope_kind_name(enum scope_kind k)
{
	return k < SCOPE_COUNT ? scope_names[k] : "unknown";
}

/* grant_kind_name - the name of a grant kind used in output */
const char *
grant_kind_name(enum grant_kind k)
{
	return k <= GRANT_UNKNOWN ? grant_names[k] : "unknown";
}

/* tls_version_name - a protocol's name as Postfix spells it */
const char *
tls_version_name(enum tls_version v)
{
	return v < TLSV_COUNT ? tls_version_names[v] : "unknown";
}

/* grant_origin_name - the name of a grant origin used in output */
const char *
grant_origin_name(enum grant_origin o)
{
	return o <= ORIGIN_NO_GATE ? origin_names[o] : "unknown";
}

/* evlist_add - append one piece of evidence */
void
evlist_add(struct evlist *el, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (el->n == el->cap) {
		el->cap = el->cap ? el->cap * 2 : 4;
		el->v = xreallocarray(el->v, el->cap, sizeof(*el->v));
	}
	va_start(ap, fmt);
	el->v[el->n].text = xvasprintf(fmt, ap);
	va_end(ap);
	el->v[el->n].file = file;
	el->v[el->n].line = line;
	el->n++;
}

/* evlist_append - copy every item of src to the end of dst */
void
evlist_append(struct evlist *dst, const struct evlist *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		evlist_add(dst, src->v[i].file, src->v[i].line, "%s",
		    src->v[i].text);
}

/* evlist_free - free every item */
void
evlist_free(struct evlist *el)
{
	size_t i;

	for (i = 0; i < el->n; i++)
		free(el->v[i].text);
	free(el->v);
	memset(el, 0, sizeof(*el));
}

/* fact_set - record the setting a fact comes from; the fact is known */
void
fact_set(struct fact *ft, bool per_listener, const char *setting,
    const char *value, const char *file, int line)
{
	free(ft->setting);
	free(ft->value);
	ft->known = true;
	ft->per_listener = per_listener;
	ft->setting = setting ? xstrdup(setting) : NULL;
	ft->value = xstrdup(value ? value : "");
	ft->file = file;
	ft->line = line;
}

/* fact_copy - make DST a copy of SRC (DST is empty or freed) */
void
fact_copy(struct fact *dst, const struct fact *src)
{
	*dst = *src;
	dst->setting = src->setting ? xstrdup(src->setting) : NULL;
	dst->value = src->value ? xstrdup(src->value) : NULL;
	memset(&dst->ev, 0, sizeof(dst->ev));
	evlist_append(&dst->ev, &src->ev);
}

/* fact_free - free a fact's contents; it becomes unknown */
void
fact_free(struct fact *ft)
{
	free(ft->setting);
	free(ft->value);
	evlist_free(&ft->ev);
	memset(ft, 0, sizeof(*ft));
}

/* listener_facts_free - free the facts of one listener */
void
listener_facts_free(struct listener_facts *lf)
{
	fact_free(&lf->banner);
	fact_free(&lf->vrfy);
	fact_free(&lf->expn);
	fact_free(&lf->helo);
	fact_free(&lf->tls_protocols);
	fact_free(&lf->tls_ciphers);
	free(lf->tls_weak);
	memset(lf, 0, sizeof(*lf));
}

/* listener_facts_copy - make DST (freed first) a copy of SRC */
void
listener_facts_copy(struct listener_facts *dst,
    const struct listener_facts *src)
{
	listener_facts_free(dst);
	*dst = *src;
	fact_copy(&dst->banner, &src->banner);
	fact_copy(&dst->vrfy, &src->vrfy);
	fact_copy(&dst->expn, &src->expn);
	fact_copy(&dst->helo, &src->helo);
	fact_copy(&dst->tls_protocols, &src->tls_protocols);
	fact_copy(&dst->tls_ciphers, &src->tls_ciphers);
	dst->tls_weak = src->tls_weak ? xstrdup(src->tls_weak) : NULL;
}

/* model_init - an empty model for ROOT */
void
model_init(struct model *m, const char *root)
{
	memset(m, 0, sizeof(*m));
	m->root = root;
}

/* grant_source_clear - free a grant source's strings */
void
grant_source_clear(struct grant_source *s)
{
	free(s->list);
	free(s->item);
	free(s->text);
	memset(s, 0, sizeof(*s));
}

/* grant_source_copy - a deep copy of a grant source */
void
grant_source_copy(struct grant_source *to, const struct grant_source *from)
{
	to->list = from->list ? xstrdup(from->list) : NULL;
	to->item = from->item ? xstrdup(from->item) : NULL;
	to->file = from->file;
	to->line = from->line;
	to->text = from->text ? xstrdup(from->text) : NULL;
}

/* grant_free - free what a grant owns (not its address set) */
void
grant_free(struct grant *g)
{
	free(g->what);
	free(g->style);
	evlist_free(&g->ev);
	grant_source_clear(&g->src);
	grant_cause_set(&g->cause, NULL, NULL, 0);
}

/* grant_source_set - name where a grant is made, with its line's text */
void
grant_source_set(struct grant_source *src, const char *list, const char *item,
    const char *file, int line, const char *text)
{
	grant_source_clear(src);
	src->list = list ? xstrdup(list) : NULL;
	src->item = item ? xstrdup(item) : NULL;
	src->file = file;
	src->line = line;
	if (text == NULL)
		return;
	if (strlen(text) > SOURCE_TEXT_MAX)
		src->text = xasprintf("%.*s...", SOURCE_TEXT_MAX, text);
	else
		src->text = xstrdup(text);
}

/* grant_cause_set - the setting that makes a grant broad, and its line */
void
grant_cause_set(struct grant_cause *c, const char *name, const char *file,
    int line)
{
	free(c->name);
	c->name = name ? xstrdup(name) : NULL;
	c->file = file;
	c->line = line;
}

/* grant_at - the line to change for a grant: its cause, else its source */
void
grant_at(const struct grant *g, const char **name, const char **file,
    int *line)
{
	if (g->cause.name != NULL) {
		*name = g->cause.name;
		*file = g->cause.file;
		*line = g->cause.line;
	} else {
		*name = g->src.list ? g->src.list : g->src.item;
		*file = g->src.file;
		*line = g->src.line;
	}
}

/* same_grant - b repeats a: the same way of relaying, from the same item */
static bool
same_grant(const struct grant *a, const struct grant *b)
{
	return a->kind == b->kind && a->origin == b->origin &&
	    a->nets == b->nets && a->named_hosts == b->named_hosts &&
	    a->strangers == b->strangers && a->partial == b->partial &&
	    a->implicit == b->implicit && a->uncertain == b->uncertain &&
	    strcmp(a->what ? a->what : "", b->what ? b->what : "") == 0 &&
	    strcmp(a->style ? a->style : "", b->style ? b->style : "") == 0;
}

/* has_ev - the list already holds this piece of evidence */
static bool
has_ev(const struct evlist *el, const struct evidence *e)
{
	size_t i;

	for (i = 0; i < el->n; i++)
		if (el->v[i].file == e->file && el->v[i].line == e->line &&
		    strcmp(el->v[i].text, e->text) == 0)
			return true;
	return false;
}

/* listener_merge_grants - fold repeated grants into their first */
void
listener_merge_grants(struct listener *l)
{
	size_t i, j, n = 0, k;

	for (i = 0; i < l->ngrants; i++) {
		struct grant *g = &l->grants[i];

		for (j = 0; j < n; j++)
			if (same_grant(&l->grants[j], g))
				break;
		if (j < n) {
			struct grant *into = &l->grants[j];

			for (k = 0; k < g->ev.n; k++)
				if (!has_ev(&into->ev, &g->ev.v[k]))
					evlist_add(&into->ev, g->ev.v[k].file,
					    g->ev.v[k].line, "%s",
					    g->ev.v[k].text);
			into->merged += 1 + g->merged;
			grant_free(g);
			continue;
		}
		if (n != i)
			l->grants[n] = *g;
		n++;
	}
	l->ngrants = n;
}

/* listener_free - free one listener's contents */
static void
listener_free(struct listener *l)
{
	size_t i;

	free(l->name);
	free(l->label);
	free(l->addr);
	evlist_free(&l->bind_ev);
	evlist_free(&l->tls_ev);
	evlist_free(&l->auth_ev);
	listener_facts_free(&l->facts);
	for (i = 0; i < l->ngrants; i++)
		grant_free(&l->grants[i]);
	free(l->grants);
	free(l->scope_name);
	grant_source_clear(&l->gate);
}

/* mailauth_free - free one mail-authentication fact */
static void
mailauth_free(struct mailauth *a)
{
	free(a->how);
	evlist_free(&a->ev);
}

/* mtaconf_free - free one MTA instance */
static void
mtaconf_free(struct mtaconf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nlisteners; i++)
		listener_free(&c->listeners[i]);
	free(c->listeners);
	free(c->delivery.how);
	evlist_free(&c->delivery.ev);
	mailauth_free(&c->spf);
	mailauth_free(&c->dkim_sign);
	mailauth_free(&c->dkim_verify);
	mailauth_free(&c->dmarc);
	for (i = 0; i < c->nmilters; i++) {
		free(c->milters[i].socket);
		free(c->milters[i].product);
		free(c->milters[i].peer_socket);
		evlist_free(&c->milters[i].ev);
	}
	free(c->milters);
	for (i = 0; i < c->nsettings; i++) {
		free((char *)c->settings[i].name);
		free((char *)c->settings[i].scope_name);
		free((char *)c->settings[i].raw);
		free((char *)c->settings[i].value);
	}
	free(c->settings);
	for (i = 0; i < c->nclients; i++) {
		free(c->clients[i].name);
		fact_free(&c->clients[i].tls);
	}
	free(c->clients);
	if (c->priv_free)
		c->priv_free(c->priv);
	free(c->dir);
	free(c->version);
	free(c);
}

/* model_free - free the model and everything in it */
void
model_free(struct model *m)
{
	size_t i;

	for (i = 0; i < m->nconfs; i++)
		mtaconf_free(m->confs[i]);
	free(m->confs);
	strvec_free(&m->files);
}

/* model_file - intern a root-relative path */
const char *
model_file(struct model *m, const char *path)
{
	size_t i;

	for (i = 0; i < m->files.n; i++)
		if (strcmp(m->files.v[i], path) == 0)
			return m->files.v[i];
	strvec_push(&m->files, path);
	return m->files.v[m->files.n - 1];
}

/* model_add_conf - add an MTA instance whose files live in DIR */
struct mtaconf *
model_add_conf(struct model *m, enum mta mta, const char *dir)
{
	struct mtaconf *c = xcalloc(1, sizeof(*c));

	c->mta = mta;
	c->dir = xstrdup(dir);
	m->confs = xreallocarray(m->confs, m->nconfs + 1, sizeof(*m->confs));
	m->confs[m->nconfs++] = c;
	return c;
}

/* mtaconf_add_listener - append an empty listener */
struct listener *
mtaconf_add_listener(struct mtaconf *c)
{
	struct listener *l;

	c->listeners = xreallocarray(c->listeners, c->nlisteners + 1,
	    sizeof(*c->listeners));
	l = &c->listeners[c->nlisteners++];
	memset(l, 0, sizeof(*l));
	return l;
}

/* listener_add_grant - append an empty grant of a kind */
struct grant *
listener_add_grant(struct listener *l, enum grant_kind kind)
{
	struct grant *g;

	l->grants = xreallocarray(l->grants, l->ngrants + 1, sizeof(*l->grants));
	g = &l->grants[l->ngrants++];
	memset(g, 0, sizeof(*g));
	g->kind = kind;
	return g;
}

/* mtaconf_add_milter - append an empty milter */
struct milter *
mtaconf_add_milter(struct mtaconf *c)
{
	struct milter *m;

	c->milters = xreallocarray(c->milters, c->nmilters + 1,
	    sizeof(*c->milters));
	m = &c->milters[c->nmilters++];
	memset(m, 0, sizeof(*m));
	return m;
}

/* mtaconf_add_client - append an SMTP client policy named NAME (or NULL) */
struct smtp_client *
mtaconf_add_client(struct mtaconf *c, const char *name)
{
	struct smtp_client *cl;

	c->clients = xreallocarray(c->clients, c->nclients + 1,
	    sizeof(*c->clients));
	cl = &c->clients[c->nclients++];
	memset(cl, 0, sizeof(*cl));
	cl->name = name ? xstrdup(name) : NULL;
	return cl;
}

/* listener_copy_grant - append a copy of a grant (its address set is shared) */
struct grant *
listener_copy_grant(struct listener *l, const struct grant *from)
{
	struct grant *g = listener_add_grant(l, from->kind);

	g->nets = from->nets;
	g->named_hosts = from->named_hosts;
	g->strangers = from->strangers;
	g->partial = from->partial;
	g->implicit = from->implicit;
	g->style = from->style ? xstrdup(from->style) : NULL;
	g->uncertain = from->uncertain;
	g->origin = from->origin;
	g->merged = from->merged;
	g->what = xstrdup(from->what);
	grant_source_copy(&g->src, &from->src);
	grant_cause_set(&g->cause, from->cause.name, from->cause.file,
	    from->cause.line);
	evlist_append(&g->ev, &from->ev);
	return g;
}

/* mailauth_wire - record that a function is wired through a milter or service */
void
mailauth_wire(struct mailauth *a, const char *how, bool guessed,
    const char *file, int line)
{
	if (a->wired && !a->uncertain)
		return;
	a->wired = true;
	a->uncertain = guessed;
	free(a->how);
	a->how = xstrdup(how);
	evlist_add(&a->ev, file, line, "%s", how);
}

/* mtaconf_add_setting - record one written definition */
struct setting *
mtaconf_add_setting(struct mtaconf *c, enum scope_kind kind,
    const char *scope_name, const char *name, const char *raw,
    const char *file, int line, int last)
{
	struct setting *st;

	if (c->nsettings == c->capsettings) {
		c->capsettings = c->capsettings ? c->capsettings * 2 : 32;
		c->settings = xreallocarray(c->settings, c->capsettings,
		    sizeof(*c->settings));
	}
	st = &c->settings[c->nsettings++];
	memset(st, 0, sizeof(*st));
	st->name = xstrdup(name);
	st->scope = kind;
	st->scope_name = scope_name ? xstrdup(scope_name) : NULL;
	st->raw = xstrdup(raw ? raw : "");
	st->src = kind == SCOPE_SERVICE ? SRC_OVERRIDE : SRC_EXPLICIT;
	st->file = file;
	st->line = line;
	st->last = last;
	return st;
}

/* setting_set_value - give a recorded setting its effective value */
void
setting_set_value(struct setting *st, const char *value)
{
	free((char *)st->value);
	st->value = value ? xstrdup(value) : NULL;
}

/* setting_settle - the last definition of a name in a scope wins */
void
setting_settle(struct mtaconf *c, enum scope_kind kind)
{
	struct strmap seen = STRMAP_INIT;
	struct buf key = BUF_INIT;
	size_t i;

	for (i = c->nsettings; i-- > 0;) {
		struct setting *st = &c->settings[i];

		if (st->scope != kind)
			continue;
		buf_reset(&key);
		buf_printf(&key, "%d %d %s%c%s", (int)st->scope, st->seq,
		    st->scope_name ? st->scope_name : "", '\001',
		    st->head ? "" : st->name);
		st->effective = strmap_get(&seen, buf_str(&key)) == NULL;
		strmap_put(&seen, buf_str(&key), (void *)1);
	}
	buf_free(&key);
	strmap_free(&seen, NULL);
}

/* scope_match - a setting is in scope KIND, SCOPE_NAME (NULL: any) */
static bool
scope_match(const struct setting *st, enum scope_kind kind,
    const char *scope_name)
{
	return st->scope == kind && (scope_name == NULL ||
	    (st->scope_name && strcmp(st->scope_name, scope_name) == 0));
}

/* setting_get - the effective written definition of NAME in a scope */
const struct setting *
setting_get(const struct mtaconf *c, enum scope_kind kind,
    const char *scope_name, const char *name)
{
	size_t i;

	for (i = c->nsettings; i-- > 0;) {
		const struct setting *st = &c->settings[i];

		if (st->effective && !st->head &&
		    scope_match(st, kind, scope_name) &&
		    strcmp(st->name, name) == 0)
			return st;
	}
	return NULL;
}

/* setting_head - the line that opens a scope */
const struct setting *
setting_head(const struct mtaconf *c, enum scope_kind kind,
    const char *scope_name)
{
	size_t i;

	for (i = c->nsettings; i-- > 0;)
		if (c->settings[i].head && c->settings[i].effective &&
		    scope_match(&c->settings[i], kind, scope_name))
			return &c->settings[i];
	return NULL;
}

/* setting_head_of - the head of a setting's scope (and statement) */
const struct setting *
setting_head_of(const struct mtaconf *c, const struct setting *st)
{
	size_t i = (size_t)(st - c->settings);

	while (i-- > 0) {
		const struct setting *h = &c->settings[i];

		if (h->head && h->seq == st->seq &&
		    scope_match(h, st->scope, st->scope_name))
			return h;
	}
	return NULL;
}

/* setting_next - iterate over the definitions of a scope */
const struct setting *
setting_next(const struct mtaconf *c, enum scope_kind kind,
    const char *scope_name, const struct setting *prev)
{
	size_t i = prev ? (size_t)(prev - c->settings) + 1 : 0;

	for (; i < c->nsettings; i++)
		if (!c->settings[i].head &&
		    scope_match(&c->settings[i], kind, scope_name))
			return &c->settings[i];
	return NULL;
}

/* in_unit - a setting is in listener L's own scope and unit */
static bool
in_unit(const struct setting *st, const struct listener *l)
{
	return st->effective && st->seq == (int)l->unit + 1 &&
	    scope_match(st, l->scope, l->scope_name ? l->scope_name : "");
}

/* listener_head - the head of a listener's scope */
const struct setting *
listener_head(const struct mtaconf *c, const struct listener *l)
{
	size_t i;

	if (l->scope == SCOPE_GLOBAL)
		return NULL;
	for (i = 0; i < c->nsettings; i++)
		if (c->settings[i].head && in_unit(&c->settings[i], l))
			return &c->settings[i];
	return NULL;
}

/* listener_setting - NAME as the listener's own scope sets it */
const struct setting *
listener_setting(const struct mtaconf *c, const struct listener *l,
    const char *name)
{
	size_t i;

	if (l->scope == SCOPE_GLOBAL)
		return NULL;
	for (i = c->nsettings; i-- > 0;) {
		const struct setting *st = &c->settings[i];

		if (!st->head && in_unit(st, l) && strcmp(st->name, name) == 0)
			return st;
	}
	return NULL;
}

/* setting_for - the effective setting for a listener, defaults included */
const struct setting *
setting_for(const struct mtaconf *c, const struct listener *l,
    const char *name)
{
	const struct setting *st;

	if (c->sops && c->sops->get)
		return c->sops->get(c, l, name);
	if (l && (st = listener_setting(c, l, name)) != NULL)
		return st;
	return setting_get(c, SCOPE_GLOBAL, NULL, name);
}

/* setting_value - the effective value, "" when there is none */
const char *
setting_value(const struct mtaconf *c, const struct listener *l,
    const char *name)
{
	const struct setting *st = setting_for(c, l, name);

	if (st == NULL)
		return "";
	return st->value ? st->value : st->raw;
}

/* setting_true - a boolean setting is on */
bool
setting_true(const struct setting *st)
{
	const char *v;

	if (st == NULL)
		return false;
	v = st->value ? st->value : st->raw;
	return str_eq_nocase(v, "yes") || str_eq_nocase(v, "true") ||
	    strcmp(v, "1") == 0;
}

/* setting_ev - the lines that justify a setting, in the reader's words */
void
setting_ev(const struct mtaconf *c, const struct setting *st,
    struct evlist *ev)
{
	if (st == NULL)
		return;
	if (c->sops && c->sops->evidence)
		c->sops->evidence(c, st, ev);
	else if (st->file)
		evlist_add(ev, st->file, st->line, "%s = %.200s", st->name,
		    st->raw);
}
