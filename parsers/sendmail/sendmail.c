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
	sm_reader_init(&rd, sm, dir);
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
