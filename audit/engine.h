/* SPDX-License-Identifier: MIT */
/*
 * engine.h - checks, their registry, and the findings they produce.
 *
 * Findings are data: checks and readers create them through the engine
 * and never print.  The registry (checks/registry.c) holds every check's
 * metadata in one table sorted by id.
 */
#ifndef MTAAUDIT_ENGINE_H
#define MTAAUDIT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "audit/model.h"
#include "lib/budget.h"
#include "lib/sha256.h"

enum severity {
	SEV_INFO = 0,
	SEV_LOW,
	SEV_MEDIUM,
	SEV_HIGH,
	SEV_CRITICAL,
	SEV_COUNT
};

enum category {
	CAT_RELAY = 0,
	CAT_EXPOSURE,
	CAT_AUTH,
	CAT_TLS,
	CAT_SPF,
	CAT_DKIM,
	CAT_DMARC,
	CAT_DISCLOSURE,
	CAT_HYGIENE,
	CAT_PARSE,
	CAT_COUNT
};

struct engine;

typedef void check_fn(struct engine *, struct mtaconf *);

struct check {
	const char	*id;		/* stable, never reused: "RLY001" */
	const char	*name;		/* "open-relay" */
	enum category	 cat;
	enum severity	 sev;		/* default severity */
	unsigned	 mtas;		/* MTA_BIT() mask */
	check_fn	*fn;		/* NULL: raised by a reader */
	const char	*title;
	const char	*rationale;
	const char	*fix;
	const char	*refs;
};

/*
 * A finding's subject is its MTA, configuration unit (the instance's
 * directory), listener and setting; its fingerprint is the SHA-256 of
 * the subject and the check id (engine_sort, documented in mtaaudit(1)),
 * so it survives lines added above it and changes of its message.
 */
struct finding {
	const struct check *check;
	enum severity	 sev;		/* effective; check->sev is the default */
	enum mta	 mta;
	bool		 has_mta;
	const char	*unit;		/* the mtaconf's dir, or NULL */
	char		*listener;	/* listener label or NULL */
	char		*service;	/* the listener as "name/port", or NULL */
	char		*setting;	/* the setting it is about, or NULL */
	char		 fingerprint[SHA256_HEX];
	char		*message;
	const char	*file;		/* root-relative; NULL = no file */
	int		 line;
	struct evlist	 ev;
	char		*fix;		/* the hardened value for this case */
	size_t		 more;		/* "and N more": findings folded in */
};

/* findings of one check in one file shown before the rest are folded */
#define ENGINE_FOLD	5

struct engine {
	struct model	*model;
	struct finding	*v;
	size_t		 n;
	size_t		 cap;
	struct budget	 budget;	/* the audit's work budget */
	enum budget_kind spent;		/* the first kind that ran out ... */
	const char	*spent_file;	/* ... and where */
	int		 spent_line;
	bool		 any_spent;
	struct finding	 spill;		/* what is said of a configuration
					   after its budget ran out */
};

const char *severity_name(enum severity);
int	 severity_parse(const char *, enum severity *);
const char *category_name(enum category);

/* registry */
extern const struct check checks[];
extern const size_t nchecks;
const struct check *check_find(const char *id);

void	 engine_init(struct engine *, struct model *);
void	 engine_free(struct engine *);
/* engine_run - run every registered check on every MTA instance */
void	 engine_run(struct engine *);
/*
 * engine_spend - draw N units of budget KIND for configuration C while
 * at FILE:LINE; false once it has run out.  The first failed draw for C
 * makes it over budget with one PRS006 finding naming the budget and the
 * place; from then on nothing else is said of C and it gets no verdict.
 */
bool	 engine_spend(struct engine *, struct mtaconf *, enum budget_kind,
	    uint64_t n, const char *file, int line);
/* engine_sort - sort findings into the documented, deterministic order,
 * fold all but ENGINE_FOLD findings of one check in one file into an
 * "and N more" finding, and give each its fingerprint */
void	 engine_sort(struct engine *);
/* finding_key - the text whose SHA-256 is the fingerprint (without the
 * ordinal of a repeated subject); the caller frees */
char	*finding_key(const struct finding *);

/*
 * finding_add - add a finding of check ID with a formatted message;
 * the listener may be NULL.  Returns the finding so the caller can add
 * evidence, a fix or change the severity.
 */
struct finding *finding_add(struct engine *, const char *id,
	    const struct mtaconf *, const struct listener *,
	    const char *file, int line, const char *fmt, ...)
	    __attribute__((format(printf, 7, 8)));
void	 finding_evidence(struct finding *, const char *file, int line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	 finding_evidence_list(struct finding *, const struct evlist *);
/*
 * finding_setting - name the setting a finding is about and, when FILE
 * is not NULL, make its location the line that sets it (the line to
 * change); a built-in default (FILE NULL) keeps the location it has
 */
void	 finding_setting(struct finding *, const char *name,
	    const char *file, int line);
void	 finding_fix(struct finding *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
