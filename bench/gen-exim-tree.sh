#!/bin/sh
# gen-exim-tree.sh - write a generated Exim configuration tree for the
# benchmark (make bench).  Nothing here is ever committed: the trees go to
# a temporary directory chosen by the caller.
#
# Usage: bench/gen-exim-tree.sh SCALE DIR
#
# SCALE 1 is the base: a realistic multi-tenant relay (about 150 lines of
# main options, routers and transports, 25 customers with their own ACL
# statements, a relay host file of 1,000 networks).  SCALE N multiplies the
# parts that grow in real installations by N:
#
#   etc/exim/exim.conf       main options, the ACL skeleton (connect, helo,
#                            mail, rcpt, data), routers, transports,
#                            retry, rewrite and authenticators; it
#                            .includes the three files below
#   etc/exim/macros.conf     10*N macros (customer domains and smarthosts),
#                            some defined from other macros
#   etc/exim/lists.conf      domainlist local_domains (5*N items) and
#                            relay_to_domains (25*N items), hostlist
#                            blocked_hosts (25*N items), inline and
#                            continued over lines of 8 items (Exim allows
#                            at most 32 named lists of a kind, so lists
#                            grow in length, not in number; at 1000x the
#                            longest logical line is about 400 KB, under
#                            mtaaudit's 1 MiB bound), and hostlist
#                            relay_from_hosts naming the file below
#   etc/exim/relay_hosts     1000*N networks, one a line (a list file:
#                            "exim -bP" does not open it, the audit does)
#   etc/exim/acl_rcpt.conf   25*N customers, four ACL statements each
#                            (rcpt deny/accept with inline host and domain
#                            lists of a few items, ratelimit, verify),
#                            included inside acl_check_rcpt
#
# .include names absolute paths (/etc/exim/...), as Exim requires; the
# audit resolves them under --root.  To give the file to "exim -C", rewrite
# them to DIR/etc/exim/... (bench/run.sh does).
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
    ''|*[!0-9]*|0) echo "$0: SCALE must be a number of 1 or more" >&2; exit 2 ;;
esac
ex=$dir/etc/exim
mkdir -p "$ex"

# ---------------------------------------------------------------- macros
awk -v N="$scale" 'BEGIN {
    print "# site macros (generated)"
    print "MAIN_DOMAIN = relay.example.net"
    print "MAIN_SMARTHOST = smtp.upstream.example.net"
    print "SPOOL_LIMIT = 200M"
    for (i = 1; i <= 10 * N; i++) {
        if (i % 2)
            printf "CUST%d_DOMAIN = cust%d.example\n", i, i
        else
            printf "CUST%d_DOMAIN = mail.CUST%d_DOMAIN\n", i, i - 1
    }
}' >"$ex/macros.conf"

# ----------------------------------------------------------------- lists
# list(KIND, NAME, COUNT, WHAT) - one named list, 8 items a line
awk -v N="$scale" '
function list(kind, name, n, what,   i, s) {
    printf "%s %s = ", kind, name
    if (kind == "hostlist")
        printf "<; 127.0.0.1 ; ::1"
    else
        printf "@ : localhost"
    for (i = 0; i < n; i++) {
        if (i % 8 == 0)
            printf " %s\\\n    ", kind == "hostlist" ? ";" : ":"
        else
            printf " %s ", kind == "hostlist" ? ";" : ":"
        if (what == "local")
            printf "mail%d.example.org", i
        else if (what == "relay")
            printf "cust%d.example", i
        else
            printf "192.0.%d.%d", int(i / 256) % 256, i % 256
    }
    printf "\n\n"
}
BEGIN {
    print "# named lists (generated)"
    list("domainlist", "local_domains", 5 * N, "local")
    list("domainlist", "relay_to_domains", 25 * N, "relay")
    list("hostlist", "blocked_hosts", 25 * N, "blocked")
    print "hostlist relay_from_hosts = <; 127.0.0.1 ; ::1 ; /etc/exim/relay_hosts"
}' >"$ex/lists.conf"

# relay_hosts: 1000*N customer office networks, one a line
awk -v N="$scale" 'BEGIN {
    print "# networks that may relay (generated)"
    for (i = 0; i < 1000 * N; i++) {
        if (i % 4 == 3)
            printf "10.%d.%d.0/24\n", 128 + int(i / 65536) % 128, int(i / 256) % 256
        else
            printf "10.%d.%d.%d/32\n", int(i / 65536) % 128, int(i / 256) % 256, i % 256
    }
}' >"$ex/relay_hosts"

# ------------------------------------------------------------- customer ACL
awk -v N="$scale" 'BEGIN {
    print "# per-customer rcpt statements (generated)"
    for (c = 1; c <= 25 * N; c++) {
        a = int(c / 250) % 250; b = c % 250
        printf "  deny    domains       = cust%d.example\n", c
        printf "          !hosts        = <; 198.51.%d.%d ; 198.51.%d.%d ; 2001:db8:%x::/48\n", a, b, a, (b + 1) % 250, c
        printf "          !authenticated = *\n"
        printf "          message       = relay for cust%d.example only from its hosts\n\n", c
        printf "  accept  domains       = cust%d.example : *.cust%d.example\n", c, c
        printf "          verify        = recipient\n"
        printf "          endpass\n"
        printf "          message       = unknown user at cust%d.example\n\n", c
        printf "  defer   hosts         = 198.51.%d.%d\n", a, b
        printf "          ratelimit     = 500 / 1h / per_rcpt / cust%d\n", c
        printf "          message       = rate limit for cust%d exceeded\n\n", c
        printf "  warn    senders       = *@cust%d.example\n", c
        printf "          add_header    = X-Customer: %d\n\n", c
    }
}' >"$ex/acl_rcpt.conf"

# ----------------------------------------------------------- exim.conf
cat >"$ex/exim.conf" <<'EOF'
# Exim configuration of a multi-tenant relay (generated by
# bench/gen-exim-tree.sh for the mtaaudit benchmark)

.include /etc/exim/macros.conf
.include /etc/exim/lists.conf

primary_hostname = MAIN_DOMAIN
qualify_domain = MAIN_DOMAIN
daemon_smtp_ports = 25 : 465 : 587
tls_on_connect_ports = 465
local_interfaces = <; 0.0.0.0 ; ::0
never_users = root
host_lookup = *
rfc1413_hosts =
rfc1413_query_timeout = 0s
prdr_enable = true
log_selector = +smtp_protocol_error +smtp_syntax_error +tls_certificate_verified
ignore_bounce_errors_after = 2d
timeout_frozen_after = 7d
check_spool_space = SPOOL_LIMIT
smtp_accept_max = 200
smtp_accept_max_per_host = 20
smtp_banner = $smtp_active_hostname ESMTP $tod_full
message_size_limit = 50M
helo_try_verify_hosts = *
tls_advertise_hosts = *
tls_certificate = /etc/ssl/certs/relay.pem
tls_privatekey = /etc/ssl/private/relay.key
tls_require_ciphers = NORMAL:-VERS-TLS1.0:-VERS-TLS1.1
auth_advertise_hosts = ${if eq{$tls_in_cipher}{}{}{*}}
acl_smtp_connect = acl_check_connect
acl_smtp_helo = acl_check_helo
acl_smtp_mail = acl_check_mail
acl_smtp_rcpt = acl_check_rcpt
acl_smtp_data = acl_check_data
queue_run_max = 10
remote_max_parallel = 20
split_spool_directory = true
delay_warning = 4h:8h:24h

begin acl

acl_check_connect:
  drop    hosts         = +blocked_hosts
          message       = blocked by local policy
  accept

acl_check_helo:
  accept  hosts         = +relay_from_hosts
  deny    condition     = ${if isip{$sender_helo_name}}
          message       = bare IP address in HELO
  deny    condition     = ${if match_domain{$sender_helo_name}{+local_domains}}
          message       = you are not me
  accept

acl_check_mail:
  deny    condition     = ${if eq{$sender_helo_name}{}}
          message       = HELO required
  accept

acl_check_rcpt:
  accept  hosts         = :
          control       = dkim_disable_verify
  deny    domains       = +local_domains
          local_parts   = ^[.] : ^.*[@%!/|]
          message       = restricted characters in address
  deny    domains       = !+local_domains
          local_parts   = ^[./|] : ^.*[@%!] : ^.*/\\.\\./
          message       = restricted characters in address
  accept  local_parts   = postmaster
          domains       = +local_domains
  require verify        = sender
  accept  hosts         = +relay_from_hosts
          control       = submission
          control       = dkim_disable_verify
  accept  authenticated = *
          control       = submission/domain=
          control       = dkim_disable_verify

.include /etc/exim/acl_rcpt.conf

  require message       = relay not permitted
          domains       = +local_domains : +relay_to_domains
  require verify        = recipient
  accept

acl_check_data:
  deny    condition     = ${if > {$max_received_linelength}{998}}
          message       = line too long (RFC 5322 2.1.1)
  deny    malware       = *
          message       = this message contains a virus ($malware_name)
  warn    spam          = nobody:true
          add_header    = X-Spam-Score: $spam_score
  accept

begin routers

dnslookup_relay_to_domains:
  driver = dnslookup
  domains = ! +local_domains : +relay_to_domains
  transport = remote_smtp
  same_domain_copy_routing = yes
  no_more

smarthost:
  driver = manualroute
  domains = ! +local_domains
  transport = remote_smtp_smarthost
  route_list = * MAIN_SMARTHOST byname
  host_find_failed = ignore
  same_domain_copy_routing = yes
  no_more

system_aliases:
  driver = redirect
  allow_fail
  allow_defer
  data = ${lookup{$local_part}lsearch{/etc/aliases}}
  file_transport = address_file
  pipe_transport = address_pipe

localuser:
  driver = accept
  check_local_user
  transport = local_delivery
  cannot_route_message = Unknown user

begin transports

remote_smtp:
  driver = smtp
  dkim_domain = MAIN_DOMAIN
  dkim_selector = relay
  dkim_private_key = /etc/exim/dkim/relay.key

remote_smtp_smarthost:
  driver = smtp
  hosts_require_tls = *
  hosts_require_auth = *

local_delivery:
  driver = appendfile
  file = /var/mail/$local_part_data
  delivery_date_add
  envelope_to_add
  return_path_add
  group = mail
  mode = 0660

address_pipe:
  driver = pipe
  return_output

address_file:
  driver = appendfile
  delivery_date_add
  envelope_to_add
  return_path_add

begin retry

*                      *           F,2h,15m; G,16h,1h,1.5; F,4d,6h

begin rewrite

*@localhost            $local_part@MAIN_DOMAIN    Ffrs

begin authenticators

plain_server:
  driver = plaintext
  public_name = PLAIN
  server_condition = ${if pam{$auth2:$auth3}}
  server_set_id = $auth2
  server_prompts = :
  server_advertise_condition = ${if def:tls_in_cipher}
EOF
