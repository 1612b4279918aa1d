// Feedback and search insights of the default theme (static/insights.js, ui.feedback,
// ui.support and the search events of static/search.js) in a real browser. Small fixture
// sites, one per [analytics] setup, are written to a temp folder with the theme from disk and
// served with `waymark serve`; a recording HTTP server on loopback stands in for the
// analytics: it logs every request (method, path, headers, body), receives the `endpoint`
// beacons and serves fake Plausible, Umami and gtag.js scripts that report each call they
// get back to it. Covers the endpoint JSON contract, the three providers' calls, nothing
// loaded or sent when nothing is configured or the reader sends Do Not Track / Global
// Privacy Control, the no-JS links, the keyboard, and the "Still need help?" block.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { repo, serve, launch, open, axe } from './harness.mjs';

const ARTICLE = '/help/reset-password/';
const ARTICLE_TITLE = 'Reset your password';
const GUIDE = '/guide/';
const LEGAL = '/legal/';
const SEARCH = '/search/';
const FORM = 'https://forms.example.com/feedback';
const REASONS = ["It didn't answer my question", "The steps didn't work", 'It was hard to follow', "It's out of date"];
const NONE = 'qwxyzzy';
const YES = '[data-feedback-answer="yes"]';
const NO = '[data-feedback-answer="no"]';
const PAGE_INPUT = '#search-page-input';
const PAGE_RESULTS = '[data-search-results] [data-search-result]';
/** A result link's target as search_click reports it: without the ?highlight= of the link. */
const reported = (href) => {
  assert.match(href, /\?highlight=/, 'result links carry the matched words');
  return href.replace(/\?highlight=[^#]*/, '');
};

// ------------------------------------------------------------ the recorder

/** Fake provider scripts: each call they get goes back to the recorder as a text/plain beacon. */
const FAKES = {
  '/plausible.js': `(() => {
    const me = document.currentScript;
    const to = new URL(me.src).origin + '/collect/plausible';
    const post = (args) => navigator.sendBeacon(to, new Blob([JSON.stringify({ domain: me.getAttribute('data-domain'), args: Array.from(args) })], { type: 'text/plain' }));
    const queued = (window.plausible && window.plausible.q) || [];
    window.plausible = function () { post(arguments); };
    queued.forEach(post);
  })();`,
  // Umami's global appears a little after its script has loaded: calls made before wait.
  '/umami.js': `(() => {
    const me = document.currentScript;
    const to = new URL(me.src).origin + '/collect/umami';
    const websiteId = me.getAttribute('data-website-id');
    setTimeout(() => {
      window.umami = { track(name, data) {
        navigator.sendBeacon(to, new Blob([JSON.stringify({ websiteId, name, data })], { type: 'text/plain' }));
      } };
    }, 300);
  })();`,
  // Like gtag.js, only Arguments objects in the dataLayer count.
  '/gtag.js': `(() => {
    const to = new URL(document.currentScript.src).origin + '/collect/ga4';
    const handle = (entry) => {
      if (Object.prototype.toString.call(entry) !== '[object Arguments]') return;
      const args = Array.from(entry).map((a) => (a instanceof Date ? 'date' : a));
      navigator.sendBeacon(to, new Blob([JSON.stringify(args)], { type: 'text/plain' }));
    };
    const layer = window.dataLayer = window.dataLayer || [];
    layer.forEach(handle);
    layer.push = function (...items) { items.forEach(handle); return Array.prototype.push.apply(this, items); };
  })();`,
};

function recorder() {
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      const url = new URL(req.url, 'http://localhost');
      requests.push({ method: req.method, path: url.pathname, headers: req.headers, body });
      if (req.method === 'GET' && FAKES[url.pathname]) {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
        res.end(FAKES[url.pathname]);
        return;
      }
      res.writeHead(204);
      res.end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      requests,
      /** Bodies (parsed JSON) of the POSTs to `where`. */
      posts: (where) => requests.filter((r) => r.method === 'POST' && r.path === where).map((r) => JSON.parse(r.body)),
      gets: (where) => requests.filter((r) => r.method === 'GET' && r.path === where).length,
      clear: () => { requests.length = 0; },
      close: () => { server.closeAllConnections(); server.close(); },
    }));
  });
}

// ------------------------------------------------------------ the fixtures

const PAGES = {
  '_index.md': 'title: Home\n---\nWelcome to the help center.\n',
  'help/_index.md': 'title: Help\npage_type: article\n---\nHelp articles.\n',
  'help/reset-password.md': `title: ${ARTICLE_TITLE}\nproduct_area: Accounts\n---\nOpen the sign-in page and choose **Forgot password**. The password reset email arrives in a minute.\n`,
  'help/change-password.md': 'title: Change your password\nproduct_area: Accounts\n---\nA new password can be set under Settings. Pick a long password.\n',
  'help/invoices.md': 'title: Download an invoice\nproduct_area: Billing\n---\nInvoices are under Billing.\n',
  'guide.md': 'title: Getting started\n---\nA plain page about the first steps.\n',
  'legal.md': 'title: Legal\nfeedback: false\n---\nThe terms of service.\n',
};

let tmp;
function writeSite(name, toml) {
  const dir = path.join(tmp, name);
  fs.cpSync(path.join(repo, 'themes/default'), path.join(dir, 'themes/default'), { recursive: true });
  for (const [file, text] of Object.entries(PAGES)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'content', file)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'content', file), `---\n${text}`);
  }
  fs.writeFileSync(path.join(dir, 'waymark.toml'), `base_url = "http://127.0.0.1/"\ntitle = "T"\n${toml}`);
  return dir;
}

let rec;
let browser;
const sites = {};

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-insights-'));
  rec = await recorder();
  const support = '[support]\nemail = "help@example.com"\n';
  const configs = {
    endpoint: `[analytics]\nprovider = "endpoint"\nendpoint = "${rec.url}/collect"\nsearch_events = true\n[feedback]\nurl = "${FORM}"\n${support}`,
    // No [feedback] url and no support address: the question needs JavaScript.
    plausible: `[analytics]\nprovider = "plausible"\ndomain = "x"\nscript = "${rec.url}/plausible.js"\n`,
    umami: `[analytics]\nprovider = "umami"\nwebsite_id = "abc"\nscript = "${rec.url}/umami.js"\n[feedback]\nurl = "${FORM}"\n`,
    ga4: `[analytics]\nprovider = "ga4"\nmeasurement_id = "G-TEST"\nscript = "${rec.url}/gtag.js?id=G-TEST"\n`,
    nothing: '',
    // A no-JS target but no provider: plain links, no script.
    links: `[feedback]\nurl = "${FORM}"\n${support}`,
  };
  const started = await Promise.all(Object.entries(configs).map(async ([name, toml]) => [name, await serve(writeSite(name, toml))]));
  for (const [name, server] of started) sites[name] = server;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const server of Object.values(sites)) server.stop();
  rec?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------- helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check, what, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; recorded: ${JSON.stringify(rec.requests.map((r) => [r.method, r.path, r.body]))}`);
    await sleep(50);
  }
}

/** Endpoint events (parsed bodies posted to /collect), optionally of one name. */
const beacons = (name) => rec.posts('/collect').filter((e) => !name || e.event === name);

// `waymark serve` keeps a live-reload stream open, and the favicon may still be loading:
// leaving a page cancels them. Beacons sent as a page is left are reported as failed to the
// page, though the browser still sends them (the recorder's log is what the tests check).
const real = (problems) => problems.filter((p) => !p.includes('/__waymark/')
  && !/^request failed: \S+\/favicon\.svg$/.test(p) && !p.startsWith(`request failed: ${rec.url}/collect`));

/** Waits until the recorder has been quiet for a moment (late beacons of a previous test), then empties it. */
async function settle() {
  let seen = -1;
  while (seen !== rec.requests.length) {
    seen = rec.requests.length;
    await sleep(250);
  }
  rec.clear();
}

async function fresh(options) {
  await settle();
  return browser.newContext(options);
}

/** Types `text` key by key into `selector` and waits until the results page shows its results. */
async function typeSearch(page, selector, text) {
  await page.locator(selector).click();
  await page.locator(selector).pressSequentially(text, { delay: 110 });
}

async function waitForResults(page, q) {
  await page.locator('[data-search-status]').filter({ hasText: `for “${q}”` }).waitFor();
}

// ------------------------------------------------------------------ tests

test('endpoint: No, a reason and a comment arrive as feedback and feedback_detail', async () => {
  const site = sites.endpoint;
  const host = new URL(site.url).host;
  const context = await fresh();
  const { page, problems } = await open(context, site.url + ARTICLE);
  // insights.js comes before search.js, so search.js finds window.waymarkInsights.
  const order = await page.$$eval('script[src]', (s) => s.map((x) => new URL(x.src).pathname));
  assert.ok(order.indexOf('/insights.js') !== -1 && order.indexOf('/insights.js') < order.indexOf('/search.js'), order.join());
  assert.equal(await page.evaluate(() => window.waymarkInsights.enabled && window.waymarkInsights.searchEvents), true);

  const no = page.locator(NO);
  assert.equal(await no.getAttribute('role'), 'button');
  assert.equal(await page.locator('[data-feedback-form]').isVisible(), false);
  await no.click();
  await waitFor(() => beacons('feedback').length, 'feedback');
  assert.equal(page.url(), site.url + ARTICLE, 'the answer did not follow the no-JS link');
  assert.deepEqual(beacons(), [{ event: 'feedback', page: ARTICLE, helpful: 'no', site: host }]);
  assert.equal(await page.locator(YES).isVisible(), false, 'the answers make way for the follow-up');
  assert.ok(await page.evaluate(() => document.activeElement.matches('[data-feedback-prompt="no"]')));

  const radios = page.locator('[data-feedback-reasons] input[type="radio"]');
  assert.equal(await radios.count(), REASONS.length);
  assert.deepEqual(await radios.evaluateAll((r) => r.map((x) => x.value)), REASONS);
  assert.equal(await page.locator('[data-feedback-reasons] legend').count(), 1);
  await page.getByLabel(REASONS[1]).check();
  // Longer than the box's maxlength (set by script, as a paste in an old browser could): cut.
  const long = '  The reset link expired. ' + 'x'.repeat(600);
  await page.getByLabel(/Comment/).evaluate((box, text) => { box.value = text; }, long);
  await page.getByRole('button', { name: 'Send feedback' }).click();
  await waitFor(() => beacons('feedback_detail').length, 'feedback_detail');
  assert.deepEqual(beacons('feedback_detail'), [{
    event: 'feedback_detail', page: ARTICLE, helpful: 'no', reason: REASONS[1], comment: long.trim().slice(0, 500), site: host,
  }]);
  const status = page.locator('[data-feedback-status]');
  assert.equal(await status.innerText(), 'Thanks for your feedback.');
  assert.ok(await status.evaluate((s) => s === document.activeElement && s.getAttribute('aria-live') === 'polite'));
  assert.equal(await page.locator('[data-feedback-form]').isVisible(), false);

  // Two text/plain beacons (no preflight, no script) and nothing else reached the recorder.
  await sleep(300);
  assert.deepEqual(rec.requests.map((r) => `${r.method} ${r.path}`), ['POST /collect', 'POST /collect']);
  for (const r of rec.requests) assert.equal(r.headers['content-type'].toLowerCase(), 'text/plain;charset=utf-8');
  assert.deepEqual(real(problems), []);
  await context.close();
});

test('endpoint: the results page reports the final query, no results, and the clicked position', async () => {
  const site = sites.endpoint;
  const host = new URL(site.url).host;
  const context = await fresh();
  const { page, problems } = await open(context, site.url + SEARCH);

  // Typed key by key: results for "p", "pa"… are shown, but only the last query is final.
  await typeSearch(page, PAGE_INPUT, 'password');
  await waitForResults(page, 'password');
  const shown = await page.locator(PAGE_RESULTS).count();
  assert.ok(shown >= 2, 'the fixture has two password articles');
  await waitFor(() => beacons('search').length, 'search');
  await sleep(300); // a per-keystroke report would have come before the final one
  assert.deepEqual(beacons(), [{ event: 'search', page: SEARCH, query: 'password', results: shown, site: host }]);
  assert.equal(await page.locator('[data-search-results] .support').count(), 0, 'no contact block while there are results');

  // A query without results: search_no_results, and the contact block.
  await page.locator(PAGE_INPUT).fill(NONE);
  await page.locator('[data-search-status]').filter({ hasText: 'No results' }).waitFor();
  const support = page.locator('[data-search-results] .support');
  assert.ok(await support.isVisible());
  assert.equal(await support.getByRole('heading').innerText(), 'Still need help?');
  assert.equal(await support.getByRole('link', { name: 'Contact support' }).getAttribute('href'), 'mailto:help@example.com');
  await waitFor(() => beacons('search_no_results').length, 'search_no_results');
  assert.deepEqual(beacons('search_no_results'), [{ event: 'search_no_results', page: SEARCH, query: NONE, site: host }]);
  assert.equal(beacons('search').length, 1);

  // Back to "password" and straight to the second result: the query counts (it was
  // final), then the click, before the page is left.
  await page.locator(PAGE_INPUT).fill('password');
  await waitForResults(page, 'password');
  const second = page.locator(`${PAGE_RESULTS} a.search-result__link`).nth(1);
  const href = await second.getAttribute('href');
  await Promise.all([page.waitForURL(site.url + href), second.click()]);
  await waitFor(() => beacons('search_click').length, 'search_click');
  await waitFor(() => beacons('search').length >= 2, 'the final search');
  await sleep(300);
  // Beacons travel on connections of their own, so they may arrive in any order.
  assert.deepEqual(beacons().map((e) => e.event).sort(), ['search', 'search', 'search_click', 'search_no_results']);
  assert.deepEqual(beacons('search_click'), [{ event: 'search_click', page: SEARCH, query: 'password', position: 2, url: reported(href), site: host }]);
  assert.deepEqual(real(problems), []);
  await context.close();
});

test('endpoint: the header box reports its query and the chosen option; a submitted query counts once', async () => {
  const site = sites.endpoint;
  const context = await fresh();
  const { page, problems } = await open(context, site.url + '/');
  await typeSearch(page, '#site-search', 'password');
  await page.locator('#site-search-listbox [data-search-result]').first().waitFor();
  await waitFor(() => beacons('search').length, 'search');
  const options = page.locator('#site-search-listbox [data-search-result] a');
  const count = await options.count();
  assert.deepEqual(beacons('search').map((e) => [e.page, e.query]), [['/', 'password']]);
  assert.ok(beacons('search')[0].results >= count);
  const href = await options.nth(1).getAttribute('href');
  await page.locator('#site-search').press('ArrowDown');
  await page.locator('#site-search').press('ArrowDown');
  await Promise.all([page.waitForURL(site.url + href), page.locator('#site-search').press('Enter')]);
  await waitFor(() => beacons('search_click').length, 'search_click');
  assert.deepEqual(beacons('search_click').map((e) => [e.page, e.query, e.position, e.url]), [['/', 'password', 2, reported(href)]]);

  // Typed and submitted at once: the results page reports it, once; its reload does not.
  rec.clear();
  await page.locator('#site-search').click();
  await page.locator('#site-search').pressSequentially('invoice', { delay: 30 });
  await Promise.all([page.waitForURL(/\/search\/\?q=invoice$/), page.locator('#site-search').press('Enter')]);
  await waitForResults(page, 'invoice');
  await waitFor(() => beacons('search').length, 'search');
  await page.reload();
  await waitForResults(page, 'invoice');
  await sleep(1100);
  assert.deepEqual(beacons().map((e) => [e.event, e.page, e.query, e.results]), [['search', SEARCH, 'invoice', 1]]);
  assert.deepEqual(real(problems), []);
  await context.close();
});

/** Answers No with the second reason and a comment, then searches and opens the second result. */
async function providerRun(site) {
  const context = await fresh();
  const { page, problems } = await open(context, site.url + ARTICLE);
  // Umami's global appears 300 ms after its script (see above): events sent before it are
  // queued on the page and a page left that early loses them, as with the real script. A
  // visitor takes longer than that to read and answer; the test waits as a visitor would.
  if (site === sites.umami) await page.waitForFunction(() => window.umami);
  await page.locator(NO).click();
  await page.getByLabel(REASONS[1]).check();
  await page.getByLabel(/Comment/).fill('Too short');
  await page.getByRole('button', { name: 'Send feedback' }).click();
  await page.locator('[data-feedback-status]').filter({ hasText: 'Thanks' }).waitFor();
  await page.goto(site.url + SEARCH);
  await page.locator(PAGE_INPUT).fill('password');
  await waitForResults(page, 'password');
  const results = await page.locator(PAGE_RESULTS).count();
  const scripts = await page.$$eval('script[src^="http://127.0.0.1"]', (s) => s
    .filter((x) => new URL(x.src).origin !== location.origin)
    .map((x) => ({ src: x.src, domain: x.getAttribute('data-domain'), id: x.getAttribute('data-website-id') })));
  return { context, page, problems, results, scripts };
}

async function clickSecond(page, site) {
  const second = page.locator(`${PAGE_RESULTS} a.search-result__link`).nth(1);
  const href = await second.getAttribute('href');
  await Promise.all([page.waitForURL(site.url + href), second.click()]);
  return href;
}

const feedbackProps = { page: ARTICLE, helpful: 'no' };
const detailProps = { page: ARTICLE, helpful: 'no', reason: REASONS[1], comment: 'Too short' };

test('plausible: its script is loaded from the configured URL and gets plausible(name, {props})', async () => {
  const site = sites.plausible;
  const { context, page, problems, results, scripts } = await providerRun(site);
  assert.deepEqual(scripts, [{ src: `${rec.url}/plausible.js`, domain: 'x', id: null }]);
  await waitFor(() => rec.posts('/collect/plausible').length >= 3, 'the search');
  assert.equal(rec.gets('/plausible.js'), 2, 'one script per page');
  const href = await clickSecond(page, site);
  await waitFor(() => rec.posts('/collect/plausible').length >= 4, 'the click');
  await sleep(300);
  assert.deepEqual(rec.posts('/collect/plausible'), [
    { domain: 'x', args: ['feedback', { props: feedbackProps }] },
    { domain: 'x', args: ['feedback_detail', { props: detailProps }] },
    { domain: 'x', args: ['search', { props: { query: 'password', results } }] },
    { domain: 'x', args: ['search_click', { props: { query: 'password', position: 2, url: reported(href) } }] },
  ]);
  assert.equal(beacons().length, 0);
  assert.deepEqual(real(problems), []);
  await context.close();
});

test('umami: its script is loaded with the website ID and calls wait for umami.track', async () => {
  const site = sites.umami;
  const { context, page, problems, results, scripts } = await providerRun(site);
  assert.deepEqual(scripts, [{ src: `${rec.url}/umami.js`, domain: null, id: 'abc' }]);
  await waitFor(() => rec.posts('/collect/umami').length >= 3, 'the search');
  assert.equal(rec.gets('/umami.js'), 2);
  const href = await clickSecond(page, site);
  await waitFor(() => rec.posts('/collect/umami').length >= 4, 'the click');
  await sleep(300);
  assert.deepEqual(rec.posts('/collect/umami'), [
    { websiteId: 'abc', name: 'feedback', data: feedbackProps },
    { websiteId: 'abc', name: 'feedback_detail', data: detailProps },
    { websiteId: 'abc', name: 'search', data: { query: 'password', results } },
    { websiteId: 'abc', name: 'search_click', data: { query: 'password', position: 2, url: reported(href) } },
  ]);
  assert.deepEqual(real(problems), []);
  await context.close();
});

test('ga4: gtag.js is loaded and gets js, config and gtag("event", …) with search_term', async () => {
  const site = sites.ga4;
  const { context, page, problems, results, scripts } = await providerRun(site);
  assert.deepEqual(scripts, [{ src: `${rec.url}/gtag.js?id=G-TEST`, domain: null, id: null }]);
  await waitFor(() => rec.posts('/collect/ga4').length >= 7, 'the search');
  assert.equal(rec.gets('/gtag.js'), 2);
  const href = await clickSecond(page, site);
  await waitFor(() => rec.posts('/collect/ga4').filter((a) => a[1] === 'search_click').length, 'the click');
  await sleep(300);
  const calls = rec.posts('/collect/ga4');
  // The page the result opened loads gtag.js again: its js/config may follow.
  assert.deepEqual(calls.slice(0, 8), [
    ['js', 'date'], ['config', 'G-TEST'],
    ['event', 'feedback', feedbackProps],
    ['event', 'feedback_detail', detailProps],
    ['js', 'date'], ['config', 'G-TEST'],
    ['event', 'search', { query: 'password', results, search_term: 'password' }],
    ['event', 'search_click', { query: 'password', position: 2, url: reported(href) }],
  ]);
  assert.deepEqual(calls.slice(8).map((c) => c[0]).filter((c) => c === 'event'), []);
  assert.deepEqual(real(problems), []);
  await context.close();
});

/** Every request the page makes, as URLs. */
function logRequests(context) {
  const urls = [];
  context.on('request', (r) => urls.push(r.url()));
  return urls;
}

test('with nothing configured no script is loaded, nothing leaves the site and there is no feedback block', async () => {
  const site = sites.nothing;
  const context = await fresh();
  const urls = logRequests(context);
  const { page, problems } = await open(context, site.url + ARTICLE);
  assert.equal(await page.locator('script[src*="insights.js"]').count(), 0);
  assert.equal(await page.evaluate(() => typeof window.waymarkInsights), 'undefined');
  assert.equal(await page.locator('[data-feedback]').count(), 0);
  assert.equal(await page.locator('.support').count(), 0);
  await page.goto(site.url + SEARCH);
  await typeSearch(page, PAGE_INPUT, 'password');
  await waitForResults(page, 'password');
  await page.locator(PAGE_INPUT).fill(NONE);
  await page.locator('[data-search-status]').filter({ hasText: 'No results' }).waitFor();
  assert.equal(await page.locator('[data-search-results] .support').count(), 0);
  await sleep(1100);
  const outside = urls.filter((u) => new URL(u).origin !== site.url);
  assert.deepEqual(outside, []);
  assert.ok(urls.length > 5, 'requests were recorded');
  assert.equal(rec.requests.length, 0);
  assert.deepEqual(real(problems), []);
  await context.close();
});

test('with a feedback form but no provider the answers are plain links and no script loads', async () => {
  const site = sites.links;
  const context = await fresh();
  await context.route(`${FORM}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>Form</title>' }));
  const { page } = await open(context, site.url + ARTICLE);
  assert.equal(await page.locator('script[src*="insights.js"]').count(), 0);
  assert.ok(await page.locator('[data-feedback]').isVisible());
  assert.equal(await page.locator(YES).getAttribute('role'), null);
  await Promise.all([page.waitForURL(`${FORM}?**`), page.locator(YES).click()]);
  assert.equal(new URL(page.url()).searchParams.get('helpful'), 'yes');
  assert.equal(rec.requests.length, 0);
  await context.close();
});

/**
 * Opens the article (and with `search`, searches and opens the second result) with the
 * reader's privacy signal set by `signal`; checks nothing leaves the site.
 */
async function privately(name, signal, search) {
  const site = sites[name];
  const context = await browser.newContext();
  await context.addInitScript(signal);
  const urls = logRequests(context);
  const { page, problems } = await open(context, site.url + ARTICLE);
  assert.equal(await page.evaluate(() => window.waymarkInsights.enabled), false, name);
  if (name === 'endpoint') {
    // The links to the form still work; they are not taken over.
    assert.ok(await page.locator('[data-feedback]').isVisible());
    assert.equal(await page.locator(YES).getAttribute('role'), null);
    assert.match(await page.locator(YES).getAttribute('href'), /^https:\/\/forms\.example\.com\/feedback\?/);
  } else {
    assert.equal(await page.locator('[data-feedback]').isVisible(), false, 'the JS-only question stays hidden');
  }
  if (search) {
    await page.goto(site.url + SEARCH);
    await page.locator(PAGE_INPUT).fill('password');
    await waitForResults(page, 'password');
    await sleep(1100); // past the wait after which a search is reported
    const second = page.locator(`${PAGE_RESULTS} a.search-result__link`).nth(1);
    await Promise.all([page.waitForURL(site.url + (await second.getAttribute('href'))), second.click()]);
    await sleep(200);
  } else {
    await sleep(300);
  }
  assert.ok(urls.length > 3, 'requests were recorded');
  assert.deepEqual(urls.filter((u) => new URL(u).origin !== site.url), [], name);
  assert.deepEqual(real(problems), []);
  await context.close();
}

const DNT = () => Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1', configurable: true });
const GPC = () => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });

test('Do Not Track and Global Privacy Control: no provider script, no event, the feedback stays links or hidden', async () => {
  await settle();
  await Promise.all([
    privately('plausible', DNT, true),
    privately('endpoint', GPC, true),
    privately('plausible', GPC, false),
    privately('endpoint', DNT, false),
  ]);
  assert.equal(rec.requests.length, 0);
});

test('without JavaScript the answers are links to the configured form with the page, title and answer', async () => {
  const site = sites.endpoint;
  const context = await fresh({ javaScriptEnabled: false });
  const { page } = await open(context, site.url + ARTICLE);
  assert.ok(await page.locator('[data-feedback]').isVisible());
  assert.equal(await page.locator('[data-feedback] h2').innerText(), 'Was this page helpful?');
  assert.equal(await page.locator('[data-feedback-answer]').count(), 2);
  assert.equal(await page.locator('[data-feedback-form]').isVisible(), false);
  for (const answer of ['yes', 'no']) {
    const href = new URL(await page.locator(`a[data-feedback-answer="${answer}"]`).getAttribute('href'));
    assert.equal(href.origin + href.pathname, FORM);
    assert.deepEqual([...href.searchParams.keys()], ['page', 'title', 'helpful']);
    assert.equal(new URL(href.searchParams.get('page')).pathname, ARTICLE);
    assert.equal(href.searchParams.get('title'), ARTICLE_TITLE);
    assert.equal(href.searchParams.get('helpful'), answer);
  }
  assert.ok(await page.locator('.page__main .support').isVisible());
  await context.close();
});

test('keyboard: Tab, Enter and Space answer the question and send the details', async () => {
  const site = sites.endpoint;
  for (const answer of ['yes', 'no']) {
    const context = await fresh();
    const { page } = await open(context, site.url + ARTICLE);
    const target = `[data-feedback-answer="${answer}"]`;
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((sel) => document.activeElement.matches(sel), target);
    }
    assert.ok(reached, `Tab reaches ${answer}`);
    const focused = () => page.evaluate(() => {
      const a = document.activeElement;
      return a.getAttribute('data-feedback-prompt') || a.id || a.textContent.trim();
    });
    if (answer === 'yes') {
      await page.keyboard.press('Enter');
      await waitFor(() => beacons('feedback').length, 'feedback');
      assert.equal(await focused(), 'yes');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'feedback-comment', 'no reasons after Yes');
      await page.keyboard.type('Clear steps');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'Send feedback');
      await page.keyboard.press('Space');
    } else {
      await page.keyboard.press('Space');
      await waitFor(() => beacons('feedback').length, 'feedback');
      assert.equal(await focused(), 'no');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'feedback-reason-1');
      await page.keyboard.press('ArrowDown');
      assert.equal(await focused(), 'feedback-reason-2');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'feedback-comment');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
    }
    await waitFor(() => beacons('feedback_detail').length, 'feedback_detail');
    assert.equal(await focused(), 'Thanks for your feedback.');
    const detail = beacons('feedback_detail').map(({ helpful, reason, comment }) => ({ helpful, reason, comment }));
    assert.deepEqual(detail, [answer === 'yes'
      ? { helpful: 'yes', reason: '', comment: 'Clear steps' }
      : { helpful: 'no', reason: REASONS[1], comment: '' }]);
    assert.deepEqual(beacons().map((e) => e.event), ['feedback', 'feedback_detail']);
    assert.equal(page.url(), site.url + ARTICLE);
    await context.close();
  }
});

test('"Still need help?" sits under articles and on the no-results page; pages opt out of feedback', async () => {
  const site = sites.endpoint;
  const context = await fresh();
  const { page, problems } = await open(context, site.url + ARTICLE);
  const support = page.locator('.page__main .support');
  assert.equal(await support.count(), 1);
  assert.equal(await support.getByRole('link').getAttribute('href'), 'mailto:help@example.com');
  assert.equal(await support.getByRole('heading', { level: 2 }).innerText(), 'Still need help?');
  assert.ok(await page.evaluate(() => {
    const body = document.querySelector('.page__main .prose');
    return !!(body.compareDocumentPosition(document.querySelector('.support')) & Node.DOCUMENT_POSITION_FOLLOWING);
  }), 'after the body');

  await page.goto(site.url + GUIDE);
  assert.equal(await page.locator('[data-feedback]').count(), 1, 'plain pages ask too');
  assert.equal(await page.locator('.support').count(), 0, 'only articles and playbooks carry the block');
  await page.goto(site.url + LEGAL);
  assert.equal(await page.locator('[data-feedback]').count(), 0, 'feedback: false');

  // A linked results page without results shows the block, and reports nothing.
  await page.goto(`${site.url}${SEARCH}?q=${NONE}`);
  await page.locator('[data-search-status]').filter({ hasText: 'No results' }).waitFor();
  const box = page.locator('[data-search-results] .support');
  assert.ok(await box.isVisible());
  assert.equal(await box.getByRole('link', { name: 'Contact support' }).getAttribute('href'), 'mailto:help@example.com');
  await sleep(1100);
  assert.equal(beacons().length, 0);
  assert.deepEqual(real(problems), []);
  await context.close();
});

test('axe: the opened feedback form and the contact blocks pass in light and dark mode', async () => {
  const site = sites.endpoint;
  await settle();
  await Promise.all(['light', 'dark'].map(async (colorScheme) => {
    const context = await browser.newContext({ colorScheme });
    const { page } = await open(context, site.url + ARTICLE);
    await page.locator(NO).click();
    assert.deepEqual(await axe(page), [], `${colorScheme}: article with the follow-up`);
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.goto(`${site.url}${SEARCH}?q=${NONE}`);
    await page.locator('[data-search-results] .support').waitFor();
    assert.deepEqual(await axe(page), [], `${colorScheme}: no results`);
    await context.close();
  }));
});
