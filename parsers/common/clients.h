/* SPDX-License-Identifier: MIT */
/*
 * clients.h - sets of SMTP clients for the relay evaluators: which clients
 * reach a step of a restriction list or ACL, and which of them it lets
 * through, worked out by set arithmetic.
 *
 * A class is a set of client addresses crossed with conditions on what
 * else decides: authenticated or not, a client certificate, a verified
 * host name a list names, a value the client chooses itself (envelope
 * sender, HELO name, its own reverse name) and whether the recipient is
 * in a domain a table names.  A step splits each class that reaches it
 * into the part it decides for and the rest, which goes on to the next
 * step; the classes left after the last list are the ones that relay.
 */
#ifndef MTAAUDIT_CLIENTS_H
#define MTAAUDIT_CLIENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/addrset.h"

/* what else than its address decides for a client */
enum cattr {
	CA_AUTH = 0,	/* SMTP AUTH succeeded */
	CA_CERT,	/* a trusted TLS client certificate */
	CA_NAMED,	/* its verified host name is one a list names */
	CA_FORGED,	/* it sends the value a table keys on (sender, HELO) */
	CA_DEST,	/* its recipient's domain is one a table names */
	CA_COUNT
};

/* a condition on one attribute */
enum tri { TRI_ANY = 0, TRI_YES, TRI_NO };

/*
 * one class of clients and the steps that shaped it (the reader's).
 * A step that lets the clients of a set through splits a class into its
 * clients in the set (they pass) and the class itself, which goes on
 * unchanged: the clients that passed cannot fare worse further down the
 * list than at the step that let them through (a later step can only
 * pass or refuse), so the union of what relays is exact while each
 * class stays one set, never a complement.
 */
struct cclass {
	struct addrset	*nets;		/* its addresses; NULL = every address */
	bool		 owned;		/* nets is its own (else a step's) */
	enum tri	 attr[CA_COUNT];
	bool		 uncertain;	/* passed a step the audit cannot decide */
	const void	*by_attr[CA_COUNT]; /* the step that required each YES */
	const void	*by_nets;	/* the step that narrowed nets to its set */
	const void	*by_any;	/* a step that let the whole class pass */
	const void	*by_unknown;	/* the undecidable step it passed */
};

struct cset {
	struct cclass	*v;
	size_t		 n;
	size_t		 cap;
	bool		 overflow;	/* CSET_MAX reached: classes were merged
					   into uncertain ones */
};
#define CSET_INIT	{ NULL, 0, 0, false }
#define CSET_MAX	512	/* classes a set keeps apart */

void	 cset_free(struct cset *);
/* cset_everyone - one class: every address, no condition */
void	 cset_everyone(struct cset *);
/* cset_take - move every class of SRC to DST, merging equal ones */
void	 cset_take(struct cset *dst, struct cset *src);
/*
 * cset_match_nets - the clients of IN whose address is in S pass step BY:
 * a copy narrowed to S goes to OUT; IN goes on unchanged (see above).  S
 * must live as long as the classes made from it.
 */
void	 cset_match_nets(struct cset *in, struct addrset *s, const void *by,
	    struct cset *out);
/* cset_match_attr - the clients of IN with attribute A pass step BY */
void	 cset_match_attr(struct cset *in, enum cattr a, const void *by,
	    struct cset *out);
/* cset_match_all - every client of IN passes step BY */
void	 cset_match_all(struct cset *in, const void *by, struct cset *out);
/*
 * cset_match_unknown - the audit cannot tell which clients step BY lets
 * through: copies of IN's classes, marked uncertain, pass; all stay in IN
 */
void	 cset_match_unknown(struct cset *in, const void *by, struct cset *out);
/*
 * cclass_strangers - a stranger can be in the class: it asks for nothing
 * a stranger lacks (AUTH, a certificate, a listed name) and holds public
 * addresses; FORGED and DEST it can choose
 */
bool	 cclass_strangers(const struct cclass *);
/* cclass_take_nets - the class's addresses, now the caller's (NULL: all) */
struct addrset *cclass_take_nets(struct cclass *, bool *owned);
/* cclass_dest_only - it relays only to domains a table names */
bool	 cclass_dest_only(const struct cclass *);

#endif
