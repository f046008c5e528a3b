#!/bin/sh
# golden.sh - run mtaaudit on every fixture and compare with its golden
# JSON; check each fixture's declared triggers; check that every check in
# the registry has a fixture that triggers it and one that must not.
#
# A fixture is fixtures/NAME/ with
#   root/           a small file-system image
#   expected.json   the exact JSON report
#   checks          lines "+ID" (must be reported) or "-ID" (must not)
#   args            optional extra command-line arguments
#   status          optional: the exit status expected when it is not 0 or 1
#                   (2: the configuration cannot be read)
#   with            optional: "exim4-config" lays Debian's packaged
#                   etc/exim4 (exim4.conf.template, conf.d/), fetched by
#                   scripts/exim-pkg.sh, under a copy of root/ first
#
#   sh tests/golden.sh path/to/mtaaudit        compare
#   UPDATE=1 sh tests/golden.sh path/to/mtaaudit   rewrite expected.json
# Prints "ok"/"FAIL" lines, then "PASSED FAILED SKIPPED" as its last line.
set -u
bin=$1
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/plus"
: >"$tmp/minus"

for dir in "$top"/fixtures/*/; do
	name=$(basename "$dir")
	[ -d "$dir/root" ] || continue
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	fxroot=fixtures/$name/root
	if grep -qx exim4-config "$dir/with" 2>/dev/null; then
		pkg=$(sh "$top/scripts/exim-pkg.sh" "$top/build/oracle") || {
			echo "FAIL fixture $name: cannot fetch exim4-config"
			fail=$((fail + 1))
			continue
		}
		fxroot=$tmp/root-$name
		mkdir -p "$fxroot/etc/exim4"
		cp -R "$pkg/etc/exim4/exim4.conf.template" "$pkg/etc/exim4/conf.d" \
		    "$fxroot/etc/exim4/"
		cp -R "$dir/root/." "$fxroot/"
	fi
	# shellcheck disable=SC2086
	(cd "$top" && timeout 30 "$bin" audit --root "$fxroot" \
	    --format json $args) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	why=""
	want=""
	[ -f "$dir/status" ] && want=$(cat "$dir/status")
	if [ -n "$want" ] && [ "$rc" -ne "$want" ]; then
		why="exit status $rc, not $want: $(head -c 300 "$tmp/err")"
	elif [ -z "$want" ] && [ "$rc" -gt 1 ]; then
		why="exit status $rc: $(head -c 300 "$tmp/err")"
	elif [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/out" "$dir/expected.json"
	elif [ ! -f "$dir/expected.json" ]; then
		why="no expected.json (run with UPDATE=1)"
	elif ! diff -u "$dir/expected.json" "$tmp/out" >"$tmp/diff"; then
		why="output differs from expected.json:
$(head -n 40 "$tmp/diff")"
	fi
	# the text report never passes raw control bytes to a terminal
	# shellcheck disable=SC2086
	(cd "$top" && timeout 30 "$bin" audit --root "$fxroot" \
	    $args) 2>/dev/null | tr -d '\n' | LC_ALL=C grep -q '[[:cntrl:]]' &&
	    why="$why${why:+; }raw control bytes in the text report"
	if [ -f "$dir/checks" ]; then
		while read -r want; do
			id=${want#?}
			case $want in
			+*) echo "$id" >>"$tmp/plus"
			    grep -q "\"id\": \"$id\"" "$tmp/out" ||
				why="$why${why:+; }$id not reported" ;;
			-*) echo "$id" >>"$tmp/minus"
			    ! grep -q "\"id\": \"$id\"" "$tmp/out" ||
				why="$why${why:+; }$id reported but must not be" ;;
			esac
		done <"$dir/checks"
	fi
	if [ -n "$why" ]; then
		echo "FAIL fixture $name: $why"
		fail=$((fail + 1))
	else
		echo "ok   fixture $name"
		pass=$((pass + 1))
	fi
done

# every registered check needs a fixture that triggers it and one that must not
for id in $("$bin" --list-checks | awk '{print $1}'); do
	missing=""
	grep -qx "$id" "$tmp/plus" || missing="no fixture triggers it"
	grep -qx "$id" "$tmp/minus" ||
	    missing="$missing${missing:+; }no fixture declares it must not fire"
	if [ -n "$missing" ]; then
		echo "FAIL coverage $id: $missing"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "$pass $fail 0"
