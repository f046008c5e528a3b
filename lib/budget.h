/* SPDX-License-Identifier: MIT */
/*
 * budget.h - one work budget per audit.  Every reader draws on it: bytes
 * read, files opened, named lists, classes and ACLs walked, bytes made by
 * expansion, evaluator steps and findings.  A kind that runs out stays
 * out: each later draw on it fails, so every loop that draws ends.  The
 * limits are mtaaudit(1)'s --budget NAME=N; the defaults are far above
 * what real configurations use (bench/RESULTS.md).
 */
#ifndef MTAAUDIT_BUDGET_H
#define MTAAUDIT_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

enum budget_kind {
	BUDGET_BYTES = 0,	/* bytes read: includes, list files, comments */
	BUDGET_EXPANDED,	/* bytes made by macro and parameter expansion */
	BUDGET_FILES,		/* files opened (one include read twice: two) */
	BUDGET_FINDINGS,	/* findings made, shown or folded */
	BUDGET_STEPS,		/* evaluator steps: items, statements, calls */
	BUDGET_WALKS,		/* named lists, classes and ACLs walked */
	BUDGET_COUNT
};

struct budget {
	uint64_t	 limit[BUDGET_COUNT];
	uint64_t	 used[BUDGET_COUNT];
};

/* budget_init - every kind at its default limit, nothing used */
void	 budget_init(struct budget *);
/* budget_name - the kind's name in --budget and in findings: "bytes" */
const char *budget_name(enum budget_kind);
/* budget_default - the kind's default limit */
uint64_t budget_default(enum budget_kind);
/*
 * budget_set - apply "NAME=N" (N a positive decimal number, optionally
 * with a k, M or G suffix of 1024s); -1 when NAME or N is not valid
 */
int	 budget_set(struct budget *, const char *spec);
/*
 * budget_take - draw N units of KIND; false when that would pass its
 * limit, and for every draw after that (the kind is spent)
 */
bool	 budget_take(struct budget *, enum budget_kind, uint64_t n);
/* budget_spent - KIND has run out */
bool	 budget_spent(const struct budget *, enum budget_kind);

#endif
