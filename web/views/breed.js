// #/breed/ID : the 3 × 5 breeding page.  #/breed : start a session.
import { api, auth, shown, sized, takeSession, withParam } from '../api.js';
import { h, go, showError, showMessage, rememberBreed, lastBreed } from '../dom.js';
import { startButtons } from './parts.js';

const N = 15;
const titles = new Map(); // picture id -> title, for the "branched from" link

export async function breedStartView(root) {
  root.append(
    h('h1', {}, 'Breed'),
    h('p', { class: 'muted' }, 'Start from 15 random pictures, or branch from a published one on its page.'),
    startButtons());
  if (!auth.user) return;
  // A logged-in person's sessions, to resume on any browser (the last one is also remembered here).
  try {
    const { breeds } = await api('GET', '/api/breeds');
    if (!breeds.length) return;
    root.append(h('h2', {}, 'Your sessions'), h('ul', { class: 'thumbs', 'data-testid': 'sessions' },
      breeds.map((s) => h('li', {},
        h('a', { class: 'thumb', href: '#/breed/' + encodeURIComponent(s.id), 'data-testid': 'session-' + s.id },
          h('img', { src: sized(shown(s.page.children[0]), 192), width: 192, height: 192, alt: '', loading: 'lazy' }),
          h('span', { class: 'title' }, 'Generation ' + s.generations),
          h('span', { class: 'by' }, (s.colour ? 'colour' : 'greyscale') + (s.animated ? ', animated' : '')))))));
  } catch (e) {
    showError(e);
  }
}

function clampStrength(x) {
  const v = Number(x);
  if (!Number.isFinite(v)) return 1;
  return Math.min(4, Math.max(0.1, Math.round(v * 10) / 10));
}

export async function breedView(root, id) {
  let session = null;
  let busy = false;
  let bust = 0; // cache-buster when a page is re-rendered under the same URLs
  const chosen = new Set();

  // --- layout -------------------------------------------------------------------------------
  const generation = h('span', { class: 'generation', 'data-testid': 'generation' }, 'Generation …');
  const pageInfo = h('span', { class: 'muted' });
  const origin = h('span', { class: 'origin' });

  const grid = h('div', { class: 'children', 'data-testid': 'children', 'data-busy': 'true' });
  const cells = [];
  for (let k = 0; k < N; k++) {
    const b = h('button', {
      type: 'button', class: 'child', 'data-testid': 'child-' + k, 'data-index': k,
      'aria-pressed': 'false', 'aria-label': 'Child ' + (k + 1),
    }, h('img', { width: 128, height: 128, alt: '' }));
    b.addEventListener('click', () => toggle(k));
    cells.push(b);
    grid.append(b);
  }

  const evolveB = button('Evolve', 'evolve', 'primary', evolve);
  const backB = button('Back', 'back', '', () => act('back'));
  const forwardB = button('Forward', 'forward', '', () => act('forward'));
  const redoB = button('Redo', 'redo', '', () => act('redo', { strength: strength() }));
  const publishB = button('Publish…', 'publish', '', openPublish);

  const slider = h('input', {
    type: 'range', min: '0.1', max: '4', step: '0.1', value: '1', id: 'strength',
    'data-testid': 'strength', 'aria-describedby': 'strength-value',
  });
  const sliderOut = h('output', { id: 'strength-value', for: 'strength' }, '1.0');
  slider.addEventListener('input', () => { sliderOut.textContent = Number(slider.value).toFixed(1); });
  let sliderSet = false;

  const colourB = h('button', { type: 'button', 'data-testid': 'colour' }, 'Colour');
  const greyB = h('button', { type: 'button', 'data-testid': 'grey' }, 'Greyscale');
  colourB.addEventListener('click', () => setColour(true));
  greyB.addEventListener('click', () => setColour(false));
  const colourBox = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Colour', hidden: true }, colourB, greyB);

  const hint = h('p', { class: 'hint muted' }, 'Click the children you like, then Evolve.');
  const publishArea = h('div', { class: 'publish-area' });

  root.append(
    h('div', { class: 'breed-head' }, h('h1', {}, 'Breed'), generation, pageInfo, origin),
    grid,
    h('div', { class: 'controls' },
      evolveB, backB, forwardB, redoB,
      h('label', { class: 'strength', for: 'strength' }, 'Mutation ', slider, sliderOut),
      colourBox, publishB),
    hint,
    publishArea);
  updateControls();

  function button(label, testid, cls, fn) {
    const b = h('button', { type: 'button', class: cls, 'data-testid': testid }, label);
    b.addEventListener('click', fn);
    return b;
  }

  const strength = () => clampStrength(slider.value);

  // --- state -> DOM -------------------------------------------------------------------------
  function updateControls() {
    const ready = !!session && !busy;
    evolveB.disabled = !ready || chosen.size === 0;
    backB.disabled = !ready || !session.can_back;
    forwardB.disabled = !ready || !session.can_forward;
    redoB.disabled = !ready;
    publishB.disabled = !ready || chosen.size !== 1;
    slider.disabled = !ready;
    colourB.disabled = greyB.disabled = !ready;
    for (const c of cells) c.disabled = !session;
    if (chosen.size === 0) hint.textContent = 'Click the children you like, then Evolve.';
    else if (chosen.size === 1) hint.textContent = 'One chosen: Evolve mutates it, Publish shares it.';
    else hint.textContent = chosen.size + ' chosen: Evolve crosses them over. Publish needs exactly one.';
  }

  function setBusy(on) {
    busy = on;
    if (on) grid.setAttribute('data-busy', 'true');
    else grid.removeAttribute('data-busy');
    updateControls();
  }

  function toggle(k) {
    if (busy || !session) return;
    if (chosen.has(k)) chosen.delete(k);
    else chosen.add(k);
    cells[k].setAttribute('aria-pressed', String(chosen.has(k)));
    publishArea.replaceChildren();
    updateControls();
  }

  function loadImage(cell, src) {
    return new Promise((resolve) => {
      const img = h('img', { width: 128, height: 128, alt: '' });
      img.addEventListener('load', resolve, { once: true });
      img.addEventListener('error', resolve, { once: true });
      img.src = src;
      cell.querySelector('img').replaceWith(img);
    });
  }

  // Show a session; resolves when all of its children's images have loaded (or failed).
  async function show(s, rerendered = false) {
    const samePage = session && session.page && s.page && session.page.id === s.page.id;
    if (rerendered && samePage) bust++;
    session = s;
    rememberBreed(s.id);
    chosen.clear();
    publishArea.replaceChildren();

    generation.textContent = 'Generation ' + s.generations;
    pageInfo.textContent = 'page ' + (s.current + 1) + ' of ' + (s.last + 1);
    renderOrigin(s.branched_from);
    if (!sliderSet) {
      slider.value = String(clampStrength(s.strength));
      sliderOut.textContent = Number(slider.value).toFixed(1);
      sliderSet = true;
    }
    colourBox.hidden = !(s.last === 0 && s.current === 0);
    colourB.setAttribute('aria-pressed', String(!!s.colour));
    greyB.setAttribute('aria-pressed', String(!s.colour));

    const children = (s.page && s.page.children) || [];
    // The children of this page that bred the next one (after Back), marked but not selected.
    const previous = new Set((s.page && s.page.chosen_here) || []);
    const loads = [];
    cells.forEach((cell, k) => {
      const child = children.find((c) => c.index === k) || children[k];
      cell.setAttribute('aria-pressed', 'false');
      cell.classList.toggle('was-chosen', previous.has(k));
      cell.title = previous.has(k) ? 'Chosen when this page was evolved' : '';
      cell.hidden = !child;
      if (child) loads.push(loadImage(cell, bust ? withParam(shown(child), 'v', bust) : shown(child)));
    });
    updateControls();
    await Promise.race([Promise.all(loads), new Promise((r) => setTimeout(r, 60000))]);
  }

  async function renderOrigin(from) {
    origin.replaceChildren();
    if (from === null || from === undefined) return;
    const a = h('a', { href: '#/picture/' + from, 'data-testid': 'branched-from' }, titles.get(from) || 'picture ' + from);
    origin.append('branched from ', a);
    if (!titles.has(from)) {
      try {
        const p = await api('GET', '/api/pictures/' + from);
        titles.set(from, p.title);
        a.textContent = p.title;
      } catch { /* keep the number */ }
    }
  }

  // --- actions ------------------------------------------------------------------------------
  async function request(method, path, body, rerendered = false) {
    if (busy) return;
    setBusy(true);
    let s;
    try {
      s = await api(method, path, body);
    } catch (e) {
      showError(e);
      if (e.status === 409) { // the session changed under us: reload it
        try { s = await api('GET', sessionPath()); } catch (e2) { showError(e2); }
      }
      if (!s) { setBusy(false); return; }
    }
    try {
      await show(s, rerendered);
    } finally {
      setBusy(false);
    }
  }

  const sessionPath = () => '/api/breeds/' + encodeURIComponent(id);

  function evolve() {
    if (!chosen.size) return;
    const list = [...chosen].sort((a, b) => a - b);
    request('POST', sessionPath() + '/evolve', { chosen: list, strength: strength() });
  }

  function act(what, body) {
    request('POST', sessionPath() + '/' + what, body, what === 'redo');
  }

  function setColour(colour) {
    if (!session || session.colour === colour) return;
    request('POST', sessionPath() + '/settings', { colour, strength: strength() }, true);
  }

  function openPublish() {
    if (!session || chosen.size !== 1) return;
    const k = [...chosen][0];
    if (!auth.user) {
      const next = encodeURIComponent('/breed/' + id);
      publishArea.replaceChildren(h('p', { class: 'note', 'data-testid': 'publish-login' },
        'Publishing needs an account. ',
        h('a', { href: '#/login?next=' + next }, 'Log in or register'),
        ', then come back: this session stays where it is.'));
      return;
    }
    const child = (session.page.children || []).find((c) => c.index === k) || session.page.children[k];
    const pageId = session.page.id;
    const title = h('input', { type: 'text', id: 'publish-title', 'data-testid': 'publish-title', autocomplete: 'off' });
    const tags = h('input', {
      type: 'text', id: 'publish-tags', 'data-testid': 'publish-tags', autocomplete: 'off',
      placeholder: 'face, spooky',
    });
    const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'publish-submit' }, 'Publish');
    const cancel = h('button', { type: 'button' }, 'Cancel');
    cancel.addEventListener('click', () => publishArea.replaceChildren());
    const form = h('form', { class: 'publish', novalidate: true },
      child ? h('img', { src: sized(shown(child), 128), width: 128, height: 128, alt: 'The chosen child' }) : null,
      h('div', { class: 'fields' },
        h('label', { for: 'publish-title' }, 'Title'), title,
        h('label', { for: 'publish-tags' }, 'Tags (comma-separated, up to 8)'), tags,
        h('div', { class: 'row' }, submit, cancel)));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      submit.disabled = true;
      const tagList = tags.value.split(',').map((t) => t.trim()).filter(Boolean);
      try {
        const p = await api('POST', '/api/pictures', {
          breed: session.id, page: pageId, child: k, title: title.value.trim(), tags: tagList,
        });
        go('#/picture/' + p.id);
      } catch (err) {
        showError(err);
        submit.disabled = false;
      }
    });
    publishArea.replaceChildren(form);
    title.focus();
  }

  // --- load ---------------------------------------------------------------------------------
  setBusy(true);
  let s = takeSession(id);
  if (!s) {
    try {
      s = await api('GET', sessionPath());
    } catch (e) {
      setBusy(false);
      if (e.status === 404) {
        if (lastBreed() === id) rememberBreed('');
        root.replaceChildren(
          h('h1', {}, 'Breed'),
          h('p', {}, 'There is no breeding session with this address. Start a new one:'),
          startButtons());
        showMessage(e.message);
      } else {
        showError(e);
      }
      return;
    }
  }
  try {
    await show(s);
  } finally {
    setBusy(false);
  }
}
