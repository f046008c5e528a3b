/* SPDX-License-Identifier: MIT */
/*
 * mailauth.c - SPF, DKIM and DMARC wiring checks (MTA-neutral).
 */
#include <string.h>

#include "checks.h"

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

/* missing - report an inbound function that is not wired */
static void
missing(struct engine *e, struct mtaconf *c, const char *id,
    const struct mailauth *a, const char *what)
{
	struct listener *mx = public_mx(c);

	if (a->wired || !c->inbound || mx == NULL)
		return;
	finding_add(e, id, c, mx, mx->file, mx->line,
	    "%s receives mail but nothing %s it: no milter or policy "
	    "service for it is configured", mx->label, what);
}

/* chk_no_spf - inbound mail without SPF verification */
void
chk_no_spf(struct engine *e, struct mtaconf *c)
{
	missing(e, c, "SPF001", &c->spf, "SPF-checks");
}

/* chk_no_dkim_verify - inbound mail without DKIM verification */
void
chk_no_dkim_verify(struct engine *e, struct mtaconf *c)
{
	missing(e, c, "DKM002", &c->dkim_verify, "DKIM-verifies");
}

/* chk_no_dmarc - inbound mail without DMARC evaluation */
void
chk_no_dmarc(struct engine *e, struct mtaconf *c)
{
	missing(e, c, "DMC001", &c->dmarc, "DMARC-checks");
}

/* chk_no_dkim_sign - outgoing mail not signed (unless a smarthost signs) */
void
chk_no_dkim_sign(struct engine *e, struct mtaconf *c)
{
	if (c->dkim_sign.wired || c->smarthost || c->nlisteners == 0)
		return;
	finding_add(e, "DKM001", c, NULL, NULL, 0,
	    "outgoing mail is not DKIM-signed: no signing milter is "
	    "configured and mail is not handed to a relay host");
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
