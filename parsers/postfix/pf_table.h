/* SPDX-License-Identifier: MIT */
/*
 * pf_table.h - Postfix lookup tables read from their text sources inside
 * the root: hash/btree/lmdb/cdb/dbm/sdbm (the file without ".db"),
 * texthash, cidr, pcre, regexp, inline:{...} and static:.  Tables that
 * live in a database or a server are "unknown", never "safe".
 */
#ifndef MTAAUDIT_PF_TABLE_H
#define MTAAUDIT_PF_TABLE_H

#include <regex.h>
#include <stdbool.h>

#include "parsers/postfix/postfix.h"

enum pf_tkind {
	TK_KEYED = 0,	/* exact keys: hash, texthash, inline ... */
	TK_CIDR,	/* address prefixes */
	TK_REGEX,	/* regexp or pcre patterns */
	TK_STATIC,	/* one value for every key */
	TK_UNKNOWN	/* cannot be read statically */
};

/*
 * One entry.  key and value point into the table's own storage (the
 * source text, cut into strings in place, or copies in own), never
 * into memory of their own: a million-entry table costs its text plus
 * one array.
 */
struct pf_tentry {
	char		*key;		/* key, prefix or pattern text */
	char		*value;
	regex_t		*re;		/* compiled pattern, or NULL */
	int		 line;
	struct prefix	 pfx;		/* TK_CIDR */
	bool		 negated;	/* "!pattern" in cidr/regexp */
	bool		 compiled;	/* regex compiled into re */
};

struct pf_table {
	char		*spec;		/* "hash:/etc/postfix/access" */
	enum pf_tkind	 kind;
	const char	*file;		/* interned source file, or NULL */
	char		*why;		/* TK_UNKNOWN: the reason */
	struct pf_tentry *e;
	size_t		 n;
	size_t		 cap;		/* room in e */
	char		*text;		/* the source the entries point into */
	struct strvec	 own;		/* strings of inline: and static: */
};

/* pf_table_get - open (once) the table SPEC named at file:line */
struct pf_table *pf_table_get(struct pf_conf *, const char *spec,
	    const char *file, int line);
/* pf_table_is_spec - the item looks like "type:name" */
bool	 pf_table_is_spec(const char *);
/* pf_regex_matches - the entry's pattern matches s (false if uncompiled) */
bool	 pf_regex_matches(const struct pf_tentry *, const char *s);
void	 pf_tables_free(struct strmap *);

#endif
