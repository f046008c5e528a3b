/* SPDX-License-Identifier: MIT */
/*
 * pf_mailauth.c - SPF, DKIM and DMARC wiring of a Postfix configuration.
 *
 * A milter is identified by the milter's own configuration when it is
 * in the root (etc/opendkim.conf, etc/opendmarc.conf: their Socket must
 * be where Postfix connects, seen from a chrooted smtpd if it is one),
 * otherwise guessed from well-known ports and socket names; a guess is
 * marked as such in the facts and in every finding built on it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pf_mailauth.h"
#include "source.h"

#define QUEUE_DIR	"/var/spool/postfix"

/* a socket reduced to what decides whether two ends meet */
struct sock {
	bool	 inet;
	int	 port;
	char	 host[256];
	char	 path[1024];
};

/* a milter's own configuration file */
struct peer {
	const char	*product;
	const char	*path;		/* inside the root */
	unsigned	 does;		/* MA_* by default */
	const char	*file;		/* interned when read */
	int		 line;		/* of its Socket line */
	char		*socket;
	char		*mode;		/* OpenDKIM Mode */
};

/* well-known milters by port or name, used when no peer config says */
static const struct {
	const char	*product;
	int		 port;
	const char	*name;
	unsigned	 does;
} known[] = {
	{ "OpenDKIM", 8891, "opendkim", MA_DKIM_SIGN | MA_DKIM_VERIFY },
	{ "OpenDMARC", 8893, "opendmarc", MA_DMARC },
	{ "rspamd", 11332, "rspamd",
	    MA_SPF | MA_DKIM_SIGN | MA_DKIM_VERIFY | MA_DMARC },
	{ "SPF milter", 0, "spf", MA_SPF },
};

/* loopback_name - host names and addresses of this machine's loopback */
static bool
loopback_name(const char *h)
{
	return *h == '\0' || strcmp(h, "localhost") == 0 ||
	    str_starts(h, "127.") || strcmp(h, "::1") == 0 ||
	    strcmp(h, "[::1]") == 0;
}

/* parse_milter_sock - libmilter's "inet:port@host", "local:/path", "/path" */
static void
parse_milter_sock(const char *s, struct sock *k)
{
	const char *at;

	memset(k, 0, sizeof(*k));
	if (str_starts(s, "inet:") || str_starts(s, "inet6:")) {
		s = strchr(s, ':') + 1;
		k->inet = true;
		k->port = atoi(s);
		if ((at = strchr(s, '@')) != NULL)
			snprintf(k->host, sizeof(k->host), "%s", at + 1);
		return;
	}
	if (str_starts(s, "local:") || str_starts(s, "unix:"))
		s = strchr(s, ':') + 1;
	snprintf(k->path, sizeof(k->path), "%s", s);
}

/* parse_postfix_sock - Postfix's "inet:host:port" or "unix:path" */
static void
parse_postfix_sock(const char *s, bool chrooted, struct sock *k)
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

/* sock_meet - a client connecting to a reaches a server listening on b */
static bool
sock_meet(const struct sock *a, const struct sock *b)
{
	if (a->inet != b->inet)
		return false;
	if (!a->inet)
		return strcmp(a->path, b->path) == 0;
	if (a->port != b->port)
		return false;
	if (b->host[0] == '\0' || strcmp(b->host, "0.0.0.0") == 0)
		return true;
	return strcmp(a->host, b->host) == 0 ||
	    (loopback_name(a->host) && loopback_name(b->host));
}

/* read_peer - the Socket (and Mode) of a milter's configuration */
static void
read_peer(struct pf_conf *pf, struct peer *p)
{
	struct source src;
	struct lineiter it;
	struct line ln;

	if (!source_read(pf->eng, pf->mc, pf->root, p->path, NULL, 0, false,
	    &src))
		return;
	p->file = src.file;
	lineiter_init(&it, &src);
	while (lineiter_next(&it, &ln)) {
		char *s, *k, *v;

		if (line_comment(&ln) || line_blank(&ln))
			continue;
		s = xstrndup(ln.s, ln.len);
		k = str_trim(s);
		v = k + strcspn(k, " \t");
		if (*v)
			*v++ = '\0';
		v = str_trim(v);
		if (str_eq_nocase(k, "Socket")) {
			free(p->socket);
			p->socket = xstrdup(v);
			p->line = ln.no;
		} else if (str_eq_nocase(k, "Mode")) {
			free(p->mode);
			p->mode = xstrdup(v);
		}
		free(s);
	}
	source_free(&src);
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

/* classify - name the milter on socket s, from its peer or by guess */
static void
classify(struct milter *m, struct peer *peers, size_t npeers, bool chroot)
{
	struct sock mine, theirs;
	size_t i;

	parse_postfix_sock(m->socket, chroot, &mine);
	for (i = 0; i < npeers; i++) {
		if (peers[i].socket == NULL)
			continue;
		parse_milter_sock(peers[i].socket, &theirs);
		if (sock_meet(&mine, &theirs)) {
			m->product = xstrdup(peers[i].product);
			m->does = peers[i].does;
			m->peer_known = m->peer_agrees = true;
			m->peer_socket = xstrdup(peers[i].socket);
			m->peer_file = peers[i].file;
			m->peer_line = peers[i].line;
			return;
		}
	}
	for (i = 0; i < ARRAY_SIZE(known); i++) {
		if ((known[i].port && mine.inet && mine.port == known[i].port) ||
		    strstr(m->socket, known[i].name)) {
			size_t j;

			m->product = xstrdup(known[i].product);
			m->does = known[i].does;
			m->guessed = true;
			for (j = 0; j < npeers; j++)
				if (peers[j].file && strcmp(peers[j].product,
				    known[i].product) == 0) {
					m->peer_known = true;
					m->peer_socket = xstrdup(peers[j].socket ?
					    peers[j].socket : "(no Socket line)");
					m->peer_file = peers[j].file;
					m->peer_line = peers[j].line;
					m->does = peers[j].does;
				}
			return;
		}
	}
}

/* add_milters - the milters of one setting */
static void
add_milters(struct pf_conf *pf, const struct pf_service *svc,
    const char *param, struct peer *peers, size_t npeers, bool chroot)
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
			classify(m, peers, npeers, chroot);
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
	struct peer peers[] = {
		{ "OpenDKIM", "/etc/opendkim.conf",
		    MA_DKIM_SIGN | MA_DKIM_VERIFY, NULL, 0, NULL, NULL },
		{ "OpenDMARC", "/etc/opendmarc.conf", MA_DMARC, NULL, 0, NULL,
		    NULL },
	};
	bool chroot = chrooted(pf);
	struct strmap seen = STRMAP_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(peers); i++) {
		read_peer(pf, &peers[i]);
		if (peers[i].mode) {
			peers[i].does = 0;
			if (strchr(peers[i].mode, 's'))
				peers[i].does |= MA_DKIM_SIGN;
			if (strchr(peers[i].mode, 'v'))
				peers[i].does |= MA_DKIM_VERIFY;
		}
	}
	add_milters(pf, NULL, "smtpd_milters", peers, ARRAY_SIZE(peers), chroot);
	add_milters(pf, NULL, "non_smtpd_milters", peers, ARRAY_SIZE(peers),
	    chroot);
	policy_spf(pf, NULL, &seen);
	for (i = 0; i < pf->mc->nlisteners; i++) {
		const struct pf_service *svc =
		    &pf->svcs[(size_t)pf->mc->listeners[i].priv];

		add_milters(pf, svc, "smtpd_milters", peers, ARRAY_SIZE(peers),
		    chroot);
		policy_spf(pf, svc, &seen);
	}
	strmap_free(&seen, NULL);
	for (i = 0; i < pf->mc->nmilters; i++) {
		const struct milter *m = &pf->mc->milters[i];
		char *how;

		if (m->product == NULL || (m->peer_known && !m->peer_agrees))
			continue;
		how = xasprintf("milter %s (%s%s)", m->socket, m->product,
		    m->guessed ? ", guessed from its name or port" : "");
		if (m->does & MA_SPF)
			mailauth_wire(&pf->mc->spf, how,
			    m->guessed, m->file, m->line);
		if (m->does & MA_DKIM_SIGN)
			mailauth_wire(&pf->mc->dkim_sign, how,
			    m->guessed, m->file, m->line);
		if (m->does & MA_DKIM_VERIFY)
			mailauth_wire(&pf->mc->dkim_verify, how,
			    m->guessed, m->file, m->line);
		if (m->does & MA_DMARC)
			mailauth_wire(&pf->mc->dmarc, how,
			    m->guessed, m->file, m->line);
		free(how);
	}
	for (i = 0; i < ARRAY_SIZE(peers); i++) {
		free(peers[i].socket);
		free(peers[i].mode);
	}
}
