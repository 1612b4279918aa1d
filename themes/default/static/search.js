/*
 * waymark default theme: offline search.
 *
 * Progressive enhancement. Without JavaScript every search box is a plain GET
 * form that submits `q` to the results page. With it:
 *  - every search box (header, home, 404) shows results as you type in a
 *    listbox under the box (the ARIA combobox pattern: arrow keys move the
 *    active option, Enter opens it, Escape closes the list);
 *  - `/` or Ctrl-K (Cmd-K) focuses the search box;
 *  - the results page (/search/) reads `q` and the filters (type, section,
 *    category, tag; repeatable) from the URL, shows the results with filter
 *    checkboxes and their counts, and keeps the URL up to date so results can
 *    be shared and the back button restores the previous search.
 *
 * Queries go to the search worker (docs/design/search-protocol.md), which
 * starts the first time a search box gets focus. Result text arrives as
 * [text, isMatch] segments and is only ever written with textContent.
 *
 * Search insights, when static/insights.js is loaded with search events on
 * (window.waymarkInsights.searchEvents): a query typed in a box is reported
 * once its results have been shown for a second without a newer query
 * (`search` {query, results} or `search_no_results` {query}), at once when
 * the form is submitted or the page is left; opening a result reports
 * `search_click` {query, position, url}. A query submitted from a box on
 * another page is reported by the results page (a one-time note in
 * sessionStorage says so); a results page opened from a link, a reload or
 * the back button reports nothing. Without insights.js nothing is reported.
 * On the results page, "no results" also shows the "Still need help?" block
 * from <template data-search-support>, when the page has one, a "Did you
 * mean …?" link and the sections near the query when the engine sends them.
 * A hit's matching sections (`sub`) are listed under it; a filter group
 * shows its FACET_LIMIT biggest values and a "Show N more" button.
 *
 * Result links carry ?highlight=<the words the hit matched>; every page that
 * loads this script marks those words in its <main> (see highlightPage).
 *
 * A page opened from disk (file:) can run no worker: nothing is enhanced there
 * (base.html shows each box's "search works once the site is served" note).
 */
(() => {
  'use strict';

  const script = document.currentScript;
  const workerUrl = script && script.getAttribute('data-worker');
  const base = (script && script.getAttribute('data-base')) || '/';

  // ---------------------------------------------------- highlight on arrival

  /**
   * Marks the words of `?highlight=` (space-separated, from a search result link) in <main>:
   * whole words, any case, as <mark class="search-hit"> around the matching text, built from
   * text nodes only (the words come from the URL). Scrolls to the first one unless the URL
   * names a place of its own (#anchor).
   */
  function highlightPage() {
    const main = document.querySelector('main');
    const param = main && new URLSearchParams(location.search).get('highlight');
    if (!param) return;
    // At most 20 words of at most 64 characters: the pattern stays small whatever the URL says.
    const words = [...new Set(param.toLowerCase().split(/\s+/).filter((w) => w && w.length <= 64))]
      .slice(0, 20)
      .sort((a, b) => b.length - a.length) // the longest alternative first
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    if (!words.length) return;
    const edge = '[\\p{L}\\p{N}_]';
    const pattern = new RegExp(`(?<!${edge})(?:${words.join('|')})(?!${edge})`, 'giu');
    const skip = 'script, style, noscript, template, textarea, select, option, svg, [contenteditable], mark.search-hit';
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement.closest(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    const marks = [];
    for (const node of nodes) {
      const text = node.data;
      const parts = [];
      let last = 0;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        if (m.index > last) parts.push(document.createTextNode(text.slice(last, m.index)));
        const mark = document.createElement('mark');
        mark.className = 'search-hit';
        mark.textContent = m[0];
        parts.push(mark);
        marks.push(mark);
        last = m.index + m[0].length;
      }
      if (!parts.length) continue;
      if (last < text.length) parts.push(document.createTextNode(text.slice(last)));
      node.replaceWith(...parts);
    }
    // The first one on screen: a mark inside a closed <details> has no box to scroll to.
    const first = marks.find((mark) => mark.getClientRects().length);
    if (first && !location.hash) first.scrollIntoView({ block: 'center' });
  }

  try {
    highlightPage();
  } catch (e) {
    // A browser without lookbehind in patterns (Safari before 16.4) marks nothing; search still works.
  }
  if (!workerUrl || location.protocol === 'file:') return;

  const DEBOUNCE_MS = 70;
  const SLOW_MS = 400;        // show "Searching…" when an answer takes longer
  const TIMEOUT_MS = 8000;    // a query sent to a loaded worker: no answer by then is a failure
  const LOAD_TIMEOUT_MS = 15000; // the first query also waits for the runtime to download
  const BOX_LIMIT = 8;
  // Matching sections shown under a hit in the header list (the results page shows them all).
  const BOX_SUBS = 2;
  const PAGE_LIMIT = 20;
  const FACET_LIMIT = 5;      // values a filter group shows before "Show N more"
  const FACETS = ['type', 'section', 'category', 'tag'];
  const FACET_TITLES = { type: 'Type', section: 'Section', category: 'Category', tag: 'Tag' };
  const TYPE_NAMES = {
    article: 'Article', role: 'Role', story: 'Story', playbook: 'Playbook', page: 'Page', section: 'Section',
  };

  const INSIGHTS_MS = 1000;   // a query is final once shown this long without a newer one
  const SUBMITTED_KEY = 'waymark:search:submitted';

  // ---------------------------------------------------------------- helpers

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [name, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) continue;
        if (name === 'text') node.textContent = value;
        else node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    if (children) for (const child of children) if (child) node.append(child);
    return node;
  }

  /** Appends [text, isMatch] segments to `parent`, matches in <mark>. Text only. */
  function appendSegments(parent, segments) {
    if (!Array.isArray(segments)) return false;
    let any = false;
    for (const segment of segments) {
      if (!Array.isArray(segment)) continue;
      const text = segment[0] == null ? '' : String(segment[0]);
      if (!text) continue;
      any = true;
      if (segment[1]) parent.append(el('mark', { text }));
      else parent.append(document.createTextNode(text));
    }
    return any;
  }

  function plain(segments) {
    return Array.isArray(segments) ? segments.map((s) => (Array.isArray(s) ? String(s[0] ?? '') : '')).join('') : '';
  }

  /** base_path + hit.url, without doubling the slash. */
  function hitHref(url) {
    const path = String(url || '');
    return base.replace(/\/+$/, '') + (path.startsWith('/') ? path : '/' + path);
  }

  /** The marked words of some segment lists: lower-cased, each once, in order. */
  function matchedWords(...lists) {
    const words = new Set();
    for (const segments of lists) {
      if (!Array.isArray(segments)) continue;
      for (const segment of segments) {
        if (!Array.isArray(segment) || !segment[1]) continue;
        for (const word of String(segment[0] ?? '').toLowerCase().split(/\s+/)) if (word) words.add(word);
      }
    }
    return [...words];
  }

  /** `href` with ?highlight=<words> (before any #anchor), for the target page to mark them. */
  function withHighlight(href, words) {
    if (!words.length) return href;
    const cut = href.indexOf('#');
    const path = cut < 0 ? href : href.slice(0, cut);
    const hash = cut < 0 ? '' : href.slice(cut);
    return `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams({ highlight: words.join(' ') })}${hash}`;
  }

  function typeName(type) {
    const name = String(type || '');
    return TYPE_NAMES[name] || (name.charAt(0).toUpperCase() + name.slice(1));
  }

  function plural(n, one, many) { return `${n} ${n === 1 ? one : many}`; }
  /** The query as a status line shows it: in quotation marks, unless the visitor quoted it. */
  function asQuoted(q) {
    const t = q.trim();
    return t.length > 1 && /^["“]/.test(t) && /["”]$/.test(t) ? t : `“${t}”`;
  }

  function isTypingTarget(target) {
    if (!target || !(target instanceof Element)) return false;
    if (target.isContentEditable) return true;
    const tag = target.tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
    if (tag !== 'INPUT') return false;
    const type = (target.getAttribute('type') || 'text').toLowerCase();
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(type);
  }

  /** The site's sections, for the "could not be loaded" and "no results" messages. */
  function sectionLinks() {
    const links = [{ href: base, text: 'Home page' }];
    for (const a of document.querySelectorAll('.site-nav a[href]')) {
      const text = a.textContent.trim();
      if (text) links.push({ href: a.getAttribute('href'), text });
    }
    return links;
  }

  function sectionList(className) {
    return el('ul', { class: className, role: 'list' },
      sectionLinks().map((link) => el('li', null, [el('a', { href: link.href, text: link.text })])));
  }

  // --------------------------------------------------------------- insights

  /** insights.js's tracker when it is loaded with search events on, else null. */
  function insightsApi() {
    const api = window.waymarkInsights;
    return api && api.searchEvents && typeof api.track === 'function' ? api : null;
  }

  /**
   * Search insights for one search box or the results page. `shown(q, total,
   * report)` after results are rendered: with report "typed" the query is sent
   * after INSIGHTS_MS unless a newer one comes first, with "now" at once, with
   * nothing it is only remembered for clicks. `typed()` drops a pending query
   * (the text changed), `flush()` sends it now, `clicked(position, url)`.
   * `pause()` stops reporting until the page is shown again (a form was
   * submitted: the results page reports the query). The same query is not
   * reported twice in a row.
   */
  function searchInsights() {
    let timer = 0;
    let pending = null;
    let last = null;
    let current = '';
    let paused = false;

    function flush() {
      clearTimeout(timer);
      const item = pending;
      pending = null;
      const api = insightsApi();
      if (!item || !api || item.q === last) return;
      last = item.q;
      if (item.total > 0) api.track('search', { query: item.q, results: item.total });
      else api.track('search_no_results', { query: item.q });
    }

    window.addEventListener('pagehide', flush);
    window.addEventListener('pageshow', () => { paused = false; });

    return {
      shown(q, total, report) {
        current = q.trim();
        if (!report || paused || !current || !insightsApi()) return;
        clearTimeout(timer);
        pending = { q: current, total };
        if (report === 'now') flush();
        else timer = setTimeout(flush, INSIGHTS_MS);
      },
      typed() {
        clearTimeout(timer);
        pending = null;
      },
      pause() {
        clearTimeout(timer);
        pending = null;
        paused = true;
      },
      flush,
      /** Whether `q` is the last query reported from here. */
      reported(q) { return last !== null && last === q.trim(); },
      clicked(position, url) {
        const api = insightsApi();
        flush();
        if (!api || !current) return;
        api.track('search_click', { query: current, position, url });
      },
    };
  }

  /** The query a box on another page submitted to the results page, read once. */
  function takeSubmitted() {
    try {
      const q = sessionStorage.getItem(SUBMITTED_KEY);
      sessionStorage.removeItem(SUBMITTED_KEY);
      return q;
    } catch (e) {
      return null;
    }
  }

  function noteSubmitted(q) {
    try { sessionStorage.setItem(SUBMITTED_KEY, q.trim()); } catch (e) { /* not reported then */ }
  }

  /** The path of a result link, for search_click (without ?highlight=: one page, one URL). */
  function linkPath(link) {
    try {
      const url = new URL(link.href, location.href);
      url.searchParams.delete('highlight');
      return url.origin === location.origin ? url.pathname + url.search + url.hash : url.href;
    } catch (e) {
      return link.getAttribute('href') || '';
    }
  }

  // ----------------------------------------------------------------- worker

  /**
   * The one search worker of the page. `query()` returns a promise for the
   * answer; a newer query supersedes every older one (their promises reject
   * with `superseded`, and late answers to them are ignored by id).
   */
  const engine = {
    worker: null,
    state: 'idle',          // idle | loading | ready | error
    nextId: 1,
    current: null,          // { id, message, resolve, reject, sent }
    timer: 0,
    error: '',

    start() {
      if (this.worker || this.state === 'error') return;
      this.state = 'loading';
      try {
        this.worker = new Worker(workerUrl);
      } catch (e) {
        this.fail('the search worker could not start');
        return;
      }
      this.worker.onmessage = (event) => this.receive(event.data);
      this.worker.onerror = (event) => {
        if (event && event.preventDefault) event.preventDefault();
        this.fail('the search worker could not be loaded');
      };
      this.worker.onmessageerror = () => this.fail('the search worker sent an unreadable message');
    },

    query(q, filters, limit) {
      // After a failure, every new query tries again with a fresh worker (the network may be
      // back); a permanently broken index fails again quickly.
      if (this.state === 'error') this.reset();
      this.start();
      if (this.current) {
        const old = this.current;
        this.current = null;
        old.reject({ superseded: true });
      }
      if (this.state === 'error') return Promise.reject({ message: this.error });
      const id = this.nextId++;
      // The header list shows no filters: skip their counts (fewer bytes to fetch).
      const message = { id, q, limit, filters: cleanFilters(filters), facets: filters != null };
      return new Promise((resolve, reject) => {
        this.current = { id, message, resolve, reject, sent: false };
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.timeout(id), this.state === 'ready' ? TIMEOUT_MS : LOAD_TIMEOUT_MS);
        if (this.state === 'ready') this.send();
      });
    },

    send() {
      const current = this.current;
      if (!current || current.sent || !this.worker) return;
      current.sent = true;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.timeout(current.id), TIMEOUT_MS);
      this.worker.postMessage(current.message);
    },

    reset() {
      if (this.worker) this.worker.terminate();
      this.worker = null;
      this.state = 'idle';
      this.error = '';
    },

    receive(data) {
      if (!data || typeof data !== 'object') return;
      if (data.phase === 'ready') {
        this.state = 'ready';
        this.send();
        return;
      }
      if (data.phase === 'error' && data.id == null) {
        this.fail(data.message || 'the search index could not be loaded');
        return;
      }
      const current = this.current;
      if (!current || data.id !== current.id) return; // stale or unknown: ignore
      this.current = null;
      clearTimeout(this.timer);
      if (data.phase === 'done') current.resolve(data);
      else current.reject({ message: data.message || 'the query failed' });
    },

    timeout(id) {
      const current = this.current;
      if (!current || current.id !== id) return;
      this.current = null;
      if (this.state !== 'ready') {
        this.fail('the search runtime did not finish loading');
        current.reject({ message: this.error, timeout: true });
        return;
      }
      current.reject({ message: 'no answer from the search worker', timeout: true });
    },

    fail(message) {
      this.state = 'error';
      this.error = message;
      clearTimeout(this.timer);
      const current = this.current;
      this.current = null;
      if (current) current.reject({ message });
    },
  };

  function cleanFilters(filters) {
    const out = {};
    if (!filters) return out;
    for (const facet of FACETS) {
      const values = filters[facet];
      if (values && values.length) out[facet] = values.slice();
    }
    return out;
  }

  function emptyFilters() {
    return { type: [], section: [], category: [], tag: [] };
  }

  function sectionTitles(answer) {
    const titles = new Map();
    const sections = (answer && answer.facets && answer.facets.section) || [];
    for (const entry of sections) if (Array.isArray(entry)) titles.set(entry[0], entry[1]);
    return titles;
  }

  /** The link, badge, section name and text of one hit, shared by the box and the page. */
  function hitParts(hit, titles) {
    const title = el('span', { class: 'search-hit__title' });
    if (!appendSegments(title, hit.title)) title.textContent = String(hit.url || '');
    const badge = el('span', { class: 'badge search-hit__type', text: typeName(hit.type) });
    const text = el('span', { class: 'search-hit__text' });
    // Snippets cut from the middle of a page carry their own "…" segments.
    if (!appendSegments(text, hit.snippet)) text.textContent = String(hit.summary || '');
    const sectionName = titles.get(hit.section);
    const section = sectionName && hit.type !== 'section'
      ? el('span', { class: 'search-hit__section', text: sectionName })
      : null;
    const href = withHighlight(hitHref(hit.url), matchedWords(hit.title, hit.snippet));
    return { href, title, badge, text, section };
  }

  /**
   * The matching sections of a long page (hit.sub: [{url: "/p/#anchor", title, snippet}]) as a
   * list of links under the hit, or null. Their links highlight the hit's words and their own.
   */
  function subResults(hit) {
    const subs = hitSubs(hit);
    if (!subs.length) return null;
    return el('ul', { class: 'search-subs', role: 'list' }, subs.map((sub) => {
      const parts = subParts(hit, sub);
      const text = el('span', { class: 'search-hit__text' });
      return el('li', { class: 'search-sub' }, [
        el('a', { class: 'search-sub__link', href: parts.href }, [parts.title]),
        appendSegments(text, sub.snippet) ? el('p', { class: 'search-sub__text' }, [text]) : null,
      ]);
    }));
  }

  /** The answer's "did you mean" text, or '' when it has none or it is the query itself. */
  function suggestionOf(answer, q) {
    const suggestion = typeof answer.suggestion === 'string' ? answer.suggestion.trim() : '';
    return suggestion !== q.trim() ? suggestion : '';
  }

  /** A left click without a modifier: one that opens a link in place, not in a new tab. */
  function plainClick(event) {
    return event.button === 0 && !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey);
  }

  function hitSubs(hit) {
    return Array.isArray(hit.sub) ? hit.sub.filter((sub) => sub && sub.url) : [];
  }

  /** A matching section's title and link, which highlights the hit's words and its own. */
  function subParts(hit, sub) {
    const title = el('span', { class: 'search-hit__title' });
    if (!appendSegments(title, sub.title)) title.textContent = String(sub.url);
    const words = matchedWords(hit.title, hit.snippet, sub.title, sub.snippet);
    return { title, href: withHighlight(hitHref(sub.url), words) };
  }

  // ------------------------------------------------------ as-you-type boxes

  let boxCount = 0;

  function enhanceBox(form) {
    const input = form.querySelector('input[name="q"]');
    if (!input) return;
    const uid = input.id || `search-box-${++boxCount}`;
    input.id = uid;

    const list = el('ul', { class: 'search-popup__list', id: `${uid}-listbox`, role: 'listbox', 'aria-label': 'Search results' });
    const message = el('div', { class: 'search-popup__message' });
    const popup = el('div', { class: 'search-popup', hidden: true }, [message, list]);
    const live = el('p', { class: 'visually-hidden', role: 'status' });
    form.append(popup, live);
    form.classList.add('search-form--live');

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-keyshortcuts', '/ Control+K Meta+K');

    let debounce = 0;
    let slow = 0;
    let seq = 0;
    let options = [];
    let active = -1;
    let hasContent = false;
    const tracker = searchInsights();

    function open() {
      if (!hasContent || document.activeElement !== input) return;
      popup.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      place();
    }
    // Keep the list inside the window wherever the header put the box.
    function place() {
      if (popup.hidden) return;
      popup.style.left = '';
      popup.style.right = '';
      const margin = 8;
      const rect = popup.getBoundingClientRect();
      const width = document.documentElement.clientWidth;
      if (rect.left < margin) {
        popup.style.right = 'auto';
        popup.style.left = `${margin - form.getBoundingClientRect().left}px`;
      } else if (rect.right > width - margin) {
        popup.style.right = `${rect.right - (width - margin) + (parseFloat(getComputedStyle(popup).right) || 0)}px`;
      }
    }
    window.addEventListener('resize', place);
    function close() {
      popup.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    }
    function setActive(index) {
      if (options[active]) {
        options[active].classList.remove('is-active');
        options[active].setAttribute('aria-selected', 'false');
      }
      active = index;
      const option = options[active];
      if (option) {
        option.classList.add('is-active');
        option.setAttribute('aria-selected', 'true');
        input.setAttribute('aria-activedescendant', option.id);
        option.scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }
    function clear() {
      setActive(-1);
      options = [];
      list.replaceChildren();
      message.replaceChildren();
      hasContent = false;
    }
    function announce(text) { live.textContent = text; }

    function allResultsHref(q) {
      return `${form.getAttribute('action') || base + 'search/'}?${new URLSearchParams({ q })}`;
    }

    function renderAnswer(q, answer) {
      clear();
      const hits = Array.isArray(answer.hits) ? answer.hits : [];
      const total = Number.isFinite(answer.total) ? answer.total : hits.length;
      const titles = sectionTitles(answer);
      if (answer.fuzzy && hits.length) message.append(el('p', { class: 'search-popup__note', text: 'Showing results for similar words' }));
      else if (answer.some_words && hits.length) message.append(el('p', { class: 'search-popup__note', text: 'No page has all of these words' }));
      if (!hits.length) {
        message.append(
          el('p', { class: 'search-popup__title', text: `No results for ${asQuoted(q)}` }),
          el('p', { class: 'search-popup__note', text: 'Check the spelling or try fewer, more general words.' }));
        const suggestion = suggestionOf(answer, q);
        if (suggestion) addSuggestion(suggestion);
        announce(options.length ? `No results. Did you mean ${suggestion}?` : 'No results');
      } else {
        announce(total > hits.length ? `${plural(total, 'result', 'results')}, ${hits.length} shown` : plural(total, 'result', 'results'));
      }
      hits.forEach((hit, i) => {
        // The link itself is the option: an option may not contain a focusable element.
        const parts = hitParts(hit, titles);
        const option = el('a', {
          class: 'search-option__link', id: `${uid}-opt-${i}`, role: 'option', 'aria-selected': 'false',
          href: parts.href, tabindex: '-1', 'data-position': i + 1,
        }, [el('span', { class: 'search-option__head' }, [parts.title, parts.badge]), parts.text]);
        list.append(el('li', { class: 'search-option', role: 'none', 'data-search-result': true }, [option]));
        options.push(option);
        hitSubs(hit).slice(0, BOX_SUBS).forEach((sub, j) => addSub(hit, sub, `${uid}-opt-${i}-${j}`, i + 1));
      });
      if (hits.length) {
        const label = total > hits.length ? `See all ${plural(total, 'result', 'results')}` : 'Open the results page';
        const option = el('a', {
          class: 'search-option__link', id: `${uid}-opt-all`, role: 'option', 'aria-selected': 'false',
          href: allResultsHref(q), tabindex: '-1', text: label,
        });
        list.append(el('li', { class: 'search-option search-option--all', role: 'none' }, [option]));
        options.push(option);
      }
      list.hidden = !options.length;
      hasContent = true;
      open();
      tracker.shown(q, total, 'typed');
    }

    /**
     * A matching section of a hit as an option of its own under it (an option may not hold a
     * second link): the heading, linked to its anchor with the words highlighted.
     */
    function addSub(hit, sub, id, position) {
      const parts = subParts(hit, sub);
      const option = el('a', {
        class: 'search-option__link', id, role: 'option', 'aria-selected': 'false',
        href: parts.href, tabindex: '-1', 'data-position': position,
      }, [el('span', { class: 'visually-hidden', text: 'Section: ' }), parts.title]);
      list.append(el('li', { class: 'search-option search-option--sub', role: 'none' }, [option]));
      options.push(option);
    }

    /** "Did you mean …?" as an option: choosing it searches for the word here, in the box. */
    function addSuggestion(suggestion) {
      const option = el('a', {
        class: 'search-option__link', id: `${uid}-opt-suggestion`, role: 'option', 'aria-selected': 'false',
        href: allResultsHref(suggestion), tabindex: '-1', 'data-suggestion': suggestion,
      }, [document.createTextNode('Did you mean '), el('strong', { text: suggestion }), document.createTextNode('?')]);
      list.append(el('li', { class: 'search-option search-option--suggestion', role: 'none' }, [option]));
      options.push(option);
    }

    /** Searches for a "did you mean" word in the box, as if it had been typed. */
    function takeSuggestion(option) {
      input.value = option.getAttribute('data-suggestion');
      tracker.typed();
      run();
    }

    /** Reports the opening of a result option (or only the pending query, for "See all"). */
    function opened(option) {
      const position = Number(option.getAttribute('data-position'));
      if (position > 0) tracker.clicked(position, linkPath(option));
      else tracker.flush();
    }

    function renderError() {
      clear();
      message.append(
        el('p', { class: 'search-popup__title', text: 'Search could not be loaded' }),
        el('p', { class: 'search-popup__note', text: 'You can still browse the site:' }),
        sectionList('search-popup__sections'));
      list.hidden = true;
      announce('Search could not be loaded');
      hasContent = true;
      open();
    }

    function run() {
      clearTimeout(debounce);
      const q = input.value;
      const my = ++seq;
      if (!q.trim()) {
        clearTimeout(slow);
        clear();
        close();
        announce('');
        return;
      }
      clearTimeout(slow);
      slow = setTimeout(() => {
        if (my !== seq || hasContent) return;
        message.replaceChildren(el('p', { class: 'search-popup__note', text: 'Searching…' }));
        list.hidden = true;
        hasContent = true;
        open();
      }, SLOW_MS);
      engine.query(q, null, BOX_LIMIT).then(
        (answer) => { if (my === seq) { clearTimeout(slow); renderAnswer(q, answer); } },
        (err) => { if (my === seq && !err.superseded) { clearTimeout(slow); renderError(); } });
    }

    input.addEventListener('focus', () => {
      engine.start();
      if (input.value.trim() && hasContent) open();
    });
    input.addEventListener('input', () => {
      clearTimeout(debounce);
      tracker.typed();
      debounce = setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener('keydown', (event) => {
      if (event.isComposing) return;
      const expanded = !popup.hidden;
      switch (event.key) {
        case 'ArrowDown':
        case 'ArrowUp': {
          if (!hasContent) return;
          event.preventDefault();
          if (!expanded) { open(); if (!options.length) return; }
          if (!options.length) return;
          const step = event.key === 'ArrowDown' ? 1 : -1;
          let next = active + step;
          if (active === -1 && step < 0) next = options.length - 1;
          if (next >= options.length || next < 0) next = -1; // back to the input
          setActive(next);
          return;
        }
        case 'Enter': {
          const option = expanded && options[active];
          if (!option) {
            // Submit the newest text, not a debounced one.
            clearTimeout(debounce);
            return;
          }
          event.preventDefault();
          if (option.hasAttribute('data-suggestion')) {
            takeSuggestion(option);
            return;
          }
          opened(option);
          window.location.assign(option.href);
          return;
        }
        case 'Escape':
          if (expanded) {
            event.preventDefault();
            close();
          }
          return;
        case 'Tab':
          close();
          return;
        default:
      }
    });
    form.addEventListener('focusout', (event) => {
      if (!form.contains(event.relatedTarget)) close();
    });
    // Keep the focus in the box while a result is clicked.
    popup.addEventListener('mousedown', (event) => { if (event.button === 0) event.preventDefault(); });
    const onOpen = (event) => {
      if (event.type === 'auxclick' && event.button !== 1) return;
      const option = event.target instanceof Element && event.target.closest('a[role="option"]');
      if (!option || !list.contains(option)) return;
      if (option.hasAttribute('data-suggestion') && event.type === 'click' && plainClick(event)) {
        event.preventDefault();
        takeSuggestion(option);
        return;
      }
      opened(option);
    };
    list.addEventListener('click', onOpen);
    list.addEventListener('auxclick', onOpen);
    // The results page reports a submitted query, unless this box already did.
    form.addEventListener('submit', () => {
      const q = input.value;
      tracker.pause();
      if (q.trim() && insightsApi() && !tracker.reported(q)) noteSubmitted(q);
    });
    document.addEventListener('click', (event) => {
      if (!form.contains(event.target)) close();
    });
  }

  // ---------------------------------------------------------- results page

  function enhancePage(root) {
    const form = root.querySelector('form.search-form');
    const input = form && form.querySelector('input[name="q"]');
    const status = root.querySelector('[data-search-status]');
    const note = root.querySelector('[data-search-note]');
    const results = root.querySelector('[data-search-results]');
    const filterBox = root.querySelector('[data-search-filters]');
    const filterGroups = root.querySelector('[data-search-filter-groups]');
    const support = root.querySelector('template[data-search-support]');
    if (!form || !input || !status || !results) return;
    input.setAttribute('aria-keyshortcuts', '/ Control+K Meta+K');
    input.setAttribute('aria-describedby', status.id || (status.id = 'search-status'));
    if (filterBox && window.matchMedia) filterBox.open = window.matchMedia('(min-width: 52rem)').matches;

    let state = readUrl();
    let committed = location.href;
    let limit = PAGE_LIMIT;
    let debounce = 0;
    let slow = 0;
    let seq = 0;
    const expanded = new Set(); // filter groups showing all their values
    const tracker = searchInsights();

    function readUrl() {
      const params = new URLSearchParams(location.search);
      const filters = emptyFilters();
      for (const facet of FACETS) {
        filters[facet] = [...new Set(params.getAll(facet).filter(Boolean))];
      }
      return { q: params.get('q') || '', filters };
    }

    function urlOf(s) {
      const params = new URLSearchParams();
      if (s.q) params.set('q', s.q);
      for (const facet of FACETS) for (const value of s.filters[facet]) params.append(facet, value);
      const query = params.toString();
      return location.pathname + (query ? `?${query}` : '') + location.hash;
    }

    function anyFilter() { return FACETS.some((f) => state.filters[f].length); }

    /** Typing only rewrites the current entry; this makes the typed text a new entry. */
    function commit() {
      const url = new URL(urlOf(state), location.href).href;
      if (url === committed) {
        history.replaceState(history.state, '', url);
        return;
      }
      // The current entry may show half-typed text: give it back its own search first.
      history.replaceState(history.state, '', committed);
      history.pushState({ search: true }, '', url);
      committed = url;
    }

    function setStatus(text) { status.textContent = text; }
    function setNote(text) {
      if (!note) return;
      note.textContent = text;
      note.hidden = !text;
    }

    function showIdle() {
      results.replaceChildren();
      setNote('');
      setStatus('Type to search every page of the site.');
      renderFilters(null);
    }

    /** report: how search insights count this query ("typed", "now" or nothing, see searchInsights). */
    function run(report) {
      clearTimeout(debounce);
      const my = ++seq;
      clearTimeout(slow);
      if (!state.q.trim()) {
        showIdle();
        return;
      }
      slow = setTimeout(() => { if (my === seq) setStatus('Searching…'); }, SLOW_MS);
      const q = state.q;
      engine.query(q, state.filters, limit).then(
        (answer) => { if (my === seq) { clearTimeout(slow); renderAnswer(q, answer, report); } },
        (err) => { if (my === seq && !err.superseded) { clearTimeout(slow); renderError(); } });
    }

    function renderAnswer(q, answer, report) {
      const hits = Array.isArray(answer.hits) ? answer.hits : [];
      const total = Number.isFinite(answer.total) ? answer.total : hits.length;
      const titles = sectionTitles(answer);
      const focusedMore = document.activeElement && document.activeElement.matches('[data-search-more]');
      const shownBefore = results.querySelectorAll('[data-search-result]').length;
      results.replaceChildren();
      setNote(!hits.length ? ''
        : answer.fuzzy ? 'Showing results for similar words'
        : answer.some_words ? 'No page has all of these words; showing pages with some of them' : '');
      if (!hits.length) {
        setStatus(`No results for ${asQuoted(q)}${anyFilter() ? ' with these filters' : ''}`);
        const suggestion = suggestionOf(answer, q);
        const near = nearSections(answer);
        const empty = el('div', { class: 'empty-state search-empty' }, [
          el('p', { class: 'empty-state__title', text: 'Nothing matched your search' }),
          suggestion ? didYouMean(suggestion) : null,
          el('p', { text: anyFilter()
            ? 'Try removing a filter, checking the spelling, or using fewer words.'
            : near ? 'Check the spelling or try fewer or more general words.'
            : 'Check the spelling, try fewer or more general words, or browse a section:' }),
        ]);
        if (anyFilter()) {
          const button = el('button', { type: 'button', class: 'button button--ghost', text: 'Clear filters' });
          button.addEventListener('click', clearFilters);
          empty.append(el('p', { class: 'search-empty__actions' }, [button]));
        }
        // The sections the engine found near the query, else (without filters) all of them.
        if (near) empty.append(near);
        else if (!anyFilter()) empty.append(sectionList('search-empty__sections'));
        results.append(empty);
        if (support) results.append(support.content.cloneNode(true));
      } else {
        setStatus(total > hits.length
          ? `${plural(total, 'result', 'results')} for ${asQuoted(q)}, showing ${hits.length}`
          : `${plural(total, 'result', 'results')} for ${asQuoted(q)}`);
        const list = el('ol', { class: 'search-results__list', role: 'list' });
        hits.forEach((hit) => {
          const parts = hitParts(hit, titles);
          const link = el('a', { class: 'search-result__link', href: parts.href }, [parts.title]);
          list.append(el('li', { class: 'search-result', 'data-search-result': true }, [
            el('p', { class: 'search-result__meta' }, [parts.badge, parts.section]),
            el('h2', { class: 'search-result__title' }, [link]),
            el('p', { class: 'search-result__text' }, [parts.text]),
            subResults(hit),
          ]));
        });
        results.append(list);
        if (total > hits.length) {
          const more = el('button', { type: 'button', class: 'button button--ghost search-results__more', 'data-search-more': true, text: 'Show more results' });
          more.addEventListener('click', () => { limit += PAGE_LIMIT; run(); });
          results.append(el('p', { class: 'search-results__more-row' }, [more]));
          if (focusedMore) more.focus();
        } else if (focusedMore) {
          // The button is gone: continue at the first new result.
          const next = results.querySelectorAll('[data-search-result] a')[shownBefore];
          if (next) next.focus();
        }
      }
      renderFilters(answer);
      tracker.shown(q, total, report);
    }

    /** "Did you mean <a>suggestion</a>?": the link searches for it here, keeping the filters. */
    function didYouMean(suggestion) {
      const link = el('a', { href: urlOf({ q: suggestion, filters: state.filters }), text: suggestion });
      link.addEventListener('click', (event) => {
        if (!plainClick(event)) return;
        event.preventDefault();
        input.value = suggestion;
        state.q = suggestion;
        limit = PAGE_LIMIT;
        commit();
        run('now');
        input.focus();
      });
      return el('p', { class: 'search-empty__suggestion' }, [document.createTextNode('Did you mean '), link, document.createTextNode('?')]);
    }

    /** "Browse: Help · Billing" from answer.near_sections ([[path, title]]), or null. */
    function nearSections(answer) {
      const sections = (Array.isArray(answer.near_sections) ? answer.near_sections : [])
        .filter((entry) => Array.isArray(entry) && entry[0] != null);
      if (!sections.length) return null;
      const line = el('p', { class: 'search-empty__near' }, [document.createTextNode('Browse: ')]);
      sections.forEach((entry, i) => {
        if (i) line.append(el('span', { 'aria-hidden': 'true', text: ' · ' }));
        line.append(el('a', { href: hitHref(entry[0]), text: String(entry[1] || entry[0]) }));
      });
      return line;
    }

    function renderError() {
      setNote('');
      setStatus('Search could not be loaded');
      results.replaceChildren(el('div', { class: 'empty-state search-error' }, [
        el('p', { class: 'empty-state__title', text: 'Search could not be loaded' }),
        el('p', { text: 'Something went wrong while loading the search index. Try again later, or browse a section:' }),
        sectionList('search-empty__sections'),
      ]));
      renderFilters(null);
    }

    function renderFilters(answer) {
      if (!filterBox || !filterGroups) return;
      // The focused checkbox or "Show more" button gets the focus back after the re-render.
      const keyOf = (node) => (node.matches('[data-facet-more]') ? `more\n${node.getAttribute('data-facet-more')}`
        : node.matches('input[type="checkbox"]') ? `${node.name}\n${node.value}` : null);
      const focused = document.activeElement;
      const focusKey = focused && filterGroups.contains(focused) ? keyOf(focused) : null;
      filterGroups.replaceChildren();
      const facets = (answer && answer.facets) || {};
      let groups = 0;
      // Values from a hand-written URL (`?type=Role`, `?section=help`) match the index's
      // values the way the engine matches them: case and a section's slashes aside.
      const key = (v) => String(v).replace(/^\/+|\/+$/g, '').toLowerCase();
      for (const facet of FACETS) {
        const canonical = new Map();
        for (const entry of Array.isArray(facets[facet]) ? facets[facet] : []) {
          if (Array.isArray(entry)) canonical.set(key(entry[0]), String(entry[0]));
        }
        state.filters[facet] = [...new Set(state.filters[facet].map((v) => canonical.get(key(v)) || v))];
      }
      for (const facet of FACETS) {
        const entries = [];
        const seen = new Set();
        for (const entry of Array.isArray(facets[facet]) ? facets[facet] : []) {
          if (!Array.isArray(entry)) continue;
          const value = String(entry[0]);
          const label = facet === 'section' ? String(entry[1] || value) : (facet === 'type' ? typeName(value) : value);
          const count = Number(facet === 'section' ? entry[2] : entry[1]) || 0;
          seen.add(value);
          entries.push({ value, label, count });
        }
        // A chosen value stays visible (with 0) so it can be unticked.
        for (const value of state.filters[facet]) {
          if (!seen.has(value)) entries.push({ value, label: facet === 'type' ? typeName(value) : value, count: 0 });
        }
        if (!entries.length) continue;
        groups++;
        // The FACET_LIMIT biggest values, the chosen ones and the focused one are shown; the
        // rest wait behind "Show N more", which stays pressed while the visitor refines the query.
        const shown = new Set([...entries].sort((a, b) => b.count - a.count).slice(0, FACET_LIMIT));
        for (const entry of entries) {
          if (state.filters[facet].includes(entry.value) || focusKey === `${facet}\n${entry.value}`) shown.add(entry);
        }
        const extra = entries.length - shown.size;
        const list = el('ul', { class: 'search-filter__list', role: 'list', id: `filter-${facet}-list` });
        for (const entry of entries) {
          const id = `filter-${facet}-${groups}-${list.childElementCount}`;
          const box = el('input', {
            type: 'checkbox', id, name: facet, value: entry.value, class: 'search-filter__input',
          });
          box.checked = state.filters[facet].includes(entry.value);
          box.addEventListener('change', () => toggleFilter(facet, entry.value, box.checked));
          list.append(el('li', { class: 'search-filter__item', 'data-extra': !shown.has(entry) }, [
            box,
            el('label', { for: id, class: 'search-filter__label' }, [
              el('span', { class: 'search-filter__name', text: entry.label }),
              el('span', { class: 'search-filter__count' }, [
                el('span', { class: 'visually-hidden', text: ', ' }),
                document.createTextNode(String(entry.count)),
                el('span', { class: 'visually-hidden', text: entry.count === 1 ? ' result' : ' results' }),
              ]),
            ]),
          ]));
        }
        filterGroups.append(el('fieldset', { class: 'search-filter', 'data-facet': facet }, [
          el('legend', { class: 'search-filter__legend', text: FACET_TITLES[facet] }),
          list,
          extra > 0 ? moreButton(facet, list, extra) : null,
        ]));
      }
      if (anyFilter()) {
        const button = el('button', { type: 'button', class: 'search-filters__clear', text: 'Clear filters' });
        button.addEventListener('click', clearFilters);
        filterGroups.append(button);
      }
      filterBox.hidden = groups === 0;
      if (focusKey) {
        const again = [...filterGroups.querySelectorAll('input[type="checkbox"], [data-facet-more]')]
          .find((node) => keyOf(node) === focusKey);
        if (again) again.focus();
      }
    }

    /** The "Show N more" / "Show fewer" toggle of one filter group. */
    function moreButton(facet, list, extra) {
      const button = el('button', {
        type: 'button', class: 'search-filter__more', 'data-facet-more': facet, 'aria-controls': list.id,
      });
      const show = (open) => {
        button.setAttribute('aria-expanded', String(open));
        button.textContent = open ? 'Show fewer' : `Show ${extra} more`;
        for (const item of list.querySelectorAll('[data-extra]')) item.hidden = !open;
      };
      show(expanded.has(facet));
      button.addEventListener('click', () => {
        if (expanded.has(facet)) expanded.delete(facet);
        else expanded.add(facet);
        show(expanded.has(facet));
      });
      return button;
    }

    function toggleFilter(facet, value, on) {
      const values = state.filters[facet].filter((v) => v !== value);
      if (on) values.push(value);
      state.filters[facet] = values;
      state.q = input.value;
      limit = PAGE_LIMIT;
      commit();
      run();
    }

    function clearFilters() {
      state.filters = emptyFilters();
      state.q = input.value;
      limit = PAGE_LIMIT;
      commit();
      run();
      input.focus();
    }

    input.addEventListener('focus', () => engine.start());
    input.addEventListener('input', () => {
      clearTimeout(debounce);
      tracker.typed();
      debounce = setTimeout(() => {
        state.q = input.value;
        limit = PAGE_LIMIT;
        history.replaceState(history.state, '', urlOf(state));
        run('typed');
      }, DEBOUNCE_MS);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(debounce);
      state.q = input.value;
      limit = PAGE_LIMIT;
      commit();
      run('now');
    });
    // A section under a hit counts as that hit's position, with the section's URL.
    const onOpen = (event) => {
      if (event.type === 'auxclick' && event.button !== 1) return;
      const link = event.target instanceof Element && event.target.closest('a.search-result__link, a.search-sub__link');
      const item = link && link.closest('[data-search-result]');
      if (!item || !results.contains(item)) return;
      const items = [...results.querySelectorAll('[data-search-result]')];
      tracker.clicked(items.indexOf(item) + 1, linkPath(link));
    };
    results.addEventListener('click', onOpen);
    results.addEventListener('auxclick', onOpen);
    window.addEventListener('popstate', () => {
      clearTimeout(debounce);
      state = readUrl();
      committed = location.href;
      input.value = state.q;
      limit = PAGE_LIMIT;
      run();
    });

    input.value = state.q;
    engine.start();
    // A query submitted from a box on another page counts here; a link, a reload or the
    // back button shows results without counting them again.
    const submitted = takeSubmitted();
    run(submitted !== null && submitted === state.q.trim() ? 'now' : undefined);
  }

  // -------------------------------------------------------------- shortcuts

  function focusTarget() {
    const page = document.querySelector('[data-search-page] input[name="q"]');
    if (page) return page;
    return document.querySelector('.site-header form[role="search"] input[name="q"]')
      || document.querySelector('form[role="search"] input[name="q"]');
  }

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing || event.altKey) return;
    const slash = event.key === '/' && !event.ctrlKey && !event.metaKey;
    const k = (event.key === 'k' || event.key === 'K') && (event.ctrlKey || event.metaKey) && !event.shiftKey;
    if (!slash && !k) return;
    if (isTypingTarget(event.target)) return;
    const target = focusTarget();
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.select();
  });

  // ------------------------------------------------------------------ start

  const page = document.querySelector('[data-search-page]');
  for (const form of document.querySelectorAll('form.search-form[role="search"]')) {
    if (page && page.contains(form)) continue;
    enhanceBox(form);
  }
  if (page) enhancePage(page);
})();
