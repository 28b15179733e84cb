// Pieces shared by several views: the picture thumbnail grid and the "start breeding" buttons.
import { api, shown, sized, stashSession } from '../api.js';
import { h, go, showError } from '../dom.js';

export function thumbGrid(pictures, empty = 'No pictures yet.') {
  if (!pictures.length) return h('p', { class: 'muted' }, empty);
  return h('ul', { class: 'thumbs' }, pictures.map(thumb));
}

export function thumb(p) {
  return h('li', {},
    h('a', { class: 'thumb', href: '#/picture/' + p.id, 'data-testid': 'thumb-' + p.id },
      h('img', { src: sized(shown(p), 192), width: 192, height: 192, alt: '', loading: 'lazy' }),
      h('span', { class: 'title' }, p.title),
      h('span', { class: 'by' }, 'by ', p.author)));
}

export async function startBreeding(colour, buttons = [], animated = false) {
  for (const b of buttons) b.disabled = true;
  try {
    const s = await api('POST', '/api/breeds', { colour, animated, strength: 1.0 });
    stashSession(s);
    go('#/breed/' + encodeURIComponent(s.id));
  } catch (e) {
    showError(e);
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

export function startButtons() {
  const colour = h('button', { type: 'button', class: 'primary', 'data-testid': 'start-colour' }, 'Colour');
  const grey = h('button', { type: 'button', 'data-testid': 'start-grey' }, 'Greyscale');
  const moving = h('button', { type: 'button', 'data-testid': 'start-animated' }, 'Animation');
  const all = [colour, grey, moving];
  colour.addEventListener('click', () => startBreeding(true, all));
  grey.addEventListener('click', () => startBreeding(false, all));
  moving.addEventListener('click', () => startBreeding(true, all, true));
  return h('div', { class: 'start' }, h('span', { class: 'label' }, 'Start breeding:'), colour, grey, moving);
}
