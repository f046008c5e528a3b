#!/bin/sh
# sendmail-generated.sh - the generated-configuration part of the
# Sendmail oracle: N configurations of tests/oracle/smgen.py (seed SEED),
# each built into a .cf with Debian 12's m4 tree and asked by Debian's
# sendmail (unpacked, never installed) who may relay; every answer is held
# against mtaaudit's grants for the same configuration (grantdump).
#
#   sh tests/oracle/sendmail-generated.sh BUILD
#   SEED=S N=N ONLY=I,J sh tests/oracle/sendmail-generated.sh BUILD
#
# BUILD is an absolute build directory holding BUILD/mtaaudit and
# BUILD/oracle/grantdump.  Needs root, for the reasons of
# sendmail-relay.sh (its machinery, tests/oracle/sendmail.py, is shared).
# The .mc files come from the generator and are trusted by construction
# (smgen.py writes fixed text and its own choices); sendmail.py's guard
# reads each before m4 anyway.  sendmail-generated.py asks every
# question through "sendmail -bt" (check_relay, check_mail, check_rcpt)
# and a sample again through "sendmail -bs".  Every disagreement is
# printed with the seed, the index and the whole configuration, so that
# "SEED=S ONLY=I" replays it.  The last line is "P F E": agreements,
# disagreements, exceptions.  The exit status is 0 unless the part could
# not run at all.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1

part=sendmail-generated
. "$here/sm-prepare.sh"
# the python helper bounds every sendmail it starts; this bounds the whole
# (about 0.25 s a configuration on two busy cores)
timeout $((600 + ${N:-300})) python3 "$here/sendmail-generated.py" \
    --smroot "$smroot" --mtaaudit "$b/mtaaudit" \
    --grantdump "$b/oracle/grantdump" --work "$work" --ns "$ns" \
    --seed "${SEED:-12}" --n "${N:-300}" --only "${ONLY:-}" >"$out" 2>&1
rc=$?
# shellcheck disable=SC2046 # "P F E": split on purpose
set -- $(tail -n 1 "$out")
cat "$out"
if [ $# -ne 3 ]; then
	echo "FAIL sendmail-generated: the helper did not finish (status $rc)"
	echo "0 1 0"
fi
exit 0
