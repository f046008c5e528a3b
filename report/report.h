/* SPDX-License-Identifier: MIT */
/*
 * report.h - render findings: text for people, JSON as the stable
 * contract (documented in mtaaudit(1), JSON OUTPUT).
 */
#ifndef MTAAUDIT_REPORT_H
#define MTAAUDIT_REPORT_H

#include <stdio.h>

#include "audit/engine.h"

void	 report_text(FILE *, const struct engine *, const char *root);
void	 report_json(FILE *, const struct engine *);
/* report_checks - the registry for --list-checks */
void	 report_checks(FILE *);
/* report_counts - findings per severity */
void	 report_counts(const struct engine *, size_t counts[SEV_COUNT]);

#endif
