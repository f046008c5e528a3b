/* SPDX-License-Identifier: MIT */
/*
 * jsonw.c - the JSON emitter (see jsonw.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lib/util.h"
#include "report/jsonw.h"

/* jw_init - a writer to FP, at the top level */
void
jw_init(struct jw *w, FILE *fp)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->brk = -1;
}

/* jw_break - the next separator is a new line INDENT spaces in */
void
jw_break(struct jw *w, int indent)
{
	w->brk = indent;
}

/* newline - write a requested line break */
static void
newline(struct jw *w)
{
	fprintf(w->fp, "\n%*s", w->brk, "");
	w->brk = -1;
}

/* item - what goes before a value or a key: nothing after a key, else a
 * comma after an earlier item, then a requested line break or a space */
static void
item(struct jw *w)
{
	bool later;

	if (w->keyed) {
		w->keyed = false;
		return;
	}
	if (w->depth == 0)
		return;
	later = w->items[w->depth];
	if (later)
		fputc(',', w->fp);
	if (w->brk >= 0)
		newline(w);
	else if (later)
		fputc(' ', w->fp);
	w->items[w->depth] = true;
}

/* begin - open a container */
static void
begin(struct jw *w, int open)
{
	item(w);
	fputc(open, w->fp);
	if (++w->depth >= JW_DEPTH)
		die("JSON nested deeper than %d", JW_DEPTH);
	w->items[w->depth] = false;
}

/* end - close a container, after a requested line break */
static void
end(struct jw *w, int close)
{
	if (w->brk >= 0)
		newline(w);
	fputc(close, w->fp);
	if (w->depth > 0)
		w->depth--;
}

/* jw_begin_object - "{" */
void
jw_begin_object(struct jw *w)
{
	begin(w, '{');
}

/* jw_end_object - "}" */
void
jw_end_object(struct jw *w)
{
	end(w, '}');
}

/* jw_begin_array - "[" */
void
jw_begin_array(struct jw *w)
{
	begin(w, '[');
}

/* jw_end_array - "]" */
void
jw_end_array(struct jw *w)
{
	end(w, ']');
}

/* string - a JSON string literal of S */
static void
string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

/* jw_key - "name": */
void
jw_key(struct jw *w, const char *name)
{
	item(w);
	string(w->fp, name);
	fputs(": ", w->fp);
	w->keyed = true;
}

/* jw_str - a string or null */
void
jw_str(struct jw *w, const char *s)
{
	item(w);
	if (s == NULL)
		fputs("null", w->fp);
	else
		string(w->fp, s);
}

/* jw_int - an integer */
void
jw_int(struct jw *w, intmax_t n)
{
	item(w);
	fprintf(w->fp, "%" PRIdMAX, n);
}

/* jw_bool - true or false */
void
jw_bool(struct jw *w, bool b)
{
	item(w);
	fputs(b ? "true" : "false", w->fp);
}

/* jw_null - null */
void
jw_null(struct jw *w)
{
	item(w);
	fputs("null", w->fp);
}

/* jw_kstr - "key": "value" (or null) */
void
jw_kstr(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

/* jw_kint - "key": n */
void
jw_kint(struct jw *w, const char *key, intmax_t n)
{
	jw_key(w, key);
	jw_int(w, n);
}

/* jw_kbool - "key": true|false */
void
jw_kbool(struct jw *w, const char *key, bool b)
{
	jw_key(w, key);
	jw_bool(w, b);
}

/* jw_end - the closing newline; -1 when a container is still open */
int
jw_end(struct jw *w)
{
	fputc('\n', w->fp);
	return w->depth == 0 && !w->keyed ? 0 : -1;
}
