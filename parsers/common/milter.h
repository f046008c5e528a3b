/* SPDX-License-Identifier: MIT */
/*
 * milter.h - name the milters an MTA connects to, for every reader that
 * has them (Postfix, Sendmail): from the milter's own configuration in
 * the root (etc/opendkim.conf, etc/opendmarc.conf) when its Socket is
 * where the MTA connects, otherwise guessed from well-known ports and
 * names; a guess is marked as one.  Then wire SPF, DKIM and DMARC.
 */
#ifndef MTAAUDIT_MILTER_H
#define MTAAUDIT_MILTER_H

#include <stdbool.h>

#include "audit/engine.h"
#include "audit/model.h"
#include "lib/rootfs.h"

/* a socket reduced to what decides whether two ends meet */
struct milter_sock {
	bool	 inet;
	int	 port;
	char	 host[256];
	char	 path[1024];
};

/* a milter's own configuration file */
struct milter_peer {
	const char	*product;
	const char	*path;		/* inside the root */
	unsigned	 does;		/* MA_* */
	const char	*file;		/* interned when read */
	int		 line;		/* of its Socket line */
	char		*socket;
};

struct milter_peers {
	struct milter_peer v[2];
};

/* milter_sock_parse - libmilter's "inet:port@host", "local:/path", "/path" */
void	 milter_sock_parse(const char *s, struct milter_sock *k);
/* milter_peers_read - the milters' own configurations, where present */
void	 milter_peers_read(struct milter_peers *, struct engine *,
	    struct mtaconf *, const struct rootfs *);
void	 milter_peers_free(struct milter_peers *);
/*
 * milter_identify - name milter M, which the MTA reaches at MINE; NAME
 * (the MTA's own name for it, or NULL) helps the guess
 */
void	 milter_identify(struct milter *m, const struct milter_sock *mine,
	    const char *name, const struct milter_peers *);
/* milter_wire - wire mc's SPF/DKIM/DMARC from its identified milters */
void	 milter_wire(struct mtaconf *mc);

#endif
