#!/usr/bin/env bash
# Times jindu against TaskJuggler and Hugo on the same generated plans, on this machine.
# See benches/README.md for what is compared and what is not equivalent.
#
#   benches/compare.sh [--sizes "1000 10000"] [--runs 5] [--quick] [more options, see --help]
#
# Per size N: examples/gen-plan writes a plan of N tasks (+ M metrics x D days of data) into
# a scratch folder. Untimed, benches/plan2tjp.py converts it to a TaskJuggler project and the
# notes are copied into a Hugo site (benches/hugo/). One run of each tool under
# /usr/bin/time checks that it works (exit status and output) and gives its peak memory;
# then hyperfine times the three commands:
#   jindu        $JINDU build PLAN -o SITE --force
#   taskjuggler  tj3 --silent --no-color -o DIR PLAN.tjp        (schedule + HTML Gantt report)
#   hugo         hugo --quiet --source SITE --destination DIR   (one page per note)
# and the script prints a Markdown summary (also written to WORK/summary.md).
set -euo pipefail

usage() {
    cat <<'EOF'
usage: benches/compare.sh [options]

  --sizes "N ..."    task counts to run, space- or comma-separated (default "1000 10000")
  --runs N           timed runs per command (default 5), after one warmup run
  --metrics M        metrics per plan (default 100)
  --days D           days of data per metric (default 365)
  --quick            smoke test: --sizes 200 --runs 2 --metrics 10 --days 90 (options
                     after it override it)
  --tj-max N         leave TaskJuggler out above N tasks (default: no limit)
  --tj-timeout S     give up on a TaskJuggler run after S seconds (default 1800); the size
                     and every larger one are then reported without TaskJuggler. A size
                     is not tried when the last smaller one predicts more than S seconds
                     (time grows about as tasks^1.5: 30 s at 1,000 tasks on 2 busy cores)
  --slow S           when TaskJuggler's checked run took more than S seconds (default 120)
                     it is not run again: its time is that single run (marked "1 run")
  --check            also compare tj3's task dates with jindu's (a status-free copy of each
                     plan, jindu at the plan's start date; plan2tjp.py --check)
  --work DIR         scratch folder (default: a new temporary folder, removed at the end)
  --keep             keep the scratch folder
  -h, --help         this help

Environment: JINDU (default ${CARGO_TARGET_DIR:-target}/release/jindu, built with cargo
when missing), GEN_PLAN (default examples/gen-plan next to it).
Needs hyperfine, tj3 (TaskJuggler), hugo, python3 with PyYAML, GNU time and timeout.
Debian: apt-get install hyperfine tj3 hugo python3-yaml time
EOF
}

die() { echo "compare.sh: $*" >&2; exit 1; }
need() { [ $# -ge 2 ] && [ -n "$2" ] || die "$1 takes a value (see --help)"; }

sizes="1000 10000" runs=5 metrics=100 days=365 tj_max=0 tj_timeout=1800 slow=120
check=0 work="" keep=0
while [ $# -gt 0 ]; do
    case $1 in
        --sizes) need "$@"; sizes=$2; shift ;;
        --sizes=*) sizes=${1#*=} ;;
        --runs) need "$@"; runs=$2; shift ;;
        --runs=*) runs=${1#*=} ;;
        --metrics) need "$@"; metrics=$2; shift ;;
        --days) need "$@"; days=$2; shift ;;
        --quick) sizes=200 runs=2 metrics=10 days=90 ;;
        --tj-max) need "$@"; tj_max=$2; shift ;;
        --tj-timeout) need "$@"; tj_timeout=$2; shift ;;
        --slow) need "$@"; slow=$2; shift ;;
        --check) check=1 ;;
        --work) need "$@"; work=$2; shift ;;
        --keep) keep=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
done
sizes=$(printf '%s\n' ${sizes//,/ } | sort -n -u | tr '\n' ' ')
for v in $sizes $runs $metrics $days $tj_max $tj_timeout $slow; do
    [[ $v =~ ^[0-9]+$ ]] || die "not a whole number: $v"
done
[ -n "${sizes// /}" ] || die "--sizes is empty"
[ "$runs" -ge 2 ] || die "--runs must be at least 2"
for n in $sizes; do [ "$n" -ge 1 ] || die "sizes start at 1 task"; done
# gen-plan's goals name metric m0, so a plan without metrics does not build.
[ "$metrics" -ge 1 ] || die "--metrics must be at least 1"

# Tools.
missing=()
for tool in hyperfine tj3 hugo python3 timeout; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
[ -x /usr/bin/time ] || missing+=("/usr/bin/time (GNU time)")
[ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]}
  Debian: apt-get install hyperfine tj3 hugo python3-yaml time coreutils"
python3 -c 'import yaml' 2>/dev/null || die "python3 has no yaml module (apt-get install python3-yaml)"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
# JINDU and GEN_PLAN are relative to the current folder, the default to the repository.
for v in JINDU GEN_PLAN; do
    if [ -n "${!v:-}" ] && [[ ${!v} != /* ]]; then
        printf -v "$v" '%s/%s' "$PWD" "${!v}"
    fi
done
cd "$repo"
jindu=${JINDU:-${CARGO_TARGET_DIR:-target}/release/jindu}
gen_plan=${GEN_PLAN:-$(dirname "$jindu")/examples/gen-plan}
if [ ! -x "$jindu" ] || [ ! -x "$gen_plan" ]; then
    if [ -n "${JINDU:-}" ] && [ ! -x "$jindu" ]; then
        die "JINDU=$JINDU is not an executable"
    fi
    echo "building jindu and gen-plan (cargo build --release --bin jindu --example gen-plan)" >&2
    cargo build --release --bin jindu --example gen-plan >&2
    [ -x "$jindu" ] || die "no $jindu after cargo build (set JINDU, or CARGO_TARGET_DIR as for cargo)"
    [ -x "$gen_plan" ] || die "no $gen_plan after cargo build (set GEN_PLAN)"
fi
jindu=$(cd "$(dirname "$jindu")" && pwd)/$(basename "$jindu")
gen_plan=$(cd "$(dirname "$gen_plan")" && pwd)/$(basename "$gen_plan")

# Scratch folder (hyperfine -N splits commands on spaces, so no spaces in it).
if [ -n "$work" ]; then
    mkdir -p "$work"
    work=$(cd "$work" && pwd)
else
    work=$(mktemp -d "${TMPDIR:-/tmp}/jindu-compare.XXXXXX")
    if [ "$keep" != 1 ]; then
        trap 'rm -rf "$work"' EXIT
        trap_set=1
    fi
fi
[[ $work != *[[:space:]]* ]] || die "the scratch folder may not contain spaces: $work"

echo "# jindu vs TaskJuggler vs Hugo"
echo
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
     "$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
commit=$(git -C "$repo" describe --always --dirty 2>/dev/null || true)
echo "- versions: $("$jindu" --version 2>/dev/null || echo jindu)${commit:+ ($commit)}, $(tj3 --version | head -1)," \
     "hugo $(hugo version | awk '{print $2}'), $(hyperfine --version)"
echo "- hyperfine: --warmup 1 --runs $runs; peak memory: one run under /usr/bin/time -f %M"
echo "- scratch: $work$([ -n "${trap_set:-}" ] && echo " (removed at the end; --keep keeps it)")"
echo

# run_once NAME LOG CMD...: one run under GNU time (and timeout); sets secs, rss_kb, status.
run_once() {
    local name=$1 log=$2
    shift 2
    status=0
    /usr/bin/time -o "$work/time.out" -f "%e %M" timeout --kill-after=10 "$tj_timeout" "$@" \
        >"$log" 2>&1 || status=$?
    read -r secs rss_kb < <(tail -1 "$work/time.out")
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        return 0
    fi
    if [ "$status" != 0 ]; then
        echo "compare.sh: $name failed (exit $status):" >&2
        tail -20 "$log" >&2
        exit 1
    fi
}

results=$work/results.tsv
: >"$results"
tj_off=""       # why TaskJuggler is left out of the remaining (larger) sizes
tj_prev_n=0 tj_prev_secs=0
for n in $sizes; do
    plan=$work/plan-$n
    site=$work/jindu-$n
    tjp=$work/plan-$n.tjp
    tjout=$work/tj3-$n
    hsite=$work/hugo-site-$n
    hout=$work/hugo-$n
    workload="$n tasks + $metrics metrics × $days days"
    echo "## $workload" >&2
    rm -rf "$plan" "$site" "$tjp" "$tjout" "$hsite" "$hout"

    # --- untimed preparation ---
    "$gen_plan" --tasks "$n" --metrics "$metrics" --days "$days" "$plan" >/dev/null
    notes=$(find "$plan" -name '*.md' | wc -l)
    python3 "$here/plan2tjp.py" "$plan" "$tjp" --report gantt 2>"$work/plan2tjp-$n.log" \
        || { cat "$work/plan2tjp-$n.log" >&2; die "plan2tjp.py failed on $plan"; }
    sed 's/^plan2tjp: /  tjp: /' "$work/plan2tjp-$n.log" >&2
    mkdir -p "$tjout"
    cp -r "$here/hugo" "$hsite"
    rm -rf "$hsite/content" "$hsite/resources" "$hsite/.hugo_build.lock"
    mkdir -p "$hsite/content"
    (cd "$plan" && find . -name '*.md' -exec cp --parents -t "$hsite/content" {} +)
    find "$hsite/content" -name index.md -execdir mv index.md _index.md \;
    [ -e "$hsite/content/_index.md" ] || mv "$hsite/content/plan.md" "$hsite/content/_index.md"

    jindu_cmd="$jindu build $plan -o $site --force"
    tj_cmd="tj3 --silent --no-color -o $tjout $tjp"
    hugo_cmd="hugo --quiet --source $hsite --destination $hout"

    # --- one checked run of each: works, output, peak memory ---
    run_once jindu "$work/jindu-$n.log" $jindu_cmd
    [ "$status" = 0 ] || die "jindu build took more than $tj_timeout s"
    [ -s "$site/index.html" ] || die "jindu wrote no $site/index.html"
    jindu_secs=$secs jindu_rss=$rss_kb
    jindu_pages=$(find "$site" -name '*.html' | wc -l)

    tj_state=run tj_secs="" tj_rss="" tj_size=0
    if [ "$tj_max" -gt 0 ] && [ "$n" -gt "$tj_max" ]; then
        tj_state="skipped: above --tj-max $tj_max"
    elif [ -n "$tj_off" ]; then
        tj_state="skipped: $tj_off"
    elif est=$(awk -v s="$tj_prev_secs" -v a="$tj_prev_n" -v b="$n" -v max="$tj_timeout" \
            'BEGIN { e = a ? s * (b / a) ^ 1.5 : 0; printf "%.0f", e; exit !(e > max) }'); then
        [ "$est" -ge 120 ] && est="$((est / 60)) min" || est="$est s"
        tj_state="skipped: about $est expected (${tj_prev_secs} s at $tj_prev_n tasks), over --tj-timeout $tj_timeout s"
    else
        [ "${est:-0}" -gt 0 ] && est=": about $est s expected" || est=""
        echo "  tj3: one checked run (may take a while$est) ..." >&2
        run_once taskjuggler "$work/tj3-$n.log" $tj_cmd
        if [ "$status" = 124 ] || { [ "$status" = 137 ] && [ "${secs%.*}" -ge $((tj_timeout - 1)) ]; }; then
            tj_state="skipped: no result within --tj-timeout $tj_timeout s"
            tj_off="timed out at $n tasks"
        elif [ "$status" = 137 ]; then
            tj_state="skipped: killed after $secs s at $((rss_kb / 1024)) MB (out of memory?)"
            tj_off="killed at $n tasks"
        else
            [ -f "$tjout/gantt.html" ] || die "tj3 wrote no $tjout/gantt.html (log: $work/tj3-$n.log)"
            tj_size=$(stat -c %s "$tjout/gantt.html")
            [ "$tj_size" -ge $((n * 1000)) ] \
                || die "tj3's $tjout/gantt.html has only $tj_size bytes for $n tasks"
            grep -qF "$(sed -n 's/^title: //p' "$(find "$plan" -name "t$((n - 1)).md" | head -1)")" \
                "$tjout/gantt.html" || die "the last task is not in tj3's $tjout/gantt.html"
            tj_secs=$secs tj_rss=$rss_kb tj_prev_n=$n tj_prev_secs=$secs
        fi
    fi

    run_once hugo "$work/hugo-$n.log" $hugo_cmd
    [ "$status" = 0 ] || die "hugo took more than $tj_timeout s"
    hugo_secs=$secs hugo_rss=$rss_kb
    hugo_pages=$(find "$hout" -name '*.html' | wc -l)
    [ "$hugo_pages" -ge "$notes" ] || die "hugo wrote $hugo_pages pages for $notes notes (log: $work/hugo-$n.log)"
    echo "  checked: jindu ${jindu_secs} s, $jindu_pages pages; tj3 ${tj_secs:-–} s" \
         "(${tj_state}); hugo ${hugo_secs} s, $hugo_pages pages; $notes notes" >&2

    # --- dates cross-check (optional, untimed) ---
    if [ "$check" = 1 ] && [ "$tj_state" = run ]; then
        flat=$work/check-$n
        rm -rf "$flat" && cp -r "$plan" "$flat"
        grep -rlE --include='*.md' '^kind: (task|milestone)' "$flat" \
            | xargs sed -i -e '/^status: /d' -e '/^progress: /d'
        sed -i '/^as_of: /d' "$flat/plan.md"
        start=$(sed -n 's/^start: //p' "$flat/plan.md")
        "$jindu" build "$flat" -o "$flat-site" --force --as-of "$start" >/dev/null
        python3 "$here/plan2tjp.py" "$flat" "$flat.tjp" --csv dates 2>/dev/null
        mkdir -p "$flat-tj3"
        timeout "$tj_timeout" tj3 --silent --no-color -o "$flat-tj3" "$flat.tjp" >"$flat-tj3.log" 2>&1 \
            || die "tj3 failed on $flat.tjp (log: $flat-tj3.log)"
        python3 "$here/plan2tjp.py" --check "$flat" "$flat-site/plan.json" "$flat-tj3/dates.csv" \
            | head -1 >"$work/check-$n.txt" || true
        echo "  dates: $(cat "$work/check-$n.txt")" >&2
    fi

    # --- timed runs ---
    # jindu's runs are full renders, like the other tools': its page manifest (beside the
    # output) is removed before each, so no page is taken from the run before.
    set -- -n jindu --prepare "rm -f $work/.jindu-$n.jindu-pages" "$jindu_cmd"
    tj_runs=$runs
    if [ "$tj_state" = run ]; then
        if awk -v s="$tj_secs" -v m="$slow" 'BEGIN { exit !(s > m) }'; then
            tj_runs=1
        else
            set -- "$@" -n taskjuggler --prepare true "$tj_cmd"
        fi
    fi
    set -- "$@" -n hugo --prepare true "$hugo_cmd"
    hyperfine -N --warmup 1 --runs "$runs" --export-markdown "$work/hyperfine-$n.md" \
        --export-json "$work/hyperfine-$n.json" "$@" >&2
    printf '%s\t' "$n" "$metrics" "$days" "$notes" "$jindu_pages" "$jindu_rss" "$tj_state" \
        "$tj_secs" "$tj_rss" "$tj_runs" "$tj_size" "$hugo_pages" "$hugo_rss" >>"$results"
    echo "$work/hyperfine-$n.json" >>"$results"
done

python3 - "$results" "$check" "$work" <<'PY' | tee "$work/summary.md"
import json, os, sys

results, check, work = sys.argv[1], sys.argv[2] == "1", sys.argv[3]


def t(mean, sd=None, runs=None):
    if mean is None:
        return "–"
    unit, scale = ("s", 1) if mean >= 1 else ("ms", 1000)
    digits = 2 if mean * scale < 10 else 1 if mean * scale < 100 else 0
    s = f"{mean * scale:.{digits}f}"
    if runs == 1:
        return f"{s} {unit} (1 run)"
    if sd is not None:
        s += f" ± {sd * scale:.{digits}f}"
    return f"{s} {unit}"


def mb(kb):
    return f"{int(kb) / 1024:.0f}" if kb else "–"


rows, notes = [], []
for line in open(results, encoding="utf-8"):
    (n, metrics, days, nnotes, jpages, jrss, tj_state, tj_secs, tj_rss, tj_runs, tj_size,
     hpages, hrss, js) = line.rstrip("\n").split("\t")
    r = {x["command"]: x for x in json.load(open(js))["results"]}
    jm, hm = r["jindu"]["mean"], r["hugo"]["mean"]
    if "taskjuggler" in r:
        tm, tsd, truns = r["taskjuggler"]["mean"], r["taskjuggler"]["stddev"], None
    elif tj_state == "run":
        tm, tsd, truns = float(tj_secs), None, 1
    else:
        tm = tsd = truns = None
        notes.append(f"{int(n):,} tasks: TaskJuggler {tj_state}.")
    work_txt = f"{int(n):,} tasks + {int(metrics):,} metrics × {int(days):,} days"
    rows.append([
        work_txt,
        t(jm, r["jindu"]["stddev"]),
        t(tm, tsd, truns),
        t(hm, r["hugo"]["stddev"]),
        f"{tm / jm:.0f}×" if tm else "–",
        f"{hm / jm:.2g}×",
        f"{mb(jrss)} / {mb(tj_rss)} / {mb(hrss)}",
        f"{jpages} / {'1 (' + str(round(int(tj_size) / 1e6, 1)) + ' MB)' if tj_size != '0' else '–'} / {hpages}",
    ])
    path = os.path.join(work, f"check-{n}.txt")
    if check and os.path.exists(path):
        notes.append(f"{int(n):,} tasks, dates tj3 vs jindu: " + open(path).read().strip())
head = ["Workload", "jindu", "TaskJuggler", "Hugo", "TaskJuggler ÷ jindu", "Hugo ÷ jindu",
        "Peak RSS MB (jindu / tj3 / Hugo)", "HTML pages (jindu / tj3 / Hugo)"]
print("| " + " | ".join(head) + " |")
print("|" + "|".join(" --- " for _ in head) + "|")
for row in rows:
    print("| " + " | ".join(row) + " |")
print()
print("Mean wall time ± standard deviation (hyperfine). jindu: load, check, schedule, metrics and")
print("the whole site, every page made again (its page manifest removed before each run);")
print("TaskJuggler: scheduling plus one HTML Gantt report; Hugo: one page per note from")
print("Markdown, no schedule or charts (benches/README.md).")
for note in notes:
    print(f"- {note}")
for line in open(results, encoding="utf-8"):
    n, js = line.split("\t")[0], line.rstrip("\n").split("\t")[-1]
    print(f"\n### hyperfine, {int(n):,} tasks\n")
    print(open(js[:-len(".json")] + ".md", encoding="utf-8").read().rstrip())
PY
