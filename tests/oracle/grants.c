/* SPDX-License-Identifier: MIT */
/*
 * grants.c - the listener and grant lines of pfdump -g and grantdump:
 *
 *   listener<TAB>label<TAB>service<TAB>reachable<TAB>port
 *   grant<TAB>label<TAB>kind<TAB>what<TAB>ADDR=yes|no...<TAB>nets=P,...
 *   flags<TAB>label<TAB>strangers=yes|no<TAB>partial=..<TAB>uncertain=..
 *   ev<TAB>label<TAB>text                 (each evidence line of the grant)
 *   fields<TAB>label<TAB>NAME=VALUE...
 *
 * reachable is yes or no; ADDR=yes when the grant's address set holds
 * ADDR; P are the set's first 16 prefixes.  The flags and ev lines follow
 * their grant line.  A fields line follows each listener's grants: its
 * public fields of audit/model.h (bind, role, tls
 * none/optional/required/implicit, tls_cert, auth, auth_tls_only,
 * auth_anonymous; booleans yes or no).  Also the root reading the dump
 * tools share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/addrset.h"
#include "audit/discover.h"
#include "parsers/exim/exim.h"
#include "grants.h"
#include "lib/util.h"

static const char *const bind_names[] = { "loopback", "specific", "any" };
static const char *const role_names[] = {
	"mx", "submission", "submissions", "other"
};
static const char *const tls_names[] = {
	"none", "optional", "required", "implicit"
};

/* yn - "yes" or "no" */
static const char *
yn(bool b)
{
	return b ? "yes" : "no";
}

/* print_fields - the fields line of a listener */
static void
print_fields(const struct listener *l)
{
	printf("fields\t%s\tbind=%s\trole=%s\ttls=%s\ttls_cert=%s"
	    "\tauth=%s\tauth_tls_only=%s\tauth_anonymous=%s\n", l->label,
	    bind_names[l->bind], role_names[l->role], tls_names[l->tls],
	    yn(l->tls_cert), yn(l->auth), yn(l->auth_tls_only),
	    yn(l->auth_anonymous));
}

/* print_nets - "<TAB>nets=" and the first prefixes of a set, a line's end */
static void
print_nets(struct addrset *set)
{
	char buf[64];
	size_t i;

	printf("\tnets=");
	for (i = 0; set != NULL && i < set->n && i < 16; i++) {
		prefix_format(&set->p[i], buf, sizeof(buf));
		printf("%s%s", i ? "," : "", buf);
	}
	printf("\n");
}

/* print_flags - a grant's flags and evidence, the lines after it */
static void
print_flags(const char *label, const struct grant *gr)
{
	size_t i;

	printf("flags\t%s\tstrangers=%s\tpartial=%s\tuncertain=%s\n", label,
	    gr->strangers ? "yes" : "no", gr->partial ? "yes" : "no",
	    gr->uncertain ? "yes" : "no");
	for (i = 0; i < gr->ev.n; i++)
		printf("ev\t%s\t%s\n", label, gr->ev.v[i].text);
}

/* grants_print - each listener's grants and the addresses they cover */
int
grants_print(const struct model *m, char **addrs, int n)
{
	struct prefix *p = xcalloc((size_t)n + 1, sizeof(*p));
	size_t c, l, g;
	int i;

	for (i = 0; i < n; i++)
		if (!prefix_parse(addrs[i], &p[i])) {
			error_msg("'%s' is no address", addrs[i]);
			free(p);
			return EXIT_USAGE;
		}
	for (c = 0; c < m->nconfs; c++)
		for (l = 0; l < m->confs[c]->nlisteners; l++) {
			struct listener *lst = &m->confs[c]->listeners[l];

			printf("listener\t%s\t%s\t%s\t%d\n", lst->label,
			    lst->name, lst->reachable ? "yes" : "no",
			    lst->port);
			for (g = 0; g < lst->ngrants; g++) {
				struct grant *gr = &lst->grants[g];

				printf("grant\t%s\t%s\t%s", lst->label,
				    grant_kind_name(gr->kind), gr->what);
				for (i = 0; i < n; i++)
					printf("\t%s=%s", addrs[i],
					    gr->nets != NULL &&
					    addrset_contains(gr->nets, &p[i]) ?
					    "yes" : "no");
				print_nets(gr->nets);
				print_flags(lst->label, gr);
			}
			print_fields(lst);
		}
	free(p);
	return EXIT_CLEAN;
}


/* dump_open - read the root named on the command line */
void
dump_open(struct dumproot *d, int argc, char **argv, void (*usage)(void))
{
	int ch;

	memset(d, 0, sizeof(*d));
	if (argc < 2 || argv[1][0] == '-')
		usage();
	optind = 2;
	while ((ch = getopt(argc, argv, "D:")) != -1) {
		if (ch != 'D' || !exim_define_ok(optarg))
			usage();
		strvec_push(&d->opts.defines, optarg);
	}
	if (rootfs_open(&d->rfs, argv[1]) != 0)
		die("cannot open root '%s'", argv[1]);
	model_init(&d->model, argv[1]);
	engine_init(&d->eng, &d->model);
	discover_root(&d->eng, &d->model, &d->rfs, &d->opts);
	d->args = argv + optind;
	d->nargs = argc - optind;
}

/* dump_close - release what dump_open read and check the output */
void
dump_close(struct dumproot *d)
{
	engine_free(&d->eng);
	model_free(&d->model);
	rootfs_close(&d->rfs);
	strvec_free(&d->opts.defines);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("cannot write the output");
}
