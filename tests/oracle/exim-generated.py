#!/usr/bin/env python3
# exim-generated.py - the generated-configuration part of the Exim oracle:
# configurations from exgen.py, each asked with Debian 12's real Exim in
# host-checking mode ("exim -C FILE -bh ADDRESS -oMi IP.PORT", a fake SMTP
# session on standard input: no daemon, no port, nothing delivered) who
# may relay, and held against mtaaudit's listeners and grants for the
# same configuration.
#
#   exim-generated.py --exim D --grantdump G --mtaaudit M --work W
#       [--seed S] [--n N] [--only I,...] [--file "F..."] [--jobs J]
#       [--verbose]
#
# Run by tests/oracle/exim-generated.sh, as root, inside private network
# and UTS namespaces (no DNS; the host name is exgen.HOST).  README.md
# ("Part: generated Exim configurations") says what is changed, asked
# and compared.  The last line is "P F E".
import argparse
import base64
import concurrent.futures
import glob
import ipaddress
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import exgen                                    # noqa: E402

STEP = 30               # seconds any one run may take
GOOD = base64.b64encode(("\0%s\0%s" % (exgen.LOGIN,
    exgen.PASSWORD)).encode()).decode()
BAD = base64.b64encode(("\0%s\0wrong" % exgen.LOGIN).encode()).decode()
# the test's own main options: many questions in one session, logs and
# spool in the work directory
ORACLE_OPTIONS = ["smtp_max_synprot_errors = 100000",
    "smtp_max_unknown_commands = 100000",
    "smtp_accept_max_nonmail_hosts =",
    "smtp_accept_max_per_connection = 100000"]
SERVICES = {"smtp": 25, "submission": 587, "smtps": 465, "ssmtp": 465}


def run(cmd, stdin=b"", timeout=STEP, env=None):
    """run - CMD bounded in time: (rc, stdout, stderr) as text; rc None
    when it timed out"""
    try:
        p = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %d s" % timeout
    return p.returncode, p.stdout.decode("latin-1"), \
        p.stderr.decode("latin-1")


# ---------------------------------------------------------------- mtaaudit


def mtaaudit_view(args, c, root):
    """mtaaudit_view - mtaaudit's Exim listeners, each with its grants
    (the JSON's flags plus grantdump's address membership), and the ids of
    its findings; or {"error": text}"""
    dflags, gflags = [], []
    for d in c["defines"]:
        dflags += ["--define", d]
        gflags += ["-D", d]
    rc, so, se = run([args.mtaaudit, "audit", "--root", root, "--format",
        "json", "--fail-on", "none"] + dflags, timeout=60)
    try:
        rep = json.loads(so)
    except ValueError:
        return {"error": "mtaaudit gave no JSON (%s): %s" % (rc, se[:300])}
    addrs = c["probes"]["addrs"]
    rc, so, se = run([args.grantdump, root] + gflags + addrs, timeout=60)
    if rc != 0:
        return {"error": "grantdump failed (%s): %s" % (rc, se[:300])}
    dumped = {}
    for line in so.splitlines():
        f = line.split("\t")
        if f[0] == "listener":
            dumped[f[1]] = []
        elif f[0] == "grant":
            d = dict(x.split("=", 1) for x in f[4:] if "=" in x)
            dumped[f[1]].append(({a: d.get(a) == "yes" for a in addrs},
                [n for n in d.get("nets", "").split(",") if n]))
    lsts = []
    for l in rep.get("listeners", []):
        if l.get("mta") != "exim":
            continue
        grants = []
        for gr, (inside, nets) in zip(l["grants"], dumped.get(l["listener"],
            [])):
            grants.append(dict(gr, inside=inside, nets=nets))
        lsts.append({"label": l["listener"], "reachable": l["reachable"],
            "port": l.get("port"), "grants": grants})
    return {"listeners": lsts, "findings": rep.get("findings", [])}


def predict(lst, who, auth, qkind):
    """predict - does mtaaudit say the client at WHO (auth "none", "bad"
    or "good") relays a recipient of QKIND?  (accept, why, uncertain
    grant that might admit it or None)"""
    unsure = None
    for g in lst["grants"]:
        at = " (line %s)" % g["source"]["line"] if g.get("source", {}).get(
            "line") else ""
        if g["kind"] in ("networks", "anyone") and g["inside"].get(who):
            return True, "%s grant%s: %s" % (g["kind"], at, g["what"]), None
        admits = g["strangers"] and (
            (g["kind"] == "anyone" and not g["partial"]) or
            g["kind"] == "forgeable" or
            (g["kind"] == "destination" and (not g["partial"] or
                qkind.startswith("in .")))) or \
            (g["kind"] == "authenticated" and (auth == "good" or
                (auth == "bad" and g["strangers"])))
        if g["uncertain"]:
            if admits or g["kind"] in ("networks", "unknown", "clientcert"):
                unsure = unsure or g
            continue
        if admits:
            return True, "%s grant%s: %s" % (g["kind"], at, g["what"]), None
    return False, "no grant admits this client", unsure


# ---------------------------------------------------------------- Exim


def exim_cmd(args, conf, c):
    return [os.path.join(args.exim, "usr/sbin/exim4"), "-C", conf] + \
        ["-D" + d for d in c["defines"]]


def exim_env(args, work):
    return dict(os.environ, LD_LIBRARY_PATH=os.path.join(args.exim,
        "usr/lib/x86_64-linux-gnu") + ":" + os.path.join(args.exim,
        "usr/lib"), TMPDIR=work)


def run_copy(c, root, work):
    """run_copy - the configuration Exim runs: the generated one with its
    /etc/exim paths pointing into the image, the test's options first,
    and a verify-only router first among the routers that routes the
    outside world's domains without DNS"""
    text = c["conf"].replace("/etc/exim/", root + "/etc/exim/")
    head = ORACLE_OPTIONS + [
        "log_file_path = %s/log/%%slog" % work,
        "spool_directory = %s/spool" % work]
    router = ["oracle_world:", "  driver = redirect",
        "  domains = " + " : ".join(exgen.WORLD + [exgen.RELAY_DOMAIN]),
        "  verify_only", "  data = :blackhole:", ""]
    # "drop" is "deny" that also closes the connection: the same answer,
    # and the session's next questions need no new session
    text = re.sub(r"^(\s+)drop\b", r"\1deny", text, flags=re.M)
    lines = text.split("\n")
    i = lines.index("begin routers")
    lines[i + 1:i + 1] = [""] + router
    return "\n".join(head + lines), len(head)


def exim_list(value):
    """exim_list - the items of an Exim list (":" or "<X" separated, "::"
    a literal colon)"""
    value = value.strip()
    sep = ":"
    m = re.match(r"^<\s*(\S)", value)
    if m:
        sep, value = m.group(1), value[m.end():]
    if sep == ":":
        value = value.replace("::", "\0")
    return [i.strip().replace("\0", ":") for i in value.split(sep)
        if i.strip()]


def norm_addr(a):
    a = a.strip().strip("[]")
    try:
        return str(ipaddress.ip_address(a))
    except ValueError:
        return a


def exim_listeners(ports, ifaces):
    """exim_listeners - the (address, port) pairs Exim's daemon binds,
    from the values -bP prints for daemon_smtp_ports and local_interfaces"""
    plist = []
    for p in exim_list(ports):
        if p.isdigit():
            plist.append(int(p))
        else:
            try:
                plist.append(socket.getservbyname(p, "tcp"))
            except OSError:
                plist.append(SERVICES.get(p, 0))
    out = set()
    for it in exim_list(ifaces or "<; ::0 ; 0.0.0.0"):
        m = re.match(r"^\[([^\]]+)\]:(\d+)$", it)
        addr, port = it, None
        if m:
            addr, port = m.group(1), int(m.group(2))
        else:
            m = re.match(r"^(.*)[.](\d+)$", it)
            if m:
                try:
                    ipaddress.ip_address(m.group(1))
                    addr, port = m.group(1), int(m.group(2))
                except ValueError:
                    pass
        for p in ([port] if port is not None else plist):
            out.add((norm_addr(addr), p))
    return out


def mta_listeners(lsts):
    """mta_listeners - mtaaudit's (address, port) pairs, from its labels
    ("smtp 127.0.0.1,[::1]:25"; "*" is every address)"""
    out = set()
    for l in lsts:
        m = re.match(r"^\S+ (.*):(\d+)$", l["label"])
        if not m:
            out.add((l["label"], 0))
            continue
        for a in m.group(1).split(","):
            if a == "*":
                out |= {("0.0.0.0", int(m.group(2))), ("::",
                    int(m.group(2)))}
            else:
                out.add((norm_addr(a), int(m.group(2))))
    return out


def replies(text):
    """replies - the SMTP replies of a -bh session's standard output"""
    out, cur = [], []
    for line in text.splitlines():
        m = re.match(r"^(\d{3})([ -])(.*)$", line)
        if not m:
            continue
        cur.append(m.group(3))
        if m.group(2) == " ":
            out.append((int(m.group(1)), " / ".join(cur)))
            cur = []
    return out


def acl_runs(trace, acl, shift):
    """acl_runs - for each run of ACL in a -bh trace: (verdict, deciding
    statement "verb (line N)", discarded?); N counts in the configuration
    as generated (the copy has SHIFT lines of its own first)"""
    out = []
    cur = None
    for l in trace.splitlines():
        if l == '>>> using ACL "%s"' % acl:
            # a run that ended without its "end of ACL" line (endpass,
            # an error) still counts: one run for each RCPT
            if cur is not None:
                out.append(("?", cur["stmt"], cur["discard"]))
            cur = {"stmt": None, "discard": False}
            continue
        if cur is None:
            continue
        m = re.match(r'^>>> processing "(\w+)" \(\S+ (\d+)\)$', l)
        if m:
            cur["stmt"] = "%s (line %d)" % (m.group(1), int(m.group(2)) -
                shift)
            continue
        if re.match(r"^>>> discard: condition test succeeded", l):
            cur["discard"] = True
        m = re.match(r'^>>> end of ACL "%s": (.*)$' % re.escape(acl), l)
        if m:
            out.append((m.group(1), cur["stmt"], cur["discard"]))
            cur = None
    if cur is not None:
        out.append(("?", cur["stmt"], cur["discard"]))
    return out


class Session:
    """Session - the questions of one client address, asked in as few
    -bh sessions as can be: parts (a HELO name, or an AUTH), each of
    transactions MAIL, RCPT[, DATA], RSET; a session the server drops
    goes on in a new one from the first unanswered transaction"""

    def __init__(self, args, conf, c, iface, addr, rcpt_acl, data, shift):
        self.args, self.conf, self.c, self.shift = args, conf, c, shift
        self.iface, self.addr, self.acl, self.data = iface, addr, \
            rcpt_acl, data
        self.runs = 0
        self.errors = set()

    def ask(self, parts):
        """ask - PARTS: [(prefix commands, [(key, sender, rcpt)])];
        returns {key: (answer, text)}"""
        out = {}
        todo = [(pre, list(tx)) for pre, tx in parts]
        while todo and self.runs < 40:
            cmds, plan = [], []
            for pre, txs in todo:
                cmds += pre
                plan.append(("pre", len(pre), None))
                for key, s, r in txs:
                    t = ["MAIL FROM:<%s>" % s, "RCPT TO:<%s>" % r]
                    if self.data:
                        t += ["DATA", "NOOP", "."]
                    t.append("RSET")
                    cmds += t
                    plan.append(("tx", 0, key))
            cmds.append("QUIT")
            stdin = "".join(x + "\r\n" for x in cmds).encode()
            self.runs += 1
            rc, so, se = run(exim_cmd(self.args, self.conf, self.c) + [
                "-bh", self.addr, "-oMi", self.iface], stdin=stdin,
                env=exim_env(self.args, self.args.work))
            rs = replies(so)
            for m in re.finditer(r"^LOG: .*(?:temporarily rejected|"
                r"rejected) .*: (.*(?:error|failed to|unknown|not "
                r"allowed|cannot test).*)$", se, re.M):
                self.errors.add(m.group(1)[:200])
            if rc is None or not rs:
                for _, txs in todo:
                    for key, _, _ in txs:
                        out[key] = ("refuse", "Exim: %s %s" % (rc,
                            se.strip()[-160:]))
                return out
            greet = rs.pop(0)
            if greet[0] // 100 != 2:
                for _, txs in todo:
                    for key, _, _ in txs:
                        out[key] = ("refuse", "greeting: %d %s" % greet)
                return out
            runs = acl_runs(se, self.acl, self.shift)
            left = []
            dropped = False
            for pre, txs in todo:
                if dropped:
                    left.append((pre, txs))
                    continue
                pre_r = [rs.pop(0) if rs else None for _ in pre]
                if None in pre_r:
                    left.append((pre, txs))
                    dropped = True
                    continue
                # AUTH: did it succeed?  a failure is asked as it is
                for k, (mail_key, s, r) in enumerate(txs):
                    mail = rs.pop(0) if rs else None
                    if mail is None:
                        left.append((pre, txs[k:]))
                        dropped = True
                        break
                    rcpt = rs.pop(0) if rs else None
                    if mail[0] // 100 != 2:
                        ans = ("refuse", "MAIL: %d %s" % mail)
                    elif rcpt is None:
                        ans = ("refuse", "RCPT: connection dropped")
                    else:
                        verdict = runs.pop(0) if runs and \
                            self.acl else None
                        if rcpt[0] // 100 == 2 and verdict and verdict[2]:
                            ans = ("refuse", "%d %s (discarded, by %s)" % (
                                rcpt[0], rcpt[1], verdict[1]))
                        else:
                            ans = ("accept" if rcpt[0] // 100 == 2 else
                                "refuse", "%d %s%s" % (rcpt[0], rcpt[1],
                                " [by %s]" % verdict[1] if verdict and
                                verdict[1] else ""))
                    if rcpt is not None and self.data:
                        d = rs.pop(0) if rs else None
                        end = None
                        if d is not None and d[0] == 354:
                            end = rs.pop(0) if rs else None
                        elif d is not None:
                            rs[:2] = []
                        if ans[0] == "accept":
                            if end is None or end[0] // 100 != 2:
                                ans = ("refuse", "%s; DATA: %s" % (ans[1],
                                    "%d %s" % (end or d) if (end or d)
                                    else "dropped"))
                    out[mail_key] = ans
                    rset = rs.pop(0) if rs else None
                    if rset is None:
                        left.append((pre, txs[k + 1:]))
                        dropped = True
                        break
            todo = [(p, t) for p, t in left if t]
        for _, txs in todo:
            for key, _, _ in txs:
                out.setdefault(key, ("refuse", "not answered in %d sessions"
                    % self.runs))
        return out


# ---------------------------------------------------------------- one


def one(args, c):
    """one - configuration C: its rows [(status, text)]"""
    d = os.path.join(args.work, "gen", "c%05d" % c["index"])
    root = os.path.join(d, "root")
    exgen.write_root(c, root)
    for dd, _, _ in os.walk(d):
        os.chmod(dd, 0o755)
    view = mtaaudit_view(args, c, root)
    if "error" in view:
        return [("DISAGREE", "config %d | %s" % (c["index"],
            view["error"]))], None
    w = os.path.join(d, "work")
    for sub in ("log", "spool"):
        os.makedirs(os.path.join(w, sub))
        shutil.chown(os.path.join(w, sub), "Debian-exim", "Debian-exim")
    os.chmod(w, 0o755)
    text, shift = run_copy(c, root, w)
    conf = os.path.join(d, "run.conf")
    with open(conf, "w") as f:
        f.write(text)
    os.chmod(conf, 0o644)
    env = exim_env(args, w)
    cmd = exim_cmd(args, conf, c)
    label = c.get("label") or "config %d" % c["index"]
    rows = []
    wont = [f for f in view["findings"] if f["id"] == "PRS001" and
        "not defined" not in f["message"]]
    rc, so, se = run(cmd + ["-bV"], env=env)
    if rc != 0:
        err = " ".join(l for l in se.splitlines() if "purging" not in l)
        row = "%s | Exim refuses the configuration: %s | mtaaudit: %s" % (
            label, err.replace(d + "/", "")[:240], ("PRS001: " +
            wont[0]["message"]) if wont else "starts")
        return [("ok" if wont else "DISAGREE", row)], view
    if wont:
        rows.append(("DISAGREE", "%s | Exim starts | mtaaudit: PRS001: %s" %
            (label, wont[0]["message"])))
    rc, so, se = run(cmd + ["-bP", "daemon_smtp_ports", "local_interfaces",
        "acl_smtp_rcpt", "acl_smtp_predata", "acl_smtp_data"], env=env)
    opts = dict(re.match(r"^(\w+)\s*=?\s*(.*)$", l).groups() for l in
        so.splitlines() if re.match(r"^\w+", l))
    pairs = exim_listeners(opts.get("daemon_smtp_ports", "smtp"),
        opts.get("local_interfaces"))
    mine = mta_listeners(view["listeners"])
    fmt = lambda s: ", ".join(sorted("%s:%d" % p for p in s))
    rows.append(("ok" if pairs == mine else "DISAGREE", "%s | listeners | "
        "mtaaudit: %s | exim: %s" % (label, fmt(mine), fmt(pairs))))
    first = sorted(pairs)[0] if pairs else ("127.0.0.1", 25)
    iface = "%s.%d" % ("127.0.0.1" if first[0] in ("0.0.0.0", "::") else
        first[0], first[1])
    acl = opts.get("acl_smtp_rcpt", "")
    data = bool(opts.get("acl_smtp_predata") or opts.get("acl_smtp_data"))
    pr = c["probes"]
    auth = c["auth"] and c["auth"]["advertised"]
    # each client address: every HELO name x sender x recipient, then
    # (when AUTH is offered) a made-up and the test's own password
    answers = {}
    errors = set()
    for addr in pr["addrs"]:
        parts = []
        for h in pr["helos"]:
            parts.append((["EHLO " + h], [((addr, "none", h, s, r), s, r)
                for s in pr["senders"] for _, r in pr["rcpts"]]))
        if auth:
            # every wrong password first: a login that succeeds stays
            for a, pw in (("bad", BAD), ("good", GOOD)):
                for h in pr["helos"]:
                    parts.append((["EHLO " + h, "AUTH PLAIN " + pw],
                        [((addr, a, h, s, r), s, r) for s in
                        pr["senders"] for _, r in pr["rcpts"]]))
        s = Session(args, conf, c, iface, addr, acl, data, shift)
        answers.update(s.ask(parts))
        errors |= s.errors
    qkinds = list(dict.fromkeys(k for k, _ in pr["rcpts"]))
    kind_of = {r: k for k, r in pr["rcpts"]}
    states = ["none"] + (["bad", "good"] if auth else [])
    # Exim's answer per (address, auth, kind): some HELO name, sender and
    # recipient of that kind is accepted
    exim_says = {}
    for (addr, a, h, s, r), ans in answers.items():
        k = (addr, a, kind_of[r])
        prev = exim_says.get(k)
        if prev is None or (ans[0] == "accept" and prev[0] != "accept"):
            exim_says[k] = (ans[0], "HELO %s MAIL <%s> RCPT <%s>: %s" % (h,
                s, r, ans[1]))
    for l in view["listeners"]:
        for addr in pr["addrs"]:
            for a in states:
                for q in qkinds:
                    if q in ("local", "relay domain"):
                        continue
                    ans, how = exim_says[(addr, a, q)]
                    acc, why, unsure = predict(l, addr, a, q)
                    row = "%s %s | %s%s | %s | mtaaudit: %s (%s) | exim: " \
                        "%s: %s" % (label, l["label"], addr, "" if a ==
                        "none" else " AUTH " + a, q, "relay" if acc else
                        "refuse", why, ans, how)
                    if (ans == "accept") == acc:
                        rows.append(("ok", row))
                    elif ans == "accept" and unsure is not None:
                        rows.append(("exception", row + " | uncertain "
                            "grant: " + unsure["what"]))
                    else:
                        rows.append(("DISAGREE", row))
    for x in sorted(errors):
        rows.append(("note", "%s | Exim's ACLs failed at run time: %s" % (
            label, x)))
    # RLY014 says the RCPT ACL has no relay gate; Exim has one when the
    # far stranger cannot relay whatever it forges
    far = pr["far"]
    gate = all(exim_says[(far, "none", q)][0] == "refuse" for q in qkinds
        if q not in ("local", "relay domain"))
    nogate = [f for f in view["findings"] if f["id"] == "RLY014"]
    if nogate:
        rows.append(("DISAGREE" if gate else "ok", "%s | RLY014 | mtaaudit: "
            "%s | exim: the far stranger %s %s" % (label,
            nogate[0]["message"], far, "is refused: a gate" if gate else
            "relays: no gate")))
    return rows, view


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exim", required=True)
    ap.add_argument("--grantdump", required=True)
    ap.add_argument("--mtaaudit", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", default=str(exgen.DEFAULT_SEED))
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--only", default="")
    ap.add_argument("--file", default="",
        help="configuration files written by hand, instead of generated")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    t0 = time.time()
    idx = exgen.indices(args.n, args.only)
    print("note: exim-generated: seed %s, %d configurations%s" % (args.seed,
        len(idx), " (only %s)" % args.only if args.only else "") if not
        args.file else "note: exim-generated: files %s" % args.file)
    if args.file:
        # hand-written cases (tests/oracle/exgen-cases/*.conf), each
        # asked with the probes its own text gives
        confs = []
        for pat in args.file.split():
            for path in sorted(glob.glob(pat)) or [pat]:
                confs.append(exgen.from_text(open(path).read(), path))
                confs[-1]["index"] = len(confs) - 1
    else:
        confs = [exgen.generate(args.seed, i) for i in idx]
    os.chmod(args.work, 0o755)

    def job(c):
        try:
            return one(args, c)
        except Exception as e:            # a bug of the test: say so
            return [("DISAGREE", "config %d | the oracle failed: %r" % (
                c["index"], e))], None
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        results = list(ex.map(job, confs))
    p = f = e = 0
    bad = []
    for c, (rows, view) in zip(confs, results):
        nbad = 0
        for st, row in rows:
            if st == "ok":
                p += 1
                if args.verbose:
                    print("ok   " + row)
            elif st == "note":
                print("note: " + row)
            elif st == "exception":
                e += 1
                if args.verbose:
                    print("exception: " + row)
            else:
                f += 1
                nbad += 1
        if nbad:
            bad.append((c, rows, view))
    for c, rows, view in bad:
        for st, row in rows:
            if st == "DISAGREE":
                print("DISAGREE " + row)
        if view and "listeners" in view:
            print("     mtaaudit grants: %s" % json.dumps({l["label"]: [
                {x: g[x] for x in ("kind", "what", "strangers", "partial",
                "uncertain")} for g in l["grants"]] for l in
                view["listeners"]}))
        if args.file:
            print("     replay: FILE=%s make oracle-exim-generated" %
                c["seed"])
        else:
            print("     replay: SEED=%s ONLY=%d make oracle-exim-generated" %
                (args.seed, c["index"]))
        sys.stdout.write("".join("     " + l + "\n" for l in
            exgen.show(c).splitlines()))
    print("note: exim-generated: %d of %d configurations disagree; %.0f s" %
        (len(bad), len(confs), time.time() - t0))
    print("%d %d %d" % (p, f, e))


if __name__ == "__main__":
    main()
