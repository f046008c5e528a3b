#!/usr/bin/env python3
# ehlo.py - the AUTH and TLS part every relay part of the oracle shares:
# what a real server's EHLO advertises (before STARTTLS, after it, and on
# an implicit-TLS connection) held against mtaaudit's listener fields, as
# grantdump and pfdump -g print them ("fields" lines of grants.c).
#
# A part collects, for each listener, an observation:
#   {"plain":    None, or {"ehlo": TEXT, "mail": (CODE, TEXT) or None}
#                (a plaintext greeting came; the EHLO reply as a stranger;
#                the reply to MAIL FROM before any STARTTLS),
#    "starttls": None (not asked), or {"ok": BOOL, "ehlo": TEXT,
#                "error": TEXT} (the EHLO reply after STARTTLS),
#    "implicit": None (not asked), or {"ok": BOOL, "ehlo": TEXT,
#                "error": TEXT} (TLS from the first byte, then EHLO),
#    "limits":   [TEXT] what this way of asking cannot ask,
#    "no_starttls": True where STARTTLS is never offered this way}
# and compare() turns it into rows.  The server's side is read as:
#   tls       implicit: no plaintext greeting, a TLS handshake and a
#             greeting on connect; required: STARTTLS advertised and MAIL
#             before it refused (530, or a reply that names STARTTLS/TLS);
#             optional: STARTTLS advertised; none: neither;
#   auth      AUTH advertised on any connection (after TLS, on the
#             implicit one, or in plaintext);
#   cleartext a password mechanism (PLAIN, LOGIN) advertised before TLS:
#             mtaaudit's auth and not auth_tls_only (AUT001);
#   anonymous ANONYMOUS advertised anywhere: mtaaudit's auth_anonymous.
# What a part cannot ask (STARTTLS under exim -bh) is an exception row,
# never an agreement.
import re

PASSWORD_MECHS = ("PLAIN", "LOGIN")


def fields(dump_text):
    """fields - {label: {name: value}} from the "fields" lines of
    grantdump or pfdump -g"""
    out = {}
    for line in dump_text.splitlines():
        f = line.split("\t")
        if f[0] == "fields" and len(f) > 2:
            out[f[1]] = dict(x.split("=", 1) for x in f[2:] if "=" in x)
    return out


def advertised(text):
    """advertised - (STARTTLS offered, [AUTH mechanisms] or None) from an
    EHLO reply (its lines joined by " / " or newlines, codes removed)"""
    if text is None:
        return False, None
    starttls, mechs = False, None
    for line in re.split(r" / |\n", text):
        w = line.strip().split()
        if not w:
            continue
        k = w[0].upper()
        if k == "STARTTLS":
            starttls = True
        elif k == "AUTH" or k.startswith("AUTH="):
            rest = w[1:] if k == "AUTH" else [k[5:]] + w[1:]
            mechs = sorted(set((mechs or []) + [m.upper() for m in rest
                if m]))
    return starttls, mechs


def refused_for_tls(mail):
    """refused_for_tls - the reply to MAIL before STARTTLS says TLS first"""
    if mail is None:
        return False
    code, text = mail
    return code is not None and code // 100 in (4, 5) and (code == 530 or
        re.search(r"starttls|\btls\b|encrypt", text, re.I) is not None)


def server_view(obs):
    """server_view - the server's tls mode, AUTH mechanisms (all, and
    before TLS) and a short text of what was seen"""
    plain, st, imp = obs.get("plain"), obs.get("starttls"), \
        obs.get("implicit")
    pre_tls, pre_mechs = advertised(plain["ehlo"] if plain else None)
    seen = []
    if plain is None and imp and imp["ok"]:
        mode = "implicit"
    elif pre_tls:
        mode = "required" if refused_for_tls(plain.get("mail")) else \
            "optional"
    else:
        mode = "none"
    allm = set(pre_mechs or [])
    if plain:
        seen.append("EHLO: %s%s" % ("STARTTLS " if pre_tls else "",
            "AUTH " + " ".join(pre_mechs) if pre_mechs else "no AUTH"))
        m = plain.get("mail")
        if m and mode == "required":
            seen.append("MAIL before TLS: %d %s" % (m[0], m[1][:60]))
    for name, o in (("after STARTTLS", st), ("implicit TLS", imp)):
        if not o:
            continue
        if not o["ok"]:
            if o is st or mode == "implicit" or plain is None:
                seen.append("%s: failed (%s)" % (name,
                    str(o.get("error", ""))[:60]))
            else:
                seen.append("no TLS on connect")
            continue
        t, mechs = advertised(o["ehlo"])
        allm |= set(mechs or [])
        seen.append("%s EHLO: %s" % (name, "AUTH " + " ".join(mechs)
            if mechs else "no AUTH"))
    return {"tls": mode, "auth": sorted(allm), "pre": pre_mechs or [],
        "seen": "; ".join(seen)}


def compare(label, mine, obs):
    """compare - [(ok, row)] for one listener: ok True (agree), False
    (disagree) or None (an exception: cannot be asked this way).  MINE is
    the listener's fields line; OBS the observation (see above)."""
    rows = []
    v = server_view(obs)
    limits = obs.get("limits", [])
    st_asked = obs.get("starttls") is not None or \
        not any("STARTTLS" in x for x in limits)
    yes = lambda n: mine.get(n) == "yes"

    def row(ok, aspect, want, got):
        rows.append((ok, "%s | %s | mtaaudit: %s | server: %s | %s" % (
            label, aspect, want, got, v["seen"] or "nothing seen")))

    plain, imp = obs.get("plain"), obs.get("implicit")
    want = mine.get("tls", "?")
    if plain is None and not (imp and imp["ok"]):
        # no session at all: an implicit-TLS port this way of asking has
        # no TLS for, or a server that does not greet
        if imp is None:
            row(None, "tls mode, AUTH", want, "no plaintext greeting, and "
                "TLS on connect cannot be asked here (%s)" %
                "; ".join(limits))
        else:
            row(False, "greeting", "a %s listener" % want, "no greeting "
                "in plaintext or over TLS (%s; %s)" % (obs.get(
                "plain_error", "?"), str(imp.get("error", "?"))[:80]))
        return rows
    # after STARTTLS: not asked where this way of asking has no TLS;
    # where it never even shows STARTTLS (sendmail -bs), the EHLO cannot
    # tell the TLS mode either
    blind = obs.get("no_starttls", False)
    after_unknown = (v["tls"] in ("optional", "required") or blind and
        want in ("optional", "required")) and not st_asked
    unasked = []
    # TLS mode
    if blind and v["tls"] == "none":
        unasked.append("tls mode (mtaaudit: %s)" % want)
    else:
        row(v["tls"] == want, "tls mode", want, v["tls"])
    # the certificate: a TLS handshake works (the oracle puts a
    # throw-away certificate where a fixture names a file it lacks)
    hand = obs.get("starttls") if v["tls"] in ("optional", "required") \
        else imp if v["tls"] == "implicit" else None
    if hand is not None:
        row(hand["ok"] == yes("tls_cert"), "certificate",
            mine.get("tls_cert"), "TLS handshake %s" % ("works" if
            hand["ok"] else "fails"))
    # AUTH offered at all (after TLS where TLS comes first)
    got = bool(v["auth"])
    if not got and hand is not None and not hand["ok"] and \
        yes("auth_tls_only") and not yes("tls_cert"):
        row(True, "AUTH offered", "%s, only after TLS, and TLS fails "
            "without a certificate" % mine.get("auth"), "no AUTH before "
            "TLS; TLS fails")
    elif not got and after_unknown:
        unasked.append("AUTH offered (mtaaudit: %s)" % mine.get("auth"))
    else:
        row(got == yes("auth"), "AUTH offered", mine.get("auth"),
            "yes: " + " ".join(v["auth"]) if got else "no")
    # a password mechanism before TLS (AUT001)
    want_clear = yes("auth") and not yes("auth_tls_only") and \
        want != "implicit"
    got_clear = [m for m in v["pre"] if m in PASSWORD_MECHS]
    row(bool(got_clear) == want_clear, "PLAIN/LOGIN before TLS",
        "yes" if want_clear else "no", "yes: " + " ".join(got_clear)
        if got_clear else "no")
    # an anonymous mechanism anywhere
    anon = "ANONYMOUS" in v["auth"]
    if not anon and after_unknown:
        unasked.append("ANONYMOUS offered (mtaaudit: %s)" %
            mine.get("auth_anonymous"))
    else:
        row(anon == yes("auth_anonymous"), "ANONYMOUS offered",
            mine.get("auth_anonymous"), "yes" if anon else "no")
    if unasked:
        row(None, "after STARTTLS", ", ".join(unasked), "not before TLS; "
            "after it cannot be asked here (%s)" % "; ".join(limits))
    return rows
