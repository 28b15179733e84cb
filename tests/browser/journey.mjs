#!/usr/bin/env node
// The browser journey of `pond serve`: two people breed, publish and branch in Debian's Chromium,
// driven by playwright-core (which never downloads a browser).
//
//   node tests/browser/journey.mjs --pond build/apps/cli/pond [--screenshots DIR] [--chromium PATH]
//
// It starts `pond serve` on a fresh temporary data folder and a free port, then plays:
//   A registers, breeds three generations from colour, checks Back / Forward restore the same
//   children, publishes a child titled with markup (which must show as text) tagged "wings, test";
//   B registers, opens A's picture, branches, evolves once and publishes "Moth II";
//   the lineage, parent link, branches, browse list, search and tag filter show both as they should;
//   Redo on a breeding page gives new children.
// Any uncaught page error, console error, dialog, request to another origin or message shown in
// the page's error area fails the run. Exit status 0 on success, 1 on failure, 2 on bad usage.
// The ctest name is browser.journey (tests/browser/CMakeLists.txt).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ACTION_TIMEOUT_MS = 20_000;   // one click, one wait
const WATCHDOG_MS = 150_000;        // the whole run, under ctest's TIMEOUT 180 so cleanup still happens
const SHOT_VIEWPORT = { width: 800, height: 760 };

// --- arguments ------------------------------------------------------------------------------------
function usage(message) {
  if (message) console.error('journey.mjs: ' + message);
  console.error('usage: node journey.mjs --pond PATH [--screenshots DIR] [--chromium PATH]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { pond: '', screenshots: '', chromium: process.env.POND_CHROMIUM || '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(a + ' needs a value');
      return argv[++i];
    };
    if (a === '--pond') opts.pond = value();
    else if (a === '--screenshots') opts.screenshots = value();
    else if (a === '--chromium') opts.chromium = value();
    else if (a === '-h' || a === '--help') usage();
    else usage('unknown argument ' + JSON.stringify(a));
  }
  if (!opts.pond) usage('--pond is required');
  opts.pond = resolve(opts.pond);
  if (!existsSync(opts.pond)) usage('no pond binary at ' + opts.pond);
  if (!existsSync(opts.chromium)) {
    usage(`no Chromium at ${opts.chromium}: install Debian's chromium package (scripts/setup does), ` +
      'or pass --chromium PATH / set POND_CHROMIUM');
  }
  if (opts.screenshots) opts.screenshots = resolve(opts.screenshots);
  return opts;
}

const opts = parseArgs(process.argv.slice(2));

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.error(`journey.mjs: cannot load playwright-core (${e.code || e.message}).\n` +
    `  ${join(HERE, 'node_modules')} is missing or incomplete: run scripts/setup,\n` +
    '  or directly: npm ci --prefix tests/browser');
  process.exit(1);
}

// --- logging and checks ---------------------------------------------------------------------------
const t0 = Date.now();
const stamp = () => ((Date.now() - t0) / 1000).toFixed(1).padStart(5) + 's';
let currentStep = '(start)';
function step(text) {
  currentStep = text;
  console.log(`[${stamp()}] ${text}`);
}
function ok(text) {
  console.log(`          ok: ${text}`);
}

// Problems the pages report by themselves: collected per person, checked after every step.
const problems = [];
function watch(page, who, base) {
  page.on('pageerror', (e) => problems.push(`${who}: uncaught page error: ${e.stack || e.message || e}`));
  page.on('console', (msg) => {
    // Every console error counts, including "Failed to load resource" for a 4xx/5xx answer: the
    // journey only does things that should succeed, so nothing here is expected or ignored.
    if (msg.type() === 'error') {
      const loc = msg.location();
      problems.push(`${who}: console error: ${msg.text()}` + (loc && loc.url ? ` (at ${loc.url}:${loc.lineNumber})` : ''));
    }
  });
  page.on('dialog', (d) => {
    problems.push(`${who}: unexpected ${d.type()} dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(base) && !url.startsWith('data:')) problems.push(`${who}: request to another origin: ${url}`);
  });
}
function checkProblems() {
  if (problems.length) {
    throw new Error('the page reported problems:\n  ' + problems.join('\n  '));
  }
}

// --- the server -----------------------------------------------------------------------------------
function startServer(pond, dataDir) {
  const proc = spawn(pond, ['serve', '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  const keep = (line) => { log.push(line); if (log.length > 60) log.shift(); };
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  createInterface({ input: proc.stderr }).on('line', (l) => keep('stderr: ' + l));
  const out = createInterface({ input: proc.stdout });
  const url = new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error('pond serve printed no address within 20 s')), 20_000);
    out.on('line', (line) => {
      keep('stdout: ' + line);
      const m = line.match(/^pond serve: (http:\/\/127\.0\.0\.1:(\d+))\//);
      if (m) { clearTimeout(timer); res(m[1]); }
    });
    proc.on('error', (e) => { clearTimeout(timer); rej(e); });
    exited.then(({ code, signal }) => { clearTimeout(timer); rej(new Error(`pond serve exited early (${signal || code})`)); });
  });
  return { proc, log, exited, url };
}

// SIGTERM, then wait; SIGKILL if it hangs. Resolves to a description when it did not stop cleanly.
async function stopServer(server) {
  if (server.proc.exitCode !== null || server.proc.signalCode !== null) {
    return `pond serve had already exited (${server.proc.signalCode || server.proc.exitCode})`;
  }
  server.proc.kill('SIGTERM');
  let timer;
  const late = new Promise((res) => { timer = setTimeout(() => res(null), 10_000); });
  const done = await Promise.race([server.exited, late]);
  clearTimeout(timer);
  if (!done) {
    server.proc.kill('SIGKILL');
    await server.exited;
    return 'pond serve did not stop within 10 s of SIGTERM (killed)';
  }
  if (done.code !== 0) return `pond serve stopped with ${done.signal || 'status ' + done.code} on SIGTERM`;
  return null;
}

// --- page helpers ---------------------------------------------------------------------------------
const tid = (id) => `[data-testid="${id}"]`;

async function hashIs(page, re) {
  await page.waitForFunction((src) => new RegExp(src).test(location.hash), re.source);
  return page.evaluate(() => location.hash);
}

async function text(page, id) {
  const loc = page.locator(tid(id));
  await loc.waitFor();
  return (await loc.textContent()).trim();
}

// The page's own error area must stay hidden: an API failure shows there, not on the console.
async function noMessage(page, who) {
  const shown = await page.evaluate(() => {
    const box = document.getElementById('message');
    return box && !box.hidden ? document.getElementById('message-text').textContent : null;
  });
  assert.equal(shown, null, `${who}: the page shows an error message: ${shown}`);
}

// Titles hold markup; nothing in the app makes <b> elements, so one would be an injection.
async function noInjectedMarkup(page, who) {
  const n = await page.evaluate(() => document.querySelectorAll('#view b, #view script, #view img[src="x"]').length);
  assert.equal(n, 0, `${who}: a title's markup became elements`);
}

// Every image on screen has loaded (broken ones fail the run).
async function imagesLoaded(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('#view img')].every((img) => {
    const r = img.getBoundingClientRect();
    if (r.width === 0 || r.bottom < 0 || r.top > innerHeight) return true;
    return img.complete && img.naturalWidth > 0;
  }));
  // SVG <image> has no load state: load the same URLs (from cache) and wait.
  await page.evaluate(() => Promise.all([...document.querySelectorAll('#view svg image')].map((im) =>
    new Promise((res) => { const i = new Image(); i.onload = i.onerror = res; i.src = im.href.baseVal; }))));
}

// A screenshot for the README: the viewport, cut below the page's content. `size` changes the
// viewport for this one shot (the picture page puts its facts beside the picture from ~860 px).
async function shot(page, name, size = SHOT_VIEWPORT) {
  if (!opts.screenshots) return;
  const { width, height } = size;
  if (size !== SHOT_VIEWPORT) await page.setViewportSize(size);
  await imagesLoaded(page);
  await page.evaluate(() => document.activeElement && document.activeElement.blur && document.activeElement.blur());
  const bottom = await page.evaluate(() => Math.ceil(document.querySelector('main').getBoundingClientRect().bottom));
  const path = join(opts.screenshots, name);
  await page.screenshot({ path, clip: { x: 0, y: 0, width, height: Math.min(height, bottom) } });
  if (size !== SHOT_VIEWPORT) await page.setViewportSize(SHOT_VIEWPORT);
  ok('screenshot ' + path);
}

async function register(page, base, name, password) {
  await page.goto(base + '/#/login');
  await page.locator(tid('register-name')).fill(name);
  await page.locator(tid('register-password')).fill(password);
  await page.locator(tid('register-submit')).click();
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-testid="user-name"]');
    return el && el.textContent === n;
  }, name);
  await hashIs(page, /^#\/$/);
  await page.locator(tid('logout')).waitFor();
}

// The breeding grid: one entry per child cell.
async function grid(page) {
  return page.$$eval('[data-testid="children"] > button.child', (cells) => cells.map((c) => {
    const img = c.querySelector('img');
    return {
      testid: c.dataset.testid,
      hidden: c.hidden,
      src: img.getAttribute('src'),
      loaded: img.complete && img.naturalWidth > 0,
      pressed: c.getAttribute('aria-pressed') === 'true',
      wasChosen: c.classList.contains('was-chosen'),
    };
  }));
}
const srcs = (cells) => cells.map((c) => c.src);

// Waits until no breeding request is in flight and the counter reads `generation`; returns the grid.
async function settled(page, generation, who) {
  await page.waitForFunction((g) => {
    const gridEl = document.querySelector('[data-testid="children"]');
    const gen = document.querySelector('[data-testid="generation"]');
    return gridEl && !gridEl.hasAttribute('data-busy') && gen && gen.textContent === 'Generation ' + g;
  }, generation);
  const cells = await grid(page);
  assert.equal(cells.length, 15, `${who}: the grid has 15 cells`);
  for (const [k, c] of cells.entries()) {
    assert.equal(c.testid, 'child-' + k, `${who}: cell ${k} is child-${k}`);
    assert.ok(!c.hidden, `${who}: child-${k} is shown`);
    assert.ok(c.loaded, `${who}: child-${k}'s image loaded (${c.src})`);
    assert.ok(!c.pressed, `${who}: child-${k} starts unchosen`);
  }
  assert.equal(new Set(srcs(cells)).size, 15, `${who}: 15 distinct child URLs`);
  await noMessage(page, who);
  return cells;
}

async function disabled(page, id) {
  return page.locator(tid(id)).isDisabled();
}

async function evolve(page, chosen, generation, who) {
  for (const k of chosen) await page.locator(tid('child-' + k)).click();
  assert.ok(!(await disabled(page, 'evolve')), `${who}: Evolve is enabled with children chosen`);
  await page.locator(tid('evolve')).click();
  const cells = await settled(page, generation, who);
  ok(`${who}: chose ${chosen.join(', ')} and evolved to generation ${generation}`);
  return cells;
}

async function move(page, what, generation, who) {
  await page.locator(tid(what)).click();
  return settled(page, generation, who);
}

async function publish(page, k, title, tags, who) {
  await page.locator(tid('child-' + k)).click();
  assert.ok(!(await disabled(page, 'publish')), `${who}: Publish is enabled with one child chosen`);
  await page.locator(tid('publish')).click();
  await page.locator(tid('publish-title')).fill(title);
  await page.locator(tid('publish-tags')).fill(tags);
  await page.locator(tid('publish-submit')).click();
  const hash = await hashIs(page, /^#\/picture\/\d+$/);
  const id = Number(hash.split('/').pop());
  await page.waitForFunction((t) => {
    const el = document.querySelector('[data-testid="picture-title"]');
    return el && el.textContent === t;
  }, title);
  ok(`${who}: published child-${k} as picture ${id}`);
  return id;
}

// Thumbnails in the browse results, by picture id, once the results have settled.
async function browseResults(page) {
  await page.waitForFunction(() => {
    const r = document.querySelector('.results');
    return r && !r.hasAttribute('data-loading') && r.firstChild;
  });
  return page.$$eval('.results a.thumb', (as) => as.map((a) => Number(a.dataset.testid.replace('thumb-', ''))).sort((x, y) => x - y));
}

// SHA-256 of the responses at these URLs (pictures or genomes), fetched by the page itself: over the
// browser's own pooled connections, since every extra connection can wait seconds for one of pond
// serve's few threads.
async function digests(page, urls) {
  return page.evaluate((list) => Promise.all(list.map(async (u) => {
    const res = await fetch(u);
    if (!res.ok) throw new Error(`GET ${u}: ${res.status}`);
    const d = await crypto.subtle.digest('SHA-256', await res.arrayBuffer());
    return [...new Uint8Array(d)].map((x) => x.toString(16).padStart(2, '0')).join('');
  })), urls);
}

// The genome behind a child's picture URL (…/children/K.png?size=… → …/children/K/genome).
const genomeUrl = (src) => src.replace(/\.(png|gif)(\?.*)?$/, '/genome');

// --- the journey ----------------------------------------------------------------------------------
async function journey(browser, base) {
  const contextOptions = { viewport: SHOT_VIEWPORT, deviceScaleFactor: 1, colorScheme: 'light', locale: 'en-GB' };
  const ctxA = await browser.newContext(contextOptions);
  const ctxB = await browser.newContext(contextOptions);
  for (const ctx of [ctxA, ctxB]) ctx.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const a = await ctxA.newPage();
  const b = await ctxB.newPage();
  watch(a, 'A', base);
  watch(b, 'B', base);
  const title = 'The <b>Moth</b> & co';

  step('A registers through the register form');
  await register(a, base, 'ada', 'correct horse A');
  await noMessage(a, 'A');
  ok('A is logged in as ada');
  checkProblems();

  step('A starts breeding in colour');
  await a.locator(tid('start-colour')).click();
  await hashIs(a, /^#\/breed\/[0-9a-f]{64}$/);
  const gen0 = await settled(a, 0, 'A');
  assert.ok(await disabled(a, 'back'), 'A: Back is disabled on the first page');
  assert.ok(await disabled(a, 'forward'), 'A: Forward is disabled on the last page');
  assert.ok(await disabled(a, 'evolve'), 'A: Evolve is disabled with nothing chosen');
  ok('generation 0: 15 children loaded');
  checkProblems();

  step('A breeds three generations');
  const gen1 = await evolve(a, [0, 3], 1, 'A');     // crossover of two
  const gen2 = await evolve(a, [2], 2, 'A');        // mutation of one
  const gen3 = await evolve(a, [5], 3, 'A');
  for (const [x, y, n] of [[gen0, gen1, 1], [gen1, gen2, 2], [gen2, gen3, 3]]) {
    assert.equal(srcs(x).filter((s) => srcs(y).includes(s)).length, 0, `A: generation ${n} shows new children`);
  }
  assert.equal(await text(a, 'generation'), 'Generation 3', 'A: the counter reads 3');
  assert.ok(!(await disabled(a, 'back')), 'A: Back is enabled on generation 3');
  ok('the generation counter reads "Generation 3"');
  checkProblems();

  step('A goes Back twice, then Forward twice');
  await move(a, 'back', 2, 'A');
  const back1 = await move(a, 'back', 1, 'A');
  assert.deepEqual(srcs(back1), srcs(gen1), 'A: generation 1 shows the same children as when first shown');
  assert.deepEqual(back1.map((c) => c.wasChosen), back1.map((_, k) => k === 2),
    'A: generation 1 marks child-2, which was chosen when it was evolved');
  ok('generation 1 restored: same 15 image URLs, child-2 marked as chosen before');
  const fwd2 = await move(a, 'forward', 2, 'A');
  assert.deepEqual(srcs(fwd2), srcs(gen2), 'A: generation 2 shows the same children as when first shown');
  assert.deepEqual(fwd2.map((c) => c.wasChosen), fwd2.map((_, k) => k === 5), 'A: generation 2 marks child-5');
  ok('generation 2 restored, child-5 marked');
  const fwd3 = await move(a, 'forward', 3, 'A');
  assert.deepEqual(srcs(fwd3), srcs(gen3), 'A: generation 3 shows the same children as when first shown');
  assert.ok(await disabled(a, 'forward'), 'A: Forward is disabled on the last page');
  assert.ok(fwd3.every((c) => !c.wasChosen), 'A: nothing is marked on the last page');
  ok('generation 3 restored; Forward disabled on the last page');
  checkProblems();

  step('A publishes a child titled with markup, tagged "wings, test"');
  await a.locator(tid('child-7')).click();
  await shot(a, 'serve-breed.png');
  await a.locator(tid('child-7')).click();        // unchoose: publish() chooses it again
  assert.ok(await disabled(a, 'publish'), 'A: Publish is disabled with nothing chosen');
  const picA = await publish(a, 7, title, 'wings, test', 'A');
  assert.equal(await text(a, 'picture-title'), title, 'A: the title shows literally');
  await noInjectedMarkup(a, 'A');
  assert.equal(await a.locator(tid('picture-title')).innerHTML(), 'The &lt;b&gt;Moth&lt;/b&gt; &amp; co',
    'A: the title is one text node');
  assert.equal(await text(a, 'picture-generations'), '3', 'A: the picture has 3 generations');
  assert.equal(await text(a, 'tag-wings'), 'wings', 'A: tag wings');
  assert.equal(await text(a, 'tag-test'), 'test', 'A: tag test');
  assert.equal(await a.locator(tid('picture-parent')).count(), 0, 'A: a picture bred from scratch has no parent');
  await noMessage(a, 'A');
  ok(`picture ${picA}: title shown as text (no <b> element), tags wings and test, 3 generations`);
  checkProblems();

  step('B registers in a second browser context and opens A\'s picture from the browse page');
  await register(b, base, 'bea', 'correct horse B');
  assert.notEqual((await ctxA.cookies()).find((c) => c.name === 'pond_session')?.value,
    (await ctxB.cookies()).find((c) => c.name === 'pond_session')?.value, 'A and B have separate logins');
  const listed = await browseResults(b);
  assert.deepEqual(listed, [picA], 'B: the browse page lists A\'s picture');
  await b.locator(tid('thumb-' + picA)).click();
  await hashIs(b, new RegExp(`^#/picture/${picA}$`));
  assert.equal(await text(b, 'picture-title'), title, 'B: A\'s title shows literally');
  assert.equal(await text(b, 'picture-author'), 'ada', 'B: A is the author');
  await noInjectedMarkup(b, 'B');
  ok(`B sees picture ${picA} by ada`);
  checkProblems();

  step('B branches from A\'s picture, evolves once and publishes "Moth II"');
  await b.locator(tid('branch')).click();
  await hashIs(b, /^#\/breed\/[0-9a-f]{64}$/);
  const bGen3 = await settled(b, 3, 'B');
  const [first, original] = await digests(b, [bGen3[0].src, `/api/pictures/${picA}.png?size=128`]);
  assert.equal(first, original, 'B: the branch starts from A\'s picture as child-0');
  await b.waitForFunction((t) => {
    const el = document.querySelector('[data-testid="branched-from"]');
    return el && el.textContent === t;
  }, title);
  await noInjectedMarkup(b, 'B');
  ok('the branch starts at generation 3 with A\'s picture as child-0, "branched from" shows the title as text');
  await evolve(b, [0], 4, 'B');
  const picB = await publish(b, 1, 'Moth II', 'sequel', 'B');
  assert.equal(await text(b, 'picture-generations'), '4', 'B: the picture has 4 generations');
  const parent = b.locator(tid('picture-parent'));
  assert.equal(await parent.getAttribute('href'), '#/picture/' + picA, 'B: picture-parent points at A\'s picture');
  await b.waitForFunction((t) => document.querySelector('[data-testid="picture-parent"]').textContent === t, title);
  await noInjectedMarkup(b, 'B');
  ok(`picture ${picB}: 4 generations, parent link to picture ${picA} titled as text`);
  checkProblems();

  step('B\'s lineage shows both pictures');
  await b.locator(tid('lineage-link')).click();
  await hashIs(b, new RegExp(`^#/lineage/${picB}$`));
  await b.locator(tid('lineage-node-' + picA)).waitFor();
  await b.locator(tid('lineage-node-' + picB)).waitFor();
  assert.equal(await b.locator('svg.lineage [data-testid^="lineage-node-"]').count(), 2, 'B: the lineage has two nodes');
  const lineageJson = JSON.stringify(await b.evaluate(async (u) => (await fetch(u)).json(), `/api/pictures/${picB}/lineage`));
  assert.equal(await b.locator('svg.lineage .edges path').count(), 1, 'B: the lineage has one edge; the API said ' + lineageJson);
  assert.equal(await b.locator(tid('lineage-node-' + picA)).getAttribute('href'), '#/picture/' + picA, 'B: node A links to A');
  assert.match(await b.locator(tid('lineage-node-' + picB)).getAttribute('class'), /\bcurrent\b/, 'B: node B is current');
  assert.equal(await b.locator(tid('lineage-node-' + picA) + ' text.title').textContent(), 'The <b>Moth</b> & co',
    'B: node A\'s title is text');
  await noInjectedMarkup(b, 'B');
  await noMessage(b, 'B');
  await shot(b, 'serve-lineage.png');
  ok(`lineage-node-${picA} and lineage-node-${picB}, joined by one edge`);
  checkProblems();
  await ctxB.close();   // B is done; its idle connections would hold pond serve's threads

  step('A\'s picture page shows B\'s as a branch');
  await a.reload();
  await a.locator(tid('thumb-' + picB)).waitFor();
  assert.equal(await text(a, 'picture-branches'), '1', 'A: one branch');
  assert.equal((await a.locator(tid('thumb-' + picB) + ' .title').textContent()), 'Moth II', 'A: the branch is titled Moth II');
  await noMessage(a, 'A');
  await shot(a, 'serve-picture.png', { width: 880, height: 900 });
  ok(`thumb-${picB} "Moth II" under published branches`);
  checkProblems();

  step('the browse page lists both; search and tag filters');
  await a.locator('a#nav-browse').click();
  await hashIs(a, /^#\/$/);
  assert.deepEqual(await browseResults(a), [picA, picB].sort((x, y) => x - y), 'browse lists both');
  await noInjectedMarkup(a, 'A');
  await a.locator(tid('search')).fill('moth');
  await a.locator(tid('search')).press('Enter');
  await hashIs(a, /^#\/\?q=moth$/);
  assert.deepEqual(await browseResults(a), [picA, picB].sort((x, y) => x - y), 'searching "moth" finds both');
  ok('searching "moth" finds both');
  await a.locator(tid('search')).fill('sequel');
  await a.locator(tid('search')).press('Enter');
  await hashIs(a, /^#\/\?q=sequel$/);
  assert.deepEqual(await browseResults(a), [picB], 'searching "sequel" (a tag) finds B\'s only');
  await a.locator(tid('search')).fill('');
  await a.locator(tid('search')).press('Enter');
  await hashIs(a, /^#\/$/);
  assert.deepEqual(await browseResults(a), [picA, picB].sort((x, y) => x - y), 'an empty search lists both again');
  await a.locator('.taglist ' + tid('tag-wings')).click();
  await hashIs(a, /^#\/\?tag=wings$/);
  assert.deepEqual(await browseResults(a), [picA], 'tag "wings" finds A\'s only');
  await noMessage(a, 'A');
  ok('tag "wings" finds A\'s only');
  checkProblems();

  step('Redo on A\'s breeding page changes the children');
  await a.locator('a#nav-breed').click();           // the header's Breed link resumes the last session
  await hashIs(a, /^#\/breed\/[0-9a-f]{64}$/);
  const before = await settled(a, 3, 'A');
  assert.deepEqual(srcs(before), srcs(gen3), 'A: the Breed link resumes the session on generation 3');
  const genomesBefore = await digests(a, srcs(before).map(genomeUrl));  // Redo drops the old page and its URLs
  const picturesBefore = await digests(a, srcs(before));
  await a.locator(tid('redo')).click();
  const after = await settled(a, 3, 'A');
  assert.equal(srcs(after).filter((s) => srcs(before).includes(s)).length, 0, 'A: Redo gives new child URLs');
  // Child 0 is the parent itself, kept by Redo; the other 14 are new mutants, bred with a fresh seed,
  // so every one of their genomes differs. Their pictures are compared only for the report: when the
  // parent is a flat picture (the test chooses blindly) most mutations leave its pixels unchanged.
  const genomesAfter = await digests(a, srcs(after).map(genomeUrl));
  assert.equal(genomesAfter[0], genomesBefore[0], 'A: Redo keeps the parent as child-0');
  const newGenomes = genomesAfter.filter((d, k) => k > 0 && d !== genomesBefore[k]).length;
  assert.equal(newGenomes, 14, `A: Redo bred ${newGenomes} new mutants of 14`);
  const picturesAfter = await digests(a, srcs(after));
  const changed = picturesAfter.filter((d, k) => d !== picturesBefore[k]).length;
  ok(`Redo: 15 new image URLs, 14 new mutant genomes, ${changed} of 15 pictures differ`);
  assert.ok(await disabled(a, 'forward'), 'A: Forward is disabled after Redo of the last page');
  const back = await move(a, 'back', 2, 'A');
  assert.deepEqual(srcs(back), srcs(gen2), 'A: Back after Redo shows generation 2 unchanged');
  ok('Back after Redo shows generation 2 as before');
  checkProblems();

  step('A\'s sessions are listed on the Breed start page, to resume on any browser');
  const sessionId = (await a.evaluate(() => location.hash)).split('/')[2];
  await a.goto(base + '#/breed');
  const sessionLink = a.locator(tid('session-' + sessionId));
  await sessionLink.waitFor();
  await sessionLink.click();
  await hashIs(a, new RegExp('^#/breed/' + sessionId + '$'));
  await settled(a, 2, 'A');
  await noMessage(a, 'A');
  ok('the session is listed and opens where A left it (generation 2)');
  checkProblems();

  step('A starts an animated session: the children are looping GIFs');
  await a.goto(base + '#/breed');
  await a.locator(tid('start-animated')).click();
  await hashIs(a, /^#\/breed\/[0-9a-f]{64}$/);
  const moving = await settled(a, 0, 'A');
  assert.ok(srcs(moving).every((src) => /\.gif(\?|$)/.test(src)), 'A: every child of an animated session is a GIF');
  await noMessage(a, 'A');
  ok('15 looping GIFs, all loaded');
  checkProblems();
}

// --- main -----------------------------------------------------------------------------------------
async function main() {
  const tmp = await mkdtemp(join(tmpdir(), 'pond-browser-'));
  if (opts.screenshots) await mkdir(opts.screenshots, { recursive: true });
  let server = null;
  let browser = null;
  let failure = null;
  let watchdog;
  const cleanup = async () => {
    if (browser) { const bw = browser; browser = null; await bw.close().catch(() => {}); }
    let stopProblem = null;
    if (server) { const sv = server; server = null; stopProblem = await stopServer(sv); }
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    return stopProblem;
  };
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      console.error(`journey.mjs: ${sig}: stopping the server and the browser`);
      cleanup().finally(() => process.exit(1));
    });
  }
  let serverLog = [];
  try {
    step(`starting pond serve (${opts.pond}) on a fresh data folder`);
    server = startServer(opts.pond, join(tmp, 'data'));
    serverLog = server.log;
    const base = await server.url;
    ok('serving at ' + base);
    step(`launching ${opts.chromium} headless`);
    browser = await chromium.launch({ executablePath: opts.chromium, headless: true, args: CHROMIUM_ARGS });
    ok('Chromium ' + browser.version());
    await Promise.race([
      journey(browser, base),
      new Promise((_, rej) => { watchdog = setTimeout(() => rej(new Error(`the journey took over ${WATCHDOG_MS / 1000} s`)), WATCHDOG_MS); }),
    ]);
    checkProblems();
  } catch (e) {
    failure = e;
    if (opts.screenshots && browser) {
      for (const [i, ctx] of browser.contexts().entries()) {
        for (const p of ctx.pages()) {
          await p.screenshot({ path: join(opts.screenshots, `failure-${'AB'[i] || i}.png`), timeout: 5000 }).catch(() => {});
        }
      }
    }
    if (browser) {
      for (const [i, ctx] of browser.contexts().entries()) {
        for (const p of ctx.pages()) console.error(`page ${'AB'[i] || i} was at ${p.url()}`);
      }
    }
  } finally {
    clearTimeout(watchdog);
    const stopProblem = await cleanup();
    if (stopProblem && !failure) failure = new Error(stopProblem);
    else if (stopProblem) console.error('also: ' + stopProblem);
  }
  if (failure) {
    console.error(`\nFAILED during: ${currentStep}\n${failure.stack || failure}`);
    if (problems.length && !String(failure.message).includes('the page reported problems')) {
      console.error('the pages also reported:\n  ' + problems.join('\n  '));
    }
    if (serverLog.length) console.error('pond serve output (last lines):\n  ' + serverLog.join('\n  '));
    return 1;
  }
  step('stopped the server (cleanly, on SIGTERM) and the browser');
  console.log(`PASSED in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}

process.exit(await main());
