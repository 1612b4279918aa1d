// waymark serve: live reload. Injected into pages by the preview server only; never part of
// a built site.
(() => {
  'use strict';
  const events = new EventSource('/__waymark/events');
  let overlay = null;

  events.addEventListener('reload', () => location.reload());

  // A stylesheet changed: swap it in place, no reload.
  events.addEventListener('css', (event) => {
    const paths = JSON.parse(event.data);
    hide();
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (paths.some((p) => url.pathname.endsWith('/' + p))) {
        url.searchParams.set('waymark-reload', String(Date.now()));
        link.href = url.toString();
      }
    }
  });

  events.addEventListener('build-error', (event) => show(JSON.parse(event.data)));

  function show(text) {
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.id = 'waymark-error-overlay';
      overlay.setAttribute('role', 'alertdialog');
      overlay.setAttribute('aria-label', 'Build error');
      overlay.style.cssText =
        'position:fixed;inset:0;z-index:2147483647;background:rgba(15,17,23,.92);color:#fff;' +
        'padding:2rem;overflow:auto;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace';
      const title = document.createElement('p');
      title.textContent = 'waymark: the last change did not build. The page below is the last good build.';
      title.style.cssText = 'font-weight:700;color:#ff8b8b;margin:0 0 1rem';
      const pre = document.createElement('pre');
      pre.style.cssText = 'white-space:pre-wrap;margin:0';
      overlay.append(title, pre);
    }
    // textContent: the message is shown as text, never parsed as HTML.
    overlay.querySelector('pre').textContent = text;
    if (!overlay.isConnected) document.body.append(overlay);
  }

  function hide() {
    if (overlay) overlay.remove();
  }
})();
