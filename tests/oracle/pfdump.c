/* SPDX-License-Identifier: MIT */
/*
 * pfdump.c - print what mtaaudit's Postfix reader makes of a
 * configuration, so that tests/oracle can hold it against the real
 * postconf(1) and a running Postfix.  A test tool, not installed.
 *
 *   pfdump -l                       every parameter mtaaudit has a default
 *                                   for: "name flags"
 *   pfdump ROOT -n                  the names main.cf defines, one a line
 *   pfdump ROOT [-s SVC/TYPE] NAME...
 *                                   "name = value", effective and expanded,
 *                                   in main.cf's scope or in a master.cf
 *                                   service's (with its -o overrides);
 *                                   "# unknown name" when mtaaudit has no
 *                                   value for it
 *   pfdump ROOT -P                  every effective master.cf -o override as
 *                                   "service/type/name = value", as written
 *                                   (the format of "postconf -P")
 *   pfdump ROOT -g ADDR...          every listener and its grants, one a
 *                                   line, in the order of the JSON report
 *                                   (the format is in grants.c)
 *
 * ROOT is a file-system image; the configuration is ROOT/etc/postfix
 * (-d DIR names another, root-relative).  Exit status 2 on usage errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/addrset.h"
#include "audit/engine.h"
#include "grants.h"
#include "audit/model.h"
#include "parsers/postfix/pf_int.h"
#include "lib/rootfs.h"
#include "lib/util.h"

/* every parameter row of mtaaudit's default table, with its flags */
static const struct {
	const char	*name;
	unsigned	 flags;
} params[] = {
#define PF_PARAM(n, d, f)	{ n, f },
#include "parsers/postfix/postfix_params.def"
#undef PF_PARAM
};

/* parameters added after Postfix 3.7 that mtaaudit also knows */
static const char *const newparams[] = {
#define PF_NEWPARAM(n, s, d)	n,
#include "parsers/postfix/postfix_new_params.def"
#undef PF_NEWPARAM
};

static const char usage_text[] =
    "usage: pfdump -l\n"
    "       pfdump ROOT [-d DIR] -n\n"
    "       pfdump ROOT [-d DIR] [-s SERVICE/TYPE] NAME ...\n"
    "       pfdump ROOT [-d DIR] -P\n"
    "       pfdump ROOT [-d DIR] -g ADDRESS ...\n";

/* usage - print the synopsis and exit with the usage status */
static void __attribute__((noreturn))
usage(void)
{
	fputs(usage_text, stderr);
	exit(EXIT_USAGE);
}

/* list_params - print every parameter name with its table flags */
static void
list_params(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(params); i++) {
		unsigned f = params[i].flags;

		printf("%s %s%s%s%s%s\n", params[i].name,
		    f & PF_HOSTDEP ? "hostdep," : "",
		    f & PF_COMPAT ? "compat," : "",
		    f & PF_LEGACY ? "legacy," : "",
		    f & PF_NOTBUILTIN ? "notbuiltin," : "",
		    f == 0 ? "-" : "");
	}
	for (i = 0; i < ARRAY_SIZE(newparams); i++)
		printf("%s new\n", newparams[i]);
}

/* print_names - the names main.cf defines, each once, in file order */
static void
print_names(const struct pf_conf *pf)
{
	size_t i;

	for (i = 0; i < pf->ndefs; i++)
		if (pf_explicit(pf, pf->defs[i].name) == &pf->defs[i])
			printf("%s\n", pf->defs[i].name);
}

/* print_values - "name = value" for each name in a scope */
static int
print_values(struct pf_conf *pf, const char *scope, char **names, int n)
{
	const struct pf_service *svc = NULL;
	unsigned flags;
	int i;

	if (scope) {
		char *name = xstrdup(scope), *type = strchr(name, '/');

		if (type)
			*type++ = '\0';
		svc = pf_service_find(pf, name, type);
		free(name);
		if (svc == NULL) {
			error_msg("no master.cf service '%s'", scope);
			return EXIT_USAGE;
		}
	}
	for (i = 0; i < n; i++) {
		if (!pf_param_known(names[i], &flags) &&
		    pf_explicit(pf, names[i]) == NULL &&
		    (svc == NULL || pf_service_opt(svc, names[i]) == NULL)) {
			printf("# unknown %s\n", names[i]);
			continue;
		}
		printf("%s = %s\n", names[i], pf_value(pf, svc, names[i]));
	}
	return EXIT_CLEAN;
}

/* print_overrides - every effective -o of every live service */
static void
print_overrides(const struct pf_conf *pf)
{
	size_t i, j;

	for (i = 0; i < pf->nsvcs; i++) {
		const struct pf_service *svc = &pf->svcs[i];

		if (svc->dead)
			continue;
		for (j = 0; j < svc->nopts; j++)
			if (pf_service_opt(svc, svc->opts[j].name) ==
			    &svc->opts[j])
				printf("%s/%s/%s = %s\n", svc->name, svc->type,
				    svc->opts[j].name, svc->opts[j].value);
	}
}

int
main(int argc, char **argv)
{
	const char *dir = "etc/postfix", *scope = NULL;
	struct rootfs rfs;
	struct model model;
	struct engine eng;
	struct mtaconf *mc;
	int ch, mode = 'v', status = EXIT_CLEAN;

	if (argc == 2 && strcmp(argv[1], "-l") == 0) {
		list_params();
		return EXIT_CLEAN;
	}
	if (argc < 3 || argv[1][0] == '-')
		usage();
	optind = 2;
	while ((ch = getopt(argc, argv, "d:gnPs:")) != -1) {
		switch (ch) {
		case 'd':
			dir = optarg;
			break;
		case 's':
			scope = optarg;
			break;
		case 'g':
		case 'n':
		case 'P':
			mode = ch;
			break;
		default:
			usage();
		}
	}
	if (rootfs_open(&rfs, argv[1]) != 0)
		die("cannot open root '%s'", argv[1]);
	model_init(&model, argv[1]);
	engine_init(&eng, &model);
	mc = postfix_read(&eng, &model, &rfs, dir, NULL);
	switch (mode) {
	case 'n':
		print_names(mc->priv);
		break;
	case 'P':
		print_overrides(mc->priv);
		break;
	case 'g':
		status = grants_print(&model, argv + optind, argc - optind);
		break;
	default:
		status = print_values(mc->priv, scope, argv + optind,
		    argc - optind);
	}
	engine_free(&eng);
	model_free(&model);
	rootfs_close(&rfs);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("cannot write the output");
	return status;
}
