/* SPDX-License-Identifier: MIT */
/*
 * postfix.c - read one Postfix configuration directory and build the
 * common model from it: listeners (inet smtpd and postscreen services)
 * with their reachability, TLS, AUTH and relay grants; delivery.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hostaddr.h"
#include "parsers/common/listen.h"
#include "parsers/common/source.h"
#include "parsers/postfix/pf_int.h"

/* a stand-in for a missing master.cf: Postfix's own smtp service */
static const char default_master[] = "smtp inet n - y - - smtpd";

/* read_hostname - the machine's host name from etc/hostname, if any */
static void
read_hostname(struct pf_conf *pf)
{
	char *data = NULL, *rel = NULL, *nl;
	size_t len;

	if (rootfs_read(pf->root, "/etc/hostname", &data, &len, &rel) != RF_OK) {
		free(rel);
		return;
	}
	nl = strpbrk(data, "\r\n");
	if (nl)
		*nl = '\0';
	if (*str_trim(data) != '\0' && strlen(data) < 256) {
		pf->hostname = xstrdup(str_trim(data));
		pf->hostname_file = model_file(pf->model, rel);
	}
	free(data);
	free(rel);
}

/* is_loopback_host - a loopback host, or inet_interfaces' loopback-only */
static bool
is_loopback_host(const char *h)
{
	return str_eq_nocase(h, "loopback-only") || hostaddr_loopback(h);
}

/*
 * proxied - a listener behind a proxy or NAT is reachable whatever it binds:
 * the proxy protocol says a proxy forwards clients to it; proxy_interfaces
 * says the host is reached at addresses it does not have.
 */
static void
proxied(struct pf_conf *pf, const struct pf_service *svc, struct listener *l)
{
	static const char *const proto[] = {
		"postscreen_upstream_proxy_protocol",
		"smtpd_upstream_proxy_protocol",
	};
	const struct setting *st;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(proto); i++) {
		st = pf_get(pf, svc, proto[i]);
		if (*st->value != '\0') {
			l->reachable = true;
			pf_setting_ev(&l->bind_ev, st);
		}
	}
	st = pf_get(pf, svc, "proxy_interfaces");
	if (*st->value != '\0') {
		l->reachable = true;
		pf_setting_ev(&l->bind_ev, st);
	}
	st = pf_get(pf, NULL, "inet_protocols");
	if (strcmp(st->value, "all") != 0)
		pf_setting_ev(&l->bind_ev, st);
}

/* bind_listener - where the service listens and who can reach it */
static void
bind_listener(struct pf_conf *pf, const struct pf_service *svc,
    struct listener *l)
{
	char *host, *port;
	bool numeric;

	hostaddr_split(svc->name, &host, &port);
	l->port = listen_port(port);
	if (l->port) {
		free(port);
		port = xasprintf("%d", l->port);
	}
	evlist_add(&l->bind_ev, svc->file, svc->line, "%s %s ... %s",
	    svc->name, svc->type, svc->command);
	if (host) {
		l->addr = xstrdup(host);
		l->bind = is_loopback_host(host) ? BIND_LOOPBACK :
		    strcmp(host, "*") == 0 || strcmp(host, "0.0.0.0") == 0 ?
		    BIND_ANY : BIND_SPECIFIC;
	} else {
		const struct setting *st = pf_get(pf, NULL, "inet_interfaces");
		struct strvec items = STRVEC_INIT;
		size_t i, loop = 0;
		bool all = false;

		pf_split_list(st->value, &items);
		for (i = 0; i < items.n; i++) {
			if (str_eq_nocase(items.v[i], "all"))
				all = true;
			else if (is_loopback_host(items.v[i]))
				loop++;
		}
		if (all || items.n == 0) {
			l->bind = BIND_ANY;
			l->addr = xstrdup("*");
		} else if (loop == items.n) {
			l->bind = BIND_LOOPBACK;
			l->addr = xstrdup(items.v[0]);
		} else {
			struct buf b = BUF_INIT;

			for (i = 0; i < items.n; i++)
				buf_printf(&b, "%s%s", i ? "," : "", items.v[i]);
			l->bind = BIND_SPECIFIC;
			l->addr = buf_detach(&b);
		}
		pf_setting_ev(&l->bind_ev, st);
		strvec_free(&items);
	}
	l->reachable = l->bind != BIND_LOOPBACK;
	proxied(pf, svc, l);
	l->role = listen_role(l->port);
	/* "smtp *:25"; a service named by its address or number is just that */
	numeric = host || strspn(svc->name, "0123456789") == strlen(svc->name);
	l->label = listen_label(numeric ? NULL : svc->name, l->addr, port);
	free(host);
	free(port);
}

/* has_word - the list value contains the word */
static bool
has_word(const char *list, const char *word)
{
	struct strvec v = STRVEC_INIT;
	bool found = false;
	size_t i;

	pf_split_list(list, &v);
	for (i = 0; i < v.n && !found; i++)
		found = str_eq_nocase(v.v[i], word);
	strvec_free(&v);
	return found;
}

/* tls_auth - TLS mode, certificate and AUTH facts of a listener */
static void
tls_auth(struct pf_conf *pf, const struct pf_service *svc, struct listener *l)
{
	const struct setting *lvl = pf_get(pf, svc, "smtpd_tls_security_level");
	const char *level = lvl->value;
	static const char *const certs[] = {
		"smtpd_tls_chain_files", "smtpd_tls_cert_file",
		"smtpd_tls_eccert_file", "smtpd_tls_dcert_file",
	};
	size_t i;

	pf_setting_ev(&l->tls_ev, lvl);
	if (*level == '\0') {
		if (pf_bool(pf, svc, "smtpd_enforce_tls")) {
			level = "encrypt";
			pf_setting_ev(&l->tls_ev,
			    pf_get(pf, svc, "smtpd_enforce_tls"));
		} else if (pf_bool(pf, svc, "smtpd_use_tls")) {
			level = "may";
			pf_setting_ev(&l->tls_ev, pf_get(pf, svc, "smtpd_use_tls"));
		}
	}
	if (pf_bool(pf, svc, "smtpd_tls_wrappermode")) {
		l->tls = TLSM_IMPLICIT;
		pf_setting_ev(&l->tls_ev, pf_get(pf, svc, "smtpd_tls_wrappermode"));
	} else if (strcmp(level, "encrypt") == 0)
		l->tls = TLSM_REQUIRED;
	else if (strcmp(level, "may") == 0)
		l->tls = TLSM_OPTIONAL;
	else
		l->tls = TLSM_NONE;
	for (i = 0; i < ARRAY_SIZE(certs); i++) {
		const struct setting *c = pf_get(pf, svc, certs[i]);

		if (c->value[0] != '\0' && strcmp(c->value, "none") != 0) {
			l->tls_cert = true;
			pf_setting_ev(&l->tls_ev, c);
			break;
		}
	}
	l->auth = pf_bool(pf, svc, "smtpd_sasl_auth_enable");
	pf_setting_ev(&l->auth_ev, pf_get(pf, svc, "smtpd_sasl_auth_enable"));
	if (!l->auth)
		return;
	l->auth_tls_only = l->tls == TLSM_IMPLICIT || l->tls == TLSM_REQUIRED ||
	    pf_bool(pf, svc, "smtpd_tls_auth_only");
	pf_setting_ev(&l->auth_ev, pf_get(pf, svc, "smtpd_tls_auth_only"));
	if (!has_word(pf_value(pf, svc, "smtpd_sasl_security_options"),
	    "noanonymous") || !has_word(pf_value(pf, svc,
	    "smtpd_sasl_tls_security_options"), "noanonymous")) {
		l->auth_anonymous = true;
		pf_setting_ev(&l->auth_ev,
		    pf_get(pf, svc, "smtpd_sasl_security_options"));
		pf_setting_ev(&l->auth_ev,
		    pf_get(pf, svc, "smtpd_sasl_tls_security_options"));
	}
}

/* pf_listener_scope - the smtpd service whose settings a listener uses */
const struct pf_service *
pf_listener_scope(const struct pf_conf *pf, const struct listener *l)
{
	return &pf->svcs[l->unit];
}

/* smtpd_scope - the service whose settings an inet listener's smtpd uses */
static const struct pf_service *
smtpd_scope(struct pf_conf *pf, const struct pf_service *svc)
{
	const struct pf_service *pass;

	if (strcmp(svc->command, "postscreen") == 0 &&
	    (pass = pf_service_find(pf, "smtpd", "pass")) != NULL)
		return pass;
	return svc;
}

/*
 * the settings a relay verdict's restriction plan reads besides tables and
 * class lists (relay_domains and what it derives from are judged apart,
 * by pf_destination())
 */
static const char *const relay_inputs[] = {
	"inet_protocols", "mynetworks", "mynetworks_style",
	"smtpd_client_restrictions", "smtpd_helo_restrictions",
	"smtpd_recipient_restrictions", "smtpd_relay_restrictions",
	"smtpd_restriction_classes", "smtpd_sender_restrictions",
	"tls_append_default_CA",
};

/*
 * relay_key - what a listener's relay verdict depends on: the (shared)
 * settings it reads; NULL when the service overrides a restriction class,
 * which the key does not cover
 */
static char *
relay_key(struct pf_conf *pf, const struct pf_service *svc)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < svc->nopts; i++)
		if (pf_list_has(pf, svc, "smtpd_restriction_classes",
		    svc->opts[i].name))
			return NULL;
	for (i = 0; i < ARRAY_SIZE(relay_inputs); i++)
		buf_printf(&b, "%p ", (const void *)pf_get(pf, svc,
		    relay_inputs[i]));
	return buf_detach(&b);
}

/*
 * copy_grants - give l the grants a listener with the same restriction
 * plan has, but for the relay_domains grant, which depends on its own
 * relay_domains
 */
static void
copy_grants(struct listener *l, const struct listener *from)
{
	size_t i;

	for (i = 0; i < from->ngrants; i++)
		if (from->grants[i].origin != ORIGIN_DOMAINS)
			listener_copy_grant(l, &from->grants[i]);
	grant_source_copy(&l->gate, &from->gate);
}

/*
 * relay - evaluate a listener's relay grants, or copy those of a listener
 * with the same restriction plan and judge only its relay_domains
 */
static void
relay(struct pf_conf *pf, const struct pf_service *scope, struct listener *l,
    struct strmap *done)
{
	char *key = relay_key(pf, scope);
	uintptr_t same = key ? (uintptr_t)strmap_get(done, key) : 0;
	size_t i;

	/* the memo holds 2 * (1 + listener index) + "gate-open passes" */
	if (same) {
		copy_grants(l, &pf->mc->listeners[same / 2 - 1]);
		if (same & 1)
			pf_destination(pf, scope, l);
	} else {
		bool open = pf_eval_relay(pf, scope, l);

		if (key)
			strmap_put(done, key, (void *)(uintptr_t)
			    (2 * pf->mc->nlisteners + open));
	}
	free(key);
	listener_merge_grants(l);
	/* a Postfix that refuses to start: verdicts are what it does once
	 * that line is fixed (mtaconf.wont_start says so), as for Exim */
	if (pf->startup_why != NULL)
		evlist_add(&l->bind_ev, NULL, 0, "Postfix refuses to start: %s",
		    pf->startup_why);
	/* an smtpd that refuses to start is reachable by nobody */
	for (i = 0; i < l->ngrants; i++)
		if (l->grants[i].origin == ORIGIN_NO_GATE) {
			l->reachable = false;
			evlist_add(&l->bind_ev, NULL, 0, "smtpd refuses to "
			    "start: no relay gate before any bare permit");
		}
}

/* build_listeners - one listener per inet smtpd or postscreen service */
static void
build_listeners(struct pf_conf *pf)
{
	struct strmap done = STRMAP_INIT;	/* relay key -> 1 + listener */
	size_t i;

	for (i = 0; i < pf->nsvcs; i++) {
		const struct pf_service *svc = &pf->svcs[i], *scope;
		struct listener *l;

		if (svc->dead || strcmp(svc->type, "inet") != 0 ||
		    (strcmp(svc->command, "smtpd") != 0 &&
		    strcmp(svc->command, "postscreen") != 0))
			continue;
		if (line_templated(svc->name, strlen(svc->name))) {
			finding_add(pf->eng, "PRS002", pf->mc, NULL, svc->file,
			    svc->line, "service '%s' has a placeholder for its "
			    "address or port: not audited as a listener",
			    svc->name);
			continue;
		}
		scope = smtpd_scope(pf, svc);
		l = mtaconf_add_listener(pf->mc);
		l->name = xstrdup(svc->name);
		l->file = svc->file;
		l->line = svc->line;
		l->unit = (size_t)(scope - pf->svcs);
		l->scope = SCOPE_SERVICE;
		l->scope_name = xstrdup(scope->label);
		bind_listener(pf, svc, l);
		tls_auth(pf, scope, l);
		pf_listener_facts(pf, scope, l);
		relay(pf, scope, l, &done);
	}
	strmap_free(&done, NULL);
}

/* sink_transport - the transport discards or bounces instead of delivering */
static bool
sink_transport(struct pf_conf *pf, const char *value)
{
	char name[128];
	const struct pf_service *svc;
	size_t n = strcspn(value, ":");

	if (n >= sizeof(name))
		return false;
	memcpy(name, value, n);
	name[n] = '\0';
	if (strcmp(name, "discard") == 0)
		return true;
	svc = pf_service_find(pf, name, "unix");
	return svc && strcmp(svc->command, "discard") == 0;
}

/* delivery - whether mail for remote domains is forwarded */
static void
delivery(struct pf_conf *pf)
{
	const struct setting *dt = pf_get(pf, NULL, "default_transport");
	const struct setting *tm = pf_get(pf, NULL, "transport_maps");
	struct strvec maps = STRVEC_INIT;
	const char *via = dt->value;
	size_t i, j;

	pf_split_list(tm->value, &maps);
	for (i = 0; i < maps.n; i++) {
		struct pf_table *t;

		if (!pf_table_is_spec(maps.v[i]))
			continue;
		t = pf_table_get(pf, maps.v[i], tm->file, tm->line);
		if (t->kind == TK_STATIC) {
			via = t->e[0].value;
			pf_setting_ev(&pf->mc->delivery.ev, tm);
			break;
		}
		for (j = 0; j < t->n; j++)
			if (strcmp(t->e[j].key, "*") == 0) {
				via = t->e[j].value;
				evlist_add(&pf->mc->delivery.ev, t->file,
				    t->e[j].line, "* %s", t->e[j].value);
				break;
			}
	}
	strvec_free(&maps);
	if (via == dt->value)
		pf_setting_ev(&pf->mc->delivery.ev, dt);
	pf->mc->delivery.sink = sink_transport(pf, via);
	pf->mc->delivery.how = xstrdup(via);
}

/* roles - inbound domains and smarthost use */
static void
roles(struct pf_conf *pf)
{
	static const char *const doms[] = {
		"mydestination", "relay_domains", "virtual_alias_domains",
		"virtual_mailbox_domains",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(doms); i++)
		if (*pf_value(pf, NULL, doms[i]) != '\0')
			pf->mc->inbound = true;
	pf->mc->smarthost = *pf_value(pf, NULL, "relayhost") != '\0';
}

/* expand_all - expand every definition once, so that reference loops and
 * undefined references are reported even where no check looks */
static void
expand_all(struct pf_conf *pf)
{
	size_t i, j;

	for (i = 0; i < pf->ndefs; i++)
		(void)pf_get(pf, NULL, pf->defs[i].name);
	for (i = 0; i < pf->nsvcs; i++)
		for (j = 0; j < pf->svcs[i].nopts; j++)
			(void)pf_get(pf, &pf->svcs[i], pf->svcs[i].opts[j].name);
}

/*
 * settle - mark the definitions Postfix uses: the last of a name in
 * main.cf or in a live service, which also gets its expanded value
 */
static void
settle(struct pf_conf *pf)
{
	struct mtaconf *mc = pf->mc;
	size_t i, j;

	setting_settle(mc, SCOPE_GLOBAL);
	setting_settle(mc, SCOPE_SERVICE);
	for (i = 0; i < pf->nsvcs; i++) {
		const struct pf_service *svc = &pf->svcs[i];

		if (svc->file == NULL)
			continue;
		mc->settings[svc->rec].effective = !svc->dead;
		for (j = 0; j < svc->nopts; j++) {
			struct setting *st = &mc->settings[svc->opts[j].rec];

			if (svc->dead)
				st->effective = false;
			else if (st->effective)
				setting_set_value(st, pf_value(pf, svc,
				    st->name));
		}
	}
	for (i = 0; i < pf->ndefs; i++) {
		struct setting *st = &mc->settings[pf->defs[i].rec];

		if (st->effective)
			setting_set_value(st, pf_value(pf, NULL, st->name));
	}
}

/* ops_get - the effective setting for a listener, defaults included */
static const struct setting *
ops_get(const struct mtaconf *mc, const struct listener *l, const char *name)
{
	struct pf_conf *pf = mc->priv;

	return pf_get(pf, l ? pf_listener_scope(pf, l) : NULL, name);
}

/* ops_evidence - a setting's line, or its default rule */
static void
ops_evidence(const struct mtaconf *mc, const struct setting *st,
    struct evlist *ev)
{
	pf_setting_ev(ev, st);
}

static const struct setting_ops pf_ops = {
	.get = ops_get,
	.evidence = ops_evidence,
};

/* postfix_list_has - a listener's list PARAM names ITEM */
bool
postfix_list_has(const struct mtaconf *mc, const struct listener *l,
    const char *param, const char *item)
{
	struct pf_conf *pf = mc->priv;

	if (mc->mta != MTA_POSTFIX || pf == NULL)
		return false;
	return pf_list_has(pf, l ? pf_listener_scope(pf, l) : NULL, param,
	    item);
}

/* postfix_network_cover - what a network list of main.cf covers */
enum pf_cover
postfix_network_cover(const struct mtaconf *mc, const char *param,
    struct evlist *ev)
{
	const struct pf_nets *n;

	if (mc->mta != MTA_POSTFIX || mc->priv == NULL)
		return PF_COVER_PRIVATE;
	n = pf_network_list(mc->priv, NULL, param);
	if (!n->all && !n->public)
		return PF_COVER_PRIVATE;
	evlist_append(ev, &n->ev);
	return n->all ? PF_COVER_ALL : PF_COVER_PUBLIC;
}

/* pf_free_all - destructor for mtaconf.priv */
static void
pf_free_all(void *p)
{
	struct pf_conf *pf = p;

	if (pf) {
		pf_nets_cache_free(pf);
		pf_relay_cache_free(pf);
		pf_tables_free(&pf->tables);
	}
	pf_conf_free(pf);
}

/* postfix_read - read DIR (root-relative) into the model */
struct mtaconf *
postfix_read(struct engine *e, struct model *m, const struct rootfs *root,
    const char *dir, const char *version)
{
	struct mtaconf *mc = model_add_conf(m, MTA_POSTFIX, dir);
	struct pf_conf *pf = xcalloc(1, sizeof(*pf));
	struct setting *st;
	char *path;
	size_t i;

	mc->priv = pf;
	mc->priv_free = pf_free_all;
	mc->version = xstrdup(version ? version : PF_DEFAULT_VERSION);
	pf->eng = e;
	pf->model = m;
	pf->mc = mc;
	pf->root = root;
	pf->version = xstrdup(mc->version);
	read_hostname(pf);
	path = xasprintf("%s/main.cf", dir);
	pf_read_main(pf, path);
	free(path);
	path = xasprintf("%s/master.cf", dir);
	pf_read_master(pf, path);
	free(path);
	if (pf->master_file == NULL) {
		struct strvec f = STRVEC_INIT;

		pf_split_fields(default_master, &f, NULL);
		pf->svcs = xcalloc(1, sizeof(*pf->svcs));
		pf->nsvcs = 1;
		pf->svcs[0].name = xstrdup(f.v[0]);
		pf->svcs[0].type = xstrdup(f.v[1]);
		pf->svcs[0].label = xasprintf("%s/%s", f.v[0], f.v[1]);
		pf->svcs[0].rec = mc->nsettings;
		st = mtaconf_add_setting(mc, SCOPE_SERVICE, pf->svcs[0].label,
		    pf->svcs[0].label, default_master, NULL, 0, 0);
		st->head = true;
		st->seq = 1;
		st->src = SRC_DEFAULT;
		st->rule = RULE_BUILTIN;
		for (i = 0; i < 5; i++)
			pf->svcs[0].field[i] = xstrdup(f.v[2 + i]);
		pf->svcs[0].command = xstrdup(f.v[7]);
		strvec_free(&f);
	}
	pf->ncache = pf->nsvcs + 1;
	pf->cache = xcalloc(pf->ncache, sizeof(*pf->cache));
	pf->affect = xcalloc(pf->ncache, sizeof(*pf->affect));
	/* a service without -o overrides sees exactly main.cf's values */
	for (i = 0; i < pf->nsvcs; i++)
		pf->svcs[i].scope = pf->svcs[i].nopts ? i + 1 : 0;
	expand_all(pf);
	settle(pf);
	pf_class_cycles(pf);
	mc->sops = &pf_ops;
	mc->main_file = pf->main_file;
	/* PRS004 said why: no listener and no verdict from defaults (the
	 * settings stay, for what is readable) */
	if (mc->unreadable)
		return mc;
	pf_startup(pf);
	build_listeners(pf);
	delivery(pf);
	pf_clients(pf);
	roles(pf);
	pf_mailauth(pf);
	return mc;
}
