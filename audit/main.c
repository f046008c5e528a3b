/* SPDX-License-Identifier: MIT */
/*
 * main.c - the mtaaudit command line.
 *
 *   mtaaudit [audit] [--root DIR] [--format text|json] [--fail-on SEV]
 *            [--postfix-version V] [--define NAME=VALUE] [PATH ...]
 *   mtaaudit --list-checks | --version | --help
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/discover.h"
#include "audit/engine.h"
#include "parsers/exim/exim.h"
#include "report/report.h"
#include "lib/rootfs.h"
#include "lib/util.h"

static const char usage_text[] =
    "usage: mtaaudit [audit] [--root DIR] [--format text|json] "
    "[--fail-on SEVERITY]\n"
    "                [--postfix-version VERSION] [--define NAME=VALUE] "
    "[PATH ...]\n"
    "       mtaaudit --list-checks\n"
    "       mtaaudit --version\n";

/* usage - print the synopsis and exit with the usage status */
static void __attribute__((noreturn))
usage(FILE *fp, int status)
{
	fputs(usage_text, fp);
	if (fp == stdout)
		fputs("\n"
		    "  --root DIR            audit the file-system image DIR "
		    "(default /)\n"
		    "  --format FORMAT       text (default) or json\n"
		    "  --fail-on SEVERITY    exit 1 when a finding is at least "
		    "this severe\n"
		    "                        (critical, high (default), medium, "
		    "low, info, none)\n"
		    "  --postfix-version V   defaults of Postfix V (default "
		    "3.7.11)\n"
		    "  --define NAME=VALUE   define an Exim macro, as exim "
		    "-DNAME=VALUE\n"
		    "  --list-checks         print every check and exit\n"
		    "  --version             print the version and exit\n"
		    "  -h, --help            print this help and exit\n", fp);
	exit(status);
}

/* abs_path - PATH made absolute against the working directory */
static char *
abs_path(const char *path)
{
	char cwd[PATH_MAX];

	if (path[0] == '/')
		return xstrdup(path);
	if (getcwd(cwd, sizeof(cwd)) == NULL)
		die("cannot determine the current directory");
	return xasprintf("%s/%s", cwd, path);
}

/* cmd_audit - read, check and report; returns the exit status */
static int
cmd_audit(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "define", required_argument, NULL, 'D' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "list-checks", no_argument, NULL, 'L' },
		{ "postfix-version", required_argument, NULL, 'P' },
		{ "root", required_argument, NULL, 'r' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct audit_opts opts = { NULL, STRVEC_INIT };
	const struct reporter *format = reporter_find("text");
	const char *root = NULL;
	enum severity fail_on = SEV_HIGH;
	bool never_fail = false;
	struct rootfs rfs;
	struct model model;
	struct engine eng;
	size_t found = 0, i;
	int ch, status = EXIT_CLEAN;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'D':
			if (!exim_define_ok(optarg)) {
				error_msg("--define wants NAME=VALUE with an "
				    "upper-case NAME, not '%s'", optarg);
				usage(stderr, EXIT_USAGE);
			}
			strvec_push(&opts.defines, optarg);
			break;
		case 'F':
			if (strcmp(optarg, "none") == 0)
				never_fail = true;
			else if (severity_parse(optarg, &fail_on) != 0) {
				error_msg("unknown severity '%s'", optarg);
				usage(stderr, EXIT_USAGE);
			}
			break;
		case 'f':
			if ((format = reporter_find(optarg)) == NULL) {
				fprintf(stderr, "error: unknown format '%s' "
				    "(valid: ", optarg);
				reporter_names(stderr);
				fputs(")\n", stderr);
				usage(stderr, EXIT_USAGE);
			}
			break;
		case 'h':
			usage(stdout, EXIT_CLEAN);
		case 'L':
			report_checks(stdout);
			return EXIT_CLEAN;
		case 'P':
			opts.postfix_version = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		case 'V':
			printf("mtaaudit %s\n", MTAAUDIT_VERSION);
			return EXIT_CLEAN;
		default:
			usage(stderr, EXIT_USAGE);
		}
	}
	if (rootfs_open(&rfs, root ? root : "/") != 0) {
		error_msg("cannot open root '%s'", root ? root : "/");
		return EXIT_USAGE;
	}
	model_init(&model, root ? root : "/");
	engine_init(&eng, &model);
	if (optind == argc)
		found = discover_root(&eng, &model, &rfs, &opts);
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		char *p = root ? xstrdup(argv[i]) : abs_path(argv[i]);

		if (discover_path(&eng, &model, &rfs, p, &opts) != 0) {
			error_msg("'%s' is no MTA configuration directory or "
			    "file", argv[i]);
			status = EXIT_USAGE;
		} else
			found++;
		free(p);
	}
	if (found == 0 && status == EXIT_CLEAN) {
		error_msg("no MTA configuration found under '%s'",
		    root ? root : "/");
		status = EXIT_USAGE;
	}
	if (status == EXIT_CLEAN) {
		engine_run(&eng);
		engine_sort(&eng);
		report_write(format, stdout, &eng, root ? root : "/");
		for (i = 0; i < eng.n && !never_fail; i++)
			if (eng.v[i].sev >= fail_on)
				status = EXIT_FINDINGS;
	}
	engine_free(&eng);
	model_free(&model);
	strvec_free(&opts.defines);
	rootfs_close(&rfs);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("cannot write the report");
	return status;
}

static const struct command {
	const char	*name;
	int		(*fn)(int, char **);
} commands[] = {
	{ "audit", cmd_audit },
};

int
main(int argc, char **argv)
{
	size_t i;

	if (argc > 1 && argv[1][0] != '-') {
		for (i = 0; i < ARRAY_SIZE(commands); i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				return commands[i].fn(argc - 1, argv + 1);
		error_msg("'%s' is not a mtaaudit command", argv[1]);
		usage(stderr, EXIT_USAGE);
	}
	return cmd_audit(argc, argv);
}
