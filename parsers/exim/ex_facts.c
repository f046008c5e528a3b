/* SPDX-License-Identifier: MIT */
/*
 * ex_facts.c - banner, VRFY/EXPN, TLS protocol floor and weak ciphers
 * as Exim decides them: main options, one value for every listener
 * (copied into each), and the TLS policy of every smtp transport.
 * Nothing is expanded: a value with ${...} is read as written.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/exim/ex_int.h"

/* protocol tokens of openssl_options and GnuTLS priority strings */
static const struct {
	const char	*token;		/* after its '+' or '-' */
	bool		 enable;	/* '+' enables, else '-' enables */
	enum tls_version v;
} proto_tokens[] = {
	{ "VERS-SSL3.0", true, TLSV_SSL3 },
	{ "VERS-TLS1.0", true, TLSV_1_0 },
	{ "VERS-TLS1.1", true, TLSV_1_1 },
	{ "no_sslv2", false, TLSV_SSL2 },
	{ "no_sslv3", false, TLSV_SSL3 },
};

/* cipher classes that are weak whatever else the string says */
static const char *const weak_classes[] = {
	"EXP", "EXPORT", "LOW", "NULL", "SSLv3", "aNULL", "eNULL",
};

/* fact_of - the fact comes from main option O (once for the configuration) */
static void
fact_of(struct ex_conf *x, struct fact *ft, const struct ex_opt *o)
{
	fact_set(ft, false, o->name, o->value, o->src ? o->src->file : NULL,
	    o->src ? o->src->line : 0);
	ex_opt_ev(x, &ft->ev, o);
}

/* token - the next token of *P between separators SEP; 0 at the end */
static size_t
token(const char **p, const char *sep, const char **start)
{
	size_t n;

	*p += strspn(*p, sep);
	*start = *p;
	n = strcspn(*p, sep);
	*p += n;
	return n;
}

/* token_is - the token T of length N is WORD */
static bool
token_is(const char *t, size_t n, const char *word)
{
	return strlen(word) == n && strncmp(t, word, n) == 0;
}

/*
 * proto_floor - the oldest protocol option O explicitly enables
 * (TLSV_COUNT: it names none)
 */
static enum tls_version
proto_floor(const struct ex_opt *o)
{
	enum tls_version floor = TLSV_COUNT;
	const char *p = o->value, *t;
	size_t n, j;

	if (o->src == NULL)
		return TLSV_COUNT;
	while ((n = token(&p, ": \t", &t)) != 0) {
		if (*t != '+' && *t != '-')
			continue;
		for (j = 0; j < ARRAY_SIZE(proto_tokens); j++)
			if (token_is(t + 1, n - 1, proto_tokens[j].token) &&
			    (*t == '+') == proto_tokens[j].enable &&
			    proto_tokens[j].v < floor)
				floor = proto_tokens[j].v;
	}
	return floor;
}

/* weak_cipher - the first weak class a cipher string enables, or NULL */
static const char *
weak_cipher(const char *s)
{
	const char *p = s, *t;
	size_t n, j;

	while ((n = token(&p, ": ,\t", &t)) != 0) {
		if (*t == '!' || *t == '-')
			continue;
		if (*t == '+') {
			t++;
			n--;
		}
		for (j = 0; j < ARRAY_SIZE(weak_classes); j++)
			if (token_is(t, n, weak_classes[j]))
				return weak_classes[j];
	}
	return NULL;
}

/* disclosure - the banner, VRFY and EXPN */
static void
disclosure(struct ex_conf *x, struct listener_facts *lf)
{
	const struct ex_opt *o = ex_opt(x, "smtp_banner");
	const struct ex_opt *vrfy = ex_opt(x, "acl_smtp_vrfy");
	const struct ex_opt *expn = ex_opt(x, "acl_smtp_expn");

	fact_of(x, &lf->banner, o);
	lf->banner.on = strstr(o->value, "$version_number") != NULL ||
	    strstr(o->value, "$version_string") != NULL ||
	    strstr(o->value, "${version") != NULL;
	lf->banner_product = strstr(o->value, "Exim") != NULL ||
	    strstr(o->value, "$version_string") != NULL;
	/* unset, Exim refuses VRFY and EXPN */
	fact_of(x, &lf->vrfy, vrfy);
	lf->vrfy.on = vrfy->src && *vrfy->value &&
	    strcmp(vrfy->value, "deny") != 0;
	fact_of(x, &lf->expn, expn);
	lf->expn.on = expn->src && *expn->value &&
	    strcmp(expn->value, "deny") != 0;
}

/*
 * tls - the protocol floor when openssl_options or tls_require_ciphers
 * name protocol versions (otherwise the TLS library's default decides,
 * which the files do not say), and weak cipher classes
 */
static void
tls(struct ex_conf *x, struct listener_facts *lf)
{
	const struct ex_opt *oo = ex_opt(x, "openssl_options");
	const struct ex_opt *rc = ex_opt(x, "tls_require_ciphers");
	enum tls_version a = proto_floor(oo), b = proto_floor(rc);
	const char *weak;

	if (a < TLSV_COUNT || b < TLSV_COUNT) {
		fact_of(x, &lf->tls_protocols, a <= b ? oo : rc);
		lf->tls_floor = a <= b ? a : b;
	}
	fact_of(x, &lf->tls_ciphers, rc);
	if (rc->src && (weak = weak_cipher(rc->value)) != NULL) {
		lf->tls_ciphers.on = true;
		lf->tls_weak = xstrdup(weak);
	}
}

/* clients - the TLS policy of each smtp transport */
static void
clients(struct ex_conf *x)
{
	size_t i;

	for (i = 0; i < x->ndrivers[EXS_TRANSPORTS]; i++) {
		const struct ex_driver *d = &x->drivers[EXS_TRANSPORTS][i];
		const struct ex_opt *drv = ex_driver_opt(d, "driver");
		const struct ex_opt *av = ex_driver_opt(d, "hosts_avoid_tls");
		struct smtp_client *cl;
		struct ex_hosts h;
		char *name;

		if (drv == NULL || strcmp(drv->value, "smtp") != 0)
			continue;
		name = xasprintf("transport %s", d->name);
		cl = mtaconf_add_client(x->mc, name);
		free(name);
		if (av == NULL) {
			fact_set(&cl->tls, false, "hosts_avoid_tls", "", NULL, 0);
			cl->tls.on = true;
			continue;
		}
		fact_set(&cl->tls, false, "hosts_avoid_tls", av->value,
		    av->src->file, av->src->line);
		ex_hosts(x, av->value, av->src, &h);
		cl->tls.on = !h.any;
		evlist_append(&cl->tls.ev, &h.ev);
		ex_hosts_free(&h);
	}
}

/* ex_facts - fill every listener's facts and the SMTP client policies */
void
ex_facts(struct ex_conf *x)
{
	struct listener_facts lf;
	size_t i;

	memset(&lf, 0, sizeof(lf));
	disclosure(x, &lf);
	tls(x, &lf);
	for (i = 0; i < x->mc->nlisteners; i++) {
		struct listener *l = &x->mc->listeners[i];

		listener_facts_copy(&l->facts, &lf);
		if (l->tls == TLSM_NONE) {
			fact_free(&l->facts.tls_protocols);
			fact_free(&l->facts.tls_ciphers);
		}
	}
	listener_facts_free(&lf);
	clients(x);
}
