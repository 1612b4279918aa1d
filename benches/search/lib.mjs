// Shared pieces of the search benchmarks (bench.mjs) and the relevance harness (relevance.mjs):
// Chromium, the static server, the two engines driven from a page, and small statistics.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');

// --- waymark binary ------------------------------------------------------------------------

/** The waymark binary to use: $WAYMARK, else release, else debug (the first that exists). */
export function waymarkBin() {
  if (process.env.WAYMARK) return path.resolve(process.env.WAYMARK);
  for (const p of ['target/release/waymark', 'target/debug/waymark']) {
    const f = path.join(repo, p);
    if (fs.existsSync(f)) return f;
  }
  return null;
}

/** True when `bin search --help` works (the search engine has landed in this binary). */
export function hasSearch(bin) {
  if (!bin || !fs.existsSync(bin)) return false;
  const r = spawnSync(bin, ['search', '--help'], { encoding: 'utf8' });
  return r.status === 0;
}

// --- processes -----------------------------------------------------------------------------

/** Runs argv under GNU time; returns { wall, rssMB, cpu, out } or throws with the output tail. */
export function timed(argv, { cwd, env } = {}) {
  const tf = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'wm-time-')), 't');
  const useTime = fs.existsSync('/usr/bin/time');
  const t0 = process.hrtime.bigint();
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', tf, ...argv], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(argv[0], argv.slice(1), { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const out = (r.stdout || '') + (r.stderr || '');
  if (r.status !== 0) {
    throw new Error(`${argv.join(' ')} failed (exit ${r.status}):\n${out.split('\n').slice(-40).join('\n')}`);
  }
  let wall = ms / 1000, rssMB = NaN, cpu = NaN;
  if (useTime) {
    const last = fs.readFileSync(tf, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
    [wall, rssMB, cpu] = [last[0], last[1] / 1024, last[2] + last[3]];
  }
  fs.rmSync(path.dirname(tf), { recursive: true, force: true });
  return { wall, rssMB, cpu, out };
}

/** Starts serve.mjs on DIR in its own process; resolves to { url, bytes(), log(), reset(), stop() }. */
export async function serveDir(dir, { range = true } = {}) {
  const args = [path.join(here, 'serve.mjs'), dir];
  if (!range) args.push('--no-range');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start:\n${out}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving (http:\/\/\S+?)\/? /.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (c) => { clearTimeout(timer); reject(new Error(`serve.mjs exited ${c}:\n${out}`)); });
  });
  const get = async (q) => (await fetch(`${url}/__bytes${q}`)).json();
  return {
    url,
    log: () => get('?log'),
    reset: () => get('?reset'),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

// --- Chromium ------------------------------------------------------------------------------

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync',
    ],
  });
}

/** A fresh context and page at `url`; console errors and failed requests are collected. */
export async function openPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    // Chromium's own favicon.ico 404 shows only as this console line (real 404s are caught below).
    if (m.type() === 'error' && !/^Failed to load resource: .*404/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('worker', (w) => {
    w.on('console', (m) => { if (m.type() === 'error') problems.push(`worker console: ${m.text()}`); });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  return { context, page, problems };
}

export function withTimeout(p, ms, what) {
  let t;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise((_, reject) => { t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms); }),
  ]);
}

// --- the engines, driven from inside a page --------------------------------------------------
// Both install window.__engine = { query(q, limit) -> { total, hits: [{url, title, excerpt}] } }.

/** Pagefind through its JS API: import BASE/pagefind.js, init(), search + data() of the top N. */
export async function startPagefind(page, base = '/pagefind/') {
  return page.evaluate(async (base) => {
    const t0 = performance.now();
    const pf = await import(base + 'pagefind.js');
    await pf.init();
    window.__engine = {
      name: 'pagefind',
      async query(q, limit = 10) {
        const r = await pf.search(q);
        const data = await Promise.all(r.results.slice(0, limit).map((x) => x.data()));
        return {
          total: r.results.length,
          hits: data.map((d) => ({ url: d.url, title: (d.meta && d.meta.title) || '', excerpt: d.excerpt || '' })),
        };
      },
    };
    return { ms: performance.now() - t0 };
  }, base);
}

/** waymark's worker: new Worker(url), wait for {phase: "ready"}, then {id, q, limit} → done. */
export async function startWaymark(page, workerUrl) {
  return page.evaluate(async (workerUrl) => {
    const t0 = performance.now();
    const text = (v) => {
      if (v == null) return '';
      if (typeof v === 'string') return v;
      if (Array.isArray(v)) return v.map((s) => (Array.isArray(s) ? s[0] : typeof s === 'string' ? s : (s && s.text) || '')).join('');
      return String(v);
    };
    const w = new Worker(workerUrl);
    const pending = new Map();
    let nextId = 0;
    let failed = null;
    const ready = new Promise((resolve, reject) => {
      w.onmessage = (e) => {
        const m = e.data || {};
        if (m.phase === 'ready') { resolve(m); return; }
        if (m.phase === 'error' && (m.id === undefined || m.id === null)) {
          failed = m.message;
          reject(new Error(`worker error: ${m.message}`));
          for (const p of pending.values()) p.reject(new Error(m.message));
          return;
        }
        const p = pending.get(m.id);
        if (!p) return;
        if (m.phase === 'done') { pending.delete(m.id); p.resolve(m); }
        else if (m.phase === 'error') { pending.delete(m.id); p.reject(new Error(`query error: ${m.message}`)); }
      };
      w.onerror = (e) => reject(new Error(`worker failed: ${e.message || 'script error'}`));
    });
    const readyMsg = await ready;
    window.__engine = {
      name: 'waymark',
      ready: readyMsg,
      async query(q, limit = 10) {
        if (failed) throw new Error(failed);
        const m = await new Promise((resolve, reject) => {
          const id = ++nextId;
          pending.set(id, { resolve, reject });
          w.postMessage({ id, q, limit });
        });
        return {
          total: m.total,
          fuzzy: m.fuzzy,
          stats: m.stats,
          rawFirst: m.hits && m.hits[0],
          hits: (m.hits || []).map((h) => ({
            url: h.url,
            title: text(h.title),
            excerpt: text(h.snippet) || h.summary || '',
            rawTitle: h.title,
            rawSnippet: h.snippet,
          })),
        };
      },
    };
    return { ms: performance.now() - t0, docs: readyMsg.docs };
  }, workerUrl);
}

/** Runs one query in the page; resolves to { ms, total, hits }. */
export async function query(page, q, limit = 10) {
  return page.evaluate(async ({ q, limit }) => {
    const t = performance.now();
    const r = await window.__engine.query(q, limit);
    return { ms: performance.now() - t, ...r };
  }, { q, limit });
}

/** Times each query in the page (performance.now() around one query); returns ms per query. */
export async function timeQueries(page, qs, limit = 10) {
  return page.evaluate(async ({ qs, limit }) => {
    const out = [];
    for (const q of qs) {
      const t = performance.now();
      await window.__engine.query(q, limit);
      out.push(performance.now() - t);
    }
    return out;
  }, { qs, limit });
}

/** The worker script of a waymark output folder: search/worker.<hash>.js, as a site path. */
export function findWorker(out) {
  const dir = path.join(out, 'search');
  if (!fs.existsSync(dir)) return null;
  const w = fs.readdirSync(dir).filter((f) => /^worker\..+\.js$/.test(f)).sort();
  return w.length ? `/search/${w[0]}` : null;
}

// --- sizes and statistics ------------------------------------------------------------------

/** raw, gzip -9 and brotli q11 sizes of a buffer (gunzipped first when it is a gzip stream). */
export function compressedSizes(buf) {
  const shipped = buf.length;
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = zlib.gunzipSync(buf);
  return {
    shipped,
    raw: buf.length,
    gzip9: zlib.gzipSync(buf, { level: 9 }).length,
    br11: zlib.brotliCompressSync(buf, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

export function dirSize(dir) {
  let bytes = 0, files = 0;
  if (!fs.existsSync(dir)) return { bytes, files };
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) { bytes += fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size; files++; }
  }
  return { bytes, files };
}

export function quantile(xs, q) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
export const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Is a cargo/rustc job running (timings would be noise on 2 cores)? */
export function cargoBusy() {
  for (const name of ['cargo', 'rustc']) {
    const r = spawnSync('pgrep', ['-x', name]);
    if (r.status === 0) return true;
  }
  return false;
}

/** waymark build's summary line ("built N pages ..."), else its last line. */
export function summaryLine(out) {
  const lines = out.trim().split('\n');
  return lines.find((l) => /^built /.test(l)) || lines.pop();
}

/** Percentage of CPU time spent busy over the next `ms` milliseconds (all cores, /proc/stat). */
export async function cpuBusy(ms = 1000) {
  const read = () => {
    try {
      const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
      return { idle: f[3] + f[4], total: f.reduce((a, b) => a + b, 0) };
    } catch { return null; }
  };
  const a = read();
  await new Promise((r) => setTimeout(r, ms));
  const b = read();
  if (!a || !b || b.total === a.total) return 0;
  return Math.round((100 * (b.total - a.total - (b.idle - a.idle))) / (b.total - a.total));
}
