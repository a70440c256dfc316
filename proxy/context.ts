// The runtime-free core's view of one request, and the helpers every protocol step shares. Adapters (Node,
// fetch) turn their request into a ProxyRequest and write the ProxyAnswer back; nothing here is kept
// between requests.
import type { ApiErrorCode } from '../modules/errors.ts';
import type { ProviderName } from '../modules/types.ts';
import type { Client, Settings } from './config.ts';
import { NO_LOG } from './config.ts';
import { regionOfAccountsServerCached } from './regions.ts';
import { Refusal, redact } from './tokens.ts';
import type { ProxyLogEvent } from './types.ts';
import type { CancelSignal, UpstreamRequest, UpstreamResult } from './upstream.ts';
import { hostOf } from './upstream.ts';

/** The request body went over the cap. */
export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
}

/** The request body did not arrive in time, or the request was aborted. */
export class BodyIncomplete extends Error {
  override readonly name = 'BodyIncomplete';
}

/** A request as the core reads it, whatever the runtime. */
export interface ProxyRequest {
  /** Upper-case method. */
  readonly method: string;
  /** Path and query (or an absolute URL). */
  readonly url: string;
  /** The request's `Host` (for the same-origin check). */
  readonly host: string | undefined;
  /** A header by lower-case name. */
  header(name: string): string | undefined;
  /** The body, at most `maxBytes`, within `timeoutMs`; rejects with BodyTooLarge or BodyIncomplete. */
  body(maxBytes: number, timeoutMs: number): Promise<Uint8Array>;
  /** Aborted when the client goes away: the provider call is abandoned (an AbortSignal fits). */
  readonly signal?: CancelSignal | undefined;
}

/** What the adapter writes back. */
export interface ProxyAnswer {
  readonly status: number;
  /** Lower-case names; `content-length` is the adapter's. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | string;
  /** Close the connection after answering (a body over the cap was left unread). */
  readonly close?: boolean;
}

/** Headers on every answer: never cached, never sniffed, never rendered as a page or framed. */
export const BASE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
});

export type HeaderMap = Record<string, string>;

/** One request in flight. */
export interface Ctx {
  readonly settings: Settings;
  readonly request: ProxyRequest;
  readonly query: URLSearchParams;
  readonly method: string;
  readonly origin: string | undefined;
  readonly started: number;
  /** What gets logged when the request is answered. */
  readonly note: Omit<ProxyLogEvent, 'level' | 'message'>;
  /** Set when the body was refused unread: the adapter closes the connection. */
  closeAfter: boolean;
}

export const MAX_PARAM = 4096;

/** The single value of a parameter; a repeated one is refused (two different values cannot both be meant). */
export function one(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name);
  if (all.length > 1) throw new Refusal('invalid_request', `${name} was given more than once.`);
  const value = all[0];
  if (value !== undefined && value.length > MAX_PARAM) throw new Refusal('invalid_request', `${name} is too long.`);
  return value;
}

/** Logs the request's outcome. */
export function finish(ctx: Ctx, status: number, code?: ApiErrorCode, message?: string): void {
  if (ctx.settings.log === NO_LOG) return;
  const event: ProxyLogEvent = {
    level: code === undefined ? 'info' : 'warn',
    message: message === undefined ? (code === undefined ? 'answered' : `refused: ${code}`) : redact(message, ctx.settings.secrets),
    ...ctx.note,
    status,
    ms: Date.now() - ctx.started,
  };
  if (code !== undefined) event.code = code;
  ctx.settings.log(event);
}

function answer(ctx: Ctx, status: number, headers: HeaderMap, body: Uint8Array | string): ProxyAnswer {
  return { status, headers: { ...BASE_HEADERS, ...headers }, body, ...(ctx.closeAfter ? { close: true } : {}) };
}

export function answerRaw(ctx: Ctx, status: number, headers: HeaderMap, body: Uint8Array | string): ProxyAnswer {
  return answer(ctx, status, headers, body);
}

export function answerText(ctx: Ctx, status: number, text: string, headers: HeaderMap = {}): ProxyAnswer {
  return answer(ctx, status, { ...headers, 'content-type': 'text/plain; charset=utf-8' }, `${text}\n`);
}

/** A 302 with no body (a browser follows it, nothing renders; no content type for no content). */
export function answerRedirect(ctx: Ctx, location: string): ProxyAnswer {
  return answer(ctx, 302, { location, 'referrer-policy': 'no-referrer' }, '');
}

/** A JSON answer, logged; an `error` body's message is redacted of every configured secret. */
export function answerJson(ctx: Ctx, status: number, body: unknown, headers: HeaderMap = {}): ProxyAnswer {
  const err = (body as { error?: { code?: ApiErrorCode; message?: string } }).error;
  if (err && typeof err.message === 'string') err.message = redact(err.message, ctx.settings.secrets);
  finish(ctx, status, err?.code, err?.message);
  return answer(ctx, status, { ...headers, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(body));
}

export function answerRefusal(ctx: Ctx, refusal: Refusal, headers: HeaderMap = {}): ProxyAnswer {
  return answerJson(ctx, refusal.status, { error: { code: refusal.code, message: refusal.message, status: refusal.status } }, headers);
}

const EXPOSED = 'WWW-Authenticate, X-Error-Detail-Header';

/** Origin check and the CORS headers for the pass-through and the actions. */
export function cors(ctx: Ctx): { allowed: boolean; headers: HeaderMap } {
  if (ctx.origin === undefined) return { allowed: true, headers: {} };
  if (ctx.settings.corsOrigins.has(ctx.origin)) {
    return {
      allowed: true,
      headers: { 'access-control-allow-origin': ctx.origin, vary: 'Origin', 'access-control-expose-headers': EXPOSED },
    };
  }
  // A same-origin request (the site serves the proxy itself) needs no CORS headers.
  try {
    if (new URL(ctx.origin).host === ctx.request.host) return { allowed: true, headers: { vary: 'Origin' } };
  } catch {
    // An opaque origin ("null") or garbage: not allowed.
  }
  return { allowed: false, headers: { vary: 'Origin' } };
}

export function refuseOrigin(ctx: Ctx, headers: HeaderMap): ProxyAnswer {
  return answerJson(
    ctx,
    403,
    { error: { code: 'access_denied', message: 'This origin may not use the oauth proxy.', status: 403 } },
    headers,
  );
}

/** The request body, or a Refusal (413 over the cap, 400 when it did not arrive). */
export async function bodyOf(ctx: Ctx): Promise<Uint8Array> {
  const max = ctx.settings.maxBodyBytes;
  try {
    return await ctx.request.body(max, ctx.settings.timeoutMs);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      ctx.closeAfter = true;
      throw new Refusal('invalid_request', `The request body is larger than ${max} bytes.`, 413);
    }
    if (err instanceof BodyIncomplete) throw new Refusal('invalid_request', 'The request body did not arrive.', 400);
    throw err;
  }
}

/** One provider call, noted for the log. */
export function upstream(
  ctx: Ctx,
  url: string,
  request: UpstreamRequest,
  maxBytes = ctx.settings.maxResponseBytes,
): Promise<UpstreamResult> {
  return callProvider(ctx, url, request, maxBytes).then((result) => noteAnswer(ctx, result));
}

/** One provider call, its host noted for the log; its answer is for the caller to note (noteAnswer). */
export function callProvider(
  ctx: Ctx,
  url: string,
  request: UpstreamRequest,
  maxBytes = ctx.settings.maxResponseBytes,
): Promise<UpstreamResult> {
  ctx.note.host = hostOf(url);
  return ctx.settings.upstream(url, request, { timeoutMs: ctx.settings.timeoutMs, maxBytes, signal: ctx.request.signal });
}

/** Notes a provider's answer status for the log. */
export function noteAnswer(ctx: Ctx, result: UpstreamResult): UpstreamResult {
  if (result.ok) ctx.note.upstreamStatus = result.status;
  return result;
}

export function clientOf(ctx: Ctx, network: ProviderName): Client {
  const client = ctx.settings[network];
  if (client === undefined) throw new Refusal('not_supported', `This oauth proxy has no ${network} client configured.`);
  return client;
}

/** The Zoho data centre of a request: `accounts-server` checked against the table, `location` in it, both agreeing. */
export function zohoRegion(ctx: Ctx, required: boolean): string {
  const table = ctx.settings.datacentres;
  const accountsServer = one(ctx.query, 'accounts-server');
  const rawLocation = one(ctx.query, 'location');
  let region: string | undefined;
  if (accountsServer !== undefined && accountsServer !== '') {
    region = regionOfAccountsServerCached(table, accountsServer);
    if (region === undefined) {
      throw new Refusal(
        'invalid_request',
        'The accounts-server of the redirect is not a Zoho data centre this proxy knows; nothing was sent to it.',
      );
    }
  }
  if (rawLocation !== undefined && rawLocation !== '') {
    const location = rawLocation.toLowerCase();
    if (!Object.hasOwn(table, location)) throw new Refusal('invalid_request', 'location is not a Zoho data centre this proxy knows.');
    if (region !== undefined && region !== location) {
      throw new Refusal('invalid_request', 'location and accounts-server name different Zoho data centres.');
    }
    region = location;
  }
  if (region === undefined) {
    if (required) throw new Refusal('invalid_request', 'location (the Zoho data centre of the session) is missing.');
    // A redirect without location/accounts-server comes from the US data centre (the original single-DC form).
    region = 'us';
  }
  ctx.note.region = region;
  return region;
}

export function accountsOf(ctx: Ctx, region: string): string {
  const entry = ctx.settings.datacentres[region];
  if (entry === undefined) throw new Refusal('invalid_request', 'location is not a Zoho data centre this proxy knows.');
  return entry.accounts.replace(/\/+$/, '');
}
