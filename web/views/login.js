// #/login : log in and register. ?next=/breed/ID returns there afterwards.
import { api, auth, loadMe, setUser } from '../api.js';
import { h, go, showError, clearMessage } from '../dom.js';

function nextHash(query) {
  const next = query.get('next') || '';
  return next.startsWith('/') && !next.startsWith('//') ? '#' + next : '#/';
}

function accountForm(kind, query) {
  const isLogin = kind === 'login';
  const name = h('input', {
    type: 'text', id: kind + '-name', name: 'name', 'data-testid': kind + '-name',
    autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false',
  });
  const password = h('input', {
    type: 'password', id: kind + '-password', name: 'password', 'data-testid': kind + '-password',
    autocomplete: isLogin ? 'current-password' : 'new-password',
  });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': kind + '-submit' },
    isLogin ? 'Log in' : 'Register');
  const form = h('form', { class: 'account-form', novalidate: true },
    h('h2', {}, isLogin ? 'Log in' : 'Register'),
    h('label', { for: kind + '-name' }, 'Name'), name,
    h('label', { for: kind + '-password' }, 'Password'), password,
    isLogin ? null : h('p', { class: 'muted small' },
      'Names: 3–32 letters, digits, _ - or . ; passwords: at least 8 characters.'),
    submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      const data = await api('POST', isLogin ? '/api/login' : '/api/register',
        { name: name.value.trim(), password: password.value });
      setUser(data && data.user);
      await loadMe().catch(() => {}); // the CSRF token may have changed with the login
      clearMessage();
      go(nextHash(query));
    } catch (err) {
      showError(err);
      submit.disabled = false;
    }
  });
  return form;
}

export function loginView(root, _params, query) {
  if (auth.user) {
    root.append(h('p', { class: 'note' }, 'You are logged in as ', h('strong', {}, auth.user.name), '. ',
      h('a', { href: nextHash(query) }, 'Continue')));
  }
  root.append(h('div', { class: 'accounts' }, accountForm('login', query), accountForm('register', query)));
}
