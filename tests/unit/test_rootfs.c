/* SPDX-License-Identifier: MIT */
/*
 * test_rootfs.c - unit tests for lib/rootfs.c: resolution inside the
 * audited root, links, escapes, loops, non-files and listing.
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
#include "lib/rootfs.h"
#include "lib/util.h"

#define CHAIN	ROOTFS_MAX_LINKS	/* links chain/c0 ... chain/cCHAIN */

/* the temporary tree shared by the tests */
struct fixture {
	char		dir[64];
	int		dfd;
	struct rootfs	rfs;
};

/* mk_dir - create directory PATH in the tree */
static void
mk_dir(int dfd, const char *path)
{
	if (mkdirat(dfd, path, 0755) == -1)
		fail_msg("mkdir %s: %s", path, strerror(errno));
}

/* mk_file - create file PATH in the tree holding LEN bytes of DATA */
static void
mk_file(int dfd, const char *path, const char *data, size_t len)
{
	int fd;

	fd = openat(dfd, path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1)
		fail_msg("create %s: %s", path, strerror(errno));
	if (len > 0 && write(fd, data, len) != (ssize_t)len)
		fail_msg("write %s: %s", path, strerror(errno));
	close(fd);
}

/* mk_link - create symbolic link PATH pointing to TARGET */
static void
mk_link(int dfd, const char *target, const char *path)
{
	if (symlinkat(target, dfd, path) == -1)
		fail_msg("symlink %s: %s", path, strerror(errno));
}

/* setup - build the tree and open it as the root */
static int
setup(void **state)
{
	struct fixture *fx;
	char name[32], target[32];
	int fd, i;

	fx = xcalloc(1, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_rootfs.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	fx->dfd = open(fx->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fx->dfd == -1)
		return -1;

	mk_dir(fx->dfd, "etc");
	mk_file(fx->dfd, "etc/real", "real\n", 5);
	mk_file(fx->dfd, "etc/passwd", "inside-passwd\n", 14);
	mk_link(fx->dfd, "..", "etc/up");
	mk_dir(fx->dfd, "etc/postfix");
	mk_link(fx->dfd, "../../srv/main.cf", "etc/postfix/main.cf");
	mk_link(fx->dfd, "/etc/real", "etc/postfix/abs");
	mk_link(fx->dfd, "/etc/passwd", "etc/postfix/passwd");
	mk_link(fx->dfd, "../../../../etc/passwd", "etc/postfix/escape");
	mk_link(fx->dfd, "/../etc/passwd", "etc/postfix/escape_abs");
	mk_link(fx->dfd, "loop2", "etc/postfix/loop1");
	mk_link(fx->dfd, "loop1", "etc/postfix/loop2");
	mk_link(fx->dfd, "self", "etc/postfix/self");
	mk_link(fx->dfd, "/srv", "etc/postfix/srvlink");
	mk_link(fx->dfd, "../../srv/", "etc/postfix/srvrel");
	mk_link(fx->dfd, "/dev/null", "etc/postfix/devnull");
	mk_link(fx->dfd, "nowhere", "etc/postfix/dangling");
	if (mkfifoat(fx->dfd, "etc/postfix/fifo", 0644) == -1)
		return -1;
	mk_link(fx->dfd, "fifo", "etc/postfix/fifolink");
	mk_file(fx->dfd, "etc/postfix/empty", "", 0);
	mk_file(fx->dfd, "etc/postfix/nul", "a\0b", 3);
	mk_file(fx->dfd, "etc/postfix/secret", "x\n", 2);

	mk_dir(fx->dfd, "srv");
	mk_file(fx->dfd, "srv/main.cf", "myhostname = mx.example\n", 24);
	fd = openat(fx->dfd, "srv/big", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd == -1 || ftruncate(fd, (off_t)ROOTFS_MAX_FILE + 1) == -1)
		return -1;
	close(fd);

	mk_dir(fx->dfd, "list");
	mk_file(fx->dfd, "list/b", "", 0);
	mk_file(fx->dfd, "list/a", "", 0);
	mk_file(fx->dfd, "list/C", "", 0);
	mk_file(fx->dfd, "list/.hidden", "", 0);
	mk_dir(fx->dfd, "list/z");
	mk_link(fx->dfd, "a", "list/l");
	mk_dir(fx->dfd, "emptydir");
	mk_link(fx->dfd, "../list", "etc/listlink");

	/* chain/c0 -> c1 -> ... -> cCHAIN -> ../etc/real */
	mk_dir(fx->dfd, "chain");
	for (i = 0; i < CHAIN; i++) {
		snprintf(name, sizeof(name), "chain/c%d", i);
		snprintf(target, sizeof(target), "c%d", i + 1);
		mk_link(fx->dfd, target, name);
	}
	snprintf(name, sizeof(name), "chain/c%d", CHAIN);
	mk_link(fx->dfd, "../etc/real", name);

	if (rootfs_open(&fx->rfs, fx->dir) == -1)
		return -1;
	*state = fx;
	return 0;
}

/* teardown - close the root and remove the tree */
static int
teardown(void **state)
{
	struct fixture *fx = *state;
	int rc;

	if (fx == NULL)
		return 0;
	rootfs_close(&fx->rfs);
	close(fx->dfd);
	rc = rm_tree(fx->dir);
	free(fx);
	return rc;
}

/* errno right after the last rootfs_read of check_read */
static int last_errno;

/*
 * check_read - rootfs_read PATH and compare with the expected error, and
 * on RF_OK with the expected data and canonical path
 */
static void
check_read(struct fixture *fx, const char *path, enum rootfs_err want,
    const char *wdata, const char *wrel)
{
	char *data = (char *)"unset", *rel = (char *)"unset";
	size_t len = 99;
	enum rootfs_err err;

	err = rootfs_read(&fx->rfs, path, &data, &len, &rel);
	last_errno = errno;
	if (err != want)
		fail_msg("%s: got %s, want %s", path, rootfs_strerror(err),
		    rootfs_strerror(want));
	if (want != RF_OK) {
		assert_null(data);
		assert_null(rel);
		assert_int_equal(len, 0);
		return;
	}
	assert_non_null(data);
	assert_int_equal(len, strlen(wdata));
	assert_string_equal(data, wdata);
	assert_string_equal(rel, wrel);
	free(data);
	free(rel);
}

/* test_plain - plain files, absolute or relative, with "." and "//" */
static void
test_plain(void **state)
{
	struct fixture *fx = *state;

	check_read(fx, "etc/real", RF_OK, "real\n", "etc/real");
	check_read(fx, "/etc/real", RF_OK, "real\n", "etc/real");
	check_read(fx, "//etc/./real", RF_OK, "real\n", "etc/real");
	check_read(fx, "./etc//postfix/../real", RF_OK, "real\n", "etc/real");
	check_read(fx, "/srv/main.cf", RF_OK, "myhostname = mx.example\n",
	    "srv/main.cf");
	check_read(fx, "etc/postfix/empty", RF_OK, "", "etc/postfix/empty");
}

/* test_rel_null - *rel may be omitted; binary content keeps its length */
static void
test_rel_null(void **state)
{
	struct fixture *fx = *state;
	char *data;
	size_t len;

	assert_int_equal(rootfs_read(&fx->rfs, "etc/postfix/nul", &data,
	    &len, NULL), RF_OK);
	assert_int_equal(len, 3);
	assert_memory_equal(data, "a\0b", 4);
	free(data);
}

/* test_links - relative and absolute links resolve inside the root */
static void
test_links(void **state)
{
	struct fixture *fx = *state;

	check_read(fx, "/etc/postfix/main.cf", RF_OK,
	    "myhostname = mx.example\n", "srv/main.cf");
	check_read(fx, "etc/postfix/abs", RF_OK, "real\n", "etc/real");
	/* "/etc/passwd" in a link is the root's, not the host's */
	check_read(fx, "etc/postfix/passwd", RF_OK, "inside-passwd\n",
	    "etc/passwd");
	/* a link to a directory in the middle of the path */
	check_read(fx, "etc/postfix/srvlink/main.cf", RF_OK,
	    "myhostname = mx.example\n", "srv/main.cf");
	check_read(fx, "etc/postfix/srvrel/main.cf", RF_OK,
	    "myhostname = mx.example\n", "srv/main.cf");
	/* ".." after a link climbs from where the link led */
	check_read(fx, "etc/postfix/srvlink/../etc/real", RF_OK, "real\n",
	    "etc/real");
	check_read(fx, "etc/up/etc/up/etc/real", RF_OK, "real\n", "etc/real");
	/* ROOTFS_MAX_LINKS links are fine */
	check_read(fx, "chain/c1", RF_OK, "real\n", "etc/real");
}

/* test_escape - ".." above the root is refused, never clamped */
static void
test_escape(void **state)
{
	struct fixture *fx = *state;

	/* clamping would find the root's etc/passwd: must not happen */
	check_read(fx, "/../etc/passwd", RF_ESCAPE, NULL, NULL);
	check_read(fx, "..", RF_ESCAPE, NULL, NULL);
	check_read(fx, "etc/../../etc/passwd", RF_ESCAPE, NULL, NULL);
	check_read(fx, "etc/postfix/escape", RF_ESCAPE, NULL, NULL);
	check_read(fx, "etc/postfix/escape_abs", RF_ESCAPE, NULL, NULL);
	check_read(fx, "etc/up/../etc/passwd", RF_ESCAPE, NULL, NULL);
	check_read(fx, "etc/postfix/srvlink/../../etc/passwd", RF_ESCAPE,
	    NULL, NULL);
	assert_int_equal(rootfs_exists(&fx->rfs, "etc/postfix/escape"), 0);
}

/* test_loop - loops and over-long chains are RF_LOOP */
static void
test_loop(void **state)
{
	struct fixture *fx = *state;
	char **names;
	size_t n;

	check_read(fx, "etc/postfix/loop1", RF_LOOP, NULL, NULL);
	check_read(fx, "etc/postfix/self", RF_LOOP, NULL, NULL);
	check_read(fx, "etc/postfix/loop2/x", RF_LOOP, NULL, NULL);
	check_read(fx, "chain/c0", RF_LOOP, NULL, NULL);
	assert_int_equal(rootfs_list(&fx->rfs, "etc/postfix/self", &names,
	    &n), RF_LOOP);
	assert_null(names);
	assert_int_equal(n, 0);
}

/* test_notfile - directories and fifos are not read (and never hang) */
static void
test_notfile(void **state)
{
	struct fixture *fx = *state;

	check_read(fx, "etc", RF_NOTFILE, NULL, NULL);
	check_read(fx, "/", RF_NOTFILE, NULL, NULL);
	check_read(fx, "", RF_NOTFILE, NULL, NULL);
	check_read(fx, "etc/postfix/srvlink", RF_NOTFILE, NULL, NULL);
	alarm(10);		/* a blocking open of the fifo kills the test */
	check_read(fx, "etc/postfix/fifo", RF_NOTFILE, NULL, NULL);
	check_read(fx, "etc/postfix/fifolink", RF_NOTFILE, NULL, NULL);
	assert_int_equal(rootfs_exists(&fx->rfs, "etc/postfix/fifo"), 0);
	alarm(0);
}

/* test_missing - absent paths, dangling links, files used as dirs */
static void
test_missing(void **state)
{
	struct fixture *fx = *state;
	struct buf b = BUF_INIT;
	int i;

	check_read(fx, "etc/nonexistent", RF_MISSING, NULL, NULL);
	check_read(fx, "nodir/file", RF_MISSING, NULL, NULL);
	check_read(fx, "etc/postfix/dangling", RF_MISSING, NULL, NULL);
	/* exists on the host, not in the root */
	check_read(fx, "etc/postfix/devnull", RF_MISSING, NULL, NULL);
	/* a file is not a directory, whatever follows it */
	check_read(fx, "etc/real/x", RF_MISSING, NULL, NULL);
	check_read(fx, "etc/real/", RF_MISSING, NULL, NULL);
	check_read(fx, "etc/real/.", RF_MISSING, NULL, NULL);
	check_read(fx, "etc/real/../real", RF_MISSING, NULL, NULL);
	check_read(fx, "etc/postfix/abs/", RF_MISSING, NULL, NULL);

	/* longer than the path limit */
	for (i = 0; i < 2100; i++)
		buf_adds(&b, "a/");
	buf_adds(&b, "x");
	check_read(fx, buf_str(&b), RF_MISSING, NULL, NULL);
	/* a component longer than NAME_MAX */
	buf_reset(&b);
	buf_adds(&b, "etc/");
	for (i = 0; i < 300; i++)
		buf_addc(&b, 'n');
	check_read(fx, buf_str(&b), RF_MISSING, NULL, NULL);
	/* many "./" components but a short resolved path are fine */
	buf_reset(&b);
	for (i = 0; i < 1000; i++)
		buf_adds(&b, "./");
	buf_adds(&b, "etc/real");
	check_read(fx, buf_str(&b), RF_OK, "real\n", "etc/real");
	buf_free(&b);
}

/* test_toobig - a file over ROOTFS_MAX_FILE is refused unread */
static void
test_toobig(void **state)
{
	struct fixture *fx = *state;

	check_read(fx, "srv/big", RF_TOOBIG, NULL, NULL);
	assert_int_equal(rootfs_exists(&fx->rfs, "srv/big"), 1);
}

/* test_unreadable - permission errors are RF_IO (not as root) */
static void
test_unreadable(void **state)
{
	struct fixture *fx = *state;

	if (geteuid() == 0)
		skip();
	assert_int_equal(fchmodat(fx->dfd, "etc/postfix/secret", 0, 0), 0);
	check_read(fx, "etc/postfix/secret", RF_IO, NULL, NULL);
	assert_int_equal(last_errno, EACCES);	/* kept for the message */
	assert_int_equal(fchmodat(fx->dfd, "etc/postfix/secret", 0644, 0),
	    0);
	assert_int_equal(fchmodat(fx->dfd, "emptydir", 0, 0), 0);
	check_read(fx, "emptydir/x", RF_IO, NULL, NULL);
	assert_int_equal(fchmodat(fx->dfd, "emptydir", 0755, 0), 0);
}

/* test_exists - only regular files exist */
static void
test_exists(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(rootfs_exists(&fx->rfs, "etc/real"), 1);
	assert_int_equal(rootfs_exists(&fx->rfs, "/etc/postfix/main.cf"), 1);
	assert_int_equal(rootfs_exists(&fx->rfs, "etc/postfix/abs"), 1);
	assert_int_equal(rootfs_exists(&fx->rfs, "etc"), 0);
	assert_int_equal(rootfs_exists(&fx->rfs, "/"), 0);
	assert_int_equal(rootfs_exists(&fx->rfs, "etc/missing"), 0);
	assert_int_equal(rootfs_exists(&fx->rfs, "etc/postfix/loop1"), 0);
	assert_int_equal(rootfs_exists(&fx->rfs, "/../etc/passwd"), 0);
}

/* free_names - free a rootfs_list result */
static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* test_list - sorted names, without "." and ".." */
static void
test_list(void **state)
{
	struct fixture *fx = *state;
	static const char *want[] = { ".hidden", "C", "a", "b", "l", "z" };
	char **names;
	size_t i, n;

	assert_int_equal(rootfs_list(&fx->rfs, "list", &names, &n), RF_OK);
	assert_int_equal(n, ARRAY_SIZE(want));
	for (i = 0; i < n; i++)
		assert_string_equal(names[i], want[i]);
	assert_null(names[n]);
	free_names(names, n);

	/* through a link, with a trailing slash */
	assert_int_equal(rootfs_list(&fx->rfs, "/etc/listlink/", &names, &n),
	    RF_OK);
	assert_int_equal(n, ARRAY_SIZE(want));
	assert_string_equal(names[0], ".hidden");
	assert_string_equal(names[5], "z");
	free_names(names, n);

	/* the root itself */
	assert_int_equal(rootfs_list(&fx->rfs, "/", &names, &n), RF_OK);
	assert_int_equal(n, 5);
	assert_string_equal(names[0], "chain");
	assert_string_equal(names[1], "emptydir");
	assert_string_equal(names[2], "etc");
	assert_string_equal(names[3], "list");
	assert_string_equal(names[4], "srv");
	free_names(names, n);

	assert_int_equal(rootfs_list(&fx->rfs, "emptydir", &names, &n), RF_OK);
	assert_int_equal(n, 0);
	assert_non_null(names);
	assert_null(names[0]);
	free_names(names, n);
}

/* test_list_errors - list on files, fifos, missing and escaping paths */
static void
test_list_errors(void **state)
{
	struct fixture *fx = *state;
	char **names;
	size_t n;

	assert_int_equal(rootfs_list(&fx->rfs, "etc/real", &names, &n),
	    RF_NOTFILE);
	assert_null(names);
	alarm(10);
	assert_int_equal(rootfs_list(&fx->rfs, "etc/postfix/fifo", &names,
	    &n), RF_NOTFILE);
	alarm(0);
	assert_int_equal(rootfs_list(&fx->rfs, "nodir", &names, &n),
	    RF_MISSING);
	assert_int_equal(rootfs_list(&fx->rfs, "/..", &names, &n),
	    RF_ESCAPE);
	assert_null(names);
	assert_int_equal(n, 0);
}

/* test_open - rootfs_open errors and rootfs_close */
static void
test_open(void **state)
{
	struct fixture *fx = *state;
	struct rootfs r;
	char *path;

	path = xasprintf("%s/nonexistent", fx->dir);
	errno = 0;
	assert_int_equal(rootfs_open(&r, path), -1);
	assert_int_equal(errno, ENOENT);
	free(path);

	path = xasprintf("%s/etc/real", fx->dir);
	errno = 0;
	assert_int_equal(rootfs_open(&r, path), -1);
	assert_int_equal(errno, ENOTDIR);
	free(path);

	path = xasprintf("%s/srv", fx->dir);
	assert_int_equal(rootfs_open(&r, path), 0);
	assert_true(r.fd >= 0);
	assert_string_equal(r.dir, path);
	/* a different root: /main.cf is srv/main.cf of the tree */
	assert_int_equal(rootfs_exists(&r, "/main.cf"), 1);
	assert_int_equal(rootfs_exists(&r, "/srv/main.cf"), 0);
	rootfs_close(&r);
	assert_int_equal(r.fd, -1);
	assert_null(r.dir);
	free(path);
}

/* test_strerror - texts for every code */
static void
test_strerror(void **state)
{
	assert_string_equal(rootfs_strerror(RF_MISSING), "no such file");
	assert_string_equal(rootfs_strerror(RF_ESCAPE),
	    "leaves the audited root");
	assert_string_equal(rootfs_strerror(RF_LOOP),
	    "too many symbolic links");
	assert_string_equal(rootfs_strerror(RF_NOTFILE), "not a regular file");
	assert_string_equal(rootfs_strerror(RF_TOOBIG),
	    "larger than the size limit");
	assert_string_equal(rootfs_strerror(RF_IO), "read error");
	assert_string_equal(rootfs_strerror((enum rootfs_err)99),
	    "unknown error");
}

/* main - run the rootfs tests on one shared tree */
int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_rel_null),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_loop),
		cmocka_unit_test(test_notfile),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_toobig),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_exists),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_errors),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
