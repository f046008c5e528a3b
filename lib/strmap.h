/* SPDX-License-Identifier: MIT */
/*
 * strmap.h - string-keyed hash map (open addressing, FNV-1a).
 * Keys are copied; values are the caller's.
 */
#ifndef MTAAUDIT_STRMAP_H
#define MTAAUDIT_STRMAP_H

#include <stddef.h>

struct strmap_ent {
	char	*key;
	void	*val;
};

struct strmap {
	struct strmap_ent *t;
	size_t	 n;		/* entries in use */
	size_t	 cap;		/* slots, a power of two */
};
#define STRMAP_INIT	{ NULL, 0, 0 }

/* strmap_get - the value stored under key, or NULL */
void	*strmap_get(const struct strmap *, const char *key);
/* strmap_getn - the value stored under the N bytes at key, or NULL */
void	*strmap_getn(const struct strmap *, const char *key, size_t n);
/* strmap_put - store val under key, replacing; returns the old value */
void	*strmap_put(struct strmap *, const char *key, void *val);
void	 strmap_free(struct strmap *, void (*freeval)(void *));

#endif
