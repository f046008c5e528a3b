/* SPDX-License-Identifier: MIT */
/*
 * jsonw.h - a small JSON emitter: objects, arrays, strings, integers,
 * booleans and null, with the commas and colons written for the caller.
 *
 * Whitespace is the caller's layout: values and members of one container
 * are separated by ", " unless jw_break() asked for a new line first, and
 * a container closes right after its last item unless jw_break() asked
 * for a new line before the closing bracket.  Strings escape '"', '\\'
 * and every control byte; other bytes are written as they are.
 *
 *	jw_begin_object(w);
 *	jw_kstr(w, "tool", "mtaaudit");
 *	jw_break(w, 1);
 *	jw_key(w, "findings");
 *	jw_begin_array(w);
 *	...
 */
#ifndef MTAAUDIT_JSONW_H
#define MTAAUDIT_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JW_DEPTH	16	/* nesting the reports use, with room */

struct jw {
	FILE		*fp;
	int		 depth;
	bool		 items[JW_DEPTH];	/* the container has an item */
	bool		 keyed;		/* a key was written, its value is due */
	int		 brk;		/* indent of the next new line, or -1 */
};

void	 jw_init(struct jw *, FILE *);
/* jw_break - put the next item (or the closing bracket) on a new line,
 * INDENT spaces in */
void	 jw_break(struct jw *, int indent);
void	 jw_begin_object(struct jw *);
void	 jw_end_object(struct jw *);
void	 jw_begin_array(struct jw *);
void	 jw_end_array(struct jw *);
/* jw_key - the name of the next member of the current object */
void	 jw_key(struct jw *, const char *);
/* jw_str - a string, or null when S is NULL */
void	 jw_str(struct jw *, const char *s);
void	 jw_int(struct jw *, intmax_t);
void	 jw_bool(struct jw *, bool);
void	 jw_null(struct jw *);
/* jw_kstr, jw_kint, jw_kbool - a whole member: key and value */
void	 jw_kstr(struct jw *, const char *key, const char *s);
void	 jw_kint(struct jw *, const char *key, intmax_t);
void	 jw_kbool(struct jw *, const char *key, bool);
/* jw_end - end the document with a newline; 0, or -1 when unbalanced */
int	 jw_end(struct jw *);

#endif
