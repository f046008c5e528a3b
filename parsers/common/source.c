/* SPDX-License-Identifier: MIT */
/*
 * source.c - read configuration files inside the root and walk their lines.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/common/source.h"

#define BINARY_SAMPLE	65536	/* bytes looked at for binary content */
#define BINARY_MIN	16	/* control bytes that make a file binary ... */
#define BINARY_SHARE	32	/* ... when over 1/32 of the sample */

/*
 * binary - the first bytes of a file hold control bytes (other than tab,
 * LF, VT, FF, CR) in a share no configuration has: an executable, a
 * Berkeley DB map, UTF-16, random data
 */
static bool
binary(const char *data, size_t len, size_t *ctl)
{
	size_t i, n = len < BINARY_SAMPLE ? len : BINARY_SAMPLE;
	unsigned char c;

	*ctl = 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)data[i];
		if ((c < 0x20 && (c < '\t' || c > '\r')) || c == 0x7f)
			(*ctl)++;
	}
	return *ctl >= BINARY_MIN && *ctl * BINARY_SHARE > n;
}

/* source_read - read a file inside the root, reporting failures */
bool
source_read(struct engine *e, struct mtaconf *c, const struct rootfs *root,
    const char *path, const char *from_file, int from_line, bool must_exist,
    struct source *src)
{
	enum rootfs_err err;
	char *rel = NULL;
	struct finding *f;
	const char *id;
	size_t ctl;
	int saved;

	memset(src, 0, sizeof(*src));
	/* every opening counts, an include read twice too */
	if (!engine_spend(e, c, BUDGET_FILES, 1, from_file, from_line))
		return false;
	err = rootfs_read(root, path, &src->data, &src->len, &rel);
	saved = errno;
	if (err == RF_OK) {
		src->file = model_file(e->model, rel);
		free(rel);
		if (!engine_spend(e, c, BUDGET_BYTES, src->len, from_file ?
		    from_file : src->file, from_file ? from_line : 0)) {
			source_free(src);
			return false;
		}
		if (binary(src->data, src->len, &ctl)) {
			f = finding_add(e, "PRS004", c, NULL, src->file, 0,
			    "'%s' is not a text file (%zu control bytes in its "
			    "first %zu): it cannot be audited", src->file, ctl,
			    src->len < BINARY_SAMPLE ? src->len :
			    (size_t)BINARY_SAMPLE);
			finding_fix(f, "Audit the text the MTA reads (a .db "
			    "map is built from a text source: audit that).");
			free(src->data);
			src->data = NULL;
			src->len = 0;
			src->unreadable = true;
			return false;
		}
		/* kept: lines are walked by length, and a value ends at a NUL
		 * as it does when Postfix reads it into a C string */
		if (memchr(src->data, '\0', src->len) != NULL)
			finding_add(e, "PRS001", c, NULL, src->file, 0,
			    "%s contains NUL bytes; a value ends at the first "
			    "one, as in Postfix", src->file);
		return true;
	}
	free(rel);
	if (err == RF_MISSING && !must_exist)
		return false;
	id = err == RF_ESCAPE || err == RF_LOOP ? "PRS003" : "PRS004";
	/* without a line that names it, the file itself is the place */
	if (from_file == NULL && err != RF_ESCAPE && err != RF_LOOP)
		from_file = model_file(e->model, path + (path[0] == '/'));
	f = finding_add(e, id, c, NULL, from_file, from_file ? from_line : 0,
	    "'%s' cannot be read: %s", path, err == RF_IO && saved != 0 ?
	    strerror(saved) : rootfs_strerror(err));
	if (err == RF_IO || err == RF_NOTFILE)
		finding_fix(f, "Make it a regular file the audit can read.");
	src->unreadable = err != RF_MISSING;
	return false;
}

/* source_free - release a source read with source_read */
void
source_free(struct source *src)
{
	free(src->data);
	memset(src, 0, sizeof(*src));
}

/* lineiter_init - start at the first line of src */
void
lineiter_init(struct lineiter *it, const struct source *src)
{
	it->p = src->data;
	it->end = src->data + src->len;
	it->no = 0;
}

/* lineiter_next - the next physical line, without "\n" or "\r\n" */
bool
lineiter_next(struct lineiter *it, struct line *ln)
{
	const char *nl;
	size_t len;

	if (it->p >= it->end)
		return false;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	len = nl ? (size_t)(nl - it->p) : (size_t)(it->end - it->p);
	ln->s = it->p;
	ln->len = len;
	if (len > 0 && ln->s[len - 1] == '\r')
		ln->len--;
	ln->no = ++it->no;
	it->p = nl ? nl + 1 : it->end;
	return true;
}

/* line_blank - the line holds only white space */
bool
line_blank(const struct line *ln)
{
	size_t i;

	for (i = 0; i < ln->len; i++)
		if (!isspace((unsigned char)ln->s[i]))
			return false;
	return true;
}

/* line_comment - the first non-space character is '#' */
bool
line_comment(const struct line *ln)
{
	size_t i;

	for (i = 0; i < ln->len; i++)
		if (!isspace((unsigned char)ln->s[i]))
			return ln->s[i] == '#';
	return false;
}

/* text_has_mark - the LEN bytes at S hold one of the N strings MARKS */
bool
text_has_mark(const char *s, size_t len, const char *const *marks, size_t n)
{
	size_t i, j, m;

	for (i = 0; i < len; i++)
		for (j = 0; j < n; j++) {
			/* most bytes start no marker: no memcmp for them */
			if (s[i] != marks[j][0])
				continue;
			m = strlen(marks[j]);
			if (i + m <= len && memcmp(s + i, marks[j], m) == 0)
				return true;
		}
	return false;
}

/*
 * brace_table - the "{{" at S + I opens a table Postfix reads from the
 * text itself ("inline:{{key = a, b}}", "pcre:{{/x/ REJECT}}"), not a
 * template expression
 */
static bool
brace_table(const char *s, size_t i)
{
	static const char *const types[] = {
		"inline:", "pcre:", "pipemap:", "randmap:", "regexp:",
		"static:", "unionmap:"
	};
	size_t j, m;

	for (j = 0; j < ARRAY_SIZE(types); j++) {
		m = strlen(types[j]);
		if (i >= m && memcmp(s + i - m, types[j], m) == 0)
			return true;
	}
	return false;
}

/*
 * installer_placeholder - an installer's placeholder word starts at S + I:
 * iRedMail's "PH_NAME", autoconf's "@NAME@"
 */
static bool
installer_placeholder(const char *s, size_t len, size_t i)
{
	size_t j;

	if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_'))
		return false;
	if (s[i] == 'P') {
		return i + 3 < len && s[i + 1] == 'H' && s[i + 2] == '_' &&
		    isupper((unsigned char)s[i + 3]);
	}
	if (s[i] != '@' || i + 1 >= len || !isupper((unsigned char)s[i + 1]))
		return false;
	for (j = i + 1; j < len; j++)
		if (s[j] == '@')
			return j > i + 2;
		else if (!isupper((unsigned char)s[j]) &&
		    !isdigit((unsigned char)s[j]) && s[j] != '_')
			return false;
	return false;
}

/*
 * line_templated - the text holds a template engine's marker ("{{",
 * "{%", "<%", "%}", "%{") or an installer's placeholder; Postfix's own
 * "inline:{{...}}" is none
 */
bool
line_templated(const char *s, size_t len)
{
	static const char *const marks[] = { "{%", "<%", "%}", "%{" };
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '{' && i + 1 < len && s[i + 1] == '{' &&
		    !brace_table(s, i))
			return true;
		if ((s[i] == 'P' || s[i] == '@') &&
		    installer_placeholder(s, len, i))
			return true;
	}
	return text_has_mark(s, len, marks, ARRAY_SIZE(marks));
}
