#!/bin/sh
# layers.sh - the include rules of the layout (README.md, Layout), one
# "ok"/"FAIL" line per source file and a closing line "P F S":
#
#   sh tests/layers.sh [TOP]
#
# The layers, lowest first: lib/ < audit/model.h, audit/engine.h <
# parsers/common/ < parsers/<mta>/ < checks/ < report/ < the rest of
# audit/ (the program).  A file may include headers of its own layer or
# below, never above; lib/ includes nothing outside lib/.  An MTA's
# folder has one public header, parsers/<mta>/<mta>.h; its other
# headers and data files are private to that folder, so no other file
# (another reader, a check, the program) includes them.  tests/ is not
# checked: unit tests look inside the readers.
set -u
top=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 1

# layer - the layer number of a path
layer() {
	case $1 in
	lib/*)				echo 0 ;;
	audit/model.[ch]|audit/engine.[ch])	echo 1 ;;
	parsers/common/*)		echo 2 ;;
	parsers/*/*)			echo 3 ;;
	checks/*)			echo 4 ;;
	report/*)			echo 5 ;;
	audit/*)			echo 6 ;;
	*)				echo 9 ;;
	esac
}

# private - the MTA folder a private header belongs to, or nothing
private() {
	case $1 in
	parsers/common/*)	;;
	parsers/*/*)
		dir=${1%/*}
		mta=${dir#parsers/}
		[ "$1" = "$dir/$mta.h" ] || echo "$dir"
		;;
	esac
}

pass=0
fail=0
for f in $(find lib audit parsers checks report -name '*.[ch]' \
    2>/dev/null | sort); do
	mine=$(layer "$f")
	bad=
	for inc in $(sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f"); do
		theirs=$(layer "$inc")
		owner=$(private "$inc")
		if [ "$theirs" -gt "$mine" ]; then
			bad="$bad $inc (a layer above)"
		elif [ "$mine" -eq 0 ] && [ "${inc#lib/}" = "$inc" ]; then
			bad="$bad $inc (outside lib/)"
		elif [ -n "$owner" ] && [ "${f%/*}" != "$owner" ]; then
			bad="$bad $inc (private to $owner/)"
		fi
	done
	if [ -n "$bad" ]; then
		echo "FAIL layers $f includes$bad"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "ok   layers: $pass files keep the include rules"
echo "$pass $fail 0"
[ "$fail" -eq 0 ]
