/* SPDX-License-Identifier: MIT */
/*
 * sm_int.h - the Sendmail reader's insides, shared by its files:
 * sm_m4.c (the m4 subset), sm_mc.c (Sendmail's macros in the .mc),
 * sm_access.c (the access map and class R), sm_relay.c (relay grants),
 * sm_daemons.c (listeners, their TLS and AUTH), sm_milters.c (milters)
 * and sendmail.c (the reader's entry).
 *
 * The m4 expander understands quoting (`...' with nesting), dnl, #
 * comments, divert, define/undefine/defn/ifdef/ifelse, include inside
 * the root, eval and a few string builtins.  Nothing is ever executed:
 * syscmd, esyscmd and the other builtins outside the subset expand to
 * nothing and leave a parse finding that names them.  Sendmail's own
 * macros (FEATURE, DAEMON_OPTIONS, ...) are builtins registered by the
 * caller and handed to its hook with their expanded arguments.
 * Everything is bounded: include depth, call nesting, expansion size.
 */
#ifndef MTAAUDIT_SM_INT_H
#define MTAAUDIT_SM_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "audit/engine.h"
#include "audit/model.h"
#include "lib/addrset.h"
#include "lib/rootfs.h"
#include "lib/strmap.h"
#include "lib/util.h"
#include "parsers/sendmail/sendmail.h"

#define SM_M4_MAX_INCLUDE	8	/* nested include depth */
#define SM_M4_MAX_NEST		64	/* calls inside arguments */
#define SM_M4_MAX_CALLS		200000	/* macro calls per run */
#define SM_M4_MAX_PUSH		(8u * 1024 * 1024)	/* bytes of expansions */
#define SM_M4_HOOK_BASE		1000	/* hook ids start here */

/* one line of diverted output (LOCAL_CONFIG, LOCAL_RULESETS ...) */
struct sm_textline {
	char		*s;
	int		 divert;
	const char	*file;
	int		 line;
};

struct sm_frame;
struct sm_m4;

/*
 * sm_hook_fn - a registered builtin was called: ID as registered, the
 * expanded arguments (args->n == 0 without parentheses), the place of
 * the call; text appended to OUT is read again as m4 input.
 */
typedef void sm_hook_fn(struct sm_m4 *, int id, const char *name,
    struct strvec *args, const char *file, int line, struct buf *out);

struct sm_m4 {
	struct engine	*eng;
	struct mtaconf	*mc;
	const struct rootfs *root;
	const char	*basedir;	/* relative includes, "etc/mail" */
	struct strmap	 macros;	/* name -> struct sm_macro */
	struct sm_frame	*in;		/* input stack */
	int		 divert;
	struct buf	 cur;		/* diverted line being built */
	const char	*cur_file;
	int		 cur_line;
	struct sm_textline *text;
	size_t		 ntext;
	size_t		 captext;
	char		 lq, rq;	/* quote characters */
	int		 nest;
	int		 depth;		/* files being read */
	const char	*reading[SM_M4_MAX_INCLUDE + 1]; /* ... which ones */
	size_t		 calls;
	size_t		 pushed;
	bool		 stop;		/* a bound was hit: input dropped */
	sm_hook_fn	*hook;
	void		*hook_arg;
	bool		 settings;	/* record define()s in mc->settings */
	const char	*skip_suffix;	/* includes ending so are skipped */
	char		*skipped_dir;	/* directory of the skipped include */
};

void	 sm_m4_init(struct sm_m4 *, struct engine *, struct mtaconf *,
	    const struct rootfs *, const char *basedir);
void	 sm_m4_free(struct sm_m4 *);
/* sm_m4_builtin - register NAME as a hook builtin with id (>= HOOK_BASE) */
void	 sm_m4_builtin(struct sm_m4 *, const char *name, int id);
/* sm_m4_file - expand the file PATH (from a call at file:line, or NULL) */
bool	 sm_m4_file(struct sm_m4 *, const char *path, const char *from_file,
	    int from_line, bool must_exist);
/* sm_m4_string - expand TEXT as if it were a file named FILE */
void	 sm_m4_string(struct sm_m4 *, const char *text, const char *file);
/* sm_m4_get - the text macro NAME, or NULL */
const struct sm_macro *sm_m4_get(const struct sm_m4 *, const char *name);
/* sm_m4_define - define NAME as DEF, as if written at file:line */
void	 sm_m4_define(struct sm_m4 *, const char *name, const char *def,
	    const char *file, int line);
/* sm_m4_divert - switch the output diversion */
void	 sm_m4_divert(struct sm_m4 *, int);
/* sm_m4_eval - evaluate an m4 eval() expression; false on error */
bool	 sm_m4_eval(const char *, long *);

/* one entry of class R or of the access map source; the strings are
 * static or held by the sm_conf's text store (struct sm_texts) */
struct sm_entry {
	const char	*tag;		/* "Connect", "To", "From", "" */
	const char	*key;
	const char	*action;	/* access: "RELAY", "OK", ... */
	const char	*file;
	int		 line;
};

/* the text the entries point into: file buffers kept whole, and blocks
 * that hold copied strings (one allocation for many entries) */
struct sm_texts {
	char		**v;
	size_t		 n;
	char		*next;		/* unused tail of the current block */
	size_t		 left;		/* its length */
};

/* one MAIL_FILTER/INPUT_MAIL_FILTER */
struct sm_filter {
	char		*name;
	char		*equates;	/* "S=inet:8891@localhost, F=T" */
	const char	*file;
	int		 line;
};

/* what the Sendmail reader keeps for the checks (mtaconf->priv) */
struct sm_conf {
	struct sm_m4	 m4;		/* macros as defined at the end */
	const char	*main_file;
	struct sm_feature *features;
	size_t		 nfeatures;
	struct sm_daemon *daemons;
	size_t		 ndaemons;
	struct sm_daemon *clients;	/* CLIENT_OPTIONS, one per family */
	size_t		 nclients;
	struct sm_entry	*classr;
	size_t		 nclassr;
	size_t		 capclassr;
	struct sm_entry	*access;
	size_t		 naccess;
	size_t		 capaccess;
	struct sm_texts	 texts;		/* what classr and access point into */
	struct sm_filter *filters;
	size_t		 nfilters;
	struct strvec	 trust_mech;
	const char	*trust_file;
	int		 trust_line;
	bool		 access_read;	/* the text source was read */
	bool		 access_unknown; /* only access.db exists */
	const char	*access_file;
	struct grant	*proto;		/* grants copied to every listener */
	size_t		 nproto;
	size_t		 entire_domain;	/* 1 + index in proto of the grant
					   relay_entire_domain makes; 0 none */
	struct addrset	**sets;		/* address sets the grants share */
	size_t		 nsets;
};

#define SM_SETTINGS_DIR	"/etc/mail"

/* the reader's context */
struct sm_reader {
	struct engine	*eng;
	struct mtaconf	*mc;
	const struct rootfs *root;
	struct sm_conf	*sm;
};

/* sm_mc.c: Sendmail's macros (FEATURE, DAEMON_OPTIONS ...) in the .mc */
void	 sm_reader_init(struct sm_reader *, struct sm_conf *, const char *dir);
void	 sm_port_options_free(struct sm_daemon *);
/* sm_trimmed - a trimmed copy of s */
char	*sm_trimmed(const char *);
/* sm_split_words - split on white space and commas */
void	 sm_split_words(const char *, struct strvec *);
/* sm_file_arg - the absolute path in a map or file argument, or NULL */
char	*sm_file_arg(const char *);

/* sm_access.c: the access map source and class R */
const char *sm_texts_dup(struct sm_texts *, const char *);
void	 sm_texts_free(struct sm_texts *);
void	 sm_add_entry(struct sm_entry **, size_t *n, size_t *cap,
	    const char *tag, const char *key, const char *action,
	    const char *file, int line);
void	 sm_read_classr(struct sm_reader *, const char *path,
	    const char *from, int from_line, bool must);
void	 sm_read_access(struct sm_reader *, const struct sm_feature *);
/* sm_ipv6_prefix - "IPv6:2001:db8" (groups) or a full IPv6 address */
bool	 sm_ipv6_prefix(const char *, struct prefix *);

/* sm_relay.c: every way to relay, once for all listeners (sm->proto) */
void	 sm_build_grants(struct sm_reader *);
/* sm_trust_ev - evidence of TRUST_AUTH_MECH with every mechanism */
void	 sm_trust_ev(const struct sm_conf *, struct evlist *);

/* sm_daemons.c: the daemons, explicit and default, as listeners */
void	 sm_build_listeners(struct sm_reader *);

/* sm_milters.c: the input filters in the final confINPUT_MAIL_FILTERS */
void	 sm_build_milters(struct sm_reader *);

/* sm_facts.c: banner, privacy flags, TLS floor and ciphers, clients */
void	 sm_facts(struct sm_reader *);

#endif
