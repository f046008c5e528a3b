#!/usr/bin/env python3
# exgen.py - a generator of small, valid Exim configurations built from
# everything relaying through Exim depends on, with the probe clients,
# senders and recipients that test each one.  Used by
# tests/oracle/exim-generated.py; by hand:
#
#   exgen.py [--seed S] [--n N] [--only I,...] show     print configurations
#   exgen.py [--seed S] [--n N] [--only I,...] write DIR
#       DIR/cNNNNN/root: etc/exim/exim.conf and its list files,
#       DIR/cNNNNN/config.json: the configuration and its probes
#
# SEED, N and ONLY in the environment are the defaults of the options.
# Configuration I of seed S depends only on (S, I): "--seed S --only I"
# replays one.  Standard library only.
#
# The grammar: ACL statements (accept, deny, require, defer, drop,
# discard, warn) with hosts, domains, local_parts, senders,
# sender_domains, authenticated, verify = recipient, constant conditions
# ("yes", "no", numbers, ${if eq...}), conditions on the client's HELO
# name or sender, endpass and message; named lists (hostlist, domainlist,
# addresslist) with "!" negation, "+name" references, "<;" separators,
# IPv6 items (doubled colons in ":" lists) and list files; macros and
# .ifdef/.else blocks (some macros only from -D); acl_smtp_rcpt (an ACL,
# "accept", unset, or an ACL that does not exist) and the other hooks
# acl_smtp_connect, helo, mail, predata and data; daemon_smtp_ports (or its
# synonym daemon_smtp_port) and local_interfaces; a plaintext
# authenticator; and three layouts of the RCPT ACL: Exim's default
# (require domains = +local_domains : +relay_to_domains), the older style
# of accept domains = +local_domains / +relay_to_domains (endpass, verify
# = recipient) then accept hosts / authenticated and a final deny, and a
# deny !domains gate with exemptions; each mutated by random statements.
# Routers: dnslookup for remote domains, an accept router for local ones.
import argparse
import ipaddress
import json
import os
import random
import re
import sys

from pfgen import boundaries  # noqa: E402 (the same probes as Postfix)

DEFAULT_SEED = 12
HOST = "mx.oracle.example"
HELO = "client.example.net"
SENDER = "someone@example.net"
VICTIM = "victim@remote.example"
LOCAL_RCPT = "postmaster@" + HOST
RELAY_DOMAIN = "relay.example"
LOGIN, PASSWORD = "oracle", "secret"
STRANGERS = ("203.0.113.5", "93.184.216.34", "45.33.32.156")
STRANGERS6 = ("2a00:1450:4001::5", "2001:4860::8")
# domains of the outside world (senders, remote recipients): never local;
# the oracle routes them without DNS
WORLD = ["remote.example", "example.net", "partner.test", "friend.example",
    "relay-test.com", "relay-test.partner.test", "relay-test.org"]

NETS_PUBLIC = ["198.51.100.0/28", "198.51.100.64/26", "12.0.0.0/8",
    "1.2.3.4", "8.8.8.0/24", "0.0.0.0/2", "45.0.0.0/8", "203.0.113.128/25",
    "198.51.100.77/26", "64.0.0.0/3"]
NETS_PRIVATE = ["127.0.0.1", "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12",
    "192.168.1.0/24", "192.168.0.0/16", "10.1.2.3/8", "192.168.1.200"]
NETS_V6 = ["::1", "2001:db8::/32", "2001:db8:1::/48", "fe80::/10",
    "2001:db8:25::10", "::/0"]
NETS_SPECIAL = ["*", "0.0.0.0/0"]
EXCLUDES = ["198.51.100.8/29", "12.1.0.0/16", "10.9.0.0/16",
    "192.168.1.128/25", "127.0.0.2", "8.8.8.8", "2001:db8:1::/48"]
SENDERS = [":", "*@partner.test", "boss@partner.test",
    "^.*@friend\\.example$", "partner.test", "@friend.example"]
LOCAL_PARTS = ["postmaster", "abuse : postmaster", "^adm", "webmaster"]
SUFFIXES = ["*.com", "*.partner.test", "*.org"]
CONST_TRUE = ["yes", "true", "1", "2", "YES", "${if eq{a}{a}}"]
CONST_FALSE = ["no", "false", "0", "", "${if eq{a}{b}}"]
VERBS = ["accept", "accept", "accept", "deny", "deny", "require", "defer",
    "drop", "discard", "warn"]
PORTS = [None, None, "25", "25 : 587", "smtp : submission", "2525",
    "25 : 465 : 587"]
IFACES = [None, None, None, "0.0.0.0", "127.0.0.1", "<; 127.0.0.1 ; ::1",
    "<; 0.0.0.0 ; ::0", "192.0.2.10", "<; 127.0.0.1 ; 192.0.2.10.2525",
    "<; [::1]:25 ; 0.0.0.0", "198.51.100.7 : 127.0.0.1"]
HOOKS = ["connect", "helo", "mail", "predata", "data"]
# the conditions each hook's ACL may test (Exim refuses the others there)
HOOK_CONDS = {"connect": ["hosts", "condition"],
    "helo": ["hosts", "condition", "helo"],
    "mail": ["hosts", "condition", "senders", "sender_domains",
        "authenticated", "helo"],
    "predata": ["hosts", "condition", "senders", "authenticated"],
    "data": ["hosts", "condition", "senders", "authenticated"]}


def v6_colon(item):
    """v6_colon - an item as it must be written in a ":" list (an IPv6
    address's colons doubled)"""
    return item.replace(":", "::") if ":" in item else item


class Gen:
    """Gen - one configuration being built from its own random stream"""

    def __init__(self, seed, index):
        self.r = random.Random("exgen:%s:%d" % (seed, index))
        self.i = index
        self.files = {}             # image path -> text
        self.macros = []            # (name, value)
        self.defines = []           # -D NAME=VALUE
        self.hostlists = {}         # name -> text
        self.domainlists = {}
        self.addresslists = {}
        self.items = []             # every host item anywhere (probes)
        self.senders = []           # every sender item (probes)
        self.helos = []             # HELO names a condition names
        self.lparts = []            # local parts a condition names
        self.suffixes = []          # relay_to_domains suffixes
        self.auth = None            # the authenticator, if any
        self.acls = {}              # ACL name -> text
        self.nfile = 0

    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p):
        return self.r.random() < p

    # -- lists

    def host_item(self, allow_ref=True):
        w = self.r.random()
        if w < 0.3:
            it = self.pick(NETS_PUBLIC)
        elif w < 0.6:
            it = self.pick(NETS_PRIVATE)
        elif w < 0.75:
            it = self.pick(NETS_V6)
        elif w < 0.8:
            it = self.pick(NETS_SPECIAL)
        elif w < 0.92 or not allow_ref:
            it = "!" + self.pick(EXCLUDES)
        else:
            it = "+" + self.pick([n for n in ("relay_from_hosts",
                "trusted_hosts") if n in self.hostlists] or
                ["relay_from_hosts"])
        if not it.startswith("+"):
            self.items.append(it.lstrip("!"))
        return it

    def host_list(self, n=None, allow_ref=True):
        """host_list - the text of a host list: inline items, with "<;" or
        ":" separators, sometimes a list file"""
        items = [self.host_item(allow_ref) for _ in
            range(n or self.r.randint(1, 3))]
        # an exclusion only means something before what it cuts into
        if self.chance(0.5):
            items.sort(key=lambda x: not x.startswith("!"))
        items = list(dict.fromkeys(items))
        if self.chance(0.12):
            self.nfile += 1
            path = "/etc/exim/hosts%d.list" % self.nfile
            body = [self.host_item(False) for _ in range(self.r.randint(1, 3))]
            self.files[path] = "# hosts\n" + "\n".join(dict.fromkeys(
                body)) + "\n"
            items.insert(self.r.randint(0, len(items)), path)
        if any(":" in i for i in items) and self.chance(0.5) or \
            self.chance(0.15):
            return "<; " + " ; ".join(items)
        return " : ".join(v6_colon(i) for i in items)

    def named_lists(self):
        """named_lists - local_domains, relay_to_domains, relay_from_hosts
        and sometimes trusted_hosts and an addresslist"""
        loc = self.pick(["@", "@ : localhost", "@ : localhost : " + HOST,
            HOST, "localhost : @"])
        if self.chance(0.1):
            self.nfile += 1
            path = "/etc/exim/domains%d.list" % self.nfile
            self.files[path] = HOST + "\nlocalhost\n"
            loc = "@ : " + path
        self.domainlists["local_domains"] = loc
        rel = self.pick(["", "", RELAY_DOMAIN, RELAY_DOMAIN + " : partner.test",
            "*.com", RELAY_DOMAIN + " : *.partner.test", "*", "*.org",
            "! " + RELAY_DOMAIN + " : *.com", "+local_domains"])
        self.domainlists["relay_to_domains"] = rel
        for s in SUFFIXES:
            if s in rel and not ("! " + s) in rel:
                self.suffixes.append(s[2:])
        self.hostlists["relay_from_hosts"] = self.host_list(
            self.r.randint(1, 3), allow_ref=False)
        if self.chance(0.3):
            self.hostlists["trusted_hosts"] = self.host_list(
                self.r.randint(1, 2), allow_ref=False)
        if self.chance(0.2):
            s = self.pick(SENDERS[1:])
            self.addresslists["partners"] = s
            self.senders.append(s)

    # -- ACL statements

    def cond(self, name):
        """cond - one condition line: (text, negatable)"""
        if name == "hosts":
            return "hosts = " + (self.pick(["+relay_from_hosts",
                "+relay_from_hosts", ":", "*"]) if self.chance(0.35)
                else self.host_list()), True
        if name == "domains":
            return "domains = " + self.pick(["+local_domains",
                "+local_domains", "+relay_to_domains",
                "+local_domains : +relay_to_domains",
                "! +local_domains : ! +relay_to_domains", "! +local_domains",
                RELAY_DOMAIN, "*", "*.com", "partner.test"]), True
        if name == "local_parts":
            lp = self.pick(LOCAL_PARTS)
            self.lparts.append(lp)
            return "local_parts = " + lp, True
        if name == "senders":
            if self.addresslists and self.chance(0.4):
                return "senders = +partners", True
            s = self.pick(SENDERS)
            if s in ("partner.test",):
                s = "*@" + s
            self.senders.append(s)
            return "senders = " + s, True
        if name == "sender_domains":
            self.senders.append("*@partner.test")
            return "sender_domains = partner.test", True
        if name == "authenticated":
            return "authenticated = " + self.pick(["*", "*", "*",
                "plain_server", "other_server"]), True
        if name == "verify":
            return "verify = " + self.pick(["recipient", "recipient",
                "sender"]), False
        if name == "helo":
            h = self.pick(["friend.example", HOST, "partner.test"])
            self.helos.append(h)
            return "condition = ${if eq{$sender_helo_name}{%s}}" % h, False
        if name == "sender_cond":
            self.senders.append("*@partner.test")
            return "condition = ${if match{$sender_address}" \
                "{\\N@partner\\.test$\\N}}", False
        # condition: a constant
        if self.chance(0.1) and "OPEN" in dict(self.macros):
            return "condition = OPEN", True
        return "condition = " + self.pick(CONST_TRUE + CONST_FALSE), True

    def statement(self, verb=None, conds=None, pool=None):
        """statement - one ACL statement's text"""
        verb = verb or self.pick(VERBS)
        if conds is None:
            pool = pool or ["hosts", "hosts", "hosts", "domains", "domains",
                "authenticated", "senders", "condition", "local_parts",
                "verify", "helo", "sender_cond", "sender_domains"]
            conds = [self.pick(pool) for _ in range(self.r.choice([0, 1, 1,
                1, 2, 2, 3]))]
        lines = []
        for c in conds:
            if c in ("endpass", "message"):
                lines.append(c if c == "endpass" else
                    "message = not for you")
                continue
            text, neg = self.cond(c)
            if neg and self.chance(0.2):
                text = "!" + text
            lines.append(text)
        if verb in ("accept", "discard") and lines and self.chance(0.1):
            lines.insert(self.r.randint(0, len(lines)), "endpass")
        if verb in ("deny", "require", "drop") and self.chance(0.3):
            lines.append("message = relay not permitted")
        if verb == "warn" and self.chance(0.5):
            lines.append("log_message = warned")
        first = "  %-7s %s" % (verb, lines[0]) if lines else "  " + verb
        return "\n".join([first] + ["          " + l for l in lines[1:]])

    def rcpt_acl(self):
        """rcpt_acl - the RCPT ACL's statements: one of three layouts, or
        random statements, mutated"""
        st = []
        w = self.r.random()
        if w < 0.3:
            # Exim's default configuration
            st = ["  accept  hosts = :",
                "  deny    message = restricted characters in address\n"
                "          domains = +local_domains\n"
                "          local_parts = ^[.] : ^.*[@%!/|]",
                "  accept  local_parts = postmaster\n"
                "          domains = +local_domains",
                "  accept  hosts = +relay_from_hosts",
                "  accept  authenticated = *",
                "  require message = relay not permitted\n"
                "          domains = +local_domains : +relay_to_domains",
                "  require verify = recipient",
                "  accept"]
            if self.chance(0.3):
                st.insert(4, "  require verify = sender")
        elif w < 0.6:
            # the older style: issue 12, class 2
            rel = ["  accept  domains = +relay_to_domains"]
            loc = ["  accept  domains = +local_domains"]
            for s in (rel, loc):
                if self.chance(0.5):
                    s.append("          endpass")
                if self.chance(0.5):
                    s.append("          verify = recipient")
            st = ["\n".join(loc), "\n".join(rel),
                "  accept  hosts = +relay_from_hosts",
                "  accept  authenticated = *",
                self.pick(["  deny", "  deny    message = relay not "
                    "permitted", "  deny    message = relay not permitted\n"
                    "          !hosts = +relay_from_hosts"])]
            if self.chance(0.3):
                st[0], st[1] = st[1], st[0]
            if self.chance(0.2):
                st.pop(self.r.randint(0, 3))
        elif w < 0.75:
            st = ["  deny    domains = ! +local_domains : ! +relay_to_domains\n"
                "          !hosts = +relay_from_hosts" +
                ("\n          !authenticated = *" if self.chance(0.6) else "")
                + ("\n          message = relay not permitted"
                if self.chance(0.5) else ""),
                "  accept"]
        else:
            st = [self.statement() for _ in range(self.r.randint(1, 5))]
            if self.chance(0.6):
                st.append(self.pick(["  require domains = +local_domains : "
                    "+relay_to_domains", "  deny    !domains = "
                    "+local_domains : +relay_to_domains", "  accept "
                    " domains = +local_domains : +relay_to_domains",
                    "  deny"]))
            if self.chance(0.6):
                st.append(self.pick(["  accept", "  deny", "  accept  "
                    "hosts = +relay_from_hosts", "  accept  authenticated "
                    "= *"]))
        # mutations: random statements put in anywhere
        for _ in range(self.r.choice([0, 0, 1, 1, 2])):
            st.insert(self.r.randint(0, len(st)), self.statement())
        return st

    def hook_acl(self, hook):
        """hook_acl - the statements of a connect/helo/mail/... ACL"""
        st = [self.statement(self.pick(["accept", "deny", "deny", "warn",
            "require", "drop", "defer"]), pool=HOOK_CONDS[hook])
            for _ in range(self.r.randint(1, 2))]
        st.append(self.pick(["  accept", "  accept", "  accept", "  deny"]))
        return st

    def ifdef(self, text, pool=None):
        """ifdef - TEXT, sometimes inside .ifdef MACRO ... .else ...
        .endif with an alternative (a statement of conditions from POOL)"""
        if not self.chance(0.15):
            return text
        name = self.pick([m for m, _ in self.macros] + ["FROM_D", "UNSET"])
        alt = None
        if text.startswith("  "):
            alt = self.statement(self.pick(["accept", "deny", "warn",
                "require", "defer"]) if pool else None, pool=pool)
        out = [".ifdef " + name, text]
        if alt and self.chance(0.5):
            out += [".else", alt]
        return "\n".join(out + [".endif"])

    # -- the whole configuration

    def build(self):
        main = []
        # macros (a macro name starts with an upper-case letter)
        if self.chance(0.35):
            self.macros.append(("RELAY_NETS", self.host_list(
                self.r.randint(1, 2), allow_ref=False)))
        if self.chance(0.2):
            self.macros.append(("OPEN", self.pick(CONST_TRUE +
                CONST_FALSE[:3])))
        if self.chance(0.2):
            self.defines.append("FROM_D=1")
        self.named_lists()
        if self.macros and self.macros[0][0] == "RELAY_NETS" and \
            self.chance(0.7):
            self.hostlists["relay_from_hosts"] = "RELAY_NETS" + (
                " : " + v6_colon(self.host_item(False)) if self.chance(0.3)
                and not self.macros[0][1].startswith("<") else "")
        main.append(("opt", "primary_hostname = " + HOST))
        for kind, lists in (("domainlist", self.domainlists),
            ("hostlist", self.hostlists), ("addresslist",
            self.addresslists)):
            for n, v in lists.items():
                main.append((kind, "%s %s = %s" % (kind, n, v)))
        v = self.pick(PORTS)
        if v is not None:
            main.append(("ports", "%s = %s" % (self.pick(["daemon_smtp_ports",
                "daemon_smtp_ports", "daemon_smtp_port"]), v)))
        v = self.pick(IFACES)
        if v is not None:
            main.append(("ifaces", "local_interfaces = " + v))
        # the hooks
        w = self.r.random()
        rcpt = "acl_check_rcpt"
        if w < 0.04:
            rcpt = None
        elif w < 0.07:
            rcpt = "acl_missing_rcpt"
        elif w < 0.09:
            rcpt = "accept"
        if rcpt is not None:
            main.append(("hook", "acl_smtp_rcpt = " + rcpt))
        if rcpt == "acl_check_rcpt" or self.chance(0.3):
            self.acls["acl_check_rcpt"] = self.rcpt_acl()
        for h in HOOKS:
            w = self.r.random()
            if w < 0.03:
                main.append(("hook", "acl_smtp_%s = acl_missing_%s" % (h, h)))
            elif w < 0.18:
                name = "acl_check_" + h
                self.acls[name] = self.hook_acl(h)
                main.append(("hook", "acl_smtp_%s = %s" % (h, name)))
        # the authenticator
        if self.chance(0.4):
            self.auth = {"always": self.chance(0.15),
                "advertised": not self.chance(0.15)}
        return main

    def text(self, main):
        """text - the configuration file"""
        out = ["# exgen configuration %d" % self.i]
        for n, v in self.macros:
            out.append("%s = %s" % (n, v))
        for kind, line in main:
            out.append(self.ifdef(line) if kind in ("ports", "ifaces") and
                self.chance(0.3) else line)
        out.append("")
        out.append("begin acl")
        for name, sts in self.acls.items():
            out.append("")
            out.append(name + ":")
            hook = name[len("acl_check_"):]
            for s in sts:
                out.append(self.ifdef(s, HOOK_CONDS.get(hook)) if
                    s.startswith("  ") else s)
        out += ["", "begin routers", "",
            "dnslookup:", "  driver = dnslookup",
            "  domains = ! +local_domains", "  transport = remote_smtp",
            "  ignore_target_hosts = 0.0.0.0 : 127.0.0.0/8", "  no_more", "",
            "local_user:", "  driver = accept",
            "  domains = +local_domains", "  transport = local_delivery", "",
            "begin transports", "",
            "remote_smtp:", "  driver = smtp", "",
            "local_delivery:", "  driver = appendfile",
            "  file = /var/mail/$local_part_data",
            "  user = Debian-exim", ""]
        if self.auth:
            cond = "yes" if self.auth["always"] else \
                "${if and {{eq{$auth2}{%s}}{eq{$auth3}{%s}}}}" % (LOGIN,
                PASSWORD)
            out += ["begin authenticators", "", "plain_server:",
                "  driver = plaintext", "  public_name = PLAIN",
                "  server_prompts = :",
                "  server_condition = " + cond,
                "  server_set_id = $auth2"]
            if not self.auth["advertised"]:
                out.append("  server_advertise_condition = "
                    "${if eq{$tls_in_cipher}{}{no}{yes}}")
            out.append("")
        return "\n".join(out) + "\n"


def generate(seed, index):
    """generate - configuration INDEX of SEED, with its probes"""
    g = Gen(seed, index)
    main = g.build()
    c = {"seed": seed, "index": index, "conf": g.text(main),
        "files": g.files, "defines": g.defines, "auth": g.auth}
    c["probes"] = probes(g)
    return c


def from_text(text, name="file"):
    """from_text - a configuration written by hand (a minimal case, say),
    with probes derived from its text as the generator would: every
    address or prefix it names, the values of its senders,
    sender_domains, local_parts and HELO conditions, its relay_to_domains
    suffixes, and its authenticator"""
    g = Gen(name, 0)
    g.items = re.findall(r"(?<![\w.:])((?:\d{1,3}\.){3}\d{1,3}(?:/\d+)?|"
        r"[0-9a-fA-F]{0,4}(?:::?[0-9a-fA-F]{0,4}){2,7}(?:/\d+)?)(?![\w.:])",
        text.replace("::", ":").replace("<;", "")) + re.findall(
        r"\[?((?:[0-9a-fA-F]*:){2,7}[0-9a-fA-F]*(?:/\d+)?)", text)
    for m in re.finditer(r"^\s*(?:\w+\s+)?!?(senders|sender_domains|"
        r"local_parts)\s*=\s*(.*)$", text, re.M):
        vals = [v.strip() for v in m.group(2).split(":")]
        if m.group(1) == "local_parts":
            g.lparts.append(m.group(2))
        else:
            g.senders += [("*@" + v if m.group(1) == "sender_domains" else
                v) or ":" for v in vals]
    g.helos = re.findall(r"sender_helo_name\}\{([^}]+)\}", text)
    if "$sender_address" in text:
        g.senders.append("*@partner.test")
    m = re.search(r"^\s*domainlist\s+relay_to_domains\s*=(.*)$", text, re.M)
    for s in SUFFIXES:
        if m and s in m.group(1):
            g.suffixes.append(s[2:])
    if "plain_server:" in text:
        g.auth = {"always": "server_condition = yes" in text,
            "advertised": "server_advertise_condition" not in text}
    c = {"seed": name, "index": 0, "conf": text, "files": {},
        "defines": [], "auth": g.auth, "label": os.path.basename(name)}
    c["probes"] = probes(g)
    return c


# ---------------------------------------------------------------- probes


def parse_net(text):
    """parse_net - a host list item as an ip_network, or None"""
    t = text.strip().lstrip("!").strip()
    if t == "*":
        t = "0.0.0.0/0"
    try:
        return ipaddress.ip_network(t, strict=False)
    except ValueError:
        return None


def usable(a):
    """usable - an address a client can have"""
    if a.version == 4:
        return int(a) != 0 and not a.is_multicast and \
            int(a) < int(ipaddress.ip_address("240.0.0.0"))
    return not (a.is_multicast or a.is_unspecified)


def sample_sender(item):
    """sample_sender - a sender address a senders item matches"""
    if item == ":":
        return ""
    if item.startswith("*@"):
        return "someone@" + item[2:]
    if item.startswith("@"):
        return "someone" + item
    if item.startswith("^"):
        return "someone@friend.example"
    if "@" in item:
        return item
    return "someone@" + item


def probes(g):
    """probes - the clients, senders, HELO names and recipients that test
    the configuration G built"""
    sets = []
    for it in g.items + list(g.files.values()):
        for x in it.split("\n"):
            net = parse_net(x)
            if net is not None and net not in sets:
                sets.append(net)
    addrs = []
    for net in sets:
        for a in boundaries(net):
            s = str(a)
            if usable(a) and s not in addrs:
                addrs.append(s)
    far = next((s for s in STRANGERS if not any(ipaddress.ip_address(s) in n
        for n in sets)), STRANGERS[0])
    far6 = next((s for s in STRANGERS6 if not any(
        ipaddress.ip_address(s) in n for n in sets)), STRANGERS6[0])
    fixed = ["127.0.0.1", "::1", far, far6]
    addrs = fixed + [a for a in addrs if a not in fixed]
    cap = 28
    if len(addrs) > cap:
        rest = addrs[len(fixed):]
        r = random.Random("probes:%s:%d" % (g.r.random(), g.i))
        addrs = fixed + sorted(r.sample(rest, cap - len(fixed)),
            key=rest.index)
    senders = [SENDER] + [s for s in dict.fromkeys(sample_sender(x) for x in
        g.senders) if s != SENDER]
    helos = [HELO] + [h for h in dict.fromkeys(g.helos) if h != HELO]
    # remote recipients: the victim, the local parts a condition names,
    # one in each relay_to_domains suffix
    lps = ["victim"]
    for lp in g.lparts:
        for x in lp.split(":"):
            x = x.strip()
            x = "admin" if x.startswith("^") else x
            if x not in lps:
                lps.append(x)
    rcpts = [("remote", "%s@remote.example" % lp) for lp in lps]
    for s in g.suffixes:
        rcpts.append(("in ." + s, "victim@relay-test." + s))
    rcpts.append(("local", LOCAL_RCPT))
    rcpts.append(("relay domain", "victim@" + RELAY_DOMAIN))
    return {"addrs": addrs, "far": far, "senders": senders, "helos": helos,
        "rcpts": rcpts}


# ---------------------------------------------------------------- text


def show(c):
    """show - the whole configuration as text, for a report or a replay"""
    out = ["==== exgen configuration %d (seed %s)%s ====" % (c["index"],
        c["seed"], " -D" + " -D".join(c["defines"]) if c["defines"] else ""),
        "--- etc/exim/exim.conf", c["conf"].rstrip("\n")]
    for p in sorted(c["files"]):
        out += ["--- " + p.lstrip("/"), c["files"][p].rstrip("\n")]
    return "\n".join(out) + "\n"


def write_root(c, root):
    """write_root - lay the configuration out as an image under ROOT"""
    conf = os.path.join(root, "etc/exim")
    os.makedirs(conf, exist_ok=True)
    with open(os.path.join(conf, "exim.conf"), "w") as f:
        f.write(c["conf"])
    for p, text in c["files"].items():
        q = os.path.join(root, p.lstrip("/"))
        os.makedirs(os.path.dirname(q), exist_ok=True)
        with open(q, "w") as f:
            f.write(text)
    with open(os.path.join(root, "etc/hostname"), "w") as f:
        f.write(HOST + "\n")


def indices(n, only):
    """indices - the configurations asked for: ONLY's list, else 0..N-1"""
    if only:
        return [int(x) for x in str(only).split(",") if x.strip()]
    return list(range(n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", default=os.environ.get("SEED") or
        str(DEFAULT_SEED))
    ap.add_argument("--n", type=int, default=int(os.environ.get("N") or 10))
    ap.add_argument("--only", default=os.environ.get("ONLY") or None)
    ap.add_argument("cmd", choices=["show", "write", "json"])
    ap.add_argument("dir", nargs="?")
    a = ap.parse_args()
    for i in indices(a.n, a.only):
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
