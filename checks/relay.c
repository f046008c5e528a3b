/* SPDX-License-Identifier: MIT */
/*
 * relay.c - MTA-neutral relay verdicts read from listener grants.
 */
#include <stdint.h>
#include <string.h>

#include "checks/checks.h"


/* RLY002 severity bounds: IPv4 address counts, log2 of IPv6 counts */
#define PUBLIC_V4_HIGH	(UINT64_C(1) << 16)	/* a /16 */
#define PUBLIC_V4_LOW	(UINT64_C(1) << 8)	/* a /24 */
#define PUBLIC_V6_HIGH	96			/* a /32 */
#define PUBLIC_V6_MEDIUM 80			/* a /48 */

/* public_v4_all - how many public IPv4 addresses there are */
static uint64_t
public_v4_all(void)
{
	static uint64_t all;
	struct addrset s = ADDRSET_INIT;
	struct prefix p;

	if (all == 0) {
		(void)prefix_parse("0.0.0.0/0", &p);
		addrset_add(&s, &p);
		all = addrset_public_v4(&s);
		addrset_free(&s);
	}
	return all;
}

/* open_grant - the grant lets strangers relay to any domain: everyone,
 * a whole TLD or public suffix, or half of public IPv4 and more */
static bool
open_grant(struct grant *g)
{
	if (!g->strangers || g->uncertain)
		return false;
	if (!g->partial)
		return true;
	/* every domain under a TLD or public suffix: an open relay too */
	if (g->kind == GRANT_DESTINATION)
		return true;
	return g->kind == GRANT_NETWORKS && g->nets &&
	    addrset_public_v4(g->nets) * 2 >= public_v4_all();
}

/* at_grant - point a finding at the line to change for a grant */
static void
at_grant(struct finding *f, const struct grant *g)
{
	const char *name, *file;
	int line;

	grant_at(g, &name, &file, &line);
	if (name != NULL)
		finding_setting(f, name, file, line);
}

/* chk_open_relay - strangers can relay through a reachable listener */
void
chk_open_relay(struct engine *e, struct mtaconf *c)
{
	size_t i, j;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		struct buf ways = BUF_INIT;
		struct finding *f;
		size_t n = 0;

		if (!l->reachable)
			continue;
		for (j = 0; j < l->ngrants; j++)
			if (open_grant(&l->grants[j]))
				buf_printf(&ways, "%s%s (%s grant)", n++ ? "; " : "",
				    l->grants[j].what,
				    grant_kind_name(l->grants[j].kind));
		if (n == 0)
			continue;
		if (c->delivery.sink) {
			f = finding_add(e, "RLY004", c, l, l->file, l->line,
			    "%s accepts mail for any domain (%s) but delivers "
			    "remote mail through '%s', which discards it: a mail "
			    "sink, not an open relay", l->label, ways.s,
			    c->delivery.how);
			finding_evidence_list(f, &c->delivery.ev);
		} else
			f = finding_add(e, "RLY001", c, l, l->file, l->line,
			    "strangers can relay through %s: %s%s", l->label,
			    ways.s, c->wont_start ? " (as written, the MTA "
			    "refuses to start: this is what it does once the "
			    "syntax errors are fixed)" : "");
		for (j = 0, n = 0; j < l->ngrants; j++)
			if (open_grant(&l->grants[j])) {
				if (n++ == 0)
					at_grant(f, &l->grants[j]);
				finding_evidence_list(f, &l->grants[j].ev);
			}
		finding_evidence_list(f, &l->bind_ev);
		buf_free(&ways);
	}
}

/* first_public - the first listener reachable beyond loopback */
struct listener *
first_public(struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nlisteners; i++)
		if (c->listeners[i].reachable)
			return &c->listeners[i];
	return NULL;
}

/* each_grant - call fn for every grant of every reachable listener */
void
each_grant(struct engine *e, struct mtaconf *c, grant_fn *fn)
{
	size_t i, j;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];

		if (!l->reachable)
			continue;
		for (j = 0; j < l->ngrants; j++)
			fn(e, c, l, &l->grants[j]);
	}
}

/*
 * public_severity - how many strangers a network grant lets relay, the
 * one rule for every MTA (mtaaudit(1), RLY002): a /16 of public IPv4
 * or a /32 of IPv6 and more (a provider's space) is high; more than a
 * /24 of IPv4, or a /48 of IPv6 (a site), is medium; single hosts and
 * prefixes up to a /24 (partner servers, a web server) are low.  Half
 * of IPv4 or more is an open relay (RLY001, critical).
 */
static enum severity
public_severity(uint64_t v4, int v6_bits)
{
	if (v4 >= PUBLIC_V4_HIGH || v6_bits >= PUBLIC_V6_HIGH)
		return SEV_HIGH;
	if (v4 > PUBLIC_V4_LOW || v6_bits >= PUBLIC_V6_MEDIUM)
		return SEV_MEDIUM;
	return SEV_LOW;
}

/* public_grant - RLY002 for a network grant covering some public space */
static void
public_grant(struct engine *e, struct mtaconf *c, struct listener *l,
    struct grant *g)
{
	struct finding *f;
	uint64_t v4;
	int b6;

	if (g->kind != GRANT_NETWORKS || !g->strangers || open_grant(g) ||
	    g->uncertain || g->nets == NULL)
		return;
	v4 = addrset_public_v4(g->nets);
	b6 = addrset_public_v6_bits(g->nets);
	f = finding_add(e, "RLY002", c, l, l->file, l->line,
	    "%s lets %llu public IPv4 addresses%s relay through %s", g->what,
	    (unsigned long long)v4, b6 >= 0 ? " and public IPv6 space" : "",
	    l->label);
	f->sev = public_severity(v4, b6);
	at_grant(f, g);
	finding_evidence_list(f, &g->ev);
}

/* chk_public_networks - relay trust covers part of public space */
void
chk_public_networks(struct engine *e, struct mtaconf *c)
{
	each_grant(e, c, public_grant);
}

/* implicit_grant - RLY003 for trust derived from mynetworks_style */
static void
implicit_grant(struct engine *e, struct mtaconf *c, struct listener *l,
    struct grant *g)
{
	const char *style = g->style ? g->style : "";
	struct finding *f;

	if (!g->implicit || strcmp(style, "host") == 0)
		return;
	f = finding_add(e, "RLY003", c, l, l->file, l->line,
	    "%s trusts %s this host is attached to, because mynetworks is "
	    "not set and mynetworks_style = %s", g->what,
	    strcmp(style, "class") == 0 ? "every class A/B/C network" :
	    "every subnet", style);
	if (strcmp(style, "class") == 0)
		f->sev = SEV_HIGH;
	at_grant(f, g);
	finding_evidence_list(f, &g->ev);
	finding_fix(f, "mynetworks = 127.0.0.0/8 [::1]/128");
}

/* chk_implicit_networks - relay trust derived from a style or default */
void
chk_implicit_networks(struct engine *e, struct mtaconf *c)
{
	each_grant(e, c, implicit_grant);
}

/* open_listener - some grant already opens the listener for certain */
static bool
open_listener(struct listener *l)
{
	size_t i;

	for (i = 0; i < l->ngrants; i++)
		if (open_grant(&l->grants[i]))
			return true;
	return false;
}

/* unknown_grant - RLY005 for a grant the audit cannot decide */
static void
unknown_grant(struct engine *e, struct mtaconf *c, struct listener *l,
    struct grant *g)
{
	/* client certificates: RLY010 judges the CA; open: RLY001 says it;
	 * AUTH a stranger has not, however uncertain the rest */
	struct finding *f;

	if (!g->uncertain || g->implicit || g->kind == GRANT_CLIENTCERT ||
	    g->kind == GRANT_AUTHENTICATED ||
	    g->origin == ORIGIN_NO_GATE || open_listener(l))
		return;
	f = finding_add(e, "RLY005", c, l, l->file, l->line,
	    "whether %s lets strangers relay through %s is unknown: it is "
	    "decided before the relay gate by something the audit cannot "
	    "evaluate", g->what, l->label);
	at_grant(f, g);
	finding_evidence_list(f, &g->ev);
}

/* chk_relay_unknown - a grant depends on what cannot be read */
void
chk_relay_unknown(struct engine *e, struct mtaconf *c)
{
	each_grant(e, c, unknown_grant);
}

/* has_ev - the grant's evidence already quotes FILE:LINE */
static bool
has_ev(const struct grant *g, const char *file, int line)
{
	size_t i;

	for (i = 0; i < g->ev.n; i++)
		if (g->ev.v[i].file == file && g->ev.v[i].line == line)
			return true;
	return false;
}

/*
 * gate_grant - RLY007 for a permit item or accept statement that lets
 * strangers through, all of them, ahead of the listener's relay gate
 */
static void
gate_grant(struct engine *e, struct mtaconf *c, struct listener *l,
    struct grant *g)
{
	struct finding *f;

	if (g->origin != ORIGIN_ITEM || l->gate.item == NULL ||
	    g->kind == GRANT_NETWORKS || !g->strangers || g->partial ||
	    g->uncertain)
		return;
	f = finding_add(e, "RLY007", c, l, g->src.file, g->src.line,
	    "'%s' permits %s before the relay gate of %s", g->what,
	    g->kind == GRANT_FORGEABLE ? "anyone who forges the value it "
	    "checks" : "every client", l->label);
	if (g->src.list != NULL)
		finding_setting(f, g->src.list, NULL, 0);
	if (c->delivery.sink)
		f->sev = SEV_INFO;
	finding_evidence_list(f, &g->ev);
	if (l->gate.file != NULL && !has_ev(g, l->gate.file, l->gate.line))
		finding_evidence(f, l->gate.file, l->gate.line, "%s",
		    l->gate.text ? l->gate.text : l->gate.item);
	finding_fix(f, "move '%s' after %s", g->what, l->gate.item);
}

/* chk_permit_before_gate - a stranger-granting item precedes the gate */
void
chk_permit_before_gate(struct engine *e, struct mtaconf *c)
{
	each_grant(e, c, gate_grant);
}

/* the fix of RLY009, by enum mta; NULL: the MTA has no such grant */
static const char *const mx_fix[MTA_COUNT] = {
	[MTA_POSTFIX] = "set permit_mx_backup_networks, or list backup "
	    "domains in relay_domains",
	[MTA_SENDMAIL] = "dnl FEATURE(`relay_based_on_MX') -- list the backup "
	    "domains in /etc/mail/relay-domains",
};

/* mx_grant - RLY009 for relaying for whoever points an MX here */
static void
mx_grant(struct engine *e, struct mtaconf *c, struct listener *l,
    struct grant *g)
{
	struct finding *f;

	/* a set: limited to permit_mx_backup_networks */
	if (g->origin != ORIGIN_MX_BACKUP || g->nets != NULL)
		return;
	f = finding_add(e, "RLY009", c, l, g->src.file, g->src.line,
	    "%s relays for every domain whose MX points at this host (%s), "
	    "which the domain's owner, not you, decides", l->label, g->what);
	at_grant(f, g);
	finding_evidence_list(f, &g->ev);
	if (c->mta < MTA_COUNT && mx_fix[c->mta] != NULL)
		finding_fix(f, "%s", mx_fix[c->mta]);
}

/* chk_mx_backup - relaying for whoever points an MX here */
void
chk_mx_backup(struct engine *e, struct mtaconf *c)
{
	each_grant(e, c, mx_grant);
}

/* chk_no_role - a host without inbound mail listens beyond loopback */
void
chk_no_role(struct engine *e, struct mtaconf *c)
{
	size_t i;

	if (c->inbound)
		return;
	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		struct finding *f;

		if (!l->reachable || l->auth)
			continue;
		f = finding_add(e, "EXP001", c, l, l->file, l->line,
		    "%s listens beyond loopback although this host receives "
		    "mail for no domain", l->label);
		finding_evidence_list(f, &l->bind_ev);
		if (c->mta == MTA_EXIM)
			finding_fix(f, "local_interfaces = <; 127.0.0.1 ; ::1 "
			    "(Debian: dc_local_interfaces='127.0.0.1 ; ::1')");
	}
}
