#!/bin/sh
# corpus.sh - run mtaaudit over every Postfix, Exim and Sendmail
# configuration in the shared corpus (../shared/corpus beside the
# repository, listed in SOURCES.md).  Each file is placed, in a temporary
# root, where its MTA would read it (Debian's exim4 fragments inside the
# packaged tree they belong to, with update-exim4.conf.conf answers).
# Passing means: no crash, no hang, exit status 0 or 1, and for files the
# corpus marks as not templated, no syntax-error (PRS001) finding.
# Shell scripts and other support files are not configurations: skipped.
# Prints "ok"/"FAIL" lines, then "PASSED FAILED SKIPPED" as its last line.
#
#   sh tests/corpus.sh path/to/mtaaudit
set -u
bin=$1
top=$(cd "$(dirname "$0")/.." && pwd)
corpus=${MTAAUDIT_CORPUS:-$top/../shared/corpus}
pass=0 fail=0 skip=0
if [ ! -f "$corpus/SOURCES.md" ]; then
	echo "skip corpus: $corpus not found"
	echo "0 0 1"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# rows: path|kind|templated for every Postfix main.cf or master.cf
grep '| Postfix |' "$corpus/SOURCES.md" |
    awk -F'|' '{ p = $2; gsub(/[ `]/, "", p); k = $5; t = $6;
	gsub(/^ +| +$/, "", k); gsub(/^ +| +$/, "", t);
	if (k ~ /^Postfix main\.cf/) print p "|main.cf|" t;
	else if (k ~ /^Postfix master\.cf/) print p "|master.cf|" t }' >"$tmp/rows"


# audit - run one root; TEMPLATED "no..." makes PRS001 a failure (only
# those in root-relative file OWN when that is given)
audit() {
	label=$1 root=$2 templated=$3 own=${4:-}
	timeout 30 "$bin" audit --root "$root" --format json >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=""
	case $rc in
	0|1) ;;
	124) why="timed out" ;;
	*) why="exit status $rc: $(head -c 300 "$tmp/err")" ;;
	esac
	if [ -n "$own" ] && [ -z "$why" ]; then
		grep -A3 '"id": "PRS001"' "$tmp/out" | grep -q "\"file\": \"$own\"" ||
		    templated=yes
	fi
	if [ -z "$why" ] && [ "${templated%% *}" = "no" ] &&
	    grep -q '"id": "PRS001"' "$tmp/out"; then
		why="syntax-error finding on a non-templated file: $(grep -A4 '"id": "PRS001"' "$tmp/out" | grep '"message"' | head -3)"
	fi
	if [ -n "$why" ]; then
		echo "FAIL corpus $label: $why"
		fail=$((fail + 1))
	else
		echo "ok   corpus $label"
		pass=$((pass + 1))
	fi
}

# fresh - an empty root at $tmp/root
fresh() {
	rm -rf "$tmp/root"
	mkdir -p "$tmp/root"
}

while IFS='|' read -r path name templated; do
	fresh
	mkdir -p "$tmp/root/etc/postfix"
	cp "$corpus/$path" "$tmp/root/etc/postfix/$name"
	audit "$path" "$tmp/root" "$templated"
done <"$tmp/rows"

# rows MTA - "path|kind|templated" for every row of that MTA
rows() {
	grep "| $1 |" "$corpus/SOURCES.md" |
	    awk -F'|' '{ p = $2; gsub(/[ `]/, "", p); k = $5; t = $6;
		gsub(/^ +| +$/, "", k); gsub(/^ +| +$/, "", t);
		print p "|" k "|" t }'
}

# debian_tree SPLIT - Debian's packaged etc/exim4 with internet answers
deb=$corpus/debian/exim4-config/etc/exim4
debian_tree() {
	fresh
	mkdir -p "$tmp/root/etc/exim4"
	cp -R "$deb/conf.d" "$deb/exim4.conf.template" "$tmp/root/etc/exim4/"
	echo mail.example.org >"$tmp/root/etc/mailname"
	printf '%s\n' "dc_eximconfig_configtype='internet'" \
	    "dc_other_hostnames='example.org'" "dc_relay_nets='192.168.1.0/24'" \
	    "dc_use_split_config='$1'" \
	    >"$tmp/root/etc/exim4/update-exim4.conf.conf"
}

rows Exim >"$tmp/exim"
while IFS='|' read -r path kind templated; do
	dir=$(dirname "$corpus/$path")
	case $kind in
	support*) continue ;;
	"Exim conf.d fragment (Debian split"*)
		# inside the packaged tree it belongs to, split layout
		debian_tree true
		audit "$path" "$tmp/root" no ;;
	"Exim full config (Debian non-split"*)
		debian_tree false
		audit "$path" "$tmp/root" no ;;
	"Exim conf.d fragment"*|"Exim Debian update-exim4.conf.conf")
		# a package's or a project's files over Debian's tree
		debian_tree true
		top=${path%%/etc/exim4/*}
		cp -R "$corpus/$top/etc/exim4/." "$tmp/root/etc/exim4/"
		audit "$path" "$tmp/root" "$templated" ;;
	"Exim full config"*)
		fresh
		mkdir -p "$tmp/root/etc/exim"
		cp "$dir"/* "$tmp/root/etc/exim/"
		cp "$corpus/$path" "$tmp/root/etc/exim/exim.conf"
		audit "$path" "$tmp/root" "$templated" etc/exim/exim.conf ;;
	"Exim main-section include"*|"Exim host list"*)
		# read through the full configuration beside it
		fresh
		mkdir -p "$tmp/root/etc/exim"
		cp "$dir"/* "$tmp/root/etc/exim/"
		audit "$path" "$tmp/root" "$templated" \
		    "etc/exim/$(basename "$path")" ;;
	*)
		# not a configuration: it must only not crash
		fresh
		mkdir -p "$tmp/root/etc/exim"
		cp "$corpus/$path" "$tmp/root/etc/exim/exim.conf"
		audit "$path" "$tmp/root" yes ;;
	esac
done <"$tmp/exim"

# Sendmail: Debian's rows with the packaged cf tree beside them
cf=$corpus/debian/sendmail-cf/usr
rows Sendmail >"$tmp/sendmail"
while IFS='|' read -r path kind templated; do
	fresh
	mkdir -p "$tmp/root/etc/mail"
	mc=$tmp/root/etc/mail/sendmail.mc
	case $path in debian/*) cp -R "$cf" "$tmp/root/" ;; esac
	case $kind in
	support*) continue ;;
	*submit.mc*) cp "$corpus/$path" "$tmp/root/etc/mail/submit.mc" ;;
	*.mc*) cp "$corpus/$path" "$mc" ;;
	*"access database"*)
		cp "$corpus/$path" "$tmp/root/etc/mail/access"
		echo "FEATURE(\`access_db')dnl" >"$mc" ;;
	*"m4 include"*)
		cp "$corpus/$path" "$tmp/root/etc/mail/x.m4"
		echo "include(\`/etc/mail/x.m4')dnl" >"$mc" ;;
	*OSTYPE*) echo "OSTYPE(\`$(basename "$path" .m4)')dnl" >"$mc" ;;
	*DOMAIN*) echo "DOMAIN(\`$(basename "$path" .m4)')dnl" >"$mc" ;;
	*) continue ;;
	esac
	audit "$path" "$tmp/root" "$templated"
done <"$tmp/sendmail"
echo "$pass $fail $skip"
