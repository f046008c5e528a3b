/* SPDX-License-Identifier: MIT */
/*
 * pf_mailauth.h - how SPF, DKIM and DMARC are wired into Postfix:
 * milters (and the milters' own configuration when it is in the root)
 * and policy services.
 */
#ifndef MTAAUDIT_PF_MAILAUTH_H
#define MTAAUDIT_PF_MAILAUTH_H

#include "parsers/postfix/postfix.h"

/* pf_mailauth - fill mc->milters, spf, dkim_sign, dkim_verify, dmarc */
void	 pf_mailauth(struct pf_conf *);

#endif
