#!/bin/sh
# run.sh - the Postfix part of the mtaaudit benchmark (make bench, issue 5).
#
# Compares "mtaaudit audit --format json" (every check) with Debian 12's
# "postconf -c DIR -n" on the same trees:
#
#   corpus      every non-templated Postfix main.cf / master.cf listed in
#               ../shared/corpus/SOURCES.md, each alone in a temporary root
#               (with an empty counterpart, since postconf needs main.cf)
#   generated   bench/gen-postfix-tree.sh at 1x (base), 10x, 100x, 1000x
#   parts       the same scales with only one part grown (main.cf, master.cf,
#               both, or the tables), to show where growth comes from
#               (mtaaudit only)
#   fleet       1,000 small roots: one mtaaudit with 1,000 PATHs against
#               1,000 postconf -n runs in a shell loop
#
# Mean times come from hyperfine, peak RSS from /usr/bin/time -v (one run).
# Every command first runs once under a time and memory cap; a command
# that exceeds it is reported as "> cap" and is not timed further.
#
# Environment (all optional):
#   MTAAUDIT       binary to measure (default ./mtaaudit)
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
# awk, and apt-get/dpkg-deb for scripts/postfix-pkg.sh.

set -eu
LC_ALL=C
export LC_ALL

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
MTAAUDIT=${MTAAUDIT:-$top/mtaaudit}
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
if [ "${BENCH_KEEP:-0}" = 1 ]; then
    echo "bench: keeping $tmp"
else
    trap 'rm -rf "$tmp"' EXIT
    trap 'rm -rf "$tmp"; exit 130' INT TERM
fi
rows=$tmp/rows.tsv
: >"$rows"

if ! pf=$(sh scripts/postfix-pkg.sh build/oracle 2>"$tmp/pkg.log"); then
    cat "$tmp/pkg.log" >&2
    echo "bench: cannot fetch Debian's postfix package" >&2
    exit 1
fi
POSTCONF=$pf/usr/sbin/postconf
PCLIB=$pf/usr/lib/postfix
pcver=$(dpkg-deb -f build/oracle/postfix_*.deb Version 2>/dev/null | head -n 1 || true)

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

# measure GROUP NAME SIZE-DIRS MTAAUDIT-CMD POSTCONF-CMD [GROWN-FILES] - one
# table row; GROWN-FILES (default: SIZE-DIRS) are the bytes growth is
# measured against
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
        # postconf finds its own libraries there; mtaaudit runs without it
        old_llp=${LD_LIBRARY_PATH-} had_llp=${LD_LIBRARY_PATH+set}
        export LD_LIBRARY_PATH="$PCLIB"
        # shellcheck disable=SC2086
        side $pcmd
        if [ "$had_llp" = set ]; then LD_LIBRARY_PATH=$old_llp; else unset LD_LIBRARY_PATH; fi
        p_mean=$s_mean p_rss2=$s_rss p_note=$s_note
    fi
    set +f
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$name" \
        "$(echo "$sz" | tr ' ' '\t')" "$gbytes" "$m_mean" "$p_mean" "$m_rss" "$p_rss2" \
        "$m_note${p_note:+${m_note:+; }postconf: $p_note}" >>"$rows"
    printf '  %-34s mtaaudit %-10s postconf %s\n' "$name" "$(fmt_t "$m_mean")" \
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

echo "bench: mtaaudit $("$MTAAUDIT" --version | awk '{print $2}') against postconf ${pcver:-?} (Debian 12); $(nproc) cores" >&2
echo "bench: caps per run: ${LIMIT} s, ${MEM_MB} MiB" >&2

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

# -------------------------------------------------------------- report
elapsed=$(($(date +%s) - start))
awk -F'\t' -v limit="$LIMIT" -v memmb="$MEM_MB" -v elapsed="$elapsed" \
    -v cores="$(nproc)" -v pcver="${pcver:-?}" \
    -v exim="$(grep -c 'MTA_EXIM,' audit/discover.c || true)" \
    -v sendmail="$(grep -c 'MTA_SENDMAIL,' audit/discover.c || true)" '
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
function big(n) {
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
{
    nr++; G[nr] = $1; N[nr] = $2; B[nr] = $3; L[nr] = $4; E[nr] = $5
    GB[nr] = $6; MT[nr] = $7; PT[nr] = $8; MR[nr] = $9; PR[nr] = $10; NOTE[nr] = $11
}
END {
    print ""
    printf "mtaaudit audit --format json (every check) vs postconf -c DIR -n (Postfix %s, Debian 12);\n", pcver
    printf "%d cores; mean of hyperfine runs, peak RSS of one /usr/bin/time -v run.\n", cores
    printf "ratio = mtaaudit time / postconf time (below 1: the audit is cheaper).\n\n"
    printf "| tree | bytes | lines | entries | mtaaudit | postconf -n | ratio | mtaaudit RSS | postconf RSS |\n"
    printf "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    last = ""
    for (i = 1; i <= nr; i++) {
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", N[i], big(B[i]),
            big(L[i]), big(E[i]), ft(MT[i]), ft(PT[i]), fr(MT[i], PT[i]),
            fm(MR[i]), fm(PR[i])
    }
    for (i = 1; i <= nr; i++) if (G[i] == "fleet")
        NOTE[i] = (NOTE[i] == "" ? "" : NOTE[i] "; ") "one mtaaudit process audits every root; postconf runs once per root (its RSS is the largest single run)"
    notes = 0
    for (i = 1; i <= nr; i++) if (NOTE[i] != "") {
        if (!notes++) print "\nNotes:"
        printf "- %s: %s\n", N[i], NOTE[i]
    }

    # growth: generated and one-part rows at 10x and up
    for (i = 1; i <= nr; i++) {
        if (G[i] == "corpus" || G[i] == "fleet") continue
        sc = N[i]; sub(/.* /, "", sc); sub(/x$/, "", sc)
        if (sc + 0 < 10) continue
        id = G[i]
        if (!(id in seen)) { seen[id] = 1; order[++nid] = id }
        addpt(id "/mt", GB[i], num(MT[i])); addpt(id "/mr", GB[i], num(MR[i]))
        addpt(id "/pt", GB[i], PT[i] == "-" ? "-" : num(PT[i])); addpt(id "/pr", GB[i], PR[i] == "-" ? "-" : num(PR[i]))
        if (gt(MT[i]) || gt(MR[i])) capped[id] = capped[id] " " N[i]
        rows[id] = rows[id] " " i
    }
    for (k = 1; k <= nid; k++) if (cnt[order[k] "/mt"] >= 2) ngrow++
    if (ngrow) {
        print "\nGrowth exponents: least-squares slope of log(cost) against log(input bytes)"
        print "over the 10x, 100x and 1000x trees (for \"only\" rows, the bytes of the grown"
        print "part; the rest stays at the base size).  1 is linear, 2 quadratic.\n"
        print "| trees | mtaaudit time | mtaaudit RSS | postconf time | postconf RSS | mtaaudit step by step: time; RSS |"
        print "|---|---:|---:|---:|---:|---|"
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
            if (id == "generated") { gsteps = steps; grsteps = rsteps }
            steps = steps "; " rsteps
            st = slope(id "/mt"); sr = slope(id "/mr")
            pt = slope(id "/pt"); pr = slope(id "/pr")
            label = id; sub(/^part-/, "only ", label); sub(/ config$/, " main.cf+master.cf", label)
            sub(/ main$/, " main.cf", label); sub(/ master$/, " master.cf", label)
            printf "| %s | %s%s | %s%s | %s | %s | %s |\n", label,
                capped[id] != "" ? ">= " : "", st == "" ? "-" : sprintf("%.2f", st),
                capped[id] != "" ? ">= " : "", sr == "" ? "-" : sprintf("%.2f", sr),
                pt == "" ? "-" : sprintf("%.2f", pt), pr == "" ? "-" : sprintf("%.2f", pr), steps
            if (id == "generated") { gst = st; gsr = sr; gcap = capped[id] }
        }
        if (gcap != "")
            printf "\n(>=: %s hit the cap of %d s / %d MiB; the exponent shown is a lower bound.)\n", substr(gcap, 2), limit, memmb
    }

    # the goal
    print "\nGoal (DESIGN.md, Performance posture):"
    faster = 0; slower = ""; both = 0
    for (i = 1; i <= nr; i++) {
        if (MT[i] == "fail" || PT[i] == "fail" || PT[i] == "-" || (gt(MT[i]) && gt(PT[i]))) continue
        both++
        if (!gt(MT[i]) && (gt(PT[i]) || num(MT[i]) < num(PT[i]))) faster++
        else slower = slower sprintf("%s%s (%s)", slower == "" ? "" : ", ", N[i], fr(MT[i], PT[i]))
    }
    printf "- cheaper than postconf -n on the same tree: %s (on %d of %d trees)%s\n",
        faster == both ? "holds" : "does not hold", faster, both,
        slower == "" ? "" : "; slower on: " slower
    if (gst == "")
        print "- linear growth: not measured (need two generated scales of 10x and up)"
    else
        printf "- linear growth (time exponent about 1, here <= 1.15): %s (exponent %s%.2f; steps %s)\n",
            (gcap == "" && gst <= 1.15) ? "holds" : "does not hold", gcap != "" ? ">= " : "", gst, gsteps
    # memory: RSS over input bytes at the largest generated tree that finished
    mi = 0
    for (i = 1; i <= nr; i++)
        if (G[i] == "generated" && !gt(MR[i]) && MT[i] != "fail" && (mi == 0 || B[i] > B[mi])) mi = i
    if (mi) {
        mult = MR[mi] * 1024 / B[mi]
        printf "- memory within a small multiple of the input (<= 4x): %s (%s: %s peak RSS for %s bytes = %.1fx; RSS exponent %s%s%s%s)\n",
            (mult <= 4 && gcap == "" && gsr <= 1.15) ? "holds" : "does not hold", N[mi], fm(MR[mi]), big(B[mi]), mult,
            gcap != "" ? ">= " : "", gsr == "" ? "-" : sprintf("%.2f", gsr), grsteps == "" ? "" : ", steps ", grsteps
    }
    print ""
    if (exim + 0 == 0)
        print "Exim: not measured - mtaaudit has no Exim reader yet (issue 5 covers it once it lands)."
    if (sendmail + 0 == 0)
        print "Sendmail: not measured - mtaaudit has no Sendmail reader yet (issue 5 covers it once it lands)."
    printf "\nThe benchmark took %d s.\n", elapsed
}' "$rows" | tee "${BENCH_MD:-/dev/null}"
