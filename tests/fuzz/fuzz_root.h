/* SPDX-License-Identifier: MIT */
/*
 * fuzz_root.h - what the libFuzzer targets share: one input split at NUL
 * bytes into the files of a fresh root, then the whole pipeline (readers,
 * checks, every reporter) over that root.
 */
#ifndef MTAAUDIT_FUZZ_ROOT_H
#define MTAAUDIT_FUZZ_ROOT_H

#include <stddef.h>
#include <stdint.h>

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * fuzz_root_split - empty the root, then write the NUL-separated parts of
 * DATA to the N root-relative PATHS in turn (their folders made); a
 * NULL path skips its part
 */
void	 fuzz_root_split(const uint8_t *data, size_t size,
	    const char *const *paths, size_t n);
/* fuzz_root_audit - discover, read, check and report the root */
void	 fuzz_root_audit(void);

#endif
