/* SPDX-License-Identifier: MIT */
/*
 * rxguard.c - the cost of an extended regular expression in glibc's
 * compiler, counted without compiling it.
 */
#include <ctype.h>
#include <stdlib.h>

#include "lib/rxguard.h"

#define CAP		((uint64_t)UINT32_MAX)
#define MAX_NEST	64

/* mul - a * b, bounded at CAP */
static uint64_t
mul(uint64_t a, uint64_t b)
{
	if (a == 0 || b == 0)
		return 0;
	return a > CAP / b ? CAP : a * b;
}

/* add - a + b, bounded at CAP */
static uint64_t
add(uint64_t a, uint64_t b)
{
	return a + b > CAP ? CAP : a + b;
}

/* bound - "{m}", "{m,}", "{m,n}" at *P: the copies it makes; P moves on */
static uint64_t
bound(const char **p)
{
	const char *s = *p + 1;
	uint64_t m = 0, n = 0;
	bool comma = false, have_n = false;

	while (isdigit((unsigned char)*s))
		m = add(mul(m, 10), (uint64_t)(*s++ - '0'));
	if (*s == ',') {
		comma = true;
		s++;
		while (isdigit((unsigned char)*s)) {
			n = add(mul(n, 10), (uint64_t)(*s++ - '0'));
			have_n = true;
		}
	}
	if (*s != '}')
		return 1;	/* not a bound: a literal brace */
	*p = s;
	if (!comma)
		return m ? m : 1;
	if (!have_n)
		return m + 1;	/* {m,}: m copies and a star */
	return n > m ? n : (m ? m : 1);
}

/* rxguard_cost - subexpression copies the pattern asks for */
uint64_t
rxguard_cost(const char *pattern, bool *backref)
{
	uint64_t sum[MAX_NEST + 1], last[MAX_NEST + 1], t;
	const char *p;
	int d = 0;

	*backref = false;
	sum[0] = last[0] = 0;
	for (p = pattern; *p; p++) {
		switch (*p) {
		case '\\':
			if (p[1] >= '1' && p[1] <= '9')
				*backref = true;
			if (p[1])
				p++;
			last[d] = 1;
			sum[d] = add(sum[d], 1);
			break;
		case '[':
			/* a bracket expression is one node */
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']') {
				if (*p == '[' && (p[1] == ':' || p[1] == '.' ||
				    p[1] == '=')) {
					char c = p[1];

					for (p += 2; *p && !(*p == c &&
					    p[1] == ']'); p++)
						;
					if (*p)
						p++;
				}
				if (*p)
					p++;
			}
			if (*p == '\0')
				p--;
			last[d] = 1;
			sum[d] = add(sum[d], 1);
			break;
		case '(':
			if (d == MAX_NEST)
				return CAP;
			d++;
			sum[d] = last[d] = 0;
			break;
		case ')':
			if (d == 0) {
				last[d] = 1;
				sum[d] = add(sum[d], 1);
				break;
			}
			t = sum[d] ? sum[d] : 1;
			d--;
			last[d] = t;
			sum[d] = add(sum[d], t);
			break;
		case '|':
			last[d] = 0;
			break;
		case '*':
		case '?':
			break;
		case '+':
			/* x+ is x x* */
			sum[d] = add(sum[d], last[d]);
			last[d] = mul(last[d], 2);
			break;
		case '{':
			t = bound(&p);
			if (*p == '{') {
				/* a literal brace */
				last[d] = 1;
				sum[d] = add(sum[d], 1);
				break;
			}
			sum[d] = add(sum[d], mul(last[d], t - 1));
			last[d] = mul(last[d], t);
			break;
		default:
			last[d] = 1;
			sum[d] = add(sum[d], 1);
			break;
		}
	}
	/* an unbalanced "(" counts what it holds */
	while (d > 0) {
		t = sum[d];
		d--;
		sum[d] = add(sum[d], t);
	}
	return sum[0];
}

/* rxguard_ok - cheap enough to compile, and no back-reference */
bool
rxguard_ok(const char *pattern, const char **why, uint64_t *cost)
{
	bool backref;

	*cost = rxguard_cost(pattern, &backref);
	if (backref) {
		*why = "it has a back-reference, which glibc's regexec() "
		    "matches by backtracking without a bound";
		return false;
	}
	if (*cost > RXGUARD_MAX_COST) {
		*why = "its nested repetition bounds multiply past what "
		    "glibc's regcomp() compiles in bounded memory";
		return false;
	}
	return true;
}
