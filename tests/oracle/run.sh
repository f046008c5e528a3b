#!/bin/sh
# run.sh - the oracle (make oracle): prove mtaaudit's reading and
# relay verdicts against the real MTAs of Debian 12.
#
#   sh tests/oracle/run.sh [BUILD]        (BUILD defaults to build)
#
# Expects BUILD/mtaaudit and BUILD/oracle/pfdump, grantdump and exdump
# (the Makefile's oracle target builds them).  Gets Postfix with
# scripts/oracle-postfix.sh (downloaded and unpacked, never installed),
# then runs
#   part 1, tests/oracle/postfix-settings.sh: settings against postconf;
#   part 2, tests/oracle/postfix-relay.sh: relay verdicts against running
#           private Postfix instances on 127.0.0.1 (root only);
#   exim-relay, tests/oracle/exim-relay.sh: relay verdicts against Debian's
#           Exim (scripts/exim-pkg.sh) in host-checking mode, exim -bh;
#   exim-settings, tests/oracle/exim-settings.sh: Exim main options and
#           "refuses to start" against exim -bP (BUILD/oracle/exdump);
#   sendmail-relay, tests/oracle/sendmail-relay.sh: relay verdicts against
#           Debian's Sendmail (scripts/sendmail-pkg.sh), -bs and -bt, on
#           .cf files built from trusted fixtures only.
# ORACLE_PARTS="part ..." runs only the parts named.
# Agreements count as passed, disagreements as failed; exceptions (the
# "exception:" lines) as neither.  The last line is "N passed, N failed";
# the exit status is 1 when anything failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1
b=${1:-build}
case $b in
/*) ;;
*) b=$top/$b ;;
esac

start=$(date +%s)
if ! pfroot=$(sh scripts/oracle-postfix.sh); then
	echo "oracle: cannot prepare Debian's Postfix (scripts/oracle-postfix.sh)"
	echo "0 passed, 1 failed"
	exit 1
fi
for f in "$b/mtaaudit" "$b/oracle/pfdump" "$b/oracle/grantdump" \
    "$b/oracle/exdump"; do
	if [ ! -x "$f" ]; then
		echo "oracle: $f is missing (run: make oracle)"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

pass=0
fail=0
exc=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# every part prints ok/FAIL/DISAGREE/exception: lines and ends with "P F E"
parts=${ORACLE_PARTS:-"postfix-settings postfix-relay exim-relay exim-settings sendmail-relay"}
for part in $parts; do
	echo "== part: $part"
	# each part bounds its own steps; this bounds the part as a whole
	case $part in
	postfix-*)
		timeout 540 sh "$here/$part.sh" "$pfroot" "$b/oracle/pfdump" \
		    "$b/mtaaudit" >"$out" 2>&1 ;;
	*)
		timeout 540 sh "$here/$part.sh" "$b" >"$out" 2>&1 ;;
	esac
	rc=$?
	sed '$d' "$out"
	# shellcheck disable=SC2046 # "P F E": split on purpose
	set -- $(tail -n 1 "$out")
	if [ $rc -ne 0 ] || [ $# -ne 3 ]; then
		echo "FAIL $part did not finish (status $rc)"
		tail -n 1 "$out"
		fail=$((fail + 1))
		continue
	fi
	echo "== $part: $1 agree, $2 disagree, $3 exceptions"
	pass=$((pass + $1))
	fail=$((fail + $2))
	exc=$((exc + $3))
done
echo "oracle: $exc exceptions (listed above; neither passed nor failed)," \
    "$(($(date +%s) - start)) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
