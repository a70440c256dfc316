import assert from 'node:assert/strict';
/**
 * Helpers for Node tests that talk to the emulator over HTTP (the emulator's own tests, and any
 * other suite that needs a real token: the proxy's, for instance). Node only.
 */
import { createEmulator } from './index.mjs';
import { JOINME_CLIENT_ID, ZOHO_CLIENT_ID } from './urls.mjs';

export const TEST_REDIRECT_URI = 'http://localhost:8765/test/browser/redirect.html';

/** Fixed secrets for these tests, given through the emulator's options (an emulator makes random ones otherwise). */
export const JOINME_CLIENT = Object.freeze({ client_id: JOINME_CLIENT_ID, client_secret: 'joinme-test-secret' });
export const ZOHO_CLIENT = Object.freeze({ client_id: ZOHO_CLIENT_ID, client_secret: 'zoho-test-secret' });
export const TEST_CLIENTS = Object.freeze({ joinme: JOINME_CLIENT, zoho: ZOHO_CLIENT });

/**
 * Starts an emulator on an ephemeral port.
 * @param {import('./index.mjs').EmulatorOptions} [options]
 */
export async function startEmulator(options = {}) {
  const emu = createEmulator({ redirectUris: [TEST_REDIRECT_URI], clients: TEST_CLIENTS, ...options });
  const { origin, close } = await emu.listen(0);
  const endpoints = emu.urls(origin);
  /**
   * Calls the control API.
   * @param {string} path e.g. 'clock'
   * @param {unknown} [body] JSON body (POST when given, else GET)
   * @param {string} [method]
   */
  const control = async (path, body, method = body === undefined ? 'GET' : 'POST') => {
    const response = await fetch(`${origin}/__emu/control/${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return { emu, origin, endpoints, close, control };
}

/**
 * The parts of a redirect answer.
 * @param {Response} response
 */
export function readRedirect(response) {
  const location = response.headers.get('location') ?? '';
  const [beforeHash, fragment = ''] = location.split('#');
  const query = beforeHash?.includes('?') ? beforeHash.slice(beforeHash.indexOf('?') + 1) : '';
  return {
    status: response.status,
    location,
    query: new URLSearchParams(query),
    fragment: new URLSearchParams(fragment),
    /** The raw fragment, to check quirks like a leading '&'. */
    rawFragment: fragment,
  };
}

/**
 * GET an authorize URL without following the redirect.
 * @param {string} authUrl
 * @param {Record<string, string | undefined>} params undefined values are left out
 */
export async function authorizeAt(authUrl, params) {
  const url = new URL(authUrl);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  const response = await fetch(url, { redirect: 'manual' });
  await response.arrayBuffer();
  return readRedirect(response);
}

/** @param {string} url @param {Record<string, string>} fields */
export async function postForm(url, fields) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

/** @param {string} url @param {unknown} value @param {Record<string, string>} [headers] */
export async function postJson(url, value, headers = {}) {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) });
}

/** @typedef {ReturnType<typeof import('./urls.mjs').emulatorUrls>} Endpoints */

/**
 * join.me authorize with the default client and test redirect URI.
 * @param {Endpoints} endpoints
 * @param {{ response_type?: string, scope?: string, state?: string, login_hint?: string, [key: string]: string | undefined }} [params]
 */
export function joinmeAuthorize(endpoints, params = {}) {
  return authorizeAt(endpoints.joinme.auth, {
    client_id: JOINME_CLIENT.client_id,
    redirect_uri: TEST_REDIRECT_URI,
    response_type: 'token',
    scope: 'user_info scheduler start_meeting',
    state: 'st',
    ...params,
  });
}

/**
 * An implicit-grant join.me access token.
 * @param {Endpoints} endpoints
 * @param {Parameters<typeof joinmeAuthorize>[1]} [params]
 */
export async function joinmeToken(endpoints, params = {}) {
  const token = (await joinmeAuthorize(endpoints, params)).fragment.get('access_token');
  if (!token) throw new Error('no join.me token');
  return token;
}

/**
 * The code grant, end to end: authorize, then exchange the code. Returns the token endpoint's answer.
 * @param {Endpoints} endpoints
 * @param {Parameters<typeof joinmeAuthorize>[1]} [params]
 */
export async function joinmeCodeGrant(endpoints, params = {}) {
  const code = (await joinmeAuthorize(endpoints, { response_type: 'code', ...params })).query.get('code');
  const response = await postJson(endpoints.joinme.token, {
    grant_type: 'authorization_code',
    code,
    client_id: JOINME_CLIENT.client_id,
    client_secret: JOINME_CLIENT.client_secret,
    redirect_uri: TEST_REDIRECT_URI,
  });
  return /** @type {Record<string, any>} */ (await response.json());
}

/**
 * Zoho authorize at `region` with the default client and test redirect URI.
 * @param {Endpoints} endpoints
 * @param {string} region
 * @param {Record<string, string | undefined>} [params]
 */
export function zohoAuthorize(endpoints, region, params = {}) {
  return authorizeAt(`${endpoints.zoho.datacentres[region]?.accounts}/oauth/v2/auth`, {
    client_id: ZOHO_CLIENT.client_id,
    redirect_uri: TEST_REDIRECT_URI,
    response_type: 'token',
    scope:
      'ZohoMeeting.meeting.ALL,ZohoMeeting.webinar.READ,ZohoMeeting.webinar.CREATE,ZohoMeeting.webinar.UPDATE,ZohoMeeting.webinar.DELETE,ZohoMeeting.manageOrg.READ',
    state: 'st',
    ...params,
  });
}

/**
 * An implicit-grant Zoho token and the data centre it belongs to.
 * @param {Endpoints} endpoints
 * @param {string} region where the login starts
 * @param {Record<string, string | undefined>} [params]
 */
export async function zohoToken(endpoints, region, params = {}) {
  const { fragment } = await zohoAuthorize(endpoints, region, params);
  const token = fragment.get('access_token');
  if (!token) throw new Error('no Zoho token');
  return { token, location: /** @type {string} */ (fragment.get('location')) };
}

/**
 * Zoho token endpoint call (form body) at `region`.
 * @param {Endpoints} endpoints
 * @param {string} region
 * @param {Record<string, string>} fields client_id and client_secret are added unless given
 */
export async function zohoTokenCall(endpoints, region, fields) {
  const response = await postForm(`${endpoints.zoho.datacentres[region]?.accounts}/oauth/v2/token`, {
    client_id: ZOHO_CLIENT.client_id,
    client_secret: ZOHO_CLIENT.client_secret,
    ...fields,
  });
  return { status: response.status, body: /** @type {Record<string, any>} */ (await response.json()) };
}

/**
 * The Zoho code grant, end to end. Returns the redirect and the token endpoint's answer.
 * @param {Endpoints} endpoints
 * @param {string} region where the login starts (the exchange goes to the user's home region)
 * @param {Record<string, string | undefined>} [params]
 */
export async function zohoCodeGrant(endpoints, region, params = {}) {
  const redirect = await zohoAuthorize(endpoints, region, { response_type: 'code', access_type: 'offline', ...params });
  const home = /** @type {string} */ (redirect.query.get('location'));
  const answer = await zohoTokenCall(endpoints, home, {
    grant_type: 'authorization_code',
    code: /** @type {string} */ (redirect.query.get('code')),
    redirect_uri: TEST_REDIRECT_URI,
  });
  return { redirect, home, answer: answer.body };
}

/**
 * Asks an authorize URL with `base` overridden by `params` (undefined removes one) and checks the answer is
 * what both providers show for bad parameters: an HTML error page (400), never a redirect. Returns its text.
 * @param {string} authUrl @param {Record<string, string>} base @param {Record<string, string | undefined>} params
 */
export async function expectAuthorizeErrorPage(authUrl, base, params) {
  const url = new URL(authUrl);
  for (const [key, value] of Object.entries({ ...base, ...params })) if (value !== undefined) url.searchParams.set(key, value);
  const response = await fetch(url, { redirect: 'manual' });
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('location'), null);
  assert.match(String(response.headers.get('content-type')), /text\/html/);
  return response.text();
}
