/* SPDX-License-Identifier: MIT */
/*
 * util.h - allocation helpers that never fail, growable buffers, string
 * vectors and tool diagnostics in git's message style.
 */
#ifndef MTAAUDIT_UTIL_H
#define MTAAUDIT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* exit status of the tool (mtaaudit(1), EXIT STATUS) */
enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_USAGE = 2,
	EXIT_INTERNAL = 3
};

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));

/* diagnostics on stderr: "fatal: ...", "error: ...", "warning: ..." */
void	 die(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	 error_msg(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 warning_msg(const char *, ...) __attribute__((format(printf, 1, 2)));

/* growable, always NUL-terminated byte buffer */
struct buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
#define BUF_INIT	{ NULL, 0, 0 }

void	 buf_grow(struct buf *, size_t);
void	 buf_add(struct buf *, const char *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_reset(struct buf *);
char	*buf_detach(struct buf *);
const char *buf_str(const struct buf *);
void	 buf_free(struct buf *);

/* growable vector of owned strings */
struct strvec {
	char	**v;
	size_t	  n;
	size_t	  cap;
};
#define STRVEC_INIT	{ NULL, 0, 0 }

void	 strvec_push(struct strvec *, const char *);
void	 strvec_push_owned(struct strvec *, char *);
void	 strvec_free(struct strvec *);

/* small string helpers */
bool	 str_eq_nocase(const char *, const char *);
bool	 str_starts(const char *, const char *);
bool	 str_ends(const char *, const char *);
char	*str_trim(char *);
char	*str_trimdup(const char *);

/*
 * str_clip, str_clipn - a copy of S (of its N bytes) shortened to at most
 * BOUND bytes for a message or evidence: a cut copy ends with
 * STR_CLIP_MARK, and the cut never splits a UTF-8 character
 */
#define STR_CLIP_MARK	"..."
char	*str_clip(const char *, size_t bound);
char	*str_clipn(const char *, size_t n, size_t bound);

#endif
