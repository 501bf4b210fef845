// The live demo: checks the text as the user types and underlines the
// problems at their exact positions.
//
// How the underlines stay exact: a backdrop div mirrors the textarea's text
// with the same font, padding and wrapping, and wraps each problem in a
// <mark>. The textarea, transparent, sits on top and grows with its text,
// so neither scrolls and their layouts are identical. Positions come from
// the API's position_utf16 ([start, end) in UTF-16 code units), which index
// JavaScript strings directly: an emoji before an error shifts nothing.

import { api, clear, codePointsToUTF16, el, errorMessage, formatMs, replace } from './common.js';

const DEBOUNCE_MS = 400;
/** Words added to the dictionary on this page, kept in the browser. */
const WORDS_KEY = 'appencorrect.dictionary';
const MAX_WORDS = 500; // what one check may send

/**
 * Posts body to the check stream at path (text/event-stream): onPartial is
 * called with the corrections settled so far (sent, less withdrawn) while
 * the model writes; the result is what api() returns, with the `result`
 * event's data (exactly /demo/check's answer) or the error's JSON.
 */
async function checkStream(path, body, signal, onPartial, headers = {}) {
  const t0 = performance.now();
  const resp = await fetch(path, {
    method: 'POST', signal, credentials: 'same-origin',
    headers: { Accept: 'text/event-stream, application/json', 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const done = (data, text) => ({ status: resp.status, ok: resp.ok && data?.status !== 'error', data, text, headers: resp.headers, ms: performance.now() - t0 });
  if (!(resp.headers.get('Content-Type') || '').startsWith('text/event-stream') || !resp.body) {
    const text = await resp.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    return done(data, text);
  }
  const reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
  const sent = [];
  let buf = '';
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) break;
    buf += value;
    let cut;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      let event = 'message', data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (!data) continue;
      let d;
      try { d = JSON.parse(data); } catch { continue; }
      if (event === 'result' || event === 'error') return done(d, data);
      if (event === 'corrections') {
        sent.push(...(d.corrections || []));
      } else if (event === 'withdraw') {
        for (const w of d.corrections || []) {
          const i = sent.findIndex((c) => JSON.stringify(c) === JSON.stringify(w));
          if (i >= 0) sent.splice(i, 1);
        }
      }
      onPartial([...sent]);
    }
  }
  return done(null, '');
}
const MAX_CHARS = 10000;
const TYPES = ['spelling', 'grammar', 'punctuation', 'style'];

const EXAMPLES = [
  { label: 'Emoji and typos', language: 'auto', text: '😀 I love this phone, but teh battery dies to fast and the camra is blurry.' },
  { label: 'Grammar', language: 'en-US', text: 'She go to school every day. Their is a apple on the table, and he have two cat.' },
  { label: 'British English', language: 'en-GB', text: 'The colour of the theatre was lovely, but the organisation of the evnt was poor.' },
  { label: 'Rating comment', language: 'auto', text: 'The response was helpfull but it dont answer the question.It also repeat the same point twice.' },
  { label: 'French', language: 'fr', text: "Je suis tres content de vous voir aujourd'hui." },
];

/** Page state and behaviour; one per page. */
class Demo {
  constructor(root) {
    const $ = (id) => root.querySelector('#' + id);
    this.ta = $('text');
    this.backdrop = $('backdrop');
    this.editor = $('editor');
    this.lang = $('language');
    this.card = $('card');
    this.cardType = $('card-type');
    this.cardDot = $('card-dot');
    this.cardMessage = $('card-message');
    this.cardSuggestions = $('card-suggestions');
    this.cardThanks = $('card-thanks');
    this.state = $('state');
    this.counts = $('counts');
    this.timing = $('timing');
    this.degraded = $('degraded');
    this.error = $('error');
    this.applyAll = $('apply-all');
    this.issues = $('issues');
    this.noIssues = $('no-issues');

    /** Problems of this.text, sorted, not overlapping, in UTF-16 units. */
    this.corrections = [];
    /** The text the corrections refer to (kept in step with edits). */
    this.text = '';
    /** Keys of problems the user chose to ignore. */
    this.ignored = new Set();
    /** The visitor's dictionary: sent with every check, never stored on the server. */
    this.words = loadWords();
    /**
     * A key holder's API key (this tab's memory only): checks go to the
     * keyed API, which uses the key's dictionaries, and added words go to
     * the key's dictionary on the server.
     */
    this.apiKey = '';
    this.keyInput = $('api-key');
    this.keyForget = $('key-forget');
    this.keyState = $('key-state');
    this.timer = 0;
    this.inflight = null;
    this.hideTimer = 0;
    /** The problem shown in the card, and how it was opened. */
    this.active = null;
    this.pinned = false;
    this.byCaret = false;
    /** A problem whose card the user closed: the caret on it does not reopen it. */
    this.dismissed = null;
    this.checks = 0;

    this.bind(root);
    this.renderExamples(root.querySelector('#examples'));
    this.autosize();
  }

  bind(root) {
    this.ta.addEventListener('input', () => this.onInput());
    this.lang.addEventListener('change', () => this.checkNow());
    this.ta.addEventListener('mousemove', (e) => this.onPointer(e));
    this.ta.addEventListener('mouseleave', () => this.scheduleHide());
    this.card.addEventListener('mouseenter', () => clearTimeout(this.hideTimer));
    this.card.addEventListener('mouseleave', () => this.scheduleHide());
    this.ta.addEventListener('keydown', (e) => this.onEditorKey(e));
    for (const ev of ['keyup', 'click', 'focus']) this.ta.addEventListener(ev, () => this.onCaret());
    this.card.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.dismissed = this.active;
        this.hideCard(true);
      }
    });
    this.card.addEventListener('focusout', (e) => {
      if (!this.card.contains(e.relatedTarget) && e.relatedTarget !== this.ta) this.hideCard(false);
    });
    root.querySelector('#card-ignore').addEventListener('click', () => this.ignore(this.active));
    this.cardAdd = root.querySelector('#card-add');
    this.cardAdd.addEventListener('click', () => this.addWord(this.active));
    root.querySelector('#card-up').addEventListener('click', () => this.feedback(this.active, 'positive'));
    root.querySelector('#card-down').addEventListener('click', () => this.feedback(this.active, 'negative'));
    this.applyAll.addEventListener('click', () => this.applyEverything());
    root.querySelector('#key-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.useKey(this.keyInput.value.trim());
    });
    this.keyForget.addEventListener('click', () => this.useKey(''));
    window.addEventListener('resize', () => {
      this.autosize();
      if (this.active) this.placeCard(this.active);
    });
  }

  renderExamples(box) {
    for (const ex of EXAMPLES) {
      box.append(el('button', {
        type: 'button', class: 'small', text: ex.label,
        onclick: () => {
          this.lang.value = ex.language;
          this.ta.value = ex.text;
          this.onInput();
          this.checkNow();
          this.ta.focus();
        },
      }));
    }
  }

  // ---- editing -----------------------------------------------------------

  /** Keeps the underlines in step with an edit, then schedules a check. */
  onInput() {
    const next = this.ta.value;
    const prev = this.text;
    let p = 0;
    const max = Math.min(prev.length, next.length);
    while (p < max && prev.charCodeAt(p) === next.charCodeAt(p)) p++;
    let s = 0;
    while (s < max - p && prev.charCodeAt(prev.length - 1 - s) === next.charCodeAt(next.length - 1 - s)) s++;
    const oldEnd = prev.length - s;
    const delta = next.length - prev.length;
    // Problems before the edit stay, those after it move, those it touched
    // go until the next check.
    this.corrections = this.corrections
      .filter((c) => c.end < p || c.start > oldEnd || (c.start === c.end && (c.start < p || c.start > oldEnd)))
      .map((c) => (c.start > oldEnd ? { ...c, start: c.start + delta, end: c.end + delta } : c));
    this.text = next;
    if (this.active && !this.corrections.includes(this.active)) this.hideCard(false);
    this.render();
    this.autosize();
    this.schedule();
  }

  autosize() {
    this.ta.style.height = 'auto';
    this.ta.style.height = `${this.ta.scrollHeight}px`;
  }

  // ---- checking ----------------------------------------------------------

  /** Debounces checks: one request after the user pauses, never per key. */
  schedule() {
    clearTimeout(this.timer);
    // What is in flight was asked for an older text: cancel it.
    if (this.inflight) this.inflight.abort();
    this.timer = setTimeout(() => this.check(), DEBOUNCE_MS);
  }

  checkNow() {
    clearTimeout(this.timer);
    this.check();
  }

  async check() {
    const text = this.ta.value;
    if (this.inflight) this.inflight.abort();
    this.inflight = null;
    this.showError('');
    if (text.trim() === '') {
      this.setResult(text, [], null, 0);
      replace(this.state, '');
      return;
    }
    if ([...text].length > MAX_CHARS) {
      this.showError(`The demo checks up to ${MAX_CHARS} characters; this text has ${[...text].length}.`);
      return;
    }
    const ctrl = new AbortController();
    this.inflight = ctrl;
    replace(this.state, el('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Checking…');
    let res;
    try {
      const body = { text, language: this.lang.value };
      if (this.words.length) body.dictionary = this.words;
      // Underlines appear sentence by sentence as the model writes; the
      // result replaces them.
      const path = this.apiKey ? '/check/stream' : '/demo/check/stream';
      res = await checkStream(path, body, ctrl.signal, (partial) => {
        if (ctrl.signal.aborted || this.inflight !== ctrl || text !== this.ta.value) return;
        this.setResult(text, partial, null, 0);
        replace(this.state, el('span', { class: 'spinner', 'aria-hidden': 'true' }), ` Checking… ${partial.length} so far`);
      }, this.keyHeaders());
    } catch (err) {
      if (ctrl.signal.aborted) return;
      this.inflight = null;
      replace(this.state, '');
      this.showError(`Could not reach the server: ${err.message}`);
      return;
    }
    if (ctrl.signal.aborted || this.inflight !== ctrl) return;
    this.inflight = null;
    if (text !== this.ta.value) return; // the text changed meanwhile; its own check is scheduled
    if (!res.ok || !res.data || res.data.status !== 'success') {
      replace(this.state, '');
      if (res.status === 429) {
        const wait = Number(res.headers.get('Retry-After')) || 5;
        this.showError(`Too many checks ${this.apiKey ? 'with this key' : 'from this address'}: retrying in ${wait} s.`);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.check(), wait * 1000);
        return;
      }
      this.showError(errorMessage(res));
      return;
    }
    this.checks++;
    this.setResult(text, res.data.corrections || [], res.data, res.ms);
  }

  /** Installs the problems found in text, from the API's corrections. */
  setResult(text, apiCorrections, data, ms) {
    const list = [];
    for (const c of apiCorrections) {
      let span = c.position_utf16;
      if (!Array.isArray(span)) span = codePointsToUTF16(text, c.position[0], c.position[1]);
      const [start, end] = span;
      if (!(start >= 0 && end >= start && end <= text.length)) continue;
      const item = {
        type: TYPES.includes(c.type) ? c.type : 'style',
        start, end,
        original: c.original ?? text.slice(start, end),
        suggestion: c.suggestion ?? '',
        suggestions: Array.isArray(c.suggestions) && c.suggestions.length ? c.suggestions : [c.suggestion ?? ''],
        message: c.message || '',
        rule: c.rule_id || '',
      };
      item.key = `${item.type}\u0000${item.original}\u0000${item.suggestion}`;
      if (this.ignored.has(item.key)) continue;
      list.push(item);
    }
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    // Overlapping problems cannot both be underlined: keep the first.
    this.corrections = list.filter((c, i) => i === 0 || c.start >= list[i - 1].end || c.start === c.end);
    this.text = text;
    if (this.active) this.hideCard(false);
    this.render();
    this.renderStats(data, ms);
    if (document.activeElement === this.ta) this.onCaret();
  }

  // ---- rendering ---------------------------------------------------------

  /** The span to underline: an insertion point underlines the character before it. */
  static shown(c, text) {
    if (c.start < c.end) return [c.start, c.end];
    if (c.start > 0) return [c.start - 1, c.start];
    return [0, Math.min(1, text.length)];
  }

  render() {
    const text = this.text;
    const frag = document.createDocumentFragment();
    let at = 0;
    this.marks = new Map();
    this.corrections.forEach((c) => {
      const [a, b] = Demo.shown(c, text);
      if (a < at) return;
      if (a > at) frag.append(document.createTextNode(text.slice(at, a)));
      const m = el('mark', { class: `t-${c.type}` }, text.slice(a, b));
      this.marks.set(c, m);
      frag.append(m);
      at = b;
    });
    frag.append(document.createTextNode(text.slice(at)));
    // A final newline takes a line in the textarea but not in a div.
    if (text.endsWith('\n') || text === '') frag.append(document.createTextNode('\u200b'));
    replace(this.backdrop, frag);
    this.renderIssues();
    this.renderCounts();
  }

  /** Shows the counts by type of the problems on screen. */
  renderCounts() {
    const n = Object.fromEntries(TYPES.map((t) => [t, 0]));
    for (const c of this.corrections) n[c.type]++;
    const chips = TYPES.filter((t) => n[t] > 0).map((t) =>
      el('span', { class: `chip t-${t}` }, el('span', { class: 'dot', 'aria-hidden': 'true' }), `${n[t]} ${t}`));
    if (chips.length === 0 && this.checks > 0 && this.text.trim() !== '') {
      chips.push(el('span', { class: 'chip' }, 'No problems found'));
    }
    replace(this.counts, chips);
    this.applyAll.disabled = this.corrections.length === 0;
  }

  /** Shows how the last check went: time taken, engine, degraded answers. */
  renderStats(data, ms) {
    const total = this.corrections.length;
    replace(this.state, data ? `${total} problem${total === 1 ? '' : 's'} found` : '');
    if (data) {
      const st = data.statistics || {};
      const parts = [`checked in ${formatMs(ms)}`];
      if (st.processing_time) parts.push(`server ${st.processing_time}`);
      if (st.api_type) parts.push(`engine: ${st.api_type}`);
      if (data.language) parts.push(`language: ${data.language}`);
      replace(this.timing, parts.join(' · '));
    } else {
      replace(this.timing, '');
    }
    if (data && data.degraded) {
      this.degraded.hidden = false;
      replace(this.degraded, 'Model unavailable: the built-in engine answered');
      this.degraded.title = data.degraded_reason || '';
    } else {
      this.degraded.hidden = true;
    }
  }

  renderIssues() {
    clear(this.issues);
    this.noIssues.hidden = this.corrections.length > 0;
    for (const c of this.corrections) {
      const label = `${c.type}: ${c.original || 'missing text'} → ${c.suggestion || 'remove'}${c.message ? '. ' + c.message : ''}`;
      this.issues.append(el('li', {},
        el('button', { type: 'button', 'aria-label': label, onclick: () => this.openCard(c, true) },
          el('span', { class: `dot t-${c.type}`, 'aria-hidden': 'true' }),
          el('span', {},
            el('span', { class: 'from' }, c.original || '∅'), ' → ',
            el('span', { class: 'to' }, c.suggestion || '(remove)'),
            c.message ? el('span', { class: 'msg' }, ' · ', c.message) : null))));
    }
  }

  // ---- the card ----------------------------------------------------------

  /** The problem under the pointer, found from the marks' boxes. */
  onPointer(e) {
    if (this.pinned) return;
    const hit = this.corrections.find((c) => {
      const m = this.marks && this.marks.get(c);
      if (!m) return false;
      for (const r of m.getClientRects()) {
        if (e.clientX >= r.left && e.clientX <= r.right && e.clientY >= r.top - 2 && e.clientY <= r.bottom + 2) return true;
      }
      return false;
    });
    if (hit) {
      clearTimeout(this.hideTimer);
      if (hit !== this.active) this.openCard(hit, false);
    } else if (this.active && !this.byCaret) {
      this.scheduleHide();
    }
  }

  /** Shows the card of the problem under the caret. */
  onCaret() {
    if (this.pinned) return;
    const { selectionStart: a, selectionEnd: b } = this.ta;
    const c = a === b ? this.at(a) : null;
    if (c !== this.dismissed) this.dismissed = null;
    if (c && c === this.dismissed) return;
    if (c) {
      if (c !== this.active) this.openCard(c, false);
      this.byCaret = true;
    } else if (this.byCaret) {
      this.hideCard(false);
    }
  }

  at(pos) {
    return this.corrections.find((c) => {
      const [a, b] = Demo.shown(c, this.text);
      return pos >= a && pos <= b;
    });
  }

  onEditorKey(e) {
    if (e.key === 'Escape' && this.active) {
      e.preventDefault();
      this.dismissed = this.active;
      this.hideCard(false);
    } else if (e.key === 'Enter' && e.altKey) {
      const c = this.at(this.ta.selectionStart);
      if (c) {
        e.preventDefault();
        this.openCard(c, true);
      }
    }
  }

  scheduleHide() {
    if (this.pinned) return;
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => {
      if (!this.card.matches(':hover') && !this.card.contains(document.activeElement)) this.hideCard(false);
    }, 250);
  }

  /** Opens the card for c; focus moves into it when pinned (keyboard, list). */
  openCard(c, pinned) {
    clearTimeout(this.hideTimer);
    if (pinned) this.dismissed = null;
    if (this.active && this.marks.get(this.active)) this.marks.get(this.active).classList.remove('active');
    this.active = c;
    this.pinned = pinned;
    this.byCaret = false;
    const m = this.marks.get(c);
    if (m) m.classList.add('active');
    replace(this.cardType, c.type);
    this.cardDot.className = `dot t-${c.type}`;
    replace(this.cardMessage, c.message || `“${c.original}” may be wrong here.`);
    replace(this.cardThanks, '');
    this.cardAdd.hidden = !dictionaryWord(c);
    clear(this.cardSuggestions);
    c.suggestions.slice(0, 5).forEach((s, i) => {
      this.cardSuggestions.append(el('button', {
        type: 'button', class: i === 0 ? 'best' : '',
        'aria-label': `Replace “${c.original}” with “${s}”`,
        onclick: () => this.apply(c, s),
      }, s === '' ? '(remove)' : s));
    });
    this.card.setAttribute('aria-label', `${c.type} problem: ${c.original}`);
    this.card.hidden = false;
    this.placeCard(c);
    if (pinned) {
      const first = this.cardSuggestions.querySelector('button') || this.card.querySelector('button');
      first.focus({ preventScroll: false });
    }
  }

  placeCard(c) {
    const m = this.marks.get(c);
    if (!m) return;
    const box = this.editor.getBoundingClientRect();
    const rects = m.getClientRects();
    const r = rects[rects.length - 1] || m.getBoundingClientRect();
    const width = this.card.offsetWidth;
    const left = Math.max(8, Math.min(r.left - box.left, box.width - width - 8));
    this.card.style.left = `${left}px`;
    this.card.style.top = `${r.bottom - box.top + 6}px`;
  }

  /** Hides the card; with refocus, the caret goes back to the text. */
  hideCard(refocus) {
    clearTimeout(this.hideTimer);
    const hadFocus = this.card.contains(document.activeElement);
    if (this.active && this.marks && this.marks.get(this.active)) this.marks.get(this.active).classList.remove('active');
    const c = this.active;
    this.active = null;
    this.pinned = false;
    this.byCaret = false;
    this.card.hidden = true;
    if ((refocus || hadFocus) && c) {
      this.ta.focus();
      const pos = Math.min(c.end, this.ta.value.length);
      this.ta.setSelectionRange(pos, pos);
    }
  }

  // ---- actions -----------------------------------------------------------

  /** Replaces c's text with s. */
  apply(c, s) {
    if (this.ta.value.slice(c.start, c.end) !== this.text.slice(c.start, c.end)) return;
    this.hideCard(false);
    this.ta.setRangeText(s, c.start, c.end, 'end');
    this.ta.focus();
    this.onInput();
    replace(this.state, `Replaced “${c.original}” with “${s}”.`);
  }

  /** Applies the first suggestion of every problem, last first so that positions hold. */
  applyEverything() {
    if (this.corrections.length === 0) return;
    this.hideCard(false);
    let value = this.ta.value;
    let n = 0;
    let limit = Infinity;
    for (const c of [...this.corrections].reverse()) {
      if (c.end > limit) continue;
      value = value.slice(0, c.start) + c.suggestion + value.slice(c.end);
      limit = c.start;
      n++;
    }
    this.ta.value = value;
    this.ta.focus();
    this.onInput();
    replace(this.state, `Applied ${n} suggestion${n === 1 ? '' : 's'}.`);
  }

  /** The headers of a keyed request: the key holder's key, if any. */
  keyHeaders() {
    return this.apiKey ? { 'X-API-Key': this.apiKey } : {};
  }

  /** Uses key for the checks and the dictionary ('' goes back to anonymous). */
  async useKey(key) {
    if (key) {
      // The key's dictionary answers only a valid key: check it first.
      let res;
      try {
        res = await api('/dictionary?limit=1', { headers: { 'X-API-Key': key } });
      } catch (err) {
        replace(this.keyState, `Key not used: ${err.message}`);
        return;
      }
      if (!res.ok) {
        replace(this.keyState, `Key not used: ${errorMessage(res)}`);
        return;
      }
      const n = res.data.total;
      replace(this.keyState, `Using your key: its dictionaries hold ${n} word${n === 1 ? '' : 's'}.`);
    } else {
      replace(this.keyState, 'Checking anonymously.');
    }
    this.apiKey = key;
    this.keyInput.value = '';
    this.keyForget.hidden = !key;
    this.checkNow();
  }

  /**
   * Adds a spelling problem's word to the dictionary and checks again: the
   * key's dictionary on the server for a key holder, else the visitor's,
   * kept in this browser.
   */
  async addWord(c) {
    if (!c || !dictionaryWord(c)) return;
    const w = dictionaryWord(c);
    let where = 'your dictionary (kept in this browser)';
    if (this.apiKey) {
      let res;
      try {
        res = await api('/dictionary', { method: 'POST', body: { words: [w] }, headers: this.keyHeaders() });
      } catch (err) {
        this.showError(`Could not add “${w}”: ${err.message}`);
        return;
      }
      if (!res.ok) {
        this.showError(`Could not add “${w}”: ${errorMessage(res)}`);
        return;
      }
      where = "your key's dictionary";
    } else if (!this.words.includes(w)) {
      this.words = [...this.words, w].slice(-MAX_WORDS);
      saveWords(this.words);
    }
    this.hideCard(true);
    this.corrections = this.corrections.filter((x) => x.original !== w);
    this.render();
    replace(this.state, `Added “${w}” to ${where}.`);
    this.checkNow();
  }

  ignore(c) {
    if (!c) return;
    this.ignored.add(c.key);
    this.hideCard(true);
    this.corrections = this.corrections.filter((x) => x.key !== c.key);
    this.render();
    replace(this.state, `Ignoring “${c.original}”.`);
  }

  /** Sends helpful / not helpful for c to /demo/feedback. */
  async feedback(c, verdict) {
    if (!c) return;
    replace(this.cardThanks, 'Sending…');
    const body = {
      // The API wants text in both fields: an insertion has no original.
      original: c.original || '(nothing)',
      ai_suggestion: c.suggestion || '(remove)',
      feedback_type: verdict,
      correction_type: feedbackCategory(c.type),
      full_text: this.text.slice(0, MAX_CHARS),
    };
    let res;
    try {
      res = await api('/demo/feedback', { method: 'POST', body });
    } catch (err) {
      replace(this.cardThanks, `Not sent: ${err.message}`);
      return;
    }
    if (this.active !== c) return;
    replace(this.cardThanks, res.ok ? 'Thanks, noted.' : `Not sent: ${errorMessage(res)}`);
  }

  showError(msg) {
    this.error.hidden = !msg;
    replace(this.error, msg);
  }
}

/** The feedback API's correction_type for a problem type. */
function feedbackCategory(type) {
  return TYPES.includes(type) ? type : 'general';
}

const root = document.getElementById('demo');
if (root) {
  // Exposed for the browser tests and the console; not an API.
  window.appencorrectDemo = new Demo(root);
}

/** The word a spelling problem would add: one word, no white space. */
function dictionaryWord(c) {
  const w = (c.original || '').trim();
  return c.type === 'spelling' && w && !/\s/.test(w) && w.length <= 100 ? w : '';
}

function loadWords() {
  try {
    const v = JSON.parse(localStorage.getItem(WORDS_KEY) || '[]');
    return Array.isArray(v) ? v.filter((w) => typeof w === 'string' && w && w.length <= 100).slice(-MAX_WORDS) : [];
  } catch {
    return [];
  }
}

function saveWords(words) {
  try {
    localStorage.setItem(WORDS_KEY, JSON.stringify(words));
  } catch {
    // Storage full or disabled: the words last for this page only.
  }
}
