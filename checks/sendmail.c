/* SPDX-License-Identifier: MIT */
/*
 * sendmail.c - Sendmail's own checks and the Sendmail variants of the
 * checks whose test differs by MTA (checks/by_mta.c dispatches).  They
 * read the facts the Sendmail reader kept (struct sm_conf); every fix is
 * the .mc line to write.
 */
#include <stdlib.h>
#include <string.h>

#include "checks/checks.h"
#include "parsers/sendmail/sendmail.h"
#include "parsers/sendmail/sm_int.h"

/* def_ev - evidence of a definition, or of its absence */
static void
def_ev(struct finding *f, const struct sm_conf *sm, const char *name,
    const char *dflt)
{
	const struct sm_macro *m = sm_def(sm, name);

	if (m)
		finding_evidence(f, m->file, m->line, "define(`%s', `%s')",
		    name, m->def);
	else
		finding_evidence(f, sm->main_file, 0, "%s not defined "
		    "(default: %s)", name, dflt);
}

/* flag_set - a comma list of privacy flags contains FLAG */
static bool
flag_set(const char *list, const char *flag)
{
	size_t n = strlen(flag);
	const char *p = list;

	while (*p) {
		size_t len;

		p += strspn(p, " \t,");
		len = strcspn(p, " \t,");
		if (len == n && strncasecmp(p, flag, n) == 0)
			return true;
		p += len;
	}
	return false;
}

/* privacy - the confPRIVACY_FLAGS value (default "authwarnings") */
static const char *
privacy(const struct sm_conf *sm)
{
	const struct sm_macro *m = sm_def(sm, "confPRIVACY_FLAGS");

	return m ? m->def : "authwarnings";
}

/* loc_of - the file and line of a definition, else of the .mc */
static void
loc_of(const struct sm_conf *sm, const char *name, const char **file,
    int *line)
{
	const struct sm_macro *m = sm_def(sm, name);

	*file = m ? m->file : sm->main_file;
	*line = m ? m->line : 0;
}

/* chk_sm_default_msa - MTA on loopback, default MSA on every address */
void
chk_sm_default_msa(struct engine *e, struct mtaconf *c)
{
	const struct setting *first = NULL;
	struct listener *msa = NULL;
	struct finding *f;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct setting *d = listener_head(c, l);
		bool dflt = d == NULL || d->src == SRC_DEFAULT;

		if (dflt && l->port == 587 && l->reachable)
			msa = l;
		else if (!dflt && l->reachable)
			return;
		else if (!dflt && first == NULL)
			first = d;
	}
	if (msa == NULL || first == NULL)
		return;
	f = finding_add(e, "EXP002", c, msa, first->file, first->line,
	    "DAEMON_OPTIONS keep the MTA on loopback, but the default MSA "
	    "cf.m4 adds (%s) listens on every address", msa->label);
	finding_setting(f, "DAEMON_OPTIONS", first->file, first->line);
	setting_ev(c, first, &f->ev);
	finding_evidence_list(f, &msa->bind_ev);
	finding_fix(f, "FEATURE(`no_default_msa')dnl (or DAEMON_OPTIONS("
	    "`Port=submission, Name=MSA, M=Ea, Addr=127.0.0.1')dnl)");
}

/* chk_sm_weak_sender - accept_unresolvable_domains, ..., M=u */
void
chk_sm_weak_sender(struct engine *e, struct mtaconf *c)
{
	static const char *const feats[] = {
		"accept_unqualified_senders", "accept_unresolvable_domains",
	};
	struct finding *f;
	size_t i;

	if (first_public(c) == NULL)
		return;
	for (i = 0; i < ARRAY_SIZE(feats); i++) {
		const struct setting *ft = setting_get(c, SCOPE_FEATURE, NULL,
		    feats[i]);

		if (ft == NULL)
			continue;
		f = finding_add(e, "HYG008", c, NULL, ft->file, ft->line,
		    "FEATURE(`%s') relaxes the sender address checks",
		    feats[i]);
		finding_setting(f, feats[i], ft->file, ft->line);
		setting_ev(c, ft, &f->ev);
		finding_fix(f, "dnl FEATURE(`%s')", feats[i]);
	}
	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct setting *d = listener_head(c, l);
		const struct setting *m = listener_setting(c, l, "Modifiers");

		if (!l->reachable || d == NULL || m == NULL ||
		    strchr(m->raw, 'u') == NULL)
			continue;
		f = finding_add(e, "HYG008", c, l, d->file, d->line,
		    "%s accepts unqualified addresses (M=u)", l->label);
		finding_setting(f, "DAEMON_OPTIONS", d->file, d->line);
		setting_ev(c, d, &f->ev);
		finding_fix(f, "DAEMON_OPTIONS(`%s') without u in M=", d->raw);
	}
}

/* chk_sm_forgeable - relay features that trust what the client says */
void
chk_sm_forgeable(struct engine *e, struct mtaconf *c)
{
	static const struct {
		const char	*name;
		const char	*why;
	} feats[] = {
		{ "loose_relay_check", "lets anyone send user%elsewhere@D for "
		    "every relay domain D without checking user@elsewhere: "
		    "D's server may forward it anywhere (the %-hack)" },
		{ "relay_local_from", "relays for anyone who gives a local "
		    "sender address, which is forgeable" },
		{ "relay_mail_from", "relays on the envelope sender (access "
		    "From: RELAY entries), which is forgeable" },
	};
	struct sm_conf *sm = c->priv;
	struct finding *f;
	size_t i, j;

	if (first_public(c) == NULL)
		return;
	for (i = 0; i < ARRAY_SIZE(feats); i++) {
		const struct sm_feature *ft = sm_feature(sm, feats[i].name);

		if (ft == NULL)
			continue;
		f = finding_add(e, "RLY015", c, NULL, ft->file, ft->line,
		    "FEATURE(`%s') %s", feats[i].name, feats[i].why);
		finding_evidence(f, ft->file, ft->line, "FEATURE(`%s')",
		    feats[i].name);
		finding_fix(f, "dnl FEATURE(`%s') -- relay for hosts "
		    "(access Connect: RELAY) or TRUST_AUTH_MECH(`PLAIN LOGIN') "
		    "instead", feats[i].name);
	}
	/* relay_entire_domain with a public-suffix $m: the reader's grant */
	for (i = 0; i < sm->nproto; i++) {
		const struct grant *g = &sm->proto[i];

		if (strstr(g->what, "relay_entire_domain") == NULL)
			continue;
		f = finding_add(e, "RLY015", c, NULL, g->ev.v[0].file,
		    g->ev.v[0].line, "%s", g->what);
		for (j = 0; j < g->ev.n; j++)
			finding_evidence(f, g->ev.v[j].file, g->ev.v[j].line,
			    "%s", g->ev.v[j].text);
		finding_fix(f, "dnl FEATURE(`relay_entire_domain') -- list "
		    "your networks as access Connect: RELAY entries");
	}
}

/* chk_sm_banner - confSMTP_LOGIN_MSG shows the version */
void
chk_sm_banner(struct engine *e, struct mtaconf *c)
{
	struct sm_conf *sm = c->priv;
	const struct sm_macro *m = sm_def(sm, "confSMTP_LOGIN_MSG");
	struct listener *l = first_public(c);
	const char *file;
	int line;
	struct finding *f;

	if (l == NULL || (m && strstr(m->def, "$v") == NULL &&
	    strstr(m->def, "$Z") == NULL))
		return;
	loc_of(sm, "confSMTP_LOGIN_MSG", &file, &line);
	f = finding_add(e, "DSC001", c, l, file, line, "the greeting of %s "
	    "shows the Sendmail version ($v/$Z)%s", l->label,
	    m ? "" : ": confSMTP_LOGIN_MSG keeps its default");
	def_ev(f, sm, "confSMTP_LOGIN_MSG", "$j Sendmail $v/$Z; $b");
	finding_fix(f, "define(`confSMTP_LOGIN_MSG', `$j ESMTP')dnl");
}

/* chk_sm_vrfy - VRFY or EXPN allowed by confPRIVACY_FLAGS */
void
chk_sm_vrfy(struct engine *e, struct mtaconf *c)
{
	struct sm_conf *sm = c->priv;
	const char *pf = privacy(sm), *file;
	bool vrfy, expn;
	int line;
	struct finding *f;

	if (first_public(c) == NULL || flag_set(pf, "goaway"))
		return;
	vrfy = !flag_set(pf, "novrfy");
	expn = !flag_set(pf, "noexpn");
	if (!vrfy && !expn)
		return;
	loc_of(sm, "confPRIVACY_FLAGS", &file, &line);
	f = finding_add(e, "DSC002", c, NULL, file, line, "%s answer%s "
	    "strangers: confPRIVACY_FLAGS (%s) lacks %s", vrfy && expn ?
	    "VRFY and EXPN" : vrfy ? "VRFY" : "EXPN", vrfy && expn ? "" : "s",
	    pf, vrfy && expn ? "novrfy and noexpn (or goaway)" : vrfy ?
	    "novrfy (or goaway)" : "noexpn (or goaway)");
	def_ev(f, sm, "confPRIVACY_FLAGS", "authwarnings");
	finding_fix(f, "define(`confPRIVACY_FLAGS', `goaway,restrictmailq,"
	    "restrictqrun,restrictexpand')dnl");
}

/* chk_sm_helo - needmailhelo missing from confPRIVACY_FLAGS */
void
chk_sm_helo(struct engine *e, struct mtaconf *c)
{
	struct sm_conf *sm = c->priv;
	const char *pf = privacy(sm), *file;
	struct finding *f;
	int line;
	size_t i;

	if (flag_set(pf, "goaway") || flag_set(pf, "needmailhelo"))
		return;
	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];

		if (!l->reachable || l->role != ROLE_MX)
			continue;
		loc_of(sm, "confPRIVACY_FLAGS", &file, &line);
		f = finding_add(e, "DSC003", c, l, file, line, "%s accepts "
		    "MAIL without HELO/EHLO: confPRIVACY_FLAGS (%s) lacks "
		    "needmailhelo", l->label, pf);
		def_ev(f, sm, "confPRIVACY_FLAGS", "authwarnings");
		finding_fix(f, "define(`confPRIVACY_FLAGS', `%s,needmailhelo')"
		    "dnl", pf);
		return;
	}
}

/* chk_sm_mx_backup - FEATURE(relay_based_on_MX) */
void
chk_sm_mx_backup(struct engine *e, struct mtaconf *c)
{
	struct sm_conf *sm = c->priv;
	const struct sm_feature *ft = sm_feature(sm, "relay_based_on_MX");
	struct listener *l = first_public(c);
	struct finding *f;

	if (ft == NULL || l == NULL)
		return;
	f = finding_add(e, "RLY009", c, l, ft->file, ft->line,
	    "FEATURE(`relay_based_on_MX') relays for every domain whose MX "
	    "points at this host, which the domain's owner, not you, "
	    "decides");
	finding_evidence(f, ft->file, ft->line, "FEATURE(`relay_based_on_MX')");
	finding_fix(f, "dnl FEATURE(`relay_based_on_MX') -- list the backup "
	    "domains in /etc/mail/relay-domains");
}

/* ssl_off - confSERVER_SSL_OPTIONS turns protocol OPT off (+SSL_OP_NO_x) */
static bool
ssl_off(const char *opts, const char *proto)
{
	char *want = xasprintf("SSL_OP_NO_%s", proto);
	const char *p = opts;
	bool off = false;

	while (p && (p = strstr(p, want)) != NULL) {
		char after = p[strlen(want)];

		if (after == '\0' || after == ' ' || after == '\t' ||
		    after == ',' || after == '+' || after == '-')
			off = p == opts || p[-1] != '-';
		p += strlen(want);
	}
	free(want);
	return off;
}

/* weak_cipher - the first weak cipher class a cipher list enables */
static const char *
weak_cipher(const char *list)
{
	static const char *const weak[] = {
		"EXPORT", "EXP", "LOW", "NULL", "eNULL", "aNULL", "RC4", "DES",
		"MD5",
	};
	const char *p = list;
	size_t i;

	while (*p) {
		size_t n;
		bool neg;

		p += strspn(p, ": ,");
		n = strcspn(p, ": ,");
		if (n == 0)
			break;
		neg = *p == '!' || *p == '-';
		for (i = 0; i < ARRAY_SIZE(weak) && !neg; i++) {
			const char *q = *p == '+' ? p + 1 : p;
			size_t m = n - (size_t)(q - p);

			if (m == strlen(weak[i]) && strncmp(q, weak[i], m) == 0)
				return weak[i];
		}
		p += n;
	}
	return NULL;
}

/* chk_sm_weak_tls - protocols below TLS 1.2 or weak ciphers */
void
chk_sm_weak_tls(struct engine *e, struct mtaconf *c)
{
	static const char *const fix_opts = "define(`confSERVER_SSL_OPTIONS', "
	    "`+SSL_OP_NO_SSLv2 +SSL_OP_NO_SSLv3 +SSL_OP_NO_TLSv1 "
	    "+SSL_OP_NO_TLSv1_1 +SSL_OP_CIPHER_SERVER_PREFERENCE')dnl";
	struct sm_conf *sm = c->priv;
	const struct sm_macro *o = sm_def(sm, "confSERVER_SSL_OPTIONS");
	const struct sm_macro *ci = sm_def(sm, "confCIPHER_LIST");
	const char *opts = o ? o->def : "", *file, *weak;
	bool cipher_done = false;
	struct finding *f;
	int line;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		bool sub = l->role == ROLE_SUBMISSION ||
		    l->role == ROLE_SUBMISSIONS;
		bool sslv3 = o && strstr(opts, "-SSL_OP_NO_SSLv3") != NULL;
		bool old = !ssl_off(opts, "TLSv1") || !ssl_off(opts, "TLSv1_1");

		if (!l->reachable || l->tls == TLSM_NONE || !l->tls_cert)
			continue;
		loc_of(sm, "confSERVER_SSL_OPTIONS", &file, &line);
		if (sslv3 || (sub && old)) {
			f = finding_add(e, "TLS002", c, l, file, line,
			    "%s allows %s%s", l->label, sslv3 ? "SSLv3" :
			    !ssl_off(opts, "TLSv1") ? "TLSv1" : "TLSv1.1",
			    sslv3 ? "" : " (unless the system OpenSSL policy "
			    "already refuses it)");
			if (!sslv3)
				f->sev = SEV_MEDIUM;
			def_ev(f, sm, "confSERVER_SSL_OPTIONS",
			    "TLS 1.0 and 1.1 allowed");
			finding_fix(f, "%s", fix_opts);
		}
		if (ci && !cipher_done && (weak = weak_cipher(ci->def))) {
			cipher_done = true;
			f = finding_add(e, "TLS002", c, l, ci->file, ci->line,
			    "confCIPHER_LIST enables the weak cipher class "
			    "'%s'", weak);
			def_ev(f, sm, "confCIPHER_LIST", "OpenSSL's default");
			finding_fix(f, "define(`confCIPHER_LIST', "
			    "`HIGH:!aNULL:!eNULL:!EXPORT:!LOW:!RC4:!MD5')dnl");
		}
	}
}

/* chk_sm_outbound_tls - CLIENT_OPTIONS M=S: the client never tries TLS */
void
chk_sm_outbound_tls(struct engine *e, struct mtaconf *c)
{
	struct sm_conf *sm = c->priv;
	size_t i;

	for (i = 0; i < sm->nclients; i++) {
		const struct sm_daemon *d = &sm->clients[i];
		struct finding *f;

		if (d->mods == NULL || strchr(d->mods, 'S') == NULL)
			continue;
		f = finding_add(e, "TLS004", c, NULL, d->file, d->line,
		    "outgoing %s mail is sent without TLS: CLIENT_OPTIONS "
		    "has M=S (do not use STARTTLS)", d->family &&
		    strcmp(d->family, "inet6") == 0 ? "IPv6" : "IPv4");
		finding_evidence(f, d->file, d->line, "CLIENT_OPTIONS(`%s')",
		    d->raw);
		finding_fix(f, "Drop S from CLIENT_OPTIONS' M= modifiers "
		    "(sendmail tries STARTTLS whenever it is offered).");
	}
}
