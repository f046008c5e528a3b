#!/bin/sh
# postfix-pkg.sh - fetch and unpack Debian 12's postfix package as an oracle.
#
# Usage: scripts/postfix-pkg.sh [DIR]      (DIR defaults to build/oracle)
#
# Downloads the postfix .deb with "apt-get download" into DIR and unpacks
# it with "dpkg-deb -x" into DIR/postfix.  Nothing is installed and no
# maintainer script is run, so no service is ever started.  On success the
# unpacked root (DIR/postfix, absolute) is printed on stdout.  Running it
# again is cheap: an existing unpacked copy is reused.
#
# Use the unpacked postconf like this (CONFDIR should hold an empty
# main.cf and master.cf so that only built-in defaults are shown):
#
#   D=$(scripts/postfix-pkg.sh)
#   LD_LIBRARY_PATH=$D/usr/lib/postfix $D/usr/sbin/postconf -c CONFDIR -d
#
# Requires apt-get and dpkg-deb (Debian/Ubuntu).

set -eu

dir=${1:-build/oracle}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
root=$dir/postfix

if [ -x "$root/usr/sbin/postconf" ] && [ -d "$root/usr/lib/postfix" ]; then
    printf '%s\n' "$root"
    exit 0
fi

find_deb() {
    # Newest-looking postfix_*.deb in $dir (not postfix-ldap etc.).
    for f in "$dir"/postfix_*.deb; do
        [ -f "$f" ] && deb=$f
    done
    :
}

deb=
find_deb
if [ -z "$deb" ]; then
    # apt-get download writes into the current directory; progress goes to
    # stderr so that stdout carries only the result path.
    if ! (cd "$dir" && apt-get download postfix) >&2; then
        echo "postfix-pkg.sh: apt-get download failed; running apt-get update" >&2
        apt-get update >&2
        (cd "$dir" && apt-get download postfix) >&2
    fi
    find_deb
fi
if [ -z "$deb" ]; then
    echo "postfix-pkg.sh: no postfix_*.deb in $dir after download" >&2
    exit 1
fi

# Unpack into a scratch directory first so that an interrupted run never
# leaves a half-extracted tree that the idempotency check would accept.
tmp=$dir/postfix.tmp.$$
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
dpkg-deb -x "$deb" "$tmp"
if [ ! -x "$tmp/usr/sbin/postconf" ]; then
    echo "postfix-pkg.sh: $deb has no usr/sbin/postconf" >&2
    exit 1
fi
rm -rf "$root"
mv "$tmp" "$root"
trap - EXIT INT TERM

printf '%s\n' "$root"
