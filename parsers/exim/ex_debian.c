/* SPDX-License-Identifier: MIT */
/*
 * ex_debian.c - what Debian's update-exim4.conf builds, done statically:
 * the dc_* answers of update-exim4.conf.conf become macros exactly as
 * the script writes them (lower-cased, sanitised, ";" lists turned into
 * "<;" lists, MAIN_RELAY_NETS with the loopback addresses appended),
 * inserted after each UPEX4CmacrosUPEX4C line of the concatenation of
 * exim4.conf.localmacros + exim4.conf.template, or of the split conf.d
 * tree (sections in the script's order, names of [[:alnum:]_-] only, a
 * ".rul" file replacing its namesake).  No shell runs.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/exim/ex_int.h"
#include "parsers/common/source.h"

#define UE4CC		"update-exim4.conf.conf"
#define DEB_VERSION	"4.96-15+deb12u10"

static const char *const sections[] = {
	"main", "acl", "router", "transport", "retry", "rewrite", "auth",
};

/* answers whose ';' lists become '<;' lists */
static const char *const semicolon[] = {
	"dc_local_interfaces", "dc_relay_domains", "dc_relay_nets",
};

/* one "name=value" of update-exim4.conf.conf */
struct answer {
	char	*name;
	char	*value;
	int	 line;
};

struct answers {
	struct answer	*v;
	size_t		 n;
};

/* sanitise - lower-case and sanitise as lowercase | check_ascii_pipe */
static char *
sanitise(const char *s, bool lower)
{
	static const char ok[] = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz/.!*@_~:;< []";
	struct buf b = BUF_INIT;
	bool space = false;

	/* unquoted $var in the script: runs of white space become one */
	for (; *s; s++) {
		int c = (unsigned char)*s;

		if (isspace(c)) {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = false;
		if (lower)
			c = tolower(c);
		buf_addc(&b, strchr(ok, c) && c ? c : '_');
	}
	return buf_detach(&b);
}

/* unquote - a shell word: 'x', "x" or bare, up to a comment */
static char *
unquote(const char *s)
{
	struct buf b = BUF_INIT;
	char q = 0;

	for (; *s; s++) {
		if (q) {
			if (*s == q)
				q = 0;
			else
				buf_addc(&b, *s);
		} else if (*s == '\'' || *s == '"')
			q = *s;
		else if (*s == '#' || isspace((unsigned char)*s))
			break;
		else
			buf_addc(&b, *s);
	}
	buf_addc(&b, '\0');
	b.len--;
	return buf_detach(&b);
}

/* read_answers - the name=value lines of update-exim4.conf.conf */
static bool
read_answers(struct ex_conf *x, const char *path, struct answers *a)
{
	struct source src;
	struct lineiter it;
	struct line ln;

	if (!source_read(x->eng, x->mc, x->root, path, NULL, 0, false, &src))
		return false;
	x->deb_file = src.file;
	lineiter_init(&it, &src);
	while (lineiter_next(&it, &ln)) {
		char *l = xstrndup(ln.s, ln.len), *t = str_trim(l), *eq;

		eq = strchr(t, '=');
		if (*t != '#' && eq && eq > t) {
			*eq = '\0';
			a->v = xreallocarray(a->v, a->n + 1, sizeof(*a->v));
			a->v[a->n].name = xstrdup(str_trim(t));
			a->v[a->n].value = unquote(eq + 1);
			a->v[a->n].line = ln.no;
			a->n++;
		}
		free(l);
	}
	source_free(&src);
	return true;
}

/* answer - the last answer NAME, or NULL */
static struct answer *
answer(struct answers *a, const char *name)
{
	size_t i;

	for (i = a->n; i-- > 0;)
		if (strcmp(a->v[i].name, name) == 0)
			return &a->v[i];
	return NULL;
}

/* value - an answer's text, or "" */
static const char *
value(struct answers *a, const char *name)
{
	struct answer *w = answer(a, name);

	return w ? w->value : "";
}

/* seed - one macro as update-exim4.conf's preprocess_macro writes it */
static void
seed(struct ex_conf *x, const char *name, const char *val, int line)
{
	char *v = sanitise(val, true);

	buf_printf(&x->deb_block, ".ifndef %s\n%s=%s\n.endif\n", name, name, v);
	if (line > 0)
		strmap_put(&x->deb_lines, name, (void *)(uintptr_t)(line + 1));
	free(v);
}

/* answer_line - the line of answer NAME, or 0 */
static int
answer_line(struct answers *a, const char *name)
{
	struct answer *w = answer(a, name);

	return w ? w->line : 0;
}

/* mailname - the first word of etc/mailname, as the script reads it */
static char *
mailname(struct ex_conf *x)
{
	struct source src;
	size_t n = 0;
	char *s;

	if (!source_read(x->eng, x->mc, x->root, "etc/mailname", NULL, 0,
	    false, &src))
		return xstrdup("");
	while (n < src.len && (isalnum((unsigned char)src.data[n]) ||
	    strchr("-@.", src.data[n])))
		n++;
	s = xstrndup(src.data, n);
	source_free(&src);
	return s;
}

/* build_block - the macro block update-exim4.conf inserts */
static void
build_block(struct ex_conf *x, struct answers *a, const char *type)
{
	char *other, *tmp, *p;
	const char *nets;
	size_t i;

	/* ";" lists become "<;" lists */
	for (i = 0; i < ARRAY_SIZE(semicolon); i++) {
		struct answer *w = answer(a, semicolon[i]);

		if (w && strchr(w->value, ';') && w->value[0] != '<') {
			tmp = xasprintf("<; %s", w->value);
			free(w->value);
			w->value = tmp;
		}
	}
	if (*value(a, "dc_local_interfaces"))
		seed(x, "MAIN_LOCAL_INTERFACES", value(a, "dc_local_interfaces"),
		    answer_line(a, "dc_local_interfaces"));
	if (strcmp(value(a, "dc_minimaldns"), "true") == 0)
		seed(x, "DC_minimaldns", "1", answer_line(a, "dc_minimaldns"));
	if ((strcmp(type, "satellite") == 0 || strcmp(type, "smarthost") == 0) &&
	    strcmp(value(a, "dc_hide_mailname"), "true") == 0 &&
	    *value(a, "dc_readhost"))
		seed(x, "HIDE_MAILNAME", "1", answer_line(a, "dc_hide_mailname"));
	seed(x, "MAIN_PACKAGE_VERSION", DEB_VERSION, 0);
	/* @:localhost:other, trailing separators gone, ';' -> ':' */
	other = sanitise(value(a, "dc_other_hostnames"), true);
	tmp = xasprintf("@:localhost:%s", other);
	for (p = tmp + strlen(tmp); p > tmp && strchr(";: ", p[-1]); p--)
		p[-1] = '\0';
	if ((p = strchr(tmp, ' ')) != NULL)
		memmove(p, p + 1, strlen(p));
	for (p = tmp; *p; p++)
		if (*p == ';')
			*p = ':';
	seed(x, "MAIN_LOCAL_DOMAINS", tmp, answer_line(a, "dc_other_hostnames"));
	free(tmp);
	free(other);
	seed(x, "MAIN_RELAY_TO_DOMAINS", value(a, "dc_relay_domains"),
	    answer_line(a, "dc_relay_domains"));
	tmp = mailname(x);
	seed(x, "ETC_MAILNAME", tmp, 0);
	free(tmp);
	seed(x, "LOCAL_DELIVERY", *value(a, "dc_localdelivery") ?
	    value(a, "dc_localdelivery") : "mail_spool",
	    answer_line(a, "dc_localdelivery"));
	nets = value(a, "dc_relay_nets");
	tmp = str_starts(nets, "<;") ? xasprintf("%s ; 127.0.0.1 ; ::1", nets) :
	    xasprintf("%s : 127.0.0.1 : ::::1", nets);
	seed(x, "MAIN_RELAY_NETS", tmp, answer_line(a, "dc_relay_nets"));
	free(tmp);
	seed(x, "DCreadhost", value(a, "dc_readhost"),
	    answer_line(a, "dc_readhost"));
	tmp = sanitise(value(a, "dc_smarthost"), true);
	for (p = tmp; *p; p++)
		if (*p == ';')
			*p = ':';
	seed(x, "DCsmarthost", tmp, answer_line(a, "dc_smarthost"));
	free(tmp);
	seed(x, "DC_eximconfig_configtype", type,
	    answer_line(a, "dc_eximconfig_configtype"));
	tmp = xasprintf("DCconfig_%s", type);
	seed(x, tmp, "1", answer_line(a, "dc_eximconfig_configtype"));
	free(tmp);
	/* undocumented: upper-case lines of ue4cc become macros too */
	for (i = 0; i < a->n; i++)
		if (isupper((unsigned char)a->v[i].name[0]) &&
		    strcmp(a->v[i].name, "CFILEMODE") != 0)
			seed(x, a->v[i].name, a->v[i].value, a->v[i].line);
}

/* valid_part - a conf.d name run-parts takes: [[:alnum:]_-]+ */
static bool
valid_part(const char *n)
{
	if (*n == '\0')
		return false;
	for (; *n; n++)
		if (!isalnum((unsigned char)*n) && *n != '_' && *n != '-')
			return false;
	return true;
}

/* feed_split - the conf.d parts in update-exim4.conf's order */
static void
feed_split(struct ex_conf *x, const char *dir)
{
	size_t i, j, n;

	for (i = 0; i < ARRAY_SIZE(sections); i++) {
		char *sub = xasprintf("%s/conf.d/%s", dir, sections[i]);
		char **names = NULL;

		if (rootfs_list(x->root, sub, &names, &n) == RF_OK) {
			for (j = 0; j < n; j++) {
				char *p = xasprintf("%s/%s.rul", sub, names[j]);

				if (valid_part(names[j]) && !rootfs_exists(x->root, p)) {
					free(p);
					p = xasprintf("%s/%s", sub, names[j]);
				}
				if (valid_part(names[j]) && rootfs_exists(x->root, p))
					ex_pp_file(x, p, NULL, 0, 0, false);
				free(p);
			}
			for (j = 0; j < n; j++)
				free(names[j]);
			free(names);
		}
		free(sub);
	}
}

/* ex_debian - read DIR (etc/exim4) as update-exim4.conf would build it;
 * false when DIR holds no Debian layout */
bool
ex_debian(struct ex_conf *x, const char *dir)
{
	struct answers a = { NULL, 0 };
	char *ue4cc = xasprintf("%s/%s", dir, UE4CC);
	char *tmpl = xasprintf("%s/exim4.conf.template", dir);
	char *local = xasprintf("%s/exim4.conf.localmacros", dir);
	char *confd = xasprintf("%s/conf.d", dir);
	char **names = NULL;
	const char *type, *split;
	size_t n = 0, i;
	bool have_split, ok = true;

	read_answers(x, ue4cc, &a);
	have_split = rootfs_list(x->root, confd, &names, &n) == RF_OK && n > 0;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	type = value(&a, "dc_eximconfig_configtype");
	x->debian_type = sanitise(type, true);
	split = value(&a, "dc_use_split_config");
	if (*split && !str_eq_nocase(split, "true") &&
	    !str_eq_nocase(split, "false")) {
		finding_add(x->eng, "PRS001", x->mc, NULL, x->deb_file,
		    answer_line(&a, "dc_use_split_config"), "invalid value "
		    "for dc_use_split_config: \"%s\"; update-exim4.conf stops",
		    split);
		ok = false;
	}
	if (strcmp(x->debian_type, "internet") == 0 ||
	    strcmp(x->debian_type, "smarthost") == 0 ||
	    strcmp(x->debian_type, "satellite") == 0 ||
	    strcmp(x->debian_type, "local") == 0)
		build_block(x, &a, x->debian_type);
	if (!ok)
		;
	else if (str_eq_nocase(split, "true")) {
		if (!have_split)
			finding_add(x->eng, "PRS004", x->mc, NULL, x->deb_file,
			    answer_line(&a, "dc_use_split_config"), "the split "
			    "configuration is selected but %s is missing or "
			    "empty", confd);
		feed_split(x, dir);
	}
	else if (rootfs_exists(x->root, tmpl)) {
		ex_pp_file(x, local, NULL, 0, 0, false);
		ex_pp_file(x, tmpl, NULL, 0, 0, true);
	} else {
		finding_add(x->eng, "PRS004", x->mc, NULL, x->deb_file,
		    answer_line(&a, "dc_use_split_config"), "%s selects the "
		    "non-split configuration but %s is missing: "
		    "update-exim4.conf stops", UE4CC, tmpl);
		ok = false;
	}
	for (i = 0; i < a.n; i++) {
		free(a.v[i].name);
		free(a.v[i].value);
	}
	free(a.v);
	free(ue4cc);
	free(tmpl);
	free(local);
	free(confd);
	return ok;
}

/* ex_default_ports - SMTPLISTENEROPTIONS' -oX in etc/default/exim4 */
void
ex_default_ports(struct ex_conf *x)
{
	struct source src;
	struct lineiter it;
	struct line ln;

	if (!source_read(x->eng, x->mc, x->root, "etc/default/exim4", NULL, 0,
	    false, &src))
		return;
	lineiter_init(&it, &src);
	while (lineiter_next(&it, &ln)) {
		char *l = xstrndup(ln.s, ln.len), *t = str_trim(l), *o, *v;
		struct ex_line *el;

		if (!str_starts(t, "SMTPLISTENEROPTIONS=") ||
		    (o = strstr(t, "-oX")) == NULL) {
			free(l);
			continue;
		}
		o += 3;
		while (isspace((unsigned char)*o))
			o++;
		v = unquote(o);
		strvec_free(&x->ports);
		strvec_push(&x->ports, v);
		x->extra = xreallocarray(x->extra, x->nextra + 1,
		    sizeof(*x->extra));
		el = &x->extra[x->nextra++];
		memset(el, 0, sizeof(*el));
		el->s = xstrdup(t);
		el->file = src.file;
		el->line = ln.no;
		free(v);
		free(l);
	}
	if (x->ports.n)
		x->ports_src = &x->extra[x->nextra - 1];
	source_free(&src);
}
