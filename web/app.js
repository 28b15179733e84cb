// pond serve: the single-page app. Hash routes, header, message area.
import { api, auth, loadMe, setUser } from './api.js';
import { h, go, showError, clearMessage, rememberBreed, updateBreedLink } from './dom.js';
import { browseView } from './views/browse.js';
import { breedView, breedStartView } from './views/breed.js';
import { pictureView } from './views/picture.js';
import { lineageView } from './views/lineage.js';
import { loginView } from './views/login.js';

const routes = [
  [/^\/?$/, browseView],
  [/^\/breed\/?$/, breedStartView],
  [/^\/breed\/([^/]+)$/, (root, [id], q) => breedView(root, id, q)],
  [/^\/picture\/(\d+)$/, (root, [id], q) => pictureView(root, Number(id), q)],
  [/^\/lineage\/(\d+)$/, (root, [id], q) => lineageView(root, Number(id), q)],
  [/^\/login\/?$/, loginView],
];

function parseHash() {
  const raw = location.hash.replace(/^#/, '');
  const i = raw.indexOf('?');
  const path = i < 0 ? raw : raw.slice(0, i);
  const query = new URLSearchParams(i < 0 ? '' : raw.slice(i + 1));
  let decoded = path;
  try { decoded = decodeURIComponent(path); } catch { /* keep raw */ }
  return { path: decoded, query };
}

let lastPath = null;

function route() {
  const { path, query } = parseHash();
  // A new page clears an old message; staying on a page (e.g. re-filtering) keeps it.
  if (path !== lastPath) clearMessage();
  lastPath = path;
  updateBreedLink();
  markNav(path);
  const view = document.getElementById('view');
  const root = h('div', { class: 'page' });
  view.replaceChildren(root);
  for (const [re, fn] of routes) {
    const m = path.match(re);
    if (m) {
      Promise.resolve()
        .then(() => fn(root, m.slice(1), query))
        .catch(showError);
      return;
    }
  }
  root.append(h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Browse pictures')));
}

function markNav(path) {
  const browse = document.getElementById('nav-browse');
  const breed = document.getElementById('nav-breed');
  browse.classList.toggle('active', path === '' || path === '/');
  breed.classList.toggle('active', path.startsWith('/breed'));
}

function renderAccount() {
  const box = document.getElementById('account');
  if (auth.user) {
    const out = h('button', { type: 'button', class: 'link', 'data-testid': 'logout' }, 'Log out');
    out.addEventListener('click', async () => {
      out.disabled = true;
      try {
        await api('POST', '/api/logout');
        rememberBreed(null);  // on a shared computer, the next person must not land in this session
        setUser(null);
        await loadMe().catch(() => {});
      } catch (e) {
        showError(e);
      } finally {
        out.disabled = false;
      }
    });
    box.replaceChildren(h('span', { class: 'user', 'data-testid': 'user-name' }, auth.user.name), out);
  } else {
    box.replaceChildren(h('a', { href: '#/login', 'data-testid': 'login-link' }, 'Log in'));
  }
}

async function start() {
  document.getElementById('message-close').addEventListener('click', clearMessage);
  window.addEventListener('pond:user', renderAccount);
  window.addEventListener('hashchange', route);
  renderAccount();
  try {
    await loadMe();
  } catch (e) {
    showError(e);
  }
  if (!location.hash) history.replaceState(null, '', '#/');
  route();
}

start();
