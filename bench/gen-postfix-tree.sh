#!/bin/sh
# gen-postfix-tree.sh - write a generated Postfix configuration tree for
# the benchmark (make bench).  Nothing here is ever committed: the trees
# go to a temporary directory chosen by the caller.
#
# Usage: bench/gen-postfix-tree.sh SCALE DIR
#
# SCALE 1 is the base: a realistic multi-tenant MX (about 120 main.cf
# lines, 35 master.cf services of which 5 are smtpd listeners, mynetworks
# and access tables of 1,000 entries).  SCALE N multiplies every part of
# it by N:
#
#   etc/postfix/main.cf          ~50 built-in parameters, 20*N user-defined
#                                parameters referencing each other with
#                                $name / ${name}, restriction lists that
#                                grow by 4*N items, 4*N restriction classes
#   etc/postfix/master.cf        Debian's services, submission/smtps and a
#                                content filter with -o overrides, plus N
#                                per-address smtpd listeners and 4*N pipe
#                                and smtp transports, each with -o overrides
#   etc/postfix/mynetworks       1000*N prefixes and 10*N "!host" exclusions
#                                (the "/file" list named by mynetworks)
#   etc/postfix/clients.cidr     1000*N entries, the table of
#                                "check_client_access cidr:..." in
#                                smtpd_relay_restrictions (1% OK, the rest
#                                REJECT)
#   etc/postfix/helo_checks.pcre a small fixed table
#
# A SCALE of 0 writes a small configuration without tables, for the fleet
# (its paths are resolved under /, so it must name no table).
#
# Output is deterministic: the same SCALE always gives the same bytes.

set -eu

if [ $# -ne 2 ]; then
    echo "usage: $0 SCALE DIR" >&2
    exit 2
fi
scale=$1
dir=$2
case $scale in
    ''|*[!0-9]*) echo "$0: SCALE must be a number" >&2; exit 2 ;;
esac
pf=$dir/etc/postfix
mkdir -p "$pf"

if [ "$scale" -eq 0 ]; then
    # fleet member: a small MX without tables (paths would resolve under /)
    cat >"$pf/main.cf" <<'EOF'
# small MX of a fleet
compatibility_level = 3.6
smtpd_banner = $myhostname ESMTP $mail_name
biff = no
append_dot_mydomain = no
readme_directory = no
myhostname = mx.fleet.example
mydomain = fleet.example
myorigin = $mydomain
mydestination = $myhostname, localhost.$mydomain, localhost
relayhost = [smtp.$mydomain]:587
mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128 10.20.0.0/16
inet_interfaces = all
inet_protocols = all
smtpd_tls_cert_file = /etc/ssl/certs/mx.pem
smtpd_tls_key_file = /etc/ssl/private/mx.key
smtpd_tls_security_level = may
smtp_tls_security_level = may
smtpd_sasl_auth_enable = no
smtpd_helo_required = yes
disable_vrfy_command = yes
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,
    reject_unauth_destination
smtpd_recipient_restrictions = reject_non_fqdn_recipient,
    reject_unknown_recipient_domain, reject_unauth_pipelining,
    reject_rbl_client zen.spamhaus.org
message_size_limit = 52428800
mailbox_size_limit = 0
recipient_delimiter = +
EOF
    cat >"$pf/master.cf" <<'EOF'
smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
pickup    unix  n       -       y       60      1       pickup
cleanup   unix  n       -       y       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       y       1000?   1       tlsmgr
rewrite   unix  -       -       y       -       -       trivial-rewrite
bounce    unix  -       -       y       -       0       bounce
defer     unix  -       -       y       -       0       bounce
trace     unix  -       -       y       -       0       bounce
verify    unix  -       -       y       -       1       verify
flush     unix  n       -       y       1000?   0       flush
smtp      unix  -       -       y       -       -       smtp
relay     unix  -       -       y       -       -       smtp
        -o syslog_name=postfix/$service_name
showq     unix  n       -       y       -       -       showq
error     unix  -       -       y       -       -       error
retry     unix  -       -       y       -       -       error
discard   unix  -       -       y       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       y       -       -       lmtp
anvil     unix  -       -       y       -       1       anvil
scache    unix  -       -       y       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
    exit 0
fi

# ---------------------------------------------------------------- main.cf
awk -v N="$scale" 'BEGIN {
    print "# Generated by bench/gen-postfix-tree.sh (scale " N "): a multi-tenant MX"
    print "# with per-customer parameters, long restriction lists and large tables."
    print "compatibility_level = 3.6"
    print "smtpd_banner = $myhostname ESMTP $mail_name (Debian/GNU)"
    print "biff = no"
    print "append_dot_mydomain = no"
    print "readme_directory = no"
    print ""
    print "# TLS parameters"
    print "smtpd_tls_cert_file = /etc/ssl/certs/mx.example.net.pem"
    print "smtpd_tls_key_file = /etc/ssl/private/mx.example.net.key"
    print "smtpd_tls_security_level = may"
    print "smtpd_tls_loglevel = 1"
    print "smtpd_tls_received_header = yes"
    print "smtpd_tls_mandatory_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1"
    print "smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1"
    print "smtpd_tls_mandatory_ciphers = high"
    print "smtpd_tls_session_cache_database = btree:${data_directory}/smtpd_scache"
    print "smtp_tls_CApath = /etc/ssl/certs"
    print "smtp_tls_security_level = may"
    print "smtp_tls_loglevel = 1"
    print "smtp_tls_session_cache_database = btree:${data_directory}/smtp_scache"
    print ""
    print "# SASL"
    print "smtpd_sasl_type = dovecot"
    print "smtpd_sasl_path = private/auth"
    print "smtpd_sasl_auth_enable = no"
    print "smtpd_sasl_security_options = noanonymous, noplaintext"
    print "smtpd_sasl_tls_security_options = noanonymous"
    print "smtpd_tls_auth_only = yes"
    print "broken_sasl_auth_clients = no"
    print ""
    print "myhostname = mx.example.net"
    print "mydomain = example.net"
    print "myorigin = $mydomain"
    print "alias_maps = hash:/etc/aliases"
    print "alias_database = hash:/etc/aliases"
    print "mydestination = $myhostname, localhost.$mydomain, localhost"
    print "relayhost ="
    print "mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128"
    print "    /etc/postfix/mynetworks"
    print "mailbox_size_limit = 0"
    print "message_size_limit = 52428800"
    print "recipient_delimiter = +"
    print "inet_interfaces = all"
    print "inet_protocols = all"
    print "disable_vrfy_command = yes"
    print "smtpd_helo_required = yes"
    print "strict_rfc821_envelopes = yes"
    print "smtpd_delay_reject = yes"
    print "smtpd_forbid_bare_newline = normalize"
    print "virtual_transport = lmtp:unix:private/dovecot-lmtp"
    print "virtual_mailbox_domains = $mydomain"
    print "transport_maps = hash:/etc/postfix/transport"
    print "content_filter = amavis:[127.0.0.1]:10024"
    print "milter_default_action = accept"
    print "milter_protocol = 6"
    print "smtpd_milters = inet:localhost:8891"
    print "non_smtpd_milters = $smtpd_milters"
    print "policy-spf_time_limit = 3600s"
    print ""
    # Per-customer parameters: 5 per customer, 4*N customers (20*N in all).
    # Each refers to others with $name or ${name}: inside its group, to the
    # previous customer, and from the lists further down.
    nc = 4 * N
    for (c = 1; c <= nc; c++) {
        p = (c > 1) ? c - 1 : nc
        printf "# customer %d\n", c
        printf "cust%d_domain = customer%d.example.org\n", c, c
        printf "cust%d_mx = mx.$cust%d_domain\n", c, c
        printf "cust%d_backup_mx = ${cust%d_mx}\n", c, p
        printf "cust%d_fallback = [$cust%d_backup_mx]:25\n", c, c
        printf "cust%d_restrictions = permit_sasl_authenticated,\n", c
        printf "    check_sender_access inline:{ postmaster@$cust%d_domain=OK },\n", c
        printf "    reject_rbl_client bl%d.dnsbl.example, reject\n", c
    }
    print ""
    # restriction classes: one per customer
    printf "smtpd_restriction_classes ="
    for (c = 1; c <= nc; c++)
        printf "%s cust%d_restrictions", (c % 8 == 1 && c > 1) ? "\n   " : "", c
    print ""
    # relay domains: every customer domain, and the backup MX names
    printf "relay_domains = $mydestination"
    for (c = 1; c <= nc; c++)
        printf ",%s $cust%d_domain", (c % 6 == 1) ? "\n   " : "", c
    print ""
    printf "smtp_fallback_relay ="
    for (c = 1; c <= nc; c++)
        printf "%s ${cust%d_fallback}", (c % 8 == 1) ? "\n   " : "", c
    print ""
    print ""
    print "# restriction lists"
    print "smtpd_client_restrictions = permit_mynetworks, permit_sasl_authenticated,"
    print "    reject_unknown_reverse_client_hostname,"
    print "    reject_unauth_pipelining"
    for (i = 1; i <= 2 * N; i++)
        printf "    , reject_rbl_client rbl%d.dnsbl.example=127.0.0.[2..11]\n", i
    print "smtpd_helo_restrictions = permit_mynetworks, permit_sasl_authenticated,"
    print "    reject_invalid_helo_hostname, reject_non_fqdn_helo_hostname,"
    print "    check_helo_access pcre:/etc/postfix/helo_checks.pcre"
    print "smtpd_sender_restrictions = reject_non_fqdn_sender,"
    print "    reject_unknown_sender_domain"
    for (i = 1; i <= N; i++)
        printf "    , reject_rhsbl_sender dbl%d.dnsbl.example\n", i
    print "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,"
    print "    check_client_access cidr:/etc/postfix/clients.cidr,"
    print "    reject_unauth_destination"
    print "smtpd_recipient_restrictions = reject_non_fqdn_recipient,"
    print "    reject_unknown_recipient_domain,"
    print "    check_policy_service unix:private/policy-spf"
    for (i = 1; i <= N; i++)
        printf "    , reject_rhsbl_recipient rhs%d.dnsbl.example\n", i
    print "smtpd_data_restrictions = reject_unauth_pipelining"
    print "mua_client_restrictions = permit_sasl_authenticated, reject"
    print "mua_sender_restrictions = permit_sasl_authenticated, reject"
    print "mua_relay_restrictions = permit_sasl_authenticated, reject"
}' >"$pf/main.cf"

# -------------------------------------------------------------- master.cf
awk -v N="$scale" 'BEGIN {
    print "# Generated by bench/gen-postfix-tree.sh (scale " N ")"
    print "smtp      inet  n       -       y       -       -       smtpd"
    print "submission inet n       -       y       -       -       smtpd"
    print "  -o syslog_name=postfix/submission"
    print "  -o smtpd_tls_security_level=encrypt"
    print "  -o smtpd_sasl_auth_enable=yes"
    print "  -o smtpd_tls_auth_only=yes"
    print "  -o smtpd_client_restrictions=$mua_client_restrictions"
    print "  -o smtpd_sender_restrictions=$mua_sender_restrictions"
    print "  -o smtpd_relay_restrictions=$mua_relay_restrictions"
    print "  -o milter_macro_daemon_name=ORIGINATING"
    print "smtps     inet  n       -       y       -       -       smtpd"
    print "  -o syslog_name=postfix/smtps"
    print "  -o smtpd_tls_wrappermode=yes"
    print "  -o smtpd_sasl_auth_enable=yes"
    print "  -o smtpd_client_restrictions=$mua_client_restrictions"
    print "  -o smtpd_sender_restrictions=$mua_sender_restrictions"
    print "  -o smtpd_relay_restrictions=$mua_relay_restrictions"
    print "  -o milter_macro_daemon_name=ORIGINATING"
    print "pickup    unix  n       -       y       60      1       pickup"
    print "cleanup   unix  n       -       y       -       0       cleanup"
    print "qmgr      unix  n       -       n       300     1       qmgr"
    print "tlsmgr    unix  -       -       y       1000?   1       tlsmgr"
    print "rewrite   unix  -       -       y       -       -       trivial-rewrite"
    print "bounce    unix  -       -       y       -       0       bounce"
    print "defer     unix  -       -       y       -       0       bounce"
    print "trace     unix  -       -       y       -       0       bounce"
    print "verify    unix  -       -       y       -       1       verify"
    print "flush     unix  n       -       y       1000?   0       flush"
    print "proxymap  unix  -       -       n       -       -       proxymap"
    print "proxywrite unix -       -       n       -       1       proxymap"
    print "smtp      unix  -       -       y       -       -       smtp"
    print "relay     unix  -       -       y       -       -       smtp"
    print "        -o syslog_name=postfix/$service_name"
    print "showq     unix  n       -       y       -       -       showq"
    print "error     unix  -       -       y       -       -       error"
    print "retry     unix  -       -       y       -       -       error"
    print "discard   unix  -       -       y       -       -       discard"
    print "local     unix  -       n       n       -       -       local"
    print "virtual   unix  -       n       n       -       -       virtual"
    print "lmtp      unix  -       -       y       -       -       lmtp"
    print "anvil     unix  -       -       y       -       1       anvil"
    print "scache    unix  -       -       y       -       1       scache"
    print "postlog   unix-dgram n  -       n       -       1       postlogd"
    print "policy-spf unix -       n       n       -       0       spawn"
    print "  user=policyd-spf argv=/usr/bin/policyd-spf"
    print "amavis    unix  -       -       n       -       2       smtp"
    print "  -o smtp_data_done_timeout=1200"
    print "  -o smtp_send_xforward_command=yes"
    print "  -o disable_dns_lookups=yes"
    print "  -o max_use=20"
    print "127.0.0.1:10025 inet n  -       n       -       -       smtpd"
    print "  -o content_filter="
    print "  -o local_recipient_maps="
    print "  -o relay_recipient_maps="
    print "  -o smtpd_restriction_classes="
    print "  -o smtpd_delay_reject=no"
    print "  -o smtpd_client_restrictions=permit_mynetworks,reject"
    print "  -o smtpd_helo_restrictions="
    print "  -o smtpd_sender_restrictions="
    print "  -o smtpd_relay_restrictions="
    print "  -o smtpd_recipient_restrictions=permit_mynetworks,reject"
    print "  -o smtpd_data_restrictions=reject_unauth_pipelining"
    print "  -o smtpd_end_of_data_restrictions="
    print "  -o mynetworks=127.0.0.0/8"
    print "  -o smtpd_error_sleep_time=0"
    print "  -o smtpd_soft_error_limit=1001"
    print "  -o smtpd_hard_error_limit=1000"
    print "  -o receive_override_options=no_header_body_checks,no_unknown_recipient_checks"
    print "  -o smtpd_milters="
    # Per-customer services: one smtpd listener on the customer address
    # (with its own banner and certificate) and four transports.
    for (c = 1; c <= N; c++) {
        a = 10 + int((c - 1) / 250); b = (c - 1) % 250 + 1
        printf "198.51.%d.%d:smtp inet n - y - - smtpd\n", a, b
        printf "  -o syslog_name=postfix/cust%d\n", c
        printf "  -o myhostname=$cust%d_mx\n", c
        printf "  -o { smtpd_banner = ${cust%d_mx} ESMTP $mail_name }\n", c
        printf "  -o smtpd_tls_cert_file=/etc/ssl/certs/cust%d.pem\n", c
        printf "  -o smtpd_tls_key_file=/etc/ssl/private/cust%d.key\n", c
        for (k = 0; k < 4; k++) {
            t = 4 * (c - 1) + k + 1
            if (k % 2 == 0) {
                printf "deliver%d unix - n n - - pipe\n", t
                printf "  flags=DRhu user=vmail argv=/usr/lib/dovecot/deliver -f ${sender} -d ${recipient}\n"
                printf "  -o syslog_name=postfix/deliver%d\n", t
            } else {
                printf "relay%d unix - - y - - smtp\n", t
                printf "  -o syslog_name=postfix/relay%d\n", t
                printf "  -o smtp_helo_name=$cust%d_mx\n", t
                printf "  -o smtp_tls_security_level=encrypt\n"
                printf "  -o smtp_bind_address=198.51.%d.%d\n", a, b
            }
        }
    }
}' >"$pf/master.cf"

# ---------------------------------------------------------------- tables
# mynetworks: 1000*N private prefixes (customer offices), as a /file list,
# with 10*N "!host" exclusions
awk -v N="$scale" 'BEGIN {
    print "# trusted networks (generated)"
    n = 1000 * N
    for (i = 0; i < n; i++) {
        # 10.0.0.0/8 hosts and 192.168.x.0/24 networks, one item a line
        # 1 in 100 lines is an office /24 minus one host (Postfix matches
        # first to last, so "!host" comes before the network)
        if (i % 100 == 3) {
            j = int(i / 100)
            printf "!10.%d.%d.13\n10.%d.%d.0/24\n", 200 + int(j / 256) % 50, j % 256, 200 + int(j / 256) % 50, j % 256
        } else if (i % 4 == 3)
            printf "192.168.%d.0/24\n", int(i / 4) % 256
        else
            printf "10.%d.%d.%d/32\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256
    }
}' >"$pf/mynetworks"

# clients.cidr: 1000*N client entries; 1 in 100 is a partner that may relay
awk -v N="$scale" 'BEGIN {
    print "# client access for smtpd_relay_restrictions (generated)"
    n = 1000 * N
    for (i = 0; i < n; i++) {
        a = 11 + int(i / 65536) % 100; b = int(i / 256) % 256; c = i % 256
        if (i % 100 == 0)
            printf "172.%d.%d.%d/32\tOK\n", 16 + int(i / 65536) % 16, b, c
        else
            printf "%d.%d.%d.0/24\tREJECT blocked by local policy\n", a, b, c
    }
}' >"$pf/clients.cidr"

cat >"$pf/helo_checks.pcre" <<'EOF'
# HELO checks
/^mx\.example\.net$/            REJECT You are not me
/^\[?198\.51\.100\.\d+\]?$/     REJECT You are not me
/^localhost(\.localdomain)?$/   REJECT Bad HELO
/^[0-9.]+$/                     REJECT Bare IP address in HELO
EOF

cat >"$pf/transport" <<'EOF'
# transport map
example.net    lmtp:unix:private/dovecot-lmtp
EOF
