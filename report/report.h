/* SPDX-License-Identifier: MIT */
/*
 * report.h - render findings.  Every format is one row of the reporter
 * table (report/report.c) and one file; text is for people, JSON is the
 * stable contract (documented in mtaaudit(1), JSON OUTPUT).
 *
 * Adding a format: write report/NAME.c with a report_fn, declare it
 * below, add its row to reporters[] (sorted by name) and document it
 * under --format in man/mtaaudit.1 (test_docs checks that).
 */
#ifndef MTAAUDIT_REPORT_H
#define MTAAUDIT_REPORT_H

#include <stdio.h>

#include "audit/engine.h"

/* what a reporter needs beyond the findings and the root */
#define REPORT_LISTENERS	0x1	/* the model: instances, listeners */
#define REPORT_REGISTRY		0x2	/* every check, not only those found */

/* what a reporter is given: only what its row asks for */
struct report_in {
	const struct finding *findings;	/* in the documented order */
	size_t		 nfindings;
	const char	*root;		/* as given on the command line */
	const struct model *model;	/* REPORT_LISTENERS, else NULL */
	const struct check *registry;	/* REPORT_REGISTRY, else NULL */
	size_t		 nregistry;
};

typedef void report_fn(FILE *, const struct report_in *);

struct reporter {
	const char	*name;		/* the --format value */
	report_fn	*fn;
	unsigned	 needs;		/* REPORT_* */
	const char	*help;		/* one line for --help */
};

extern const struct reporter reporters[];
extern const size_t nreporters;

/* reporter_find - the row of format NAME, or NULL */
const struct reporter *reporter_find(const char *name);
/* reporter_names - the format names, comma-separated, to FP */
void	 reporter_names(FILE *);
/* report_write - render the findings of E with reporter R */
void	 report_write(const struct reporter *, FILE *, const struct engine *,
	    const char *root);

/* the formats, one file each */
report_fn report_json;
report_fn report_text;

/* report_checks - the registry for --list-checks */
void	 report_checks(FILE *);
/* report_counts - findings per severity */
void	 report_counts(const struct report_in *, size_t counts[SEV_COUNT]);

#endif
