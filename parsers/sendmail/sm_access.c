/* SPDX-License-Identifier: MIT */
/*
 * sm_access.c - the text source of the access map and the class R
 * entries (relay-domains, RELAY_DOMAIN_FILE), kept in the file's own
 * text, and Sendmail's address keys as prefixes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/common/source.h"
#include "parsers/sendmail/sm_int.h"

#define TEXT_BLOCK	16384	/* bytes of a block of copied strings */

/* access map tags a key may carry */
static const char *const tags[] = {
	"Connect", "From", "To", "Spam", "GreetPause", "ClientRate",
	"ClientConn", "CertIssuer", "CertSubject", "Srv_Features",
	"Try_TLS", "TLS_Clt", "TLS_Srv", "TLS_Rcpt", "QGRP", "Auth",
	"Mail", "Rcpt", "Ehlo", "MTA-STS",
};

/* texts_keep - hand BUF (malloc'd) to the store, freed with it */
static void
texts_keep(struct sm_texts *t, char *buf)
{
	t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
	t->v[t->n++] = buf;
}

/* sm_texts_dup - a copy of s kept in the store */
const char *
sm_texts_dup(struct sm_texts *t, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p;

	if (n > TEXT_BLOCK / 4) {
		/* a long one gets a block of its own; the current one stays */
		texts_keep(t, xstrdup(s));
		return t->v[t->n - 1];
	}
	if (t->left < n) {
		t->next = xmalloc(TEXT_BLOCK);
		t->left = TEXT_BLOCK;
		texts_keep(t, t->next);
	}
	p = memcpy(t->next, s, n);
	t->next += n;
	t->left -= n;
	return p;
}

/* sm_texts_free - free every buffer and block of the store */
void
sm_texts_free(struct sm_texts *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* reserve_entries - room for at least want entries in a list */
static void
reserve_entries(struct sm_entry **v, size_t *cap, size_t want)
{
	if (want <= *cap)
		return;
	if (want < *cap * 2)
		want = *cap * 2;
	*v = xreallocarray(*v, want, sizeof(**v));
	*cap = want;
}

/* sm_add_entry - append an entry to a list; the strings are not copied:
 * they are static or kept in the sm_conf's text store */
void
sm_add_entry(struct sm_entry **v, size_t *n, size_t *cap, const char *tag,
    const char *key, const char *action, const char *file, int line)
{
	struct sm_entry *e;

	reserve_entries(v, cap, *n + 1);
	e = &(*v)[(*n)++];
	e->tag = tag;
	e->key = key;
	e->action = action;
	e->file = file;
	e->line = line;
}

/* count_lines - how many lines lineiter_next() finds in src */
static size_t
count_lines(const struct source *src)
{
	const char *p = src->data, *end = src->data + src->len, *nl;
	size_t n = 0;

	for (; p < end; p = nl + 1, n++)
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return n + 1;
	return n;
}

/* line_text - the line ln of src as a C string in src's own buffer:
 * ended at its first NUL, or where its terminator was */
static char *
line_text(struct source *src, const struct line *ln)
{
	char *s = src->data + (ln->s - src->data);

	s[ln->len] = '\0';
	return s;
}

/* sm_read_classr - the domains and addresses of a class R file; the
 * entries point into the file's text, which the sm_conf keeps */
void
sm_read_classr(struct sm_reader *rd, const char *path, const char *from,
    int from_line, bool must)
{
	struct sm_conf *sm = rd->sm;
	struct source src;
	struct lineiter it;
	struct line ln;
	size_t i, n0 = sm->nclassr;

	if (!source_read(rd->eng, rd->mc, rd->root, path, from, from_line,
	    must, &src))
		return;
	/* RELAY_DOMAIN_FILE may name the file the .cf always reads */
	for (i = 0; i < sm->nclassr; i++)
		if (sm->classr[i].file == src.file) {
			source_free(&src);
			return;
		}
	/* mostly one word a line */
	reserve_entries(&sm->classr, &sm->capclassr,
	    sm->nclassr + count_lines(&src));
	lineiter_init(&it, &src);
	while (lineiter_next(&it, &ln)) {
		char *s = line_text(&src, &ln);
		size_t n;

		s[strcspn(s, "#")] = '\0';
		/* the words, as sm_split_words() cuts them, ended in place */
		for (;;) {
			s += strspn(s, " \t\r\n,");
			if ((n = strcspn(s, " \t\r\n,")) == 0)
				break;
			sm_add_entry(&sm->classr, &sm->nclassr, &sm->capclassr,
			    "", s, "RELAY", src.file, ln.no);
			if (s[n] == '\0')
				break;
			s[n] = '\0';
			s += n + 1;
		}
	}
	if (sm->nclassr > n0)
		texts_keep(&sm->texts, src.data);
	else
		source_free(&src);
}

/* sm_ipv6_prefix - "IPv6:2001:db8" (groups) or a full IPv6 address */
bool
sm_ipv6_prefix(const char *k, struct prefix *p)
{
	int groups = 1;
	const char *s;
	char *txt;
	bool ok;

	if (!str_starts(k, "IPv6:") && !str_starts(k, "ipv6:"))
		return false;
	k += 5;
	if (strstr(k, "::"))
		return prefix_parse(k, p);
	for (s = k; *s; s++)
		groups += *s == ':';
	if (groups >= 8)
		return prefix_parse(k, p);
	txt = xasprintf("%s::/%d", k, groups * 16);
	ok = prefix_parse(txt, p);
	free(txt);
	return ok;
}

/* sm_read_access - the text source of the access map */
void
sm_read_access(struct sm_reader *rd, const struct sm_feature *f)
{
	struct sm_conf *sm = rd->sm;
	char *path = f->args.n > 0 ? sm_file_arg(f->args.v[0]) : NULL;
	char *db;
	struct source src;
	struct lineiter it;
	struct line ln;

	if (path == NULL)
		path = xstrdup(SM_SETTINGS_DIR "/access");
	/* "hash -o /etc/mail/access.db" (RHEL): sendmail drops the ".db"
	 * and the text source is /etc/mail/access */
	if (str_ends(path, ".db"))
		path[strlen(path) - 3] = '\0';
	if (!source_read(rd->eng, rd->mc, rd->root, path, NULL, 0, false,
	    &src)) {
		db = xasprintf("%s.db", path);
		if (rootfs_exists(rd->root, db)) {
			sm->access_unknown = true;
			finding_add(rd->eng, "PRS004", rd->mc, NULL, f->file,
			    f->line, "the access map %s exists only as %s: "
			    "its text source is not in the tree, so what it "
			    "lets relay is unknown", path, db);
		}
		free(db);
		free(path);
		return;
	}
	free(path);
	sm->access_read = true;
	sm->access_file = src.file;
	/* one entry a line at most: the array is allocated once */
	reserve_entries(&sm->access, &sm->capaccess,
	    sm->naccess + count_lines(&src));
	lineiter_init(&it, &src);
	while (lineiter_next(&it, &ln)) {
		const char *tag = "";
		char *s, *k, *v;
		size_t i, n;

		if (line_blank(&ln) || line_comment(&ln))
			continue;
		/* key and action are cut in place: src's text is kept */
		s = line_text(&src, &ln);
		k = s + strspn(s, " \t");
		n = strcspn(k, " \t");
		v = k[n] ? k + n + 1 : k + n;
		k[n] = '\0';
		v = str_trim(v);
		for (i = 0; i < ARRAY_SIZE(tags); i++) {
			size_t tl = strlen(tags[i]);

			if (strncasecmp(k, tags[i], tl) == 0 && k[tl] == ':') {
				tag = tags[i];
				k += tl + 1;
				break;
			}
		}
		n = strcspn(v, " \t");
		v[n] = '\0';
		for (i = 0; v[i]; i++)
			v[i] = (char)toupper((unsigned char)v[i]);
		sm_add_entry(&sm->access, &sm->naccess, &sm->capaccess, tag, k,
		    v, src.file, ln.no);
	}
	if (sm->naccess > 0)
		texts_keep(&sm->texts, src.data);
	else
		source_free(&src);
}
