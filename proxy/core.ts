// The runtime-free core: one function from a ProxyRequest to a ProxyAnswer, routed by query and method only.
// It keeps nothing between requests; the adapters (node.ts, fetch.ts) only translate.
import { action } from './actions.ts';
import type { Settings } from './config.ts';
import type { Ctx, ProxyAnswer, ProxyRequest } from './context.ts';
import { answerJson, answerRaw, answerText, BASE_HEADERS, cors, finish } from './context.ts';
import { discoverDatacentres } from './discovery.ts';
import { grant } from './grant.ts';
import { passThrough } from './pass-through.ts';
import { queryOf } from './query.ts';
import { saneRequestId } from './request-id.ts';

export type { ProxyAnswer, ProxyRequest } from './context.ts';
export { BodyIncomplete, BodyTooLarge } from './context.ts';

/** Answers one request; `undefined` when it is none of the protocol's calls and `passOn` is set (Express's `next`). */
export type CoreHandler = (request: ProxyRequest, passOn?: boolean) => Promise<ProxyAnswer | undefined>;

/** The core over validated settings; a Zoho data-centre discovery, when configured, starts now. */
export function createCore(settings: Settings): CoreHandler {
  let current: Settings | Promise<Settings> = settings;
  if (settings.discoverDatacentres) {
    current = discoverDatacentres(settings).then(
      (found) => {
        current = found;
        return found;
      },
      () => settings,
    );
  }
  // route answers at once or with a promise (a provider call, a body to read); whatever it throws or rejects
  // with is an internal error. No async frame of its own, one promise chain per request.
  const run = (active: Settings, request: ProxyRequest, passOn: boolean): Promise<ProxyAnswer | undefined> => {
    let answer: ProxyAnswer | undefined | Promise<ProxyAnswer | undefined>;
    try {
      answer = route(active, request, passOn);
    } catch (err) {
      return Promise.resolve(internalError(active, err, request));
    }
    return answer instanceof Promise ? answer.catch((err: unknown) => internalError(active, err, request)) : Promise.resolve(answer);
  };
  return (request, passOn = false) =>
    current instanceof Promise ? current.then((active) => run(active, request, passOn)) : run(current, request, passOn);
}

/** Never crash, never leave a request unanswered. */
export function internalError(settings: Settings, err: unknown, request?: ProxyRequest): ProxyAnswer {
  const name = err instanceof Error ? err.name : typeof err;
  let requestId: { requestId?: string } = {};
  try {
    if (request !== undefined) requestId = requestIdNote(request);
  } catch {
    // The request itself may be what broke.
  }
  settings.log({ level: 'error', message: `internal error (${name})`, status: 500, code: 'server_error', ...requestId });
  return {
    status: 500,
    headers: { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code: 'server_error', message: 'The oauth proxy had an internal error.', status: 500 } }),
  };
}

function route(settings: Settings, request: ProxyRequest, passOn: boolean): ProxyAnswer | undefined | Promise<ProxyAnswer> {
  const started = Date.now();
  const query = queryOf(request.url);
  if (query === undefined) {
    const ctx = context(settings, request, new URLSearchParams(), started);
    return answerText(ctx, 400, 'Bad request: the URL cannot be parsed.');
  }
  const ctx = context(settings, request, query, started);
  const { method } = ctx;

  if (method === 'OPTIONS') return preflight(ctx);
  if (query.has('action')) return action(ctx);
  if (query.has('path')) return passThrough(ctx);
  if (query.has('code') || query.has('refresh_token') || (query.has('error') && query.has('state'))) {
    if (method !== 'GET') {
      return answerJson(
        ctx,
        405,
        { error: { code: 'invalid_request', message: 'The code and refresh flows are GET requests.', status: 405 } },
        { allow: 'GET' },
      );
    }
    return grant(ctx);
  }
  if (passOn) return undefined;
  if ((method === 'GET' || method === 'HEAD') && [...query.keys()].length === 0) {
    return answerText(ctx, 200, 'hellojs-meetings oauth proxy');
  }
  ctx.note.kind = 'other';
  return answerJson(ctx, 400, {
    error: { code: 'invalid_request', message: 'Nothing to do: expected code, refresh_token, path or action in the query.', status: 400 },
  });
}

function requestIdNote(request: ProxyRequest): { requestId?: string } {
  const requestId = saneRequestId(request.header('x-request-id'));
  return requestId === undefined ? {} : { requestId };
}

function context(settings: Settings, request: ProxyRequest, query: URLSearchParams, started: number): Ctx {
  const origin = request.header('origin');
  return {
    settings,
    request,
    query,
    method: request.method.toUpperCase(),
    origin: origin !== undefined && origin !== '' ? origin : undefined,
    started,
    // The log hook for request ids: a sane X-Request-Id goes on the request's events (the CLI sets one).
    note: requestIdNote(request),
    closeAfter: false,
  };
}

function preflight(ctx: Ctx): ProxyAnswer {
  ctx.note.kind = 'preflight';
  const { allowed, headers } = cors(ctx);
  if (!allowed) {
    finish(ctx, 403, 'access_denied');
    return answerText(ctx, 403, 'This origin may not use the oauth proxy.', headers);
  }
  finish(ctx, 204);
  return answerRaw(
    ctx,
    204,
    {
      ...headers,
      allow: 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      ...(ctx.origin === undefined || headers['access-control-allow-origin'] === undefined
        ? {}
        : {
            'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
            'access-control-allow-headers': 'Authorization, Content-Type',
            'access-control-max-age': '600',
          }),
    },
    '',
  );
}
