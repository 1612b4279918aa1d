/*
 * waymark default theme: feedback and search insights.
 *
 * Loaded (by base.html) only when waymark.toml has an [analytics] provider. Its
 * settings come from the data attributes of its own <script> tag:
 *   data-provider        plausible | umami | ga4 | endpoint
 *   data-domain          Plausible's site name (data-domain of its script)
 *   data-website-id      Umami's website ID
 *   data-measurement-id  GA4's measurement ID (G-…)
 *   data-endpoint        where the endpoint provider posts events
 *   data-script          the provider's script URL (none for endpoint)
 *   data-search-events   "true" to report searches (static/search.js)
 *
 * Nothing is sent and no provider script is loaded when the reader asks not to
 * be tracked (Do Not Track or Global Privacy Control). This file sets no
 * cookies and stores nothing; the provider's own script does what it does.
 *
 * window.waymarkInsights = { enabled, searchEvents, track(name, props) } is
 * always defined once this file has run (track does nothing when disabled),
 * so other scripts can call it unconditionally. Events, the same for every
 * provider:
 *   feedback          page, helpful ("yes" | "no")
 *   feedback_detail   page, helpful, reason (may be ""), comment (may be "")
 *   search            query, results (the total count)
 *   search_no_results query
 *   search_click      query, position (1-based), url
 * Plausible gets plausible(name, {props}), Umami umami.track(name, props), GA4
 * gtag('event', name, props) (plus search_term for `search`), and the endpoint
 * a text/plain JSON body {event, page, ...props, site} by navigator.sendBeacon
 * (a simple request: no CORS preflight), or fetch(keepalive) without it.
 *
 * Every [data-feedback] block ("Was this page helpful?", ui.feedback) is
 * enhanced: Yes / No send `feedback` and open the follow-up form (the reasons
 * after No, an optional comment), whose Send sends `feedback_detail`. Without
 * JavaScript, or when tracking is refused, the answers stay plain links to the
 * configured form or mailto: (a block without them stays hidden).
 */
(() => {
  'use strict';

  const script = document.currentScript;
  const data = (name) => ((script && script.getAttribute(`data-${name}`)) || '').trim();

  const COMMENT_MAX = 500;
  const TEXT_MAX = 200;          // queries, reasons and URLs sent as event properties
  const QUEUE_MAX = 50;          // Umami calls kept until its script is there
  const POLL_MS = 100;
  const POLL_TRIES = 100;

  const nav = window.navigator || {};
  const refused = nav.doNotTrack === '1' || window.doNotTrack === '1' || nav.globalPrivacyControl === true;

  const noop = { enabled: false, searchEvents: false, track() {} };

  /** A URL resolved against the page, or null unless it is http(s). */
  function httpUrl(value) {
    if (!value) return null;
    try {
      const url = new URL(value, location.href);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function loadScript(src, attrs) {
    const tag = document.createElement('script');
    tag.async = true;
    for (const [name, value] of Object.entries(attrs || {})) tag.setAttribute(name, value);
    tag.src = src;
    (document.head || document.documentElement).append(tag);
    return tag;
  }

  /** Properties as providers accept them: strings (clipped) and finite numbers only. */
  function clean(props) {
    const out = {};
    for (const [key, value] of Object.entries(props || {})) {
      if (typeof value === 'number') { if (Number.isFinite(value)) out[key] = value; continue; }
      const text = value == null ? '' : String(value);
      out[key] = text.slice(0, key === 'comment' ? COMMENT_MAX : TEXT_MAX);
    }
    return out;
  }

  // -------------------------------------------------------------- providers

  /** The `send(name, props)` of the configured provider, or null when it cannot work. */
  function connect(provider) {
    const src = httpUrl(data('script'));
    switch (provider) {
      case 'plausible': {
        if (!src) return null;
        // Plausible's documented queue: calls made before its script runs are kept in .q.
        window.plausible = window.plausible || function () {
          (window.plausible.q = window.plausible.q || []).push(arguments);
        };
        const attrs = { defer: '' };
        if (data('domain')) attrs['data-domain'] = data('domain');
        loadScript(src, attrs);
        return (name, props) => window.plausible(name, { props });
      }
      case 'umami': {
        const id = data('website-id');
        if (!src || !id) return null;
        const queue = [];
        const ready = () => window.umami && typeof window.umami.track === 'function';
        const flush = () => {
          if (!ready()) return false;
          while (queue.length) {
            const [name, props] = queue.shift();
            try { window.umami.track(name, props); } catch (e) { /* the provider's problem */ }
          }
          return true;
        };
        const tag = loadScript(src, { defer: '', 'data-website-id': id });
        tag.addEventListener('load', () => {
          if (flush()) return;
          let tries = 0;
          const timer = setInterval(() => { if (flush() || ++tries >= POLL_TRIES) clearInterval(timer); }, POLL_MS);
        });
        return (name, props) => {
          if (queue.length < QUEUE_MAX) queue.push([name, props]);
          flush();
        };
      }
      case 'ga4': {
        const id = data('measurement-id');
        if (!src || !id) return null;
        window.dataLayer = window.dataLayer || [];
        // gtag.js reads Arguments objects from the dataLayer, as in Google's snippet.
        window.gtag = window.gtag || function gtag() { window.dataLayer.push(arguments); };
        window.gtag('js', new Date());
        window.gtag('config', id);
        loadScript(src);
        return (name, props) => {
          const params = name === 'search' ? { ...props, search_term: props.query } : props;
          window.gtag('event', name, params);
        };
      }
      case 'endpoint': {
        const endpoint = httpUrl(data('endpoint'));
        if (!endpoint) return null;
        return (name, props) => {
          const body = JSON.stringify({ event: name, page: location.pathname, ...props, site: location.host });
          let queued = false;
          try {
            if (typeof nav.sendBeacon === 'function') {
              queued = nav.sendBeacon(endpoint, new Blob([body], { type: 'text/plain;charset=UTF-8' }));
            }
          } catch (e) {
            queued = false;
          }
          if (queued || typeof window.fetch !== 'function') return;
          window.fetch(endpoint, { method: 'POST', body, keepalive: true, mode: 'no-cors', credentials: 'omit' })
            .catch(() => {});
        };
      }
      default:
        return null;
    }
  }

  const send = refused ? null : connect(data('provider'));
  const insights = send
    ? {
      enabled: true,
      searchEvents: data('search-events') === 'true',
      track(name, props) {
        try { send(String(name), clean(props)); } catch (e) { /* never break the page */ }
      },
    }
    : noop;
  window.waymarkInsights = insights;
  if (!insights.enabled) return;

  // ---------------------------------------------------------------- feedback

  function enhanceFeedback(block) {
    const answers = [...block.querySelectorAll('[data-feedback-answer]')];
    const answerRow = block.querySelector('[data-feedback-answers]');
    const form = block.querySelector('[data-feedback-form]');
    const reasons = block.querySelector('[data-feedback-reasons]');
    const comment = form && form.querySelector('textarea');
    const status = block.querySelector('[data-feedback-status]');
    if (!answers.length || !form || !status) return;
    let helpful = '';

    function answer(value) {
      if (helpful) return;
      helpful = value === 'no' ? 'no' : 'yes';
      insights.track('feedback', { page: location.pathname, helpful });
      if (answerRow) answerRow.hidden = true;
      let prompt = null;
      for (const p of form.querySelectorAll('[data-feedback-prompt]')) {
        p.hidden = p.getAttribute('data-feedback-prompt') !== helpful;
        if (!p.hidden) prompt = p;
      }
      if (reasons) reasons.hidden = helpful !== 'no';
      form.hidden = false;
      // The pressed button is gone: continue at the text that says what comes next.
      (prompt || form.querySelector('input, textarea, button')).focus();
    }

    for (const button of answers) {
      if (button.tagName === 'A') {
        button.setAttribute('role', 'button');
        // A button is pressed with Space as well as Enter.
        button.addEventListener('keydown', (event) => {
          if (event.key === ' ') { event.preventDefault(); button.click(); }
        });
      }
      button.addEventListener('click', (event) => {
        event.preventDefault();
        answer(button.getAttribute('data-feedback-answer'));
      });
    }

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const picked = reasons && !reasons.hidden && reasons.querySelector('input[type="radio"]:checked');
      const reason = picked ? picked.value : '';
      const text = comment ? comment.value.trim().slice(0, COMMENT_MAX) : '';
      if (reason || text) {
        insights.track('feedback_detail', { page: location.pathname, helpful, reason, comment: text });
      }
      form.hidden = true;
      status.textContent = status.getAttribute('data-thanks') || 'Thanks for your feedback.';
      status.focus();
    });

    block.hidden = false;
    block.classList.add('is-enhanced');
  }

  for (const block of document.querySelectorAll('[data-feedback]')) enhanceFeedback(block);
})();
