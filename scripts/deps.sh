#!/bin/sh
# deps.sh - install the Debian packages mtaaudit builds and tests with,
# when any is missing.  Needs root (or sudo) only when something is missing.
set -eu
PKGS="build-essential pkg-config libxml2-dev libyaml-dev libaugeas-dev augeas-lenses libcmocka-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
