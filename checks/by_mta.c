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

static const struct variants banner = {
	{ chk_pf_banner, chk_ex_banner, chk_sm_banner } };
static const struct variants vrfy = {
	{ chk_pf_vrfy, chk_ex_vrfy, chk_sm_vrfy } };
static const struct variants helo = {
	{ chk_pf_helo, NULL, chk_sm_helo } };
static const struct variants before_gate = {
	{ chk_pf_permit_before_gate, chk_ex_permit_before_gate, NULL } };
static const struct variants mx_backup = {
	{ chk_pf_mx_backup, NULL, chk_sm_mx_backup } };
static const struct variants weak_tls = {
	{ chk_pf_weak_tls, chk_ex_weak_tls, chk_sm_weak_tls } };
static const struct variants outbound_tls = {
	{ chk_pf_outbound_tls, chk_ex_outbound_tls, chk_sm_outbound_tls } };

/* run - call the variant for the configuration's MTA */
static void
run(const struct variants *v, struct engine *e, struct mtaconf *c)
{
	if (c->mta < MTA_COUNT && v->fn[c->mta] != NULL)
		v->fn[c->mta](e, c);
}

/* chk_banner - the greeting discloses the version */
void
chk_banner(struct engine *e, struct mtaconf *c)
{
	run(&banner, e, c);
}

/* chk_vrfy - VRFY or EXPN answers strangers */
void
chk_vrfy(struct engine *e, struct mtaconf *c)
{
	run(&vrfy, e, c);
}

/* chk_helo - mail is accepted without HELO */
void
chk_helo(struct engine *e, struct mtaconf *c)
{
	run(&helo, e, c);
}

/* chk_permit_before_gate - a permit or accept ahead of the relay gate */
void
chk_permit_before_gate(struct engine *e, struct mtaconf *c)
{
	run(&before_gate, e, c);
}

/* chk_mx_backup - relaying for whoever points an MX here */
void
chk_mx_backup(struct engine *e, struct mtaconf *c)
{
	run(&mx_backup, e, c);
}

/* chk_weak_tls - weak protocols or ciphers */
void
chk_weak_tls(struct engine *e, struct mtaconf *c)
{
	run(&weak_tls, e, c);
}

/* chk_outbound_tls - the SMTP client never tries TLS */
void
chk_outbound_tls(struct engine *e, struct mtaconf *c)
{
	run(&outbound_tls, e, c);
}
