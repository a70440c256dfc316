// Protocol step 3: the API pass-through (hello.js's `p.proxy`), to the providers' API hosts only, answering
// JSON or an empty body only: a provider page (HTML) relayed from the site's origin could run script there.
import type { ApiPrefix } from './config.ts';
import type { Ctx, HeaderMap, ProxyAnswer } from './context.ts';
import { answerRaw, answerRefusal, bodyOf, cors, finish, one, refuseOrigin, upstream } from './context.ts';
import { clean, providerLabel, Refusal, textOf, upstreamFailure } from './tokens.ts';

const API_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const EMPTY = new Uint8Array(0);

function matchPrefix(prefixes: readonly ApiPrefix[], url: URL): ApiPrefix | undefined {
  return prefixes.find(
    (prefix) =>
      url.origin === prefix.origin && (prefix.path === '' || url.pathname === prefix.path || url.pathname.startsWith(`${prefix.path}/`)),
  );
}

/** True when `body` is empty (after whitespace) or one JSON value. */
function isJsonOrEmpty(body: Uint8Array): boolean {
  if (body.length === 0) return true;
  const text = textOf(body);
  if (text.trim() === '') return true;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export async function passThrough(ctx: Ctx): Promise<ProxyAnswer> {
  ctx.note.kind = 'api';
  const { allowed, headers: corsHeaders } = cors(ctx);
  if (!allowed) return refuseOrigin(ctx, corsHeaders);
  try {
    const path = one(ctx.query, 'path');
    let target: URL;
    try {
      target = new URL(path ?? '');
    } catch {
      throw new Refusal('invalid_request', 'path must be an absolute URL of the provider API.');
    }
    const prefix = target.username || target.password ? undefined : matchPrefix(ctx.settings.apiPrefixes, target);
    if (prefix === undefined) {
      throw new Refusal('invalid_request', 'path is not a join.me or Zoho Meeting API URL this proxy forwards to.');
    }
    ctx.note.network = prefix.network;
    if (prefix.region !== undefined) ctx.note.region = prefix.region;
    const method = (one(ctx.query, 'method') ?? ctx.method).toUpperCase();
    if (!API_METHODS.has(method)) throw new Refusal('invalid_request', `method ${clean(method, 10) ?? ''} is not forwarded.`, 405);

    const headers: HeaderMap = { accept: 'application/json' };
    const authorization = ctx.request.header('authorization');
    const accessToken = one(ctx.query, 'access_token');
    if (authorization !== undefined && authorization !== '') headers.authorization = authorization;
    else if (accessToken !== undefined && accessToken !== '') {
      headers.authorization = `${prefix.network === 'zoho' ? 'Zoho-oauthtoken' : 'Bearer'} ${accessToken}`;
    }
    const accept = ctx.request.header('accept');
    if (accept !== undefined && accept !== '') headers.accept = accept;
    let payload: Uint8Array | undefined;
    if (method !== 'GET') {
      payload = await bodyOf(ctx);
      if (payload.length === 0) payload = undefined;
    }
    const contentType = ctx.request.header('content-type');
    if (payload !== undefined && contentType !== undefined && contentType !== '') headers['content-type'] = contentType;

    const result = await upstream(ctx, target.href, { method, headers, body: payload as Uint8Array<ArrayBuffer> | undefined });
    const call = { network: prefix.network, kind: 'code' as const, host: target.host, ...(prefix.region ? { region: prefix.region } : {}) };
    if (!result.ok) throw upstreamFailure(call, result.reason, ctx.settings.timeoutMs);
    const status = result.status >= 200 && result.status <= 599 ? result.status : 502;
    const body = status === 204 || status === 304 ? EMPTY : result.body;
    if (!isJsonOrEmpty(body)) {
      const type = clean(result.headers.get('content-type')?.split(';')[0], 60) ?? 'no content type';
      throw new Refusal(
        'server_error',
        `${providerLabel(call)} answered HTTP ${result.status} with a body that is not JSON (${type}); the oauth proxy passes on JSON only.`,
        502,
      );
    }
    const out: HeaderMap = { ...corsHeaders };
    if (body.length > 0) out['content-type'] = 'application/json; charset=utf-8';
    for (const name of ['www-authenticate', 'x-error-detail-header']) {
      const value = result.headers.get(name);
      if (value !== null) out[name] = value;
    }
    finish(ctx, status);
    return answerRaw(ctx, status, out, body);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    return answerRefusal(ctx, err, corsHeaders);
  }
}
