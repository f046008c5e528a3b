/* SPDX-License-Identifier: MIT */
/*
 * fuzz_sendmail.c - libFuzzer target for the Sendmail reader: one input
 * is split at NUL bytes into etc/mail/sendmail.mc, the access map source,
 * an .m4 file the .mc may include() and relay-domains.  Run with
 * "make fuzz".
 */
#include "fuzz_root.h"

/* LLVMFuzzerTestOneInput - audit one generated configuration */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"etc/mail/sendmail.mc", "etc/mail/access", "etc/mail/inc.m4",
		"etc/mail/relay-domains",
	};

	fuzz_root_split(data, size, paths, 4);
	fuzz_root_audit();
	return 0;
}
