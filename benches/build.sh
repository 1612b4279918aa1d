#!/usr/bin/env bash
# Build benchmark: waymark against Hugo on the same synthetic help center.
#
#   benches/build.sh [N...]            # default: 1000 10000
#
# For each N, generates N articles with benches/gen_corpus.py (once; reused while N, the seed
# and the generator are unchanged), then builds the site with each tool RUNS times and
# reports the median wall time, the median CPU time (user + sys, less disturbed by other jobs
# than wall time), the peak RSS (the largest of the runs), the number of index.html files
# written, and the waymark/hugo ratios. Each run starts from an empty output directory.
#
# Environment:
#   WAYMARK=path     waymark binary (default: target/release/waymark)
#   BENCH_DIR=dir    corpora, outputs and results.tsv (default: target/bench)
#   RUNS=3           timed runs per tool and N (the median is reported)
#   WARMUP=0         untimed runs before those
#   TOOLS="waymark hugo"   which tools to run
#   SEED=20240611    corpus seed
#   BENCH_50K=1      also build 50,000 articles with waymark only and print the 50k/10k
#                    time ratio (target <= 5.5)
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GEN="$ROOT/benches/gen_corpus.py"
WAYMARK="${WAYMARK:-$ROOT/target/release/waymark}"
BENCH_DIR="${BENCH_DIR:-$ROOT/target/bench}"
RUNS="${RUNS:-3}"
WARMUP="${WARMUP:-0}"
TOOLS="${TOOLS:-waymark hugo}"
SEED="${SEED:-20240611}"
BENCH_50K="${BENCH_50K:-0}"
TIME_BIN=/usr/bin/time
RATIO_50K_TARGET=5.5

if (($# > 0)); then SIZES=("$@"); else SIZES=(1000 10000); fi
for n in "${SIZES[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "build.sh: N must be a positive integer, got '$n'" >&2; exit 2; }
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "build.sh: RUNS must be >= 1" >&2; exit 2; }
[[ $WARMUP =~ ^[0-9]+$ ]] || { echo "build.sh: WARMUP must be >= 0" >&2; exit 2; }

want_tool() { [[ " $TOOLS " == *" $1 "* ]]; }

# --- tools -------------------------------------------------------------------------------
missing=()
if want_tool hugo && ! command -v hugo >/dev/null 2>&1; then missing+=(hugo); fi
[[ -x $TIME_BIN ]] || missing+=(time)
if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "build.sh: installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "build.sh: missing ${missing[*]}; install it first: sudo apt-get install -y ${missing[*]}" >&2
  fi
fi
if [[ ! -x $TIME_BIN ]]; then
  echo "build.sh: $TIME_BIN (Debian package 'time') is required to measure wall time and RSS" >&2
  exit 1
fi
command -v python3 >/dev/null 2>&1 || { echo "build.sh: python3 is required" >&2; exit 1; }

have_hugo=0
if want_tool hugo; then
  if command -v hugo >/dev/null 2>&1; then have_hugo=1
  else echo "build.sh: hugo not found; skipping Hugo" >&2; fi
fi
have_waymark=0
if want_tool waymark || [[ $BENCH_50K == 1 ]]; then
  if [[ -x $WAYMARK ]]; then have_waymark=1
  else echo "build.sh: waymark binary not found at $WAYMARK (build it with 'cargo build --release' or set WAYMARK=); skipping waymark" >&2; fi
fi

mkdir -p "$BENCH_DIR"
RESULTS="$BENCH_DIR/results.tsv"
TIME_FILE="$BENCH_DIR/.time"
LOG_FILE="$BENCH_DIR/.log"

echo "== build benchmark: sizes ${SIZES[*]}, ${RUNS} timed run(s) + ${WARMUP} warm-up, $(nproc) cores"
((have_hugo)) && echo "   hugo:    $(hugo version | head -n 1)"
((have_waymark)) && echo "   waymark: $WAYMARK ($("$WAYMARK" --version 2>/dev/null || echo 'version unknown'))"
echo "   corpora and outputs in $BENCH_DIR"

# Timings on a 2-core machine are only meaningful when nothing else (cargo!) is running:
# sample the CPU for a second before each tool and warn when it is busy.
cpu_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat 2>/dev/null || echo "0 0"; }
check_idle() {
  local before after pct
  before="$(cpu_ticks)"
  sleep 1
  after="$(cpu_ticks)"
  pct="$(awk -v a="$before" -v b="$after" 'BEGIN {split(a, x, " "); split(b, y, " ");
    busy = y[1] - x[1]; idle = y[2] - x[2]; print (busy + idle > 0) ? int(100 * busy / (busy + idle)) : 0}')"
  if ((pct > 20)); then
    echo "   WARNING: the CPU is ${pct}% busy before this run; something else is running and timings will be noisy" >&2
  fi
}

# --- corpus ------------------------------------------------------------------------------
gen_hash="$(sha256sum "$GEN" | cut -c1-16)"

# corpus N FORMAT -> prints the site directory, generating it unless an identical one exists
corpus() {
  local n=$1 fmt=$2
  local dir="$BENCH_DIR/corpus-$n/$fmt" stamp="$BENCH_DIR/corpus-$n/$fmt.stamp"
  local want="n=$n format=$fmt seed=$SEED generator=$gen_hash"
  if [[ -f $stamp && $(<"$stamp") == "$want" && -d $dir/content ]]; then
    echo "   reusing $fmt corpus for N=$n" >&2
  else
    rm -rf "$dir" "$stamp"
    mkdir -p "$(dirname "$dir")"
    local t0=$SECONDS
    python3 "$GEN" "$n" "$dir" --format "$fmt" --seed "$SEED" --quiet || return 1
    echo "$want" >"$stamp"
    echo "   generated $fmt corpus for N=$n in $((SECONDS - t0)) s" >&2
  fi
  printf '%s\n' "$dir"
}

# --- measuring ---------------------------------------------------------------------------
declare -A T_MED=() CPU_MED=() RSS_MB=() PAGES=()

median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }

TRASH="$BENCH_DIR/.trash"
set_aside() {
  if [[ -e $1 ]]; then
    mkdir -p "$TRASH"
    mv "$1" "$TRASH/$(date +%s%N)"
  fi
}

# measure TOOL N OUT_DIR CMD... : runs CMD WARMUP+RUNS times with a clean OUT_DIR each time
measure() {
  local tool=$1 n=$2 out=$3
  shift 3
  local times=() rss=() cpus=() i wall kb usr sys
  check_idle
  for ((i = 0; i < WARMUP + RUNS; i++)); do
    # Every run starts from nothing: no output and no waymark staging folder kept from the
    # last run. Old folders are moved aside and deleted at the very end, because ext4 makes
    # creating files slow for a while after mass deletes, which would be charged to
    # whichever tool runs next.
    set_aside "$out"
    set_aside "$(dirname "$out")/.$(basename "$out").waymark-prev"
    if ! "$TIME_BIN" -f '%e %M %U %S' -o "$TIME_FILE" "$@" >"$LOG_FILE" 2>&1; then
      echo "build.sh: $tool failed at N=$n: $*" >&2
      tail -n 40 "$LOG_FILE" >&2
      return 1
    fi
    # GNU time puts "Command exited with non-zero status" first on failure only; keep the last line.
    read -r wall kb usr sys < <(tail -n 1 "$TIME_FILE")
    if ((i >= WARMUP)); then
      times+=("$wall")
      rss+=("$kb")
      cpus+=("$(awk -v u="$usr" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')")
    fi
  done
  if [[ -s $LOG_FILE ]]; then
    echo "   $tool printed $(wc -l <"$LOG_FILE") line(s) on its last run (see $LOG_FILE):" >&2
    head -n 5 "$LOG_FILE" | sed 's/^/     /' >&2
  fi
  local key="$n:$tool"
  T_MED[$key]="$(printf '%s\n' "${times[@]}" | median)"
  CPU_MED[$key]="$(printf '%s\n' "${cpus[@]}" | median)"
  RSS_MB[$key]="$(printf '%s\n' "${rss[@]}" | sort -g | tail -n 1 | awk '{printf "%.1f", $1 / 1024}')"
  if [[ -d $out ]]; then
    PAGES[$key]="$(find "$out" -name index.html -type f | wc -l)"
  else
    PAGES[$key]=0
  fi
  if [[ ${PAGES[$key]} == 0 ]]; then
    echo "   WARNING: $tool exited 0 but wrote no index.html into $out" >&2
  fi
  printf '   %-8s N=%-6s runs: %s s  -> median %s s (cpu %s s), peak RSS %s MB, %s pages\n' \
    "$tool" "$n" "${times[*]}" "${T_MED[$key]}" "${CPU_MED[$key]}" "${RSS_MB[$key]}" "${PAGES[$key]}"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$n" "$tool" \
    "${T_MED[$key]}" "${CPU_MED[$key]}" "${RSS_MB[$key]}" "${PAGES[$key]}" >>"$RESULTS"
}

run_waymark() {
  local n=$1 site
  site="$(corpus "$n" waymark)" || return 1
  measure waymark "$n" "$BENCH_DIR/out-$n-waymark" \
    "$WAYMARK" build --root "$site" --output "$BENCH_DIR/out-$n-waymark"
}

run_hugo() {
  local n=$1 site
  site="$(corpus "$n" hugo)" || return 1
  measure hugo "$n" "$BENCH_DIR/out-$n-hugo" \
    hugo --source "$site" --destination "$BENCH_DIR/out-$n-hugo" --quiet
}

status=0
for n in "${SIZES[@]}"; do
  echo "== N=$n"
  if want_tool waymark && ((have_waymark)); then run_waymark "$n" || status=1; fi
  if ((have_hugo)); then run_hugo "$n" || status=1; fi
done

# --- report ------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2fx", a / b; else print "-"}'; }

echo
printf '%8s  %-13s %14s %12s %13s %8s\n' N tool "median wall s" "median cpu s" "peak RSS MB" pages
for n in "${SIZES[@]}"; do
  for tool in waymark hugo; do
    key="$n:$tool"
    [[ -n ${T_MED[$key]:-} ]] || continue
    printf '%8s  %-13s %14s %12s %13s %8s\n' "$n" "$tool" "${T_MED[$key]}" "${CPU_MED[$key]}" \
      "${RSS_MB[$key]}" "${PAGES[$key]}"
  done
  if [[ -n ${T_MED[$n:waymark]:-} && -n ${T_MED[$n:hugo]:-} ]]; then
    if [[ ${PAGES[$n:waymark]} == 0 ]]; then
      printf '%8s  %-13s %s\n' "$n" "waymark/hugo" "(no ratio: waymark wrote no pages)"
      continue
    fi
    printf '%8s  %-13s %14s %12s %13s\n' "$n" "waymark/hugo" \
      "$(ratio "${T_MED[$n:waymark]}" "${T_MED[$n:hugo]}")" \
      "$(ratio "${CPU_MED[$n:waymark]}" "${CPU_MED[$n:hugo]}")" \
      "$(ratio "${RSS_MB[$n:waymark]}" "${RSS_MB[$n:hugo]}")"
  fi
done
if want_tool waymark && ((!have_waymark)); then
  echo "(no waymark figures: $WAYMARK is missing)"
fi

# --- 50k scaling check -------------------------------------------------------------------
if [[ $BENCH_50K == 1 ]]; then
  echo
  if ((!have_waymark)); then
    echo "BENCH_50K: skipped, waymark binary not found at $WAYMARK"
  else
    echo "== BENCH_50K: waymark only"
    if [[ -z ${T_MED[10000:waymark]:-} ]]; then run_waymark 10000 || status=1; fi
    run_waymark 50000 || status=1
    if [[ -n ${T_MED[10000:waymark]:-} && -n ${T_MED[50000:waymark]:-} ]]; then
      r="$(awk -v a="${T_MED[50000:waymark]}" -v b="${T_MED[10000:waymark]}" 'BEGIN {printf "%.2f", a / b}')"
      verdict="$(awk -v r="$r" -v t="$RATIO_50K_TARGET" 'BEGIN {print (r <= t) ? "OK" : "ABOVE TARGET"}')"
      printf '%8s  %-13s %14s %12s %13s %8s\n' 50000 waymark "${T_MED[50000:waymark]}" \
        "${CPU_MED[50000:waymark]}" "${RSS_MB[50000:waymark]}" "${PAGES[50000:waymark]}"
      echo "waymark 50k/10k time ratio: $r (target <= $RATIO_50K_TARGET): $verdict"
    fi
  fi
fi

echo
echo "results appended to $RESULTS"
rm -rf "$TRASH"
exit "$status"
