// The key management page: login, keys (create, list, deactivate,
// activate, rotate), requests per key per day, feedback and cost.
//
// Authentication: the administrator's session cookie (HttpOnly, set by
// POST /login), with the session's CSRF token sent in X-CSRF-Token on
// changes; or an admin API key typed into the page, held in memory only.

import { api, clear, copyText, el, errorMessage, formatDate, replace, svg } from './common.js';

/** Words shown in a key's dictionary (the export has all of them). */
const DICT_SHOWN = 10000;
/** Words sent in one request: the server's bound per request. */
const DICT_BATCH = 1000;
/** The largest word list file imported: 50,000 words of up to 100 characters. */
const DICT_FILE_BYTES = 5 * 1024 * 1024;
const PALETTE = ['#2454d6', '#d0312d', '#1e7f45', '#c05f00', '#7b3fc4', '#00838f', '#ad1457', '#5d4037', '#546e7a', '#9e9d24'];

class Manager {
  constructor(doc) {
    this.$ = (id) => doc.getElementById(id);
    this.csrf = '';
    this.adminKey = '';
    this.keys = [];
    this.bind();
  }

  bind() {
    const $ = this.$;
    $('login-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.login();
    });
    $('key-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.useKey();
    });
    $('logout').addEventListener('click', () => this.logout());
    $('create-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.createKey();
    });
    $('copy-key').addEventListener('click', () => this.copyKey());
    $('refresh').addEventListener('click', () => this.loadAll());
    $('days').addEventListener('change', () => this.loadAll());
    $('dict-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.addWords();
    });
    $('dict-file').addEventListener('change', (e) => this.importFile(e.target));
    $('dict-close').addEventListener('click', () => {
      $('dict-panel').hidden = true;
      this.dictKey = null;
    });
  }

  /** Calls the admin API with the session (and CSRF token) or the admin key. */
  call(path, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (this.adminKey) headers['X-API-Key'] = this.adminKey;
    else if (opts.method && opts.method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    return api(path, { ...opts, headers });
  }

  async start() {
    let res;
    try {
      res = await api('/api/session');
    } catch {
      res = { ok: false, status: 0 };
    }
    this.$('loading').hidden = true;
    if (res.ok && res.data && res.data.authenticated) {
      this.csrf = res.data.csrf_token || '';
      this.enter(res.data.username);
    } else {
      this.showLogin();
    }
  }

  showLogin() {
    this.$('app-view').hidden = true;
    this.$('login-view').hidden = false;
    this.$('who').hidden = true;
    this.$('logout').hidden = true;
    this.$('username').focus();
  }

  async login() {
    const $ = this.$;
    const username = $('username').value.trim();
    const password = $('password').value;
    const errBox = $('login-error');
    if (!username || !password) {
      show(errBox, 'Enter your username and password.');
      return;
    }
    $('login-submit').disabled = true;
    let res;
    try {
      res = await api('/login', { method: 'POST', body: { username, password, next: '/api-management' } });
    } catch (err) {
      res = { ok: false, status: 0, data: { error: 'Network error', message: err.message } };
    }
    $('login-submit').disabled = false;
    if (!res.ok) {
      show(errBox, res.status === 404 ? 'Logins are not enabled on this server; use an admin API key.' : errorMessage(res));
      $('password').select();
      return;
    }
    show(errBox, '');
    $('password').value = '';
    this.csrf = res.data.csrf_token || '';
    this.enter(res.data.username);
  }

  async useKey() {
    const key = this.$('admin-key').value.trim();
    if (!key) return;
    this.adminKey = key;
    const res = await this.call('/api/keys');
    if (!res.ok) {
      this.adminKey = '';
      show(this.$('login-error'), errorMessage(res));
      return;
    }
    this.$('admin-key').value = '';
    this.enter('admin API key');
  }

  async logout() {
    if (!this.adminKey) await this.call('/logout', { method: 'POST', body: {} }).catch(() => null);
    this.adminKey = '';
    this.csrf = '';
    this.showLogin();
  }

  enter(who) {
    const $ = this.$;
    $('login-view').hidden = true;
    $('app-view').hidden = false;
    replace($('who'), `Signed in as ${who}`);
    $('who').hidden = false;
    $('logout').hidden = false;
    this.loadAll();
  }

  days() {
    return Number(this.$('days').value) || 14;
  }

  async loadAll() {
    show(this.$('app-error'), '');
    await this.loadKeys();
    await Promise.all([this.loadCost(), this.loadFeedback()]);
  }

  failed(res) {
    if (res.status === 401) {
      this.showLogin();
      show(this.$('login-error'), 'Your session has ended: log in again.');
      return;
    }
    show(this.$('app-error'), errorMessage(res));
  }

  // ---- keys --------------------------------------------------------------

  async loadKeys() {
    const res = await this.call('/api/keys');
    if (!res.ok) return this.failed(res);
    this.keys = res.data.api_keys || [];
    const body = this.$('keys').tBodies[0];
    clear(body);
    this.$('keys-empty').hidden = this.keys.length > 0;
    for (const k of this.keys) {
      const actions = el('div', { class: 'row nowrap' });
      if (k.is_active) {
        actions.append(el('button', { type: 'button', class: 'small danger', 'aria-label': `Deactivate ${k.name}`,
          onclick: () => this.setActive(k, false) }, 'Deactivate'));
      } else {
        actions.append(el('button', { type: 'button', class: 'small', 'aria-label': `Activate ${k.name}`,
          onclick: () => this.setActive(k, true) }, 'Activate'));
      }
      actions.append(el('button', { type: 'button', class: 'small', 'aria-label': `Rotate ${k.name}`,
        onclick: () => this.rotate(k) }, 'Rotate'));
      actions.append(el('button', { type: 'button', class: 'small', 'aria-label': `Dictionary of ${k.name}`,
        onclick: () => this.openDictionary(k) }, 'Dictionary'));
      body.append(el('tr', { 'data-key-id': k.key_id },
        el('td', {}, el('strong', {}, k.name), k.description ? el('div', { class: 'muted' }, k.description) : null),
        el('td', {}, el('code', {}, k.key_hint || k.key_id), el('div', { class: 'muted' }, k.key_id)),
        el('td', {}, k.scope || 'check'),
        el('td', {}, el('span', { class: k.is_active ? 'state-active' : 'state-inactive' }, k.is_active ? 'active' : 'inactive')),
        el('td', {}, String(k.usage_count ?? 0)),
        el('td', {}, k.rate_limit_per_hour === 0 ? 'no limit' : String(k.rate_limit_per_hour ?? '')),
        el('td', {}, formatDate(k.last_used_at)),
        el('td', {}, actions)));
    }
  }

  async createKey() {
    const $ = this.$;
    const name = $('key-name').value.trim();
    const limit = Number($('key-limit').value);
    const errBox = $('create-error');
    if (!name) {
      show(errBox, 'Give the key a name.');
      $('key-name').focus();
      return;
    }
    if (!Number.isInteger(limit) || limit < 0 || limit > 1000000000) {
      show(errBox, 'Requests per hour: a whole number, or 0 for no limit.');
      $('key-limit').focus();
      return;
    }
    $('create-submit').disabled = true;
    const res = await this.call('/api/keys', { method: 'POST', body: {
      name, description: $('key-description').value.trim(), rate_limit_per_hour: limit, scope: $('key-scope').value,
    } });
    $('create-submit').disabled = false;
    if (!res.ok) {
      if (res.status === 401) return this.failed(res);
      show(errBox, errorMessage(res));
      return;
    }
    show(errBox, '');
    $('create-form').reset();
    this.showSecret(res.data.api_key, `Key “${res.data.name}” created. Copy it now: it is shown only once.`);
    await this.loadKeys();
  }

  showSecret(secret, note) {
    const $ = this.$;
    replace($('new-key-value'), secret);
    replace($('new-key-note'), note);
    replace($('copy-state'), '');
    $('new-key').hidden = false;
    $('copy-key').focus();
  }

  async copyKey() {
    const text = this.$('new-key-value').textContent;
    const ok = await copyText(text);
    if (!ok) {
      // No clipboard access: select the key so that Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(this.$('new-key-value'));
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
    replace(this.$('copy-state'), ok ? 'Copied to the clipboard.' : 'Selected: press Ctrl+C to copy.');
  }

  async setActive(k, active) {
    const res = await this.call(`/api/keys/${encodeURIComponent(k.key_id)}/${active ? 'activate' : 'deactivate'}`, { method: 'POST' });
    if (!res.ok) return this.failed(res);
    await this.loadKeys();
  }

  // ---- dictionaries ------------------------------------------------------

  /** Shows the words of key k's tenant. */
  async openDictionary(k) {
    this.dictKey = k;
    replace(this.$('dict-key'), k.name);
    this.$('dict-panel').hidden = false;
    await this.loadDictionary();
    this.$('dict-words').focus();
  }

  dictPath() {
    return `/api/keys/${encodeURIComponent(this.dictKey.key_id)}/dictionary`;
  }

  async loadDictionary() {
    if (!this.dictKey) return;
    const res = await this.call(this.dictPath() + `?limit=${DICT_SHOWN}`);
    if (!res.ok) return this.failed(res);
    const list = this.$('dict-list');
    clear(list);
    for (const w of res.data.words) {
      list.append(el('li', {},
        el('span', {}, w.word), w.dict ? el('span', { class: 'muted' }, ` (${w.dict})`) : null, ' ',
        el('button', { type: 'button', class: 'small danger', 'aria-label': `Remove ${w.word}`,
          onclick: () => this.removeWord(w) }, 'Remove')));
    }
    const total = res.data.total;
    const shown = total > res.data.words.length ? ` (the first ${fmtInt(res.data.words.length)} shown; the export has all)` : '';
    replace(this.$('dict-count'), `${fmtInt(total)} word${total === 1 ? '' : 's'}${shown}.`);
    // Export: the server's text form of the whole list, one word a line
    // (the session's cookie authorises it, as the cost CSV's link).
    this.$('dict-export').href = this.dictPath() + '?format=txt';
  }

  /** Adds the words typed or pasted in the box (one a line). */
  async addWords() {
    if (await this.importWords(this.$('dict-words').value)) this.$('dict-words').value = '';
  }

  /** Imports a chosen file: one word a line, # comments. */
  async importFile(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    if (file.size > DICT_FILE_BYTES) {
      show(this.$('dict-error'), `${file.name} has ${fmtInt(file.size)} bytes; a word list is at most ${fmtInt(DICT_FILE_BYTES)}.`);
    } else {
      await this.importWords(await file.text(), file.name);
    }
    input.value = '';
  }

  /**
   * Adds a list of words, one a line, in requests of at most DICT_BATCH
   * words (the server's bound per request); stops at the first refusal
   * and says how far it got. Returns whether every word was sent.
   */
  async importWords(text, source = '') {
    const words = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((w) => w.trim()).filter((w) => w && !w.startsWith('#'));
    if (!words.length) {
      show(this.$('dict-error'), source ? `${source} holds no words.` : 'Type or paste words, one a line.');
      return false;
    }
    const dict = this.$('dict-name').value.trim();
    let added = 0;
    for (let i = 0; i < words.length; i += DICT_BATCH) {
      if (words.length > DICT_BATCH) replace(this.$('dict-count'), `Importing… ${fmtInt(i)} of ${fmtInt(words.length)} words sent.`);
      const res = await this.call(this.dictPath(), { method: 'POST', body: { words: words.slice(i, i + DICT_BATCH), dict } });
      if (!res.ok) {
        if (res.status === 401) return this.failed(res);
        show(this.$('dict-error'), `${i ? `${fmtInt(added)} new words added, then: ` : ''}${errorMessage(res)}`);
        await this.loadDictionary();
        return false;
      }
      added += res.data.added || 0;
    }
    show(this.$('dict-error'), '');
    await this.loadDictionary();
    return true;
  }

  async removeWord(w) {
    const res = await this.call(this.dictPath(), { method: 'DELETE', body: { words: [w.word], dict: w.dict } });
    if (!res.ok) return this.failed(res);
    await this.loadDictionary();
  }

  async rotate(k) {
    if (!window.confirm(`Rotate “${k.name}”? The current key stops working at once.`)) return;
    const res = await this.call(`/api/keys/${encodeURIComponent(k.key_id)}/rotate`, { method: 'POST' });
    if (!res.ok) return this.failed(res);
    this.showSecret(res.data.api_key, `New secret for “${k.name}”. Copy it now: it is shown only once; the old one no longer works.`);
    await this.loadKeys();
  }

  keyName(id) {
    if (id === 'anonymous' || id === '') return 'demo / anonymous';
    if (id.startsWith('user:')) return id.slice(5);
    const k = this.keys.find((x) => x.key_id === id);
    return k ? k.name : id;
  }

  // ---- usage and cost ----------------------------------------------------

  async loadCost() {
    const days = this.days();
    this.$('csv').setAttribute('href', `/api/cost-analytics?days=${days}&format=csv`);
    const res = await this.call(`/api/cost-analytics?days=${days}`);
    if (!res.ok) return this.failed(res);
    const rows = res.data.cost_data || [];
    this.drawChart(rows, days);
    const s = res.data.summary || {};
    replace(this.$('cost-summary'),
      stat('Requests', fmtInt(s.total_requests)),
      stat('Input tokens', fmtInt(s.total_input_tokens)),
      stat('Output tokens', fmtInt(s.total_output_tokens)),
      stat('GPU time', `${(s.total_gpu_seconds || 0).toFixed(1)} s`),
      stat('Cost', `$${(s.total_cost_usd || 0).toFixed(4)}`));
    const body = this.$('cost').tBodies[0];
    clear(body);
    for (const r of rows.slice(0, 200)) {
      body.append(el('tr', {},
        el('td', {}, r.date),
        el('td', {}, this.keyName(r.key_id || '')),
        el('td', {}, el('code', {}, r.endpoint)),
        el('td', {}, fmtInt(r.requests)),
        el('td', {}, `${fmtInt(r.total_input_tokens)} / ${fmtInt(r.total_output_tokens)}`),
        el('td', {}, (r.gpu_seconds || 0).toFixed(2)),
        el('td', {}, (r.total_cost || 0).toFixed(5))));
    }
    const p = res.data.pricing || {};
    replace(this.$('cost-note'), p.note ? `${p.note} GPU hour: $${p.gpu_hour_price_usd}.` : '');
  }

  /** Draws requests per key per day as stacked bars (inline SVG). */
  drawChart(rows, days) {
    const box = this.$('chart');
    const legend = this.$('legend');
    clear(box);
    clear(legend);
    const today = new Date();
    const dates = [];
    for (let i = days - 1; i >= 0; i--) {
      const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
      dates.push(d.toISOString().slice(0, 10));
    }
    const perDay = new Map(dates.map((d) => [d, new Map()]));
    const totals = new Map();
    for (const r of rows) {
      const day = perDay.get(r.date);
      if (!day) continue;
      const k = r.key_id || 'anonymous';
      day.set(k, (day.get(k) || 0) + r.requests);
      totals.set(k, (totals.get(k) || 0) + r.requests);
    }
    const keys = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
    const color = new Map(keys.map((k, i) => [k, PALETTE[i % PALETTE.length]]));
    const max = Math.max(1, ...dates.map((d) => [...perDay.get(d).values()].reduce((a, b) => a + b, 0)));
    const W = 560;
    const H = 220;
    const left = 40;
    const bottom = 24;
    const top = 10;
    const plotH = H - bottom - top;
    const step = (W - left - 6) / dates.length;
    const barW = Math.max(2, step * 0.7);
    const total = [...totals.values()].reduce((a, b) => a + b, 0);
    const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img',
      'aria-label': `Requests per key per day over ${days} days: ${total} in all` });
    chart.append(svg('title', { text: `Requests per key per day, last ${days} days` }));
    const ticks = niceTicks(max);
    for (const t of ticks) {
      const y = top + plotH - (t / ticks[ticks.length - 1]) * plotH;
      chart.append(svg('line', { x1: left, x2: W, y1: y, y2: y, class: 'axis' }));
      chart.append(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end', text: String(t) }));
    }
    const scale = plotH / ticks[ticks.length - 1];
    const labelEvery = Math.ceil(dates.length / 7);
    dates.forEach((d, i) => {
      const x = left + i * step + (step - barW) / 2;
      let y = top + plotH;
      for (const k of keys) {
        const n = perDay.get(d).get(k) || 0;
        if (!n) continue;
        const h = n * scale;
        y -= h;
        const rect = svg('rect', { x, y, width: barW, height: Math.max(h, 1), fill: color.get(k), rx: 1 });
        rect.append(svg('title', { text: `${d} · ${this.keyName(k)}: ${n} request${n === 1 ? '' : 's'}` }));
        chart.append(rect);
      }
      if (i % labelEvery === 0 || i === dates.length - 1) {
        chart.append(svg('text', { x: x + barW / 2, y: H - 6, 'text-anchor': 'middle', text: d.slice(5) }));
      }
    });
    box.append(chart);
    if (keys.length === 0) {
      legend.append(el('span', { class: 'muted' }, 'No requests in this period.'));
    }
    for (const k of keys) {
      const sw = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      sw.style.background = color.get(k);
      legend.append(el('span', {}, sw, `${this.keyName(k)}: ${fmtInt(totals.get(k))}`));
    }
  }

  // ---- feedback ----------------------------------------------------------

  async loadFeedback() {
    const res = await this.call(`/api/feedback?days=${this.days()}&limit=100`);
    if (!res.ok) return this.failed(res);
    const list = res.data.feedback || [];
    const st = res.data.stats || {};
    replace(this.$('feedback-stats'),
      stat('Total', fmtInt(st.total)),
      stat('Helpful', fmtInt(st.positive)),
      stat('Not helpful', fmtInt(st.negative)),
      stat('Other', fmtInt((st.total || 0) - (st.positive || 0) - (st.negative || 0))));
    const body = this.$('feedback').tBodies[0];
    clear(body);
    this.$('feedback-empty').hidden = list.length > 0;
    for (const f of list) {
      const text = f.full_text || '';
      body.append(el('tr', {},
        el('td', {}, formatDate(f.timestamp)),
        el('td', {}, verdict(f.feedback_type)),
        el('td', {}, el('span', { class: 'muted' }, f.original), ' → ', el('strong', {}, f.ai_suggestion),
          f.user_correction ? el('div', { class: 'muted' }, `user: ${f.user_correction}`) : null),
        el('td', {}, f.correction_type || '—'),
        el('td', {}, f.source === 'api' ? `API (${this.keyName(f.key_id || '')})` : 'demo'),
        el('td', { title: text }, text.length > 80 ? `${text.slice(0, 80)}…` : text)));
    }
  }
}

function verdict(t) {
  return { positive: 'helpful', negative: 'not helpful' }[t] || t.replace(/_/g, ' ');
}

function stat(label, value) {
  return el('span', { class: 'chip' }, el('span', { class: 'muted' }, label), el('strong', {}, value));
}

function fmtInt(n) {
  return Number(n || 0).toLocaleString();
}

/** Round tick values from 0 to at least max. */
function niceTicks(max) {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || 10 * mag;
  const stepInt = Math.max(1, Math.ceil(step));
  const ticks = [];
  for (let t = 0; t <= max + stepInt - 1 && ticks.length < 8; t += stepInt) ticks.push(t);
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + stepInt);
  return ticks;
}

function show(node, msg) {
  node.hidden = !msg;
  replace(node, msg || '');
}

if (document.getElementById('app-view')) {
  const m = new Manager(document);
  window.appencorrectManager = m; // for the browser tests and the console
  m.start();
}
