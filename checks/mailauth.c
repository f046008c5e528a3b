/* SPDX-License-Identifier: MIT */
/*
 * mailauth.c - SPF, DKIM and DMARC wiring checks (MTA-neutral).
 */
#include <string.h>

#include "checks/checks.h"

/* public_mx - the first reachable listener in the MX role, or NULL */
static struct listener *
public_mx(struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nlisteners; i++)
		if (c->listeners[i].reachable &&
		    c->listeners[i].role == ROLE_MX)
			return &c->listeners[i];
	return NULL;
}

/* what is missing, and the fix, per function and MTA (enum mta order) */
enum fn { FN_SPF, FN_DKIM_VERIFY, FN_DMARC, FN_DKIM_SIGN, FN_COUNT };

static const struct wording {
	const char	*why;		/* after "nothing X it: " */
	const char	*fix;		/* NULL: the registry's */
} wording[FN_COUNT][MTA_COUNT] = {
	[FN_SPF] = {
		{ "no milter or policy service for it is configured", NULL },
		{ "no ACL statement has an spf condition",
		  "Add \"deny spf = fail\" to the RCPT ACL (Exim built with "
		  "SPF, as Debian's exim4-daemon-heavy), or use rspamd." },
		{ "no SPF milter (INPUT_MAIL_FILTER) is configured",
		  "Add an SPF milter (spf-milter, rspamd) with "
		  "INPUT_MAIL_FILTER." },
	},
	[FN_DKIM_VERIFY] = {
		{ "no milter or policy service for it is configured", NULL },
		{ "an ACL turns Exim's built-in verification off for every "
		  "message (control = dkim_disable_verify)",
		  "Drop the unconditional control = dkim_disable_verify and "
		  "act on $dkim_verify_status in the DKIM or DATA ACL." },
		{ "no DKIM milter (INPUT_MAIL_FILTER) is configured",
		  "Add OpenDKIM or rspamd with INPUT_MAIL_FILTER." },
	},
	[FN_DMARC] = {
		{ "no milter or policy service for it is configured", NULL },
		{ "dmarc_tld_file is unset or no ACL tests dmarc_status",
		  "Set dmarc_tld_file and deny on dmarc_status = reject in "
		  "the DATA ACL (Exim built with DMARC), or use rspamd." },
		{ "no DMARC milter (INPUT_MAIL_FILTER) is configured",
		  "Add OpenDMARC (after OpenDKIM) with INPUT_MAIL_FILTER." },
	},
	[FN_DKIM_SIGN] = {
		{ "no signing milter is configured and mail is not handed to "
		  "a relay host", NULL },
		{ "no smtp transport sets dkim_domain and dkim_private_key, "
		  "and mail is not handed to a smarthost",
		  "Set dkim_domain, dkim_selector and dkim_private_key on the "
		  "remote_smtp transport (Debian: DKIM_DOMAIN, DKIM_SELECTOR, "
		  "DKIM_PRIVATE_KEY)." },
		{ "no signing milter (INPUT_MAIL_FILTER) is configured and "
		  "mail is not handed to a SMART_HOST", NULL },
	},
};

/* say - the MTA's wording of what is missing, and its fix */
static void
say(struct finding *f, const struct mtaconf *c, enum fn fn)
{
	const struct wording *w = &wording[fn][c->mta];

	if (w->fix != NULL)
		finding_fix(f, "%s", w->fix);
}

/* missing - report an inbound function that is not wired */
static void
missing(struct engine *e, struct mtaconf *c, const char *id,
    const struct mailauth *a, const char *what, enum fn fn)
{
	struct listener *mx = public_mx(c);
	struct finding *f;

	if (a->wired || !c->inbound || mx == NULL)
		return;
	f = finding_add(e, id, c, mx, mx->file, mx->line,
	    "%s receives mail but nothing %s it: %s", mx->label, what,
	    wording[fn][c->mta].why);
	say(f, c, fn);
}

/* chk_no_spf - inbound mail without SPF verification */
void
chk_no_spf(struct engine *e, struct mtaconf *c)
{
	missing(e, c, "SPF001", &c->spf, "SPF-checks", FN_SPF);
}

/* chk_no_dkim_verify - inbound mail without DKIM verification */
void
chk_no_dkim_verify(struct engine *e, struct mtaconf *c)
{
	missing(e, c, "DKM002", &c->dkim_verify, "DKIM-verifies",
	    FN_DKIM_VERIFY);
}

/* chk_no_dmarc - inbound mail without DMARC evaluation */
void
chk_no_dmarc(struct engine *e, struct mtaconf *c)
{
	missing(e, c, "DMC001", &c->dmarc, "DMARC-checks", FN_DMARC);
}

/* chk_no_dkim_sign - outgoing mail not signed (unless a smarthost signs,
 * or no mail leaves the host) */
void
chk_no_dkim_sign(struct engine *e, struct mtaconf *c)
{
	struct finding *f;

	if (c->dkim_sign.wired || c->smarthost || c->local_only ||
	    c->nlisteners == 0)
		return;
	f = finding_add(e, "DKM001", c, NULL, NULL, 0,
	    "outgoing mail is not DKIM-signed: %s",
	    wording[FN_DKIM_SIGN][c->mta].why);
	say(f, c, FN_DKIM_SIGN);
}

/* chk_milter_fail_open - an authentication milter fails open */
void
chk_milter_fail_open(struct engine *e, struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nmilters; i++) {
		struct milter *m = &c->milters[i];
		struct finding *f;

		if (!m->fail_open || m->does == 0)
			continue;
		f = finding_add(e, "DKM003", c, NULL, m->file, m->line,
		    "mail passes unchecked when milter %s (%s) is down",
		    m->socket, m->product);
		finding_evidence_list(f, &m->ev);
	}
}

/* chk_milter_mismatch - the milter listens elsewhere */
void
chk_milter_mismatch(struct engine *e, struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nmilters; i++) {
		struct milter *m = &c->milters[i];
		struct finding *f;

		if (!m->peer_known || m->peer_agrees)
			continue;
		f = finding_add(e, "DKM004", c, NULL, m->file, m->line,
		    "%s connects to milter %s but %s listens on %s",
		    mta_name(c->mta), m->socket, m->product, m->peer_socket);
		finding_evidence_list(f, &m->ev);
		finding_evidence(f, m->peer_file, m->peer_line, "Socket %s",
		    m->peer_socket);
	}
}
