/*
 * waymark default theme: category filters on the roles overview.
 *
 * Progressive enhancement. Without JavaScript every filter is a plain link to
 * its category page. With it, the links become toggle buttons that show only
 * the role cards whose data-categories ("Remote-Friendly|Growth Potential")
 * contain the chosen category. The choice is kept in the URL (?category=...)
 * so it survives a reload and can be shared. Ctrl/Cmd/Shift-click and middle
 * click still open the category page.
 */
(function () {
  'use strict';
  var root = document.querySelector('[data-roles]');
  if (!root) return;
  var filters = Array.prototype.slice.call(root.querySelectorAll('a[data-filter]'));
  var cards = Array.prototype.slice.call(root.querySelectorAll('[data-categories]'));
  var groups = Array.prototype.slice.call(root.querySelectorAll('[data-roles-group]'));
  var status = root.querySelector('[data-roles-status]');
  if (!filters.length || !cards.length) return;

  // Names are compared case-insensitively: two spellings of a term are one term.
  function norm(name) { return (name || '').trim().toLowerCase(); }
  function categoriesOf(card) {
    return (card.getAttribute('data-categories') || '').split('|').map(norm);
  }

  function apply(name, announce) {
    var known = filters.some(function (f) { return f.getAttribute('data-filter') === name; });
    if (!known) name = '';
    filters.forEach(function (f) {
      f.setAttribute('aria-pressed', String(f.getAttribute('data-filter') === name));
    });
    var shown = 0;
    cards.forEach(function (card) {
      var match = !name || categoriesOf(card).indexOf(norm(name)) !== -1;
      var item = card.closest('li') || card;
      item.hidden = !match;
      if (match) shown++;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector('li:not([hidden]) [data-categories]');
    });
    if (status) {
      status.textContent = name
        ? 'Showing ' + shown + ' of ' + cards.length + ' roles: ' + name + '.'
        : (announce ? 'Showing all ' + cards.length + ' roles.' : '');
    }
    return name;
  }

  function setUrl(name) {
    if (!window.history || !history.replaceState) return;
    var url = new URL(location.href);
    if (name) url.searchParams.set('category', name); else url.searchParams.delete('category');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }

  filters.forEach(function (f) {
    f.setAttribute('role', 'button');
    f.removeAttribute('aria-current');
    f.addEventListener('click', function (event) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      var name = f.getAttribute('data-filter');
      // Pressing the active filter again shows every role.
      if (f.getAttribute('aria-pressed') === 'true') name = '';
      setUrl(apply(name, true));
    });
    // A button is pressed with Space as well as Enter.
    f.addEventListener('keydown', function (event) {
      if (event.key === ' ') { event.preventDefault(); f.click(); }
    });
  });

  root.classList.add('is-filterable');
  var initial = new URLSearchParams(location.search).get('category') || '';
  apply(initial, false);
})();
