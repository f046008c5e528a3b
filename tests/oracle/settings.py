#!/usr/bin/env python3
# settings.py - part 1 of the Postfix oracle: hold mtaaudit's reading of
# main.cf and master.cf (through tests/oracle/pfdump) against postconf(1)
# of Debian 12's Postfix.
#
#   settings.py --postfix PFROOT --pfdump PFDUMP LABEL=ROOT ...
#
# For every ROOT (a file-system image with etc/postfix/main.cf and/or
# master.cf):
#   - every master.cf -o override: "pfdump ROOT -P" against "postconf -P"
#     (raw values, as written);
#   - every parameter mtaaudit has a default for, every name main.cf
#     defines and every overridden name, in main.cf's scope:
#     "pfdump ROOT NAME..." against "postconf -c DIR -x NAME...";
#   - the same in the scope of each master.cf service with -o overrides,
#     against "postconf -x -o name=value ..." (the way a daemon applies
#     them); only names whose value there differs from main.cf's are
#     counted again.
# Values are compared with runs of white space folded to one space.
#
# postconf runs twice.  Run A uses the host name of ROOT/etc/hostname
# (inside a private UTS namespace made by unshare(1), so the machine's
# own name is never changed) when the root has one, the value mtaaudit
# uses too.  Run B uses another host name when the root has none and,
# unless mynetworks is set, "-o mynetworks=198.51.100.254/32".  A
# parameter whose value differs between A and B depends on the machine
# (host name, network interfaces or the process): an exception, not a
# failure; so are process_id and process_name, and the parameters
# postconf does not know (it prints nothing and a warning).
#
# Prints "ok", "FAIL" and "exception:" lines, and last "P F E": the
# numbers of agreements, disagreements and exceptions.
import argparse
import json
import os
import re
import resource
import subprocess
import sys

TIMEOUT = 30            # seconds per postconf or pfdump run
MEMORY = 2 << 30        # bytes of address space per run
SENTINEL_NETS = "198.51.100.254/32"
LINE = re.compile(r"^(\S+) =(?: (.*))?$")

passed = failed = excepted = 0
seen_unknown = {}        # frozenset of names -> label first listed


def limit():
    """limit - bound the memory of a child (postconf can explode)"""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(cmd):
    """run - run CMD bounded in time and memory; (rc, stdout, stderr)"""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=TIMEOUT, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        return None, "", "timed out"
    return (p.returncode, p.stdout.decode("latin-1"),
        p.stderr.decode("latin-1"))


def parse(text):
    """parse - "name = value" lines into a dict (later lines win)"""
    out = {}
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            out[m.group(1)] = m.group(2) or ""
    return out


def fold(v):
    """fold - runs of white space to one space, trimmed"""
    return re.sub(r"[ \t\r\n\f\v]+", " ", v).strip()


def show(v):
    """show - a value printable on one line (control bytes escaped)"""
    s = "".join(c if " " <= c <= "~" else "\\x%02x" % ord(c) for c in v)
    return s if len(s) <= 400 else s[:400] + "... (%d bytes)" % len(v)


class Oracle:
    """Oracle - the two programs under comparison"""

    def __init__(self, pfroot, pfdump):
        self.pfroot = pfroot
        self.pfdump = pfdump
        self.postconf = os.path.join(pfroot, "usr/sbin/postconf")
        os.environ["LD_LIBRARY_PATH"] = os.path.join(pfroot,
            "usr/lib/postfix")
        rc, out, err = run([pfdump, "-l"])
        if rc != 0:
            sys.exit("settings: pfdump -l failed: " + err)
        self.flags = {}
        for line in out.splitlines():
            name, flags = line.split(" ", 1)
            self.flags[name] = flags
        rc, _, _ = run(["unshare", "-u", "true"])
        self.uts = rc == 0
        if not self.uts:
            print("note: unshare -u is not permitted here: host "
                "names are not controlled, host-derived values are "
                "found by comparison only")

    def postconf_x(self, conf, names, overrides, host, variant):
        """postconf_x - effective values of NAMES, as run A or B"""
        args = [self.postconf, "-c", conf, "-x"]
        for n, v in overrides:
            args += ["-o", "%s=%s" % (n, v)]
        if variant == "B" and "mynetworks" not in dict(overrides) and \
            not self.explicit_mynetworks:
            args += ["-o", "mynetworks=" + SENTINEL_NETS]
        args += names
        if self.uts:
            args = ["unshare", "-u", "sh", "-c",
                'hostname "$0" && exec "$@"', host] + args
        return run(args)

    def pfdump_values(self, root, names, scope):
        """pfdump_values - mtaaudit's effective values of NAMES"""
        args = [self.pfdump, root]
        if scope:
            args += ["-s", scope]
        return run(args + names)


def names_for(o, defined, extra):
    """names_for - the names asked: mtaaudit's table, main.cf's, overrides"""
    names = list(o.flags)
    for n in defined + extra:
        if n not in o.flags:
            names.append(n)
    return list(dict.fromkeys(names))


def fail(label, what, pc, md):
    """fail - print one disagreement, side by side"""
    global failed
    failed += 1
    print("FAIL settings %s %s" % (label, what))
    print("     postconf: %s" % show(pc))
    print("     mtaaudit: %s" % show(md))


def exception(label, reason, names):
    """exception - list names set aside for one reason"""
    global excepted
    if not names:
        return
    excepted += len(names)
    key = (reason, frozenset(names))
    if key in seen_unknown and len(names) > 8:
        print("exception: settings %s: %s: the same %d names as %s" %
            (label, reason, len(names), seen_unknown[key]))
        return
    seen_unknown.setdefault(key, label)
    print("exception: settings %s: %s (%d): %s" % (label, reason,
        len(names), ", ".join(sorted(names))))


def refused(o, label, root, where, r):
    """refused - postconf gives up on this configuration: mtaaudit must
    report a parse problem (category "parse") for it, and goes on"""
    global passed
    if r[0] is None:
        why = "did not finish within %d s and %d MiB" % (TIMEOUT,
            MEMORY >> 20)
    else:
        why = "exit %s: %s" % (r[0], " / ".join(l.split(": ", 1)[-1]
            for l in r[2].strip().splitlines()[-2:]))
    rc, out, err = run([o.mtaaudit, "audit", "--root", root, "--format",
        "json", "--fail-on", "none"])
    ids = []
    # 2: a configuration file that cannot be read or is not text
    if rc in (0, 2) and out:
        ids = sorted({f["id"] for f in json.loads(out)["findings"]
            if f["category"] == "parse"})
    if ids:
        passed += 1
        print("ok   settings %s %s: postconf refuses it (%s); mtaaudit "
            "reports %s" % (label, where, show(why), ", ".join(ids)))
    else:
        fail(label, where + ": postconf refuses it", why,
            "no parse finding (exit %s)" % rc)


def compare_overrides(o, label, root, conf):
    """compare_overrides - master.cf -o overrides, raw; returns scopes"""
    global passed
    rc, out, err = run([o.postconf, "-c", conf, "-P"])
    if rc != 0:
        fail(label, "postconf -P", "exit %s: %s" % (rc, err.strip()),
            "(not compared)")
        return {}
    pc = parse(out)
    rc, out, err = run([o.pfdump, root, "-P"])
    if rc != 0:
        fail(label, "pfdump -P", "(not compared)",
            "exit %s: %s" % (rc, err.strip()))
        return {}
    md = parse(out)
    n = 0
    for key in sorted(set(pc) | set(md)):
        a, b = pc.get(key), md.get(key)
        if a is not None and b is not None and fold(a) == fold(b):
            passed += 1
            n += 1
        else:
            fail(label, "master.cf -o " + key,
                "(none)" if a is None else a,
                "(none)" if b is None else b)
    scopes = {}
    for key, v in pc.items():
        svc, typ, name = key.split("/", 2)
        scopes.setdefault(svc + "/" + typ, []).append((name, v))
    return scopes, n


def compare_scope(o, label, root, conf, host, scope, overrides, defined,
    base):
    """compare_scope - effective values in main.cf's or a service's scope"""
    global passed
    names = names_for(o, defined, [n for n, _ in overrides])
    ra = o.postconf_x(conf, names, overrides, host[0], "A")
    rb = o.postconf_x(conf, names, overrides, host[1], "B")
    rm = o.pfdump_values(root, names, scope)
    where = scope or "main.cf"
    for r, who in ((ra, "postconf (A)"), (rb, "postconf (B)")):
        if r[0] is None or r[0] != 0:
            refused(o, label, root, where, r)
            return None
    if rm[0] != 0:
        fail(label, where + ": pfdump", "(not compared)",
            "exit %s: %s" % (rm[0], rm[2].strip()[-300:]))
        return None
    a, b, m = parse(ra[1]), parse(rb[1]), parse(rm[1])
    if "config_directory" not in defined:
        # postconf -c DIR makes DIR the config_directory; an installed
        # Postfix (and mtaaudit) has /etc/postfix there, so values that
        # name it ("$config_directory/mynetworks") are compared as such
        for d in (a, b):
            for k in d:
                if k != "config_directory":
                    d[k] = d[k].replace(conf, "/etc/postfix")
    unknown, later, machine, process, config = [], [], [], [], []
    n = 0
    for name in names:
        if name not in a:
            if o.flags.get(name) == "new":
                later.append(name)
            else:
                unknown.append(name)
            continue
        if name in ("process_id", "process_name"):
            process.append(name)
            continue
        if name == "config_directory" and "config_directory" not in \
            defined:
            config.append(name)
            continue
        if fold(a[name]) != fold(b.get(name, "")):
            machine.append(name)
            continue
        mv = m.get(name)
        if base is not None and base[0].get(name) == a[name] and \
            base[1].get(name) == mv:
            continue    # as in main.cf: counted there
        if mv is not None and fold(mv) == fold(a[name]):
            passed += 1
            n += 1
        else:
            fail(label, "%s %s" % (where, name), a[name],
                "(unknown to mtaaudit)" if mv is None else mv)
    if base is None:    # listed once per root, for main.cf's scope
        exception(label, "not known to postconf 3.7.11 (added in later "
            "releases; mtaaudit knows them)", later)
        exception(label, "not known to postconf 3.7.11 (it prints "
            "nothing and warns)", unknown)
        exception(label, "the process's own id and name", process)
        exception(label, "postconf reports the directory given with -c, "
            "mtaaudit the built-in one", config)
    if base is not None:    # what main.cf's scope listed already
        machine = [n for n in machine if n not in base[3]]
    exception(label, where + ": depends on the machine (host name, "
        "network interfaces) that no file shows", machine)
    return a, m, n, set(machine)


def check_root(o, label, root):
    """check_root - every comparison for one root"""
    conf = os.path.join(root, "etc/postfix")
    before = failed
    # host and domain both differ, so that mydomain differs too
    host = ["mx.oracle-a.invalid", "mx.oracle-b.test"]
    try:
        with open(os.path.join(root, "etc/hostname"), "rb") as f:
            h = f.read().decode("latin-1").splitlines()
            h = h[0].strip() if h else ""
        if h and len(h) < 256:
            host = [h, h]
    except OSError:
        pass
    rc, out, err = run([o.pfdump, root, "-n"])
    if rc != 0:
        fail(label, "pfdump -n", "(not compared)", err.strip())
        return
    defined = out.split()
    o.explicit_mynetworks = "mynetworks" in defined
    base = compare_scope(o, label, root, conf, host, None, [], defined,
        None)
    if base is None:
        return
    scopes, n_o = {}, 0
    if os.path.exists(os.path.join(conf, "master.cf")):
        r = compare_overrides(o, label, root, conf)
        if r:
            scopes, n_o = r
    counts = ["main.cf %d" % base[2]]
    for scope in sorted(scopes):
        r = compare_scope(o, label, root, conf, host, scope,
            scopes[scope], defined, base)
        if r:
            counts.append("%s %d" % (scope, r[2]))
    counts.append("master.cf -o %d" % n_o)
    print("%s settings %s: agree: %s" % ("ok  " if failed == before else
        "FAIL", label, ", ".join(counts)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--postfix", required=True)
    ap.add_argument("--pfdump", required=True)
    ap.add_argument("--mtaaudit", required=True)
    ap.add_argument("roots", nargs="+", metavar="LABEL=ROOT")
    args = ap.parse_args()
    o = Oracle(os.path.abspath(args.postfix), os.path.abspath(args.pfdump))
    o.mtaaudit = os.path.abspath(args.mtaaudit)
    for spec in args.roots:
        label, root = spec.split("=", 1)
        check_root(o, label, os.path.abspath(root))
    sys.stdout.flush()
    print("%d %d %d" % (passed, failed, excepted))


if __name__ == "__main__":
    main()
