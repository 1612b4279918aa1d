// waymark search worker: loads the search runtime (wasm) and answers queries.
// Protocol: docs/design/search-protocol.md. Index files are read lazily with HTTP Range
// requests; a server that ignores Range still works (whole files). Everything fetched is kept
// in the Cache Storage API under its content-hashed name, so the next page of the site reuses
// it whatever the host's validators and whatever the browser does with partial replies.
'use strict';

const base = new URL('./', self.location.href);
const decoder = new TextDecoder();
const encoder = new TextEncoder();
const MAX_IN_FLIGHT = 6;
const MAX_ROUNDS = 24;

let entry = null;
let module = null;
let hot = null;
let ex = null; // wasm exports
let loading = null;
let latest = 0;
let queue = Promise.resolve();
// Whether the server answers Range requests (learnt at load from one byte of the smallest
// index file); when it does not, each index file is fetched whole, once.
let rangeOk = true;
const wholeFiles = new Map();
const stats = { requests: 0, bytes: 0 };

// ------------------------------------------------------------- the persistent cache
// Keys are `<hashed file URL>` for files fetched whole and `<hashed file URL>?r=S-E` for
// ranges (page-aligned). The names change whenever the content does, so nothing is ever stale;
// keys of files the current index no longer lists are deleted when the worker opens.
const CACHE = 'waymark-search-1';
let store = null; // the opened Cache, or null where the API is missing (plain http, old browser)
const held = new Map(); // file URL -> [[start, end, key]] ranges in the store

async function openStore() {
  try {
    if (!self.caches) return;
    store = await self.caches.open(CACHE);
    const live = new Set([entry.wasm, entry.hot.url, ...entry.files.map((f) => f.url)].map((u) => new URL(u, base).href));
    for (const request of await store.keys()) {
      const url = new URL(request.url);
      const m = /^r=(\d+)-(\d+)$/.exec(url.search.slice(1));
      url.search = '';
      if (!live.has(url.href)) {
        store.delete(request);
        continue;
      }
      if (m) {
        if (!held.has(url.href)) held.set(url.href, []);
        held.get(url.href).push([Number(m[1]), Number(m[2]), request.url]);
      }
    }
  } catch (_) {
    store = null;
  }
}

// The bytes of a `wholeFile` result; only network bytes count in the stats.
async function bodyOf({ response, stored }) {
  return stored ? new Uint8Array(await response.arrayBuffer()) : bytesOf(response);
}

function keep(key, bytes) {
  if (!store) return;
  store.put(key, new Response(bytes)).catch(() => {});
}

// A whole file: from the store, else fetched (as a plain GET, so the host compresses it).
async function wholeFile(url) {
  if (store) {
    const hit = await store.match(url.href).catch(() => null);
    if (hit) return { response: hit, stored: true };
  }
  const response = await get(url);
  if (store) {
    const copy = response.clone();
    copy.arrayBuffer().then((b) => keep(url.href, b), () => {});
  }
  return { response, stored: false };
}
async function get(url, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url.pathname || url}: HTTP ${response.status}`);
  return response;
}

async function bytesOf(response) {
  const buffer = new Uint8Array(await response.arrayBuffer());
  stats.requests += 1;
  stats.bytes += buffer.length;
  return buffer;
}

function put(bytes) {
  const ptr = ex.wm_alloc(bytes.length);
  new Uint8Array(ex.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

function outBytes() {
  return new Uint8Array(ex.memory.buffer, ex.wm_out_ptr(), ex.wm_out_len()).slice();
}

// --------------------------------------------------------------- the wire (src/wire.rs)
function writer() {
  const parts = [];
  const w = {
    u8(v) { parts.push(Uint8Array.of(v)); return w; },
    u32(v) { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, true); parts.push(b); return w; },
    str(s) { const b = encoder.encode(String(s)); w.u32(b.length); parts.push(b); return w; },
    list(items, each) { w.u32(items.length); items.forEach(each); return w; },
    bytes() {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) { out.set(p, at); at += p.length; }
      return out;
    },
  };
  return w;
}

function encodeEntry(e) {
  const w = writer();
  w.u32(e.schema).u32(e.docs);
  w.list(e.files, (f) => w.str(f.name).u32(f.len));
  w.list(Object.entries(e.sections || {}), ([path, title]) => w.str(path).str(title));
  w.list(e.synonyms || [], (group) => w.list(group, (member) => w.str(member)));
  return w.bytes();
}

function encodeRequest(q) {
  const w = writer();
  w.str(q.q).u32(q.limit).u8(q.facets ? 1 : 0).u8(q.snippets ? 1 : 0);
  const f = q.filters || {};
  for (const name of ['type', 'section', 'category', 'tag']) {
    const values = Array.isArray(f[name]) ? f[name] : [];
    w.list(values, (v) => w.str(v));
  }
  return w.bytes();
}

function reader(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const r = {
    u8() { return view.getUint8(at++); },
    u32() { const v = view.getUint32(at, true); at += 4; return v; },
    f32() { const v = view.getFloat32(at, true); at += 4; return v; },
    str() { const n = r.u32(); const s = decoder.decode(bytes.subarray(at, at + n)); at += n; return s; },
    list(each) { const n = r.u32(); const out = []; for (let i = 0; i < n; i++) out.push(each()); return out; },
  };
  return r;
}

function decodeAnswer(bytes) {
  const r = reader(bytes);
  const segments = () => r.list(() => [r.str(), r.u8() === 1]);
  const counts = () => r.list(() => [r.str(), r.u32()]);
  const out = { total: r.u32(), fuzzy: r.u8() === 1, some_words: r.u8() === 1 };
  out.hits = r.list(() => ({
    url: r.str(),
    title: segments(),
    snippet: segments(),
    summary: r.str(),
    type: r.str(),
    section: r.str(),
    score: r.f32(),
    sub: r.list(() => ({ url: r.str(), title: segments(), snippet: segments() })),
  }));
  if (r.u8() === 1) {
    out.facets = {
      type: counts(),
      section: r.list(() => [r.str(), r.str(), r.u32()]),
      category: counts(),
      tag: counts(),
    };
  }
  if (r.u8() === 1) out.suggestion = r.str();
  out.near_sections = r.list(() => [r.str(), r.str()]);
  return out;
}

function wanted() {
  const ptr = ex.wm_wanted_ptr();
  const len = ex.wm_wanted_len();
  return Array.from(new Uint32Array(ex.memory.buffer, ptr, len));
}

let inFlight = 0;
const waiting = [];
async function limited(task) {
  if (inFlight >= MAX_IN_FLIGHT) await new Promise((resolve) => waiting.push(resolve));
  inFlight += 1;
  try {
    return await task();
  } finally {
    inFlight -= 1;
    const next = waiting.shift();
    if (next) next();
  }
}

// Bytes [start, end) of index file `file`, as [file, start, bytes] pieces: what the store
// holds, and the rest fetched. The query string keeps ranges of one file from queueing behind
// each other in the browser's HTTP cache; hashed names never change, so replies stay cacheable.
async function fetchRange(file, start, end) {
  const url = new URL(entry.files[file].url, base);
  if (!rangeOk) {
    if (!wholeFiles.has(file)) {
      wholeFiles.set(file, limited(() => wholeFile(url).then(bodyOf)));
    }
    return [[file, 0, await wholeFiles.get(file)]];
  }
  const pieces = [];
  const gaps = [];
  let at = start;
  const mine = (held.get(url.href) || []).filter(([s, e]) => s < end && e > start).sort((x, y) => x[0] - y[0]);
  for (const [s, e, key] of mine) {
    if (s > at) gaps.push([at, s]);
    pieces.push(store.match(key).then(async (hit) => {
      if (!hit) throw new Error('stored range vanished');
      return [file, s, new Uint8Array(await hit.arrayBuffer())];
    }).catch(() => network(file, url, s, e)));
    at = Math.max(at, e);
  }
  if (at < end) gaps.push([at, end]);
  for (const [s, e] of gaps) pieces.push(network(file, url, s, e));
  return Promise.all(pieces);
}

function network(file, url, start, end, remember = true) {
  return limited(async () => {
    const ranged = new URL(url);
    ranged.search = `r=${start}-${end}`;
    const response = await get(ranged, { headers: { Range: `bytes=${start}-${end - 1}` } });
    const bytes = await bytesOf(response);
    // 200: the server ignored Range and sent the whole file.
    if (response.status !== 206) {
      rangeOk = false;
      wholeFiles.set(file, Promise.resolve(bytes));
      keep(url.href, bytes);
      return [file, 0, bytes];
    }
    if (remember) {
      keep(ranged.href, bytes);
      if (!held.has(url.href)) held.set(url.href, []);
      held.get(url.href).push([start, end, ranged.href]);
    }
    return [file, start, bytes];
  });
}

// Time spent in the runtime and waiting for fetches, for the stats of the last query.
const timing = { rounds: 0, runMs: 0, fetchMs: 0 };

async function drive(status) {
  for (let round = 0; status === 1; round++) {
    if (round >= MAX_ROUNDS) throw new Error('search needed too many reads');
    const w = wanted();
    const jobs = [];
    const fetched = performance.now();
    for (let i = 0; i < w.length; i += 3) jobs.push(fetchRange(w[i], w[i + 1], w[i + 2]));
    for (const pieces of await Promise.all(jobs)) {
      for (const [file, start, bytes] of pieces) ex.wm_supply(file, start, put(bytes), bytes.length);
    }
    const ran = performance.now();
    timing.fetchMs += ran - fetched;
    status = ex.wm_run();
    timing.runMs += performance.now() - ran;
    timing.rounds += 1;
  }
  const out = outBytes();
  if (status !== 0) throw new Error(decoder.decode(out) || 'search failed');
  return out;
}

async function instantiate() {
  const instance = await WebAssembly.instantiate(module, {});
  ex = instance.exports;
  const entryBytes = encodeEntry(entry);
  const out = await drive(ex.wm_init(put(entryBytes), entryBytes.length, put(hot), hot.length));
  return { docs: new DataView(out.buffer).getUint32(0, true) };
}

async function compile(response) {
  const type = response.headers.get('content-type') || '';
  if (WebAssembly.compileStreaming && type.startsWith('application/wasm')) {
    try {
      return await WebAssembly.compileStreaming(response.clone());
    } catch (_) {
      // fall through to the buffered path
    }
  }
  return WebAssembly.compile(await bytesOf(response));
}

// Asks for one byte of the smallest index file, beside the runtime's download; not needed
// when stored ranges show the host answered Range requests before.
async function probeRange() {
  if (!entry.files.length || held.size > 0) return;
  let file = 0;
  entry.files.forEach((f, i) => { if (f.len < entry.files[file].len) file = i; });
  if ((held.get(new URL(entry.files[file].url, base).href) || []).length) return;
  await network(file, new URL(entry.files[file].url, base), 0, Math.min(1, entry.files[file].len), false);
}

function load() {
  if (!loading) {
    loading = (async () => {
      entry = await (await get(new URL('entry.json', base), { cache: 'no-cache' })).json();
      await openStore();
      // The runtime and the hot bundle are plain files (compressed by the host), kept in the
      // store like everything else.
      const [compiled, hotBytes] = await Promise.all([
        wholeFile(new URL(entry.wasm, base)).then(async ({ response, stored }) =>
          stored ? WebAssembly.compile(await response.arrayBuffer()) : compile(response)),
        wholeFile(new URL(entry.hot.url, base)).then(bodyOf),
        probeRange(),
      ]);
      module = compiled;
      hot = hotBytes;
      return instantiate();
    })();
  }
  return loading;
}

async function answer(message) {
  const { id } = message;
  try {
    await load();
  } catch (error) {
    self.postMessage({ id, phase: 'error', message: `Search could not be loaded: ${error.message}` });
    return;
  }
  if (id !== latest) return; // superseded while loading
  const started = performance.now();
  const before = { ...stats };
  const request = {
    q: String(message.q || ''),
    limit: message.limit || 10,
    filters: message.filters || {},
    facets: message.facets !== false,
    snippets: message.snippets !== false,
  };
  try {
    const bytes = encodeRequest(request);
    Object.assign(timing, { rounds: 0, runMs: 0, fetchMs: 0 });
    const first = performance.now();
    const status = ex.wm_query(put(bytes), bytes.length);
    timing.runMs += performance.now() - first;
    const result = decodeAnswer(await drive(status));
    result.q = request.q;
    self.postMessage({
      id,
      phase: 'done',
      ...result,
      stats: {
        ms: performance.now() - started,
        requests: stats.requests - before.requests,
        bytes: stats.bytes - before.bytes,
        ...timing,
      },
    });
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      // The runtime aborted (a bug, or memory exhausted): start a fresh instance.
      try {
        await instantiate();
      } catch (_) {
        loading = null;
      }
    }
    self.postMessage({ id, phase: 'error', message: `Search failed: ${error.message}` });
  }
}

self.onmessage = (event) => {
  const message = event.data || {};
  const id = Number(message.id) || 0;
  latest = id;
  message.id = id;
  queue = queue.then(() => answer(message));
};

load().then(
  (ready) => self.postMessage({ phase: 'ready', docs: ready.docs }),
  (error) => self.postMessage({ phase: 'error', message: `Search could not be loaded: ${error.message}` }),
);
