// #/ : browse published pictures (recent or most branched), by tag, user or search text.
import { api } from '../api.js';
import { h, showError } from '../dom.js';
import { thumbGrid, startButtons } from './parts.js';

const PAGE = 30;

export function browseView(root, _params, query) {
  const state = {
    sort: query.get('sort') === 'branched' ? 'branched' : 'recent',
    tag: query.get('tag') || '',
    user: query.get('user') || '',
    q: query.get('q') || '',
    offset: 0,
  };
  let seq = 0;

  const tabRecent = h('button', { type: 'button', class: 'tab', 'data-testid': 'sort-recent' }, 'Recent');
  const tabBranched = h('button', { type: 'button', class: 'tab', 'data-testid': 'sort-branched' }, 'Most branched');
  tabRecent.addEventListener('click', () => { state.sort = 'recent'; apply(true); });
  tabBranched.addEventListener('click', () => { state.sort = 'branched'; apply(true); });

  const search = h('input', {
    type: 'search', class: 'search', placeholder: 'Search titles and tags',
    'aria-label': 'Search titles and tags', 'data-testid': 'search', value: state.q,
  });
  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => { state.q = search.value.trim(); apply(false); }, 300);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { clearTimeout(timer); state.q = search.value.trim(); apply(false); }
  });

  const filters = h('div', { class: 'filters' });
  const tagList = h('ul', { class: 'tags' }, h('li', { class: 'muted' }, 'Loading tags…'));
  const results = h('div', { class: 'results' });
  const more = h('button', { type: 'button', hidden: true }, 'More');
  more.addEventListener('click', () => load(false));

  root.append(
    h('section', { class: 'hero' },
      h('h1', {}, 'Breed pictures together'),
      h('p', { class: 'muted' },
        'Choose the children you like, evolve them, publish what you find, and branch from anyone’s picture.'),
      startButtons()),
    h('div', { class: 'toolbar' },
      h('div', { class: 'tabs', role: 'group', 'aria-label': 'Sort' }, tabRecent, tabBranched),
      search),
    filters,
    h('div', { class: 'browse' },
      h('aside', { class: 'taglist' }, h('h2', {}, 'Tags'), tagList),
      h('div', {}, results, h('p', { class: 'more' }, more))));

  function queryString(withPaging) {
    const p = new URLSearchParams();
    if (state.sort !== 'recent' || withPaging) p.set('sort', state.sort);
    if (state.tag) p.set('tag', state.tag);
    if (state.user) p.set('user', state.user);
    if (state.q) p.set('q', state.q);
    if (withPaging) { p.set('limit', PAGE); p.set('offset', state.offset); }
    return p.toString();
  }

  function apply(push) {
    const qs = queryString(false);
    const hash = '#/' + (qs ? '?' + qs : '');
    if (location.hash !== hash) history[push ? 'pushState' : 'replaceState'](null, '', hash);
    load(true);
  }

  function renderFilters() {
    tabRecent.setAttribute('aria-pressed', String(state.sort === 'recent'));
    tabBranched.setAttribute('aria-pressed', String(state.sort === 'branched'));
    for (const a of tagList.querySelectorAll('a[data-tag]')) {
      a.classList.toggle('active', a.dataset.tag === state.tag);
    }
    const chips = [];
    if (state.tag) chips.push(chip('Tag: ' + state.tag, () => { state.tag = ''; }));
    if (state.user) chips.push(chip('By: ' + state.user, () => { state.user = ''; }));
    filters.replaceChildren(...chips);
  }

  function chip(label, clear) {
    const b = h('button', { type: 'button', class: 'chip', 'aria-label': 'Remove filter ' + label }, label, ' ×');
    b.addEventListener('click', () => { clear(); apply(true); });
    return b;
  }

  async function load(reset) {
    renderFilters();
    if (reset) state.offset = 0;
    const mine = ++seq;
    more.disabled = true;
    if (reset) results.setAttribute('data-loading', 'true');
    try {
      const data = await api('GET', '/api/pictures?' + queryString(true));
      if (mine !== seq) return;
      const pictures = (data && data.pictures) || [];
      const empty = state.tag || state.user || state.q ? 'No pictures match.' : 'No pictures yet: start breeding and publish one.';
      if (reset) {
        results.replaceChildren(thumbGrid(pictures, empty));
      } else {
        const list = results.querySelector('ul.thumbs');
        const grid = thumbGrid(pictures, empty);
        if (list && grid.tagName === 'UL') list.append(...grid.children);
      }
      state.offset += pictures.length;
      more.hidden = pictures.length < PAGE;
    } catch (e) {
      if (mine === seq) showError(e);
    } finally {
      if (mine === seq) {
        more.disabled = false;
        results.removeAttribute('data-loading');
      }
    }
  }

  async function loadTags() {
    try {
      const data = await api('GET', '/api/tags');
      const tags = (data && data.tags) || [];
      if (!tags.length) {
        tagList.replaceChildren(h('li', { class: 'muted' }, 'No tags yet.'));
        return;
      }
      tagList.replaceChildren(...tags.map((t) => {
        const a = h('a', { href: '#/?tag=' + encodeURIComponent(t.tag), 'data-tag': t.tag, 'data-testid': 'tag-' + t.tag },
          t.tag, ' ', h('span', { class: 'count' }, t.count));
        a.addEventListener('click', (e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
          e.preventDefault();
          state.tag = state.tag === t.tag ? '' : t.tag;
          apply(true);
        });
        return h('li', {}, a);
      }));
      renderFilters();
    } catch (e) {
      tagList.replaceChildren(h('li', { class: 'muted' }, 'Tags unavailable.'));
      showError(e);
    }
  }

  load(true);
  loadTags();
}
