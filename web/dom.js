// Small DOM helpers. Server data only ever goes through textContent and setAttribute.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(node, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

// h('a', {href: '#/', class: 'x', onclick: fn}, 'text', child, [more])
export const h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
export const svg = (tag, attrs, ...children) => build(document.createElementNS(SVG_NS, tag), attrs, children);

export function go(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

// The message area (#message): text only, dismissable.
export function showMessage(text, kind = 'error') {
  const box = document.getElementById('message');
  document.getElementById('message-text').textContent = String(text);
  box.className = 'message ' + kind;
  box.hidden = false;
}

export function showError(e) {
  showMessage(e && e.message ? e.message : String(e), 'error');
}

export function clearMessage() {
  const box = document.getElementById('message');
  box.hidden = true;
  document.getElementById('message-text').textContent = '';
}

// The last breeding session, so the header's Breed link resumes it.
const LAST = 'pond.lastBreed';

export function lastBreed() {
  try { return localStorage.getItem(LAST) || ''; } catch { return ''; }
}

export function rememberBreed(id) {
  try {
    if (id) localStorage.setItem(LAST, id);
    else localStorage.removeItem(LAST);
  } catch { /* storage unavailable */ }
  updateBreedLink();
}

export function updateBreedLink() {
  const a = document.getElementById('nav-breed');
  const id = lastBreed();
  if (a) a.setAttribute('href', id ? '#/breed/' + encodeURIComponent(id) : '#/breed');
}

export function formatDate(seconds) {
  if (typeof seconds !== 'number') return '';
  return new Date(seconds * 1000).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}
