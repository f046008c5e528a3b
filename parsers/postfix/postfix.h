/* SPDX-License-Identifier: MIT */
/*
 * postfix.h - the Postfix reader's public face: reading a configuration
 * directory into the model, and what Postfix's own checks ask beyond the
 * model (list membership, network cover, the parameter table).  The
 * reader's insides are in pf_int.h.
 */
#ifndef MTAAUDIT_POSTFIX_H
#define MTAAUDIT_POSTFIX_H

#include <stdbool.h>
#include <stddef.h>

#include "audit/engine.h"
#include "audit/model.h"
#include "lib/rootfs.h"

#define PF_DEFAULT_VERSION "3.7.11"		/* Debian 12 */

/* parameter-table flags (parsers/postfix_params.def) */
enum {
	PF_HOSTDEP = 0x1,	/* default depends on the machine */
	PF_COMPAT = 0x2,	/* default depends on compatibility_level */
	PF_LEGACY = 0x4,	/* deprecated or obsolete name */
	PF_NOTBUILTIN = 0x8	/* unknown to this release: no default */
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

/* pf_params.c: built-in defaults */
bool	 pf_param_known(const char *name, unsigned *flags);
int	 pf_version_cmp(const char *, const char *);
const char *pf_param_since(const char *name);

#endif
