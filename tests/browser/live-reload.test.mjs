// waymark serve in a real browser: saving a page reloads it, a stylesheet change applies
// without a reload, a build error shows as an overlay over the last good page, and fixing
// the error clears it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, open, repo } from './harness.mjs';

let site;
let server;
let browser;

before(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-live-'));
  fs.cpSync(path.join(repo, 'tests/fixtures/basic'), site, { recursive: true });
  fs.mkdirSync(path.join(site, 'static'), { recursive: true });
  fs.writeFileSync(path.join(site, 'static/extra.css'), 'body { outline: 0px solid red; }');
  server = await serve(site);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
  fs.rmSync(site, { recursive: true, force: true });
});

const article = () => path.join(site, 'content/help/a.md');

test('saving a page reloads the browser with the new text', async () => {
  const context = await browser.newContext();
  const { page, problems } = await open(context, server.url + '/help/a/');
  await page.waitForTimeout(300); // the event stream connects
  const text = fs.readFileSync(article(), 'utf8');
  const reloaded = page.waitForEvent('load');
  fs.writeFileSync(article(), text.replace('Start here.', 'Start right here.'));
  await reloaded;
  assert.match(await page.locator('main').innerText(), /Start right here\./);
  // The event stream is cut by the reload itself; anything else is a problem.
  assert.deepEqual(problems.filter((p) => !p.includes('/__waymark/events')), []);
  await context.close();
});

test('a build error shows over the last good page and clears when fixed', async () => {
  const context = await browser.newContext();
  const { page } = await open(context, server.url + '/help/a/');
  await page.waitForTimeout(300);
  const good = fs.readFileSync(article(), 'utf8');
  fs.writeFileSync(article(), '---\ntitle: A\ndate: someday\n---\n<img src=x onerror=alert(1)>\n');
  const overlay = page.locator('#waymark-error-overlay');
  await overlay.waitFor({ state: 'visible', timeout: 15000 });
  const message = await overlay.innerText();
  assert.match(message, /content\/help\/a\.md:3:1: error: front matter field `date`/);
  assert.match(await page.locator('h1').innerText(), /Reset a password/, 'the last good page stays');
  const reloaded = page.waitForEvent('load');
  fs.writeFileSync(article(), good.replace('Start', 'Restart'));
  await reloaded;
  assert.equal(await page.locator('#waymark-error-overlay').count(), 0);
  assert.match(await page.locator('main').innerText(), /Restart/);
  await context.close();
});

test('a stylesheet change applies without reloading the page', async () => {
  const context = await browser.newContext();
  const { page } = await open(context, server.url + '/help/a/');
  await page.addStyleTag({ url: '/extra.css' });
  await page.waitForTimeout(300);
  await page.evaluate(() => { window.notReloaded = true; });
  fs.writeFileSync(path.join(site, 'static/extra.css'), 'body { outline: 3px solid rgb(0, 128, 0); }');
  await page.waitForFunction(() => getComputedStyle(document.body).outlineWidth === '3px', null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => window.notReloaded), true);
  await context.close();
});
