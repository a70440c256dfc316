// Protocol step 4: the actions that need the secret with the user's token (join.me expire_access, Zoho revoke).
import type { ProviderName } from '../modules/types.ts';
import type { Client } from './config.ts';
import type { Ctx, ProxyAnswer } from './context.ts';
import {
  accountsOf,
  answerJson,
  answerRefusal,
  bodyOf,
  clientOf,
  cors,
  MAX_PARAM,
  one,
  refuseOrigin,
  upstream,
  zohoRegion,
} from './context.ts';
import type { CallContext } from './tokens.ts';
import { clean, errorOf, jsonObject, mapProviderError, Refusal, textOf, upstreamFailure } from './tokens.ts';
import { hostOf } from './upstream.ts';

const ACTIONS: Record<string, ProviderName> = { expire_access: 'joinme', revoke: 'zoho' };
const ACTION_ANSWER_BYTES = 65_536;

export async function action(ctx: Ctx): Promise<ProxyAnswer> {
  ctx.note.kind = 'action';
  const { allowed, headers: corsHeaders } = cors(ctx);
  if (!allowed) return refuseOrigin(ctx, corsHeaders);
  try {
    const name = one(ctx.query, 'action') ?? '';
    const expected = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
    if (expected === undefined)
      throw new Refusal('invalid_request', `Unknown action "${clean(name, 40) ?? ''}": expected expire_access or revoke.`);
    ctx.note.action = name;
    ctx.note.network = expected;
    if (ctx.method !== 'POST') {
      return answerJson(
        ctx,
        405,
        { error: { code: 'invalid_request', message: 'Actions are POST requests.', status: 405 } },
        { ...corsHeaders, allow: 'POST, OPTIONS' },
      );
    }
    const network = one(ctx.query, 'network');
    if (network !== undefined && network !== expected) throw new Refusal('not_supported', `${name} is a ${expected} action.`);
    const client = clientOf(ctx, expected);
    const payload = await bodyOf(ctx);
    const answer = name === 'expire_access' ? await expireAccess(ctx, client) : await revoke(ctx, payload);
    return answerJson(ctx, 200, answer, corsHeaders);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    return answerRefusal(ctx, err, corsHeaders);
  }
}

function bearer(ctx: Ctx): string | undefined {
  const value = ctx.request.header('authorization');
  if (value === undefined) return undefined;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1];
}

function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

async function expireAccess(ctx: Ctx, client: Client): Promise<{ success: true; message: string }> {
  const token = bearer(ctx);
  if (token === undefined) throw new Refusal('invalid_token', 'Send the access token to expire as "Authorization: Bearer <token>".', 401);
  const url = ctx.settings.joinmeEndpoints.expire;
  const call: CallContext = { network: 'joinme', kind: 'expire', host: hostOf(url) };
  const result = await upstream(
    ctx,
    url,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ access_token: token, client_id: client.client_id, client_secret: client.client_secret }),
    },
    ACTION_ANSWER_BYTES,
  );
  if (!result.ok) throw upstreamFailure(call, result.reason, ctx.settings.timeoutMs);
  const answer = jsonObject(result.body);
  const success = answer?.success;
  const message = clean(answer?.message) ?? clean(answer?.Message);
  if (result.status >= 200 && result.status < 300 && isTrue(success)) return { success: true, message: message ?? 'Access Token Expired' };
  const error = answer === undefined ? undefined : errorOf(answer);
  if (error !== undefined) throw mapProviderError(call, result.status, error.name, error.description);
  if (result.status >= 500) throw new Refusal('server_error', `join.me answered HTTP ${result.status} to expire_access.`);
  if (result.status === 401) throw new Refusal('invalid_token', `join.me refused the access token${message ? `: ${message}` : ''}.`);
  if (result.status >= 400) throw mapProviderError(call, result.status, `HTTP ${result.status}`, message);
  if (success === false || (typeof success === 'string' && success.toLowerCase() === 'false')) {
    throw new Refusal('invalid_request', `join.me could not expire the access token${message ? `: ${message}` : ''}.`);
  }
  throw new Refusal('server_error', 'join.me answered expire_access with an unexpected body.');
}

function tokenFromBody(payload: Uint8Array, contentType: string | undefined): string | undefined {
  if (/^application\/x-www-form-urlencoded/i.test(contentType ?? '')) {
    const params = new URLSearchParams(textOf(payload));
    if (params.getAll('token').length > 1) return undefined;
    return params.get('token') ?? undefined;
  }
  const token = jsonObject(payload)?.token;
  return typeof token === 'string' ? token : undefined;
}

async function revoke(ctx: Ctx, payload: Uint8Array): Promise<{ success: true }> {
  const token = tokenFromBody(payload, ctx.request.header('content-type'));
  if (token === undefined || token === '' || token.length > MAX_PARAM) {
    throw new Refusal('invalid_request', 'Send the refresh token to revoke as the JSON body {"token":"<refresh token>"}.');
  }
  const region = zohoRegion(ctx, true);
  const url = `${accountsOf(ctx, region)}/oauth/v2/token/revoke?${new URLSearchParams({ token }).toString()}`;
  const call: CallContext = { network: 'zoho', kind: 'revoke', region, host: hostOf(url) };
  const result = await upstream(ctx, url, { method: 'POST', headers: { accept: 'application/json' } }, ACTION_ANSWER_BYTES);
  if (!result.ok) throw upstreamFailure(call, result.reason, ctx.settings.timeoutMs);
  const answer = jsonObject(result.body);
  const error = answer === undefined ? undefined : errorOf(answer);
  if (result.status >= 200 && result.status < 300 && error === undefined) return { success: true };
  if (error !== undefined) throw mapProviderError(call, result.status, error.name, error.description);
  if (result.status === 400 || result.status === 401) {
    throw new Refusal('invalid_token', 'Zoho does not know this refresh token (already revoked, expired, or of another data centre).');
  }
  if (result.status >= 500) throw new Refusal('server_error', `Zoho answered HTTP ${result.status} to revoke.`);
  throw mapProviderError(call, result.status, `HTTP ${result.status}`);
}
