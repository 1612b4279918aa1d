// waymark search worker: loads the search runtime (wasm) and answers queries.
// Protocol: docs/design/search-protocol.md. Index files are read lazily with HTTP Range
// requests; a server that ignores Range still works (whole files).
'use strict';

const base = new URL('./', self.location.href);
const decoder = new TextDecoder();
const MAX_IN_FLIGHT = 6;
const MAX_ROUNDS = 24;

let entry = null;
let module = null;
let hot = null;
let ex = null; // wasm exports
let loading = null;
let latest = 0;
let queue = Promise.resolve();
// Whether the server answers Range requests (learnt from the hot bundle's reply); when it
// does not, each index file is fetched whole, once.
let rangeOk = true;
const wholeFiles = new Map();
const stats = { requests: 0, bytes: 0 };

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

function output() {
  const ptr = ex.wm_out_ptr();
  const len = ex.wm_out_len();
  return JSON.parse(decoder.decode(new Uint8Array(ex.memory.buffer, ptr, len)));
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

// Bytes [start, end) of index file `file`. The query string keeps ranges of one file from
// queueing behind each other in the browser's HTTP cache; hashed names never change, so the
// replies stay cacheable.
function fetchRange(file, start, end) {
  if (!rangeOk) {
    if (!wholeFiles.has(file)) {
      const url = new URL(entry.files[file].url, base);
      wholeFiles.set(file, limited(() => get(url).then(bytesOf)));
    }
    return wholeFiles.get(file).then((bytes) => [file, 0, bytes]);
  }
  return limited(async () => {
    const url = new URL(entry.files[file].url, base);
    url.search = `r=${start}-${end}`;
    const response = await get(url, { headers: { Range: `bytes=${start}-${end - 1}` } });
    const bytes = await bytesOf(response);
    // 200: the server ignored Range and sent the whole file.
    if (response.status !== 206) {
      rangeOk = false;
      wholeFiles.set(file, Promise.resolve(bytes));
      return [file, 0, bytes];
    }
    return [file, start, bytes];
  });
}

async function drive(status) {
  for (let round = 0; status === 1; round++) {
    if (round >= MAX_ROUNDS) throw new Error('search needed too many reads');
    const w = wanted();
    const jobs = [];
    for (let i = 0; i < w.length; i += 3) jobs.push(fetchRange(w[i], w[i + 1], w[i + 2]));
    for (const [file, start, bytes] of await Promise.all(jobs)) {
      ex.wm_supply(file, start, put(bytes), bytes.length);
    }
    status = ex.wm_run();
  }
  const out = output();
  if (status !== 0) throw new Error(out.error || 'search failed');
  return out;
}

async function instantiate() {
  const instance = await WebAssembly.instantiate(module, {});
  ex = instance.exports;
  const entryBytes = new TextEncoder().encode(JSON.stringify(entry));
  return drive(ex.wm_init(put(entryBytes), entryBytes.length, put(hot), hot.length));
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

function load() {
  if (!loading) {
    loading = (async () => {
      entry = await (await get(new URL('entry.json', base), { cache: 'no-cache' })).json();
      const [compiled, hotBytes] = await Promise.all([
        get(new URL(entry.wasm, base)).then(compile),
        get(new URL(entry.hot.url, base), {
          headers: { Range: `bytes=0-${Math.max(entry.hot.len - 1, 0)}` },
        }).then(async (response) => {
          rangeOk = response.status === 206;
          return bytesOf(response);
        }),
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
    const bytes = new TextEncoder().encode(JSON.stringify(request));
    const result = await drive(ex.wm_query(put(bytes), bytes.length));
    result.hits = result.hits || [];
    self.postMessage({
      id,
      phase: 'done',
      ...result,
      stats: {
        ms: performance.now() - started,
        requests: stats.requests - before.requests,
        bytes: stats.bytes - before.bytes,
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
