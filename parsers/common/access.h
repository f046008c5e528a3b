/* SPDX-License-Identifier: MIT */
/*
 * access.h - access map keys that Postfix's access(5) tables and
 * Sendmail's access map write alike.
 */
#ifndef MTAAUDIT_ACCESS_H
#define MTAAUDIT_ACCESS_H

#include <stdbool.h>

#include "lib/addrset.h"

/*
 * access_octets - KEY, one to four leading octets of an IPv4 address
 * ("10", "192.168", "192.0.2", "192.0.2.1"), as the network they name
 * (10.0.0.0/8 ...); false for anything else ("10.", "10..1", "1.2.3.4.5",
 * "300", "10/8")
 */
bool	 access_octets(const char *key, struct prefix *);

#endif
