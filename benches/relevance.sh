#!/usr/bin/env bash
# Search relevance: waymark against Pagefind on the GitLab CS handbook and its 50 graded queries
# (../shared/corpora), then on a second corpus: npm's own documentation (installed with Node.js,
# `$(npm root -g)/npm/docs/content`) and the 40 queries of benches/search/npm-docs-queries.tsv,
# written from the documents before any engine ran on them. Prints top-1, top-3 and MRR@10
# overall and per kind, side by side, for each corpus.
#
#   benches/relevance.sh [--check] [--keep] [--verbose]
#
# --check exits 1 when waymark is behind Pagefind on any kind. See benches/search/relevance.mjs.
# Environment: WAYMARK=path (default: target/release/waymark, else target/debug/waymark).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v node >/dev/null 2>&1 || { echo "relevance.sh: node is required" >&2; exit 1; }
if [[ ! -x $ROOT/benches/search/node_modules/.bin/pagefind || ! -d $ROOT/benches/search/node_modules/playwright-core ]]; then
  echo "relevance.sh: installing the npm packages in benches/search"
  (cd "$ROOT/benches/search" && npm ci --no-audit --no-fund --loglevel=error)
fi
status=0
node "$ROOT/benches/search/relevance.mjs" "$@" || status=$?
NPM_DOCS="$(npm root -g 2>/dev/null)/npm/docs/content"
if [[ -d $NPM_DOCS ]]; then
  echo
  node "$ROOT/benches/search/relevance.mjs" --corpus "$NPM_DOCS" \
    --queries "$ROOT/benches/search/npm-docs-queries.tsv" "$@" || status=$?
else
  echo "relevance.sh: npm's documentation is not at $NPM_DOCS; the second corpus is skipped"
fi
exit "$status"
