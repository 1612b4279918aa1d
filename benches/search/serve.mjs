#!/usr/bin/env node
// Static file server for the search benchmarks: the same host for waymark and Pagefind.
//
//   node benches/search/serve.mjs DIR [--port N] [--host 127.0.0.1] [--no-range] [--quiet]
//
// Prints `serving http://HOST:PORT/` once listening (port 0 or none = a free port).
//
// Behaves like a typical static host:
// - keep-alive connections (HTTP/1.1; Chromium opens at most 6 per host);
// - a single `Range: bytes=a-b` / `a-` / `-n` → 206 with Content-Range (identity encoding);
//   an unsatisfiable range → 416; several ranges → the whole file (200), as many hosts do;
//   `--no-range` ignores Range altogether (whole 200 replies, Accept-Ranges: none);
// - whole responses gzip-compressed (level 6) when the client accepts gzip, for html, js,
//   json, wasm, css, xml, svg, txt, bin, and for other files without a known type (such as
//   tantivy index files) when gzip saves at least 10%; Pagefind's `.pf_*` files (and any file
//   that already starts with the gzip magic, such as wasm.en.pagefind) are gzip streams that
//   pagefind.js inflates itself, so they go out as they are;
// - `Cache-Control: public, max-age=31536000, immutable` for content-hashed names (a run of
//   7+ hex digits as a dot/underscore/dash separated part of the file name), `no-cache` for
//   html, entry.json and everything else, with ETag / If-None-Match → 304;
// - pretty URLs: /a/b/ → /a/b/index.html, /a/b → 301 /a/b/ when it is a folder.
//
// Byte counting: every response's bytes are measured at the socket (socket.bytesWritten after
// the response finished minus before it started: status line, headers and body as sent).
//   GET /__bytes          → {"bytes": total, "requests": count}
//   GET /__bytes?log      → the same plus "log": [{path, status, bytes, range, gzip, start, ms}]
//                           since the reset (start: ms since the server started; ms: duration)
//   GET /__bytes?reset    → the totals so far, then sets them to zero
// Requests to /__bytes are not counted.
import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const GZIP_ALWAYS = new Set(['.html', '.htm', '.js', '.mjs', '.json', '.wasm', '.css', '.xml', '.svg', '.txt', '.bin']);
const NEVER_GZIP = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.woff2', '.gz', '.br', '.zst']);

export function isHashed(name) {
  return /(^|[._-])(?=[0-9a-f]*[0-9])[0-9a-f]{7,}([._-]|$)/i.test(name);
}

function cacheControl(file) {
  const name = path.basename(file);
  if (name === 'entry.json' || /\.html?$/.test(name)) return 'no-cache';
  return isHashed(name) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** Parses a single byte range; returns null (whole file), 'bad' (416) or [start, end]. */
function parseRange(header, size) {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // several ranges or another unit: whole file
  let start, end;
  if (m[1] === '' && m[2] === '') return 'bad';
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'bad';
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (start >= size || end < start) return 'bad';
  }
  return [start, end];
}

export function createServer(root, { range = true, quiet = true } = {}) {
  root = path.resolve(root);
  const gzCache = new Map(); // path -> {mtime, size, gz (Buffer|null), etag}
  let total = 0;
  let requests = 0;
  let log = [];
  const epoch = Date.now();

  // Whole files (and their gzip) are read and compressed once per version, on the first whole
  // (non-range) request; concurrent requests share the work. Range requests read only their
  // bytes, so a large index file is never read or compressed whole to answer them.
  function wholeFor(file, st) {
    const hit = gzCache.get(file);
    if (hit && hit.mtime === st.mtimeMs && hit.size === st.size) return hit.promise;
    const promise = (async () => {
      const data = await fsp.readFile(file);
      const ext = path.extname(file).toLowerCase();
      let gz = null;
      const pf = ext.startsWith('.pf_');
      const gzipped = data.length > 2 && data[0] === 0x1f && data[1] === 0x8b; // e.g. wasm.en.pagefind
      if (!pf && !gzipped && !NEVER_GZIP.has(ext)) {
        const z = await new Promise((resolve, reject) => zlib.gzip(data, { level: 6 }, (e, r) => (e ? reject(e) : resolve(r))));
        if (GZIP_ALWAYS.has(ext) ? z.length < data.length : z.length <= data.length * 0.9) gz = z;
      }
      return { data, gz };
    })();
    gzCache.set(file, { mtime: st.mtimeMs, size: st.size, promise });
    promise.catch(() => gzCache.delete(file));
    return promise;
  }

  async function readRange(file, a, b) {
    const fh = await fsp.open(file, 'r');
    try {
      const buf = Buffer.alloc(b - a + 1);
      let off = 0;
      while (off < buf.length) {
        const { bytesRead } = await fh.read(buf, off, buf.length - off, a + off);
        if (!bytesRead) break;
        off += bytesRead;
      }
      return buf.subarray(0, off);
    } finally {
      await fh.close();
    }
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/__bytes') {
      const body = { bytes: total, requests };
      if (url.searchParams.has('log')) body.log = log;
      if (url.searchParams.has('reset')) { total = 0; requests = 0; log = []; }
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
      return;
    }
    const sock = req.socket;
    const before = sock.bytesWritten;
    const rec = { path: url.pathname, status: 0, bytes: 0, range: '', gzip: false, start: Date.now() - epoch, ms: 0 };
    res.on('finish', () => {
      const n = sock.bytesWritten - before;
      rec.bytes = n;
      rec.status = res.statusCode;
      rec.ms = Date.now() - epoch - rec.start;
      total += n;
      requests += 1;
      log.push(rec);
      if (!quiet) console.log(`${res.statusCode} ${req.method} ${req.url} ${n}`);
    });
    try {
      await handle(req, res, url, rec);
    } catch (e) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e && e.message));
      } else res.destroy();
    }
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;

  async function handle(req, res, url, rec) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    let rel;
    try { rel = decodeURIComponent(url.pathname); } catch { rel = null; }
    if (rel === null || rel.includes('\0')) { res.writeHead(400); res.end(); return; }
    let file = path.join(root, path.normalize(rel));
    if (file !== root && !file.startsWith(root + path.sep)) { res.writeHead(403); res.end(); return; }
    let st = await fsp.stat(file).catch(() => null);
    if (st && st.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { location: url.pathname + '/' + url.search, 'content-length': 0 });
        res.end();
        return;
      }
      file = path.join(file, 'index.html');
      st = await fsp.stat(file).catch(() => null);
    }
    if (!st || !st.isFile()) {
      const nf = path.join(root, '404.html');
      const body = fs.existsSync(nf) ? await fsp.readFile(nf) : Buffer.from('not found\n');
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const ext = path.extname(file).toLowerCase();
    // VALIDATORS=last-modified: no ETag, and a Last-Modified of "just now" (a file younger than
    // a minute, as right after a deploy): browsers then keep no partial (206) replies.
    const lastModifiedOnly = process.env.VALIDATORS === 'last-modified';
    const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`; // like nginx
    const headers = {
      'content-type': TYPES[ext] || 'application/octet-stream',
      'cache-control': cacheControl(file),
      'last-modified': new Date(lastModifiedOnly ? Date.now() : st.mtimeMs).toUTCString(),
      'accept-ranges': range ? 'bytes' : 'none',
    };
    if (!lastModifiedOnly) headers.etag = etag;
    if (!NEVER_GZIP.has(ext) && !ext.startsWith('.pf_')) headers.vary = 'Accept-Encoding';
    const inm = lastModifiedOnly ? null : req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const unchanged = lastModifiedOnly && ims && Date.parse(ims) >= Math.floor(st.mtimeMs / 1000) * 1000;
    if (unchanged || (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === 'W/' + etag))) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    if (range && req.headers.range) {
      const ifRange = req.headers['if-range'];
      const r = ifRange && ifRange !== etag && lastModifiedOnly === false ? null : parseRange(req.headers.range, st.size);
      if (r === 'bad') {
        res.writeHead(416, { ...headers, 'content-range': `bytes */${st.size}`, 'content-length': 0 });
        res.end();
        return;
      }
      if (r) {
        const [a, b] = r;
        rec.range = `${a}-${b}`;
        const body = req.method === 'HEAD' ? null : await readRange(file, a, b);
        res.writeHead(206, { ...headers, 'content-range': `bytes ${a}-${b}/${st.size}`, 'content-length': b - a + 1 });
        res.end(body ?? undefined);
        return;
      }
    }
    const e = await wholeFor(file, st);
    const accepts = /\bgzip\b/.test(req.headers['accept-encoding'] || '');
    const body = e.gz && accepts ? e.gz : e.data;
    if (body === e.gz) { headers['content-encoding'] = 'gzip'; rec.gzip = true; }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  return server;
}

/** Starts a server on a free port; resolves to { url, close }. */
export async function start(root, opts = {}) {
  const server = createServer(root, opts);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port || 0, opts.host || '127.0.0.1', resolve);
  });
  const { address, port } = server.address();
  return {
    url: `http://${address}:${port}`,
    server,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let dir = null;
  const opts = { range: true, quiet: true, port: 0, host: '127.0.0.1' };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--no-range') opts.range = false;
    else if (a === '--verbose') opts.quiet = false;
    else if (a === '--quiet') opts.quiet = true;
    else if (a === '--port') opts.port = Number(args[++i]);
    else if (a === '--host') opts.host = args[++i];
    else if (a === '-h' || a === '--help') {
      console.log('usage: serve.mjs DIR [--port N] [--host H] [--no-range] [--verbose]');
      process.exit(0);
    } else if (!dir) dir = a;
    else { console.error(`serve.mjs: unexpected argument ${a}`); process.exit(2); }
  }
  if (!dir || !fs.existsSync(dir)) { console.error(`serve.mjs: no such folder: ${dir}`); process.exit(2); }
  const s = await start(dir, opts);
  console.log(`serving ${s.url}/ from ${path.resolve(dir)}${opts.range ? '' : ' (no Range)'}`);
  const stop = () => s.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
