/* SPDX-License-Identifier: MIT */
/*
 * fuzz_exim.c - libFuzzer target for the Exim reader.  The first byte
 * picks the layout: even, etc/exim/exim.conf with a file it may
 * .include (inc) and a list file (hosts); odd, Debian's etc/exim4 with
 * update-exim4.conf.conf, exim4.conf.template and exim4.conf.localmacros.
 * The rest is split at NUL bytes into those files.  Run with "make fuzz".
 */
#include "fuzz_root.h"

/* LLVMFuzzerTestOneInput - audit one generated configuration */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const plain[] = {
		"etc/exim/exim.conf", "etc/exim/inc", "etc/exim/hosts",
	};
	static const char *const debian[] = {
		"etc/exim4/update-exim4.conf.conf",
		"etc/exim4/exim4.conf.template",
		"etc/exim4/exim4.conf.localmacros",
	};

	if (size == 0)
		return 0;
	fuzz_root_split(data + 1, size - 1, data[0] & 1 ? debian : plain, 3);
	fuzz_root_audit();
	return 0;
}
