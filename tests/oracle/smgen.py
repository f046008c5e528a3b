#!/usr/bin/env python3
# smgen.py - a generator of small, valid Sendmail configurations (a .mc
# with its access map, relay-domains and local-host-names files) built
# from everything relaying depends on, with the probe clients, senders and
# recipients that test each one.  Used by tests/oracle/sendmail-generated.py;
# by hand:
#
#   smgen.py [--seed S] [--n N] [--only I,J] show       print configurations
#   smgen.py [--seed S] [--n N] [--only I,J] write DIR
#       DIR/cNNNNN/root: etc/mail/sendmail.mc, access, relay-domains,
#       local-host-names, etc/hostname; DIR/cNNNNN/config.json: the probes
#
# Configuration I of seed S depends only on (S, I): "--seed S --only I"
# replays one.  Standard library only.  The .mc is written here from
# fixed text and the generator's own choices (no macro name, file name or
# quote comes from outside), so it is trusted by construction; the oracle
# runs sendmail.py's guard() on it anyway.
#
# The grammar: OSTYPE(`linux'); FEATUREs access_db, relay_hosts_only,
# relay_entire_domain, relay_local_from, relay_mail_from (with and without
# `domain'), promiscuous_relay, relay_based_on_MX, loose_relay_check,
# use_cw_file, no_default_msa; class R from RELAY_DOMAIN() and the
# relay-domains file (read by default, or named by RELAY_DOMAIN_FILE) with
# domains, public suffixes, octet prefixes and IPv6 prefixes; access
# entries Connect:, From:, To: and untagged, RELAY/OK/REJECT/DISCARD/SKIP,
# keyed by octet prefixes (nested, so a more specific entry lies inside a
# broader one), IPv6 prefixes, domains, addresses and user@ forms, with a
# few forms users write that Sendmail does not read as they mean (CIDR,
# a trailing dot, a compressed IPv6 key); DAEMON_OPTIONS with Port, Addr,
# Family, Name and M= flags; confAUTH_MECHANISMS and TRUST_AUTH_MECH; the
# host name (its domain is $m, which relay_entire_domain trusts).
import argparse
import ipaddress
import json
import os
import random
import sys

DEFAULT_SEED = 12
HOST = "mx.oracle.example"
STRANGER = "203.0.113.5"        # TEST-NET-3: stands for the internet
STRANGER6 = "3fff:0:0:0:0:0:0:5"    # no generated prefix covers it
LOOPBACK = "127.0.0.1"
SENDER = "someone@example.net"
HELO = "client.example.net"
VICTIM = "victim@remote.example"   # never a relay or local domain here
# the public suffixes among the generator's domains (mail to a domain
# under one, when the configuration relays for it, is relaying to
# strangers' domains; under any other it is mail for a domain of one's own)
PUBLIC = ("com", "net", "org", "co.uk", "uk")

# host names: $m is the part after the first label
HOSTS = [HOST, HOST, HOST, "mx.example.com", "mail.co.uk",
    "smtp.branch.example.com"]
# octet prefixes the nested access entries grow from, weighted
V4_BASES = ["10", "10.1", "192.168", "192.168.1", "172.16", "198.51.100",
    "198.51", "64", "203.0.113", "8.8.8.8", "100.64", "45.33"]
# IPv6 prefixes in Sendmail's form (groups without leading zeros)
V6_BASES = ["IPv6:2001:db8", "IPv6:2001:db8:1", "IPv6:fd00",
    "IPv6:2001:db8:1:0:0:0:0:5", "IPv6:2a00:1450"]
# keys written in a form Sendmail does not read as a network
ODD_KEYS = ["198.51.100.0/24", "10.1.", "IPv6:2001:db8::", "010.2",
    "192.168.001"]
RELAY_DOMAINS = ["example.com", "partner.example", "sub.example.org", "com",
    "net", "co.uk", "org"]
LOCAL_DOMAINS = ["example.org", "mail.example.com", "localdom.example"]
FROM_KEYS = ["someone@partner.example", "partner.example", "friend@",
    "example.com", "boss@example.org", "remote.example"]
TO_KEYS = ["example.com", "partner.example", "com", "net", "co.uk",
    "sub.partner.example", "remote.example"]
ACTIONS = ["RELAY", "RELAY", "RELAY", "OK", "REJECT", "DISCARD", "SKIP"]
MECHS = ["PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "EXTERNAL", "GSSAPI"]
DAEMON_ADDRS = [None, None, "0.0.0.0", "127.0.0.1", "192.0.2.10"]
DAEMON_PORTS = ["smtp", "smtp", "submission", "smtps", "2525"]
DAEMON_FLAGS = ["a", "A", "E", "s", "S", "b", "C", "h"]


def pick(rng, seq, k):
    """pick - K distinct elements of SEQ (fewer when SEQ is short)"""
    seq = list(dict.fromkeys(seq))
    return rng.sample(seq, min(k, len(seq)))


def grow(rng, base):
    """grow - a more specific octet prefix inside BASE, or BASE"""
    parts = base.split(".")
    if len(parts) >= 4:
        return base
    n = rng.randint(len(parts) + 1, 4)
    while len(parts) < n:
        parts.append(str(rng.choice([0, 1, 2, 7, 128, 255])))
    return ".".join(parts)


def v6_addrs(key):
    """v6_addrs - Sendmail's IPv6 form of the first and last address of
    an IPv6 key and the two just outside; [] when the key is no prefix"""
    g = key[5:].split(":")
    if "" in g or len(g) > 8:
        return []
    try:
        vals = [int(x, 16) for x in g]
    except ValueError:
        return []
    if any(v > 0xffff for v in vals):
        return []
    bits = 16 * len(vals)
    first = 0
    for v in vals:
        first = first << 16 | v
    first <<= 128 - bits
    last = first | ((1 << (128 - bits)) - 1)
    out = []
    for a in (first, last, first - 1, last + 1):
        if 0 <= a < 1 << 128:
            out.append(v6_form(a))
    return out


def v6_form(a):
    """v6_form - Sendmail's IPv6 client address form of the integer A:
    eight groups in hex without leading zeros, nothing compressed"""
    return ":".join("%x" % ((a >> (112 - 16 * i)) & 0xffff)
        for i in range(8))


def v4_addrs(key):
    """v4_addrs - first and last address of an octet prefix KEY and the
    two just outside; [] when KEY is not one"""
    p = key.split(".")
    if not 1 <= len(p) <= 4 or not all(x.isdigit() and len(x) <= 3 and
        (x == "0" or not x.startswith("0")) and int(x) < 256 for x in p):
        return []
    first = 0
    for x in p:
        first = first << 8 | int(x)
    first <<= 32 - 8 * len(p)
    last = first | ((1 << (32 - 8 * len(p))) - 1)
    return [str(ipaddress.IPv4Address(a)) for a in
        (first, last, first - 1, last + 1) if 0 <= a < 1 << 32]


def gen_access(rng, cfg):
    """gen_access - the access map's lines: nested octet prefixes,
    IPv6 keys, From:, To: and untagged entries"""
    lines = []
    for base in pick(rng, V4_BASES, rng.randint(0, 4)):
        tag = rng.choice(["Connect:", "Connect:", ""])
        lines.append((tag + base, rng.choice(ACTIONS)))
        for _ in range(rng.randint(0, 2)):
            k = grow(rng, base)
            if k != base:
                lines.append((rng.choice(["Connect:", ""]) + k,
                    rng.choice(ACTIONS)))
    for k in pick(rng, V6_BASES, rng.choice([0, 0, 1, 2])):
        lines.append((rng.choice(["Connect:", ""]) + k, rng.choice(ACTIONS)))
    if rng.random() < 0.15:
        lines.append(("Connect:" + rng.choice(ODD_KEYS), "RELAY"))
    if rng.random() < 0.2:
        lines.append(("Connect:" + rng.choice(["127.0.0.1", "127",
            "localhost"]), rng.choice(["RELAY", "REJECT", "OK"])))
    for k in pick(rng, FROM_KEYS, rng.choice([0, 0, 1, 2, 3])):
        # an untagged key is a To: key too: remote.example stays remote
        tag = "From:" if k == "remote.example" else rng.choice(["From:",
            "From:", ""])
        lines.append((tag + k, rng.choice(["RELAY", "RELAY", "OK", "REJECT",
            "DISCARD"])))
    for k in pick(rng, TO_KEYS, rng.choice([0, 0, 1, 2])):
        if k == "remote.example":
            act = rng.choice(["REJECT", "OK", "DISCARD"])
        else:
            act = rng.choice(["RELAY", "RELAY", "OK", "REJECT"])
        lines.append(("To:" + k, act))
    # one entry a key: makemap refuses duplicates (keys ignore case)
    seen, out = set(), []
    for k, v in lines:
        if k.lower() not in seen:
            seen.add(k.lower())
            out.append((k, v))
    rng.shuffle(out)
    return out


def gen_daemons(rng, cfg):
    """gen_daemons - DAEMON_OPTIONS lines (none: cf.m4's own MTA)"""
    out, names = [], set()
    for i in range(rng.choice([0, 0, 1, 1, 2, 3])):
        opts = []
        port = rng.choice(DAEMON_PORTS)
        name = rng.choice(["MTA", "MTA-alt", "TLSMTA", "Daemon%d" % i,
            "MSA"])
        if name in names or (name == "MSA" and not cfg["no_default_msa"]):
            name = "D%d" % i
        names.add(name)
        opts.append("Port=" + port)
        v6 = rng.random() < 0.15
        if v6:
            opts.append("Family=inet6")
            addr = rng.choice([None, "::", "::1"])
        else:
            addr = rng.choice(DAEMON_ADDRS)
        if addr:
            opts.append("Addr=" + addr)
        opts.append("Name=" + name)
        flags = "".join(pick(rng, DAEMON_FLAGS, rng.choice([0, 0, 1, 2])))
        if port == "smtps" and "s" not in flags and rng.random() < 0.7:
            flags += "s"
        if flags:
            opts.append("M=" + flags)
        rng.shuffle(opts)
        out.append(", ".join(opts))
    return out


def generate(seed, index):
    """generate - configuration INDEX of SEED: a dict with the .mc, the
    files of the root and the probes"""
    rng = random.Random("smgen/%s/%d" % (seed, index))
    cfg = {"seed": seed, "index": index, "host": rng.choice(HOSTS)}
    feats = []
    access_db = rng.random() < 0.8
    cfg["no_default_msa"] = rng.random() < 0.3
    for f, p in (("relay_hosts_only", 0.2), ("relay_entire_domain", 0.15),
        ("relay_local_from", 0.15), ("promiscuous_relay", 0.04),
        ("relay_based_on_MX", 0.04), ("loose_relay_check", 0.2),
        ("use_cw_file", 0.3)):
        if rng.random() < p:
            feats.append("FEATURE(`%s')dnl" % f)
    if access_db and rng.random() < 0.35:
        feats.append("FEATURE(`relay_mail_from'%s)dnl" %
            (", `domain'" if rng.random() < 0.5 else ""))
    if cfg["no_default_msa"]:
        feats.append("FEATURE(`no_default_msa')dnl")
    mc = ["divert(-1)dnl", "# smgen seed %s configuration %d" % (seed, index),
        "divert(0)dnl", "OSTYPE(`linux')dnl"]
    if rng.random() < 0.4:
        mechs = pick(rng, MECHS, rng.randint(1, 3))
        mc.append("define(`confAUTH_MECHANISMS', `%s')dnl" % " ".join(mechs))
    if rng.random() < 0.35:
        mc.append("TRUST_AUTH_MECH(`%s')dnl" %
            " ".join(pick(rng, MECHS, rng.randint(1, 2))))
    if access_db:
        mc.append("FEATURE(`access_db', `%s')dnl" % rng.choice([
            "hash -T<TMPF> -o /etc/mail/access", "hash /etc/mail/access",
            "hash -o /etc/mail/access"]))
    rng.shuffle(feats)
    # relay_mail_from must follow access_db (it checks _ACCESS_TABLE_)
    mc += feats
    for d in pick(rng, RELAY_DOMAINS + V4_BASES[:6], rng.choice([0, 0, 1,
        2])):
        mc.append("RELAY_DOMAIN(`%s')dnl" % d)
    files = {"etc/hostname": cfg["host"] + "\n"}
    rd = []
    if rng.random() < 0.5:
        rd = pick(rng, RELAY_DOMAINS + V4_BASES + ["IPv6:2001:db8:2"],
            rng.randint(1, 3))
        files["etc/mail/relay-domains"] = "# class R\n" + \
            "".join(w + "\n" for w in rd)
        if rng.random() < 0.5:
            mc.append("RELAY_DOMAIN_FILE(`-o /etc/mail/relay-domains')dnl")
    if rng.random() < 0.5:
        files["etc/mail/local-host-names"] = "".join(d + "\n" for d in
            pick(rng, LOCAL_DOMAINS, rng.randint(1, 2)))
    for d in gen_daemons(rng, cfg):
        mc.append("DAEMON_OPTIONS(`%s')dnl" % d)
    mc += ["MAILER(`local')dnl", "MAILER(`smtp')dnl"]
    cfg["mc"] = "\n".join(mc) + "\n"
    files["etc/mail/sendmail.mc"] = cfg["mc"]
    access = gen_access(rng, cfg) if access_db else []
    if access_db:
        files["etc/mail/access"] = "".join("%s\t%s\n" % kv for kv in access)
    cfg["files"] = files
    cfg["probes"] = probes(cfg, access, rd, mc)
    return cfg


def probes(cfg, access, rd, mc):
    """probes - the clients (every prefix's first and last address and
    the two just outside, loopback, IPv6, a stranger), the senders a
    From: entry or relay_local_from trusts, the recipients (remote, the
    relay forms through this host and its local domains, one under each
    public-suffix relay domain and under $m when relay_entire_domain
    makes it one).  The percent form through a relay domain is not
    asked: Sendmail hands it to that domain's host as it is (ParseRecipient
    marks it RELAY), which is relaying for the domain, not for strangers"""
    keys = [k.split(":", 1)[1] if k.startswith("Connect:") else k
        for k, _ in access if not k.startswith(("From:", "To:"))]
    keys += rd
    keys += [l[len("RELAY_DOMAIN(`"):-len("')dnl")] for l in mc
        if l.startswith("RELAY_DOMAIN(`")]
    addrs = [STRANGER, LOOPBACK, "IPv6:" + STRANGER6,
        "IPv6:0:0:0:0:0:0:0:1"]
    for k in keys:
        if k.startswith("IPv6:"):
            addrs += ["IPv6:" + a for a in v6_addrs(k)]
        else:
            addrs += v4_addrs(k.rstrip("."))
            if "/" in k:
                addrs += [str(ipaddress.ip_network(k, strict=False)
                    .network_address + 1)]
    addrs = list(dict.fromkeys(addrs))
    host = cfg["host"]
    senders = [("plain", SENDER)]
    for k, v in access:
        if not (k.startswith("From:") or ("@" in k and ":" not in k) or
            k in FROM_KEYS):
            continue
        k = k[5:] if k.startswith("From:") else k
        if k.endswith("@"):
            s = k + "example.net"
        elif "@" in k:
            s = k
        else:
            s = "someone@" + k
        senders.append(("forged " + k, s))
    if "relay_local_from" in cfg["mc"]:
        senders.append(("local host", "someone@" + host))
    lh = cfg["files"].get("etc/mail/local-host-names", "").split()
    if lh and "use_cw_file" in cfg["mc"]:
        senders.append(("local domain", "someone@" + lh[0]))
    senders = list(dict.fromkeys(senders))
    rcpts = [("remote", VICTIM),
        ("percent@host", "user%%remote.example@%s" % host),
        ("bang@host", "remote.example!user@%s" % host),
        ("quoted@host", '"user@remote.example"@%s' % host)]
    doms = [d for d in rd + [l[len("RELAY_DOMAIN(`"):-len("')dnl")]
        for l in mc if l.startswith("RELAY_DOMAIN(`")] +
        [k[3:] for k, v in access if k.startswith("To:") and v == "RELAY"]
        if d[:1].isalpha() and not d.startswith("IPv6:")]
    for d in dict.fromkeys(doms):
        if d in PUBLIC:
            rcpts.append(("in ." + d, "victim@relay-test." + d))
    if lh and "use_cw_file" in cfg["mc"]:
        rcpts.append(("percent via local " + lh[0],
            "user%%remote.example@%s" % lh[0]))
    m = host.split(".", 1)[1]
    if "relay_entire_domain" in cfg["mc"] and m in PUBLIC:
        rcpts.append(("in $m " + m, "victim@relay-test." + m))
    return {"addrs": addrs, "senders": senders, "rcpts": rcpts}


def show(cfg):
    """show - a configuration as text, to read or to replay"""
    out = ["# ---- smgen seed %s configuration %d" % (cfg["seed"],
        cfg["index"])]
    for p in sorted(cfg["files"]):
        out.append("## %s" % p)
        out.append(cfg["files"][p].rstrip("\n"))
    return "\n".join(out)


def write(cfg, d):
    """write - the configuration's root under D/root and its probes in
    D/config.json"""
    for p, text in cfg["files"].items():
        path = os.path.join(d, "root", p)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=1)


def indices(n, only):
    """indices - the configurations to make: ONLY (comma-separated) or
    0..N-1"""
    if only:
        return [int(x) for x in only.replace(",", " ").split()]
    return list(range(n))


def main():
    """main - show or write configurations"""
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", default=str(DEFAULT_SEED))
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--only", default="")
    ap.add_argument("what", choices=("show", "write"))
    ap.add_argument("dir", nargs="?")
    a = ap.parse_args()
    for i in indices(a.n, a.only):
        cfg = generate(a.seed, i)
        if a.what == "show":
            print(show(cfg))
            print("## probes: %s" % json.dumps(cfg["probes"]))
        else:
            write(cfg, os.path.join(a.dir, "c%05d" % i))
    return 0


if __name__ == "__main__":
    sys.exit(main())
