/* SPDX-License-Identifier: MIT */
/*
 * tls.c - inbound and outbound TLS checks.
 */
#include <string.h>

#include "checks/checks.h"
#include "parsers/postfix/postfix.h"

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

static const struct fact_fix proto_fix[] = {
	{ MTA_POSTFIX, NULL, FIXARG_SETTING, "%s = >=TLSv1.2" },
	{ MTA_EXIM, "openssl_options", FIXARG_SETTING, "openssl_options = "
	    "+no_sslv2 +no_sslv3 +no_tlsv1 +no_tlsv1_1" },
	{ MTA_EXIM, NULL, FIXARG_SETTING, "tls_require_ciphers = "
	    "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1 (GnuTLS)" },
	{ MTA_SENDMAIL, NULL, FIXARG_SETTING, "define(`confSERVER_SSL_OPTIONS', "
	    "`+SSL_OP_NO_SSLv2 +SSL_OP_NO_SSLv3 +SSL_OP_NO_TLSv1 "
	    "+SSL_OP_NO_TLSv1_1 +SSL_OP_CIPHER_SERVER_PREFERENCE')dnl" },
};

static const struct fact_fix cipher_fix[] = {
	{ MTA_POSTFIX, "smtpd_tls_mandatory_ciphers", FIXARG_SETTING,
	    "%s = high" },
	{ MTA_POSTFIX, NULL, FIXARG_SETTING, "%s = medium" },
	{ MTA_EXIM, NULL, FIXARG_SETTING, "tls_require_ciphers = "
	    "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1 (GnuTLS)" },
	{ MTA_SENDMAIL, NULL, FIXARG_SETTING, "define(`confCIPHER_LIST', "
	    "`HIGH:!aNULL:!eNULL:!EXPORT:!LOW:!RC4:!MD5')dnl" },
};

static const struct fact_fix outbound_fix[] = {
	{ MTA_EXIM, NULL, FIXARG_NAME, "Remove hosts_avoid_tls from %s "
	    "(Exim tries STARTTLS whenever it is offered)." },
	{ MTA_SENDMAIL, NULL, FIXARG_NAME, "Drop S from the M= modifiers of "
	    "%s (sendmail tries STARTTLS whenever it is offered)." },
};

/*
 * floor_severity - how bad L's protocol floor is: SSLv2/SSLv3 anywhere
 * high, below TLS 1.2 on a submission port medium; SEV_COUNT: fine
 */
static enum severity
floor_severity(const struct listener *l)
{
	enum tls_version fl = l->facts.tls_floor;

	if (fl <= TLSV_SSL3)
		return SEV_HIGH;
	if ((l->role == ROLE_SUBMISSION || l->role == ROLE_SUBMISSIONS) &&
	    fl < TLSV_1_2)
		return SEV_MEDIUM;
	return SEV_COUNT;
}

/* weak_protocols - TLS002 for a protocol floor below what L's role needs */
static void
weak_protocols(struct engine *e, struct mtaconf *c)
{
	static const char lib[] = ", unless the system OpenSSL policy already "
	    "refuses it";
	struct listener *worst = NULL;
	enum severity wsev = SEV_COUNT;
	struct finding *f;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct fact *ft = &l->facts.tls_protocols;
		enum severity sev;

		if (!l->reachable || !ft->known ||
		    (sev = floor_severity(l)) == SEV_COUNT)
			continue;
		if (!ft->per_listener) {
			/* decided once: report the worst listener's case once */
			if (worst == NULL || sev > wsev) {
				worst = l;
				wsev = sev;
			}
			continue;
		}
		f = fact_finding(e, "TLS002", c, l, ft, "%s allows %s%s",
		    l->label, tls_version_name(l->facts.tls_floor),
		    l->facts.tls_floor_lib ? lib : "");
		f->sev = sev;
		fact_fix(f, proto_fix, ARRAY_SIZE(proto_fix), ft, NULL);
	}
	if (worst == NULL)
		return;
	f = fact_finding(e, "TLS002", c, worst, &worst->facts.tls_protocols,
	    "TLS allows %s on every listener%s%s%s%s",
	    tls_version_name(worst->facts.tls_floor),
	    wsev == SEV_MEDIUM ? ", " : "",
	    wsev == SEV_MEDIUM ? worst->label : "",
	    wsev == SEV_MEDIUM ? " included" : "",
	    worst->facts.tls_floor_lib ? lib : "");
	f->sev = wsev;
	fact_fix(f, proto_fix, ARRAY_SIZE(proto_fix),
	    &worst->facts.tls_protocols, NULL);
}

/* chk_weak_tls - weak protocols or ciphers on a reachable TLS listener */
void
chk_weak_tls(struct engine *e, struct mtaconf *c)
{
	bool done = false;
	size_t i;

	weak_protocols(e, c);
	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct fact *ft = &l->facts.tls_ciphers;
		struct finding *f;

		if (!fact_visit(l, ft, &done) || !ft->on)
			continue;
		done = true;
		if (ft->per_listener)
			f = fact_finding(e, "TLS002", c, l, ft, "%s allows the "
			    "weak cipher class '%s'", l->label,
			    l->facts.tls_weak);
		else
			f = fact_finding(e, "TLS002", c, l, ft, "TLS allows the "
			    "weak cipher class '%s'", l->facts.tls_weak);
		fact_fix(f, cipher_fix, ARRAY_SIZE(cipher_fix), ft, NULL);
	}
}

/* chk_outbound_tls - an SMTP client policy never tries TLS */
void
chk_outbound_tls(struct engine *e, struct mtaconf *c)
{
	size_t i;

	for (i = 0; i < c->nclients; i++) {
		const struct smtp_client *cl = &c->clients[i];
		struct finding *f;

		if (!cl->tls.known || cl->tls.on)
			continue;
		if (cl->name)
			f = fact_finding(e, "TLS004", c, NULL, &cl->tls,
			    "outgoing mail through %s is sent without TLS",
			    cl->name);
		else
			f = fact_finding(e, "TLS004", c, NULL, &cl->tls,
			    "outgoing mail is sent without TLS");
		fact_fix(f, outbound_fix, ARRAY_SIZE(outbound_fix), &cl->tls,
		    cl->name);
	}
}
