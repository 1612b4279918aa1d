/*
 * waymark default theme: playbook checklists.
 *
 * Progressive enhancement. The step checkboxes work without JavaScript; this
 * script saves which ones are ticked in localStorage (key
 * "waymark:checklist:" + location.pathname, value a JSON array of step ids),
 * restores them on load, keeps the "N of M steps done" progress bar and the
 * per-stage counts up to date, and wires the "Reset checklist" button.
 */
(function () {
  'use strict';
  var root = document.querySelector('[data-checklist]');
  if (!root) return;
  var boxes = Array.prototype.slice.call(root.querySelectorAll('input[type="checkbox"][data-step]'));
  if (!boxes.length) return;

  var KEY = 'waymark:checklist:' + location.pathname;
  var progress = root.querySelector('[data-checklist-progress]');
  var done = root.querySelector('[data-checklist-done]');
  var bar = root.querySelector('[data-checklist-bar]');
  var reset = root.querySelector('[data-checklist-reset]');
  var stages = Array.prototype.slice.call(root.querySelectorAll('[data-checklist-stage]'));

  function load() {
    try {
      var saved = JSON.parse(localStorage.getItem(KEY) || '[]');
      return Array.isArray(saved) ? saved : [];
    } catch (e) {
      return [];
    }
  }

  function save(ids) {
    try {
      if (ids.length) localStorage.setItem(KEY, JSON.stringify(ids));
      else localStorage.removeItem(KEY);
    } catch (e) { /* storage full or disabled: ticks just are not kept */ }
  }

  function ticked() {
    return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.getAttribute('data-step'); });
  }

  function update() {
    var count = ticked().length;
    var total = boxes.length;
    if (done) done.textContent = String(count);
    if (bar) {
      bar.setAttribute('aria-valuenow', String(count));
      bar.setAttribute('aria-valuemax', String(total));
      bar.setAttribute('aria-valuetext', count + ' of ' + total + ' steps done');
      bar.style.setProperty('--progress', (total ? (count / total) * 100 : 0) + '%');
    }
    if (reset) reset.disabled = count === 0;
    root.classList.toggle('is-complete', count === total);
    stages.forEach(function (stage) {
      var own = stage.querySelectorAll('input[type="checkbox"][data-step]');
      var label = stage.querySelector('[data-checklist-stage-count]');
      if (!label || !own.length) return;
      var n = stage.querySelectorAll('input[type="checkbox"][data-step]:checked').length;
      label.hidden = false;
      label.textContent = n + ' of ' + own.length + ' done';
      stage.classList.toggle('is-done', n === own.length);
    });
  }

  function restore(ids) {
    boxes.forEach(function (b) { b.checked = ids.indexOf(b.getAttribute('data-step')) !== -1; });
    update();
  }

  root.addEventListener('change', function (event) {
    if (!event.target.matches || !event.target.matches('input[type="checkbox"][data-step]')) return;
    save(ticked());
    update();
  });

  if (reset) {
    reset.addEventListener('click', function () {
      save([]);
      restore([]);
      var first = boxes[0];
      if (first) first.focus();
    });
  }

  // Another tab ticked or reset the same playbook.
  window.addEventListener('storage', function (event) {
    if (event.key === KEY) restore(load());
  });

  if (progress) progress.hidden = false;
  root.classList.add('is-tracked');
  restore(load());
})();
