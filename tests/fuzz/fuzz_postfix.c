/* SPDX-License-Identifier: MIT */
/*
 * fuzz_postfix.c - libFuzzer target: one input is split at NUL bytes into
 * main.cf, master.cf and a table (etc/postfix/t, which the main.cf may
 * name as hash:, cidr:, pcre: ...), written into a fresh root, read,
 * checked and reported.  Run with "make fuzz".
 */
#include <sys/stat.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/discover.h"
#include "audit/engine.h"
#include "report/report.h"
#include "lib/rootfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char root[64];

/* put - write n bytes to root/etc/postfix/name */
static void
put(const char *name, const uint8_t *data, size_t n)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/etc/postfix/%s", root, name);
	if ((fp = fopen(path, "w")) == NULL)
		abort();
	if (n && fwrite(data, 1, n, fp) != n)
		abort();
	fclose(fp);
}

/* LLVMFuzzerTestOneInput - audit one generated configuration */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "main.cf", "master.cf", "t" };
	struct audit_opts opts = { NULL };
	struct rootfs rfs;
	struct model m;
	struct engine e;
	size_t i, start = 0;
	FILE *sink;

	if (root[0] == '\0') {
		char p[128];

		snprintf(root, sizeof(root), "/tmp/fuzz_pf.XXXXXX");
		if (mkdtemp(root) == NULL)
			abort();
		snprintf(p, sizeof(p), "%s/etc", root);
		mkdir(p, 0755);
		snprintf(p, sizeof(p), "%s/etc/postfix", root);
		mkdir(p, 0755);
	}
	for (i = 0; i < 3; i++) {
		const uint8_t *nul = memchr(data + start, 0, size - start);
		size_t end = nul ? (size_t)(nul - data) : size;

		put(names[i], data + start, end - start);
		start = end < size ? end + 1 : size;
	}
	if (rootfs_open(&rfs, root) != 0)
		abort();
	model_init(&m, root);
	engine_init(&e, &m);
	discover_root(&e, &m, &rfs, &opts);
	engine_run(&e);
	engine_sort(&e);
	if ((sink = fopen("/dev/null", "w")) != NULL) {
		report_json(sink, &e);
		report_text(sink, &e, root);
		fclose(sink);
	}
	engine_free(&e);
	model_free(&m);
	rootfs_close(&rfs);
	return 0;
}
