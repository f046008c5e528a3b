/* SPDX-License-Identifier: MIT */
/*
 * pfx.h - the unit tests' Postfix harness: a temporary root with
 * etc/postfix (host name "vm"), files written into it, and what
 * postfix_read() made of them.  Used as cmocka setup/teardown.
 */
#ifndef MTAAUDIT_TEST_PFX_H
#define MTAAUDIT_TEST_PFX_H

#include <stdbool.h>
#include <stddef.h>

#include "audit/engine.h"
#include "audit/model.h"
#include "parsers/postfix/pf_int.h"
#include "lib/rootfs.h"

/* a temporary root holding etc/postfix, and what was read from it */
struct pfx {
	char		 dir[64];
	struct rootfs	 rfs;
	struct model	 model;
	struct engine	 eng;
	struct mtaconf	*mc;
	struct pf_conf	*pf;
	bool		 loaded;
};

void	 put_file(struct pfx *, const char *path, const char *data, size_t);
void	 put_text(struct pfx *, const char *path, const char *text);
/* pfx_mkdir - create directory PATH (root-relative); 0, or -1 on error */
int	 pfx_mkdir(struct pfx *, const char *path);
void	 pfx_unload(struct pfx *);
void	 pfx_read(struct pfx *);
void	 pfx_load(struct pfx *, const char *main_cf, const char *master_cf);
int	 rm_tree(const char *dir);
int	 pfx_setup(void **);
int	 pfx_teardown(void **);
size_t	 nfindings(const struct pfx *, const char *id);
bool	 has_finding_at(const struct pfx *, const char *id, const char *file,
	    int line);
/* listener - the listener of fx->mc with this label, or fail the test */
struct listener *listener(struct pfx *, const char *label);
/* grant_of - the first grant of KIND whose text contains WHAT (or any) */
struct grant *grant_of(struct listener *, enum grant_kind, const char *what);
/* msg_has - a finding of ID whose message contains TEXT */
bool	 msg_has(struct pfx *, const char *id, const char *text);

#endif
