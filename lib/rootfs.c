/* SPDX-License-Identifier: MIT */
/*
 * rootfs.c - read files confined to the audited root.
 *
 * A path is resolved by hand, one component at a time, relative to the
 * descriptor of the root: every component is examined with
 * fstatat(AT_SYMLINK_NOFOLLOW), symbolic links are read with readlinkat()
 * and their targets spliced into the components still to be resolved
 * (an absolute target restarts at the root, chroot style; a relative one
 * continues from the link's directory).  The operating system is never
 * asked to follow a link itself: the final open uses O_NOFOLLOW and is
 * checked against the object that was examined.
 *
 * ".." pops one resolved component and is refused (RF_ESCAPE) at the top;
 * it is never clamped to the root as the kernel would.  As in the kernel,
 * "." , ".." or a trailing "/" after something that is not a directory is
 * "no such file" (ENOTDIR).
 *
 * Limits: the path given, a link target and the resolved root-relative
 * path are each at most ROOTFS_PATH_MAX bytes, a component at most
 * NAME_MAX; anything longer is reported as RF_MISSING, since the MTA in
 * the image would get ENAMETOOLONG for it as well.  At most
 * ROOTFS_MAX_LINKS links are followed per resolution (RF_LOOP beyond).
 *
 * Races with a concurrent writer of the tree (TOCTOU) are not defended
 * against beyond the O_NOFOLLOW open and the device/inode check.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/rootfs.h"
#include "lib/util.h"

#define ROOTFS_PATH_MAX	4096		/* bytes in a path or link target */
#define READ_CHUNK	65536		/* bytes asked of read(2) at a time */

/* the state of one resolution */
struct walk {
	struct buf	 cur;		/* resolved so far, "etc/postfix" */
	size_t		*off;		/* cur.len before each component */
	size_t		 depth;		/* components in cur */
	size_t		 offcap;
	struct strvec	 todo;		/* components left, last one next */
	int		 links;		/* symbolic links followed */
	int		 isdir;		/* cur is a directory */
};

/* errno_err - map an errno from a lookup to a rootfs error */
static enum rootfs_err
errno_err(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
	case ENAMETOOLONG:
		return RF_MISSING;
	default:
		return RF_IO;
	}
}

/* todo_push - queue the components of S (LEN bytes) before those left */
static enum rootfs_err
todo_push(struct walk *w, const char *s, size_t len)
{
	struct strvec comps = STRVEC_INIT;
	size_t i, j;

	if (len > ROOTFS_PATH_MAX)
		return RF_MISSING;
	for (i = 0; i < len; i = j + 1) {
		for (j = i; j < len && s[j] != '/'; j++)
			continue;
		if (j > i)
			strvec_push_owned(&comps, xstrndup(s + i, j - i));
	}
	/* "dir/" insists on a directory, like "dir/." */
	if (comps.n > 0 && s[len - 1] == '/')
		strvec_push(&comps, ".");
	/* todo is a stack: push in reverse so the first comes out first */
	while (comps.n > 0)
		strvec_push_owned(&w->todo, comps.v[--comps.n]);
	strvec_free(&comps);
	return RF_OK;
}

/* walk_pop - drop the last resolved component */
static void
walk_pop(struct walk *w)
{
	w->cur.len = w->off[--w->depth];
	w->cur.s[w->cur.len] = '\0';
	w->isdir = 1;
}

/* walk_append - add COMP to the resolved path; RF_MISSING if too long */
static enum rootfs_err
walk_append(struct walk *w, const char *comp)
{
	size_t len = strlen(comp);

	if (w->cur.len + 1 + len > ROOTFS_PATH_MAX)
		return RF_MISSING;
	if (w->depth == w->offcap) {
		w->offcap = w->offcap ? w->offcap * 2 : 16;
		w->off = xreallocarray(w->off, w->offcap, sizeof(*w->off));
	}
	w->off[w->depth++] = w->cur.len;
	if (w->cur.len > 0)
		buf_addc(&w->cur, '/');
	buf_add(&w->cur, comp, len);
	return RF_OK;
}

/* walk_link - splice the target of the link at cur into the components */
static enum rootfs_err
walk_link(struct walk *w, const struct rootfs *rfs)
{
	char target[ROOTFS_PATH_MAX + 1];
	ssize_t n;

	if (++w->links > ROOTFS_MAX_LINKS)
		return RF_LOOP;
	n = readlinkat(rfs->fd, w->cur.s, target, sizeof(target));
	if (n < 0)
		return errno == EINVAL ? RF_IO : errno_err(errno);
	if (n == 0 || (size_t)n >= sizeof(target))
		return RF_MISSING;
	/* the link itself is not part of the resolved path */
	walk_pop(w);
	if (target[0] == '/') {
		w->depth = 0;
		buf_reset(&w->cur);
	}
	return todo_push(w, target, (size_t)n);
}

/* walk_free - release a resolution's memory */
static void
walk_free(struct walk *w)
{
	buf_free(&w->cur);
	free(w->off);
	w->off = NULL;
	w->depth = w->offcap = 0;
	strvec_free(&w->todo);
}

/*
 * resolve - resolve PATH inside the root; on RF_OK w->cur holds the
 * canonical root-relative path ("" for the root itself) and *st the
 * status of the object it names (never a link).
 */
static enum rootfs_err
resolve(const struct rootfs *rfs, const char *path, struct walk *w,
    struct stat *st)
{
	enum rootfs_err err;
	char *comp;

	memset(w, 0, sizeof(*w));
	w->isdir = 1;
	if (rfs->fd < 0)
		return RF_IO;
	if ((err = todo_push(w, path, strlen(path))) != RF_OK)
		return err;

	while (w->todo.n > 0) {
		comp = w->todo.v[--w->todo.n];
		if (!w->isdir) {
			free(comp);
			return RF_MISSING;	/* ENOTDIR */
		}
		if (strcmp(comp, ".") == 0) {
			free(comp);
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			free(comp);
			if (w->depth == 0)
				return RF_ESCAPE;
			walk_pop(w);
			continue;
		}
		err = walk_append(w, comp);
		free(comp);
		if (err != RF_OK)
			return err;
		if (fstatat(rfs->fd, w->cur.s, st, AT_SYMLINK_NOFOLLOW) == -1)
			return errno_err(errno);
		if (S_ISLNK(st->st_mode)) {
			if ((err = walk_link(w, rfs)) != RF_OK)
				return err;
			continue;
		}
		w->isdir = S_ISDIR(st->st_mode);
	}

	/* after ".." or a link the status is stale: take it afresh */
	if (w->depth == 0)
		return fstat(rfs->fd, st) == -1 ? RF_IO : RF_OK;
	if (fstatat(rfs->fd, w->cur.s, st, AT_SYMLINK_NOFOLLOW) == -1)
		return errno_err(errno);
	if (S_ISLNK(st->st_mode))
		return RF_IO;		/* replaced under our feet */
	return RF_OK;
}

/* open_checked - open the resolved object, which must still be SEEN */
static enum rootfs_err
open_checked(const struct rootfs *rfs, const struct walk *w,
    const struct stat *seen, int flags, int *fdp)
{
	struct stat st;
	int fd;

	*fdp = -1;
	fd = openat(rfs->fd, w->depth ? w->cur.s : ".",
	    flags | O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
		return errno == ELOOP ? RF_IO : errno_err(errno);
	if (fstat(fd, &st) == -1) {
		close(fd);
		return RF_IO;
	}
	if ((st.st_mode & S_IFMT) != (seen->st_mode & S_IFMT)) {
		close(fd);
		return RF_NOTFILE;
	}
	if (st.st_dev != seen->st_dev || st.st_ino != seen->st_ino) {
		close(fd);
		return RF_IO;
	}
	*fdp = fd;
	return RF_OK;
}

/*
 * read_all - read FD to its end into B, at most ROOTFS_MAX_FILE bytes;
 * HINT is the size fstat reported, the file may have changed since
 */
static enum rootfs_err
read_all(int fd, size_t hint, struct buf *b)
{
	size_t room;
	ssize_t n;

	/* one byte more than the hint, so EOF is seen without a realloc */
	buf_grow(b, hint + 1);
	b->s[b->len] = '\0';
	for (;;) {
		room = b->cap - b->len - 1;
		if (room == 0) {
			buf_grow(b, READ_CHUNK);
			room = b->cap - b->len - 1;
		}
		n = read(fd, b->s + b->len, room);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return RF_IO;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->s[b->len] = '\0';
		if (b->len > ROOTFS_MAX_FILE)
			return RF_TOOBIG;	/* it grew since fstat */
	}
	return RF_OK;
}

/* rootfs_open - open DIR as the audited root; -1 with errno on failure */
int
rootfs_open(struct rootfs *rfs, const char *dir)
{
	rfs->dir = NULL;
	rfs->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rfs->fd == -1)
		return -1;
	rfs->dir = xstrdup(dir);
	return 0;
}

/* rootfs_close - close the root's descriptor and free its name */
void
rootfs_close(struct rootfs *rfs)
{
	if (rfs->fd >= 0)
		close(rfs->fd);
	rfs->fd = -1;
	free(rfs->dir);
	rfs->dir = NULL;
}

/* rootfs_read - read a regular file inside the root, NUL-terminated */
enum rootfs_err
rootfs_read(const struct rootfs *rfs, const char *path, char **data,
    size_t *len, char **rel)
{
	struct buf b = BUF_INIT;
	struct walk w;
	struct stat st;
	enum rootfs_err err;
	int fd;

	*data = NULL;
	*len = 0;
	if (rel != NULL)
		*rel = NULL;
	if ((err = resolve(rfs, path, &w, &st)) != RF_OK)
		goto out;
	/* decided before any open: a fifo or device is never opened */
	if (!S_ISREG(st.st_mode)) {
		err = RF_NOTFILE;
		goto out;
	}
	if (st.st_size < 0 ||
	    (unsigned long long)st.st_size > ROOTFS_MAX_FILE) {
		err = RF_TOOBIG;
		goto out;
	}
	if ((err = open_checked(rfs, &w, &st, 0, &fd)) != RF_OK)
		goto out;
	err = read_all(fd, (size_t)st.st_size, &b);
	if (err != RF_OK) {
		int saved = errno;

		close(fd);
		buf_free(&b);
		errno = saved;
		goto out;
	}
	close(fd);
	*len = b.len;
	*data = buf_detach(&b);
	if (rel != NULL)
		*rel = buf_detach(&w.cur);
out:
	if (err == RF_IO) {
		int saved = errno;

		walk_free(&w);
		errno = saved;
	} else
		walk_free(&w);
	return err;
}

/* rootfs_exists - the path resolves to a regular file inside the root */
int
rootfs_exists(const struct rootfs *rfs, const char *path)
{
	struct walk w;
	struct stat st;
	enum rootfs_err err;

	err = resolve(rfs, path, &w, &st);
	walk_free(&w);
	return err == RF_OK && S_ISREG(st.st_mode);
}

/* name_cmp - qsort comparison of two names in strcmp order */
static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * rootfs_list - the sorted names in a directory inside the root.  The
 * array is NULL-terminated as well (names[n] == NULL); the caller frees
 * every name and the array.
 */
enum rootfs_err
rootfs_list(const struct rootfs *rfs, const char *path, char ***names,
    size_t *n)
{
	struct strvec sv = STRVEC_INIT;
	struct walk w;
	struct stat st;
	struct dirent *de;
	enum rootfs_err err;
	DIR *dp;
	int fd;

	*names = NULL;
	*n = 0;
	if ((err = resolve(rfs, path, &w, &st)) != RF_OK)
		goto out;
	if (!S_ISDIR(st.st_mode)) {
		err = RF_NOTFILE;
		goto out;
	}
	if ((err = open_checked(rfs, &w, &st, O_DIRECTORY, &fd)) != RF_OK)
		goto out;
	if ((dp = fdopendir(fd)) == NULL) {
		close(fd);
		err = RF_IO;
		goto out;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(dp)) == NULL)
			break;
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		strvec_push(&sv, de->d_name);
	}
	if (errno != 0) {
		closedir(dp);
		strvec_free(&sv);
		err = RF_IO;
		goto out;
	}
	closedir(dp);
	if (sv.n > 1)
		qsort(sv.v, sv.n, sizeof(*sv.v), name_cmp);
	*n = sv.n;
	strvec_push_owned(&sv, NULL);
	*names = sv.v;
out:
	walk_free(&w);
	return err;
}

/* rootfs_strerror - short English text for an error code */
const char *
rootfs_strerror(enum rootfs_err err)
{
	switch (err) {
	case RF_OK:
		return "success";
	case RF_MISSING:
		return "no such file";
	case RF_ESCAPE:
		return "leaves the audited root";
	case RF_LOOP:
		return "too many symbolic links";
	case RF_NOTFILE:
		return "not a regular file";
	case RF_TOOBIG:
		return "larger than the size limit";
	case RF_IO:
		return "read error";
	}
	return "unknown error";
}
