#!/bin/sh
# exim-pkg.sh - fetch and unpack Debian 12's Exim (exim4-daemon-heavy,
# the build with the most features, exim4-base, exim4-config and the
# libraries a plain Debian machine lacks) as a test oracle and as the
# source of the generated Exim tables.
#
# Usage: scripts/exim-pkg.sh [DIR]      (DIR defaults to build/oracle)
#
# Nothing is installed and no maintainer script runs, so no service is
# ever started.  Prints the unpacked root (DIR/exim, absolute) on stdout.
# Exim refuses to run without its compiled-in user, so as root the
# Debian-exim system account is created when it is missing.
#
#   D=$(scripts/exim-pkg.sh)
#   LD_LIBRARY_PATH=$D/usr/lib/x86_64-linux-gnu:$D/usr/lib \
#       $D/usr/sbin/exim4 -C FILE -bV
set -eu

dir=${1:-build/oracle}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
root=$dir/exim
pkgs="exim4-daemon-heavy exim4-base exim4-config libidn12 libmariadb3
    mariadb-common libspf2-2"

if [ "$(id -u)" = 0 ] && ! id Debian-exim >/dev/null 2>&1; then
	getent group Debian-exim >/dev/null || groupadd -r Debian-exim
	useradd -r -g Debian-exim -d /var/spool/exim4 -s /usr/sbin/nologin \
	    Debian-exim
fi
if [ -x "$root/usr/sbin/exim4" ]; then
	printf '%s\n' "$root"
	exit 0
fi
dl=$dir/exim-debs
mkdir -p "$dl"
# apt-get download writes into the current directory; progress to stderr
if ! (cd "$dl" && apt-get download $pkgs) >&2; then
	echo "exim-pkg.sh: apt-get download failed; running apt-get update" >&2
	apt-get update >&2
	(cd "$dl" && apt-get download $pkgs) >&2
fi
tmp=$dir/exim.tmp.$$
rm -rf "$tmp"
for deb in "$dl"/*.deb; do
	dpkg-deb -x "$deb" "$tmp"
done
mv "$tmp" "$root"
printf '%s\n' "$root"
