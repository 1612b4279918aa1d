// Content is data: nothing an author writes in front matter, a file name or a Markdown
// construct may run as script in a reader's browser. The only exception is raw HTML typed
// into a Markdown body, which docs/content.md passes through on purpose.
//
// At test time this file writes a site (in os.tmpdir(), removed after) that puts a numbered
// corpus of XSS payloads into every place content reaches a page: the site config, titles,
// descriptions, taxonomy terms, authors, slugs, aliases, file names, every typed field of
// roles, stories, playbooks and help articles, front-matter Markdown (day_in_the_life,
// cause) and Markdown bodies (headings and their table of contents, link and image URLs,
// alt text, titles, code, tables, footnotes, alerts, FAQ questions). It builds the site with
// the waymark binary, serves the folder, and loads every page of the sitemap plus every
// other HTML file written (alias redirects, 404, search) in headless Chromium. Every payload
// calls window.__xss(id) (or alert(id)), id = field * 100 + payload number, so a failure
// names the page, the field and the payload. Links whose URL is a `javascript:` URL are
// clicked (that is the only way such a payload runs). JSON-LD blocks must parse, the search
// page and the live search box render snippets of the payload pages, and `waymark serve`
// shows a build error carrying payloads in its overlay.
//
// The test would pass vacuously if the payloads never reached the pages, or if the detector
// were broken; so it also checks that each field's payloads arrive as visible text on its
// page (and titles in document.title), and that a raw <script> authored in a body (allowed)
// does run and is seen.
//
// XSS_KEEP=1 keeps the written site and its build (their paths are printed) for a look.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, repo, serve, serveFolder } from './harness.mjs';

const bin = process.env.WAYMARK_BIN || path.join(repo, 'target/debug/waymark');
const WORD = 'quokka'; // between payloads, so searches find the text next to them
const SENTINEL = 99; // the raw <script> authored in a body: expected to run, on its page only
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

// ------------------------------------------------------------------------- the corpus

/** Payload number -> [what it tries, the payload as a function of the id it reports]. */
const CORPUS = {
  1: ['script tag', (id) => `<script>window.__xss(${id})</script>`],
  2: ['double-quote breakout + img onerror', (id) => `"><img src=x onerror=__xss(${id})>`],
  3: ['single-quote breakout + svg onload', (id) => `'><svg onload=__xss(${id})>`],
  4: ['javascript: URL', (id) => `javascript:__xss(${id})`],
  5: ['</title> breakout', (id) => `</title><script>__xss(${id})</script>`],
  6: ['</script> breakout (JSON-LD)', (id) => `</script><script>__xss(${id})</script>`],
  7: ['template injection {{ }} / {% raw %}', (id) => `{{ 7*7 }}{% raw %}<img src=x onerror=__xss(${id})>{% endraw %}`],
  8: ['&lt;-encoded markup (double decoding)', (id) => `&lt;img src=x onerror=__xss(${id})&gt;`],
  9: ['</script> + U+2028/U+2029', (id) => `</script>\u2028\u2029<img src=x onerror=__xss(${id})>`],
  10: ['data:text/html URL', (id) => `data:text/html,<script>__xss(${id})</script>`],
  11: ['double-quoted attribute breakout + autofocus', (id) => `" autofocus onfocus="__xss(${id})`],
  12: ['single-quoted attribute breakout + autofocus', (id) => `' autofocus onfocus='__xss(${id})`],
  13: ['backtick attribute breakout + autofocus', (id) => `\` autofocus onfocus=__xss(${id}) x=\``],
  14: ['iframe srcdoc', (id) => `<iframe srcdoc="<script>parent.__xss(${id})</script>"></iframe>`],
  15: ['XHTML-namespaced script (XML files)', (id) => `<x:script xmlns:x="http://www.w3.org/1999/xhtml">__xss(${id})</x:script>`],
  16: ['raw-text element breakout', (id) => `</textarea></style></noscript></template><img src=x onerror=__xss(${id})>`],
  17: ['details ontoggle', (id) => `<details open ontoggle=__xss(${id})>`],
  18: ['entity-encoded handler', (id) => `<img src=x onerror=&#95;&#95;xss(${id})>`],
  19: ['comment breakout', (id) => `<!--<img src="--><img src=x onerror=__xss(${id})//">`],
  20: ['JS string / template literal breakout', (id) => `'-__xss(${id})-'";__xss(${id});//\${__xss(${id})}`],
  21: ['alert()', (id) => `<img src=x onerror=alert(${id})>`],
  22: ['raw javascript: link', (id) => `<a href="javascript:__xss(${id})">a</a>`],
  23: ['space-free attribute breakout + autofocus', (id) => `"/tabindex=0/autofocus/onfocus=__xss(${id})//`],
};
const ALL = Object.keys(CORPUS).map(Number);
/** Payloads without `/` (file names) and short enough for a URL segment. */
const NAME_SAFE = [2, 3, 11, 17];
/** Payloads without a backtick, for code spans. */
const NO_TICK = ALL.filter((n) => n !== 13 && n !== 20);

/** Every field that carries payloads: { id, name, url, payloads: [{ n, id, text }], check }. */
const fields = [];

/**
 * The payloads of one field, joined by WORD. `url` is the page that must show them as text
 * (check 'text', or 'title' for document.title), or only mention their ids (check 'ids', for
 * values the renderer transforms), or null (check 'none').
 */
function field(name, url, { only = ALL, check = 'text' } = {}) {
  const f = fields.length + 1;
  const payloads = only.map((n) => ({ n, id: f * 100 + n, text: CORPUS[n][1](f * 100 + n) }));
  fields.push({ id: f, name, url, payloads, check: url ? check : 'none' });
  return payloads.map((p) => p.text).join(` ${WORD} `);
}

/** One payload per value (taxonomy terms, slugs, aliases): each its own short string. */
function terms(name, url, only, check = 'text') {
  return only.map((n) => field(`${name} (#${n})`, url, { only: [n], check }));
}

/** A field of one payload whose value the renderer transforms; returns its id. */
function idOf(name, url, n) {
  field(name, url, { only: [n], check: 'ids' });
  return fields.length * 100 + n;
}

// ------------------------------------------------------------------ writing the site

/** Markdown that shows `text` literally: every ASCII punctuation character escaped. */
function md(text) {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** A YAML double-quoted scalar (JSON's escapes are YAML's; line separators escaped too). */
function scalar(value) {
  if (typeof value !== 'string') return String(value);
  if (/^\d{4}-\d\d-\d\d$/.test(value)) return value; // a date stays a date
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const isMap = (v) => v && typeof v === 'object' && !Array.isArray(v);

function yamlMap(map, indent = '') {
  return Object.entries(map).map(([k, v]) => `${indent}${k}:${yamlNode(v, indent)}`).join('\n');
}

function yamlNode(value, indent) {
  if (Array.isArray(value)) {
    if (!value.length) return ' []';
    return '\n' + value.map((v) => `${indent}  -${isMap(v) ? '\n' + yamlMap(v, indent + '    ') : ' ' + scalar(v)}`).join('\n');
  }
  if (isMap(value)) return '\n' + yamlMap(value, indent + '  ');
  return ' ' + scalar(value);
}

function writePage(dir, file, front, body = '') {
  const full = path.join(dir, 'content', file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, `---\n${yamlMap(front)}\n---\n${body}\n`);
}

/** waymark's slugify, for the URLs of the pages written here. */
function slugify(text) {
  let out = '';
  let dash = false;
  for (const c of text) {
    if (/[\p{L}\p{N}]/u.test(c)) {
      if (dash && out) out += '-';
      dash = false;
      out += c.toLowerCase();
    } else if (c === '_' && out) {
      out += '_';
      dash = false;
    } else dash = true;
  }
  return out || 'page';
}

const DATE = '2024-05-02';
const fileName = (f) => field(`file name ${f}`, null, { only: NAME_SAFE });

function writeConfig(dir) {
  const title = field('config title', '/', { only: [1, 2, 5, 11] });
  const description = field('config description', '/', { only: [1, 2, 6, 11, 14] });
  const tagline = field('config extra.tagline', '/', { only: [1, 2, 12, 17] });
  fs.writeFileSync(path.join(dir, 'waymark.toml'), [
    `title = ${JSON.stringify(`Quokka ${title}`)}`,
    `description = ${JSON.stringify(description)}`,
    'base_url = "https://xss.example.com/"',
    'repo_url = "https://github.com/example/kb"',
    '[extra]',
    `tagline = ${JSON.stringify(tagline)}`,
    '',
  ].join('\n'));
}

function writeSections(dir) {
  const sections = [
    ['_index.md', '/', {}],
    ['help/_index.md', '/help/', { page_type: 'article', paginate_by: 1 }], // pagers too
    ['roles/_index.md', '/roles/', { page_type: 'role' }],
    ['stories/_index.md', '/stories/', { page_type: 'story' }],
    ['playbooks/_index.md', '/playbooks/', { page_type: 'playbook' }],
    ['docs/_index.md', '/docs/', {}],
    ['docs/more/_index.md', '/docs/more/', {}],
  ];
  for (const [file, url, extra] of sections) {
    // The home page's <title> is the site's; its section title shows nowhere else.
    const title = field(`${file} title`, url === '/' ? null : url, { check: 'text' });
    writePage(dir, file, {
      title, description: field(`${file} description`, url), ...extra,
      extra: { note: field(`${file} extra`, null) },
    }, `${md(field(`${file} body`, url))}\n`);
  }
}

/** A help article with every field, one with a payload file name, related to each other. */
function writeArticles(dir) {
  const other = fileName('help');
  const otherUrl = `/help/${slugify(other)}/`;
  const slug = field('article slug', null, { only: [2, 3] });
  const url = `/help/${slugify(slug)}/`;
  writePage(dir, 'help/everything.md', {
    title: field('article title', url, { check: 'title' }),
    description: field('article description', url),
    date: DATE,
    slug,
    aliases: terms('article alias', null, [2, 3, 4]).map((a) => `/old/${a}/`),
    weight: 1,
    featured: true,
    authors: [field('article authors[0]', url)],
    tags: terms('article tag', url, [1, 2, 3, 5, 6, 8, 11, 17]),
    categories: terms('article category', url, [2, 12]),
    product_area: field('article product_area', url),
    symptoms: [field('article symptoms[0]', url), field('article symptoms[1]', url)],
    cause: causeMarkdown(url),
    related: [`help/${other}.md`],
    faq: true,
  }, [
    `## ${md(field('article FAQ question (escaped text)', url))}?`,
    '',
    md(field('article FAQ answer', url)),
    '',
    `## ${field('article FAQ question (raw entities)', url, { only: [8], check: 'ids' })} ${WORD}?`,
    '',
    `Answer ${WORD}.`,
  ].join('\n'));
  writePage(dir, `help/${other}.md`, {
    title: field('article 2 title', otherUrl, { check: 'title' }),
    product_area: field('article 2 product_area', otherUrl),
    related: ['help/everything.md'],
  }, `${md(field('article 2 summary (before <!--more-->)', otherUrl))}\n\n<!--more-->\n\n${md(field('article 2 body', otherUrl))}\n`);
  return { url, otherUrl };
}

/**
 * A Markdown link to payload #4 (javascript:__xss(id)), registered as field `name`. Its text
 * carries the id too, so the page still shows it once such URLs are made harmless.
 */
function scriptLink(name, url, make = (id, dest) => `[link (${id})](${dest})`) {
  const id = idOf(name, url, 4);
  return make(id, CORPUS[4][1](id));
}

/** `cause` is Markdown from front matter: raw HTML in it must show as text, links must not run. */
function causeMarkdown(url) {
  const raw = field('article cause (raw HTML in front-matter Markdown)', url, { check: 'ids' });
  const link = scriptLink('article cause [link](javascript:)', url);
  const auto = scriptLink('article cause <javascript:> autolink', url, (id, dest) => `<${dest}>`);
  return `${raw}\n\n${link} and ${auto}`;
}

/** `day_in_the_life` is front-matter Markdown too. */
function dayMarkdown(url) {
  const raw = field('role day_in_the_life (raw HTML in front-matter Markdown)', url, { check: 'ids' });
  const link = scriptLink('role day_in_the_life [link](javascript:)', url);
  const img = field('role day_in_the_life image alt', url, { only: [2, 21], check: 'ids' });
  return `${raw}\n\n${link} ![${img}](/img/dot.png)`;
}

function writeRoles(dir) {
  const other = fileName('roles');
  const otherUrl = `/roles/${slugify(other)}/`;
  const url = '/roles/everything/';
  const shared = terms('role category', url, [1, 2, 3, 11, 12]);
  const salary = (currency, source) => ({
    currency, period: 'year', low: 50000, median: 82000, high: 140000, source, as_of: '2024-06-01',
  });
  writePage(dir, 'roles/everything.md', {
    type: 'role',
    title: field('role title', url, { check: 'title' }),
    description: field('role description', url),
    categories: shared,
    tags: terms('role tag', url, [4, 7, 9]),
    salary: salary(field('role salary.currency', url, { only: [2, 3] }), field('role salary.source', url)),
    duties: [field('role duties[0]', url), field('role duties[1]', url)],
    skills: [field('role skills[0]', url), field('role skills[1]', url)],
    growth_paths: [`roles/${other}.md`],
    related_titles: [field('role related_titles[0]', url)],
    day_in_the_life: dayMarkdown(url),
    how_to_get_hired: [field('role how_to_get_hired[0]', url)],
  }, md(field('role body', url)));
  writePage(dir, `roles/${other}.md`, {
    type: 'role',
    title: field('role 2 title', otherUrl, { check: 'title' }),
    categories: [shared[1]],
    salary: { ...salary('USD', field('role 2 salary.source', otherUrl)), low: 40000, median: 52000, high: 70000 },
    duties: [field('role 2 duties[0]', otherUrl)],
    skills: [field('role 2 skills[0]', otherUrl)],
    growth_paths: ['roles/everything.md'],
  });
  return { url, otherUrl, other };
}

function writeStories(dir, roles) {
  const url = '/stories/interview/';
  writePage(dir, 'stories/interview.md', {
    title: field('story title', url, { check: 'title' }),
    description: field('story description', url),
    role: 'roles/everything.md',
    person: field('story person', url),
    person_title: field('story person_title', url),
    format: 'interview',
    date: DATE,
    authors: [field('story authors[0]', url), field('story authors[1]', url)],
  }, [
    `**Q:** ${md(field('story question', url))}`,
    '',
    `**A:** ${md(field('story answer', url))}`,
  ].join('\n'));
  const first = '/stories/first/';
  writePage(dir, 'stories/first.md', {
    title: field('story 2 title', first, { check: 'title' }),
    role: `roles/${roles.other}.md`,
    person: field('story 2 person (also the JSON-LD author)', first, { only: [1, 2, 6, 9] }),
    format: 'first-person',
  }, md(field('story 2 body', first)));
}

function writePlaybook(dir) {
  const url = '/playbooks/everything/';
  const stage = (k) => ({
    name: field(`playbook stages[${k}].name`, url),
    goal: field(`playbook stages[${k}].goal`, url),
    owner: field(`playbook stages[${k}].owner`, url),
    steps: [field(`playbook stages[${k}].steps[0]`, url), field(`playbook stages[${k}].steps[1]`, url)],
    success_criteria: [field(`playbook stages[${k}].success_criteria[0]`, url)],
  });
  writePage(dir, 'playbooks/everything.md', {
    title: field('playbook title', url, { check: 'title' }),
    description: field('playbook description', url),
    audience: field('playbook audience', url),
    duration: field('playbook duration', url),
    owners: [field('playbook owners[0]', url), field('playbook owners[1]', url)],
    stages: [stage(0), stage(1)],
  }, md(field('playbook body', url)));
}

/** A `data:text/html` link; its text carries the id (the URL hides it in base64). */
function dataLink(id) {
  const html = Buffer.from(`<script>parent.__xss(${id})</script>`).toString('base64');
  return `[data (${id})](data:text/html;base64,${html})`;
}

/** javascript: URLs in every spelling a Markdown link takes. */
function scriptLinks(url) {
  const link = (name, make) => scriptLink(`markdown ${name}`, url, make);
  const ref = link('reference definition javascript:', (id, dest) => `[reference (${id})][js]\n\n[js]: ${dest}`);
  return [
    link('[link](javascript:)'),
    link('[link](JaVaScRiPt:)', (id) => `[mixed case (${id})](JaVaScRiPt:__xss(${id}))`),
    link('[link](<javascript:>)', (id, dest) => `[angle (${id})](<${dest}>)`),
    link('[link](java&#9;script:)', (id) => `[tab entity (${id})](java&#9;script:__xss(${id}))`),
    link('[link](vbscript:)', (id) => `[vb (${id})](vbscript:__xss(${id}))`),
    link('<javascript:> autolink', (id, dest) => `<${dest}>`),
    '',
    ref,
    '',
  ];
}

/** Every Markdown construct of a body, with payloads as text or as URLs. */
function kitchenSink(url) {
  const f = (name, opts) => field(`markdown ${name}`, url, opts);
  const one = (name, n) => f(name, { only: [n], check: 'ids' });
  return [
    `${md(f('summary paragraph'))}`,
    '',
    '<!--more-->',
    '',
    `## ${md(f('heading (escaped text)'))}`,
    '',
    `## Code \`${f('heading with inline code', { only: NO_TICK, check: 'ids' })}\``,
    '',
    `### ${f('heading with entities', { only: [8], check: 'ids' })} ${WORD}`,
    '',
    `## Custom id {#a${one('heading {#id}', 23)} .b${one('heading {.class}', 23)}}`,
    '',
    `Paragraph with \`${f('inline code', { only: NO_TICK })}\` and *${md(f('emphasis'))}*.`,
    '',
    ...scriptLinks(url),
    dataLink(idOf('markdown link data:text/html', url, 10)),
    `[titled](https://example.com/ "${f('link title', { only: [2, 3, 11, 13], check: 'ids' }).replace(/"/g, '\\"')}")`,
    `[broken md](<${md(one('link to a missing .md', 2))}.md>)`,
    '',
    `![${md(f('image alt (escaped)'))}](/img/dot.png "${f('image title', { only: [2, 11], check: 'ids' }).replace(/"/g, '\\"')}")`,
    `![${f('image alt (raw HTML)', { only: [2, 21], check: 'ids' })}](/img/dot.png)`,
    scriptLink('markdown image src javascript:', url, (id, dest) => `![image (${id})](${dest})`),
    '',
    `\`\`\`html\n${f('code block html')}\n\`\`\``,
    '',
    `\`\`\`nosuchlang\n${f('code block unknown language')}\n\`\`\``,
    '',
    `\`\`\`${one('code block info string', 2).replace(/ /g, '/')}\nplain\n\`\`\``,
    '',
    `    ${f('indented code')}`,
    '',
    `| ${md(f('table header cell'))} | b |`,
    '|---|---|',
    `| ${md(f('table body cell'))} | \`${f('table code cell', { only: NO_TICK })}\` |`,
    '',
    `Footnote here[^note] ${WORD}.`,
    '',
    `[^note]: ${md(f('footnote text'))}`,
    '',
    `> [!WARNING]`,
    `> ${md(f('alert text'))} ${scriptLink('markdown alert [link](javascript:)', url)}`,
    '',
    `- [x] ${md(f('task list item'))}`,
    `- ~~${md(f('strikethrough'))}~~`,
    '',
    `> ${md(f('block quote'))}`,
    '',
    `{{< youtube ${md(f('hugo shortcode text'))} >}}`,
    '',
  ].join('\n');
}

function writeDocs(dir) {
  const url = '/docs/markdown/';
  writePage(dir, 'docs/markdown.md', {
    title: field('markdown page title', url, { check: 'title' }),
    date: DATE,
  }, kitchenSink(url));
  // Authored raw HTML is passed through by design: this one must run (the detector works).
  writePage(dir, 'docs/raw-html.md', { title: `Raw HTML ${WORD}` },
    `Authored raw HTML follows.\n\n<!--more-->\n\n<script>window.__xss(${SENTINEL})</script>\n`);
  // TOML front matter, with raw line separators inside the strings.
  const tomlUrl = '/docs/toml/';
  const toml = (s) => JSON.stringify(s);
  fs.writeFileSync(path.join(dir, 'content/docs/toml.md'), [
    '+++',
    `title = ${toml(field('TOML title', tomlUrl, { check: 'title' }))}`,
    `description = ${toml(field('TOML description', tomlUrl))}`,
    `tags = [${toml(terms('TOML tag', tomlUrl, [9])[0])}]`,
    '+++',
    md(field('TOML body', tomlUrl)),
    '',
  ].join('\n'));
  writePage(dir, 'docs/more/page.md', {
    title: field('nested page title', '/docs/more/page/', { check: 'title' }),
    extra: { free: field('nested page extra', null) },
  }, md(field('nested page body', '/docs/more/page/')));
}

/** The whole site; returns its root. */
function writeSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-xss-'));
  fs.mkdirSync(path.join(dir, 'static/img'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'static/img/dot.png'), Buffer.from(PNG, 'base64'));
  writeConfig(dir);
  writeSections(dir);
  writeArticles(dir);
  const roles = writeRoles(dir);
  writeStories(dir, roles);
  writePlaybook(dir);
  writeDocs(dir);
  return dir;
}

// --------------------------------------------------------------------- the browser

let site;
let built;
let server;
let browser;
let context;
const hits = []; // { tab (the Page), page (its path), frame, id }

before(async () => {
  site = writeSite();
  built = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-xss-out-'));
  server = await serveFolder(built);
  execFileSync(bin, ['build', '--root', site, '--output', built, '--base-url', `${server.url}/`], { stdio: 'pipe' });
  browser = await launch();
  context = await detectingContext();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (process.env.XSS_KEEP) console.log(`kept ${site} and ${built}`);
  else for (const dir of [site, built]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const pathOf = (url) => { const u = new URL(url); return u.pathname + u.search; };

/** A context where __xss, alert, confirm and prompt report to `hits`, from every page and frame. */
async function detectingContext() {
  const ctx = await browser.newContext();
  await ctx.exposeBinding('__xssReport', ({ page, frame }, id) => {
    hits.push({ tab: page, page: pathOf(page.url()), frame: frame.url(), id: Number(id) });
  });
  await ctx.addInitScript(() => {
    const report = (id) => { window.__xssReport(String(id)); };
    window.__xss = report;
    window.alert = report;
    window.confirm = report;
    window.prompt = report;
  });
  return ctx;
}

/** Every HTML page: the sitemap's, every other .html file the build wrote, and the XML files. */
function pagesOf() {
  const xml = fs.readFileSync(path.join(built, 'sitemap.xml'), 'utf8');
  const fromSitemap = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1].replace(/&amp;/g, '&')).pathname);
  const files = fs.readdirSync(built, { recursive: true })
    .filter((f) => f.endsWith('.html'))
    .map((f) => '/' + f.split(path.sep).join('/').replace(/index\.html$/, ''));
  return { fromSitemap, all: [...new Set([...fromSitemap, ...files, '/atom.xml', '/sitemap.xml'])] };
}

/** Lets load-time handlers (onerror, onload, ontoggle, autofocus) fire. */
async function settle(page) {
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))).catch(() => {});
}

/**
 * Clicks, one at a time, every link whose URL is a javascript: URL: that is how such a
 * payload runs (nothing else is clicked). Each click gets its own turn, or a later one would
 * cancel the navigation of the one before.
 */
async function clickScriptLinks(page) {
  const count = await page.evaluate(() => {
    window.__scriptLinks = [...document.querySelectorAll('a[href], area[href]')]
      .filter((a) => String(a.protocol).toLowerCase() === 'javascript:');
    return window.__scriptLinks.length;
  }).catch(() => 0);
  for (let i = 0; i < count; i++) {
    await page.evaluate((k) => window.__scriptLinks[k].click(), i).catch(() => {});
    await page.waitForTimeout(20);
  }
  if (count) await page.waitForTimeout(100); // the last reports arrive
}

/** The element that carries `id` (a handler, a URL, a script), with its parent's HTML. */
function culprit(id) {
  const has = (s) => s != null && (s.includes(`__xss(${id})`) || s.includes(`alert(${id})`));
  const name = (el) => el.tagName.toLowerCase() + [...el.classList].slice(0, 2).map((c) => `.${c}`).join('');
  for (const el of document.querySelectorAll('*')) {
    const attr = [...el.attributes].find((a) => /^(on|href$|src$|srcdoc$)/i.test(a.name) && has(a.value));
    const script = el.localName === 'script' && !/json/.test(el.getAttribute('type') || '') && has(el.textContent);
    if (!attr && !script) continue;
    const chain = [];
    for (let e = el; e && e !== document.body && chain.length < 6; e = e.parentElement) chain.unshift(name(e));
    const html = (el.parentElement || el).outerHTML;
    const at = Math.max(0, html.indexOf(el.outerHTML.slice(0, 40)) - 80);
    return `in ${chain.join(' > ')}: …${html.slice(at, at + 260).replace(/\s+/g, ' ')}…`;
  }
  return '(no element carries it now)';
}

/** What the page shows: title, text and attribute values, h1, and its JSON-LD parsed. */
function readPage() {
  const attrs = [];
  for (const el of document.querySelectorAll('*')) for (const a of el.attributes) attrs.push(a.value);
  const jsonld = [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => {
    try { return { ok: true, value: JSON.parse(s.textContent) }; } catch (e) { return { ok: false, error: String(e), text: s.textContent.slice(0, 300) }; }
  });
  const root = document.body || document.documentElement;
  return {
    title: document.title,
    h1: document.querySelector('h1')?.textContent.trim() ?? null,
    text: `${document.title}\n${root.textContent}\n${attrs.join('\n')}`,
    jsonld,
  };
}

/** Problems a page reports that mean markup or script got in (not ordinary noise). */
function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && /__xss|Uncaught/.test(m.text())) problems.push(`console: ${m.text()}`); });
  page.on('response', (r) => {
    if (r.status() < 400) return;
    // Payloads say <img src=x>: a request for "x" means one was parsed as markup.
    problems.push(/\/x$/.test(new URL(r.url()).pathname) ? `an injected <img src=x> was parsed (request ${r.url()})` : `HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return problems;
}

/** The payloads that ran in `page`, each once, with the element that carried it. */
async function ranIn(page) {
  const ids = [...new Set(hits.filter((h) => h.tab === page).map((h) => h.id))];
  const out = [];
  for (const id of ids) {
    const h = hits.find((x) => x.tab === page && x.id === id);
    const where = await page.evaluate(culprit, id).catch(() => '(page gone)');
    out.push({ page: h.page, frame: h.frame, id, where });
  }
  return out;
}

/** Opens `url`, lets it settle, clicks script links; returns what ran, what it read, problems. */
async function visit(url) {
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(server.url + url, { waitUntil: 'load' });
  await settle(page);
  const landed = pathOf(page.url()); // an alias redirects
  const before = await ranIn(page); // evidence before a click navigates anything
  await clickScriptLinks(page);
  const ran = [...before, ...(await ranIn(page)).filter((r) => !before.some((b) => b.id === r.id))];
  const read = await page.evaluate(readPage).catch((e) => ({ title: '', text: '', jsonld: [], h1: null, error: String(e) }));
  await page.close();
  return { url, landed, problems: problems.map((p) => `${landed}: ${p}`), ran, ...read };
}

/** Runs `fn` over `items`, `n` at a time, keeping the order. */
async function pool(items, n, fn) {
  const out = [];
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

const isSentinel = (r) => r.id === SENTINEL && r.page === '/docs/raw-html/';

/**
 * Failure lines for executed payloads (the sentinel on its own page aside): one per page and
 * field, naming the payloads that ran and where the first of them sat.
 */
function executed(ran) {
  const groups = new Map();
  for (const r of ran.filter((x) => !isSentinel(x))) {
    const key = `${r.page}\n${Math.floor(r.id / 100)}`;
    const g = groups.get(key) || { ...r, numbers: new Set(), frames: new Set() };
    g.numbers.add(r.id % 100);
    if (r.frame && !r.frame.startsWith(server.url)) g.frames.add(r.frame);
    if (g.where.startsWith('(') && !r.where.startsWith('(')) g.where = r.where;
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    const f = fields[Math.floor(g.id / 100) - 1];
    const list = [...g.numbers].sort((a, b) => a - b).map((n) => `#${n} (${CORPUS[n][0]})`).join(', ');
    const frames = g.frames.size ? ` (also in frames ${[...g.frames].join(', ')})` : '';
    return `${g.page}: ${f ? f.name : `id ${g.id}`}: payload ${list} ran${frames}\n    ${g.where}`;
  });
}

/** Failure lines for fields whose payloads do not reach their page: the test would be vacuous. */
function missing(visited) {
  const byUrl = new Map(visited.map((v) => [v.url, v]));
  const out = [];
  for (const f of fields.filter((x) => x.check !== 'none')) {
    const page = byUrl.get(f.url);
    if (!page) { out.push(`${f.name}: its page ${f.url} was not visited`); continue; }
    const where = f.check === 'title' ? page.title : page.text;
    for (const p of f.payloads) {
      const present = f.check === 'ids' ? where.includes(`(${p.id})`) : where.includes(p.text);
      if (!present) out.push(`${f.name}: payload #${p.n} is not shown on ${f.url}${f.check === 'title' ? ' in document.title' : ''}`);
    }
  }
  return out;
}

/** Failure lines for JSON-LD that does not parse, or whose name is not the page's title. */
function badJsonLd(visited) {
  const out = [];
  for (const v of visited) {
    for (const block of v.jsonld) {
      if (!block.ok) { out.push(`${v.url}: JSON-LD does not parse: ${block.error}\n    ${block.text}`); continue; }
      const name = block.value.name ?? block.value.headline;
      if (name !== undefined && v.h1 !== null && name !== v.h1) out.push(`${v.url}: JSON-LD name ${JSON.stringify(name)} is not the title ${JSON.stringify(v.h1)}`);
    }
  }
  return out;
}

test('no payload runs on any page of the site, and every payload is shown as text', async () => {
  const { fromSitemap, all } = pagesOf();
  assert.ok(fromSitemap.length >= 25, `only ${fromSitemap.length} pages in the sitemap`);
  const visited = await pool(all, 3, visit);
  const ran = visited.flatMap((v) => v.ran);
  const failures = [
    ...executed(ran),
    ...new Set(visited.flatMap((v) => v.problems)),
    ...missing(visited),
    ...badJsonLd(visited),
  ];
  assert.ok(ran.some(isSentinel), 'the authored raw <script> did not run: the detector is broken');
  assert.ok(visited.filter((v) => v.jsonld.length).length >= 4, 'too few pages carry JSON-LD');
  assert.deepEqual(failures, [], `${failures.length} problems over ${visited.length} pages`);
});

test('search results and the live search box show payloads as text only', async () => {
  const page = await context.newPage();
  const problems = watch(page);
  const ran = [];
  await page.goto(`${server.url}/search/?q=${WORD}`, { waitUntil: 'load' });
  await page.locator('[data-search-results] [data-search-result]').first().waitFor({ timeout: 15000 });
  await settle(page);
  assert.match(await page.locator('[data-search-results]').textContent(), /onerror=__xss\(\d+\)/, 'the results show payload text');
  ran.push(...await ranIn(page));
  // The query itself is echoed in the status line.
  const query = field('search query (?q=)', null, { only: [1, 2, 8, 11, 17] });
  await page.goto(`${server.url}/search/?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
  await page.locator('[data-search-status]').filter({ hasText: '__xss' }).waitFor({ timeout: 15000 });
  await settle(page);
  ran.push(...await ranIn(page));
  // The box in the header renders results as you type.
  await page.goto(`${server.url}/docs/`, { waitUntil: 'load' });
  await page.locator('#site-search').click();
  await page.locator('#site-search').pressSequentially(WORD, { delay: 20 });
  await page.locator('#site-search-listbox [data-search-result]').first().waitFor({ timeout: 15000 });
  await settle(page);
  assert.match(await page.locator('#site-search-listbox').textContent(), /__xss\(\d+\)/, 'the box shows payload text');
  ran.push(...await ranIn(page));
  await page.close();
  assert.deepEqual([...executed(ran), ...problems], []);
});

test('the live-reload error overlay shows a build error carrying payloads as text', async () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-xss-serve-'));
  fs.cpSync(site, copy, { recursive: true });
  const live = await serve(copy);
  try {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${live.url}/docs/more/page/`, { waitUntil: 'load' });
    await page.waitForTimeout(300); // the event stream connects
    // A new page whose file name carries payloads and whose date is not a date (a plain YAML
    // scalar made of payloads): the error names the file and quotes the line.
    const name = field('overlay: file name', null, { only: NAME_SAFE });
    const date = field('overlay: broken date line', null, { only: [17, 18, 21] });
    const title = field('overlay: title', null);
    fs.writeFileSync(path.join(copy, 'content/docs', `${name}.md`), `---\ntitle: ${scalar(title)}\ndate: ${date}\n---\nBody.\n`);
    const overlay = page.locator('#waymark-error-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 15000 });
    await settle(page);
    const message = await overlay.innerText();
    assert.ok(message.includes(name), `the overlay names the file:\n${message}`);
    assert.ok(message.includes(date), `the overlay quotes the broken line:\n${message}`);
    const ran = await ranIn(page);
    await page.close();
    assert.deepEqual([...executed(ran), ...problems.filter((p) => !p.includes('/__waymark/events'))], []);
  } finally {
    live.stop();
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
