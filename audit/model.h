/* SPDX-License-Identifier: MIT */
/*
 * model.h - the MTA-neutral model every reader fills and every check reads.
 *
 * Layer 1, raw settings: every "name = value" read, with its scope,
 * provenance and whether it is a built-in default (struct setting).
 * Layer 2, normalised facts: listeners with their TLS, AUTH and relay
 * grants, delivery, mail authentication and disclosure, each fact
 * pointing back at the lines that justify it (struct evidence).
 */
#ifndef MTAAUDIT_MODEL_H
#define MTAAUDIT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/addrset.h"
#include "lib/util.h"

enum mta {
	MTA_POSTFIX = 0,
	MTA_EXIM,
	MTA_SENDMAIL,
	MTA_COUNT
};
#define MTA_BIT(m)	(1u << (m))
#define MTA_ALL		(MTA_BIT(MTA_POSTFIX) | MTA_BIT(MTA_EXIM) | MTA_BIT(MTA_SENDMAIL))

const char *mta_name(enum mta);

/* one line that justifies a fact or a finding */
struct evidence {
	const char	*file;		/* root-relative, interned; NULL = built-in */
	int		 line;		/* 0 = whole file or built-in */
	char		*text;
};

struct evlist {
	struct evidence	*v;
	size_t		 n;
	size_t		 cap;
};

void	 evlist_add(struct evlist *, const char *file, int line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	 evlist_append(struct evlist *, const struct evlist *);
void	 evlist_free(struct evlist *);

/* where a raw setting's value came from */
enum setting_src {
	SRC_DEFAULT = 0,	/* built-in default */
	SRC_EXPLICIT,		/* written in the main configuration */
	SRC_OVERRIDE		/* per-listener override (master.cf -o ...) */
};

/* one raw setting as the MTA resolves it for a scope */
struct setting {
	const char	*name;
	const char	*raw;		/* as written, or the default's text */
	const char	*value;		/* expanded */
	enum setting_src src;
	const char	*rule;		/* which default rule, or NULL */
	const char	*file;
	int		 line;
	int		 last;
};

enum bind_scope {
	BIND_LOOPBACK = 0,	/* only loopback addresses */
	BIND_SPECIFIC,		/* named non-loopback addresses */
	BIND_ANY		/* every interface */
};

enum listener_role {
	ROLE_MX = 0,		/* port 25 */
	ROLE_SUBMISSION,	/* 587 */
	ROLE_SUBMISSIONS,	/* 465, implicit TLS */
	ROLE_OTHER
};

enum tls_mode {
	TLSM_NONE = 0,
	TLSM_OPTIONAL,		/* STARTTLS offered */
	TLSM_REQUIRED,		/* STARTTLS required */
	TLSM_IMPLICIT		/* TLS on connect */
};

enum grant_kind {
	GRANT_ANYONE = 0,	/* every client */
	GRANT_NETWORKS,		/* clients in an address set (or named hosts) */
	GRANT_AUTHENTICATED,	/* SMTP AUTH */
	GRANT_CLIENTCERT,	/* TLS client certificate */
	GRANT_FORGEABLE,	/* a client-controlled value: sender, HELO, PTR */
	GRANT_DESTINATION,	/* relay-domain set covering everything or a TLD */
	GRANT_UNKNOWN		/* cannot be decided from files */
};

const char *grant_kind_name(enum grant_kind);

/* one way a client gets to relay to any domain through a listener */
struct grant {
	enum grant_kind	 kind;
	struct addrset	*nets;		/* GRANT_NETWORKS: owned by the reader */
	bool		 named_hosts;	/* networks grant also names host names */
	bool		 strangers;	/* lets strangers on the internet relay */
	bool		 partial;	/* strangers only within part of public space */
	bool		 implicit;	/* from a style or default, not a list */
	char		*style;		/* which style (Postfix mynetworks_style) */
	bool		 uncertain;	/* depends on what the audit cannot read */
	bool		 item;		/* a permit item of a restriction list */
	char		*what;		/* human description */
	struct evlist	 ev;
};

struct listener {
	char		*name;		/* service name: "smtp", "submission" */
	char		*label;		/* "smtp 0.0.0.0:25" */
	char		*addr;		/* bind address, "*" = any */
	int		 port;		/* 0 = unknown */
	enum bind_scope	 bind;
	bool		 reachable;	/* clients beyond loopback can connect */
	enum listener_role role;
	const char	*file;		/* where the listener is defined */
	int		 line;
	struct evlist	 bind_ev;

	enum tls_mode	 tls;
	bool		 tls_cert;	/* a certificate is configured */
	struct evlist	 tls_ev;

	bool		 auth;		/* AUTH offered */
	bool		 auth_tls_only;	/* only after TLS */
	bool		 auth_anonymous; /* anonymous mechanisms allowed */
	struct evlist	 auth_ev;

	struct grant	*grants;
	size_t		 ngrants;
	void		*priv;		/* reader's per-listener data */
};

/* where remote mail goes: forwarded, or discarded by a sink */
struct delivery {
	bool		 sink;		/* accepted remote mail is never forwarded */
	char		*how;		/* "discard:" ... */
	struct evlist	 ev;
};

/* how a mail-authentication function is wired */
struct mailauth {
	bool		 wired;
	bool		 uncertain;	/* guessed from names or ports */
	char		*how;		/* "milter inet:localhost:8891 (OpenDKIM)" */
	struct evlist	 ev;
};

/*
 * mailauth_wire - record that a function is wired (how, at file:line);
 * a certain wiring is kept, a guessed one is replaced by a later one
 */
void	 mailauth_wire(struct mailauth *, const char *how, bool guessed,
	    const char *file, int line);

/* mail-authentication functions a milter or policy service performs */
#define MA_SPF		0x1
#define MA_DKIM_SIGN	0x2
#define MA_DKIM_VERIFY	0x4
#define MA_DMARC	0x8

/* one milter the MTA talks to, and whether the milter listens there */
struct milter {
	char		*socket;	/* as the MTA names it */
	char		*product;	/* "OpenDKIM", or NULL when unknown */
	unsigned	 does;		/* MA_* */
	bool		 guessed;	/* product guessed from name or port */
	bool		 fail_open;	/* mail passes when it is unavailable */
	const char	*file;
	int		 line;
	bool		 peer_known;	/* the milter's own configuration was read */
	bool		 peer_agrees;	/* ... and listens on this socket */
	char		*peer_socket;
	const char	*peer_file;
	int		 peer_line;
	struct evlist	 ev;
};

/* one MTA instance found under the root */
struct mtaconf {
	enum mta	 mta;
	char		*dir;		/* "etc/postfix" */
	const char	*main_file;	/* where settings go ("etc/postfix/main.cf") */
	char		*version;	/* version whose defaults apply */
	struct listener	*listeners;
	size_t		 nlisteners;
	struct delivery	 delivery;
	bool		 inbound;	/* accepts mail for local or relay domains */
	bool		 wont_start;	/* the MTA refuses this configuration */
	bool		 smarthost;	/* sends everything through a relay host */
	struct mailauth	 spf, dkim_sign, dkim_verify, dmarc;
	struct milter	*milters;
	size_t		 nmilters;
	void		*priv;		/* the reader's own structure */
	void		(*priv_free)(void *);
};

/* everything found under one root */
struct model {
	const char	*root;		/* as given on the command line */
	struct strvec	 files;		/* interned root-relative paths */
	struct mtaconf	**confs;
	size_t		 nconfs;
};

void	 model_init(struct model *, const char *root);
void	 model_free(struct model *);
/* model_file - intern a root-relative path; the result lives as long as the model */
const char *model_file(struct model *, const char *path);
struct mtaconf *model_add_conf(struct model *, enum mta, const char *dir);
struct listener *mtaconf_add_listener(struct mtaconf *);
struct grant *listener_add_grant(struct listener *, enum grant_kind);
struct grant *listener_copy_grant(struct listener *, const struct grant *);
struct milter *mtaconf_add_milter(struct mtaconf *);

#endif
