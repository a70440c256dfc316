// Request plumbing both providers use: the hello.js instance, MeetingInput times, paths, bodies, the proxy URL.
import { type ApiError, apiError } from './errors.ts';
import { compact, isRecord, type JsonRecord, numberOf, stringOf } from './json.ts';
import { toIsoUtc } from './time.ts';
import type { ApiRequest, HelloLike, PathResolver, ProviderModule } from './types.ts';

/* ------------------------------------------------------------------ MeetingInput times */

export interface MeetingTimes {
  /** ISO UTC. */
  start?: string;
  /** ISO UTC, derived from start and duration when only those are given. */
  end?: string;
  /** Minutes, derived from start and end when only those are given. */
  minutes?: number;
}

/** The times of a MeetingInput (ISO strings with an offset, Dates, or epoch ms), checked and completed. */
export function meetingTimes(input: JsonRecord): MeetingTimes | ApiError {
  const instant = (field: 'start_time' | 'end_time'): string | ApiError | undefined => {
    const value = input[field];
    if (value === undefined) return undefined;
    const iso = value instanceof Date || typeof value === 'number' ? toIsoUtc(value) : toIsoUtc(stringOf(value) ?? '');
    return iso ?? apiError('invalid_request', `${field} is not a date with a time zone offset.`);
  };
  const start = instant('start_time');
  const end = instant('end_time');
  if (typeof start === 'object') return start;
  if (typeof end === 'object') return end;
  const minutes = numberOf(input.duration);
  // A meeting of more than a year is a mistake (and 1e308 minutes is no number of milliseconds).
  if (input.duration !== undefined && (minutes === undefined || minutes <= 0 || minutes > 525600)) {
    return apiError('invalid_request', 'duration must be a positive number of minutes, at most a year.');
  }
  const times: MeetingTimes = compact({ start, end, minutes });
  if (start !== undefined && end !== undefined) {
    const span = (Date.parse(end) - Date.parse(start)) / 60000;
    if (span <= 0) return apiError('invalid_request', 'end_time must be after start_time.');
    times.minutes ??= span;
  } else if (start !== undefined && minutes !== undefined) {
    times.end = toIsoUtc(Date.parse(start) + minutes * 60000) as string;
  }
  return times;
}

/* ------------------------------------------------------------------ the hello.js instance */

let registeredHello: HelloLike | undefined;

export function setHello(hello: HelloLike): void {
  registeredHello = hello;
}

/** The `hello` the modules were registered on (hooks get no handle on it from hello.js). */
export function useHello(): HelloLike {
  if (!registeredHello) throw new Error('hellojs-meetings: call register(hello) first');
  return registeredHello;
}

/** Marks a definition as this package's, so loading it twice or re-registering changes nothing. */
export const MODULE_MARK = '__hellojs_meetings';

/** A provider file's default export: the build finds providers by it (see rollup.config.mjs). */
export function defineProvider<M extends ProviderModule>(module: M): M {
  return module;
}

/* ------------------------------------------------------------------ requests */

/** Per-call state of a module, kept beside hello.js's request object (`p`) rather than in string keys on it. */
export function callState<T extends object>(): (p: ApiRequest) => T {
  const states = new WeakMap<ApiRequest, T>();
  return (p) => {
    const state = states.get(p) ?? ({} as T);
    states.set(p, state);
    return state;
  };
}

const failures = new WeakMap<ApiRequest, ApiError>();

/**
 * Ends a call before it is sent: the `xhr` hook then declines, hello.js finds no other transport
 * (`jsonp`/`form` are false) and `wrap` returns this error, so the promise rejects with it.
 */
export function failRequest(p: ApiRequest, error: ApiError): void {
  failures.set(p, error);
}

export function failureOf(p: ApiRequest): ApiError | undefined {
  return failures.get(p);
}

/** Takes (and removes) the first of `keys` from the query, then from the data. */
export function takeParam(p: ApiRequest, ...keys: string[]): string | undefined {
  for (const source of [p.query, p.data]) {
    if (!isRecord(source)) continue;
    for (const key of keys) {
      const value = stringOf(source[key]);
      if (value !== undefined && value !== '') {
        delete source[key];
        return value;
      }
    }
  }
  return undefined;
}

/** The error of a call made without a parameter it needs. */
export function missingParameter(p: ApiRequest, name: string): ApiError {
  return apiError('invalid_request', `${p.path} needs the parameter "${name}".`);
}

/**
 * A path function for a resource named by an id: `id` is taken from the query or data (then removed,
 * so it is not sent again) and URL-encoded; a missing id fails with `invalid_request`.
 */
export function pathWithId(build: (id: string, p: ApiRequest) => string, ...keys: [string, ...string[]]): PathResolver {
  return (p, callback) => {
    const id = takeParam(p, ...keys);
    if (id === undefined) {
      failRequest(p, missingParameter(p, keys[0]));
      callback('');
      return;
    }
    callback(build(encodeURIComponent(id), p));
  };
}

/** Sends `body` as JSON (hello.js would otherwise send an object as multipart FormData). */
export function sendJson(p: ApiRequest, body: unknown, contentType = 'application/json'): void {
  p.data = JSON.stringify(body);
  p.headers['Content-Type'] = contentType;
}

/** Moves the token from the query string to the Authorization header, where both providers want it. */
export function moveTokenToHeader(p: ApiRequest, query: Record<string, unknown>, scheme: string): void {
  const token = stringOf(query.access_token);
  delete query.access_token;
  if (token) p.headers.Authorization = `${scheme} ${token}`;
}

/* ------------------------------------------------------------------ the site's oauth proxy */

/**
 * hello.js's settings default `oauth_proxy` to a third party's server (auth-server.herokuapp.com). It
 * never holds this site's client secret, so it counts as not configured: a code, a refresh token or an
 * access token of these modules is never sent there.
 */
export const HELLOJS_DEFAULT_PROXY_HOST = 'auth-server.herokuapp.com';

/** `proxy` as given, unless it is missing, not a URL, or on hello.js's default host. */
export function configuredProxy(proxy: unknown): string | undefined {
  if (typeof proxy !== 'string' || proxy.trim() === '') return undefined;
  try {
    return new URL(proxy, globalThis.location?.href).hostname.toLowerCase() === HELLOJS_DEFAULT_PROXY_HOST ? undefined : proxy;
  } catch {
    return undefined;
  }
}

/** The error of a call or login that needs the site's oauth proxy when none is configured. */
export function proxyMissing(what: string): ApiError {
  return apiError(
    'invalid_request',
    `${what} needs this site's oauth proxy: set oauth_proxy (e.g. hello.init(services, { oauth_proxy: '/proxy' })). ` +
      `hello.js's default proxy (${HELLOJS_DEFAULT_PROXY_HOST}) is never used.`,
  );
}

/**
 * The first configured proxy of `candidates` (the call's own, the site's setting, the one the login named)
 * as an absolute URL with `query`, or undefined when none is configured.
 */
export function proxyUrl(query: Record<string, string>, ...candidates: unknown[]): string | undefined {
  const proxy = candidates.map(configuredProxy).find((candidate) => candidate !== undefined);
  if (!proxy) return undefined;
  const url = new URL(proxy, globalThis.location?.href);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.href;
}
