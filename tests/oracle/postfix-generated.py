#!/usr/bin/env python3
# postfix-generated.py - the generated-configuration part of the Postfix
# oracle: configurations from pfgen.py, run as services of a few private
# Postfix instances, asked over SMTP (XCLIENT) who may relay, and held
# against mtaaudit's grants for the same configuration.
#
#   postfix-generated.py --pfroot P --grantdump G --mtaaudit M --work W
#       [--seed S] [--n N] [--only I,...] [--batch B]
#
# Run by tests/oracle/postfix-generated.sh, as root, inside a private
# network namespace whose loopback device carries pfgen.IFACES (so
# inet_interfaces and mynetworks_style name interfaces that exist).
# README.md ("Part: generated Postfix configurations") says how a
# configuration becomes services of the shared instance and how answers
# are compared.  The last line is "P F E".
import argparse
import concurrent.futures
import ipaddress
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pfgen                                    # noqa: E402
import relay                                    # noqa: E402

LOOPBACK = "127.0.0.1"
TIMEOUT = 20
BASE_PORT = 30000
LOGIN = "oracle-user"


# ---------------------------------------------------------------- mtaaudit


def predictions(c, root, args):
    """predictions - mtaaudit's listeners and grants for configuration C:
    {service name: {"label", "reachable", "grants": [...]}} where each
    grant has mtaaudit's JSON flags and "in": {addr: bool}"""
    addrs = sorted({cl["addr"] for cl in c["probes"]["clients"]})
    g = subprocess.run([args.grantdump, root] + addrs,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    j = subprocess.run([args.mtaaudit, "audit", "--root", root, "--format",
        "json", "--fail-on", "none"], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, timeout=60)
    try:
        rep = json.loads(j.stdout)
    except ValueError:
        return {"error": "mtaaudit: " + j.stderr.decode("latin-1")[:300]}
    svc, dumped = {}, {}
    for line in g.stdout.decode("latin-1").splitlines():
        f = line.split("\t")
        if f[0] == "listener":
            svc[f[1]] = f[2]
            dumped[f[1]] = []
        elif f[0] == "grant":
            d = dict(x.split("=", 1) for x in f[4:] if "=" in x)
            dumped[f[1]].append({a: d.get(a) == "yes" for a in addrs})
    out = {}
    for l in rep.get("listeners", []):
        if l["mta"] != "postfix":
            continue
        grants = []
        for gr, inset in zip(l["grants"], dumped.get(l["listener"], [])):
            grants.append(dict(gr, inside=inset))
        out[svc.get(l["listener"], l["listener"])] = {
            "label": l["listener"], "reachable": l["reachable"],
            "grants": grants}
    out["_findings"] = sorted({f["id"] for f in rep.get("findings", [])})
    return out


def predict(lst, client, qkind):
    """predict - (True, why) when mtaaudit's grants let CLIENT relay the
    recipient of kind QKIND, else (False, why)"""
    for g in lst["grants"]:
        if g["kind"] in ("networks", "anyone") and \
            g["inside"].get(client["addr"]):
            return True, "%s grant: %s" % (g["kind"], g["what"])
        if g["uncertain"]:
            continue
        if g["kind"] == "anyone" and g["strangers"] and not g["partial"]:
            return True, "anyone grant: " + g["what"]
        if g["kind"] == "forgeable" and client.get("forged") and \
            client["table"] in g["what"] and \
            not pfgen.refuses(client["result"]):
            return True, "forgeable grant: " + g["what"]
        if g["kind"] == "authenticated" and client.get("login"):
            return True, "authenticated grant: " + g["what"]
        if g["kind"] == "destination" and g["strangers"] and \
            (not g["partial"] or qkind.startswith("in .")):
            return True, "destination grant: " + g["what"]
        if g["kind"] == "destination" and qkind.startswith("keyed ") and \
            qkind.split(" ", 1)[1] in g["what"]:
            return True, "destination grant: " + g["what"]
    return False, "no grant admits this client"


def down_predicted(lst):
    return any(g["kind"] == "unknown" and g["what"] == "no-gate"
        for g in lst["grants"])


# ---------------------------------------------------------------- instance


def sasl_on(c, s):
    """sasl_on - does service S of C enable SMTP AUTH?"""
    v = dict(c["main"]).get("smtpd_sasl_auth_enable", "no")
    for n, val, _ in s["overrides"]:
        if n == "smtpd_sasl_auth_enable":
            v = val
    return v == "yes"


def build_instance(pfroot, work, batch, groots, known):
    """build_instance - one Postfix instance whose services are every
    service of every configuration of BATCH; returns the plan.  KNOWN
    are Postfix's own parameter names (the others are user-defined:
    restriction classes, lists named in -o, copied as they are)"""
    os.makedirs(work)
    os.chmod(work, 0o755)
    conf = os.path.join(work, "etc")
    queue = os.path.join(work, "queue")
    meta = os.path.join(work, "meta")
    for d in (conf, queue, meta):
        os.makedirs(d)
    for f in ("postfix-files", "postfix-files.d", "dynamicmaps.cf.d"):
        src = os.path.join(pfroot, "etc/postfix", f)
        (shutil.copytree if os.path.isdir(src) else shutil.copy)(
            src, os.path.join(meta, f))
    share = os.path.join(pfroot, "usr/share/postfix")
    shutil.copy(os.path.join(share, "dynamicmaps.cf"), meta)
    shutil.copy(os.path.join(share, "main.cf.dist"),
        os.path.join(meta, "main.cf.proto"))
    shutil.copy(os.path.join(share, "master.cf.dist"),
        os.path.join(meta, "master.cf.proto"))
    pf = lambda p: os.path.join(pfroot, p)
    main = [
        ("queue_directory", queue),
        ("data_directory", os.path.join(work, "data")),
        ("mail_owner", "postfix"),
        ("setgid_group", "postdrop"),
        ("inet_interfaces", LOOPBACK),
        ("inet_protocols", "all"),
        # XCLIENT again after XCLIENT: the new client must be authorized
        # too (the namespace has no other client than the test)
        ("smtpd_authorized_xclient_hosts", "0.0.0.0/0, [::]/0"),
        ("maillog_file_prefixes", work),
        ("maillog_file", os.path.join(work, "maillog")),
        ("daemon_directory", pf("usr/lib/postfix/sbin")),
        ("command_directory", pf("usr/sbin")),
        ("shlib_directory", pf("usr/lib/postfix")),
        ("meta_directory", meta),
        ("sample_directory", meta),
        ("sendmail_path", pf("usr/sbin/sendmail")),
        ("newaliases_path", pf("usr/bin/newaliases")),
        ("mailq_path", pf("usr/bin/mailq")),
        ("manpage_directory", pf("usr/share/man")),
        ("readme_directory", "no"),
        ("html_directory", "no"),
        ("import_environment", "MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ "
            "LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME LD_LIBRARY_PATH=" +
            pf("usr/lib/postfix")),
        ("myhostname", pfgen.MYHOSTNAME),
        ("alias_maps", ""),
        ("alias_database", ""),
        # the test's own limits: many questions in one session
        ("smtpd_error_sleep_time", "0"),
        ("smtpd_soft_error_limit", "100000"),
        ("smtpd_hard_error_limit", "100000"),
        ("smtpd_junk_command_limit", "100000"),
        # an accepted RCPT creates a queue file, and nothing is delivered:
        # without this, cleanup would wait a second for a flow token
        ("in_flow_delay", "0s"),
        ("smtpd_sasl_type", "dovecot"),
        ("smtpd_sasl_path", "private/auth"),
    ]
    master = []
    plan = {"work": work, "conf": conf, "queue": queue,
        "maillog": os.path.join(work, "maillog"), "services": []}
    port = BASE_PORT
    for c in batch:
        groot = groots[c["index"]]
        fix = lambda v: v.replace("/etc/postfix/", groot + "/etc/postfix/")
        std = {}
        for n, v in c["main"]:
            if n not in known:
                main.append((n, fix(v).replace("\n", " ")))
            elif n not in ("myhostname", "smtpd_sasl_type",
                "smtpd_sasl_path"):
                cn = "c%d_%s" % (c["index"], n)
                main.append((cn, fix(v).replace("\n", " ")))
                std[n] = "$" + cn
        std.setdefault("inet_interfaces", "all")
        # trivial-rewrite decides whether a domain is local or a relay
        # domain (relay_domains, mydestination, inet_interfaces), with
        # main.cf's values, never an smtpd service's -o: each
        # configuration gets its own, with its main.cf values
        rw = "rw%d" % c["index"]
        master.append("\n  ".join(["%s unix - - n - - trivial-rewrite" %
            rw, "-o syslog_name=postfix/c%d" % c["index"]] +
            ["-o %s=%s" % nv for nv in std.items()]))
        for s in c["services"]:
            port += 1
            words = ["%s:%d inet n - n - - smtpd" % (LOOPBACK, port),
                "-o syslog_name=postfix/g%d" % port, "-o max_idle=10",
                "-o rewrite_service_name=" + rw]
            own = {n for n, _, _ in s["overrides"]}
            for n, v in std.items():
                if n not in own:
                    words.append("-o %s=%s" % (n, v))
            for n, v, form in s["overrides"]:
                if form == "braces":
                    words.append("-o { %s = %s }" % (n, fix(v)))
                else:
                    words.append("-o %s=%s" % (n, fix(v)))
            master.append("\n  ".join(words))
            plan["services"].append({"index": c["index"], "name": s["name"],
                "port": port, "sasl": sasl_on(c, s)})
    dist = open(os.path.join(share, "master.cf.dist"),
        encoding="latin-1").read()
    for entry in relay.master_entries(dist):
        f = relay.entry_fields(entry)
        if f and len(f) >= 8 and f[1] != "inet" and f[7] != "pipe":
            master.append("\n".join(entry))
    with open(os.path.join(conf, "main.cf"), "w") as fp:
        fp.write("".join("%s = %s\n" % nv for nv in main))
    with open(os.path.join(conf, "master.cf"), "w") as fp:
        fp.write("\n".join(master) + "\n")
    return plan


def start_instance(pfroot, plan):
    """start_instance - postfix start; (ok, text)"""
    env = relay.pf_env(pfroot)
    p = subprocess.run(["script", "-qec", "'%s' -c '%s' start" % (
        os.path.join(pfroot, "usr/sbin/postfix"), plan["conf"]),
        "/dev/null"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env=env, timeout=120)
    return p.returncode == 0, p.stdout.decode("latin-1")


def stop_instance(pfroot, plan):
    """stop_instance - postfix stop, then abort, then SIGKILL its master"""
    env = relay.pf_env(pfroot)
    pidf = os.path.join(plan["queue"], "pid/master.pid")
    try:
        pid = int(open(pidf).read().strip())
    except (OSError, ValueError):
        pid = None
    postfix = os.path.join(pfroot, "usr/sbin/postfix")
    subprocess.run([postfix, "-c", plan["conf"], "stop"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        timeout=30)
    if pid is None:
        return
    for _ in range(50):
        if not os.path.exists("/proc/%d" % pid):
            return
        time.sleep(0.2)
    subprocess.run([postfix, "-c", plan["conf"], "abort"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        timeout=30)
    time.sleep(1)
    if os.path.exists("/proc/%d" % pid):
        subprocess.run(["pkill", "-9", "-P", str(pid)])
        try:
            os.kill(pid, 9)
        except OSError:
            pass


# ---------------------------------------------------------------- asking


class Fatals(threading.Thread):
    """Fatals - follows the instance's maillog and collects the ports of
    services whose smtpd died with a fatal error (each service logs as
    postfix/gPORT), so that nobody waits for a greeting that never comes"""

    def __init__(self, path):
        super().__init__(daemon=True)
        self.path = path
        self.ports = {}
        self.done = False

    def run(self):
        pos = 0
        rest = b""
        while not self.done:
            try:
                with open(self.path, "rb") as f:
                    f.seek(pos)
                    d = f.read()
                    pos += len(d)
            except OSError:
                d = b""
            if not d:
                time.sleep(0.1)
                continue
            lines = (rest + d).split(b"\n")
            rest = lines.pop()
            for l in lines:
                m = re.search(rb"postfix/g(\d+)/smtpd\[\d+\]: fatal: (.*)", l)
                if m:
                    self.ports.setdefault(int(m.group(1)),
                        m.group(2).decode("latin-1"))


FATALS = None


class Conn:
    """Conn - a plain SMTP client that pipelines its commands"""

    def __init__(self, port):
        self.s = socket.create_connection((LOOPBACK, port), TIMEOUT)
        self.buf = b""
        # the greeting: wait until it comes or the service's smtpd dies
        end = time.time() + TIMEOUT
        self.s.settimeout(0.2)
        while True:
            try:
                d = self.s.recv(65536)
            except socket.timeout:
                if port in FATALS.ports:
                    raise OSError("smtpd fatal: " + FATALS.ports[port])
                if time.time() > end:
                    raise OSError("no greeting in %d s" % TIMEOUT)
                continue
            if not d:
                raise OSError("closed before the greeting" + (
                    ": smtpd fatal: " + FATALS.ports[port] if port in
                    FATALS.ports else ""))
            self.buf += d
            if b"\n" in self.buf:
                break
        self.s.settimeout(TIMEOUT)

    def reply(self):
        """reply - (code, text) of the next reply; code None at EOF"""
        lines = []
        while True:
            while b"\n" not in self.buf:
                d = self.s.recv(65536)
                if not d:
                    return None, " / ".join(lines) or "connection closed"
                self.buf += d
            line, self.buf = self.buf.split(b"\n", 1)
            line = line.decode("latin-1").rstrip("\r")
            lines.append(line[4:])
            if len(line) < 4 or line[3] != "-":
                try:
                    return int(line[:3]), " ".join(lines)
                except ValueError:
                    return None, line

    def cmds(self, lines):
        """cmds - send LINES at once; their replies in order"""
        self.s.sendall(b"".join(l.encode() + b"\r\n" for l in lines))
        return [self.reply() for _ in lines]

    def close(self):
        try:
            self.s.sendall(b"QUIT\r\n")
        except OSError:
            pass
        self.s.close()


def xclient_args(cl):
    a = cl["addr"]
    if ":" in a:
        a = "IPV6:" + a
    w = "ADDR=%s NAME=[UNAVAILABLE]" % a
    if cl.get("login"):
        w += " LOGIN=" + cl["login"]
    return w


def ask_service(svc, clients, rcpts):
    """ask_service - every client and recipient on one service, in one
    connection (XCLIENT again for each client); returns
    [[(answer, text) per recipient] per client] or ("down", text)"""
    for attempt in (1, 2):
        try:
            c = Conn(svc["port"])
            code, text = c.reply()
            break
        except OSError as e:
            # no greeting at all (a busy machine) is asked once more; a
            # fatal error of the service's smtpd is an answer
            if attempt == 2 or "no greeting" not in str(e):
                return "down", "no connection: %s" % e
    if code != 220:
        return "down", "greeting: %s %s" % (code, text)
    out = []
    try:
        for cl in clients:
            r = c.cmds(["EHLO oracle.invalid", "XCLIENT " + xclient_args(cl)])
            if r[1][0] != 220:
                return "down", "XCLIENT: %s %s" % r[1]
            lines = ["EHLO " + cl["helo"]]
            for _, rc in rcpts:
                lines += ["MAIL FROM:<%s>" % cl["sender"],
                    "RCPT TO:<%s>" % rc, "RSET"]
            r = c.cmds(lines)
            ans = []
            for k in range(len(rcpts)):
                mail, rcpt = r[1 + 3 * k], r[2 + 3 * k]
                if mail[0] is None or rcpt[0] is None:
                    return "down", "connection closed: %s" % (rcpt[1],)
                if mail[0] // 100 != 2:
                    ans.append(("refuse", "MAIL: %d %s" % mail))
                else:
                    ans.append(("accept" if rcpt[0] // 100 == 2 else
                        "refuse", "%d %s" % rcpt))
            out.append(ans)
    except (OSError, ValueError) as e:
        return "down", "error: %s" % e
    c.close()
    return out


def clients_for(c, svc):
    cls = list(c["probes"]["clients"])
    if svc["sasl"]:
        cls.append({"addr": c["probes"]["far"], "helo": pfgen.HELO,
            "sender": pfgen.SENDER, "login": LOGIN})
    return cls


def wait_ports(ports, limit=30):
    return relay.wait_ports(ports, limit)


# ---------------------------------------------------------------- compare


def compare(c, pred, svc, res):
    """compare - rows (status, text) for one service; status is ok,
    DISAGREE, exception or info"""
    rows = []
    lst = pred.get(svc["name"])
    label = "config %d %s" % (c["index"], svc["name"])
    if lst is None:
        return [("DISAGREE", "%s | mtaaudit reports no such listener" %
            label)]
    if isinstance(res, tuple):
        ok = down_predicted(lst)
        rows.append(("ok" if ok else "DISAGREE", "%s | smtpd up? | "
            "mtaaudit: %s | postfix: down: %s" % (label, "down (no-gate)"
            if ok else "up", res[1][:160])))
        return rows
    if down_predicted(lst):
        return [("DISAGREE", "%s | smtpd up? | mtaaudit: down (no-gate) | "
            "postfix: up" % label)]
    uncertain = [g["what"] for g in lst["grants"] if g["uncertain"]]
    for cl, ans in zip(clients_for(c, svc), res):
        who = cl["addr"]
        if cl.get("forged"):
            who += " %s %s" % (cl["forged"], cl["helo"] if cl["forged"] ==
                "helo" else cl["sender"])
        if cl.get("login"):
            who += " AUTH " + cl["login"]
        for (qk, rc), (a, text) in zip(c["probes"]["rcpts"], ans):
            acc, why = predict(lst, cl, qk)
            row = "%s | %s | %s <%s> | mtaaudit: %s (%s) | postfix: %s: %s" \
                % (label, who, qk, rc, "relay" if acc else "refuse", why, a,
                text[:100])
            if qk == "local" or qk.startswith(("relay domain",
                "keyed, refused")):
                # mtaaudit's grants say nothing about one recipient a
                # table refuses, nor about local and relay domains
                rows.append(("info", row))
            elif (a == "accept") == acc:
                rows.append(("ok", row))
            elif acc and cl.get("forged") and pfgen.refuses(cl["result"]):
                # a stranger who forges a value its table refuses is one
                # that chose to be refused; grants for strangers in
                # general make no claim about it
                rows.append(("exception", row + " | the forged value is "
                    "refused by its table"))
            elif a == "accept" and uncertain:
                rows.append(("exception", row + " | uncertain grant: " +
                    "; ".join(uncertain)))
            else:
                rows.append(("DISAGREE", row))
    return rows


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pfroot", required=True)
    ap.add_argument("--grantdump", required=True)
    ap.add_argument("--mtaaudit", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seed", default=str(pfgen.DEFAULT_SEED))
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--only", default="")
    ap.add_argument("--batch", type=int, default=250)
    ap.add_argument("--threads", type=int, default=6)
    ap.add_argument("--roots", default="",
        help="ROOT,... hand-written configurations instead")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--keep", action="store_true",
        help="leave the last instance running (for debugging)")
    args = ap.parse_args()
    t0 = time.time()
    idx = [int(x) for x in args.only.split(",") if x] or list(range(args.n))
    print("note: generated: seed %s, %d configurations%s" % (args.seed,
        len(idx), " (only %s)" % args.only if args.only else ""))
    if args.roots:
        # hand-written configurations (README: the disagreement classes)
        confs = [pfgen.load(r, k) for k, r in enumerate(
            args.roots.split(","))]
    else:
        confs = [pfgen.generate(args.seed, i) for i in idx]
    # Postfix's own parameter names (never the machine's /etc/postfix)
    empty = os.path.join(args.work, "empty")
    os.makedirs(empty)
    open(os.path.join(empty, "main.cf"), "w").close()
    open(os.path.join(empty, "master.cf"), "w").close()
    known = set(subprocess.run([os.path.join(args.pfroot,
        "usr/sbin/postconf"), "-c", empty, "-d", "-H"],
        stdout=subprocess.PIPE, env=relay.pf_env(args.pfroot)
        ).stdout.decode().split())
    groots = {}
    for c in confs:
        r = os.path.join(args.work, "gen", "c%05d" % c["index"], "root")
        pfgen.write_root(c, r)
        groots[c["index"]] = r
    os.chmod(args.work, 0o755)
    for d, _, _ in os.walk(os.path.join(args.work, "gen")):
        os.chmod(d, 0o755)
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        preds = dict(zip([c["index"] for c in confs], ex.map(
            lambda c: predictions(c, groots[c["index"]], args), confs)))
    t1 = time.time()
    print("note: mtaaudit read %d configurations in %.0f s" % (len(confs),
        t1 - t0))
    p = f = e = info = 0
    bad = {}
    started = os.path.join(args.work, "started")
    for b in range(0, len(confs), args.batch):
        batch = confs[b:b + args.batch]
        plan = build_instance(args.pfroot, os.path.join(args.work,
            "inst%d" % b), batch, groots, known)
        with open(started, "a") as fp:
            fp.write(plan["work"] + "\n")
        ok, text = start_instance(args.pfroot, plan)
        if not ok:
            print("FAIL batch %d: postfix start failed: %s" % (b,
                text.strip()[-500:]))
            f += 1
            stop_instance(args.pfroot, plan)
            continue
        # the Dovecot stand-in (relay.py) for services with SMTP AUTH
        # (the logged-in client comes by XCLIENT LOGIN=, no AUTH is asked)
        relay.start_stubs({"policy_port": 0, "sasl_port": 0,
            "login": [LOGIN, os.urandom(8).hex()],
            "sasl_sockets": [os.path.join(plan["queue"], "private/auth")]})
        global FATALS
        FATALS = Fatals(plan["maillog"])
        FATALS.start()
        left = wait_ports([s["port"] for s in plan["services"]])
        if left:
            print("note: batch %d: %d services not listening" % (b,
                len(left)))
        byidx = {c["index"]: c for c in batch}
        def timed(s):
            t = time.time()
            r = ask_service(s, clients_for(byidx[s["index"]], s),
                byidx[s["index"]]["probes"]["rcpts"])
            if args.verbose:
                print("note: config %d %s asked in %.1f s" % (s["index"],
                    s["name"], time.time() - t))
            return r
        with concurrent.futures.ThreadPoolExecutor(args.threads) as ex:
            results = list(ex.map(timed, plan["services"]))
        if not args.keep:
            stop_instance(args.pfroot, plan)
        FATALS.done = True
        for s, res in zip(plan["services"], results):
            c = byidx[s["index"]]
            pred = preds[c["index"]]
            if "error" in pred:
                rows = [("DISAGREE", "config %d: %s" % (c["index"],
                    pred["error"]))]
            else:
                rows = compare(c, pred, s, res)
            for st, row in rows:
                if st == "ok":
                    p += 1
                elif st == "info":
                    info += 1
                elif st == "exception":
                    e += 1
                    if args.verbose:
                        print("exception: " + row)
                else:
                    f += 1
                    bad.setdefault(c["index"], []).append(row)
                if args.verbose and st in ("ok", "info"):
                    print("%s %s" % (st, row))
        print("note: batch %d-%d asked, %.0f s so far" % (b,
            b + len(batch) - 1, time.time() - t0))
    for i in sorted(bad):
        c = next(x for x in confs if x["index"] == i)
        for row in bad[i]:
            print("DISAGREE " + row)
        print("     mtaaudit grants: %s" % json.dumps({k: [
            {x: g[x] for x in ("kind", "what", "strangers", "partial",
            "uncertain")} for g in v["grants"]] for k, v in
            preds[i].items() if k != "_findings"}))
        print("     replay: %s" % ("ROOTS=" + c["seed"][5:] if
            c["seed"].startswith("file:") else "SEED=%s ONLY=%d" % (
            args.seed, i)) + " make oracle-generated")
        sys.stdout.write("".join("     " + l + "\n" for l in
            pfgen.show(c).splitlines()))
    print("note: %d configurations with disagreements; %d rows info only "
        "(local and relay-domain recipients); %.0f s" % (len(bad), info,
        time.time() - t0))
    print("%d %d %d" % (p, f, e))


if __name__ == "__main__":
    main()
