#!/usr/bin/env python3
# pfgen.py - a generator of small, valid Postfix configurations built from
# everything relaying depends on, with the probe clients and recipients
# that test each one.  Used by tests/oracle/postfix-generated.py; by hand:
#
#   pfgen.py [--seed S] [--n N] [--only I] show     print configurations
#   pfgen.py [--seed S] [--n N] [--only I] write DIR
#       DIR/cNNNNN/root: etc/postfix/main.cf, master.cf and the tables,
#       DIR/cNNNNN/config.json: the configuration and its probes
#
# Configuration I of seed S depends only on (S, I): "--seed S --only I"
# replays one.  Standard library only.
#
# The grammar: the five restriction lists (smtpd_client, helo, sender,
# relay and recipient) made of permit/reject/defer, permit_mynetworks,
# permit_sasl_authenticated, permit_tls_clientcerts,
# check_{client,helo,sender,recipient}_access with generated cidr,
# texthash and pcre tables (OK, REJECT, DUNNO, numeric, permit-like and
# restriction-class results), restriction classes, warn_if_reject,
# reject/defer_unauth_destination and permit_auth_destination; mynetworks
# (public, partial, private, IPv6, "!" exclusions, a /file list, a cidr
# table), mynetworks_style, relay_domains, compatibility_level,
# inet_interfaces, and one to three smtpd services in master.cf with -o
# overrides (plain, "$name" indirection and "{ name = value }").
#
# User-defined names (classes, lists) carry the configuration's index
# ("x17_..."), so that many configurations can share one main.cf.
import argparse
import ipaddress
import json
import os
import random
import re
import sys

DEFAULT_SEED = 12
MYHOSTNAME = "mx.oracle.example"
# addresses the oracle's network namespace gives its loopback device, so
# that inet_interfaces and mynetworks_style name real interfaces
IFACES = ("192.0.2.10/24", "198.51.100.7/24", "2001:db8:25::10/64")
VICTIM = "victim@remote.example"        # never in a table or relay_domains
LOCAL_RCPT = "root@" + MYHOSTNAME
STRANGERS = ("203.0.113.5", "93.184.216.34", "45.33.32.156")
STRANGER6 = "3fff::5"               # RFC 9637: outside every set
HELO = "client.example.net"
SENDER = "someone@example.net"

# address sets, with a weight
NETS_PUBLIC = ["12.0.0.0/8", "0.0.0.0/2", "64.0.0.0/3", "198.51.100.0/28",
    "198.51.100.64/26", "1.2.3.4", "1.2.3.4/32", "8.8.8.0/24",
    "203.0.113.128/25", "45.0.0.0/8"]
NETS_PRIVATE = ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12",
    "192.168.1.0/24", "192.168.0.0/16", "127.0.0.1"]
NETS_V6 = ["[::1]/128", "[2001:db8::]/32", "[2001:db8:1::]/48",
    "[fe80::]/10", "[2001:db8:25::10]"]
EXCLUDES = ["!198.51.100.8/29", "!12.1.0.0/16", "!10.9.0.0/16",
    "!192.168.1.128/25", "!127.0.0.2", "!8.8.8.8"]
CIDR_KEYS = ["198.51.100.0/24", "198.51.100.16/28", "12.34.0.0/16",
    "203.0.113.0/25", "192.168.1.0/24", "2001:db8:5::/48", "45.33.32.0/24",
    "8.8.4.4"]
CLIENT_TEXT_KEYS = ["198.51.100.9", "198.51.100", "12.34", "192.168.1",
    "45.33.32.156"]
RESULTS = ["OK", "OK", "REJECT", "DUNNO", "permit", "reject", "12345",
    "550 5.7.1 go away", "451 4.7.1 later", "DEFER", "permit_mynetworks",
    "reject_unauth_destination", "permit_auth_destination",
    "defer_unauth_destination", "permit_sasl_authenticated"]
RELAY_DOMAINS = [None, None, "", "relay.example", "relay.example, partner.test",
    "$mydestination", "com", "relay.example com",
    "/etc/postfix/relay_domains", "texthash:/etc/postfix/relay_domains.map"]
COMPAT = [None, None, "0", "1", "2", "3.6", "3.7"]
INET = [None, None, "all", "all", "127.0.0.1, 192.0.2.10", "192.0.2.10",
    "loopback-only", "localhost, 198.51.100.7"]
STYLES = [None, None, None, "host", "host", "subnet", "class"]
LISTS = ("smtpd_client_restrictions", "smtpd_helo_restrictions",
    "smtpd_sender_restrictions", "smtpd_relay_restrictions",
    "smtpd_recipient_restrictions")
SERVICES = [("smtp", "smtp"), ("submission", "submission"),
    ("2525", "2525"), ("127.0.0.1:10025", "10025")]


class Gen:
    """Gen - one configuration being built from its own random stream"""

    def __init__(self, seed, index):
        self.r = random.Random("pfgen:%s:%d" % (seed, index))
        self.i = index
        self.tables = {}            # image path -> text
        self.table_meta = []        # what each table holds, for probes
        self.classes = {}           # class name -> list text
        self.params = {}            # user-defined list names -> text
        self.ntab = 0

    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p):
        return self.r.random() < p

    # -- address sets

    def net_items(self, n):
        """net_items - a mynetworks-style list of N items"""
        out = []
        for _ in range(n):
            w = self.r.random()
            if w < 0.35:
                out.append(self.pick(NETS_PUBLIC))
            elif w < 0.65:
                out.append(self.pick(NETS_PRIVATE))
            elif w < 0.8:
                out.append(self.pick(NETS_V6))
            else:
                out.append(self.pick(EXCLUDES))
        # an exclusion only means something before what it cuts into
        if self.chance(0.5):
            self.r.shuffle(out)
        return list(dict.fromkeys(out))

    def mynetworks(self):
        """mynetworks - None (the style decides) or a value"""
        if self.chance(0.3):
            return None
        items = self.net_items(self.r.randint(1, 4))
        w = self.r.random()
        if w < 0.15:
            path = "/etc/postfix/mynetworks.list"
            self.tables[path] = "\n".join(self.net_items(
                self.r.randint(1, 3))) + "\n"
            self.table_meta.append({"kind": "netfile", "path": path})
            items.insert(self.r.randint(0, len(items)), path)
        elif w < 0.25:
            path = "/etc/postfix/mynetworks.cidr"
            keys = [self.pick(CIDR_KEYS) for _ in range(self.r.randint(1, 2))]
            self.tables[path] = "".join("%s\tOK\n" % k for k in
                dict.fromkeys(keys))
            self.table_meta.append({"kind": "netcidr", "path": path,
                "keys": list(dict.fromkeys(keys))})
            items.append("cidr:" + path)
        sep = self.pick([", ", " ", ",\n    "])
        return sep.join(items)

    # -- tables

    def result(self, classes):
        """result - an access(5) result, or a restriction class name"""
        if classes and self.chance(0.2):
            return self.pick(classes)
        return self.pick(RESULTS)

    def table(self, what, classes):
        """table - a generated table for check_WHAT_access; its spec"""
        self.ntab += 1
        if what == "client":
            typ = self.pick(["cidr", "cidr", "texthash", "pcre"])
        else:
            typ = self.pick(["texthash", "texthash", "pcre"])
        path = "/etc/postfix/%s_access_%d.%s" % (what, self.ntab, typ)
        entries = []                # (key line, sample, result)
        for _ in range(self.r.randint(1, 3)):
            res = self.result(classes)
            if what == "client":
                if typ == "cidr":
                    k = self.pick(CIDR_KEYS)
                    entries.append((k, k, res))
                elif typ == "texthash":
                    k = self.pick(CLIENT_TEXT_KEYS)
                    entries.append((k, k, res))
                else:
                    k = self.pick(["198.51.100.", "12.34.", "192.168.1."])
                    entries.append(("/^%s/" % k.replace(".", "\\."),
                        k + "0/24", res))
            elif what == "helo":
                name = self.pick(["friend.example", MYHOSTNAME,
                    "localhost", "partner.test", "[192.0.2.10]"])
                if typ == "pcre":
                    key = "/^%s$/" % name.replace(".", "\\.").replace(
                        "[", "\\[").replace("]", "\\]")
                    entries.append((key, name, res))
                else:
                    entries.append((name, name, res))
            elif what == "sender":
                k = self.pick(["friend@partner.example", "partner.example",
                    "postmaster@", "oracle.example", "boss@" + MYHOSTNAME])
                if typ == "pcre":
                    dom = k.split("@")[-1] or "partner.example"
                    entries.append(("/@%s$/" % dom.replace(".", "\\."),
                        "anyone@" + dom, res))
                else:
                    s = k if "@" in k and not k.endswith("@") else (
                        k + "partner.example" if k.endswith("@") else
                        "anyone@" + k)
                    entries.append((k, s, res))
            else:
                k = self.pick(["keyed.example", "user@keyed.example",
                    "relay.example", "postmaster@", ".keyed.example",
                    "sub.keyed.example"])
                if typ == "pcre":
                    entries.append(("/@keyed\\.example$/",
                        "user@keyed.example", res))
                else:
                    s = k if "@" in k and not k.endswith("@") else (
                        k + "keyed.example" if k.endswith("@") else
                        "user@" + k.lstrip("."))
                    if k.startswith("."):
                        s = "user@sub" + k
                    entries.append((k, s, res))
        seen, lines = set(), []
        for k, s, res in entries:
            if k in seen:
                continue
            seen.add(k)
            lines.append("%s\t%s" % (k, res))
        self.tables[path] = "\n".join(lines) + "\n"
        self.table_meta.append({"kind": what, "path": path, "type": typ,
            "entries": [[k, s, res] for k, s, res in entries]})
        return "%s:%s" % (typ, path)

    # -- restriction lists

    def step(self, classes, gate_bias):
        """step - one restriction of a list"""
        w = self.r.random()
        if gate_bias and w < 0.25:
            return self.pick(["reject_unauth_destination",
                "reject_unauth_destination", "defer_unauth_destination"])
        w = self.r.random()
        if w < 0.16:
            return "permit_mynetworks"
        if w < 0.22:
            return "permit_sasl_authenticated"
        if w < 0.25:
            return "permit_tls_clientcerts"
        if w < 0.45:
            what = self.pick(["client", "client", "helo", "sender",
                "recipient"])
            return "check_%s_access %s" % (what, self.table(what, classes))
        if w < 0.5 and classes:
            return self.pick(classes)
        if w < 0.55:
            return "warn_if_reject " + self.pick(["reject",
                "reject_unauth_destination", "defer"])
        if w < 0.6:
            return "permit_auth_destination"
        if w < 0.7:
            return self.pick(["reject_unauth_destination",
                "defer_unauth_destination"])
        return self.pick(["permit", "reject", "defer", "reject", "permit"])

    def restriction_list(self, classes, gate_bias=False, maxlen=4):
        steps = [self.step(classes, gate_bias) for _ in
            range(self.r.randint(0, maxlen))]
        if gate_bias and self.chance(0.6):
            steps.append(self.pick(["reject_unauth_destination", "reject",
                "defer_unauth_destination", "permit", "defer"]))
        return steps

    def joined(self, steps):
        return self.pick([", ", ", ", " ", ",\n    "]).join(steps)

    # -- the whole configuration

    def build(self):
        main = [("myhostname", MYHOSTNAME)]
        v = self.pick(COMPAT)
        if v is not None:
            main.append(("compatibility_level", v))
        v = self.pick(INET)
        if v is not None:
            main.append(("inet_interfaces", v))
        v = self.mynetworks()
        if v is not None:
            main.append(("mynetworks", v))
        v = self.pick(STYLES)
        if v is not None:
            main.append(("mynetworks_style", v))
        v = self.pick(RELAY_DOMAINS)
        if v is not None:
            if v.startswith("/"):
                self.tables[v] = "relay.example\npartner.test\n"
            elif v.startswith("texthash:"):
                self.tables[v.split(":", 1)[1]] = "relay.example\tOK\n"
            main.append(("relay_domains", v))
        # restriction classes (no class refers to another)
        classes = ["x%d_%s" % (self.i, n) for n in
            ["trusted", "friends"][:self.r.randint(0, 2)]]
        for c in classes:
            self.classes[c] = self.joined(self.restriction_list([], False, 3)
                or ["permit"])
        if classes:
            main.append(("smtpd_restriction_classes", ", ".join(classes)))
            main += list(self.classes.items())
        for name in LISTS:
            if not self.chance(0.45 if name in ("smtpd_relay_restrictions",
                "smtpd_recipient_restrictions") else 0.2):
                continue
            gate = name in ("smtpd_relay_restrictions",
                "smtpd_recipient_restrictions")
            steps = self.restriction_list(classes, gate)
            main.append((name, self.joined(steps)))
        # master.cf: one to three smtpd services
        services = []
        for name, port in self.r.sample(SERVICES, self.r.randint(1, 3)):
            over = []
            for _ in range(self.r.choice([0, 0, 1, 1, 2, 3])):
                over.append(self.override(classes))
            seen = set()
            over = [o for o in over if not (o[0] in seen or seen.add(o[0]))]
            services.append({"name": name, "port": port, "overrides": over})
        return {"index": self.i, "main": main, "services": services,
            "tables": self.tables, "table_meta": self.table_meta}

    def override(self, classes):
        """override - one -o NAME=VALUE: (name, value, form)"""
        w = self.r.random()
        if w < 0.55:
            name = self.pick(LISTS[3:] + LISTS)
            steps = self.restriction_list(classes, name in LISTS[3:], 3)
        elif w < 0.7:
            v = self.net_items(self.r.randint(1, 2))
            return ("mynetworks", ",".join(v), "plain")
        elif w < 0.8:
            return ("relay_domains", self.pick(["", "relay.example",
                "com", "$mydestination"]), "plain")
        elif w < 0.9:
            return ("smtpd_sasl_auth_enable", self.pick(["yes", "no"]),
                "plain")
        else:
            return ("mynetworks_style", self.pick(["host", "subnet"]),
                "plain")
        value = ",".join(steps)
        if " " not in value and self.chance(0.6):
            return (name, value, "plain")
        if self.chance(0.5):
            p = "x%d_%s_%d" % (self.i, name.split("_")[1], len(self.params))
            self.params[p] = ", ".join(steps)
            return (name, "$" + p, "indirect")
        return (name, ", ".join(steps), "braces")


def generate(seed, index):
    """generate - configuration INDEX of SEED, with its probes"""
    g = Gen(seed, index)
    c = g.build()
    c["main"] += list(g.params.items())
    c["seed"] = seed
    c["probes"] = probes(c)
    return c


# ---------------------------------------------------------------- text


def main_cf(c):
    """main_cf - the configuration's main.cf text"""
    out = ["# pfgen seed %s configuration %d" % (c["seed"], c["index"])]
    for n, v in c["main"]:
        out.append("%s = %s" % (n, v))
    return "\n".join(out) + "\n"


def master_line(s):
    """master_line - one smtpd service of master.cf"""
    words = ["%s inet n - n - - smtpd" % s["name"]]
    for n, v, form in s["overrides"]:
        if form == "braces":
            words.append("-o { %s = %s }" % (n, v))
        else:
            words.append("-o %s=%s" % (n, v))
    return "\n  ".join(words)


def master_cf(c):
    return "".join(master_line(s) + "\n" for s in c["services"])


def show(c):
    """show - the whole configuration as text, for a report or a replay"""
    out = ["==== configuration %d (seed %s) ====" % (c["index"], c["seed"]),
        "--- etc/postfix/main.cf", main_cf(c).rstrip("\n"),
        "--- etc/postfix/master.cf", master_cf(c).rstrip("\n")]
    for p in sorted(c["tables"]):
        out += ["--- " + p.lstrip("/"), c["tables"][p].rstrip("\n")]
    return "\n".join(out) + "\n"


def write_root(c, root):
    """write_root - lay the configuration out as an image under ROOT"""
    conf = os.path.join(root, "etc/postfix")
    os.makedirs(conf, exist_ok=True)
    with open(os.path.join(conf, "main.cf"), "w") as f:
        f.write(main_cf(c))
    with open(os.path.join(conf, "master.cf"), "w") as f:
        f.write(master_cf(c))
    for p, text in c["tables"].items():
        q = os.path.join(root, p.lstrip("/"))
        os.makedirs(os.path.dirname(q), exist_ok=True)
        with open(q, "w") as f:
            f.write(text)


# ---------------------------------------------------------------- probes


def parse_net(text):
    """parse_net - a mynetworks/cidr item as an ip_network, or None"""
    t = text.lstrip("!").replace("[", "").replace("]", "")
    try:
        return ipaddress.ip_network(t, strict=False)
    except ValueError:
        pass
    # access(5) partial address: "198.51.100" is 198.51.100.0/24
    parts = t.split(".")
    if 1 <= len(parts) < 4 and all(p.isdigit() for p in parts):
        return ipaddress.ip_network(".".join(parts + ["0"] * (4 -
            len(parts))) + "/%d" % (8 * len(parts)))
    return None


def boundaries(net):
    """boundaries - first and last address of NET and those just outside"""
    out = [net.network_address, net.broadcast_address]
    top = 2 ** (32 if net.version == 4 else 128) - 1
    if int(net.network_address) > 0:
        out.append(net.network_address - 1)
    if int(net.broadcast_address) < top:
        out.append(net.broadcast_address + 1)
    return out


def refuses(result):
    """refuses - an access(5) result that never lets a client on: reject,
    defer, DUNNO or an error code (a grant naming the table makes no
    claim about a client that forges such a key)"""
    w = result.split()[0].lower() if result.split() else ""
    return w in ("reject", "defer", "dunno") or (len(w) == 3 and
        w[0] in "45" and w.isdigit())


def probes(c):
    """probes - clients and recipients that test configuration C"""
    sets = []
    items = []
    for n, v in c["main"]:
        if n == "mynetworks":
            items += v.replace(",", " ").split()
        if n == "inet_interfaces":
            items += [x for x in v.replace(",", " ").split() if x[0].isdigit()]
    for s in c["services"]:
        for n, v, _ in s["overrides"]:
            if n == "mynetworks":
                items += v.replace(",", " ").split()
    for t in c["table_meta"]:
        if t["kind"] == "netfile":
            items += c["tables"][t["path"]].split()
        elif t["kind"] == "netcidr":
            items += t["keys"]
        elif t["kind"] == "client":
            items += [s for _, s, _ in t["entries"]]
    items += IFACES
    for it in items:
        net = parse_net(it)
        if net is not None and net not in sets:
            sets.append(net)
    addrs = []
    for net in sets:
        for a in boundaries(net):
            if a.version == 4 and (int(a) == 0 or a.is_multicast or
                int(a) >= int(ipaddress.ip_address("240.0.0.0"))):
                continue
            if a.version == 6 and (a.is_multicast or a.is_unspecified):
                continue
            s = str(a)
            if s not in addrs:
                addrs.append(s)
    # a far stranger: outside every set of this configuration
    far = next((s for s in STRANGERS if not any(
        ipaddress.ip_address(s) in n for n in sets)), STRANGERS[0])
    fixed = ["127.0.0.1", "::1", far, STRANGER6]
    addrs = fixed + [a for a in addrs if a not in fixed]
    cap = 24
    if len(addrs) > cap:
        rest = addrs[len(fixed):]
        r = random.Random("probes:%s:%d" % (c["seed"], c["index"]))
        addrs = fixed + sorted(r.sample(rest, cap - len(fixed)), key=rest.index)
    clients = [{"addr": a, "helo": HELO, "sender": SENDER} for a in addrs]
    # the far stranger forges every HELO name and sender a table knows
    rcpts = [("remote", VICTIM), ("local", LOCAL_RCPT)]
    for t in c["table_meta"]:
        for k, sample, res in t.get("entries", []):
            if t["kind"] == "helo":
                cl = {"addr": far, "helo": sample, "sender": SENDER,
                    "forged": "helo", "table": t["path"], "result": res}
            elif t["kind"] == "sender":
                cl = {"addr": far, "helo": HELO, "sender": sample,
                    "forged": "sender", "table": t["path"], "result": res}
            elif t["kind"] == "recipient":
                # a key in a relay or local domain is no relay question
                q = ("keyed %s" % t["path"], sample)
                if refuses(res):
                    q = ("keyed, refused by %s" % t["path"], sample)
                if sample.endswith(("@relay.example", "@" + MYHOSTNAME)):
                    q = ("relay domain, keyed", sample)
                if sample not in [r for _, r in rcpts]:
                    rcpts.append(q)
                continue
            else:
                continue
            if cl not in clients:
                clients.append(cl)
    rd = " ".join(v for n, v in c["main"] if n == "relay_domains") + " " + \
        " ".join(v for s in c["services"] for n, v, _ in s["overrides"]
            if n == "relay_domains")
    if "relay.example" in rd or "relay_domains" in rd:
        rcpts.append(("relay domain", "victim@relay.example"))
    if "com" in rd.replace(",", " ").split():
        rcpts.append(("in .com", "victim@relay-test.com"))
    return {"clients": clients, "rcpts": rcpts, "far": far}


def logical_lines(text):
    """logical_lines - main.cf or master.cf text joined at continuation
    lines, comments and blank lines dropped"""
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[:1] in (" ", "\t") and out:
            out[-1] += " " + line.strip()
        else:
            out.append(line.strip())
    return out


def load(root, index=0):
    """load - a hand-written configuration under ROOT (etc/postfix/main.cf,
    master.cf with smtpd services, the tables they name) in the form
    generate() returns, so that the oracle can ask it too.  Its
    user-defined parameter names must not be those of another
    configuration asked with it."""
    conf = os.path.join(root, "etc/postfix")
    main, services, tables, meta = [], [], {}, []
    text = open(os.path.join(conf, "main.cf")).read()
    for line in logical_lines(text):
        n, _, v = line.partition("=")
        main.append((n.strip(), v.strip()))
    try:
        text = open(os.path.join(conf, "master.cf")).read()
    except OSError:
        text = "smtp inet n - y - - smtpd\n"
    for line in logical_lines(text):
        f = line.split()
        if len(f) < 8 or f[1] != "inet" or f[7] != "smtpd":
            continue
        over, rest = [], line.split(None, 8)[8:] 
        rest = rest[0] if rest else ""
        for m in re.finditer(r"-o\s+(?:\{\s*([^=}\s]+)\s*=\s*([^}]*?)\s*\}|"
            r"([^=\s]+)=(\S*))", rest):
            if m.group(1):
                over.append((m.group(1), m.group(2), "braces"))
            else:
                over.append((m.group(3), m.group(4), "indirect" if
                    m.group(4).startswith("$") else "plain"))
        services.append({"name": f[0], "port": f[0].split(":")[-1],
            "overrides": over})
    for d, _, files in os.walk(conf):
        for fn in files:
            if fn in ("main.cf", "master.cf"):
                continue
            p = os.path.join(d, fn)
            tables["/" + os.path.relpath(p, root)] = open(p).read()
    values = " ".join(v for _, v in main) + " " + " ".join(v for s in
        services for _, v, _ in s["overrides"])
    for what, typ, path in re.findall(r"check_(client|helo|sender|"
        r"recipient)_access\s+(\w+):(\S+?)[,\s]", values + " "):
        if path not in tables:
            continue
        entries = []
        for line in tables[path].splitlines():
            k, _, res = line.partition(" ") if "\t" not in line else \
                line.partition("\t")
            k, res = k.strip(), res.strip()
            if not k or k.startswith("#"):
                continue
            sample = k
            if typ in ("pcre", "regexp"):
                sample = re.sub(r"\\(.)", r"\1", k.strip("/").lstrip(
                    "^").rstrip("$"))
                if what == "sender" and sample.startswith("@"):
                    sample = "anyone" + sample
                if what == "recipient" and sample.startswith("@"):
                    sample = "user" + sample
            elif what in ("sender", "recipient") and k.startswith("."):
                sample = "user@sub" + k
            elif what in ("sender", "recipient") and "@" not in k:
                sample = "anyone@" + k
            elif what in ("sender", "recipient") and k.endswith("@"):
                sample = k + "keyed.example"
            entries.append([k, sample, res])
        meta.append({"kind": what, "path": path, "type": typ,
            "entries": entries})
    for n, v in main:
        if n == "mynetworks":
            for item in v.replace(",", " ").split():
                if item.startswith("/") and item in tables:
                    meta.append({"kind": "netfile", "path": item})
    c = {"index": index, "main": main, "services": services,
        "tables": tables, "table_meta": meta, "seed": "file:" + root}
    c["probes"] = probes(c)
    return c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", default=os.environ.get("SEED") or
        str(DEFAULT_SEED))
    ap.add_argument("--n", type=int, default=int(os.environ.get("N") or 10))
    ap.add_argument("--only", default=os.environ.get("ONLY") or None)
    ap.add_argument("cmd", choices=["show", "write", "json"])
    ap.add_argument("dir", nargs="?")
    a = ap.parse_args()
    idx = [int(x) for x in a.only.split(",")] if a.only else range(a.n)
    for i in idx:
        c = generate(a.seed, i)
        if a.cmd == "show":
            sys.stdout.write(show(c))
        elif a.cmd == "json":
            print(json.dumps(c))
        else:
            d = os.path.join(a.dir, "c%05d" % i)
            write_root(c, os.path.join(d, "root"))
            with open(os.path.join(d, "config.json"), "w") as f:
                json.dump(c, f, indent=1)


if __name__ == "__main__":
    main()
