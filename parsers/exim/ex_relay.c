/* SPDX-License-Identifier: MIT */
/*
 * ex_relay.c - who may relay through Exim: the RCPT ACL named by
 * acl_smtp_rcpt, walked statement by statement up to the relay gate
 * (a require or deny that refuses recipients outside local_domains and
 * relay_to_domains).  Each accept before the gate that applies to
 * remote domains is a grant, classed by the condition that restricts
 * it most: networks, AUTH, a client certificate, something only known
 * at run time, a client-controlled value, or nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/exim/ex_int.h"

/* classes of a statement's client conditions, least permissive first */
enum cls {
	C_NEVER = 0,	/* never true for a remote TCP client */
	C_NETS,		/* clients in an address set */
	C_AUTH,		/* authenticated clients */
	C_CERT,		/* clients with a verified certificate */
	C_UNKNOWN,	/* only known at run time */
	C_FORGE,	/* a value the client controls */
	C_ALWAYS	/* every client */
};

/* what one condition, or a statement's conjunction, lets through */
struct verdict {
	enum cls	 cls;
	struct ex_hosts	*hosts;		/* C_NETS */
	const struct ex_cond *why;	/* the deciding condition */
	bool		 partial;	/* strangers only in part of space */
};

/* ACL modifiers: they change what happens, not whether it matches */
static const char *const modifiers[] = {
	"add_header", "continue", "control", "debug", "delay", "endpass",
	"log_message", "log_reject_target", "logwrite", "message", "queue",
	"remove_header", "set", "udpsend",
};

/* str_cmp - bsearch comparator of a string against a table row */
static int
str_cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* rank - how permissive a class is; public networks rank with forgery */
static int
rank(const struct verdict *v)
{
	if (v->cls == C_NETS && v->hosts && (v->hosts->any ||
	    (addrset_classes(&v->hosts->set) & ACLASS_PUBLIC)))
		return 2 * C_FORGE + 1;
	return 2 * (int)v->cls;
}

/* and - the conjunction of two verdicts: the less permissive wins */
static void
and(struct verdict *acc, const struct verdict *v)
{
	if (rank(v) < rank(acc) || (acc->why == NULL && rank(v) == rank(acc)))
		*acc = *v;
}

/* remember_hosts - keep an evaluated host list for the life of the conf */
static struct ex_hosts *
remember_hosts(struct ex_conf *x, struct ex_hosts *h)
{
	struct ex_hosts *k = xmalloc(sizeof(*k));

	*k = *h;
	x->hosts = xreallocarray(x->hosts, x->nhosts + 1, sizeof(*x->hosts));
	x->hosts[x->nhosts++] = k;
	return k;
}

/* mentions_sender - a condition text reads client-controlled values */
static bool
mentions_sender(const char *s)
{
	static const char *const vars[] = {
		"$sender_address", "$sender_helo_name", "$sender_host_name",
		"$h_", "$header_", "$local_part", "$domain", "$sender_ident",
		"${sender_address", "$authenticated_sender",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vars); i++)
		if (strstr(s, vars[i]))
			return true;
	return false;
}

/* classify - what one client condition lets through */
static void
classify(struct ex_conf *x, const struct ex_cond *c, struct verdict *v)
{
	const char *n = c->name, *val = c->value;

	memset(v, 0, sizeof(*v));
	v->cls = C_ALWAYS;
	v->why = c;
	if (strcmp(n, "hosts") == 0) {
		struct ex_hosts h;

		ex_hosts(x, val, c->src, &h);
		if (c->neg) {
			/* everyone outside the list */
			if (h.any)
				v->cls = C_NEVER;
			else if (h.unknown)
				v->cls = C_UNKNOWN;
			ex_hosts_free(&h);
			return;
		}
		if (h.local_only || (addrset_empty(&h.set) && !h.named &&
		    !h.unknown && !h.any))
			v->cls = C_NEVER;
		else if (h.unknown && addrset_empty(&h.set) && !h.named)
			v->cls = C_UNKNOWN;
		else
			v->cls = C_NETS;
		if (v->cls == C_NETS)
			v->hosts = remember_hosts(x, &h);
		else
			ex_hosts_free(&h);
	} else if (strcmp(n, "authenticated") == 0)
		v->cls = c->neg ? C_ALWAYS : C_AUTH;
	else if (strcmp(n, "senders") == 0 || strcmp(n, "sender_domains") == 0 ||
	    strcmp(n, "local_parts") == 0 || strcmp(n, "spf") == 0 ||
	    strcmp(n, "spf_guess") == 0 || strcmp(n, "dkim_signers") == 0 ||
	    strcmp(n, "dkim_status") == 0 || strcmp(n, "dmarc_status") == 0)
		v->cls = c->neg ? C_ALWAYS : C_FORGE;
	else if (strcmp(n, "recipients") == 0)
		v->cls = c->neg ? C_ALWAYS : strpbrk(val, "*;$^") ? C_FORGE :
		    C_NEVER;
	else if (strcmp(n, "condition") == 0) {
		if (ex_always_true(val))
			v->cls = c->neg ? C_NEVER : C_ALWAYS;
		else if (ex_always_false(val))
			v->cls = c->neg ? C_ALWAYS : C_NEVER;
		else
			v->cls = mentions_sender(val) ? C_FORGE : C_UNKNOWN;
	} else if (strcmp(n, "verify") == 0)
		v->cls = !c->neg && str_starts(val, "certificate") ? C_CERT :
		    C_ALWAYS;
	else if (strcmp(n, "dnslists") == 0 || strcmp(n, "acl") == 0)
		v->cls = c->neg && n[0] == 'd' ? C_ALWAYS : C_UNKNOWN;
	else if (strcmp(n, "encrypted") == 0 || strcmp(n, "ratelimit") == 0)
		v->cls = C_ALWAYS;
	else if (strcmp(n, "seen") == 0 || strcmp(n, "wellknown") == 0 ||
	    strcmp(n, "bmi_optin") == 0 || strcmp(n, "dcc") == 0 ||
	    strcmp(n, "decode") == 0 || strcmp(n, "malware") == 0 ||
	    strcmp(n, "spam") == 0 || strcmp(n, "regex") == 0 ||
	    strcmp(n, "mime_regex") == 0)
		v->cls = C_UNKNOWN;
	/* modifiers (message, control, set, ...) restrict nothing */
}

/* stmt_eval - a statement's domain match and client verdict */
static enum ex_match
stmt_eval(struct ex_conf *x, const struct ex_stmt *st, struct verdict *v,
    struct evlist *dev, size_t *nclient, size_t *nneg)
{
	enum ex_match d = EXM_YES;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->cls = C_ALWAYS;
	*nclient = *nneg = 0;
	for (i = 0; i < st->nconds; i++) {
		const struct ex_cond *c = &st->conds[i];
		struct verdict cv;

		if (strcmp(c->name, "domains") == 0) {
			enum ex_match m = ex_domains(x, c->value, c->src, dev);

			if (c->neg)
				m = m == EXM_YES ? EXM_NO : m == EXM_NO ?
				    EXM_YES : m;
			/* the conjunction: a refusal anywhere refuses */
			if (m == EXM_NO || d == EXM_NO)
				d = EXM_NO;
			else if (m == EXM_UNKNOWN || d == EXM_UNKNOWN)
				d = EXM_UNKNOWN;
			else if (m == EXM_SUFFIX || d == EXM_SUFFIX)
				d = EXM_SUFFIX;
			continue;
		}
		if (bsearch(c->name, modifiers, ARRAY_SIZE(modifiers),
		    sizeof(modifiers[0]), str_cmp) != NULL)
			continue;
		classify(x, c, &cv);
		(*nclient)++;
		if (c->neg && (strcmp(c->name, "hosts") == 0 ||
		    strcmp(c->name, "authenticated") == 0))
			(*nneg)++;
		and(v, &cv);
	}
	return d;
}

/*
 * list_cause - the named list (+name) of condition C that decides a
 * grant, as the line to change: the macro a Debian layout fills it from
 * (dc_relay_nets -> MAIN_RELAY_NETS), else the list's own line.  A domain
 * condition names the list that matches remote domains.
 */
static void
list_cause(struct ex_conf *x, const struct ex_cond *c, struct grant *g)
{
	struct strvec items = STRVEC_INIT;
	bool dom = strcmp(c->name, "domains") == 0;
	size_t i, k;

	ex_split_list(c->value, &items);
	for (i = 0; i < items.n; i++) {
		const struct ex_nlist *nl;
		const struct ex_line *src;
		struct evlist ev = { 0 };
		bool broad = true;

		if (items.v[i][0] != '+' ||
		    (nl = strmap_get(&x->nlists, items.v[i] + 1)) == NULL ||
		    (src = nl->src) == NULL)
			continue;
		if (dom) {
			broad = ex_domains(x, nl->value, src, &ev) != EXM_NO;
			evlist_free(&ev);
		}
		if (!broad)
			continue;
		grant_cause_set(&g->cause, items.v[i] + 1, src->file, src->line);
		for (k = src->nmacros; k > 0; k--) {
			const struct ex_macro *m = &x->macros[src->macros[k - 1]];

			if (m->file != NULL && !m->builtin) {
				grant_cause_set(&g->cause, m->name, m->file,
				    m->line);
				break;
			}
		}
		break;
	}
	strvec_free(&items);
}

/* acl_source - the statement (its deciding condition's line) as source */
static void
acl_source(struct ex_conf *x, struct grant *g, const struct ex_stmt *st,
    const struct ex_cond *why, const char *item)
{
	const struct ex_line *at = why && why->src ? why->src : st->src;
	char *list = xasprintf("ACL %s", x->rcpt_acl ? x->rcpt_acl->name :
	    x->rcpt->value);

	grant_source_set(&g->src, list, item, at ? at->file : NULL,
	    at ? at->line : 0, at ? at->s : NULL);
	free(list);
}

/* add_grant - a grant on every listener for one verdict */
static void
add_grant(struct ex_conf *x, const struct verdict *v, const struct ex_stmt *st,
    bool destination, bool uncertain, const struct evlist *extra)
{
	struct mtaconf *mc = x->mc;
	struct grant g;
	struct evlist ev = { 0 };
	size_t i;

	memset(&g, 0, sizeof(g));
	g.origin = destination ? ORIGIN_DOMAINS : ORIGIN_ITEM;
	g.uncertain = uncertain;
	if (st) {
		ex_line_ev(x, &ev, st->src);
		for (i = 0; i < st->nconds; i++)
			if (st->conds[i].src != st->src)
				ex_line_ev(x, &ev, st->conds[i].src);
	}
	if (extra)
		evlist_append(&ev, extra);
	if (destination) {
		g.kind = GRANT_DESTINATION;
		g.strangers = v->cls >= C_FORGE || rank(v) > 2 * C_FORGE;
		g.partial = v->partial;
		g.what = xstrdup("relay_to_domains (the relay gate passes "
		    "every remote domain)");
		for (i = 0; st && i < st->nconds; i++)
			if (strcmp(st->conds[i].name, "domains") == 0) {
				acl_source(x, &g, st, &st->conds[i],
				    st->conds[i].value);
				list_cause(x, &st->conds[i], &g);
				break;
			}
	} else {
		switch (v->cls) {
		case C_NETS:
			g.kind = GRANT_NETWORKS;
			g.nets = &v->hosts->set;
			g.named_hosts = v->hosts->named;
			g.uncertain |= v->hosts->unknown;
			g.strangers = v->hosts->any ||
			    (addrset_classes(g.nets) & ACLASS_PUBLIC) != 0;
			g.partial = !v->hosts->any &&
			    !addrset_covers_all(g.nets, AF4);
			evlist_append(&ev, &v->hosts->ev);
			break;
		case C_AUTH:
			g.kind = GRANT_AUTHENTICATED;
			g.strangers = x->always_true_auth;
			break;
		case C_CERT:
			g.kind = GRANT_CLIENTCERT;
			g.uncertain = true;
			break;
		case C_UNKNOWN:
			g.kind = GRANT_UNKNOWN;
			g.uncertain = true;
			g.strangers = true;
			break;
		case C_FORGE:
			g.kind = GRANT_FORGEABLE;
			g.strangers = true;
			break;
		default:
			g.kind = GRANT_ANYONE;
			g.strangers = true;
			break;
		}
		bool except = st && st->verb[0] == 'd' && v->why &&
		    v->why->neg;

		g.what = st == NULL ? xasprintf("acl_smtp_rcpt = %s",
		    x->rcpt->value) : xasprintf("%s %s%s%s", except ?
		    "exempt from the deny:" : st->verb,
		    v->why ? (v->why->neg && !except ? "!" : "") : "",
		    v->why ? v->why->name : "(no condition)",
		    v->why ? (*v->why->value ? " = " : "") : "");
		if (st && v->why && *v->why->value) {
			char *t = str_clip(v->why->value, 60);
			char *w = xasprintf("%s%s", g.what, t);

			free(t);
			free(g.what);
			g.what = w;
		}
		if (st != NULL)
			acl_source(x, &g, st, v->why, g.what);
		else if (x->rcpt->src != NULL)
			grant_source_set(&g.src, "acl_smtp_rcpt", x->rcpt->value,
			    x->rcpt->src->file, x->rcpt->src->line,
			    x->rcpt->src->s);
		else
			grant_source_set(&g.src, "acl_smtp_rcpt", x->rcpt->value,
			    NULL, 0, NULL);
		if (v->cls == C_NETS && v->why)
			list_cause(x, v->why, &g);
	}
	g.ev = ev;
	for (i = 0; i < mc->nlisteners; i++)
		listener_copy_grant(&mc->listeners[i], &g);
	grant_free(&g);
}

/* positive - the verdict of a deny's negated client condition, inverted */
static void
positive(struct ex_conf *x, const struct ex_cond *c, struct verdict *v)
{
	struct ex_cond p = *c;

	p.neg = false;
	classify(x, &p, v);
	v->why = c;
}

/* dead_gate - a require or deny on domains: a relay gate by its looks */
static bool
dead_gate(const struct ex_stmt *st)
{
	size_t i;

	if (strcmp(st->verb, "require") && strcmp(st->verb, "deny"))
		return false;
	for (i = 0; i < st->nconds; i++)
		if (strcmp(st->conds[i].name, "domains") == 0)
			return true;
	return false;
}

/* walk - the statements of the RCPT ACL up to the relay gate */
static void
walk(struct ex_conf *x, const struct ex_acl *acl)
{
	struct verdict req = { C_ALWAYS, NULL, NULL, false };
	size_t i, k;

	for (i = 0; i < acl->nstmts; i++) {
		const struct ex_stmt *st = &acl->stmts[i];
		struct evlist dev = { 0 };
		struct verdict v, eff;
		size_t nclient, nneg;
		enum ex_match d = stmt_eval(x, st, &v, &dev, &nclient, &nneg);
		bool has_dom = false;

		for (k = 0; k < st->nconds; k++)
			has_dom |= strcmp(st->conds[k].name, "domains") == 0;
		eff = v;
		and(&eff, &req);
		if (strcmp(st->verb, "accept") == 0) {
			if (d != EXM_NO && v.cls != C_NEVER && eff.cls != C_NEVER)
				add_grant(x, &eff, st, false, d == EXM_UNKNOWN,
				    NULL);
			if (d == EXM_YES && v.cls == C_ALWAYS &&
			    req.cls == C_ALWAYS) {
				/* nothing after it runs; a gate there is dead */
				for (k = i + 1; k < acl->nstmts && !x->gate; k++)
					if (dead_gate(&acl->stmts[k]))
						x->gate = &acl->stmts[k];
				x->gate_found = x->gate != NULL;
				evlist_free(&dev);
				return;
			}
		} else if (strcmp(st->verb, "require") == 0) {
			if (has_dom && d != EXM_YES) {
				x->gate_found = true;
				x->gate = st;
				if (d != EXM_NO) {
					struct verdict g = req;

					g.partial = d == EXM_SUFFIX;
					add_grant(x, &g, st, true,
					    d == EXM_UNKNOWN, &dev);
				}
				evlist_free(&dev);
				return;
			}
			if (has_dom && d == EXM_YES) {
				/* the gate lets every domain through */
				x->gate_found = true;
				x->gate = st;
				add_grant(x, &req, st, true, false, &dev);
				evlist_free(&dev);
				return;
			}
			and(&req, &v);
			if (req.cls == C_NEVER) {
				evlist_free(&dev);
				return;
			}
		} else if (strcmp(st->verb, "deny") == 0 ||
		    strcmp(st->verb, "drop") == 0) {
			if (!has_dom && d == EXM_YES && v.cls == C_ALWAYS) {
				/* an unconditional deny refuses every
				 * recipient that gets this far: the gate */
				x->gate_found = true;
				x->gate = st;
				evlist_free(&dev);
				return;
			}
			if (has_dom && d == EXM_YES && nclient == nneg) {
				/* deny remote domains except for ... */
				x->gate_found = true;
				x->gate = st;
				for (k = 0; k < st->nconds; k++) {
					const struct ex_cond *c = &st->conds[k];
					struct verdict p;

					if (!c->neg || (strcmp(c->name, "hosts") &&
					    strcmp(c->name, "authenticated")))
						continue;
					positive(x, c, &p);
					and(&p, &req);
					if (p.cls != C_NEVER)
						add_grant(x, &p, st, false,
						    false, NULL);
				}
				evlist_free(&dev);
				return;
			}
			if (!has_dom && nclient == 1 && nneg == 1) {
				/* "deny !hosts = X" lets only X go on */
				for (k = 0; k < st->nconds; k++)
					if (st->conds[k].neg) {
						struct verdict p;

						positive(x, &st->conds[k], &p);
						and(&req, &p);
					}
			}
		}
		evlist_free(&dev);
	}
	/* the end of an ACL denies what no statement accepted */
	x->gate_found = true;
}

/* set_gate - name the RCPT ACL's relay gate on every listener */
static void
set_gate(struct ex_conf *x)
{
	const struct ex_stmt *st = x->gate;
	char *list = xasprintf("ACL %s", x->rcpt_acl->name);
	struct buf item = BUF_INIT;
	size_t i;

	buf_printf(&item, "%s", st->verb);
	for (i = 0; i < st->nconds; i++)
		if (strcmp(st->conds[i].name, "domains") == 0)
			buf_printf(&item, " %sdomains = %s", st->conds[i].neg ?
			    "!" : "", st->conds[i].value);
	for (i = 0; i < x->mc->nlisteners; i++)
		grant_source_set(&x->mc->listeners[i].gate, list, buf_str(&item),
		    st->src ? st->src->file : NULL, st->src ? st->src->line : 0,
		    st->src ? st->src->s : NULL);
	buf_free(&item);
	free(list);
}

/* how the ACL hooks every message passes stop relaying */
enum hook_stop { HOOK_PASSES = 0, HOOK_DENIES, HOOK_MISSING };

/*
 * missing_hooks - the ACL hooks every message passes: one that names an
 * ACL that does not exist makes Exim defer every connection, HELO, MAIL,
 * RCPT or message there (each reported), a bare "deny" refuses them all;
 * either way nothing is relayed
 */
static enum hook_stop
missing_hooks(struct ex_conf *x)
{
	static const struct {
		const char	*opt;
		const char	*what;
	} hooks[] = {
		{ "acl_smtp_connect", "connection" },
		{ "acl_smtp_helo", "HELO" },
		{ "acl_smtp_mail", "MAIL" },
		{ "acl_smtp_rcpt", "RCPT" },
		{ "acl_smtp_predata", "DATA" },
		{ "acl_smtp_data", "message" },
	};
	enum hook_stop stop = HOOK_PASSES;
	const struct ex_opt *o;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		o = ex_opt(x, hooks[i].opt);
		if (o->src == NULL || *o->value == '\0' ||
		    ex_expanded(o->value) || o->value[0] == '/' ||
		    strpbrk(o->value, " \t\n") != NULL ||
		    ex_acl_find(x, o->value) != NULL ||
		    strcmp(o->value, "accept") == 0)
			continue;
		/* a client that sends no HELO skips the HELO ACL, unless
		 * hosts_require_helo (by default "*") makes it send one */
		if (strcmp(hooks[i].opt, "acl_smtp_helo") == 0 &&
		    strcmp(ex_value(x, "hosts_require_helo"), "*") != 0)
			continue;
		if (strcmp(o->value, "deny") == 0) {
			if (stop == HOOK_PASSES)
				stop = HOOK_DENIES;
			continue;
		}
		finding_add(x->eng, "PRS001", x->mc, NULL, o->src->file,
		    o->src->line, "%s names ACL %s, which is not defined: "
		    "every %s is deferred, so nothing is relayed",
		    hooks[i].opt, o->value, hooks[i].what);
		stop = HOOK_MISSING;
	}
	return stop;
}

/* ex_relay - acl_smtp_rcpt: unset, a bare verb, an ACL name, or unknown */
void
ex_relay(struct ex_conf *x)
{
	const struct ex_opt *o = ex_opt(x, "acl_smtp_rcpt");
	const struct ex_acl *acl;
	struct verdict v = { C_ALWAYS, NULL, NULL, false };

	x->rcpt = o;
	switch (missing_hooks(x)) {
	case HOOK_MISSING:
		x->gate_found = true;	/* every message is deferred */
		return;
	case HOOK_DENIES:
		x->gate_found = true;	/* every message is refused */
		x->rcpt_refuses = true;
		return;
	case HOOK_PASSES:
		break;
	}
	if (*o->value == '\0') {
		x->gate_found = true;	/* every recipient is refused */
		x->rcpt_refuses = true;
		return;
	}
	if (strcmp(o->value, "accept") == 0) {
		struct evlist ev = { 0 };

		ex_opt_ev(x, &ev, o);
		add_grant(x, &v, NULL, false, false, &ev);
		evlist_free(&ev);
		return;
	}
	if (ex_expanded(o->value) || o->value[0] == '/' ||
	    (acl = ex_acl_find(x, o->value)) == NULL) {
		struct evlist ev = { 0 };

		/* a missing ACL of that name is one of missing_hooks() */
		v.cls = C_UNKNOWN;
		ex_opt_ev(x, &ev, o);
		add_grant(x, &v, NULL, false, true, &ev);
		x->gate_found = true;
		evlist_free(&ev);
		return;
	}
	x->rcpt_acl = acl;
	walk(x, acl);
	if (x->gate_found && x->gate != NULL)
		set_gate(x);
}
