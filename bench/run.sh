#!/bin/sh
# run.sh - the mtaaudit benchmark (make bench, issue 5).
#
# Compares "mtaaudit audit --format json" (every check) with each MTA's
# own reading of the same files, from Debian 12's packages (unpacked,
# never installed):
#
#   Postfix     postconf -c DIR -n
#   Exim        exim4 -C FILE -bP (reads every section, prints the options)
#   Sendmail    m4 cf.m4 sendmail.mc (builds the .cf) and makemap hash on
#               the access source; m4 runs commands, so it runs on the
#               generated trees only, never on corpus files
#
# Postfix:
#   corpus      every non-templated Postfix main.cf / master.cf listed in
#               ../shared/corpus/SOURCES.md, each alone in a temporary root
#               (with an empty counterpart, since postconf needs main.cf)
#   generated   bench/gen-postfix-tree.sh at 1x (base), 10x, 100x, 1000x
#   parts       the same scales with only one part grown (main.cf, master.cf,
#               both, or the tables), to show where growth comes from
#               (mtaaudit only)
#   fleet       1,000 small roots: one mtaaudit with 1,000 PATHs against
#               1,000 postconf -n runs in a shell loop
# Exim:
#   corpus      the full configurations of SOURCES.md, each as
#               etc/exim/exim.conf with the files beside it (Debian's
#               exim4.conf.template as a non-split etc/exim4 tree)
#   generated   bench/gen-exim-tree.sh at the same scales
# Sendmail:
#   corpus      every .mc and access source of SOURCES.md, placed as
#               tests/corpus.sh does (makemap on access sources only)
#   generated   bench/gen-sendmail-tree.sh at the same scales
#
# Mean times come from hyperfine, peak RSS from /usr/bin/time -v (one run).
# Every command first runs once under a time and memory cap; a command
# that exceeds it is reported as "> cap" and is not timed further.
#
# Usage: bench/run.sh [BUILD-DIR | BINARY]   (default ./mtaaudit)
#
# Environment (all optional):
#   MTAAUDIT       binary to measure (default: the argument, or ./mtaaudit)
#   BENCH_MTAS     which MTAs (default "postfix exim sendmail")
#   CORPUS         corpus directory (default ../shared/corpus)
#   BENCH_TIMEOUT  seconds one run may take (default 30)
#   BENCH_MEM_MB   address-space cap of one run in MiB (default 4096)
#   BENCH_SCALES   generated scales (default "1 10 100 1000")
#   BENCH_PARTS    0 skips the one-part-grown rows (default 1)
#   BENCH_FLEET    roots in the fleet (default 1000; 0 skips it)
#   BENCH_TARGET   seconds of hyperfine timing per command (default 2)
#   BENCH_KEEP     1 keeps the temporary directory
#   BENCH_MD       also write the table (Markdown) to this file
#
# Needs hyperfine and GNU time (make bench installs both when missing),
# awk, and apt-get/dpkg-deb for scripts/postfix-pkg.sh, exim-pkg.sh and
# sendmail-pkg.sh (the Sendmail packages go to build/bench).

set -eu
LC_ALL=C
export LC_ALL

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
if [ $# -gt 0 ]; then
    if [ -d "$1" ]; then MTAAUDIT=${MTAAUDIT:-$1/mtaaudit}; else MTAAUDIT=${MTAAUDIT:-$1}; fi
fi
MTAAUDIT=${MTAAUDIT:-$top/mtaaudit}
MTAS=${BENCH_MTAS:-"postfix exim sendmail"}
case $MTAAUDIT in /*) ;; *) MTAAUDIT=$top/$MTAAUDIT ;; esac
CORPUS=${CORPUS:-$top/../shared/corpus}
LIMIT=${BENCH_TIMEOUT:-30}
MEM_MB=${BENCH_MEM_MB:-4096}
SCALES=${BENCH_SCALES:-"1 10 100 1000"}
PARTS=${BENCH_PARTS:-1}
FLEET=${BENCH_FLEET:-1000}
TARGET=${BENCH_TARGET:-2}

for tool in hyperfine /usr/bin/time timeout awk; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "bench: $tool is missing (apt-get install hyperfine time)" >&2
        exit 1
    fi
done
if [ ! -x "$MTAAUDIT" ]; then
    echo "bench: $MTAAUDIT is missing; run make first" >&2
    exit 1
fi

start=$(date +%s)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mtaaudit-bench.XXXXXX")
# exim -C reads the later sections after giving up root: it must get in
chmod 755 "$tmp"
if [ "${BENCH_KEEP:-0}" = 1 ]; then
    echo "bench: keeping $tmp"
else
    trap 'rm -rf "$tmp"' EXIT
    trap 'rm -rf "$tmp"; exit 130' INT TERM
fi
rows=$tmp/rows.tsv
: >"$rows"

# want MTA - whether MTA's part runs
want() { case " $MTAS " in *" $1 "*) return 0 ;; esac; return 1; }

# pkg SCRIPT DIR - the unpacked root SCRIPT prints, or exit
pkg() {
    if ! sh "scripts/$1" "$2" 2>"$tmp/pkg.log"; then
        cat "$tmp/pkg.log" >&2
        echo "bench: scripts/$1 failed" >&2
        exit 1
    fi
}

# debver DIR PACKAGE - the version of a downloaded .deb
debver() {
    dpkg-deb -f "$(ls "$1"/"$2"_*.deb 2>/dev/null | head -n 1)" Version 2>/dev/null || echo "?"
}

pcver=- exver=- smver=-
if want postfix; then
    pf=$(pkg postfix-pkg.sh build/oracle)
    POSTCONF=$pf/usr/sbin/postconf
    PCLIB=$pf/usr/lib/postfix
    pcver=$(debver build/oracle postfix)
fi
if want exim; then
    ex=$(pkg exim-pkg.sh build/oracle)
    EXIM=$ex/usr/sbin/exim4
    EXLIB=$ex/usr/lib/x86_64-linux-gnu:$ex/usr/lib
    exver=$(debver build/oracle/exim-debs exim4-daemon-heavy)
fi
if want sendmail; then
    sm=$(pkg sendmail-pkg.sh build/bench)
    MAKEMAP=$sm/usr/sbin/makemap
    SMCF=$sm/usr/share/sendmail/cf
    smver=$(debver build/bench/sendmail-debs sendmail-cf)
    command -v m4 >/dev/null 2>&1 || { echo "bench: m4 is missing" >&2; exit 1; }
fi

# ------------------------------------------------------------ measuring

# sizes DIR... - "bytes lines entries" of every file under the DIRs;
# an entry is a logical line: not blank, not a comment, no continuation
sizes() {
    find "$@" -type f -exec cat {} + | awk '
        { bytes += length($0) + 1; lines++ }
        /^[ \t]*$/ || /^[ \t]*#/ || /^[ \t]/ { next }
        { entries++ }
        END { printf "%d %d %d\n", bytes, lines, entries }'
}

# probe CMD... - one capped run; sets p_wall (s), p_rss (KiB), p_status
# ("ok", "timeout", "memory" or "exit N")
probe() {
    rc=0
    (
        ulimit -v $((MEM_MB * 1024)) 2>/dev/null || true
        exec /usr/bin/time -v -o "$tmp/time.out" timeout "$LIMIT" "$@"
    ) >/dev/null 2>"$tmp/probe.err" || rc=$?
    p_wall=$(awk '/Elapsed \(wall clock\)/ {
            sub(/.*\): /, ""); n = split($0, f, ":"); s = 0
            for (i = 1; i <= n; i++) s = s * 60 + f[i]
            print s }' "$tmp/time.out")
    p_rss=$(awk '/Maximum resident set size/ { print $NF }' "$tmp/time.out")
    : "${p_wall:=0}" "${p_rss:=0}"
    if [ "$rc" -eq 124 ]; then
        p_status=timeout
    elif grep -q "out of memory" "$tmp/probe.err"; then
        p_status=memory
    elif [ "$rc" -gt 1 ] || { [ "$rc" -eq 1 ] && [ "$1" != "$MTAAUDIT" ]; }; then
        # mtaaudit exits 1 when it reports findings; anything else fails
        p_status="exit $rc"
    else
        p_status=ok
    fi
}

# timing CMD... - hyperfine mean in seconds; runs chosen from the probe
timing() {
    runs=$(awk -v t="$p_wall" -v b="$TARGET" 'BEGIN {
        if (t < 0.001) t = 0.001
        r = int(b / t)
        if (r > 30) r = 30
        if (r < 3) r = (t > 4 * b) ? 1 : (t > b ? 2 : 3)
        print r }')
    warm=$(awk -v t="$p_wall" 'BEGIN { print (t < 0.05) ? 3 : (t < 1 ? 1 : 0) }')
    rm -f "$tmp/hf.csv"
    hyperfine -N -i --style none --runs "$runs" --warmup "$warm" \
        --export-csv "$tmp/hf.csv" "$*" >"$tmp/hf.log" 2>&1 || true
    # command,mean,stddev,median,user,system,min,max: mean is 7th from the end
    t_mean=$(awk -F, 'NR == 2 { print $(NF - 6) }' "$tmp/hf.csv" 2>/dev/null)
    if [ -z "$t_mean" ]; then
        echo "bench: hyperfine failed on: $*" >&2
        cat "$tmp/hf.log" >&2
        t_mean=0
    fi
    t_runs=$runs
}

# side CMD... - probe then time one command; sets s_mean (number, or
# ">LIMIT" when capped, "fail" on an error), s_rss, s_note
side() {
    probe "$@"
    s_rss=$p_rss
    s_note=
    case $p_status in
        ok)
            timing "$@"
            s_mean=$t_mean ;;
        timeout)
            s_mean=">$LIMIT"
            s_rss=">$p_rss"
            s_note="stopped after ${LIMIT} s" ;;
        memory)
            s_mean=">$p_wall"
            s_rss=">$((MEM_MB * 1024))"
            s_note="out of memory at the ${MEM_MB} MiB cap" ;;
        *)
            s_mean=fail
            s_note="$p_status: $(head -c 200 "$tmp/probe.err" | tr '\n\t' '  ')" ;;
    esac
}

# measure GROUP NAME SIZE-DIRS MTAAUDIT-CMD REFERENCE-CMD [GROWN-FILES] - one
# table row of the MTA in $mta; REFERENCE-CMD ("-": none) runs with
# LD_LIBRARY_PATH=$reflib; GROWN-FILES (default: SIZE-DIRS) are the bytes
# growth is measured against; $refnote is added to the row's notes
measure() {
    group=$1 name=$2 sdirs=$3 mcmd=$4 pcmd=$5 gfiles=${6:-$3}
    set -f
    # shellcheck disable=SC2086
    sz=$(sizes $sdirs)
    # shellcheck disable=SC2086
    gbytes=$(find $gfiles -type f -exec cat {} + | wc -c | tr -d ' ')
    # shellcheck disable=SC2086
    side $mcmd
    m_mean=$s_mean m_rss=$s_rss m_note=$s_note
    if [ "$pcmd" = - ]; then
        p_mean=- p_rss2=- p_note=
    else
        # the reference finds its own libraries there; mtaaudit runs without
        old_llp=${LD_LIBRARY_PATH-} had_llp=${LD_LIBRARY_PATH+set}
        export LD_LIBRARY_PATH="$reflib"
        # shellcheck disable=SC2086
        side $pcmd
        if [ "$had_llp" = set ]; then LD_LIBRARY_PATH=$old_llp; else unset LD_LIBRARY_PATH; fi
        p_mean=$s_mean p_rss2=$s_rss p_note=$s_note
    fi
    set +f
    note="$m_note${p_note:+${m_note:+; }reference: $p_note}"
    note="$note${refnote:+${note:+; }$refnote}"
    # the sizes are three tab-separated fields in one argument
    # shellcheck disable=SC2183
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$name" \
        "$(echo "$sz" | tr ' ' '\t')" "$gbytes" "$m_mean" "$p_mean" "$m_rss" "$p_rss2" \
        "$note" "$mta" >>"$rows"
    printf '  %-34s mtaaudit %-10s reference %s\n' "$name" "$(fmt_t "$m_mean")" \
        "$(fmt_t "$p_mean")" >&2
}

# fmt_t SECONDS - "1.2 ms", "3.45 s", "> 60 s"
fmt_t() {
    awk -v t="$1" 'BEGIN {
        if (t == "fail" || t == "-") { print t; exit }
        gt = ""
        if (substr(t, 1, 1) == ">") { gt = "> "; t = substr(t, 2) }
        if (t + 0 < 1) printf "%s%.1f ms\n", gt, t * 1000
        else printf "%s%.2f s\n", gt, t }'
}

# root_of FILE KIND - a root holding FILE as etc/postfix/KIND and an empty
# counterpart (postconf -n needs main.cf; mtaaudit reads both)
root_of() {
    n=$((n + 1))
    r=$tmp/corpus/$n
    mkdir -p "$r/etc/postfix"
    cp "$1" "$r/etc/postfix/$2"
    for k in main.cf master.cf; do
        [ -f "$r/etc/postfix/$k" ] || : >"$r/etc/postfix/$k"
    done
}

mcmd_root() { echo "$MTAAUDIT audit --format json --root $1"; }
pcmd_root() { echo "$POSTCONF -c $1/etc/postfix -n"; }

echo "bench: mtaaudit $("$MTAAUDIT" --version | awk '{print $2}'); references from Debian 12: postfix $pcver, exim4 $exver, sendmail $smver; $(nproc) cores" >&2
echo "bench: caps per run: ${LIMIT} s, ${MEM_MB} MiB" >&2

# postfix_part - the Postfix rows: corpus, generated, parts and fleet
postfix_part() {
    mta=postfix reflib=$PCLIB refnote=
    # -------------------------------------------------------------- corpus
    if [ -f "$CORPUS/SOURCES.md" ]; then
        echo "bench: corpus ($CORPUS)" >&2
        n=0
        awk -F'|' '/^\| `/ {
                path = $2; mta = $4; kind = $5; tpl = $6
                gsub(/^[ \t`]+|[ \t`]+$/, "", path)
                gsub(/^[ \t]+|[ \t]+$/, "", mta)
                gsub(/^[ \t]+|[ \t]+$/, "", kind)
                gsub(/^[ \t]+/, "", tpl)
                if (mta != "Postfix" || tpl !~ /^no/) next
                if (kind ~ /^Postfix main\.cf/) print "main.cf", path
                else if (kind ~ /^Postfix master\.cf/) print "master.cf", path
            }' "$CORPUS/SOURCES.md" >"$tmp/corpus.list"
        while read -r kind path; do
            [ -f "$CORPUS/$path" ] || continue
            root_of "$CORPUS/$path" "$kind"
            # "github/owner__repo/.../main.cf" -> "owner__repo/main.cf"
            label=$(echo "$path" | awk -F/ '{ print $2 "/" $NF }')
            measure corpus "$label" "$r" "$(mcmd_root "$r")" "$(pcmd_root "$r")"
        done <"$tmp/corpus.list"
    else
        echo "bench: $CORPUS absent; corpus rows skipped" >&2
    fi

    # ----------------------------------------------------------- generated
    echo "bench: generated trees" >&2
    for s in $SCALES; do
        g=$tmp/gen/$s
        sh bench/gen-postfix-tree.sh "$s" "$g"
        measure generated "generated ${s}x" "$g" "$(mcmd_root "$g")" "$(pcmd_root "$g")"
    done

    # parts: one part at scale s, the rest at the base scale
    if [ "$PARTS" != 0 ]; then
        echo "bench: one part grown" >&2
        [ -d "$tmp/gen/1" ] || sh bench/gen-postfix-tree.sh 1 "$tmp/gen/1"
        for s in $SCALES; do
            [ "$s" -gt 1 ] || continue
            [ -d "$tmp/gen/$s" ] || sh bench/gen-postfix-tree.sh "$s" "$tmp/gen/$s"
            for part in main master config tables; do
                d=$tmp/part/$part$s/etc/postfix
                mkdir -p "$d"
                for f in "$tmp/gen/1/etc/postfix"/*; do
                    b=$(basename "$f")
                    case $part:$b in
                        main:main.cf|master:master.cf|config:ma*.cf) src=$tmp/gen/$s/etc/postfix/$b ;;
                        tables:main.cf|tables:master.cf) src=$f ;;
                        tables:*) src=$tmp/gen/$s/etc/postfix/$b ;;
                        *) src=$f ;;
                    esac
                    ln "$src" "$d/$b" 2>/dev/null || cp "$src" "$d/$b"
                done
                r=$tmp/part/$part$s
                case $part in
                    main) label="main.cf ${s}x" ;;
                    master) label="master.cf ${s}x" ;;
                    config) label="main.cf+master.cf ${s}x" ;;
                    tables) label="tables ${s}x" ;;
                esac
                case $part in
                    main) grown=$d/main.cf ;;
                    master) grown=$d/master.cf ;;
                    config) grown="$d/main.cf $d/master.cf" ;;
                    tables) grown=$(ls -d "$d"/* | grep -v '/ma[a-z]*\.cf$' | tr '\n' ' ') ;;
                esac
                # diagnostic rows: mtaaudit only, to keep make bench short
                measure "part-$part" "$label" "$r" "$(mcmd_root "$r")" - "$grown"
            done
        done
    fi

    # --------------------------------------------------------------- fleet
    if [ "$FLEET" -gt 0 ]; then
        echo "bench: fleet of $FLEET roots" >&2
        f=$tmp/fleet
        sh bench/gen-postfix-tree.sh 0 "$f/base"
        # each member differs in its host name; tables are not used: without
        # --root the root is / and table paths would resolve there
        awk -v N="$FLEET" -v dir="$f" 'BEGIN {
            for (i = 1; i <= N; i++) printf "%s/h%04d/etc/postfix\n", dir, i
        }' >"$f/dirs"
        xargs mkdir -p <"$f/dirs"
        awk -v src="$f/base/etc/postfix" '
            BEGIN {
                while ((getline l < (src "/main.cf")) > 0) main = main l "\n"
                while ((getline l < (src "/master.cf")) > 0) master = master l "\n"
            }
            {
                m = main; sub(/mx\.fleet\.example/, sprintf("mx%04d.fleet.example", NR), m)
                printf "%s", m > ($0 "/main.cf"); close($0 "/main.cf")
                printf "%s", master > ($0 "/master.cf"); close($0 "/master.cf")
            }' "$f/dirs"
        rm -rf "$f/base"
        {
            echo "#!/bin/sh"
            while read -r d; do
                echo "$POSTCONF -c $d -n >/dev/null"
            done <"$f/dirs"
        } >"$f/postconf-loop.sh"
        measure fleet "fleet: $FLEET roots" "$f" \
            "$MTAAUDIT audit --format json $(tr '\n' ' ' <"$f/dirs")" \
            "sh $f/postconf-loop.sh"
    fi
}

# corpus_rows MTA - "kind|path|templated" of every SOURCES.md row of MTA
corpus_rows() {
    awk -F'|' -v want="$1" '/^\| `/ {
            path = $2; mta = $4; kind = $5; tpl = $6
            gsub(/^[ \t`]+|[ \t`]+$/, "", path)
            gsub(/^[ \t]+|[ \t]+$/, "", mta)
            gsub(/^[ \t]+|[ \t]+$/, "", kind)
            gsub(/^[ \t]+|[ \t]+$/, "", tpl)
            if (mta == want) print kind "|" path "|" tpl
        }' "$CORPUS/SOURCES.md"
}

# label_of PATH - "owner__repo/file" or "package/file" for a corpus path
label_of() { echo "$1" | awk -F/ '{ print $2 "/" $NF }'; }

# exim_conf CONF ROOT OUT - CONF for "exim -C": ".include /x" names
# ROOT/x as the audit reads it (Exim takes absolute paths only)
exim_conf() {
    sed "s|^\([ \t]*\.include[_a-z]*[ \t][ \t]*\)/|\1$2/|" "$1" >"$3"
}

# exim_part - the Exim rows: corpus full configurations, generated trees
exim_part() {
    mta=exim reflib=$EXLIB refnote=
    mkdir -p "$tmp/exim"
    if [ -f "$CORPUS/SOURCES.md" ]; then
        echo "bench: Exim corpus" >&2
        corpus_rows Exim >"$tmp/exim.list"
        n=0
        while IFS='|' read -r kind path _; do
            [ -f "$CORPUS/$path" ] || continue
            n=$((n + 1))
            r=$tmp/exim/c$n
            case $kind in
                "Exim full config (Debian non-split"*)
                    # the packaged tree, non-split, with internet answers
                    deb=$CORPUS/debian/exim4-config/etc/exim4
                    mkdir -p "$r/etc/exim4"
                    cp -R "$deb/conf.d" "$deb/exim4.conf.template" "$r/etc/exim4/"
                    echo mail.example.org >"$r/etc/mailname"
                    printf '%s\n' "dc_eximconfig_configtype='internet'" \
                        "dc_other_hostnames='example.org'" \
                        "dc_relay_nets='192.168.1.0/24'" \
                        "dc_use_split_config='false'" \
                        >"$r/etc/exim4/update-exim4.conf.conf"
                    conf=$r/etc/exim4/exim4.conf.template
                    sdirs=$conf ;;
                "Exim full config"*)
                    # etc/exim/exim.conf with the files beside it
                    mkdir -p "$r/etc/exim"
                    cp "$(dirname "$CORPUS/$path")"/* "$r/etc/exim/"
                    [ "$(basename "$path")" = exim.conf ] ||
                        cp "$CORPUS/$path" "$r/etc/exim/exim.conf"
                    conf=$r/etc/exim/exim.conf
                    sdirs=$r/etc/exim ;;
                *) continue ;;
            esac
            exim_conf "$conf" "$r" "$tmp/exim/c$n.conf"
            measure exim-corpus "$(label_of "$path")" "$sdirs" "$(mcmd_root "$r")" \
                "$EXIM -C $tmp/exim/c$n.conf -bP"
        done <"$tmp/exim.list"
    fi
    echo "bench: Exim generated trees" >&2
    refnote="exim -bP does not open the list file relay_hosts (1000 lines per x); the audit does"
    for s in $SCALES; do
        g=$tmp/exim/gen$s
        sh bench/gen-exim-tree.sh "$s" "$g"
        exim_conf "$g/etc/exim/exim.conf" "$g" "$tmp/exim/gen$s.conf"
        measure exim-generated "generated ${s}x" "$g" "$(mcmd_root "$g")" \
            "$EXIM -C $tmp/exim/gen$s.conf -bP"
        refnote=
        [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$g"
    done
}

# sendmail_part - the Sendmail rows: corpus .mc and access sources,
# generated trees
sendmail_part() {
    mta=sendmail reflib='' refnote=''
    mkdir -p "$tmp/sendmail"
    if [ -f "$CORPUS/SOURCES.md" ]; then
        echo "bench: Sendmail corpus" >&2
        corpus_rows Sendmail >"$tmp/sendmail.list"
        n=0
        while IFS='|' read -r kind path _; do
            [ -f "$CORPUS/$path" ] || continue
            n=$((n + 1))
            r=$tmp/sendmail/c$n
            mkdir -p "$r/etc/mail"
            # Debian's rows read OSTYPE/DOMAIN files from the packaged tree
            case $path in debian/*) cp -R "$CORPUS/debian/sendmail-cf/usr" "$r/" ;; esac
            ref=-
            case $kind in
                support*) continue ;;
                *submit.mc*) f=$r/etc/mail/submit.mc; cp "$CORPUS/$path" "$f" ;;
                *.mc*) f=$r/etc/mail/sendmail.mc; cp "$CORPUS/$path" "$f" ;;
                *"access database"*)
                    f=$r/etc/mail/access
                    cp "$CORPUS/$path" "$f"
                    echo "FEATURE(\`access_db')dnl" >"$r/etc/mail/sendmail.mc"
                    # makemap only reads: safe on any input; -C names a
                    # .cf so that it does not look for /etc/mail's
                    : >"$tmp/sendmail/empty.cf"
                    printf '%s\n' "#!/bin/sh" \
                        "exec $MAKEMAP -C $tmp/sendmail/empty.cf hash $tmp/sendmail/c$n.map <$f" \
                        >"$tmp/sendmail/c$n.sh"
                    ref="sh $tmp/sendmail/c$n.sh" ;;
                *) rm -rf "$r"; continue ;;
            esac
            measure sendmail-corpus "$(label_of "$path")" "$f" "$(mcmd_root "$r")" "$ref"
        done <"$tmp/sendmail.list"
    fi
    echo "bench: Sendmail generated trees" >&2
    for s in $SCALES; do
        g=$tmp/sendmail/gen$s
        o=$tmp/sendmail/out$s
        sh bench/gen-sendmail-tree.sh "$s" "$g"
        mkdir -p "$o"
        # Sendmail's own toolchain on these trusted files: the .cf from the
        # .mc, then the access map built as that .cf's TrustedUser
        printf '%s\n' "#!/bin/sh" "set -e" \
            "m4 -D_CF_DIR_=$SMCF/ $SMCF/m4/cf.m4 $g/etc/mail/sendmail.mc >$o/sendmail.cf" \
            "exec $MAKEMAP -C $o/sendmail.cf hash $o/access <$g/etc/mail/access" \
            >"$o/build.sh"
        measure sendmail-generated "generated ${s}x" "$g" "$(mcmd_root "$g")" "sh $o/build.sh"
        [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$g" "$o"
    done
}

if want postfix; then postfix_part; fi
if want exim; then exim_part; fi
if want sendmail; then sendmail_part; fi

# -------------------------------------------------------------- report
elapsed=$(($(date +%s) - start))
awk -F'\t' -v limit="$LIMIT" -v memmb="$MEM_MB" -v elapsed="$elapsed" \
    -v cores="$(nproc)" -v pcver="$pcver" -v exver="$exver" -v smver="$smver" '
function gt(x) { return substr(x, 1, 1) == ">" }
function num(x) { return gt(x) ? substr(x, 2) + 0 : x + 0 }
function ft(x,   p, v) {
    if (x == "fail" || x == "-") return x
    p = gt(x) ? "> " : ""; v = num(x)
    if (v < 1) return sprintf("%s%.1f ms", p, v * 1000)
    return sprintf("%s%.2f s", p, v)
}
function fm(x,   p, v) {
    if (x == "-") return x
    p = gt(x) ? "> " : ""; v = num(x) / 1024
    if (v < 100) return sprintf("%s%.1f MiB", p, v)
    return sprintf("%s%.0f MiB", p, v)
}
function fr(a, b) {
    if (a == "fail" || b == "fail" || a == "-" || b == "-") return "-"
    if (gt(a) && gt(b)) return "?"
    if (gt(b)) return sprintf("< %.2f", num(a) / num(b))
    if (gt(a)) return sprintf("> %.2f", num(a) / num(b))
    return sprintf("%.2f", num(a) / num(b))
}
function big(n,   s, o) {
    # 1234567 -> 1,234,567
    s = sprintf("%d", n); o = ""
    while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
    return s o
}
# least-squares slope of log(y) on log(x) over the k points of series id
function slope(id,   i, n, sx, sy, sxx, sxy, x, y) {
    n = cnt[id]; if (n < 2) return ""
    for (i = 1; i <= n; i++) {
        x = log(px[id, i]); y = log(py[id, i])
        sx += x; sy += y; sxx += x * x; sxy += x * y
    }
    if (n * sxx - sx * sx == 0) return ""
    return (n * sxy - sx * sy) / (n * sxx - sx * sx)
}
function addpt(id, x, y) { if (y != "-" && y > 0) { cnt[id]++; px[id, cnt[id]] = x; py[id, cnt[id]] = y } }
# series label of a group: "generated", "only main.cf" ...
function slabel(g,   l) {
    l = g; sub(/^(exim|sendmail)-/, "", l)
    sub(/^part-/, "only ", l); sub(/ config$/, " main.cf+master.cf", l)
    sub(/ main$/, " main.cf", l); sub(/ master$/, " master.cf", l)
    return l
}
{
    nr++; G[nr] = $1; N[nr] = $2; B[nr] = $3; L[nr] = $4; E[nr] = $5
    GB[nr] = $6; MT[nr] = $7; PT[nr] = $8; MR[nr] = $9; PR[nr] = $10; NOTE[nr] = $11
    M[nr] = $12
    if (!(M[nr] in hasm)) { hasm[M[nr]] = 1; morder[++nm] = M[nr] }
}
END {
    title["postfix"] = "Postfix"; title["exim"] = "Exim"; title["sendmail"] = "Sendmail"
    ref["postfix"] = "postconf -n"; ref["exim"] = "exim -bP"; ref["sendmail"] = "m4 + makemap"
    refl["postfix"] = sprintf("`postconf -c DIR -n` (Postfix %s)", pcver)
    refl["exim"] = sprintf("`exim4 -C FILE -bP` (exim4-daemon-heavy %s; reads every section, prints the main options)", exver)
    refl["sendmail"] = sprintf("`m4 cf.m4 sendmail.mc` then `makemap hash` of the access source (sendmail-cf/-bin %s; on corpus files only makemap runs: m4 runs commands)", smver)
    printf "\nmtaaudit audit --format json (every check) against each MTA'"'"'s own reading of\n"
    printf "the same files (Debian 12 packages); %d cores; mean of hyperfine runs,\n", cores
    printf "peak RSS of one /usr/bin/time -v run.  ratio = mtaaudit time / reference time\n"
    printf "(below 1: the audit is cheaper).\n"
    for (k = 1; k <= nm; k++) {
        m = morder[k]
        printf "\n### %s\n\nReference: %s.\n\n", title[m], refl[m]
        printf "| tree | bytes | lines | entries | mtaaudit | %s | ratio | mtaaudit RSS | %s RSS |\n", ref[m], ref[m]
        printf "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for (i = 1; i <= nr; i++) if (M[i] == m)
            printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", N[i], big(B[i]),
                big(L[i]), big(E[i]), ft(MT[i]), ft(PT[i]), fr(MT[i], PT[i]),
                fm(MR[i]), fm(PR[i])
        for (i = 1; i <= nr; i++) if (M[i] == m && G[i] == "fleet")
            NOTE[i] = (NOTE[i] == "" ? "" : NOTE[i] "; ") "one mtaaudit process audits every root; postconf runs once per root (its RSS is the largest single run)"
        notes = 0
        for (i = 1; i <= nr; i++) if (M[i] == m && NOTE[i] != "") {
            if (!notes++) print "\nNotes:"
            printf "- %s: %s\n", N[i], NOTE[i]
        }
    }

    # growth: generated and one-part rows at 10x and up
    for (i = 1; i <= nr; i++) {
        if (G[i] ~ /corpus$/ || G[i] == "fleet") continue
        sc = N[i]; sub(/.* /, "", sc); sub(/x$/, "", sc)
        if (sc + 0 < 10) continue
        id = G[i]
        if (!(id in seen)) { seen[id] = 1; order[++nid] = id; idm[id] = M[i] }
        addpt(id "/mt", GB[i], num(MT[i])); addpt(id "/mr", GB[i], num(MR[i]))
        addpt(id "/pt", GB[i], PT[i] == "-" || PT[i] == "fail" ? "-" : num(PT[i]))
        addpt(id "/pr", GB[i], PR[i] == "-" ? "-" : num(PR[i]))
        if (gt(MT[i]) || gt(MR[i])) capped[id] = capped[id] " " N[i]
        rows[id] = rows[id] " " i
    }
    for (k = 1; k <= nid; k++) if (cnt[order[k] "/mt"] >= 2) ngrow++
    if (ngrow) {
        print "\n### Growth\n"
        print "Growth exponents: least-squares slope of log(cost) against log(input bytes)"
        print "over the 10x, 100x and 1000x trees (for \"only\" rows, the bytes of the grown"
        print "part; the rest stays at the base size).  1 is linear, 2 quadratic.\n"
        print "| MTA | trees | mtaaudit time | mtaaudit RSS | reference time | reference RSS | mtaaudit step by step: time; RSS |"
        print "|---|---|---:|---:|---:|---:|---|"
        for (k = 1; k <= nid; k++) {
            id = order[k]
            if (cnt[id "/mt"] < 2) continue
            n = split(rows[id], ix, " "); steps = ""; rsteps = ""
            for (j = 2; j <= n; j++) {
                a = ix[j - 1]; b = ix[j]
                if (MT[a] == "fail" || MT[b] == "fail" || gt(MT[a])) continue
                lab = N[b]; sub(/.* /, "", lab); lab0 = N[a]; sub(/.* /, "", lab0)
                e = log(num(MT[b]) / num(MT[a])) / log(GB[b] / GB[a])
                steps = steps sprintf("%s%s->%s %s%.2f", steps == "" ? "" : ", ", lab0, lab, gt(MT[b]) ? ">= " : "", e)
                e = log(num(MR[b]) / num(MR[a])) / log(GB[b] / GB[a])
                rsteps = rsteps sprintf("%s%s%.2f", rsteps == "" ? "" : ", ", gt(MR[b]) ? ">= " : "", e)
            }
            st = slope(id "/mt"); sr = slope(id "/mr")
            pt = slope(id "/pt"); pr = slope(id "/pr")
            printf "| %s | %s | %s%s | %s%s | %s | %s | %s; %s |\n", title[idm[id]], slabel(id),
                capped[id] != "" ? ">= " : "", st == "" ? "-" : sprintf("%.2f", st),
                capped[id] != "" ? ">= " : "", sr == "" ? "-" : sprintf("%.2f", sr),
                pt == "" ? "-" : sprintf("%.2f", pt), pr == "" ? "-" : sprintf("%.2f", pr), steps, rsteps
            if (slabel(id) == "generated") {
                gst[idm[id]] = st; gsr[idm[id]] = sr; gcap[idm[id]] = capped[id]
                gsteps[idm[id]] = steps; grsteps[idm[id]] = rsteps
            }
        }
        for (k = 1; k <= nm; k++) if (gcap[morder[k]] != "")
            printf "\n(>=: %s %s hit the cap of %d s / %d MiB; the exponent shown is a lower bound.)\n", title[morder[k]], substr(gcap[morder[k]], 2), limit, memmb
    }

    # the goal, per MTA
    print "\n### Goal (DESIGN.md, Performance posture)"
    for (k = 1; k <= nm; k++) {
        m = morder[k]
        printf "\n%s:\n", title[m]
        faster = 0; slower = ""; both = 0
        for (i = 1; i <= nr; i++) {
            if (M[i] != m) continue
            if (MT[i] == "fail" || PT[i] == "fail" || PT[i] == "-" || (gt(MT[i]) && gt(PT[i]))) continue
            both++
            if (!gt(MT[i]) && (gt(PT[i]) || num(MT[i]) < num(PT[i]))) faster++
            else slower = slower sprintf("%s%s (%s)", slower == "" ? "" : ", ", N[i], fr(MT[i], PT[i]))
        }
        printf "- cheaper than %s on the same tree: %s (on %d of %d trees)%s\n", ref[m],
            faster == both ? "holds" : "does not hold", faster, both,
            slower == "" ? "" : "; slower on: " slower
        if (gst[m] == "")
            print "- linear growth: not measured (need two generated scales of 10x and up)"
        else
            printf "- linear growth (time exponent about 1, here <= 1.15): %s (exponent %s%.2f; steps %s)\n",
                (gcap[m] == "" && gst[m] <= 1.15) ? "holds" : "does not hold", gcap[m] != "" ? ">= " : "", gst[m], gsteps[m]
        # memory: RSS over input bytes at the largest generated tree that finished
        mi = 0
        for (i = 1; i <= nr; i++)
            if (M[i] == m && G[i] ~ /generated$/ && !gt(MR[i]) && MT[i] != "fail" && (mi == 0 || B[i] > B[mi])) mi = i
        if (mi) {
            mult = MR[mi] * 1024 / B[mi]
            printf "- memory within a small multiple of the input (<= 4x): %s (%s: %s peak RSS for %s bytes = %.1fx; RSS exponent %s%s%s%s)\n",
                (mult <= 4 && gcap[m] == "" && gsr[m] <= 1.15) ? "holds" : "does not hold", N[mi], fm(MR[mi]), big(B[mi]), mult,
                gcap[m] != "" ? ">= " : "", gsr[m] == "" ? "-" : sprintf("%.2f", gsr[m]), grsteps[m] == "" ? "" : ", steps ", grsteps[m]
        }
    }
    printf "\nThe benchmark took %d s.\n", elapsed
}' "$rows" | tee "${BENCH_MD:-/dev/null}"
