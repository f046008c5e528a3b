#!/bin/sh
# postfix-settings.sh - part 1 of the Postfix oracle: mtaaudit's reading
# of main.cf and master.cf against postconf(1) of Debian 12's Postfix.
#
#   sh tests/oracle/postfix-settings.sh [PFROOT [PFDUMP [MTAAUDIT]]]
#
# PFROOT is the unpacked Postfix (default: scripts/oracle-postfix.sh's
# output), PFDUMP the dumper built from tests/oracle/pfdump.c (default
# build/oracle/pfdump).  Roots compared:
#   - every golden fixture, fixtures/NAME/root, as it is;
#   - every non-templated Postfix main.cf and master.cf of the shared
#     corpus (../shared/corpus/SOURCES.md: MTA "Postfix", templated column
#     starting with "no"), each alone in a temporary root as
#     etc/postfix/main.cf or master.cf beside an empty counterpart (both
#     tools read the same two files); skipped when the corpus is absent.
# The comparisons themselves are tests/oracle/settings.py's.  The last
# line is "P F E": agreements, disagreements, exceptions.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1

pfroot=${1:-$(sh scripts/oracle-postfix.sh)} || exit 1
pfdump=${2:-build/oracle/pfdump}
mtaaudit=${3:-./mtaaudit}
corpus=$top/../shared/corpus

work=$(mktemp -d "${TMPDIR:-/tmp}/mtaaudit-oracle-settings.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

set --
for r in fixtures/*/root; do
	[ -d "$r/etc/postfix" ] || continue
	name=${r#fixtures/}
	set -- "$@" "fixture/${name%/root}=$r"
done

# corpus_files - "main.cf PATH" or "master.cf PATH" for each corpus file
# that qualifies; the kind column tells a master.cf (or a fragment of one)
# from a main.cf
corpus_files() {
	awk -F'|' '/^\| `/ {
		p = $2; gsub(/[ `]/, "", p)
		m = $4; gsub(/^ +| +$/, "", m)
		t = $6; gsub(/^ +/, "", t)
		if (m == "Postfix" && t ~ /^no/)
			print ($5 ~ /master\.cf/ ? "master.cf" : "main.cf"), p
	}' "$corpus/SOURCES.md"
}

if [ -f "$corpus/SOURCES.md" ]; then
	n=0
	corpus_files >"$work/list"
	while read -r kind path; do
		[ -f "$corpus/$path" ] || { echo "missing corpus file $path"; continue; }
		n=$((n + 1))
		d=$work/corpus$n/etc/postfix
		mkdir -p "$d"
		: >"$d/main.cf"
		: >"$d/master.cf"
		cp "$corpus/$path" "$d/$kind"
		set -- "$@" "corpus/$path=$work/corpus$n"
	done <"$work/list"
else
	echo "note: no ../shared/corpus: corpus part skipped"
fi

python3 "$here/settings.py" --postfix "$pfroot" --pfdump "$pfdump" \
    --mtaaudit "$mtaaudit" "$@"
