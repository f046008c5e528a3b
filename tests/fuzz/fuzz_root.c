/* SPDX-License-Identifier: MIT */
/*
 * fuzz_root.c - a fresh root per input and the whole pipeline over it,
 * for the three fuzz targets.
 */
#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/discover.h"
#include "audit/engine.h"
#include "report/report.h"
#include "lib/rootfs.h"
#include "fuzz_root.h"

static char root[64];

/* rm_entry - nftw callback removing one entry */
static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (ftw->level > 0)
		remove(path);
	return 0;
}

/* put - write N bytes to root/REL, making its folders */
static void
put(const char *rel, const uint8_t *data, size_t n)
{
	char path[256];
	char *slash;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = path + strlen(root) + 1; (slash = strchr(slash, '/'));
	    slash++) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	if (n && fwrite(data, 1, n, fp) != n)
		abort();
	fclose(fp);
}

/* fuzz_root_split - a fresh root holding the parts of DATA */
void
fuzz_root_split(const uint8_t *data, size_t size, const char *const *paths,
    size_t n)
{
	size_t i, start = 0;

	if (root[0] == '\0') {
		snprintf(root, sizeof(root), "/tmp/fuzz_mta.XXXXXX");
		if (mkdtemp(root) == NULL)
			abort();
	}
	nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	for (i = 0; i < n; i++) {
		const uint8_t *nul = start < size ?
		    memchr(data + start, 0, size - start) : NULL;
		size_t end = nul ? (size_t)(nul - data) : size;

		if (paths[i] != NULL)
			put(paths[i], data + start, end - start);
		start = end < size ? end + 1 : size;
	}
}

/* fuzz_root_audit - the audit command's pipeline, every reporter */
void
fuzz_root_audit(void)
{
	struct audit_opts opts;
	struct rootfs rfs;
	struct model m;
	struct engine e;
	size_t i;
	FILE *sink;

	memset(&opts, 0, sizeof(opts));
	if (rootfs_open(&rfs, root) != 0)
		abort();
	model_init(&m, root);
	engine_init(&e, &m);
	discover_root(&e, &m, &rfs, &opts);
	engine_run(&e);
	engine_sort(&e);
	if ((sink = fopen("/dev/null", "w")) != NULL) {
		for (i = 0; i < nreporters; i++)
			report_write(&reporters[i], sink, &e, root);
		fclose(sink);
	}
	engine_free(&e);
	model_free(&m);
	rootfs_close(&rfs);
}
