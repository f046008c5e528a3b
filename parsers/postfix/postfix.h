/* SPDX-License-Identifier: MIT */
/*
 * postfix.h - the Postfix reader: main.cf, master.cf, parameter
 * expansion with built-in defaults, lookup tables and the relay
 * evaluator, all without running Postfix.
 */
#ifndef MTAAUDIT_POSTFIX_H
#define MTAAUDIT_POSTFIX_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/addrset.h"
#include "audit/engine.h"
#include "audit/model.h"
#include "lib/rootfs.h"
#include "lib/strmap.h"

#define PF_EXPAND_DEPTH	100			/* nested $name references */
#define PF_EXPAND_MAX	(1024u * 1024)		/* bytes in one expanded value */
#define PF_LINE_MAX	(1024u * 1024)		/* bytes in one logical line */
#define PF_DEFAULT_VERSION "3.7.11"		/* Debian 12 */

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

/* parameter-table flags (parsers/postfix_params.def) */
enum {
	PF_HOSTDEP = 0x1,	/* default depends on the machine */
	PF_COMPAT = 0x2,	/* default depends on compatibility_level */
	PF_LEGACY = 0x4,	/* deprecated or obsolete name */
	PF_NOTBUILTIN = 0x8	/* unknown to this release: no default */
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
};

/* postfix_read - read a Postfix configuration directory into the model */
struct mtaconf *postfix_read(struct engine *, struct model *,
	    const struct rootfs *, const char *dir, const char *version);

/*
 * postfix_list_has - the expanded restriction or class list PARAM that
 * listener L (NULL: main.cf) uses names ITEM; false for another MTA
 */
bool	 postfix_list_has(const struct mtaconf *, const struct listener *,
	    const char *param, const char *item);

/* what a network list covers */
enum pf_cover {
	PF_COVER_PRIVATE = 0,	/* no public address space */
	PF_COVER_PUBLIC,	/* some public address space */
	PF_COVER_ALL		/* every client */
};

/*
 * postfix_network_cover - what main.cf's network list PARAM (mynetworks
 * syntax) covers; when it touches public space, EV gets its evidence
 */
enum pf_cover postfix_network_cover(const struct mtaconf *,
	    const char *param, struct evlist *ev);

/* pf_listener_scope - the smtpd service whose settings a listener uses */
const struct pf_service *pf_listener_scope(const struct pf_conf *,
	    const struct listener *);

/* pf_main.c */
const struct pf_def *pf_explicit(const struct pf_conf *, const char *name);

/* pf_master.c */
const struct pf_service *pf_service_find(const struct pf_conf *,
	    const char *name, const char *type);
const struct pf_def *pf_service_opt(const struct pf_service *, const char *);

/* pf_params.c: built-in defaults */
bool	 pf_param_known(const char *name, unsigned *flags);
const char *pf_param_default(struct pf_conf *, const struct pf_service *,
	    const char *name, enum setting_rule *, const char **why);
int	 pf_version_cmp(const char *, const char *);
const char *pf_param_since(const char *name);

/* pf_expand.c */
const struct setting *pf_get(struct pf_conf *, const struct pf_service *,
	    const char *name);
const char *pf_value(struct pf_conf *, const struct pf_service *,
	    const char *name);
bool	 pf_bool(struct pf_conf *, const struct pf_service *, const char *);
void	 pf_setting_ev(struct evlist *, const struct setting *);

/* pf_list_has - the expanded list PARAM of a scope contains ITEM */
bool	 pf_list_has(struct pf_conf *, const struct pf_service *,
	    const char *param, const char *item);

/* pf_list.c: Postfix lists "a, b c" with {} grouping */
void	 pf_split_list(const char *, struct strvec *);

#endif
