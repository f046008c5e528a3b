/* SPDX-License-Identifier: MIT */
/*
 * model.c - constructors and destructors of the common model.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/model.h"

static const char *const mta_names[MTA_COUNT] = {
	[MTA_POSTFIX] = "postfix",
	[MTA_EXIM] = "exim",
	[MTA_SENDMAIL] = "sendmail",
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

/* mta_name - the lower-case name used in output */
const char *
mta_name(enum mta m)
{
	return m < MTA_COUNT ? mta_names[m] : "unknown";
}

/* grant_kind_name - the name of a grant kind used in output */
const char *
grant_kind_name(enum grant_kind k)
{
	return k <= GRANT_UNKNOWN ? grant_names[k] : "unknown";
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

/* model_init - an empty model for ROOT */
void
model_init(struct model *m, const char *root)
{
	memset(m, 0, sizeof(*m));
	m->root = root;
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
	for (i = 0; i < l->ngrants; i++) {
		free(l->grants[i].what);
		free(l->grants[i].style);
		evlist_free(&l->grants[i].ev);
	}
	free(l->grants);
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
	g->item = from->item;
	g->what = xstrdup(from->what);
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
