/* SPDX-License-Identifier: MIT */
/*
 * registry.c - every check mtaaudit knows, in one table sorted by id.
 * IDs are stable and never reused.  The man page's CHECKS section and
 * --list-checks come from this table (tests/unit/test_registry.c keeps
 * them in agreement).  A NULL function marks a finding raised by a
 * reader while it parses.
 */
#include <stddef.h>

#include "checks/checks.h"

#define PF	MTA_BIT(MTA_POSTFIX)
#define EX	MTA_BIT(MTA_EXIM)
#define SM	MTA_BIT(MTA_SENDMAIL)
#define ALL	MTA_ALL

#define STIG_RELAY "DISA STIG RHEL-07-040680 / RHEL-08-040290 (prevent " \
	"unrestricted mail relaying)"

const struct check checks[] = {
{ "AUT001", "auth-cleartext", CAT_AUTH, SEV_HIGH, ALL, chk_auth_cleartext,
  "SMTP AUTH is offered without TLS",
  "Passwords sent before STARTTLS, or on a listener without TLS, cross the "
  "network in clear and can be captured.",
  "Offer AUTH only after TLS (Postfix: smtpd_tls_auth_only = yes, or "
  "smtpd_tls_security_level = encrypt on submission).",
  "RFC 4954 section 4; RFC 8314" },
{ "AUT002", "auth-anonymous", CAT_AUTH, SEV_HIGH, ALL, chk_auth_anonymous,
  "Anonymous SASL mechanisms are allowed",
  "An anonymous login may count as authenticated and unlock relaying "
  "(Postfix's SASL_README and postconf(5) disagree; assume the worst).",
  "Postfix: smtpd_sasl_security_options = noanonymous (and the same in "
  "smtpd_sasl_tls_security_options).",
  "RFC 4505; Postfix SASL_README" },
{ "AUT003", "no-submission", CAT_AUTH, SEV_MEDIUM, ALL, chk_no_submission,
  "AUTH is offered on port 25 but there is no submission service",
  "Clients then authenticate on the MX port, where TLS cannot be required "
  "(RFC 3207) and where AUTH draws password guessing.",
  "Add a submission (587) or submissions (465) service and turn AUTH off "
  "on port 25.",
  "RFC 6409; RFC 8314" },
{ "AUT004", "sender-login-mismatch", CAT_AUTH, SEV_MEDIUM, PF,
  chk_pf_sender_login,
  "Authenticated users can send as any sender address",
  "Without a sender-login check one compromised account can forge mail "
  "from every address the server signs for.",
  "smtpd_sender_login_maps = ...; add reject_sender_login_mismatch to "
  "smtpd_sender_restrictions on the AUTH listener.",
  "Postfix postconf(5) reject_sender_login_mismatch" },
{ "AUT005", "sasl-remote-cleartext", CAT_AUTH, SEV_MEDIUM, PF,
  chk_pf_sasl_remote,
  "The SASL backend is reached over the network",
  "smtpd_sasl_path = inet:host:port to a remote Dovecot carries every "
  "password in clear across that network.",
  "Use a local socket (private/auth) or protect the path.",
  "Postfix SASL_README" },
{ "AUT006", "always-true-authenticator", CAT_AUTH, SEV_CRITICAL, EX,
  chk_ex_auth_true,
  "An authenticator accepts every password",
  "A server_condition that is constantly true makes every AUTH succeed, so "
  "accept authenticated = * lets anyone relay.",
  "Check the password: server_condition = ${if pam{$auth2:$auth3}} or a "
  "crypteq against a password file.",
  "Exim specification, chapter \"SMTP authentication\"" },
{ "DKM001", "no-dkim-signing", CAT_DKIM, SEV_MEDIUM, ALL, chk_no_dkim_sign,
  "Outgoing mail is not DKIM-signed",
  "Receivers increasingly reject or junk unsigned mail, and DMARC "
  "alignment needs a signature.",
  "Wire a signer (OpenDKIM, rspamd, or the MTA's built-in signing).",
  "RFC 6376" },
{ "DKM002", "no-dkim-verification", CAT_DKIM, SEV_MEDIUM, ALL,
  chk_no_dkim_verify,
  "Incoming mail is not DKIM-verified",
  "Without verification forged mail from signed domains is not detected "
  "and DMARC cannot be evaluated.",
  "Wire a verifier (OpenDKIM Mode v, rspamd).",
  "RFC 6376" },
{ "DKM003", "milter-fails-open", CAT_DKIM, SEV_LOW, ALL,
  chk_milter_fail_open,
  "A mail-authentication milter fails open",
  "When the milter is down mail passes unsigned or unverified, silently.",
  "milter_default_action = tempfail (Postfix's default).",
  "Postfix MILTER_README" },
{ "DKM004", "milter-socket-mismatch", CAT_DKIM, SEV_MEDIUM, ALL,
  chk_milter_mismatch,
  "The MTA connects to a milter socket the milter does not listen on",
  "Every connection fails, so signing or verification never happens (or "
  "all mail is deferred).",
  "Make the MTA's milter address and the milter's Socket name the same "
  "endpoint, as seen from a chrooted smtpd.",
  "opendkim.conf(5); Postfix MILTER_README" },
{ "DKM005", "dkim-weak-hash", CAT_DKIM, SEV_LOW, EX, chk_ex_dkim_sha1,
  "DKIM signatures use SHA-1",
  "RFC 8301 forbids rsa-sha1: receivers treat such signatures as absent.",
  "dkim_hash = sha256",
  "RFC 8301" },
{ "DMC001", "no-dmarc", CAT_DMARC, SEV_MEDIUM, ALL, chk_no_dmarc,
  "Incoming mail is not checked against DMARC",
  "Domains that publish p=reject are not protected from spoofing on this "
  "server.",
  "Wire OpenDMARC (after OpenDKIM) or rspamd.",
  "RFC 7489" },
{ "DSC001", "version-in-banner", CAT_DISCLOSURE, SEV_LOW, ALL, chk_banner,
  "The SMTP banner discloses the software version",
  "A version string tells attackers which exploits to try.",
  "Postfix: smtpd_banner = $myhostname ESMTP; Exim: smtp_banner = "
  "$smtp_active_hostname ESMTP; Sendmail: define(`confSMTP_LOGIN_MSG', "
  "`$j ESMTP').",
  "CIS Postfix guidance; RFC 5321 section 4.3.1" },
{ "DSC002", "vrfy-enabled", CAT_DISCLOSURE, SEV_LOW, ALL, chk_vrfy,
  "VRFY or EXPN is enabled",
  "VRFY lets anyone enumerate valid mailboxes; EXPN also reveals what "
  "aliases and lists expand to.",
  "Postfix: disable_vrfy_command = yes; Exim: leave acl_smtp_vrfy and "
  "acl_smtp_expn unset; Sendmail: confPRIVACY_FLAGS with goaway (or "
  "novrfy,noexpn).",
  "RFC 5321 section 7.3" },
{ "DSC003", "helo-not-required", CAT_DISCLOSURE, SEV_LOW, PF | SM,
  chk_helo,
  "Clients need not say HELO/EHLO",
  "Many spam engines skip HELO; requiring it is a cheap filter.",
  "Postfix: smtpd_helo_required = yes; Sendmail: needmailhelo in "
  "confPRIVACY_FLAGS.",
  "RFC 5321 section 4.1.1.1" },
{ "EXP001", "listener-without-role", CAT_EXPOSURE, SEV_INFO, ALL,
  chk_no_role,
  "A host that receives no mail listens beyond loopback",
  "A null client or send-only host needs no public SMTP listener; every "
  "open port is attack surface.",
  "Postfix: inet_interfaces = loopback-only.",
  "CIS benchmark: ensure the mail transfer agent is configured for "
  "local-only mode" },
{ "EXP002", "default-msa-exposed", CAT_EXPOSURE, SEV_MEDIUM, SM,
  chk_sm_default_msa,
  "The default MSA on port 587 listens on every address",
  "DAEMON_OPTIONS that bind the MTA to loopback leave the MSA that "
  "sendmail.mc adds by default listening everywhere.",
  "FEATURE(`no_default_msa') or DAEMON_OPTIONS(`Port=submission, "
  "Name=MSA, M=Ea, Addr=127.0.0.1').",
  "Sendmail cf/README, DAEMON_OPTIONS and no_default_msa" },
{ "HYG001", "unknown-parameter", CAT_HYGIENE, SEV_LOW, PF,
  chk_pf_unknown_param,
  "A parameter Postfix does not know",
  "A typo silently leaves the intended setting at its default.",
  "Correct the name, or remove the line.",
  "postconf(1) unused-parameter warnings" },
{ "HYG002", "duplicate-parameter", CAT_HYGIENE, SEV_INFO, PF,
  chk_pf_duplicate_param,
  "A parameter is defined more than once",
  "Only the last definition counts; the earlier one misleads readers.",
  "Keep one definition.",
  "postconf(1) \"overriding earlier entry\"" },
{ "HYG003", "deprecated-parameter", CAT_HYGIENE, SEV_INFO, PF,
  chk_pf_deprecated,
  "A deprecated or obsolete parameter",
  "Deprecated names are removed in later releases (Postfix 3.9+ warns).",
  "Use the replacement named in the message.",
  "Postfix COMPATIBILITY_README; RELEASE_NOTES-3.9" },
{ "HYG004", "duplicate-service", CAT_HYGIENE, SEV_INFO, PF, NULL,
  "A master.cf service is defined twice",
  "Only the last entry with the same name and type counts.",
  "Keep one entry.",
  "master(5)" },
{ "HYG005", "no-compatibility-level", CAT_HYGIENE, SEV_MEDIUM, PF,
  chk_pf_no_compat,
  "No compatibility_level: legacy defaults are in force",
  "Without it Postfix keeps pre-3.0 defaults: empty smtpd_relay_restrictions, "
  "mynetworks_style = subnet, relay_domains = $mydestination.",
  "Set compatibility_level to the running release (e.g. 3.6) after "
  "reviewing COMPATIBILITY_README.",
  "Postfix COMPATIBILITY_README" },
{ "HYG006", "smtp-smuggling", CAT_HYGIENE, SEV_MEDIUM, PF, chk_pf_smuggling,
  "Bare newlines are accepted (SMTP smuggling)",
  "A server that accepts <LF>.<LF> lets senders smuggle a second message "
  "past SPF/DMARC of the outbound hop.",
  "smtpd_forbid_bare_newline = normalize (or yes), with "
  "smtpd_forbid_bare_newline_exclusions = $mynetworks.",
  "CVE-2023-51764; Postfix smtp-smuggling.html" },
{ "HYG007", "undefined-parameter-reference", CAT_HYGIENE, SEV_LOW, PF, NULL,
  "A $reference names no parameter",
  "Postfix expands it to nothing; usually a template placeholder or typo.",
  "Define the parameter or fix the reference.",
  "postconf(5) syntax" },
{ "HYG008", "weak-sender-checks", CAT_HYGIENE, SEV_LOW, SM,
  chk_sm_weak_sender,
  "Sender address checks are relaxed",
  "accept_unresolvable_domains, accept_unqualified_senders and M=u let "
  "mail with undeliverable or unqualified senders in, which spammers use.",
  "Remove the features and the u modifier.",
  "Sendmail cf/README, FEATURE(accept_unresolvable_domains)" },
{ "PRS001", "syntax-error", CAT_PARSE, SEV_MEDIUM, ALL, NULL,
  "The file does not parse",
  "The MTA rejects or misreads this line; verdicts that depend on it may "
  "be wrong.",
  "Fix the line.",
  "postconf(5), master(5)" },
{ "PRS002", "templated", CAT_PARSE, SEV_INFO, ALL, NULL,
  "The file is a template",
  "Placeholders are filled in at deployment; verdicts on them are unknown.",
  "Audit the rendered configuration.",
  "" },
{ "PRS003", "path-escapes-root", CAT_PARSE, SEV_HIGH, ALL, NULL,
  "A path or symbolic link leaves the audited root",
  "mtaaudit never reads outside the root; what the MTA would read there is "
  "unknown and the link may be hostile.",
  "Keep configuration files and the tables they name inside the tree.",
  "" },
{ "PRS004", "unreadable-file", CAT_PARSE, SEV_MEDIUM, ALL, NULL,
  "A file the configuration names cannot be read",
  "Verdicts that depend on it are unknown, never assumed safe.",
  "Add the file to the audited tree (for hash: tables, the text source).",
  "" },
{ "PRS005", "expansion-failed", CAT_PARSE, SEV_HIGH, ALL, NULL,
  "A value cannot be expanded",
  "A reference loop, unbalanced braces or a blow-up past the size bound; "
  "the MTA would fail or misbehave the same way.",
  "Fix the references.",
  "postconf(5) parameter expansion" },
{ "PRS006", "work-budget-exhausted", CAT_PARSE, SEV_HIGH, ALL, NULL,
  "The audit's work budget ran out",
  "A configuration that makes the audit read, expand or walk past its "
  "budget (includes of includes, lists naming lists, restriction classes "
  "naming classes) is not judged: no verdict is made rather than a "
  "partial one.",
  "Remove the fan-out or loop; when the configuration is as meant, raise "
  "the budget with --budget NAME=N.",
  "mtaaudit(1) WORK BUDGET" },
{ "RLY001", "open-relay", CAT_RELAY, SEV_CRITICAL, ALL, chk_open_relay,
  "Open relay: strangers can send mail to any domain through this listener",
  "Spammers find open relays within hours; the server's addresses get "
  "blacklisted and its legitimate mail stops being delivered.",
  "Remove the grant or narrow it to your own networks and authenticated "
  "clients, before the relay gate.",
  "RFC 5321 section 3.6.2; RFC 2505; " STIG_RELAY },
{ "RLY002", "relay-public-networks", CAT_RELAY, SEV_HIGH, ALL,
  chk_public_networks,
  "Relaying is granted to public address space",
  "Everyone in those public ranges may relay; shared hosting and cloud "
  "ranges hold strangers.",
  "List only the hosts that must relay (explicit addresses), or use AUTH.",
  "RFC 5321 section 3.6.2; " STIG_RELAY },
{ "RLY003", "implicit-network-trust", CAT_RELAY, SEV_MEDIUM, ALL,
  chk_implicit_networks,
  "Relay trust comes from a default, not from a list",
  "Postfix's mynetworks_style = subnet (the default below compatibility "
  "level 2) trusts every subnet the host is attached to, which on a cloud "
  "host can be a provider's shared network; class trusts whole class A/B/C "
  "networks.",
  "mynetworks = 127.0.0.0/8 [::1]/128 plus explicit trusted hosts.",
  "Postfix postconf(5) mynetworks_style" },
{ "RLY004", "mail-sink", CAT_RELAY, SEV_INFO, ALL, NULL,
  "Accepts mail for any domain but discards it (a mail sink)",
  "Not an open relay: nothing is forwarded.  Noted so the verdict is "
  "explained.",
  "",
  "" },
{ "RLY005", "relay-undecided", CAT_RELAY, SEV_MEDIUM, ALL, chk_relay_unknown,
  "Relaying depends on something the audit cannot read",
  "A policy service, a database table or an unreadable file before the "
  "relay gate can permit relaying; the verdict is unknown, not safe.",
  "Place such lookups after reject_unauth_destination, or add the table's "
  "text source to the tree.",
  "Postfix SMTPD_POLICY_README (\"do not place a policy service before "
  "reject_unauth_destination\")" },
{ "RLY006", "relay-restrictions-empty", CAT_RELAY, SEV_HIGH, PF,
  chk_pf_relay_empty,
  "smtpd_relay_restrictions is empty",
  "Relay policy then lives only in smtpd_recipient_restrictions, where one "
  "later edit that adds a permit ahead of the gate opens the relay.",
  "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, "
  "reject_unauth_destination",
  "Postfix SMTPD_ACCESS_README; COMPATIBILITY_README" },
{ "RLY007", "permit-before-gate", CAT_RELAY, SEV_CRITICAL, PF | EX,
  chk_permit_before_gate,
  "A rule lets strangers through before the relay gate",
  "A PERMIT (Postfix) or accept (Exim) ends the list, so the relay gate "
  "after it never runs for those clients.",
  "Move the item after the gate (Postfix reject_unauth_destination; Exim "
  "require domains = +local_domains : +relay_to_domains).",
  "Postfix SMTPD_ACCESS_README; Exim specification, chapter \"Access "
  "control lists\"" },
{ "RLY008", "defer-unauth-destination", CAT_RELAY, SEV_LOW, PF,
  chk_pf_defer_gate,
  "Relay attempts are deferred, not rejected",
  "defer_unauth_destination answers 4xx, so abusers retry instead of going "
  "away.",
  "End the relay list with reject_unauth_destination.",
  "postconf(5) smtpd_relay_restrictions" },
{ "RLY009", "mx-backup-without-networks", CAT_RELAY, SEV_MEDIUM, PF | SM,
  chk_mx_backup,
  "Relaying for any domain whose MX points here",
  "Anyone can point an MX record at this host and have it relay for their "
  "domain.",
  "Postfix: set permit_mx_backup_networks, or list backup domains in "
  "relay_domains; Sendmail: drop FEATURE(relay_based_on_MX) and list the "
  "domains in relay-domains.",
  "postconf(5) permit_mx_backup; Sendmail cf/README relay_based_on_MX" },
{ "RLY010", "clientcerts-public-ca", CAT_RELAY, SEV_HIGH, PF,
  chk_pf_all_clientcerts,
  "permit_tls_all_clientcerts trusts public CAs",
  "Any client with a certificate from a public CA (free to obtain) can "
  "relay.",
  "Use permit_tls_clientcerts with relay_clientcerts fingerprints, and "
  "tls_append_default_CA = no.",
  "postconf(5) permit_tls_all_clientcerts" },
{ "RLY011", "broad-xclient", CAT_RELAY, SEV_HIGH, PF, chk_pf_xclient,
  "XCLIENT/VERP is authorised for public address space",
  "An XCLIENT client can claim any address, including one in mynetworks, "
  "and so relay.",
  "smtpd_authorized_xclient_hosts = the few proxies that need it.",
  "Postfix XCLIENT_README" },
{ "RLY012", "untrusted-routing", CAT_RELAY, SEV_MEDIUM, PF,
  chk_pf_untrusted_routing,
  "allow_untrusted_routing = yes",
  "Sender-specified routing (user@elsewhere@here, user%elsewhere@here) from "
  "untrusted clients can be relayed to backup-MX domains.",
  "allow_untrusted_routing = no",
  "postconf(5) allow_untrusted_routing" },
{ "RLY013", "no-relay-gate", CAT_RELAY, SEV_HIGH, PF, chk_pf_no_gate,
  "smtpd refuses to start: no relay gate in the relay or recipient list",
  "Postfix's smtpd exits at start-up unless one of reject, defer, "
  "defer_if_permit, reject_unauth_destination, defer_unauth_destination or "
  "check_relay_domains comes before any bare permit (the item after "
  "warn_if_reject does not count); the listener is down.",
  "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, "
  "reject_unauth_destination",
  "Postfix smtpd_check.c start-up check" },
{ "RLY014", "acl-without-relay-gate", CAT_RELAY, SEV_CRITICAL, EX,
  chk_ex_no_gate,
  "The RCPT ACL has no relay gate",
  "Without a statement that refuses recipients outside local_domains and "
  "relay_to_domains, whatever the ACL accepts, it accepts for any domain.",
  "Before the final accept: require message = relay not permitted / "
  "domains = +local_domains : +relay_to_domains",
  "Exim specification, chapter \"Access control lists\"; " STIG_RELAY },
{ "RLY015", "forgeable-relay-feature", CAT_RELAY, SEV_HIGH, SM,
  chk_sm_forgeable,
  "A relay feature trusts what the client says",
  "relay_local_from and relay_mail_from trust the forgeable envelope "
  "sender, loose_relay_check the %-hack, relay_entire_domain with a "
  "top-level $m a whole TLD.",
  "Remove the feature; relay for hosts (access Connect: RELAY) or "
  "authenticated users (TRUST_AUTH_MECH).",
  "Sendmail cf/README, anti-spam configuration control" },
{ "SPF001", "no-spf-verification", CAT_SPF, SEV_MEDIUM, ALL, chk_no_spf,
  "Incoming mail is not checked against SPF",
  "Forged envelope senders go undetected and DMARC lacks its SPF half.",
  "Wire postfix-policyd-spf-python (after reject_unauth_destination), an "
  "SPF milter, rspamd, or the MTA's built-in SPF.",
  "RFC 7208" },
{ "TLS001", "no-inbound-tls", CAT_TLS, SEV_HIGH, ALL, chk_no_inbound_tls,
  "No TLS on a listener reachable beyond loopback",
  "Mail and any credentials cross the network in clear.",
  "Postfix: smtpd_tls_security_level = may (25) or encrypt (587), with "
  "smtpd_tls_chain_files.",
  "RFC 3207; RFC 8314" },
{ "TLS002", "weak-tls", CAT_TLS, SEV_HIGH, ALL, chk_weak_tls,
  "Weak TLS protocols or ciphers are allowed",
  "SSLv2/SSLv3 and export/low/null ciphers are broken; TLS 1.0/1.1 are "
  "deprecated for submission.",
  "Postfix: smtpd_tls_mandatory_protocols = >=TLSv1.2 and "
  "smtpd_tls_mandatory_ciphers = high; Exim: openssl_options with "
  "+no_sslv3 +no_tlsv1 +no_tlsv1_1 (GnuTLS: tls_require_ciphers = "
  "NORMAL:-VERS-TLS1.0:-VERS-TLS1.1); Sendmail: confSERVER_SSL_OPTIONS "
  "+SSL_OP_NO_SSLv3 +SSL_OP_NO_TLSv1 +SSL_OP_NO_TLSv1_1; never export, low "
  "or null ciphers.",
  "RFC 8996; RFC 7525; NIST SP 800-52r2" },
{ "TLS003", "tls-required-on-mx", CAT_TLS, SEV_MEDIUM, ALL,
  chk_tls_required_mx,
  "TLS is required on the public MX port",
  "RFC 3207 forbids requiring STARTTLS on a publicly referenced MX: "
  "senders without TLS cannot deliver.",
  "smtpd_tls_security_level = may on port 25; encrypt on 587.",
  "RFC 3207 section 4" },
{ "TLS004", "outbound-tls-off", CAT_TLS, SEV_MEDIUM, ALL, chk_outbound_tls,
  "Outgoing mail is never encrypted",
  "Without opportunistic TLS every outgoing message crosses the internet in "
  "clear.",
  "smtp_tls_security_level = may (or dane with a DNSSEC-validating "
  "resolver).",
  "RFC 3207; RFC 7672" },
{ "TLS005", "tls-no-certificate", CAT_TLS, SEV_HIGH, ALL, chk_tls_no_cert,
  "TLS is enabled but no certificate is configured",
  "Postfix then turns TLS off (\"TLS disabled\") or, when TLS is required, "
  "refuses mail.",
  "smtpd_tls_chain_files = /etc/postfix/key-and-chain.pem",
  "Postfix TLS_README" },
{ "TLS006", "snakeoil-certificate", CAT_TLS, SEV_LOW, PF, chk_tls_snakeoil,
  "The listener uses Debian's self-signed snakeoil certificate",
  "Fine for opportunistic TLS on 25; clients of a submission service cannot "
  "verify it and learn to ignore certificate errors.",
  "Install a certificate for the host name clients use.",
  "Debian ssl-cert" },
{ "TLS007", "smtps-without-tls-on-connect", CAT_TLS, SEV_HIGH, EX,
  chk_ex_smtps,
  "Port 465 is served without TLS on connect",
  "Exim listens on 465 but speaks plain SMTP there unless the port is in "
  "tls_on_connect_ports: clients expecting implicit TLS fail, or send "
  "passwords in clear.",
  "tls_on_connect_ports = 465",
  "RFC 8314 section 3.3; Exim specification, tls_on_connect_ports" },
};

const size_t nchecks = sizeof(checks) / sizeof(checks[0]);
