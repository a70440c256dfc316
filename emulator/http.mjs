/**
 * Small HTTP helpers shared by every emulated host: bodies, answers, CORS, redirects, routing.
 */
import { randomBytes } from 'node:crypto';

/** Request bodies above this answer 413. */
export const BODY_LIMIT = 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
  }
}

/**
 * Reads the whole body. Past the limit it keeps draining (and discarding) so the client gets our 413
 * instead of a reset connection while it is still sending.
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
export function readBody(req, limit = BODY_LIMIT) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    let chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > limit) chunks = [];
      else chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** @param {import('node:http').IncomingMessage} req */
export function mediaType(req) {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/**
 * @param {Buffer} body
 * @returns {{ ok: true, value: unknown } | { ok: false }}
 */
export function parseJson(body) {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
export const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a JSON object or an urlencoded form into a plain string map (a server on the other end of
 * the notes accepts both for the token calls).
 * @param {import('node:http').IncomingMessage} req
 * @param {Buffer} body
 * @returns {{ kind: 'json' | 'form' | 'empty' | 'other' | 'invalid', params: Record<string, string> }}
 */
export function parseParams(req, body) {
  const type = mediaType(req);
  if (body.length === 0) return { kind: 'empty', params: {} };
  if (type === 'application/json' || type.endsWith('+json')) {
    const parsed = parseJson(body);
    if (!parsed.ok || !isObject(parsed.value)) return { kind: 'invalid', params: {} };
    /** @type {Record<string, string>} */
    const params = {};
    for (const [key, value] of Object.entries(parsed.value)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[key] = String(value);
    }
    return { kind: 'json', params };
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { kind: 'form', params: Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  }
  return { kind: 'other', params: {} };
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} value
 * @param {Record<string, string>} [headers]
 */
export function sendJson(res, status, value, headers = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...NO_STORE,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * An answer without a body. 204 must not carry Content-Length (RFC 9110); others say 0.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {Record<string, string>} [headers]
 */
export function sendEmpty(res, status, headers = {}) {
  res.writeHead(status, status === 204 ? { ...NO_STORE, ...headers } : { ...NO_STORE, 'Content-Length': 0, ...headers });
  res.end();
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} html
 * @param {Record<string, string>} [headers]
 */
export function sendHtml(res, status, html, headers = {}) {
  res.writeHead(status, {
    ...NO_STORE,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    // Every value echoed into a page is escaped; this is the second fence.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(html);
}

/** @param {import('node:http').ServerResponse} res @param {string} location */
export function redirect(res, location) {
  res.writeHead(302, { ...NO_STORE, Location: location, 'Content-Length': 0 });
  res.end();
}

/** @param {unknown} text */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Appends parameters to a redirect URI, in the order given, in its query or its fragment.
 * The redirect URI is a registered one, so it is trusted to be a valid absolute URL.
 * @param {string} uri
 * @param {Array<[string, string | undefined]>} pairs undefined values are left out
 * @param {{ where: 'query' | 'fragment', leadingAmp?: boolean, trailingAmp?: boolean }} how
 */
export function withParams(uri, pairs, { where, leadingAmp = false, trailingAmp = false }) {
  const encoded = pairs
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(/** @type {string} */ (value))}`)
    .join('&');
  const text = `${leadingAmp ? '&' : ''}${encoded}${trailingAmp ? '&' : ''}`;
  const base = uri.split('#')[0];
  if (where === 'fragment') return `${base}#${text}`;
  return `${base}${base.includes('?') ? '&' : '?'}${text}`;
}

/** @param {number} bytes */
export const randomHex = (bytes) => randomBytes(bytes).toString('hex');

/** @param {number} bytes */
export const randomToken = (bytes = 24) => randomBytes(bytes).toString('base64url');

/**
 * CORS for an API host: any origin (the emulated APIs take bearer tokens, not cookies).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string[]} [expose] response headers the page may read
 */
export function applyCors(req, res, expose = []) {
  const origin = req.headers.origin;
  res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) res.setHeader('Vary', 'Origin');
  if (expose.length > 0) res.setHeader('Access-Control-Expose-Headers', expose.join(', '));
}

/** Removes the CORS headers applyCors set (for answers a real gateway sends without them). */
export function dropCors(/** @type {import('node:http').ServerResponse} */ res) {
  for (const name of res.getHeaderNames()) if (name.startsWith('access-control-')) res.removeHeader(name);
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export function answerPreflight(req, res) {
  sendEmpty(res, 204, {
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type'),
    'Access-Control-Max-Age': '600',
  });
}

/** @param {import('node:http').IncomingMessage} req */
export const isPreflight = (req) => req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;

/**
 * @template H
 * @typedef {{ method: string, pattern: RegExp, handler: H }} Route
 */

/**
 * A route table entry. `:name` matches one path segment (or what precedes a literal suffix like `.json`).
 * @template H
 * @param {string} method
 * @param {string} path e.g. '/:zsoid/sessions/:key.json'
 * @param {H} handler
 * @returns {Route<H>}
 */
export function route(method, path, handler) {
  const source = path
    .split(/(:[A-Za-z]+)/)
    .map((part) => (part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+?)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { method, pattern: new RegExp(`^${source}$`), handler };
}

/**
 * @template H
 * @param {Route<H>[]} routes
 * @param {string} method
 * @param {string} path
 * @returns {{ handler: H, params: Record<string, string> } | { allow: string[] } | undefined}
 *   undefined: no such path; `allow`: the path exists with other methods
 */
export function matchRoute(routes, method, path) {
  /** @type {string[]} */
  const allow = [];
  for (const entry of routes) {
    const match = entry.pattern.exec(path);
    if (!match) continue;
    if (entry.method === method) return { handler: entry.handler, params: { ...match.groups } };
    allow.push(entry.method);
  }
  return allow.length > 0 ? { allow } : undefined;
}

/** A navigation inside a frame (Fetch Metadata), e.g. hello.js's hidden-iframe refresh. */
export const isFramed = (/** @type {import('node:http').IncomingMessage} */ req) =>
  ['iframe', 'frame'].includes(String(req.headers['sec-fetch-dest']));
