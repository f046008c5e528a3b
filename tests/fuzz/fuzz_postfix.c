/* SPDX-License-Identifier: MIT */
/*
 * fuzz_postfix.c - libFuzzer target: one input is split at NUL bytes into
 * main.cf, master.cf and a table (etc/postfix/t, which the main.cf may
 * name as hash:, cidr:, pcre: ...), read, checked and reported.  Run
 * with "make fuzz".
 */
#include "fuzz_root.h"

/* LLVMFuzzerTestOneInput - audit one generated configuration */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"etc/postfix/main.cf", "etc/postfix/master.cf", "etc/postfix/t",
	};

	fuzz_root_split(data, size, paths, 3);
	fuzz_root_audit();
	return 0;
}
