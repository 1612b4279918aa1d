#!/usr/bin/env node
// Relevance harness: waymark's search against Pagefind on real help-center content.
//
//   node benches/search/relevance.mjs [--check] [--keep] [--corpus DIR] [--queries TSV] [--verbose]
//
// 1. Builds the GitLab CS handbook (../shared/corpora/gitlab-cs-handbook) with `waymark build`
//    in a temporary site (waymark.toml + content/ holding a copy of the handbook), the same way
//    tests/sites.rs does.
// 2. Runs Pagefind over that same HTML output twice: `pagefind --site public` and
//    `pagefind --site public --root-selector main --output-subdir pagefind-main`; the variant with
//    the better overall top-3 (then MRR@10) is the one compared.
// 3. For each query of gitlab-cs-handbook-queries.tsv, gets the top 10 URLs from each engine in
//    headless Chromium (waymark: its worker; Pagefind: its JS API), and from
//    `waymark search QUERY --json --limit 10 --root SITE` as a cross-check of the worker.
// 4. Maps URLs to handbook paths (a/b.md → /a/b/, a/index.md and a/_index.md → /a/), asserts
//    that every relevant path's page exists, and prints top-1, top-3 and MRR@10, overall and
//    per kind, side by side, then every query where the engines rank differently.
//
// --check: exit 1 when waymark is behind Pagefind on any kind (a lower top-3 rate, or the same
// top-3 and a lower MRR@10), 2 when waymark's search could not be measured at all.
// Summary figures are appended to BENCH_DIR/relevance-results.tsv (default target/bench).
// Queries are sent as typed (no trailing space: the last word is a prefix, as in the search box).
// Environment: WAYMARK (binary; default target/release/waymark, else target/debug/waymark).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  repo, here, waymarkBin, hasSearch, timed, serveDir, launch, openPage, withTimeout,
  startPagefind, startWaymark, query, summaryLine, findWorker,
} from './lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const CHECK = argv.includes('--check');
const KEEP = argv.includes('--keep');
const VERBOSE = argv.includes('--verbose');
const corporaDir = [path.join(repo, '../shared/corpora'), '/work/shared/corpora'].find((d) => fs.existsSync(d)) || path.join(repo, '../shared/corpora');
const CORPUS = path.resolve(opt('--corpus', path.join(corporaDir, 'gitlab-cs-handbook')));
const QUERIES = path.resolve(opt('--queries', path.join(corporaDir, 'gitlab-cs-handbook-queries.tsv')));
for (const f of [CORPUS, QUERIES]) {
  if (!fs.existsSync(f)) { console.error(`relevance: ${f} is not present`); process.exit(2); }
}
const log = (...a) => console.log(...a);

// --- queries and the path → URL mapping ---------------------------------------------------

const lines = fs.readFileSync(QUERIES, 'utf8').split('\n').filter((l) => l.trim());
const header = lines.shift().split('\t');
if (header.join('|') !== 'query|relevant_paths|kind') throw new Error(`unexpected header in ${QUERIES}: ${header}`);
const queries = lines.map((l) => {
  const [q, rel, kind] = l.split('\t');
  return { q, kind, relevant: rel.split(',').map((s) => s.trim()).filter(Boolean) };
});
const KINDS = [...new Set(queries.map((x) => x.kind))];

export function pathToUrl(p) {
  p = p.replace(/\\/g, '/').replace(/^\/+/, '');
  if (/(^|\/)_?index\.md$/.test(p)) return '/' + p.replace(/_?index\.md$/, '');
  return '/' + p.replace(/\.md$/, '') + '/';
}
export function normUrl(u) {
  if (!u) return '';
  let p = u.replace(/^[a-z]+:\/\/[^/]+/i, '').split(/[?#]/)[0];
  try { p = decodeURI(p); } catch { /* keep */ }
  p = p.replace(/\/index\.html$/, '/');
  if (!p.startsWith('/')) p = '/' + p;
  if (!p.endsWith('/') && !/\.[a-z0-9]+$/i.test(p)) p += '/';
  return p;
}

// --- build ----------------------------------------------------------------------------------

const bin = waymarkBin();
if (!bin) { console.error('relevance: no waymark binary (target/release/waymark or target/debug/waymark; or set WAYMARK)'); process.exit(2); }
const withSearch = hasSearch(bin);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-relevance-'));
const site = path.join(tmp, 'site');
const out = path.join(site, 'public');
let status = 0;
try {
  fs.mkdirSync(site, { recursive: true });
  fs.writeFileSync(path.join(site, 'waymark.toml'), 'title = "Handbook"\nbase_url = "https://example.com"\n');
  fs.cpSync(CORPUS, path.join(site, 'content'), { recursive: true });
  log(`== relevance: ${queries.length} queries (${KINDS.map((k) => `${queries.filter((x) => x.kind === k).length} ${k}`).join(', ')})`);
  log(`   corpus ${CORPUS}`);
  log(`   waymark ${bin}${withSearch ? '' : ' (no `search` command yet: Pagefind only)'}; site in ${site}`);
  const b = timed([bin, 'build', '--root', site]);
  log(`   waymark build: ${b.wall.toFixed(2)} s (${summaryLine(b.out)})`);
  const worker = findWorker(out);
  if (withSearch && !worker) log(`   WARNING: waymark has a search command but wrote no public/search/worker.*.js`);

  // Every relevant path must have its page.
  const missing = [];
  for (const x of queries) {
    for (const p of x.relevant) {
      const u = pathToUrl(p);
      if (!fs.existsSync(path.join(out, u, 'index.html'))) missing.push(`${p} → ${u}`);
    }
  }
  if (missing.length) throw new Error(`relevant pages missing from the output:\n  ${missing.join('\n  ')}`);
  log(`   all ${new Set(queries.flatMap((x) => x.relevant)).size} relevant paths map to pages of the output`);

  const pfBin = path.join(here, 'node_modules', '.bin', 'pagefind');
  const pfVariants = [
    { name: 'pagefind', base: '/pagefind/', args: [] },
    { name: 'pagefind --root-selector main', base: '/pagefind-main/', args: ['--root-selector', 'main', '--output-subdir', 'pagefind-main'] },
  ];
  for (const v of pfVariants) {
    const t = timed([pfBin, '--site', out, ...v.args]);
    v.pages = /Indexed (\d+) pages/.exec(t.out)?.[1];
    log(`   ${v.name}: ${t.wall.toFixed(2)} s, ${v.pages} pages indexed`);
  }

  // --- querying -------------------------------------------------------------------------------
  const runs = {}; // engine name -> [urls[] per query]
  const srv = await serveDir(out);
  const browser = await launch();
  try {
    const run = async (name, start) => {
      const { context, page, problems } = await openPage(browser, `${srv.url}/`);
      try {
        await withTimeout(start(page), 60_000, `${name} start`);
        const res = [];
        for (const x of queries) {
          const r = await withTimeout(query(page, x.q, 10), 60_000, `${name}: ${x.q}`);
          res.push({ urls: r.hits.map((h) => normUrl(h.url)), hits: r.hits, total: r.total, fuzzy: r.fuzzy });
        }
        for (const p of problems) log(`   ${name}: ${p}`);
        runs[name] = res;
      } finally {
        await context.close();
      }
    };
    for (const v of pfVariants) await run(v.name, (page) => startPagefind(page, v.base));
    if (withSearch && worker) await run('waymark', (page) => startWaymark(page, worker));
  } finally {
    await browser.close();
    await srv.stop();
  }

  // Native cross-check.
  let native = null;
  if (withSearch) {
    native = [];
    let failures = 0;
    for (const x of queries) {
      const r = spawnSync(bin, ['search', x.q, '--json', '--limit', '10', '--root', site], { encoding: 'utf8' });
      if (r.status !== 0) { failures++; native.push(null); if (failures <= 3) log(`   native search failed for "${x.q}": ${(r.stderr || '').trim().split('\n')[0]}`); continue; }
      native.push(nativeUrls(r.stdout));
    }
  }

  // --- scoring --------------------------------------------------------------------------------
  const rankOf = (x, urls) => {
    const rel = new Set(x.relevant.map(pathToUrl));
    const i = urls.slice(0, 10).findIndex((u) => rel.has(u));
    return i < 0 ? 0 : i + 1;
  };
  const score = (res) => {
    const by = {};
    for (const k of ['all', ...KINDS]) by[k] = { n: 0, top1: 0, top3: 0, mrr: 0 };
    queries.forEach((x, i) => {
      const r = rankOf(x, res[i].urls);
      for (const k of ['all', x.kind]) {
        by[k].n++;
        if (r === 1) by[k].top1++;
        if (r >= 1 && r <= 3) by[k].top3++;
        if (r) by[k].mrr += 1 / r;
      }
    });
    for (const k of Object.keys(by)) by[k].mrr /= by[k].n || 1;
    return by;
  };
  const scores = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, score(v)]));
  const better = (a, b) => (a.top3 !== b.top3 ? a.top3 > b.top3 : a.mrr > b.mrr);
  const pfBest = pfVariants.map((v) => v.name).filter((n) => scores[n])
    .reduce((best, n) => (best === null || better(scores[n].all, scores[best].all) ? n : best), null);

  const pct = (c, n) => `${c}/${n}`.padStart(5) + ` ${((100 * c) / (n || 1)).toFixed(0).padStart(3)}%`;
  const cells = (s) => (s ? `${pct(s.top1, s.n)}  ${pct(s.top3, s.n)}  ${s.mrr.toFixed(3)}` : '-'.padEnd(30));
  log('');
  for (const v of pfVariants) {
    const s = scores[v.name]?.all;
    if (s) log(`${v.name.padEnd(32)} top-1 ${pct(s.top1, s.n)}  top-3 ${pct(s.top3, s.n)}  MRR@10 ${s.mrr.toFixed(3)}${v.name === pfBest ? '   ← compared' : ''}`);
  }
  const W = scores.waymark;
  log('');
  log(`${'kind'.padEnd(9)} ${'n'.padStart(3)}  | ${'waymark: top-1       top-3       MRR@10'.padEnd(40)} | pagefind (${pfBest}): top-1 / top-3 / MRR@10`);
  for (const k of ['all', ...KINDS]) {
    const p = scores[pfBest][k];
    const w = W?.[k];
    let verdict = '';
    if (w) verdict = better(p, w) ? 'BEHIND' : better(w, p) ? 'ahead' : 'tie';
    log(`${k.padEnd(9)} ${String(p.n).padStart(3)}  | ${cells(w).padEnd(40)} | ${cells(p)}  ${verdict}`);
  }

  // Per-query differences.
  if (W) {
    log('\nqueries where the engines differ (rank of the first relevant page, 0 = not in the top 10;');
    log('+ waymark ranks it higher, - lower; the top 3 URLs of each and the number of hits):');
    queries.forEach((x, i) => {
      const rw = rankOf(x, runs.waymark[i].urls);
      const rp = rankOf(x, runs[pfBest][i].urls);
      if (rw === rp && !VERBOSE) return;
      const sign = rw === rp ? '=' : (rw === 0 ? 99 : rw) < (rp === 0 ? 99 : rp) ? '+' : '-';
      log(`${sign} [${x.kind}] "${x.q}"  waymark ${rw}  pagefind ${rp}   want ${x.relevant.map(pathToUrl).join(' ')}`);
      log(`     waymark:  ${runs.waymark[i].urls.slice(0, 3).join('  ') || '(none)'}${runs.waymark[i].fuzzy ? '  (fuzzy)' : ''}  [${runs.waymark[i].total} hits]`);
      log(`     pagefind: ${runs[pfBest][i].urls.slice(0, 3).join('  ') || '(none)'}  [${runs[pfBest][i].total} hits]`);
    });
    const empty = queries.filter((x, i) => !runs.waymark[i].urls.length).map((x) => x.q);
    if (empty.length) log(`\nwaymark returned nothing for: ${empty.map((q) => `"${q}"`).join(', ')}`);
  } else {
    log('\n(no waymark figures: its search has not landed in this binary)');
    if (VERBOSE) {
      queries.forEach((x, i) => log(`[${x.kind}] "${x.q}" pagefind rank ${rankOf(x, runs[pfBest][i].urls)}: ${runs[pfBest][i].urls.slice(0, 3).join('  ')}`));
    }
  }

  if (native && runs.waymark) {
    let mismatch = 0;
    const diffs = [];
    queries.forEach((x, i) => {
      const a = native[i], b = runs.waymark[i].urls;
      if (!a || a.join(' ') !== b.join(' ')) {
        mismatch++;
        if (diffs.length < 10) diffs.push(`   "${x.q}"\n     native:  ${a ? a.slice(0, 5).join(' ') : '(failed)'}\n     browser: ${b.slice(0, 5).join(' ')}`);
      }
    });
    log(`\nnative \`waymark search --json\` vs the browser worker: ${mismatch} of ${queries.length} queries differ in their top-10 URLs`);
    for (const d of diffs) log(d);
  }

  // Summary rows appended to BENCH_DIR/relevance-results.tsv.
  const benchDir = path.resolve(process.env.BENCH_DIR || path.join(repo, 'target/bench'));
  const tsv = path.join(benchDir, 'relevance-results.tsv');
  fs.mkdirSync(benchDir, { recursive: true });
  if (!fs.existsSync(tsv)) fs.writeFileSync(tsv, 'date\tengine\tkind\tn\ttop1\ttop3\tmrr10\n');
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const rows = [];
  for (const [engine, sc] of Object.entries(scores)) {
    for (const k of ['all', ...KINDS]) rows.push([now, engine, k, sc[k].n, sc[k].top1, sc[k].top3, sc[k].mrr.toFixed(4)].join('\t'));
  }
  fs.appendFileSync(tsv, rows.join('\n') + '\n');
  log(`\nresults appended to ${tsv}`);

  if (CHECK) {
    if (!W) { log('\n--check: waymark search could not be measured'); status = 2; }
    else {
      const behind = ['all', ...KINDS].filter((k) => better(scores[pfBest][k], W[k]));
      const why = (k) => `${k} (top-3 ${W[k].top3}/${W[k].n} vs ${scores[pfBest][k].top3}/${scores[pfBest][k].n}, MRR@10 ${W[k].mrr.toFixed(3)} vs ${scores[pfBest][k].mrr.toFixed(3)})`;
      if (behind.length) { log(`\n--check: waymark is behind Pagefind on: ${behind.map(why).join('; ')}`); status = 1; }
      else log('\n--check: waymark is not behind Pagefind on any kind');
    }
  }
} catch (e) {
  console.error(`relevance: ${e.stack || e}`);
  status = status || 1;
} finally {
  if (KEEP) log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);

/** URLs from `waymark search --json` output, whatever its exact shape (an array of hits, or an
 * object with `hits`/`results`; each hit a string or an object with `url`). */
function nativeUrls(stdout) {
  let j;
  try { j = JSON.parse(stdout); } catch {
    // one JSON object per line
    j = stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  }
  const hits = Array.isArray(j) ? j : j.hits || j.results || [];
  return hits.map((h) => normUrl(typeof h === 'string' ? h : h.url || h.path || ''));
}
