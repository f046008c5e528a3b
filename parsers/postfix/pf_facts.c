/* SPDX-License-Identifier: MIT */
/*
 * pf_facts.c - banner, VRFY/EXPN, HELO, TLS protocol floor and cipher
 * grade of each smtpd listener, and the TLS policy of the SMTP client.
 * Postfix reads each of them per service, so master.cf -o overrides
 * make them differ between listeners.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/postfix/pf_int.h"

/* the settings of the SMTP client that decide whether it tries TLS */
static const char *const client_tls[] = {
	"smtp_enforce_tls", "smtp_tls_security_level", "smtp_use_tls",
};

/* fact_of - the fact comes from setting ST; PER: decided per listener */
static void
fact_of(struct fact *ft, const struct setting *st, bool per)
{
	fact_set(ft, per, st->name, st->value,
	    st->src == SRC_DEFAULT ? NULL : st->file, st->line);
	pf_setting_ev(&ft->ev, st);
}

/* proto_floor - the oldest protocol a Postfix protocol list allows */
static enum tls_version
proto_floor(const char *list)
{
	struct strvec v = STRVEC_INIT;
	bool excluded[TLSV_COUNT] = { false };
	size_t i, j, floor = 0, lowest_inc = TLSV_COUNT;

	pf_split_list(list, &v);
	for (i = 0; i < v.n; i++) {
		const char *it = v.v[i];
		bool neg = it[0] == '!', ge = str_starts(it, ">=");

		it += neg ? 1 : ge ? 2 : 0;
		for (j = 0; j < TLSV_COUNT; j++) {
			if (!str_eq_nocase(it, tls_version_name(j)))
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
	if (lowest_inc < TLSV_COUNT && lowest_inc > floor)
		floor = lowest_inc;
	while (floor < TLSV_COUNT - 1 && excluded[floor])
		floor++;
	return (enum tls_version)floor;
}

/* weak_grade - a cipher grade of export, low or null */
static bool
weak_grade(const char *grade)
{
	return str_eq_nocase(grade, "export") || str_eq_nocase(grade, "low") ||
	    str_eq_nocase(grade, "null");
}

/* banner - smtpd_banner, and whether it shows the version or the name */
static void
banner(struct pf_conf *pf, const struct pf_service *svc, struct listener *l)
{
	const struct setting *st = pf_get(pf, svc, "smtpd_banner");
	const char *name = pf_value(pf, svc, "mail_name");
	const char *version = pf_value(pf, svc, "mail_version");
	struct listener_facts *lf = &l->facts;

	fact_of(&lf->banner, st, true);
	lf->banner.on = strstr(st->raw, "mail_version") != NULL ||
	    (*version != '\0' && strstr(st->value, version) != NULL);
	lf->banner_product = strstr(st->raw, "mail_name") != NULL ||
	    (*name != '\0' && strstr(st->value, name) != NULL);
}

/* pf_listener_facts - the facts of listener L, read in smtpd service SVC */
void
pf_listener_facts(struct pf_conf *pf, const struct pf_service *svc,
    struct listener *l)
{
	struct listener_facts *lf = &l->facts;
	bool mand = l->tls == TLSM_REQUIRED || l->tls == TLSM_IMPLICIT;
	const struct setting *st;

	banner(pf, svc, l);
	fact_of(&lf->vrfy, st = pf_get(pf, svc, "disable_vrfy_command"), true);
	lf->vrfy.on = !pf_bool(pf, svc, "disable_vrfy_command");
	/* Postfix has no EXPN command: smtpd answers 502 */
	fact_set(&lf->expn, false, NULL, NULL, NULL, 0);
	evlist_add(&lf->expn.ev, NULL, 0, "Postfix does not implement EXPN");
	fact_of(&lf->helo, pf_get(pf, svc, "smtpd_helo_required"), true);
	lf->helo.on = pf_bool(pf, svc, "smtpd_helo_required");
	if (l->tls == TLSM_NONE)
		return;
	/* required TLS uses the mandatory settings, optional TLS the others */
	st = pf_get(pf, svc, mand ? "smtpd_tls_mandatory_protocols" :
	    "smtpd_tls_protocols");
	fact_of(&lf->tls_protocols, st, true);
	lf->tls_floor = proto_floor(st->value);
	st = pf_get(pf, svc, mand ? "smtpd_tls_mandatory_ciphers" :
	    "smtpd_tls_ciphers");
	fact_of(&lf->tls_ciphers, st, true);
	if (weak_grade(st->value)) {
		lf->tls_ciphers.on = true;
		lf->tls_weak = xstrdup(st->value);
	}
}

/* client_tries_tls - the SMTP client of SVC (NULL: main.cf) tries TLS */
static bool
client_tries_tls(struct pf_conf *pf, const struct pf_service *svc)
{
	const char *level = pf_value(pf, svc, "smtp_tls_security_level");

	if (*level != '\0')
		return strcmp(level, "none") != 0;
	return pf_bool(pf, svc, "smtp_use_tls") ||
	    pf_bool(pf, svc, "smtp_enforce_tls");
}

/* client - one SMTP client policy: main.cf's (SVC NULL) or a service's */
static void
client(struct pf_conf *pf, const struct pf_service *svc)
{
	char *name = svc ? xasprintf("master.cf service %s", svc->name) : NULL;
	struct smtp_client *cl = mtaconf_add_client(pf->mc, name);
	const struct setting *st = pf_get(pf, svc, "smtp_tls_security_level");
	size_t i;

	fact_of(&cl->tls, st, svc != NULL);
	cl->tls.on = client_tries_tls(pf, svc);
	if (*st->value == '\0')
		for (i = 0; i < ARRAY_SIZE(client_tls); i++)
			if (strcmp(client_tls[i], st->name) != 0)
				pf_setting_ev(&cl->tls.ev,
				    pf_get(pf, svc, client_tls[i]));
	free(name);
}

/* pf_clients - main.cf's client policy and each service that overrides it */
void
pf_clients(struct pf_conf *pf)
{
	size_t i, j;

	client(pf, NULL);
	for (i = 0; i < pf->nsvcs; i++) {
		const struct pf_service *svc = &pf->svcs[i];

		if (svc->dead || strcmp(svc->command, "smtp") != 0)
			continue;
		for (j = 0; j < ARRAY_SIZE(client_tls); j++)
			if (pf_service_opt(svc, client_tls[j]) != NULL)
				break;
		if (j < ARRAY_SIZE(client_tls))
			client(pf, svc);
	}
}
