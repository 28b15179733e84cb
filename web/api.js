// The JSON API client (docs/serve-api.md): same-origin fetch, CSRF header, error messages.

export const auth = { user: null, csrf: '' };

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function cookieToken() {
  const m = document.cookie.match(/(?:^|;\s*)pond_csrf=([^;]*)/);
  if (!m) return '';
  try { return decodeURIComponent(m[1]); } catch { return m[1]; }
}

async function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = cookieToken() || auth.csrf;
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body === undefined ? {} : body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'Could not reach the server. Check your connection and try again.');
  }
  let data = null;
  try {
    const text = await res.text();
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const msg = data && data.error && typeof data.error.message === 'string' && data.error.message
      ? data.error.message
      : `Request failed (${res.status}${res.statusText ? ' ' + res.statusText : ''})`;
    throw new ApiError(res.status, msg);
  }
  return data;
}

// api('GET', '/api/me') or api('POST', '/api/breeds', {colour: true}).
// A 403 on a write may mean a stale CSRF token: refresh it once and retry if it changed.
export async function api(method, path, body) {
  try {
    return await send(method, path, body);
  } catch (e) {
    if (e.status === 403 && method !== 'GET') {
      const before = cookieToken() || auth.csrf;
      await loadMe().catch(() => {});
      if ((cookieToken() || auth.csrf) !== before) return send(method, path, body);
    }
    throw e;
  }
}

export function setUser(user) {
  auth.user = user || null;
  window.dispatchEvent(new Event('pond:user'));
}

export async function loadMe() {
  const me = await send('GET', '/api/me');
  auth.csrf = (me && me.csrf) || '';
  setUser(me && me.user);
  return me;
}

// A session just created elsewhere is handed to the breed view so it need not fetch it again.
const handoff = new Map();
export function stashSession(s) { handoff.set(s.id, s); }
export function takeSession(id) {
  const s = handoff.get(id);
  handoff.delete(id);
  return s;
}

// Add or replace a query parameter on a server-given URL.
export function withParam(url, key, value) {
  const u = new URL(url, location.origin);
  u.searchParams.set(key, String(value));
  return u.origin === location.origin ? u.pathname + u.search : u.href;
}

export const sized = (url, n) => withParam(url, 'size', n);

// What to show for a child or a picture: its looping GIF when it is an animation, else its PNG.
export const shown = (item) => item.gif || item.png;
