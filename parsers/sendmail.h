/* SPDX-License-Identifier: MIT */
/*
 * sendmail.h - the Sendmail reader: sendmail.mc read statically (a safe
 * subset of m4, never m4 itself), the access map source, relay-domains.
 */
#ifndef MTAAUDIT_SENDMAIL_H
#define MTAAUDIT_SENDMAIL_H

#include "engine.h"
#include "model.h"
#include "rootfs.h"

/*
 * sendmail_read - read the Sendmail configuration in DIR (etc/mail), or
 * the .mc file FILE in DIR when FILE is not NULL, into a new mtaconf.
 */
struct mtaconf *sendmail_read(struct engine *, struct model *,
	    const struct rootfs *, const char *dir, const char *file);

#endif
