#!/bin/sh
# shapes.sh - the hostile shapes of issue 16 (a few bytes that once took
# minutes or gigabytes), built at the numbers and larger, each
# audited under a 2 GiB address-space limit; each must end with exit 0, 1
# or 2 and the finding that says what happened.  Time is not asserted
# here (the benchmark measures it); a run past 60 s is a failure.
#
#   sh tests/shapes.sh path/to/mtaaudit
# Prints "ok"/"FAIL" lines, then "PASSED FAILED SKIPPED" as its last line.
set -u
bin=$1
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# rep N TEXT - TEXT on N lines
rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) print s }'; }

# shape NAME STATUSES WANT - audit $tmp/NAME; the exit status is one of
# STATUSES ("0 1"), and the JSON report matches the extended regex WANT
shape() {
	name=$1 want_st=$2 want=$3
	# (AddressSanitizer reserves more address space than any limit)
	( case $bin in *asan*) ;; *) ulimit -v 2097152;; esac
	  exec timeout 60 "$bin" audit --format json \
	    --root "$tmp/$name" ) >"$tmp/$name.json" 2>"$tmp/$name.err"
	st=$?
	ok=0
	for s in $want_st; do [ "$st" -eq "$s" ] && ok=1; done
	if [ $ok -eq 1 ] && tr '\n' ' ' <"$tmp/$name.json" |
	    grep -Eq "$want"; then
		echo "ok   shape $name"
		pass=$((pass + 1))
	else
		echo "FAIL shape $name: exit $st, want $want_st and /$want/"
		head -c 600 "$tmp/$name.err"
		fail=$((fail + 1))
	fi
}

for k in 1 3; do
	# .include exim.conf three times (3k times)
	d=$tmp/inc$k/etc/exim; mkdir -p "$d"
	rep $((3 * k)) '.include exim.conf' >"$d/exim.conf"
	shape inc$k "0 1" '"id": "PRS001".*already being read'

	# hostlist l0 = +l1 : +l1 ..., 20k items a level, 8 levels
	d=$tmp/hl$k/etc/exim; mkdir -p "$d"
	awk -v w=$((20 * k)) 'BEGIN {
	    for (l = 0; l < 7; l++) { s = "hostlist l" l " = +l" l + 1
		for (i = 1; i < w; i++) s = s " : +l" l + 1; print s }
	    print "hostlist l7 = 0.0.0.0/0"
	    print "acl_smtp_rcpt = r\nbegin acl\nr:\n  accept hosts = +l0\n  deny" }' \
	    >"$d/exim.conf"
	shape hl$k "1" '"id": "RLY001"'

	# a host-list file whose lines name the same file
	d=$tmp/hf$k/etc/exim; mkdir -p "$d"
	rep $((6 * k)) /etc/exim/hosts >"$d/hosts"
	printf 'acl_smtp_rcpt = r\nbegin acl\nr:\n  accept hosts = /etc/exim/hosts\n  deny\n' \
	    >"$d/exim.conf"
	shape hf$k "0 1" 'list file .* names itself'

	# .ifdef nested 10^5 deep: a few findings, then "and N more"; three
	# times that passes the findings budget
	d=$tmp/ifdef$k/etc/exim; mkdir -p "$d"
	{ rep $((100000 * k)) '.ifdef X'; rep $((100000 * k)) '.endif'; } \
	    >"$d/exim.conf"
	if [ $k -eq 1 ]; then
		shape ifdef$k "0 1" '"more": [0-9]{5,}'
	else
		shape ifdef$k "2" "work budget 'findings'"
	fi

	# restriction classes, each naming the next 8k times, ten deep, the
	# last one a permit past the depth bound: unknown, not missed
	d=$tmp/cls$k/etc/postfix; mkdir -p "$d"
	awk -v w=$((8 * k)) 'BEGIN { print "compatibility_level = 3.6"
	    s = "smtpd_restriction_classes = c0"
	    for (l = 1; l <= 10; l++) s = s ", c" l; print s
	    for (l = 0; l < 10; l++) { s = "c" l " = c" l + 1
		for (i = 1; i < w; i++) s = s ", c" l + 1; print s }
	    print "c10 = permit"
	    print "smtpd_relay_restrictions = c0, reject_unauth_destination" }' \
	    >"$d/main.cf"
	shape cls$k "0 1" '"id": "RLY005"'

	# a class naming itself, as Postfix would fail on it
	d=$tmp/self$k/etc/postfix; mkdir -p "$d"
	awk -v w=$((50 * k)) 'BEGIN { print "compatibility_level = 3.6"
	    print "smtpd_restriction_classes = a"; s = "a = a"
	    for (i = 1; i < w; i++) s = s ", a"; print s
	    print "smtpd_relay_restrictions = a, reject_unauth_destination" }' \
	    >"$d/main.cf"
	shape self$k "0 1" 'restriction class a names a'

	# nested repetition bounds in a regexp table
	d=$tmp/re$k/etc/postfix; mkdir -p "$d"
	printf 'compatibility_level = 3.6\nsmtpd_relay_restrictions = check_client_access regexp:/etc/postfix/re, reject_unauth_destination\n' \
	    >"$d/main.cf"
	if [ $k -eq 1 ]; then
		echo '/((((a{1,100}){1,100}){1,100}){1,100})/ OK' >"$d/re"
	else
		echo '/((((((a{1,1000}){1,1000}){1,1000}){1,1000})))(b)\2/ OK' >"$d/re"
	fi
	shape re$k "0 1" 'pattern of this regexp.* not compiled'

	# parameters doubling to 1 MiB, each referred to twice, 4000k of them
	d=$tmp/exp$k/etc/postfix; mkdir -p "$d"
	awk -v n=$((4000 * k)) 'BEGIN { print "compatibility_level = 3.6"
	    s = "p0 = "; for (i = 0; i < 1000; i++) s = s "x"; print s
	    for (i = 1; i <= 9; i++) print "p" i " = $p" i - 1 "$p" i - 1
	    for (i = 0; i < n; i++) print "q" i " = $p9$p9" }' >"$d/main.cf"
	shape exp$k "2" "\"id\": \"PRS006\".*work budget 'expanded'"

	# include() of the .mc itself ten times, 800 comment lines
	d=$tmp/mc$k/etc/mail; mkdir -p "$d"
	{ rep 800 'dnl a comment line of the kind a .mc has'
	  rep $((10 * k)) "include(\`/etc/mail/sendmail.mc')"
	  echo "DAEMON_OPTIONS(\`Port=smtp, Name=MTA')dnl"; } >"$d/sendmail.mc"
	shape mc$k "0 1" 'already being read'
done

# a main.cf over the 64 MiB size limit is not audited as defaults
d=$tmp/big/etc/postfix; mkdir -p "$d"
truncate -s 65M "$d/main.cf"
shape big "2" '"id": "PRS004".*size limit'

echo "$pass $fail 0"
