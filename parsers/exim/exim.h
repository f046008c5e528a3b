/* SPDX-License-Identifier: MIT */
/*
 * exim.h - the Exim reader: a static preprocessor (macros, .ifdef,
 * .include, Debian's update-exim4.conf layouts), options, lists, ACLs,
 * drivers, and the RCPT ACL walk that finds relay grants.  Nothing is
 * ever expanded at run time: ${...} stays an explicit unknown.
 */
#ifndef MTAAUDIT_EXIM_H
#define MTAAUDIT_EXIM_H

#include <stdbool.h>

#include "audit/engine.h"
#include "audit/model.h"
#include "lib/rootfs.h"
#include "lib/util.h"

/*
 * exim_read - read the Exim configuration in DIR (etc/exim, etc/exim4),
 * or the file FILE in DIR when FILE is not NULL, with DEFINES
 * ("NAME=VALUE", as exim -D) overriding macros.
 */
struct mtaconf *exim_read(struct engine *, struct model *,
	    const struct rootfs *, const char *dir, const char *file,
	    const struct strvec *defines);
/*
 * exim_option - main option NAME of MC, an Exim configuration exim_read
 * read: its value after preprocessing, never expanded ("true" or "false"
 * for a bare or "no_" boolean), else Exim's built-in default ("" when that
 * is the machine's); NULL when MC is no Exim configuration.
 */
const char *exim_option(const struct mtaconf *mc, const char *name);
/* exim_true_authenticator - the name of a plaintext server authenticator
 * whose server_condition always holds (it accepts every password), or
 * NULL; its settings are in layer 1 (SCOPE_AUTHENTICATOR) */
const char *exim_true_authenticator(const struct mtaconf *);
/* exim_always_false - an Exim condition that never holds ("false", "no",
 * "${if false...}") */
bool	 exim_always_false(const char *cond);
/* exim_define_ok - S is "NAME=VALUE" or "NAME" with an upper-case NAME */
bool	 exim_define_ok(const char *s);

#endif
