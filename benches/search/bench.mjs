#!/usr/bin/env node
// Search benchmark: waymark's offline search against Pagefind on the same generated help center.
// Run it through benches/search.sh (which generates the corpora and installs the npm packages).
//
//   node benches/search/bench.mjs [N...]        # default: 1000 10000
//
// For each N (corpora in BENCH_DIR/corpus-N/{waymark,hugo}, as benches/build.sh makes them):
//   build    waymark build (pages + search index) | hugo, then pagefind --site <hugo output>
//            (wall time and peak RSS under GNU time)
//   serve    each output with serve.mjs (Range, gzip 6, keep-alive, bytes counted at the socket)
//   COLD     fresh Chromium context: open the home page, start the engine and run query 1 until
//            the top 10 results with titles, urls and excerpts are there → bytes and requests
//            under /search/ (waymark) or /pagefind/ (Pagefind)
//   LATER    20 more queries in the same page → bytes per query (median, p95)
//   REVISIT  a returning visitor: a new page in the same browser (HTTP cache warm), a query not
//            asked before → bytes
//   NEWPAGE  three more queries, each on a new page of the same browser → bytes, requests
//            (VALIDATORS=last-modified serves without ETags, with a fresh Last-Modified)
//   LATENCY  fresh context, engine loaded: 50 queries × ROUNDS rounds, performance.now() around
//            one query → p50/p95 of the first round (first time) and of the others (repeated)
// Prints the figures side by side with waymark/pagefind ratios and the targets, and appends
// them to BENCH_DIR/search-results.tsv.
//
// Environment: WAYMARK (binary; default target/release/waymark, else target/debug/waymark),
// BENCH_DIR (default target/bench), ROUNDS (3), ENGINES ("waymark pagefind"),
// REBUILD=0 (reuse BENCH_DIR/search/{waymark,hugo}-N when present), NO_RANGE=1 (serve without
// Range support), VERBOSE=1 (print every request of the cold query), WAIT_IDLE=600 (before each
// build and each engine's browser runs, wait up to this many seconds for cargo/rustc to finish
// and the CPU to be idle; 0 = never wait; a warning is printed when it was still busy).
import fs from 'node:fs';
import path from 'node:path';
import {
  repo, here, waymarkBin, hasSearch, timed, serveDir, launch, openPage, withTimeout,
  startPagefind, startWaymark, query, summaryLine, timeQueries, findWorker, compressedSizes, dirSize,
  quantile, median, cargoBusy, cpuBusy,
} from './lib.mjs';

const BENCH_DIR = path.resolve(process.env.BENCH_DIR || path.join(repo, 'target/bench'));
const ROUNDS = Number(process.env.ROUNDS || 3);
const ENGINES = (process.env.ENGINES || 'waymark pagefind').split(/\s+/).filter(Boolean);
const REBUILD = process.env.REBUILD !== '0';
const RANGE = process.env.NO_RANGE !== '1';
const VERBOSE = process.env.VERBOSE === '1';
const WAIT_IDLE = Number(process.env.WAIT_IDLE ?? 600);
const SIZES = process.argv.slice(2).length ? process.argv.slice(2).map(Number) : [1000, 10000];
if (SIZES.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error('bench.mjs: N must be positive integers');
  process.exit(2);
}

// Queries: words and phrases of benches/gen_corpus.py's vocabulary that occur in the generated
// articles (rare, common, one and two words). Query 1 is the cold query, 2..21 the later ones,
// 22 the revisit query; the latency run uses all 50.
const QUERIES = [
  'password reset',
  // later (20)
  'refund', 'webhook signature', 'invoice', 'okta', 'csv import', 'rate limit', 'proration',
  'quiet hours', 'audit log', 'recovery codes', 'dashboard', 'zapier', 'data residency',
  'biometric', 'credit note', 'salesforce sync', 'offline mode', 'unprocessable',
  'field mapping', 'exponential backoff',
  // latency only (29 more)
  'seats', 'timeout', 'jira', 'chrome', 'signing secret', 'billing contact', 'purchase order',
  'retention', 'verified domain', 'scheduled report', 'push notification', 'android',
  'ip allowlist', 'provisioning', 'display name', 'access token', 'pagination',
  'google workspace', 'microsoft teams', 'hubspot', 'approval step', 'custom role',
  'guest access', 'login loop', 'browser cache', 'duplicate detection', 'tax id',
  'free trial', 'security key',
];
const COLD_Q = QUERIES[0];
const LATER_Q = QUERIES.slice(1, 21);
const REVISIT_Q = QUERIES[21];
// Each on a page of its own (a visitor who searches, reads, comes back and searches again).
const NEWPAGE_Q = QUERIES.slice(22, 25);
if (QUERIES.length !== 50 || new Set(QUERIES).size !== 50) throw new Error('need 50 distinct queries');

const PREFIX = { waymark: '/search/', pagefind: '/pagefind/' };
const fmtKB = (b) => (Number.isFinite(b) ? (b / 1024).toFixed(1) : '-');
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);

function log(...a) { console.log(...a); }

/** Waits (up to WAIT_IDLE seconds) until no cargo/rustc runs and the CPU is mostly idle. */
async function waitIdle(what) {
  const deadline = Date.now() + WAIT_IDLE * 1000;
  let said = false;
  for (;;) {
    const busy = await cpuBusy(1000);
    if (!cargoBusy() && busy <= 20) return;
    if (Date.now() >= deadline) return;
    if (!said) { log(`   waiting for an idle CPU before ${what} (${busy}% busy${cargoBusy() ? ', cargo/rustc running' : ''}; up to ${WAIT_IDLE} s)`); said = true; }
    await new Promise((r) => setTimeout(r, 4000));
  }
}

// --- builds ------------------------------------------------------------------------------------

function corpusDir(n, fmt) {
  const d = path.join(BENCH_DIR, `corpus-${n}`, fmt);
  if (!fs.existsSync(path.join(d, 'content'))) {
    throw new Error(`${d} is missing: run benches/search.sh (it generates the corpora like build.sh)`);
  }
  return d;
}

function rmrf(p) { fs.rmSync(p, { recursive: true, force: true }); }

function buildWaymark(n, bin) {
  const out = path.join(BENCH_DIR, 'search', `waymark-${n}`);
  if (!REBUILD && findWorker(out)) { log(`   waymark N=${n}: reusing ${out}`); return { out }; }
  rmrf(out);
  rmrf(path.join(path.dirname(out), `.${path.basename(out)}.waymark-prev`));
  const t = timed([bin, 'build', '--root', corpusDir(n, 'waymark'), '--output', out]);
  log(`   waymark build N=${n}: ${fmt(t.wall, 2)} s, peak RSS ${fmt(t.rssMB)} MB  (${summaryLine(t.out)})`);
  return { out, build: t };
}

function buildPagefind(n) {
  const out = path.join(BENCH_DIR, 'search', `hugo-${n}`);
  if (!REBUILD && fs.existsSync(path.join(out, 'pagefind', 'pagefind.js'))) {
    log(`   hugo+pagefind N=${n}: reusing ${out}`);
    return { out };
  }
  rmrf(out);
  const h = timed(['hugo', '--source', corpusDir(n, 'hugo'), '--destination', out, '--quiet']);
  log(`   hugo build N=${n}: ${fmt(h.wall, 2)} s, peak RSS ${fmt(h.rssMB)} MB`);
  const pfBin = path.join(here, 'node_modules', '.bin', 'pagefind');
  const p = timed([pfBin, '--site', out]);
  const pages = /Indexed (\d+) pages/.exec(p.out)?.[1];
  log(`   pagefind --site N=${n}: ${fmt(p.wall, 2)} s, peak RSS ${fmt(p.rssMB)} MB, ${pages} pages indexed`);
  return { out, hugo: h, build: p, pages };
}

// --- browser scenarios -------------------------------------------------------------------------

async function startEngine(engine, page, site) {
  if (engine === 'pagefind') return withTimeout(startPagefind(page), 60_000, 'pagefind init');
  return withTimeout(startWaymark(page, site.worker), 60_000, 'waymark worker ready');
}

function checkHits(engine, q, r, site, notes) {
  if (!r.hits.length) { notes.push(`${engine}: no results for "${q}"`); return; }
  const seen = new Set();
  for (const h of r.hits) {
    if (!h.url) notes.push(`${engine}: "${q}": a hit without url`);
    if (!h.title) notes.push(`${engine}: "${q}": ${h.url} has no title`);
    if (!h.excerpt) notes.push(`${engine}: "${q}": ${h.url} has no excerpt/summary`);
    if (engine === 'waymark' && /<[a-z/]/i.test(h.title + h.excerpt)) notes.push(`waymark: "${q}": ${h.url}: markup in title/snippet text`);
    if (seen.has(h.url)) notes.push(`${engine}: "${q}": ${h.url} listed twice`);
    seen.add(h.url);
    if (h.url && site.dir) {
      const p = decodeURIComponent(h.url.replace(/^https?:\/\/[^/]+/, '').split(/[?#]/)[0]);
      const f = path.join(site.dir, p.endsWith('/') ? p + 'index.html' : p);
      if (!fs.existsSync(f) && !fs.existsSync(path.join(site.dir, p, 'index.html'))) notes.push(`${engine}: "${q}": ${h.url} does not exist in the output`);
    }
  }
  if (r.hits.length < 10 && r.total > r.hits.length) notes.push(`${engine}: "${q}": ${r.hits.length} hits shown of ${r.total}`);
}

const sumLog = (entries, prefix) => entries.filter((e) => e.path.startsWith(prefix))
  .reduce((a, e) => ({ bytes: a.bytes + e.bytes, requests: a.requests + 1 }), { bytes: 0, requests: 0 });

async function coldAndLater(browser, engine, site, srv, notes) {
  await srv.reset();
  const { context, page, problems } = await openPage(browser, `${srv.url}/`);
  try {
    const pageLog = (await srv.log()).log;
    const preloaded = sumLog(pageLog, PREFIX[engine]);
    if (preloaded.requests) notes.push(`${engine}: the page itself fetched ${preloaded.requests} file(s) under ${PREFIX[engine]} while loading (counted in cold)`);
    const pageBytes = pageLog.reduce((a, e) => a + e.bytes, 0);
    const t0 = performance.now();
    const start = await startEngine(engine, page, site);
    const r = await withTimeout(query(page, COLD_Q, 10), 60_000, `cold query ${COLD_Q}`);
    const coldMs = performance.now() - t0;
    checkHits(engine, COLD_Q, r, site, notes);
    const full = (await srv.log()).log;
    const cold = sumLog(full, PREFIX[engine]);
    const other = full.slice(pageLog.length).filter((e) => !e.path.startsWith(PREFIX[engine]) && e.path !== '/favicon.ico');
    if (other.length) notes.push(`${engine}: cold query also fetched ${other.map((e) => e.path).join(', ')} (not counted)`);
    if (VERBOSE) {
      for (const e of full.filter((x) => x.path.startsWith(PREFIX[engine]))) {
        log(`      ${engine} cold: ${e.status} ${e.path} ${e.range ? 'range ' + e.range : ''}${e.gzip ? ' gzip' : ''} ${e.bytes} B`);
      }
    }
    const later = [];
    for (const q of LATER_Q) {
      await srv.reset();
      const lr = await withTimeout(query(page, q, 10), 60_000, `query ${q}`);
      checkHits(engine, q, lr, site, notes);
      const l = (await srv.log()).log;
      const s = sumLog(l, PREFIX[engine]);
      later.push({ q, bytes: s.bytes, requests: s.requests, ms: lr.ms, total: lr.total, top: lr.hits[0]?.url });
      if (VERBOSE) log(`      ${engine} later "${q}": ${s.bytes} B in ${s.requests} req, ${lr.total} hits, ${fmt(lr.ms)} ms`);
    }
    // A returning visitor: a new page in the same browser (HTTP cache warm), a new query.
    const page2 = await context.newPage();
    await page2.goto(`${srv.url}/`, { waitUntil: 'load' });
    await srv.reset();
    await startEngine(engine, page2, site);
    await withTimeout(query(page2, REVISIT_Q, 10), 60_000, `revisit query ${REVISIT_Q}`);
    const revisit = sumLog((await srv.log()).log, PREFIX[engine]);
    let newPages = { bytes: 0, requests: 0 };
    for (const q of NEWPAGE_Q) {
      const p = await context.newPage();
      await p.goto(`${srv.url}/`, { waitUntil: 'load' });
      await srv.reset();
      await startEngine(engine, p, site);
      await withTimeout(query(p, q, 10), 60_000, `new-page query ${q}`);
      const s = sumLog((await srv.log()).log, PREFIX[engine]);
      newPages = { bytes: newPages.bytes + s.bytes, requests: newPages.requests + s.requests };
      await p.close();
    }
    for (const p of problems) notes.push(`${engine}: ${p}`);
    return {
      newPagesBytes: newPages.bytes, newPagesRequests: newPages.requests,
      revisitBytes: revisit.bytes, revisitRequests: revisit.requests,
      pageBytes, coldBytes: cold.bytes, coldRequests: cold.requests, coldMs, initMs: start.ms,
      coldTotal: r.total, coldTop: r.hits.slice(0, 3).map((h) => h.url), later,
    };
  } finally {
    await context.close();
  }
}

async function latency(browser, engine, site, srv) {
  const { context, page } = await openPage(browser, `${srv.url}/`);
  try {
    await startEngine(engine, page, site);
    const rounds = [];
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push(await withTimeout(timeQueries(page, QUERIES, 10), 300_000, `latency round ${i + 1}`));
    }
    const first = rounds[0];
    const rep = rounds.slice(1).flat();
    return {
      firstP50: median(first), firstP95: quantile(first, 0.95), firstMax: Math.max(...first),
      repP50: median(rep), repP95: quantile(rep, 0.95), repMax: rep.length ? Math.max(...rep) : NaN,
    };
  } finally {
    await context.close();
  }
}

// --- wasm sizes ----------------------------------------------------------------------------------

function wasmSizes(engine, out) {
  if (engine === 'waymark') {
    const dir = path.join(out, 'search');
    const w = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.wasm')) : [];
    if (!w.length) return null;
    return { file: `search/${w[0]}`, ...compressedSizes(fs.readFileSync(path.join(dir, w[0]))) };
  }
  const f = path.join(out, 'pagefind', 'wasm.en.pagefind');
  const g = fs.existsSync(f) ? f : path.join(out, 'pagefind', 'wasm.unknown.pagefind');
  if (!fs.existsSync(g)) return null;
  return { file: path.relative(out, g), ...compressedSizes(fs.readFileSync(g)) };
}

// --- main ----------------------------------------------------------------------------------------

const bin = waymarkBin();
const waymarkReady = hasSearch(bin);
let engines = ENGINES;
if (engines.includes('waymark') && !waymarkReady) {
  log(`note: ${bin ?? 'no waymark binary'} has no \`search\` command yet; measuring Pagefind only`);
  engines = engines.filter((e) => e !== 'waymark');
}
log(`== search benchmark: sizes ${SIZES.join(' ')}, engines ${engines.join(' ')}, ${ROUNDS} latency rounds, ${RANGE ? 'Range' : 'no Range'}, validators: ${process.env.VALIDATORS === 'last-modified' ? 'a fresh Last-Modified only' : 'strong ETag'}`);
if (engines.includes('waymark')) log(`   waymark: ${bin}`);
log(`   pagefind: ${JSON.parse(fs.readFileSync(path.join(here, 'node_modules/pagefind/package.json'), 'utf8')).version}, chromium: ${process.env.CHROMIUM || '/usr/bin/chromium'}`);
if (cargoBusy()) log('   WARNING: cargo/rustc is running; timings will be noise on this machine');

const results = {};
const notes = [];
const browser = await launch();
log(`   chromium ${browser.version()}`);
let status = 0;
try {
  for (const n of SIZES) {
    log(`== N=${n}`);
    const R = (results[n] = {});
    for (const engine of engines) {
      try {
        await waitIdle(`${engine} N=${n} build`);
        const b = engine === 'waymark' ? buildWaymark(n, bin) : buildPagefind(n);
        const site = { dir: b.out };
        if (engine === 'waymark') {
          site.worker = findWorker(b.out);
          if (!site.worker) throw new Error(`no search/worker.*.js in ${b.out}`);
        }
        const idx = dirSize(path.join(b.out, engine === 'waymark' ? 'search' : 'pagefind'));
        await waitIdle(`${engine} N=${n} browser runs`);
        const busy = await cpuBusy();
        if (busy > 20 || cargoBusy()) {
          const msg = `${engine} N=${n}: the CPU was ${busy}% busy${cargoBusy() ? ' (cargo/rustc running)' : ''} before the browser runs; timings will be noisy`;
          log(`   WARNING: ${msg}`);
          notes.push(msg);
        }
        const srv = await serveDir(b.out, { range: RANGE });
        try {
          const c = await coldAndLater(browser, engine, site, srv, notes);
          const l = await latency(browser, engine, site, srv);
          R[engine] = { ...b, idx, ...c, ...l, wasm: wasmSizes(engine, b.out) };
        } finally {
          await srv.stop();
        }
        const e = R[engine];
        log(`   ${engine}: cold ${fmtKB(e.coldBytes)} KB / ${e.coldRequests} req / ${fmt(e.coldMs, 0)} ms (start ${fmt(e.initMs, 0)} ms) (${e.coldTotal} hits, top ${e.coldTop[0]}); later median ${fmtKB(median(e.later.map((x) => x.bytes)))} KB; p95 first ${fmt(e.firstP95)} ms, repeated ${fmt(e.repP95)} ms`);
      } catch (err) {
        status = 1;
        log(`   ${engine} N=${n} FAILED: ${err.stack || err}`);
      }
    }
  }
} finally {
  await browser.close();
}

// --- report ----------------------------------------------------------------------------------------

const rows = []; // [N, metric, waymark, pagefind, ratio, target, verdict]
for (const n of SIZES) {
  const w = results[n].waymark || {};
  const p = results[n].pagefind || {};
  const lb = (e, f) => (e.later ? f(e.later.map((x) => x.bytes)) : NaN);
  const lr = (e) => (e.later ? median(e.later.map((x) => x.requests)) : NaN);
  const add = (metric, a, b, unit, target, check) => {
    const r = ratio(a, b);
    let verdict = '';
    if (check === 'ratio' && Number.isFinite(r)) verdict = r <= target ? 'OK' : 'MISS';
    if (check === 'abs' && Number.isFinite(a)) verdict = a <= target ? 'OK' : 'MISS';
    rows.push({ n, metric, unit, a, b, r, target: check === 'ratio' ? `<= ${target.toFixed(2)}x` : check === 'abs' ? `<= ${target} ${unit}` : '', verdict });
  };
  add('build: wall (waymark incl. index | pagefind indexing)', w.build?.wall, p.build?.wall, 's');
  add('build: peak RSS (waymark | pagefind)', w.build?.rssMB, p.build?.rssMB, 'MB');
  if (p.hugo) add('build: wall waymark | hugo + pagefind', w.build?.wall, p.hugo.wall + p.build.wall, 's');
  add('index on disk', w.idx?.bytes / 1024, p.idx?.bytes / 1024, 'KB');
  add('index files', w.idx?.files, p.idx?.files, '');
  add('cold: bytes to top-10 results', w.coldBytes / 1024, p.coldBytes / 1024, 'KB', n >= 10000 && n < 100000 ? 0.6 : 1.0, 'ratio');
  add('cold: requests', w.coldRequests, p.coldRequests, '');
  add('cold: time to top-10 (incl. start)', w.coldMs, p.coldMs, 'ms');
  add(`revisit: new query (${REVISIT_Q}), new page, cache warm`, w.revisitBytes / 1024, p.revisitBytes / 1024, 'KB');
  add(`new pages: ${NEWPAGE_Q.length} queries, each on a new page`, w.newPagesBytes / 1024, p.newPagesBytes / 1024, 'KB', 0.35, 'ratio');
  add('new pages: requests', w.newPagesRequests, p.newPagesRequests, '');
  add('later: bytes/query median', lb(w, median) / 1024, lb(p, median) / 1024, 'KB', 0.35, 'ratio');
  add('later: bytes/query p95', lb(w, (x) => quantile(x, 0.95)) / 1024, lb(p, (x) => quantile(x, 0.95)) / 1024, 'KB', 0.35, 'ratio');
  add('later: requests/query median', lr(w), lr(p), '');
  add('latency first-time p50', w.firstP50, p.firstP50, 'ms');
  add('latency first-time p95', w.firstP95, p.firstP95, 'ms', 30, 'abs');
  add('latency first-time max', w.firstMax, p.firstMax, 'ms');
  add('latency repeated p50', w.repP50, p.repP50, 'ms');
  add('latency repeated p95', w.repP95, p.repP95, 'ms', 5, 'abs');
  add('latency repeated max', w.repMax, p.repMax, 'ms');
  for (const k of ['raw', 'gzip9', 'br11']) add(`wasm ${k === 'raw' ? 'raw' : k === 'gzip9' ? 'gzip -9' : 'brotli q11'}`, w.wasm?.[k] / 1024, p.wasm?.[k] / 1024, 'KB');
}

log('');
const W = [6, 52, 11, 11, 8, 11, 5];
const line = (c) => c.map((s, i) => (i < 2 ? String(s).padEnd(W[i]) : String(s).padStart(W[i]))).join('  ');
log(line(['N', 'metric', 'waymark', 'pagefind', 'w/p', 'target', '']));
for (const r of rows) {
  const d = r.unit === 'ms' || r.unit === 's' || r.unit === 'MB' || r.unit === 'KB' ? (r.unit === 's' ? 2 : 1) : 0;
  log(line([r.n, `${r.metric}${r.unit ? ` (${r.unit})` : ''}`, fmt(r.a, d), fmt(r.b, d), Number.isFinite(r.r) ? r.r.toFixed(2) + 'x' : '-', r.target, r.verdict]));
}
for (const n of SIZES) {
  for (const engine of ['waymark', 'pagefind']) {
    const e = results[n][engine];
    if (!e?.later) continue;
    log(`\nN=${n} ${engine} later queries (bytes, requests, hits, top hit):`);
    for (const x of e.later) log(`   ${x.q.padEnd(22)} ${fmtKB(x.bytes).padStart(7)} KB ${String(x.requests).padStart(3)} req ${String(x.total).padStart(6)} hits  ${x.top ?? '-'}`);
  }
  const w = results[n].waymark?.wasm, p = results[n].pagefind?.wasm;
  if (w) log(`N=${n} waymark wasm ${w.file}: raw ${w.raw} B, gzip -9 ${w.gzip9} B, brotli q11 ${w.br11} B`);
  if (p) log(`N=${n} pagefind wasm ${p.file}: shipped ${p.shipped} B (pre-gzipped), raw ${p.raw} B, gzip -9 ${p.gzip9} B, brotli q11 ${p.br11} B`);
}
if (notes.length) {
  log('\nnotes:');
  for (const n of [...new Set(notes)]) log(`   ${n}`);
}

const tsv = path.join(BENCH_DIR, 'search-results.tsv');
fs.mkdirSync(BENCH_DIR, { recursive: true });
if (!fs.existsSync(tsv)) fs.writeFileSync(tsv, 'date\tN\tmetric\tunit\twaymark\tpagefind\tratio\ttarget\tverdict\n');
const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
fs.appendFileSync(tsv, rows.map((r) => [now, r.n, r.metric, r.unit, fmt(r.a, 3), fmt(r.b, 3), Number.isFinite(r.r) ? r.r.toFixed(3) : '', r.target, r.verdict].join('\t')).join('\n') + '\n');
log(`\nresults appended to ${tsv}`);
process.exit(status);
