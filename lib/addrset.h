/* SPDX-License-Identifier: MIT */
/*
 * addrset.h - sets of IPv4 and IPv6 prefixes with union, coverage and
 * classification arithmetic.
 *
 * A set holds prefixes of both families.  Adding is cheap; queries
 * normalise the set first (sort, drop covered prefixes, merge siblings,
 * give back room the set no longer needs), so a million inserts
 * followed by queries stay O(n log n).
 */
#ifndef MTAAUDIT_ADDRSET_H
#define MTAAUDIT_ADDRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum addr_family { AF4 = 4, AF6 = 6 };

/* one prefix; IPv4 addresses sit in the first 4 bytes of a[] */
struct prefix {
	uint8_t		a[16];
	uint8_t		len;		/* prefix length in bits */
	uint8_t		family;		/* AF4 or AF6 */
};

/* space classes, as bit flags so a set can report all it touches */
enum addr_class {
	ACLASS_LOOPBACK	= 1 << 0,	/* 127/8, ::1 */
	ACLASS_PRIVATE	= 1 << 1,	/* RFC 1918, fc00::/7, 100.64/10 */
	ACLASS_LINKLOCAL = 1 << 2,	/* 169.254/16, fe80::/10 */
	ACLASS_DOC	= 1 << 3,	/* 192.0.2/24 ... , 2001:db8::/32 */
	ACLASS_PUBLIC	= 1 << 4,	/* anything else that routes */
	ACLASS_OTHER	= 1 << 5	/* unspecified, multicast, reserved */
};

struct addrset {
	struct prefix	*p;
	size_t		 n;
	size_t		 cap;
	bool		 normalised;
};
#define ADDRSET_INIT	{ NULL, 0, 0, true }

/*
 * prefix_parse - parse "192.0.2.0/24", "192.0.2.1", "2001:db8::/32",
 * "[2001:db8::]/32", "[::1]".  Host bits beyond the length are cleared.
 * Postfix's "1.2.3" short forms are not addresses.  Returns true on success.
 */
bool	 prefix_parse(const char *, struct prefix *);
/* prefix_format - "192.0.2.0/24" or "2001:db8::/32" into buf (>= 64 bytes) */
void	 prefix_format(const struct prefix *, char *, size_t);

void	 addrset_init(struct addrset *);
void	 addrset_free(struct addrset *);
void	 addrset_add(struct addrset *, const struct prefix *);
/* addrset_add_str - parse and add; false when the text is no prefix */
bool	 addrset_add_str(struct addrset *, const char *);
void	 addrset_union(struct addrset *, const struct addrset *);
/* addrset_normalise - sort and merge: each address once, fewest prefixes */
void	 addrset_normalise(struct addrset *);
/* addrset_subtract - remove every address of the second set from the first */
void	 addrset_subtract(struct addrset *, struct addrset *);
bool	 addrset_empty(const struct addrset *);
/* addrset_contains - the whole prefix lies inside the set */
bool	 addrset_contains(struct addrset *, const struct prefix *);
/* addrset_within - every address of the second set lies inside the first */
bool	 addrset_within(struct addrset *, const struct addrset *);
/* addrset_overlaps - some address of the prefix lies inside the set */
bool	 addrset_overlaps(struct addrset *, const struct prefix *);
/* addrset_covers_all - all of IPv4 (family AF4) or all of IPv6 (AF6) */
bool	 addrset_covers_all(struct addrset *, int family);
/* addrset_classes - ACLASS_* bits of every space the set touches */
unsigned addrset_classes(struct addrset *);
/*
 * addrset_public_v4 - number of public IPv4 addresses covered
 * (after removing loopback, private, link-local, documentation and
 * reserved space); addrset_public_v6_bits - log2 of the public IPv6
 * addresses covered, or -1 for none (a /48 gives 80).
 */
uint64_t addrset_public_v4(struct addrset *);
int	 addrset_public_v6_bits(struct addrset *);
/* addrset_widest_public - shortest prefix length touching public space, or -1 */
int	 addrset_widest_public(struct addrset *, int family);
/* prefix_class - ACLASS_* bits the prefix touches */
unsigned prefix_class(const struct prefix *);

#endif
