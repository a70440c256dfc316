// Provider answers read once for every adapter: token sets, error shapes, and the messages a site owner can act on.
import type { ApiErrorCode } from '../modules/errors.ts';
import { errorCodeForStatus } from '../modules/errors.ts';
import { isRecord } from '../modules/json.ts';
import { joinmeLifetimeSeconds, zohoLifetimeSeconds } from '../modules/lifetimes.ts';
import type { ProviderName } from '../modules/types.ts';
import type { UpstreamResult } from './upstream.ts';

/** HTTP status the proxy answers for an error code (JSON answers; the redirects carry it in the fragment). */
export function statusFor(code: ApiErrorCode): number {
  switch (code) {
    case 'invalid_token':
      return 401;
    case 'access_denied':
      return 403;
    case 'not_found':
      return 404;
    case 'rate_limited':
      return 429;
    case 'server_error':
      return 502;
    default:
      return 400;
  }
}

/** A refusal or failure the proxy answers with a stable error code and a clear description. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  readonly code: ApiErrorCode;
  readonly status: number;
  constructor(code: ApiErrorCode, message: string, status?: number) {
    super(message);
    this.code = code;
    this.status = status ?? statusFor(code);
  }
}

/** What the code and refresh grants give back to the page. */
export interface TokenSet {
  access_token: string;
  /** Always seconds. */
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  token_type?: string;
}

/** Which call a provider answer belongs to, for clear messages. */
export interface CallContext {
  readonly network: ProviderName;
  /** `code`/`refresh`: token grants; `expire`/`revoke`: the actions. */
  readonly kind: 'code' | 'refresh' | 'expire' | 'revoke';
  readonly region?: string;
  /** Host of the endpoint called (named in messages about the data centre). */
  readonly host: string;
}

export function providerLabel(ctx: CallContext): string {
  return ctx.network === 'joinme' ? 'join.me' : `Zoho (${ctx.region ?? 'us'} data centre, ${ctx.host})`;
}

/**
 * Provider text, made safe and short for a fragment or a JSON message: printable characters only (control,
 * format and unassigned code points, bidi overrides included, become a space), at most `max` characters.
 */
export function clean(text: unknown, max = 200): string | undefined {
  if (typeof text !== 'string') return undefined;
  const flat = text.replace(/[\p{C}\p{Zl}\p{Zp}]+/gu, ' ').trim();
  if (flat === '') return undefined;
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function base64Of(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** `text` with every configured secret (as is, URL-encoded or in base64) replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    const base64 = base64Of(secret);
    const forms = [
      secret,
      encodeURIComponent(secret),
      base64.replace(/=+$/, ''),
      base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    ];
    for (const form of forms) if (form.length >= 4) out = out.split(form).join('[redacted]');
  }
  return out;
}

const decoder = new TextDecoder();

/** The text of an answer body (UTF-8). */
export function textOf(body: Uint8Array): string {
  return decoder.decode(body);
}

/** The JSON object of an answer, or undefined when it is not a JSON object. */
export function jsonObject(body: Uint8Array): Record<string, unknown> | undefined {
  if (body.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(textOf(body));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** An error name and description from any of the providers' error shapes. */
export function errorOf(body: Record<string, unknown>): { name: string; description?: string } | undefined {
  const e = body.error;
  const description = clean(body.error_description) ?? clean(body.message) ?? clean(body.Message);
  if (typeof e === 'string' && e !== '') return description === undefined ? { name: e } : { name: e, description };
  if (typeof e === 'object' && e !== null) {
    const o = e as Record<string, unknown>;
    const name =
      clean(o.key) ??
      clean(o.code === undefined ? undefined : String(o.code)) ??
      clean(o.errorCode === undefined ? undefined : String(o.errorCode)) ??
      'error';
    const message = clean(o.message) ?? description;
    return message === undefined ? { name } : { name, description: message };
  }
  if (typeof body.ErrorCode === 'string' && body.ErrorCode !== '') {
    return description === undefined ? { name: body.ErrorCode } : { name: body.ErrorCode, description };
  }
  return undefined;
}

const THROTTLED = /too many|throttl|rate.?limit/i;

/** Maps a provider's error (token grant or action) to a stable code and a message a developer can act on. */
export function mapProviderError(ctx: CallContext, status: number, name: string, description?: string, ticket?: string): Refusal {
  const who = providerLabel(ctx);
  const lower = name.toLowerCase();
  const said = description !== undefined && description.toLowerCase() !== lower ? `: ${description}` : '';
  const tail = `${said}${ticket ? ` (ticket ${ticket})` : ''}`;
  // Which credential a refusal is about: the code (code grant), else a token the user holds.
  const refresh = ctx.kind !== 'code';
  const noun = ctx.kind === 'expire' ? 'access token' : 'refresh token';

  if (/^access denied$/i.test(name) || THROTTLED.test(description ?? '') || status === 429) {
    return new Refusal('rate_limited', `${who} is throttling this client (${name})${said}; wait a few minutes before trying again.`);
  }
  switch (lower) {
    case 'invalid_code':
      return refresh
        ? new Refusal(
            'invalid_token',
            `${who} refused the ${noun} (invalid_code): it was revoked, has expired or belongs to another data centre; log in again${said}.`,
          )
        : new Refusal(
            'invalid_request',
            `${who} refused the authorization code (invalid_code): it was already used or has expired (codes live about 2 minutes); log in again${said}.`,
          );
    case 'invalid_authorization_code':
      return new Refusal(
        'invalid_request',
        `${who} refused the authorization code (invalid_authorization_code): it is invalid, expired or already used; log in again${said}.`,
      );
    case 'invalid_grant':
    case 'invalid_refresh_token':
      return refresh
        ? new Refusal('invalid_token', `${who} refused the ${noun} (${name}): it was revoked or has expired; log in again${said}.`)
        : new Refusal(
            'invalid_request',
            `${who} refused the authorization code (${name}): it is invalid, expired or already used; log in again${said}.`,
          );
    case 'invalid_client_secret':
      // Zoho's answer to a wrong secret (seen in a client library's fix): the operator has to act, not the user.
      return new Refusal(
        'invalid_request',
        `${who} answered invalid_client_secret: the oauth proxy's ${ctx.network === 'zoho' ? 'Zoho' : 'join.me'} client_secret is wrong; the site owner must copy the client secret from the ${ctx.network === 'zoho' ? 'Zoho API console (api-console.zoho.com)' : 'join.me developer portal'} into the proxy's config${said}.`,
      );
    case 'invalid_client':
      return new Refusal(
        'invalid_request',
        ctx.network === 'zoho'
          ? `${who} answered invalid_client: the client id or secret is wrong, or the client is not enabled for the ${ctx.region ?? 'us'} data centre (enable it in the Zoho API console)${said}.`
          : `${who} answered invalid_client: the proxy's client id or secret is wrong${said}.`,
      );
    case 'invalid_redirect_uri':
      return new Refusal(
        'invalid_request',
        `${who} answered invalid_redirect_uri: the redirect_uri is not the one registered for the client${said}.`,
      );
    case 'unauthorized_client':
    case 'unsupported_grant_type':
    case 'invalid_scope':
    case 'invalid_request':
      return new Refusal('invalid_request', `${who} refused the request (${name})${said}.`);
    case 'access_denied':
      return new Refusal('access_denied', `${who} denied access (${name})${said}.`);
    case 'invalid_token':
    case 'expired_token':
    case 'stale_token':
    case 'invalid_oauthtoken':
      return new Refusal('invalid_token', `${who} refused the token (${name})${said}.`);
    case 'server_error':
    case 'temporarily_unavailable':
      return new Refusal('server_error', `${who} had an internal error (${name})${tail}; try again later.`);
    default:
      break;
  }
  if (status >= 500) return new Refusal('server_error', `${who} answered HTTP ${status} (${name})${tail}.`);
  const code = status >= 400 ? errorCodeForStatus(status) : 'invalid_request';
  return new Refusal(code === 'server_error' ? 'invalid_request' : code, `${who} refused the request (${name})${said}.`);
}

/** A failed provider call (down, slow, oversized answer) as a `server_error`. */
export function upstreamFailure(ctx: CallContext, reason: 'timeout' | 'unreachable' | 'too_large' | 'aborted', timeoutMs: number): Refusal {
  const who = providerLabel(ctx);
  switch (reason) {
    case 'timeout':
      return new Refusal('server_error', `${who} did not answer within ${Math.round(timeoutMs / 100) / 10} s; try again later.`, 504);
    case 'too_large':
      return new Refusal('server_error', `${who} sent an answer larger than the proxy accepts.`, 502);
    case 'aborted':
      return new Refusal('server_error', 'The request was cancelled.', 499);
    default:
      return new Refusal('server_error', `${who} could not be reached; try again later.`, 502);
  }
}

/** Reads a token endpoint's answer: tokens, or a Refusal for every error shape (including Zoho's HTTP 200 errors). */
export function interpretTokenAnswer(ctx: CallContext, result: UpstreamResult, timeoutMs: number): TokenSet {
  if (!result.ok) throw upstreamFailure(ctx, result.reason, timeoutMs);
  const { status } = result;
  const body = jsonObject(result.body);
  const who = providerLabel(ctx);
  if (body === undefined) {
    if (status === 429)
      throw new Refusal('rate_limited', `${who} is throttling this client (HTTP 429); wait a few minutes before trying again.`);
    if (status >= 400 && status < 500) throw mapProviderError(ctx, status, `HTTP ${status}`);
    throw new Refusal('server_error', `${who} answered HTTP ${status} without a JSON token answer.`);
  }
  const error = errorOf(body);
  if (error !== undefined) {
    const ticket = clean(body.error_ticket_id, 80);
    throw mapProviderError(ctx, status, error.name, error.description, ticket);
  }
  if (status < 200 || status >= 300) throw mapProviderError(ctx, status, `HTTP ${status}`);
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new Refusal('server_error', `${who} answered without an access token.`);
  }
  const tokens: TokenSet = {
    access_token: body.access_token,
    // The browser modules' own rules: one source of truth for both halves.
    expires_in: ctx.network === 'joinme' ? joinmeLifetimeSeconds(body) : zohoLifetimeSeconds(body),
  };
  if (typeof body.refresh_token === 'string' && body.refresh_token !== '') tokens.refresh_token = body.refresh_token;
  if (typeof body.scope === 'string' && body.scope !== '') tokens.scope = body.scope;
  if (typeof body.token_type === 'string' && body.token_type !== '') tokens.token_type = body.token_type;
  return tokens;
}
