#!/usr/bin/env python3
# exim.py - the Exim relay oracle, one fixture at a time: ask Debian 12's
# real Exim (unpacked by scripts/exim-pkg.sh) with "exim -C FILE -bh ADDR"
# who may relay, and hold the answers against mtaaudit's listeners and
# grants.  tests/oracle/exim-relay.sh runs it for every Exim fixture:
#
#   exim.py --name NAME --fixture DIR --work W --exim D
#           --grantdump G --mtaaudit M
#
# DIR is fixtures/NAME (its root/, args and with files are read), W an
# empty work directory, D the unpacked Exim, G and M the built grantdump
# and mtaaudit.  tests/oracle/README-exim.md says what is changed, asked
# and compared.  Prints "change:", "ok",
# "DISAGREE" and "exception:" lines, and last "P F E" (agreements,
# disagreements, exceptions).  Exim runs only in host-checking mode
# (-bh: a fake SMTP session on standard input, no daemon, no port, no
# delivery), inside private network and UTS namespaces where permitted
# (no DNS: the answers do not depend on the machine's network; the host
# name is the fixture's).
import argparse
import base64
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ehlo  # noqa: E402 (tests/oracle/ehlo.py)

STRANGER = "203.0.113.5"        # TEST-NET-3: stands for the internet
LOOPBACK = "127.0.0.1"
SENDER = "someone@example.net"
HELO = "client.example.net"
VICTIM_DOMAIN = "remote.example"
STEP = 20                       # seconds any one Exim run may take
LOCAL_FORMS = ("percent", "quoted", "bang")
# lines of Exim's startup errors that name a feature Debian's build lacks
# (a property of the binary, not of the configuration files): the regular
# expression of the error, what the build lacks, the lines to comment out
BUILD_FEATURES = [
    (r'option "(dmarc_\w+)" unknown', "DMARC support (SUPPORT_DMARC)",
        r"^\s*(dmarc_\w+\s*=|(warn|deny|accept|require|defer|drop|discard)?"
        r"\s*dmarc_status\s*=)"),
    (r'unknown ACL condition/modifier in "(dmarc_status)', "DMARC support "
        "(SUPPORT_DMARC)", r"^\s*(warn|deny|accept|require|defer|drop|"
        r"discard)?\s*dmarc_status\s*="),
    (r"(openssl_options) is set but we're using GnuTLS", "OpenSSL (it is "
        "built with GnuTLS)", r"^\s*openssl_options\s*="),
]


def run(cmd, stdin=b"", timeout=STEP, cwd=None, env=None):
    """run - run CMD bounded in time; (rc, stdout, stderr) as text, rc
    None when it timed out"""
    try:
        p = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=timeout, cwd=cwd, env=env)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %d s" % timeout
    return p.returncode, p.stdout.decode("latin-1"), \
        p.stderr.decode("latin-1")


class Exim:
    """Exim - the unpacked Exim binary, run in private namespaces"""

    def __init__(self, pkg, host, defines, work):
        self.pkg = pkg
        self.bin = os.path.join(pkg, "usr/sbin/exim4")
        self.env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(pkg,
            "usr/lib/x86_64-linux-gnu") + ":" + os.path.join(pkg, "usr/lib"),
            TMPDIR=work)
        self.defines = ["-D" + d for d in defines]
        self.work = work
        self.wrap = []
        self.notes = []
        if run(["unshare", "-n", "-u", "true"])[0] == 0:
            self.wrap = ["unshare", "-n", "-u", "sh", "-c",
                'hostname "$0" && exec "$@"', host]
        elif run(["unshare", "-n", "true"])[0] == 0:
            self.wrap = ["unshare", "-n"]
            self.notes.append("unshare -u is not permitted: Exim sees the "
                "machine's host name")
        else:
            self.notes.append("unshare is not permitted: Exim runs with the "
                "machine's network (DNS answers may differ)")

    def __call__(self, conf, *args, stdin=b""):
        """call - run Exim with configuration CONF and ARGS"""
        return run(self.wrap + [self.bin, "-C", conf] + self.defines +
            list(args), stdin=stdin, cwd=self.work, env=self.env)


# ---------------------------------------------------------------- setup


def image_path(root, path):
    """image_path - where an absolute path of the configuration is in the
    copied root: ".." cannot climb above the root, as in mtaaudit"""
    return os.path.join(root, os.path.normpath("/" +
        path.lstrip("/")).lstrip("/"))


def rewrite_paths(text, root):
    """rewrite_paths - absolute paths that name files of the image (every
    /etc/... and anything else the image holds) now point into the copy,
    so that Exim never reads the machine's own /etc"""
    def sub(m):
        path = m.group(1)
        norm = os.path.normpath("/" + path.lstrip("/"))
        if norm.startswith("/etc/") or (norm != "/" and
            os.path.lexists(image_path(root, path))):
            return image_path(root, path)
        return path
    return re.sub(r'(?<=[\s=,{!(;<>"])(/[A-Za-z0-9_.+@%-][^\s:;,}(){"]*)',
        sub, text)


def drop_escaping_links(root):
    """drop_escaping_links - absolute symbolic links point into the copy;
    relative ones that leave it are removed; returns the removed ones"""
    gone = []
    real = os.path.realpath(root)
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(d, n)
            if not os.path.islink(p):
                continue
            t = os.readlink(p)
            if t.startswith("/"):
                os.unlink(p)
                os.symlink(image_path(real, t), p)
                continue
            t = os.path.normpath(os.path.join(d, t))
            if t != real and not t.startswith(real + "/"):
                os.unlink(p)
                gone.append(p[len(root):])
    return gone


def lay_image(fixture, pkg, dest, with_pkg):
    """lay_image - the root mtaaudit audits: the fixture's root, over
    Debian's packaged etc/exim4 tree when the fixture asks for it (as
    tests/golden.sh does)"""
    if with_pkg:
        os.makedirs(os.path.join(dest, "etc/exim4"))
        shutil.copy(os.path.join(pkg, "etc/exim4/exim4.conf.template"),
            os.path.join(dest, "etc/exim4"))
        shutil.copytree(os.path.join(pkg, "etc/exim4/conf.d"),
            os.path.join(dest, "etc/exim4/conf.d"), symlinks=True)
        shutil.copytree(os.path.join(fixture, "root"), dest, symlinks=True,
            dirs_exist_ok=True)
    else:
        shutil.copytree(os.path.join(fixture, "root"), dest, symlinks=True)


def host_name(root):
    """host_name - the image's host name: etc/hostname, else the first
    word of etc/mailname, else a name of our own"""
    for f in ("etc/hostname", "etc/mailname"):
        try:
            w = open(os.path.join(root, f), encoding="latin-1").read().split()
        except OSError:
            continue
        if w and re.match(r"^[A-Za-z0-9.-]+$", w[0]):
            return w[0]
    return "oracle-host.invalid"


def generate_debian(pkg, root, out, changes):
    """generate_debian - run Debian's update-exim4.conf on the copied
    image's etc/exim4, writing OUT; its hard-wired /etc/exim4, /etc/mailname,
    /var/lib/exim4 and /usr/sbin/exim4 paths point into the copy and the
    unpacked package (nothing outside the work directory is written).
    Returns an error text or None."""
    text = open(os.path.join(pkg, "usr/sbin/update-exim4.conf"),
        encoding="latin-1").read()
    for a, b in (("/etc/exim4", root + "/etc/exim4"),
        ("/etc/mailname", root + "/etc/mailname"),
        ("/var/lib/exim4", root + "/var/lib/exim4"),
        ("/usr/sbin/exim4", os.path.join(pkg, "usr/sbin/exim4"))):
        text = text.replace(a, b)
    script = os.path.join(os.path.dirname(out), "update-exim4.conf")
    with open(script, "w", encoding="latin-1") as f:
        f.write(text)
    env = dict(os.environ, TMPDIR=os.path.dirname(out))
    rc, so, se = run(["sh", script, "-d", root + "/etc/exim4", "-o", out],
        env=env, timeout=60)
    changes.append("configuration generated by Debian's update-exim4.conf "
        "(paths /etc/exim4, /etc/mailname, /var/lib/exim4 redirected into "
        "the copy): -d COPY/etc/exim4 -o %s" % os.path.basename(out))
    if rc != 0 or not os.path.isfile(out):
        return "update-exim4.conf failed (%s): %s" % (rc, (so + se).strip())
    return None


def add_oracle_router(conf, domains, changes):
    """add_oracle_router - a verify-only router first in the routers
    section that routes the test's remote domains (a redirect to
    :blackhole:), standing for the DNS a real remote domain has: recipient
    and sender verification of those domains succeed offline, nothing
    else changes"""
    text = open(conf, encoding="latin-1").read()
    router = ("\noracle_remote:\n  driver = redirect\n  domains = %s\n"
        "  verify_only\n  data = :blackhole:\n\n" % " : ".join(domains))
    m = re.search(r"^[ \t]*begin[ \t]+routers[ \t]*$", text, re.M)
    if m:
        text = text[:m.end()] + "\n" + router + text[m.end():]
    else:
        text += "\nbegin routers\n" + router
    with open(conf, "w", encoding="latin-1") as f:
        f.write(text)
    changes.append("a verify-only router oracle_remote first among the "
        "routers: %s verify as routable (redirect to :blackhole:), as a "
        "real remote domain with DNS would" % ", ".join(domains))


def comment_line(path, lineno, pattern=None):
    """comment_line - comment out line LINENO of PATH (or every line that
    matches PATTERN); how many lines were changed"""
    lines = open(path, encoding="latin-1").read().split("\n")
    n = 0
    for i, l in enumerate(lines):
        if (lineno and i + 1 == lineno) or (pattern and re.search(pattern,
            l)):
            if not l.lstrip().startswith("#"):
                lines[i] = "# oracle: " + l
                n += 1
    with open(path, "w", encoding="latin-1") as f:
        f.write("\n".join(lines))
    return n


def put_option(conf, line):
    """put_option - add a main option to CONF: on its first empty line
    outside every .ifdef and continuation, before the first "begin" (so
    that Exim's line numbers stay the fixture's), else as a new first
    line"""
    lines = open(conf, encoding="latin-1").read().split("\n")
    depth, prev = 0, ""
    for i, l in enumerate(lines):
        s = l.strip()
        if re.match(r"^begin\s", s + " "):
            break
        if re.match(r"^\.if", s):
            depth += 1
        elif re.match(r"^\.endif", s):
            depth -= 1
        elif s == "" and depth == 0 and not prev.endswith("\\"):
            lines[i] = line
            break
        if s:
            prev = l.rstrip()
    else:
        lines.insert(0, line)
    if line not in lines:
        lines.insert(0, line)
    with open(conf, "w", encoding="latin-1") as f:
        f.write("\n".join(lines))


def config_files(confdir):
    """config_files - the text files of the copied configuration directory"""
    out = []
    for d, _, files in os.walk(confdir):
        for n in files:
            p = os.path.join(d, n)
            if os.path.isfile(p) and not os.path.islink(p):
                out.append(p)
    return out


# ---------------------------------------------------------------- mtaaudit


def mtaaudit_view(args, image, defines):
    """mtaaudit_view - mtaaudit's JSON report of the image"""
    dargs = []
    for d in defines:
        dargs += ["--define", d]
    rc, so, se = run([args.mtaaudit, "audit", "--root", image, "--format",
        "json", "--fail-on", "none"] + dargs, timeout=60)
    try:
        report = json.loads(so)
    except ValueError:
        sys.exit("exim.py: mtaaudit gave no JSON (%s): %s" % (rc, se[:300]))
    return report


def grant_lines(args, image, defines, addrs):
    """grant_lines - grantdump's conf, listener and grant lines"""
    cmd = [args.grantdump, image]
    for d in defines:
        cmd += ["-D", d]
    rc, so, se = run(cmd + addrs, timeout=60)
    if rc != 0:
        sys.exit("exim.py: grantdump failed (%s): %s" % (rc, se[:300]))
    confs, lst = [], {}
    order = []
    for line in so.splitlines():
        f = line.split("\t")
        if f[0] == "conf":
            confs.append((f[1], f[2]))
        elif f[0] == "listener":
            lst[f[1]] = {"label": f[1], "service": f[2],
                "reachable": f[3] == "yes", "port": int(f[4] or 0),
                "nets": []}
            order.append(f[1])
        elif f[0] == "fields":
            lst[f[1]]["fields"] = dict(x.split("=", 1) for x in f[2:]
                if "=" in x)
        elif f[0] == "grant":
            d = dict(x.split("=", 1) for x in f[4:] if "=" in x)
            lst[f[1]]["nets"].append(([x for x in d.get("nets",
                "").split(",") if x], {a: v == "yes" for a, v in d.items()
                if a != "nets"}))
    return confs, [lst[k] for k in order]


def listeners(report, glines):
    """listeners - mtaaudit's Exim listeners, each with its grants (the
    JSON's flags plus grantdump's address sets) and port"""
    byl = {g["label"]: g for g in glines}
    out = []
    for l in report["listeners"]:
        if l["mta"] != "exim":
            continue
        g = byl.get(l["listener"], {"nets": [], "port": l.get("port", 0)})
        for gr, (nets, has) in zip(l["grants"], g["nets"]):
            gr["nets"], gr["has"] = nets, has
        for gr in l["grants"]:
            gr.setdefault("nets", [])
            gr.setdefault("has", {})
        out.append(dict(l, port=l.get("port") or g.get("port") or 25,
            fields=g.get("fields", {})))
    return out


# ---------------------------------------------------------------- ask


def exim_list(value):
    """exim_list - the items of an Exim list (":" or "<X" separated;
    "::" is a literal colon)"""
    value = value.strip()
    sep = ":"
    m = re.match(r"^<\s*(\S)", value)
    if m:
        sep, value = m.group(1), value[m.end():]
    if sep == ":":
        value = value.replace("::", "\0")
    return [i.strip().replace("\0", ":") for i in value.split(sep)
        if i.strip()]


def exim_named_lists(exim, conf, files, kind):
    """exim_named_lists - {name: items} of the hostlists or domainlists
    the configuration files define, as Exim has them (-bP +NAME: after
    macros and includes)"""
    names = set()
    for path in files:
        try:
            text = open(path, encoding="latin-1").read()
        except OSError:
            continue
        names.update(re.findall(r"^\s*%s\s+([A-Za-z0-9_]+)" % kind, text,
            re.M))
    out = {}
    for n in sorted(names):
        rc, so, se = exim(conf, "-bP", "+" + n)
        m = re.match(r"^%s\s+(\S+)\s*=\s*(.*)$" % kind, so.strip())
        if m:
            out[m.group(1)] = exim_list(m.group(2))
    return out


def member(item):
    """member - an IPv4 address inside a host list item (a network's
    first host), or None"""
    try:
        net = ipaddress.ip_network(item, strict=False)
    except ValueError:
        return None
    if net.version != 4 or net.is_loopback or \
        ipaddress.ip_address(STRANGER) in net:
        return None
    return str(net.network_address + (1 if net.num_addresses > 1 else 0))


def forged_client(g):
    """forged_client - a stranger that forges what a forgeable grant
    trusts (sender or HELO name), or None when its text names no value"""
    w = g["what"]
    m = re.search(r"\bsenders\s*=\s*(.*)$", w)
    if m:
        for item in exim_list(m.group(1)):
            if item.startswith("*@") and "*" not in item[2:]:
                s = "someone@" + item[2:]
            elif item.startswith("@") and "*" not in item:
                s = "someone" + item
            elif "@" in item and not re.search(r"[*^$\\]", item):
                s = item
            else:
                continue
            return {"who": "stranger, sender %s" % s, "addr": STRANGER,
                "helo": HELO, "sender": s, "forged_for": w}
    m = re.search(r"\bsender_domains\s*=\s*(.*)$", w)
    if m:
        for item in exim_list(m.group(1)):
            if not re.search(r"[*^$\\+]", item):
                s = "someone@" + item
                return {"who": "stranger, sender %s" % s, "addr": STRANGER,
                    "helo": HELO, "sender": s, "forged_for": w}
    m = re.search(r"sender_helo_name\}?\s*\}?\s*\{([A-Za-z0-9.-]+)\}", w)
    if m:
        return {"who": "stranger, HELO %s" % m.group(1), "addr": STRANGER,
            "helo": m.group(1), "sender": SENDER, "forged_for": w}
    return None


def clients(lst, hostlists):
    """clients - who asks: a stranger (also forging what a forgeable grant
    trusts, and with a made-up AUTH password), a member of each networks
    grant and of Exim's own host lists, an address a list excludes, and
    127.0.0.1"""
    out = [{"who": "stranger", "addr": STRANGER, "helo": HELO,
        "sender": SENDER}]
    for g in lst["grants"]:
        if g["kind"] == "forgeable":
            c = forged_client(g)
            if c and c["who"] not in [x["who"] for x in out]:
                out.append(c)
    out.append({"who": "stranger, AUTH with a made-up password",
        "addr": STRANGER, "helo": HELO, "sender": SENDER, "auth": "?"})
    members, excluded = [], []
    cands = [n for g in lst["grants"] if g["kind"] in ("networks",
        "anyone") for n in g["nets"]]
    for items in hostlists.values():
        cands += items
    for n in cands:
        neg = n.startswith("!")
        a = member(n.lstrip("!").strip())
        if a and a not in members + excluded:
            (excluded if neg else members).append(a)
    for a in members[:2]:
        out.append({"who": "network member", "addr": a, "helo": HELO,
            "sender": SENDER})
    for a in excluded[:1]:
        out.append({"who": "excluded from a host list", "addr": a,
            "helo": HELO, "sender": SENDER})
    out.append({"who": "loopback", "addr": LOOPBACK, "helo": HELO,
        "sender": SENDER})
    return out


def questions(host, suffixes):
    """questions - the recipients asked: a remote victim, the nmap relay
    forms, and one in each single-label suffix ("*.com") relay_to_domains
    names"""
    qs = [("remote", "victim@" + VICTIM_DOMAIN),
        ("percent", "user%%%s@%s" % (VICTIM_DOMAIN, host)),
        ("quoted", '"user@%s"@%s' % (VICTIM_DOMAIN, host)),
        ("source-route", "@%s:user@%s" % (host, VICTIM_DOMAIN)),
        ("bang", "%s!user@%s" % (VICTIM_DOMAIN, host))]
    for s in suffixes:
        qs.append(("in ." + s, "victim@relay-test." + s))
    return qs


def replies(text):
    """replies - the SMTP replies of a -bh session's standard output, each
    (code, text of all its lines)"""
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


def decision(trace, acl):
    """decision - the statement of the RCPT ACL that decided, from Exim's
    -bh trace: (verb, "file line", [conditions checked], ACL verdict)"""
    lines = trace.splitlines()
    start = None
    for i, l in enumerate(lines):
        if l == '>>> using ACL "%s"' % acl:
            start = i
    if start is None:
        return None
    verb, where, checks, verdict = None, "", [], ""
    for l in lines[start + 1:]:
        m = re.match(r'^>>> processing "(\w+)" \((.*)\)$', l)
        if m:
            verb, where, checks = m.group(1), m.group(2), []
            continue
        m = re.match(r"^>>> check (!?\w+)", l)
        if m:
            checks.append(m.group(1))
            continue
        m = re.match(r'^>>> end of ACL "%s": (.*)$' % re.escape(acl), l)
        if m:
            verdict = m.group(1)
            break
    if "implicit" in verdict:
        verb, where, checks = "implicit deny", "", []
    return verb, where, checks, verdict


def ask(exim, conf, port, iface, client, rcpt, acl):
    """ask - one -bh session: EHLO, (AUTH), MAIL, RCPT, QUIT; returns a
    dict with the answer (accept/refuse/skip), the reply text, the
    deciding ACL statement and whether AUTH was offered"""
    cmds = ["EHLO " + client["helo"]]
    if client.get("auth") == "PLAIN":
        cmds.append("AUTH PLAIN " + base64.b64encode(
            b"\0oracle\0made-up-password").decode())
    elif client.get("auth") == "LOGIN":
        cmds.append("AUTH LOGIN " + base64.b64encode(b"oracle").decode())
        cmds.append(base64.b64encode(b"made-up-password").decode())
    cmds += ["MAIL FROM:<%s>" % client["sender"], "RCPT TO:<%s>" % rcpt,
        "QUIT"]
    stdin = "".join(c + "\r\n" for c in cmds).encode()
    rc, so, se = exim(conf, "-bh", client["addr"], "-oMi", "%s.%d" %
        (iface, port), stdin=stdin)
    rs = replies(so)
    res = {"answer": "refuse", "text": "", "decided": None, "auth": None}
    if rc is None:
        res.update(answer="down", text="Exim: " + se)
        return res
    if not rs or rs[0][0] // 100 != 2:
        res.update(answer="down", text="no greeting: %s %s" % (
            rs[0] if rs else "", se.strip()[-200:]))
        return res
    rs = rs[1:]
    ehlo = rs.pop(0) if rs else (0, "")
    m = re.search(r"(?:^| / )AUTH ([^/]*)", ehlo[1])
    res["mechanisms"] = m.group(1).upper().split() if m else []
    if client.get("auth"):
        a = rs.pop(0) if rs else (0, "no reply")
        if client["auth"] == "LOGIN":
            b = rs.pop(0) if rs else (0, "no reply")
            a = b if a[0] == 334 else a
        res["auth"] = "%d %s" % a
    mail = rs.pop(0) if rs else None
    rcptr = rs.pop(0) if rs else None
    if mail is None or mail[0] // 100 != 2:
        res["text"] = "MAIL: %s" % ("%d %s" % mail if mail else
            "connection dropped")
        return res
    if rcptr is None:
        res["text"] = "RCPT: connection dropped"
        return res
    res["text"] = "%d %s" % rcptr
    res["answer"] = "accept" if rcptr[0] // 100 == 2 else "refuse"
    res["decided"] = decision(se, acl)
    return res


def probe(exim, conf, port, iface, implicit):
    """probe - what the listener advertises to a stranger in one -bh
    session: EHLO and MAIL (before any STARTTLS, which -bh cannot do);
    ehlo.py's observation.  An
    implicit-TLS port (tls_on_connect_ports) cannot be asked: -bh has no
    TLS on connect."""
    obs = {"plain": None, "starttls": None, "implicit": None, "limits": [
        "exim -bh runs no TLS: STARTTLS cannot be asked, only the "
        "EHLO before it"]}
    if implicit:
        obs["limits"].append("exim -bh has no TLS on connect "
            "(tls_on_connect_ports)")
        return obs
    cmds = ["EHLO " + HELO, "MAIL FROM:<%s>" % SENDER, "RSET", "QUIT"]
    stdin = "".join(c + "\r\n" for c in cmds).encode()
    rc, so, se = exim(conf, "-bh", STRANGER, "-oMi", "%s.%d" % (iface,
        port), stdin=stdin)
    rs = replies(so)
    if rc is None or not rs or rs[0][0] // 100 != 2:
        obs["plain_error"] = "no greeting"
        return obs
    rs = rs[1:]
    e = rs.pop(0) if rs else (0, "")
    mail = rs.pop(0) if rs else None
    obs["plain"] = {"ehlo": e[1], "mail": mail}
    return obs


def routes_remote(exim, conf, addr):
    """routes_remote - does Exim's routing of ADDR (address verification,
    -bv, with route debugging) reach a remote.example address?"""
    rc, so, se = exim(conf, "-d-all+route", "-bv", addr)
    routed = re.findall(r"^\s*(?:\d+\s+)?routing (\S+)$", se + so, re.M)
    return any(a.endswith("@" + VICTIM_DOMAIN) for a in routed), \
        (so.strip().splitlines() or [""])[-1]


# ---------------------------------------------------------------- predict


def in_nets(addr, nets):
    """in_nets - does a list of prefixes hold ADDR?"""
    a = ipaddress.ip_address(addr)
    for n in nets:
        try:
            if a in ipaddress.ip_network(n.strip("[]").replace("]/", "/"),
                strict=False):
                return True
        except ValueError:
            pass
    return False


def predict(lst, client, qname):
    """predict - does mtaaudit say this client relays this recipient?
    (accept?, why, an uncertain grant that might admit it or None);
    relay.py's rule, plus the authenticated grant for a client that
    authenticates with a made-up password"""
    unsure = None
    for g in lst["grants"]:
        # the addresses mtaaudit is sure of, even in an uncertain grant
        # (grantdump's answer for the client; else its first prefixes)
        held = g["has"].get(client["addr"])
        if held is None:
            held = bool(g["nets"]) and in_nets(client["addr"], g["nets"])
        if g["kind"] in ("networks", "anyone") and held:
            return True, "%s grant: %s" % (g["kind"], g["what"]), None
        admits = g["strangers"] and (
            (g["kind"] == "anyone" and not g["partial"]) or
            (g["kind"] == "forgeable" and client.get("forged_for") ==
                g["what"]) or
            (g["kind"] == "destination" and (not g["partial"] or
                qname.startswith("in ."))) or
            (g["kind"] == "authenticated" and client.get("auth") and
                not g["partial"]))
        if g["uncertain"]:
            if admits or g["kind"] in ("networks", "unknown"):
                unsure = unsure or g
            continue
        if admits:
            return True, "%s grant: %s" % (g["kind"], g["what"]), None
    return False, "no grant admits this client", unsure


# ---------------------------------------------------------------- main


def refused_config(report):
    """refused_config - mtaaudit's PRS001 findings for Exim, and its
    PRS004 for a configuration file that is itself unreadable or not text
    (line 0: no line names it), for which mtaaudit makes no verdict"""
    return [f for f in report["findings"] if f.get("mta") in ("exim", None)
        and (f["id"] == "PRS001" or (f["id"] == "PRS004" and
        f.get("line", 0) == 0))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--exim", required=True)
    ap.add_argument("--grantdump", required=True)
    ap.add_argument("--mtaaudit", required=True)
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    pkg = os.path.abspath(args.exim)
    name = args.name
    p = f = e = 0
    changes = []
    out = []

    # defines: the fixture's --define arguments go to both tools
    defines = []
    try:
        a = open(os.path.join(args.fixture, "args")).read().split()
    except OSError:
        a = []
    for i, w in enumerate(a):
        if w in ("--define", "-D") and i + 1 < len(a):
            defines.append(a[i + 1])
        elif w.startswith("--define="):
            defines.append(w.split("=", 1)[1])
    try:
        with_pkg = "exim4-config" in open(os.path.join(args.fixture,
            "with")).read().split()
    except OSError:
        with_pkg = False

    # the image mtaaudit audits, and the copy Exim runs (changed)
    image = os.path.join(work, "image")
    root = os.path.join(work, "root")
    if with_pkg:
        lay_image(args.fixture, pkg, image, True)
        changes.append("Debian's packaged etc/exim4 (exim4.conf.template, "
            "conf.d/) laid under the fixture's root, as tests/golden.sh "
            "does; mtaaudit audits that tree")
    else:
        image = os.path.join(args.fixture, "root")
    shutil.copytree(image, root, symlinks=True)
    for g in drop_escaping_links(root):
        changes.append("symbolic link %s leaves the image: removed" % g)
    report = mtaaudit_view(args, image, defines)
    confs, _ = grant_lines(args, image, defines, [STRANGER])
    edirs = [d for m, d in confs if m == "exim"]
    if not edirs:
        print("exception: exim %s: mtaaudit finds no Exim configuration" %
            name)
        print("0 0 1")
        return
    cdir = os.path.join(root, edirs[0])
    conf = None
    for n in ("exim4.conf", "exim.conf", "configure"):
        if os.path.isfile(os.path.join(cdir, n)):
            conf = os.path.join(cdir, n)
            break
    for path in config_files(cdir):
        try:
            text = open(path, encoding="latin-1").read()
        except OSError:
            continue
        if "\0" in text:
            continue
        new = rewrite_paths(text, root)
        if new != text:
            with open(path, "w", encoding="latin-1") as fp:
                fp.write(new)
    changes.append("absolute paths to files of the image (/etc/... and "
        "any the image holds; \"..\" stops at its root) point into the copy")
    if conf is None:
        if os.path.isfile(os.path.join(cdir, "update-exim4.conf.conf")):
            conf = os.path.join(work, "config.autogenerated")
            err = generate_debian(pkg, root, conf, changes)
            if err:
                print("FAIL exim %s: %s" % (name, err))
                print("0 1 0")
                return
            with open(conf, encoding="latin-1") as fp:
                text = fp.read()
            with open(conf, "w", encoding="latin-1") as fp:
                fp.write(rewrite_paths(text, root))
        else:
            print("exception: exim %s: no configuration file in %s" %
                (name, edirs[0]))
            print("0 0 1")
            return
    else:
        changes.append("configuration: %s (%s)" % (conf[len(root) + 1:],
            "a hand-made Debian exim4.conf wins over update-exim4.conf"
            if with_pkg else "the fixture's own"))
    # Exim's logs go to the work directory (a -bh session writes its log
    # lines to standard error, but start-up warnings go to the main log)
    os.chmod(work, 0o755)       # Exim drops to Debian-exim: it passes
    logdir = os.path.join(work, "log")
    os.makedirs(logdir)
    try:
        shutil.chown(logdir, "Debian-exim", "Debian-exim")
    except (LookupError, OSError):
        os.chmod(logdir, 0o777)
    n = 0
    for path in config_files(cdir) + ([conf] if not
        conf.startswith(cdir + "/") else []):
        n += comment_line(path, 0, r"^\s*log_file_path\s*=")
    put_option(conf, "log_file_path = %s/%%slog" % logdir)
    changes.append("log_file_path = WORK/log/%%slog added to the main "
        "section%s" % ("" if not n else
        " (the configuration's own commented out)"))
    host = host_name(root)
    exim = Exim(pkg, host, defines, work)
    for n in exim.notes:
        out.append("   note: " + n)
    changes.append("Exim runs with -bh (no daemon, nothing delivered) in "
        "private network and UTS namespaces, host name %s%s" % (host,
        "; -D" + " -D".join(defines) if defines else ""))

    # does Exim start?  Lines that need a feature Debian's build lacks are
    # commented out (an exception each); any other error is a refusal
    for _ in range(6):
        rc, so, se = exim(conf, "-bV")
        if rc == 0:
            break
        fixed = False
        for rx, lacks, lines in BUILD_FEATURES:
            m = re.search(rx, se)
            if not m:
                continue
            n = 0
            for path in config_files(cdir) + [conf]:
                n += comment_line(path, 0, lines)
            if n:
                fixed = True
                said = [x for x in refused_config(report)
                    if m.group(1) in x["message"]]
                if said:
                    # mtaaudit knows this tree's build (Debian's exim4)
                    p += 1
                    out.append("ok   exim %s | Debian's Exim 4.96 lacks %s "
                        "and refuses %s | mtaaudit: PRS001: %s; %d line(s) "
                        "commented out, the rest asked" % (name, lacks,
                        m.group(1), said[0]["message"], n))
                else:
                    e += 1
                    out.append("exception: exim %s: Debian's Exim 4.96 "
                        "lacks %s (%s), a property of the binary that no "
                        "configuration file shows; %d line(s) commented "
                        "out, the rest asked" % (name, lacks, " ".join(
                        se.split("\n", 1)[-1].split()), n))
                changes.append("commented out: %s (this build lacks %s)" %
                    (m.group(1), lacks))
            break
        if not fixed:
            break
    if rc != 0 and not re.search(r"configuration error|is set but", se):
        print("FAIL exim %s: Exim does not run (status %s): %s" % (name, rc,
            " ".join(se.split())[:300]))
        print("0 1 0")
        return
    if rc != 0:
        err = " ".join(l.strip() for l in se.splitlines()
            if "Warning: purging" not in l and "keep_environment" not in l)
        prs = refused_config(report)
        print("== exim %s" % name)
        for c in changes:
            print("   change: " + c)
        for l in out:
            print(l)
        err = re.sub(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d ", "", err)
        row = "%s | Exim refuses the configuration: %s | mtaaudit: %s" % (
            name, err.replace(root + "/", "COPY/").replace(work + "/",
            "WORK/")[:300],
            ("%s: %s" % (prs[0]["id"], prs[0]["message"])) if prs else
            "no PRS001 finding (%s)" % "; ".join("%s %s" % (x["id"],
            x["message"]) for x in report["findings"] if x["category"] ==
            "parse") or "no parse finding")
        if prs:
            print("ok   exim " + row)
            p += 1
        else:
            print("DISAGREE exim " + row)
            f += 1
        print("%d %d %d" % (p, f, e))
        return

    # Exim's own view: host name, RCPT ACL, lists
    rc, so, se = exim(conf, "-bP", "primary_hostname")
    host = so.split("=", 1)[1].strip() if "=" in so else host
    rc, so, se = exim(conf, "-bP", "acl_smtp_rcpt")
    acl = so.split("=", 1)[1].strip() if "=" in so else ""
    files = config_files(cdir) + [conf]
    hostlists = exim_named_lists(exim, conf, files, "hostlist")
    domainlists = exim_named_lists(exim, conf, files, "domainlist")
    suffixes = []
    for d in domainlists.get("relay_to_domains", []):
        m = re.match(r"^\*\.?([A-Za-z0-9-]+)$", d)
        if m and m.group(1) not in suffixes:
            suffixes.append(m.group(1))
    add_oracle_router(conf, [VICTIM_DOMAIN, SENDER.split("@")[1]] +
        ["relay-test." + s for s in suffixes], changes)
    rc, so, se = exim(conf, "-bV")
    if rc != 0:
        print("FAIL exim %s: Exim refuses the oracle router: %s" % (name,
            " ".join(se.split())[:300]))
        print("0 1 0")
        return

    lsts = listeners(report, grant_lines(args, image, defines,
        [STRANGER])[1])
    # grantdump again, asked about every client address
    addrs = sorted({c["addr"] for l in lsts for c in clients(l,
        hostlists)})
    lsts = listeners(report, grant_lines(args, image, defines, addrs)[1])
    print("== exim %s" % name)
    for c in changes:
        print("   change: " + c)
    for l in out:
        print(l)
    bad = []
    qs = questions(host, suffixes)
    rc, so, se = exim(conf, "-bP", "tls_on_connect_ports")
    onconnect = re.split(r"[\s:]+", so.split("=", 1)[1].strip()) \
        if "=" in so else []
    for l in lsts:
        label = "%s %s" % (name, l["listener"])
        m = re.match(r"^\S+ (\d+\.\d+\.\d+\.\d+):\d+$", l["listener"])
        iface = m.group(1) if m and m.group(1) != "0.0.0.0" else LOOPBACK
        # what the listener advertises before STARTTLS (ehlo.py)
        obs = probe(exim, conf, l["port"], iface,
            str(l["port"]) in onconnect)
        for ok, row in ehlo.compare(label, l["fields"], obs):
            row = "ehlo " + row.replace(root + "/", "")
            if ok is None:
                print("exception: " + row)
                e += 1
            elif ok:
                print("ok   " + row)
                p += 1
            else:
                print("FAIL " + row)
                f += 1
                bad.append((row, None))
        reach = "" if l["reachable"] else \
            " [mtaaudit: not reachable from other hosts; asked as if it were]"
        if l.get("auth") and any(g["kind"] == "authenticated" and
            not g["strangers"] for g in l["grants"]):
            print("exception: exim %s: the authenticated client with real "
                "credentials is not asked (-bh has no user database; a "
                "made-up password is asked instead)" % label)
            e += 1
        for c in clients(l, hostlists):
            cq = qs
            if c.get("auth"):
                # the mechanism: PLAIN or LOGIN, as Exim's EHLO offers;
                # none offered: nothing new to ask
                mech = ask(exim, conf, l["port"], iface, dict(c,
                    auth=None), qs[0][1], acl).get("mechanisms", [])
                c = dict(c, auth=next((x for x in ("PLAIN", "LOGIN")
                    if x in mech), None))
                if not c["auth"]:
                    continue
                c["who"] += " (AUTH %s)" % c["auth"]
                cq = qs[:1]
            relays = None           # Exim's answer to the remote victim
            for qn, rcpt in cq:
                r = ask(exim, conf, l["port"], iface, c, rcpt, acl)
                acc, why, unsure = predict(l, c, qn)
                ans = r["answer"]
                d = r["decided"]
                dtext = ""
                if d:
                    dtext = " [decided by %s (%s)%s]" % (d[0], d[1],
                        (" checking " + ", ".join(d[2])) if d[2] else "")
                if c.get("auth"):
                    dtext += " [AUTH: %s]" % r["auth"]
                note = ""
                ok = (ans == "accept") == acc and ans != "down"
                if qn in LOCAL_FORMS and not ok and ans == "accept" and \
                    not acc:
                    # a local domain's address: relayed only when Exim
                    # routes it to the remote domain (percent hack)
                    remote, vtext = routes_remote(exim, conf, rcpt)
                    if not remote:
                        ok = True
                        note = "; accepted for a local domain, and Exim " \
                            "routes it locally (-bv: %s): no relay" % vtext
                if qn in LOCAL_FORMS and not ok and ans == "refuse" and \
                    acc and relays == "accept":
                    # the client relays (its remote victim was accepted):
                    # refusing a mailbox of the local domain (restricted
                    # characters, no such user) is no relay refusal
                    ok = True
                    note = "; refused as a mailbox of a local domain, " \
                        "while this client's remote victim is accepted: " \
                        "not a relay refusal"
                if qn == "remote":
                    relays = ans
                row = "%s | %s (%s) | %s | mtaaudit: %s (%s) | exim: %s: " \
                    "%s%s%s%s" % (label, c["who"], c["addr"], qn,
                    "accept" if acc else "refuse", why, ans,
                    r["text"][:120], dtext, note, reach)
                row = row.replace(root + "/", "").replace(work + "/", "")
                if ok:
                    print("ok   " + row)
                    p += 1
                elif unsure is not None:
                    print("exception: exim %s (mtaaudit's grant \"%s\" is "
                        "uncertain: it depends on what the files do not say)"
                        % (row, unsure["what"]))
                    e += 1
                else:
                    print("FAIL " + row)
                    f += 1
                    bad.append((row, rcpt))
    for row, rcpt in bad:
        print("DISAGREE " + row)
        if rcpt is not None:
            print("     RCPT TO:<%s>" % rcpt)
    print("%d %d %d" % (p, f, e))


if __name__ == "__main__":
    main()
