// The typed pages of the default theme in a real browser: the roles overview filters its
// cards by category (and its filters stay links without JavaScript), playbook checklists
// keep their ticks across a reload and can be reset, and every typed page carries its
// schema.org JSON-LD.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './harness.mjs';

const ROLES = '/roles/';
const ROLE = '/roles/customer-success-manager/';
const PLAYBOOK = '/playbooks/enterprise-onboarding-in-90-days/';
const INTERVIEW = '/stories/a-day-in-the-life-of-a-csm/';
const ARTICLE = '/help/password-reset-email-never-arrives/';

let server;
let browser;

// `waymark serve` keeps a live-reload stream open; a reload cancels it, which is not a problem.
const real = (problems) => problems.filter((p) => !p.includes('/__waymark/'));

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const visibleCards = (page) =>
  page.$$eval('[data-roles] [data-categories]', (cards) =>
    cards.filter((c) => c.offsetParent !== null).map((c) => c.getAttribute('data-categories')));

test('category filters on the roles overview show only the matching role cards', async () => {
  const context = await browser.newContext();
  const { page, problems } = await open(context, server.url + ROLES);
  const all = await visibleCards(page);
  assert.ok(all.length >= 4, 'the overview lists the roles');

  const filter = page.locator('a[data-filter="Leadership"]');
  assert.equal(await filter.getAttribute('role'), 'button');
  assert.equal(await filter.getAttribute('aria-pressed'), 'false');
  await filter.click();
  assert.equal(await filter.getAttribute('aria-pressed'), 'true');
  const shown = await visibleCards(page);
  assert.ok(shown.length > 0 && shown.length < all.length, 'some roles are hidden');
  for (const cats of shown) assert.ok(cats.split('|').includes('Leadership'), cats);
  assert.match(await page.locator('[data-roles-status]').innerText(), /Showing \d+ of \d+ roles/);
  assert.equal(new URL(page.url()).searchParams.get('category'), 'Leadership');

  // The filter survives a reload through the URL; pressing it again shows every role.
  await page.reload();
  assert.equal(await page.locator('a[data-filter="Leadership"]').getAttribute('aria-pressed'), 'true');
  assert.equal((await visibleCards(page)).length, shown.length);
  await page.locator('a[data-filter="Leadership"]').press('Space');
  assert.equal((await visibleCards(page)).length, all.length);
  assert.deepEqual(real(problems), []);
  await context.close();
});

test('without JavaScript the category filters are links to the category pages', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { page } = await open(context, server.url + ROLES);
  const hrefs = await page.$$eval('a[data-filter]:not([data-filter=""])', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length >= 2);
  for (const href of hrefs) {
    assert.match(href, /\/categories\/[^/]+\/$/);
    const res = await page.request.get(server.url + href);
    assert.equal(res.status(), 200, href);
  }
  assert.equal(await page.locator('a[data-filter][role="button"]').count(), 0);
  await context.close();
});

test('playbook checklist ticks survive a reload and can be reset', async () => {
  const context = await browser.newContext();
  const { page, problems } = await open(context, server.url + PLAYBOOK);
  const progress = page.locator('[role="progressbar"]');
  await progress.waitFor();
  const total = Number(await progress.getAttribute('aria-valuemax'));
  assert.ok(total > 3);
  assert.equal(await progress.getAttribute('aria-valuenow'), '0');

  const boxes = page.locator('input[type="checkbox"][data-step]');
  assert.equal(await boxes.count(), total);
  // Ticking through the label works (the label is tied to the box with for/id).
  const firstId = await boxes.nth(0).getAttribute('id');
  await page.locator(`label[for="${firstId}"]`).click();
  await boxes.nth(2).check();
  await boxes.nth(4).check();
  assert.equal(await progress.getAttribute('aria-valuenow'), '3');
  assert.match(await page.locator('.checklist-progress__text').innerText(), new RegExp(`3 of ${total} steps done`));

  const key = await page.evaluate(() => 'waymark:checklist:' + location.pathname);
  const saved = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), key));
  assert.equal(saved.length, 3);
  assert.ok(saved.includes(firstId));

  await page.reload();
  await progress.waitFor();
  assert.equal(await progress.getAttribute('aria-valuenow'), '3');
  assert.ok(await boxes.nth(0).isChecked());
  assert.ok(await boxes.nth(4).isChecked());
  assert.ok(!(await boxes.nth(1).isChecked()));

  await page.getByRole('button', { name: 'Reset checklist' }).click();
  assert.equal(await progress.getAttribute('aria-valuenow'), '0');
  assert.equal(await page.locator('input[data-step]:checked').count(), 0);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), null);
  assert.deepEqual(real(problems), []);
  await context.close();
});

test('without JavaScript playbook steps can still be ticked and the progress panel stays hidden', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const { page } = await open(context, server.url + PLAYBOOK);
  const box = page.locator('input[type="checkbox"][data-step]').first();
  await box.check();
  assert.ok(await box.isChecked());
  assert.equal(await page.locator('[data-checklist-progress]').isVisible(), false);
  await context.close();
});

test('print keeps the playbook timeline and boxes and hides the buttons', async () => {
  const context = await browser.newContext();
  const { page } = await open(context, server.url + PLAYBOOK);
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('.timeline').isVisible());
  assert.ok(await page.locator('input[type="checkbox"][data-step]').first().isVisible());
  assert.equal(await page.locator('[data-checklist-reset]').isVisible(), false);
  await context.close();
});

test('typed pages carry their schema.org JSON-LD and typed parts', async () => {
  const context = await browser.newContext();
  const types = { [ROLE]: 'Occupation', [PLAYBOOK]: 'HowTo', [INTERVIEW]: 'Article' };
  for (const [path, type] of Object.entries(types)) {
    const { page } = await open(context, server.url + path);
    const blocks = await page.$$eval('head script[type="application/ld+json"]', (s) => s.map((x) => JSON.parse(x.textContent)));
    assert.ok(blocks.some((b) => b['@type'] === type), `${path}: ${type} JSON-LD`);
    await page.close();
  }

  const { page: role } = await open(context, server.url + ROLE);
  assert.equal(await role.locator('.panel--salary svg.chart--salary').count(), 1);
  assert.match(await role.locator('.panel--salary table').innerText(), /\$\d{2,3},\d{3}/);
  const growth = await role.$$eval('.growth-paths a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(growth.length > 0, 'growth paths are links');
  for (const href of growth) assert.equal((await role.request.get(server.url + href)).status(), 200, href);

  const { page: story } = await open(context, server.url + INTERVIEW);
  assert.ok(await story.locator('.qa--q').count() > 2);
  assert.equal(await story.locator('.qa--a .qa__label').first().isVisible(), false, 'the person name replaces "A:"');
  const roleLink = await story.locator('.person__role a').getAttribute('href');
  assert.equal((await story.request.get(server.url + roleLink)).status(), 200);

  const { page: article } = await open(context, server.url + ARTICLE);
  assert.ok(await article.locator('.panel:has(> h2#related) .card').count() > 0, 'related article cards');
  await context.close();
});
