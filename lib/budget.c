/* SPDX-License-Identifier: MIT */
/*
 * budget.c - the work budget of one audit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/budget.h"

/* the kinds, by enum budget_kind: name and default limit */
static const struct {
	const char	*name;
	uint64_t	 dflt;
} kinds[BUDGET_COUNT] = {
	[BUDGET_BYTES] = { "bytes", 1024u * 1024 * 1024 },
	[BUDGET_EXPANDED] = { "expanded", 256u * 1024 * 1024 },
	[BUDGET_FILES] = { "files", 20000 },
	[BUDGET_FINDINGS] = { "findings", 200000 },
	[BUDGET_STEPS] = { "steps", 20000000 },
	[BUDGET_WALKS] = { "walks", 1000000 },
};

/* budget_init - the default limits */
void
budget_init(struct budget *b)
{
	size_t i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < BUDGET_COUNT; i++)
		b->limit[i] = kinds[i].dflt;
}

/* budget_name - the kind's name */
const char *
budget_name(enum budget_kind k)
{
	return kinds[k].name;
}

/* budget_default - the kind's default limit */
uint64_t
budget_default(enum budget_kind k)
{
	return kinds[k].dflt;
}

/* budget_set - "NAME=N" */
int
budget_set(struct budget *b, const char *spec)
{
	const char *eq = strchr(spec, '=');
	unsigned long long v;
	uint64_t mul = 1;
	char *end;
	size_t i;

	if (eq == NULL || eq[1] < '0' || eq[1] > '9')
		return -1;
	errno = 0;
	v = strtoull(eq + 1, &end, 10);
	if (*end == 'k')
		mul = 1024;
	else if (*end == 'M')
		mul = 1024 * 1024;
	else if (*end == 'G')
		mul = 1024 * 1024 * 1024;
	if (mul != 1)
		end++;
	if (errno != 0 || *end != '\0' || v == 0 || v > UINT64_MAX / mul)
		return -1;
	for (i = 0; i < BUDGET_COUNT; i++)
		if (strlen(kinds[i].name) == (size_t)(eq - spec) &&
		    memcmp(kinds[i].name, spec, (size_t)(eq - spec)) == 0) {
			b->limit[i] = v * mul;
			return 0;
		}
	return -1;
}

/* budget_take - draw N units; a spent kind stays spent */
bool
budget_take(struct budget *b, enum budget_kind k, uint64_t n)
{
	if (b->used[k] > b->limit[k])
		return false;
	if (n > b->limit[k] - b->used[k]) {
		b->used[k] = b->limit[k] + 1;
		return false;
	}
	b->used[k] += n;
	return true;
}

/* budget_spent - KIND has run out */
bool
budget_spent(const struct budget *b, enum budget_kind k)
{
	return b->used[k] > b->limit[k];
}
