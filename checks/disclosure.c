/* SPDX-License-Identifier: MIT */
/*
 * disclosure.c - what the SMTP dialogue tells strangers and what it
 * demands of them: the banner, VRFY/EXPN, HELO.  Each check reads the
 * listener facts of the model; a fact the MTA decides per listener is
 * reported per reachable listener, one it decides once is reported once.
 */
#include <string.h>

#include "checks/checks.h"

/* each MTA's name for itself, as its banner spells it */
static const char *const product[MTA_COUNT] = {
	[MTA_POSTFIX] = "Postfix",
	[MTA_EXIM] = "Exim",
	[MTA_SENDMAIL] = "Sendmail",
};

static const struct fact_fix banner_fix[] = {
	{ MTA_POSTFIX, NULL, FIXARG_SETTING, "smtpd_banner = $myhostname ESMTP" },
	{ MTA_EXIM, NULL, FIXARG_SETTING,
	    "smtp_banner = $smtp_active_hostname ESMTP" },
	{ MTA_SENDMAIL, NULL, FIXARG_SETTING,
	    "define(`confSMTP_LOGIN_MSG', `$j ESMTP')dnl" },
};

static const struct fact_fix vrfy_fix[] = {
	{ MTA_POSTFIX, NULL, FIXARG_SETTING, "disable_vrfy_command = yes" },
	{ MTA_EXIM, NULL, FIXARG_SETTING,
	    "remove %s (unset, Exim refuses the command)" },
	{ MTA_SENDMAIL, NULL, FIXARG_SETTING, "define(`confPRIVACY_FLAGS', "
	    "`goaway,restrictmailq,restrictqrun,restrictexpand')dnl" },
};

static const struct fact_fix helo_fix[] = {
	{ MTA_POSTFIX, NULL, FIXARG_SETTING, "smtpd_helo_required = yes" },
	{ MTA_SENDMAIL, NULL, FIXARG_VALUE,
	    "define(`confPRIVACY_FLAGS', `%s,needmailhelo')dnl" },
};

/* chk_banner - the greeting shows the MTA's version */
void
chk_banner(struct engine *e, struct mtaconf *c)
{
	bool done = false;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct fact *ft = &l->facts.banner;
		struct finding *f;

		if (!fact_visit(l, ft, &done) || !ft->on)
			continue;
		done = true;
		if (ft->per_listener)
			f = fact_finding(e, "DSC001", c, l, ft, "the banner of "
			    "%s shows the %s version", l->label,
			    product[c->mta]);
		else
			f = fact_finding(e, "DSC001", c, l, ft, "the banner "
			    "shows the %s version", product[c->mta]);
		fact_fix(f, banner_fix, ARRAY_SIZE(banner_fix), ft, NULL);
	}
}

/* vrfy_one - DSC002 for VRFY, EXPN, or both when one setting decides both */
static void
vrfy_one(struct engine *e, struct mtaconf *c, struct listener *l,
    const struct fact *ft, const char *what)
{
	struct finding *f;

	if (ft->per_listener)
		f = fact_finding(e, "DSC002", c, l, ft, "%s answer%s strangers "
		    "on %s", what, strchr(what, ' ') ? "" : "s", l->label);
	else
		f = fact_finding(e, "DSC002", c, l, ft, "%s answer%s strangers",
		    what, strchr(what, ' ') ? "" : "s");
	fact_fix(f, vrfy_fix, ARRAY_SIZE(vrfy_fix), ft, NULL);
}

/* same_setting - two facts come from the same setting */
static bool
same_setting(const struct fact *a, const struct fact *b)
{
	return a->setting && b->setting && strcmp(a->setting, b->setting) == 0 &&
	    a->file == b->file && a->line == b->line;
}

/* chk_vrfy - VRFY or EXPN answers strangers */
void
chk_vrfy(struct engine *e, struct mtaconf *c)
{
	bool vdone = false, xdone = false;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct fact *v = &l->facts.vrfy, *x = &l->facts.expn;
		bool vr = fact_visit(l, v, &vdone) && v->on;
		bool ex = fact_visit(l, x, &xdone) && x->on;

		if (vr && ex && same_setting(v, x) &&
		    v->per_listener == x->per_listener) {
			vrfy_one(e, c, l, v, "VRFY and EXPN");
			vdone = xdone = true;
			continue;
		}
		if (vr) {
			vrfy_one(e, c, l, v, "VRFY");
			vdone = true;
		}
		if (ex) {
			vrfy_one(e, c, l, x, "EXPN");
			xdone = true;
		}
	}
}

/* chk_helo - the MX accepts mail without HELO/EHLO */
void
chk_helo(struct engine *e, struct mtaconf *c)
{
	bool done = false;
	size_t i;

	for (i = 0; i < c->nlisteners; i++) {
		struct listener *l = &c->listeners[i];
		const struct fact *ft = &l->facts.helo;
		struct finding *f;

		if (!fact_visit(l, ft, &done) || ft->on || l->role != ROLE_MX)
			continue;
		done = true;
		if (ft->per_listener)
			f = fact_finding(e, "DSC003", c, l, ft, "%s accepts mail "
			    "without HELO/EHLO", l->label);
		else
			f = fact_finding(e, "DSC003", c, l, ft, "the MX accepts "
			    "mail without HELO/EHLO");
		fact_fix(f, helo_fix, ARRAY_SIZE(helo_fix), ft, NULL);
	}
}
