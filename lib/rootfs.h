/* SPDX-License-Identifier: MIT */
/*
 * rootfs.h - read files confined to the audited root.
 *
 * Every path a configuration names ("/etc/postfix/access") is resolved
 * inside the root, one component at a time, without following the
 * operating system's idea of symbolic links: a relative link is resolved
 * from its directory, an absolute one from the root (as the MTA inside
 * that image would see it), and any ".." that would climb above the root
 * is refused.  Reads are bounded in size.
 */
#ifndef MTAAUDIT_ROOTFS_H
#define MTAAUDIT_ROOTFS_H

#include <stddef.h>

#define ROOTFS_MAX_FILE		(64u * 1024 * 1024)	/* bytes read per file */
#define ROOTFS_MAX_LINKS	40			/* links per resolution */

enum rootfs_err {
	RF_OK = 0,
	RF_MISSING,	/* no such file */
	RF_ESCAPE,	/* path or link climbs out of the root */
	RF_LOOP,	/* too many symbolic links */
	RF_NOTFILE,	/* a directory, device, fifo ... */
	RF_TOOBIG,	/* larger than ROOTFS_MAX_FILE */
	RF_IO		/* permission or other read error */
};

struct rootfs {
	char	*dir;		/* the root as given, for messages */
	int	 fd;		/* open directory descriptor of the root */
};

/* rootfs_open - open DIR as the audited root; -1 with errno on failure */
int	 rootfs_open(struct rootfs *, const char *dir);
void	 rootfs_close(struct rootfs *);

/*
 * rootfs_read - read PATH (absolute inside the root, or relative to it)
 * into a NUL-terminated buffer.  On RF_OK *data and *len are set and
 * *rel (if not NULL) receives the canonical root-relative path
 * ("etc/postfix/main.cf"); the caller frees both.  On RF_IO errno says
 * why (EACCES ...).
 */
enum rootfs_err rootfs_read(const struct rootfs *, const char *path,
	    char **data, size_t *len, char **rel);

/* rootfs_exists - the path resolves to a regular file inside the root */
int	 rootfs_exists(const struct rootfs *, const char *path);

/*
 * rootfs_list - names in directory PATH (sorted, without "." and ".."),
 * resolved like rootfs_read; returns RF_OK and sets *names and *n.
 */
enum rootfs_err rootfs_list(const struct rootfs *, const char *path,
	    char ***names, size_t *n);

/* rootfs_strerror - short English text for an error code */
const char *rootfs_strerror(enum rootfs_err);

#endif
