/* SPDX-License-Identifier: MIT */
/*
 * cmd_audit.c - the audit command: parse the options, read and check
 * everything they name, write the report.  The options and the reading
 * are shared with the commands to come that start from an audit.
 */
#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/command.h"
#include "parsers/exim/exim.h"
#include "lib/util.h"

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

/* release_ok - a Postfix release number: "3.6" or "3.7.11" */
static bool
release_ok(const char *v)
{
	int parts = 0;

	for (;;) {
		if (!isdigit((unsigned char)*v) || (v[0] == '0' &&
		    isdigit((unsigned char)v[1])))
			return false;
		while (isdigit((unsigned char)*v))
			v++;
		parts++;
		if (*v == '\0')
			return parts >= 2 && parts <= 3;
		if (*v++ != '.')
			return false;
	}
}

/* bad_format - the format is unknown: say which ones there are */
static void __attribute__((noreturn))
bad_format(const char *name)
{
	fprintf(stderr, "error: unknown format '%s' (valid: ", name);
	reporter_names(stderr);
	fputs(")\n", stderr);
	usage(stderr, EXIT_USAGE);
}

/* audit_args_parse - the options of an auditing command */
int
audit_args_parse(struct audit_args *a, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "budget", required_argument, NULL, 'B' },
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
	int ch;

	memset(a, 0, sizeof(*a));
	budget_init(&a->budget);
	a->format = reporter_find("text");
	a->fail_on = SEV_HIGH;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'B':
			if (budget_set(&a->budget, optarg) != 0) {
				error_msg("--budget wants NAME=N with a budget "
				    "named in mtaaudit(1) and N > 0, not '%s'",
				    optarg);
				usage(stderr, EXIT_USAGE);
			}
			break;
		case 'D':
			if (!exim_define_ok(optarg)) {
				error_msg("--define wants NAME=VALUE with an "
				    "upper-case NAME, not '%s'", optarg);
				usage(stderr, EXIT_USAGE);
			}
			strvec_push(&a->opts.defines, optarg);
			break;
		case 'F':
			if (strcmp(optarg, "none") == 0)
				a->never_fail = true;
			else if (severity_parse(optarg, &a->fail_on) != 0) {
				error_msg("unknown severity '%s'", optarg);
				usage(stderr, EXIT_USAGE);
			}
			break;
		case 'f':
			if ((a->format = reporter_find(optarg)) == NULL)
				bad_format(optarg);
			break;
		case 'h':
			usage(stdout, EXIT_CLEAN);
		case 'L':
			return cmd_list_checks(1, argv);
		case 'P':
			if (!release_ok(optarg)) {
				error_msg("--postfix-version wants a release "
				    "such as 3.7.11 or 3.6, not '%s'", optarg);
				usage(stderr, EXIT_USAGE);
			}
			a->opts.postfix_version = optarg;
			break;
		case 'r':
			a->root = optarg;
			break;
		case 'V':
			return cmd_version(1, argv);
		default:
			usage(stderr, EXIT_USAGE);
		}
	}
	a->paths = argv + optind;
	a->npaths = argc - optind;
	return -1;
}

/* audit_args_free - what parsing allocated */
void
audit_args_free(struct audit_args *a)
{
	strvec_free(&a->opts.defines);
}

/* audit_load - read, check and sort */
int
audit_load(struct audit_run *r, const struct audit_args *a)
{
	const char *root = a->root ? a->root : "/";
	size_t found = 0;
	int i, status = EXIT_CLEAN;

	model_init(&r->model, root);
	engine_init(&r->eng, &r->model);
	r->eng.budget = a->budget;
	if (rootfs_open(&r->rfs, root) != 0) {
		error_msg("cannot open root '%s'", root);
		return EXIT_USAGE;
	}
	if (a->npaths == 0)
		found = discover_root(&r->eng, &r->model, &r->rfs, &a->opts);
	for (i = 0; i < a->npaths; i++) {
		char *p = a->root ? xstrdup(a->paths[i]) :
		    abs_path(a->paths[i]);

		if (discover_path(&r->eng, &r->model, &r->rfs, p,
		    &a->opts) != 0) {
			error_msg("'%s' is no MTA configuration directory or "
			    "file", a->paths[i]);
			status = EXIT_USAGE;
		} else
			found++;
		free(p);
	}
	if (found == 0 && status == EXIT_CLEAN) {
		error_msg("no MTA configuration found under '%s'", root);
		status = EXIT_USAGE;
	}
	if (status == EXIT_CLEAN) {
		engine_run(&r->eng);
		engine_sort(&r->eng);
	}
	return status;
}

/* audit_run_free - everything an audit read and found */
void
audit_run_free(struct audit_run *r)
{
	engine_free(&r->eng);
	model_free(&r->model);
	rootfs_close(&r->rfs);
}

/* cmd_audit - read, check and report; returns the exit status */
int
cmd_audit(int argc, char **argv)
{
	struct audit_args a;
	struct audit_run r;
	size_t i;
	int status;

	if ((status = audit_args_parse(&a, argc, argv)) >= 0) {
		audit_args_free(&a);
		return status;
	}
	status = audit_load(&r, &a);
	if (status == EXIT_CLEAN) {
		report_write(a.format, stdout, &r.eng,
		    a.root ? a.root : "/");
		for (i = 0; i < r.eng.n && !a.never_fail; i++)
			if (r.eng.v[i].sev >= a.fail_on)
				status = EXIT_FINDINGS;
		/* a configuration whose files cannot be read, or that is
		 * over the work budget, has no verdict */
		for (i = 0; i < r.model.nconfs; i++)
			if (r.model.confs[i]->unreadable ||
			    r.model.confs[i]->over_budget)
				status = EXIT_USAGE;
	}
	audit_run_free(&r);
	audit_args_free(&a);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("cannot write the report");
	return status;
}
