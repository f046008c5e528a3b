/* SPDX-License-Identifier: MIT */
/*
 * strmap.c - string-keyed hash map with linear probing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/strmap.h"
#include "lib/util.h"

/* hash - 64-bit FNV-1a of the n bytes of s */
static uint64_t
hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

/* slot - the slot holding the n-byte key, or the empty slot for it */
static struct strmap_ent *
slot(const struct strmap *m, const char *key, size_t n)
{
	size_t i = (size_t)hash(key, n) & (m->cap - 1);

	while (m->t[i].key != NULL && (strncmp(m->t[i].key, key, n) != 0 ||
	    m->t[i].key[n] != '\0'))
		i = (i + 1) & (m->cap - 1);
	return &m->t[i];
}

/* strmap_get - look a key up */
void *
strmap_get(const struct strmap *m, const char *key)
{
	return strmap_getn(m, key, strlen(key));
}

/* strmap_getn - look up the key made of the n bytes at key */
void *
strmap_getn(const struct strmap *m, const char *key, size_t n)
{
	struct strmap_ent *e;

	if (m->cap == 0)
		return NULL;
	e = slot(m, key, n);
	return e->key ? e->val : NULL;
}

/* grow - double the table and rehash every entry */
static void
grow(struct strmap *m)
{
	struct strmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->t = xcalloc(m->cap, sizeof(*m->t));
	for (i = 0; i < old.cap; i++)
		if (old.t[i].key)
			*slot(m, old.t[i].key, strlen(old.t[i].key)) = old.t[i];
	free(old.t);
}

/* strmap_put - insert or replace */
void *
strmap_put(struct strmap *m, const char *key, void *val)
{
	struct strmap_ent *e;
	void *prev;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	e = slot(m, key, strlen(key));
	if (e->key) {
		prev = e->val;
		e->val = val;
		return prev;
	}
	e->key = xstrdup(key);
	e->val = val;
	m->n++;
	return NULL;
}

/* strmap_free - free keys, and values with freeval when given */
void
strmap_free(struct strmap *m, void (*freeval)(void *))
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->t[i].key) {
			free(m->t[i].key);
			if (freeval)
				freeval(m->t[i].val);
		}
	free(m->t);
	memset(m, 0, sizeof(*m));
}
