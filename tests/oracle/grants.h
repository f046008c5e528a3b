/* SPDX-License-Identifier: MIT */
/*
 * grants.h - print every listener of a model and its relay grants, the
 * way the oracles read mtaaudit's prediction (pfdump -g, grantdump), and
 * read a root the way the dump tools (grantdump, exdump) share.
 */
#ifndef MTAAUDIT_ORACLE_GRANTS_H
#define MTAAUDIT_ORACLE_GRANTS_H

#include "audit/discover.h"
#include "audit/engine.h"
#include "audit/model.h"
#include "lib/rootfs.h"
#include "lib/util.h"

/* a root read by a dump tool: "TOOL ROOT [-D NAME=VALUE]... ARG..." */
struct dumproot {
	struct audit_opts opts;
	struct rootfs	 rfs;
	struct model	 model;
	struct engine	 eng;
	char		**args;		/* the ARGs after the options */
	int		 nargs;
};

/*
 * grants_print - "listener" and "grant" lines for each listener of M,
 * with yes/no for each of the N addresses.  Returns an exit status.
 */
int	 grants_print(const struct model *m, char **addrs, int n);
/*
 * dump_open - parse ROOT and -D (mtaaudit's --define), then discover and
 * read every configuration under ROOT; calls usage() on bad arguments
 */
void	 dump_open(struct dumproot *, int argc, char **argv,
	    void (*usage)(void));
/* dump_close - free the root; dies when the output could not be written */
void	 dump_close(struct dumproot *);

#endif
