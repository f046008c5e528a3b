/* SPDX-License-Identifier: MIT */
/*
 * exim.c - the Exim reader: choose the files Exim (or Debian's
 * update-exim4.conf) would read, preprocess and parse them, then fill
 * the model: listeners from local_interfaces, daemon_smtp_ports,
 * tls_on_connect_ports and -oX; TLS; AUTH per authenticator; relay
 * grants (ex_relay.c); DKIM, SPF and DMARC; smarthost and inbound role.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hostaddr.h"
#include "parsers/common/listen.h"
#include "parsers/exim/ex_int.h"

/* exim_define_ok - "NAME" or "NAME=VALUE" with an upper-case NAME */
bool
exim_define_ok(const char *s)
{
	if (!isupper((unsigned char)*s))
		return false;
	while (isalnum((unsigned char)*s) || *s == '_')
		s++;
	return *s == '\0' || *s == '=';
}

/* exim_option - a main option of an Exim configuration, as read */
const char *
exim_option(const struct mtaconf *mc, const char *name)
{
	if (mc->mta != MTA_EXIM || mc->priv == NULL)
		return NULL;
	return ex_value(mc->priv, name);
}

/* ex_free - release the reader's structure (mtaconf priv_free) */
static void
ex_free(void *p)
{
	struct ex_conf *x = p;
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nhosts; i++) {
		ex_hosts_free(x->hosts[i]);
		free(x->hosts[i]);
	}
	free(x->hosts);
	ex_memo_free(x);
	ex_parse_free(x);
	ex_pp_free(x);
	for (i = 0; i < x->nextra; i++)
		free(x->extra[i].s);
	free(x->extra);
	strvec_free(&x->ports);
	free(x->debian_type);
	free(x);
}

/* read_files - preprocess what Exim or update-exim4.conf would read */
static void
read_files(struct ex_conf *x, const char *dir, const char *file)
{
	static const char *const plain[] = {
		"exim4.conf", "exim.conf", "configure",
	};
	char *p;
	size_t i;

	if (file && strcmp(file, "update-exim4.conf.conf") != 0 &&
	    strcmp(file, "exim4.conf.template") != 0) {
		p = xasprintf("%s/%s", dir, file);
		ex_pp_file(x, p, NULL, 0, 0, true);
		free(p);
		return;
	}
	/* a hand-written exim4.conf takes precedence on Debian */
	for (i = 0; i < ARRAY_SIZE(plain) && file == NULL; i++) {
		p = xasprintf("%s/%s", dir, plain[i]);
		if (rootfs_exists(x->root, p)) {
			ex_pp_file(x, p, NULL, 0, 0, true);
			free(p);
			return;
		}
		free(p);
	}
	ex_debian(x, dir);
	ex_default_ports(x);
}

/* is_server - an authenticator with a server side */
static bool
is_server(const struct ex_driver *d)
{
	size_t i;

	for (i = 0; i < d->nopts; i++)
		if (str_starts(d->opts[i].name, "server_") &&
		    strcmp(d->opts[i].name, "server_advertise_condition") != 0 &&
		    strcmp(d->opts[i].name, "server_debug_print") != 0)
			return true;
	return false;
}

/* public_name - what an authenticator advertises */
static char *
public_name(const struct ex_driver *d)
{
	const struct ex_opt *o = ex_driver_opt(d, "public_name");
	char *s = xstrdup(o ? o->value : d->name), *p;

	for (p = s; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	return s;
}

/* tls_gated - a condition text that holds only on an encrypted session */
static bool
tls_gated(const char *s)
{
	return strstr(s, "tls_in_cipher") || strstr(s, "tls_cipher") ||
	    strstr(s, "tls_in_ver") || strstr(s, "encrypted");
}

/* acl_denies_clear - acl_smtp_auth refuses AUTH before TLS */
static bool
acl_denies_clear(struct ex_conf *x)
{
	const struct ex_acl *a = ex_acl_find(x, ex_value(x, "acl_smtp_auth"));
	size_t i, j;

	for (i = 0; a && i < a->nstmts; i++)
		for (j = 0; j < a->stmts[i].nconds; j++) {
			const struct ex_cond *c = &a->stmts[i].conds[j];

			if ((strcmp(a->stmts[i].verb, "deny") == 0 ||
			    strcmp(a->stmts[i].verb, "drop") == 0) && c->neg &&
			    strcmp(c->name, "encrypted") == 0)
				return true;
		}
	return false;
}

/* auth_facts - which authenticators are advertised, in clear or not */
static void
auth_facts(struct ex_conf *x, bool *any, bool *clear, bool *anon,
    struct evlist *ev)
{
	const struct ex_opt *aah = ex_opt(x, "auth_advertise_hosts");
	bool acl_tls = acl_denies_clear(x);
	size_t i;

	*any = *clear = *anon = false;
	if (ex_always_false(aah->value))
		return;
	for (i = 0; i < x->ndrivers[EXS_AUTH]; i++) {
		const struct ex_driver *d = &x->drivers[EXS_AUTH][i];
		const struct ex_opt *drv = ex_driver_opt(d, "driver");
		const struct ex_opt *adv = ex_driver_opt(d,
		    "server_advertise_condition");
		const struct ex_opt *cond = ex_driver_opt(d, "server_condition");
		char *pub;
		bool plain;

		if (!is_server(d) || (adv && ex_always_false(adv->value)))
			continue;
		pub = public_name(d);
		*any = true;
		ex_line_ev(x, ev, d->src);
		plain = strcmp(pub, "PLAIN") == 0 || strcmp(pub, "LOGIN") == 0 ||
		    (drv && strcmp(drv->value, "plaintext") == 0);
		if (plain && !(adv && tls_gated(adv->value)) &&
		    !tls_gated(aah->value) && !acl_tls) {
			*clear = true;
			if (adv)
				ex_line_ev(x, ev, adv->src);
		}
		if (strcmp(pub, "ANONYMOUS") == 0)
			*anon = true;
		if (drv && strcmp(drv->value, "plaintext") == 0 && cond &&
		    ex_always_true(cond->value) && !x->always_true_auth) {
			x->always_true_auth = true;
			x->true_auth = d;
		}
		free(pub);
	}
	if (*any)
		ex_opt_ev(x, ev, aah);
}

/* iface - one local_interfaces item: address and optional port */
static void
iface(const char *it, char **addr, int *port)
{
	const char *dot = strrchr(it, '.');
	size_t dots = 0;
	const char *p;

	*port = 0;
	if (*it == '[') {
		const char *e = strchr(it, ']');

		*addr = xstrndup(it + 1, e ? (size_t)(e - it - 1) : strlen(it));
		if (e && e[1] == ':')
			*port = listen_port(e + 2);
		return;
	}
	for (p = it; *p; p++)
		dots += *p == '.';
	if (dot && ((strchr(it, ':') && !strchr(dot, ':')) || dots == 4) &&
	    listen_port(dot + 1) > 0) {
		*addr = xstrndup(it, (size_t)(dot - it));
		*port = listen_port(dot + 1);
		return;
	}
	*addr = xstrdup(it);
}

/* wildcard - an address meaning every interface */
static bool
wildcard(const char *a)
{
	return strcmp(a, "0.0.0.0") == 0 || strcmp(a, "::0") == 0 ||
	    strcmp(a, "::") == 0 || strcmp(a, "*") == 0;
}

/* numeric_list - every item of an -oX value is a port */
static bool
numeric_list(const struct strvec *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (listen_port(v->v[i]) == 0)
			return false;
	return v->n > 0;
}

/* role_name - the service name a port is known by */
static const char *
role_name(int port, enum listener_role *role)
{
	switch (*role = listen_role(port)) {
	case ROLE_SUBMISSION:
		return "submission";
	case ROLE_SUBMISSIONS:
		return "smtps";
	default:
		return "smtp";
	}
}

/* add_listener - one listener for PORT on the addresses in ADDRS */
static void
add_listener(struct ex_conf *x, int port, const struct strvec *addrs,
    bool unknown_addr, const struct evlist *bind_ev, const struct ex_line *at)
{
	struct listener *l = mtaconf_add_listener(x->mc);
	const struct ex_opt *tla = ex_opt(x, "tls_advertise_hosts");
	const struct ex_opt *cert = ex_opt(x, "tls_certificate");
	struct strvec onc = STRVEC_INIT;
	struct buf a = BUF_INIT;
	bool any = unknown_addr, all_lo = !unknown_addr;
	size_t i;
	const char *name = role_name(port, &l->role);
	char num[16];

	for (i = 0; i < addrs->n; i++) {
		any |= wildcard(addrs->v[i]);
		all_lo &= hostaddr_loopback(addrs->v[i]);
		buf_printf(&a, "%s%s", i ? "," : "", addrs->v[i]);
	}
	l->addr = any ? xstrdup("*") : buf_detach(&a);
	buf_free(&a);
	l->port = port;
	l->bind = any ? BIND_ANY : all_lo ? BIND_LOOPBACK : BIND_SPECIFIC;
	l->reachable = l->bind != BIND_LOOPBACK;
	l->name = xstrdup(name);
	snprintf(num, sizeof(num), "%d", port);
	l->label = listen_label(name, l->addr, num);
	l->file = at ? at->file : x->main_file;
	l->line = at ? at->line : 0;
	evlist_append(&l->bind_ev, bind_ev);
	ex_split_list(ex_value(x, "tls_on_connect_ports"), &onc);
	for (i = 0; i < onc.n; i++)
		if (listen_port(onc.v[i]) == port)
			l->tls = TLSM_IMPLICIT;
	strvec_free(&onc);
	if (l->tls == TLSM_IMPLICIT) {
		ex_opt_ev(x, &l->tls_ev, ex_opt(x, "tls_on_connect_ports"));
		if (l->role == ROLE_OTHER)
			l->role = ROLE_SUBMISSIONS;
	} else {
		if (l->role == ROLE_SUBMISSIONS)
			l->role = ROLE_OTHER;	/* 465 in clear: TLS007 */
		if (!ex_always_false(tla->value))
			l->tls = TLSM_OPTIONAL;
		ex_opt_ev(x, &l->tls_ev, tla);
	}
	l->tls_cert = *cert->value != '\0';
	if (l->tls != TLSM_NONE)
		ex_opt_ev(x, &l->tls_ev, cert);
}

/* listeners - one listener per port Exim's daemon binds */
static void
listeners(struct ex_conf *x)
{
	const struct ex_opt *li = ex_opt(x, "local_interfaces");
	const struct ex_opt *dp = ex_opt(x, "daemon_smtp_ports");
	struct strvec ports = STRVEC_INIT, ifs = STRVEC_INIT, oxl = STRVEC_INIT;
	const char *ifval = li->value;
	struct evlist ev = { 0 };
	const struct ex_line *at = li->src ? li->src : dp->src;
	int nums[64];
	size_t n = 0, i, j;
	bool unknown;

	ex_split_list(dp->value, &ports);
	ex_opt_ev(x, &ev, li);
	ex_opt_ev(x, &ev, dp);
	if (x->ports.n) {
		ex_split_list(x->ports.v[0], &oxl);
		if (numeric_list(&oxl)) {
			strvec_free(&ports);
			ports = oxl;
			oxl = (struct strvec)STRVEC_INIT;
		} else
			ifval = x->ports.v[0];
		ex_line_ev(x, &ev, x->ports_src);
		at = x->ports_src;
	}
	unknown = ex_expanded(ifval) || ex_expanded(dp->value);
	ex_split_list(ifval, &ifs);
	for (i = 0; i < ports.n && n < ARRAY_SIZE(nums); i++) {
		int p = listen_port(ports.v[i]);

		for (j = 0; j < n && nums[j] != p; j++)
			;
		if (p > 0 && j == n)
			nums[n++] = p;
	}
	/* interfaces with their own port add that port */
	for (i = 0; i < ifs.n && n < ARRAY_SIZE(nums); i++) {
		char *a;
		int p;

		iface(ifs.v[i], &a, &p);
		for (j = 0; j < n && nums[j] != p; j++)
			;
		if (p > 0 && j == n)
			nums[n++] = p;
		free(a);
	}
	for (j = 0; j < n; j++) {
		struct strvec addrs = STRVEC_INIT;

		for (i = 0; i < ifs.n; i++) {
			char *a;
			int p;

			iface(ifs.v[i], &a, &p);
			if (p == 0 || p == nums[j])
				strvec_push(&addrs, a);
			free(a);
		}
		if (addrs.n > 0 || unknown)
			add_listener(x, nums[j], &addrs, unknown, &ev, at);
		strvec_free(&addrs);
	}
	strvec_free(&ports);
	strvec_free(&ifs);
	strvec_free(&oxl);
	evlist_free(&ev);
}

/* auth_listeners - AUTH facts on every listener */
static void
auth_listeners(struct ex_conf *x)
{
	struct evlist ev = { 0 };
	bool any, clear, anon;
	size_t i;

	auth_facts(x, &any, &clear, &anon, &ev);
	for (i = 0; i < x->mc->nlisteners && any; i++) {
		struct listener *l = &x->mc->listeners[i];

		l->auth = true;
		l->auth_tls_only = !clear || l->tls == TLSM_IMPLICIT;
		l->auth_anonymous = anon;
		evlist_append(&l->auth_ev, &ev);
	}
	evlist_free(&ev);
}

/* stmt_unconditional - a statement with only modifiers */
static bool
stmt_unconditional(const struct ex_stmt *st, const char *control)
{
	bool found = false;
	size_t i;

	for (i = 0; i < st->nconds; i++) {
		const struct ex_cond *c = &st->conds[i];

		if (strcmp(c->name, "control") == 0) {
			found |= str_starts(c->value, control);
			continue;
		}
		if (strcmp(c->name, "message") && strcmp(c->name, "log_message") &&
		    strcmp(c->name, "logwrite") && strcmp(c->name, "set") &&
		    strcmp(c->name, "add_header"))
			return false;
	}
	return found;
}

/* mail_auth - DKIM signing and verification, SPF, DMARC */
static void
mail_auth(struct ex_conf *x)
{
	struct mtaconf *mc = x->mc;
	size_t i, j, k;

	for (i = 0; i < x->ndrivers[EXS_TRANSPORTS]; i++) {
		const struct ex_driver *d = &x->drivers[EXS_TRANSPORTS][i];
		const struct ex_opt *key = ex_driver_opt(d, "dkim_private_key");
		const struct ex_opt *dom = ex_driver_opt(d, "dkim_domain");

		if (key == NULL || dom == NULL || ex_always_false(key->value) ||
		    mc->dkim_sign.wired)
			continue;
		mc->dkim_sign.wired = true;
		mc->dkim_sign.how = xasprintf("Exim DKIM signing on transport %s",
		    d->name);
		ex_line_ev(x, &mc->dkim_sign.ev, key->src);
	}
	mc->dkim_verify.wired = true;
	mc->dkim_verify.how = xstrdup("Exim's built-in DKIM verification");
	for (i = 0; i < x->nacls; i++)
		for (j = 0; j < x->acls[i].nstmts; j++) {
			const struct ex_stmt *st = &x->acls[i].stmts[j];

			if (mc->dkim_verify.wired &&
			    stmt_unconditional(st, "dkim_disable_verify")) {
				mc->dkim_verify.wired = false;
				ex_line_ev(x, &mc->dkim_verify.ev, st->src);
			}
			for (k = 0; k < st->nconds; k++) {
				const struct ex_cond *c = &st->conds[k];

				if (!mc->spf.wired && (str_starts(c->name, "spf") ||
				    (strcmp(c->name, "condition") == 0 &&
				    strstr(c->value, "spfquery")))) {
					mc->spf.wired = true;
					mc->spf.uncertain = c->name[0] == 'c';
					mc->spf.how = xasprintf("ACL %s: %s",
					    x->acls[i].name, c->name);
					ex_line_ev(x, &mc->spf.ev, c->src);
				}
				if (!mc->dmarc.wired &&
				    strcmp(c->name, "dmarc_status") == 0 &&
				    *ex_value(x, "dmarc_tld_file") != '\0') {
					mc->dmarc.wired = true;
					mc->dmarc.how = xasprintf("ACL %s: "
					    "dmarc_status", x->acls[i].name);
					ex_line_ev(x, &mc->dmarc.ev, c->src);
				}
			}
		}
}

/*
 * skipped - a router's domains option is "${if exists{FILE}{...}fail}"
 * and FILE is not in the root: the forced failure skips the router
 * (Debian's hubbed_hosts)
 */
static bool
skipped(struct ex_conf *x, const struct ex_opt *dom)
{
	const char *p, *e;
	char *path;
	bool gone;

	if (dom == NULL || !str_starts(dom->value, "${if exists{"))
		return false;
	p = dom->value + strlen("${if exists{");
	if ((e = strchr(p, '}')) == NULL || *p != '/' ||
	    memchr(p, '$', (size_t)(e - p)) != NULL)
		return false;
	e = strchr(dom->value, '\0');
	if (e - dom->value < 6 || strcmp(e - 5, "fail}") != 0)
		return false;
	path = xstrndup(p, (size_t)(strchr(p, '}') - p));
	gone = rootfs_exists(x->root, path) == 0;
	free(path);
	return gone;
}

/* roles - smarthost, inbound mail, and whether mail can leave the host */
static void
roles(struct ex_conf *x)
{
	struct ex_nlist *ld = strmap_get(&x->nlists, "local_domains");
	struct ex_nlist *rd = strmap_get(&x->nlists, "relay_to_domains");
	/* the routers that can send mail to another host */
	static const char *const remote[] = {
		"dnslookup", "ipliteral", "manualroute", "queryprogram"
	};
	size_t i, k;

	x->mc->local_only = true;
	for (i = 0; i < x->ndrivers[EXS_ROUTERS]; i++) {
		const struct ex_driver *d = &x->drivers[EXS_ROUTERS][i];
		const struct ex_opt *drv = ex_driver_opt(d, "driver");
		const struct ex_opt *rl = ex_driver_opt(d, "route_list");
		const struct ex_opt *dom = ex_driver_opt(d, "domains");

		for (k = 0; drv && k < ARRAY_SIZE(remote); k++)
			if (strcmp(drv->value, remote[k]) == 0 &&
			    !skipped(x, dom))
				x->mc->local_only = false;

		if (drv && strcmp(drv->value, "manualroute") == 0 &&
		    ((rl && rl->value[0] == '*') ||
		    (dom && strstr(dom->value, "!") &&
		    strstr(dom->value, "local_domains"))))
			x->mc->smarthost = true;
	}
	x->mc->inbound = !x->rcpt_refuses && ((ld && *ld->value) ||
	    (rd && *rd->value));
}

/* ops_get - a main option as set, or its default (Exim has no
 * per-listener options) */
static const struct setting *
ops_get(const struct mtaconf *mc, const struct listener *l, const char *name)
{
	return ex_setting(mc->priv, name);
}

/* ops_evidence - the line and the macros it used, or the default */
static void
ops_evidence(const struct mtaconf *mc, const struct setting *st,
    struct evlist *ev)
{
	if (st->src == SRC_DEFAULT)
		evlist_add(ev, NULL, 0, "%s = %s (Exim's default)", st->name,
		    st->value);
	else if (st->src_line)
		ex_line_ev(mc->priv, ev, st->src_line);
	else
		evlist_add(ev, st->file, st->line, "%s = %s", st->name,
		    st->raw);
}

static const struct setting_ops ex_ops = {
	.get = ops_get,
	.evidence = ops_evidence,
};

/* exim_true_authenticator - the plaintext server authenticator whose
 * server_condition always holds, or NULL */
const char *
exim_true_authenticator(const struct mtaconf *mc)
{
	const struct ex_conf *x = mc->priv;

	if (mc->mta != MTA_EXIM || x == NULL || !x->always_true_auth)
		return NULL;
	return x->true_auth->name;
}

/* exim_always_false - an Exim condition that never holds */
bool
exim_always_false(const char *cond)
{
	return ex_always_false(cond);
}

/* exim_read - read an Exim configuration into the model */
struct mtaconf *
exim_read(struct engine *e, struct model *m, const struct rootfs *r,
    const char *dir, const char *file, const struct strvec *defines)
{
	struct ex_conf *x = xcalloc(1, sizeof(*x));
	struct mtaconf *mc = model_add_conf(m, MTA_EXIM, dir);

	x->eng = e;
	x->mc = mc;
	x->root = r;
	mc->priv = x;
	mc->priv_free = ex_free;
	mc->sops = &ex_ops;
	mc->version = xstrdup(EX_DEFAULT_VERSION);
	ex_pp_init(x, defines);
	read_files(x, dir, file);
	ex_pp_finish(x);
	mc->main_file = x->main_file;
	if (mc->unreadable)
		return mc;	/* PRS004 said why; nothing from defaults */
	ex_parse(x);
	listeners(x);
	auth_listeners(x);
	ex_facts(x);
	ex_relay(x);
	mail_auth(x);
	roles(x);
	mc->wont_start = x->broken;
	mc->ungated = !x->gate_found;
	return mc;
}
