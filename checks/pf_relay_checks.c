/* SPDX-License-Identifier: MIT */
/*
 * pf_relay_checks.c - Postfix-specific relay configuration checks.
 */
#include <string.h>

#include "checks/checks.h"
#include "parsers/postfix/postfix.h"

/* listed_anywhere - an smtpd restriction list of the listener names item */
static const char *
listed_anywhere(const struct mtaconf *c, const struct listener *l,
    const char *item)
{
	static const char *const lists[] = {
		"smtpd_client_restrictions", "smtpd_helo_restrictions",
		"smtpd_sender_restrictions", "smtpd_relay_restrictions",
		"smtpd_recipient_restrictions",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lists); i++)
		if (postfix_list_has(c, l, lists[i], item))
			return lists[i];
	return NULL;
}

/* stranger_grant - some grant of the listener lets strangers relay */
static bool
stranger_grant(const struct listener *l)
{
	size_t i;

	for (i = 0; i < l->ngrants; i++)
		if (l->grants[i].strangers || l->grants[i].uncertain)
			return true;
	return false;
}

/* chk_pf_relay_empty - smtpd_relay_restrictions is empty */
void
chk_pf_relay_empty(struct engine *e, struct mtaconf *c)
{
	size_t i;

	if (pf_version_cmp(c->version, "2.10") < 0)
		return;
	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct setting *st = setting_for(c, l,
		    "smtpd_relay_restrictions");
		struct finding *f;

		if (!l->reachable || *st->value != '\0')
			continue;
		f = finding_add(e, "RLY006", c, l, l->file, l->line,
		    "smtpd_relay_restrictions is empty for %s%s; relay policy "
		    "rests on smtpd_recipient_restrictions alone", l->label,
		    st->src == SRC_DEFAULT ? " (by default)" : "");
		finding_setting(f, st->name, st->file, st->line);
		if (!stranger_grant(l))
			f->sev = SEV_MEDIUM;
		setting_ev(c, st, &f->ev);
		setting_ev(c, setting_for(c, l, "smtpd_recipient_restrictions"),
		    &f->ev);
	}
}

/* chk_pf_defer_gate - the relay gate answers 4xx */
void
chk_pf_defer_gate(struct engine *e, struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct setting *st;
		struct finding *f;

		if (!l->reachable ||
		    !postfix_list_has(c, l, "smtpd_relay_restrictions",
		    "defer_unauth_destination") ||
		    postfix_list_has(c, l, "smtpd_relay_restrictions",
		    "reject_unauth_destination") ||
		    postfix_list_has(c, l, "smtpd_recipient_restrictions",
		    "reject_unauth_destination"))
			continue;
		st = setting_for(c, l, "smtpd_relay_restrictions");
		f = finding_add(e, "RLY008", c, l, l->file, l->line,
		    "relay attempts through %s "
		    "get a temporary error (defer_unauth_destination)%s",
		    l->label, st->src == SRC_DEFAULT ? ", the default at "
		    "compatibility_level >= 1" : "");
		finding_setting(f, st->name, st->file, st->line);
		setting_ev(c, st, &f->ev);
	}
}

/* chk_pf_all_clientcerts - permit_tls_all_clientcerts with public CAs */
void
chk_pf_all_clientcerts(struct engine *e, struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const char *list = listed_anywhere(c, l,
		    "permit_tls_all_clientcerts");
		const char *cafile = setting_value(c, l, "smtpd_tls_CAfile");
		const char *capath = setting_value(c, l, "smtpd_tls_CApath");
		const struct setting *st;
		bool pub;
		struct finding *f;

		if (!l->reachable || list == NULL)
			continue;
		pub = setting_true(setting_for(c, l, "tls_append_default_CA")) ||
		    strstr(cafile, "ca-certificates") != NULL ||
		    strstr(cafile, "ca-bundle") != NULL ||
		    strcmp(capath, "/etc/ssl/certs") == 0 ||
		    strcmp(capath, "/etc/pki/tls/certs") == 0;
		if (!pub)
			continue;
		st = setting_for(c, l, list);
		f = finding_add(e, "RLY010", c, l, st->file, st->line,
		    "%s permits relaying to any "
		    "client certificate signed by a public CA", l->label);
		finding_setting(f, st->name, st->file, st->line);
		setting_ev(c, st, &f->ev);
		setting_ev(c, setting_for(c, l, "tls_append_default_CA"), &f->ev);
		setting_ev(c, setting_for(c, l, "smtpd_tls_CAfile"), &f->ev);
		setting_ev(c, setting_for(c, l, "smtpd_tls_CApath"), &f->ev);
	}
}

/* chk_pf_xclient - XCLIENT or VERP authorised for public space */
void
chk_pf_xclient(struct engine *e, struct mtaconf *c)
{
	static const char *const params[] = {
		"smtpd_authorized_verp_clients",
		"smtpd_authorized_xclient_hosts",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(params); i++) {
		const struct setting *st = setting_for(c, NULL, params[i]);
		struct evlist ev = { 0 };
		enum pf_cover cover;
		struct finding *f;

		/* the VERP default is $mynetworks: RLY001/RLY002 judge that */
		if (st->src == SRC_DEFAULT)
			continue;
		cover = postfix_network_cover(c, params[i], &ev);
		if (cover != PF_COVER_PRIVATE) {
			f = finding_add(e, "RLY011", c, NULL, st->file,
			    st->line, "%s covers %s", params[i],
			    cover == PF_COVER_ALL ? "every client" :
			    "public address space");
			finding_setting(f, st->name, st->file, st->line);
			finding_evidence_list(f, &ev);
		}
		evlist_free(&ev);
	}
}

/* chk_pf_untrusted_routing - allow_untrusted_routing = yes */
void
chk_pf_untrusted_routing(struct engine *e, struct mtaconf *c)
{
	const struct setting *st = setting_for(c, NULL,
	    "allow_untrusted_routing");
	struct finding *f;

	if (!setting_true(st))
		return;
	f = finding_add(e, "RLY012", c, NULL, st->file, st->line,
	    "allow_untrusted_routing = yes relays sender-routed addresses "
	    "from untrusted clients");
	finding_setting(f, st->name, st->file, st->line);
	setting_ev(c, st, &f->ev);
}

/* chk_pf_no_gate - smtpd would refuse to start */
void
chk_pf_no_gate(struct engine *e, struct mtaconf *c)
{
	size_t i, j;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];

		for (j = 0; j < l->ngrants; j++) {
			const char *name, *file;
			struct finding *f;
			int line;

			if (l->grants[j].origin != ORIGIN_NO_GATE)
				continue;
			f = finding_add(e, "RLY013", c, l, l->file, l->line,
			    "neither smtpd_relay_restrictions nor "
			    "smtpd_recipient_restrictions of %s names "
			    "reject_unauth_destination or another gate ahead of "
			    "any bare 'permit'; smtpd refuses to start, so this "
			    "listener is down",
			    l->label);
			grant_at(&l->grants[j], &name, &file, &line);
			finding_setting(f, name, file, line);
			finding_evidence_list(f, &l->grants[j].ev);
		}
	}
}
