// The API docs page: renders /openapi.json as a readable reference, with a
// "Try it" form per operation that sends a real request to this server.

import { api, el, errorMessage, formatMs, replace } from './common.js';

const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

/** Resolves a local $ref ("#/components/schemas/X"). */
function deref(doc, obj, seen = 0) {
  if (!obj || typeof obj !== 'object' || !obj.$ref || seen > 20) return obj;
  const parts = obj.$ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur = doc;
  for (const p of parts) cur = cur && cur[p];
  return deref(doc, cur, seen + 1);
}

function refName(obj) {
  return obj && obj.$ref ? obj.$ref.split('/').pop() : '';
}

/** A short type label: "string", "integer | null", "array of Correction". */
function typeLabel(doc, s) {
  const name = refName(s);
  s = deref(doc, s) || {};
  if (s.oneOf || s.anyOf) return (s.oneOf || s.anyOf).map((x) => typeLabel(doc, x)).join(' | ');
  let t = Array.isArray(s.type) ? s.type.join(' | ') : s.type || (s.properties ? 'object' : 'any');
  if (t.startsWith('array') && s.items) t = t.replace('array', `array of ${typeLabel(doc, s.items)}`);
  if (name && t === 'object') t = name;
  if (s.format) t += ` (${s.format})`;
  return t;
}

/** Text with `code` spans as DOM nodes (never HTML). */
function inline(text) {
  return String(text || '').split(/(`[^`]+`)/).filter(Boolean).map((part) =>
    (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? el('code', {}, part.slice(1, -1)) : part));
}

function prose(text) {
  return el('p', { class: 'desc' }, inline(text));
}

function paragraphs(text) {
  return String(text || '').split(/\n\s*\n/).filter(Boolean).map(prose);
}

/** A tree of a schema's fields. */
function schemaTree(doc, schema, depth = 0) {
  const s = deref(doc, schema) || {};
  const ul = el('ul');
  if (depth > 6) return ul;
  const props = s.properties || {};
  const required = new Set(s.required || []);
  for (const [name, sub] of Object.entries(props)) {
    const d = deref(doc, sub) || {};
    const li = el('li', {},
      el('span', { class: 'name' }, name), ' ',
      el('span', { class: 'type' }, typeLabel(doc, sub)),
      required.has(name) ? el('span', { class: 'req' }, ' required') : null);
    if (d.enum) li.append(' ', el('span', { class: 'desc' }, `one of: ${d.enum.map((v) => JSON.stringify(v)).join(', ')}`));
    if (d.description || sub.description) li.append(' ', el('span', { class: 'desc' }, '— ', inline(sub.description || d.description)));
    const inner = d.type === 'array' || (Array.isArray(d.type) && d.type.includes('array')) ? deref(doc, d.items) : d;
    if (inner && inner.properties && inner !== s) li.append(schemaTree(doc, inner, depth + 1));
    else if (inner && inner.additionalProperties && typeof inner.additionalProperties === 'object') {
      li.append(el('ul', {}, el('li', {}, el('span', { class: 'name' }, '{name}'), ' ',
        el('span', { class: 'type' }, typeLabel(doc, inner.additionalProperties)))));
    }
    ul.append(li);
  }
  if (!Object.keys(props).length) ul.append(el('li', {}, el('span', { class: 'type' }, typeLabel(doc, schema))));
  return el('div', { class: 'schema' }, ul);
}

/** Who may call an operation, from its security requirements. */
function authLabel(doc, op) {
  const sec = op.security ?? doc.security ?? [];
  if (!sec.length || sec.some((r) => Object.keys(r).length === 0)) return op['x-rate-limited'] ? 'no key (rate limited per address)' : 'no key';
  const names = [...new Set(sec.flatMap((r) => Object.keys(r)))];
  if (names.includes('adminSession')) return 'admin key or admin session';
  return 'API key';
}

function needsKey(doc, op) {
  const sec = op.security ?? doc.security ?? [];
  return sec.length > 0 && !sec.some((r) => Object.keys(r).length === 0);
}

function exampleOf(doc, media) {
  if (!media) return undefined;
  if (media.example !== undefined) return media.example;
  if (media.examples) {
    const first = Object.values(media.examples)[0];
    if (first) return deref(doc, first).value;
  }
  const s = deref(doc, media.schema);
  return s && s.example;
}

class Docs {
  constructor() {
    this.key = document.getElementById('api-key');
  }

  async start() {
    const loading = document.getElementById('loading');
    const err = document.getElementById('error');
    let res;
    try {
      res = await api('/openapi.json');
    } catch (e) {
      res = { ok: false, status: 0, data: { error: 'Network error', message: e.message } };
    }
    loading.hidden = true;
    if (!res.ok || !res.data) {
      err.hidden = false;
      replace(err, `Could not load /openapi.json: ${errorMessage(res)}`);
      return;
    }
    this.doc = res.data;
    this.render();
  }

  render() {
    const doc = this.doc;
    replace(document.getElementById('title'), `${doc.info.title} ${doc.info.version ? 'v' + doc.info.version : ''}`.trim());
    replace(document.getElementById('summary'), ...paragraphs(doc.info.description),
      el('p', {}, 'Generated from the ', el('a', { href: '/openapi.json' }, 'OpenAPI document'), ' this server serves.'));
    const groups = new Map((doc.tags || []).map((t) => [t.name, { tag: t, ops: [] }]));
    for (const [path, item] of Object.entries(doc.paths || {})) {
      for (const m of METHODS) {
        const op = item[m];
        if (!op) continue;
        const tag = (op.tags && op.tags[0]) || 'Other';
        if (!groups.has(tag)) groups.set(tag, { tag: { name: tag }, ops: [] });
        groups.get(tag).ops.push({ path, method: m, op, item });
      }
    }
    const toc = document.getElementById('toc');
    const ops = document.getElementById('ops');
    for (const { tag, ops: list } of groups.values()) {
      if (!list.length) continue;
      const tagId = `tag-${slug(tag.name)}`;
      toc.append(el('h3', {}, el('a', { href: `#${tagId}` }, tag.name)));
      const ul = el('ul');
      toc.append(ul);
      const section = el('section', { class: 'tag', 'aria-labelledby': tagId },
        el('h2', { id: tagId }, tag.name), ...(tag.description ? paragraphs(tag.description) : []));
      for (const o of list) {
        const id = o.op.operationId || slug(`${o.method}-${o.path}`);
        ul.append(el('li', {}, el('a', { href: `#${id}` }, el('span', { class: `method ${o.method}` }, o.method.toUpperCase()), ' ', o.path)));
        section.append(this.operation(id, o));
      }
      ops.append(section);
    }
    document.getElementById('docs').hidden = false;
    if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }

  operation(id, { path, method, op, item }) {
    const doc = this.doc;
    const params = [...(item.parameters || []), ...(op.parameters || [])].map((p) => deref(doc, p));
    const box = el('article', { class: 'panel op', id },
      el('div', { class: 'op-head' },
        el('span', { class: `method ${method}` }, method.toUpperCase()),
        el('h3', { class: 'op-path' }, path),
        el('span', { class: 'lock' }, `Auth: ${authLabel(doc, op)}`)),
      op.summary ? el('p', {}, el('strong', {}, op.summary)) : null,
      ...paragraphs(op.description));
    if (params.length) {
      box.append(el('h4', {}, 'Parameters'), el('div', { class: 'table-wrap' }, el('table', {},
        el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'In'), el('th', {}, 'Type'), el('th', {}, 'Description'))),
        el('tbody', {}, ...params.map((p) => el('tr', {},
          el('td', {}, el('code', {}, p.name), p.required ? el('span', { class: 'req' }, ' required') : null),
          el('td', {}, p.in),
          el('td', {}, typeLabel(doc, p.schema)),
          el('td', {}, p.description || '')))))));
    }
    const rb = deref(doc, op.requestBody);
    let bodyType = '';
    let bodyExample;
    if (rb && rb.content) {
      bodyType = Object.keys(rb.content)[0];
      const media = rb.content[bodyType];
      bodyExample = exampleOf(doc, media);
      box.append(el('h4', {}, `Request body (${bodyType})`), schemaTree(doc, media.schema));
    }
    const responses = el('div');
    for (const [code, r0] of Object.entries(op.responses || {})) {
      const r = deref(doc, r0);
      const d = el('details', {}, el('summary', {},
        el('span', { class: `status-code ${code.startsWith('2') ? 'ok' : 'bad'}` }, code), ' ', r.description || ''));
      for (const [ct, media] of Object.entries(r.content || {})) {
        d.append(el('p', { class: 'muted' }, ct));
        if (media.schema) d.append(schemaTree(doc, media.schema));
        const ex = exampleOf(doc, media);
        if (ex !== undefined) d.append(el('pre', {}, typeof ex === 'string' ? ex : JSON.stringify(ex, null, 2)));
      }
      responses.append(d);
    }
    box.append(el('h4', {}, 'Responses'), responses);
    box.append(this.tryIt(id, path, method, op, params, bodyType, bodyExample));
    return box;
  }

  tryIt(id, path, method, op, params, bodyType, bodyExample) {
    const doc = this.doc;
    const inputs = new Map();
    const form = el('form', { class: 'try', 'aria-label': `Try ${method.toUpperCase()} ${path}` });
    form.append(el('h4', {}, 'Try it'));
    for (const p of params.filter((x) => x.in === 'path' || x.in === 'query')) {
      const inputId = `${id}-p-${p.name}`;
      const ex = p.example ?? (p.schema && deref(doc, p.schema).example) ?? (p.schema && deref(doc, p.schema).default);
      const input = el('input', { id: inputId, value: ex ?? '', placeholder: p.required ? 'required' : 'optional' });
      inputs.set(p, input);
      form.append(el('div', { class: 'field' }, el('label', { for: inputId }, `${p.name} (${p.in})`), input));
    }
    let bodyInput = null;
    if (bodyType) {
      const bodyId = `${id}-body`;
      let text = '';
      if (bodyExample !== undefined) text = typeof bodyExample === 'string' ? bodyExample : JSON.stringify(bodyExample, null, 2);
      bodyInput = el('textarea', { id: bodyId, class: 'code', spellcheck: 'false' });
      bodyInput.value = text;
      form.append(el('div', { class: 'field' }, el('label', { for: bodyId }, `Body (${bodyType})`), bodyInput));
    }
    const out = el('div', { 'aria-live': 'polite' });
    const send = el('button', { type: 'submit', class: 'primary' }, `Send ${method.toUpperCase()} request`);
    form.append(el('div', { class: 'row' }, send, el('span', { class: 'muted' }, needsKey(doc, op) ? 'Uses the API key entered at the top.' : '')), out);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      let url = path;
      const query = new URLSearchParams();
      for (const [p, input] of inputs) {
        const v = input.value.trim();
        if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(v));
        else if (v !== '') query.set(p.name, v);
      }
      if ([...query].length) url += `?${query}`;
      const headers = { Accept: 'application/json, text/csv;q=0.9, */*;q=0.5' };
      const key = this.key.value.trim();
      if (key && needsKey(doc, op)) headers['X-API-Key'] = key;
      const init = { method: method.toUpperCase(), headers, credentials: 'same-origin' };
      if (bodyInput) {
        headers['Content-Type'] = bodyType;
        init.body = bodyInput.value;
      }
      if (!key && needsKey(doc, op) && method !== 'get' && authLabel(doc, op).includes('session')) {
        // Admin changes with the session need its CSRF token.
        const s = await api('/api/session').catch(() => null);
        if (s && s.ok && s.data.csrf_token) headers['X-CSRF-Token'] = s.data.csrf_token;
      }
      send.disabled = true;
      replace(out, el('p', { class: 'muted' }, 'Sending…'));
      const t0 = performance.now();
      try {
        const resp = await fetch(url, init);
        const text = await resp.text();
        let shown = text;
        try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON */ }
        replace(out,
          el('p', {}, el('span', { class: `status-code ${resp.ok ? 'ok' : 'bad'}` }, `${resp.status} ${resp.statusText}`),
            el('span', { class: 'muted' }, ` · ${formatMs(performance.now() - t0)} · ${resp.headers.get('Content-Type') || ''}`)),
          el('pre', { tabindex: '0', 'aria-label': 'Response body' }, shown),
          el('details', {}, el('summary', {}, 'As curl'), el('pre', {}, curl(method, url, headers, init.body))));
      } catch (err) {
        replace(out, el('p', { class: 'notice error' }, `Request failed: ${err.message}`));
      } finally {
        send.disabled = false;
      }
    });
    return form;
  }
}

/** The request as a curl command, for copying (the key is elided). */
function curl(method, url, headers, body) {
  const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
  const parts = [`curl -X ${method.toUpperCase()} ${q(location.origin + url)}`];
  for (const [k, v] of Object.entries(headers)) {
    if (k === 'Accept' || k === 'X-CSRF-Token') continue;
    parts.push(k === 'X-API-Key' ? '-H "X-API-Key: $APPENCORRECT_KEY"' : `-H ${q(`${k}: ${v}`)}`);
  }
  if (body) parts.push(`--data ${q(body)}`);
  return parts.join(' \\\n  ');
}

function slug(s) {
  return String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

new Docs().start();
