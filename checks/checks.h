/* SPDX-License-Identifier: MIT */
/*
 * checks.h - every check function of the registry (checks/registry.c),
 * grouped by the file that holds it.
 */
#ifndef MTAAUDIT_CHECKS_H
#define MTAAUDIT_CHECKS_H

#include "engine.h"

/* grant_fn - a check of one grant of one reachable listener */
typedef void grant_fn(struct engine *, struct mtaconf *, struct listener *,
    struct grant *);
void	 each_grant(struct engine *, struct mtaconf *, grant_fn *);

/* relay.c: MTA-neutral relay verdicts */
check_fn chk_open_relay, chk_public_networks, chk_implicit_networks,
    chk_relay_unknown, chk_no_role;
/* pf_relay_checks.c: Postfix relay configuration */
check_fn chk_pf_relay_empty, chk_pf_permit_before_gate, chk_pf_defer_gate,
    chk_pf_mx_backup, chk_pf_all_clientcerts, chk_pf_xclient,
    chk_pf_untrusted_routing, chk_pf_no_gate;
/* auth.c */
check_fn chk_auth_cleartext, chk_auth_anonymous, chk_no_submission,
    chk_pf_sender_login, chk_pf_sasl_remote;
/* tls.c */
check_fn chk_no_inbound_tls, chk_tls_no_cert, chk_tls_required_mx,
    chk_tls_snakeoil, chk_pf_weak_tls, chk_pf_outbound_tls;
/* mailauth.c */
check_fn chk_no_spf, chk_no_dkim_sign, chk_no_dkim_verify, chk_no_dmarc,
    chk_milter_fail_open, chk_milter_mismatch;
/* disclosure.c */
check_fn chk_pf_banner, chk_pf_vrfy, chk_pf_helo;
/* pf_hygiene.c */
check_fn chk_pf_unknown_param, chk_pf_duplicate_param, chk_pf_deprecated,
    chk_pf_no_compat, chk_pf_smuggling;

#endif
