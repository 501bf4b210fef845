// Runs two real LanguageTool clients from the npm registry against an
// AppenCorrect server's LanguageTool API, as an editor plugin would:
//
//   - language-grammar-api: its endpoint is configurable, so it is pointed at
//     the server like a self-hosted LanguageTool (POST /v2/check with the
//     parameters in the query string, GET /v2/languages);
//   - languagetool-api: its URL is hard-coded to languagetool.org, so its HTTP
//     transport is redirected to the server (see redirect below); its own
//     query building (GET /v2/check) and response helpers, which read
//     match.context, run unchanged.
//
// The text has an emoji (two UTF-16 code units) before the error, so the
// match must be at the right UTF-16 offset; then the match's rule is sent in
// disabledRules and its match must be gone.
//
// Then a user's dictionary: neither client has calls for LanguageTool's word
// lists (their source has only check and languages), so the words are added,
// listed and deleted over HTTP as LanguageTool documents /v2/words (form
// posts with username and apiKey), and both clients' own checks, sent with
// username and apiKey as LanguageTool's premium users send them, must no
// longer flag the listed word, and flag it again once it is deleted.
//
// Usage: LT_SERVER_URL=http://127.0.0.1:5006 LT_API_KEY=<key> node --test clients.test.js
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const base = (process.env.LT_SERVER_URL || '').replace(/\/+$/, '');
if (!base) {
  throw new Error('set LT_SERVER_URL to the server root, e.g. http://127.0.0.1:5006');
}
const apiKey = process.env.LT_API_KEY || '';
if (!apiKey) {
  throw new Error('set LT_API_KEY to an AppenCorrect API key (run-against-serve.sh creates one)');
}
const USERNAME = 'writer@example.com';

// "😀 I saw " is 9 UTF-16 code units (the emoji is a surrogate pair).
const TEXT = '😀 I saw teh cat.';
const ERROR = 'teh';
const OFFSET = 9;

// redirect makes languagetool-api's `request` calls go to the server
// instead of https://languagetool.org/api: it replaces the module that
// languagetool-api requires, before languagetool-api is loaded.
function redirect() {
  const apiDir = path.dirname(require.resolve('languagetool-api'));
  const requestPath = require.resolve('request', { paths: [apiDir] });
  const realRequest = require(requestPath);
  const hosted = /^https:\/\/languagetool\.org\/api/;
  const wrapped = function (uri, ...rest) {
    if (typeof uri === 'string') {
      uri = uri.replace(hosted, base);
    }
    return realRequest(uri, ...rest);
  };
  Object.assign(wrapped, realRequest);
  require.cache[requestPath].exports = wrapped;
}
redirect();
const languagetool = require('languagetool-api');
const LanguageToolApi = require('language-grammar-api');

// findError returns the match covering TEXT's error, found by the offset the
// server gave, checking that it is where the error is in UTF-16 units.
function findError(res) {
  assert.ok(Array.isArray(res.matches), `no matches array in ${JSON.stringify(res)}`);
  const m = res.matches.find((m) => m.offset === OFFSET);
  assert.ok(m, `no match at UTF-16 offset ${OFFSET}: ${JSON.stringify(res.matches)}`);
  assert.equal(m.length, ERROR.length);
  // The offset and length locate the error in the text, in UTF-16 units,
  // which is what JavaScript strings index.
  assert.equal(TEXT.substr(m.offset, m.length), ERROR);
  assert.equal(m.context.text.substr(m.context.offset, m.context.length), ERROR);
  assert.ok(m.replacements.some((r) => r.value === 'the'), `replacements ${JSON.stringify(m.replacements)}`);
  assert.equal(typeof m.rule.id, 'string');
  assert.equal(typeof m.sentence, 'string');
  return m;
}

test('language-grammar-api pointed at the server', async (t) => {
  const client = new LanguageToolApi({ endpoint: `${base}/v2` });

  await t.test('lists the languages', async () => {
    const langs = await client.languages();
    assert.ok(langs.some((l) => l.longCode === 'en-US' && l.code === 'en' && typeof l.name === 'string'),
      JSON.stringify(langs));
  });

  let ruleId;
  await t.test('finds the error after an emoji at its UTF-16 offset', async () => {
    const res = await client.check({ text: TEXT, language: 'en-US' });
    const m = findError(res);
    ruleId = m.rule.id;
    assert.equal(res.language.code, 'en-US');
  });

  await t.test('disabledRules removes the rule\'s matches', async () => {
    const res = await client.check({ text: TEXT, language: 'en-US', disabledRules: ruleId });
    assert.ok(!res.matches.some((m) => m.rule.id === ruleId), JSON.stringify(res.matches));
    assert.ok(!res.matches.some((m) => m.offset === OFFSET), JSON.stringify(res.matches));
  });
});

test('languagetool-api redirected to the server', async (t) => {
  const check = (params) => new Promise((resolve, reject) => {
    languagetool.check(params, (err, res) => (err ? reject(err) : resolve(res)));
  });

  await t.test('lists the language codes', async () => {
    const langs = await new Promise((resolve, reject) => {
      languagetool.codes((err, res) => (err ? reject(err) : resolve(res)));
    });
    assert.ok(langs.some((l) => l.longCode === 'en-GB'), JSON.stringify(langs));
  });

  let ruleId;
  await t.test('finds the error after an emoji at its UTF-16 offset', async () => {
    const res = await check({ language: 'en-US', text: TEXT });
    ruleId = findError(res).rule.id;
    // The client's own helpers read match.context.
    const mistakes = await new Promise((resolve) => languagetool.showMistakes(res, resolve));
    assert.ok(mistakes.includes(ERROR), JSON.stringify(mistakes));
    const best = await new Promise((resolve) => languagetool.bestSuggestion(res, resolve));
    assert.ok(best.some((b) => b.mistake === ERROR && b.bestSuggestion === 'the'), JSON.stringify(best));
  });

  await t.test('disabledRules removes the rule\'s matches', async () => {
    const res = await check({ language: 'en-US', text: TEXT, disabledRules: [ruleId] });
    assert.ok(!res.matches.some((m) => m.rule.id === ruleId), JSON.stringify(res.matches));
  });
});

// words calls LanguageTool's word-list API: GET /v2/words, POST
// /v2/words/add and /v2/words/delete, with username and apiKey.
async function words(path, params = {}) {
  const form = new URLSearchParams({ username: USERNAME, apiKey, ...params });
  const resp = path === ''
    ? await fetch(`${base}/v2/words?${form}`)
    : await fetch(`${base}/v2/words/${path}`, { method: 'POST', body: form });
  const body = await resp.json();
  assert.equal(resp.status, 200, JSON.stringify(body));
  return body;
}

test('a user dictionary honoured by both clients\' checks', async (t) => {
  const client = new LanguageToolApi({ endpoint: `${base}/v2` });
  const premium = { username: USERNAME, apiKey };
  const legacyCheck = (params) => new Promise((resolve, reject) => {
    languagetool.check(params, (err, res) => (err ? reject(err) : resolve(res)));
  });
  const flagged = (res) => res.matches.some((m) => m.offset === OFFSET);

  await t.test('adds and lists the word', async () => {
    assert.deepEqual(await words('add', { word: ERROR }), { added: true });
    assert.deepEqual(await words('add', { word: 'Kubernetes', dict: 'team' }), { added: true });
    assert.deepEqual((await words('')).words.sort(), ['Kubernetes', ERROR].sort());
    assert.deepEqual((await words('', { dicts: 'team', offset: '0', limit: '1' })).words.length, 1);
  });

  await t.test('the listed word is not flagged for its user', async () => {
    assert.ok(!flagged(await client.check({ text: TEXT, language: 'en-US', ...premium })), 'language-grammar-api');
    assert.ok(!flagged(await legacyCheck({ text: TEXT, language: 'en-US', ...premium })), 'languagetool-api');
  });

  await t.test('and still is without the key', async () => {
    findError(await client.check({ text: TEXT, language: 'en-US' }));
  });

  await t.test('deleting it brings the match back', async () => {
    assert.deepEqual(await words('delete', { word: ERROR }), { deleted: true });
    findError(await client.check({ text: TEXT, language: 'en-US', ...premium }));
    findError(await legacyCheck({ text: TEXT, language: 'en-US', ...premium }));
    assert.deepEqual((await words('')).words, ['Kubernetes']);
  });
});
