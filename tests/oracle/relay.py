#!/usr/bin/env python3
# relay.py - part 2 of the Postfix oracle: ask a private, running Postfix
# whether it relays, and hold its answers against mtaaudit's grants.
# tests/oracle/postfix-relay.sh runs the three steps for each fixture:
#
#   relay.py setup  --pfroot P --fixture ROOT --work W --pfdump D
#       copy the fixture's root to W/root and change its main.cf and
#       master.cf only as the test needs (see setup()); write W/plan.json
#   relay.py ask    --work W
#       (Postfix started by the caller) run the stand-in policy and
#       Dovecot auth servers, ask every listener the relay questions over
#       SMTP on 127.0.0.1, write W/answers.json
#   relay.py report --work W --label NAME
#       compare with mtaaudit's prediction; print a table, the
#       disagreements in full, and last "P F E" (agreements,
#       disagreements, exceptions)
import argparse
import base64
import ipaddress
import json
import os
import re
import resource
import shutil
import smtplib
import socket
import ssl
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ehlo  # noqa: E402 (tests/oracle/ehlo.py)

STRANGER = "203.0.113.5"        # TEST-NET-3: stands for the internet
LOOPBACK = "127.0.0.1"
SENDER = "someone@example.net"
LOGIN_SENDER = "oracle-login@example.net"   # the test login's own sender
HELO = "client.example.net"
VICTIM_DOMAIN = "remote.example"
TIMEOUT = 8                     # seconds per SMTP reply
TLS_PARAMS = ("smtpd_tls_chain_files", "smtpd_tls_cert_file",
    "smtpd_tls_key_file", "smtpd_tls_eccert_file", "smtpd_tls_eckey_file",
    "smtpd_tls_dcert_file", "smtpd_tls_dkey_file")
INDEXED = ("hash", "btree")     # table types postmap builds (built in)
TEXT_TABLES = ("cidr", "pcre", "regexp", "texthash")
SEP = r"(?<=[\s=:,{!(])"        # what may precede a path or table name


def run(cmd, env=None, timeout=60):
    """run - run CMD bounded in time; (rc, stdout+stderr)"""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, "timed out"
    return p.returncode, p.stdout.decode("latin-1")


HELD = []                       # sockets that keep chosen ports apart


def free_port():
    """free_port - a TCP port on 127.0.0.1 that nothing listens on now;
    its socket stays open until setup ends, so no two choices collide"""
    s = socket.socket()
    s.bind((LOOPBACK, 0))
    HELD.append(s)
    return s.getsockname()[1]


def pf_env(pfroot):
    """pf_env - the environment the unpacked Postfix programs need"""
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = os.path.join(pfroot, "usr/lib/postfix")
    return env


def postconf(plan, *args):
    """postconf - run the unpacked postconf on the test configuration;
    its standard output (warnings are dropped).  When Postfix refuses the
    configuration (or cannot expand it in 10 s and 1 GiB) no Postfix can
    run it: say why and exit with status 3."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    try:
        p = subprocess.run([os.path.join(plan["pfroot"],
            "usr/sbin/postconf"), "-c", plan["conf"]] + list(args),
            env=pf_env(plan["pfroot"]), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=10, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        print("postconf did not finish within 10 s")
        sys.exit(3)
    if p.returncode != 0:
        err = p.stderr.decode("latin-1").strip().splitlines()
        print(" / ".join(l.split(": ", 1)[-1] for l in err[-2:]))
        sys.exit(3)
    return p.stdout.decode("latin-1")


# ---------------------------------------------------------------- setup


def master_entries(text):
    """master_entries - master.cf as a list of entries, each a list of
    physical lines (comments and blank lines are entries of their own)"""
    entries = []
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and line.strip() and \
            not line.lstrip().startswith("#") and entries and \
            entries[-1][0][:1] not in ("#", ""):
            entries[-1].append(line)
        else:
            entries.append([line])
    return entries


def entry_fields(entry):
    """entry_fields - the white-space fields of an entry, or None"""
    first = entry[0]
    if first[:1] in ("#", "", " ", "\t"):
        return None
    return " ".join(entry).split()


def rewrite_paths(text, root):
    """rewrite_paths - absolute paths that name configuration inside the
    image (every /etc/... and anything else the image holds) now point
    into the copy, so the instance never reads the machine's /etc"""
    def sub(m):
        path = m.group(1)
        if path.startswith("/etc/") or \
            os.path.lexists(os.path.join(root, path.lstrip("/"))):
            return root + path
        return path
    return re.sub(SEP + r"(/[A-Za-z0-9_.+@%-][^\s,}()]*)", sub, text)


def rewrite_policy(text, port, seen):
    """rewrite_policy - every check_policy_service talks to the stand-in
    policy server on 127.0.0.1:PORT (it answers DUNNO)"""
    def sub(m):
        seen.append(m.group(2))
        return "check_policy_service" + m.group(1) + \
            "inet:127.0.0.1:%d" % port
    return re.sub(r"check_policy_service([\s,]+)(\{[^}]*\}|[^\s,]+)",
        sub, text)


def drop_escaping_links(root):
    """drop_escaping_links - remove symbolic links in the copied image
    that resolve outside it (as mtaaudit refuses to follow them, the test
    must not read the machine's files through them); returns their
    image paths"""
    gone = []
    real = os.path.realpath(root)
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(d, n)
            if not os.path.islink(p):
                continue
            t = os.readlink(p)
            if t.startswith("/"):
                # absolute: meant inside the image; point it there
                os.unlink(p)
                os.symlink(os.path.join(real, t.lstrip("/")), p)
                continue
            t = os.path.join(d, t)
            # resolve ".." textually inside the image, as mtaaudit does
            t = os.path.normpath(t)
            if t != real and not t.startswith(real + "/"):
                os.unlink(p)
                gone.append(p[len(root):])
    return gone


def comment_out(text, names):
    """comment_out - turn main.cf's own definitions of NAMES (with their
    continuation lines) into comments, so that the values appended by the
    test are the only ones and Postfix does not warn about duplicates"""
    out, inside = [], False
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)\s*=", line)
        if m:
            inside = m.group(1) in names
        elif line[:1] not in (" ", "\t") or not line.strip():
            inside = inside and line.lstrip().startswith("#")
        out.append("#oracle# " + line if inside else line)
    return "\n".join(out) + "\n"


def make_pem(work):
    """make_pem - a throw-away self-signed key and certificate, one file"""
    pem = os.path.join(work, "oracle.pem")
    if not os.path.exists(pem):
        key, crt = pem + ".key", pem + ".crt"
        rc, out = run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
            "-nodes", "-days", "2", "-subj", "/CN=oracle.invalid",
            "-keyout", key, "-out", crt])
        if rc != 0:
            sys.exit("relay: openssl failed: " + out)
        with open(pem, "w") as f:
            f.write(open(key).read() + open(crt).read())
    return pem


def setup(args):
    """setup - build the test instance; every change is listed in
    plan["changes"] and printed by the report"""
    pfroot = os.path.abspath(args.pfroot)
    work = os.path.abspath(args.work)
    root = os.path.join(work, "root")
    conf = os.path.join(root, "etc/postfix")
    shutil.copytree(args.fixture, root, symlinks=True)
    escaped = drop_escaping_links(root)
    plan = {"pfroot": pfroot, "work": work, "root": root, "conf": conf,
        "fixture": os.path.abspath(args.fixture), "changes": [],
        "queue": os.path.join(work, "queue"),
        "maillog": os.path.join(work, "maillog"),
        "policy_port": free_port(), "sasl_port": free_port(),
        "services": {}, "policies": []}
    changes = plan["changes"]
    for p in escaped:
        changes.append("symbolic link %s leaves the image: removed (the "
            "test reads nothing outside the fixture)" % p)
    # Postfix creates queue and data itself (owned by mail_owner); its
    # unprivileged processes must be able to reach them
    os.chmod(work, 0o755)
    os.makedirs(os.path.join(work, "meta"))
    os.makedirs(plan["queue"])
    # meta_directory: the package's files, dynamicmaps.cf for pcre:
    meta = os.path.join(work, "meta")
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

    # main.cf: paths and policy services rewritten, overrides appended
    main_path = os.path.join(conf, "main.cf")
    main = open(main_path, encoding="latin-1").read() \
        if os.path.exists(main_path) else ""
    main = rewrite_policy(rewrite_paths(main, root), plan["policy_port"],
        plan["policies"])

    # master.cf: every inet service rebound to its own loopback port
    master_path = os.path.join(conf, "master.cf")
    if os.path.exists(master_path):
        master = open(master_path, encoding="latin-1").read()
    else:
        master = "smtp inet n - y - - smtpd\n"
        changes.append("no master.cf: Postfix's own smtp service used")
    master = rewrite_policy(rewrite_paths(master, root),
        plan["policy_port"], plan["policies"])
    out, have = [], set()
    for entry in master_entries(master):
        f = entry_fields(entry)
        if f and len(f) >= 8:
            have.add((f[0], f[1]))
            if f[1] == "inet":
                name = f[0]
                if name not in plan["services"]:
                    plan["services"][name] = free_port()
                new = "127.0.0.1:%d" % plan["services"][name]
                entry[0] = entry[0].replace(name, new, 1)
                changes.append("master.cf service %s rebound to %s" %
                    (name, new))
        # no milter runs here; a remote SASL server is the stand-in
        entry = [re.sub(r"(-o\s+smtpd_sasl_path=)inet:\S+", r"\g<1>"
            "inet:127.0.0.1:%d" % plan["sasl_port"], re.sub(
            r"(-o\s+(?:non_)?smtpd_milters=)\S*", r"\1", l))
            for l in entry]
        out.extend(entry)
    # the services a running Postfix needs and the fixture leaves out
    dist = open(os.path.join(share, "master.cf.dist"),
        encoding="latin-1").read()
    added = []
    for entry in master_entries(dist):
        f = entry_fields(entry)
        if f and len(f) >= 8 and f[1] != "inet" and f[7] != "pipe" and \
            (f[0], f[1]) not in have:
            out.extend(entry)
            added.append(f[0] + "/" + f[1])
    if added:
        changes.append("master.cf: added from Debian's master.cf.dist: " +
            " ".join(added))
    with open(master_path, "w", encoding="latin-1") as fp:
        fp.write("\n".join(out) + "\n")

    pf = lambda p: os.path.join(pfroot, p)
    over = [
        ("queue_directory", plan["queue"]),
        ("data_directory", os.path.join(work, "data")),
        ("mail_owner", "postfix"),
        ("setgid_group", "postdrop"),
        ("inet_interfaces", LOOPBACK),
        ("smtpd_authorized_xclient_hosts", LOOPBACK),
        ("smtpd_milters", ""),
        ("non_smtpd_milters", ""),
        ("maillog_file_prefixes", work),
        ("maillog_file", plan["maillog"]),
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
            "XAUTHORITY DISPLAY LANG=C POSTLOG_SERVICE POSTLOG_HOSTNAME "
            "LD_LIBRARY_PATH=" + pf("usr/lib/postfix")),
    ]
    main = comment_out(main, {n for n, _ in over})
    with open(main_path, "w", encoding="latin-1") as fp:
        fp.write(main)
        fp.write("\n# ---- tests/oracle/relay.py: test-only settings; "
            "the fixture's text is above ----\n")
        for n, v in over:
            fp.write("%s = %s\n" % (n, v))
    changes.append("main.cf: queue, data, meta and program directories, "
        "mail_owner, setgid_group, maillog_file moved to the test; "
        "inet_interfaces = 127.0.0.1; smtpd_authorized_xclient_hosts = "
        "127.0.0.1; smtpd_milters and non_smtpd_milters emptied (no milter "
        "runs here)")
    changes.append("absolute /etc/... paths point into the copied root")
    if plan["policies"]:
        changes.append("check_policy_service %s -> a stand-in policy "
            "server on 127.0.0.1:%d that answers DUNNO" %
            (", ".join(sorted(set(plan["policies"]))), plan["policy_port"]))

    # SASL: Dovecot is not here; a stand-in auth server offers PLAIN,
    # LOGIN, CRAM-MD5 and ANONYMOUS and accepts one test login, made up
    # for this run; every other AUTH fails.  A remote (inet:) path is
    # redirected; a relative one is, as Postfix reads it, relative to
    # the queue directory (also inside smtpd's chroot jail).
    plan["login"] = ["oracle-%s" % os.urandom(4).hex(),
        os.urandom(12).hex()]
    sasl = postconf(plan, "-x", "-h", "smtpd_sasl_type", "smtpd_sasl_path",
        "smtpd_sasl_auth_enable").split("\n")
    plan["sasl_sockets"] = []
    served = "a stand-in Dovecot auth server offers PLAIN, LOGIN, " \
        "CRAM-MD5 and ANONYMOUS, accepts one test login made up for this " \
        "run and fails every other AUTH"
    if sasl[0] == "dovecot":
        path = sasl[1]
        if path.startswith("inet:"):
            with open(main_path, "a") as fp:
                fp.write("smtpd_sasl_path = inet:127.0.0.1:%d\n" %
                    plan["sasl_port"])
            changes.append("smtpd_sasl_path %s -> 127.0.0.1:%d, where %s"
                % (path, plan["sasl_port"], served))
        else:
            if path.startswith("/"):
                path = "private/oracle-auth"
                with open(main_path, "a") as fp:
                    fp.write("smtpd_sasl_path = %s\n" % path)
            plan["sasl_sockets"].append(os.path.join(plan["queue"], path))
            changes.append("Dovecot is not here: on %s (relative to the "
                "queue directory) %s" % (path, served))
    # a service's own -o smtpd_sasl_path=RELATIVE is served too
    for line in postconf(plan, "-P", "-x").splitlines():
        m = re.match(r"^\S+/inet/smtpd_sasl_path = ([^/\s:][^\s:]*)$",
            line)
        if m and os.path.join(plan["queue"], m.group(1)) not in \
            plan["sasl_sockets"]:
            plan["sasl_sockets"].append(os.path.join(plan["queue"],
                m.group(1)))
            changes.append("a service's smtpd_sasl_path %s (relative to "
                "the queue directory): %s" % (m.group(1), served))

    # implicit TLS (smtpd_tls_wrappermode = yes): the client speaks TLS
    # first on those services
    plan["wrapper"] = {}
    main_wrap = postconf(plan, "-x", "-h", "smtpd_tls_wrappermode").strip()
    for n in plan["services"]:
        plan["wrapper"][n] = main_wrap == "yes"
    byport = {"127.0.0.1:%d" % p: n for n, p in plan["services"].items()}
    for line in postconf(plan, "-P", "-x").splitlines():
        m = re.match(r"^(\S+)/inet/smtpd_tls_wrappermode = (.*)$", line)
        if m and m.group(1) in byport:
            plan["wrapper"][byport[m.group(1)]] = m.group(2).strip() == "yes"

    # TLS: fixtures name certificate files they do not ship
    pem = None
    values = postconf(plan, "-x", *TLS_PARAMS).splitlines()
    values += postconf(plan, "-P", "-x").splitlines()
    for line in values:
        m = re.match(r"^(?:\S+/)?(\S+) = (.*)$", line)
        if not m or m.group(1) not in TLS_PARAMS:
            continue
        for path in re.split(r"[\s,]+", m.group(2)):
            if path.startswith(root + "/") and not os.path.exists(path):
                pem = pem or make_pem(work)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                shutil.copy(pem, path)
                changes.append("TLS file %s missing from the fixture: a "
                    "throw-away self-signed key and certificate put there"
                    % path[len(root):])

    # tables: a source the fixture lacks becomes an empty stand-in (the
    # real one's content is unknown; an attacker picks values it does not
    # list); indexed ones are built with postmap
    text = open(main_path, encoding="latin-1").read() + \
        open(master_path, encoding="latin-1").read()
    # smtpd_sender_login_maps the fixture lacks: the test login owns the
    # sender it asks with (reject_sender_login_mismatch refuses others)
    logins = set(re.findall(SEP + r"\w+:(/[^\s,}()]+)", " " +
        postconf(plan, "-x", "-h", "smtpd_sender_login_maps")))
    for line in postconf(plan, "-P", "-x").splitlines():
        m = re.match(r"^\S+/inet/smtpd_sender_login_maps = (.*)$", line)
        if m:
            logins |= set(re.findall(SEP + r"\w+:(/[^\s,}()]+)",
                " " + m.group(1)))
    for typ, path in sorted(set(re.findall(SEP + r"(\w+):(/[^\s,}()]+)",
        text))):
        if typ in INDEXED + TEXT_TABLES and path.startswith(root + "/") \
            and not os.path.lexists(path):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as fp:
                if path in logins and typ in INDEXED + ("texthash",):
                    fp.write("%s %s\n" % (LOGIN_SENDER, plan["login"][0]))
            changes.append("%s:%s is not in the fixture: an empty "
                "stand-in%s" % (typ, path[len(root):], ", but for one line: "
                "the test login owns %s (smtpd_sender_login_maps)" %
                LOGIN_SENDER
                if path in logins and typ in INDEXED + ("texthash",)
                else ""))
        if typ in INDEXED and os.path.isfile(path) and \
            not os.path.exists(path + ".db"):
            rc, out = run([os.path.join(pfroot, "usr/sbin/postmap"), "-c",
                conf, "%s:%s" % (typ, path)], env=pf_env(pfroot))
            changes.append("postmap %s:%s%s" % (typ, path[len(root):],
                "" if rc == 0 else " failed: " + out.strip()))

    # a listener behind a proxy (smtpd_upstream_proxy_protocol) is asked
    # through a PROXY header instead of XCLIENT
    plan["proxy"] = {}
    main_proxy = postconf(plan, "-x", "-h", "smtpd_upstream_proxy_protocol",
        "postscreen_upstream_proxy_protocol").split("\n")
    byport = {"127.0.0.1:%d" % p: n for n, p in plan["services"].items()}
    for n in plan["services"]:
        plan["proxy"][n] = main_proxy[0] or main_proxy[1]
    for line in postconf(plan, "-P", "-x").splitlines():
        m = re.match(r"^(\S+)/inet/(smtpd|postscreen)_upstream_proxy_"
            r"protocol = (.*)$", line)
        if m and m.group(1) in byport:
            plan["proxy"][byport[m.group(1)]] = m.group(3)

    # mtaaudit's reading of the untouched fixture, for the report
    rc, out = run([args.pfdump, plan["fixture"], "-g", STRANGER, LOOPBACK])
    plan["grants_text"] = out
    rc, out = run([args.mtaaudit, "audit", "--root", plan["fixture"],
        "--format", "json", "--fail-on", "none"])
    plan["report"] = json.loads(out)
    plan["myhostname"] = postconf(plan, "-x", "-h", "myhostname").strip()
    plan["relay_domains"] = postconf(plan, "-x", "-h",
        "relay_domains").strip()
    plan["mynetworks"] = postconf(plan, "-x", "-h", "mynetworks").strip()
    with open(os.path.join(work, "plan.json"), "w") as fp:
        json.dump(plan, fp, indent=1)
    for h in HELD:
        h.close()


# ---------------------------------------------------------------- stubs


class LineServer(threading.Thread):
    """LineServer - a tiny threaded server for the stand-in peers"""

    def __init__(self, sock, handler):
        super().__init__(daemon=True)
        self.sock = sock
        self.handler = handler

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn,),
                daemon=True).start()

    def serve(self, conn):
        try:
            conn.settimeout(120)
            self.handler(conn, conn.makefile("rb"))
        except (OSError, ValueError):
            pass
        finally:
            conn.close()


def policy_handler(conn, rf):
    """policy_handler - Postfix policy protocol: DUNNO to every request"""
    for line in rf:
        if line.strip() == b"":
            conn.sendall(b"action=DUNNO\n\n")


def dovecot_handler(login):
    """dovecot_handler - Dovecot auth protocol, server side: offer a
    plaintext, a dictionary and an anonymous mechanism (so that every
    smtpd_sasl_security_options leaves smtpd one); accept PLAIN or LOGIN
    with the one test LOGIN (user, password) and fail every other AUTH"""
    user, password = (x.encode() for x in login)

    def handler(conn, rf):
        conn.sendall(b"VERSION\t1\t2\nMECH\tPLAIN\tplaintext\n"
            b"MECH\tLOGIN\tplaintext\nMECH\tCRAM-MD5\tdictionary\n"
            b"MECH\tANONYMOUS\tanonymous\nSPID\t%d\nCUID\t1\n"
            b"COOKIE\t0123456789abcdef0123456789abcdef\nDONE\n" %
            os.getpid())
        pending = {}            # id -> (mechanism, answers so far)

        def answer(rid, mech, got):
            if mech == b"PLAIN" and got:
                ok = got[0].split(b"\0")[1:] == [user, password]
            elif mech == b"LOGIN" and len(got) < 2:
                conn.sendall(b"CONT\t" + rid + b"\t" + base64.b64encode(
                    b"Password:" if got else b"Username:") + b"\n")
                pending[rid] = (mech, got)
                return
            else:
                ok = mech == b"LOGIN" and got == [user, password]
            if ok:
                conn.sendall(b"OK\t" + rid + b"\tuser=" + user + b"\n")
            else:
                conn.sendall(b"FAIL\t" + rid + b"\treason=oracle\n")

        for line in rf:
            f = line.rstrip(b"\n").split(b"\t")
            if f[0] == b"AUTH" and len(f) > 2:
                resp = [x[5:] for x in f[3:] if x.startswith(b"resp=")]
                got = [base64.b64decode(resp[0])] if resp else []
                if f[2] == b"PLAIN" and not got:
                    conn.sendall(b"CONT\t" + f[1] + b"\t\n")
                    pending[f[1]] = (f[2], got)
                    continue
                answer(f[1], f[2], got)
            elif f[0] == b"CONT" and len(f) > 2 and f[1] in pending:
                mech, got = pending.pop(f[1])
                try:
                    got = got + [base64.b64decode(f[2])]
                except ValueError:
                    got = None
                if got is None:
                    conn.sendall(b"FAIL\t" + f[1] + b"\treason=oracle\n")
                else:
                    answer(f[1], mech, got)
            elif f[0] == b"AUTH" and len(f) > 1:
                conn.sendall(b"FAIL\t" + f[1] + b"\treason=oracle\n")
    return handler


def start_stubs(plan):
    """start_stubs - the policy and Dovecot stand-ins, as threads"""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((LOOPBACK, plan["policy_port"]))
    s.listen(16)
    LineServer(s, policy_handler).start()
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((LOOPBACK, plan["sasl_port"]))
    s.listen(16)
    dovecot = dovecot_handler(plan["login"])
    LineServer(s, dovecot).start()
    for path in plan["sasl_sockets"]:
        # a relative smtpd_sasl_path names a directory of its own
        # (dovecot/auth) that the queue directory does not have
        if not os.path.isdir(os.path.dirname(path)):
            os.makedirs(os.path.dirname(path))
            os.chmod(os.path.dirname(path), 0o755)
        if os.path.lexists(path):
            os.unlink(path)
        u = socket.socket(socket.AF_UNIX)
        u.bind(path)
        os.chmod(path, 0o666)
        u.listen(16)
        LineServer(u, dovecot).start()


# ---------------------------------------------------------------- ask


def classify(code):
    """classify - accept (2xx), defer (4xx), reject (5xx) or down"""
    if code is None:
        return "down"
    return {2: "accept", 4: "defer", 5: "reject"}.get(code // 100, "other")


class ProxySMTP(smtplib.SMTP):
    """ProxySMTP - an SMTP client that can open with a PROXY v1 header,
    and speak TLS from the first byte (WRAP: an ssl context)"""

    def __init__(self, proxy_line, *args, wrap=None, **kw):
        self.proxy_line = proxy_line
        self.wrap = wrap
        super().__init__(*args, **kw)

    def _get_socket(self, host, port, timeout):
        s = super()._get_socket(host, port, timeout)
        if self.proxy_line:
            s.sendall(self.proxy_line)
        if self.wrap is not None:
            s = self.wrap.wrap_socket(s)
        return s


def tls_context():
    """tls_context - a client context that takes any certificate (the
    fixtures' are throw-away ones)"""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def proxy_header(proxy, addr, port):
    """proxy_header - the PROXY v1 line that claims ADDR, or None"""
    if proxy != "haproxy":
        return None
    return ("PROXY TCP4 %s %s 40000 %d\r\n" % (addr, LOOPBACK,
        port)).encode()


def claim(s, line, addr, helo):
    """claim - after EHLO, make the session ADDR's with XCLIENT (unless a
    PROXY header did); (ok, text)"""
    if line is not None:
        return True, ""
    code, msg = s.docmd("XCLIENT", "ADDR=%s NAME=[UNAVAILABLE]" % addr)
    if code != 220:
        return False, "XCLIENT: %d %s" % (code, msg.decode("latin-1"))
    s.ehlo_resp = None
    s.ehlo(helo)
    return True, ""


def ehlo_text(s):
    """ehlo_text - the last EHLO reply of an smtplib session"""
    return (s.ehlo_resp or b"").decode("latin-1")


def session(port, addr, helo, sender, rcpts, proxy="", wrapper=False,
    login=None):
    """session - one SMTP session that claims ADDR (with XCLIENT, or with
    a PROXY header where smtpd expects one) and asks about each
    recipient; returns [(answer, reply text)] and a note.  WRAPPER: the
    service speaks TLS from the first byte.  LOGIN (user, password):
    authenticate with AUTH PLAIN first (after STARTTLS when offered)."""
    note = []
    line = proxy_header(proxy, addr, port)
    if line:
        note.append("PROXY")
    ctx = tls_context()
    if wrapper:
        note.append("implicit TLS")
    for use_tls in (True, False):
        try:
            s = ProxySMTP(line, LOOPBACK, port, timeout=TIMEOUT,
                wrap=ctx if wrapper else None)
        except (OSError, smtplib.SMTPException) as e:
            return [("down", "no greeting: %s" % e)] * len(rcpts), note
        try:
            s.ehlo(helo)
            if use_tls and s.has_extn("starttls"):
                try:
                    s.starttls(context=ctx)
                    s.ehlo(helo)
                    note.append("TLS")
                except (ssl.SSLError, smtplib.SMTPException, OSError) as e:
                    note.append("STARTTLS failed (%s); asked again "
                        "without TLS" % str(e)[:60])
                    try:
                        s.close()
                    except OSError:
                        pass
                    continue
            ok, text = claim(s, line, addr, helo)
            if not ok:
                return [("other", text)] * len(rcpts), note
            if login is not None:
                code, msg = s.docmd("AUTH", "PLAIN " + base64.b64encode(
                    ("\0%s\0%s" % tuple(login)).encode()).decode())
                if code != 235:
                    return [("other", "AUTH PLAIN with the test login: %d "
                        "%s" % (code, msg.decode("latin-1")))] * \
                        len(rcpts), note
                note.append("AUTH PLAIN as the test login")
            answers = []
            for r in rcpts:
                code, msg = s.docmd("MAIL", "FROM:<%s>" % sender)
                if code // 100 != 2:
                    answers.append((classify(code), "MAIL: %d %s" %
                        (code, msg.decode("latin-1"))))
                else:
                    code, msg = s.docmd("RCPT", "TO:<%s>" % r)
                    answers.append((classify(code), "%d %s" %
                        (code, msg.decode("latin-1"))))
                s.docmd("RSET")
            try:
                s.quit()
            except (OSError, smtplib.SMTPException):
                pass
            return answers, note
        except smtplib.SMTPServerDisconnected as e:
            return [("down", "disconnected: %s" % e)] * len(rcpts), note
        except (OSError, smtplib.SMTPException) as e:
            return [("down", "error: %s" % e)] * len(rcpts), note
    return [("down", "no session")] * len(rcpts), note


def probe(port, proxy, wrapper):
    """probe - what the listener advertises to a stranger: the EHLO reply
    of a plaintext session (and its answer to MAIL before STARTTLS), after
    STARTTLS, and on a connection that speaks TLS first (ehlo.py's
    observation).  A plaintext session on an implicit-TLS service waits
    less for its greeting that never comes."""
    obs = {"plain": None, "starttls": None, "implicit": None, "limits": []}
    line = proxy_header(proxy, STRANGER, port)
    ctx = tls_context()
    try:
        s = ProxySMTP(line, LOOPBACK, port, timeout=3 if wrapper else
            TIMEOUT)
    except (OSError, smtplib.SMTPException) as e:
        obs["plain_error"] = str(e)[:80]
        s = None
    if s is not None:
        try:
            s.ehlo(HELO)
            ok, text = claim(s, line, STRANGER, HELO)
            if ok:
                obs["plain"] = {"ehlo": ehlo_text(s), "mail": None}
                code, msg = s.docmd("MAIL", "FROM:<%s>" % SENDER)
                obs["plain"]["mail"] = (code, msg.decode("latin-1"))
                s.docmd("RSET")
                if s.has_extn("starttls"):
                    try:
                        s.starttls(context=ctx)
                        s.ehlo(HELO)
                        obs["starttls"] = {"ok": True, "ehlo": ehlo_text(s)}
                    except (ssl.SSLError, smtplib.SMTPException,
                        OSError) as e:
                        obs["starttls"] = {"ok": False, "ehlo": None,
                            "error": str(e)}
            else:
                obs["plain_error"] = text
            s.close()
        except (OSError, smtplib.SMTPException) as e:
            obs["plain_error"] = str(e)[:80]
            if obs["plain"] is not None and not obs["plain"]["ehlo"]:
                obs["plain"] = None
    try:
        s = ProxySMTP(line, LOOPBACK, port, timeout=TIMEOUT if wrapper
            else 3, wrap=ctx)
        s.ehlo(HELO)
        ok, text = claim(s, line, STRANGER, HELO)
        obs["implicit"] = {"ok": ok, "ehlo": ehlo_text(s), "error": text}
        s.close()
    except (OSError, smtplib.SMTPException) as e:
        obs["implicit"] = {"ok": False, "ehlo": None, "error": str(e)}
    return obs


def wait_ports(ports, limit=20):
    """wait_ports - wait until Postfix's master listens on every port"""
    end = time.time() + limit
    left = set(ports)
    while left and time.time() < end:
        for p in list(left):
            with socket.socket() as s:
                s.settimeout(1)
                if s.connect_ex((LOOPBACK, p)) == 0:
                    left.discard(p)
        if left:
            time.sleep(0.2)
    return left


def read_table(root, spec):
    """read_table - the text source of a table as (key, value) pairs"""
    path = spec.split(":", 1)[1] if ":" in spec else spec
    try:
        text = open(os.path.join(root, path.lstrip("/")),
            encoding="latin-1").read()
    except OSError:
        return []
    pairs = []
    for line in text.splitlines():
        f = line.split(None, 1)
        if len(f) == 2 and not line.lstrip().startswith("#"):
            pairs.append((f[0], f[1].strip()))
    return pairs


def permits(value):
    """permits - an access(5) result that permits"""
    v = value.split()[0].lower() if value.split() else ""
    return v in ("ok", "permit") or v.isdigit()


def listeners(plan):
    """listeners - mtaaudit's listeners with their grants and services"""
    rep = plan["report"]
    svc, nets = {}, {}
    for line in plan["grants_text"].splitlines():
        f = line.split("\t")
        if f[0] == "listener":
            svc[f[1]] = f[2]
            nets[f[1]] = []
        elif f[0] == "grant":
            d = dict(x.split("=", 1) for x in f[4:] if "=" in x)
            nets[f[1]].append(d)
    out = []
    for l in rep["listeners"]:
        if l["mta"] != "postfix":
            continue
        label = l["listener"]
        for g, n in zip(l["grants"], nets.get(label, [])):
            g["nets"] = [x for x in n.get("nets", "").split(",") if x]
        out.append(dict(l, service=svc.get(label)))
    return out


def clients(plan, lst):
    """clients - who asks: a stranger (also with a forged HELO name or
    sender where a grant trusts one), a member of a networks grant or of
    mynetworks, and 127.0.0.1"""
    out = [{"who": "stranger", "addr": STRANGER, "helo": HELO,
        "sender": SENDER}]
    for g in lst["grants"]:
        if g["kind"] != "forgeable":
            continue
        m = re.match(r"(check_\w+_access)\s+(\S+)", g["what"])
        if not m:
            continue
        keys = [k for k, v in read_table(plan["fixture"], m.group(2))
            if permits(v)]
        if not keys:
            continue
        k = keys[0]
        if m.group(1) == "check_helo_access":
            out.append({"who": "stranger, HELO %s" % k, "addr": STRANGER,
                "helo": k, "sender": SENDER, "forged_for": g["what"]})
        elif m.group(1) == "check_sender_access":
            sender = k if "@" in k and not k.endswith("@") else \
                (k + "example.net" if k.endswith("@") else "someone@" + k)
            out.append({"who": "stranger, sender %s" % sender,
                "addr": STRANGER, "helo": HELO, "sender": sender,
                "forged_for": g["what"]})
    # members: an address of each networks grant's set (mtaaudit's view)
    # and of each network mynetworks names (Postfix's view, /file entries
    # read); an excluded ("!") network's address is asked too
    members, excluded = [], []
    cands = [n for g in lst["grants"] if g["kind"] == "networks"
        for n in g["nets"]]
    for item in re.split(r"[\s,]+", plan["mynetworks"]):
        if item.startswith("/") and os.path.isfile(item):
            cands += open(item, encoding="latin-1").read().split()
        else:
            cands.append(item)
    for n in cands:
        neg = n.startswith("!")
        try:
            net = ipaddress.ip_network(n.lstrip("!").strip("[]").replace(
                "]/", "/"), strict=False)
        except ValueError:
            continue
        if net.version != 4 or net.is_loopback or \
            ipaddress.ip_address(STRANGER) in net:
            continue
        a = str(net.network_address + (1 if net.num_addresses > 1 else 0))
        dest = excluded if neg else members
        if a not in members + excluded:
            dest.append(a)
    for a in members[:2]:
        out.append({"who": "network member", "addr": a, "helo": HELO,
            "sender": SENDER})
    for a in excluded[:1]:
        out.append({"who": "excluded from mynetworks", "addr": a,
            "helo": HELO, "sender": SENDER})
    out.append({"who": "loopback", "addr": LOOPBACK, "helo": HELO,
        "sender": SENDER})
    return out


def questions(plan, lst):
    """questions - the recipients asked: a remote victim, the nmap relay
    forms, and one in a suffix relay_domains covers when mtaaudit says a
    destination grant reaches strangers"""
    h = plan["myhostname"]
    qs = [("remote", "victim@" + VICTIM_DOMAIN),
        ("percent", "user%%%s@%s" % (VICTIM_DOMAIN, h)),
        ("quoted", '"user@%s"@%s' % (VICTIM_DOMAIN, h)),
        ("source-route", "@%s:user@%s" % (h, VICTIM_DOMAIN)),
        ("bang", "%s!user@%s" % (VICTIM_DOMAIN, h))]
    if any(g["kind"] == "destination" and g["strangers"]
        for g in lst["grants"]):
        for d in re.split(r"[\s,]+", plan["relay_domains"]):
            if d and "." not in d and d != "localhost":
                qs.append(("in ." + d, "victim@relay-test." + d))
    return qs


def ask(args):
    """ask - every question to every reachable listener"""
    plan = json.load(open(os.path.join(args.work, "plan.json")))
    start_stubs(plan)
    lsts = listeners(plan)
    ports = [plan["services"][l["service"]] for l in lsts
        if l["service"] in plan["services"]]
    missing = wait_ports(ports)
    answers = []
    for l in lsts:
        a = {"listener": l["listener"], "service": l["service"],
            "sessions": []}
        answers.append(a)
        port = plan["services"].get(l["service"])
        # a listener mtaaudit calls down (smtpd will not start) is asked
        # anyway: whether it comes up is the question
        down_l = any(g["kind"] == "unknown" and g["what"] == "no-gate"
            for g in l["grants"])
        wrapper = plan["wrapper"].get(l["service"], False)
        proxy = plan["proxy"].get(l["service"], "")
        # what it advertises: every listener that has a port, reachable
        # or not (ehlo.py compares it with mtaaudit's fields)
        if port is not None and port not in missing and not down_l:
            a["ehlo"] = probe(port, proxy, wrapper)
        if port is None or (not l["reachable"] and not down_l):
            a["skipped"] = "not reachable from other hosts (mtaaudit)" \
                if not l["reachable"] else "no such inet service"
            continue
        if port in missing:
            a["not_listening"] = True
        qs = questions(plan, l)
        down = None
        for c in clients(plan, l):
            if down:            # a listener that is down stays down
                res, note = down, ["not asked: the listener is down"]
            else:
                res, note = session(port, c["addr"], c["helo"],
                    c["sender"], [r for _, r in qs], proxy, wrapper)
                if all(x[0] == "down" for x in res):
                    down = res
            a["sessions"].append({"client": c, "questions": qs,
                "answers": res, "note": note})
        # the stranger with the run's test login, where PLAIN is offered
        # (after STARTTLS when the listener offers it)
        mechs = set()
        for o in (a.get("ehlo") or {}).values():
            if isinstance(o, dict) and o.get("ehlo"):
                mechs |= set(ehlo.advertised(o["ehlo"])[1] or [])
        if not down and "PLAIN" in mechs:
            c = {"who": "stranger, AUTH PLAIN as the test login",
                "addr": STRANGER, "helo": HELO, "sender": LOGIN_SENDER,
                "auth": True}
            res, note = session(port, c["addr"], c["helo"], c["sender"],
                [r for _, r in qs], proxy, wrapper, login=plan["login"])
            a["sessions"].append({"client": c, "questions": qs,
                "answers": res, "note": note})
    json.dump(answers, open(os.path.join(args.work, "answers.json"), "w"),
        indent=1)


# ---------------------------------------------------------------- report


def in_nets(addr, nets):
    """in_nets - the address lies in one of a grant's prefixes"""
    try:
        a = ipaddress.ip_address(addr)
        return any(a in ipaddress.ip_network(n.strip("[]").replace(
            "]/", "/"), strict=False) for n in nets)
    except ValueError:
        return False


def predict(l, client, qname):
    """predict - does mtaaudit say this client relays this recipient?
    (True, why) or (False, why)"""
    for g in l["grants"]:
        if g["kind"] in ("networks", "anyone") and g["nets"] and \
            in_nets(client["addr"], g["nets"]):
            # the addresses mtaaudit is sure of, even in an uncertain
            # grant (its uncertainty is about further networks)
            return True, "networks grant: " + g["what"]
        if g["uncertain"]:
            continue
        if g["kind"] == "anyone" and g["strangers"] and not g["partial"]:
            return True, "anyone grant: " + g["what"]
        if g["kind"] == "forgeable" and g["strangers"] and \
            client.get("forged_for") == g["what"]:
            return True, "forgeable grant: " + g["what"]
        if g["kind"] == "destination" and g["strangers"] and \
            (not g["partial"] or qname.startswith("in .")):
            return True, "destination grant: " + g["what"]
        if g["kind"] == "authenticated" and client.get("auth") and \
            (not g["nets"] or in_nets(client["addr"], g["nets"])):
            return True, "authenticated grant: " + g["what"]
    return False, "no grant admits this client"


def maillog_fatal(plan):
    """maillog_fatal - the fatal lines of the instance's log"""
    try:
        text = open(plan["maillog"], encoding="latin-1").read()
    except OSError:
        return []
    return [l for l in text.splitlines() if "fatal:" in l]


def report(args):
    """report - the table, the disagreements, and "P F E" last"""
    plan = json.load(open(os.path.join(args.work, "plan.json")))
    answers = json.load(open(os.path.join(args.work, "answers.json")))
    lsts = {l["listener"]: l for l in listeners(plan)}
    sink = {f["listener"] for f in plan["report"]["findings"]
        if f["id"] == "RLY004"}
    fatal = maillog_fatal(plan)
    fields = ehlo.fields(plan["grants_text"])
    p = f = e = 0
    bad = []
    print("== relay %s" % args.label)
    for c in plan["changes"]:
        print("   change: " + c)
    for a in answers:
        l = lsts[a["listener"]]
        name = "%s %s" % (args.label, a["listener"])
        if a.get("ehlo"):
            for ok, row in ehlo.compare(name, fields.get(a["listener"], {}),
                a["ehlo"]):
                if ok is None:
                    print("exception: ehlo " + row)
                    e += 1
                elif ok:
                    print("ok   ehlo " + row)
                    p += 1
                else:
                    print("FAIL ehlo " + row)
                    f += 1
                    bad.append(("FAIL ehlo " + row, "", None))
        if "skipped" in a:
            print("exception: relay %s: skipped: %s" % (name, a["skipped"]))
            e += 1
            continue
        down = any(g["kind"] == "unknown" and g["what"] == "no-gate"
            for g in l["grants"])
        first = a["sessions"][0]["answers"][0] if a["sessions"] else \
            ("down", "not asked")
        seen_down = all(x[0] == "down" for s in a["sessions"]
            for x in s["answers"])
        if down or seen_down:
            # one question: does smtpd come up?  (the clients and
            # recipients do not matter to a listener that is down)
            ok = down == seen_down
            why = "no-gate: smtpd refuses to start" if down else \
                "smtpd starts"
            text = first[1]
            if down and ok:
                mine = [x for x in fatal if re.search(r"/smtpd\[\d+\]: "
                    r"fatal:", x)]
                ok = bool(mine)
                text += "; maillog: " + (mine[0].split(": ", 1)[-1]
                    if mine else "no smtpd fatal line")
            row = "%-4s %s | any client | smtpd up? | mtaaudit: %s (%s) | " \
                "postfix: %s: %s" % ("ok" if ok else "FAIL", name,
                "down" if down else "up", why,
                "down" if seen_down else "up", text[:200])
            print(row)
            if ok:
                p += 1
            else:
                f += 1
                bad.append((row, why, "(any)"))
            continue
        if l.get("auth") and not any(x["client"].get("auth")
            for x in a["sessions"]):
            print("exception: relay %s: the authenticated client is not "
                "asked: the listener offers no AUTH PLAIN to a stranger" %
                name)
            e += 1
        for s in a["sessions"]:
            c = s["client"]
            for (qn, rcpt), (ans, text) in zip(s["questions"], s["answers"]):
                acc, why = predict(l, c, qn)
                want = "accept" if acc else "refuse"
                ok = (ans == "accept") == acc and ans != "down"
                if ans == "accept" and a["listener"] in sink:
                    why += "; a sink (RLY004): accepted mail is discarded"
                row = "%-4s %s | %s (%s) | %s | mtaaudit: %s (%s) | " \
                    "postfix: %s: %s%s" % ("ok" if ok else "FAIL", name,
                    c["who"], c["addr"], qn, want, why, ans,
                    text.replace("\n", " ")[:100], (" [" + ", ".join(
                    s["note"]) + "]") if s["note"] else "")
                print(row)
                if ok:
                    p += 1
                else:
                    f += 1
                    bad.append((row, why, rcpt))
    for row, why, rcpt in bad:
        print("DISAGREE " + row[5:])
        if rcpt is not None:
            print("     RCPT TO:<%s>" % rcpt)
    print("%d %d %d" % (p, f, e))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--pfroot", required=True)
    s.add_argument("--fixture", required=True)
    s.add_argument("--work", required=True)
    s.add_argument("--pfdump", required=True)
    s.add_argument("--mtaaudit", required=True)
    s = sub.add_parser("ask")
    s.add_argument("--work", required=True)
    s = sub.add_parser("report")
    s.add_argument("--work", required=True)
    s.add_argument("--label", required=True)
    args = ap.parse_args()
    {"setup": setup, "ask": ask, "report": report}[args.cmd](args)


if __name__ == "__main__":
    main()
