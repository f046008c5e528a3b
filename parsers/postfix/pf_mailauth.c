/* SPDX-License-Identifier: MIT */
/*
 * pf_mailauth.c - SPF, DKIM and DMARC wiring of a Postfix configuration.
 *
 * Milters are named by parsers/milter.c from the socket Postfix connects
 * to, seen from a chrooted smtpd if it is one; SPF also comes from
 * check_policy_service entries.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/common/milter.h"
#include "parsers/common/source.h"
#include "parsers/postfix/pf_int.h"

#define QUEUE_DIR	"/var/spool/postfix"

/* parse_postfix_sock - Postfix's "inet:host:port" or "unix:path" */
static void
parse_postfix_sock(const char *s, bool chrooted, struct milter_sock *k)
{
	const char *c;

	memset(k, 0, sizeof(*k));
	if (str_starts(s, "inet:")) {
		s += 5;
		k->inet = true;
		c = strrchr(s, ':');
		if (c) {
			snprintf(k->host, sizeof(k->host), "%.*s",
			    (int)(c - s), s);
			k->port = atoi(c + 1);
		} else
			k->port = atoi(s);
		return;
	}
	if (str_starts(s, "unix:"))
		s += 5;
	if (s[0] != '/')
		snprintf(k->path, sizeof(k->path), "%s/%s", QUEUE_DIR, s);
	else
		snprintf(k->path, sizeof(k->path), "%s%s",
		    chrooted ? QUEUE_DIR : "", s);
}

/* chrooted - smtpd runs chrooted (master.cf field 5, default by level) */
static bool
chrooted(struct pf_conf *pf)
{
	const struct pf_service *svc = pf_service_find(pf, "smtp", "inet");
	const char *f = svc ? svc->field[2] : "-";

	if (strcmp(f, "-") == 0)
		return !pf_level_at_least(pf, "1");
	return strcmp(f, "y") == 0;
}

/* add_milters - the milters of one setting */
static void
add_milters(struct pf_conf *pf, const struct pf_service *svc,
    const char *param, const struct milter_peers *peers, bool chroot)
{
	const struct setting *st = pf_get(pf, svc, param);
	const char *dflt = pf_value(pf, svc, "milter_default_action");
	struct strvec items = STRVEC_INIT;
	size_t i, j;

	pf_split_list(st->value, &items);
	for (i = 0; i < items.n; i++) {
		struct strvec parts = STRVEC_INIT;
		char *body = pf_unbrace(items.v[i]);
		const char *action = dflt;
		struct milter_sock mine;
		struct milter *m;
		bool dup = false;

		pf_split_list(body, &parts);
		if (parts.n == 0) {
			strvec_free(&parts);
			continue;
		}
		for (j = 1; j < parts.n; j++)
			if (str_starts(parts.v[j], "default_action="))
				action = parts.v[j] + 15;
		for (j = 0; j < pf->mc->nmilters; j++)
			dup |= strcmp(pf->mc->milters[j].socket, parts.v[0]) == 0;
		if (!dup) {
			m = mtaconf_add_milter(pf->mc);
			m->socket = xstrdup(parts.v[0]);
			m->file = st->file;
			m->line = st->line;
			m->fail_open = strcmp(action, "accept") == 0;
			pf_setting_ev(&m->ev, st);
			if (m->fail_open)
				pf_setting_ev(&m->ev, pf_get(pf, svc,
				    "milter_default_action"));
			parse_postfix_sock(m->socket, chroot, &mine);
			milter_identify(m, &mine, NULL, peers);
		}
		strvec_free(&parts);
	}
	strvec_free(&items);
}

/* policy_spf - check_policy_service entries that do SPF (each list value once) */
static void
policy_spf(struct pf_conf *pf, const struct pf_service *svc,
    struct strmap *seen)
{
	static const char *const lists[] = {
		"smtpd_client_restrictions", "smtpd_helo_restrictions",
		"smtpd_sender_restrictions", "smtpd_relay_restrictions",
		"smtpd_recipient_restrictions", "smtpd_data_restrictions",
	};
	size_t i, j, k;

	for (i = 0; i < ARRAY_SIZE(lists); i++) {
		const struct setting *st = pf_get(pf, svc, lists[i]);
		struct strvec items = STRVEC_INIT;
		char key[32];

		/* scopes sharing a setting skip it without hashing its value */
		snprintf(key, sizeof(key), "\001%p", (const void *)st);
		if (strmap_get(seen, key))
			continue;
		strmap_put(seen, key, (void *)1);
		if (strmap_get(seen, st->value))
			continue;
		strmap_put(seen, st->value, (void *)1);
		pf_split_list(st->value, &items);
		for (j = 0; j + 1 < items.n; j++) {
			const char *arg = items.v[j + 1], *name;
			const struct pf_service *ps;
			bool spf = false;

			if (strcmp(items.v[j], "check_policy_service") != 0)
				continue;
			spf = strstr(arg, "spf") != NULL;
			name = strrchr(arg, '/');
			name = name ? name + 1 : arg;
			if (!spf && (ps = pf_service_find(pf, name, "unix"))) {
				for (k = 0; k < ps->argv.n; k++)
					spf |= strstr(ps->argv.v[k], "spf") != NULL;
			}
			if (spf) {
				char *how = xasprintf("policy service %s in %s",
				    arg, lists[i]);

				mailauth_wire(&pf->mc->spf, how,
				    false, st->file, st->line);
				free(how);
			}
		}
		strvec_free(&items);
	}
}

/* pf_mailauth - work out the SPF/DKIM/DMARC wiring */
void
pf_mailauth(struct pf_conf *pf)
{
	struct milter_peers peers;
	bool chroot = chrooted(pf);
	struct strmap seen = STRMAP_INIT;
	size_t i;

	milter_peers_read(&peers, pf->eng, pf->mc, pf->root);
	add_milters(pf, NULL, "smtpd_milters", &peers, chroot);
	add_milters(pf, NULL, "non_smtpd_milters", &peers, chroot);
	policy_spf(pf, NULL, &seen);
	for (i = 0; i < pf->mc->nlisteners; i++) {
		const struct pf_service *svc =
		    &pf->svcs[pf->mc->listeners[i].unit];

		add_milters(pf, svc, "smtpd_milters", &peers, chroot);
		policy_spf(pf, svc, &seen);
	}
	strmap_free(&seen, NULL);
	milter_wire(pf->mc);
	milter_peers_free(&peers);
}
