// #/lineage/ID : the tree of a picture's published ancestors and descendants, as inline SVG.
import { api, shown, sized } from '../api.js';
import { h, svg, showError } from '../dom.js';

const IMG = 96;           // thumbnail size
const SLOT = 140;         // horizontal room for one leaf
const ROW = IMG + 92;     // vertical distance between depths
const TEXT = 40;          // room for title and author under a thumbnail
const PAD = 20;

const shorten = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

// Children lists of a spanning tree over the pictures, visiting each picture once.
function buildTree(data) {
  const byId = new Map((data.pictures || []).map((p) => [p.id, p]));
  const kids = new Map();
  const hasParent = new Set();
  for (const [a, b] of data.edges || []) {
    if (!byId.has(a) || !byId.has(b)) continue;
    if (!kids.has(a)) kids.set(a, []);
    kids.get(a).push(b);
    hasParent.add(b);
  }
  for (const list of kids.values()) list.sort((x, y) => x - y);
  // Start from the pictures without a parent here (the oldest ancestor). `data.root` is the picture
  // the lineage was asked for, often a descendant: starting there would cut it off from its ancestors.
  const roots = [...byId.keys()].filter((id) => !hasParent.has(id)).sort((x, y) => x - y);

  const tree = new Map();
  const seen = new Set();
  const visit = (id) => {
    seen.add(id);
    const list = [];
    tree.set(id, list);
    for (const c of kids.get(id) || []) {
      if (!seen.has(c)) { list.push(c); visit(c); }
    }
  };
  for (const r of roots) if (!seen.has(r)) visit(r);
  for (const id of byId.keys()) if (!seen.has(id)) { roots.push(id); visit(id); } // cycles, defensively
  return { byId, tree, roots };
}

// Tidy layout: each subtree is as wide as the sum of its children (at least one slot);
// a parent is centred over its children.
function layout(tree, roots) {
  const width = new Map();
  const measure = (id) => {
    const list = tree.get(id);
    let w = 0;
    for (const c of list) w += measure(c);
    width.set(id, Math.max(SLOT, w));
    return width.get(id);
  };
  const pos = new Map();
  let depthMax = 0;
  const place = (id, left, depth) => {
    const w = width.get(id);
    pos.set(id, { x: left + w / 2, y: PAD + depth * ROW });
    depthMax = Math.max(depthMax, depth);
    const list = tree.get(id);
    let sum = 0;
    for (const c of list) sum += width.get(c);
    let x = left + (w - sum) / 2;
    for (const c of list) { place(c, x, depth + 1); x += width.get(c); }
  };
  let left = PAD;
  for (const r of roots) { measure(r); place(r, left, 0); left += width.get(r); }
  return { pos, width: left + PAD, height: PAD * 2 + depthMax * ROW + IMG + TEXT };
}

export async function lineageView(root, id) {
  root.append(h('p', { class: 'muted' }, 'Loading…'));
  let data;
  try {
    data = await api('GET', '/api/pictures/' + id + '/lineage');
  } catch (e) {
    root.replaceChildren(h('h1', {}, 'Lineage not found'), h('p', {}, h('a', { href: '#/' }, 'Browse pictures')));
    showError(e);
    return;
  }
  const { byId, tree, roots } = buildTree(data);
  const { pos, width, height } = layout(tree, roots);

  const edges = svg('g', { class: 'edges' });
  for (const [parent, list] of tree) {
    const a = pos.get(parent);
    for (const c of list) {
      const b = pos.get(c);
      const y0 = a.y + IMG + TEXT - 4;
      const y1 = b.y - 6;
      const mid = (y0 + y1) / 2;
      edges.append(svg('path', { d: `M${a.x},${y0} C${a.x},${mid} ${b.x},${mid} ${b.x},${y1}` }));
    }
  }

  const nodes = svg('g', { class: 'nodes' });
  for (const [pid, p] of byId) {
    const { x, y } = pos.get(pid);
    const left = x - IMG / 2;
    const current = pid === id;
    nodes.append(svg('a', {
      href: '#/picture/' + pid, class: current ? 'node current' : 'node', 'data-testid': 'lineage-node-' + pid,
      'aria-label': p.title + ' by ' + p.author,
    },
    svg('title', {}, p.title + ' by ' + p.author),
    svg('rect', { class: 'frame', x: left - 4, y: y - 4, width: IMG + 8, height: IMG + 8, rx: 6 }),
    svg('image', { href: sized(shown(p), 96), x: left, y, width: IMG, height: IMG }),
    svg('text', { class: 'title', x, y: y + IMG + 18, 'text-anchor': 'middle' }, shorten(String(p.title), 20)),
    svg('text', { class: 'author', x, y: y + IMG + 34, 'text-anchor': 'middle' }, shorten(String(p.author), 22))));
  }

  const picture = byId.get(id);
  const drawing = svg('svg', {
    class: 'lineage', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': 'Lineage tree',
  }, edges, nodes);
  const scroller = h('div', { class: 'lineage-scroll' }, drawing);
  root.replaceChildren(
    h('h1', {}, 'Lineage'),
    h('p', { class: 'muted' },
      picture ? ['Ancestors and descendants of ', h('a', { href: '#/picture/' + id }, picture.title), '. '] : null,
      byId.size + (byId.size === 1 ? ' picture.' : ' pictures.')),
    scroller);

  const here = pos.get(id);
  if (here) requestAnimationFrame(() => {
    scroller.scrollLeft = Math.max(0, here.x - scroller.clientWidth / 2);
  });
}
