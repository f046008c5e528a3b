/* SPDX-License-Identifier: MIT */
/*
 * sm_relay.c - every way a Sendmail configuration relays, once for all
 * listeners (mta-semantics.md part C): proto.m4's loopback rule, relay
 * features, class R and access map RELAY entries, certificates,
 * Local_check_rcpt and TRUST_AUTH_MECH.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/psl.h"
#include "parsers/common/access.h"
#include "parsers/sendmail/sm_int.h"

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
	g->origin = ORIGIN_FEATURE;
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

/* feature_source - a grant made by FEATURE(name) at F */
static void
feature_source(struct grant *g, const struct sm_feature *f, const char *name)
{
	char *item = xasprintf("FEATURE(`%s')", name);

	grant_source_set(&g->src, NULL, item, f->file, f->line, item);
	free(item);
}

/*
 * entry_ev - evidence text of an entry; the first entry of a grant made
 * by no feature is its source
 */
static void
entry_ev(struct grant *g, const struct sm_entry *e, bool access)
{
	char *text;

	if (access)
		text = xasprintf("%s%s%s %s", e->tag, *e->tag ? ":" : "",
		    e->key, e->action);
	else
		text = xasprintf("class R: %s", e->key);
	evlist_add(&g->ev, e->file, e->line, "%s", text);
	if (g->src.item == NULL)
		grant_source_set(&g->src, access ? "access" : "class R",
		    access ? text : e->key, e->file, e->line, text);
	free(text);
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
		if (!access_octets(e->key, &p) && !sm_ipv6_prefix(e->key, &p))
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
		d = sm_trimmed(dn->def);
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
	feature_source(g, f, name);
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
			grant_source_set(&g->src, "Local_check_rcpt", s,
			    m->text[i].file, m->text[i].line, s);
			return;
		}
		/* any other rule first: not unconditional */
		in = false;
	}
}

/* sm_trust_ev - evidence of TRUST_AUTH_MECH with every mechanism */
void
sm_trust_ev(const struct sm_conf *sm, struct evlist *ev)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < sm->trust_mech.n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", sm->trust_mech.v[i]);
	evlist_add(ev, sm->trust_file, sm->trust_line, "TRUST_AUTH_MECH(`%s')",
	    buf_str(&b));
	buf_free(&b);
}

/* sm_build_grants - every way to relay, once for all listeners */
void
sm_build_grants(struct sm_reader *rd)
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
				feature_source(g, f, "relay_mail_from");
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

			feature_source(g, f, "relay_entire_domain");
			evlist_add(&g->ev, f->file, f->line,
			    "FEATURE(`relay_entire_domain')");
			sm->entire_domain = sm->nproto;
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
			feature_source(g, f, "access_db");
			evlist_add(&g->ev, f->file, f->line,
			    "FEATURE(`access_db')");
		}
	}
	if ((f = sm_feature(sm, "relay_based_on_MX")) != NULL) {
		struct grant *g = proto(sm, GRANT_DESTINATION, false,
		    "FEATURE(`relay_based_on_MX') (every domain whose MX "
		    "points at this host)");

		g->partial = true;
		g->origin = ORIGIN_MX_BACKUP;
		feature_source(g, f, "relay_based_on_MX");
		evlist_add(&g->ev, f->file, f->line,
		    "FEATURE(`relay_based_on_MX')");
	}
	local_check_rcpt(sm);
	if (sm->trust_mech.n > 0) {
		struct grant *g = proto(sm, GRANT_AUTHENTICATED, false,
		    "TRUST_AUTH_MECH (authenticated clients)");

		sm_trust_ev(sm, &g->ev);
		grant_source_set(&g->src, NULL, "TRUST_AUTH_MECH",
		    sm->trust_file, sm->trust_line, g->ev.v[0].text);
	}
}
