#!/bin/sh
# sendmail-relay.sh - the Sendmail part of the oracle: build each trusted
# Sendmail fixture's sendmail.mc into a .cf with Debian 12's m4 tree, ask
# Debian's sendmail (unpacked, never installed) who may relay, and hold
# the answers against mtaaudit's per-listener grants.
#
#   sh tests/oracle/sendmail-relay.sh BUILD
#
# BUILD is an absolute build directory holding BUILD/mtaaudit and
# BUILD/oracle/grantdump.  Needs root: sendmail takes the client's address
# from -M{client_addr} only from root, and runs in private UTS and mount
# namespaces (unshare) so that its host name is qualified and no name is
# looked up in DNS.  How:
#   1. scripts/sendmail-pkg.sh unpacks sendmail-bin and sendmail-cf into
#      build/oracle/sendmail (and installs m4 and the libraries when
#      missing);
#   2. tests/oracle/sendmail.py builds each fixture listed in TRUSTED below
#      (m4 runs commands: no other .mc ever reaches it, and a trusted one
#      is still refused when a grep finds syscmd, esyscmd, an include from
#      outside the fixture or the m4 tree, ...), then asks each listener
#      the relay questions twice, through "sendmail -bs" SMTP dialogues
#      and through the check_rcpt ruleset of "sendmail -bt";
#   3. the report: ok/FAIL/DISAGREE/exception:/note:/change: lines.
# No daemon is started, no port is listened on, nothing outside a
# temporary directory under BUILD/oracle is written (not under /tmp:
# sendmail refuses maps in a world-writable directory's tree) and /etc is
# never changed.  The last line is "P F E": agreements, disagreements,
# exceptions.  The exit status is 0 unless the part could not run at all.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1

# The fixtures whose .mc may be given to m4, each read by a person first.
# Not listed, on purpose: sm-hostile (esyscmd/syscmd, changequote),
# sm-templated (template placeholders), sm-escape (includes ../../etc).
TRUSTED="sm-access-broad sm-access-private sm-auth-plain sm-client-notls
sm-debian-default sm-default-msa sm-forgeable sm-hardened sm-milter-mismatch
sm-milters sm-promiscuous sm-smtps sm-smtps-auth"

part=sendmail-relay
. "$here/sm-prepare.sh"
# the python helper bounds every sendmail it starts; this bounds the whole
timeout 480 python3 "$here/sendmail.py" --smroot "$smroot" \
    --mtaaudit "$b/mtaaudit" --grantdump "$b/oracle/grantdump" \
    --work "$work" --fixtures "$top/fixtures" --trusted "$TRUSTED" \
    --ns "$ns" >"$out" 2>&1
rc=$?
# shellcheck disable=SC2046 # "P F E": split on purpose
set -- $(tail -n 1 "$out")
if [ $# -ne 3 ]; then
	cat "$out"
	echo "FAIL sendmail-relay: the helper did not finish (status $rc)"
	echo "0 1 0"
	exit 0
fi
cat "$out"
