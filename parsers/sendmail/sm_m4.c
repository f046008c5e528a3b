/* SPDX-License-Identifier: MIT */
/*
 * sm_m4.c - a static, bounded subset of m4 for sendmail.mc files.
 *
 * The input is a stack of frames: files (their lines counted) and
 * pushed-back expansions (carrying the place of the call that made
 * them).  A name that is a macro is called: its arguments are collected
 * with macros inside them expanded, the result is pushed back and read
 * again, as m4 does.  Builtins that run commands or that the subset
 * does not model are never run; they expand to nothing and leave a
 * parse finding naming them.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/common/source.h"
#include "parsers/sendmail/sm_int.h"

/* one input frame */
struct sm_frame {
	const char	*p;
	const char	*end;
	char		*own;		/* freed when the frame is popped */
	const char	*file;
	int		 line;
	bool		 is_file;	/* lines are counted */
	struct sm_frame	*next;
};

/* m4's own builtins */
enum {
	B_BUILTIN, B_CHANGECOM, B_CHANGEQUOTE, B_DECR, B_DEFINE, B_DEFN,
	B_DIVERT, B_DIVNUM, B_DNL, B_ERRPRINT, B_ESYSCMD, B_EVAL, B_FORMAT,
	B_IFDEF, B_IFELSE, B_INCLUDE, B_INCR, B_INDEX, B_INDIR, B_LEN,
	B_M4EXIT, B_M4WRAP, B_MAKETEMP, B_MKSTEMP, B_PATSUBST, B_POPDEF,
	B_PUSHDEF, B_REGEXP, B_SHIFT, B_SINCLUDE, B_SUBSTR, B_SYSCMD,
	B_SYSVAL, B_TRANSLIT, B_UNDEFINE, B_UNDIVERT
};

/* the builtin table: blind builtins are only recognised with "(" */
static const struct {
	const char	*name;
	int		 id;
	bool		 blind;
	const char	*refused;	/* why it is not modelled, or NULL */
} builtins[] = {
	{ "builtin", B_BUILTIN, true, "can call any builtin, syscmd too" },
	{ "changecom", B_CHANGECOM, false, "changes the comment syntax" },
	{ "changequote", B_CHANGEQUOTE, false, NULL },
	{ "decr", B_DECR, true, NULL },
	{ "define", B_DEFINE, true, NULL },
	{ "defn", B_DEFN, true, NULL },
	{ "divert", B_DIVERT, false, NULL },
	{ "divnum", B_DIVNUM, false, NULL },
	{ "dnl", B_DNL, false, NULL },
	{ "errprint", B_ERRPRINT, true, NULL },
	{ "esyscmd", B_ESYSCMD, true, "runs a shell command" },
	{ "eval", B_EVAL, true, NULL },
	{ "format", B_FORMAT, true, "is outside the supported subset" },
	{ "ifdef", B_IFDEF, true, NULL },
	{ "ifelse", B_IFELSE, true, NULL },
	{ "include", B_INCLUDE, true, NULL },
	{ "incr", B_INCR, true, NULL },
	{ "index", B_INDEX, true, NULL },
	{ "indir", B_INDIR, true, "calls a macro by computed name" },
	{ "len", B_LEN, true, NULL },
	{ "m4exit", B_M4EXIT, false, "stops m4" },
	{ "m4wrap", B_M4WRAP, true, "is outside the supported subset" },
	{ "maketemp", B_MAKETEMP, true, "creates files" },
	{ "mkstemp", B_MKSTEMP, true, "creates files" },
	{ "patsubst", B_PATSUBST, true, "is outside the supported subset" },
	{ "popdef", B_POPDEF, true, NULL },
	{ "pushdef", B_PUSHDEF, true, NULL },
	{ "regexp", B_REGEXP, true, "is outside the supported subset" },
	{ "shift", B_SHIFT, true, NULL },
	{ "sinclude", B_SINCLUDE, true, NULL },
	{ "substr", B_SUBSTR, true, NULL },
	{ "syscmd", B_SYSCMD, true, "runs a shell command" },
	{ "sysval", B_SYSVAL, false, "reports a shell command's status" },
	{ "translit", B_TRANSLIT, true, "is outside the supported subset" },
	{ "undefine", B_UNDEFINE, true, NULL },
	{ "undivert", B_UNDIVERT, false, NULL },
};

static void expand_name(struct sm_m4 *, const char *, const char *, int,
    struct buf *);

/* macro_free - free a macro and its pushdef stack */
static void
macro_free(void *p)
{
	struct sm_macro *m = p, *prev;

	while (m) {
		prev = m->prev;
		free(m->def);
		free(m);
		m = prev;
	}
}

/* put_macro - define NAME, replacing (or stacking over) the old one */
static void
put_macro(struct sm_m4 *m, const char *name, const char *def, int bi,
    const char *file, int line, bool push)
{
	struct sm_macro *mac = xcalloc(1, sizeof(*mac)), *old;

	mac->def = def ? xstrdup(def) : NULL;
	mac->bi = bi;
	mac->file = file;
	mac->line = line;
	old = strmap_get(&m->macros, name);
	if (push)
		mac->prev = old;
	else if (old) {
		mac->prev = old->prev;
		old->prev = NULL;
	}
	strmap_put(&m->macros, name, mac);
	if (old && !push)
		macro_free(old);
}

/* sm_m4_init - an expander with m4's builtins and default quotes */
void
sm_m4_init(struct sm_m4 *m, struct engine *e, struct mtaconf *c,
    const struct rootfs *r, const char *basedir)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->eng = e;
	m->mc = c;
	m->root = r;
	m->basedir = basedir;
	m->lq = '`';
	m->rq = '\'';
	for (i = 0; i < ARRAY_SIZE(builtins); i++)
		put_macro(m, builtins[i].name, NULL, (int)i, NULL, 0, false);
}

/* sm_m4_free - release the expander */
void
sm_m4_free(struct sm_m4 *m)
{
	size_t i;

	while (m->in) {
		struct sm_frame *f = m->in;

		m->in = f->next;
		free(f->own);
		free(f);
	}
	strmap_free(&m->macros, macro_free);
	for (i = 0; i < m->ntext; i++)
		free(m->text[i].s);
	free(m->text);
	buf_free(&m->cur);
	free(m->skipped_dir);
	memset(m, 0, sizeof(*m));
}

/* sm_m4_builtin - register a hook builtin */
void
sm_m4_builtin(struct sm_m4 *m, const char *name, int id)
{
	put_macro(m, name, NULL, id, NULL, 0, false);
}

/* sm_m4_get - a text macro */
const struct sm_macro *
sm_m4_get(const struct sm_m4 *m, const char *name)
{
	const struct sm_macro *mac = strmap_get(&m->macros, name);

	return mac && mac->def ? mac : NULL;
}

/* sm_m4_define - define a text macro */
void
sm_m4_define(struct sm_m4 *m, const char *name, const char *def,
    const char *file, int line)
{
	put_macro(m, name, def, -1, file, line, false);
}

/* parse_error - a PRS001 finding at file:line */
static void
parse_error(struct sm_m4 *m, const char *file, int line, const char *fmt,
    ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	finding_add(m->eng, "PRS001", m->mc, NULL, file, line, "%s", msg);
	free(msg);
}

/* push_frame - push text; a file frame counts its lines */
static void
push_frame(struct sm_m4 *m, const char *p, size_t len, char *own,
    const char *file, int line, bool is_file)
{
	struct sm_frame *f = xcalloc(1, sizeof(*f));

	f->p = p;
	f->end = p + len;
	f->own = own;
	f->file = file;
	f->line = line;
	f->is_file = is_file;
	f->next = m->in;
	m->in = f;
}

/* drop_input - a bound was hit: forget all pending input */
static void
drop_input(struct sm_m4 *m)
{
	while (m->in) {
		struct sm_frame *f = m->in;

		m->in = f->next;
		free(f->own);
		free(f);
	}
	m->stop = true;
}

/* top - the frame the next character comes from, or NULL at the end */
static struct sm_frame *
top(struct sm_m4 *m)
{
	while (m->in && m->in->p >= m->in->end) {
		struct sm_frame *f = m->in;

		m->in = f->next;
		free(f->own);
		free(f);
	}
	return m->in;
}

/* in_getc - the next input character, or EOF */
static int
in_getc(struct sm_m4 *m)
{
	struct sm_frame *f = top(m);
	int c;

	if (f == NULL)
		return EOF;
	c = (unsigned char)*f->p++;
	if (c == '\n' && f->is_file)
		f->line++;
	return c;
}

/* in_peek - the next input character without taking it */
static int
in_peek(struct sm_m4 *m)
{
	struct sm_frame *f = top(m);

	return f ? (unsigned char)*f->p : EOF;
}

/* loc - where the next character comes from */
static void
loc(struct sm_m4 *m, const char **file, int *line)
{
	struct sm_frame *f = top(m);

	*file = f ? f->file : NULL;
	*line = f ? f->line : 0;
}

/* pushback - read TEXT again as input, placed at file:line */
static void
pushback(struct sm_m4 *m, const char *text, size_t len, const char *file,
    int line)
{
	char *own;

	if (len == 0 || m->stop)
		return;
	m->pushed += len;
	if (m->pushed > SM_M4_MAX_PUSH) {
		finding_add(m->eng, "PRS005", m->mc, NULL, file, line,
		    "m4 expansion exceeds %u bytes (a recursive macro?); "
		    "the rest of the input is not read", SM_M4_MAX_PUSH);
		drop_input(m);
		return;
	}
	/* the copy is the frame's text: no frame ever starts at NULL */
	own = xstrndup(text, len);
	push_frame(m, own, len, own, file, line, false);
}

/* flush_line - end the diverted line being built */
static void
flush_line(struct sm_m4 *m)
{
	struct sm_textline *t;

	if (m->ntext == m->captext) {
		m->captext = m->captext ? m->captext * 2 : 32;
		m->text = xreallocarray(m->text, m->captext, sizeof(*m->text));
	}
	t = &m->text[m->ntext++];
	t->s = buf_detach(&m->cur);
	t->divert = m->divert;
	t->file = m->cur_file;
	t->line = m->cur_line;
}

/* emit - output one character to the current diversion */
static void
emit(struct sm_m4 *m, struct buf *out, int c, const char *file, int line)
{
	if (out) {
		buf_addc(out, c);
		return;
	}
	if (m->divert <= 0)
		return;
	if (m->cur.len == 0 && c != '\n') {
		m->cur_file = file;
		m->cur_line = line;
	}
	if (c == '\n') {
		if (m->cur.len > 0)
			flush_line(m);
		return;
	}
	if (m->cur.len < 65536)
		buf_addc(&m->cur, c);
}

/* emits - output a string */
static void
emits(struct sm_m4 *m, struct buf *out, const char *s, const char *file,
    int line)
{
	for (; *s; s++)
		emit(m, out, (unsigned char)*s, file, line);
}

/* sm_m4_divert - switch the diversion, ending a pending line */
void
sm_m4_divert(struct sm_m4 *m, int d)
{
	if (m->cur.len > 0)
		flush_line(m);
	m->divert = d;
}

/* read_quoted - after an open quote: the text up to its match */
static void
read_quoted(struct sm_m4 *m, struct buf *to, const char *file, int line)
{
	int depth = 1, c;

	while ((c = in_getc(m)) != EOF) {
		if (c == m->rq && --depth == 0)
			return;
		if (c == m->lq)
			depth++;
		buf_addc(to, c);
	}
	parse_error(m, file, line, "unterminated m4 quote %c...%c: the rest "
	    "of the file is inside it", m->lq, m->rq);
}

/* name_start - a character that starts an m4 name */
static bool
name_start(int c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* name_char - a character inside an m4 name */
static bool
name_char(int c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* read_name - the rest of a name whose first character is C */
static void
read_name(struct sm_m4 *m, int c, struct buf *b)
{
	buf_reset(b);
	buf_addc(b, c);
	while (name_char(in_peek(m)))
		buf_addc(b, in_getc(m));
}

/*
 * collect - the arguments of a call, after its "(": macros inside are
 * expanded, one level of quotes removed, leading white space dropped.
 * False when the input ends first.
 */
static bool
collect(struct sm_m4 *m, const char *name, const char *file, int line,
    struct strvec *args)
{
	struct buf a = BUF_INIT, nm = BUF_INIT;
	int depth = 0, c;
	bool lead = true, ok = false;

	if (++m->nest > SM_M4_MAX_NEST) {
		parse_error(m, file, line, "calls nested more than %d deep in "
		    "the arguments of %s", SM_M4_MAX_NEST, name);
		drop_input(m);
		m->nest--;
		return false;
	}
	buf_adds(&a, "");
	while (!m->stop && (c = in_getc(m)) != EOF) {
		const char *f2;
		int l2;

		if (lead && isspace(c))
			continue;
		lead = false;
		if (c == m->lq) {
			loc(m, &f2, &l2);
			read_quoted(m, &a, f2, l2);
		} else if (c == '#') {
			buf_addc(&a, c);
			while ((c = in_getc(m)) != EOF) {
				buf_addc(&a, c);
				if (c == '\n')
					break;
			}
		} else if (name_start(c)) {
			loc(m, &f2, &l2);
			read_name(m, c, &nm);
			expand_name(m, nm.s, f2, l2, &a);
		} else if (c == '(') {
			depth++;
			buf_addc(&a, c);
		} else if (c == ')' && depth > 0) {
			depth--;
			buf_addc(&a, c);
		} else if (c == ')' || (c == ',' && depth == 0)) {
			strvec_push(args, buf_str(&a));
			buf_reset(&a);
			buf_adds(&a, "");
			if (c == ')') {
				ok = true;
				break;
			}
			lead = true;
		} else
			buf_addc(&a, c);
	}
	if (!ok && !m->stop)
		parse_error(m, file, line, "unbalanced parentheses: the "
		    "arguments of %s run to the end of the input", name);
	buf_free(&a);
	buf_free(&nm);
	m->nest--;
	return ok;
}

/* arg - argument i, or "" */
static const char *
arg(const struct strvec *a, size_t i)
{
	return i < a->n ? a->v[i] : "";
}

/* quote - append TEXT in the current quotes */
static void
quote(struct sm_m4 *m, struct buf *out, const char *text)
{
	buf_addc(out, m->lq);
	buf_adds(out, text);
	buf_addc(out, m->rq);
}

/* substitute - a text macro's body with $0..$9, $#, $* and $@ */
static void
substitute(struct sm_m4 *m, const char *name, const char *def,
    const struct strvec *a, struct buf *out)
{
	const char *p;
	size_t i;

	for (p = def; *p; p++) {
		if (p[0] != '$' || p[1] == '\0') {
			buf_addc(out, *p);
			continue;
		}
		if (isdigit((unsigned char)p[1])) {
			size_t n = (size_t)(p[1] - '0');

			buf_adds(out, n == 0 ? name : arg(a, n - 1));
			p++;
		} else if (p[1] == '#') {
			buf_printf(out, "%zu", a->n);
			p++;
		} else if (p[1] == '*' || p[1] == '@') {
			for (i = 0; i < a->n; i++) {
				if (i)
					buf_addc(out, ',');
				if (p[1] == '@')
					quote(m, out, a->v[i]);
				else
					buf_adds(out, a->v[i]);
			}
			p++;
		} else
			buf_addc(out, *p);
	}
}

/* num - an argument as a number; false when it is none */
static bool
num(const char *s, long *v)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	errno = 0;
	*v = strtol(s, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	return end != s && *end == '\0' && errno == 0;
}

/* do_include - include or sinclude a file inside the root */
static void
do_include(struct sm_m4 *m, const char *path, bool must, const char *file,
    int line)
{
	char *p;

	if (m->skip_suffix && str_ends(path, m->skip_suffix)) {
		/* the cf framework itself: its macros are modelled */
		if (m->skipped_dir == NULL)
			m->skipped_dir = xstrndup(path,
			    strlen(path) - strlen(m->skip_suffix));
		return;
	}
	if (m->depth >= SM_M4_MAX_INCLUDE) {
		parse_error(m, file, line, "include(%s) nests more than %d "
		    "files deep; not read", path, SM_M4_MAX_INCLUDE);
		return;
	}
	if (*path == '\0') {
		parse_error(m, file, line, "include() names no file");
		return;
	}
	p = path[0] == '/' ? xstrdup(path) :
	    xasprintf("%s/%s", m->basedir, path);
	sm_m4_file(m, p, file, line, must);
	free(p);
}

/*
 * refused_word - the first word of TEXT that names a builtin the subset
 * never runs (a definition that calls it when rescanned), or -1
 */
static int
refused_word(const char *text)
{
	const char *p = text, *w;
	size_t i, n;

	while (*p) {
		if (!name_start((unsigned char)*p)) {
			p++;
			continue;
		}
		for (w = p; name_char((unsigned char)*p); p++)
			;
		n = (size_t)(p - w);
		for (i = 0; i < ARRAY_SIZE(builtins); i++)
			if (builtins[i].refused && strlen(builtins[i].name) == n &&
			    memcmp(builtins[i].name, w, n) == 0)
				return (int)i;
	}
	return -1;
}

/* set_quotes - changequote to single characters; anything else refused */
static void
set_quotes(struct sm_m4 *m, const struct strvec *a, const char *file,
    int line)
{
	const char *l = a->n > 0 ? a->v[0] : "`";
	const char *r = a->n > 1 ? a->v[1] : (a->n > 0 ? "'" : "'");

	if (a->n == 0 || (a->n == 1 && *l == '\0')) {
		m->lq = '`';
		m->rq = '\'';
		return;
	}
	if (strlen(l) != 1 || strlen(r) != 1 || *l == *r ||
	    isalnum((unsigned char)*l) || isalnum((unsigned char)*r) ||
	    isspace((unsigned char)*l) || isspace((unsigned char)*r) ||
	    *l == '(' || *l == ')' || *l == ',' || *l == '#' ||
	    *r == '(' || *r == ')' || *r == ',' || *r == '#') {
		parse_error(m, file, line, "changequote(%s, %s) is refused: "
		    "only single-character quote pairs are supported; the "
		    "quotes stay %c...%c", l, r, m->lq, m->rq);
		return;
	}
	m->lq = *l;
	m->rq = *r;
}

/* call_builtin - run one of m4's own builtins */
static void
call_builtin(struct sm_m4 *m, int bi, const char *name, struct strvec *a,
    bool parens, const char *file, int line, struct buf *out)
{
	const struct sm_macro *mac;
	long v, w;
	int c;

	if (builtins[bi].refused) {
		parse_error(m, file, line, "%s(%s) %s: never run, expands to "
		    "nothing", name, arg(a, 0), builtins[bi].refused);
		return;
	}
	switch (builtins[bi].id) {
	case B_DEFINE:
	case B_PUSHDEF:
		if (*arg(a, 0) == '\0')
			break;
		put_macro(m, arg(a, 0), arg(a, 1), -1, file, line,
		    builtins[bi].id == B_PUSHDEF);
		/* a name that calls esyscmd once rescanned is that call */
		if ((c = refused_word(arg(a, 1))) >= 0)
			parse_error(m, file, line, "%s(%s) names %s, which %s: "
			    "never run, expands to nothing", name, arg(a, 0),
			    builtins[c].name, builtins[c].refused);
		/* layer 1: every define written in a file */
		if (m->settings && file)
			mtaconf_add_setting(m->mc, SCOPE_GLOBAL, NULL, arg(a, 0),
			    arg(a, 1), file, line, line);
		break;
	case B_UNDEFINE:
		if (strmap_get(&m->macros, arg(a, 0)))
			macro_free(strmap_put(&m->macros, arg(a, 0), NULL));
		break;
	case B_POPDEF: {
		struct sm_macro *old = strmap_get(&m->macros, arg(a, 0));

		if (old) {
			strmap_put(&m->macros, arg(a, 0), old->prev);
			old->prev = NULL;
			macro_free(old);
		}
		break;
	}
	case B_DEFN:
		if ((mac = strmap_get(&m->macros, arg(a, 0))) && mac->def)
			quote(m, out, mac->def);
		else if (mac && mac->bi >= 0 && mac->bi < SM_M4_HOOK_BASE &&
		    builtins[mac->bi].refused)
			parse_error(m, file, line, "defn(%s) hands on a builtin "
			    "that %s: never run, expands to nothing", arg(a, 0),
			    builtins[mac->bi].refused);
		break;
	case B_IFDEF:
		buf_adds(out, strmap_get(&m->macros, arg(a, 0)) ?
		    arg(a, 1) : arg(a, 2));
		break;
	case B_IFELSE: {
		size_t i = 0;

		if (a->n < 3)
			break;
		while (i + 2 < a->n) {
			if (strcmp(a->v[i], a->v[i + 1]) == 0) {
				buf_adds(out, a->v[i + 2]);
				return;
			}
			if (i + 4 >= a->n) {
				buf_adds(out, arg(a, i + 3));
				return;
			}
			i += 3;
		}
		break;
	}
	case B_DNL:
		while ((c = in_getc(m)) != EOF && c != '\n')
			;
		break;
	case B_DIVERT:
		if (!parens || *arg(a, 0) == '\0')
			v = 0;
		else if (!num(arg(a, 0), &v)) {
			parse_error(m, file, line, "divert(%s): not a number",
			    arg(a, 0));
			break;
		}
		sm_m4_divert(m, v < -1 ? -1 : v > 100 ? 100 : (int)v);
		break;
	case B_DIVNUM:
		buf_printf(out, "%d", m->divert);
		break;
	case B_UNDIVERT:
	case B_ERRPRINT:
		break;
	case B_CHANGEQUOTE:
		set_quotes(m, a, file, line);
		break;
	case B_INCLUDE:
	case B_SINCLUDE:
		do_include(m, arg(a, 0), builtins[bi].id == B_INCLUDE, file,
		    line);
		break;
	case B_EVAL:
		if (!sm_m4_eval(arg(a, 0), &v)) {
			parse_error(m, file, line, "eval(%s): not an integer "
			    "expression the subset can evaluate", arg(a, 0));
			break;
		}
		buf_printf(out, "%ld", v);
		break;
	case B_INCR:
	case B_DECR:
		if (num(arg(a, 0), &v))
			buf_printf(out, "%ld", builtins[bi].id == B_INCR ?
			    v + 1 : v - 1);
		break;
	case B_LEN:
		buf_printf(out, "%zu", strlen(arg(a, 0)));
		break;
	case B_INDEX: {
		const char *hit = strstr(arg(a, 0), arg(a, 1));

		buf_printf(out, "%ld", hit ? (long)(hit - arg(a, 0)) : -1L);
		break;
	}
	case B_SUBSTR: {
		const char *s = arg(a, 0);
		long n = (long)strlen(s);

		if (!num(arg(a, 1), &v) || v < 0 || v >= n)
			break;
		if (a->n < 3 || !num(arg(a, 2), &w) || w > n - v)
			w = n - v;
		if (w > 0)
			buf_add(out, s + v, (size_t)w);
		break;
	}
	case B_SHIFT: {
		size_t i;

		for (i = 1; i < a->n; i++) {
			if (i > 1)
				buf_addc(out, ',');
			quote(m, out, a->v[i]);
		}
		break;
	}
	default:
		break;
	}
}

/*
 * expand_name - NAME was read at file:line: call it when it is a macro
 * (the result is read again), else output it (to OUT or the diversion)
 */
static void
expand_name(struct sm_m4 *m, const char *name, const char *file, int line,
    struct buf *out)
{
	struct sm_macro *mac = strmap_get(&m->macros, name);
	struct strvec a = STRVEC_INIT;
	struct buf res = BUF_INIT;
	bool parens;

	parens = in_peek(m) == '(';
	if (mac == NULL || (mac->bi >= 0 && mac->bi < SM_M4_HOOK_BASE &&
	    builtins[mac->bi].blind && !parens)) {
		emits(m, out, name, file, line);
		return;
	}
	if (++m->calls > SM_M4_MAX_CALLS) {
		finding_add(m->eng, "PRS005", m->mc, NULL, file, line,
		    "more than %d m4 macro calls (a recursive macro?); the "
		    "rest of the input is not read", SM_M4_MAX_CALLS);
		drop_input(m);
		return;
	}
	if (parens) {
		in_getc(m);
		if (!collect(m, name, file, line, &a)) {
			strvec_free(&a);
			return;
		}
	}
	/* the definition may change during the call */
	mac = strmap_get(&m->macros, name);
	if (mac == NULL)
		;
	else if (mac->def)
		substitute(m, name, mac->def, &a, &res);
	else if (mac->bi >= SM_M4_HOOK_BASE) {
		if (m->hook)
			m->hook(m, mac->bi, name, &a, file, line, &res);
	} else
		call_builtin(m, mac->bi, name, &a, parens, file, line, &res);
	pushback(m, res.s ? res.s : "", res.len, file, line);
	buf_free(&res);
	strvec_free(&a);
}

/* run - expand the input until it ends */
static void
run(struct sm_m4 *m)
{
	struct buf nm = BUF_INIT, q = BUF_INIT;
	const char *file;
	int line, c;

	while (!m->stop) {
		loc(m, &file, &line);
		if ((c = in_getc(m)) == EOF)
			break;
		if (c == m->lq) {
			buf_reset(&q);
			buf_adds(&q, "");
			read_quoted(m, &q, file, line);
			emits(m, NULL, q.s, file, line);
		} else if (c == '#') {
			emit(m, NULL, c, file, line);
			while ((c = in_getc(m)) != EOF) {
				emit(m, NULL, c, file, line);
				if (c == '\n')
					break;
			}
		} else if (name_start(c)) {
			read_name(m, c, &nm);
			expand_name(m, nm.s, file, line, NULL);
		} else
			emit(m, NULL, c, file, line);
	}
	if (m->cur.len > 0)
		flush_line(m);
	buf_free(&nm);
	buf_free(&q);
}

/* templated - a line with a template engine's or packager's placeholder */
static bool
templated(const char *s, size_t len)
{
	size_t i, j;

	if (line_templated(s, len))
		return true;
	for (i = 0; i + 4 < len; i++) {
		if (s[i] != '@' || s[i + 1] != '@')
			continue;
		for (j = i + 2; j < len && (isupper((unsigned char)s[j]) ||
		    s[j] == '_' || isdigit((unsigned char)s[j])); j++)
			;
		if (j > i + 2 && j + 1 < len && s[j] == '@' && s[j + 1] == '@')
			return true;
	}
	return false;
}

/* report_templated - PRS002 at the first placeholder of a file */
static void
report_templated(struct sm_m4 *m, const struct source *src)
{
	struct lineiter it;
	struct line ln;

	lineiter_init(&it, src);
	while (lineiter_next(&it, &ln))
		if (templated(ln.s, ln.len)) {
			char *t = str_clipn(ln.s, ln.len, 80);

			finding_add(m->eng, "PRS002", m->mc, NULL, src->file,
			    ln.no, "%s is a template: '%s' is filled in at "
			    "deployment", src->file, t);
			free(t);
			return;
		}
}

/* expand_frame - run the expander over a new top frame, then restore */
static void
expand_frame(struct sm_m4 *m, char *data, size_t len, const char *file)
{
	struct sm_frame *saved = m->in;
	bool stopped;

	/* an include is read to its end before the including file goes on */
	m->in = NULL;
	m->depth++;
	push_frame(m, data, len, data, file, 1, true);
	run(m);
	stopped = m->stop;
	drop_input(m);
	m->stop = stopped;
	m->depth--;
	m->in = saved;
	if (m->stop)
		drop_input(m);
}

/* sm_m4_file - expand a file inside the root */
bool
sm_m4_file(struct sm_m4 *m, const char *path, const char *from_file,
    int from_line, bool must_exist)
{
	struct source src;
	int i;

	if (m->stop)
		return false;
	if (!source_read(m->eng, m->mc, m->root, path, from_file, from_line,
	    must_exist, &src)) {
		/* the .mc itself (no include() names it) */
		if (from_file == NULL)
			m->mc->unreadable |= src.unreadable;
		return false;
	}
	for (i = 0; i < m->depth && i <= SM_M4_MAX_INCLUDE; i++)
		if (m->reading[i] == src.file) {
			parse_error(m, from_file, from_line, "include(%s) names "
			    "a file already being read: m4 would include it "
			    "again and again until it fails; not read again",
			    path);
			source_free(&src);
			return true;
		}
	if (m->depth <= SM_M4_MAX_INCLUDE)
		m->reading[m->depth] = src.file;
	report_templated(m, &src);
	expand_frame(m, src.data, src.len, src.file);
	return true;
}

/* sm_m4_string - expand text as a file */
void
sm_m4_string(struct sm_m4 *m, const char *text, const char *file)
{
	size_t len = strlen(text);

	if (!m->stop)
		expand_frame(m, xstrndup(text, len), len, file);
}

/* the state of an eval() expression being parsed */
struct ev {
	const char	*p;
	bool		 err;
	int		 depth;
};

static long ev_or(struct ev *);

/* ev_ws - skip white space */
static void
ev_ws(struct ev *x)
{
	while (isspace((unsigned char)*x->p))
		x->p++;
}

/* ev_op - take the operator OP when it comes next */
static bool
ev_op(struct ev *x, const char *op)
{
	size_t n = strlen(op);

	ev_ws(x);
	if (strncmp(x->p, op, n) != 0)
		return false;
	/* "<" is not the start of "<=", "&" not of "&&" */
	if (n == 1 && (x->p[1] == '=' || x->p[1] == op[0]) &&
	    strchr("<>&|=!", op[0]))
		return false;
	x->p += n;
	return true;
}

/* ev_unary - a number, a parenthesised expression, or -x, +x, !x */
static long
ev_unary(struct ev *x)
{
	long v;
	char *end;

	ev_ws(x);
	if (++x->depth > 64) {
		x->err = true;
		return 0;
	}
	if (*x->p == '-' || *x->p == '+' || (*x->p == '!' && x->p[1] != '=')) {
		char op = *x->p++;

		v = ev_unary(x);
		x->depth--;
		return op == '-' ? (v == LONG_MIN ? v : -v) : op == '!' ? !v : v;
	}
	if (*x->p == '(') {
		x->p++;
		v = ev_or(x);
		ev_ws(x);
		if (*x->p != ')')
			x->err = true;
		else
			x->p++;
		x->depth--;
		return v;
	}
	errno = 0;
	v = strtol(x->p, &end, 0);
	if (end == x->p || errno != 0)
		x->err = true;
	x->p = end;
	x->depth--;
	return v;
}

/* ev_mul - * / % */
static long
ev_mul(struct ev *x)
{
	long v = ev_unary(x), w;

	for (;;) {
		if (ev_op(x, "*"))
			v *= ev_unary(x);
		else if (ev_op(x, "/") || ev_op(x, "%")) {
			char op = x->p[-1];

			w = ev_unary(x);
			if (w == 0 || (v == LONG_MIN && w == -1)) {
				x->err = true;
				return 0;
			}
			v = op == '/' ? v / w : v % w;
		} else
			return v;
	}
}

/* ev_add - + - */
static long
ev_add(struct ev *x)
{
	long v = ev_mul(x);

	for (;;) {
		if (ev_op(x, "+"))
			v = (long)((unsigned long)v + (unsigned long)ev_mul(x));
		else if (ev_op(x, "-"))
			v = (long)((unsigned long)v - (unsigned long)ev_mul(x));
		else
			return v;
	}
}

/* ev_cmp - < <= > >= == != */
static long
ev_cmp(struct ev *x)
{
	long v = ev_add(x);

	for (;;) {
		if (ev_op(x, "<="))
			v = v <= ev_add(x);
		else if (ev_op(x, ">="))
			v = v >= ev_add(x);
		else if (ev_op(x, "<"))
			v = v < ev_add(x);
		else if (ev_op(x, ">"))
			v = v > ev_add(x);
		else if (ev_op(x, "=="))
			v = v == ev_add(x);
		else if (ev_op(x, "!="))
			v = v != ev_add(x);
		else
			return v;
	}
}

/* ev_and - && */
static long
ev_and(struct ev *x)
{
	long v = ev_cmp(x);

	while (ev_op(x, "&&"))
		v = ev_cmp(x) && v;
	return v;
}

/* ev_or - || */
static long
ev_or(struct ev *x)
{
	long v = ev_and(x);

	while (ev_op(x, "||"))
		v = ev_and(x) || v;
	return v;
}

/* sm_m4_eval - evaluate an integer expression of eval() */
bool
sm_m4_eval(const char *s, long *v)
{
	struct ev x = { s, false, 0 };

	*v = ev_or(&x);
	ev_ws(&x);
	return !x.err && *x.p == '\0';
}
