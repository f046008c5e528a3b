#!/bin/sh
# exim-generated.sh - the generated-configuration part of the Exim oracle:
# N configurations from tests/oracle/exgen.py (seed SEED), each asked with
# Debian 12's real Exim (exim4-daemon-heavy 4.96, unpacked by
# scripts/exim-pkg.sh, never installed) in host-checking mode, exim -bh,
# who may relay; every answer is held against mtaaudit's listeners and
# grants for the same configuration.
#
#   sh tests/oracle/exim-generated.sh [BUILD]
#   SEED=S N=N ONLY=I,J JOBS=J VERBOSE=1 sh tests/oracle/exim-generated.sh
#   FILE="tests/oracle/exgen-cases/*.conf" sh tests/oracle/exim-generated.sh
#
# BUILD is a build directory with BUILD/mtaaudit and BUILD/oracle/grantdump.
# Needs root (the unpacked exim4 is setuid root and ignores
# LD_LIBRARY_PATH for other users) and private network and UTS namespaces
# (unshare -n -u: no DNS, and the host name is exgen.py's HOST).  Prints
# DISAGREE lines, each configuration that disagrees in full with the
# command that replays it, and last "P F E": agreements, disagreements,
# exceptions.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1
b=${1:-build}
case $b in
/*) ;;
*) b=$top/$b ;;
esac

if [ "$(id -u)" -ne 0 ]; then
	echo "exception: exim-generated: not root, so the unpacked (setuid)" \
	    "Exim cannot run: part skipped"
	echo "0 0 1"
	exit 0
fi
if ! unshare -n -u true 2>/dev/null; then
	echo "exception: exim-generated: no private network and UTS" \
	    "namespaces (unshare -n -u) here: skipped"
	echo "0 0 1"
	exit 0
fi
if ! pkg=$(timeout 300 sh scripts/exim-pkg.sh "$top/build/oracle"); then
	echo "exim-generated: cannot fetch Debian's Exim (scripts/exim-pkg.sh)"
	exit 1
fi
for f in "$b/mtaaudit" "$b/oracle/grantdump"; do
	if [ ! -x "$f" ]; then
		echo "exim-generated: $f is missing"
		exit 1
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/mtaaudit-oracle-exgen.XXXXXX") || exit 1
chmod 755 "$work"	# Exim drops to Debian-exim, which must pass through
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP

host=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1]);
import exgen; print(exgen.HOST)' "$here")
unshare -n -u sh -c 'hostname "$0" && exec "$@"' "$host" \
    python3 "$here/exim-generated.py" --exim "$pkg" \
    --grantdump "$b/oracle/grantdump" --mtaaudit "$b/mtaaudit" \
    --work "$work" --seed "${SEED:-12}" --n "${N:-1000}" \
    --only "${ONLY:-}" --file "${FILE:-}" --jobs "${JOBS:-2}" ${VERBOSE:+--verbose} \
    >"$work/out" 2>&1
rc=$?
grep -v '^[0-9]* [0-9]* [0-9]*$' "$work/out"
last=$(tail -n 1 "$work/out")
case $last in
*[!0-9\ ]* | "")
	echo "FAIL exim-generated: did not finish (status $rc): $last"
	echo "0 1 0" ;;
*)
	echo "$last" ;;
esac
