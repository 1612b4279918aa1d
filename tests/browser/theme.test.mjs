// The default theme in a real browser: every kind of page loads cleanly, passes axe-core's
// WCAG 2 AA rules in light and dark mode, works with the keyboard and without JavaScript,
// fits a phone screen, and prints without the site chrome.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, axe } from './harness.mjs';

const PAGES = {
  home: '/',
  section: '/help/',
  article: '/help/password-reset-email-never-arrives/',
  role: '/roles/customer-success-manager/',
  roles: '/roles/',
  story: '/stories/from-the-server-room-to-the-customer-call/',
  playbook: '/playbooks/enterprise-onboarding-in-90-days/',
  guide: '/guides/customer-success-vs-support-vs-account-management/',
  tags: '/tags/',
  term: '/categories/remote-friendly/',
  notFound: '/404.html',
};

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

for (const scheme of ['light', 'dark']) {
  test(`every kind of page loads cleanly and passes axe in ${scheme} mode`, async () => {
    const context = await browser.newContext({ colorScheme: scheme });
    const failures = [];
    for (const [name, path] of Object.entries(PAGES)) {
      const { page, problems } = await open(context, server.url + path);
      assert.equal(await page.locator('h1').count(), 1, `${name}: exactly one h1`);
      for (const landmark of ['header', 'main', 'footer']) {
        assert.ok(await page.locator(landmark).count() >= 1, `${name}: has <${landmark}>`);
      }
      const violations = await axe(page);
      if (problems.length || violations.length) {
        failures.push(`${name} (${path}):\n  ${[...problems, ...violations].join('\n  ')}`);
      }
      await page.close();
    }
    await context.close();
    assert.deepEqual(failures, []);
  });
}

test('the skip link is the first stop and moves focus to the main content', async () => {
  const context = await browser.newContext();
  const { page } = await open(context, server.url + PAGES.article);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => ({
    text: document.activeElement.textContent.trim(),
    href: document.activeElement.getAttribute('href'),
  }));
  assert.equal(first.href, '#main');
  assert.match(first.text, /skip/i);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused skip link is visibly outlined');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => location.hash), '#main');
  await context.close();
});

test('pages are readable without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  for (const path of [PAGES.role, PAGES.playbook, PAGES.article]) {
    const { page } = await open(context, server.url + path);
    assert.ok(await page.locator('h1').isVisible());
    const text = await page.locator('main').innerText();
    assert.ok(text.length > 500, `${path} shows its content`);
  }
  await context.close();
});

test('a phone-sized screen never scrolls sideways', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const overflowing = [];
  for (const [name, path] of Object.entries(PAGES)) {
    const { page } = await open(context, server.url + path);
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (scroll > width + 1) overflowing.push(`${name}: ${scroll}px wide in a ${width}px window`);
    await page.close();
  }
  await context.close();
  assert.deepEqual(overflowing, []);
});

test('print hides the site chrome and keeps the content', async () => {
  const context = await browser.newContext();
  const { page } = await open(context, server.url + PAGES.playbook);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.site-header, body > header').first().isVisible(), false);
  assert.ok(await page.locator('h1').isVisible());
  await context.close();
});

test('relative links between pages lead to real pages', async () => {
  const context = await browser.newContext();
  const { page } = await open(context, server.url + PAGES.article);
  const hrefs = await page.$$eval('main a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length > 3);
  for (const href of new Set(hrefs)) {
    const res = await page.request.get(server.url + href.split('#')[0]);
    assert.equal(res.status(), 200, href);
  }
  await context.close();
});
