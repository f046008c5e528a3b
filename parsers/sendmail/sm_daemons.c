/* SPDX-License-Identifier: MIT */
/*
 * sm_daemons.c - the SMTP daemons, written and those cf.m4 adds, as
 * listeners with their TLS, AUTH and the relay grants they get.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/hostaddr.h"
#include "parsers/common/listen.h"
#include "parsers/sendmail/sm_int.h"

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

	sm_split_words(list, &w);
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
		sm_trust_ev(sm, &l->auth_ev);
	l->auth = (mech || sm->trust_mech.n > 0) && !has_mod(d, 'A');
	if (has_mod(d, 'A') || has_mod(d, 'a'))
		evlist_add(&l->auth_ev, d->file, d->line, "DAEMON_OPTIONS(`%s')",
		    d->raw ? d->raw : "");
	mechs = mech ? mech->def :
	    "EXTERNAL GSSAPI KERBEROS_V4 DIGEST-MD5 CRAM-MD5";
	/* M=s speaks TLS from the first byte: AUTH is never in clear */
	l->auth_tls_only = l->tls == TLSM_IMPLICIT ||
	    (opt && strchr(opt->def, 'p')) ||
	    (!has_word_ci(mechs, "PLAIN") && !has_word_ci(mechs, "LOGIN"));
	l->auth_anonymous = !(opt && strchr(opt->def, 'y')) &&
	    has_word_ci(mechs, "ANONYMOUS");
}

/* loopback_addr - an address only this host reaches */
static bool
loopback_addr(const char *a)
{
	return hostaddr_loopback(a) || strcasecmp(a, "IPv6:::1") == 0;
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
	char num[16];

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
	l->role = listen_role(l->port);
	snprintf(num, sizeof(num), "%d", d->port);
	l->label = listen_label(d->name, l->addr, num);
	l->file = d->file;
	l->line = d->line;
	l->unit = (size_t)(d - sm->daemons);
	l->scope = SCOPE_DAEMON;
	l->scope_name = xstrdup(d->name);
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

/* sm_build_listeners - the daemons, explicit and default, as listeners */
void
sm_build_listeners(struct sm_reader *rd)
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
