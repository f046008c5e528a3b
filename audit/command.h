/* SPDX-License-Identifier: MIT */
/*
 * command.h - the commands of mtaaudit and what the auditing ones share:
 * the options of the command line, and reading, checking and sorting
 * everything those options name.
 *
 * Adding a command: write audit/cmd_NAME.c with a command_fn, declare it
 * below, add its row to commands[] (audit/command.c) and document it in
 * man/mtaaudit.1 (SYNOPSIS, DESCRIPTION).
 */
#ifndef MTAAUDIT_COMMAND_H
#define MTAAUDIT_COMMAND_H

#include <stdbool.h>
#include <stdio.h>

#include "audit/discover.h"
#include "audit/engine.h"
#include "lib/rootfs.h"
#include "report/report.h"

typedef int command_fn(int argc, char **argv);

struct command {
	const char	*name;		/* first argument: "audit", "--version" */
	command_fn	*fn;		/* gets argv from the name on */
	const char	*help;		/* one line for --help */
};

extern const struct command commands[];
extern const size_t ncommands;

/* command_find - the command named NAME, or NULL */
const struct command *command_find(const char *name);
/* usage - print the synopsis (and with FP stdout the help) and exit */
void	 usage(FILE *, int status) __attribute__((noreturn));

/* the options of an auditing command */
struct audit_args {
	const char	*root;		/* NULL: "/" */
	const struct reporter *format;
	enum severity	 fail_on;
	bool		 never_fail;	/* --fail-on none */
	struct audit_opts opts;		/* what the readers are told */
	struct budget	 budget;	/* --budget: the work budget's limits */
	char		**paths;	/* PATH ...: argv's tail */
	int		 npaths;
};

/* everything one audit read and found */
struct audit_run {
	struct rootfs	 rfs;
	struct model	 model;
	struct engine	 eng;
};

/*
 * audit_args_parse - the options of ARGV; returns -1 to go on, or the
 * exit status when the command is done (--list-checks, --version)
 */
int	 audit_args_parse(struct audit_args *, int argc, char **argv);
void	 audit_args_free(struct audit_args *);
/*
 * audit_load - open the root, read what is named or found, run every
 * check and sort the findings; returns EXIT_CLEAN or EXIT_USAGE.  The
 * run is to be freed with audit_run_free either way.
 */
int	 audit_load(struct audit_run *, const struct audit_args *);
void	 audit_run_free(struct audit_run *);

/* the commands, one file each */
command_fn cmd_audit;
command_fn cmd_help;
command_fn cmd_list_checks;
command_fn cmd_version;

#endif
