// End to end against the provider emulator: hello.js's redirect page and refresh iframe are played by
// plain HTTP calls, the proxy talks to the emulated join.me and Zoho (several data centres).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createEmulator } from '../../emulator/index.mjs';
import { fragmentOf, get, REDIRECT, SITE, startProxy } from './proxy-helpers.mjs';

const JOINME_SCOPE = 'user_info scheduler start_meeting';
// user.json needs manageOrg.READ (the emulator follows Zoho's seed page).
const ZOHO_SCOPE = 'ZohoMeeting.meeting.ALL,ZohoMeeting.manageOrg.READ';

let emu;
let emuServer;
let endpoints;
let proxy;
let origin;

before(async () => {
  emu = createEmulator({ redirectUris: [REDIRECT], consent: 'auto', onError: (err) => console.error('[emulator]', err) });
  emuServer = await emu.listen(0);
  origin = emuServer.origin;
  endpoints = emu.urls(origin);
  proxy = await startProxy(proxyConfig());
});

/** The proxy's config: both clients, pointed at the emulator. */
function proxyConfig() {
  return {
    joinme: {
      ...emu.clients.joinme,
      endpoints: { token: endpoints.joinme.token, expire: endpoints.joinme.expire, api: `${origin}/__emu/joinme/api` },
    },
    zoho: { ...emu.clients.zoho, datacentres: endpoints.zoho.datacentres },
  };
}

after(async () => {
  await proxy?.close();
  await emuServer?.close();
});

beforeEach(() => emu.reset());

/** hello.js's state for a code-grant login. */
function stateFor(network) {
  return JSON.stringify({
    client_id: emu.clients[network].client_id,
    network,
    display: 'popup',
    callback: '_hellojs_e2e',
    state: '',
    redirect_uri: REDIRECT,
    scope: 'basic',
    oauth: { version: 2, auth: 'ignored', grant: 'ignored' },
    oauth_proxy: proxy.url,
  });
}

/**
 * Logs in with the code grant: the provider's authorize page (auto consent), then what hello.js's
 * redirect page does (every query parameter of the ?code= redirect, plus redirect_uri, to the proxy).
 * Returns the fragment the proxy redirects to, and the parameters that were forwarded.
 */
async function login(network, { email, startRegion = 'us', tamper, via = proxy } = {}) {
  const auth = new URL(network === 'joinme' ? endpoints.joinme.auth : `${endpoints.zoho.datacentres[startRegion].accounts}/oauth/v2/auth`);
  const state = stateFor(network);
  const params = {
    client_id: emu.clients[network].client_id,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: network === 'joinme' ? JOINME_SCOPE : ZOHO_SCOPE,
    state,
    ...(email ? { login_hint: email } : {}),
    ...(network === 'zoho' ? { access_type: 'offline', prompt: 'consent' } : {}),
  };
  for (const [key, value] of Object.entries(params)) auth.searchParams.set(key, value);
  const authorized = await fetch(auth, { redirect: 'manual' });
  await authorized.arrayBuffer();
  assert.equal(authorized.status, 302, 'the emulator redirects with a code');
  const back = new URL(authorized.headers.get('location'));
  assert.equal(`${back.origin}${back.pathname}`, REDIRECT);
  const forwarded = Object.fromEntries(back.searchParams);
  assert.ok(forwarded.code, 'a code came back');
  forwarded.redirect_uri = REDIRECT;
  if (tamper) tamper(forwarded);
  const res = await get(via.url, forwarded);
  assert.equal(res.status, 302);
  return { fragment: fragmentOf(res), forwarded, state };
}

/** What hello.js's hidden iframe loads to refresh a session. */
async function refresh(network, session, extra = {}, via = proxy) {
  const res = await get(via.url, {
    client_id: emu.clients[network].client_id,
    response_type: 'code',
    redirect_uri: REDIRECT,
    state: stateFor(network).replace('"popup"', '"none"'),
    scope: 'basic',
    refresh_token: session.refresh_token,
    ...(session.location ? { location: session.location } : {}),
    ...extra,
  });
  assert.equal(res.status, 302);
  return fragmentOf(res);
}

/** An API call through the proxy's pass-through, as hello.js sends it with p.proxy = true. */
async function api(url, authorization, init = {}, via = proxy) {
  const qs = new URLSearchParams([
    ['path', url],
    ['access_token', ''],
    ['then', 'proxy'],
    ['method', (init.method ?? 'get').toLowerCase()],
    ['suppress_response_codes', 'true'],
  ]);
  return fetch(`${via.url}?${qs}`, { ...init, headers: { origin: SITE, authorization, ...(init.headers ?? {}) } });
}

const joinmeUser = (token, via) => api(`${origin}/__emu/joinme/api/v1/user`, `Bearer ${token}`, {}, via);
const zohoUser = (region, token, via) =>
  api(`${endpoints.zoho.datacentres[region].meeting}/api/v2/user.json`, `Zoho-oauthtoken ${token}`, {}, via);

describe('join.me through the emulator', { timeout: 30_000 }, () => {
  test('join.me code exchange and refresh through the emulator', async () => {
    const { fragment: session, state } = await login('joinme', { email: 'ada@example.com' });
    assert.equal(session.error, undefined, session.error_description);
    assert.ok(session.access_token);
    assert.ok(session.refresh_token);
    assert.equal(session.state, state);
    const me = await joinmeUser(session.access_token);
    assert.equal(me.status, 200);
    assert.equal((await me.json()).email, 'ada@example.com');
    assert.equal(me.headers.get('access-control-allow-origin'), SITE);

    const renewed = await refresh('joinme', session);
    assert.equal(renewed.error, undefined, renewed.error_description);
    assert.notEqual(renewed.access_token, session.access_token);
    assert.equal(renewed.refresh_token, session.refresh_token, 'the refresh token is echoed');
    assert.equal(renewed.expires_in, '86400');
    assert.equal((await (await joinmeUser(renewed.access_token)).json()).email, 'ada@example.com');
  });

  test("join.me's missing expires_in is filled with 86400 (emulator answers without it)", async () => {
    const { fragment } = await login('joinme');
    assert.equal(fragment.expires_in, '86400');
  });

  test('join.me code used twice: the second exchange is invalid_request', async () => {
    const first = await login('joinme');
    assert.ok(first.fragment.access_token);
    const again = fragmentOf(await get(proxy.url, first.forwarded));
    assert.equal(again.error, 'invalid_request');
    assert.match(again.error_description, /authorization code/);
  });

  test('expire_access through the emulator: success, then the token is refused, then refresh works', async () => {
    emu.config.joinme.expireSuccessAsString = true;
    const { fragment: session } = await login('joinme');
    const res = await fetch(`${proxy.url}?action=expire_access&network=joinme`, {
      method: 'POST',
      headers: { origin: SITE, authorization: `Bearer ${session.access_token}` },
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.success, true, '"true" is normalised to true');
    assert.equal(typeof body.message, 'string');
    const stale = await joinmeUser(session.access_token);
    assert.ok(stale.status === 401 || stale.status === 403, `expired token answered ${stale.status}`);
    const renewed = await refresh('joinme', session);
    assert.equal((await joinmeUser(renewed.access_token)).status, 200);
  });

  test('expire_access of an unknown token through the emulator is an error', async () => {
    const res = await fetch(`${proxy.url}?action=expire_access&network=joinme`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-a-token' },
    });
    assert.ok(res.status >= 400 && res.status < 500);
    const body = await res.json();
    assert.ok(['invalid_request', 'invalid_token'].includes(body.error.code));
  });
});

const REGIONS = [
  ['us', 'grace@example.com'],
  ['eu', 'marie@example.eu'],
  ['ca', 'pierre@example.ca'],
  // The UK data centre (accounts.zoho.uk): the proxy takes it from modules/datacentres.ts.
  ['uk', 'oliver@example.co.uk'],
];

describe('zoho through the emulator', { timeout: 30_000 }, () => {
  for (const [region, email] of REGIONS) {
    test(`zoho code exchange and refresh in the ${region} data centre`, async () => {
      const { fragment: session, forwarded } = await login('zoho', { email });
      assert.equal(session.error, undefined, session.error_description);
      assert.equal(forwarded.location, region);
      assert.equal(session.location, region);
      assert.equal(session.expires_in, '3600');
      assert.ok(session.refresh_token);
      const me = await zohoUser(region, session.access_token);
      assert.equal(me.status, 200);
      assert.equal((await me.json()).userDetails.primaryEmail, email);

      const renewed = await refresh('zoho', session);
      assert.equal(renewed.error, undefined, renewed.error_description);
      assert.equal(renewed.location, region);
      assert.equal(renewed.refresh_token, session.refresh_token);
      assert.notEqual(renewed.access_token, session.access_token);
      assert.equal((await zohoUser(region, renewed.access_token)).status, 200);
    });
  }

  test('zoho expires_in in milliseconds (seed-page form) is normalised to seconds', async () => {
    emu.config.zoho.expiresInMs = true;
    const { fragment: session } = await login('zoho', { email: 'marie@example.eu' });
    assert.equal(session.expires_in, '3600');
    const renewed = await refresh('zoho', session);
    assert.equal(renewed.expires_in, '3600');
  });

  test('zoho redirect with a foreign accounts-server is refused before any call', async () => {
    const before_ = emu.log.length;
    const { fragment } = await login('zoho', {
      email: 'marie@example.eu',
      tamper: (p) => {
        p['accounts-server'] = 'https://accounts.evil.example';
      },
    });
    assert.equal(fragment.error, 'invalid_request');
    // Only the authorize request reached the emulator: no token call.
    assert.deepEqual(
      emu.log.slice(before_).map((e) => e.path),
      ['/oauth/v2/auth'],
    );
  });

  test('zoho code sent to the wrong (but known) data centre: invalid_client names the data centre', async () => {
    const { fragment } = await login('zoho', {
      email: 'marie@example.eu',
      tamper: (p) => {
        p.location = 'us';
        p['accounts-server'] = endpoints.zoho.datacentres.us.accounts;
      },
    });
    assert.equal(fragment.error, 'invalid_request');
    assert.match(fragment.error_description, /invalid_client/);
    assert.match(fragment.error_description, /us data centre/);
  });

  test('zoho code used twice: invalid_code becomes invalid_request', async () => {
    const first = await login('zoho', { email: 'pierre@example.ca' });
    assert.ok(first.fragment.access_token);
    const again = fragmentOf(await get(proxy.url, first.forwarded));
    assert.equal(again.error, 'invalid_request');
    assert.match(again.error_description, /invalid_code/);
  });

  test('zoho throttling ("Access Denied") on refresh is rate_limited', async () => {
    emu.config.zoho.accessTokensPerWindow = 2;
    const { fragment: session } = await login('zoho', { email: 'grace@example.com' });
    // The login's own access token counts: one refresh passes, the next is throttled.
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await refresh('zoho', session));
    const throttled = answers.find((a) => a.error);
    assert.ok(throttled, 'a refresh was throttled');
    assert.equal(throttled.error, 'rate_limited');
  });

  test('revoke through the emulator: success, then refresh and a second revoke fail with invalid_token', async () => {
    const { fragment: session } = await login('zoho', { email: 'marie@example.eu' });
    const revoke = () =>
      fetch(`${proxy.url}?action=revoke&network=zoho&location=${session.location}`, {
        method: 'POST',
        headers: { origin: SITE, 'content-type': 'application/json' },
        body: JSON.stringify({ token: session.refresh_token }),
      });
    const res = await revoke();
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { success: true });
    assert.equal(res.headers.get('access-control-allow-origin'), SITE);

    const renewed = await refresh('zoho', session);
    assert.equal(renewed.error, 'invalid_token');
    const again = await revoke();
    assert.equal((await again.json()).error.code, 'invalid_token');
  });

  test('zoho API errors pass through with their status (expired token answers 400 code 2000)', async () => {
    const { fragment: session } = await login('zoho', { email: 'grace@example.com' });
    emu.clock.advance(3601);
    const res = await zohoUser('us', session.access_token);
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.code, 2000);
  });

  test('pass-through to the emulated accounts server (not an API host) is refused', async () => {
    const res = await api(`${endpoints.zoho.datacentres.us.accounts}/oauth/v2/token`, 'Bearer x', { method: 'POST' });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error.code, 'invalid_request');
  });
});

describe('nothing is kept between requests: two proxy instances serve the steps of one login', { timeout: 60_000 }, () => {
  let second;
  before(async () => {
    second = await startProxy(proxyConfig());
  });
  after(async () => second?.close());

  test('join.me: two logins interleaved, each step at the other instance than the one before', async () => {
    const ada = (await login('joinme', { email: 'ada@example.com', via: proxy })).fragment;
    const bob = (await login('joinme', { via: second })).fragment;
    assert.ok(ada.access_token && bob.access_token, ada.error_description ?? bob.error_description);
    assert.equal((await (await joinmeUser(ada.access_token, second)).json()).email, 'ada@example.com');
    assert.equal((await joinmeUser(bob.access_token, proxy)).status, 200);
    const adaRenewed = await refresh('joinme', ada, {}, second);
    const bobRenewed = await refresh('joinme', bob, {}, proxy);
    assert.ok(adaRenewed.access_token && bobRenewed.access_token);
    const expired = await fetch(`${proxy.url}?action=expire_access&network=joinme`, {
      method: 'POST',
      headers: { origin: SITE, authorization: `Bearer ${adaRenewed.access_token}` },
    });
    assert.equal(expired.status, 200);
    const stale = await joinmeUser(adaRenewed.access_token, second);
    assert.ok(stale.status === 401 || stale.status === 403, `the other instance sees the token expired (${stale.status})`);
    assert.equal((await joinmeUser(bobRenewed.access_token, second)).status, 200, "the other login's token is untouched");
  });

  test('zoho: code at one instance, API, refresh and revoke at the other, interleaved with a login of another data centre', async () => {
    const marie = (await login('zoho', { email: 'marie@example.eu', via: second })).fragment;
    const grace = (await login('zoho', { email: 'grace@example.com', via: proxy })).fragment;
    assert.equal(marie.location, 'eu');
    assert.equal(grace.location, 'us');
    assert.equal((await zohoUser('eu', marie.access_token, proxy)).status, 200);
    assert.equal((await zohoUser('us', grace.access_token, second)).status, 200);
    const marieRenewed = await refresh('zoho', marie, {}, proxy);
    assert.equal(marieRenewed.location, 'eu');
    const revoked = await fetch(`${second.url}?action=revoke&network=zoho&location=eu`, {
      method: 'POST',
      headers: { origin: SITE, 'content-type': 'application/json' },
      body: JSON.stringify({ token: marie.refresh_token }),
    });
    assert.equal(revoked.status, 200);
    assert.equal((await refresh('zoho', marie, {}, proxy)).error, 'invalid_token', 'revoked at one instance, refused at the other');
    assert.ok((await refresh('zoho', grace, {}, second)).access_token, "the other login's refresh still works");
  });
});
