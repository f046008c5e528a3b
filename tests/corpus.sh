#!/bin/sh
# corpus.sh - run mtaaudit over every Postfix configuration in the shared
# corpus (../shared/corpus beside the repository, listed in SOURCES.md).
# Each file is placed, in a temporary root, where Postfix would read it.
# Passing means: no crash, no hang, exit status 0 or 1, and for files the
# corpus marks as not templated, no syntax-error (PRS001) finding.
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

while IFS='|' read -r path name templated; do
	root="$tmp/root"
	rm -rf "$root"
	mkdir -p "$root/etc/postfix"
	cp "$corpus/$path" "$root/etc/postfix/$name"
	timeout 30 "$bin" audit --root "$root" --format json >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=""
	case $rc in
	0|1) ;;
	124) why="timed out" ;;
	*) why="exit status $rc: $(head -c 300 "$tmp/err")" ;;
	esac
	if [ -z "$why" ] && [ "${templated%% *}" = "no" ] &&
	    grep -q '"id": "PRS001"' "$tmp/out"; then
		why="syntax-error finding on a non-templated file: $(grep -A4 '"id": "PRS001"' "$tmp/out" | grep '"message"' | head -3)"
	fi
	if [ -n "$why" ]; then
		echo "FAIL corpus $path: $why"
		fail=$((fail + 1))
	else
		echo "ok   corpus $path"
		pass=$((pass + 1))
	fi
done <"$tmp/rows"
echo "$pass $fail $skip"
