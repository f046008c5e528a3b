/* SPDX-License-Identifier: MIT */
/*
 * sha256.h - SHA-256 (FIPS 180-4), for stable identifiers such as the
 * fingerprint of a finding; not for secrets.
 */
#ifndef MTAAUDIT_SHA256_H
#define MTAAUDIT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN	32
#define SHA256_HEX	(2 * SHA256_LEN + 1)	/* hex digits and the NUL */

struct sha256 {
	uint32_t	 h[8];
	uint8_t		 buf[64];
	size_t		 nbuf;
	uint64_t	 len;		/* bytes hashed */
};

void	 sha256_init(struct sha256 *);
void	 sha256_update(struct sha256 *, const void *, size_t);
void	 sha256_final(struct sha256 *, uint8_t out[SHA256_LEN]);
/* sha256_hex - the digest of DATA in lower-case hex */
void	 sha256_hex(const void *data, size_t len, char out[SHA256_HEX]);

#endif
