/* SPDX-License-Identifier: MIT */
/*
 * milter.c - name the milters an MTA connects to and wire SPF, DKIM and
 * DMARC from them (see milter.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hostaddr.h"
#include "parsers/common/milter.h"
#include "parsers/common/source.h"

/* well-known milters by port or name, used when no peer config says */
static const struct {
	const char	*product;
	int		 port;
	const char	*name;		/* matched without case in names */
	unsigned	 does;
} known[] = {
	{ "OpenDKIM", 8891, "dkim", MA_DKIM_SIGN | MA_DKIM_VERIFY },
	{ "OpenDMARC", 8893, "dmarc", MA_DMARC },
	{ "rspamd", 11332, "rspamd",
	    MA_SPF | MA_DKIM_SIGN | MA_DKIM_VERIFY | MA_DMARC },
	{ "SPF milter", 0, "spf", MA_SPF },
};

/* loopback_name - host names and addresses of this machine's loopback */
static bool
loopback_name(const char *h)
{
	return *h == '\0' || hostaddr_loopback(h);
}

/* milter_sock_parse - libmilter's "inet:port@host", "local:/path", "/path" */
void
milter_sock_parse(const char *s, struct milter_sock *k)
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

/* sock_meet - a client connecting to a reaches a server listening on b */
static bool
sock_meet(const struct milter_sock *a, const struct milter_sock *b)
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

/* read_peer - the Socket (and OpenDKIM's Mode) of a milter's configuration */
static void
read_peer(struct milter_peer *p, struct engine *e, struct mtaconf *mc,
    const struct rootfs *root)
{
	struct source src;
	struct lineiter it;
	struct line ln;

	if (!source_read(e, mc, root, p->path, NULL, 0, false, &src))
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
			p->does = 0;
			if (strchr(v, 's'))
				p->does |= MA_DKIM_SIGN;
			if (strchr(v, 'v'))
				p->does |= MA_DKIM_VERIFY;
		}
		free(s);
	}
	source_free(&src);
}

/* milter_peers_read - the milters' own configurations, where present */
void
milter_peers_read(struct milter_peers *ps, struct engine *e,
    struct mtaconf *mc, const struct rootfs *root)
{
	const struct milter_peers init = { {
		{ "OpenDKIM", "/etc/opendkim.conf",
		    MA_DKIM_SIGN | MA_DKIM_VERIFY, NULL, 0, NULL },
		{ "OpenDMARC", "/etc/opendmarc.conf", MA_DMARC, NULL, 0,
		    NULL },
	} };
	size_t i;

	*ps = init;
	for (i = 0; i < ARRAY_SIZE(ps->v); i++)
		read_peer(&ps->v[i], e, mc, root);
}

/* milter_peers_free - release what milter_peers_read() kept */
void
milter_peers_free(struct milter_peers *ps)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ps->v); i++)
		free(ps->v[i].socket);
}

/* take_peer - record peer P's side of milter M */
static void
take_peer(struct milter *m, const struct milter_peer *p, bool agrees)
{
	m->peer_known = true;
	m->peer_agrees = agrees;
	free(m->peer_socket);
	m->peer_socket = xstrdup(p->socket ? p->socket : "(no Socket line)");
	m->peer_file = p->file;
	m->peer_line = p->line;
	m->does = p->does;
}

/* milter_identify - name milter M, which the MTA reaches at MINE */
void
milter_identify(struct milter *m, const struct milter_sock *mine,
    const char *name, const struct milter_peers *ps)
{
	struct milter_sock theirs;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(ps->v); i++) {
		if (ps->v[i].socket == NULL)
			continue;
		milter_sock_parse(ps->v[i].socket, &theirs);
		if (sock_meet(mine, &theirs)) {
			m->product = xstrdup(ps->v[i].product);
			take_peer(m, &ps->v[i], true);
			return;
		}
	}
	for (i = 0; i < ARRAY_SIZE(known); i++) {
		if ((known[i].port && mine->inet &&
		    mine->port == known[i].port) ||
		    strcasestr(m->socket, known[i].name) ||
		    (name && strcasestr(name, known[i].name))) {
			m->product = xstrdup(known[i].product);
			m->does = known[i].does;
			m->guessed = true;
			/* its own configuration says it listens elsewhere */
			for (j = 0; j < ARRAY_SIZE(ps->v); j++)
				if (ps->v[j].file && strcmp(ps->v[j].product,
				    known[i].product) == 0)
					take_peer(m, &ps->v[j], false);
			return;
		}
	}
}

/* milter_wire - wire mc's SPF/DKIM/DMARC from its identified milters */
void
milter_wire(struct mtaconf *mc)
{
	size_t i;

	for (i = 0; i < mc->nmilters; i++) {
		const struct milter *m = &mc->milters[i];
		char *how;

		if (m->product == NULL || (m->peer_known && !m->peer_agrees))
			continue;
		how = xasprintf("milter %s (%s%s)", m->socket, m->product,
		    m->guessed ? ", guessed from its name or port" : "");
		if (m->does & MA_SPF)
			mailauth_wire(&mc->spf, how, m->guessed, m->file,
			    m->line);
		if (m->does & MA_DKIM_SIGN)
			mailauth_wire(&mc->dkim_sign, how, m->guessed,
			    m->file, m->line);
		if (m->does & MA_DKIM_VERIFY)
			mailauth_wire(&mc->dkim_verify, how, m->guessed,
			    m->file, m->line);
		if (m->does & MA_DMARC)
			mailauth_wire(&mc->dmarc, how, m->guessed, m->file,
			    m->line);
		free(how);
	}
}
