// The offline search of the default theme in a real browser, against the real engine: the
// fixture site tests/fixtures/search is built with `waymark build` (index, wasm and worker
// included; the theme from disk) and served by a small static server in this file, which can
// also ignore Range requests or break the index on purpose. Covers results as you type, the
// keyboard (`/`, Ctrl-K, arrows, Enter, Escape), the results page (deep links, filters with
// counts and "Show N more", the URL and the back button), typo tolerance, markup in titles
// staying text, the "could not be loaded" message, the header box's width and rows, pages
// opened from disk, sub-results and the no-results help (on patched answers, see
// patchAnswers), ?highlight= on the opened page, no console errors, axe in light and dark
// mode and a phone-sized screen.
//
// SEARCH_SITE=/path/to/public runs the same tests against an already built site.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { repo, launch, axe } from './harness.mjs';

const bin = process.env.WAYMARK_BIN || path.join(repo, 'target/debug/waymark');
const FIXTURE = path.join(repo, 'tests/fixtures/search');
const XSS = '<img src=x onerror=alert(1)>';
const REFUND = '/help/request-a-refund/';
const PASSWORD = '/help/reset-your-password/';
const INVOICE = '/help/download-an-invoice/';
const XSS_PAGE = '/guides/markup-in-titles/';
const RESULTS = '[data-search-results] [data-search-result]';
const BOX = '#site-search';
const BOX_RESULTS = '#site-search-listbox [data-search-result]';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml',
  '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
};

/**
 * A static server for `root` on a free port. `ranges: false` ignores Range headers and
 * answers every request with the whole file (200), like some simple hosts do. `override(path)`
 * may return a status code to answer with instead, or 'hang' to never answer.
 */
function staticServer(root, { ranges = true, override, prefix = '/' } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let pathname;
    try { pathname = decodeURIComponent(url.pathname); } catch { pathname = '/'; }
    requests.push({ path: pathname, range: req.headers.range || null });
    if (!pathname.startsWith(prefix)) { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('outside the site'); return; }
    pathname = '/' + pathname.slice(prefix.length);
    const special = override && override(pathname);
    if (special === 'hang') return;
    if (typeof special === 'number') {
      res.writeHead(special, { 'content-type': 'text/plain' });
      res.end(`${special}`);
      return;
    }
    let file = path.join(root, pathname);
    if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) { res.writeHead(301, { location: url.pathname + '/' + url.search }); res.end(); return; }
      file = path.join(file, 'index.html');
    }
    if (!fs.existsSync(file)) {
      const notFound = path.join(root, '404.html');
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      res.end(fs.existsSync(notFound) ? fs.readFileSync(notFound) : 'not found');
      return;
    }
    const body = fs.readFileSync(file);
    const headers = {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-cache',
      'accept-ranges': ranges ? 'bytes' : 'none',
    };
    const range = ranges && req.headers.range && /^bytes=(\d*)-(\d*)$/.exec(req.headers.range.trim());
    if (range) {
      let start;
      let end;
      if (range[1] === '') { start = Math.max(0, body.length - Number(range[2])); end = body.length - 1; } else {
        start = Number(range[1]);
        end = range[2] === '' ? body.length - 1 : Math.min(Number(range[2]), body.length - 1);
      }
      if (start > end || start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` });
        res.end();
        return;
      }
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${end}/${body.length}`, 'content-length': end - start + 1 });
      res.end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        requests,
        close: () => { server.closeAllConnections(); server.close(); },
      });
    });
  });
}

let site;
let subSite;
let diskSite;
let built;
let browser;
const servers = {};

before(async () => {
  site = process.env.SEARCH_SITE;
  if (!site) {
    built = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-search-'));
    // The fixture with the theme from disk (as insights.test.mjs does), so the tests see the
    // theme being edited, not the copy embedded in the binary when it was compiled.
    const root = path.join(built, 'site');
    fs.cpSync(FIXTURE, root, { recursive: true });
    fs.cpSync(path.join(repo, 'themes/default'), path.join(root, 'themes/default'), { recursive: true });
    site = path.join(built, 'public');
    execFileSync(bin, ['build', '--root', root, '--output', site], { stdio: 'pipe' });
    // The same site published under /docs/ (base_path "/docs/").
    subSite = path.join(built, 'docs');
    execFileSync(bin, ['build', '--root', root, '--output', subSite, '--base-url', 'https://search.example.com/docs/'], { stdio: 'pipe' });
    diskSite = site; // opened from disk as well
  }
  site = path.resolve(site);
  assert.ok(fs.existsSync(path.join(site, 'search/index.html')), 'the build wrote the results page');
  assert.ok(fs.existsSync(path.join(site, 'search/entry.json')), 'the build wrote the search index');
  servers.main = await staticServer(site);
  servers.noRange = await staticServer(site, { ranges: false });
  servers.noEntry = await staticServer(site, { override: (p) => (p.endsWith('/search/entry.json') ? 404 : null) });
  servers.noWorker = await staticServer(site, { override: (p) => (/\/search\/worker\.[^/]*\.js$/.test(p) ? 404 : null) });
  servers.hang = await staticServer(site, { override: (p) => (p.endsWith('/search/entry.json') ? 'hang' : null) });
  if (subSite) servers.sub = await staticServer(subSite, { prefix: '/docs/' });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const server of Object.values(servers)) server.close();
  if (built) fs.rmSync(built, { recursive: true, force: true });
});

/**
 * A fresh context and page recording console errors, failed requests (except those a
 * navigation cancels) and any `dialog` (an alert from injected markup) in `problems`.
 */
async function visit(url, options = {}, patch = null) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  if (patch) await page.addInitScript(patchAnswers, patch);
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText || '';
    if (!error.includes('ERR_ABORTED')) problems.push(`request failed: ${r.url()} ${error}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, problems };
}

/**
 * Runs in the page before its scripts (page.addInitScript): wraps Worker so that each answer
 * of the real engine also carries `patch.answer`'s fields, and the hits named in `patch.sub`
 * (by url) that `sub` list. For fields the engine may not send yet (suggestion,
 * near_sections, sub): the theme's rendering of them is tested here, the engine's own in
 * the Rust tests.
 */
function patchAnswers(patch) {
  const Real = window.Worker;
  window.Worker = class extends Real {
    set onmessage(handler) {
      super.onmessage = (event) => {
        const answer = event.data;
        if (answer && answer.phase === 'done') {
          Object.assign(answer, patch.answer || {});
          for (const hit of answer.hits || []) if (patch.sub && patch.sub[hit.url]) hit.sub = patch.sub[hit.url];
        }
        handler(event);
      };
    }
  };
}

/** The result links' pages, without the ?highlight= a result link carries or a sub-result's #id. */
const hrefs = (page, selector) => page.$$eval(`${selector} a[href]`, (as) => as.map((a) => a.getAttribute('href').replace(/\?highlight=[^#]*/, '').replace(/#.*/, '')));
const status = (page) => page.locator('[data-search-status]').innerText();

test('the header box is a plain form that works without JavaScript', async () => {
  const { context, page, problems } = await visit(servers.main.url + '/', { javaScriptEnabled: false });
  const form = page.locator('.site-header form[role="search"]');
  assert.equal(await form.getAttribute('action'), '/search/');
  await page.fill(`${BOX}[name="q"]`, 'refund');
  await page.press(BOX, 'Enter');
  await page.waitForURL((u) => u.pathname === '/search/' && u.searchParams.get('q') === 'refund');
  assert.ok(await page.locator('noscript, .search-page__noscript').count() >= 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('results appear as you type in the header box, the last word as a prefix', async () => {
  const { context, page, problems } = await visit(servers.main.url + '/guides/');
  const box = page.locator(BOX);
  await box.click();
  await box.pressSequentially('refu', { delay: 30 });
  await page.locator(BOX_RESULTS).first().waitFor();
  assert.equal(await box.getAttribute('role'), 'combobox');
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  const links = await hrefs(page, BOX_RESULTS);
  assert.equal(links[0], REFUND, `first result for "refu": ${links}`);
  assert.ok(await page.locator(`${BOX_RESULTS} mark`).count() >= 1, 'the matching words are marked');
  assert.match(await page.locator(BOX_RESULTS).first().innerText(), /Article/, 'the type badge');

  // Latest query wins: a quick change of mind shows the answer to the last text only.
  await box.fill('password');
  await box.fill('invoice');
  await page.waitForFunction(() => {
    const first = document.querySelector('#site-search-listbox [data-search-result] a');
    return first && first.pathname === '/help/download-an-invoice/';
  });
  await page.waitForTimeout(300);
  assert.equal((await hrefs(page, BOX_RESULTS))[0], INVOICE);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the keyboard: / and Ctrl-K focus the box, arrows pick a result, Enter opens it, Escape closes', async () => {
  const { context, page, problems } = await visit(servers.main.url + '/help/');
  const box = page.locator(BOX);
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search');
  assert.equal(await box.inputValue(), '', 'the slash is not typed into the box');
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('Control+k');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search');

  // Inside the box, / is just a character.
  await page.keyboard.type('a/b');
  assert.equal(await box.inputValue(), 'a/b');
  await box.fill('');

  await page.keyboard.type('reset passw', { delay: 20 });
  await page.locator(BOX_RESULTS).first().waitFor();
  assert.equal(await box.getAttribute('aria-activedescendant'), null);
  await page.keyboard.press('ArrowDown');
  const first = page.locator(`${BOX_RESULTS} [role="option"]`).first();
  const firstId = await first.getAttribute('id');
  assert.ok(firstId);
  assert.equal(await box.getAttribute('aria-activedescendant'), firstId);
  assert.equal(await first.getAttribute('aria-selected'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'site-search', 'focus stays in the box');
  const target = await first.getAttribute('href');
  assert.equal(new URL(target, servers.main.url).pathname, PASSWORD);

  // Escape closes the list; typing again reopens it.
  await page.keyboard.press('Escape');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#site-search-listbox').isVisible(), false);
  await page.keyboard.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  assert.equal(await box.getAttribute('aria-activedescendant'), firstId);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === PASSWORD);

  // A text field elsewhere keeps its slash.
  assert.equal(await page.locator('h1').innerText(), 'Reset your password');
  assert.deepEqual(problems, []);
  await context.close();
});

test('/ is left alone while typing in another field', async () => {
  const { context, page, problems } = await visit(servers.main.url + '/');
  await page.evaluate(() => {
    const t = document.createElement('textarea');
    t.id = 'other';
    t.setAttribute('aria-label', 'other');
    document.querySelector('main').append(t);
  });
  await page.locator('#other').click();
  await page.keyboard.type('x/y');
  assert.equal(await page.locator('#other').inputValue(), 'x/y');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'other');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Enter without a chosen result opens the results page for the text', async () => {
  const { context, page, problems } = await visit(servers.main.url + '/');
  await page.locator(BOX).click();
  await page.keyboard.type('refund');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/search/' && u.searchParams.get('q') === 'refund');
  await page.locator(RESULTS).first().waitFor();
  assert.equal(await page.locator('#search-page-input').inputValue(), 'refund');
  assert.ok((await hrefs(page, RESULTS)).includes(REFUND));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a ?q= link opens the results page with its results, count and links', async () => {
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=invoice`);
  await page.locator(RESULTS).first().waitFor();
  assert.equal(await page.locator('#search-page-input').inputValue(), 'invoice');
  const links = await hrefs(page, RESULTS);
  assert.equal(links[0], INVOICE);
  for (const href of links) assert.match(href, /^\/[^/]/, `one leading slash: ${href}`);
  const count = await page.locator(RESULTS).count();
  assert.match(await status(page), new RegExp(`^${count} results? for “invoice”`));
  assert.equal(await page.locator('[data-search-status]').getAttribute('role'), 'status');
  // Every result links to a real page.
  for (const href of links) {
    const res = await page.request.get(servers.main.url + href);
    assert.equal(res.status(), 200, href);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('hand-written filter values match regardless of case and slashes, without duplicates', async () => {
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=invoice&type=Article&section=help`);
  await page.locator(RESULTS).first().waitFor();
  assert.equal((await hrefs(page, RESULTS))[0], INVOICE);
  // One "Article" checkbox, ticked; one help section checkbox, ticked.
  const articles = page.locator('input.search-filter__input[name="type"][value="article"]');
  assert.equal(await articles.count(), 1);
  assert.equal(await articles.isChecked(), true);
  assert.equal(await page.locator('input.search-filter__input[name="type"][value="Article"]').count(), 0);
  const sections = page.locator('input.search-filter__input[name="section"]:checked');
  assert.equal(await sections.count(), 1);
  assert.equal(await sections.getAttribute('value'), 'help/');
  assert.deepEqual(problems, []);
  await context.close();
});

test('filters show counts, narrow the results and live in the URL', async () => {
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=account`);
  await page.locator(RESULTS).first().waitFor();
  const before = await page.locator(RESULTS).count();
  const article = page.locator('[data-search-filters] input[name="type"][value="article"]');
  await article.waitFor({ state: 'attached' });
  const label = await page.locator(`label[for="${await article.getAttribute('id')}"]`).innerText();
  const articleCount = Number(/(\d+)\s*$/.exec(label.replace(/\s*results?$/, ''))?.[1]);
  assert.ok(articleCount > 0 && articleCount < before, `article count ${articleCount} of ${before} (label "${label}")`);
  for (const facet of ['type', 'section', 'category', 'tag']) {
    assert.ok(await page.locator(`[data-search-filters] [data-facet="${facet}"] input[type="checkbox"]`).count() > 0, `${facet} filters`);
  }

  if (!(await article.isVisible())) await page.locator('.search-filters__summary').click();
  await article.check();
  await page.waitForFunction((n) => document.querySelectorAll('[data-search-results] [data-search-result]').length === n, articleCount);
  assert.deepEqual(new URL(page.url()).searchParams.getAll('type'), ['article']);
  for (const badge of await page.locator(`${RESULTS} .badge`).allInnerTexts()) assert.equal(badge, 'Article');
  assert.equal(await page.evaluate(() => document.activeElement.value), 'article', 'focus stays on the checkbox');

  // A second facet is ANDed; its URL parameter is added.
  const sso = page.locator('[data-search-filters] input[name="tag"][value="sso"]');
  await sso.check();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('tag') === 'sso');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-search-results] [data-search-result] a')]
    .every((a) => ['/help/reset-your-password/', '/help/set-up-single-sign-on/'].includes(a.pathname)));
  assert.ok(await page.locator(RESULTS).count() >= 1);

  // Back undoes the last filter, then the first.
  await page.goBack();
  await page.waitForFunction(() => !new URL(location.href).searchParams.has('tag'));
  await page.waitForFunction((n) => document.querySelectorAll('[data-search-results] [data-search-result]').length === n, articleCount);
  assert.equal(await sso.isChecked(), false);
  await page.goBack();
  await page.waitForFunction((n) => document.querySelectorAll('[data-search-results] [data-search-result]').length === n, before);
  assert.equal(await page.locator('[data-search-filters] input[name="type"][value="article"]').isChecked(), false);

  // Filters from a shared link are ticked and applied.
  await page.goto(`${servers.main.url}/search/?q=account&tag=sso`);
  await page.locator(RESULTS).first().waitFor();
  assert.equal(await page.locator('[data-search-filters] input[name="tag"][value="sso"]').isChecked(), true);
  for (const href of await hrefs(page, RESULTS)) {
    assert.ok([PASSWORD, '/help/set-up-single-sign-on/'].includes(href), href);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('typing rewrites the URL in place; submitting adds an entry the back button returns from', async () => {
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=refund`);
  await page.locator(RESULTS).first().waitFor();
  const length = await page.evaluate(() => history.length);
  const input = page.locator('#search-page-input');
  await input.fill('');
  await input.pressSequentially('invoice', { delay: 120 });
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'invoice');
  await page.waitForFunction(() => document.querySelector('[data-search-results] [data-search-result] a')?.pathname === '/help/download-an-invoice/');
  assert.equal(await page.evaluate(() => history.length), length, 'no history entry per keystroke');
  await input.press('Enter');
  await page.waitForFunction((n) => history.length === n + 1, length);

  await page.goBack();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'refund');
  await page.waitForFunction(() => document.querySelector('[data-search-results] [data-search-result] a')?.pathname === '/help/request-a-refund/');
  assert.equal(await input.inputValue(), 'refund');
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('[data-search-results] [data-search-result] a')?.pathname === '/help/download-an-invoice/');
  assert.equal(await input.inputValue(), 'invoice');
  assert.deepEqual(problems, []);
  await context.close();
});

test('markup in a title, description and code stays text in the results', async () => {
  for (const path of ['/search/?q=onerror', '/']) {
    const { context, page, problems } = await visit(servers.main.url + path);
    let results = RESULTS;
    if (path === '/') {
      await page.locator(BOX).click();
      await page.keyboard.type('onerror', { delay: 20 });
      results = BOX_RESULTS;
    }
    await page.locator(results).first().waitFor();
    const texts = await page.locator(results).allInnerTexts();
    assert.ok(texts.some((t) => t.includes(XSS)), `the literal markup is shown: ${JSON.stringify(texts)}`);
    assert.ok((await hrefs(page, results)).includes(XSS_PAGE));
    assert.equal(await page.locator(`${results} img`).count(), 0, 'no <img> inside results');
    assert.equal(await page.locator('img').count(), 0, 'no <img> anywhere');
    await page.waitForTimeout(200);
    assert.deepEqual(problems, [], 'no console errors and no dialog');
    await context.close();
  }
});

test('under a base path, the worker loads and results link into it without a doubled slash', async (t) => {
  if (!servers.sub) { t.skip('SEARCH_SITE is set: no sub-path build'); return; }
  const { context, page, problems } = await visit(`${servers.sub.url}/docs/search/?q=refund`);
  await page.locator(RESULTS).first().waitFor();
  assert.equal((await hrefs(page, RESULTS))[0], `/docs${REFUND}`);
  await page.locator(BOX).click();
  await page.keyboard.type('invoice');
  await page.locator(BOX_RESULTS).first().waitFor();
  assert.equal((await hrefs(page, BOX_RESULTS))[0], `/docs${INVOICE}`);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === `/docs${INVOICE}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a word with a typo still finds the page', async () => {
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=pasword`);
  await page.locator(RESULTS).first().waitFor();
  assert.ok((await hrefs(page, RESULTS)).includes(PASSWORD));
  assert.match(await page.locator('[data-search-note]').innerText(), /Showing results for similar words/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a query that matches nothing says so helpfully', async () => {
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=xylophonequartz`);
  await page.waitForFunction(() => /No results/.test(document.querySelector('[data-search-status]').textContent));
  assert.equal(await page.locator(RESULTS).count(), 0);
  assert.match(await page.locator('[data-search-results]').innerText(), /spelling/);
  assert.ok(await page.locator('[data-search-results] a[href="/help/"]').count() === 1, 'links to the sections');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a new page reuses what earlier pages fetched, on a host that sends no validators', async () => {
  // This server sends `cache-control: no-cache` and neither ETag nor Last-Modified, so the
  // HTTP cache can reuse nothing: whatever the second page does not fetch came from the
  // worker's Cache Storage.
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=refund`);
  await page.locator(RESULTS).first().waitFor();
  await page.waitForTimeout(300); // the worker stores replies without waiting for them
  const before = servers.main.requests.length;
  const second = await context.newPage();
  await second.goto(`${servers.main.url}/search/?q=refund`, { waitUntil: 'load' });
  await second.locator(RESULTS).first().waitFor();
  assert.equal((await hrefs(second, RESULTS))[0], REFUND);
  const again = servers.main.requests
    .slice(before)
    .filter((r) => /\/search\/[^/]+\.(wasm|bin|idx|term|store|fieldnorm|pos|fast)$/.test(r.path));
  assert.deepEqual(again, [], 'the runtime, the hot bundle and the ranges come from Cache Storage');
  // A new query on a new page fetches only ranges it has not seen.
  const third = await context.newPage();
  const mark = servers.main.requests.length;
  await third.goto(`${servers.main.url}/search/?q=invoice`, { waitUntil: 'load' });
  await third.locator(RESULTS).first().waitFor();
  const fetched = servers.main.requests.slice(mark).filter((r) => /\.(wasm|bin)$/.test(r.path));
  assert.deepEqual(fetched, [], 'no runtime or hot bundle downloaded again');
  assert.deepEqual(problems, []);
  await context.close();
});

test('search works on a server that ignores Range requests', async (t) => {
  const { context, page, problems } = await visit(`${servers.noRange.url}/search/?q=refund`);
  await page.locator(RESULTS).first().waitFor();
  assert.equal((await hrefs(page, RESULTS))[0], REFUND);
  await page.locator('#search-page-input').fill('single sign');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-search-results] [data-search-result] a')]
    .some((a) => a.pathname === '/help/set-up-single-sign-on/'));
  const ranged = servers.noRange.requests.filter((r) => r.range).length;
  t.diagnostic(`${ranged} requests asked for a range and got the whole file`);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [name, key, expected] of [
  ['the index is missing', 'noEntry', /entry\.json/],
  ['the worker is missing', 'noWorker', /worker\./],
  ['the index never answers', 'hang', null],
]) {
  test(`"Search could not be loaded" when ${name}`, { timeout: 60_000 }, async () => {
    const { context, page, problems } = await visit(`${servers[key].url}/search/?q=refund`);
    await page.locator('.search-error').waitFor({ timeout: 25_000 });
    assert.match(await status(page), /Search could not be loaded/);
    assert.ok(await page.locator('.search-error a[href="/help/"]').count() === 1, 'links to the sections');
    assert.equal(await page.locator(RESULTS).count(), 0);

    // The header box says the same instead of waiting forever.
    await page.locator(BOX).click();
    await page.keyboard.type('invoice');
    await page.locator('#site-search-listbox').locator('..').getByText('Search could not be loaded').waitFor({ timeout: 25_000 });
    const unexpected = problems.filter((p) => !(expected && expected.test(p)) && !/Failed to load resource/.test(p));
    assert.deepEqual(unexpected, []);
    await context.close();
  });
}

for (const scheme of ['light', 'dark']) {
  test(`the results page passes axe in ${scheme} mode with results, filters and the typo note`, async () => {
    const { context, page, problems } = await visit(`${servers.main.url}/search/?q=acount`, { colorScheme: scheme });
    await page.locator(RESULTS).first().waitFor();
    await page.locator('[data-search-filters] input[type="checkbox"]').first().waitFor({ state: 'attached' });
    const filters = page.locator('[data-search-filters]');
    if (!(await filters.evaluate((d) => d.open))) await page.locator('.search-filters__summary').click();
    assert.deepEqual(await axe(page), []);

    // The header list with results and an active option.
    await page.goto(servers.main.url + '/');
    await page.locator(BOX).click();
    await page.keyboard.type('billing', { delay: 20 });
    await page.locator(BOX_RESULTS).first().waitFor();
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await axe(page), []);
    const outline = await page.locator(`${BOX_RESULTS} [role="option"]`).first().evaluate((o) => getComputedStyle(o).outlineStyle);
    assert.notEqual(outline, 'none', 'the active option is visibly marked');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a phone-sized screen: results page and header list fit without sideways scrolling', async () => {
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=account`, {
    viewport: { width: 360, height: 740 }, isMobile: true,
  });
  await page.locator(RESULTS).first().waitFor();
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(await wide() <= 1, 'results page');
  await page.locator(BOX).click();
  await page.keyboard.type('refund');
  await page.locator(BOX_RESULTS).first().waitFor();
  for (const selector of ['#site-search-listbox', `${BOX_RESULTS} [role="option"]`]) {
    const box = await page.locator(selector).first().boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360 + 1, `${selector} at ${box.x}..${box.x + box.width}`);
  }
  assert.equal(await page.evaluate(() => window.innerWidth), 360);
  assert.ok(await wide() <= 1, 'with the header list open');
  assert.deepEqual(problems, []);
  await context.close();
});

// ------------------------------------------- filter groups, header, disk, sub-results, no results, highlight

/** A locator's visible text, one line per block (innerText puts a blank line between paragraphs). */
const text = async (locator) => (await locator.innerText()).replace(/\n+/g, '\n').trim();

/** The visible checkboxes of one filter group, as values. */
const visibleValues = (page, facet) => page.$$eval(`[data-search-filters] [data-facet="${facet}"] input[type="checkbox"]`,
  (boxes) => boxes.filter((b) => b.checkVisibility()).map((b) => b.value));

test('a filter group shows its 5 biggest values and "Show N more", which survives a refined query', async () => {
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=account`, { viewport: { width: 1280, height: 900 } });
  await page.locator(RESULTS).first().waitFor();
  const TAGS = ['billing', 'sso', 'customer-success', 'payments', 'renewals'];
  const ALL_TAGS = [...TAGS, 'security', 'sign-in', 'support'];
  await page.waitForFunction(() => document.querySelectorAll('[data-facet="tag"] input').length === 8);
  assert.deepEqual(await visibleValues(page, 'tag'), TAGS, 'the five biggest, in the engine order');
  const more = page.locator('[data-facet="tag"] button.search-filter__more');
  assert.equal(await more.innerText(), 'Show 3 more');
  assert.equal(await more.getAttribute('aria-expanded'), 'false');
  const list = await more.getAttribute('aria-controls');
  assert.equal(await page.locator(`#${list}`).evaluate((ul) => ul.closest('[data-facet]').dataset.facet), 'tag');
  // Groups of five or fewer values have no button.
  for (const facet of ['type', 'section', 'category']) {
    assert.equal(await page.locator(`[data-facet="${facet}"] button.search-filter__more`).count(), 0, facet);
  }

  // From the keyboard: Tab from the last visible tag reaches the button, Enter and Space toggle it.
  await page.locator('[data-facet="tag"] input[value="renewals"]').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Show 3 more');
  await page.keyboard.press('Enter');
  assert.equal(await more.innerText(), 'Show fewer');
  assert.equal(await more.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(await visibleValues(page, 'tag'), ALL_TAGS);

  // A refined query keeps the group open; one with five tags or fewer has no button.
  const input = page.locator('#search-page-input');
  await input.fill('your account');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'your account');
  await page.waitForFunction(() => document.querySelector('[data-search-status]').textContent.includes('your account'));
  assert.deepEqual(await visibleValues(page, 'tag'), ALL_TAGS);
  assert.equal(await more.innerText(), 'Show fewer');
  await input.fill('account settings');
  await page.waitForFunction(() => document.querySelector('[data-search-status]').textContent.includes('account settings'));
  assert.equal(await more.count(), 0);
  await input.fill('account');
  await page.waitForFunction(() => /for “account”/.test(document.querySelector('[data-search-status]').textContent));
  assert.equal(await more.innerText(), 'Show fewer');

  // A chosen value stays in sight when the group is closed again; the focus stays on the button.
  await page.locator('[data-facet="tag"] input[value="support"]').check();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('tag') === 'support');
  await page.locator(RESULTS).first().waitFor();
  await more.focus();
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-facet-more')), 'tag');
  assert.equal(await more.getAttribute('aria-expanded'), 'false');
  const shown = await visibleValues(page, 'tag');
  assert.ok(shown.includes('support') && shown.length === TAGS.length + 1, `shown: ${shown}`);
  assert.equal(await more.innerText(), `Show ${ALL_TAGS.length - shown.length} more`);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Makes the header's site name and nav as long as the sample site's, to load the layout. */
async function longHeader(page) {
  await page.evaluate(() => {
    document.querySelector('.brand__name').textContent = 'Waymark Customer Success Hub';
    const ul = document.querySelector('.site-nav ul');
    for (const name of ['Careers in customer success', 'Work stories']) {
      const li = ul.lastElementChild.cloneNode(true);
      li.querySelector('a').textContent = name;
      ul.append(li);
    }
  });
}

const rect = (page, selector) => page.locator(selector).first().evaluate((e) => e.getBoundingClientRect().toJSON());

test('the header box is wide enough to type in, and on a phone shares the first row with the brand', async () => {
  for (const [width, long] of [[1280, false], [1280, true], [900, true], [414, false], [414, true], [360, true]]) {
    const phone = width < 500;
    const { context, page, problems } = await visit(servers.main.url + '/help/', {
      viewport: { width, height: 800 }, isMobile: phone, hasTouch: phone,
    });
    if (long) await longHeader(page);
    const where = `${width}px${long ? ', long name and nav' : ''}`;
    const input = await rect(page, `${BOX}`);
    const brand = await rect(page, '.brand');
    const nav = await rect(page, '.site-nav');
    assert.ok(input.width >= (phone ? 150 : 14 * 16), `${where}: the box is ${input.width}px wide`);
    assert.ok(Math.abs((brand.top + brand.bottom) / 2 - (input.top + input.bottom) / 2) <= 2, `${where}: the box is on the brand's row`);
    assert.ok(input.right <= width - 15 && brand.left >= 15, `${where}: inside the container (${brand.left}..${input.right})`);
    assert.ok(brand.right <= input.left, `${where}: the brand ends before the box (${brand.right} > ${input.left})`);
    const links = await page.$$eval('.site-nav a', (as) => as.map((a) => a.getBoundingClientRect().toJSON()));
    const under = links.filter((l) => l.top < input.bottom && l.bottom > input.top && l.right > input.left && l.left < input.right);
    assert.deepEqual(under, [], `${where}: the nav clears the box`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${where}: no sideways scrolling`);
    // The short fixture nav fits beside the brand on a desktop: one row.
    if (width === 1280 && !long) assert.ok(nav.bottom <= input.bottom + 12, `${where}: one row (nav ends at ${nav.bottom})`);
    // The long one does not: it gets a row of its own, all of it on one line.
    if (width >= 900 && long) {
      assert.ok(nav.top >= input.bottom, `${where}: the nav is under the box`);
      const tops = await page.$$eval('.site-nav a', (as) => new Set(as.map((a) => Math.round(a.getBoundingClientRect().top))).size);
      assert.equal(tops, 1, `${where}: the nav is one line`);
    }
    // Typing works at this size.
    await page.locator(BOX).click();
    await page.keyboard.type('refund');
    await page.waitForFunction((url) => document.querySelector('#site-search-listbox [data-search-result] a')?.pathname === url, REFUND);
    assert.deepEqual(problems, [], where);
    await context.close();
  }
});

test('opened from disk, the header box and the results page say search needs the site served', async (t) => {
  if (!diskSite) { t.skip('SEARCH_SITE is set'); return; }
  const SAYS = 'Search works once the site is served: run waymark serve, or publish it.';
  // Served, the notes stay hidden.
  const served = await visit(`${servers.main.url}/search/`);
  assert.equal(await served.page.locator('[data-search-disk]').count(), 2);
  assert.equal(await served.page.locator('[data-search-disk]:visible').count(), 0);
  await served.context.close();

  // From disk the site's /… links reach neither the style sheet nor search.js: only the
  // inline script of base.html runs, and says it by every box.
  for (const scheme of ['light', 'dark']) {
    const { context, page, problems } = await visit(`file://${diskSite}/help/index.html`, { colorScheme: scheme });
    const header = page.locator('.site-header [data-search-disk]');
    assert.equal(await header.innerText(), SAYS);
    assert.equal(await header.locator('code').innerText(), 'waymark serve');
    // Enter does not leave for a results page that cannot search.
    const here = page.url();
    await page.locator(BOX).fill('refund');
    await page.locator(BOX).press('Enter');
    await page.waitForTimeout(300);
    assert.equal(page.url(), here);

    await page.goto(`file://${diskSite}/search/index.html?q=refund`);
    assert.deepEqual(await page.locator('[data-search-disk]').allInnerTexts(), [SAYS, SAYS], 'the header box and the page\'s box');
    assert.ok(await page.locator('[data-search-page] [data-search-disk]').isVisible());
    await page.locator('#search-page-input').press('Enter');
    await page.waitForTimeout(300);
    assert.equal(new URL(page.url()).pathname, `${diskSite}/search/index.html`);
    // Unstyled, a dark page has the browser's own link colours, which fail contrast on every
    // link of it: there the notes alone are checked.
    assert.deepEqual(await axe(page, scheme === 'dark' ? '[data-search-disk]' : null), [], scheme);
    // What failed is what a disk cannot give: the site's /… files (file:///style.css).
    // axe reads style sheets too: file:///style.css is refused to it.
    const expected = (p) => /^request failed: file:\/\/\/[^/]+ /.test(p) || /^console: Failed to load resource/.test(p)
      || /^console: Access to XMLHttpRequest at 'file:\/\/\/[^/']+' from origin 'null'/.test(p);
    assert.deepEqual(problems.filter((p) => !expected(p)), []);
    await context.close();
  }
});

// The engine sends `sub` from the change that adds it; until then the answers are patched
// (patchAnswers). Once it does, a hit of a long page lists its matching sections for real.
const REFUND_SUBS = {
  [REFUND]: [
    { url: `${REFUND}#resolution`, title: [['Resolution', false]], snippet: [['Refunds', true], [' reach your card within five to ten business days.', false]] },
    { url: `${REFUND}#annual`, title: [['Annual plan ', false], ['refund', true], ['s', false]], snippet: [['Annual plans can be refunded within thirty days.', false]] },
  ],
};

test('a hit lists its matching sections as links under it, from the keyboard too', async () => {
  for (const scheme of ['light', 'dark']) {
    const { context, page, problems } = await visit(`${servers.main.url}/search/?q=refund`, { colorScheme: scheme }, { sub: REFUND_SUBS });
    await page.locator(RESULTS).first().waitFor();
    const hit = page.locator(RESULTS).first();
    const subs = hit.locator('ul.search-subs > li.search-sub');
    assert.equal(await subs.count(), 2);
    const links = hit.locator('a.search-sub__link');
    assert.deepEqual(await links.allInnerTexts(), ['Resolution', 'Annual plan refunds']);
    assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [
      `${REFUND}?highlight=refund+refunds#resolution`,
      `${REFUND}?highlight=refund+refunds#annual`,
    ]);
    assert.deepEqual(await hit.locator('.search-sub__text').allInnerTexts(), [
      'Refunds reach your card within five to ten business days.',
      'Annual plans can be refunded within thirty days.',
    ]);
    assert.deepEqual(await subs.locator('mark').allInnerTexts(), ['Refunds', 'refund'], 'the matches are marked');
    // The other hits have none.
    assert.equal(await page.locator(`${RESULTS} ul.search-subs`).count(), 1);
    await page.waitForTimeout(300);
    assert.deepEqual(await axe(page), [], scheme);

    // Tab goes from the hit to its sections; Enter opens the section on its page.
    await hit.locator('a.search-result__link').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Resolution');
    if (scheme === 'light') {
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname === REFUND && u.hash === '#resolution');
    } else {
      // A click reaches the section's link, not the hit's (whose link covers the card).
      await links.nth(1).click();
      await page.waitForURL((u) => u.pathname === REFUND && u.hash === '#annual');
    }
    assert.equal(new URL(page.url()).searchParams.get('highlight'), 'refund refunds');
    assert.ok(await page.locator('main mark.search-hit').count() >= 2, 'the words are marked there');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the header list: a hit\'s matching sections are options under it; "did you mean" searches in the box', async () => {
  // The real engine, no patching: the refund page matches "refund" under two of its headings.
  const { context, page, problems } = await visit(servers.main.url + '/guides/');
  const box = page.locator(BOX);
  await box.click();
  await page.keyboard.type('refund', { delay: 20 });
  await page.locator(BOX_RESULTS).first().waitFor();
  const options = page.locator('#site-search-listbox [role="option"]');
  const subs = page.locator('#site-search-listbox .search-option--sub [role="option"]');
  assert.deepEqual(await subs.evaluateAll((os) => os.map((o) => o.textContent)),
    ['Section: Resolution', 'Section: Resume a paused plan first']);
  assert.equal(new URL(await options.nth(1).getAttribute('href'), servers.main.url).hash, '#resolution',
    'the sections follow their page');
  assert.deepEqual(await axe(page), []);

  // Arrows reach a section like any result; Enter opens it on its page, the words marked.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-activedescendant'), 'site-search-opt-0-0');
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === REFUND && u.hash === '#resolution');
  assert.ok(new URL(page.url()).searchParams.get('highlight').includes('refund'));

  // Nothing found: "Did you mean" is an option; choosing it searches for the word in the box.
  await page.locator(BOX).click();
  await page.keyboard.type('rfnd', { delay: 20 });
  const suggestion = page.locator('#site-search-listbox .search-option--suggestion [role="option"]');
  await suggestion.waitFor();
  assert.equal(await suggestion.innerText(), 'Did you mean refund?');
  assert.equal(await page.locator(`${BOX} ~ .search-popup .search-popup__title`).innerText(), 'No results for “rfnd”');
  await page.keyboard.press('ArrowDown');
  assert.equal(await box.getAttribute('aria-activedescendant'), 'site-search-opt-suggestion');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#site-search').value === 'refund'
    && document.querySelector('#site-search-listbox [data-search-result] a')?.pathname === '/help/request-a-refund/');
  assert.equal(new URL(page.url()).pathname, REFUND, 'the page stays');
  // And by a click.
  await box.fill('rfnd');
  await suggestion.waitFor();
  await suggestion.click();
  await page.waitForFunction(() => document.querySelector('#site-search').value === 'refund');
  assert.equal(new URL(page.url()).pathname, REFUND);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the real engine sends "did you mean" and the sections to browse through the worker', async () => {
  // No patching: the runtime's answer carries `suggestion` and `near_sections` over the wire.
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=${encodeURIComponent('rfnd qqq ')}`);
  await page.locator('.search-empty').waitFor();
  const empty = page.locator('.search-empty');
  assert.equal(await empty.locator('.search-empty__suggestion').innerText(), 'Did you mean refund qqq?');
  assert.ok((await empty.locator('.search-empty__near').innerText()).startsWith('Browse: '));
  assert.deepEqual(problems, []);
  await context.close();
});

/** The result links of `q` on a new load of the results page, from the real engine; with
 * `shown`, the status line's text too. */
async function results(q, { shown = false } = {}) {
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=${encodeURIComponent(q)}`);
  await page.locator('[data-search-status]').filter({ hasText: /results? for/ }).waitFor();
  const found = await hrefs(page, '.search-result__title');
  const line = await status(page);
  assert.deepEqual(problems, []);
  await context.close();
  return shown ? { found, line } : found;
}

test('quoted words are a phrase: only pages with them together, from the real engine', async () => {
  // Apart, three pages have both words; together, one.
  assert.deepEqual((await results('accounting team')).length, 3);
  assert.deepEqual(await results('"accounting team"'), ['/help/download-an-invoice/']);
  assert.deepEqual(await results('“account renewal”'), ['/playbooks/renewal/']);
  // The status line shows a quoted query as typed, not inside quotation marks of its own.
  assert.deepEqual(await results('"accounting team"', { shown: true }),
    { found: ['/help/download-an-invoice/'], line: '1 result for "accounting team"' });
  assert.equal((await results('accounting team', { shown: true })).line, '3 results for “accounting team”');
});

test('a word typed with accents ranks the page spelt so first; typed plain it finds both', async () => {
  // The refund page says "resume" under a heading, the glossary "résumé" once in its text.
  assert.deepEqual(await results('resume'), ['/help/request-a-refund/', '/guides/glossary/']);
  assert.deepEqual(await results('Résumé'), ['/guides/glossary/', '/help/request-a-refund/']);
});

test('no results: "Did you mean", the sections near the query, and the support block stays', async () => {
  const patch = { answer: { suggestion: 'password reset', near_sections: [['help/', 'Help center'], ['guides/', 'Guides']] } };
  for (const scheme of ['light', 'dark']) {
    const { context, page, problems } = await visit(`${servers.main.url}/search/?q=xylophonequartz`, { colorScheme: scheme }, patch);
    await page.locator('.search-empty').waitFor();
    assert.equal(await status(page), 'No results for “xylophonequartz”');
    const empty = page.locator('.search-empty');
    assert.equal(await empty.locator('.search-empty__suggestion').innerText(), 'Did you mean password reset?');
    const suggestion = empty.getByRole('link', { name: 'password reset' });
    assert.equal(await suggestion.getAttribute('href'), '/search/?q=password+reset');
    assert.equal(await empty.locator('.search-empty__near').innerText(), 'Browse: Help center · Guides');
    assert.deepEqual(await hrefs(page, '.search-empty__near'), ['/help/', '/guides/']);
    assert.equal(await empty.locator('.search-empty__sections').count(), 0, 'the near sections replace the list of all');
    assert.equal(await text(empty),
      'Nothing matched your search\nDid you mean password reset?\nCheck the spelling or try fewer or more general words.\nBrowse: Help center · Guides');
    await page.waitForTimeout(300);
    assert.deepEqual(await axe(page), [], scheme);

    // The suggestion searches in place, from the keyboard: a new history entry, its results.
    const length = await page.evaluate(() => history.length);
    await suggestion.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'password reset');
    await page.locator(RESULTS).first().waitFor();
    assert.equal(await page.locator('#search-page-input').inputValue(), 'password reset');
    assert.equal((await hrefs(page, RESULTS))[0], PASSWORD);
    assert.equal(await page.evaluate(() => history.length), length + 1);
    assert.deepEqual(problems, []);
    await context.close();
  }

  // Unpatched, the engine has nothing to respell and offers the top-level sections.
  const { context, page } = await visit(`${servers.main.url}/search/?q=xylophonequartz`);
  await page.locator('.search-empty').waitFor();
  assert.equal(await page.locator('.search-empty__suggestion').count(), 0);
  assert.equal(await page.locator('.search-empty__near a[href="/help/"]').count(), 1);
  await context.close();
});

test('near sections link into the base path', async (t) => {
  if (!servers.sub) { t.skip('SEARCH_SITE is set: no sub-path build'); return; }
  const patch = { answer: { near_sections: [['help/', 'Help center']] } };
  const { context, page, problems } = await visit(`${servers.sub.url}/docs/search/?q=xylophonequartz`, {}, patch);
  await page.locator('.search-empty__near').waitFor();
  assert.deepEqual(await hrefs(page, '.search-empty__near'), ['/docs/help/']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('result links carry the matched words; the page they open marks them', async () => {
  // The results page and the header box: lower-cased, each word once.
  const { context, page, problems } = await visit(`${servers.main.url}/search/?q=refund`, { viewport: { width: 360, height: 480 }, isMobile: true });
  await page.locator(RESULTS).first().waitFor();
  const first = page.locator(`${RESULTS} a.search-result__link`).first();
  assert.equal(await first.getAttribute('href'), `${REFUND}?highlight=refund+refunds`);
  await page.locator(BOX).click();
  await page.keyboard.type('refund');
  await page.locator(BOX_RESULTS).first().waitFor();
  assert.equal(await page.locator(`${BOX_RESULTS} a`).first().getAttribute('href'), `${REFUND}?highlight=refund+refunds`);
  await page.keyboard.press('Escape');

  // On the page: whole words in any case inside <main>, nothing else; scrolled to the first.
  await first.click();
  await page.waitForURL((u) => u.pathname === REFUND);
  const marks = page.locator('mark.search-hit');
  const texts = await marks.allInnerTexts();
  assert.ok(texts.includes('Refunds') && texts.includes('refund'), `marked: ${texts}`);
  for (const text of texts) assert.ok(['refund', 'refunds'].includes(text.toLowerCase()), `marked: ${text}`);
  assert.equal(await page.locator('main mark.search-hit').count(), texts.length, 'only inside <main>');
  assert.match(await page.locator('main').innerText(), /refunded/, 'the page has a longer word…');
  assert.ok(!texts.some((t) => /refunded/i.test(t)), '…which is not marked');
  assert.equal(await page.locator('main :is(script, style) mark').count(), 0);
  const background = await marks.first().evaluate((m) => getComputedStyle(m).backgroundColor);
  assert.equal(background, 'rgb(253, 230, 138)', 'the theme colours');
  await page.waitForTimeout(300);
  assert.deepEqual(await axe(page), []);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300);
  assert.deepEqual(await axe(page), [], 'dark');

  // Far down a short screen: scrolled into view, unless the URL has an #anchor of its own.
  await page.goto(`${servers.main.url}${REFUND}?highlight=thirty`);
  const far = page.locator('mark.search-hit');
  assert.equal(await far.innerText(), 'thirty');
  await page.waitForFunction(() => {
    const r = document.querySelector('mark.search-hit').getBoundingClientRect();
    return window.scrollY > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  });
  await page.goto(`${servers.main.url}${REFUND}?highlight=Thirty#nowhere`); // a new URL, not a jump in the page
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  assert.equal(await page.locator('mark.search-hit').count(), 1);

  // The words are text: markup and pattern characters in them mark text and run nothing.
  await page.goto(`${servers.main.url}${XSS_PAGE}?highlight=${encodeURIComponent('<img onerror=alert(1)> (.*) [ \\')}`);
  assert.deepEqual([...new Set(await page.locator('mark.search-hit').allInnerTexts())], ['<img', 'onerror=alert(1)>']);
  assert.equal(await page.locator('main img').count(), 0);
  await page.waitForTimeout(200);
  assert.deepEqual(problems, [], 'no console errors and no dialog');
  await context.close();
});
