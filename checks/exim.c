/* SPDX-License-Identifier: MIT */
/*
 * exim.c - Exim's own checks, read from the model and its layer 1.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "parsers/exim/exim.h"

/* name_scoped - name a driver's setting DRIVER/OPTION in a finding and
 * point at its line */
static void
name_scoped(struct finding *f, const struct setting *st)
{
	char *name = xasprintf("%s/%s", st->scope_name, st->name);

	finding_setting(f, name, st->file, st->line);
	free(name);
}

/* chk_ex_auth_true - an authenticator whose server_condition is true */
void
chk_ex_auth_true(struct engine *e, struct mtaconf *c)
{
	const char *name = exim_true_authenticator(c);
	const struct setting *cond;
	struct finding *f;

	if (name == NULL || (cond = setting_get(c, SCOPE_AUTHENTICATOR, name,
	    "server_condition")) == NULL)
		return;
	f = finding_add(e, "AUT006", c, NULL, cond->file, cond->line,
	    "authenticator %s accepts every user name and password "
	    "(server_condition = %s)", name, cond->value);
	name_scoped(f, cond);
	setting_ev(c, setting_head(c, SCOPE_AUTHENTICATOR, name), &f->ev);
	setting_ev(c, cond, &f->ev);
}

/* chk_ex_dkim_sha1 - a transport signs with rsa-sha1 */
void
chk_ex_dkim_sha1(struct engine *e, struct mtaconf *c)
{
	const struct setting *h = NULL, *k;
	struct finding *f;

	while ((h = setting_next(c, SCOPE_TRANSPORT, NULL, h)) != NULL) {
		if (!h->effective || strcmp(h->name, "dkim_hash") != 0 ||
		    strstr(h->value, "sha1") == NULL ||
		    (k = setting_get(c, SCOPE_TRANSPORT, h->scope_name,
		    "dkim_private_key")) == NULL ||
		    exim_always_false(k->value))
			continue;
		f = finding_add(e, "DKM005", c, NULL, h->file, h->line,
		    "transport %s signs with dkim_hash = %s", h->scope_name,
		    h->value);
		name_scoped(f, h);
		setting_ev(c, h, &f->ev);
		finding_fix(f, "dkim_hash = sha256");
	}
}

/* strangers_relay - some grant lets strangers relay (certainly or not) */
static bool
strangers_relay(struct mtaconf *c)
{
	size_t i, j;

	for (i = 0; i < c->nlisteners; i++)
		for (j = 0; c->listeners[i].reachable &&
		    j < c->listeners[i].ngrants; j++)
			if (c->listeners[i].grants[j].strangers)
				return true;
	return false;
}

/* chk_ex_no_gate - the RCPT ACL never refuses remote domains */
void
chk_ex_no_gate(struct engine *e, struct mtaconf *c)
{
	const struct setting *rcpt = setting_for(c, NULL, "acl_smtp_rcpt");
	const struct setting *acl;
	struct finding *f;

	if (!c->ungated || rcpt == NULL)
		return;
	acl = setting_head(c, SCOPE_ACL, rcpt->value);
	if (acl != NULL)
		f = finding_add(e, "RLY014", c, NULL, acl->file, acl->line,
		    "ACL %s (acl_smtp_rcpt) has no relay gate: what it "
		    "accepts, it accepts for any domain", rcpt->value);
	else
		f = finding_add(e, "RLY014", c, NULL, rcpt->file, rcpt->line,
		    "acl_smtp_rcpt = %s accepts every recipient without any "
		    "relay check", rcpt->value);
	setting_ev(c, rcpt, &f->ev);
	if (!strangers_relay(c))
		f->sev = SEV_MEDIUM;
}

/* chk_ex_smtps - port 465 without tls_on_connect_ports */
void
chk_ex_smtps(struct engine *e, struct mtaconf *c)
{
	const struct setting *st = setting_for(c, NULL, "tls_on_connect_ports");
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		struct finding *f;

		if (l->port != 465 || l->tls == TLSM_IMPLICIT)
			continue;
		f = finding_add(e, "TLS007", c, l, l->file, l->line,
		    "%s speaks plain SMTP: 465 is not in tls_on_connect_ports",
		    l->label);
		finding_setting(f, "tls_on_connect_ports", st ? st->file : NULL,
		    st ? st->line : 0);
		finding_evidence_list(f, &l->bind_ev);
		setting_ev(c, st, &f->ev);
	}
}
