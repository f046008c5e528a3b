/* SPDX-License-Identifier: MIT */
/*
 * grants.h - print every listener of a model and its relay grants, the
 * way the oracles read mtaaudit's prediction (pfdump -g, grantdump).
 */
#ifndef MTAAUDIT_ORACLE_GRANTS_H
#define MTAAUDIT_ORACLE_GRANTS_H

#include "model.h"

/*
 * grants_print - "listener" and "grant" lines for each listener of M,
 * with yes/no for each of the N addresses.  Returns an exit status.
 */
int	 grants_print(const struct model *m, char **addrs, int n);

#endif
