/* SPDX-License-Identifier: MIT */
/*
 * hostaddr.h - host names and addresses as configuration files write
 * them, and which of them only this machine reaches.
 */
#ifndef MTAAUDIT_HOSTADDR_H
#define MTAAUDIT_HOSTADDR_H

#include <stdbool.h>

/*
 * hostaddr_loopback - HOST is reached only through the loopback
 * interface: "localhost" (in any case), an IPv4 address in 127.0.0.0/8
 * in any form the resolver reads ("127.0.0.1", "127.1"), "::1" or an
 * IPv4-mapped "::ffff:127.x.y.z", each alone or in [brackets].  A
 * prefix ("127.0.0.0/8"), a port or an empty string is no host.
 */
bool	 hostaddr_loopback(const char *host);
/*
 * hostaddr_split - NAME as "host:port", "[v6]:port" (the brackets
 * dropped) or "port" alone (*HOST = NULL); the caller frees both
 */
void	 hostaddr_split(const char *name, char **host, char **port);

#endif
