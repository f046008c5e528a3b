/* SPDX-License-Identifier: MIT */
/*
 * sm_m4.h - a static subset of m4 for sendmail.mc files.
 *
 * The expander understands quoting (`...' with nesting), dnl, #
 * comments, divert, define/undefine/defn/ifdef/ifelse, include inside
 * the root, eval and a few string builtins.  Nothing is ever executed:
 * syscmd, esyscmd and the other builtins outside the subset expand to
 * nothing and leave a parse finding that names them.  Sendmail's own
 * macros (FEATURE, DAEMON_OPTIONS, ...) are builtins registered by the
 * caller and handed to its hook with their expanded arguments.
 * Everything is bounded: include depth, call nesting, expansion size.
 */
#ifndef MTAAUDIT_SM_M4_H
#define MTAAUDIT_SM_M4_H

#include <stdbool.h>
#include <stddef.h>

#include "audit/engine.h"
#include "lib/rootfs.h"
#include "lib/strmap.h"
#include "lib/util.h"

#define SM_M4_MAX_INCLUDE	8	/* nested include depth */
#define SM_M4_MAX_NEST		64	/* calls inside arguments */
#define SM_M4_MAX_CALLS		200000	/* macro calls per run */
#define SM_M4_MAX_PUSH		(8u * 1024 * 1024)	/* bytes of expansions */
#define SM_M4_HOOK_BASE		1000	/* hook ids start here */

/* one macro: a text definition or a builtin */
struct sm_macro {
	char		*def;		/* text, NULL for a builtin */
	int		 bi;		/* builtin id, -1 for text */
	const char	*file;		/* where defined; NULL = built in */
	int		 line;
	struct sm_macro	*prev;		/* pushdef stack */
};

/* one line of diverted output (LOCAL_CONFIG, LOCAL_RULESETS ...) */
struct sm_textline {
	char		*s;
	int		 divert;
	const char	*file;
	int		 line;
};

struct sm_frame;
struct sm_m4;

/*
 * sm_hook_fn - a registered builtin was called: ID as registered, the
 * expanded arguments (args->n == 0 without parentheses), the place of
 * the call; text appended to OUT is read again as m4 input.
 */
typedef void sm_hook_fn(struct sm_m4 *, int id, const char *name,
    struct strvec *args, const char *file, int line, struct buf *out);

struct sm_m4 {
	struct engine	*eng;
	struct mtaconf	*mc;
	const struct rootfs *root;
	const char	*basedir;	/* relative includes, "etc/mail" */
	struct strmap	 macros;	/* name -> struct sm_macro */
	struct sm_frame	*in;		/* input stack */
	int		 divert;
	struct buf	 cur;		/* diverted line being built */
	const char	*cur_file;
	int		 cur_line;
	struct sm_textline *text;
	size_t		 ntext;
	size_t		 captext;
	char		 lq, rq;	/* quote characters */
	int		 nest;
	int		 depth;		/* files being read */
	size_t		 calls;
	size_t		 pushed;
	bool		 stop;		/* a bound was hit: input dropped */
	sm_hook_fn	*hook;
	void		*hook_arg;
	const char	*skip_suffix;	/* includes ending so are skipped */
	char		*skipped_dir;	/* directory of the skipped include */
};

void	 sm_m4_init(struct sm_m4 *, struct engine *, struct mtaconf *,
	    const struct rootfs *, const char *basedir);
void	 sm_m4_free(struct sm_m4 *);
/* sm_m4_builtin - register NAME as a hook builtin with id (>= HOOK_BASE) */
void	 sm_m4_builtin(struct sm_m4 *, const char *name, int id);
/* sm_m4_file - expand the file PATH (from a call at file:line, or NULL) */
bool	 sm_m4_file(struct sm_m4 *, const char *path, const char *from_file,
	    int from_line, bool must_exist);
/* sm_m4_string - expand TEXT as if it were a file named FILE */
void	 sm_m4_string(struct sm_m4 *, const char *text, const char *file);
/* sm_m4_get - the text macro NAME, or NULL */
const struct sm_macro *sm_m4_get(const struct sm_m4 *, const char *name);
/* sm_m4_define - define NAME as DEF, as if written at file:line */
void	 sm_m4_define(struct sm_m4 *, const char *name, const char *def,
	    const char *file, int line);
/* sm_m4_divert - switch the output diversion */
void	 sm_m4_divert(struct sm_m4 *, int);
/* sm_m4_eval - evaluate an m4 eval() expression; false on error */
bool	 sm_m4_eval(const char *, long *);

#endif
