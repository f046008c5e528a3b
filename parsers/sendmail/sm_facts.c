/* SPDX-License-Identifier: MIT */
/*
 * sm_facts.c - banner, VRFY/EXPN, HELO, TLS protocol floor and weak
 * ciphers as Sendmail decides them: .mc defines, one value for every
 * daemon (copied into each listener), and the TLS policy of each
 * CLIENT_OPTIONS.  A daemon's M=S already makes its TLS mode none.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/sendmail/sm_int.h"

/* cipher classes that are weak whatever else the list says */
static const char *const weak_classes[] = {
	"DES", "EXP", "EXPORT", "LOW", "MD5", "NULL", "RC4", "aNULL", "eNULL",
};

/* define_fact - the fact comes from define(NAME), else its default DFLT */
static const char *
define_fact(const struct sm_conf *sm, struct fact *ft, const char *name,
    const char *dflt, const char *dflt_what)
{
	const struct sm_macro *m = sm_def(sm, name);

	if (m && m->def) {
		fact_set(ft, false, name, m->def, m->file, m->line);
		evlist_add(&ft->ev, m->file, m->line, "define(`%s', `%s')",
		    name, m->def);
		return m->def;
	}
	fact_set(ft, false, name, dflt, NULL, 0);
	evlist_add(&ft->ev, NULL, 0, "%s not defined (built-in default: %s)",
	    name, dflt_what ? dflt_what : dflt);
	return dflt;
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

/* ssl_off - confSERVER_SSL_OPTIONS turns protocol PROTO off (+SSL_OP_NO_x) */
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
		for (i = 0; i < ARRAY_SIZE(weak_classes) && !neg; i++) {
			const char *q = *p == '+' ? p + 1 : p;
			size_t m = n - (size_t)(q - p);

			if (m == strlen(weak_classes[i]) &&
			    strncmp(q, weak_classes[i], m) == 0)
				return weak_classes[i];
		}
		p += n;
	}
	return NULL;
}

/* disclosure - the greeting and confPRIVACY_FLAGS: VRFY, EXPN, HELO */
static void
disclosure(const struct sm_conf *sm, struct listener_facts *lf)
{
	const char *msg, *pf;
	bool goaway;

	msg = define_fact(sm, &lf->banner, "confSMTP_LOGIN_MSG",
	    "$j Sendmail $v/$Z; $b", NULL);
	lf->banner.on = strstr(msg, "$v") != NULL || strstr(msg, "$Z") != NULL;
	lf->banner_product = strstr(msg, "Sendmail") != NULL;
	pf = define_fact(sm, &lf->vrfy, "confPRIVACY_FLAGS", "authwarnings",
	    NULL);
	fact_copy(&lf->expn, &lf->vrfy);
	fact_copy(&lf->helo, &lf->vrfy);
	goaway = flag_set(pf, "goaway");
	lf->vrfy.on = !goaway && !flag_set(pf, "novrfy");
	lf->expn.on = !goaway && !flag_set(pf, "noexpn");
	lf->helo.on = goaway || flag_set(pf, "needmailhelo");
}

/* tls - the protocol floor of confSERVER_SSL_OPTIONS, confCIPHER_LIST */
static void
tls(const struct sm_conf *sm, struct listener_facts *lf)
{
	const char *opts, *ci, *weak;

	opts = define_fact(sm, &lf->tls_protocols, "confSERVER_SSL_OPTIONS",
	    "", "TLS 1.0 and 1.1 allowed");
	if (strstr(opts, "-SSL_OP_NO_SSLv3") != NULL)
		lf->tls_floor = TLSV_SSL3;
	else {
		lf->tls_floor = !ssl_off(opts, "TLSv1") ? TLSV_1_0 :
		    !ssl_off(opts, "TLSv1_1") ? TLSV_1_1 : TLSV_1_2;
		lf->tls_floor_lib = true;
	}
	ci = define_fact(sm, &lf->tls_ciphers, "confCIPHER_LIST", "",
	    "OpenSSL's default");
	if ((weak = weak_cipher(ci)) != NULL) {
		lf->tls_ciphers.on = true;
		lf->tls_weak = xstrdup(weak);
	}
}

/* clients - the TLS policy of each CLIENT_OPTIONS */
static void
clients(struct sm_reader *rd)
{
	const struct sm_conf *sm = rd->sm;
	size_t i;

	for (i = 0; i < sm->nclients; i++) {
		const struct sm_daemon *d = &sm->clients[i];
		bool v6 = d->family && strcmp(d->family, "inet6") == 0;
		struct smtp_client *cl;
		char *name;

		name = xasprintf("%s CLIENT_OPTIONS", v6 ? "IPv6" : "IPv4");
		cl = mtaconf_add_client(rd->mc, name);
		free(name);
		fact_set(&cl->tls, false, "CLIENT_OPTIONS", d->raw, d->file,
		    d->line);
		evlist_add(&cl->tls.ev, d->file, d->line, "CLIENT_OPTIONS(`%s')",
		    d->raw);
		/* M=S: do not use STARTTLS */
		cl->tls.on = d->mods == NULL || strchr(d->mods, 'S') == NULL;
	}
}

/* sm_facts - fill every listener's facts and the SMTP client policies */
void
sm_facts(struct sm_reader *rd)
{
	struct listener_facts lf;
	size_t i;

	memset(&lf, 0, sizeof(lf));
	disclosure(rd->sm, &lf);
	tls(rd->sm, &lf);
	for (i = 0; i < rd->mc->nlisteners; i++) {
		struct listener *l = &rd->mc->listeners[i];

		listener_facts_copy(&l->facts, &lf);
		/* STARTTLS needs a usable certificate */
		if (l->tls == TLSM_NONE || !l->tls_cert) {
			fact_free(&l->facts.tls_protocols);
			fact_free(&l->facts.tls_ciphers);
		}
	}
	listener_facts_free(&lf);
	clients(rd);
}
