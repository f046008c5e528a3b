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

b=${1:-}
case $b in
/*) ;;
*)
	echo "FAIL sendmail-generated: usage: sendmail-generated.sh /ABSOLUTE/BUILD"
	echo "0 1 0"
	exit 2 ;;
esac
for f in "$b/mtaaudit" "$b/oracle/grantdump"; do
	if [ ! -x "$f" ]; then
		echo "FAIL sendmail-generated: $f is missing (run: make oracle)"
		echo "0 1 0"
		exit 1
	fi
done
if [ "$(id -u)" -ne 0 ]; then
	echo "exception: sendmail-generated: not root, so sendmail cannot be told" \
	    "who the client is: skipped"
	echo "0 0 1"
	exit 0
fi
if ! smroot=$(timeout 300 sh scripts/sendmail-pkg.sh build/oracle); then
	echo "FAIL sendmail-generated: cannot unpack Debian's Sendmail" \
	    "(scripts/sendmail-pkg.sh)"
	echo "0 1 0"
	exit 1
fi
if ! command -v m4 >/dev/null; then
	echo "FAIL sendmail-generated: no m4"
	echo "0 1 0"
	exit 1
fi

# safe_dir - no directory from / down to $1 is group or world writable
# (sendmail refuses maps and class files below one, as under /tmp)
safe_dir() {
	d=$1
	while [ -n "$d" ] && [ "$d" != / ]; do
		[ -n "$(find "$d" -maxdepth 0 -perm /022)" ] && return 1
		d=$(dirname "$d")
	done
	return 0
}

base=$b/oracle
if ! safe_dir "$base"; then
	base=/var/lib/mtaaudit-oracle
	mkdir -p "$base" && chmod 755 "$base" || exit 1
	echo "note: $b/oracle lies below a group- or world-writable" \
	    "directory; the work directory goes under $base"
fi
work=$(mktemp -d "$base/sm-gen.XXXXXX") || exit 1
chmod 755 "$work"
trap 'rm -rf "$work"; [ "$base" = "$b/oracle" ] || rmdir "$base" 2>/dev/null' EXIT
trap 'exit 130' INT TERM HUP

# namespaces: private host name and /etc/hosts, resolv.conf (best), or
# only the host name, or none (then sendmail must qualify the machine's
# own name, or it sleeps 60 s at every start)
printf '127.0.0.1 localhost\n' >"$work/probe-hosts"
# shellcheck disable=SC2016 # "$0" is the inner shell's, on purpose
if timeout 10 unshare -u -m sh -c 'mount --bind "$0" /etc/hosts' \
    "$work/probe-hosts" 2>/dev/null; then
	ns=mount
elif timeout 10 unshare -u true 2>/dev/null; then
	ns=uts
	echo "note: sendmail-generated: no private mount namespace here: the C" \
	    "library may ask DNS for the test host name at each start (slow" \
	    "where DNS does not answer)"
else
	ns=none
	case $(hostname -f 2>/dev/null) in
	*.*) ;;
	*)
		echo "exception: sendmail-generated: no private UTS namespace and" \
		    "the machine's host name is not qualified: sendmail would" \
		    "sleep 60 s at every start: skipped"
		echo "0 0 1"
		exit 0 ;;
	esac
fi

out=$work/report
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
