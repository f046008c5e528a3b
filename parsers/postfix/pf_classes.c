/* SPDX-License-Identifier: MIT */
/*
 * pf_classes.c - restriction classes walked once.  A class named eight
 * times at each of ten levels would be walked 8^10 times; Postfix's smtpd
 * decides first-match, so a class already walked in a list decides
 * nothing the second time and is referred to, not walked again.  A class
 * that names itself is reported once, as what it is in Postfix: smtpd
 * follows class names without a bound (has_required() at start-up,
 * generic_checks() for each command, smtpd_check.c) until its stack runs
 * out and it dies.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/postfix/pf_int.h"

/* pf_class_first - CLASS is walked for the first time in LIST */
bool
pf_class_first(struct strmap *walked, int list, bool warned,
    const char *class)
{
	char *key = xasprintf("%d/%d/%s", list, warned, class);
	bool first = strmap_get(walked, key) == NULL;

	if (first)
		strmap_put(walked, key, (void *)1);
	free(key);
	return first;
}

/* pf_class_forget - CLASS may be walked again in LIST (a search found) */
void
pf_class_forget(struct strmap *walked, int list, const char *class)
{
	char *key = xasprintf("%d/0/%s", list, class);

	if (strmap_get(walked, key) != NULL)
		strmap_put(walked, key, NULL);
	free(key);
}

/* colour of a class in the search for cycles */
enum { WHITE = 0, GREY, BLACK };

/* visit - depth-first from CLASS; report each class that leads back */
static void
visit(struct pf_conf *pf, struct strmap *colour, const char *class)
{
	const struct setting *st = pf_get(pf, NULL, class);
	struct strvec items = STRVEC_INIT;
	uintptr_t c;
	size_t i;

	strmap_put(colour, class, (void *)(uintptr_t)GREY);
	pf_split_list(st->value, &items);
	for (i = 0; i < items.n; i++) {
		const char *it = items.v[i];

		if (!pf_list_has(pf, NULL, "smtpd_restriction_classes", it))
			continue;
		c = (uintptr_t)strmap_get(colour, it);
		if (c == GREY) {
			finding_add(pf->eng, "PRS001", pf->mc, NULL, st->file,
			    st->line, "restriction class %s names %s, which "
			    "leads back to it: Postfix's smtpd follows class "
			    "names without a bound and dies when it reaches "
			    "%s (its stack runs out); mtaaudit walks each "
			    "class once", class, it, it);
			break;
		}
		if (c == WHITE)
			visit(pf, colour, it);
	}
	strvec_free(&items);
	strmap_put(colour, class, (void *)(uintptr_t)BLACK);
}

/* pf_class_cycles - one PRS001 for each class that leads back to itself */
void
pf_class_cycles(struct pf_conf *pf)
{
	struct strvec classes = STRVEC_INIT;
	struct strmap colour = STRMAP_INIT;
	size_t i;

	pf_split_list(pf_value(pf, NULL, "smtpd_restriction_classes"),
	    &classes);
	for (i = 0; i < classes.n; i++)
		if (strmap_get(&colour, classes.v[i]) == NULL)
			visit(pf, &colour, classes.v[i]);
	strmap_free(&colour, NULL);
	strvec_free(&classes);
}
