/* SPDX-License-Identifier: MIT */
/*
 * listen.h - what the readers share about the SMTP ports they listen
 * on: a port by number or service name, the role a port implies and
 * the label a listener is shown with.
 */
#ifndef MTAAUDIT_LISTEN_H
#define MTAAUDIT_LISTEN_H

#include "audit/model.h"

/*
 * listen_port - the port S names: decimal 1-65535, or a mail service
 * name as /etc/services knows it (smtp, submission, submissions and its
 * aliases smtps, ssmtp, urd); 0 when S is neither
 */
int	 listen_port(const char *s);
/* listen_role - the role a listener on PORT has: 25, 587, 465, other */
enum listener_role listen_role(int port);
/*
 * listen_label - "NAME ADDR:PORT" (without "NAME " when NAME is NULL or
 * empty), each IPv6 address of the comma-separated ADDR in brackets so
 * that the port stays readable; the caller frees it
 */
char	*listen_label(const char *name, const char *addr, const char *port);

#endif
