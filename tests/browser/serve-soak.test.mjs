// Soak test of `waymark serve`. The preview server runs one thread per connection and
// rebuilds into the very folder it serves (page by page, or staged and swapped) while
// browsers read from it. The other serve tests make one change at a time; this one checks
// what an author's long session looks like from the server's side: many clients at once
// (pages, assets, gzip, Range reads of the search index, live-reload streams that stay
// open) while edits, new and deleted pages, template and stylesheet changes and broken saves
// keep arriving. It asserts that no reply fails or comes back cut short, that live reload
// keeps reporting rebuilds, that the server answers correctly afterwards, and that its
// memory stays bounded and does not grow.
//
// The soak runs once (in `before`); each test then checks one property of what it saw, and
// a summary line is printed. No browser: plain node:http. SOAK_SECONDS=N changes the length
// of the soak (default 20 s; the whole file then takes 25-30 s).
//
// The server answers every request with `Connection: close`, so the clients' keep-alive
// agent opens a new connection per request: the load is also a connection churn.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, repo } from './harness.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS || 20);
const WORKERS = 32;
const LISTENERS = 4;
const EDIT_MS = 200;
// Memory bounds for the server process (debug build, sample site, 2 cores, 1200-1300 req/s),
// run with two malloc arenas (MALLOC_ARENA_MAX=2). With glibc's default of one arena per
// thread, the arenas fill up one by one as rebuild bursts land on different threads: RSS
// climbs to 80-100 MB over the soak and the last quarter's mean is 1.04-1.57x the second's
// (measured), a warm-up that reads as growth and made the growth bound flaky. With two arenas
// RSS is flat: 25-30 MB after start-up, a plateau of 64 MB, peak 64-65 MB; last quarter
// 1.01-1.20x the second (measured).
// - Peak bound: 160 MB, well above the plateau and above the default arenas' peaks.
// - Growth bound: the mean RSS of the last quarter at most 1.3x that of the second: a leak of
//   roughly 0.7 MB per rebuild or 1.5 kB per request exceeds it.
const RSS_PEAK_MB = 160;
const RSS_GROWTH_RATIO = 1.3;

const PAGE = 'content/help/exporting-your-data.md';
const STORY = 'content/stories/a-day-in-the-life-of-a-csm.md';
const GUIDE = 'content/guides/measuring-customer-health.md';
const TEMPLATE = 'themes/default/templates/story.html';
const STYLE = 'themes/default/static/style.css';
const ASSETS = [
  '/style.css', '/syntax.css', '/search.js', '/checklist.js', '/roles.js', '/favicon.svg',
  '/atom.xml', '/robots.txt', '/sitemap.xml', '/__waymark/live.js', '/search/',
];

let site;
let server;
let soak;
const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS * 2 });

before(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-soak-'));
  for (const name of ['content', 'themes', 'static', 'waymark.toml']) {
    const from = path.join(repo, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(site, name), { recursive: true });
  }
  // Two malloc arenas, so growth is growth and not arenas warming up (see the bounds above).
  server = await serve(site, { MALLOC_ARENA_MAX: '2' });
  soak = await runSoak();
  console.log(summary(soak));
}, { timeout: (SECONDS + 60) * 1000 });

after(() => {
  agent.destroy();
  server?.stop();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

// ------------------------------------------------------------------ HTTP and checks

/** GETs `url`; resolves to { status, headers, body } or { error }, never rejects. */
function get(url, headers = {}) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers, timeout: 15_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (e) => resolve({ error: `reply broken off: ${e.message}` }));
    });
    req.on('timeout', () => req.destroy(new Error('no reply in 15 s')));
    req.on('error', (e) => resolve({ error: e.message }));
  });
}

/** The reply's body, gunzipped when it came compressed. Throws on a corrupt stream. */
function decoded(res) {
  return res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(res.body) : res.body;
}

/**
 * What is wrong with a reply to `url`, or null. A 404 is allowed only for the soak's own
 * transient pages (`allow404`); HTML must be whole.
 */
function problem(url, res, allow404 = false) {
  if (res.error) return `${url}: ${res.error}`;
  if (res.status >= 500) return `${url}: HTTP ${res.status}`;
  if (res.status === 404 && !allow404) return `${url}: 404`;
  if (![200, 206, 404].includes(res.status)) return `${url}: HTTP ${res.status}`;
  const length = Number(res.headers['content-length']);
  if (length !== res.body.length) return `${url}: ${res.body.length} of ${length} bytes`;
  let body;
  try {
    body = decoded(res);
  } catch (e) {
    return `${url}: bad gzip: ${e.message}`;
  }
  const html = String(res.headers['content-type']).startsWith('text/html');
  if (html && !body.toString('utf8').trimEnd().endsWith('</html>')) return `${url}: HTML cut short`;
  return null;
}

/** What is wrong with a Range reply for bytes [start, end] of a file of `len` bytes. */
function rangeProblem(url, res, start, end, len) {
  if (res.error || res.status !== 206) return problem(url, res) ?? `${url}: HTTP ${res.status}, not 206`;
  const expected = `bytes ${start}-${end}/${len}`;
  if (res.headers['content-range'] !== expected) {
    return `${url}: Content-Range ${res.headers['content-range']}, wanted ${expected}`;
  }
  return res.body.length === end - start + 1 ? null : `${url}: ${res.body.length} bytes for ${expected}`;
}

// ------------------------------------------------------------------ the load

/**
 * Counters shared by the workers, listeners and the writer. `transient` holds the URLs of
 * the pages the writer adds and deletes (404 is allowed for them: before their build and
 * after their deletion); `newest` is the latest of them. `events` has one counter per
 * live-reload stream.
 */
function newStats() {
  return { t0: Date.now(), requests: 0, failures: [], edits: 0, events: [], transient: new Set(), newest: null };
}

/** Records `what` (a problem, or null for none) as a failure of `kind`, with the time
 *  since the start of the soak. */
function fail(stats, what, kind = 'request') {
  if (what) stats.failures.push({ kind, what: `+${((Date.now() - stats.t0) / 1000).toFixed(3)} s ${what}` });
}

function failures(kind) {
  return soak.stats.failures.filter((f) => f.kind === kind).map((f) => f.what);
}

/** The site's page paths, from the built sitemap. */
async function sitemapPaths(base) {
  const res = await get(base + '/sitemap.xml');
  assert.equal(res.status, 200);
  return [...res.body.toString('utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
}

/** Reads the search entry, then one byte range of one of its files, as the worker does. */
async function searchRead(base, stats, n) {
  const res = await get(base + '/search/entry.json', { 'accept-encoding': 'gzip' });
  stats.requests++;
  const bad = problem('/search/entry.json', res);
  if (bad) return fail(stats, bad);
  const entry = JSON.parse(decoded(res).toString('utf8'));
  const files = [...entry.files, entry.hot];
  const file = files[n % files.length];
  const start = (n * 37) % file.len;
  const end = Math.min(file.len - 1, start + 4096);
  const url = `/search/${file.url}?r=${start}-${end + 1}`;
  const part = await get(base + url, { range: `bytes=${start}-${end}` });
  stats.requests++;
  // A file the entry named a moment ago that is gone: the index was replaced under the reader.
  fail(stats, rangeProblem(url, part, start, end, file.len), part.status === 404 ? 'search' : 'request');
}

/** One client: loops over `paths` (gzip on every third request, the search index and the
 *  newest transient page now and then) until `deadline`. */
async function worker(base, paths, stats, id, deadline) {
  for (let n = id; Date.now() < deadline; n++) {
    if (n % 10 === 0) {
      await searchRead(base, stats, n);
      continue;
    }
    const transient = n % 7 === 0 && stats.newest;
    const url = transient || paths[(n * 13) % paths.length];
    const headers = n % 3 === 0 ? { 'accept-encoding': 'gzip, deflate, br' } : {};
    const res = await get(base + url, headers);
    stats.requests++;
    fail(stats, problem(url, res, stats.transient.has(url)));
  }
}

/**
 * Holds the live-reload stream open like a browser tab on `page`: counts its events in
 * `stats.events[id]` and on each reload fetches the page again. `done` resolves when closed;
 * a stream that ends on its own is a failure.
 */
function listener(base, page, stats, id) {
  stats.events[id] = { reload: 0, css: 0, 'build-error': 0 };
  let closing = false;
  let req;
  const done = new Promise((resolve) => {
    req = http.get(base + '/__waymark/events', { agent: false }, (res) => {
      if (res.statusCode !== 200) fail(stats, `events: HTTP ${res.statusCode}`, 'events');
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk) => {
        buffer += chunk;
        for (let i; (i = buffer.indexOf('\n\n')) >= 0; buffer = buffer.slice(i + 2)) {
          const event = /^event: (.+)$/m.exec(buffer.slice(0, i))?.[1];
          if (event) onEvent(base, page, stats, event, id);
        }
      });
      res.on('close', () => {
        if (!closing) fail(stats, 'events: the stream ended', 'events');
        resolve();
      });
    });
    req.on('error', (e) => {
      if (!closing) fail(stats, `events: ${e.message}`, 'events');
      resolve();
    });
  });
  return { done, close: () => { closing = true; req.destroy(); } };
}

function onEvent(base, page, stats, event, id) {
  if (event in stats.events[id]) stats.events[id][event]++;
  if (event !== 'reload') return;
  stats.requests++;
  get(base + page).then((res) => fail(stats, problem(`${page} (reload)`, res)));
}

// ------------------------------------------------------------------ the edits

function read(rel) {
  return fs.readFileSync(path.join(site, rel), 'utf8');
}

function write(rel, text) {
  fs.writeFileSync(path.join(site, rel), text);
}

/** The edit for step `n` of the stream: eight steps per cycle; on odd cycles steps 6 and 7
 *  are a broken save and its fix. */
function edit(n, originals, stats) {
  const cycle = Math.floor(n / 8);
  const newPage = `content/guides/soak-new-${cycle}.md`;
  const newUrl = `/guides/soak-new-${cycle}/`;
  switch (n % 8) {
    case 0: return write(PAGE, `${originals[PAGE]}\nSoak edit ${n}: the body changed.\n`);
    case 1:
      stats.transient.add(newUrl);
      stats.newest = newUrl;
      return write(newPage, `---\ntitle: Soak page ${cycle}\ndate: 2024-01-01\n---\nA page added by the soak test.\n`);
    case 2: return write(STORY, `${originals[STORY]}\nSoak edit ${n}.\n`);
    case 3: return write(TEMPLATE, `${originals[TEMPLATE]}\n{# soak edit ${n} #}\n`);
    case 4: return fs.rmSync(path.join(site, newPage), { force: true });
    case 5: return write(STYLE, `${originals[STYLE]}\n/* soak edit ${n} */\n`);
    case 6: return broken(cycle, n, originals);
    default: return fixed(cycle, originals);
  }
}

/** A bad front-matter date, or an unclosed template block (odd cycles); a listed-field
 *  change of a guide otherwise. */
function broken(cycle, n, originals) {
  if (cycle % 4 === 1) return write(PAGE, originals[PAGE].replace(/^date: .*$/m, 'date: someday'));
  if (cycle % 4 === 3) return write(TEMPLATE, `${originals[TEMPLATE]}\n{% block soak_${n} %}\n`);
  return write(GUIDE, originals[GUIDE].replace(/^description: .*$/m, `description: Soak edit ${n}.`));
}

function fixed(cycle, originals) {
  if (cycle % 4 === 1) return write(PAGE, `${originals[PAGE]}\nFixed after a broken save.\n`);
  if (cycle % 4 === 3) return write(TEMPLATE, originals[TEMPLATE]);
  return write(GUIDE, originals[GUIDE]);
}

/** Edits every EDIT_MS until `deadline`, then puts every file back as it was. */
async function writer(stats, deadline) {
  const originals = Object.fromEntries([PAGE, STORY, GUIDE, TEMPLATE, STYLE].map((f) => [f, read(f)]));
  for (let n = 0; Date.now() < deadline; n++) {
    edit(n, originals, stats);
    stats.edits++;
    await sleep(EDIT_MS);
  }
  for (const [rel, text] of Object.entries(originals)) write(rel, text);
  for (const url of stats.transient) {
    fs.rmSync(path.join(site, 'content', `${url.slice(1, -1)}.md`), { force: true });
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ------------------------------------------------------------------ memory

/** The process's resident set size in MB and its thread count, from /proc. */
function memory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rss: Number(/^VmRSS:\s+(\d+)/m.exec(status)[1]) / 1024,
    threads: Number(/^Threads:\s+(\d+)/m.exec(status)[1]),
  };
}

/** Samples memory(pid) every second until stopped; `samples` fills as it goes. */
function sampler(pid) {
  const samples = [{ at: Date.now(), ...memory(pid) }];
  const timer = setInterval(() => samples.push({ at: Date.now(), ...memory(pid) }), 1000);
  return { samples, stop: () => clearInterval(timer) };
}

/** Mean RSS of the samples in quarter `q` (0-3) of [from, to]. */
function quarterMean(samples, from, to, q) {
  const span = (to - from) / 4;
  const inside = samples.filter((s) => s.at >= from + q * span && s.at < from + (q + 1) * span);
  return inside.reduce((sum, s) => sum + s.rss, 0) / Math.max(1, inside.length);
}

/** Waits until the server has printed nothing new for `quiet` ms (at most `limit` ms). */
async function settle(quiet = 1500, limit = 10_000) {
  const started = Date.now();
  let last = server.log().length;
  let since = Date.now();
  while (Date.now() - since < quiet && Date.now() - started < limit) {
    await sleep(100);
    if (server.log().length !== last) [last, since] = [server.log().length, Date.now()];
  }
}

// ------------------------------------------------------------------ after the soak

/** Every page and asset answers 200 and whole, with the original sources back in place. */
async function checkAfter(base, paths, stats) {
  const problems = [];
  for (const url of [...paths, ...ASSETS]) {
    const res = await get(base + url, { 'accept-encoding': 'gzip' });
    problems.push(problem(url, res) ?? (res.status === 200 ? null : `${url}: HTTP ${res.status}`));
  }
  const page = decoded(await get(base + '/help/exporting-your-data/')).toString('utf8');
  if (/Soak edit|Fixed after/.test(page)) problems.push('the restored page still shows a soak edit');
  const css = decoded(await get(base + '/style.css')).toString('utf8');
  if (css.includes('soak edit')) problems.push('the restored stylesheet still shows a soak edit');
  for (const url of stats.transient) {
    const res = await get(base + url);
    if (res.status !== 404) problems.push(`${url}: HTTP ${res.status} after it was deleted`);
  }
  problems.push(...(await checkSearch(base)));
  return problems.filter(Boolean);
}

/** Every file the search entry lists is served whole, at the length it states. */
async function checkSearch(base) {
  const entry = JSON.parse((await get(base + '/search/entry.json')).body.toString('utf8'));
  const problems = [];
  for (const file of [...entry.files, entry.hot]) {
    const res = await get(`${base}/search/${file.url}`);
    if (res.status !== 200 || res.body.length !== file.len) {
      problems.push(`/search/${file.url}: HTTP ${res.status}, ${res.body?.length} of ${file.len} bytes`);
    }
  }
  return problems;
}

function summary({ stats, seconds, samples, end }) {
  const rss = samples.map((s) => s.rss);
  const mb = (x) => x.toFixed(1);
  const ev = stats.events[0];
  return `soak: ${stats.requests} requests in ${seconds.toFixed(1)} s (${Math.round(stats.requests / seconds)} req/s), `
    + `${stats.edits} edits, ${ev.reload + ev.css} rebuilds seen via live reload `
    + `(${ev.reload} reload, ${ev.css} css; ${ev['build-error']} build errors), `
    + `RSS start/peak/end ${mb(rss[0])}/${mb(Math.max(...rss))}/${mb(end.rss)} MB (bound ${RSS_PEAK_MB} MB), `
    + `threads peak ${Math.max(...samples.map((s) => s.threads))}, ${stats.failures.length} failed requests`;
}

// ------------------------------------------------------------------ the soak

/** Runs the clients, the live-reload streams and the writer for SECONDS, then lets the last
 *  rebuild finish and checks the server once more. */
async function runSoak() {
  const base = server.url;
  const paths = await sitemapPaths(base);
  assert.ok(paths.length > 50, `the sitemap lists ${paths.length} pages`);
  const stats = newStats();
  const memo = sampler(server.pid);
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  const urls = [...paths, ...ASSETS];
  const listeners = Array.from({ length: LISTENERS }, (_, i) => listener(base, paths[i * 7], stats, i));
  await Promise.all([
    writer(stats, deadline),
    ...Array.from({ length: WORKERS }, (_, i) => worker(base, urls, stats, i, deadline)),
  ]);
  const seconds = (Date.now() - started) / 1000;
  await settle();
  for (const l of listeners) l.close();
  await Promise.all(listeners.map((l) => l.done));
  memo.stop();
  const afterwards = await checkAfter(base, paths, stats);
  return { stats, seconds, samples: memo.samples, end: memory(server.pid), afterwards, started, deadline };
}

// ------------------------------------------------------------------ the tests

test('no request fails or comes back cut short under load and edits', () => {
  const found = failures('request');
  assert.deepEqual(found.slice(0, 20), [], `${found.length} failed requests`);
});

// Known to fail: a full rebuild (a page added or deleted) replaces the output folder with one
// that holds only the new search index, so a client that read search/entry.json a moment
// before gets 404 for the files it names. Incremental rebuilds keep the previous generation
// for exactly this reader (Rebuilder::refresh_search); full ones do not.
test('the search files a client just read from entry.json stay readable across rebuilds', () => {
  const found = failures('search');
  assert.deepEqual(found.slice(0, 10), [], `${found.length} search files gone under their reader`);
});

test('every live-reload stream stays open and sees every rebuild', () => {
  assert.deepEqual(failures('events'), []);
  const [first, ...others] = soak.stats.events;
  assert.ok(first.reload > 0, 'live reload reported rebuilds');
  for (const events of others) assert.deepEqual(events, first);
});

test('the server answers correctly after the soak', () => {
  assert.deepEqual(soak.afterwards, []);
});

test(`the server's memory stays under ${RSS_PEAK_MB} MB`, () => {
  const peak = Math.max(...soak.samples.map((s) => s.rss), soak.end.rss);
  assert.ok(peak < RSS_PEAK_MB, `peak RSS ${peak.toFixed(1)} MB`);
});

test("the server's memory does not grow during the soak", () => {
  const second = quarterMean(soak.samples, soak.started, soak.deadline, 1);
  const last = quarterMean(soak.samples, soak.started, soak.deadline, 3);
  assert.ok(
    last <= second * RSS_GROWTH_RATIO,
    `mean RSS ${last.toFixed(1)} MB in the last quarter, ${second.toFixed(1)} MB in the second`,
  );
});
