/* SPDX-License-Identifier: MIT */
/*
 * pf_relay.h - the Postfix relay evaluator: which clients can relay
 * mail to any domain through one smtpd service, following Postfix's
 * own order of restriction lists, first-match semantics, access-table
 * results, mynetworks and relay_domains.
 */
#ifndef MTAAUDIT_PF_RELAY_H
#define MTAAUDIT_PF_RELAY_H

#include "parsers/postfix/postfix.h"

/* how broad a domain list is */
enum pf_breadth {
	BREADTH_NONE = 0,	/* ordinary domains */
	BREADTH_TLD,		/* a whole TLD or public suffix */
	BREADTH_ALL		/* every domain */
};

/* the address set of a Postfix network list, with what it says */
struct pf_nets {
	struct addrset	 set;
	bool		 named;		/* host or domain names */
	bool		 all;		/* a table that matches every client */
	bool		 implicit;	/* from mynetworks_style */
	bool		 uncertain;	/* part of it cannot be read */
	bool		 public;	/* the set touches public space */
	bool		 covers;	/* the set is all of IPv4 or of IPv6 */
	char		*style;		/* mynetworks_style when implicit */
	struct evlist	 ev;
};

/*
 * pf_eval_relay - fill l->grants for the smtpd scope svc (the service
 * itself, or the "smtpd pass" service behind postscreen); returns whether
 * a stranger gets through every list once the relay gate passes the
 * domain, in which case it has called pf_destination()
 */
bool	 pf_eval_relay(struct pf_conf *, const struct pf_service *svc,
	    struct listener *l);
/* pf_destination - add the grant a broad relay_domains gives strangers */
void	 pf_destination(struct pf_conf *, const struct pf_service *,
	    struct listener *);
/*
 * pf_network_list - a Postfix network list (mynetworks syntax), read once
 * per configuration; the result lives as long as the configuration
 */
const struct pf_nets *pf_network_list(struct pf_conf *,
	    const struct pf_service *, const char *param);
void	 pf_nets_cache_free(struct pf_conf *);
void	 pf_relay_cache_free(struct pf_conf *);
/* pf_domain_breadth - how much a domain list parameter covers */
enum pf_breadth pf_domain_breadth(struct pf_conf *, const struct pf_service *,
	    const char *param, struct evlist *);

#endif
