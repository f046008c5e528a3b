/* SPDX-License-Identifier: MIT */
/*
 * test_pf_relay.c - unit tests for the Postfix relay evaluator
 * (parsers/postfix/pf_relay.c through postfix_read): which clients each smtpd
 * listener lets relay, as the grants in mc->listeners[i].grants.
 *
 * The expectations follow Postfix's own rules (smtpd_check.c and
 * /work/shared/reference/mta-semantics.md part A.1): lists run client,
 * helo, sender, then relay and recipient; the first PERMIT or REJECT ends
 * a list; a recipient passes only if no list rejects it; smtpd refuses to
 * start unless the relay or recipient list has a working gate keyword
 * (has_required(): a bare "permit" ends the search, the item after
 * "warn_if_reject" does not count, restriction classes are searched).
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/engine.h"
#include "audit/model.h"
#include "parsers/postfix/pf_int.h"
#include "lib/rootfs.h"
#include "pfx.h"
#include "lib/util.h"


#define ANY	(-1)		/* a field the case does not care about */

/* one expected grant */
struct wgrant {
	bool		 set;
	int		 kind;		/* enum grant_kind */
	int		 strangers;	/* 0, 1 or ANY */
	int		 partial;
	int		 uncertain;
	const char	*what;		/* a substring of grant.what, or NULL */
};

#define G(k, s, p, u, w)	{ true, (k), (s), (p), (u), (w) }

/* one listener of a case and exactly the grants it must have */
struct wlistener {
	const char	*name;
	struct wgrant	 g[5];
};

/* one configuration */
struct rcase {
	const char	*title;
	const char	*main_cf;
	const char	*master_cf;	/* NULL: "smtp inet ... smtpd" */
	const char	*files[3][2];	/* extra files: path, content */
	struct wlistener l[2];
};

static const char smtp_only[] = "smtp inet n - y - - smtpd\n";

/* grant_str - one grant for messages */
static void
grant_str(struct buf *b, const struct grant *g)
{
	buf_printf(b, "  %s%s%s%s what='%s'\n", grant_kind_name(g->kind),
	    g->strangers ? " strangers" : "", g->partial ? " partial" : "",
	    g->uncertain ? " uncertain" : "", g->what ? g->what : "");
}

/* matches - an actual grant satisfies an expected one */
static bool
matches(const struct grant *g, const struct wgrant *w)
{
	return (int)g->kind == w->kind &&
	    (w->strangers == ANY || w->strangers == (int)g->strangers) &&
	    (w->partial == ANY || w->partial == (int)g->partial) &&
	    (w->uncertain == ANY || w->uncertain == (int)g->uncertain) &&
	    (w->what == NULL || (g->what && strstr(g->what, w->what)));
}

/* find_listener - the listener of service NAME */
static const struct listener *
find_listener(struct pfx *fx, const char *name)
{
	size_t i;

	for (i = 0; i < fx->mc->nlisteners; i++)
		if (strcmp(fx->mc->listeners[i].name, name) == 0)
			return &fx->mc->listeners[i];
	fail_msg("no listener '%s'", name);
	return NULL;
}

/* check_grants - the listener has exactly the expected grants */
static void
check_grants(const char *title, const struct listener *l,
    const struct wgrant *w, size_t nw)
{
	bool used[16] = { false };
	struct buf b = BUF_INIT;
	size_t i, j, nset = 0;
	bool ok = l->ngrants <= ARRAY_SIZE(used);

	for (i = 0; i < nw && w[i].set; i++, nset++) {
		for (j = 0; ok && j < l->ngrants; j++)
			if (!used[j] && matches(&l->grants[j], &w[i]))
				break;
		if (!ok || j == l->ngrants) {
			ok = false;
			buf_printf(&b, "missing %s strangers=%d partial=%d "
			    "uncertain=%d what~'%s'\n",
			    grant_kind_name((enum grant_kind)w[i].kind),
			    w[i].strangers, w[i].partial, w[i].uncertain,
			    w[i].what ? w[i].what : "");
		} else
			used[j] = true;
	}
	if (ok && nset != l->ngrants) {
		ok = false;
		buf_printf(&b, "%zu grants, want %zu\n", l->ngrants, nset);
	}
	if (ok)
		return;
	buf_printf(&b, "grants of %s:\n", l->label);
	for (j = 0; j < l->ngrants; j++)
		grant_str(&b, &l->grants[j]);
	fail_msg("%s: %s", title, buf_str(&b));
}

/* run_case - write the case's files, read them, check every listener */
static void
run_case(struct pfx *fx, const struct rcase *c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(c->files) && c->files[i][0]; i++)
		put_text(fx, c->files[i][0], c->files[i][1]);
	pfx_load(fx, c->main_cf, c->master_cf ? c->master_cf : smtp_only);
	for (i = 0; i < ARRAY_SIZE(c->l) && c->l[i].name; i++)
		check_grants(c->title, find_listener(fx, c->l[i].name),
		    c->l[i].g, ARRAY_SIZE(c->l[i].g));
	for (i = 0; i < ARRAY_SIZE(c->files) && c->files[i][0]; i++)
		put_text(fx, c->files[i][0], NULL);
}

/* run_cases - every case of a table, each in a fresh configuration */
static void
run_cases(struct pfx *fx, const struct rcase *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		run_case(fx, &c[i]);
}

#define L36	"compatibility_level = 3.6\n"
#define MYNETS	G(GRANT_NETWORKS, 0, ANY, 0, "permit_mynetworks")
#define SASL	G(GRANT_AUTHENTICATED, 0, ANY, ANY, "permit_sasl_authenticated")

/* who may relay, by restriction lists (postfix_read, listener grants) */
static const struct rcase lists[] = {
	{ "default level 3.6", L36, NULL, { { NULL } },
	    { { "smtp", { MYNETS, SASL } } } },
	{ "no main.cf settings at level 3.10",
	    "compatibility_level = 3.10\n", NULL, { { NULL } },
	    { { "smtp", { MYNETS, SASL } } } },
	{ "permit in the relay list, the recipient list gates",
	    L36 "smtpd_relay_restrictions = permit, reject_unauth_destination\n"
	    "smtpd_recipient_restrictions = reject_unauth_destination\n",
	    NULL, { { NULL } }, { { "smtp", { { false } } } } },
	{ "permit in smtpd_client_restrictions alone",
	    L36 "smtpd_client_restrictions = permit\n", NULL, { { NULL } },
	    { { "smtp", { MYNETS, SASL } } } },
	{ "permit in client and helo lists alone",
	    L36 "smtpd_client_restrictions = permit\n"
	    "smtpd_helo_restrictions = permit\n"
	    "smtpd_sender_restrictions = permit\n", NULL, { { NULL } },
	    { { "smtp", { MYNETS, SASL } } } },
	{ "check_sender_access example.com OK before the gate",
	    L36 "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  check_sender_access hash:/etc/postfix/sender_access,\n"
	    "  reject_unauth_destination\n", NULL,
	    { { "etc/postfix/sender_access", "example.com OK\n" } },
	    { { "smtp", { MYNETS, G(GRANT_FORGEABLE, 1, ANY, 0,
	    "check_sender_access") } } } },
	{ "check_sender_access in the recipient list at level 0",
	    "mynetworks = 127.0.0.0/8\nmydestination = localhost\n"
	    "smtpd_recipient_restrictions =\n"
	    "  check_sender_access hash:/etc/postfix/sender_access,\n"
	    "  permit_mynetworks, reject_unauth_destination\n", NULL,
	    { { "etc/postfix/sender_access", "# ours\nexample.com OK\n" } },
	    { { "smtp", { MYNETS, G(GRANT_FORGEABLE, 1, ANY, 0,
	    "check_sender_access") } } } },
	{ "check_sender_access after the gate",
	    L36 "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  reject_unauth_destination,\n"
	    "  check_sender_access hash:/etc/postfix/sender_access\n", NULL,
	    { { "etc/postfix/sender_access", "example.com OK\n" } },
	    { { "smtp", { MYNETS } } } },
	{ "check_helo_access before the gate",
	    L36 "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  check_helo_access hash:/etc/postfix/helo_access,\n"
	    "  reject_unauth_destination\n", NULL,
	    { { "etc/postfix/helo_access", "mail.example.com OK\n" } },
	    { { "smtp", { MYNETS, G(GRANT_FORGEABLE, 1, ANY, 0,
	    "check_helo_access") } } } },
	{ "check_helo_access with only REJECT entries",
	    L36 "smtpd_helo_restrictions =\n"
	    "  check_helo_access hash:/etc/postfix/helo_access\n", NULL,
	    { { "etc/postfix/helo_access", "localhost REJECT\n" } },
	    { { "smtp", { MYNETS, SASL } } } },
	{ "check_client_access cidr 0.0.0.0/0 OK",
	    L36 "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  check_client_access cidr:/etc/postfix/clients.cidr,\n"
	    "  reject_unauth_destination\n", NULL,
	    { { "etc/postfix/clients.cidr", "192.0.2.0/24 OK\n"
	    "0.0.0.0/0 OK\n" } },
	    { { "smtp", { MYNETS, G(GRANT_ANYONE, 1, 0, 0,
	    "check_client_access") } } } },
	{ "check_client_access cidr with a private prefix only",
	    L36 "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  check_client_access cidr:/etc/postfix/clients.cidr,\n"
	    "  reject_unauth_destination\n", NULL,
	    { { "etc/postfix/clients.cidr", "10.0.0.0/8 OK\n"
	    "0.0.0.0/0 REJECT\n" } },
	    { { "smtp", { MYNETS, G(GRANT_NETWORKS, 0, 1, 0,
	    "check_client_access") } } } },
	{ "check_client_access pcre /./ OK",
	    L36 "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  check_client_access pcre:/etc/postfix/client.pcre,\n"
	    "  reject_unauth_destination\n", NULL,
	    { { "etc/postfix/client.pcre", "/./ OK\n" } },
	    { { "smtp", { MYNETS, G(GRANT_ANYONE, 1, ANY, 0,
	    "check_client_access") } } } },
	{ "check_client_access static:OK",
	    L36 "smtpd_relay_restrictions = check_client_access static:OK,\n"
	    "  reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_ANYONE, 1, ANY, 0, "static:OK") } } } },
	{ "check_client_access static:OK in the recipient list, level 0",
	    "mydestination = localhost\n"
	    "smtpd_recipient_restrictions = check_client_access static:OK,\n"
	    "  reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_ANYONE, 1, ANY, 0, "static:OK") } } } },
	{ "check_policy_service before the gate",
	    L36 "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  check_policy_service inet:127.0.0.1:12345,\n"
	    "  reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { MYNETS, G(GRANT_UNKNOWN, ANY, ANY, 1,
	    "check_policy_service") } } } },
	{ "check_policy_service after the gate",
	    L36 "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  reject_unauth_destination,\n"
	    "  check_policy_service inet:127.0.0.1:12345\n", NULL,
	    { { NULL } }, { { "smtp", { MYNETS } } } },
	{ "no gate keyword in either list",
	    L36 "smtpd_relay_restrictions = permit_mynetworks\n"
	    "smtpd_recipient_restrictions = permit_sasl_authenticated\n",
	    NULL, { { NULL } },
	    { { "smtp", { G(GRANT_UNKNOWN, ANY, ANY, ANY, "no-gate") } } } },
	{ "level 0, no lists at all",
	    "mydestination = localhost\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_UNKNOWN, ANY, ANY, ANY, "no-gate") } } } },
	{ "warn_if_reject neutralises the relay list's gate",
	    L36 "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  warn_if_reject reject_unauth_destination\n"
	    "smtpd_recipient_restrictions = check_client_access static:OK,\n"
	    "  reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { MYNETS, G(GRANT_ANYONE, 1, ANY, 0,
	    "static:OK") } } } },
	{ "the same without warn_if_reject",
	    L36 "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  reject_unauth_destination\n"
	    "smtpd_recipient_restrictions = check_client_access static:OK,\n"
	    "  reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { MYNETS } } } },
	{ "warn_if_reject before reject neutralises it",
	    L36 "smtpd_client_restrictions = warn_if_reject reject\n"
	    "smtpd_relay_restrictions = check_client_access static:OK,\n"
	    "  reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_ANYONE, 1, ANY, 0, "static:OK") } } } },
	{ "reject in the client list closes everything",
	    L36 "smtpd_client_restrictions = reject\n"
	    "smtpd_relay_restrictions = check_client_access static:OK,\n"
	    "  reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { { false } } } } },
};

/* test_lists - restriction lists, access tables, gates */
static void
test_lists(void **state)
{
	run_cases(*state, lists, ARRAY_SIZE(lists));
}

/* who may relay, by mynetworks and relay_domains */
static const struct rcase nets[] = {
	{ "mynetworks = 0.0.0.0/0",
	    L36 "mynetworks = 0.0.0.0/0\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_ANYONE, 1, 0, ANY, "permit_mynetworks"),
	    SASL } } } },
	/* every client matches permit_mynetworks: permit_sasl_authenticated
	 * is never reached (first match), so it grants nothing */
	{ "mynetworks = [::]/0 and 0.0.0.0/0",
	    L36 "mynetworks = [::]/0, 0.0.0.0/0\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_ANYONE, 1, 0, ANY, "permit_mynetworks") } } } },
	{ "mynetworks with a public /16",
	    L36 "mynetworks = 127.0.0.0/8, 198.51.100.0/24, 8.8.0.0/16\n",
	    NULL, { { NULL } },
	    { { "smtp", { G(GRANT_NETWORKS, 1, 1, ANY, "permit_mynetworks"),
	    SASL } } } },
	{ "mynetworks private only",
	    L36 "mynetworks = 127.0.0.0/8, 10.0.0.0/8, [::1]/128\n",
	    NULL, { { NULL } },
	    { { "smtp", { G(GRANT_NETWORKS, 0, 1, 0, "permit_mynetworks"),
	    SASL } } } },
	{ "mynetworks = static:all",
	    L36 "mynetworks = static:all\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_ANYONE, 1, ANY, ANY, "permit_mynetworks") } } } },
	{ "level 0: permit_mynetworks, reject_unauth_destination",
	    "smtpd_recipient_restrictions = permit_mynetworks, "
	    "reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_NETWORKS, 0, ANY, ANY,
	    "permit_mynetworks") } } } },
	{ "level 0: mydestination with $mydomain of example.com",
	    "myhostname = example.com\n"
	    "mydestination = $myhostname, localhost.$mydomain, $mydomain\n"
	    "smtpd_recipient_restrictions = permit_mynetworks, "
	    "reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_NETWORKS, 0, ANY, ANY, "permit_mynetworks"),
	    G(GRANT_DESTINATION, 1, ANY, ANY, "relay_domains") } } } },
	{ "level 0: mydestination with $mydomain of mail.example.com",
	    "myhostname = mail.example.com\n"
	    "mydestination = $myhostname, localhost.$mydomain, $mydomain\n"
	    "smtpd_recipient_restrictions = permit_mynetworks, "
	    "reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_NETWORKS, 0, ANY, ANY,
	    "permit_mynetworks") } } } },
	{ "level 2: the same mydestination, relay_domains empty",
	    "compatibility_level = 2\n"
	    "myhostname = example.com\n"
	    "mydestination = $myhostname, localhost.$mydomain, $mydomain\n",
	    NULL, { { NULL } }, { { "smtp", { MYNETS, SASL } } } },
	{ "relay_domains = static:x",
	    L36 "relay_domains = static:x\n", NULL, { { NULL } },
	    { { "smtp", { MYNETS, SASL, G(GRANT_DESTINATION, 1, ANY, ANY,
	    "every domain") } } } },
	{ "relay_domains = com",
	    L36 "relay_domains = example.org, com\n", NULL, { { NULL } },
	    { { "smtp", { MYNETS, SASL, G(GRANT_DESTINATION, 1, ANY, ANY,
	    "top-level") } } } },
	{ "relay_domains = example.org",
	    L36 "relay_domains = example.org\n", NULL, { { NULL } },
	    { { "smtp", { MYNETS, SASL } } } },
};

/* test_nets - mynetworks and relay_domains */
static void
test_nets(void **state)
{
	run_cases(*state, nets, ARRAY_SIZE(nets));
}

/* test_mydomain_trap - the level-0 relay_domains default in detail */
static void
test_mydomain_trap(void **state)
{
	struct pfx *fx = *state;

	run_case(fx, &nets[6]);
	assert_string_equal(pf_value(fx->pf, NULL, "mydomain"), "com");
	assert_string_equal(pf_value(fx->pf, NULL, "relay_domains"),
	    "example.com, localhost.com, com");
	assert_int_equal(pf_get(fx->pf, NULL, "relay_domains")->src,
	    SRC_DEFAULT);
}

/* master.cf -o overrides: one listener differs from the others */
static const struct rcase overrides[] = {
	{ "-o smtpd_relay_restrictions=permit: submission cannot start",
	    L36, "smtp inet n - y - - smtpd\n"
	    "submission inet n - y - - smtpd\n"
	    "  -o smtpd_relay_restrictions=permit\n", { { NULL } },
	    { { "smtp", { MYNETS, SASL } },
	    { "submission", { G(GRANT_UNKNOWN, ANY, ANY, ANY,
	    "no-gate") } } } },
	{ "-o a catch-all client table before the gate",
	    L36, "smtp inet n - y - - smtpd\n"
	    "submission inet n - y - - smtpd\n"
	    "  -o { smtpd_relay_restrictions = check_client_access static:OK,"
	    " reject_unauth_destination }\n", { { NULL } },
	    { { "smtp", { MYNETS, SASL } },
	    { "submission", { G(GRANT_ANYONE, 1, ANY, 0,
	    "static:OK") } } } },
	{ "-o mynetworks=0.0.0.0/0",
	    L36, "smtp inet n - y - - smtpd\n"
	    "submission inet n - y - - smtpd\n"
	    "  -o mynetworks=0.0.0.0/0\n", { { NULL } },
	    { { "smtp", { MYNETS, SASL } },
	    { "submission", { G(GRANT_ANYONE, 1, 0, ANY,
	    "permit_mynetworks"), SASL } } } },
	{ "-o closes the listener main.cf opens",
	    L36 "mynetworks = 0.0.0.0/0\n", "smtp inet n - y - - smtpd\n"
	    "submission inet n - y - - smtpd\n"
	    "  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject\n",
	    { { NULL } },
	    { { "smtp", { G(GRANT_ANYONE, 1, 0, ANY, "permit_mynetworks"),
	    SASL } }, { "submission", { SASL } } } },
	{ "postscreen: the smtpd pass service's overrides count",
	    L36, "smtp inet n - n - 1 postscreen\n"
	    "smtpd pass - - n - - smtpd\n"
	    "  -o mynetworks=0.0.0.0/0\n", { { NULL } },
	    { { "smtp", { G(GRANT_ANYONE, 1, 0, ANY, "permit_mynetworks"),
	    SASL } } } },
};

/* test_overrides - master.cf -o overrides act per listener */
static void
test_overrides(void **state)
{
	run_cases(*state, overrides, ARRAY_SIZE(overrides));
}

/*
 * Start-up checks where pf_relay.c's gate_keyword() (not ours to change)
 * differs from Postfix's has_required(): it looks for the keyword
 * anywhere in the list with strcmp().  Postfix stops at a bare "permit",
 * skips the item after "warn_if_reject", searches restriction classes
 * and compares case-insensitively (smtpd_check.c).
 */
static const struct rcase startup[] = {
	{ "permit before the gate: smtpd refuses to start",
	    L36 "smtpd_relay_restrictions = permit, "
	    "reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_UNKNOWN, ANY, ANY, ANY, "no-gate") } } } },
	{ "-o permit before the gate on submission",
	    L36, "smtp inet n - y - - smtpd\n"
	    "submission inet n - y - - smtpd\n"
	    "  -o smtpd_relay_restrictions=permit,reject_unauth_destination\n",
	    { { NULL } },
	    { { "smtp", { MYNETS, SASL } },
	    { "submission", { G(GRANT_UNKNOWN, ANY, ANY, ANY,
	    "no-gate") } } } },
	{ "warn_if_reject before the only gate: smtpd refuses to start",
	    L36 "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  warn_if_reject reject_unauth_destination\n", NULL, { { NULL } },
	    { { "smtp", { G(GRANT_UNKNOWN, ANY, ANY, ANY, "no-gate") } } } },
	{ "the gate inside a restriction class",
	    L36 "smtpd_restriction_classes = gate_class\n"
	    "gate_class = reject_unauth_destination\n"
	    "smtpd_relay_restrictions = permit_mynetworks, gate_class\n",
	    NULL, { { NULL } }, { { "smtp", { MYNETS } } } },
	{ "restriction names in capitals",
	    L36 "smtpd_relay_restrictions = permit_mynetworks, "
	    "REJECT_UNAUTH_DESTINATION\n", NULL, { { NULL } },
	    { { "smtp", { MYNETS } } } },
};

/* test_startup_permit - a bare permit before the gate: smtpd will not start */
static void
test_startup_permit(void **state)
{
	/*
	 * With "smtpd_relay_restrictions = permit, reject_unauth_destination"
	 * and no gate in smtpd_recipient_restrictions, smtpd logs "restriction
	 * `reject_unauth_destination' after `permit' is ignored" and refuses
	 * to start ("no-gate"), also with -o on one service.
	 */
	run_case(*state, &startup[0]);
	run_case(*state, &startup[1]);
}

/* test_startup_warn - warn_if_reject before the only gate */
static void
test_startup_warn(void **state)
{
	/*
	 * The restriction after warn_if_reject does not satisfy smtpd's
	 * start-up check, so with it as the only gate smtpd refuses to start.
	 */
	run_case(*state, &startup[2]);
}

/* test_startup_class - the gate inside a restriction class */
static void
test_startup_class(void **state)
{
	/*
	 * Postfix searches restriction classes named in the list for the gate
	 * keyword, so this smtpd starts and only mynetworks relays.
	 */
	run_case(*state, &startup[3]);
}

/* test_startup_case - restriction names are case-insensitive */
static void
test_startup_case(void **state)
{
	/*
	 * smtpd compares restriction names with strcasecmp(), so
	 * REJECT_UNAUTH_DESTINATION is the gate.
	 */
	run_case(*state, &startup[4]);
}

/*
 * test_provenance - a grant names its list, item and line, the setting
 * that makes it broad, and one item reached through two lists is one
 * grant
 */
static void
test_provenance(void **state)
{
	struct pfx *fx = *state;
	struct listener *l;
	struct grant *g;

	pfx_load(fx, L36
	    "mynetworks = 192.0.2.0/24\n"
	    "smtpd_client_restrictions = permit_sasl_authenticated, reject\n"
	    "smtpd_relay_restrictions = permit_mynetworks,\n"
	    "  permit_sasl_authenticated, reject_unauth_destination\n",
	    smtp_only);
	l = listener(fx, "smtp *:25");
	assert_string_equal(l->gate.list, "smtpd_relay_restrictions");
	assert_string_equal(l->gate.item, "reject_unauth_destination");
	assert_int_equal(l->gate.line, 4);
	g = grant_of(l, GRANT_AUTHENTICATED, NULL);
	assert_non_null(g);
	assert_int_equal(g->origin, ORIGIN_ITEM);
	/* one class of clients, authenticated, passes both lists: the
	 * first step that asked for AUTH makes the one grant, so there is
	 * no duplicate to merge */
	assert_int_equal(g->merged, 0);
	assert_string_equal(g->src.list, "smtpd_client_restrictions");
	assert_string_equal(g->src.item, "permit_sasl_authenticated");
	assert_string_equal(g->src.file, "etc/postfix/main.cf");
	assert_int_equal(g->src.line, 3);
	assert_string_equal(g->src.text, "smtpd_client_restrictions = "
	    "permit_sasl_authenticated, reject");
	assert_null(g->cause.name);
	/* the client list's reject stops mynetworks: no networks grant */
	assert_null(grant_of(l, GRANT_NETWORKS, NULL));
	assert_int_equal(l->ngrants, 1);

	pfx_load(fx, L36 "mynetworks = 0.0.0.0/0\n", smtp_only);
	l = listener(fx, "smtp *:25");
	g = grant_of(l, GRANT_ANYONE, "permit_mynetworks");
	assert_non_null(g);
	assert_int_equal(g->origin, ORIGIN_NETLIST);
	assert_string_equal(g->src.list, "smtpd_relay_restrictions");
	assert_null(g->src.file);		/* the built-in default */
	assert_string_equal(g->cause.name, "mynetworks");
	assert_string_equal(g->cause.file, "etc/postfix/main.cf");
	assert_int_equal(g->cause.line, 2);
	/* RLY001 points at the mynetworks line, not at master.cf */
	engine_run(&fx->eng);
	assert_true(has_finding_at(fx, "RLY001", "etc/postfix/main.cf", 2));
	assert_false(has_finding_at(fx, "RLY001", "etc/postfix/master.cf", 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lists, pfx_setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_nets, pfx_setup, pfx_teardown),
		cmocka_unit_test_setup_teardown(test_provenance, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_mydomain_trap, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_overrides, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_startup_permit, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_startup_warn, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_startup_class, pfx_setup,
		    pfx_teardown),
		cmocka_unit_test_setup_teardown(test_startup_case, pfx_setup,
		    pfx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
