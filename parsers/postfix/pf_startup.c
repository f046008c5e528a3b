/* SPDX-License-Identifier: MIT */
/*
 * pf_startup.c - the checks every Postfix program makes of main.cf when
 * it starts (mail_params_init() in Postfix's global/mail_params.c), each
 * of which stops Postfix as a whole: a myorigin file (Debian's build reads
 * myorigin from a file when the value is a path) that is empty or names
 * several values (one the tree lacks may be the host's: PRS004); myhostname equal to relayhost; a myhostname
 * or mydomain that is no valid host name.  Only values the files decide
 * are judged: a default that depends on the machine, or a template's
 * placeholder, is not.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/common/source.h"
#include "parsers/postfix/pf_int.h"

#define LABEL_MAX	63	/* VALID_LABEL_LEN */
#define HOSTNAME_MAX	255	/* VALID_HOSTNAME_LEN */

/* valid_hostname - Postfix's valid_hostname(): letters, digits, '_', '-'
 * inside labels, dots between them, not all digits */
static bool
valid_hostname(const char *name)
{
	const char *cp;
	size_t label = 0;
	bool alpha = false;

	if (*name == '\0')
		return false;
	for (cp = name; *cp; cp++) {
		unsigned char ch = (unsigned char)*cp;

		if (isalnum(ch) || ch == '_') {
			if (++label > LABEL_MAX)
				return false;
			if (!isdigit(ch))
				alpha = true;
		} else if (ch == '.') {
			if (label == 0 || cp[1] == '\0')
				return false;
			label = 0;
		} else if (ch == '-') {
			alpha = true;
			if (++label == 1 || cp[1] == '\0' || cp[1] == '.')
				return false;
		} else
			return false;
	}
	return alpha && cp - name <= HOSTNAME_MAX;
}

/* written - the setting is decided by the files (not the machine, not a
 * template placeholder) */
static const struct setting *
written(struct pf_conf *pf, const char *name)
{
	const struct setting *st = pf_get(pf, NULL, name);

	if (st == NULL || st->src == SRC_DEFAULT ||
	    line_templated(st->value, strlen(st->value)))
		return NULL;
	return st;
}

/* refuse - record why Postfix stops at the line of setting ST */
static void
refuse(struct pf_conf *pf, const struct setting *st, const char *why,
    const char *fix)
{
	struct finding *f;

	f = finding_add(pf->eng, "PRS001", pf->mc, NULL, st->file, st->line,
	    "Postfix refuses to start: %s", why);
	finding_setting(f, st->name, st->file, st->line);
	finding_fix(f, "%s", fix);
	if (pf->mc->wont_start)
		return;
	pf->mc->wont_start = true;
	pf->startup_why = xstrdup(why);
}

/* absent - the myorigin file is not in the audited tree */
static void
absent(struct pf_conf *pf, const struct setting *st)
{
	struct finding *f;

	f = finding_add(pf->eng, "PRS004", pf->mc, NULL, st->file, st->line,
	    "myorigin names %s, which is not in the audited tree: Postfix "
	    "refuses to start unless the host has it", st->value);
	finding_setting(f, st->name, st->file, st->line);
	finding_fix(f, "Add the file (one line: the domain of locally sent "
	    "mail) or set myorigin to the domain itself.");
}

/* myorigin - a path is read as Debian's Postfix reads it: its first line */
static void
myorigin(struct pf_conf *pf)
{
	const struct setting *st = written(pf, "myorigin");
	struct source src;
	char *why, *value, *line;
	const char *nl;

	if (st == NULL)
		return;
	if (st->value[0] != '/')
		value = xstrdup(st->value);
	else {
		/* the host may have it: PRS004, not a refusal */
		if (!source_read(pf->eng, pf->mc, pf->root, st->value,
		    st->file, st->line, false, &src)) {
			if (!src.unreadable)
				absent(pf, st);
			return;
		}
		nl = memchr(src.data, '\n', src.len);
		line = xstrndup(src.data, nl ? (size_t)(nl - src.data) :
		    src.len);
		value = str_trimdup(line);
		free(line);
		source_free(&src);
		if (*value == '\0') {
			why = xasprintf("myorigin file %s is empty",
			    st->value);
			refuse(pf, st, why, "Write the domain of locally sent "
			    "mail into the file.");
			free(why);
			free(value);
			return;
		}
	}
	if (value[strcspn(value, ", \t\r\n")] != '\0') {
		why = xasprintf("myorigin must not contain multiple values: "
		    "'%s'", value);
		refuse(pf, st, why, "Give myorigin one domain.");
		free(why);
	}
	free(value);
}

/* pf_startup - mail_params_init()'s refusals; sets mc->wont_start */
void
pf_startup(struct pf_conf *pf)
{
	static const char *const hosts[] = { "myhostname", "mydomain" };
	const struct setting *st, *relay;
	char *why;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hosts); i++)
		if ((st = written(pf, hosts[i])) != NULL &&
		    !valid_hostname(st->value)) {
			why = xasprintf("%s = '%s' is no valid host name",
			    hosts[i], st->value);
			refuse(pf, st, why, "Use letters, digits, '-' and '_' "
			    "in labels of at most 63, not all digits.");
			free(why);
		}
	myorigin(pf);
	st = pf_get(pf, NULL, "myhostname");
	relay = written(pf, "relayhost");
	if (st != NULL && relay != NULL && (st->src != SRC_DEFAULT ||
	    pf->hostname != NULL) && strcasecmp(st->value, relay->value) == 0) {
		why = xasprintf("myhostname and relayhost must not be "
		    "identical: '%s'", st->value);
		refuse(pf, relay, why, "Send through another host, or leave "
		    "relayhost empty.");
		free(why);
	}
}
