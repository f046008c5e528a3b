#!/bin/sh
# exim-relay.sh - the Exim part of the oracle: ask Debian 12's real Exim
# (exim4-daemon-heavy 4.96, unpacked by scripts/exim-pkg.sh, never
# installed) who may relay through each Exim fixture's configuration, and
# hold the answers against mtaaudit's listeners and grants.
#
#   sh tests/oracle/exim-relay.sh BUILD
#
# BUILD is a build directory with BUILD/mtaaudit and BUILD/oracle/grantdump.
# For every fixture whose root mtaaudit reads an Exim configuration from
# (etc/exim, etc/exim4; a "with" file naming exim4-config lays Debian's
# packaged etc/exim4 under it, as tests/golden.sh does),
# tests/oracle/exim.py copies the root to a temporary directory, changes
# it only as the test needs (its "change:" lines say how), generates the
# configuration with the packaged update-exim4.conf where the tree is a
# Debian one without a hand-made exim4.conf, and runs
# "exim -C FILE -bh ADDRESS -oMi IP.PORT" (a fake SMTP session on standard
# input: no daemon, no port, nothing delivered) for each listener, client
# and recipient.  Every step is bounded by timeout.  Prints "ok",
# "DISAGREE", "FAIL" and "exception:" lines; the last line is "P F E":
# agreements, disagreements, exceptions.  Exit status 0 unless it could
# not run at all.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1
b=${1:-build}
case $b in
/*) ;;
*) b=$top/$b ;;
esac

# the unpacked exim4 is setuid root: run by another user it ignores
# LD_LIBRARY_PATH and cannot load the unpacked libraries
if [ "$(id -u)" -ne 0 ]; then
	echo "exception: exim-relay: not root, so the unpacked (setuid) Exim" \
	    "cannot run: part skipped"
	echo "0 0 1"
	exit 0
fi
if ! pkg=$(timeout 300 sh scripts/exim-pkg.sh "$top/build/oracle"); then
	echo "exim-relay: cannot fetch Debian's Exim (scripts/exim-pkg.sh)"
	exit 1
fi
for f in "$b/mtaaudit" "$b/oracle/grantdump"; do
	if [ ! -x "$f" ]; then
		echo "exim-relay: $f is missing"
		exit 1
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/mtaaudit-oracle-exim.XXXXXX") || exit 1
chmod 755 "$work"	# Exim drops to Debian-exim, which must pass through
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM HUP

pass=0
fail=0
exc=0
for dir in fixtures/*/; do
	name=$(basename "$dir")
	[ -d "$dir/root" ] || continue
	# an Exim fixture: an Exim tree in its root, or Debian's laid under it
	if [ ! -d "$dir/root/etc/exim" ] && [ ! -d "$dir/root/etc/exim4" ] &&
	    ! grep -qx exim4-config "$dir/with" 2>/dev/null; then
		continue
	fi
	w=$work/$name
	mkdir "$w"
	timeout 120 python3 "$here/exim.py" --name "$name" --fixture "$dir" \
	    --work "$w" --exim "$pkg" --grantdump "$b/oracle/grantdump" \
	    --mtaaudit "$b/mtaaudit" >"$w/report" 2>&1
	rc=$?
	# shellcheck disable=SC2046 # "P F E": split on purpose
	set -- $(tail -n 1 "$w/report")
	if [ $rc -ne 0 ] || [ $# -ne 3 ]; then
		echo "FAIL exim $name: exim.py did not finish (status $rc)"
		sed 's/^/     /' "$w/report" | tail -n 20
		fail=$((fail + 1))
		continue
	fi
	sed '$d' "$w/report"
	pass=$((pass + $1))
	fail=$((fail + $2))
	exc=$((exc + $3))
	rm -rf "$w"
done
echo "$pass $fail $exc"
