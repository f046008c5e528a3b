/* SPDX-License-Identifier: MIT */
/*
 * command.c - the command table, the usage text and the commands that
 * take no options.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/command.h"
#include "lib/util.h"

/* the synopsis of mtaaudit(1), word for word */
static const char usage_text[] =
    "usage: mtaaudit [audit] [--root DIR] [--format FORMAT] "
    "[--fail-on SEVERITY]\n"
    "                [--postfix-version VERSION] [--define NAME=VALUE] "
    "[--budget NAME=N] [PATH ...]\n"
    "       mtaaudit --list-checks\n"
    "       mtaaudit --version\n";

/* the first argument names the command; without one it is audit */
const struct command commands[] = {
	{ "--help", cmd_help, "print this help and exit" },
	{ "--list-checks", cmd_list_checks, "print every check and exit" },
	{ "--version", cmd_version, "print the version and exit" },
	{ "-h", cmd_help, NULL },
	{ "audit", cmd_audit, "read, check and report (the default)" },
};
const size_t ncommands = ARRAY_SIZE(commands);

/* command_find - the row of NAME, or NULL */
const struct command *
command_find(const char *name)
{
	size_t i;

	for (i = 0; i < ncommands; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* usage - print the synopsis and exit with the usage status */
void
usage(FILE *fp, int status)
{
	size_t i;

	fputs(usage_text, fp);
	if (fp != stdout)
		exit(status);
	fputs("\ncommands:\n", fp);
	for (i = 0; i < ncommands; i++)
		if (commands[i].help && commands[i].name[0] != '-')
			fprintf(fp, "  %-20s  %s\n", commands[i].name,
			    commands[i].help);
	fputs("\noptions of audit:\n"
	    "  --root DIR            audit the file-system image DIR "
	    "(default /)\n"
	    "  --format FORMAT       the report: ", fp);
	for (i = 0; i < nreporters; i++)
		fprintf(fp, "%s%s%s", i ? ", " : "", reporters[i].name,
		    strcmp(reporters[i].name, "text") == 0 ? " (default)" : "");
	fputs("\n"
	    "  --fail-on SEVERITY    exit 1 when a finding is at least "
	    "this severe\n"
	    "                        (critical, high (default), medium, "
	    "low, info, none)\n"
	    "  --postfix-version V   defaults of Postfix V (default "
	    "3.7.11)\n"
	    "  --define NAME=VALUE   define an Exim macro, as exim "
	    "-DNAME=VALUE\n"
	    "  --budget NAME=N       raise or lower one limit of the work "
	    "budget\n", fp);
	for (i = 0; i < ncommands; i++)
		if (commands[i].help && commands[i].name[0] == '-')
			fprintf(fp, "  %-20s  %s\n", commands[i].name,
			    commands[i].help);
	fputs("  -h                    the same as --help\n", fp);
	exit(status);
}

/* cmd_help - the usage and every option, on standard output */
int
cmd_help(int argc, char **argv)
{
	if (argc > 1)
		usage(stderr, EXIT_USAGE);
	usage(stdout, EXIT_CLEAN);
}

/* cmd_list_checks - one line per registered check */
int
cmd_list_checks(int argc, char **argv)
{
	if (argc > 1)
		usage(stderr, EXIT_USAGE);
	report_checks(stdout);
	return EXIT_CLEAN;
}

/* cmd_version - "mtaaudit VERSION" */
int
cmd_version(int argc, char **argv)
{
	if (argc > 1)
		usage(stderr, EXIT_USAGE);
	printf("mtaaudit %s\n", MTAAUDIT_VERSION);
	return EXIT_CLEAN;
}
