/* SPDX-License-Identifier: MIT */
/*
 * pf_list.c - split Postfix lists and master.cf fields.  Separators only
 * count outside "{ ... }" groups, so "inline:{a=b, c=d}" and
 * "{ inet:host:port, default_action=accept }" stay one item.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/postfix/pf_int.h"

/* split - split s at any byte of seps outside braces; offs gets each start */
static void
split(const char *s, const char *seps, struct strvec *out, size_t **offs)
{
	const char *base = s, *start = NULL;
	int depth = 0;

	for (;; s++) {
		bool sep = *s == '\0' || (depth == 0 && strchr(seps, *s));

		if (!sep && start == NULL)
			start = s;
		if (*s == '{')
			depth++;
		else if (*s == '}' && depth > 0)
			depth--;
		if (sep && start) {
			if (offs) {
				*offs = xreallocarray(*offs, out->n + 1,
				    sizeof(**offs));
				(*offs)[out->n] = (size_t)(start - base);
			}
			strvec_push_owned(out, xstrndup(start, (size_t)(s - start)));
			start = NULL;
		}
		if (*s == '\0')
			break;
	}
}

/* pf_split_list - items of a list separated by commas and/or white space */
void
pf_split_list(const char *s, struct strvec *out)
{
	split(s, ", \t\r\n", out, NULL);
}

/* pf_split_fields - white-space separated fields with their offsets in s */
void
pf_split_fields(const char *s, struct strvec *out, size_t **offs)
{
	split(s, " \t\r\n", out, offs);
}

/* pf_unbrace - "{ text }" -> "text" (trimmed) in place; other text unchanged */
char *
pf_unbrace(char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '{' && s[n - 1] == '}') {
		s[n - 1] = '\0';
		return str_trim(s + 1);
	}
	return s;
}

/* free_set - free one cached item set */
static void
free_set(void *p)
{
	strmap_free(p, NULL);
	free(p);
}

/* pf_lists_free - free the caches of pf_list_has */
void
pf_lists_free(struct pf_conf *pf)
{
	size_t i;

	for (i = 0; pf->lists && i < pf->ncache; i++)
		strmap_free(&pf->lists[i], NULL);
	free(pf->lists);
	pf->lists = NULL;
	strmap_free(&pf->itemsets, free_set);
}

/*
 * pf_list_has - the expanded list PARAM of a scope contains ITEM; each
 * distinct list value is split once into a set that every scope with that
 * value shares (values never change once read)
 */
bool
pf_list_has(struct pf_conf *pf, const struct pf_service *svc,
    const char *param, const char *want)
{
	size_t scope = svc ? svc->scope : 0;
	struct strmap *set;

	if (pf->lists == NULL)
		pf->lists = xcalloc(pf->ncache, sizeof(*pf->lists));
	if ((set = strmap_get(&pf->lists[scope], param)) == NULL) {
		const struct setting *st = pf_get(pf, svc, param);
		char key[32];

		/* settings are shared by every scope that sees the same value */
		snprintf(key, sizeof(key), "%p", (const void *)st);
		if ((set = strmap_get(&pf->itemsets, key)) == NULL) {
			struct strvec items = STRVEC_INIT;
			size_t i;

			set = xcalloc(1, sizeof(*set));
			pf_split_list(st->value, &items);
			for (i = 0; i < items.n; i++)
				strmap_put(set, items.v[i], (void *)1);
			strvec_free(&items);
			strmap_put(&pf->itemsets, key, set);
		}
		strmap_put(&pf->lists[scope], param, set);
	}
	return strmap_get(set, want) != NULL;
}
