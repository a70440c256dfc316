// Protocol steps 1 and 2: code exchange and refresh (GET, answered by a redirect to the page).
import { isRecord } from '../modules/json.ts';
import type { ProviderName } from '../modules/types.ts';
import type { Client, Settings } from './config.ts';
import type { Ctx, ProxyAnswer } from './context.ts';
import { accountsOf, answerRedirect, answerText, callProvider, clientOf, finish, noteAnswer, one, zohoRegion } from './context.ts';
import { formBody } from './query.ts';
import type { CallContext, TokenSet } from './tokens.ts';
import { clean, interpretTokenAnswer, Refusal, redact } from './tokens.ts';
import type { UpstreamRequest, UpstreamResult } from './upstream.ts';
import { hostOf } from './upstream.ts';

const NETWORKS: Record<ProviderName, true> = { joinme: true, zoho: true };

type Trusted = { readonly ok: true; readonly href: string } | { readonly ok: false; readonly problem: string };

function checkRedirect(settings: Settings, value: string): Trusted {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'redirect_uri is not an absolute URL.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'redirect_uri must be an http(s) URL.' };
  if (url.username || url.password) return { ok: false, problem: 'redirect_uri must not carry credentials.' };
  if (!settings.redirectOrigins.has(url.origin))
    return { ok: false, problem: `redirect_uri has an origin (${url.origin}) this proxy does not redirect to.` };
  url.hash = '';
  return { ok: true, href: url.href };
}

const checkedRedirects = new WeakMap<Settings, Map<string, Trusted>>();

/**
 * Whether the proxy may redirect to `value`, remembered per settings for the last 64 plain values (a site
 * has one or two redirect pages; parsing one and its origin was a tenth of the core's own CPU). A value
 * with a query or fragment, which may carry something of the user's, is checked afresh and never kept.
 */
function trustedRedirect(settings: Settings, value: string): Trusted {
  if (value.includes('?') || value.includes('#')) return checkRedirect(settings, value);
  let seen = checkedRedirects.get(settings);
  if (seen === undefined) {
    seen = new Map();
    checkedRedirects.set(settings, seen);
  }
  let trusted = seen.get(value);
  if (trusted === undefined) {
    trusted = checkRedirect(settings, value);
    if (seen.size >= 64) seen.delete(seen.keys().next().value as string);
    seen.set(value, trusted);
  }
  return trusted;
}

function tryJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** UTF-8 text of base64 or base64url (padding optional), or undefined. */
function fromBase64(raw: string): string | undefined {
  const standard = raw.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (standard.length % 4 === 1) return undefined;
  try {
    const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
    return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** hello.js's state: JSON, or base64 JSON (`oauth.base64_state`), or JSON URL-encoded once more. */
function parseState(raw: string | undefined): Record<string, unknown> | undefined {
  if (raw === undefined || raw === '') return undefined;
  const direct = tryJsonObject(raw);
  if (direct) return direct;
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(raw)) {
    const text = fromBase64(raw);
    const decoded = text === undefined ? undefined : tryJsonObject(text);
    if (decoded) return decoded;
  }
  try {
    return tryJsonObject(decodeURIComponent(raw));
  } catch {
    return undefined;
  }
}

/** `key=value` pairs joined with `&`, empty values left out (keys are plain names, never escaped). */
function fragment(pairs: ReadonlyArray<readonly [string, string | number | undefined]>): string {
  let text = '';
  for (const [key, value] of pairs) {
    if (value === undefined || value === '') continue;
    text += `${text === '' ? '' : '&'}${key}=${encodeURIComponent(value)}`;
  }
  return text;
}

function refusePage(ctx: Ctx, problem: string): ProxyAnswer {
  finish(ctx, 400, 'invalid_request', problem);
  return answerText(ctx, 400, `hellojs-meetings oauth proxy refused this request: ${problem}`);
}

/**
 * Code exchange (`?code`), refresh (`?refresh_token`), and a provider's `?error` passed on to the page. Everything
 * before the provider call is synchronous and the answer is one continuation of it: an exchange waiting on its
 * provider holds one small closure, not a chain of suspended async frames (under load those frames outlived
 * young-generation collections and lengthened them).
 */
export function grant(ctx: Ctx): ProxyAnswer | Promise<ProxyAnswer> {
  const { query, settings } = ctx;
  const kind: 'code' | 'refresh' | 'error' = query.has('code') ? 'code' : query.has('refresh_token') ? 'refresh' : 'error';
  ctx.note.kind = kind === 'refresh' ? 'refresh' : 'code';

  // Phase 1: where may the answer go? Until that is known, every refusal is a plain 400 page.
  let rawState: string | undefined;
  let queryRedirect: string | undefined;
  try {
    rawState = one(query, 'state');
    queryRedirect = one(query, 'redirect_uri');
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    return refusePage(ctx, err.message);
  }
  const state = parseState(rawState);
  const stateRedirect = typeof state?.redirect_uri === 'string' && state.redirect_uri !== '' ? state.redirect_uri : undefined;
  const target = queryRedirect !== undefined && queryRedirect !== '' ? queryRedirect : stateRedirect;
  if (target === undefined) return refusePage(ctx, 'redirect_uri is missing.');
  const trusted = trustedRedirect(settings, target);
  if (!trusted.ok) return refusePage(ctx, trusted.problem);
  if (stateRedirect !== undefined && stateRedirect !== target) {
    const other = trustedRedirect(settings, stateRedirect);
    if (!other.ok || other.href !== trusted.href) return refusePage(ctx, 'redirect_uri differs from the redirect_uri in state.');
  }
  const page: Page = { base: trusted.href, rawState };

  // Phase 2: the page is trusted; every refusal from here on is an #error= redirect hello.js can read.
  let call: TokenCall;
  try {
    call = tokenCall(ctx, kind, state, target);
  } catch (err) {
    return refuseToPage(ctx, page, err);
  }
  const { pending } = call;
  // The provider call's own promise, continued once (noteAnswer in answerTokens, not a .then of its own).
  return callProvider(ctx, call.url, call.request).then((result) => answerTokens(ctx, page, pending, noteAnswer(ctx, result)));
}

/** The trusted page the answer goes to (no fragment), and the state to hand back to it. */
interface Page {
  readonly base: string;
  readonly rawState: string | undefined;
}

/** What the answer needs of a token call once the provider has answered (the request, secret included, is not kept). */
interface Pending {
  /** For interpretTokenAnswer's messages. */
  readonly about: CallContext;
  /** The Zoho data centre, handed back to the page as `location`. */
  readonly region: string | undefined;
  /** A refresh's token, echoed when the provider sends no new one (so the stored session keeps it). */
  readonly refreshToken: string | undefined;
}

/** The token endpoint call of a code exchange or refresh. */
interface TokenCall {
  readonly url: string;
  readonly request: UpstreamRequest;
  readonly pending: Pending;
}

/** The tokens as a redirect to the page, or the provider's refusal as an `#error=` redirect. */
function answerTokens(ctx: Ctx, page: Page, call: Pending, result: UpstreamResult): ProxyAnswer {
  let tokens: TokenSet;
  try {
    tokens = interpretTokenAnswer(call.about, result, ctx.settings.timeoutMs);
  } catch (err) {
    return refuseToPage(ctx, page, err);
  }
  if (call.refreshToken !== undefined && tokens.refresh_token === undefined) tokens.refresh_token = call.refreshToken;
  const hash = fragment([
    ['access_token', tokens.access_token],
    ['expires_in', tokens.expires_in],
    ['refresh_token', tokens.refresh_token],
    ['scope', tokens.scope],
    ['token_type', tokens.token_type],
    ['location', call.region],
    ['state', page.rawState],
  ]);
  finish(ctx, 302);
  return answerRedirect(ctx, `${page.base}#${hash}`);
}

/** A Refusal as an `#error=` redirect to the trusted page; anything else is the core's internal error. */
function refuseToPage(ctx: Ctx, page: Page, err: unknown): ProxyAnswer {
  if (!(err instanceof Refusal)) throw err;
  const message = redact(err.message, ctx.settings.secrets);
  const hash = fragment([
    ['error', err.code],
    ['error_description', message],
    ['state', page.rawState],
  ]);
  finish(ctx, 302, err.code, message);
  return answerRedirect(ctx, `${page.base}#${hash}`);
}

/** Checks the request against the client and data centre and builds the token endpoint call; throws a Refusal. */
function tokenCall(ctx: Ctx, kind: 'code' | 'refresh' | 'error', state: Record<string, unknown> | undefined, target: string): TokenCall {
  const { query } = ctx;
  if (kind === 'error') {
    const name = one(query, 'error') ?? 'error';
    const description = clean(one(query, 'error_description'));
    throw new Refusal(
      name === 'access_denied' ? 'access_denied' : 'invalid_request',
      `The provider answered ${clean(name, 60) ?? 'an error'}${description ? `: ${description}` : ''}.`,
    );
  }
  if (state === undefined) throw new Refusal('invalid_request', 'state is missing or is not the JSON state hello.js sends.');
  const network = state.network;
  if (typeof network !== 'string' || !Object.hasOwn(NETWORKS, network)) {
    throw new Refusal(
      'invalid_request',
      `Unknown network${typeof network === 'string' ? ` "${clean(network, 40) ?? ''}"` : ''} in state: this proxy serves ${Object.keys(NETWORKS).join(' and ')}.`,
    );
  }
  const provider = network as ProviderName;
  ctx.note.network = provider;
  const client = clientOf(ctx, provider);
  if (state.client_id !== client.client_id)
    throw new Refusal('invalid_request', `The client_id in state is not this proxy's ${provider} client.`);
  const queryClient = one(query, 'client_id');
  if (queryClient !== undefined && queryClient !== client.client_id) {
    throw new Refusal('invalid_request', `The client_id is not this proxy's ${provider} client.`);
  }

  if (kind === 'code') {
    const code = one(query, 'code');
    if (code === undefined || code === '') throw new Refusal('invalid_request', 'code is empty.');
    const params = { grant_type: 'authorization_code', code, redirect_uri: target };
    if (provider === 'joinme') return joinmeCall(ctx, client, params, 'code', undefined);
    return zohoCall(ctx, client, zohoRegion(ctx, false), params, 'code', undefined);
  }
  const refreshToken = one(query, 'refresh_token');
  if (refreshToken === undefined || refreshToken === '') throw new Refusal('invalid_request', 'refresh_token is empty.');
  if (provider === 'joinme')
    return joinmeCall(ctx, client, { grant_type: 'refresh_token', refresh_token: refreshToken }, 'refresh', refreshToken);
  const region = zohoRegion(ctx, true);
  const params = { grant_type: 'refresh_token', refresh_token: refreshToken, redirect_uri: target };
  return zohoCall(ctx, client, region, params, 'refresh', refreshToken);
}

function joinmeCall(
  ctx: Ctx,
  client: Client,
  params: Record<string, string>,
  kind: 'code' | 'refresh',
  refreshToken: string | undefined,
): TokenCall {
  const url = ctx.settings.joinmeEndpoints.token;
  return {
    url,
    request: {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ client_id: client.client_id, client_secret: client.client_secret, ...params }),
    },
    pending: { about: { network: 'joinme', kind, host: hostOf(url) }, region: undefined, refreshToken },
  };
}

function zohoCall(
  ctx: Ctx,
  client: Client,
  region: string,
  params: Record<string, string>,
  kind: 'code' | 'refresh',
  refreshToken: string | undefined,
): TokenCall {
  const url = `${accountsOf(ctx, region)}/oauth/v2/token`;
  return {
    url,
    request: {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: formBody({ client_id: client.client_id, client_secret: client.client_secret, ...params }),
    },
    pending: { about: { network: 'zoho', kind, region, host: hostOf(url) }, region, refreshToken },
  };
}
