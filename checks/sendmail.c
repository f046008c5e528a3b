/* SPDX-License-Identifier: MIT */
/*
 * sendmail.c - Sendmail's own checks.  They read the model and its
 * layer 1; every fix is the .mc line to write.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "parsers/sendmail/sendmail.h"

/* chk_sm_default_msa - MTA on loopback, default MSA on every address */
void
chk_sm_default_msa(struct engine *e, struct mtaconf *c)
{
	const struct setting *first = NULL;
	struct listener *msa = NULL;
	struct finding *f;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct setting *d = listener_head(c, l);
		bool dflt = d == NULL || d->src == SRC_DEFAULT;

		if (dflt && l->port == 587 && l->reachable)
			msa = l;
		else if (!dflt && l->reachable)
			return;
		else if (!dflt && first == NULL)
			first = d;
	}
	if (msa == NULL || first == NULL)
		return;
	f = finding_add(e, "EXP002", c, msa, first->file, first->line,
	    "DAEMON_OPTIONS keep the MTA on loopback, but the default MSA "
	    "cf.m4 adds (%s) listens on every address", msa->label);
	finding_setting(f, "DAEMON_OPTIONS", first->file, first->line);
	setting_ev(c, first, &f->ev);
	finding_evidence_list(f, &msa->bind_ev);
	finding_fix(f, "FEATURE(`no_default_msa')dnl (or DAEMON_OPTIONS("
	    "`Port=submission, Name=MSA, M=Ea, Addr=127.0.0.1')dnl)");
}

/* chk_sm_weak_sender - accept_unresolvable_domains, ..., M=u */
void
chk_sm_weak_sender(struct engine *e, struct mtaconf *c)
{
	static const char *const feats[] = {
		"accept_unqualified_senders", "accept_unresolvable_domains",
	};
	struct finding *f;
	size_t i;

	if (first_public(c) == NULL)
		return;
	for (i = 0; i < ARRAY_SIZE(feats); i++) {
		const struct setting *ft = setting_get(c, SCOPE_FEATURE, NULL,
		    feats[i]);

		if (ft == NULL)
			continue;
		f = finding_add(e, "HYG008", c, NULL, ft->file, ft->line,
		    "FEATURE(`%s') relaxes the sender address checks",
		    feats[i]);
		finding_setting(f, feats[i], ft->file, ft->line);
		setting_ev(c, ft, &f->ev);
		finding_fix(f, "dnl FEATURE(`%s')", feats[i]);
	}
	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct setting *d = listener_head(c, l);
		const struct setting *m = listener_setting(c, l, "Modifiers");

		if (!l->reachable || d == NULL || m == NULL ||
		    strchr(m->raw, 'u') == NULL)
			continue;
		f = finding_add(e, "HYG008", c, l, d->file, d->line,
		    "%s accepts unqualified addresses (M=u)", l->label);
		finding_setting(f, "DAEMON_OPTIONS", d->file, d->line);
		setting_ev(c, d, &f->ev);
		finding_fix(f, "DAEMON_OPTIONS(`%s') without u in M=", d->raw);
	}
}

/* feature_grant - the forgeable grant a FEATURE line makes, or NULL */
static const struct grant *
feature_grant(const struct mtaconf *c, const struct setting *ft)
{
	size_t i, j;

	for (i = 0; i < c->nlisteners; i++)
		for (j = 0; j < c->listeners[i].ngrants; j++) {
			const struct grant *g = &c->listeners[i].grants[j];

			if (g->kind == GRANT_FORGEABLE &&
			    g->origin == ORIGIN_FEATURE && g->src.file ==
			    ft->file && g->src.line == ft->line)
				return g;
		}
	return NULL;
}

/* chk_sm_forgeable - relay features that trust what the client says */
void
chk_sm_forgeable(struct engine *e, struct mtaconf *c)
{
	static const struct {
		const char	*name;
		const char	*why;
	} feats[] = {
		{ "loose_relay_check", "lets anyone send user%elsewhere@D for "
		    "every relay domain D without checking user@elsewhere: "
		    "D's server may forward it anywhere (the %-hack)" },
		{ "relay_local_from", "relays for anyone who gives a local "
		    "sender address, which is forgeable" },
		{ "relay_mail_from", "relays on the envelope sender (access "
		    "From: RELAY entries), which is forgeable" },
	};
	const struct setting *ft;
	const struct grant *g;
	struct finding *f;
	size_t i;

	if (first_public(c) == NULL)
		return;
	for (i = 0; i < ARRAY_SIZE(feats); i++) {
		ft = setting_get(c, SCOPE_FEATURE, NULL, feats[i].name);

		if (ft == NULL)
			continue;
		f = finding_add(e, "RLY015", c, NULL, ft->file, ft->line,
		    "FEATURE(`%s') %s", feats[i].name, feats[i].why);
		finding_setting(f, feats[i].name, ft->file, ft->line);
		finding_evidence(f, ft->file, ft->line, "FEATURE(`%s')",
		    feats[i].name);
		finding_fix(f, "dnl FEATURE(`%s') -- relay for hosts "
		    "(access Connect: RELAY) or TRUST_AUTH_MECH(`PLAIN LOGIN') "
		    "instead", feats[i].name);
	}
	/* relay_entire_domain with a public-suffix $m: the reader made it a
	 * forgeable grant whose source is the FEATURE line */
	if ((ft = setting_get(c, SCOPE_FEATURE, NULL, "relay_entire_domain")) ==
	    NULL || (g = feature_grant(c, ft)) == NULL)
		return;
	f = finding_add(e, "RLY015", c, NULL, ft->file, ft->line, "%s",
	    g->what);
	finding_setting(f, "relay_entire_domain", ft->file, ft->line);
	finding_evidence_list(f, &g->ev);
	finding_fix(f, "dnl FEATURE(`relay_entire_domain') -- list your "
	    "networks as access Connect: RELAY entries");
}

