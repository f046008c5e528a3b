/* SPDX-License-Identifier: MIT */
/*
 * auth.c - SMTP AUTH checks: cleartext, anonymous, submission, sender
 * login mismatch, remote SASL backends.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "lib/hostaddr.h"
#include "parsers/postfix/postfix.h"

/* chk_auth_cleartext - AUTH offered without TLS or before STARTTLS */
void
chk_auth_cleartext(struct engine *e, struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		struct finding *f;

		if (!l->auth || !l->reachable || l->auth_tls_only)
			continue;
		if (l->tls == TLSM_NONE || !l->tls_cert) {
			f = finding_add(e, "AUT001", c, l, l->file, l->line,
			    "%s offers AUTH and has no working TLS: passwords "
			    "always cross the network in clear", l->label);
			f->sev = SEV_CRITICAL;
		} else
			f = finding_add(e, "AUT001", c, l, l->file, l->line,
			    "%s offers AUTH before STARTTLS: clients may send "
			    "passwords in clear", l->label);
		finding_evidence_list(f, &l->auth_ev);
		finding_evidence_list(f, &l->tls_ev);
		if (c->mta == MTA_EXIM)
			finding_fix(f, "server_advertise_condition = "
			    "${if def:tls_in_cipher} on PLAIN and LOGIN "
			    "authenticators (Debian: do not define "
			    "AUTH_SERVER_ALLOW_NOTLS_PASSWORDS)");
	}
}

/* chk_auth_anonymous - anonymous SASL mechanisms allowed */
void
chk_auth_anonymous(struct engine *e, struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		struct finding *f;

		if (!l->auth || !l->auth_anonymous || !l->reachable)
			continue;
		f = finding_add(e, "AUT002", c, l, l->file, l->line,
		    "%s allows anonymous SASL logins", l->label);
		finding_evidence_list(f, &l->auth_ev);
	}
}

/* chk_no_submission - AUTH on the MX port and no submission listener */
void
chk_no_submission(struct engine *e, struct mtaconf *c)
{
	struct listener *mx = NULL;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];

		if (l->role == ROLE_SUBMISSION || l->role == ROLE_SUBMISSIONS)
			return;
		if (l->role == ROLE_MX && l->auth && l->reachable && !mx)
			mx = l;
	}
	if (mx)
		finding_evidence_list(finding_add(e, "AUT003", c, mx, mx->file,
		    mx->line, "%s offers AUTH and there is no submission "
		    "(587) or submissions (465) service", mx->label),
		    &mx->auth_ev);
}

/* chk_pf_sender_login - AUTH without a sender-login check */
void
chk_pf_sender_login(struct engine *e, struct mtaconf *c)
{
	static const char *const items[] = {
		"reject_authenticated_sender_login_mismatch",
		"reject_known_sender_login_mismatch",
		"reject_sender_login_mismatch",
		"reject_unauthenticated_sender_login_mismatch",
	};
	static const char *const lists[] = {
		"smtpd_client_restrictions", "smtpd_helo_restrictions",
		"smtpd_sender_restrictions", "smtpd_relay_restrictions",
		"smtpd_recipient_restrictions",
	};
	size_t i, j, k;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct setting *st;
		bool found = false;
		struct finding *f;

		if (!l->auth || !l->reachable)
			continue;
		for (j = 0; j < ARRAY_SIZE(lists) && !found; j++)
			for (k = 0; k < ARRAY_SIZE(items) && !found; k++)
				found = postfix_list_has(c, l, lists[j],
				    items[k]);
		if (found)
			continue;
		f = finding_add(e, "AUT004", c, l, l->file, l->line,
		    "%s lets authenticated users send as any address: no "
		    "reject_sender_login_mismatch", l->label);
		st = setting_for(c, l, "smtpd_sender_restrictions");
		finding_setting(f, st->name, st->file, st->line);
		setting_ev(c, st, &f->ev);
		setting_ev(c, setting_for(c, l, "smtpd_sender_login_maps"),
		    &f->ev);
	}
}

/* chk_pf_sasl_remote - the SASL backend is reached over the network */
void
chk_pf_sasl_remote(struct engine *e, struct mtaconf *c)
{
	const struct setting *done = NULL;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct setting *st = setting_for(c, l, "smtpd_sasl_path");
		char *host, *port;
		struct finding *f;
		bool local;

		if (!l->auth || !str_starts(st->value, "inet:") ||
		    (done && done->file == st->file && done->line == st->line))
			continue;
		done = st;
		/* Postfix connects to localhost when inet: names no host */
		hostaddr_split(st->value + 5, &host, &port);
		local = host == NULL || hostaddr_loopback(host);
		free(host);
		free(port);
		if (local)
			continue;
		f = finding_add(e, "AUT005", c, NULL, st->file, st->line,
		    "SMTP AUTH passwords are checked at %s over the network",
		    st->value);
		finding_setting(f, st->name, st->file, st->line);
		setting_ev(c, st, &f->ev);
	}
}
