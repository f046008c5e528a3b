/* SPDX-License-Identifier: MIT */
/*
 * pf_int.h - the Postfix reader's insides, shared by its files and by
 * no one else: main.cf and master.cf reading, expansion, lists, lookup
 * tables (pf_table.c), the relay evaluator (pf_relay.c, pf_nets.c) and
 * mail authentication (pf_mailauth.c).  What discovery and the Postfix
 * checks may use is in postfix.h.
 *
 * Lookup tables are read from their text sources inside the root:
 * hash/btree/lmdb/cdb/dbm/sdbm (the file without ".db"), texthash,
 * cidr, pcre, regexp, inline:{...} and static:.  Tables that live in a
 * database or a server are "unknown", never "safe".
 *
 * The relay evaluator finds which clients can relay mail to any domain
 * through one smtpd service, following Postfix's own order of
 * restriction lists, first-match semantics, access-table results,
 * mynetworks and relay_domains.
 */
#ifndef MTAAUDIT_PF_INT_H
#define MTAAUDIT_PF_INT_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/addrset.h"
#include "lib/strmap.h"
#include "parsers/postfix/postfix.h"

#define PF_EXPAND_DEPTH	100			/* nested $name references */
#define PF_EXPAND_MAX	(1024u * 1024)		/* bytes in one expanded value */
#define PF_LINE_MAX	(1024u * 1024)		/* bytes in one logical line */

/* one "name = value" as written in main.cf or as a master.cf -o */
struct pf_def {
	char		*name;
	char		*value;
	const char	*file;
	int		 line;		/* first physical line */
	int		 last;		/* last physical line */
	size_t		 rec;		/* its record in mtaconf.settings */
};

/* one master.cf entry */
struct pf_service {
	char		*name;		/* field 1: "smtp", "127.0.0.1:10025" */
	char		*type;		/* field 2: inet, unix, ... */
	char		*label;		/* "name/type", its settings' scope */
	char		*field[5];	/* private, unpriv, chroot, wakeup, maxproc */
	char		*command;	/* first word of field 8 */
	struct strvec	 argv;		/* arguments after the command */
	struct pf_def	*opts;		/* -o overrides, in order */
	size_t		 nopts;
	const char	*file;
	int		 line;
	int		 last;
	bool		 dead;		/* replaced by a later duplicate */
	size_t		 rec;		/* its head in mtaconf.settings */
	size_t		 scope;		/* index into pf_conf.cache */
};

struct pf_conf {
	struct engine	*eng;
	struct model	*model;
	struct mtaconf	*mc;
	const struct rootfs *root;
	const char	*main_file;	/* interned; NULL when absent */
	const char	*master_file;
	struct pf_def	*defs;		/* every main.cf definition, in order */
	size_t		 ndefs;
	struct strmap	 last;		/* name -> 1 + index of effective def */
	struct pf_service *svcs;
	size_t		 nsvcs;
	char		*version;	/* Postfix release whose defaults apply */
	struct strmap	*cache;		/* per scope: name -> struct setting */
	struct strmap	*affect;	/* per scope: name -> shares main.cf's? */
	struct strmap	*lists;		/* per scope: list name -> item set */
	struct strmap	 itemsets;	/* list setting -> set of its items */
	struct strmap	 breadth;	/* domain list setting -> breadth + 1 */
	struct strmap	 nets;		/* network lists read, by name and value */
	struct strmap	 steps;		/* access-table steps, by restriction */
	size_t		 ncache;
	struct strmap	 reported;	/* expansion problems already reported */
	struct strmap	 tables;	/* spec -> struct pf_table */
	char		*hostname;	/* from etc/hostname or etc/mailname */
	const char	*hostname_file;
	char		*startup_why;	/* why Postfix refuses to start */
	struct addrset	**kept;		/* address sets grants point at */
	size_t		 nkept;
};

/* pf_listener_scope - the smtpd service whose settings a listener uses */
const struct pf_service *pf_listener_scope(const struct pf_conf *,
	    const struct listener *);

/* pf_main.c */
const struct pf_def *pf_explicit(const struct pf_conf *, const char *name);

/* pf_master.c */
const struct pf_service *pf_service_find(const struct pf_conf *,
	    const char *name, const char *type);
const struct pf_def *pf_service_opt(const struct pf_service *, const char *);

const char *pf_param_default(struct pf_conf *, const struct pf_service *,
	    const char *name, enum setting_rule *, const char **why);

/* pf_expand.c */
const struct setting *pf_get(struct pf_conf *, const struct pf_service *,
	    const char *name);
const char *pf_value(struct pf_conf *, const struct pf_service *,
	    const char *name);
bool	 pf_bool(struct pf_conf *, const struct pf_service *, const char *);
void	 pf_setting_ev(struct evlist *, const struct setting *);

/* pf_class_first - CLASS is walked for the first time in LIST
 * (pf_classes.c); pf_class_forget - it may be again */
bool	 pf_class_first(struct strmap *walked, int list, bool warned,
	    const char *class);
void	 pf_class_forget(struct strmap *walked, int list, const char *class);
/* pf_class_cycles - a PRS001 for each class that leads back to itself */
void	 pf_class_cycles(struct pf_conf *);
/* pf_list_has - the expanded list PARAM of a scope contains ITEM */
bool	 pf_list_has(struct pf_conf *, const struct pf_service *,
	    const char *param, const char *item);

/* pf_list.c: Postfix lists "a, b c" with {} grouping */
void	 pf_split_list(const char *, struct strvec *);

/* pf_main.c, pf_master.c */
void	 pf_read_main(struct pf_conf *, const char *path);
void	 pf_read_master(struct pf_conf *, const char *path);

/* pf_startup.c: what stops Postfix as a whole at start-up */
void	 pf_startup(struct pf_conf *);

/* pf_params.c */
bool	 pf_param_raw(const char *name);
bool	 pf_level_at_least(struct pf_conf *, const char *threshold);

/* pf_expand.c */
/* pf_expand_text - expand arbitrary text in a scope; caller frees */
char	*pf_expand_text(struct pf_conf *, const struct pf_service *,
	    const char *text, const char *file, int line);
void	 pf_conf_free(void *);
void	 pf_lists_free(struct pf_conf *);

/* pf_list.c */
void	 pf_split_fields(const char *, struct strvec *, size_t **);
char	*pf_unbrace(char *);

/* pf_table.c: lookup tables */
enum pf_tkind {
	TK_KEYED = 0,	/* exact keys: hash, texthash, inline ... */
	TK_CIDR,	/* address prefixes */
	TK_REGEX,	/* regexp or pcre patterns */
	TK_STATIC,	/* one value for every key */
	TK_UNKNOWN	/* cannot be read statically */
};

/*
 * One entry.  key and value point into the table's own storage (the
 * source text, cut into strings in place, or copies in own), never
 * into memory of their own: a million-entry table costs its text plus
 * one array.
 */
struct pf_tentry {
	char		*key;		/* key, prefix or pattern text */
	char		*value;
	regex_t		*re;		/* compiled pattern, or NULL */
	int		 line;
	struct prefix	 pfx;		/* TK_CIDR */
	bool		 negated;	/* "!pattern" in cidr/regexp */
	bool		 compiled;	/* regex compiled into re */
	const char	*refused;	/* why it was not compiled, or NULL */
	uint64_t	 cost;		/* ... and what it would have cost */
};

struct pf_table {
	char		*spec;		/* "hash:/etc/postfix/access" */
	enum pf_tkind	 kind;
	const char	*file;		/* interned source file, or NULL */
	char		*why;		/* TK_UNKNOWN: the reason */
	struct pf_tentry *e;
	size_t		 n;
	size_t		 cap;		/* room in e */
	char		*text;		/* the source the entries point into */
	struct strvec	 own;		/* strings of inline: and static: */
};

/* pf_table_get - open (once) the table SPEC named at file:line */
struct pf_table *pf_table_get(struct pf_conf *, const char *spec,
	    const char *file, int line);
/* pf_table_is_spec - the item looks like "type:name" */
bool	 pf_table_is_spec(const char *);
/* pf_regex_matches - the entry's pattern matches s (false if uncompiled) */
bool	 pf_regex_matches(const struct pf_tentry *, const char *s);
void	 pf_tables_free(struct strmap *);

/* pf_relay.c, pf_nets.c: the relay evaluator */
/* how broad a domain list is */
enum pf_breadth {
	BREADTH_NONE = 0,	/* ordinary domains */
	BREADTH_TLD,		/* a whole TLD or public suffix */
	BREADTH_ALL		/* every domain */
};

/* the address set of a Postfix network list, with what it says */
struct pf_nets {
	struct addrset	 set;
	bool		 named;		/* host or domain names */
	bool		 all;		/* a table that matches every client */
	bool		 implicit;	/* from mynetworks_style */
	bool		 uncertain;	/* part of it cannot be read */
	bool		 public;	/* the set touches public space */
	bool		 covers;	/* the set is all of IPv4 or of IPv6 */
	char		*style;		/* mynetworks_style when implicit */
	struct evlist	 ev;
};

/*
 * pf_eval_relay - fill l->grants for the smtpd scope svc (the service
 * itself, or the "smtpd pass" service behind postscreen); returns whether
 * a stranger gets through every list once the relay gate passes the
 * domain, in which case it has called pf_destination()
 */
bool	 pf_eval_relay(struct pf_conf *, const struct pf_service *svc,
	    struct listener *l);
/* pf_destination - add the grant a broad relay_domains gives strangers */
void	 pf_destination(struct pf_conf *, const struct pf_service *,
	    struct listener *);
/*
 * pf_network_list - a Postfix network list (mynetworks syntax), read once
 * per configuration; the result lives as long as the configuration
 */
const struct pf_nets *pf_network_list(struct pf_conf *,
	    const struct pf_service *, const char *param);
void	 pf_nets_cache_free(struct pf_conf *);
void	 pf_relay_cache_free(struct pf_conf *);
/* pf_domain_breadth - how much a domain list parameter covers */
enum pf_breadth pf_domain_breadth(struct pf_conf *, const struct pf_service *,
	    const char *param, struct evlist *);

/* pf_mailauth.c: SPF, DKIM and DMARC wired in as milters and policy
 * services (and the milters' own configuration when it is in the root) */
/* pf_mailauth - fill mc->milters, spf, dkim_sign, dkim_verify, dmarc */
void	 pf_mailauth(struct pf_conf *);

/* pf_facts.c: the listener facts per smtpd service, outgoing TLS */
/* pf_listener_facts - fill l->facts from the smtpd service SVC */
void	 pf_listener_facts(struct pf_conf *, const struct pf_service *,
	    struct listener *);
/* pf_clients - fill mc->clients: main.cf's policy, then each override */
void	 pf_clients(struct pf_conf *);

#endif
