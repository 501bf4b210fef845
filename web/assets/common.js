// Helpers shared by the pages. Text from users, models and servers only
// ever enters the page as text nodes or attribute values, never as HTML.

/**
 * Creates an element. attrs: "class", "text" (textContent), "on<event>"
 * (listeners), booleans (present when true) and other attributes;
 * children: nodes or strings (added as text).
 */
export function el(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** Creates an SVG element (same arguments as el). */
export function svg(tag, attrs = {}, ...children) {
  return build(document.createElementNS('http://www.w3.org/2000/svg', tag), attrs, children);
}

function build(node, attrs, children) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (v === true) node.setAttribute(k, '');
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}

/** Appends nodes or strings (as text) to parent. */
export function append(parent, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

/** Removes every child of node. */
export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

/** Replaces the children of node. */
export function replace(node, ...children) {
  clear(node);
  return append(node, children);
}

/**
 * Calls the API. Returns {status, ok, data, text, headers, ms}; data is the
 * parsed JSON body or null. Throws only when the request could not be made
 * (network failure, abort).
 */
export async function api(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers }, signal, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const t0 = performance.now();
  const resp = await fetch(path, init);
  const text = await resp.text();
  const ms = performance.now() - t0;
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  return { status: resp.status, ok: resp.ok, data, text, headers: resp.headers, ms };
}

/** The message of an error response, for people. */
export function errorMessage(res) {
  if (res.data && typeof res.data === 'object') {
    const d = res.data;
    const parts = [d.error, d.message].filter((x) => typeof x === 'string' && x);
    if (parts.length) return `${parts.join(': ')} (HTTP ${res.status})`;
  }
  return `HTTP ${res.status}`;
}

/** Converts a [start, end) span in code points of s to UTF-16 code units. */
export function codePointsToUTF16(s, start, end) {
  let cp = 0;
  let u = 0;
  let a = -1;
  let b = -1;
  for (const ch of s) {
    if (cp === start) a = u;
    if (cp === end) b = u;
    cp++;
    u += ch.length;
  }
  if (cp === start) a = u;
  if (cp === end) b = u;
  return [a, b];
}

/** Formats a number of milliseconds. */
export function formatMs(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Formats an ISO date or null as a short local date and time. */
export function formatDate(v) {
  if (!v) return '—';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** Copies text to the clipboard; resolves to true when it worked. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
