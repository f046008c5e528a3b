/* SPDX-License-Identifier: MIT */
/*
 * tls.c - inbound and outbound TLS checks.
 */
#include <string.h>

#include "checks/checks.h"
#include "parsers/postfix/postfix.h"

/* TLS protocol versions in order, as Postfix names them */
static const char *const protos[] = {
	"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3",
};

/* the setting that names a listener's certificate, per MTA */
static const char *const cert_setting[MTA_COUNT] = {
	[MTA_POSTFIX] = "smtpd_tls_cert_file",
	[MTA_EXIM] = "tls_certificate",
	[MTA_SENDMAIL] = "confSERVER_CERT",
};

/* name_setting - name the setting NAME (if any) that a finding is about */
static void
name_setting(struct finding *f, const struct mtaconf *c,
    const struct listener *l, const char *name)
{
	const struct setting *st;

	if (name == NULL)
		return;
	st = setting_for(c, l, name);
	finding_setting(f, name, st ? st->file : NULL, st ? st->line : 0);
}

/* chk_no_inbound_tls - a reachable listener without TLS */
void
chk_no_inbound_tls(struct engine *e, struct mtaconf *c)
{
	struct finding *f;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];

		if (!l->reachable || l->tls != TLSM_NONE)
			continue;
		f = finding_add(e, "TLS001", c, l, l->file, l->line,
		    "%s offers no TLS", l->label);
		finding_evidence_list(f, &l->tls_ev);
		if (c->mta == MTA_EXIM)
			finding_fix(f, "tls_advertise_hosts = * with "
			    "tls_certificate and tls_privatekey (Debian: "
			    "MAIN_TLS_ENABLE = yes)");
	}
}

/* chk_tls_no_cert - TLS on without a certificate */
void
chk_tls_no_cert(struct engine *e, struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		struct finding *f;

		if (l->tls == TLSM_NONE || l->tls_cert)
			continue;
		if (c->mta == MTA_EXIM) {
			/* Exim 4.88+ makes up a self-signed certificate */
			f = finding_add(e, "TLS005", c, l, l->file, l->line,
			    "%s offers TLS with no tls_certificate: Exim uses "
			    "a self-signed certificate it generates at start",
			    l->label);
			f->sev = l->role == ROLE_MX ? SEV_MEDIUM : SEV_HIGH;
			finding_fix(f, "tls_certificate = /etc/exim4/exim.crt "
			    "and tls_privatekey = /etc/exim4/exim.key (Debian: "
			    "MAIN_TLS_ENABLE = yes)");
		} else
			f = finding_add(e, "TLS005", c, l, l->file, l->line,
			    "%s enables TLS but names no certificate; %s",
			    l->label, l->tls == TLSM_OPTIONAL ?
			    "TLS is turned off" : "clients cannot complete a "
			    "TLS handshake");
		name_setting(f, c, l, cert_setting[c->mta]);
		finding_evidence_list(f, &l->tls_ev);
	}
}

/* chk_tls_required_mx - STARTTLS required on port 25 */
void
chk_tls_required_mx(struct engine *e, struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];

		struct finding *f;

		if (!l->reachable || l->role != ROLE_MX || l->tls != TLSM_REQUIRED)
			continue;
		f = finding_add(e, "TLS003", c, l, l->file, l->line,
		    "%s requires STARTTLS on the public MX port", l->label);
		if (c->mta == MTA_POSTFIX)
			name_setting(f, c, l, "smtpd_tls_security_level");
		finding_evidence_list(f, &l->tls_ev);
	}
}

/* chk_tls_snakeoil - the self-signed Debian placeholder certificate */
void
chk_tls_snakeoil(struct engine *e, struct mtaconf *c)
{
	struct finding *f;
	size_t i;

	if (c->mta != MTA_POSTFIX)
		return;
	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct setting *st = setting_for(c, l,
		    "smtpd_tls_cert_file");

		if (!l->reachable || l->tls == TLSM_NONE || st == NULL ||
		    strstr(setting_value(c, l, st->name), "snakeoil") == NULL ||
		    *setting_value(c, l, "smtpd_tls_chain_files") != '\0')
			continue;
		f = finding_add(e, "TLS006", c, l, st->file, st->line,
		    "%s uses the self-signed snakeoil certificate%s", l->label,
		    l->role == ROLE_MX ? "" : " on a submission service");
		finding_setting(f, st->name, st->file, st->line);
		setting_ev(c, st, &f->ev);
	}
}

/* proto_floor - lowest protocol a Postfix protocol list allows (index) */
static size_t
proto_floor(const char *list)
{
	struct strvec v = STRVEC_INIT;
	bool excluded[ARRAY_SIZE(protos)] = { false };
	size_t i, j, floor = 0, lowest_inc = ARRAY_SIZE(protos);

	pf_split_list(list, &v);
	for (i = 0; i < v.n; i++) {
		const char *it = v.v[i];
		bool neg = it[0] == '!', ge = str_starts(it, ">=");

		it += neg ? 1 : ge ? 2 : 0;
		for (j = 0; j < ARRAY_SIZE(protos); j++) {
			if (!str_eq_nocase(it, protos[j]))
				continue;
			if (neg)
				excluded[j] = true;
			else if (ge && j > floor)
				floor = j;
			else if (!ge && j < lowest_inc)
				lowest_inc = j;
		}
	}
	strvec_free(&v);
	if (lowest_inc < ARRAY_SIZE(protos) && lowest_inc > floor)
		floor = lowest_inc;
	while (floor < ARRAY_SIZE(protos) - 1 && excluded[floor])
		floor++;
	return floor;
}

/* weak_ciphers - a cipher grade of export, low or null */
static bool
weak_ciphers(const char *grade)
{
	return str_eq_nocase(grade, "export") || str_eq_nocase(grade, "low") ||
	    str_eq_nocase(grade, "null");
}

/* chk_pf_weak_tls - protocols below the floor or weak cipher grades */
void
chk_pf_weak_tls(struct engine *e, struct mtaconf *c)
{
	struct pf_conf *pf = c->priv;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct pf_service *svc = pf_listener_scope(pf, l);
		bool mand = l->tls == TLSM_REQUIRED || l->tls == TLSM_IMPLICIT;
		const struct setting *pr = pf_get(pf, svc, mand ?
		    "smtpd_tls_mandatory_protocols" : "smtpd_tls_protocols");
		const struct setting *ci = pf_get(pf, svc, mand ?
		    "smtpd_tls_mandatory_ciphers" : "smtpd_tls_ciphers");
		size_t fl;
		struct finding *f;

		if (!l->reachable || l->tls == TLSM_NONE)
			continue;
		fl = proto_floor(pr->value);
		if (fl <= 1 || ((l->role == ROLE_SUBMISSION ||
		    l->role == ROLE_SUBMISSIONS) && fl < 4)) {
			f = finding_add(e, "TLS002", c, l, pr->file ? pr->file :
			    l->file, pr->file ? pr->line : l->line,
			    "%s allows %s", l->label, protos[fl]);
			if (fl > 1)
				f->sev = SEV_MEDIUM;
			pf_setting_ev(&f->ev, pr);
			finding_fix(f, "%s = >=TLSv1.2", pr->name);
		}
		if (weak_ciphers(ci->value)) {
			f = finding_add(e, "TLS002", c, l, ci->file ? ci->file :
			    l->file, ci->file ? ci->line : l->line,
			    "%s allows '%s' cipher grade", l->label, ci->value);
			pf_setting_ev(&f->ev, ci);
			finding_fix(f, "%s = %s", ci->name, mand ? "high" :
			    "medium");
		}
	}
}

/* chk_pf_outbound_tls - the SMTP client never tries TLS */
void
chk_pf_outbound_tls(struct engine *e, struct mtaconf *c)
{
	struct pf_conf *pf = c->priv;
	const struct setting *st = pf_get(pf, NULL, "smtp_tls_security_level");
	struct finding *f;

	if ((*st->value != '\0' && strcmp(st->value, "none") != 0) ||
	    (*st->value == '\0' && (pf_bool(pf, NULL, "smtp_use_tls") ||
	    pf_bool(pf, NULL, "smtp_enforce_tls"))))
		return;
	f = finding_add(e, "TLS004", c, NULL, st->file, st->line,
	    "outgoing mail is sent without TLS (smtp_tls_security_level = "
	    "'%s')", st->value);
	pf_setting_ev(&f->ev, st);
}
