#!/bin/sh
# postfix-generated.sh - the generated-configuration part of the Postfix
# oracle: N configurations from tests/oracle/pfgen.py (seed SEED), run as
# services of a few private Postfix instances (Debian 12's, unpacked) and
# asked over SMTP who may relay; every answer is held against mtaaudit's
# grants for the same configuration.
#
#   sh tests/oracle/postfix-generated.sh [PFROOT [PFDUMP [MTAAUDIT]]]
#   SEED=S N=N ONLY=I,J BATCH=B VERBOSE=1 sh tests/oracle/postfix-generated.sh
#   ROOTS=DIR,... sh tests/oracle/postfix-generated.sh   (hand-written roots)
#   KEEP=1 leaves the work directory (instances stopped) for a look
#
# Needs root (Postfix's master runs as root) and a private network
# namespace (unshare -n): the instances and the questions live in it, on
# a loopback device that also carries pfgen.py's IFACES addresses, so
# nothing listens on the machine's own network and inet_interfaces and
# mynetworks_style name interfaces that exist.  As postfix-relay.sh, it
# creates the postfix user and postdrop group when missing and removes
# them at the end.  The last line is "P F E": agreements, disagreements,
# exceptions.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1

if [ "$(id -u)" -ne 0 ]; then
	echo "exception: generated: not root, so no Postfix can run: skipped"
	echo "0 0 1"
	exit 0
fi
pfroot=${1:-$(sh scripts/oracle-postfix.sh)} || exit 1
pfdump=${2:-build/oracle/pfdump}
grantdump=$(cd "$(dirname "$pfdump")" && pwd)/grantdump
mtaaudit=$(cd "$(dirname "${3:-build/mtaaudit}")" && pwd)/$(basename \
    "${3:-build/mtaaudit}")
for f in "$grantdump" "$mtaaudit"; do
	if [ ! -x "$f" ]; then
		echo "FAIL generated: $f is missing (make oracle-generated builds it)"
		echo "0 1 0"
		exit 1
	fi
done
if ! unshare -n -u -m true 2>/dev/null; then
	echo "exception: generated: no private network, UTS and mount" \
	    "namespaces (unshare -n -u -m) here: skipped"
	echo "0 0 1"
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mtaaudit-oracle-gen.XXXXXX") || exit 1
chmod 755 "$work"
: >"$work/started"

# stop - whatever instance still runs ("postfix stop", then SIGKILL)
stop() {
	pid=$({ tr -dc 0-9 <"$1/queue/pid/master.pid"; } 2>/dev/null)
	LD_LIBRARY_PATH="$pfroot/usr/lib/postfix" timeout 20 \
	    "$pfroot/usr/sbin/postfix" -c "$1/etc" stop >/dev/null 2>&1
	sleep 1
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		pkill -9 -P "$pid" 2>/dev/null
		kill -9 "$pid" 2>/dev/null
	fi
	return 0
}
cleanup() {
	while read -r w; do
		[ -f "$w/queue/pid/master.pid" ] && stop "$w"
	done <"$work/started"
	[ -f "$work/created-user" ] && userdel postfix 2>/dev/null
	if [ -f "$work/created-groups" ]; then
		while read -r g; do
			groupdel "$g" 2>/dev/null
		done <"$work/created-groups"
	fi
	if [ -n "${KEEP:-}" ]; then
		echo "note: KEEP: the work directory $work stays"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

if ! getent group postdrop >/dev/null; then
	groupadd --system postdrop && echo postdrop >>"$work/created-groups"
fi
if ! getent passwd postfix >/dev/null; then
	if ! getent group postfix >/dev/null; then
		groupadd --system postfix && echo postfix >>"$work/created-groups"
	fi
	useradd --system --gid postfix --home-dir /nonexistent \
	    --no-create-home --shell /usr/sbin/nologin postfix &&
	    : >"$work/created-user"
	echo "note: created the system account postfix (removed at the end)"
fi

seed=${SEED:-12}
ifaces=$(python3 -c 'import sys; sys.path.insert(0, sys.argv[1]);
import pfgen; print(" ".join(pfgen.IFACES))' "$here")
# the namespace's loopback device and its addresses, a host name, and
# Debian's /etc/hosts (localhost is 127.0.0.1 and ::1, whatever this
# machine's file says: inet_interfaces = localhost depends on it)
printf '%s\n' "127.0.0.1 localhost" "::1 localhost ip6-localhost" \
    "127.0.1.1 mx.oracle.example mx" >"$work/hosts"
chmod 644 "$work/hosts"
setup='ip link set lo up || exit 1
for a in $IFACES; do ip addr add "$a" dev lo || exit 1; done
hostname mx.oracle.example 2>/dev/null
echo 1024 >/proc/sys/net/unix/max_dgram_qlen 2>/dev/null
mount --bind "$HOSTS" /etc/hosts || exit 1
exec "$@"'
IFACES=$ifaces HOSTS=$work/hosts LD_LIBRARY_PATH="$pfroot/usr/lib/postfix" \
    unshare -n -u -m sh -c "$setup" sh \
    python3 "$here/postfix-generated.py" --pfroot "$pfroot" \
    --grantdump "$grantdump" --mtaaudit "$mtaaudit" --work "$work" \
    --seed "$seed" --n "${N:-1000}" --only "${ONLY:-}" \
    --batch "${BATCH:-250}" --roots "${ROOTS:-}" ${VERBOSE:+--verbose} 2>&1 | tee "$work/out" |
    grep -v '^[0-9]* [0-9]* [0-9]*$'
last=$(tail -n 1 "$work/out")
case $last in
*[!0-9\ ]* | "")
	echo "FAIL generated: did not finish: $last"
	echo "0 1 0" ;;
*)
	echo "$last" ;;
esac
