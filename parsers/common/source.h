/* SPDX-License-Identifier: MIT */
/*
 * source.h - shared helpers of the readers: reading a configuration file
 * inside the root with parse findings for every failure, and walking its
 * physical lines with their numbers.
 */
#ifndef MTAAUDIT_SOURCE_H
#define MTAAUDIT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "audit/engine.h"
#include "lib/rootfs.h"

struct source {
	char		*data;		/* NUL-terminated; may hold NULs inside */
	size_t		 len;
	const char	*file;		/* interned root-relative path */
	bool		 unreadable;	/* there, but not readable or not text */
};

/*
 * source_read - read PATH inside the root.  On failure a parse finding
 * is added at (from_file, from_line) when given, or at the path itself,
 * and false is returned.  A missing file gives a finding only when
 * must_exist is true.  A file that is there but cannot be read, or is
 * not text (source_binary), sets src->unreadable.
 */
bool	 source_read(struct engine *, struct mtaconf *, const struct rootfs *,
	    const char *path, const char *from_file, int from_line,
	    bool must_exist, struct source *);
void	 source_free(struct source *);

/* one physical line, without its line terminator */
struct line {
	const char	*s;
	size_t		 len;
	int		 no;		/* 1-based */
};

struct lineiter {
	const char	*p;
	const char	*end;
	int		 no;
};

void	 lineiter_init(struct lineiter *, const struct source *);
/* lineiter_next - the next physical line; false at the end */
bool	 lineiter_next(struct lineiter *, struct line *);
/* line_blank - only white space */
bool	 line_blank(const struct line *);
/* line_comment - first non-space character is '#' */
bool	 line_comment(const struct line *);
/* text_has_mark - the LEN bytes at S hold one of the N strings MARKS */
bool	 text_has_mark(const char *, size_t, const char *const *marks,
	    size_t n);
/* line_templated - contains a template marker such as "{{" or "<%" */
bool	 line_templated(const char *, size_t);

#endif
