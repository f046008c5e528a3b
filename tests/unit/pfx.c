/* SPDX-License-Identifier: MIT */
/*
 * pfx.c - the unit tests' Postfix harness (see pfx.h).
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pfx.h"
#include "lib/util.h"

/* put_file - write LEN bytes of DATA to PATH inside the root */
void
put_file(struct pfx *fx, const char *path, const char *data, size_t len)
{
	char *full = xasprintf("%s/%s", fx->dir, path);
	int fd;

	fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		fail_msg("create %s: %s", full, strerror(errno));
	if (len > 0 && write(fd, data, len) != (ssize_t)len)
		fail_msg("write %s: %s", full, strerror(errno));
	close(fd);
	free(full);
}

/* put_text - write a string to PATH, or remove PATH when TEXT is NULL */
void
put_text(struct pfx *fx, const char *path, const char *text)
{
	char *full;

	if (text) {
		put_file(fx, path, text, strlen(text));
		return;
	}
	full = xasprintf("%s/%s", fx->dir, path);
	if (unlink(full) == -1 && errno != ENOENT)
		fail_msg("unlink %s: %s", full, strerror(errno));
	free(full);
}

/* pfx_unload - forget what was read */
void
pfx_unload(struct pfx *fx)
{
	if (!fx->loaded)
		return;
	engine_free(&fx->eng);
	model_free(&fx->model);
	fx->loaded = false;
	fx->mc = NULL;
	fx->pf = NULL;
}

/* pfx_read - read etc/postfix as it is now */
void
pfx_read(struct pfx *fx)
{
	pfx_unload(fx);
	model_init(&fx->model, fx->dir);
	engine_init(&fx->eng, &fx->model);
	fx->loaded = true;
	fx->mc = postfix_read(&fx->eng, &fx->model, &fx->rfs, "etc/postfix",
	    NULL);
	assert_non_null(fx->mc);
	fx->pf = fx->mc->priv;
	assert_non_null(fx->pf);
}

/* pfx_load - write main.cf and master.cf (NULL: none) and read them */
void
pfx_load(struct pfx *fx, const char *main_cf, const char *master_cf)
{
	put_text(fx, "etc/postfix/main.cf", main_cf);
	put_text(fx, "etc/postfix/master.cf", master_cf);
	pfx_read(fx);
}

/* pfx_setup - an empty root with etc/postfix and host name "vm" */
int
pfx_setup(void **state)
{
	struct pfx *fx = xcalloc(1, sizeof(*fx));
	char *p;

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_pf.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	p = xasprintf("%s/etc", fx->dir);
	if (mkdir(p, 0755) == -1)
		return -1;
	free(p);
	p = xasprintf("%s/etc/postfix", fx->dir);
	if (mkdir(p, 0755) == -1)
		return -1;
	free(p);
	put_text(fx, "etc/hostname", "vm\n");
	if (rootfs_open(&fx->rfs, fx->dir) == -1)
		return -1;
	*state = fx;
	return 0;
}

/* rm_one - nftw callback removing one entry */
static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* rm_tree - remove a temporary directory and everything in it */
int
rm_tree(const char *dir)
{
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* pfx_teardown - free what was read and remove the root */
int
pfx_teardown(void **state)
{
	struct pfx *fx = *state;
	int rc;

	if (fx == NULL)
		return 0;
	pfx_unload(fx);
	rootfs_close(&fx->rfs);
	rc = rm_tree(fx->dir);
	free(fx);
	return rc;
}

/* nfindings - how many findings of check ID there are */
size_t
nfindings(const struct pfx *fx, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < fx->eng.n; i++)
		if (strcmp(fx->eng.v[i].check->id, id) == 0)
			n++;
	return n;
}

/* has_finding_at - a finding of check ID at FILE:LINE */
bool
has_finding_at(const struct pfx *fx, const char *id, const char *file,
    int line)
{
	size_t i;

	for (i = 0; i < fx->eng.n; i++)
		if (strcmp(fx->eng.v[i].check->id, id) == 0 &&
		    fx->eng.v[i].line == line && fx->eng.v[i].file &&
		    strcmp(fx->eng.v[i].file, file) == 0)
			return true;
	return false;
}

/* listener - the listener with this label, or fail */
struct listener *
listener(struct pfx *fx, const char *label)
{
	size_t i;

	for (i = 0; i < fx->mc->nlisteners; i++)
		if (strcmp(fx->mc->listeners[i].label, label) == 0)
			return &fx->mc->listeners[i];
	fail_msg("no listener '%s'", label);
	return NULL;
}

/* grant_of - the first grant of KIND whose what contains WHAT */
struct grant *
grant_of(struct listener *l, enum grant_kind kind, const char *what)
{
	size_t i;

	for (i = 0; i < l->ngrants; i++)
		if (l->grants[i].kind == kind && (what == NULL ||
		    strstr(l->grants[i].what, what)))
			return &l->grants[i];
	return NULL;
}

/* msg_has - a finding of ID whose message contains TEXT */
bool
msg_has(struct pfx *fx, const char *id, const char *text)
{
	size_t i;

	for (i = 0; i < fx->eng.n; i++)
		if (strcmp(fx->eng.v[i].check->id, id) == 0 &&
		    strstr(fx->eng.v[i].message, text))
			return true;
	return false;
}

/* pfx_mkdir - create directory PATH (root-relative); 0, or -1 on error */
int
pfx_mkdir(struct pfx *fx, const char *path)
{
	char *p = xasprintf("%s/%s", fx->dir, path);
	int rc = mkdir(p, 0755);

	free(p);
	return rc == -1 ? -1 : 0;
}
