/**
 * The query parameters of a request target, as `new URL(target, base).searchParams` reads them, without
 * its cost on the common case: WHATWG percent-decoding runs in JavaScript in Node 20 (a tenth of the
 * proxy's own CPU on a code exchange, whose `state` is URL-encoded JSON); `decodeURIComponent` is native.
 * Anything unusual (a byte outside printable ASCII, a malformed escape, an authority-looking target)
 * takes the reference path.
 */

const BASE = 'http://proxy.invalid';

/** The reference: what the URL parser makes of it; undefined when the target is not a URL. */
export function queryOfReference(target: string): URLSearchParams | undefined {
  try {
    return new URL(target, BASE).searchParams;
  } catch {
    return undefined;
  }
}

/** Printable ASCII only: the URL parser neither strips, nor percent-encodes into something else. */
const PLAIN = /^[\x21-\x7e]*$/;

/** Nothing to decode: no escape, no `+`. */
const LITERAL = /^[^%+]*$/;

function decode(text: string): string | undefined {
  if (LITERAL.test(text)) return text;
  try {
    return decodeURIComponent(text.includes('+') ? text.replace(/\+/g, ' ') : text);
  } catch {
    // Malformed escape or UTF-8: the URL parser keeps or replaces what it cannot decode.
    return undefined;
  }
}

/** The query parameters of a request target (`req.url`); undefined when it is not a URL. */
export function queryOf(target: string): URLSearchParams | undefined {
  // An authority ("//host", "/\host") or absolute form, or anything not plain, is the parser's job.
  if (target.charCodeAt(0) !== 47 || target.charCodeAt(1) === 47 || target.charCodeAt(1) === 92 || !PLAIN.test(target)) {
    return queryOfReference(target);
  }
  const params = new URLSearchParams();
  const start = target.indexOf('?');
  if (start === -1) return params;
  const hash = target.indexOf('#');
  if (hash !== -1 && hash < start) return params;
  const query = target.slice(start + 1, hash === -1 ? undefined : hash);
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    if (name === undefined || value === undefined) return queryOfReference(target);
    params.append(name, value);
  }
  return params;
}

/** Characters encodeURIComponent leaves alone but the form encoding escapes. */
const FORM_EXTRA = /[!'()~]/g;
const escapeExtra = (char: string) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`;

/** What the form encoding leaves as it is. */
const FORM_SAFE = /^[A-Za-z0-9*._-]*$/;

function formEncode(text: string): string {
  if (FORM_SAFE.test(text)) return text;
  return encodeURIComponent(text).replace(FORM_EXTRA, escapeExtra).replace(/%20/g, '+');
}

/** `new URLSearchParams(fields).toString()`, byte for byte, with the native encoder. */
export function formBody(fields: Readonly<Record<string, string>>): string {
  try {
    let body = '';
    for (const name of Object.keys(fields)) body += `${body === '' ? '' : '&'}${formEncode(name)}=${formEncode(fields[name]!)}`;
    return body;
  } catch {
    // A lone surrogate: URLSearchParams replaces it, encodeURIComponent throws.
    return new URLSearchParams(fields).toString();
  }
}
