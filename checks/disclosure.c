/* SPDX-License-Identifier: MIT */
/*
 * disclosure.c - what the SMTP dialogue tells strangers (Postfix).
 */
#include <string.h>

#include "checks.h"
#include "postfix.h"

/* first_public - the first listener reachable beyond loopback */
static struct listener *
first_public(struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nlisteners; i++)
		if (c->listeners[i].reachable)
			return &c->listeners[i];
	return NULL;
}

/* chk_pf_banner - smtpd_banner shows $mail_version */
void
chk_pf_banner(struct engine *e, struct mtaconf *c)
{
	struct pf_conf *pf = c->priv;
	const struct setting *done = NULL;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct setting *st = pf_get(pf, pf_listener_scope(pf, l),
		    "smtpd_banner");

		if (!l->reachable || st->raw == NULL ||
		    strstr(st->raw, "mail_version") == NULL ||
		    (done && done->file == st->file && done->line == st->line))
			continue;
		done = st;
		pf_setting_ev(&finding_add(e, "DSC001", c, l, st->file, st->line,
		    "the banner of %s shows the Postfix version", l->label)->ev,
		    st);
	}
}

/* chk_pf_vrfy - VRFY left enabled */
void
chk_pf_vrfy(struct engine *e, struct mtaconf *c)
{
	struct pf_conf *pf = c->priv;
	struct listener *l = first_public(c);
	const struct setting *st = pf_get(pf, NULL, "disable_vrfy_command");

	if (l == NULL || pf_bool(pf, NULL, "disable_vrfy_command"))
		return;
	pf_setting_ev(&finding_add(e, "DSC002", c, NULL, st->file, st->line,
	    "VRFY is enabled (disable_vrfy_command = %s)", st->value)->ev, st);
}

/* chk_pf_helo - HELO/EHLO not required on the MX */
void
chk_pf_helo(struct engine *e, struct mtaconf *c)
{
	struct pf_conf *pf = c->priv;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct pf_service *svc = pf_listener_scope(pf, l);
		const struct setting *st = pf_get(pf, svc, "smtpd_helo_required");

		if (!l->reachable || l->role != ROLE_MX ||
		    pf_bool(pf, svc, "smtpd_helo_required"))
			continue;
		pf_setting_ev(&finding_add(e, "DSC003", c, l, st->file, st->line,
		    "%s accepts mail without HELO/EHLO", l->label)->ev, st);
	}
}
