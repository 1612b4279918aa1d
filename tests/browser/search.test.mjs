// The offline search of the default theme in a real browser, against the real engine: the
// fixture site tests/fixtures/search is built with `waymark build` (index, wasm and worker
// included) and served by a small static server in this file, which can also ignore Range
// requests or break the index on purpose. Covers results as you type, the keyboard (`/`,
// Ctrl-K, arrows, Enter, Escape), the results page (deep links, filters with counts, the URL
// and the back button), typo tolerance, markup in titles staying text, the "could not be
// loaded" message, no console errors, axe in light and dark mode and a phone-sized screen.
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
let built;
let browser;
const servers = {};

before(async () => {
  site = process.env.SEARCH_SITE;
  if (!site) {
    built = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-search-'));
    site = path.join(built, 'public');
    execFileSync(bin, ['build', '--root', FIXTURE, '--output', site], { stdio: 'pipe' });
    // The same site published under /docs/ (base_path "/docs/").
    subSite = path.join(built, 'docs');
    execFileSync(bin, ['build', '--root', FIXTURE, '--output', subSite, '--base-url', 'https://search.example.com/docs/'], { stdio: 'pipe' });
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
async function visit(url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
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

const hrefs = (page, selector) => page.$$eval(`${selector} a[href]`, (as) => as.map((a) => a.getAttribute('href')));
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
    return first && first.getAttribute('href') === '/help/download-an-invoice/';
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
  assert.equal(target, PASSWORD);

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
    .every((a) => ['/help/reset-your-password/', '/help/set-up-single-sign-on/'].includes(a.getAttribute('href'))));
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
  await page.waitForFunction(() => document.querySelector('[data-search-results] [data-search-result] a')?.getAttribute('href') === '/help/download-an-invoice/');
  assert.equal(await page.evaluate(() => history.length), length, 'no history entry per keystroke');
  await input.press('Enter');
  await page.waitForFunction((n) => history.length === n + 1, length);

  await page.goBack();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'refund');
  await page.waitForFunction(() => document.querySelector('[data-search-results] [data-search-result] a')?.getAttribute('href') === '/help/request-a-refund/');
  assert.equal(await input.inputValue(), 'refund');
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('[data-search-results] [data-search-result] a')?.getAttribute('href') === '/help/download-an-invoice/');
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
    .some((a) => a.getAttribute('href') === '/help/set-up-single-sign-on/'));
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
