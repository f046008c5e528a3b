/* SPDX-License-Identifier: MIT */
/*
 * disclosure.c - what the SMTP dialogue tells strangers: the Postfix
 * variants of the disclosure checks (checks/by_mta.c dispatches).
 */
#include <string.h>

#include "checks/checks.h"
#include "parsers/postfix/postfix.h"

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
		struct finding *f;

		if (!l->reachable || st->raw == NULL ||
		    strstr(st->raw, "mail_version") == NULL ||
		    (done && done->file == st->file && done->line == st->line))
			continue;
		done = st;
			f = finding_add(e, "DSC001", c, l, st->file, st->line,
		    "the banner of %s shows the Postfix version", l->label);
		pf_setting_ev(&f->ev, st);
		finding_fix(f, "smtpd_banner = $myhostname ESMTP");
	}
}

/* chk_pf_vrfy - VRFY left enabled */
void
chk_pf_vrfy(struct engine *e, struct mtaconf *c)
{
	struct pf_conf *pf = c->priv;
	struct listener *l = first_public(c);
	const struct setting *st = pf_get(pf, NULL, "disable_vrfy_command");
	struct finding *f;

	if (l == NULL || pf_bool(pf, NULL, "disable_vrfy_command"))
		return;
	f = finding_add(e, "DSC002", c, NULL, st->file, st->line,
	    "VRFY is enabled (disable_vrfy_command = %s)", st->value);
	pf_setting_ev(&f->ev, st);
	finding_fix(f, "disable_vrfy_command = yes");
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
		struct finding *f;

		if (!l->reachable || l->role != ROLE_MX ||
		    pf_bool(pf, svc, "smtpd_helo_required"))
			continue;
		f = finding_add(e, "DSC003", c, l, st->file, st->line,
		    "%s accepts mail without HELO/EHLO", l->label);
		pf_setting_ev(&f->ev, st);
		finding_fix(f, "smtpd_helo_required = yes");
	}
}
