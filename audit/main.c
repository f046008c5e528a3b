/* SPDX-License-Identifier: MIT */
/*
 * main.c - the mtaaudit command line: the first argument names a command
 * of the table (audit/command.c); without one, or when it is an option,
 * the command is audit.
 */
#include <stdio.h>

#include "audit/command.h"
#include "lib/util.h"

int
main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc > 1 && (cmd = command_find(argv[1])) != NULL)
		return cmd->fn(argc - 1, argv + 1);
	if (argc > 1 && argv[1][0] != '-') {
		error_msg("'%s' is not a mtaaudit command", argv[1]);
		usage(stderr, EXIT_USAGE);
	}
	return cmd_audit(argc, argv);
}
