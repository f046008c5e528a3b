/* SPDX-License-Identifier: MIT */
/*
 * pf_relay.c - the Postfix relay evaluator.
 *
 * Each restriction list (client, helo, sender, relay, recipient) is
 * turned into steps: PERMIT for some kind of client, an unconditional
 * REJECT, or the relay GATE (reject_unauth_destination and friends).
 * Conditional rejects (RBLs, HELO syntax ...) are left out: an attacker
 * chooses a client that avoids them.  A client relays when no list
 * rejects it: in every list the first step that applies to it is a
 * PERMIT, or none applies (the end of a list permits).  Which clients
 * those are is worked out by set arithmetic over classes of clients
 * (parsers/common/clients.h): address sets crossed with AUTH, a client
 * certificate, a listed host name, a value the client chooses and the
 * recipient's domain.  Each step that lets a class relay gives a grant;
 * "falls through everything" and "a destination the gate lets through"
 * are two more.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/common/access.h"
#include "parsers/common/clients.h"
#include "parsers/common/source.h"
#include "parsers/postfix/pf_int.h"

enum act { ACT_PERMIT, ACT_REJECT, ACT_GATE };

struct step {
	enum act	 act;
	enum grant_kind	 kind;
	struct addrset	 own;		/* a table's prefixes (cached plans) */
	struct addrset	*nets;		/* shared: own of a cached plan, or a
					   cached network list */
	bool		 strangers, partial, uncertain, implicit, named;
	enum grant_origin origin;
	const struct setting *st;	/* the list the item is written in */
	struct grant_cause cause;	/* a table entry that makes it broad */
	char		*style;
	int		 list;
	char		*what;
	struct evlist	 ev;
};

struct plan {
	struct step	*v;
	size_t		 n;
};

struct rctx {
	struct pf_conf	*pf;
	const struct pf_service *svc;
	struct plan	 plan;
	int		 list;
	const struct setting *st;	/* the list being walked */
	bool		 warn_next;	/* warn_if_reject: next reject is a warning */
	struct strmap	 walked;	/* classes walked (pf_classes.c) */
};

enum rcode {
	R_NEUTRAL = 0, R_ARG1, R_PERMIT, R_REJECT, R_GATE, R_MYNETWORKS,
	R_SASL, R_CERTS, R_ALLCERTS, R_MXBACKUP, R_CLIENT, R_REVCLIENT,
	R_HELO, R_SENDER, R_RCPT, R_CCERT, R_SASLACC, R_POLICY, R_WARN
};

/* restriction names with what they do; sorted for bsearch */
static const struct rname {
	const char	*name;
	enum rcode	 code;
} rnames[] = {
	{ "check_ccert_access", R_CCERT },
	{ "check_client_a_access", R_ARG1 },
	{ "check_client_access", R_CLIENT },
	{ "check_client_mx_access", R_ARG1 },
	{ "check_client_ns_access", R_ARG1 },
	{ "check_etrn_access", R_ARG1 },
	{ "check_helo_a_access", R_ARG1 },
	{ "check_helo_access", R_HELO },
	{ "check_helo_mx_access", R_ARG1 },
	{ "check_helo_ns_access", R_ARG1 },
	{ "check_policy_service", R_POLICY },
	{ "check_recipient_a_access", R_ARG1 },
	{ "check_recipient_access", R_RCPT },
	{ "check_recipient_mx_access", R_ARG1 },
	{ "check_recipient_ns_access", R_ARG1 },
	{ "check_relay_domains", R_GATE },
	{ "check_reverse_client_hostname_a_access", R_ARG1 },
	{ "check_reverse_client_hostname_access", R_REVCLIENT },
	{ "check_reverse_client_hostname_mx_access", R_ARG1 },
	{ "check_reverse_client_hostname_ns_access", R_ARG1 },
	{ "check_sasl_access", R_SASLACC },
	{ "check_sender_a_access", R_ARG1 },
	{ "check_sender_access", R_SENDER },
	{ "check_sender_mx_access", R_ARG1 },
	{ "check_sender_ns_access", R_ARG1 },
	{ "defer", R_REJECT },
	{ "defer_if_permit", R_REJECT },
	{ "defer_unauth_destination", R_GATE },
	{ "permit", R_PERMIT },
	{ "permit_dnswl_client", R_ARG1 },
	{ "permit_mx_backup", R_MXBACKUP },
	{ "permit_mynetworks", R_MYNETWORKS },
	{ "permit_rhswl_client", R_ARG1 },
	{ "permit_sasl_authenticated", R_SASL },
	{ "permit_tls_all_clientcerts", R_ALLCERTS },
	{ "permit_tls_clientcerts", R_CERTS },
	{ "reject", R_REJECT },
	{ "reject_rbl_client", R_ARG1 },
	{ "reject_rhsbl_client", R_ARG1 },
	{ "reject_rhsbl_helo", R_ARG1 },
	{ "reject_rhsbl_recipient", R_ARG1 },
	{ "reject_rhsbl_reverse_client", R_ARG1 },
	{ "reject_rhsbl_sender", R_ARG1 },
	{ "reject_unauth_destination", R_GATE },
	{ "sleep", R_ARG1 },
	{ "warn_if_reject", R_WARN },
};

/* probes standing for strangers, matched against regexp/pcre keys */
static const char *const client_probes[] = {
	"203.0.113.7", "unknown", "mail.attacker.example",
	"2001:db8::7",
};
static const char *const rcpt_probes[] = {
	"victim@victim.example", "victim.example", "victim@",
};

static const char *const gate_words[] = {
	"check_relay_domains", "defer", "defer_if_permit",
	"defer_unauth_destination", "reject", "reject_unauth_destination",
};

/* rname_cmp - bsearch comparator for rnames */
static int
rname_cmp(const void *k, const void *r)
{
	return strcmp(k, ((const struct rname *)r)->name);
}

/* rcode_of - what a restriction name does (Postfix ignores case) */
static enum rcode
rcode_of(const char *name)
{
	char low[64];
	const struct rname *r;
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = '\0';
	if (name[i] != '\0')
		return R_NEUTRAL;
	r = bsearch(low, rnames, ARRAY_SIZE(rnames), sizeof(rnames[0]),
	    rname_cmp);
	return r ? r->code : R_NEUTRAL;
}

/* takes_arg - the restriction consumes the next list item */
static bool
takes_arg(enum rcode c)
{
	switch (c) {
	case R_ARG1: case R_CLIENT: case R_REVCLIENT: case R_HELO:
	case R_SENDER: case R_RCPT: case R_CCERT: case R_SASLACC:
	case R_POLICY:
		return true;
	default:
		return false;
	}
}

/* add_step - append a step to the plan */
static struct step *
add_step(struct rctx *c, enum act act, enum grant_kind kind, const char *what)
{
	struct step *s;

	c->plan.v = xreallocarray(c->plan.v, c->plan.n + 1, sizeof(*c->plan.v));
	s = &c->plan.v[c->plan.n++];
	memset(s, 0, sizeof(*s));
	addrset_init(&s->own);
	s->act = act;
	s->kind = kind;
	s->list = c->list;
	s->what = xstrdup(what);
	s->st = c->st;
	s->strangers = kind == GRANT_ANYONE || kind == GRANT_FORGEABLE;
	return s;
}

/* value_act - what an access(5) result does for relaying */
static int
value_act(const char *v)
{
	char word[64];
	size_t n = strcspn(v, " \t,");

	if (n >= sizeof(word))
		n = sizeof(word) - 1;
	memcpy(word, v, n);
	word[n] = '\0';
	if (str_eq_nocase(word, "OK") || str_eq_nocase(word, "permit") ||
	    (n > 0 && strspn(word, "0123456789") == n))
		return ACT_PERMIT;
	if (str_eq_nocase(word, "REJECT") || str_eq_nocase(word, "DEFER") ||
	    str_eq_nocase(word, "DEFER_IF_PERMIT") || str_eq_nocase(word, "reject") ||
	    (n == 3 && (word[0] == '4' || word[0] == '5') &&
	    isdigit((unsigned char)word[1])))
		return ACT_REJECT;
	return -1;
}

/* nested_kind - a result that is itself a restriction such as
 * "permit_sasl_authenticated": the kind of client it admits, or -1 */
static int
nested_kind(const char *v)
{
	char word[64];
	size_t n = strcspn(v, " \t,");

	if (n == 0 || n >= sizeof(word))
		return -1;
	memcpy(word, v, n);
	word[n] = '\0';
	switch (rcode_of(word)) {
	case R_MYNETWORKS:
		return GRANT_NETWORKS;
	case R_SASL:
		return GRANT_AUTHENTICATED;
	case R_CERTS:
	case R_ALLCERTS:
		return GRANT_CLIENTCERT;
	default:
		return -1;
	}
}

/* table_ev - evidence line for one table entry */
static void
table_ev(struct step *s, const struct pf_table *t, const struct pf_tentry *e)
{
	evlist_add(&s->ev, t->file, e->line, "%s%s %s", e->negated ? "!" : "",
	    e->key, e->value);
}

/* regex_any - a pattern matches one of the stranger probes */
static bool
regex_any(const struct pf_tentry *e, const char *const *probes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pf_regex_matches(e, probes[i]))
			return true;
	return false;
}

#define EV_MAX	10	/* table entries quoted as evidence per step */

/* the grouped steps of one table: one per kind, networks split by names */
enum { SLOT_NAMED = GRANT_UNKNOWN + 1, NSLOTS };

/* slot_step - the step of a slot, created on first use */
static struct step *
slot_step(struct rctx *c, size_t *slot, enum grant_kind k, const char *what)
{
	if (*slot == 0) {
		add_step(c, ACT_PERMIT, k, what);
		*slot = c->plan.n;
	}
	return &c->plan.v[*slot - 1];
}

/* kind_of - the kind of client a restriction's table entries admit */
static enum grant_kind
kind_of(enum rcode code)
{
	switch (code) {
	case R_HELO: case R_SENDER: case R_REVCLIENT:
		return GRANT_FORGEABLE;
	case R_CCERT:
		return GRANT_CLIENTCERT;
	case R_SASLACC:
		return GRANT_AUTHENTICATED;
	case R_RCPT:
		return GRANT_DESTINATION;
	default:
		return GRANT_NETWORKS;
	}
}

/*
 * table_steps - the steps "RESTR TABLE" yields, without the list's own
 * evidence: at most one per kind of client, whatever the table's size
 */
static void
table_steps(struct rctx *c, enum rcode code, const char *restr,
    const char *spec, const struct setting *st)
{
	struct pf_table *t = pf_table_get(c->pf, spec, st->file, st->line);
	enum grant_kind kind = kind_of(code);
	size_t slot[NSLOTS] = { 0 }, count[NSLOTS] = { 0 }, i;
	char what[512];
	struct step *s;

	snprintf(what, sizeof(what), "%s %s", restr, spec);
	if (t->kind == TK_UNKNOWN) {
		s = add_step(c, ACT_PERMIT, GRANT_UNKNOWN, what);
		s->uncertain = true;
		evlist_add(&s->ev, NULL, 0, "%s cannot be evaluated: %s", spec,
		    t->why);
		return;
	}
	if (t->kind == TK_STATIC) {
		int a = value_act(t->e[0].value);

		if (a >= 0)
			add_step(c, (enum act)a, GRANT_ANYONE, what);
		return;
	}
	for (i = 0; i < t->n; i++) {
		const struct pf_tentry *e = &t->e[i];
		int a = value_act(e->value), nk = nested_kind(e->value);
		enum grant_kind k = kind;
		size_t n;
		struct prefix p;
		bool prefix = false;

		if ((a != ACT_PERMIT && nk < 0) || e->negated)
			continue;
		if (t->kind == TK_REGEX) {
			if (!e->compiled)
				k = GRANT_UNKNOWN;
			else if ((code == R_RCPT && regex_any(e, rcpt_probes,
			    ARRAY_SIZE(rcpt_probes))) || (kind ==
			    GRANT_NETWORKS && regex_any(e, client_probes,
			    ARRAY_SIZE(client_probes))))
				k = GRANT_ANYONE;
		} else if (kind == GRANT_NETWORKS) {
			prefix = t->kind == TK_CIDR ? e->pfx.family != 0 &&
			    (p = e->pfx, true) : access_octets(e->key, &p);
			if (!prefix && str_eq_nocase(e->key, "unknown"))
				k = GRANT_ANYONE;
		}
		if (nk >= 0)
			k = (enum grant_kind)nk;
		n = k == GRANT_NETWORKS && !prefix ? SLOT_NAMED : (size_t)k;
		s = slot_step(c, &slot[n], k, what);
		if (prefix && nk < 0)
			addrset_add(&s->own, &p);
		s->named = n == SLOT_NAMED;
		s->uncertain = k == GRANT_UNKNOWN;
		if (s->cause.name == NULL)
			grant_cause_set(&s->cause, spec, t->file, e->line);
		if (++count[n] <= EV_MAX)
			table_ev(s, t, e);
	}
	for (i = 0; i < NSLOTS; i++) {
		if (slot[i] == 0)
			continue;
		s = &c->plan.v[slot[i] - 1];
		if (count[i] > EV_MAX)
			evlist_add(&s->ev, t->file, 0, "... and %zu more entries",
			    count[i] - EV_MAX);
		if (i != GRANT_NETWORKS || addrset_empty(&s->own))
			continue;
		s->strangers = (addrset_classes(&s->own) & ACLASS_PUBLIC) != 0;
		s->partial = !(addrset_covers_all(&s->own, AF4) ||
		    addrset_covers_all(&s->own, AF6));
		if (!s->partial)
			s->kind = GRANT_ANYONE;
	}
}

/* plan_free - free the steps of a plan */
static void
plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		addrset_free(&p->v[i].own);
		grant_cause_set(&p->v[i].cause, NULL, NULL, 0);
		free(p->v[i].what);
		free(p->v[i].style);
		evlist_free(&p->v[i].ev);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

/* cached_plan_free - free a cached table plan */
static void
cached_plan_free(void *p)
{
	plan_free(p);
	free(p);
}

/* pf_relay_cache_free - free the cached access-table steps */
void
pf_relay_cache_free(struct pf_conf *pf)
{
	size_t i;

	strmap_free(&pf->steps, cached_plan_free);
	strmap_free(&pf->breadth, NULL);
	for (i = 0; i < pf->nkept; i++) {
		addrset_free(pf->kept[i]);
		free(pf->kept[i]);
	}
	free(pf->kept);
	pf->kept = NULL;
	pf->nkept = 0;
}

/*
 * access_steps - steps for "check_X_access TABLE": the table's steps are
 * worked out once per configuration and copied into each list that names
 * it, after the list's own evidence
 */
static void
access_steps(struct rctx *c, enum rcode code, const char *restr,
    const char *spec, const struct setting *st)
{
	char *key = xasprintf("%s %s", restr, spec);
	struct plan *tp = strmap_get(&c->pf->steps, key);
	size_t i;

	if (tp == NULL) {
		struct rctx tmp;

		memset(&tmp, 0, sizeof(tmp));
		tmp.pf = c->pf;
		tmp.svc = c->svc;
		tmp.st = st;
		table_steps(&tmp, code, restr, spec, st);
		tp = xmalloc(sizeof(*tp));
		*tp = tmp.plan;
		strmap_put(&c->pf->steps, key, tp);
	}
	free(key);
	for (i = 0; i < tp->n; i++) {
		struct step *t = &tp->v[i];
		struct step *s = add_step(c, t->act, t->kind, t->what);

		s->strangers = t->strangers;
		s->partial = t->partial;
		s->uncertain = t->uncertain;
		s->named = t->named;
		s->st = st;
		grant_cause_set(&s->cause, t->cause.name, t->cause.file,
		    t->cause.line);
		s->nets = addrset_empty(&t->own) ? NULL : &t->own;
		pf_setting_ev(&s->ev, st);
		evlist_append(&s->ev, &t->ev);
	}
}

/* nets_step - a PERMIT step for a network list such as mynetworks */
static void
nets_step(struct rctx *c, const char *what, const char *param)
{
	const struct pf_nets *n = pf_network_list(c->pf, c->svc, param);
	const struct setting *st = pf_get(c->pf, c->svc, param);
	const struct setting *style = pf_get(c->pf, c->svc, "mynetworks_style");
	struct step *s = add_step(c, ACT_PERMIT, n->all ? GRANT_ANYONE :
	    GRANT_NETWORKS, what);

	/* every client (static:all, or both families whole): no set */
	s->nets = n->all ? NULL : (struct addrset *)&n->set;
	s->named = n->named;
	s->origin = ORIGIN_NETLIST;
	s->implicit = n->implicit;
	s->style = n->style ? xstrdup(n->style) : NULL;
	s->uncertain = n->uncertain;
	evlist_append(&s->ev, &n->ev);
	if (st->src != SRC_DEFAULT)
		grant_cause_set(&s->cause, param, st->file, st->line);
	else if (style->src != SRC_DEFAULT)
		grant_cause_set(&s->cause, style->name, style->file,
		    style->line);
	else
		grant_cause_set(&s->cause, param, NULL, 0);
	if (!n->all) {
		s->strangers = n->public;
		s->partial = !n->covers;
		if (s->strangers && !s->partial)
			s->kind = GRANT_ANYONE;
	}
}

static void walk(struct rctx *, const struct setting *, int);

/*
 * mx_networks - the clients permit_mx_backup is limited to: the set of
 * permit_mx_backup_networks when that is set, else none (any client)
 */
static void
mx_networks(struct rctx *c, struct step *s)
{
	const char *param = "permit_mx_backup_networks";
	const struct setting *st = pf_get(c->pf, c->svc, param);

	grant_cause_set(&s->cause, param, st->src == SRC_DEFAULT ? NULL :
	    st->file, st->line);
	if (*st->value != '\0')
		s->nets = (struct addrset *)&pf_network_list(c->pf, c->svc,
		    param)->set;
}

/* item - one restriction item and its argument (or NULL) */
static void
item(struct rctx *c, const struct setting *st, const char *name,
    const char *arg, int depth)
{
	enum rcode code = rcode_of(name);
	struct step *s = NULL;
	char what[512];
	bool warned = c->warn_next;

	c->warn_next = false;
	snprintf(what, sizeof(what), "%s%s%s", name, arg ? " " : "",
	    arg ? arg : "");
	switch (code) {
	case R_PERMIT:
		s = add_step(c, ACT_PERMIT, GRANT_ANYONE, what);
		break;
	case R_REJECT:
	case R_GATE:
		if (warned)
			return;
		s = add_step(c, code == R_GATE ? ACT_GATE : ACT_REJECT,
		    GRANT_ANYONE, what);
		s->strangers = false;
		break;
	case R_MYNETWORKS:
		nets_step(c, what, "mynetworks");
		s = &c->plan.v[c->plan.n - 1];
		break;
	case R_SASL:
		s = add_step(c, ACT_PERMIT, GRANT_AUTHENTICATED, what);
		break;
	case R_CERTS:
		s = add_step(c, ACT_PERMIT, GRANT_CLIENTCERT, what);
		break;
	case R_ALLCERTS:
		s = add_step(c, ACT_PERMIT, GRANT_CLIENTCERT, what);
		s->strangers = pf_bool(c->pf, c->svc, "tls_append_default_CA");
		s->uncertain = true;
		break;
	case R_MXBACKUP:
		s = add_step(c, ACT_PERMIT, GRANT_DESTINATION, what);
		s->partial = true;
		s->origin = ORIGIN_MX_BACKUP;
		mx_networks(c, s);
		break;
	case R_POLICY:
		s = add_step(c, ACT_PERMIT, GRANT_UNKNOWN, what);
		s->uncertain = true;
		break;
	case R_WARN:
		c->warn_next = true;
		return;
	case R_CLIENT: case R_REVCLIENT: case R_HELO: case R_SENDER:
	case R_RCPT: case R_CCERT: case R_SASLACC:
		if (arg)
			access_steps(c, code, name, arg, st);
		return;
	default:
		if (depth < 8 && code == R_NEUTRAL &&
		    pf_list_has(c->pf, c->svc, "smtpd_restriction_classes",
		    name) && pf_class_first(&c->walked, c->list, warned,
		    name)) {
			walk(c, pf_get(c->pf, c->svc, name), depth + 1);
		} else if (depth >= 8 && code == R_NEUTRAL &&
		    pf_list_has(c->pf, c->svc, "smtpd_restriction_classes",
		    name)) {
			/* past the bound: what it decides is unknown */
			s = add_step(c, ACT_PERMIT, GRANT_UNKNOWN, what);
			s->uncertain = true;
			break;
		}
		return;
	}
	if (s && s->ev.n == 0)
		pf_setting_ev(&s->ev, st);
}

/* walk - turn one restriction list setting into steps */
static void
walk(struct rctx *c, const struct setting *st, int depth)
{
	struct strvec items = STRVEC_INIT;
	const struct setting *outer = c->st;
	size_t i;

	if (!engine_spend(c->pf->eng, c->pf->mc, BUDGET_WALKS, 1, st->file,
	    st->line))
		return;
	c->st = st;
	pf_split_list(st->value, &items);
	for (i = 0; i < items.n; i++) {
		enum rcode code = rcode_of(items.v[i]);
		const char *arg = NULL;

		if (takes_arg(code) && i + 1 < items.n)
			arg = items.v[++i];
		item(c, st, items.v[i - (arg ? 1 : 0)], arg, depth);
	}
	c->st = outer;
	strvec_free(&items);
}

/* step_pass - the clients of IN that PERMIT step S lets through go to OUT */
static void
step_pass(const struct step *s, struct cset *in, struct cset *out)
{
	struct cset near = CSET_INIT;

	if (s->kind == GRANT_UNKNOWN ||
	    (s->kind == GRANT_ANYONE && s->uncertain)) {
		cset_match_unknown(in, s, out);
		return;
	}
	switch (s->kind) {
	case GRANT_ANYONE:
		/* a network list covering all of one family is no more */
		if (s->nets != NULL)
			cset_match_nets(in, s->nets, s, out);
		else
			cset_match_all(in, s, out);
		break;
	case GRANT_NETWORKS:
		if (s->nets != NULL)
			cset_match_nets(in, s->nets, s, out);
		if (s->named)
			cset_match_attr(in, CA_NAMED, s, out);
		if (s->uncertain)
			cset_match_unknown(in, s, out);
		break;
	case GRANT_AUTHENTICATED:
		cset_match_attr(in, CA_AUTH, s, out);
		break;
	case GRANT_CLIENTCERT:
		/* a certificate any public CA issues, a stranger can get */
		cset_match_attr(in, s->strangers ? CA_FORGED : CA_CERT, s, out);
		break;
	case GRANT_FORGEABLE:
		cset_match_attr(in, CA_FORGED, s, out);
		break;
	case GRANT_DESTINATION:
		if (s->nets == NULL) {
			cset_match_attr(in, CA_DEST, s, out);
			break;
		}
		/* permit_mx_backup limited to permit_mx_backup_networks */
		cset_match_nets(in, s->nets, s, &near);
		cset_match_attr(&near, CA_DEST, s, out);
		cset_free(&near);
		break;
	case GRANT_UNKNOWN:
		break;		/* handled above */
	}
}

/*
 * walk_lists - the classes of clients that get through every list, each
 * walked in order with first-match rules: a PERMIT ends its own list for
 * the clients it admits, an unconditional REJECT (and the relay gate,
 * unless GATE_OPEN) ends everything for those that reach it, and the end
 * of a list permits
 */
static void
walk_lists(const struct rctx *c, int nlists, bool gate_open,
    struct cset *pass)
{
	struct cset in = CSET_INIT, out;
	size_t i;
	int l;

	cset_everyone(&in);
	for (l = 0; l < nlists; l++) {
		memset(&out, 0, sizeof(out));
		for (i = 0; i < c->plan.n && in.n > 0; i++) {
			const struct step *s = &c->plan.v[i];

			if (s->list != l || (s->act == ACT_GATE && gate_open))
				continue;
			if (s->act != ACT_PERMIT)
				cset_free(&in);
			else
				step_pass(s, &in, &out);
		}
		cset_take(&out, &in);
		in = out;
	}
	*pass = in;
}

/*
 * defining - the step whose kind the grant of a class takes: a condition
 * on the recipient's domain or on a value the client chooses first (the
 * grant then holds only with it: "authenticated and sending from a
 * listed address" is that forgeable grant, not one for every
 * authenticated client), then what a stranger lacks (a certificate,
 * AUTH, a listed name), the addresses and an unconditional permit; NULL:
 * it passed only list ends (or an unknown step, which grants_of() names
 * when nothing else does)
 */
static const struct step *
defining(const struct cclass *k)
{
	static const enum cattr first[] = {
		CA_DEST, CA_FORGED, CA_CERT, CA_AUTH, CA_NAMED
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(first); i++)
		if (k->attr[first[i]] == TRI_YES)
			return k->by_attr[first[i]];
	if (k->by_nets != NULL)
		return k->by_nets;
	return k->by_any;
}

/* list_source - a source naming ITEM in the restriction list ST */
static void
list_source(struct grant_source *src, const struct setting *st,
    const char *item)
{
	char *text = NULL;

	if (st->src != SRC_DEFAULT)
		text = xasprintf("%s = %s", st->name, st->raw);
	grant_source_set(src, st->name, item, st->src == SRC_DEFAULT ? NULL :
	    st->file, st->line, text);
	free(text);
}

/* to_grant - copy a candidate step into a listener grant */
static struct grant *
to_grant(struct listener *l, const struct step *s, enum grant_kind kind)
{
	struct grant *g = listener_add_grant(l, kind);

	g->nets = s->nets;
	g->named_hosts = s->named;
	g->strangers = s->strangers;
	g->partial = s->partial;
	g->implicit = s->implicit;
	g->origin = s->origin;
	g->style = s->style ? xstrdup(s->style) : NULL;
	g->uncertain = s->uncertain;
	g->what = xstrdup(s->what);
	if (s->st != NULL)
		list_source(&g->src, s->st, s->what);
	grant_cause_set(&g->cause, s->cause.name, s->cause.file,
	    s->cause.line);
	evlist_append(&g->ev, &s->ev);
	return g;
}

/*
 * gate_list - the list a relay gate belongs in: smtpd_relay_restrictions
 * unless only smtpd_recipient_restrictions is written
 */
static const struct setting *
gate_list(struct pf_conf *pf, const struct pf_service *svc)
{
	const struct setting *relay = pf_get(pf, svc, "smtpd_relay_restrictions");
	const struct setting *rcpt = pf_get(pf, svc,
	    "smtpd_recipient_restrictions");

	return relay->src == SRC_DEFAULT && rcpt->src != SRC_DEFAULT ? rcpt :
	    relay;
}

/* the classes that relay through one step, gathered into one grant */
struct group {
	const struct step *def;		/* NULL: through list ends only */
	const struct step *unk;		/* an undecidable step it passed */
	struct addrset	*nets;		/* NULL: every address */
	bool		 owned;
	bool		 strangers;
	bool		 uncertain;
};

/* keep_nets - a set a grant points at, kept as long as the reader */
static struct addrset *
keep_nets(struct pf_conf *pf, struct addrset *s, bool owned)
{
	if (s == NULL || !owned)
		return s;
	pf->kept = xreallocarray(pf->kept, pf->nkept + 1, sizeof(*pf->kept));
	pf->kept[pf->nkept++] = s;
	return s;
}

/* union_of - a new set holding the addresses of A and B */
static struct addrset *
union_of(const struct addrset *a, const struct addrset *b)
{
	struct addrset *u = xmalloc(sizeof(*u));

	addrset_init(u);
	addrset_union(u, a);
	addrset_union(u, b);
	return u;
}

/* group_add - fold one relaying class into the group of its step */
static void
group_add(struct pf_conf *pf, struct group **gv, size_t *ng,
    struct cclass *k)
{
	const struct step *def = defining(k);
	bool strangers = cclass_strangers(k), owned;
	struct group *g = NULL;
	struct addrset *nets;
	size_t i;

	for (i = 0; i < *ng && g == NULL; i++)
		if ((*gv)[i].def == def && (*gv)[i].uncertain == k->uncertain)
			g = &(*gv)[i];
	nets = cclass_take_nets(k, &owned);
	if (g == NULL) {
		*gv = xreallocarray(*gv, *ng + 1, sizeof(**gv));
		g = &(*gv)[(*ng)++];
		memset(g, 0, sizeof(*g));
		g->def = def;
		g->unk = k->by_unknown;
		g->uncertain = k->uncertain;
		g->nets = keep_nets(pf, nets, owned);
	} else {
		if (g->nets != NULL && g->nets != nets)
			g->nets = nets == NULL ? NULL :
			    keep_nets(pf, union_of(g->nets, nets), true);
		if (owned) {
			addrset_free(nets);
			free(nets);
		}
	}
	g->strangers |= strangers;
}

/* covers - every address of B is in A (NULL: every address) */
static bool
covers(struct addrset *a, struct addrset *b)
{
	if (a == NULL || a == b)
		return true;
	return b != NULL && addrset_within(a, b);
}

/* redundant - an uncertain group whose clients the same step surely
 * lets relay anyway */
static bool
redundant(const struct group *gv, size_t ng, const struct group *g)
{
	size_t i;

	for (i = 0; g->uncertain && i < ng; i++)
		if (!gv[i].uncertain && gv[i].def == g->def &&
		    covers(gv[i].nets, g->nets))
			return true;
	return false;
}

/* group_cmp - grants in the order of their steps; list ends last */
static int
group_cmp(const void *a, const void *b)
{
	const struct step *x = ((const struct group *)a)->def;
	const struct step *y = ((const struct group *)b)->def;

	if (x == NULL || y == NULL)
		return (x == NULL) - (y == NULL);
	return x < y ? -1 : x > y;
}

/*
 * narrowed - the grant of a step admits only the addresses of its
 * group: who among them are strangers, and how much public space (an
 * authenticated or certificate grant keeps the addresses it is limited
 * to as its set, partial)
 */
static void
narrowed(struct grant *g, const struct group *gr)
{
	/* AUTH or a certificate, from these addresses only */
	if (g->kind == GRANT_AUTHENTICATED || g->kind == GRANT_CLIENTCERT) {
		if (gr->nets != NULL) {
			g->nets = gr->nets;
			g->partial = true;
		}
		return;
	}
	/* a forged value or a recipient table needs AUTH too, say */
	g->strangers = g->strangers && gr->strangers;
	if (gr->nets == NULL || (g->kind == GRANT_NETWORKS && g->nets == NULL))
		return;
	g->nets = gr->nets;
	g->strangers = g->strangers ? gr->strangers :
	    g->kind == GRANT_NETWORKS && gr->strangers;
	g->partial = !(addrset_covers_all(gr->nets, AF4) ||
	    addrset_covers_all(gr->nets, AF6));
	if (g->kind == GRANT_ANYONE && g->partial)
		g->kind = GRANT_NETWORKS;
	else if (g->kind == GRANT_NETWORKS && g->strangers && !g->partial)
		g->kind = GRANT_ANYONE;
}

/* grants_of - one grant per step that lets clients relay */
static void
grants_of(struct rctx *c, struct listener *l, struct cset *pass,
    const char *const *lists, int nlists)
{
	struct group *gv = NULL;
	size_t ng = 0, i;
	int j;

	for (i = 0; i < pass->n; i++)
		group_add(c->pf, &gv, &ng, &pass->v[i]);
	if (ng > 1)
		qsort(gv, ng, sizeof(*gv), group_cmp);
	for (i = 0; i < ng; i++) {
		struct grant *g;

		if (redundant(gv, ng, &gv[i]))
			continue;
		if (gv[i].def == NULL && gv[i].unk != NULL) {
			g = to_grant(l, gv[i].unk, gv[i].unk->kind);
			narrowed(g, &gv[i]);
		} else if (gv[i].def == NULL) {
			if (!gv[i].strangers)
				continue;
			g = listener_add_grant(l, GRANT_ANYONE);
			g->strangers = true;
			g->what = xstrdup("no restriction list rejects "
			    "relaying");
			g->origin = ORIGIN_LIST_END;
			list_source(&g->src, gate_list(c->pf, c->svc), NULL);
			for (j = 0; j < nlists; j++)
				pf_setting_ev(&g->ev, pf_get(c->pf, c->svc,
				    lists[j]));
		} else {
			g = to_grant(l, gv[i].def, gv[i].def->kind);
			narrowed(g, &gv[i]);
		}
		g->uncertain |= gv[i].uncertain;
	}
	free(gv);
	if (pass->overflow) {
		struct grant *g = listener_add_grant(l, GRANT_UNKNOWN);

		g->uncertain = true;
		g->what = xstrdup("more client classes than the evaluator "
		    "keeps apart");
		list_source(&g->src, gate_list(c->pf, c->svc), NULL);
	}
}

/* strangers_pass - some class a stranger can be in relays to any domain */
static bool
strangers_pass(struct cset *pass)
{
	size_t i;

	for (i = 0; i < pass->n; i++)
		if (cclass_strangers(&pass->v[i]) &&
		    !cclass_dest_only(&pass->v[i]))
			return true;
	return false;
}

/*
 * has_required - smtpd's start-up check of one restriction list, as
 * has_required() in Postfix's smtpd_check.c: a gate keyword must occur
 * before any bare "permit"; the item after warn_if_reject does not
 * count; restriction classes are searched; names ignore case.
 */
static bool
has_required(struct rctx *c, const char *value, int depth)
{
	struct strvec v = STRVEC_INIT;
	bool found = false, stop = false;
	size_t i, j;

	pf_split_list(value, &v);
	for (i = 0; i < v.n && !found && !stop; i++) {
		if (str_eq_nocase(v.v[i], "warn_if_reject") && i + 1 < v.n) {
			i++;
			continue;
		}
		if (str_eq_nocase(v.v[i], "permit")) {
			stop = true;
			break;
		}
		for (j = 0; j < ARRAY_SIZE(gate_words) && !found; j++)
			found = str_eq_nocase(v.v[i], gate_words[j]);
		if (!found && depth < 8 && pf_list_has(c->pf, c->svc,
		    "smtpd_restriction_classes", v.v[i]) &&
		    pf_class_first(&c->walked, -1, false, v.v[i]) &&
		    (found = has_required(c, pf_value(c->pf, c->svc, v.v[i]),
		    depth + 1)))
			pf_class_forget(&c->walked, -1, v.v[i]);
	}
	strvec_free(&v);
	return found;
}

/* gate_keyword - the start-up check passes for a restriction list */
static bool
gate_keyword(struct rctx *c, const char *param)
{
	return has_required(c, pf_value(c->pf, c->svc, param), 0);
}

/*
 * find_gate - the listener's relay gate: the first gate item of the relay
 * and recipient lists, else their first unconditional reject
 */
static void
find_gate(struct rctx *c, struct listener *l)
{
	const struct step *reject = NULL;
	size_t i;

	for (i = 0; i < c->plan.n; i++) {
		const struct step *s = &c->plan.v[i];

		if (s->list < 3 || s->st == NULL)
			continue;
		if (s->act == ACT_GATE) {
			list_source(&l->gate, s->st, s->what);
			return;
		}
		if (s->act == ACT_REJECT && reject == NULL)
			reject = s;
	}
	if (reject != NULL)
		list_source(&l->gate, reject->st, reject->what);
}

/*
 * pf_eval_relay - fill the relay grants of one listener; true when a
 * stranger gets through every list once the relay gate passes the domain
 * (what pf_destination() needs)
 */
bool
pf_eval_relay(struct pf_conf *pf, const struct pf_service *svc,
    struct listener *l)
{
	static const char *const lists[] = {
		"smtpd_client_restrictions", "smtpd_helo_restrictions",
		"smtpd_sender_restrictions", "smtpd_relay_restrictions",
		"smtpd_recipient_restrictions",
	};
	struct rctx c;
	struct cset pass = CSET_INIT;
	bool open = false;
	int n = (int)ARRAY_SIZE(lists);

	memset(&c, 0, sizeof(c));
	c.pf = pf;
	c.svc = svc;
	for (c.list = 0; c.list < n; c.list++)
		walk(&c, pf_get(pf, svc, lists[c.list]), 0);
	if (!gate_keyword(&c, "smtpd_relay_restrictions") &&
	    !gate_keyword(&c, "smtpd_recipient_restrictions")) {
		struct grant *g = listener_add_grant(l, GRANT_UNKNOWN);

		g->what = xstrdup("no-gate");
		g->origin = ORIGIN_NO_GATE;
		list_source(&g->src, gate_list(pf, svc), NULL);
		pf_setting_ev(&g->ev, pf_get(pf, svc, "smtpd_relay_restrictions"));
		pf_setting_ev(&g->ev, pf_get(pf, svc, "smtpd_recipient_restrictions"));
		goto out;
	}
	walk_lists(&c, n, false, &pass);
	grants_of(&c, l, &pass, lists, n);
	cset_free(&pass);
	find_gate(&c, l);
	walk_lists(&c, n, true, &pass);
	open = strangers_pass(&pass);
	cset_free(&pass);
	if (open)
		pf_destination(pf, svc, l);
out:
	plan_free(&c.plan);
	strmap_free(&c.walked, NULL);
	return open;
}

/*
 * pf_destination - the grant a relay_domains covering every domain, or a
 * whole public suffix, gives strangers whom the lists let through when
 * the relay gate passes the domain
 */
void
pf_destination(struct pf_conf *pf, const struct pf_service *svc,
    struct listener *l)
{
	struct evlist dev = { 0 };
	enum pf_breadth breadth = pf_domain_breadth(pf, svc, "relay_domains",
	    &dev);
	struct grant *g;

	if (breadth != BREADTH_NONE) {
		g = listener_add_grant(l, GRANT_DESTINATION);
		g->strangers = true;
		g->partial = breadth != BREADTH_ALL;
		g->what = xstrdup(breadth == BREADTH_ALL ?
		    "relay_domains matches every domain" :
		    "relay_domains covers a whole top-level domain or "
		    "public suffix");
		g->origin = ORIGIN_DOMAINS;
		list_source(&g->src, pf_get(pf, svc, "relay_domains"), NULL);
		evlist_append(&g->ev, &dev);
	}
	evlist_free(&dev);
}
