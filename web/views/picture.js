// #/picture/ID : one published picture.
import { api, sized, stashSession } from '../api.js';
import { h, go, showError, formatDate } from '../dom.js';
import { thumbGrid } from './parts.js';

export async function pictureView(root, id) {
  root.append(h('p', { class: 'muted' }, 'Loading…'));
  let p;
  try {
    p = await api('GET', '/api/pictures/' + id);
  } catch (e) {
    root.replaceChildren(h('h1', {}, 'Picture not found'), h('p', {}, h('a', { href: '#/' }, 'Browse pictures')));
    showError(e);
    return;
  }

  const branchB = h('button', { type: 'button', class: 'primary', 'data-testid': 'branch' }, 'Branch from this');
  branchB.addEventListener('click', async () => {
    branchB.disabled = true;
    try {
      const s = await api('POST', '/api/breeds', { from: p.id, strength: 1.0 });
      stashSession(s);
      go('#/breed/' + encodeURIComponent(s.id));
    } catch (e) {
      showError(e);
      branchB.disabled = false;
    }
  });

  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'Author'),
    h('dd', {}, h('a', { href: '#/?user=' + encodeURIComponent(p.author), 'data-testid': 'picture-author' }, p.author)),
    h('dt', {}, 'Generations'), h('dd', { 'data-testid': 'picture-generations' }, p.generations),
    h('dt', {}, 'Branches'), h('dd', { 'data-testid': 'picture-branches' }, p.branches),
    h('dt', {}, 'Colour'), h('dd', {}, p.colour ? 'colour' : 'greyscale'),
    p.created ? [h('dt', {}, 'Published'), h('dd', {}, formatDate(p.created))] : null);

  if (p.parent !== null && p.parent !== undefined) {
    const a = h('a', { href: '#/picture/' + p.parent, 'data-testid': 'picture-parent' }, 'picture ' + p.parent);
    facts.append(h('dt', {}, 'Branched from'), h('dd', {}, a));
    api('GET', '/api/pictures/' + p.parent).then((q) => { a.textContent = q.title; }).catch(() => {});
  }

  const tags = (p.tags || []).length
    ? h('ul', { class: 'tags inline' }, p.tags.map((t) =>
      h('li', {}, h('a', { href: '#/?tag=' + encodeURIComponent(t), 'data-testid': 'tag-' + t }, t))))
    : h('p', { class: 'muted' }, 'No tags.');

  const children = p.children || [];
  root.replaceChildren(
    h('div', { class: 'picture' },
      h('div', { class: 'large' },
        // An animation's GIF is made at 384 pixels at most (24 frames each) and shown scaled up.
        h('img', { src: p.gif ? sized(p.gif, 384) : sized(p.png, 512), width: 512, height: 512, alt: p.title })),
      h('div', { class: 'info' },
        h('h1', { 'data-testid': 'picture-title' }, p.title),
        facts,
        tags,
        h('div', { class: 'actions' },
          branchB,
          h('a', { class: 'button', href: '#/lineage/' + p.id, 'data-testid': 'lineage-link' }, 'Lineage'),
          h('a', { class: 'button', href: sized(p.png, 1024), download: 'pond-' + p.id + '.png', 'data-testid': 'download-png' },
            'Download PNG'),
          p.gif ? h('a', { class: 'button', href: sized(p.gif, 384), download: 'pond-' + p.id + '.gif', 'data-testid': 'download-gif' },
            'Download GIF') : null,
          h('a', { class: 'button', href: p.genome, download: 'pond-' + p.id + '.genome.json', 'data-testid': 'download-genome' },
            'Download genome')))),
    h('h2', {}, 'Published branches (' + children.length + ')'),
    thumbGrid(children, 'No published branches yet. Branch from this picture to start one.'));
}
