/* SPDX-License-Identifier: MIT */
/*
 * exdump.c - print what mtaaudit's Exim reader makes of the main options
 * of a configuration, so that tests/oracle/exim_settings.py can hold it
 * against "exim -bP".  A test tool, not installed.
 *
 *   exdump ROOT [-D NAME=VALUE]... [NAME...]
 *
 * ROOT is a file-system image, read as mtaaudit reads it (discover_root);
 * -D is mtaaudit's --define (Exim's -D).  For the first Exim configuration
 * found: "conf<TAB>DIR", "wont_start<TAB>yes|no" (mtaaudit says Exim
 * refuses to start), "templated<TAB>yes|no" (a PRS002 finding), then
 * "NAME<TAB>VALUE" for each NAME asked, or for every main option in
 * parsers/exim_options.def when none is asked: the value after
 * preprocessing (macros substituted, nothing expanded), else the
 * built-in default.  A NAME mtaaudit does not know is printed alone.
 * Exit status 1 when the root has no Exim configuration, 2 on usage
 * errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "discover.h"
#include "engine.h"
#include "exim.h"
#include "model.h"
#include "rootfs.h"
#include "util.h"

/* every main option mtaaudit knows (Exim 4.96's), sorted */
static const char *const options[] = {
#define EX_OPTION(n, d)	n,
#include "exim_options.def"
#undef EX_OPTION
};

/* usage - print the synopsis and exit with the usage status */
static void __attribute__((noreturn))
usage(void)
{
	fputs("usage: exdump ROOT [-D NAME=VALUE]... [NAME ...]\n", stderr);
	exit(EXIT_USAGE);
}

/* opt_cmp - bsearch comparator of a name against the options table */
static int
opt_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* templated - mtaaudit calls the configuration a template (PRS002) */
static bool
templated(const struct engine *eng)
{
	size_t i;

	for (i = 0; i < eng->n; i++)
		if (strcmp(eng->v[i].check->id, "PRS002") == 0 &&
		    (!eng->v[i].has_mta || eng->v[i].mta == MTA_EXIM))
			return true;
	return false;
}

/* print_option - one "NAME<TAB>VALUE" line, or NAME alone when unknown */
static void
print_option(const struct mtaconf *mc, const char *name)
{
	if (bsearch(name, options, ARRAY_SIZE(options), sizeof(options[0]),
	    opt_cmp) == NULL) {
		printf("%s\n", name);
		return;
	}
	printf("%s\t%s\n", name, exim_option(mc, name));
}

int
main(int argc, char **argv)
{
	struct audit_opts opts = { 0 };
	struct rootfs rfs;
	struct model model;
	struct engine eng;
	const struct mtaconf *mc = NULL;
	size_t c;
	int ch, i, status = 0;

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
	for (c = 0; c < model.nconfs && mc == NULL; c++)
		if (model.confs[c]->mta == MTA_EXIM)
			mc = model.confs[c];
	if (mc == NULL) {
		fprintf(stderr, "exdump: no Exim configuration under %s\n",
		    argv[1]);
		status = 1;
	} else {
		printf("conf\t%s\n", mc->dir);
		printf("wont_start\t%s\n", mc->wont_start ? "yes" : "no");
		printf("templated\t%s\n", templated(&eng) ? "yes" : "no");
		for (i = optind; i < argc; i++)
			print_option(mc, argv[i]);
		for (c = 0; optind == argc && c < ARRAY_SIZE(options); c++)
			print_option(mc, options[c]);
	}
	engine_free(&eng);
	model_free(&model);
	rootfs_close(&rfs);
	strvec_free(&opts.defines);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("cannot write the output");
	return status;
}
