/* SPDX-License-Identifier: MIT */
/*
 * pf_params.c - Postfix's built-in parameters and their defaults, from
 * the data tables beside this file:
 *
 *   postfix_params.def     every parameter of Postfix 3.7.11 (postconf -d)
 *   postfix_compat.def     defaults that depend on compatibility_level
 *   postfix_versioned.def  defaults that changed by release
 *   postfix_new_params.def parameters added after 3.7
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/postfix/pf_int.h"

struct param_row {
	const char	*name;
	const char	*def;
	unsigned	 flags;
};

struct compat_row {
	const char	*name;
	const char	*below;
	const char	*level;
	const char	*above;
};

struct versioned_row {
	const char	*name;
	const char	*since;
	const char	*def;
};

static const struct param_row params[] = {
#define PF_PARAM(n, d, f)	{ n, d, f },
#include "parsers/postfix/postfix_params.def"
#undef PF_PARAM
};

static const struct compat_row compat[] = {
#define PF_COMPAT(n, b, l, a)	{ n, b, l, a },
#include "parsers/postfix/postfix_compat.def"
#undef PF_COMPAT
};

static const struct versioned_row versioned[] = {
#define PF_VERSIONED(n, s, d)	{ n, s, d },
#include "parsers/postfix/postfix_versioned.def"
#undef PF_VERSIONED
};

static const struct versioned_row newparams[] = {
#define PF_NEWPARAM(n, s, d)	{ n, s, d },
#include "parsers/postfix/postfix_new_params.def"
#undef PF_NEWPARAM
};

/*
 * Parameters Postfix keeps raw: expanded only when used, with per-message
 * attributes ($user, $rbl_code ...).  postconf -x prints them unexpanded;
 * found by comparing postconf -d and -x of Postfix 3.7.11.  Sorted.
 */
static const char *const raw_params[] = {
	"default_rbl_reply", "forward_path", "luser_relay", "mailbox_command",
	"postscreen_expansion_filter", "postscreen_reject_footer",
	"smtpd_expansion_filter", "smtpd_reject_footer",
};

#define PF_ABSENT	"\001absent"

/* row_cmp - bsearch comparator of a name against a params row */
static int
row_cmp(const void *key, const void *row)
{
	return strcmp(key, ((const struct param_row *)row)->name);
}

/* find_param - the postfix_params.def row of NAME, or NULL */
static const struct param_row *
find_param(const char *name)
{
	return bsearch(name, params, ARRAY_SIZE(params), sizeof(params[0]),
	    row_cmp);
}

/* find_new - the postfix_new_params.def row of NAME, or NULL */
static const struct versioned_row *
find_new(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(newparams); i++)
		if (strcmp(newparams[i].name, name) == 0)
			return &newparams[i];
	return NULL;
}

/* pf_param_known - NAME is a built-in parameter of some release */
bool
pf_param_known(const char *name, unsigned *flags)
{
	const struct param_row *r = find_param(name);

	if (flags)
		*flags = r ? r->flags : 0;
	return r != NULL || find_new(name) != NULL;
}

/* str_cmp - bsearch comparator for arrays of strings */
static int
str_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* pf_param_raw - NAME is expanded only at use time, never in the config */
bool
pf_param_raw(const char *name)
{
	return bsearch(name, raw_params, ARRAY_SIZE(raw_params),
	    sizeof(raw_params[0]), str_cmp) != NULL;
}

/* pf_param_since - the release that introduced NAME after 3.7, or NULL */
const char *
pf_param_since(const char *name)
{
	const struct versioned_row *r = find_new(name);

	return r ? r->since : NULL;
}

/* next_num - parse one decimal component; -1 when there is none */
static long
next_num(const char **s)
{
	long n = 0;

	if (!isdigit((unsigned char)**s))
		return -1;
	while (isdigit((unsigned char)**s) && n < 100000)
		n = n * 10 + (*(*s)++ - '0');
	if (**s == '.')
		(*s)++;
	return n;
}

/* pf_version_cmp - compare "3.6" with "3.7.11" as release numbers */
int
pf_version_cmp(const char *a, const char *b)
{
	int i;

	for (i = 0; i < 3; i++) {
		long x = next_num(&a), y = next_num(&b);

		if (x < 0)
			x = 0;
		if (y < 0)
			y = 0;
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

/* pf_level_at_least - the effective compatibility_level is >= threshold */
bool
pf_level_at_least(struct pf_conf *pf, const char *threshold)
{
	const char *lvl = pf_value(pf, NULL, "compatibility_level");

	return pf_version_cmp(lvl, threshold) >= 0;
}

/* host_default - the machine-dependent defaults myhostname and mydomain */
static const char *
host_default(struct pf_conf *pf, const struct pf_service *svc,
    const char *name, const char **why)
{
	static char buf[512];
	const char *h = pf->hostname ? pf->hostname : "localhost";

	if (strcmp(name, "myhostname") == 0) {
		*why = pf->hostname ? "the machine's host name "
		    "(etc/hostname)" : "the machine's host name (unknown: "
		    "no etc/hostname in the root)";
		if (strchr(h, '.') == NULL) {
			snprintf(buf, sizeof(buf), "%s.%s", h,
			    pf_explicit(pf, "mydomain") ?
			    pf_explicit(pf, "mydomain")->value : "localdomain");
			return buf;
		}
		return h;
	}
	if (strcmp(name, "mydomain") == 0) {
		const char *mh = pf_value(pf, svc, "myhostname");
		const char *dot = strchr(mh, '.');

		*why = "the domain part of $myhostname";
		snprintf(buf, sizeof(buf), "%s", dot && dot[1] ? dot + 1 :
		    "localdomain");
		return buf;
	}
	return NULL;
}

/*
 * pf_param_default - the raw default of NAME in a scope (a service's
 * -o overrides of compatibility_level or myhostname count), for the
 * configuration's release; NULL when NAME is not built in.
 * *rule says which rule gives the default; *why says it in words when
 * the default depends on the level, the release or the machine.
 */
const char *
pf_param_default(struct pf_conf *pf, const struct pf_service *svc,
    const char *name, enum setting_rule *rule, const char **why)
{
	static char rulebuf[256];
	const struct param_row *p;
	const struct versioned_row *nr;
	const char *def = NULL, *hd;
	size_t i, j;

	*why = NULL;
	*rule = RULE_HOST;
	if ((hd = host_default(pf, svc, name, why)) != NULL)
		return hd;
	for (i = 0; i < ARRAY_SIZE(compat); i++)
		if (strcmp(compat[i].name, name) == 0)
			break;
	/*
	 * A level row applies from the release that introduced the level:
	 * levels 1 and 2 came with 3.0, level 3.6 with 3.6, 3.11 with 3.11.
	 */
	if (i < ARRAY_SIZE(compat) && pf_version_cmp(pf->version,
	    pf_version_cmp(compat[i].level, "3.0") < 0 ? "3.0" :
	    compat[i].level) >= 0) {
		const char *lvl = pf_value(pf, svc, "compatibility_level");
		bool above = pf_version_cmp(lvl, compat[i].level) >= 0;

		snprintf(rulebuf, sizeof(rulebuf),
		    "compatibility_level %s is %s %s%s", lvl,
		    above ? ">=" : "<", compat[i].level,
		    pf_explicit(pf, "compatibility_level") ? "" :
		    " (no compatibility_level is set)");
		*why = rulebuf;
		*rule = RULE_COMPAT_LEVEL;
		return above ? compat[i].above : compat[i].below;
	}
	for (j = 0; j < ARRAY_SIZE(versioned); j++)
		if (strcmp(versioned[j].name, name) == 0 &&
		    pf_version_cmp(versioned[j].since, pf->version) <= 0) {
			def = versioned[j].def;
			snprintf(rulebuf, sizeof(rulebuf),
			    "the default of Postfix %s", pf->version);
			*why = rulebuf;
			*rule = RULE_RELEASE;
		}
	/* before 3.0 the pre-level defaults hold unless a release row says */
	if (def == NULL && i < ARRAY_SIZE(compat)) {
		snprintf(rulebuf, sizeof(rulebuf), "the default of Postfix %s",
		    pf->version);
		*why = rulebuf;
		*rule = RULE_RELEASE;
		return compat[i].below;
	}
	if (def != NULL) {
		if (strcmp(def, PF_ABSENT) != 0)
			return def;
		*rule = RULE_ABSENT;
		return NULL;
	}
	*rule = RULE_BUILTIN;
	if ((p = find_param(name)) != NULL && !(p->flags & PF_NOTBUILTIN))
		return p->def;
	if (p == NULL && (nr = find_new(name)) != NULL &&
	    pf_version_cmp(nr->since, pf->version) <= 0)
		return nr->def;
	*rule = RULE_ABSENT;
	return NULL;
}
