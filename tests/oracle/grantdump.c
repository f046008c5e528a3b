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
#include <string.h>
#include <unistd.h>

#include "discover.h"
#include "engine.h"
#include "exim.h"
#include "grants.h"
#include "model.h"
#include "rootfs.h"
#include "util.h"

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
	struct audit_opts opts = { 0 };
	struct rootfs rfs;
	struct model model;
	struct engine eng;
	size_t c;
	int ch, status;

	if (argc < 2 || argv[1][0] == '-')
		usage();
	optind = 2;
	while ((ch = getopt(argc, argv, "D:")) != -1) {
		if (ch != 'D' || !exim_define_ok(optarg))
			usage();
		strvec_push(&opts.defines, optarg);
	}
	if (rootfs_open(&rfs, argv[1]) != 0)
		die("cannot open root '%s'", argv[1]);
	model_init(&model, argv[1]);
	engine_init(&eng, &model);
	discover_root(&eng, &model, &rfs, &opts);
	for (c = 0; c < model.nconfs; c++)
		printf("conf\t%s\t%s\n", mta_name(model.confs[c]->mta),
		    model.confs[c]->dir);
	status = grants_print(&model, argv + optind, argc - optind);
	engine_free(&eng);
	model_free(&model);
	rootfs_close(&rfs);
	strvec_free(&opts.defines);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("cannot write the output");
	return status;
}
