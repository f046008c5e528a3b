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
 * refuses to start), "unreadable<TAB>yes|no" (its files cannot be read
 * or are not text: no verdict), "templated<TAB>yes|no" (a PRS002
 * finding), then
 * "NAME<TAB>VALUE" for each NAME asked, or for every main option in
 * parsers/exim/exim_options.def when none is asked: the value after
 * preprocessing (macros substituted, nothing expanded), else the
 * built-in default.  A NAME mtaaudit does not know is printed alone.
 * Exit status 1 when the root has no Exim configuration, 2 on usage
 * errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/engine.h"
#include "parsers/exim/exim.h"
#include "grants.h"
#include "audit/model.h"
#include "lib/util.h"

/* every main option mtaaudit knows (Exim 4.96's), sorted */
static const char *const options[] = {
#define EX_OPTION(n, d)	n,
#include "parsers/exim/exim_options.def"
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
	struct dumproot d;
	const struct mtaconf *mc = NULL;
	size_t c;
	int i, status = 0;

	dump_open(&d, argc, argv, usage);
	for (c = 0; c < d.model.nconfs && mc == NULL; c++)
		if (d.model.confs[c]->mta == MTA_EXIM)
			mc = d.model.confs[c];
	if (mc == NULL) {
		fprintf(stderr, "exdump: no Exim configuration under %s\n",
		    argv[1]);
		status = 1;
	} else {
		printf("conf\t%s\n", mc->dir);
		printf("wont_start\t%s\n", mc->wont_start ? "yes" : "no");
		printf("unreadable\t%s\n", mc->unreadable ? "yes" : "no");
		printf("templated\t%s\n", templated(&d.eng) ? "yes" : "no");
		for (i = 0; i < d.nargs; i++)
			print_option(mc, d.args[i]);
		for (c = 0; d.nargs == 0 && c < ARRAY_SIZE(options); c++)
			print_option(mc, options[c]);
	}
	dump_close(&d);
	return status;
}
