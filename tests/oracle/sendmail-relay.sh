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

b=${1:-}
case $b in
/*) ;;
*)
	echo "FAIL sendmail-relay: usage: sendmail-relay.sh /ABSOLUTE/BUILD"
	echo "0 1 0"
	exit 2 ;;
esac
for f in "$b/mtaaudit" "$b/oracle/grantdump"; do
	if [ ! -x "$f" ]; then
		echo "FAIL sendmail-relay: $f is missing (run: make oracle)"
		echo "0 1 0"
		exit 1
	fi
done
if [ "$(id -u)" -ne 0 ]; then
	echo "exception: sendmail-relay: not root, so sendmail cannot be told" \
	    "who the client is: skipped"
	echo "0 0 1"
	exit 0
fi
if ! smroot=$(timeout 300 sh scripts/sendmail-pkg.sh build/oracle); then
	echo "FAIL sendmail-relay: cannot unpack Debian's Sendmail" \
	    "(scripts/sendmail-pkg.sh)"
	echo "0 1 0"
	exit 1
fi
if ! command -v m4 >/dev/null; then
	echo "FAIL sendmail-relay: no m4"
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
work=$(mktemp -d "$base/sm-relay.XXXXXX") || exit 1
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
	echo "note: sendmail-relay: no private mount namespace here: the C" \
	    "library may ask DNS for the test host name at each start (slow" \
	    "where DNS does not answer)"
else
	ns=none
	case $(hostname -f 2>/dev/null) in
	*.*) ;;
	*)
		echo "exception: sendmail-relay: no private UTS namespace and" \
		    "the machine's host name is not qualified: sendmail would" \
		    "sleep 60 s at every start: skipped"
		echo "0 0 1"
		exit 0 ;;
	esac
fi

out=$work/report
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
