# sm-prepare.sh - what both Sendmail parts of the oracle do first, sourced
# by sendmail-relay.sh and sendmail-generated.sh with $part set to the
# part's name and $1 its BUILD: check the build, root, Debian's Sendmail
# (unpacked by scripts/sendmail-pkg.sh into $smroot) and m4; make a work
# directory ($work, removed at exit) below one sendmail trusts; choose
# the namespaces ($ns: mount, uts or none).  Sets $b, $smroot, $base,
# $work, $ns and $out.  Each refusal prints its line and "P F E" and
# exits, as a part does.
b=${1:-}
case $b in
/*) ;;
*)
	echo "FAIL $part: usage: $part.sh /ABSOLUTE/BUILD"
	echo "0 1 0"
	exit 2 ;;
esac
for f in "$b/mtaaudit" "$b/oracle/grantdump"; do
	if [ ! -x "$f" ]; then
		echo "FAIL $part: $f is missing (run: make oracle)"
		echo "0 1 0"
		exit 1
	fi
done
if [ "$(id -u)" -ne 0 ]; then
	echo "exception: $part: not root, so sendmail cannot be told" \
	    "who the client is: skipped"
	echo "0 0 1"
	exit 0
fi
if ! smroot=$(timeout 300 sh scripts/sendmail-pkg.sh build/oracle); then
	echo "FAIL $part: cannot unpack Debian's Sendmail" \
	    "(scripts/sendmail-pkg.sh)"
	echo "0 1 0"
	exit 1
fi
if ! command -v m4 >/dev/null; then
	echo "FAIL $part: no m4"
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
work=$(mktemp -d "$base/$part.XXXXXX") || exit 1
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
	echo "note: $part: no private mount namespace here: the C" \
	    "library may ask DNS for the test host name at each start (slow" \
	    "where DNS does not answer)"
else
	ns=none
	case $(hostname -f 2>/dev/null) in
	*.*) ;;
	*)
		echo "exception: $part: no private UTS namespace and" \
		    "the machine's host name is not qualified: sendmail would" \
		    "sleep 60 s at every start: skipped"
		echo "0 0 1"
		exit 0 ;;
	esac
fi

out=$work/report
