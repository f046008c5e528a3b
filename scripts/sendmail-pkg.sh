#!/bin/sh
# sendmail-pkg.sh - fetch and unpack Debian 12's Sendmail (sendmail-bin
# for sendmail and makemap, sendmail-cf for the m4 tree that builds a
# .cf) as a test oracle.
#
# Usage: scripts/sendmail-pkg.sh [DIR]      (DIR defaults to build/oracle)
#
# Downloads the packages with "apt-get download" into DIR/sendmail-debs
# and unpacks them with "dpkg-deb -x" into DIR/sendmail.  Nothing is
# installed and no maintainer script runs, so no service is ever started
# and /etc/mail is never touched (installing sendmail-bin would also
# remove the machine's MTA: it conflicts with every other
# mail-transport-agent).  What the unpacked binaries need and a plain
# Debian machine may lack is installed with apt-get, quietly and only
# when missing: m4 (to build a .cf) and the run-time libraries of
# sendmail-bin.  None of them is a service.  Prints the unpacked root
# (DIR/sendmail, absolute) on stdout; running it again is cheap.
#
#   D=$(scripts/sendmail-pkg.sh)
#   m4 -D_CF_DIR_=$D/usr/share/sendmail/cf/ \
#       $D/usr/share/sendmail/cf/m4/cf.m4 x.mc >x.cf    (trusted .mc only)
#   $D/usr/libexec/sendmail/sendmail -C x.cf -bt
set -eu

dir=${1:-build/oracle}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
root=$dir/sendmail
pkgs="sendmail-bin sendmail-cf"
# m4 and the libraries of sendmail-bin's "Depends" (Debian 12)
need="m4 libdb5.3 libldap-2.5-0 liblockfile1 libnsl2 libsasl2-2 libssl3
    libwrap0"

missing=""
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "sendmail-pkg: installing$missing" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq >&2
	# shellcheck disable=SC2086 # a list of names: split on purpose
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ -x "$root/usr/libexec/sendmail/sendmail" ] &&
    [ -f "$root/usr/share/sendmail/cf/m4/cf.m4" ]; then
	printf '%s\n' "$root"
	exit 0
fi
dl=$dir/sendmail-debs
mkdir -p "$dl"
have() {
	for f in "$dl"/sendmail-bin_*.deb; do [ -f "$f" ] || return 1; done
	for f in "$dl"/sendmail-cf_*.deb; do [ -f "$f" ] || return 1; done
}
if ! have; then
	# apt-get download writes into the current directory; progress to stderr
	# shellcheck disable=SC2086
	if ! (cd "$dl" && apt-get download $pkgs) >&2; then
		echo "sendmail-pkg: apt-get download failed; running apt-get" \
		    "update" >&2
		apt-get update >&2
		# shellcheck disable=SC2086
		(cd "$dl" && apt-get download $pkgs) >&2
	fi
fi
# unpack into a scratch directory first, so that an interrupted run never
# leaves a half-extracted tree the check above would accept
tmp=$dir/sendmail.tmp.$$
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
for deb in "$dl"/*.deb; do
	dpkg-deb -x "$deb" "$tmp"
done
if [ ! -x "$tmp/usr/libexec/sendmail/sendmail" ]; then
	echo "sendmail-pkg: no usr/libexec/sendmail/sendmail in $dl" >&2
	exit 1
fi
bad=$(ldd "$tmp/usr/libexec/sendmail/sendmail" \
    "$tmp/usr/libexec/sendmail/makemap" 2>/dev/null | grep 'not found' || :)
if [ -n "$bad" ]; then
	echo "sendmail-pkg: unresolved libraries:" >&2
	echo "$bad" >&2
	exit 1
fi
rm -rf "$root"
mv "$tmp" "$root"
trap - EXIT INT TERM
printf '%s\n' "$root"
