// Helpers both providers use: reading unknown JSON, resolving paths, failing a call cleanly, sessions.
import { type ApiError, type ApiErrorCode, apiError, errorCodeForStatus, isApiErrorCode } from './errors.ts';
import { toIsoUtc } from './time.ts';
import type {
  ApiRequest,
  HelloLike,
  HttpMethod,
  LoginRequest,
  PathResolver,
  ProviderModule,
  ResponseHeaders,
  ResponseWrapper,
  Session,
} from './types.ts';

/* ------------------------------------------------------------------ unknown JSON */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** The value of the first key present, matched case-insensitively (providers vary the case). */
export function fieldOf(record: JsonRecord, ...names: string[]): unknown {
  for (const name of names) if (name in record) return record[name];
  const lower = names.map((name) => name.toLowerCase());
  for (const key of Object.keys(record)) if (lower.includes(key.toLowerCase())) return record[key];
  return undefined;
}

/** `T` with members that may be undefined made optional instead. */
export type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops `undefined` members, so optional fields are absent rather than present-and-undefined. */
export function compact<T extends JsonRecord>(record: T): Compact<T> {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record as Compact<T>;
}

/** E-mail strings out of `["a@x"]`, `[{ email: "a@x" }]` or a comma-separated string. */
export function emailsOf(value: unknown): string[] | undefined {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items) return undefined;
  return items
    .map((item) => (isRecord(item) ? stringOf(fieldOf(item, 'email', 'emailId', 'mailId')) : stringOf(item)))
    .map((email) => email?.trim())
    .filter((email): email is string => Boolean(email));
}

/** The names of the normalised shapes: only a normaliser sets them, never a provider's raw field. */
export const USER_FIELDS = ['id', 'name', 'first_name', 'last_name', 'email', 'thumbnail'] as const;
export const MEETING_FIELDS = [
  'id',
  'name',
  'start_time',
  'end_time',
  'duration',
  'timezone',
  'agenda',
  'join_url',
  'start_url',
  'participants',
] as const;
export const LIST_FIELDS = ['data', 'paging'] as const;

/** The provider's own fields, kept on the normalised object, less the normalised names. */
export function providerFields(record: JsonRecord, names: readonly string[]): JsonRecord {
  const fields: JsonRecord = {};
  for (const key of Object.keys(record)) if (!names.includes(key)) fields[key] = record[key];
  return fields;
}

/** `name`, `first_name` and `last_name` of a full name (the first word, and the rest). */
export function nameParts(full: unknown): { name?: string; first_name?: string; last_name?: string } {
  const name = stringOf(full)?.trim();
  if (!name) return {};
  const [first, ...rest] = name.split(/\s+/);
  return compact({ name, first_name: first, last_name: rest.length ? rest.join(' ') : undefined });
}

/** hello.js's standard scope names that neither provider has: they map to nothing. */
export const UNSUPPORTED_SCOPES: Readonly<Record<string, string>> = {
  email: '',
  friends: '',
  share: '',
  publish: '',
  photos: '',
  publish_files: '',
  files: '',
  videos: '',
  offline_access: '',
};

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

const FAILED = 'hellojs_meetings_error';

/**
 * Ends a call before it is sent: the `xhr` hook then declines, hello.js finds no other transport
 * (`jsonp`/`form` are false) and `wrap` returns this error, so the promise rejects with it.
 */
export function failRequest(p: ApiRequest, error: ApiError): void {
  p[FAILED] = error;
}

export function failureOf(p: ApiRequest): ApiError | undefined {
  const error = p[FAILED];
  return isRecord(error) && isRecord(error.error) ? (error as unknown as ApiError) : undefined;
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

/** The site's oauth proxy (the call's own, else hello's setting) as an absolute URL with `query`, or undefined. */
export function proxyUrl(query: Record<string, string>, oauthProxy?: string): string | undefined {
  const proxy = oauthProxy ?? useHello().settings.oauth_proxy;
  if (!proxy) return undefined;
  const url = new URL(proxy, globalThis.location?.href);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.href;
}

/* ------------------------------------------------------------------ responses */

/** One `wrap` for a path several methods share (hello.js picks `wrap` by path only). */
export function perMethod(wrappers: Partial<Record<HttpMethod, ResponseWrapper>>, otherwise: ResponseWrapper): ResponseWrapper {
  return (body, headers, p) => (wrappers[p.method] ?? otherwise)(body, headers, p);
}

/** Makes `wrap` functions: the call's own failure, else the provider's error, else the normalised body. */
export function responder(errorOf: (body: unknown, headers: ResponseHeaders | undefined) => ApiError | undefined) {
  return <T>(normalise: (body: unknown, p: ApiRequest) => T): ResponseWrapper<T | ApiError> =>
    (body, headers, p) =>
      failureOf(p) ?? errorOf(body, headers) ?? normalise(body, p);
}

/**
 * What hello.js produced for a transport failure or non-JSON body, as an ApiError, or undefined.
 * hello.js answers a failed XHR (network, CORS) with `access_denied` and no headers at all.
 */
export function transportError(body: unknown, headers: ResponseHeaders | undefined, provider: string): ApiError | undefined {
  const status = numberOf(headers?.statusCode);
  if (status === undefined) {
    const message = isRecord(body) && isRecord(body.error) ? stringOf(body.error.message) : undefined;
    return apiError('server_error', `${provider} could not be reached (network or CORS error)${message ? `: ${message}` : ''}.`);
  }
  if (typeof body === 'string' && status < 400) {
    return apiError('server_error', `${provider} answered ${status} with a non-JSON body.`, status);
  }
  return undefined;
}

/** True for an HTTP error status (4xx, 5xx). */
export function isErrorStatus(status: number | undefined): status is number {
  return status !== undefined && status >= 400;
}

/** The error of an HTTP error status that the body did not explain, or undefined for a success. */
export function statusError(body: unknown, status: number | undefined, provider: string): ApiError | undefined {
  if (!isErrorStatus(status)) return undefined;
  return apiError(errorCodeForStatus(status), excerpt(body) || `${provider} answered HTTP ${status}.`, status);
}

/** A value from a browser or a provider, safe to put in a message (objects are never stringified). */
export function describe(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? excerpt(String(value)) : typeof value;
}

/** A short, printable excerpt of a non-JSON body for an error message. */
export function excerpt(body: unknown): string {
  const text =
    typeof body === 'string'
      ? body
          .replace(/<[^>]*>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** `map[key]` for the map's own keys only ("constructor" is not an error code). */
export function lookup<T>(map: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  // Own keys only, and no Object.hasOwn: the drop-in targets ES2020 browsers.
  return key !== undefined && Object.keys(map).includes(key) ? map[key] : undefined;
}

/** Maps an unknown error object (hello.js's, or a provider's `{ error: "…" }`) onto the stable code set. */
export function codeFrom(value: unknown, status: number | undefined, known: Record<string, ApiErrorCode>): ApiErrorCode {
  const raw = stringOf(value)?.toLowerCase();
  const mapped = lookup(known, raw);
  if (mapped) return mapped;
  if (isErrorStatus(status)) return errorCodeForStatus(status);
  return isApiErrorCode(raw) ? raw : 'server_error';
}

/* ------------------------------------------------------------------ sessions */

const ONE_YEAR = 31536000;

/**
 * hello.js stores `expires = now + (expires_in || one year)` and trusts `expires_in` as seconds. This
 * recomputes `expires` from the real lifetime (`seconds`), keeping the moment the session was issued.
 * Idempotent: a fixed session is returned unchanged.
 */
export function withLifetime(session: Session, seconds: number, nowSeconds = Date.now() / 1000): Session {
  const stored = numberOf(session.expires_in) ?? 0;
  const issued = (numberOf(session.expires) ?? nowSeconds + (stored || ONE_YEAR)) - (stored || ONE_YEAR);
  if (stored === seconds && numberOf(session.expires) !== undefined) return session;
  return { ...session, expires_in: seconds, expires: issued + seconds };
}

/** A session check: returns the session to store (maybe fixed), or an ApiError to refuse it. */
export type SessionCheck = (session: Session) => Session | ApiError;

function isApiErrorValue(value: Session | ApiError): value is ApiError {
  return isRecord(value.error) && isApiErrorCode(value.error.code);
}

/*
 * hello.js ties a redirect to a login only by its callback name, and stores whatever session a redirect
 * page is handed (login CSRF: an attacker's iframe of the site's redirect page plants a token). Each
 * login through these modules puts a random nonce in `state`; hello.js copies `state` into the session,
 * and a session is accepted only with a nonce this browser issued for that network.
 */
const NONCE_KEY = 'hellojs_meetings_nonces';
const NONCES_KEPT = 8;

/** A login this browser started: its nonce and hello.js's callback name for it. */
interface IssuedLogin {
  nonce: string;
  callback: string;
}

let memoryNonces: Record<string, IssuedLogin[]> = {};

function readNonces(): Record<string, IssuedLogin[]> {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(NONCE_KEY) ?? '{}');
    return isRecord(parsed) ? (parsed as Record<string, IssuedLogin[]>) : {};
  } catch {
    return memoryNonces;
  }
}

function issueNonce(network: string, callback: string): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  const nonce = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  const nonces = readNonces();
  const issued = Array.isArray(nonces[network]) ? nonces[network] : [];
  nonces[network] = [...issued, { nonce, callback }].slice(-NONCES_KEPT);
  memoryNonces = nonces;
  try {
    globalThis.localStorage?.setItem(NONCE_KEY, JSON.stringify(nonces));
  } catch {
    // Storage refused: the in-memory copy still guards popup logins on this page.
  }
  return nonce;
}

/** The login a session answers, if this browser started it (a session keeps `callback` only when unanswered). */
function issuedFor(network: string, session: Session): IssuedLogin | undefined {
  const nonce = stringOf(session.nonce);
  const issued = readNonces()[network];
  const login = nonce && Array.isArray(issued) ? issued.find((item) => isRecord(item) && item.nonce === nonce) : undefined;
  return login && (session.callback === undefined || session.callback === login.callback) ? login : undefined;
}

/** Tokens are opaque but short and printable; a huge or odd one is not a provider's. */
const TOKEN = /^[\x21-\x7e]{1,2048}$/;

/** Why a session handed over by a redirect page must be refused, or undefined when it may be kept. */
export function untrustedSession(network: string, session: Session): ApiError | undefined {
  if (session.error != null && session.error !== '') {
    const error = isRecord(session.error) ? session.error : { code: session.error };
    const code = stringOf(error.code) ?? 'access_denied';
    const message = stringOf(error.message) || stringOf(session.error_description) || `The provider refused the login (${excerpt(code)}).`;
    return apiError(isApiErrorCode(code) ? code : 'access_denied', message);
  }
  if (session.network !== network) {
    return apiError('invalid_request', `The login answer is for another network (${describe(session.network)}).`);
  }
  if (typeof session.access_token !== 'string' || !TOKEN.test(session.access_token)) {
    return apiError('invalid_request', 'The login answer has no usable access token.');
  }
  if (!issuedFor(network, session)) {
    return apiError('invalid_request', 'Ignored a login answer this page did not request (unknown state).');
  }
  return undefined;
}

/** `check` preceded by the trust checks every session of these modules must pass. */
export function guarded(network: string, check: SessionCheck): SessionCheck {
  return (session) => untrustedSession(network, session) ?? check(session);
}

/**
 * Checks every session of these networks as hello.js reads it (`getAuthResponse`, `api()`, its session
 * monitor): a session planted by a redirect page that no module code ran on (an iframe that hello.js
 * removes at once, a redirect page without the drop-in) is dropped before anything uses it, and a
 * lifetime hello.js guessed is fixed. Checking on read, not at load, also lets the site's `hello.init`
 * (e.g. another data-centre table) come after the drop-in.
 */
export function checkSessionsOnRead(hello: HelloLike, checks: Readonly<Record<string, SessionCheck>>): void {
  const utils = hello.utils as HelloLike['utils'] & { [MODULE_MARK]?: boolean };
  if (utils[MODULE_MARK]) return;
  const store = utils.store;
  const checked = function (this: unknown, ...args: [string?, (Session | null)?]) {
    const [network] = args;
    const check = network === undefined ? undefined : lookup(checks, network);
    const session = (store as (...a: unknown[]) => Session | null | undefined).apply(this, args);
    if (args.length !== 1 || !check || !session || (!session.access_token && !session.error)) return session;
    const result = guarded(network as string, check)(session);
    if (isApiErrorValue(result)) {
      store.call(this, network as string, null);
      return null;
    }
    if (result !== session) store.call(this, network as string, result);
    return result;
  };
  utils.store = checked as HelloLike['utils']['store'];
  utils[MODULE_MARK] = true;
}

/**
 * The redirect page hands the new session to the opener through `window[state.callback]`; no module
 * hook runs there. Wrapping that callback in the `login` hook lets the module fix or refuse the session
 * (and turn any error into the stable shape) before hello.js stores it and settles `login()`.
 */
export function guardLogin(p: LoginRequest, check: SessionCheck): void {
  const name = p.qs.state.callback;
  p.qs.state.nonce = issueNonce(p.network, name);
  // hello.js's silent refresh asks for no scope, so the refreshed session would forget what was granted.
  const previous = stringOf(useHello().utils.store(p.network)?.scope);
  if (p.options.display === 'none' && previous) {
    const scopes = new Set([...previous.split(','), ...(p.qs.state.scope ?? '').split(',')].filter(Boolean));
    p.qs.state.scope = [...scopes].join(',');
  }
  const scope = globalThis as unknown as Record<string, unknown>;
  const original = scope[name];
  if (typeof original !== 'function') return;
  scope[name] = function (this: unknown, response: unknown) {
    let session: unknown = response;
    if (typeof response === 'string') {
      try {
        session = JSON.parse(response);
      } catch {
        session = undefined;
      }
    }
    // Nothing at all is hello.js's "cancelled": leave that to it.
    if (isRecord(session)) {
      const checked = guarded(p.network, check)(session as Session);
      if (isApiErrorValue(checked)) {
        useHello().utils.store(p.network, null);
        session = { ...checked, network: p.network };
      } else {
        session = checked;
      }
    }
    return (original as (value: unknown) => unknown).call(this, session);
  };
}

/** Sets `p.options.popup` to a size the provider's page fits in. */
export function sizePopup(p: LoginRequest, width: number, height: number): void {
  p.options.popup.width = width;
  p.options.popup.height = height;
}
