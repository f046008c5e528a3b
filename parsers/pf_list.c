/* SPDX-License-Identifier: MIT */
/*
 * pf_list.c - split Postfix lists and master.cf fields.  Separators only
 * count outside "{ ... }" groups, so "inline:{a=b, c=d}" and
 * "{ inet:host:port, default_action=accept }" stay one item.
 */
#include <string.h>

#include "postfix.h"

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

/* pf_list_has - the expanded list PARAM contains ITEM */
bool
pf_list_has(struct pf_conf *pf, const struct pf_service *svc,
    const char *param, const char *want)
{
	struct strvec items = STRVEC_INIT;
	bool found = false;
	size_t i;

	pf_split_list(pf_value(pf, svc, param), &items);
	for (i = 0; i < items.n && !found; i++)
		found = strcmp(items.v[i], want) == 0;
	strvec_free(&items);
	return found;
}
