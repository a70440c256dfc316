import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ZohoRegion } from '../modules/datacentres.ts';
import { isZohoRegion, regionOfAccountsServer } from '../modules/datacentres.ts';
import type { ApiErrorCode } from '../modules/errors.ts';
import type { ApiPrefix, Client, Settings } from './config.ts';
import { normaliseConfig } from './config.ts';
import type { UpstreamResult } from './http.ts';
import { BodyIncomplete, BodyTooLarge, callUpstream, readBody, send, sendJson, sendRedirect, sendText } from './http.ts';
import type { CallContext, TokenSet } from './tokens.ts';
import { clean, errorOf, interpretTokenAnswer, jsonObject, mapProviderError, Refusal, upstreamFailure } from './tokens.ts';
import type { ProxyConfig, ProxyHandler, ProxyLogEvent } from './types.ts';

type Network = 'joinme' | 'zoho';

/** One request in flight. */
interface Ctx {
  readonly s: Settings;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly q: URLSearchParams;
  readonly method: string;
  readonly origin: string | undefined;
  readonly started: number;
  /** Aborted when the browser goes away: the provider call is abandoned. */
  readonly signal: AbortSignal;
  /** What gets logged when the request is answered. */
  readonly note: Omit<ProxyLogEvent, 'level' | 'message'>;
}

const API_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const EXPOSED = 'WWW-Authenticate, X-Error-Detail-Header';
const MAX_PARAM = 4096;

/**
 * Creates the oauth proxy request handler. Throws a TypeError at once when the config is invalid.
 * The handler ignores its own path: it is routed by query and method only.
 */
export function createProxy(config: ProxyConfig): ProxyHandler {
  const s = normaliseConfig(config);
  return function hellojsMeetingsProxy(req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void {
    let run: Promise<void>;
    try {
      run = handle(s, req, res, next);
    } catch (err) {
      run = Promise.reject(err);
    }
    run.catch((err: unknown) => lastResort(s, res, err));
  };
}

/** Never crash, never leave a request unanswered. */
function lastResort(s: Settings, res: ServerResponse, err: unknown): void {
  const name = err instanceof Error ? err.name : typeof err;
  s.log({ level: 'error', message: `internal error (${name})`, status: 500, code: 'server_error' });
  try {
    if (!res.headersSent && !res.writableEnded) {
      sendJson(res, 500, { error: { code: 'server_error', message: 'The oauth proxy had an internal error.', status: 500 } });
    } else if (!res.writableEnded) {
      res.destroy();
    }
  } catch {
    res.destroy();
  }
}

async function handle(s: Settings, req: IncomingMessage, res: ServerResponse, next: ((err?: unknown) => void) | undefined): Promise<void> {
  const started = Date.now();
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://proxy.invalid');
  } catch {
    sendText(res, 400, 'Bad request: the URL cannot be parsed.');
    return;
  }
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const originHeader = req.headers.origin;
  const c: Ctx = {
    s,
    req,
    res,
    q: url.searchParams,
    method: (req.method ?? 'GET').toUpperCase(),
    origin: typeof originHeader === 'string' && originHeader !== '' ? originHeader : undefined,
    started,
    signal: controller.signal,
    note: {},
  };
  const { q, method } = c;

  if (method === 'OPTIONS') return preflight(c);
  if (q.has('action')) return action(c);
  if (q.has('path')) return passThrough(c);
  if (q.has('code') || q.has('refresh_token') || (q.has('error') && q.has('state'))) {
    if (method !== 'GET') {
      answerJson(
        c,
        405,
        { error: { code: 'invalid_request', message: 'The code and refresh flows are GET requests.', status: 405 } },
        { allow: 'GET' },
      );
      return;
    }
    return grant(c);
  }
  if (next) {
    next();
    return;
  }
  if ((method === 'GET' || method === 'HEAD') && [...q.keys()].length === 0) {
    sendText(res, 200, 'hellojs-meetings oauth proxy');
    return;
  }
  c.note.kind = 'other';
  answerJson(c, 400, {
    error: { code: 'invalid_request', message: 'Nothing to do: expected code, refresh_token, path or action in the query.', status: 400 },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

/** The single value of a parameter; a repeated one is refused (two different values cannot both be meant). */
function one(q: URLSearchParams, name: string): string | undefined {
  const all = q.getAll(name);
  if (all.length > 1) throw new Refusal('invalid_request', `${name} was given more than once.`);
  const value = all[0];
  if (value !== undefined && value.length > MAX_PARAM) throw new Refusal('invalid_request', `${name} is too long.`);
  return value;
}

function finish(c: Ctx, status: number, code?: ApiErrorCode, message?: string): void {
  const event: ProxyLogEvent = {
    level: code === undefined ? 'info' : 'warn',
    message: message ?? (code === undefined ? 'answered' : `refused: ${code}`),
    ...c.note,
    status,
    ms: Date.now() - c.started,
  };
  if (code !== undefined) event.code = code;
  c.s.log(event);
}

function answerJson(c: Ctx, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  sendJson(c.res, status, body, headers);
  const err = (body as { error?: { code?: ApiErrorCode; message?: string } }).error;
  finish(c, status, err?.code, err?.message);
}

function answerRefusal(c: Ctx, refusal: Refusal, headers: OutgoingHttpHeaders = {}): void {
  answerJson(c, refusal.status, { error: { code: refusal.code, message: refusal.message, status: refusal.status } }, headers);
}

/** Origin check and the CORS headers for the pass-through and the actions. */
function cors(c: Ctx): { allowed: boolean; headers: OutgoingHttpHeaders } {
  if (c.origin === undefined) return { allowed: true, headers: {} };
  if (c.s.corsOrigins.has(c.origin)) {
    return {
      allowed: true,
      headers: { 'access-control-allow-origin': c.origin, vary: 'Origin', 'access-control-expose-headers': EXPOSED },
    };
  }
  // A same-origin request (the site serves the proxy itself) needs no CORS headers.
  try {
    if (new URL(c.origin).host === c.req.headers.host) return { allowed: true, headers: { vary: 'Origin' } };
  } catch {
    // An opaque origin ("null") or garbage: not allowed.
  }
  return { allowed: false, headers: { vary: 'Origin' } };
}

function refuseOrigin(c: Ctx, headers: OutgoingHttpHeaders): void {
  answerJson(c, 403, { error: { code: 'access_denied', message: 'This origin may not use the oauth proxy.', status: 403 } }, headers);
}

function bodyProblem(err: unknown, max: number): Refusal | undefined {
  if (err instanceof BodyTooLarge) return new Refusal('invalid_request', `The request body is larger than ${max} bytes.`, 413);
  if (err instanceof BodyIncomplete) return new Refusal('invalid_request', 'The request body did not arrive.', 400);
  return undefined;
}

async function body(c: Ctx): Promise<Buffer> {
  try {
    return await readBody(c.req, c.s.maxBodyBytes, c.s.timeoutMs);
  } catch (err) {
    const problem = bodyProblem(err, c.s.maxBodyBytes);
    if (problem) {
      if (problem.status === 413) c.res.setHeader('connection', 'close');
      throw problem;
    }
    throw err;
  }
}

function upstream(c: Ctx, url: string, init: RequestInit, maxBytes = c.s.maxResponseBytes): Promise<UpstreamResult> {
  c.note.host = new URL(url).host;
  return callUpstream(url, init, { fetch: c.s.fetch, timeoutMs: c.s.timeoutMs, maxBytes, signal: c.signal }).then((result) => {
    if (result.ok) c.note.upstreamStatus = result.status;
    return result;
  });
}

function clientOf(c: Ctx, network: Network): Client {
  const client = c.s[network];
  if (client === undefined) throw new Refusal('not_supported', `This oauth proxy has no ${network} client configured.`);
  return client;
}

/** The Zoho data centre of a request: `accounts-server` checked against the table, `location` in it, both agreeing. */
function zohoRegion(c: Ctx, required: boolean): ZohoRegion {
  const accountsServer = one(c.q, 'accounts-server');
  const rawLocation = one(c.q, 'location');
  let region: ZohoRegion | undefined;
  if (accountsServer !== undefined && accountsServer !== '') {
    region = regionOfAccountsServer(c.s.datacentres, accountsServer);
    if (region === undefined) {
      throw new Refusal(
        'invalid_request',
        'The accounts-server of the redirect is not a Zoho data centre this proxy knows; nothing was sent to it.',
      );
    }
  }
  if (rawLocation !== undefined && rawLocation !== '') {
    const location = rawLocation.toLowerCase();
    if (!isZohoRegion(location)) throw new Refusal('invalid_request', 'location is not a Zoho data centre this proxy knows.');
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
  c.note.region = region;
  return region;
}

function accountsOf(c: Ctx, region: ZohoRegion): string {
  return c.s.datacentres[region].accounts.replace(/\/+$/, '');
}

// ---------------------------------------------------------------------------------------------------------
// 1 and 2: code exchange and refresh (GET, answered by a redirect to the page)

type Trusted = { ok: true; url: URL } | { ok: false; problem: string };

function trustedRedirect(s: Settings, value: string): Trusted {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, problem: 'redirect_uri is not an absolute URL.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'redirect_uri must be an http(s) URL.' };
  if (url.username || url.password) return { ok: false, problem: 'redirect_uri must not carry credentials.' };
  if (!s.redirectOrigins.has(url.origin))
    return { ok: false, problem: `redirect_uri has an origin (${url.origin}) this proxy does not redirect to.` };
  url.hash = '';
  return { ok: true, url };
}

function tryJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
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
    const decoded = tryJsonObject(Buffer.from(raw, 'base64').toString('utf8'));
    if (decoded) return decoded;
  }
  try {
    return tryJsonObject(decodeURIComponent(raw));
  } catch {
    return undefined;
  }
}

function fragment(pairs: ReadonlyArray<readonly [string, string | number | undefined]>): string {
  return pairs
    .filter((pair): pair is readonly [string, string | number] => pair[1] !== undefined && pair[1] !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
}

async function grant(c: Ctx): Promise<void> {
  const { q, s } = c;
  const kind: 'code' | 'refresh' | 'error' = q.has('code') ? 'code' : q.has('refresh_token') ? 'refresh' : 'error';
  c.note.kind = kind === 'refresh' ? 'refresh' : 'code';

  // Phase 1: where may the answer go? Until that is known, every refusal is a plain 400 page.
  let rawState: string | undefined;
  let queryRedirect: string | undefined;
  try {
    rawState = one(q, 'state');
    queryRedirect = one(q, 'redirect_uri');
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    return refusePage(c, err.message);
  }
  const state = parseState(rawState);
  const stateRedirect = typeof state?.redirect_uri === 'string' && state.redirect_uri !== '' ? state.redirect_uri : undefined;
  const target = queryRedirect !== undefined && queryRedirect !== '' ? queryRedirect : stateRedirect;
  if (target === undefined) return refusePage(c, 'redirect_uri is missing.');
  const trusted = trustedRedirect(s, target);
  if (!trusted.ok) return refusePage(c, trusted.problem);
  if (stateRedirect !== undefined && stateRedirect !== target) {
    const other = trustedRedirect(s, stateRedirect);
    if (!other.ok || other.url.href !== trusted.url.href) return refusePage(c, 'redirect_uri differs from the redirect_uri in state.');
  }
  const base = trusted.url.href;

  // Phase 2: the page is trusted; every refusal from here on is an #error= redirect hello.js can read.
  try {
    if (kind === 'error') {
      const name = one(q, 'error') ?? 'error';
      const description = clean(one(q, 'error_description'));
      throw new Refusal(
        name === 'access_denied' ? 'access_denied' : 'invalid_request',
        `The provider answered ${clean(name, 60) ?? 'an error'}${description ? `: ${description}` : ''}.`,
      );
    }
    if (state === undefined) throw new Refusal('invalid_request', 'state is missing or is not the JSON state hello.js sends.');
    const network = state.network;
    if (network !== 'joinme' && network !== 'zoho') {
      throw new Refusal(
        'invalid_request',
        `Unknown network${typeof network === 'string' ? ` "${clean(network, 40) ?? ''}"` : ''} in state: this proxy serves joinme and zoho.`,
      );
    }
    c.note.network = network;
    const client = clientOf(c, network);
    if (state.client_id !== client.client_id)
      throw new Refusal('invalid_request', `The client_id in state is not this proxy's ${network} client.`);
    const queryClient = one(q, 'client_id');
    if (queryClient !== undefined && queryClient !== client.client_id) {
      throw new Refusal('invalid_request', `The client_id is not this proxy's ${network} client.`);
    }

    let tokens: TokenSet;
    let region: ZohoRegion | undefined;
    if (kind === 'code') {
      const code = one(q, 'code');
      if (code === undefined || code === '') throw new Refusal('invalid_request', 'code is empty.');
      if (network === 'joinme')
        tokens = await joinmeGrant(c, client, { grant_type: 'authorization_code', code, redirect_uri: target }, 'code');
      else {
        region = zohoRegion(c, false);
        tokens = await zohoGrant(c, client, region, { grant_type: 'authorization_code', code, redirect_uri: target }, 'code');
      }
    } else {
      const refreshToken = one(q, 'refresh_token');
      if (refreshToken === undefined || refreshToken === '') throw new Refusal('invalid_request', 'refresh_token is empty.');
      if (network === 'joinme')
        tokens = await joinmeGrant(c, client, { grant_type: 'refresh_token', refresh_token: refreshToken }, 'refresh');
      else {
        region = zohoRegion(c, true);
        tokens = await zohoGrant(
          c,
          client,
          region,
          { grant_type: 'refresh_token', refresh_token: refreshToken, redirect_uri: target },
          'refresh',
        );
      }
      // Providers do not send a new refresh token: echo it so the stored session keeps it.
      if (tokens.refresh_token === undefined) tokens.refresh_token = refreshToken;
    }
    const hash = fragment([
      ['access_token', tokens.access_token],
      ['expires_in', tokens.expires_in],
      ['refresh_token', tokens.refresh_token],
      ['scope', tokens.scope],
      ['token_type', tokens.token_type],
      ['location', region],
      ['state', rawState],
    ]);
    sendRedirect(c.res, `${base}#${hash}`);
    finish(c, 302);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    const hash = fragment([
      ['error', err.code],
      ['error_description', err.message],
      ['state', rawState],
    ]);
    sendRedirect(c.res, `${base}#${hash}`);
    finish(c, 302, err.code, err.message);
  }
}

function refusePage(c: Ctx, problem: string): void {
  sendText(c.res, 400, `hellojs-meetings oauth proxy refused this request: ${problem}`);
  finish(c, 400, 'invalid_request', problem);
}

async function joinmeGrant(c: Ctx, client: Client, params: Record<string, string>, kind: 'code' | 'refresh'): Promise<TokenSet> {
  const url = c.s.joinmeEndpoints.token;
  const result = await upstream(c, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ client_id: client.client_id, client_secret: client.client_secret, ...params }),
  });
  return interpretTokenAnswer({ network: 'joinme', kind, host: new URL(url).host }, result, c.s.timeoutMs);
}

async function zohoGrant(
  c: Ctx,
  client: Client,
  region: ZohoRegion,
  params: Record<string, string>,
  kind: 'code' | 'refresh',
): Promise<TokenSet> {
  const url = `${accountsOf(c, region)}/oauth/v2/token`;
  const form = new URLSearchParams({ client_id: client.client_id, client_secret: client.client_secret, ...params });
  const result = await upstream(c, url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  });
  return interpretTokenAnswer({ network: 'zoho', kind, region, host: new URL(url).host }, result, c.s.timeoutMs);
}

// ---------------------------------------------------------------------------------------------------------
// 3: API pass-through

function matchPrefix(prefixes: readonly ApiPrefix[], url: URL): ApiPrefix | undefined {
  return prefixes.find(
    (p) => url.origin === p.origin && (p.path === '' || url.pathname === p.path || url.pathname.startsWith(`${p.path}/`)),
  );
}

function preflight(c: Ctx): void {
  c.note.kind = 'preflight';
  const { allowed, headers } = cors(c);
  if (!allowed) {
    sendText(c.res, 403, 'This origin may not use the oauth proxy.', headers);
    finish(c, 403, 'access_denied');
    return;
  }
  send(
    c.res,
    204,
    {
      ...headers,
      allow: 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      ...(c.origin === undefined || headers['access-control-allow-origin'] === undefined
        ? {}
        : {
            'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
            'access-control-allow-headers': 'Authorization, Content-Type',
            'access-control-max-age': '600',
          }),
    },
    '',
  );
  finish(c, 204);
}

async function passThrough(c: Ctx): Promise<void> {
  c.note.kind = 'api';
  const { allowed, headers: corsHeaders } = cors(c);
  if (!allowed) return refuseOrigin(c, corsHeaders);
  try {
    const path = one(c.q, 'path');
    let target: URL;
    try {
      target = new URL(path ?? '');
    } catch {
      throw new Refusal('invalid_request', 'path must be an absolute URL of the provider API.');
    }
    const prefix = target.username || target.password ? undefined : matchPrefix(c.s.apiPrefixes, target);
    if (prefix === undefined) {
      throw new Refusal('invalid_request', 'path is not a join.me or Zoho Meeting API URL this proxy forwards to.');
    }
    c.note.network = prefix.network;
    if (prefix.region !== undefined) c.note.region = prefix.region;
    const method = (one(c.q, 'method') ?? c.method).toUpperCase();
    if (!API_METHODS.has(method)) throw new Refusal('invalid_request', `method ${clean(method, 10) ?? ''} is not forwarded.`, 405);

    const headers: Record<string, string> = { accept: 'application/json' };
    const authorization = c.req.headers.authorization;
    const accessToken = one(c.q, 'access_token');
    if (typeof authorization === 'string' && authorization !== '') headers.authorization = authorization;
    else if (accessToken !== undefined && accessToken !== '') {
      headers.authorization = `${prefix.network === 'zoho' ? 'Zoho-oauthtoken' : 'Bearer'} ${accessToken}`;
    }
    const accept = c.req.headers.accept;
    if (typeof accept === 'string' && accept !== '') headers.accept = accept;
    let payload: Buffer | undefined;
    if (method !== 'GET') {
      payload = await body(c);
      if (payload.length === 0) payload = undefined;
    }
    const contentType = c.req.headers['content-type'];
    if (payload !== undefined && typeof contentType === 'string' && contentType !== '') headers['content-type'] = contentType;

    const init: RequestInit = { method, headers };
    if (payload !== undefined) init.body = new Uint8Array(payload);
    const result = await upstream(c, target.href, init);
    if (!result.ok) {
      throw upstreamFailure(
        { network: prefix.network, kind: 'code', host: target.host, ...(prefix.region ? { region: prefix.region } : {}) },
        result.reason,
        c.s.timeoutMs,
      );
    }
    const status = result.status >= 200 && result.status <= 599 ? result.status : 502;
    const out: OutgoingHttpHeaders = { ...corsHeaders };
    for (const name of ['content-type', 'www-authenticate', 'x-error-detail-header']) {
      const value = result.headers.get(name);
      if (value !== null) out[name] = value;
    }
    send(c.res, status, out, status === 204 || status === 304 ? Buffer.alloc(0) : result.body);
    finish(c, status);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    answerRefusal(c, err, corsHeaders);
  }
}

// ---------------------------------------------------------------------------------------------------------
// 4: actions with the user's token, the proxy adding the secret

const ACTIONS: Record<string, Network> = { expire_access: 'joinme', revoke: 'zoho' };

async function action(c: Ctx): Promise<void> {
  c.note.kind = 'action';
  const { allowed, headers: corsHeaders } = cors(c);
  if (!allowed) return refuseOrigin(c, corsHeaders);
  try {
    const name = one(c.q, 'action') ?? '';
    const expected = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
    if (expected === undefined)
      throw new Refusal('invalid_request', `Unknown action "${clean(name, 40) ?? ''}": expected expire_access or revoke.`);
    c.note.action = name;
    c.note.network = expected;
    if (c.method !== 'POST') {
      answerJson(
        c,
        405,
        { error: { code: 'invalid_request', message: 'Actions are POST requests.', status: 405 } },
        { ...corsHeaders, allow: 'POST, OPTIONS' },
      );
      return;
    }
    const network = one(c.q, 'network');
    if (network !== undefined && network !== expected) throw new Refusal('not_supported', `${name} is a ${expected} action.`);
    const client = clientOf(c, expected);
    const payload = await body(c);
    const answer = name === 'expire_access' ? await expireAccess(c, client) : await revoke(c, payload);
    answerJson(c, 200, answer, corsHeaders);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    answerRefusal(c, err, corsHeaders);
  }
}

function bearer(req: IncomingMessage): string | undefined {
  const value = req.headers.authorization;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

async function expireAccess(c: Ctx, client: Client): Promise<{ success: true; message: string }> {
  const token = bearer(c.req);
  if (token === undefined) throw new Refusal('invalid_token', 'Send the access token to expire as "Authorization: Bearer <token>".', 401);
  const url = c.s.joinmeEndpoints.expire;
  const ctx: CallContext = { network: 'joinme', kind: 'expire', host: new URL(url).host };
  const result = await upstream(
    c,
    url,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ access_token: token, client_id: client.client_id, client_secret: client.client_secret }),
    },
    65_536,
  );
  if (!result.ok) throw upstreamFailure(ctx, result.reason, c.s.timeoutMs);
  const answer = jsonObject(result.body);
  const success = answer?.success;
  const message = clean(answer?.message) ?? clean(answer?.Message);
  if (
    result.status >= 200 &&
    result.status < 300 &&
    (success === true || (typeof success === 'string' && success.toLowerCase() === 'true'))
  ) {
    return { success: true, message: message ?? 'Access Token Expired' };
  }
  const error = answer === undefined ? undefined : errorOf(answer);
  if (error !== undefined) throw mapProviderError(ctx, result.status, error.name, error.description);
  if (result.status >= 500) throw new Refusal('server_error', `join.me answered HTTP ${result.status} to expire_access.`);
  if (result.status === 401) throw new Refusal('invalid_token', `join.me refused the access token${message ? `: ${message}` : ''}.`);
  if (result.status >= 400) throw mapProviderError(ctx, result.status, `HTTP ${result.status}`, message);
  if (success === false || (typeof success === 'string' && success.toLowerCase() === 'false')) {
    throw new Refusal('invalid_request', `join.me could not expire the access token${message ? `: ${message}` : ''}.`);
  }
  throw new Refusal('server_error', 'join.me answered expire_access with an unexpected body.');
}

function tokenFromBody(payload: Buffer, contentType: string | undefined): string | undefined {
  const text = payload.toString('utf8');
  if (/^application\/x-www-form-urlencoded/i.test(contentType ?? '')) {
    const params = new URLSearchParams(text);
    if (params.getAll('token').length > 1) return undefined;
    return params.get('token') ?? undefined;
  }
  const json = jsonObject(payload);
  const token = json?.token;
  return typeof token === 'string' ? token : undefined;
}

async function revoke(c: Ctx, payload: Buffer): Promise<{ success: true }> {
  const token = tokenFromBody(payload, c.req.headers['content-type']);
  if (token === undefined || token === '' || token.length > MAX_PARAM) {
    throw new Refusal('invalid_request', 'Send the refresh token to revoke as the JSON body {"token":"<refresh token>"}.');
  }
  const region = zohoRegion(c, true);
  const url = `${accountsOf(c, region)}/oauth/v2/token/revoke?${new URLSearchParams({ token }).toString()}`;
  const ctx: CallContext = { network: 'zoho', kind: 'revoke', region, host: new URL(url).host };
  const result = await upstream(c, url, { method: 'POST', headers: { accept: 'application/json' } }, 65_536);
  if (!result.ok) throw upstreamFailure(ctx, result.reason, c.s.timeoutMs);
  const answer = jsonObject(result.body);
  const error = answer === undefined ? undefined : errorOf(answer);
  if (result.status >= 200 && result.status < 300 && error === undefined) return { success: true };
  if (error !== undefined) throw mapProviderError(ctx, result.status, error.name, error.description);
  if (result.status === 400 || result.status === 401) {
    throw new Refusal('invalid_token', 'Zoho does not know this refresh token (already revoked, expired, or of another data centre).');
  }
  if (result.status >= 500) throw new Refusal('server_error', `Zoho answered HTTP ${result.status} to revoke.`);
  throw mapProviderError(ctx, result.status, `HTTP ${result.status}`);
}
