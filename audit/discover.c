/* SPDX-License-Identifier: MIT */
/*
 * discover.c - where each MTA keeps its configuration, as data: the
 * readers table lists each MTA's directories and the file that proves
 * the MTA reads them.  A reader gets the directory and, when the user
 * named a file, that file's name in it.
 */
#include <stdlib.h>
#include <string.h>

#include "audit/discover.h"
#include "parsers/exim/exim.h"
#include "parsers/postfix/postfix.h"
#include "parsers/sendmail/sendmail.h"
#include "lib/util.h"

typedef struct mtaconf *reader_fn(struct engine *, struct model *,
    const struct rootfs *, const char *dir, const char *file,
    const struct audit_opts *);

/* postfix_reader - adapter from the table to postfix_read */
static struct mtaconf *
postfix_reader(struct engine *e, struct model *m, const struct rootfs *r,
    const char *dir, const char *file, const struct audit_opts *o)
{
	return postfix_read(e, m, r, dir, o->postfix_version);
}

/* exim_reader - adapter from the table to exim_read */
static struct mtaconf *
exim_reader(struct engine *e, struct model *m, const struct rootfs *r,
    const char *dir, const char *file, const struct audit_opts *o)
{
	return exim_read(e, m, r, dir, file, &o->defines);
}

/* sendmail_reader - adapter from the table to sendmail_read */
static struct mtaconf *
sendmail_reader(struct engine *e, struct model *m, const struct rootfs *r,
    const char *dir, const char *file, const struct audit_opts *o)
{
	return sendmail_read(e, m, r, dir, file);
}

#define NMARKERS 3

static const struct reader {
	enum mta	 mta;
	const char	*parent;	/* directory holding configurations */
	const char	*prefix;	/* their name, or prefix with '*' */
	const char	*markers[NMARKERS]; /* one of them must exist in it */
	const char	*suffix;	/* or a named file ends so */
	reader_fn	*read;
} readers[] = {
	{ MTA_POSTFIX, "etc", "postfix", { "main.cf", "master.cf" }, NULL,
	    postfix_reader },
	{ MTA_POSTFIX, "etc", "postfix-*", { "main.cf" }, NULL,
	    postfix_reader },
	{ MTA_EXIM, "etc", "exim", { "exim.conf", "configure" }, NULL,
	    exim_reader },
	{ MTA_EXIM, "etc", "exim4", { "exim4.conf", "update-exim4.conf.conf",
	    "exim4.conf.template" }, NULL, exim_reader },
	{ MTA_SENDMAIL, "etc", "mail", { "sendmail.mc", "submit.mc" }, ".mc",
	    sendmail_reader },
};

/* has_file - DIR/NAME is a regular file inside the root */
static bool
has_file(const struct rootfs *r, const char *dir, const char *name)
{
	char *p;
	int ok;

	if (name == NULL)
		return false;
	p = xasprintf("%s/%s", dir, name);
	ok = rootfs_exists(r, p);
	free(p);
	return ok;
}

/* has_marker - DIR holds one of the reader's marker files */
static bool
has_marker(const struct rootfs *r, const char *dir, const struct reader *rd)
{
	size_t k;

	for (k = 0; k < NMARKERS; k++)
		if (has_file(r, dir, rd->markers[k]))
			return true;
	return false;
}

/* names_file - NAME is one of the reader's markers or ends in its suffix */
static bool
names_file(const char *name, const struct reader *rd)
{
	size_t k;

	for (k = 0; k < NMARKERS; k++)
		if (rd->markers[k] && strcmp(name, rd->markers[k]) == 0)
			return true;
	return rd->suffix && str_ends(name, rd->suffix) &&
	    strlen(name) > strlen(rd->suffix);
}

/* matches - a directory name fits a reader's name or prefix pattern */
static bool
matches(const char *name, const char *pattern)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '*')
		return strncmp(name, pattern, n - 1) == 0 && name[n - 1] != '\0';
	return strcmp(name, pattern) == 0;
}

/* discover_root - read every configuration the readers table finds */
size_t
discover_root(struct engine *e, struct model *m, const struct rootfs *r,
    const struct audit_opts *o)
{
	size_t i, j, found = 0;

	for (i = 0; i < ARRAY_SIZE(readers); i++) {
		char **names = NULL;
		size_t n = 0;

		if (rootfs_list(r, readers[i].parent, &names, &n) != RF_OK)
			continue;
		for (j = 0; j < n; j++) {
			char *dir;

			if (!matches(names[j], readers[i].prefix))
				continue;
			dir = xasprintf("%s/%s", readers[i].parent, names[j]);
			if (has_marker(r, dir, &readers[i])) {
				readers[i].read(e, m, r, dir, NULL, o);
				found++;
			}
			free(dir);
		}
		for (j = 0; j < n; j++)
			free(names[j]);
		free(names);
	}
	return found;
}

/* discover_path - read the configuration named by PATH */
int
discover_path(struct engine *e, struct model *m, const struct rootfs *r,
    const char *path, const struct audit_opts *o)
{
	char *dir = xstrdup(path), *slash;
	const char *base;
	size_t i, n;
	int rc = -1;

	while ((n = strlen(dir)) > 1 && dir[n - 1] == '/')
		dir[n - 1] = '\0';
	for (i = 0; i < ARRAY_SIZE(readers); i++)
		if (has_marker(r, dir, &readers[i])) {
			readers[i].read(e, m, r, dir, NULL, o);
			free(dir);
			return 0;
		}
	slash = strrchr(dir, '/');
	base = slash ? slash + 1 : dir;
	for (i = 0; i < ARRAY_SIZE(readers) && rc != 0; i++) {
		if (!names_file(base, &readers[i]) || !rootfs_exists(r, dir))
			continue;
		if (slash)
			*slash = '\0';
		readers[i].read(e, m, r, slash ? dir : ".", base, o);
		rc = 0;
	}
	free(dir);
	return rc;
}
