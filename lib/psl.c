/* SPDX-License-Identifier: MIT */
/*
 * psl.c - lookups in the generated public suffix table.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/psl.h"
#include "lib/util.h"

/* the ICANN public suffixes: TLDs and the like of co.uk (generated) */
static const char *const suffixes[] = {
#define PF_SUFFIX(s)	s,
#include "lib/public_suffixes.def"
#undef PF_SUFFIX
};

/* suffix_cmp - bsearch comparator for the suffix table */
static int
suffix_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* psl_public_suffix - a TLD or another ICANN public suffix (co.uk ...) */
bool
psl_public_suffix(const char *d)
{
	char low[256];
	size_t i, n = strlen(d);

	if (n == 0 || n >= sizeof(low))
		return false;
	for (i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)d[i]);
	if (low[n - 1] == '.')
		low[n - 1] = '\0';
	return bsearch(low, suffixes, ARRAY_SIZE(suffixes), sizeof(suffixes[0]),
	    suffix_cmp) != NULL;
}
