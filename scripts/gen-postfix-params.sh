#!/bin/sh
# gen-postfix-params.sh - regenerate parsers/postfix/postfix_params.def from the
# built-in defaults of a real Postfix ("postconf -d").
#
# Usage: scripts/gen-postfix-params.sh [OUTPUT]
#        (OUTPUT defaults to parsers/postfix/postfix_params.def)
#
# Environment:
#   POSTFIX_ORACLE_DIR  where scripts/postfix-pkg.sh downloads and unpacks
#                       Debian's postfix package (default: build/oracle)
#   POSTFIX_ROOT        use this already-unpacked package root instead
#                       (the directory that holds usr/sbin/postconf)
#
# This is a maintainer tool: the build never runs it, the generated file is
# committed.  It needs apt-get and dpkg-deb (via postfix-pkg.sh), awk and
# sort.  It never installs Postfix and never starts a service: postconf
# only reads an empty temporary configuration directory.
#
# Inputs besides postconf:
#   parsers/postfix/postfix_compat.def  names listed there are flagged PF_COMPAT
#   the LEGACY table below      names flagged PF_LEGACY; names that this
#                               postconf does not print are added with the
#                               default given in the table
#   the HOSTDEP list below      names whose default postconf computes from
#                               the machine; their value is written as ""

set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=${1:-$top/parsers/postfix/postfix_params.def}
compat_def=$top/parsers/postfix/postfix_compat.def

LC_ALL=C
export LC_ALL

if [ -n "${POSTFIX_ROOT:-}" ]; then
    D=$POSTFIX_ROOT
else
    D=$("$here/postfix-pkg.sh" "${POSTFIX_ORACLE_DIR:-$top/build/oracle}")
fi
if [ ! -x "$D/usr/sbin/postconf" ]; then
    echo "gen-postfix-params.sh: no postconf under $D" >&2
    exit 1
fi

debver=unknown
for f in "$(dirname "$D")"/postfix_*.deb; do
    if [ -f "$f" ]; then
        debver=$(dpkg-deb -f "$f" Version 2>/dev/null || echo unknown)
    fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/conf"
: > "$work/conf/main.cf"
: > "$work/conf/master.cf"

# postconf -d: built-in defaults, raw ($name references kept).  The empty
# main.cf/master.cf make sure no local setting leaks in.
(
    unset MAIL_CONFIG
    LD_LIBRARY_PATH=$D/usr/lib/postfix
    export LD_LIBRARY_PATH
    exec "$D/usr/sbin/postconf" -c "$work/conf" -d
) > "$work/raw"
[ -s "$work/raw" ] || { echo "gen-postfix-params.sh: postconf -d printed nothing" >&2; exit 1; }

# Names whose default depends on compatibility_level (hand-written table).
sed -n 's/^PF_COMPAT("\([^"]*\)".*/\1/p' "$compat_def" > "$work/compat"

# Names that postconf computes from the machine or the running process.
# Their value is replaced by "" (the generic raw default).
cat > "$work/hostdep" <<'EOF'
myhostname|the machine's fully-qualified hostname (gethostname(); ".localdomain" appended to a bare name)
mydomain|$myhostname minus its first label, "localdomain" when that is empty
mynetworks|computed from mynetworks_style and the machine's interface addresses
process_id|the process ID of the program that reads main.cf
process_name|the name of the program that reads main.cf ("postconf" here)
EOF

# Deprecated or obsolete parameters.  Field 2 is the default used only when
# postconf does not print the name (its last built-in or documented
# default); field 3 is why it is listed.  Sources: postconf
# (src/postconf/postconf_unused.c, 3.9 to 3.12), DEPRECATION_README,
# RELEASE_NOTES-3.9, RELEASE_NOTES (3.11), postconf(5) (proto/postconf.proto).
# Do not use the two-character sequence slash-star in field 3.
cat > "$work/legacy" <<'EOF'
authorized_verp_clients|$mynetworks|renamed to smtpd_authorized_verp_clients (2.1); postconf warns since 3.11
disable_dns_lookups||documented as deprecated since 2.11; postconf warns since 3.9; use smtp_dns_support_level
enable_errors_to|no|removed in Postfix 2.2 (postconf(5))
extract_recipient_limit|10240|removed in Postfix 2.1 (postconf(5))
fallback_relay||renamed to smtp_fallback_relay (2.3); postconf warns since 3.11
lmtp_cname_overrides_servername||postconf warns since 3.11 (obsolete since 2.11); do not specify
lmtp_enforce_tls||postconf warns since 3.9; use lmtp_tls_security_level
lmtp_per_record_deadline|no|renamed to lmtp_per_request_deadline (3.7); postconf warns since 3.11
lmtp_tls_enforce_peername||postconf warns since 3.11; use lmtp_tls_security_level
lmtp_tls_per_site||postconf warns since 3.9; use lmtp_tls_policy_maps
lmtp_use_tls||postconf warns since 3.9; use lmtp_tls_security_level
maps_rbl_domains||postconf(5): obsolete, use reject_rbl_client
postscreen_blacklist_action|ignore|renamed to postscreen_denylist_action (3.6); postconf warns since 3.11
postscreen_dnsbl_ttl|1h|renamed to postscreen_dnsbl_max_ttl (3.1); postconf warns since 3.11
postscreen_dnsbl_whitelist_threshold|0|renamed to postscreen_dnsbl_allowlist_threshold (3.6); postconf warns since 3.11
postscreen_enforce_tls||postconf warns since 3.9; use postscreen_tls_security_level
postscreen_use_tls||postconf warns since 3.9; use postscreen_tls_security_level
postscreen_whitelist_interfaces|static:all|renamed to postscreen_allowlist_interfaces (3.6); postconf warns since 3.11
qmgr_fudge_factor||postconf(5): obsolete feature
smtp_cname_overrides_servername||postconf warns since 3.11 (obsolete since 2.11); do not specify
smtp_enforce_tls||postconf warns since 3.9; use smtp_tls_security_level
smtp_per_record_deadline|no|renamed to smtp_per_request_deadline (3.7); postconf warns since 3.11
smtp_skip_4xx_greeting|yes|removed in Postfix 2.1 (postconf(5))
smtp_tls_cipherlist||postconf(5): obsolete Postfix < 2.3 control, removed in 2.3
smtp_tls_enforce_peername||postconf warns since 3.11; use smtp_tls_security_level
smtp_tls_per_site||postconf warns since 3.9; use smtp_tls_policy_maps
smtp_use_tls||postconf warns since 3.9; use smtp_tls_security_level
smtpd_client_connection_limit_exceptions|$mynetworks|renamed to smtpd_client_event_limit_exceptions (2.2); postconf warns since 3.11
smtpd_enforce_tls||postconf warns since 3.9; use smtpd_tls_security_level
smtpd_per_record_deadline|${stress?{yes}:{no}}|renamed to smtpd_per_request_deadline (3.7); postconf warns since 3.11
smtpd_sasl_application_name|smtpd|renamed to smtpd_sasl_path in Postfix 2.3 (postconf(5))
smtpd_tls_cipherlist||postconf(5): obsolete Postfix < 2.3 control, removed in 2.3
smtpd_tls_dh1024_param_file||postconf warns since 3.9; do not specify (leave at default)
smtpd_tls_dh512_param_file||postconf(5): no longer supported, silently ignored since 3.6
smtpd_tls_eecdh_grade||postconf warns since 3.9; do not specify (leave at default)
smtpd_use_tls||postconf warns since 3.9; use smtpd_tls_security_level
sun_mailtool_compatibility||postconf(5): obsolete SUN mailtool compatibility feature
tls_dane_digest_agility|on|postconf(5): ignored since 3.2 (removed from the code in 3.4)
tls_dane_trust_anchor_digest_enable|yes|postconf(5): ignored since 3.2 (removed from the code in 3.4)
tls_legacy_public_key_fingerprints||no effect since 3.9, removed in 3.11 (HISTORY 2026-01-31)
tlsproxy_client_enforce_tls||postconf warns since 3.9; use tlsproxy_client_security_level
tlsproxy_client_level|$smtp_tls_security_level|renamed to tlsproxy_client_security_level (3.7); postconf warns since 3.11
tlsproxy_client_loglevel_parameter||deprecated and removed in Postfix 3.12 (postconf_unused.c); do not specify
tlsproxy_client_per_site||postconf warns since 3.9; use tlsproxy_client_policy_maps
tlsproxy_client_policy|$smtp_tls_policy_maps|renamed to tlsproxy_client_policy_maps (3.7); postconf warns since 3.11
tlsproxy_client_use_tls||postconf warns since 3.9; use tlsproxy_client_security_level
tlsproxy_enforce_tls||postconf warns since 3.9; use tlsproxy_tls_security_level
tlsproxy_tls_dh1024_param_file||postconf(5): deprecated as of 3.9, do not specify
tlsproxy_tls_dh512_param_file||postconf(5): no longer supported, silently ignored since 3.6
tlsproxy_tls_session_cache_timeout|$smtpd_tls_session_cache_timeout|postconf(5): obsolete (removed from the code in 2.11)
tlsproxy_use_tls||postconf warns since 3.9; use tlsproxy_tls_security_level
virtual_maps||replaced by virtual_alias_maps (2.0); postconf warns since 3.11
EOF

awk -F'|' -v compat="$work/compat" -v hostdep="$work/hostdep" \
    -v legacy="$work/legacy" -v rows="$work/rows" -v notes="$work/notes" '
function addflag(f, x) { return (f == "" ? x : f " | " x) }
# Does s contain the domain name d as a whole name (possibly as the tail of
# a longer name, like localhost.DOMAIN)?
function hasname(s, d,    p, rest, before, after) {
    if (d == "") return 0
    rest = s
    while ((p = index(rest, d)) > 0) {
        before = (p > 1) ? substr(rest, p - 1, 1) : ""
        after = substr(rest, p + length(d), 1)
        if (before !~ /[A-Za-z0-9_$-]/ && after !~ /[A-Za-z0-9_-]/) return 1
        rest = substr(rest, p + 1)
    }
    return 0
}
function replname(s, d, r,    p, rest, res, before, after) {
    res = ""; rest = s
    while ((p = index(rest, d)) > 0) {
        before = (p > 1) ? substr(rest, p - 1, 1) : ""
        after = substr(rest, p + length(d), 1)
        if (before !~ /[A-Za-z0-9_$-]/ && after !~ /[A-Za-z0-9_-]/) {
            res = res substr(rest, 1, p - 1) r
        } else {
            res = res substr(rest, 1, p + length(d) - 1)
        }
        rest = substr(rest, p + length(d))
    }
    return res rest
}
function cesc(s,    i, c, o, prev) {
    o = ""; prev = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\\") o = o "\\\\"
        else if (c == "\"") o = o "\\\""
        else if (c == "?" && prev == "?") o = o "\\?"      # no trigraphs
        else if (c in ord) o = o sprintf("\\%03o", ord[c])
        else o = o c
        prev = c
    }
    return o
}
BEGIN {
    for (i = 1; i < 256; i++) {
        c = sprintf("%c", i)
        if (i < 32 || i > 126) ord[c] = i
    }
    while ((getline l < compat) > 0) iscompat[l] = 1
    while ((getline l < hostdep) > 0) { split(l, a, "|"); ishost[a[1]] = 1 }
    while ((getline l < legacy) > 0) {
        split(l, a, "|"); islegacy[a[1]] = 1; legdef[a[1]] = a[2]
    }
    FS = "\n"
}
{
    line = $0
    if ((p = index(line, " = ")) > 0) {
        name = substr(line, 1, p - 1); val = substr(line, p + 3)
    } else if (line ~ / =$/) {
        name = substr(line, 1, length(line) - 2); val = ""
    } else {
        print "gen-postfix-params.sh: cannot parse: " line > "/dev/stderr"
        bad = 1; next
    }
    if (name in seen) { print "duplicate " name > "/dev/stderr"; bad = 1 }
    seen[name] = 1; names[++n] = name; value[name] = val
}
END {
    if (bad) exit 1
    host = value["myhostname"]; dom = value["mydomain"]
    for (i = 1; i <= n; i++) {
        name = names[i]; val = value[name]; f = ""
        if (name in ishost) {
            val = ""; f = addflag(f, "PF_HOSTDEP")
        } else if (hasname(val, host) || hasname(val, dom)) {
            # Not expected with postconf -d (it prints $myhostname etc.
            # raw), but if a computed default shows the machine name,
            # turn it back into a $name reference and flag it.
            val = replname(val, host, "$myhostname")
            val = replname(val, dom, "$mydomain")
            f = addflag(f, "PF_HOSTDEP")
            print name > notes
        }
        if ((name in iscompat) || index(val, "$compatibility_level") > 0)
            f = addflag(f, "PF_COMPAT")
        if (name in islegacy) f = addflag(f, "PF_LEGACY")
        printf "%s\t%s\t%s\n", name, cesc(val), (f == "" ? "0" : f) > rows
    }
    for (name in islegacy)
        if (!(name in value))
            printf "%s\t%s\t%s\n", name, cesc(legdef[name]), "PF_LEGACY | PF_NOTBUILTIN" > rows
}' "$work/raw"

if [ -s "$work/notes" ]; then
    echo "gen-postfix-params.sh: review PF_HOSTDEP rows found by name match:" >&2
    sed 's/^/  /' "$work/notes" >&2
fi

autohost=none
if [ -s "$work/notes" ]; then
    autohost=$(tr '\n' ' ' < "$work/notes" | sed 's/ $//')
fi
version=$(sed -n 's/^mail_version = //p' "$work/raw")
total=$(wc -l < "$work/rows" | tr -d ' ')
printed=$(wc -l < "$work/raw" | tr -d ' ')

{
cat <<EOF
/*
 * parsers/postfix/postfix_params.def - Postfix built-in parameter defaults.
 *
 * GENERATED FILE - do not edit by hand.  Generated by
 * scripts/gen-postfix-params.sh from Postfix $version (Debian 12 package
 * postfix $debver) "postconf -d", run against an empty
 * main.cf and master.cf.  To regenerate (needs apt-get and dpkg-deb; no
 * service is started):
 *
 *     scripts/gen-postfix-params.sh            # writes this file
 *
 * Row format (X-macro), one per parameter, sorted by name in strcmp()
 * order so that C code can bsearch() it:
 *
 *     PF_PARAM("name", "default value", FLAGS)
 *
 * Values are raw defaults as "postconf -d" prints them (\$name references
 * and \${...} expressions are kept, not expanded).  They are Debian's
 * build defaults: paths (daemon_directory, html_directory, ...),
 * alias_maps, default_database_type, tls_eecdh_auto_curves and the like
 * can differ on other builds.  postconf -d also prints a few per-service
 * parameters (local_destination_concurrency_limit,
 * local_destination_recipient_limit); they are kept.  $printed names come
 * from postconf; $total rows in all (the rest are PF_LEGACY names that this
 * postconf does not know, see below).
 *
 * FLAGS is 0 or an OR of:
 *
 *   PF_HOSTDEP  the default depends on the machine; the value here is the
 *               generic raw default ("" where postconf computes it):
EOF
while IFS='|' read -r n why; do
    printf ' *                 %s: %s\n' "$n" "$why"
done < "$work/hostdep"
cat <<EOF
 *               Other defaults refer to these by \$name (myorigin,
 *               mydestination, smtpd_banner, ...) and are not flagged.
 *               The generator also flags, and reports, any other value
 *               that contains this machine's hostname or domain, with the
 *               name turned back into \$myhostname or \$mydomain
 *               (this time: $autohost).
 *               service_name is "" for postconf and the master.cf
 *               service name in a daemon; it is not flagged.
 *
 *   PF_COMPAT   the default depends on compatibility_level; the value
 *               here is the raw postconf text (for 3.7 an expression like
 *               "\${{\$compatibility_level} <level {1} ? {} : {...}}"), and
 *               the real values are in parsers/postfix/postfix_compat.def.  Every
 *               name in postfix_compat.def is flagged, including
 *               smtp_tls_security_level whose 3.7 default is a plain ""
 *               (its dependency starts with Postfix 3.11).  Flagged:
EOF
sed 's/^/ *                 /' "$work/compat"
cat <<EOF
 *
 *   PF_NOTBUILTIN  not a parameter of this Postfix release (postconf
 *               does not print it): the row only lets the hygiene checks
 *               name it as deprecated; its default is never used.
 *
 *   PF_LEGACY   deprecated or obsolete name.  Names that this postconf
 *               does not print are still listed (with PF_NOTBUILTIN),
 *               with their last built-in or documented default.  Sources: postconf's own
 *               deprecation table (src/postconf/postconf_unused.c, which
 *               makes postconf warn "support for parameter ... will be
 *               removed" from 3.9 on), DEPRECATION_README, RELEASE_NOTES
 *               of 3.9 and 3.11, and postconf(5).  Not flagged: the DSA
 *               files (*_tls_dcert_file, *_tls_dkey_file; the docs call
 *               the DSA algorithm obsolete, not the parameters),
 *               *_tls_eccert_file and *_tls_cert_file (still supported;
 *               *_tls_chain_files is preferred), tlsproxy_tls_eecdh_grade.
 *               Flagged:
EOF
while IFS="|" read -r n _ why; do
    printf ' *                 %s: %s\n' "$n" "$why"
done < "$work/legacy"
cat <<EOF
 */

EOF
sort -t "$(printf '\t')" -k1,1 "$work/rows" |
    awk -F'\t' '{ printf "PF_PARAM(\"%s\", \"%s\", %s)\n", $1, $2, $3 }'
} > "$work/out"

# Sanity check before replacing the output.
dups=$(cut -f1 "$work/rows" | sort | uniq -d)
if [ -n "$dups" ]; then
    echo "gen-postfix-params.sh: duplicate names: $dups" >&2
    exit 1
fi

mkdir -p "$(dirname "$out")"
mv "$work/out" "$out.tmp.$$"
mv "$out.tmp.$$" "$out"
echo "gen-postfix-params.sh: wrote $out ($total rows, Postfix $version)" >&2
