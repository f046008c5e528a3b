/* SPDX-License-Identifier: MIT */
/*
 * psl.h - the ICANN section of the Public Suffix List: is a domain a
 * TLD or a suffix like co.uk under which anyone can register names?
 */
#ifndef MTAAUDIT_PSL_H
#define MTAAUDIT_PSL_H

#include <stdbool.h>

/* psl_public_suffix - D (case-insensitive, trailing dot allowed) is one */
bool	 psl_public_suffix(const char *d);

#endif
