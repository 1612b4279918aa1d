#!/usr/bin/env bash
# Search benchmark: waymark's offline search against Pagefind, in headless Chromium.
#
#   benches/search.sh [N...]          # default: 1000 10000
#
# For each N: generates the corpus with benches/gen_corpus.py exactly as benches/build.sh does
# (shared with it under BENCH_DIR/corpus-N, reused while N, the seed and the generator are
# unchanged), builds it with `waymark build` and with Hugo + `pagefind --site`, serves each
# output with benches/search/serve.mjs and measures in Debian's /usr/bin/chromium:
# bytes and requests of the first query (cold), bytes per later query, and query latency.
# Prints a side-by-side table with waymark/pagefind ratios and the targets, and appends the
# figures to BENCH_DIR/search-results.tsv. See benches/search/bench.mjs for the details.
#
# Environment (also see bench.mjs):
#   WAYMARK=path     waymark binary (default: target/release/waymark, else target/debug/waymark)
#   BENCH_DIR=dir    corpora, outputs and results (default: target/bench)
#   SEED=20240611    corpus seed (the same default as build.sh)
#   ROUNDS=3         latency rounds of 50 queries
#   ENGINES="waymark pagefind"
#   REBUILD=0        reuse the outputs of the last run
#   WAIT_IDLE=600    wait up to this many seconds for an idle CPU (no cargo) before each step
#   RELEVANCE=1      also run benches/relevance.sh (the handbook relevance harness) at the end
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GEN="$ROOT/benches/gen_corpus.py"
BENCH_DIR="${BENCH_DIR:-$ROOT/target/bench}"
SEED="${SEED:-20240611}"
export BENCH_DIR

if (($# > 0)); then SIZES=("$@"); else SIZES=(1000 10000); fi
for n in "${SIZES[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "search.sh: N must be a positive integer, got '$n'" >&2; exit 2; }
done

for tool in node npm python3 hugo; do
  command -v "$tool" >/dev/null 2>&1 || { echo "search.sh: $tool is required (Debian: apt-get install -y ${tool/node/nodejs})" >&2; exit 1; }
done
[[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || { echo "search.sh: ${CHROMIUM:-/usr/bin/chromium} is required (apt-get install -y chromium)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || echo "search.sh: /usr/bin/time (Debian package 'time') is missing; peak RSS will not be measured" >&2

# npm packages (pagefind, playwright-core), pinned in benches/search/package-lock.json
if [[ ! -x $ROOT/benches/search/node_modules/.bin/pagefind || ! -d $ROOT/benches/search/node_modules/playwright-core ]]; then
  echo "search.sh: installing the npm packages in benches/search"
  (cd "$ROOT/benches/search" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- corpus (the same stamps as build.sh, so both share one corpus per N) ----------------------
gen_hash="$(sha256sum "$GEN" | cut -c1-16)"
corpus() {
  local n=$1 fmt=$2
  local dir="$BENCH_DIR/corpus-$n/$fmt" stamp="$BENCH_DIR/corpus-$n/$fmt.stamp"
  local want="n=$n format=$fmt seed=$SEED generator=$gen_hash"
  if [[ -f $stamp && $(<"$stamp") == "$want" && -d $dir/content ]]; then
    echo "   reusing $fmt corpus for N=$n"
  else
    rm -rf "$dir" "$stamp"
    mkdir -p "$(dirname "$dir")"
    local t0=$SECONDS
    python3 "$GEN" "$n" "$dir" --format "$fmt" --seed "$SEED" --quiet
    echo "$want" >"$stamp"
    echo "   generated $fmt corpus for N=$n in $((SECONDS - t0)) s"
  fi
}
mkdir -p "$BENCH_DIR"
for n in "${SIZES[@]}"; do
  corpus "$n" waymark
  corpus "$n" hugo
done

status=0
node "$ROOT/benches/search/bench.mjs" "${SIZES[@]}" || status=$?
if [[ ${RELEVANCE:-0} == 1 ]]; then
  "$ROOT/benches/relevance.sh" || status=$?
fi
exit "$status"
