/* SPDX-License-Identifier: MIT */
/*
 * rxguard.h - what an untrusted regular expression would cost glibc
 * before it is handed to regcomp().  glibc copies a bounded repetition's
 * subexpression once per repeat, so nested bounds multiply:
 * ((((a{1,100}){1,100}){1,100}){1,100}) asks for 10^8 copies and
 * tens of gigabytes.  Back-references make regexec() backtrack without a
 * bound.  Neither is compiled.
 */
#ifndef MTAAUDIT_RXGUARD_H
#define MTAAUDIT_RXGUARD_H

#include <stdbool.h>
#include <stdint.h>

/* the most subexpression copies a pattern may ask for */
#define RXGUARD_MAX_COST	10000

/* rxguard_cost - copies an extended regular expression asks for, bounded
 * at UINT32_MAX; *backref is set when it has \1 ... \9 */
uint64_t rxguard_cost(const char *pattern, bool *backref);
/*
 * rxguard_ok - the pattern may be compiled; when not, *why says why
 * (a static string)
 */
bool	 rxguard_ok(const char *pattern, const char **why, uint64_t *cost);

#endif
