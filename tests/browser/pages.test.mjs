// Browser tests of AppenCorrect's pages, in Debian's Chromium driven by
// playwright-core (no browser download). Run by tests/browser/browser_test.go,
// which starts `appencorrect serve` and sets:
//
//   APPENCORRECT_URL     the server root, e.g. http://localhost:41234
//   DEGRADED_URL         a server whose model is down (built-in fallback)
//   STREAMING_URL        a server whose model is the simulator writing at
//                        about a decode step per token (streamed underlines)
//   ADMIN_USER, ADMIN_PASSWORD   an administrator login
//   ADMIN_KEY            an admin-scoped API key
//   CHROMIUM             the browser (default /usr/bin/chromium)
//   SCREENSHOT_DIR       where to write the screenshots (optional)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.APPENCORRECT_URL;
const ADMIN_USER = process.env.ADMIN_USER;
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD;
const ADMIN_KEY = process.env.ADMIN_KEY;
const SHOTS = process.env.SCREENSHOT_DIR || '';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

assert.ok(BASE, 'APPENCORRECT_URL is required');

let context;
let page;
let profile;
/** Problems the pages reported: CSP violations, script errors. */
const pageProblems = [];

before(async () => {
  profile = mkdtempSync(join(tmpdir(), 'appencorrect-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: DESKTOP,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60000,
  });
  page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(30000);
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 40[13]/.test(msg.text())) pageProblems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => pageProblems.push(`page error: ${err.message}`));
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  if (context) await context.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/**
 * Saves the page at desktop and phone widths as NAME-desktop.png and
 * NAME-phone.png; fullDesktop takes the whole page at desktop width.
 */
async function screenshots(name, prepare = async () => {}, fullDesktop = false) {
  if (!SHOTS) return;
  for (const [suffix, size] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(size);
    await prepare(suffix);
    // The page has taken the new size (its resize handler sizes the text
    // box and places the card) and drawn it: two animation frames.
    await page.waitForFunction((w) => window.innerWidth === w, size.width);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const path = join(SHOTS, `${name}-${suffix}.png`);
    await page.screenshot({ path, fullPage: fullDesktop && suffix === 'desktop', animations: 'disabled', caret: 'hide' });
    assert.ok(statSync(path).size > 1000, `${path} is empty`);
  }
  await page.setViewportSize(DESKTOP);
}

/** Calls the API from the test (outside the browser). */
async function call(path, { method = 'GET', key, body } = {}) {
  const headers = {};
  if (key) headers['X-API-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const resp = await fetch(BASE + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await resp.text();
  let data = null;
  try { data = JSON.parse(text); } catch { /* not JSON */ }
  return { status: resp.status, data, text, headers: resp.headers };
}

/** Counts the check requests the page sends (/demo/check/stream). */
function countChecks() {
  const seen = { n: 0 };
  const on = (req) => { if (req.url().endsWith('/demo/check/stream')) seen.n++; };
  page.on('request', on);
  seen.stop = () => page.off('request', on);
  return seen;
}

/**
 * Watches for the demo's check of text: call it before the text is entered,
 * and await what it returns for the whole answer (the request sent, then
 * "N problems found"). Marks drawn from a partial answer are drawn again
 * by the whole one, the old ones detached: hover a mark only after it.
 */
function answerTo(text) {
  const sent = page.waitForRequest((r) => r.url().endsWith('/demo/check/stream') && r.postDataJSON()?.text === text);
  sent.catch(() => {}); // awaited by the caller; a failure before that is not unhandled
  return async () => {
    await sent;
    await page.waitForFunction(() => /problems? found/.test(document.getElementById('state').textContent));
  };
}

/** Waits until the demo shows a mark whose text is word, and returns its handle. */
async function waitForMark(word) {
  await page.waitForFunction((w) => [...document.querySelectorAll('#backdrop mark')].some((m) => m.textContent === w), word);
  return page.evaluateHandle((w) => [...document.querySelectorAll('#backdrop mark')].find((m) => m.textContent === w), word);
}

test('the demo underlines exactly the misspelt word after an emoji, with few requests', async () => {
  await page.goto(BASE + '/');
  await page.waitForSelector('#text');
  const checks = countChecks();
  const typed = '😀 I like teh cat';
  await page.click('#text');
  await page.keyboard.type(typed, { delay: 25 });
  const mark = await waitForMark('teh');
  checks.stop();
  // Debounced: one request after the pause, never one per keystroke
  // (an emoji and 15 characters were typed).
  // (Up to 3 allows for a loaded machine stalling between keystrokes.)
  assert.ok(checks.n >= 1 && checks.n <= 3, `${checks.n} /demo/check/stream requests for ${[...typed].length} keystrokes`);

  const geo = await page.evaluate((m) => {
    const ta = document.getElementById('text');
    const bd = document.getElementById('backdrop');
    const r = (el) => { const b = el.getBoundingClientRect(); return { x: b.x, y: b.y, w: b.width, h: b.height }; };
    const before = document.createRange();
    before.setStart(bd, 0);
    before.setEndBefore(m);
    const cs = (el) => { const s = getComputedStyle(el); return [s.fontFamily, s.fontSize, s.lineHeight, s.paddingLeft, s.paddingTop, s.whiteSpace].join('|'); };
    return {
      value: ta.value, mirrored: bd.textContent.replace(/\u200b$/, ''), textBefore: before.toString(),
      ta: r(ta), bd: r(bd), mark: r(m), taStyle: cs(ta), bdStyle: cs(bd),
    };
  }, mark);
  const start = geo.value.indexOf('teh');
  assert.equal(geo.value, typed);
  assert.equal(geo.mirrored, geo.value, 'the backdrop mirrors the text');
  assert.equal(geo.textBefore, geo.value.slice(0, start), 'the mark starts at the word (UTF-16 offset, after the emoji)');
  assert.equal(geo.taStyle, geo.bdStyle, 'textarea and backdrop share their text metrics');
  for (const k of ['x', 'y', 'w']) assert.ok(Math.abs(geo.ta[k] - geo.bd[k]) < 1, `backdrop ${k} ${geo.bd[k]} != textarea ${geo.ta[k]}`);
  assert.ok(geo.mark.x > geo.ta.x && geo.mark.x + geo.mark.w < geo.ta.x + geo.ta.w, 'the mark lies inside the text box');
  assert.ok(geo.mark.w > 10, 'the mark has the width of a word');
  // Exactly one underlined word, of type spelling.
  const marks = await page.$$eval('#backdrop mark', (ms) => ms.map((m) => [m.textContent, m.className]));
  assert.deepEqual(marks, [['teh', 't-spelling']]);
  assert.match(await page.textContent('#counts'), /1 spelling/);
  assert.match(await page.textContent('#timing'), /checked in/);
});

test('hovering the word shows the card; applying a suggestion changes the text', async () => {
  const mark = await waitForMark('teh');
  const box = await mark.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('#card:not([hidden])');
  assert.match(await page.textContent('#card-type'), /spelling/);
  const first = page.locator('#card-suggestions button').first();
  assert.equal((await first.textContent()).trim(), 'the');
  await first.click();
  assert.equal(await page.inputValue('#text'), '😀 I like the cat');
  await page.waitForFunction(() => document.querySelectorAll('#backdrop mark').length === 0);
});

test('adding a word to the dictionary removes its underline, for this browser only', async () => {
  await page.fill('#text', '');
  await page.click('#text');
  const answered = answerTo('They dockerize everything.');
  await page.keyboard.type('They dockerize everything.', { delay: 10 });
  await answered();
  const mark = await waitForMark('dockerize');
  const box = await mark.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('#card:not([hidden])');
  assert.ok(await page.isVisible('#card-add'), 'no "Add to dictionary" for a spelling problem');
  const sent = page.waitForRequest((r) => r.url().endsWith('/demo/check/stream') && /"dictionary":\["dockerize"\]/.test(r.postData() || ''));
  await page.click('#card-add');
  await sent;
  await page.waitForFunction(() => document.querySelectorAll('#backdrop mark').length === 0);
  assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem('appencorrect.dictionary'))), ['dockerize']);
  // Kept in the browser: a reload still knows the word.
  await page.reload();
  await page.fill('#text', 'They dockerize everything.');
  await page.dispatchEvent('#text', 'input');
  await page.waitForFunction(() => /0 problems found/.test(document.getElementById('state').textContent));
  assert.equal(await page.$$eval('#backdrop mark', (ms) => ms.length), 0, 'the word is flagged again after a reload');
  // The server kept nothing: another client still sees the flag.
  const r = await call('/demo/check', { method: 'POST', body: { text: 'They dockerize everything.' } });
  assert.ok(r.data.corrections.some((c) => c.original === 'dockerize'), 'the word leaked to other clients');
  await page.evaluate(() => localStorage.removeItem('appencorrect.dictionary'));
});

test('a key holder adds a word to the key\'s dictionary from the demo', async () => {
  // A check key, created by the administrator as for any customer.
  const created = await call('/api/keys', { method: 'POST', key: ADMIN_KEY, body: { name: 'demo key holder' } });
  assert.ok(created.data && created.data.api_key, `key not created: ${created.status} ${created.text}`);
  const key = created.data.api_key;
  const text = 'They dockerize everything.';
  await page.goto(BASE + '/');
  await page.click('#key-holder summary');
  await page.fill('#api-key', key);
  await page.click('#key-form button[type=submit]');
  await page.waitForFunction(() => /Using your key/.test(document.getElementById('key-state').textContent));
  assert.equal(await page.inputValue('#api-key'), '', 'the key stays in the field');
  // This text's check (not the page's own text, checked again with the
  // key), and its whole answer: a partial one's underlines are drawn again.
  const keyed = page.waitForRequest((r) => r.url().endsWith('/check/stream') && !r.url().includes('/demo/') &&
    r.headers()['x-api-key'] === key && r.postDataJSON()?.text === text);
  await page.fill('#text', text);
  await page.dispatchEvent('#text', 'input');
  await keyed;
  await page.waitForFunction(() => /problems? found/.test(document.getElementById('state').textContent));
  const mark = await waitForMark('dockerize');
  const box = await mark.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('#card:not([hidden])');
  const added = page.waitForResponse((r) => r.url().endsWith('/dictionary') && r.request().method() === 'POST');
  await page.click('#card-add');
  assert.equal((await added).status(), 201);
  await page.waitForFunction(() => /0 problems found/.test(document.getElementById('state').textContent));
  assert.equal(await page.$$eval('#backdrop mark', (ms) => ms.length), 0, 'the listed word is still underlined');
  assert.equal(await page.evaluate(() => localStorage.getItem('appencorrect.dictionary')), null, 'a key holder\'s word went to the browser');
  // On the server: the key's dictionary holds it for every client of the
  // key, and for no one else.
  const list = await call('/dictionary', { key });
  assert.deepEqual(list.data.words.map((w) => w.word), ['dockerize']);
  const withKey = await call('/check', { method: 'POST', key, body: { text } });
  assert.ok(!withKey.data.corrections.some((c) => c.original === 'dockerize'), 'another client of the key sees the flag');
  const anonymous = await call('/demo/check', { method: 'POST', body: { text } });
  assert.ok(anonymous.data.corrections.some((c) => c.original === 'dockerize'), 'the word leaked to other clients');
  // Forgetting the key checks anonymously again: the word is flagged.
  await page.click('#key-forget');
  await waitForMark('dockerize');
  // A key that cannot be checked (the request fails) is not used, and
  // the page says so.
  const keyCheck = (url) => url.pathname === '/dictionary';
  const seen = pageProblems.length;
  await page.route(keyCheck, (route) => route.abort());
  try {
    const logged = page.waitForEvent('console', (m) => /net::ERR_FAILED/.test(m.text()));
    await page.fill('#api-key', key);
    await page.click('#key-form button[type=submit]');
    await page.waitForFunction(() => /^Key not used: (?!.*HTTP)/.test(document.getElementById('key-state').textContent));
    await logged;
  } finally {
    await page.unroute(keyCheck);
  }
  // The browser logs the aborted request: expected here, and only here.
  pageProblems.push(...pageProblems.splice(seen).filter((p) => !/net::ERR_FAILED/.test(p)));
  assert.ok(await page.isHidden('#key-forget'));
  // A wrong key is refused, and not used.
  await page.fill('#api-key', 'appencorrect_not-a-key');
  await page.click('#key-form button[type=submit]');
  await page.waitForFunction(() => /^Key not used: .*HTTP 401/.test(document.getElementById('key-state').textContent));
  assert.ok(await page.isHidden('#key-forget'));
});

test('typing again cancels the check in flight (AbortController)', async () => {
  await page.fill('#text', '');
  // A slow server: every check but the whole text's is held until the
  // page has sent the whole text's, so the first one is still in flight
  // when typing resumes, however slow the machine; then it is let
  // through (the page must have cancelled it by then).
  const whole = 'Teh first and teh second';
  let release;
  const resumed = new Promise((r) => { release = r; });
  await page.route('**/demo/check/stream', async (route) => {
    if (route.request().postDataJSON()?.text === whole) release();
    else await resumed;
    await route.continue().catch(() => {});
  });
  try {
    await page.click('#text');
    const first = page.waitForRequest((r) => r.url().endsWith('/demo/check/stream'));
    await page.keyboard.type('Teh first', { delay: 5 });
    const firstCheck = await first;
    assert.equal(firstCheck.postDataJSON().text, 'Teh first');
    await page.keyboard.type(' and teh second', { delay: 5 });
    await waitForMark('teh');
    assert.deepEqual(await page.$$eval('#backdrop mark', (ms) => ms.map((m) => m.textContent)), ['Teh', 'teh']);
    // The first check has ended by now: cancelled, or answered once let
    // through if the page did not cancel it. response() waits for either.
    assert.equal(await firstCheck.response(), null, 'the first check was answered, not cancelled');
    assert.match(firstCheck.failure()?.errorText || '', /ABORTED/i, 'the first check was not cancelled');
  } finally {
    release();
    await page.unroute('**/demo/check/stream');
  }
});

test('the keyboard reaches the suggestions: Alt+Enter on the word, Escape back', async () => {
  await page.fill('#text', '');
  await page.click('#text');
  // The whole text's answer before the key: a mark drawn from a partial
  // answer, or from a check of part of the text, is drawn again by it,
  // and the card it opened goes with it.
  const answered = answerTo('We recieve mail daily');
  await page.keyboard.type('We recieve mail daily', { delay: 10 });
  await answered();
  await waitForMark('recieve');
  const value = await page.inputValue('#text');
  await page.evaluate((pos) => { const ta = document.getElementById('text'); ta.focus(); ta.setSelectionRange(pos, pos); }, value.indexOf('recieve') + 2);
  await page.keyboard.press('Alt+Enter');
  await page.waitForSelector('#card:not([hidden])');
  assert.equal(await page.evaluate(() => document.getElementById('card').contains(document.activeElement)), true, 'focus is in the card');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#card', { state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'text');
  // The problem list is made of buttons, with labels for screen readers.
  const label = await page.getAttribute('#issues button', 'aria-label');
  assert.match(label, /spelling: recieve → receive/);
});

test('helpful feedback is sent to /demo/feedback and stored', async () => {
  const mark = await waitForMark('recieve');
  const box = await mark.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('#card:not([hidden])');
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/demo/feedback')),
    page.click('#card-up'),
  ]);
  assert.equal(resp.status(), 200, await resp.text());
  await page.waitForFunction(() => /Thanks/.test(document.getElementById('card-thanks').textContent));
  const list = await call('/api/feedback?days=1', { key: ADMIN_KEY });
  assert.equal(list.status, 200, list.text);
  const found = list.data.feedback.find((f) => f.original === 'recieve' && f.feedback_type === 'positive');
  assert.ok(found, `feedback not stored: ${list.text}`);
  assert.equal(found.source, 'demo');
  assert.equal(found.ai_suggestion, 'receive');
  assert.equal(found.correction_type, 'spelling');
  assert.equal(found.full_text, 'We recieve mail daily');
});

test('apply all, ignore, and text is never HTML', async () => {
  await page.fill('#text', '');
  await page.click('#text');
  await page.keyboard.type('<img src=x onerror=alert(1)> teh dog and teh cat', { delay: 5 });
  await waitForMark('teh');
  assert.equal(await page.$('#backdrop img'), null, 'user text was not parsed as HTML');
  await page.click('#apply-all');
  assert.equal(await page.inputValue('#text'), '<img src=x onerror=alert(1)> the dog and the cat');
  // Ignore: the word stays and its underline goes, also after the next check.
  await page.fill('#text', '');
  await page.click('#text');
  const answered = answerTo('A wierd day');
  await page.keyboard.type('A wierd day', { delay: 5 });
  await answered();
  const mark = await waitForMark('wierd');
  const box = await mark.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector('#card:not([hidden])');
  await page.click('#card-ignore');
  await page.waitForFunction(() => document.querySelectorAll('#backdrop mark').length === 0);
  // The next check's whole answer (not a pause that hopes it came).
  const again = answerTo('A wierd day!');
  await page.keyboard.press('End');
  await page.keyboard.type('!', { delay: 5 });
  await again();
  assert.equal(await page.$$eval('#backdrop mark', (ms) => ms.length), 0);
});

test('example texts are checked at once, with counts by type', async () => {
  // The example's text (web/assets/demo.js, EXAMPLES): its whole answer
  // before counting and hovering, not a partial one's marks.
  const answered = answerTo('The response was helpfull but it dont answer the question.It also repeat the same point twice.');
  await page.getByRole('button', { name: 'Rating comment' }).click();
  await answered();
  await waitForMark('dont');
  await page.waitForFunction(() => document.querySelectorAll('#backdrop mark').length >= 3);
  const counts = await page.textContent('#counts');
  assert.match(counts, /spelling/);
  assert.match(counts, /grammar/);
  const hover = async () => {
    await page.evaluate(() => window.appencorrectDemo.autosize());
    const m = await waitForMark('dont');
    const b = await m.boundingBox();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.waitForSelector('#card:not([hidden])');
  };
  await hover();
  assert.match(await page.textContent('#card-message'), /.+/);
  await screenshots('demo', hover);
});

test('the demo says when the built-in engine answered because the model was down', async () => {
  const url = process.env.DEGRADED_URL;
  assert.ok(url, 'DEGRADED_URL is required');
  await page.goto(url + '/');
  await page.click('#text');
  await page.keyboard.type('I like teh cat', { delay: 5 });
  await waitForMark('teh');
  await page.waitForSelector('#degraded:not([hidden])');
  assert.match(await page.textContent('#degraded'), /Model unavailable: the built-in engine answered/);
  assert.match(await page.getAttribute('#degraded', 'title'), /.+/);
  assert.match(await page.textContent('#timing'), /engine: builtin/);
});

test('underlines appear sentence by sentence, before the whole answer is in', async () => {
  const url = process.env.STREAMING_URL;
  assert.ok(url, 'STREAMING_URL is required');
  await page.goto(url + '/');
  const sentences = ['I saw teh cat in the garden this morning.'];
  for (let i = 0; i < 8; i++) sentences.push(`The report number ${i + 1} describes the results of the evaluation in a clear way.`);
  const text = sentences.join(' ');
  let finishedAt = 0;
  // Only this text's check: the page may have checked its own text on load.
  // The page takes the result event before the stream ends, so the end is
  // waited for, not assumed once the page shows the result.
  const finished = page.waitForEvent('requestfinished', {
    predicate: (r) => r.url().endsWith('/demo/check/stream') && r.postDataJSON()?.text === text,
  }).then(() => { finishedAt = Date.now(); });
  finished.catch(() => {}); // awaited below; a failure before that is not unhandled
  await page.fill('#text', text);
  await waitForMark('teh');
  const markAt = Date.now();
  assert.equal(finishedAt, 0, 'the answer was complete before the first underline appeared');
  await page.waitForFunction(() => /problem/.test(document.getElementById('state').textContent));
  await finished;
  assert.ok(finishedAt > markAt, `the stream finished at ${finishedAt}, the first underline at ${markAt}`);
  assert.deepEqual(await page.$$eval('#backdrop mark', (ms) => ms.map((m) => m.textContent)), ['teh']);
});

test('the API docs page lists every operation and runs an example', async () => {
  const doc = (await call('/openapi.json')).data;
  let ops = 0;
  for (const item of Object.values(doc.paths)) ops += Object.keys(item).filter((k) => ['get', 'post', 'put', 'delete', 'patch'].includes(k)).length;
  await page.goto(BASE + '/api-docs');
  await page.waitForSelector('#docs:not([hidden])');
  assert.equal(await page.$$eval('article.op', (a) => a.length), ops);
  const op = page.locator('#demoCheck');
  await op.locator('button[type=submit]').click();
  await op.locator('pre[aria-label="Response body"]').waitFor();
  assert.match(await op.locator('.status-code').last().textContent(), /^200/);
  assert.match(await op.locator('pre[aria-label="Response body"]').textContent(), /"status": "success"/);
  await screenshots('api-docs', async () => { await page.evaluate(() => window.scrollTo(0, 0)); });
});

let createdKey = '';
let createdKeyID = '';

test('key management: log in, create a key, use it, deactivate it', async () => {
  await page.goto(BASE + '/api-management');
  await page.waitForSelector('#login-view:not([hidden])');
  await screenshots('login');
  await page.fill('#username', ADMIN_USER);
  await page.fill('#password', 'wrong password, surely');
  await page.click('#login-submit');
  await page.waitForSelector('#login-error:not([hidden])');
  assert.match(await page.textContent('#login-error'), /Invalid credentials|invalid username or password/i);
  await page.fill('#password', ADMIN_PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('#app-view:not([hidden])');
  assert.match(await page.textContent('#who'), new RegExp(ADMIN_USER));

  await page.fill('#key-name', 'browser test key');
  await page.fill('#key-limit', '50');
  await page.click('#create-submit');
  await page.waitForSelector('#new-key:not([hidden])');
  createdKey = (await page.textContent('#new-key-value')).trim();
  assert.match(createdKey, /^appencorrect_[0-9a-f]{32}$/);
  const row = page.locator('#keys tbody tr', { hasText: 'browser test key' });
  await row.waitFor();
  createdKeyID = await row.getAttribute('data-key-id');
  assert.match(await row.textContent(), /active/);

  // The copy button puts the key on the clipboard (or selects it).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  await page.click('#copy-key');
  await page.waitForFunction(() => /Copied|Selected/.test(document.getElementById('copy-state').textContent));

  const ok = await call('/check', { method: 'POST', key: createdKey, body: { text: 'Teh new key works.' } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.data.corrections[0].original, 'Teh');

  await page.click('#refresh');
  await page.waitForFunction((id) => {
    const tr = document.querySelector(`#keys tr[data-key-id="${id}"]`);
    return tr && tr.children[4].textContent !== '';
  }, createdKeyID);
  await screenshots('api-management', async () => { await page.evaluate(() => window.scrollTo(0, 0)); }, true);

  await row.getByRole('button', { name: /Deactivate/ }).click();
  await page.waitForFunction((id) => /inactive/.test(document.querySelector(`#keys tr[data-key-id="${id}"]`).textContent), createdKeyID);
  const refused = await call('/check', { method: 'POST', key: createdKey, body: { text: 'Teh key is off.' } });
  assert.equal(refused.status, 401, refused.text);
  assert.equal(refused.data.error, 'Invalid API key');

  // A service key: 0 requests per hour is no hourly limit, and reads so.
  await page.fill('#key-name', 'browser service key');
  await page.fill('#key-limit', '0');
  await page.click('#create-submit');
  const service = page.locator('#keys tbody tr', { hasText: 'browser service key' });
  await service.waitFor();
  assert.equal((await service.locator('td').nth(5).textContent()).trim(), 'no limit');
});

test('key management shows usage per day, feedback and a CSV export', async () => {
  await page.waitForSelector('#chart svg');
  assert.ok(await page.$$eval('#chart svg rect', (r) => r.length) >= 1, 'the usage chart has bars');
  await page.waitForFunction(() => document.querySelectorAll('#feedback tbody tr').length > 0);
  assert.match(await page.textContent('#feedback tbody'), /recieve/);
  const href = await page.getAttribute('#csv', 'href');
  const csv = await page.evaluate(async (h) => {
    const r = await fetch(h);
    return { status: r.status, type: r.headers.get('Content-Type'), text: await r.text() };
  }, href);
  assert.equal(csv.status, 200);
  assert.match(csv.type, /text\/csv/);
  assert.match(csv.text, /^API Key ID,Date,Endpoint/);
  // The key's dictionary: add two words (an import), see them, export,
  // remove one; the key's checks follow at once.
  const drow = page.locator(`#keys tr[data-key-id="${createdKeyID}"]`);
  await drow.getByRole('button', { name: /Dictionary/ }).click();
  await page.waitForSelector('#dict-panel:not([hidden])');
  await page.fill('#dict-words', 'dockerize\nannotater\n');
  await page.click('#dict-add');
  await page.waitForFunction(() => document.querySelectorAll('#dict-list li').length === 2);
  assert.match(await page.textContent('#dict-count'), /2 words/);
  const exported = await page.evaluate(async () => (await fetch(document.getElementById('dict-export').href)).text());
  assert.equal(exported, 'annotater\ndockerize\n');
  await page.locator('#dict-list li', { hasText: 'annotater' }).getByRole('button', { name: /Remove/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('#dict-list li').length === 1);
  // A file of 2,500 words (more than one request takes) into a named
  // list: imported in batches, and exported whole.
  const many = Array.from({ length: 2500 }, (_, i) => `term${String(i).padStart(4, '0')}`);
  await page.fill('#dict-name', 'glossary');
  await page.setInputFiles('#dict-file', { name: 'glossary.txt', mimeType: 'text/plain', buffer: Buffer.from(`# glossary\n${many.join('\n')}\n`) });
  await page.waitForFunction(() => /^2,501 words/.test(document.getElementById('dict-count').textContent));
  assert.ok(await page.isHidden('#dict-error'), await page.textContent('#dict-error'));
  const whole = await page.evaluate(async () => (await fetch(document.getElementById('dict-export').href)).text());
  assert.equal(whole, ['dockerize', ...many].sort().join('\n') + '\n');
  await page.fill('#dict-name', '');
  // Rotation gives a new secret once.
  page.once('dialog', (d) => d.accept());
  const row = page.locator(`#keys tr[data-key-id="${createdKeyID}"]`);
  await row.getByRole('button', { name: /Rotate/ }).click();
  await page.waitForFunction((old) => {
    const v = document.getElementById('new-key-value').textContent;
    return v && v !== old;
  }, createdKey);
  // Logging out ends the session.
  await page.click('#logout');
  await page.waitForSelector('#login-view:not([hidden])');
  const s = await page.evaluate(async () => (await fetch('/api/session')).status);
  assert.equal(s, 401);
});

test('no page broke its Content-Security-Policy or threw', () => {
  assert.deepEqual(pageProblems, []);
});
