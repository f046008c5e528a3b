/* SPDX-License-Identifier: MIT */
/*
 * grantdump.c - print the listeners and relay grants mtaaudit finds under
 * a root, for every MTA it discovers there, so that the Exim and Sendmail
 * oracles can hold them against the real MTA.  A test tool, not installed.
 *
 *   grantdump ROOT [-D NAME=VALUE]... ADDR...
 *
 * -D is mtaaudit's --define (Exim's -D).  First a "conf<TAB>mta<TAB>dir"
 * line for each configuration read, then the lines of grants.c.  Exit
 * status 2 on usage errors.
 */
#include <stdio.h>
#include <stdlib.h>

#include "grants.h"
#include "audit/model.h"
#include "lib/util.h"

/* usage - print the synopsis and exit with the usage status */
static void __attribute__((noreturn))
usage(void)
{
	fputs("usage: grantdump ROOT [-D NAME=VALUE]... ADDRESS ...\n",
	    stderr);
	exit(EXIT_USAGE);
}

int
main(int argc, char **argv)
{
	struct dumproot d;
	size_t c;
	int status;

	dump_open(&d, argc, argv, usage);
	for (c = 0; c < d.model.nconfs; c++)
		printf("conf\t%s\t%s\n", mta_name(d.model.confs[c]->mta),
		    d.model.confs[c]->dir);
	status = grants_print(&d.model, d.args, d.nargs);
	dump_close(&d);
	return status;
}
