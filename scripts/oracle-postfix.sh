#!/bin/sh
# oracle-postfix.sh - make Debian 12's Postfix runnable from an unpacked
# copy, for the oracle tests (make oracle, tests/oracle/).
#
# Usage: scripts/oracle-postfix.sh [DIR]     (DIR defaults to build/oracle)
#
# Prints the unpacked root (absolute) on stdout, like scripts/postfix-pkg.sh.
#
# Why unpacked and not "apt-get install postfix": installing the package
# runs maintainer scripts that create /etc/postfix, enable a system
# service and, because postfix conflicts with every other
# mail-transport-agent, would remove an MTA the machine already has.  An
# unpacked copy touches nothing outside DIR: no maintainer script runs
# and no service is started or stopped.
#
# What it does:
#  1. apt-get installs, quietly and only when missing, the run-time
#     libraries of the postfix and postfix-pcre packages and the tools the
#     oracle uses (python3, openssl for a throw-away test certificate,
#     netbase for /etc/services, util-linux for unshare, hostname, procps
#     for ps).  None of them is a service.  Needs root (or sudo) only when
#     something is missing.
#  2. scripts/postfix-pkg.sh downloads and unpacks postfix into DIR/postfix.
#  3. postfix-pcre (pcre: tables are a plug-in on Debian) is downloaded
#     with "apt-get download" and unpacked into the same tree.
#  4. Every binary's libraries must resolve (LD_LIBRARY_PATH=DIR/postfix/
#     usr/lib/postfix), or it fails.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-build/oracle}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

# Run-time dependencies of postfix and postfix-pcre (Debian 12 "Depends",
# libraries only) and the oracle's own tools.
PKGS="libdb5.3 libicu72 libnsl2 libsasl2-2 libssl3 libpcre2-8-0 netbase
openssl python3 util-linux hostname procps"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "oracle-postfix: installing$missing" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq >&2
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

root=$(sh "$here/postfix-pkg.sh" "$dir")

if [ ! -f "$root/usr/lib/postfix/postfix-pcre.so" ]; then
	deb=
	for f in "$dir"/postfix-pcre_*.deb; do
		[ -f "$f" ] && deb=$f
	done
	if [ -z "$deb" ]; then
		(cd "$dir" && apt-get download postfix-pcre) >&2 || {
			apt-get update >&2
			(cd "$dir" && apt-get download postfix-pcre) >&2
		}
		for f in "$dir"/postfix-pcre_*.deb; do
			[ -f "$f" ] && deb=$f
		done
	fi
	[ -n "$deb" ] || { echo "oracle-postfix: no postfix-pcre .deb" >&2; exit 1; }
	dpkg-deb -x "$deb" "$root"
fi

# Every binary must find its libraries.
bad=$(for b in "$root"/usr/sbin/* "$root"/usr/lib/postfix/sbin/* \
    "$root"/usr/lib/postfix/*.so; do
	[ -f "$b" ] || continue
	LD_LIBRARY_PATH=$root/usr/lib/postfix ldd "$b" 2>/dev/null |
	    grep 'not found' || :
done | sort -u)
if [ -n "$bad" ]; then
	echo "oracle-postfix: unresolved libraries:" >&2
	echo "$bad" >&2
	exit 1
fi
printf '%s\n' "$root"
