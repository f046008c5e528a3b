#!/bin/sh
# seeds.sh TARGET DIR - the fixtures as inputs of fuzz target TARGET, in
# its layout (tests/fuzz/fuzz_TARGET.c): files joined by NUL bytes
set -eu
t=$1
out=$2
rm -rf "$out"
mkdir -p "$out"
# join - the files named, NUL between them (a missing one is empty)
join() {
	first=1
	for f in "$@"; do
		[ $first -eq 1 ] || printf '\0'
		first=0
		cat "$f" 2>/dev/null || :
	done
}
for d in fixtures/*/root; do
	n=$(basename "$(dirname "$d")")
	case $t in
	postfix)
		[ -d "$d/etc/postfix" ] || continue
		join "$d/etc/postfix/main.cf" "$d/etc/postfix/master.cf" \
		    /dev/null >"$out/$n" ;;
	exim)
		if [ -f "$d/etc/exim/exim.conf" ]; then
			{ printf '\0'; join "$d/etc/exim/exim.conf"; } >"$out/$n"
		elif [ -d "$d/etc/exim4" ]; then
			e=$d/etc/exim4
			{ printf '\1'; join "$e/update-exim4.conf.conf" \
			    "$e/exim4.conf.template" \
			    "$e/exim4.conf.localmacros"; } >"$out/$n"
		fi ;;
	sendmail)
		[ -f "$d/etc/mail/sendmail.mc" ] || continue
		m=$d/etc/mail
		join "$m/sendmail.mc" "$m/access" /dev/null \
		    "$m/relay-domains" >"$out/$n" ;;
	esac
done
