#!/bin/sh
# postfix-relay.sh - part 2 of the Postfix oracle: run each golden
# fixture's configuration in a private Postfix (Debian 12's, unpacked) on
# 127.0.0.1 and ask it over SMTP who may relay; hold the answers against
# mtaaudit's listeners and grants.
#
#   sh tests/oracle/postfix-relay.sh [PFROOT [PFDUMP [MTAAUDIT]]]
#
# Needs root: Postfix's master runs as root and drops to mail_owner.
# For each fixture with a listener that mtaaudit calls reachable:
#   1. tests/oracle/relay.py setup copies fixtures/NAME/root to a
#      temporary directory and changes main.cf/master.cf only as the test
#      needs (relay.py's setup() and the report's "change:" lines say
#      what; no listener binds anything but 127.0.0.1);
#   2. "postfix -c DIR start", inside a private UTS namespace whose host
#      name is the fixture's etc/hostname (the machine's own name is never
#      changed);
#   3. relay.py ask: XCLIENT sessions from a stranger, network members and
#      127.0.0.1, RCPT TO a remote victim and the nmap relay forms;
#   4. "postfix -c DIR stop" (then abort and kill, bounded);
#   5. relay.py report: the table and the disagreements.
# This is a CI machine: when there is no "postfix" user or "postdrop"
# group, they are created as system accounts and removed at the end.
# Nothing else outside the temporary directory is touched, and no system
# service is started or stopped.  The last line is "P F E": agreements,
# disagreements, exceptions.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top" || exit 1

if [ "$(id -u)" -ne 0 ]; then
	echo "exception: relay: not root, so no Postfix can run: part 2 skipped"
	echo "0 0 1"
	exit 0
fi
pfroot=${1:-$(sh scripts/oracle-postfix.sh)} || exit 1
pfdump=$(cd "$(dirname "${2:-build/oracle/pfdump}")" && pwd)/$(basename \
    "${2:-build/oracle/pfdump}")
mtaaudit=$(cd "$(dirname "${3:-./mtaaudit}")" && pwd)/$(basename \
    "${3:-./mtaaudit}")
export LD_LIBRARY_PATH="$pfroot/usr/lib/postfix"
postfix=$pfroot/usr/sbin/postfix

work=$(mktemp -d "${TMPDIR:-/tmp}/mtaaudit-oracle-relay.XXXXXX") || exit 1
chmod 755 "$work"	# Postfix's unprivileged processes pass through it
: >"$work/started"

# alive - the process exists and is no zombie
alive() {
	s=$(ps -o stat= -p "$1" 2>/dev/null)
	[ -n "$s" ] && [ "${s#Z}" = "$s" ]
}

# kill_tree - SIGKILL a process and its descendants, children first
kill_tree() {
	for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		kill_tree "$c"
	done
	kill -9 "$1" 2>/dev/null
}

# stop_instance - stop the Postfix of work directory $1, bounded in time:
# "postfix stop", then "postfix abort", then SIGKILL to its master's tree
stop_instance() {
	conf=$1/root/etc/postfix
	pid=$({ tr -dc 0-9 <"$1/queue/pid/master.pid"; } 2>/dev/null)
	timeout 20 "$postfix" -c "$conf" stop >/dev/null 2>&1
	[ -n "$pid" ] || return 0
	i=0
	while alive "$pid" && [ $i -lt 50 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	if alive "$pid"; then
		timeout 20 "$postfix" -c "$conf" abort >/dev/null 2>&1
		sleep 1
		alive "$pid" && kill_tree "$pid"
	fi
	return 0
}

# cleanup - stop whatever still runs, remove the accounts this run
# created and the temporary directory
cleanup() {
	while read -r w; do
		[ -n "$w" ] && stop_instance "$w"
	done <"$work/started"
	if [ -f "$work/created-user" ]; then
		userdel postfix 2>/dev/null
	fi
	if [ -f "$work/created-groups" ]; then
		while read -r g; do
			groupdel "$g" 2>/dev/null
		done <"$work/created-groups"
	fi
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# accounts - mail_owner "postfix" and setgid_group "postdrop"
if ! getent group postdrop >/dev/null; then
	groupadd --system postdrop && echo postdrop >>"$work/created-groups"
fi
if ! getent passwd postfix >/dev/null; then
	if ! getent group postfix >/dev/null; then
		groupadd --system postfix && echo postfix >>"$work/created-groups"
	fi
	useradd --system --gid postfix --home-dir /nonexistent \
	    --no-create-home --shell /usr/sbin/nologin postfix &&
	    : >"$work/created-user"
	echo "note: created the system account postfix (removed at the end)"
fi

# a private UTS namespace gives each instance its fixture's host name;
# where the container forbids it, the machine's name stays (fixtures that
# set myhostname do not care) and that is said once
uts=yes
if ! unshare -u true 2>/dev/null; then
	uts=no
	echo "note: unshare -u is not permitted here: instances keep the" \
	    "machine's host name"
fi

pass=0
fail=0
exc=0
seen=0
# ORACLE_FIXTURES="pf-a pf-b*" asks only those fixtures (globs, expanded
# in fixtures/, never in the top directory)
for r in $(cd fixtures && for g in ${ORACLE_FIXTURES:-*}; do
    echo "fixtures/$g/root"; done); do
	[ -d "$r/etc/postfix" ] || continue
	seen=$((seen + 1))
	name=${r#fixtures/}
	name=${name%/root}
	# mtaaudit says Postfix as a whole refuses to start: it must not
	wont=no
	"$mtaaudit" audit --root "$r" --format json 2>/dev/null | grep -q \
	    -e '"message": "Postfix refuses to start' \
	    -e 'Postfix refuses to start unless the host has it' && wont=yes
	if [ $wont = no ] && ! "$pfdump" "$r" -g 127.0.0.1 |
	    awk -F '\t' '$1 == "listener" && $4 == "yes" { y = 1 } END { exit !y }'
	then
		echo "exception: relay $name: mtaaudit finds no reachable listener"
		exc=$((exc + 1))
		continue
	fi
	w=$work/$name
	mkdir "$w"
	python3 "$here/relay.py" setup --pfroot "$pfroot" --fixture "$r" \
	    --work "$w" --pfdump "$pfdump" --mtaaudit "$mtaaudit" \
	    >"$w/setup.log" 2>&1
	rc=$?
	if [ $rc -eq 3 ]; then
		# postconf refuses the configuration: no Postfix can run it
		# (part 1 holds mtaaudit's parse findings against that)
		echo "exception: relay $name: Postfix refuses this" \
		    "configuration, so there is no server to ask: $(cat "$w/setup.log")"
		exc=$((exc + 1))
		continue
	elif [ $rc -ne 0 ]; then
		echo "FAIL relay $name: setup failed"
		sed 's/^/     /' "$w/setup.log"
		fail=$((fail + 1))
		continue
	fi
	# the start command, in a file so that script(1) can give it a
	# terminal (postfix(1) prints its errors only to one)
	host=$(head -n 1 "$r/etc/hostname" 2>/dev/null | tr -d ' \t\r')
	{
		if [ -n "$host" ] && [ $uts = yes ]; then
			printf 'exec unshare -u sh -c %s %s %s -c %s start\n' \
			    "'hostname \"\$0\" && exec \"\$@\"'" "'$host'" \
			    "'$postfix'" "'$w/root/etc/postfix'"
		else
			printf "exec '%s' -c '%s' start\n" "$postfix" \
			    "$w/root/etc/postfix"
		fi
	} >"$w/start.sh"
	echo "$w" >>"$work/started"
	if [ $wont = yes ]; then
		if timeout 60 script -qec "sh '$w/start.sh'" /dev/null \
		    >"$w/start.log" 2>&1; then
			echo "DISAGREE relay $name: mtaaudit says Postfix" \
			    "refuses to start, but it starts"
			fail=$((fail + 1))
		else
			echo "ok   relay $name: Postfix refuses to start, as" \
			    "mtaaudit says: $(grep -ho 'fatal: .*' \
			    "$w/start.log" | head -n 1)"
			pass=$((pass + 1))
		fi
		stop_instance "$w"
		continue
	fi
	if ! timeout 60 script -qec "sh '$w/start.sh'" /dev/null \
	    >"$w/start.log" 2>&1; then
		echo "FAIL relay $name: postfix start failed"
		cat "$w/start.log" "$w/maillog" 2>/dev/null | grep 'fatal:' |
		    sed 's/^/     /'
		fail=$((fail + 1))
		stop_instance "$w"
		continue
	fi
	timeout 300 python3 "$here/relay.py" ask --work "$w" >"$w/ask.log" 2>&1 ||
	    { echo "note: relay $name: ask: "; sed 's/^/     /' "$w/ask.log"; }
	stop_instance "$w"
	grep -v "^$w\$" "$work/started" >"$work/started.new"
	mv "$work/started.new" "$work/started"
	if ! python3 "$here/relay.py" report --work "$w" --label "$name" \
	    >"$w/report" 2>&1; then
		echo "FAIL relay $name: no report"
		sed 's/^/     /' "$w/ask.log" "$w/report"
		fail=$((fail + 1))
		continue
	fi
	sed '$d' "$w/report"
	# shellcheck disable=SC2046 # "P F E": split on purpose
	set -- $(tail -n 1 "$w/report")
	pass=$((pass + ${1:-0}))
	fail=$((fail + ${2:-1}))
	exc=$((exc + ${3:-0}))
done
# a part that found no Postfix fixture proves nothing: that is a failure
if [ $seen -eq 0 ]; then
	echo "FAIL relay: no fixture with etc/postfix matched" \
	    "'${ORACLE_FIXTURES:-*}' under fixtures/"
	fail=$((fail + 1))
fi
echo "$pass $fail $exc"
