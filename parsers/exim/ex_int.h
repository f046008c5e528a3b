/* SPDX-License-Identifier: MIT */
/*
 * ex_int.h - the Exim reader's own structures, shared by its files:
 * ex_pp.c (preprocessor), ex_debian.c (update-exim4.conf layouts),
 * ex_parse.c (sections, options, ACLs, drivers), ex_list.c (lists),
 * ex_relay.c (the RCPT ACL walk) and exim.c (the model).
 */
#ifndef MTAAUDIT_EX_INT_H
#define MTAAUDIT_EX_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/addrset.h"
#include "parsers/exim/exim.h"
#include "lib/strmap.h"

#define EX_INCLUDE_DEPTH 16			/* nested .include files */
#define EX_COND_DEPTH	20			/* nested .ifdef (Exim's limit) */
#define EX_LINE_MAX	(1024u * 1024)		/* one logical line */
#define EX_TOTAL_MAX	(64u * 1024 * 1024)	/* all preprocessed text */
#define EX_LIST_DEPTH	8			/* +name inside +name ... */
#define EX_DEFAULT_VERSION "4.96"		/* Debian 12 */

/* one macro, in the order Exim scans them */
struct ex_macro {
	char		*name;
	size_t		 namelen;
	char		*value;
	const char	*file;		/* NULL: built in or command line */
	int		 line;
	bool		 cmdline;
	bool		 builtin;
};

/* macro indexes, in the order they were substituted */
struct idxvec {
	size_t		*v;
	size_t		 n;
};

/* one logical line after preprocessing */
struct ex_line {
	char		*s;		/* trimmed text */
	const char	*file;
	int		 line;		/* first physical line */
	int		 last;		/* last physical line */
	size_t		*macros;	/* indexes of the macros substituted */
	size_t		 nmacros;
};

/* "name = value" of the main section or of a driver */
struct ex_opt {
	char		*name;		/* without "no_", "not_" or "hide" */
	char		*value;		/* booleans: "true" / "false" */
	const struct ex_line *src;	/* NULL: built-in default */
	const char	*as;		/* the synonym written, or NULL */
};

/* one condition or modifier of an ACL statement */
struct ex_cond {
	char		*name;
	bool		 neg;		/* "!name = ..." */
	char		*value;
	const struct ex_line *src;
};

struct ex_stmt {
	char		*verb;		/* accept, deny, require ... */
	const struct ex_line *src;
	struct ex_cond	*conds;
	size_t		 nconds;
};

struct ex_acl {
	char		*name;
	const struct ex_line *src;
	struct ex_stmt	*stmts;
	size_t		 nstmts;
};

/* a router, transport or authenticator */
struct ex_driver {
	char		*name;
	const struct ex_line *src;
	struct ex_opt	*opts;
	size_t		 nopts;
};

enum ex_section {
	EXS_MAIN = 0, EXS_ACL, EXS_AUTH, EXS_ROUTERS, EXS_TRANSPORTS,
	EXS_RETRY, EXS_REWRITE, EXS_LOCAL_SCAN, EXS_COUNT
};

/* a named list: domainlist, hostlist, addresslist, localpartlist */
struct ex_nlist {
	char		*kind;
	char		*value;
	const struct ex_line *src;
};

/* what a host list covers */
struct ex_hosts {
	struct addrset	 set;		/* addresses it matches */
	bool		 any;		/* "*" or a negation ending the list */
	bool		 named;		/* host names or wildcards */
	bool		 unknown;	/* lookups or expansions */
	bool		 local_only;	/* only the empty item (no TCP) */
	struct evlist	 ev;
};

/* does a domain list match an arbitrary remote domain? */
enum ex_match { EXM_NO = 0, EXM_YES, EXM_SUFFIX, EXM_UNKNOWN };

struct ex_conf {
	struct engine	*eng;
	struct mtaconf	*mc;
	const struct rootfs *root;
	const char	*main_file;	/* interned; first file read */

	/* preprocessor */
	struct ex_macro	*macros;
	size_t		 nmacros, capmacros;
	size_t		 nbuiltin;	/* macros[0..nbuiltin) are built in */
	struct strmap	 mnames;	/* macro name -> index + 1 */
	size_t		*mlens;		/* the distinct name lengths, sorted */
	size_t		 nmlens;
	struct ex_line	*lines;
	size_t		 nlines, caplines;
	size_t		 total;		/* bytes of preprocessed text */
	const char	*reading[EX_INCLUDE_DEPTH + 1]; /* the .include stack */
	int		 cstate[EX_COND_DEPTH + 1];
	int		 ncstate;
	struct buf	 pend;		/* logical line being continued */
	const char	*pend_file;
	int		 pend_line;
	int		 pend_last;
	struct idxvec	 pend_macros;	/* macros substituted in it */
	bool		 broken;	/* Exim would refuse to start */
	int		 nerrors;	/* parse findings so far */
	bool		 templated;	/* PRS002 already reported */
	/* Debian: the macro block update-exim4.conf inserts */
	struct buf	 deb_block;
	const char	*deb_file;
	struct strmap	 deb_lines;	/* macro name -> line in ue4cc + 1 */

	/* parsed configuration */
	struct strmap	 opts;		/* main option -> struct ex_opt */
	struct strmap	 dflts;		/* main option -> default setting */
	struct strmap	 nlists;	/* list name -> struct ex_nlist */
	struct strmap	 hmemo;		/* host list name -> struct ex_memo */
	struct strmap	 dmemo;		/* domain list name -> struct ex_memo */
	const char	*lfiles[EX_LIST_DEPTH + 1]; /* list files being read */
	struct ex_acl	*acls;
	size_t		 nacls;
	struct ex_driver *drivers[EXS_COUNT];
	size_t		 ndrivers[EXS_COUNT];
	struct strvec	 ports;		/* -oX from etc/default/exim4 */
	const struct ex_line *ports_src;
	struct ex_line	*extra;		/* lines not from the config text */
	size_t		 nextra;

	/* facts for the checks */
	struct ex_hosts	**hosts;	/* host lists grants point into */
	size_t		 nhosts;
	const struct ex_opt *rcpt;	/* acl_smtp_rcpt */
	const struct ex_acl *rcpt_acl;	/* the ACL it names, or NULL */
	bool		 rcpt_refuses;	/* unset: every RCPT is refused */
	bool		 gate_found;	/* the RCPT ACL has a relay gate */
	const struct ex_stmt *gate;
	bool		 always_true_auth;
	const struct ex_driver *true_auth; /* the authenticator */
	char		*debian_type;	/* dc_eximconfig_configtype */
};

/* ex_pp.c: the preprocessor */
/* ex_memo_free - the memo of walked named lists (ex_list.c) */
void	 ex_memo_free(struct ex_conf *);
void	 ex_pp_init(struct ex_conf *, const struct strvec *defines);
/* ex_pp_file - preprocess PATH (root-relative or absolute in the root) */
bool	 ex_pp_file(struct ex_conf *, const char *path, const char *from,
	    int from_line, int depth, bool must_exist);
void	 ex_pp_finish(struct ex_conf *);
void	 ex_pp_free(struct ex_conf *);
/* ex_line_ev - the line and the macro definitions it used */
void	 ex_line_ev(struct ex_conf *, struct evlist *, const struct ex_line *);

/* ex_debian.c: Debian's update-exim4.conf, done statically */
bool	 ex_debian(struct ex_conf *, const char *dir);
/* ex_default_ports - SMTPLISTENEROPTIONS' -oX in etc/default/exim4 */
void	 ex_default_ports(struct ex_conf *);

/* ex_parse.c */
void	 ex_parse(struct ex_conf *);
const struct ex_opt *ex_opt(struct ex_conf *, const char *name);
const char *ex_value(struct ex_conf *, const char *name);
const struct setting *ex_setting(struct ex_conf *, const char *name);
bool	 ex_bool(const char *value);
const struct ex_opt *ex_driver_opt(const struct ex_driver *,
	    const char *name);
const struct ex_acl *ex_acl_find(const struct ex_conf *, const char *);
void	 ex_parse_free(struct ex_conf *);
/* ex_opt_ev - evidence for an option (nothing for a default) */
void	 ex_opt_ev(struct ex_conf *, struct evlist *, const struct ex_opt *);

/* ex_list.c */
void	 ex_split_list(const char *, struct strvec *);
void	 ex_hosts(struct ex_conf *, const char *list, const struct ex_line *,
	    struct ex_hosts *);
void	 ex_hosts_free(struct ex_hosts *);
enum ex_match ex_domains(struct ex_conf *, const char *list,
	    const struct ex_line *, struct evlist *);
bool	 ex_expanded(const char *);	/* needs run-time expansion */
bool	 ex_always_true(const char *);
bool	 ex_always_false(const char *);

/* ex_relay.c */
void	 ex_relay(struct ex_conf *);

/* ex_facts.c: banner, VRFY/EXPN, TLS floor, ciphers, outgoing TLS */
void	 ex_facts(struct ex_conf *);

#endif
