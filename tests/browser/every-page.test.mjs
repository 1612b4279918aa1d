// axe-core (WCAG 2.1 A and AA) over every page, in light and dark mode, of the sample site and
// of a features site: the typed-pages fixture (roles, stories, playbooks, help articles) plus
// the Markdown fixture's kitchen sink (code, a task list, a table, footnotes, alerts) under
// the default theme. Content features are where themes break, so no page is sampled. The
// pages come from each site's sitemap.xml, plus its 404 page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, open, axe, repo } from './harness.mjs';

const fixtures = path.join(repo, 'tests/fixtures');
let features;
let browser;
const servers = {};

/** The types fixture with the Markdown fixture's pages added, under the default theme. */
function featuresSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-features-'));
  fs.cpSync(path.join(fixtures, 'types'), dir, { recursive: true });
  for (const name of ['kitchen-sink.md', 'other.md']) {
    const text = fs.readFileSync(path.join(fixtures, 'markdown/content', name), 'utf8');
    // The fixture renders through a bare template of its own; here the default theme does.
    fs.writeFileSync(path.join(dir, 'content', name), text.replace(/^template: .*\n/m, ''));
  }
  // The image the kitchen sink shows (a 1x1 PNG).
  fs.mkdirSync(path.join(dir, 'static/img'), { recursive: true });
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  fs.writeFileSync(path.join(dir, 'static/img/chart.png'), Buffer.from(png, 'base64'));
  return dir;
}

before(async () => {
  browser = await launch();
  features = featuresSite();
  servers.sample = await serve(repo);
  servers.features = await serve(features);
});

after(async () => {
  await browser?.close();
  for (const s of Object.values(servers)) s.stop();
  if (features) fs.rmSync(features, { recursive: true, force: true });
});

/** Every page path a site lists in its sitemap, and its 404 page. */
async function pagesOf(server) {
  const xml = await (await fetch(`${server.url}/sitemap.xml`)).text();
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  return [...new Set(paths), '/404.html'];
}

for (const [name, least] of [['sample', 50], ['features', 8]]) {
  test(`every page of the ${name} site passes axe in light and dark mode`, async () => {
    const server = servers[name];
    const pages = await pagesOf(server);
    assert.ok(pages.length >= least, `${name}: only ${pages.length} pages`);
    const context = await browser.newContext({ colorScheme: 'light' });
    const failures = [];
    for (const p of pages) {
      const { page, problems } = await open(context, server.url + p);
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        // Colours are measured settled, not halfway through the theme's 0.15 s transitions
        // after the switch (a button's colour failed contrast that way).
        if (scheme === 'dark') await page.waitForTimeout(300);
        const violations = await axe(page);
        if (violations.length) failures.push(`${p} (${scheme}):\n  ${violations.join('\n  ')}`);
      }
      if (problems.length) failures.push(`${p}:\n  ${problems.join('\n  ')}`);
      await page.close();
    }
    await context.close();
    assert.deepEqual(failures, [], `${failures.length} failures over ${pages.length} pages`);
  });
}
