/* SPDX-License-Identifier: MIT */
/*
 * checks.h - every check function of the registry (checks/registry.c),
 * grouped by the file that holds it.
 */
#ifndef MTAAUDIT_CHECKS_H
#define MTAAUDIT_CHECKS_H

#include "audit/engine.h"

/* grant_fn - a check of one grant of one reachable listener */
typedef void grant_fn(struct engine *, struct mtaconf *, struct listener *,
    struct grant *);
void	 each_grant(struct engine *, struct mtaconf *, grant_fn *);
/* first_public - the first listener reachable beyond loopback, or NULL */
struct listener *first_public(struct mtaconf *);

/* fact.c: findings about the neutral facts (struct fact) */
enum fixarg {
	FIXARG_SETTING = 0,	/* the fact's setting name */
	FIXARG_VALUE,		/* its value */
	FIXARG_NAME		/* the name the caller gives (a client's) */
};
/* a fix in the MTA's own words: a format with at most one %s */
struct fact_fix {
	enum mta	 mta;
	const char	*setting;	/* NULL: any setting of the fact */
	enum fixarg	 arg;
	const char	*fix;
};
/* fact_visit - report L's fact: reachable, known, not reported once yet */
bool	 fact_visit(const struct listener *, const struct fact *, bool *done);
struct finding *fact_finding(struct engine *, const char *id,
	    struct mtaconf *, const struct listener *, const struct fact *,
	    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void	 fact_fix(struct finding *, const struct fact_fix *, size_t,
	    const struct fact *, const char *name);

/* relay.c: MTA-neutral relay verdicts */
check_fn chk_open_relay, chk_public_networks, chk_implicit_networks,
    chk_relay_unknown, chk_permit_before_gate, chk_mx_backup, chk_no_role;
/* pf_relay_checks.c: Postfix relay configuration */
check_fn chk_pf_relay_empty, chk_pf_defer_gate, chk_pf_all_clientcerts,
    chk_pf_xclient,
    chk_pf_untrusted_routing, chk_pf_no_gate;
/* auth.c */
check_fn chk_auth_cleartext, chk_auth_anonymous, chk_no_submission,
    chk_pf_sender_login, chk_pf_sasl_remote;
/* tls.c */
check_fn chk_no_inbound_tls, chk_tls_no_cert, chk_tls_required_mx,
    chk_tls_snakeoil, chk_weak_tls, chk_outbound_tls;
/* mailauth.c */
check_fn chk_no_spf, chk_no_dkim_sign, chk_no_dkim_verify, chk_no_dmarc,
    chk_milter_fail_open, chk_milter_mismatch;
/* disclosure.c: what the SMTP dialogue shows and demands */
check_fn chk_banner, chk_vrfy, chk_helo;
/* pf_hygiene.c */
check_fn chk_pf_unknown_param, chk_pf_duplicate_param, chk_pf_deprecated,
    chk_pf_no_compat, chk_pf_smuggling;
/* exim.c: Exim's own checks and Exim variants */
check_fn chk_ex_auth_true, chk_ex_dkim_sha1, chk_ex_no_gate, chk_ex_smtps;
/* sendmail.c: Sendmail's own checks and Sendmail variants */
check_fn chk_sm_default_msa, chk_sm_weak_sender, chk_sm_forgeable;

#endif
