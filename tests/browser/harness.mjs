// Shared set-up for the browser tests: serve a site with `waymark serve` (or a built folder
// with a plain static server) and drive Debian's headless Chromium with playwright-core.
import { spawn } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, '../..');
const bin = process.env.WAYMARK_BIN || path.join(repo, 'target/debug/waymark');

/**
 * Starts `waymark serve` for `root` on a free port; resolves to { url, stop, pid, log }:
 * `pid` is the server's process id (for /proc), `log()` everything it has printed so far.
 */
/** Starts `waymark serve` on `root`; `env` adds to the server's environment. */
export async function serve(root = repo, env = {}) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    // The server keeps its output under $TMPDIR: give it one of its own, removed on stop.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-browser-'));
    const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
    const child = spawn(bin, ['serve', '--root', root, '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env, TMPDIR: tmp },
    });
    let output = '';
    const ready = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), 60_000);
      const onData = (d) => {
        output += d;
        if (output.includes('serving ')) { clearTimeout(timer); resolve(true); }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (d) => { output += d; });
      child.on('exit', () => { clearTimeout(timer); resolve(false); });
    });
    if (ready) {
      return {
        url: `http://127.0.0.1:${port}`,
        pid: child.pid,
        log: () => output,
        stop: () => {
          child.once('exit', cleanup);
          child.kill('SIGTERM');
        },
      };
    }
    child.kill('SIGKILL');
    cleanup();
    if (!output.includes('in use')) throw new Error(`waymark serve failed:\n${output}`);
  }
  throw new Error('no free port found');
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Opens `url` and records console errors and failed requests. */
export async function open(context, url) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

const require = createRequire(import.meta.url);
const axeSource = require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2 A and AA rules) and returns serious and critical violations; on the
 * whole document, or only on the elements `include` (a CSS selector) matches.
 */
export async function axe(page, include = null) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async (include) => {
    // eslint-disable-next-line no-undef
    return await window.axe.run(include ? { include: [include] } : document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  }, include);
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
}

const types = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8', '.png': 'image/png',
};

/**
 * Serves the files under `root` as a plain static host does (a folder is its index.html, a
 * missing file is 404.html with status 404, no Range support) on a free port; resolves to
 * { url, close }. Files are read at each request, so `root` may be filled after it starts.
 */
export async function serveFolder(root) {
  const server = http.createServer((req, res) => {
    let pathname;
    try { pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname); } catch { pathname = '/'; }
    let file = path.join(root, pathname);
    if (file !== root && !file.startsWith(root + path.sep)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const found = fs.existsSync(file);
    if (!found) file = path.join(root, '404.html');
    const body = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.from('not found');
    res.writeHead(found ? 200 : 404, {
      'content-type': types[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => { server.closeAllConnections(); server.close(); },
  };
}
