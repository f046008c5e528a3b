/* SPDX-License-Identifier: MIT */
/*
 * exim.c - Exim's own checks, and the Exim variant of the permit before
 * gate check (checks/by_mta.c dispatches), read from the Exim reader's
 * structure (parsers/exim/ex_int.h).
 */
#include <string.h>

#include "checks/checks.h"
#include "parsers/exim/ex_int.h"

/* chk_ex_auth_true - an authenticator whose server_condition is true */
void
chk_ex_auth_true(struct engine *e, struct mtaconf *c)
{
	struct ex_conf *x = c->priv;
	const struct ex_opt *cond;
	struct finding *f;

	if (!x->always_true_auth)
		return;
	cond = ex_driver_opt(x->true_auth, "server_condition");
	f = finding_add(e, "AUT006", c, NULL, cond->src->file, cond->src->line,
	    "authenticator %s accepts every user name and password "
	    "(server_condition = %s)", x->true_auth->name, cond->value);
	ex_line_ev(x, &f->ev, x->true_auth->src);
	ex_line_ev(x, &f->ev, cond->src);
}

/* chk_ex_dkim_sha1 - a transport signs with rsa-sha1 */
void
chk_ex_dkim_sha1(struct engine *e, struct mtaconf *c)
{
	struct ex_conf *x = c->priv;
	size_t i;

	for (i = 0; i < x->ndrivers[EXS_TRANSPORTS]; i++) {
		const struct ex_driver *d = &x->drivers[EXS_TRANSPORTS][i];
		const struct ex_opt *h = ex_driver_opt(d, "dkim_hash");
		const struct ex_opt *k = ex_driver_opt(d, "dkim_private_key");
		struct finding *f;

		if (h == NULL || k == NULL || ex_always_false(k->value) ||
		    strstr(h->value, "sha1") == NULL)
			continue;
		f = finding_add(e, "DKM005", c, NULL, h->src->file, h->src->line,
		    "transport %s signs with dkim_hash = %s", d->name, h->value);
		ex_line_ev(x, &f->ev, h->src);
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
	struct ex_conf *x = c->priv;
	const struct ex_line *at;
	struct finding *f;

	if (x->gate_found)
		return;
	at = x->rcpt_acl ? x->rcpt_acl->src : x->rcpt->src;
	if (x->rcpt_acl)
		f = finding_add(e, "RLY014", c, NULL, at ? at->file : x->main_file,
		    at ? at->line : 0, "ACL %s (acl_smtp_rcpt) has no relay "
		    "gate: what it accepts, it accepts for any domain",
		    x->rcpt_acl->name);
	else
		f = finding_add(e, "RLY014", c, NULL, at ? at->file : x->main_file,
		    at ? at->line : 0, "acl_smtp_rcpt = %s accepts every "
		    "recipient without any relay check", x->rcpt->value);
	ex_opt_ev(x, &f->ev, x->rcpt);
	if (!strangers_relay(c))
		f->sev = SEV_MEDIUM;
}

/* chk_ex_smtps - port 465 without tls_on_connect_ports */
void
chk_ex_smtps(struct engine *e, struct mtaconf *c)
{
	struct ex_conf *x = c->priv;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		struct finding *f;

		if (l->port != 465 || l->tls == TLSM_IMPLICIT)
			continue;
		f = finding_add(e, "TLS007", c, l, l->file, l->line,
		    "%s speaks plain SMTP: 465 is not in tls_on_connect_ports",
		    l->label);
		finding_evidence_list(f, &l->bind_ev);
		ex_opt_ev(x, &f->ev, ex_opt(x, "tls_on_connect_ports"));
	}
}

/* chk_ex_permit_before_gate - an accept ahead of the relay gate */
void
chk_ex_permit_before_gate(struct engine *e, struct mtaconf *c)
{
	struct ex_conf *x = c->priv;
	struct listener *l = first_public(c);
	size_t i;

	if (!x->gate_found || x->gate == NULL || l == NULL)
		return;
	for (i = 0; i < x->nbefore; i++) {
		const struct ex_stmt *st = x->before_gate[i];
		struct finding *f;

		f = finding_add(e, "RLY007", c, NULL, st->src->file,
		    st->src->line, "this %s in ACL %s lets strangers through "
		    "before the relay gate at %s:%d", st->verb,
		    x->rcpt_acl->name, x->gate->src->file, x->gate->src->line);
		ex_line_ev(x, &f->ev, st->src);
		ex_line_ev(x, &f->ev, x->gate->src);
		if (c->delivery.sink)
			f->sev = SEV_INFO;
		finding_fix(f, "move the statement after 'require domains = "
		    "+local_domains : +relay_to_domains', or restrict it to "
		    "+relay_from_hosts or authenticated = *");
	}
}
