#!/bin/sh
# run.sh - run every test against one or more builds and print one
# closing line "N passed, N failed".
#
#   sh tests/run.sh build [build/asan ...]
#
# For each build directory: the cmocka unit tests (build/tests/test_*),
# the golden fixtures (tests/golden.sh) and the corpus run
# (tests/corpus.sh, skipped when ../shared/corpus is absent); once, the
# include rules of the layout (tests/layers.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
pass=0
fail=0
skip=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# count - add a "P F S" triple printed by a sub-runner to the totals
count() {
	set -- $1
	pass=$((pass + $1)); fail=$((fail + $2)); skip=$((skip + ${3:-0}))
}

cd "$top" || exit 1
for b in "$@"; do
	echo "== build $b"
	for t in "$top/$b"/tests/test_*; do
		[ -x "$t" ] || continue
		name=$(basename "$t")
		"$t" >"$log" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		p=${p:-0}; f=${f:-0}; s=${s:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1	# crashed or sanitizer abort
		fi
		if [ "$f" -ne 0 ]; then
			echo "FAIL unit $name"; cat "$log"
		else
			echo "ok   unit $name ($p)"
		fi
		count "$p $f $s"
	done
	count "$(sh "$here/golden.sh" "$top/$b/mtaaudit" | tee /dev/stderr | tail -n 1)"
	count "$(sh "$here/corpus.sh" "$top/$b/mtaaudit" | tee /dev/stderr | tail -n 1)"
	count "$(sh "$here/shapes.sh" "$top/$b/mtaaudit" | tee /dev/stderr | tail -n 1)"
done 2>&1
count "$(sh "$here/layers.sh" "$top" 2>&1 | tee /dev/stderr | tail -n 1)" 2>&1
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
