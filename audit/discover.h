/* SPDX-License-Identifier: MIT */
/*
 * discover.h - find each MTA's configuration under the audited root, or
 * take the paths the user named, and read each with its reader.
 */
#ifndef MTAAUDIT_DISCOVER_H
#define MTAAUDIT_DISCOVER_H

#include "audit/engine.h"
#include "lib/rootfs.h"
#include "lib/util.h"

struct audit_opts {
	const char	*postfix_version;
	struct strvec	 defines;	/* Exim -D overrides: "NAME=VALUE" */
};

/*
 * discover_root - read every MTA configuration found under the root.
 * Returns the number of configurations read.
 */
size_t	 discover_root(struct engine *, struct model *, const struct rootfs *,
	    const struct audit_opts *);
/*
 * discover_path - read the configuration at PATH (a directory such as
 * etc/postfix, or a file such as main.cf), relative to the root.
 * Returns 0 when read, -1 with a message when PATH is no configuration.
 */
int	 discover_path(struct engine *, struct model *, const struct rootfs *,
	    const char *path, const struct audit_opts *);

#endif
