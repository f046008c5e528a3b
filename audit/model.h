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

/* what a raw setting belongs to (its scope) */
enum scope_kind {
	SCOPE_GLOBAL = 0,	/* main.cf, Exim's main section, a .mc define */
	SCOPE_SERVICE,		/* a master.cf service, "submission/inet" */
	SCOPE_ACL,		/* a statement of an Exim ACL */
	SCOPE_ROUTER,		/* an Exim router, */
	SCOPE_TRANSPORT,	/* transport */
	SCOPE_AUTHENTICATOR,	/* or authenticator */
	SCOPE_LIST,		/* a named list (Exim domainlist ...) */
	SCOPE_FEATURE,		/* a .mc FEATURE() */
	SCOPE_DAEMON,		/* a .mc DAEMON_OPTIONS, named by its Name= */
	SCOPE_CLIENT,		/* a .mc CLIENT_OPTIONS, by its Family= */
	SCOPE_ACCESS,		/* an access map entry */
	SCOPE_RELAY_DOMAINS,	/* a relay-domains (class R) entry */
	SCOPE_COUNT
};

const char *scope_kind_name(enum scope_kind);

/* which rule gave a built-in default its value */
enum setting_rule {
	RULE_NONE = 0,		/* not a default */
	RULE_BUILTIN,		/* the release's fixed default */
	RULE_COMPAT_LEVEL,	/* depends on Postfix compatibility_level */
	RULE_RELEASE,		/* changed by release: the audited version's */
	RULE_HOST,		/* the machine's: host name, its domain */
	RULE_ABSENT		/* no such setting in the audited release */
};

/*
 * one raw setting (layer 1).  The reader records every definition it
 * reads, in order, in mtaconf.settings; among duplicates of a name in
 * one scope the one the MTA uses is marked effective.  A scope's own
 * line (an Exim driver or ACL name, a master.cf entry, a DAEMON_OPTIONS
 * call) is a "head" whose name is the scope's name.  Built-in defaults
 * are not recorded: setting_for() asks the reader (mtaconf.sops).
 */
struct setting {
	const char	*name;
	enum scope_kind	 scope;
	const char	*scope_name;	/* NULL for SCOPE_GLOBAL */
	int		 seq;		/* ACL statement (from 1), daemon index */
	const char	*raw;		/* as written, or the default's text */
	const char	*value;		/* effective (expanded) value */
	enum setting_src src;
	enum setting_rule rule;		/* for a default: which rule */
	const char	*why;		/* that rule in words, or NULL */
	const char	*file;		/* NULL: built in */
	int		 line;		/* first line */
	int		 last;		/* last line */
	bool		 effective;	/* the definition the MTA uses */
	bool		 head;		/* the line that opens the scope */
	const void	*src_line;	/* the reader's record of the line */
};

struct mtaconf;
struct listener;

/* how a reader answers for the settings it did not record */
struct setting_ops {
	/* get - the effective setting NAME for listener L (NULL: the
	 * global scope), a built-in default when nothing sets it; NULL
	 * when the MTA has no such setting */
	const struct setting *(*get)(const struct mtaconf *,
		    const struct listener *, const char *name);
	/* evidence - the lines that justify a setting */
	void	(*evidence)(const struct mtaconf *, const struct setting *,
		    struct evlist *);
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

/* TLS protocol versions, oldest first */
enum tls_version {
	TLSV_SSL2 = 0,
	TLSV_SSL3,
	TLSV_1_0,
	TLSV_1_1,
	TLSV_1_2,
	TLSV_1_3,
	TLSV_COUNT
};

/* tls_version_name - "SSLv3", "TLSv1", "TLSv1.2" (Postfix's spelling) */
const char *tls_version_name(enum tls_version);

/*
 * fact - one neutral fact a reader decided, with the setting it comes
 * from (the line to change: finding_setting()) and the lines that
 * justify it.  A fact the MTA decides once for the configuration is
 * copied into every listener with per_listener false.
 */
struct fact {
	bool		 known;		/* the reader decided it from the files */
	bool		 per_listener;	/* the MTA decides it per listener */
	bool		 on;		/* it holds; what that means: each field */
	char		*setting;	/* the MTA's own name for the setting */
	char		*value;		/* its effective value */
	const char	*file;		/* where it is set; NULL: built-in default */
	int		 line;
	struct evlist	 ev;		/* justification, a default with its rule */
};

/*
 * fact_set - record that the fact comes from SETTING = VALUE at
 * FILE:LINE (FILE NULL: a built-in default); known becomes true
 */
void	 fact_set(struct fact *, bool per_listener, const char *setting,
	    const char *value, const char *file, int line);
void	 fact_copy(struct fact *, const struct fact *);
void	 fact_free(struct fact *);

/* what a listener's SMTP dialogue shows and demands; its TLS floor */
struct listener_facts {
	struct fact	 banner;	/* value: the greeting; on: shows the version */
	bool		 banner_product; /* the greeting names the MTA's software */
	struct fact	 vrfy;		/* on: VRFY answers */
	struct fact	 expn;		/* on: EXPN answers */
	struct fact	 helo;		/* on: HELO/EHLO required before MAIL */
	struct fact	 tls_protocols;	/* known only where TLS is offered */
	enum tls_version tls_floor;	/* the oldest protocol allowed */
	bool		 tls_floor_lib;	/* ... unless the TLS library refuses it */
	struct fact	 tls_ciphers;	/* on: weak ciphers allowed */
	char		*tls_weak;	/* the first weak cipher class or token */
};

void	 listener_facts_copy(struct listener_facts *,
	    const struct listener_facts *);
void	 listener_facts_free(struct listener_facts *);

/* one policy of the SMTP client for outgoing mail */
struct smtp_client {
	char		*name;		/* "transport remote_smtp"; NULL: the one */
	struct fact	 tls;		/* on: tries TLS when the server offers it */
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

/* why a grant exists: what made it, for checks about one way of relaying */
enum grant_origin {
	ORIGIN_ITEM = 0,	/* a permit item or accept statement before the gate */
	ORIGIN_NETLIST,		/* a named network list the item reads (mynetworks) */
	ORIGIN_LIST_END,	/* no list rejects: the end of every list permits */
	ORIGIN_DOMAINS,		/* the relay gate passes every remote domain */
	ORIGIN_MX_BACKUP,	/* relaying for whoever points an MX here */
	ORIGIN_FEATURE,		/* an MTA feature or built-in rule */
	ORIGIN_NO_GATE		/* none: the MTA refuses to start without a gate */
};

const char *grant_origin_name(enum grant_origin);

/*
 * where a grant is made: the list, restriction class, ACL or map
 * (Postfix smtpd_relay_restrictions, Exim ACL acl_check_rcpt, Sendmail
 * access) and the item in it that grants, with its line as written
 */
struct grant_source {
	char		*list;		/* NULL = none (a feature, a built-in rule) */
	char		*item;
	const char	*file;		/* NULL = built-in default */
	int		 line;
	char		*text;		/* the line's text, bounded */
};

/*
 * the setting that makes the grant as broad as it is, when that is not
 * the item itself (permit_mynetworks: mynetworks): the line to change
 */
struct grant_cause {
	char		*name;		/* NULL = the source's item */
	const char	*file;		/* NULL = built-in default */
	int		 line;
};

/* one way a client gets to relay to any domain through a listener */
struct grant {
	enum grant_kind	 kind;
	enum grant_origin origin;
	struct grant_source src;
	struct grant_cause cause;
	int		 merged;	/* duplicates folded into this one */
	struct addrset	*nets;		/* GRANT_NETWORKS: owned by the reader */
	bool		 named_hosts;	/* networks grant also names host names */
	bool		 strangers;	/* lets strangers on the internet relay */
	bool		 partial;	/* strangers only within part of public space */
	bool		 implicit;	/* from a style or default, not a list */
	char		*style;		/* which style (Postfix mynetworks_style) */
	bool		 uncertain;	/* depends on what the audit cannot read */
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

	struct listener_facts facts;

	struct grant	*grants;
	size_t		 ngrants;
	struct grant_source gate;	/* the relay gate; list NULL = none */
	/* where its own settings are: SCOPE_SERVICE "smtpd/pass",
	 * SCOPE_DAEMON "MSA"; SCOPE_GLOBAL when it has none */
	enum scope_kind	 scope;
	char		*scope_name;
	size_t		 unit;		/* index of the reader's definition
					   it was made from (Postfix service,
					   Sendmail daemon) */
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
	bool		 local_only;	/* no mail ever leaves the host */
	bool		 ungated;	/* no relay gate: what the server accepts,
					   it accepts for any domain (Exim) */
	bool		 unreadable;	/* its main files are there but cannot
					   be read: no verdict is made */
	bool		 over_budget;	/* the work budget ran out reading or
					   judging it: no verdict is made */
	struct mailauth	 spf, dkim_sign, dkim_verify, dmarc;
	struct milter	*milters;
	size_t		 nmilters;
	struct setting	*settings;	/* layer 1: every definition read */
	size_t		 nsettings;
	size_t		 capsettings;
	const struct setting_ops *sops;
	struct smtp_client *clients;	/* outgoing TLS policies */
	size_t		 nclients;
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
/*
 * grant_source_set - name where a grant is made (or where the relay gate
 * is); TEXT is the line as written, bounded: a cut one ends in "..."
 */
void	 grant_source_set(struct grant_source *, const char *list,
	    const char *item, const char *file, int line, const char *text);
void	 grant_source_copy(struct grant_source *to,
	    const struct grant_source *from);
void	 grant_source_clear(struct grant_source *);
/* grant_cause_set - the setting, at FILE:LINE, that makes a grant broad */
void	 grant_cause_set(struct grant_cause *, const char *name,
	    const char *file, int line);
/* grant_free - free what a grant owns (not its address set) */
void	 grant_free(struct grant *);
/*
 * grant_at - the setting to change for a grant and its line: the cause
 * when there is one (FILE NULL: a built-in default), else the source's
 * list, or its item when it is in no list (a Sendmail FEATURE)
 */
void	 grant_at(const struct grant *, const char **name, const char **file,
	    int *line);
/*
 * listener_merge_grants - fold each grant that repeats an earlier one
 * (same kind, origin, item, address set and flags: the same item reached
 * through several lists) into that one, keeping the first's source
 */
void	 listener_merge_grants(struct listener *);
struct milter *mtaconf_add_milter(struct mtaconf *);
struct smtp_client *mtaconf_add_client(struct mtaconf *, const char *name);

/*
 * mtaconf_add_setting - record one definition: NAME in a scope, its raw
 * text at file:line-last (the strings are copied); explicit, not yet
 * effective.  The result is valid until the next one is added.
 */
struct setting *mtaconf_add_setting(struct mtaconf *, enum scope_kind,
	    const char *scope_name, const char *name, const char *raw,
	    const char *file, int line, int last);
/* setting_set_value - give a recorded setting its effective value */
void	 setting_set_value(struct setting *, const char *value);
/* setting_settle - mark the last definition of each name in each scope
 * of KIND (and statement) effective, for readers where the last wins */
void	 setting_settle(struct mtaconf *, enum scope_kind);
/* setting_get - the effective written definition of NAME in a scope, or
 * NULL (no default: see setting_for) */
const struct setting *setting_get(const struct mtaconf *, enum scope_kind,
	    const char *scope_name, const char *name);
/* setting_head - the line that opens a scope, or NULL */
const struct setting *setting_head(const struct mtaconf *, enum scope_kind,
	    const char *scope_name);
/* setting_head_of - the head of the scope a setting is in, or NULL */
const struct setting *setting_head_of(const struct mtaconf *,
	    const struct setting *);
/* setting_next - the definition after PREV (NULL: the first) in scope
 * KIND, SCOPE_NAME (NULL: any name of that kind), heads left out */
const struct setting *setting_next(const struct mtaconf *, enum scope_kind,
	    const char *scope_name, const struct setting *prev);
/* listener_head - the head of a listener's own scope, or NULL */
const struct setting *listener_head(const struct mtaconf *,
	    const struct listener *);
/* listener_setting - the effective written definition of NAME in a
 * listener's own scope (not the global one), or NULL */
const struct setting *listener_setting(const struct mtaconf *,
	    const struct listener *, const char *name);
/* setting_for - the effective setting NAME for listener L (NULL:
 * global), the built-in default included; NULL when there is none */
const struct setting *setting_for(const struct mtaconf *,
	    const struct listener *, const char *name);
/* setting_value - the effective value of NAME for L, "" when none */
const char *setting_value(const struct mtaconf *, const struct listener *,
	    const char *name);
/* setting_true - a boolean setting is on (yes, true, 1) */
bool	 setting_true(const struct setting *);
/* setting_ev - append the lines that justify a setting */
void	 setting_ev(const struct mtaconf *, const struct setting *,
	    struct evlist *);

#endif
