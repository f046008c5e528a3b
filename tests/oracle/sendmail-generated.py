#!/usr/bin/env python3
# sendmail-generated.py - the generated-configuration part of the
# Sendmail oracle: N configurations of tests/oracle/smgen.py (seed SEED),
# each built into a .cf with m4 and asked by Debian's sendmail, through
# "sendmail -bt", which clients relay which recipients; every answer is
# held against mtaaudit's grants for the same configuration (grantdump).
# tests/oracle/sendmail-generated.sh runs it:
#
#   sendmail-generated.py --smroot D --mtaaudit M --grantdump G --work W
#       [--seed S] [--n N] [--only I,J] [--bs K] [--ns mount|uts|none]
#
# For each configuration:
#   1. smgen.py writes its root (W/cNNNNN/src/root); sendmail.py's guard()
#      reads the .mc as text first, and build() copies the root, runs m4,
#      points the .cf's paths into the copy and builds the access map with
#      makemap (the .mc comes from the generator, trusted by construction;
#      the guard stays);
#   2. grantdump on the root: each listener, each grant with its flags,
#      evidence and yes/no for every probe address;
#   3. one "sendmail -bt" session asks, for every listener (the .cf's
#      DaemonPortOptions, matched to mtaaudit's by Name= then port) and
#      every client, sender and recipient of the probes, what a daemon
#      would: check_relay (the connection), check_mail (the sender),
#      check_rcpt (the recipient).  A "$# error" from any of them is
#      refuse, "$# discard" is refuse too (nothing leaves), anything else
#      accept; an M=a listener refuses every unauthenticated client
#      before MAIL (srvrsmtp), applied here.  The envelope sender is the
#      client's to choose, so a client relays a recipient when it does
#      with one of the senders asked, on both sides;
#   4. every K-th configuration (--bs) is asked a sample of the same
#      questions again through "sendmail -bs" SMTP dialogues (the server's
#      own parsing and checks); a different answer is a disagreement of
#      the oracle with itself (a "FAIL ... -bs" line);
#   5. each disagreement is printed with seed, index, listener, client,
#      sender, recipient, both answers, and the full configuration
#      (smgen.py's show) so that "SEED=S N=N ONLY=I" replays it.
# The last line is "P F E": agreements, disagreements, exceptions.
import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sendmail as sm       # noqa: E402  (the fixture oracle's machinery)
import smgen                # noqa: E402

DOMAINS = ["remote.example", "example.net", "client.example.net",
    "partner.example", "example.org", "example.com", "localdom.example",
    "mail.example.com", "sub.example.org", "sub.partner.example"]


def grantdump(args, root, addrs):
    """grantdump - mtaaudit's listeners: [{label, service, reachable,
    port, grants: [{kind, what, yes: set of addresses, strangers,
    partial, uncertain, ev: [text]}]}]"""
    plain = [a[5:] if a.startswith("IPv6:") else a for a in addrs]
    back = dict(zip(plain, addrs))
    rc, out, err = sm.run([args.grantdump, root] + plain, timeout=60)
    if rc != 0:
        raise RuntimeError("grantdump: status %s: %s" % (rc, err.strip()))
    ls, cur = [], None
    for line in out.splitlines():
        f = line.split("\t")
        if f[0] == "listener":
            ls.append({"label": f[1], "service": f[2],
                "reachable": f[3] == "yes", "port": int(f[4]), "grants": []})
        elif f[0] == "grant":
            cur = {"kind": f[2], "what": f[3], "yes": {back[x.split("=")[0]]
                for x in f[4:-1] if x.endswith("=yes")}, "ev": []}
            ls[-1]["grants"].append(cur)
        elif f[0] == "flags":
            for x in f[2:]:
                k, v = x.split("=")
                cur[k] = v == "yes"
        elif f[0] == "ev":
            cur["ev"].append("\t".join(f[2:]))
    return ls


def entry_of(what):
    """entry_of - the domain a destination grant names, or None"""
    m = re.search(r"entry '([^']+)'", what)
    return m.group(1).lstrip(".").lower() if m else None


def predict(l, c):
    """predict - does mtaaudit say client C relays its recipient through
    listener L?  (True or False, why)"""
    for g in l["grants"]:
        if g["kind"] in ("networks", "anyone") and c["addr"] in g["yes"]:
            return True, "%s grant holds %s: %s" % (g["kind"], c["addr"],
                g["what"])
        if g.get("uncertain"):
            continue
        if g["kind"] == "anyone" and g["strangers"] and not g["partial"]:
            return True, "anyone grant: " + g["what"]
        if g["kind"] == "forgeable" and g["strangers"] and c.get("forged"):
            k = c["forged"]
            if "relay_local_from" in g["what"] and k in ("local host",
                "local domain"):
                return True, "forgeable grant: " + g["what"]
            if "relay_mail_from" in g["what"] and any(e == "From:%s RELAY"
                % k[len("forged "):] for e in g["ev"]):
                return True, "forgeable grant: " + g["what"]
        if g["kind"] == "destination" and g["strangers"]:
            d = entry_of(g["what"])
            r = c["rcpt"].rsplit("@", 1)[-1].lower()
            plain = not re.search(r'[%!"]', c["rcpt"])
            if not g["partial"] or (d and plain and (r == d or
                r.endswith("." + d))):
                return True, "destination grant: " + g["what"]
        if g["kind"] == "authenticated" and c.get("auth"):
            return True, "authenticated grant: " + g["what"]
    return False, "no grant admits this client"


def questions(cfg, d, mech):
    """questions - every (client, sender, recipient) to ask listener D:
    each probe address with the plain sender and every recipient; the
    stranger with each forged sender (remote recipient); the stranger
    authenticated with MECH (not on M=A)"""
    p = cfg["probes"]
    qs = []
    for a in p["addrs"]:
        for qn, r in p["rcpts"]:
            qs.append({"addr": a, "sender": smgen.SENDER, "qname": qn,
                "rcpt": r})
    for who, s in p["senders"][1:]:
        for qn, r in p["rcpts"][:2]:
            qs.append({"addr": smgen.STRANGER, "sender": s, "forged": who,
                "qname": qn, "rcpt": r})
    if "A" not in d["flags"]:
        qs.append({"addr": smgen.STRANGER, "sender": smgen.SENDER,
            "auth": mech, "qname": "remote", "rcpt": smgen.VICTIM})
    return qs


def macros(q, d):
    """macros - the connection macros a daemon sets for question Q on
    listener D (no PTR for the test addresses; 127.0.0.1 is localhost)"""
    a = q["addr"]
    loop = a in ("127.0.0.1", "IPv6:0:0:0:0:0:0:0:1")
    return [("client_addr", a),
        ("client_name", "localhost" if loop else "[%s]" % a),
        ("client_resolve", "OK" if loop else "FAIL"),
        ("client_port", "40000"), ("daemon_name", d["name"]),
        ("daemon_flags", d["flags"]), ("daemon_port", str(d["port"]))]


def verdict(v):
    """verdict - accept or refuse for a ruleset's result"""
    v = v.strip()
    if re.match(r"^\$#\s*(error|discard)\b", v):
        return "refuse"
    return "accept"


def ask_bt(s, items):
    """ask_bt - ITEMS [(daemon, question)] in one -bt session: for each,
    check_relay, check_mail and check_rcpt with its macros; a list of
    (accept|refuse|error, text)"""
    lines = []
    for i, (d, q) in enumerate(items):
        lines += [".D{%s}%s" % kv for kv in macros(q, d)]
        name = dict(macros(q, d))["client_name"]
        lines += [".D{auth_type}%s" % (q.get("auth") or ""),
            ".D{auth_authen}%s" % ("user" if q.get("auth") else ""),
            ".D{addr_type}e r", ".Df%s" % q["sender"],
            ".D{mail_from}<%s>" % q["sender"], ".Ds" + smgen.HELO,
            ".D{oracleq}ORACLEQ%d" % i, "${oracleq}",
            "check_relay %s $| %s" % (name, q["addr"]),
            "check_mail <%s>" % q["sender"],
            "check_rcpt <%s>" % q["rcpt"]]
    lines += [".D{oracleq}ORACLEQEND", "${oracleq}"]
    rc, out, err = sm.run(s.argv("-bt", []), cwd=os.path.dirname(s.cf),
        stdin=("\n".join(lines) + "\n").encode(), timeout=120)
    if rc is None:
        return [("error", "sendmail -bt " + err)] * len(items)
    got = {}
    chunks = re.split(r"ORACLEQ(\d+|END)\n", out)
    for i in range(1, len(chunks) - 1, 2):
        if chunks[i] != "END":
            got[int(chunks[i])] = chunks[i + 1]
    res = []
    for i in range(len(items)):
        r = dict(re.findall(r"(?m)^(check_\w+)\s+returns: (.*)$",
            got.get(i, "")))
        if len(r) != 3:
            res.append(("error", "no result: " + (got.get(i, "") +
                err).strip()[-200:]))
            continue
        for rs in ("check_relay", "check_mail", "check_rcpt"):
            if verdict(r[rs]) == "refuse":
                res.append(("refuse", "%s: %s" % (rs, r[rs].strip())))
                break
        else:
            res.append(("accept", "check_rcpt: " + r["check_rcpt"].strip()))
    return res


def match_listeners(mine, ds):
    """match_listeners - pairs (mtaaudit listener or None, daemon or
    None): by Name=, then by port"""
    pairs, seen = [], set()
    byname = {d["name"]: d for d in ds}
    for l in mine:
        d = byname.get(l["service"])
        if d is None or d["name"] in seen:
            d = next((x for x in ds if x["port"] == l["port"] and
                x["name"] not in seen), None)
        if d is not None:
            seen.add(d["name"])
        pairs.append((l, d))
    pairs += [(None, d) for d in ds if d["name"] not in seen]
    return pairs


def one(args, i):
    """one - build, ask and compare configuration I; (P, F, E, text)"""
    cfg = smgen.generate(args.seed, i)
    tag = "seed=%s index=%d" % (args.seed, i)
    base = os.path.join(args.work, "c%05d" % i)
    smgen.write(cfg, os.path.join(base, "src"))
    src = os.path.join(base, "src", "root")
    out, bad = [], []
    p = f = e = 0
    changes = []
    cfpath, host, why = sm.build(args, "c%05d" % i, src, base, args.cf_dir,
        changes)
    if cfpath is None:
        out.append("FAIL sendmail-generated %s: the generated .mc is not "
            "built: %s" % (tag, why))
        out.append(smgen.show(cfg))
        return 0, 1, 0, out
    if any("failed" in c for c in changes):
        out.append("FAIL sendmail-generated %s: %s" % (tag, "; ".join(c for
            c in changes if "failed" in c)))
        return 0, 1, 0, out
    cf = open(cfpath, encoding="latin-1").read()
    ds = sm.daemons(cf)
    mine = grantdump(args, src, cfg["probes"]["addrs"])
    s = sm.Sendmail(args, cfpath, host, base)
    s.write_hosts(DOMAINS + [r.split("@")[-1] for _, r in
        cfg["probes"]["rcpts"]] + [x.split("@")[-1] for _, x in
        cfg["probes"]["senders"]])
    offered = (sm.cf_option(cf, "AuthMechanisms") or
        "EXTERNAL GSSAPI KERBEROS_V4 DIGEST-MD5 CRAM-MD5").split()
    trusted = [m for m in sm.cf_class(cf, "TrustAuthMech") if m in offered]
    mech = (trusted or offered)[0]
    pairs = match_listeners(mine, ds)
    items = []
    for l, d in pairs:
        if l is None or d is None:
            row = "%s | listener %s | mtaaudit: %s | sendmail: %s" % (tag,
                l["label"] if l else d["name"], "listens" if l else "none",
                "DaemonPortOptions Name=%s Port=%d Addr=%s M=%s" % (
                d["name"], d["port"], d["addr"] or "any", d["flags"]) if d
                else "no such DaemonPortOptions")
            bad.append(row)
            f += 1
            continue
        up = sm.reachable(d["addr"])
        if up != l["reachable"]:
            bad.append("%s | %s | reachable from other hosts? | mtaaudit: "
                "%s | sendmail: Addr=%s" % (tag, l["label"], l["reachable"],
                d["addr"] or "any"))
            f += 1
        else:
            p += 1
        for q in questions(cfg, d, mech):
            if not up and q["addr"] != smgen.LOOPBACK:
                continue
            items.append((l, d, q))
    answers = ask_bt(s, [(d, q) for _, d, q in items])
    # the envelope sender is the client's to choose: a client relays a
    # recipient when it does with some sender asked (a sender the access
    # map refuses does not stop a client that may relay)
    groups = {}
    for (l, d, q), (ans, how) in zip(items, answers):
        if "a" in d["flags"] and not q.get("auth"):
            ans, how = "refuse", "M=a: MAIL needs AUTH first (srvrsmtp)"
        acc, pwhy = predict(l, q)
        if ans == "error":
            e += 1
            out.append("exception: sendmail-generated %s | %s | %s: %s" %
                (tag, l["label"], q["addr"], how))
            continue
        k = (l["label"], q["addr"], q.get("auth"), q["rcpt"])
        groups.setdefault(k, []).append((q, acc, pwhy, ans, how))
    for k, g in groups.items():
        mine_says = any(x[1] for x in g)
        sm_says = any(x[3] == "accept" for x in g)
        if mine_says == sm_says:
            p += 1
            continue
        f += 1
        q, acc, pwhy, ans, how = next(x for x in g if x[1] == mine_says and
            (x[3] == "accept") == sm_says)
        senders = ", ".join(x[0]["sender"] for x in g)
        bad.append("%s | %s | client %s%s%s | RCPT TO:<%s> (%s) | mtaaudit: "
            "%s (%s) | sendmail: %s (%s)" % (tag, k[0], q["addr"],
            ", MAIL FROM:<%s>" % senders if len(g) > 1 else "",
            ", AUTH " + q["auth"] if q.get("auth") else "", q["rcpt"],
            q["qname"], "relay" if acc else "refuse", pwhy, ans,
            how[:200]))
    if args.bs and i % args.bs == 0 and items:
        p2, f2, rows = bs_sample(args, s, items, answers, tag)
        p, f = p + p2, f + f2
        bad += rows
        out.append("   sendmail-generated %s: -bs sample: %d of %d answers "
            "as -bt's" % (tag, p2, p2 + f2))
    for row in bad:
        out.append("DISAGREE sendmail-generated " + row)
    if bad:
        out.append(smgen.show(cfg))
    out.append("%s sendmail-generated %s: %d questions, %d listeners" % (
        "ok  " if not bad else "FAIL", tag, len(items), len(pairs)))
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return p, f, e, out


def bs_sample(args, s, items, answers, tag):
    """bs_sample - a few of the questions again as -bs SMTP dialogues:
    the -bt answer must be the server's own; (P, F, rows)"""
    p = f = 0
    rows = []
    picks = [k for k, (l, d, q) in enumerate(items) if not q.get("auth")
        and "a" not in d["flags"]]
    step = max(1, len(picks) // 6)
    for k in picks[::step][:6]:
        l, d, q = items[k]
        c = {"addr": q["addr"], "helo": smgen.HELO, "sender": q["sender"]}
        ans, how = sm.bs_session(s, c, d, q["rcpt"])
        if ans == answers[k][0]:
            p += 1
            continue
        f += 1
        rows.append("%s | %s | client %s | RCPT TO:<%s> | -bs: %s (%s) | "
            "-bt: %s (%s)" % (tag, l["label"], q["addr"], q["rcpt"], ans,
            how[:160], answers[k][0], answers[k][1][:160]))
    return p, f, rows


def main():
    """main - every configuration in turn, two at a time; "P F E" last"""
    ap = argparse.ArgumentParser()
    for a in ("smroot", "mtaaudit", "grantdump", "work"):
        ap.add_argument("--" + a, required=True)
    ap.add_argument("--seed", default=str(smgen.DEFAULT_SEED))
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--only", default="")
    ap.add_argument("--bs", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--ns", choices=("mount", "uts", "none"),
        default="mount")
    args = ap.parse_args()
    for a in ("work", "smroot", "mtaaudit", "grantdump"):
        setattr(args, a, os.path.realpath(getattr(args, a)))
    args.cf_dir = sm.prepare_tree(args.smroot, args.work)
    start = time.time()
    idx = smgen.indices(args.n, args.only)
    print("   sendmail-generated: seed %s, %d configurations (replay one: "
        "SEED=%s ONLY=I)" % (args.seed, len(idx), args.seed))
    print("exception: sendmail-generated: FEATURE(`relay_based_on_MX') "
        "and host-name keys relay by DNS, which is not asked here (no MX, "
        "no PTR): the questions test everything else")
    p, f, e = 0, 0, 1

    def safe(i):
        try:
            return one(args, i)
        except Exception as ex:     # one broken configuration must not
            return 0, 1, 0, ["FAIL sendmail-generated seed=%s index=%d: "
                "the oracle failed: %s: %s" % (args.seed, i,
                type(ex).__name__, ex)]
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for a, b, c, lines in pool.map(safe, idx):
            for line in lines:
                print(line)
            sys.stdout.flush()
            p, f, e = p + a, f + b, e + c
    print("   sendmail-generated: %d configurations in %d s" % (len(idx),
        time.time() - start))
    print("%d %d %d" % (p, f, e))


if __name__ == "__main__":
    main()
