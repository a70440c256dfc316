// Shared by the proxy tests: a running proxy, a recording fake fetch, and readers of the proxy's answers.
import { listen, startHandler } from './proxy-adapter.mjs';

export const SITE = 'http://localhost:8000';
export const REDIRECT = `${SITE}/redirect.html`;
export const JOINME = Object.freeze({ client_id: 'joinme-key', client_secret: 'joinme-SECRET-value' });
export const ZOHO = Object.freeze({ client_id: '1000.ZOHOCLIENT', client_secret: 'zoho-SECRET-value' });

export { listen };

/** A proxy with both clients, a recorded log, on loopback. */
export async function startProxy(overrides = {}) {
  const events = [];
  const config = {
    redirectOrigins: [SITE],
    joinme: { ...JOINME },
    zoho: { ...ZOHO },
    log: (event) => events.push(event),
    ...overrides,
  };
  const running = await startHandler(config);
  return { ...running, events };
}

/**
 * A fake fetch that records every call and answers with `answer(url, call)` (a Response, or a plain
 * object sent as JSON with status 200).
 */
export function recordingFetch(answer = () => ({ access_token: 'AT-1', refresh_token: 'RT-1' })) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers ?? {}).entries());
    let body = init.body;
    if (body instanceof Uint8Array) body = Buffer.from(body).toString('utf8');
    const call = { url: String(url), method: init.method ?? 'GET', headers, body, signal: init.signal };
    calls.push(call);
    const result = await answer(String(url), call);
    if (result instanceof Response) return result;
    return Response.json(result);
  };
  fetch.calls = calls;
  return fetch;
}

/** hello.js's state for a login: the JSON string the redirect page forwards. */
export function helloState(network, extra = {}) {
  const clientId = network === 'zoho' ? ZOHO.client_id : JOINME.client_id;
  return JSON.stringify({
    client_id: clientId,
    network,
    display: 'popup',
    callback: '_hellojs_abc123',
    state: '',
    redirect_uri: REDIRECT,
    scope: 'basic',
    oauth: { version: 2, auth: 'https://provider.example/auth', grant: 'https://provider.example/token' },
    oauth_proxy: 'http://127.0.0.1/proxy',
    ...extra,
  });
}

/** Runs `fn` with a proxy whose fetch answers `answer` (and the recording fetch); closes the proxy after. */
export async function withProxy(answer, fn, overrides = {}) {
  const fetch = recordingFetch(answer);
  const proxy = await startProxy({ fetch, ...overrides });
  try {
    return await fn(proxy, fetch);
  } finally {
    await proxy.close();
  }
}

/** GET the proxy without following redirects. */
export function get(base, params, init = {}) {
  const qs = params instanceof URLSearchParams ? params : new URLSearchParams(params);
  return fetch(`${base}?${qs}`, { redirect: 'manual', ...init });
}

/** The fragment of a proxy redirect as an object (hello.js reads it with decodeURIComponent). */
export function fragmentOf(response) {
  const location = response.headers.get('location');
  if (location === null) throw new Error(`no Location (status ${response.status})`);
  const hash = location.slice(location.indexOf('#') + 1);
  const out = {};
  for (const pair of hash.split('&')) {
    const [key, value] = pair.split('=');
    out[decodeURIComponent(key)] = decodeURIComponent(value ?? '');
  }
  out.__base = location.slice(0, location.indexOf('#'));
  return out;
}

/** A code-exchange query as hello.js's redirect page sends it. */
export function codeQuery(network, extra = {}) {
  return { code: 'CODE-1', state: helloState(network), redirect_uri: REDIRECT, ...extra };
}

/** A refresh query as hello.js's hidden iframe sends it. */
export function refreshQuery(network, extra = {}) {
  const clientId = network === 'zoho' ? ZOHO.client_id : JOINME.client_id;
  return {
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    state: helloState(network, { display: 'none' }),
    scope: 'basic',
    refresh_token: 'RT-OLD',
    ...extra,
  };
}

/** Asserts that no secret, token or code leaked into the log events. */
export function leaked(events, needles) {
  const text = JSON.stringify(events);
  return needles.filter((needle) => text.includes(needle));
}
