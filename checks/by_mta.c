/* SPDX-License-Identifier: MIT */
/*
 * by_mta.c - checks that ask one question of every MTA but read each
 * MTA's own settings to answer it: a table of variants per check.
 */
#include "checks/checks.h"

/* the variant of each MTA, by enum mta; NULL = the check does not apply */
struct variants {
	check_fn	*fn[MTA_COUNT];
};

static const struct variants mx_backup = {
	{ chk_pf_mx_backup, NULL, chk_sm_mx_backup } };

/* run - call the variant for the configuration's MTA */
static void
run(const struct variants *v, struct engine *e, struct mtaconf *c)
{
	if (c->mta < MTA_COUNT && v->fn[c->mta] != NULL)
		v->fn[c->mta](e, c);
}

/* chk_mx_backup - relaying for whoever points an MX here */
void
chk_mx_backup(struct engine *e, struct mtaconf *c)
{
	run(&mx_backup, e, c);
}

