/**
 * The Zoho emulator against the rules of /work/shared/providers/zoho.md: one test per rule and per switch.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ZOHO_ACCOUNTS } from '../../emulator/accounts.mjs';
import {
  expectAuthorizeErrorPage,
  postForm,
  startEmulator,
  TEST_REDIRECT_URI,
  ZOHO_CLIENT,
  zohoAuthorize,
  zohoCodeGrant,
  zohoToken,
  zohoTokenCall,
} from '../../emulator/testing.mjs';

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let env;
before(async () => {
  env = await startEmulator();
});
after(() => env.close());
beforeEach(() => env.emu.reset());

const GRACE = /** @type {import('../../emulator/accounts.mjs').ZohoAccount} */ (ZOHO_ACCOUNTS.find((a) => a.email === 'grace@example.com'));
const RAVI = /** @type {import('../../emulator/accounts.mjs').ZohoAccount} */ (ZOHO_ACCOUNTS.find((a) => a.email === 'ravi@example.in'));

/** @param {string} region */
const accountsOf = (region) => /** @type {{ accounts: string, meeting: string }} */ (env.endpoints.zoho.datacentres[region]).accounts;
/** @param {string} region */
const meetingOf = (region) => /** @type {{ accounts: string, meeting: string }} */ (env.endpoints.zoho.datacentres[region]).meeting;

/**
 * A Meeting API call.
 * @param {string} region
 * @param {string} path after /api/v2, e.g. '/user.json'
 * @param {{ token?: string, scheme?: string, method?: string, body?: unknown, headers?: Record<string, string> }} [options]
 */
async function api(region, path, { token, scheme = 'Zoho-oauthtoken', method = 'GET', body, headers = {} } = {}) {
  const response = await fetch(`${meetingOf(region)}/api/v2${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `${scheme} ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json;charset=UTF-8' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

const SESSION = {
  topic: 'Planning',
  agenda: 'Q3',
  startTime: 'Jun 19, 2030 07:00 PM',
  duration: 3_600_000,
  timezone: 'Asia/Kolkata',
  participants: [{ email: 'a@example.com' }],
};

/** A us token for Grace with every scope. */
const graceToken = async () => (await zohoToken(env.endpoints, 'us')).token;

/** @param {string} token @param {Record<string, unknown>} [session] */
const createMeeting = (token, session = SESSION, zsoid = GRACE.zsoid) =>
  api('us', `/${zsoid}/sessions.json`, { token, method: 'POST', body: { session } });

const INVALID_TOKEN = { error: { code: 2000, message: 'INVALID_OAUTHTOKEN' } };

describe('Zoho authorize', () => {
  /** @param {string} region @param {Record<string, string | undefined>} params */
  function expectErrorPage(region, params) {
    const base = {
      client_id: ZOHO_CLIENT.client_id,
      redirect_uri: TEST_REDIRECT_URI,
      response_type: 'code',
      scope: 'ZohoMeeting.meeting.READ',
    };
    return expectAuthorizeErrorPage(`${accountsOf(region)}/oauth/v2/auth`, base, params);
  }

  test('client_id, response_type, redirect_uri (exact) and access_type are checked: error page, no redirect', async () => {
    await expectErrorPage('us', { client_id: '1000.OTHER' });
    await expectErrorPage('us', { response_type: 'id_token' });
    await expectErrorPage('us', { redirect_uri: `${TEST_REDIRECT_URI}/` });
    await expectErrorPage('us', { access_type: 'forever' });
  });

  test('scope is comma-separated ZohoMeeting scopes; spaces or unknown scopes are an error page', async () => {
    await expectErrorPage('us', { scope: 'ZohoMeeting.meeting.READ ZohoMeeting.meeting.CREATE' });
    await expectErrorPage('us', { scope: 'ZohoMeeting.webinar.ALL' });
    await expectErrorPage('us', { scope: '<b>x</b>' }).then((html) => assert.ok(!html.includes('<b>x')));
    await expectErrorPage('us', { scope: undefined });
    const ok = await zohoAuthorize(env.endpoints, 'us', {
      scope: 'ZohoMeeting.manageOrg.READ,ZohoMeeting.meeting.READ,ZohoMeeting.user.READ',
    });
    assert.equal(ok.status, 302);
  });

  test('the client is registered in every data centre, for both response types', async () => {
    for (const region of ['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'uk']) {
      assert.equal((await zohoAuthorize(env.endpoints, region)).status, 302, region);
      assert.equal((await zohoAuthorize(env.endpoints, region, { response_type: 'code' })).status, 302, region);
    }
  });

  test('code redirect: ?state=&code=1000.x.y&location=&accounts-server= (in that order, url-encoded)', async () => {
    const redirect = await zohoAuthorize(env.endpoints, 'us', { response_type: 'code', state: 'a b&c' });
    assert.match(
      redirect.location,
      /^[^?]+\?state=a%20b%26c&code=1000\.[0-9a-f]{32}\.[0-9a-f]{32}&location=us&accounts-server=http%3A%2F%2F127\.0\.0\.1%3A\d+%2F__emu%2Fzoho%2Fus%2Faccounts$/,
    );
    assert.equal(redirect.query.get('accounts-server'), accountsOf('us'));
    assert.equal(redirect.query.get('state'), 'a b&c');
  });

  test('switch zoho.trailingAmp: the code redirect ends with "&"', async () => {
    env.emu.config.zoho.trailingAmp = true;
    assert.ok((await zohoAuthorize(env.endpoints, 'us', { response_type: 'code' })).location.endsWith('&'));
  });

  test('token redirect: #access_token=&expires_in=3600&location=&accounts-server=&state=', async () => {
    const redirect = await zohoAuthorize(env.endpoints, 'us');
    assert.deepEqual([...redirect.fragment.keys()], ['access_token', 'expires_in', 'location', 'accounts-server', 'state']);
    assert.equal(redirect.fragment.get('expires_in'), '3600');
    assert.equal(redirect.fragment.get('location'), 'us');
    assert.equal(redirect.fragment.get('accounts-server'), accountsOf('us'));
    assert.equal(redirect.query.size, 0);
    assert.ok(!redirect.rawFragment.startsWith('&'));
  });

  test('switch zoho.fragmentLeadingAmp: the fragment starts "#&"', async () => {
    env.emu.config.zoho.fragmentLeadingAmp = true;
    const redirect = await zohoAuthorize(env.endpoints, 'us');
    assert.ok(redirect.location.includes('#&access_token='));
  });

  test('switch zoho.grantedForSession: the fragment carries granted_for_session=true', async () => {
    env.emu.config.zoho.grantedForSession = true;
    assert.equal((await zohoAuthorize(env.endpoints, 'us')).fragment.get('granted_for_session'), 'true');
  });

  test('switch zoho.fragmentState: false leaves state out of the fragment', async () => {
    env.emu.config.zoho.fragmentState = false;
    assert.equal((await zohoAuthorize(env.endpoints, 'us')).fragment.has('state'), false);
  });

  test('a user is moved to their data centre: the grant is minted there and the redirect says so', async () => {
    const redirect = await zohoAuthorize(env.endpoints, 'us', { response_type: 'code', login_hint: 'marie@example.eu' });
    assert.equal(redirect.query.get('location'), 'eu');
    assert.equal(redirect.query.get('accounts-server'), accountsOf('eu'));
    const implicit = await zohoToken(env.endpoints, 'au', { login_hint: 'pierre@example.ca' });
    assert.equal(implicit.location, 'ca');
    assert.equal((await api('ca', '/user.json', { token: implicit.token })).body.userDetails.primaryEmail, 'pierre@example.ca');
  });

  test('China is separate: a cn user starts at cn, nobody else logs in there', async () => {
    const refused = await fetch(
      `${accountsOf('us')}/oauth/v2/auth?client_id=${ZOHO_CLIENT.client_id}&response_type=token&redirect_uri=${encodeURIComponent(TEST_REDIRECT_URI)}&scope=ZohoMeeting.meeting.READ&login_hint=lin@example.cn`,
      { redirect: 'manual' },
    );
    assert.equal(refused.status, 400);
    assert.equal(refused.headers.get('location'), null);
    const notChinese = await fetch(
      `${accountsOf('cn')}/oauth/v2/auth?client_id=${ZOHO_CLIENT.client_id}&response_type=token&redirect_uri=${encodeURIComponent(TEST_REDIRECT_URI)}&scope=ZohoMeeting.meeting.READ&login_hint=grace@example.com`,
      { redirect: 'manual' },
    );
    assert.equal(notChinese.status, 400);
    const chinese = await zohoToken(env.endpoints, 'cn', { login_hint: 'lin@example.cn' });
    assert.equal(chinese.location, 'cn');
    assert.equal((await zohoToken(env.endpoints, 'cn')).location, 'cn'); // the default there is a cn user
  });

  test('deny: error=access_denied in the query (code) or the fragment (token), with state', async () => {
    env.emu.config.consent = 'deny';
    const code = await zohoAuthorize(env.endpoints, 'eu', { response_type: 'code' });
    assert.equal(code.query.get('error'), 'access_denied');
    assert.equal(code.query.get('state'), 'st');
    const token = await zohoAuthorize(env.endpoints, 'eu');
    assert.equal(token.fragment.get('error'), 'access_denied');
  });

  test('switch zoho.denyError names the refusal', async () => {
    env.emu.config.consent = 'deny';
    env.emu.config.zoho.denyError = 'Access Denied';
    assert.equal((await zohoAuthorize(env.endpoints, 'us')).fragment.get('error'), 'Access Denied');
  });

  test('consent page: only the accounts of that world, login_hint preselected; Allow moves the user home', async () => {
    env.emu.config.consent = 'page';
    const query = new URLSearchParams({
      client_id: ZOHO_CLIENT.client_id,
      response_type: 'code',
      redirect_uri: TEST_REDIRECT_URI,
      scope: 'ZohoMeeting.meeting.READ',
      state: 's',
      login_hint: 'ravi@example.in',
    });
    const html = await (await fetch(`${accountsOf('us')}/oauth/v2/auth?${query}`)).text();
    assert.match(html, /value="ravi@example.in" checked/);
    assert.ok(!html.includes('lin@example.cn'));
    assert.match(html, /Pierre L&#233;vesque|Pierre Lévesque/);
    const allowed = await postForm(`${accountsOf('us')}/oauth/v2/auth`, {
      ...Object.fromEntries(query),
      emu_account: 'noura@example.sa',
      emu_decision: 'allow',
    });
    const location = new URL(String(allowed.headers.get('location')));
    assert.equal(location.searchParams.get('location'), 'sa');
    const cnHtml = await (await fetch(`${accountsOf('cn')}/oauth/v2/auth?${query}`)).text();
    assert.match(cnHtml, /value="lin@example.cn" checked/);
    assert.ok(!cnHtml.includes('grace@example.com'));
  });
});

describe('Zoho token endpoint', () => {
  test('code exchange: access_token, refresh_token (offline), scope space-separated, api_domain, token_type, expires_in 3600', async () => {
    const { answer } = await zohoCodeGrant(env.endpoints, 'us', { scope: 'ZohoMeeting.meeting.READ,ZohoMeeting.user.READ' });
    assert.deepEqual(Object.keys(answer), ['access_token', 'refresh_token', 'scope', 'api_domain', 'token_type', 'expires_in']);
    assert.equal(answer.scope, 'ZohoMeeting.meeting.READ ZohoMeeting.user.READ');
    assert.equal(answer.api_domain, 'https://www.zohoapis.com');
    assert.equal(answer.token_type, 'Bearer');
    assert.equal(answer.expires_in, 3600);
    assert.match(answer.access_token, /^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
  });

  test('switch zoho.expiresInMs: the seed page form, expires_in_sec 3600 and expires_in 3600000', async () => {
    env.emu.config.zoho.expiresInMs = true;
    const { answer } = await zohoCodeGrant(env.endpoints, 'us');
    assert.equal(answer.expires_in_sec, 3600);
    assert.equal(answer.expires_in, 3_600_000);
  });

  test('parameters may come in the query string', async () => {
    const redirect = await zohoAuthorize(env.endpoints, 'us', { response_type: 'code' });
    const query = new URLSearchParams({
      grant_type: 'authorization_code',
      code: String(redirect.query.get('code')),
      redirect_uri: TEST_REDIRECT_URI,
      ...ZOHO_CLIENT,
    });
    const response = await fetch(`${accountsOf('us')}/oauth/v2/token?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    assert.equal(response.status, 200);
    assert.ok((await response.json()).access_token);
  });

  test('the code must go to the accounts-server of the redirect: elsewhere it is invalid_client (HTTP 200)', async () => {
    const redirect = await zohoAuthorize(env.endpoints, 'us', { response_type: 'code', login_hint: 'marie@example.eu' });
    const fields = { grant_type: 'authorization_code', code: String(redirect.query.get('code')), redirect_uri: TEST_REDIRECT_URI };
    assert.deepEqual(await zohoTokenCall(env.endpoints, 'us', fields), { status: 200, body: { error: 'invalid_client' } });
    const home = await zohoTokenCall(env.endpoints, 'eu', fields);
    assert.equal(home.status, 200);
    assert.equal(home.body.api_domain, 'https://www.zohoapis.eu');
  });

  test('invalid_client for an unknown client or a wrong secret', async () => {
    const code = String((await zohoAuthorize(env.endpoints, 'us', { response_type: 'code' })).query.get('code'));
    const fields = { grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI };
    assert.deepEqual((await zohoTokenCall(env.endpoints, 'us', { ...fields, client_id: '1000.NOPE' })).body, { error: 'invalid_client' });
    assert.deepEqual((await zohoTokenCall(env.endpoints, 'us', { ...fields, client_secret: 'nope' })).body, { error: 'invalid_client' });
  });

  test('switch zoho.wrongSecretError: a wrong secret answers invalid_client_secret', async () => {
    env.emu.config.zoho.wrongSecretError = 'invalid_client_secret';
    const code = String((await zohoAuthorize(env.endpoints, 'us', { response_type: 'code' })).query.get('code'));
    const answer = await zohoTokenCall(env.endpoints, 'us', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_REDIRECT_URI,
      client_secret: 'nope',
    });
    assert.deepEqual(answer, { status: 200, body: { error: 'invalid_client_secret' } });
  });

  test('a code is single use and lives 120 s: then invalid_code', async () => {
    const code = String((await zohoAuthorize(env.endpoints, 'us', { response_type: 'code' })).query.get('code'));
    const fields = { grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI };
    assert.ok((await zohoTokenCall(env.endpoints, 'us', fields)).body.access_token);
    assert.deepEqual((await zohoTokenCall(env.endpoints, 'us', fields)).body, { error: 'invalid_code' });
    const late = String((await zohoAuthorize(env.endpoints, 'us', { response_type: 'code' })).query.get('code'));
    env.emu.clock.advance(121);
    assert.deepEqual((await zohoTokenCall(env.endpoints, 'us', { ...fields, code: late })).body, { error: 'invalid_code' });
  });

  test('a different redirect_uri is invalid_redirect_uri', async () => {
    const code = String((await zohoAuthorize(env.endpoints, 'us', { response_type: 'code' })).query.get('code'));
    const answer = await zohoTokenCall(env.endpoints, 'us', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://localhost:8765/elsewhere',
    });
    assert.deepEqual(answer, { status: 200, body: { error: 'invalid_redirect_uri' } });
  });

  test('an unknown grant_type is refused (HTTP 200)', async () => {
    assert.deepEqual(await zohoTokenCall(env.endpoints, 'us', { grant_type: 'password' }), {
      status: 200,
      body: { error: 'unsupported_grant_type' },
    });
  });

  test('refresh token: only with access_type=offline, the first time only, every time with prompt=consent', async () => {
    assert.equal('refresh_token' in (await zohoCodeGrant(env.endpoints, 'us', { access_type: 'online' })).answer, false);
    assert.ok((await zohoCodeGrant(env.endpoints, 'us')).answer.refresh_token);
    assert.equal('refresh_token' in (await zohoCodeGrant(env.endpoints, 'us')).answer, false);
    assert.ok((await zohoCodeGrant(env.endpoints, 'us', { prompt: 'consent' })).answer.refresh_token);
    assert.ok((await zohoCodeGrant(env.endpoints, 'us', { prompt: 'consent' })).answer.refresh_token);
  });

  test('refresh grant: a new access token, no new refresh token in the answer', async () => {
    const { answer } = await zohoCodeGrant(env.endpoints, 'us');
    const refreshed = await zohoTokenCall(env.endpoints, 'us', {
      grant_type: 'refresh_token',
      refresh_token: answer.refresh_token,
      redirect_uri: TEST_REDIRECT_URI,
    });
    assert.equal(refreshed.status, 200);
    assert.equal('refresh_token' in refreshed.body, false);
    assert.equal(refreshed.body.expires_in, 3600);
    assert.equal((await api('us', '/user.json', { token: refreshed.body.access_token })).status, 200);
  });

  test('refresh grant: from another data centre invalid_client; revoked invalid_code', async () => {
    const { answer } = await zohoCodeGrant(env.endpoints, 'us', { login_hint: 'ravi@example.in' });
    const fields = { grant_type: 'refresh_token', refresh_token: answer.refresh_token };
    assert.deepEqual((await zohoTokenCall(env.endpoints, 'us', fields)).body, { error: 'invalid_client' });
    assert.ok((await zohoTokenCall(env.endpoints, 'in', fields)).body.access_token);
    await postForm(`${accountsOf('in')}/oauth/v2/token/revoke`, { token: answer.refresh_token });
    assert.deepEqual((await zohoTokenCall(env.endpoints, 'in', fields)).body, { error: 'invalid_code' });
  });

  test('20 refresh tokens per user and client: the 21st deletes the oldest and its access tokens', async () => {
    const grants = [];
    for (let i = 0; i < 20; i += 1) grants.push((await zohoCodeGrant(env.endpoints, 'us', { prompt: 'consent' })).answer);
    const oldest = /** @type {Record<string, any>} */ (grants[0]);
    assert.equal((await api('us', '/user.json', { token: oldest.access_token })).status, 200);
    await zohoCodeGrant(env.endpoints, 'us', { prompt: 'consent' });
    assert.deepEqual(
      (await zohoTokenCall(env.endpoints, 'us', { grant_type: 'refresh_token', refresh_token: oldest.refresh_token })).body,
      { error: 'invalid_code' },
    );
    assert.deepEqual((await api('us', '/user.json', { token: oldest.access_token })).body, INVALID_TOKEN);
    const second = /** @type {Record<string, any>} */ (grants[1]);
    assert.ok(
      (await zohoTokenCall(env.endpoints, 'us', { grant_type: 'refresh_token', refresh_token: second.refresh_token })).body.access_token,
    );
  });

  test('about 10 access tokens per refresh token per 10 minutes, then "Access Denied" (400)', async () => {
    const { answer } = await zohoCodeGrant(env.endpoints, 'us'); // the first access token counts
    const fields = { grant_type: 'refresh_token', refresh_token: answer.refresh_token };
    for (let i = 0; i < 9; i += 1) assert.ok((await zohoTokenCall(env.endpoints, 'us', fields)).body.access_token, `refresh ${i + 1}`);
    const throttled = await zohoTokenCall(env.endpoints, 'us', fields);
    assert.equal(throttled.status, 400);
    assert.equal(throttled.body.error, 'Access Denied');
    assert.match(throttled.body.error_description, /too many requests continuously/);
    env.emu.clock.advance(600);
    assert.ok((await zohoTokenCall(env.endpoints, 'us', fields)).body.access_token);
  });

  test('control zoho/throttle: the next grant requests answer the throttling error', async () => {
    await env.control('zoho/throttle', { times: 1 });
    const redirect = await zohoAuthorize(env.endpoints, 'us', { response_type: 'code' });
    const fields = { grant_type: 'authorization_code', code: String(redirect.query.get('code')), redirect_uri: TEST_REDIRECT_URI };
    assert.equal((await zohoTokenCall(env.endpoints, 'us', fields)).status, 400);
    assert.ok((await zohoTokenCall(env.endpoints, 'us', fields)).body.access_token);
  });

  test('revoke: POST /oauth/v2/token/revoke?token= answers {"status":"success"} and kills the access tokens; unknown is 400', async () => {
    const { answer } = await zohoCodeGrant(env.endpoints, 'us');
    const revoked = await fetch(`${accountsOf('us')}/oauth/v2/token/revoke?token=${answer.refresh_token}`, { method: 'POST' });
    assert.equal(revoked.status, 200);
    assert.deepEqual(await revoked.json(), { status: 'success' });
    assert.deepEqual((await api('us', '/user.json', { token: answer.access_token })).body, INVALID_TOKEN);
    const again = await fetch(`${accountsOf('us')}/oauth/v2/token/revoke?token=${answer.refresh_token}`, { method: 'POST' });
    assert.equal(again.status, 400);
  });

  test('revoke, seed page form: POST /oauth/v2/token?token= without grant_type', async () => {
    const { answer } = await zohoCodeGrant(env.endpoints, 'us');
    const revoked = await fetch(`${accountsOf('us')}/oauth/v2/token?token=${answer.refresh_token}`, { method: 'POST' });
    assert.deepEqual(await revoked.json(), { status: 'success' });
    assert.deepEqual(
      (await zohoTokenCall(env.endpoints, 'us', { grant_type: 'refresh_token', refresh_token: answer.refresh_token })).body,
      { error: 'invalid_code' },
    );
  });

  test('revoking at another data centre fails', async () => {
    const { answer } = await zohoCodeGrant(env.endpoints, 'eu', { login_hint: 'marie@example.eu' });
    assert.equal((await postForm(`${accountsOf('us')}/oauth/v2/token/revoke`, { token: answer.refresh_token })).status, 400);
  });

  test('the accounts token endpoint has no CORS', async () => {
    const preflight = await fetch(`${accountsOf('us')}/oauth/v2/token`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8765', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    assert.notEqual(preflight.status, 204);
    const call = await fetch(`${accountsOf('us')}/oauth/v2/token`, { method: 'POST', headers: { Origin: 'http://localhost:8765' } });
    assert.equal(call.headers.get('access-control-allow-origin'), null);
  });

  test('silent renewal: a fresh token while the Zoho session lives (1 h after the last interactive login)', async () => {
    const first = await zohoToken(env.endpoints, 'eu', { login_hint: 'marie@example.eu' });
    const query = new URLSearchParams({
      client_id: ZOHO_CLIENT.client_id,
      response_type: 'token',
      redirect_uri: TEST_REDIRECT_URI,
      scope: 'ZohoMeeting.manageOrg.READ,ZohoMeeting.meeting.READ',
      state: 'renew',
    });
    const renew = () => fetch(`${accountsOf('eu')}/oauth/v2/auth/refresh?${query}`, { redirect: 'manual' });
    env.emu.clock.advance(3000);
    const renewed = await renew();
    assert.equal(renewed.status, 302);
    const fragment = new URLSearchParams(String(renewed.headers.get('location')).split('#')[1]);
    assert.notEqual(fragment.get('access_token'), first.token);
    assert.equal(fragment.get('location'), 'eu');
    assert.equal(fragment.get('state'), 'renew');
    assert.equal(
      (await api('eu', '/user.json', { token: String(fragment.get('access_token')) })).body.userDetails.primaryEmail,
      'marie@example.eu',
    );
    env.emu.clock.advance(601); // renewal does not extend the session
    const ended = await renew();
    assert.equal(ended.status, 200);
    assert.equal(ended.headers.get('location'), null);
    assert.match(await ended.text(), /Sign in/);
  });

  test('switch zoho.silentRenewalHost: "user" renews only at the user’s data centre, "app" only at the app’s (appRegion)', async () => {
    await zohoToken(env.endpoints, 'ca', { login_hint: 'pierre@example.ca' });
    const query = new URLSearchParams({
      client_id: ZOHO_CLIENT.client_id,
      response_type: 'token',
      redirect_uri: TEST_REDIRECT_URI,
      scope: 'ZohoMeeting.manageOrg.READ',
      login_hint: 'pierre@example.ca',
    });
    const renewAt = async (/** @type {string} */ region) => {
      const response = await fetch(`${accountsOf(region)}/oauth/v2/auth/refresh?${query}`, { redirect: 'manual' });
      await response.arrayBuffer();
      return response.status === 302
        ? new URLSearchParams(String(response.headers.get('location')).split('#')[1]).get('location')
        : 'sign-in';
    };
    assert.deepEqual([await renewAt('ca'), await renewAt('us'), await renewAt('eu')], ['ca', 'sign-in', 'sign-in']);
    env.emu.config.zoho.silentRenewalHost = 'app';
    assert.deepEqual([await renewAt('ca'), await renewAt('us'), await renewAt('eu')], ['sign-in', 'ca', 'sign-in']);
    env.emu.config.zoho.appRegion = 'eu';
    assert.deepEqual([await renewAt('ca'), await renewAt('us'), await renewAt('eu')], ['sign-in', 'sign-in', 'ca']);
  });

  test('silent renewal: control zoho/logout ends the session; response_type=code is refused', async () => {
    await zohoToken(env.endpoints, 'us');
    const query = new URLSearchParams({
      client_id: ZOHO_CLIENT.client_id,
      response_type: 'token',
      redirect_uri: TEST_REDIRECT_URI,
      scope: 'ZohoMeeting.meeting.READ',
    });
    assert.equal((await fetch(`${accountsOf('us')}/oauth/v2/auth/refresh?${query}`, { redirect: 'manual' })).status, 302);
    query.set('response_type', 'code');
    assert.equal((await fetch(`${accountsOf('us')}/oauth/v2/auth/refresh?${query}`, { redirect: 'manual' })).status, 400);
    query.set('response_type', 'token');
    await env.control('zoho/logout', {});
    assert.equal((await fetch(`${accountsOf('us')}/oauth/v2/auth/refresh?${query}`, { redirect: 'manual' })).status, 200);
  });
});

describe('Zoho Meeting API', () => {
  test('Authorization: Zoho-oauthtoken, or Bearer; nothing else', async () => {
    const token = await graceToken();
    assert.equal((await api('us', '/user.json', { token })).status, 200);
    assert.equal((await api('us', '/user.json', { token, scheme: 'Bearer' })).status, 200);
    const none = await api('us', '/user.json');
    assert.equal(none.status, 400);
    assert.deepEqual(none.body, INVALID_TOKEN);
    assert.equal((await fetch(`${meetingOf('us')}/api/v2/user.json?access_token=${token}`)).status, 400);
  });

  test('switch zoho.acceptBearer: false refuses Bearer (400, code 2000)', async () => {
    env.emu.config.zoho.acceptBearer = false;
    const token = await graceToken();
    assert.deepEqual((await api('us', '/user.json', { token, scheme: 'Bearer' })).body, INVALID_TOKEN);
    assert.equal((await api('us', '/user.json', { token })).status, 200);
  });

  test('an expired token answers 400 code 2000 (not 401); tokens live 1 h', async () => {
    const token = await graceToken();
    env.emu.clock.advance(3599);
    assert.equal((await api('us', '/user.json', { token })).status, 200);
    env.emu.clock.advance(2);
    const expired = await api('us', '/user.json', { token });
    assert.equal(expired.status, 400);
    assert.deepEqual(expired.body, INVALID_TOKEN);
  });

  test('the UK data centre (accounts.zoho.uk): a uk user is sent home, code exchanged there, api_domain zohoapis.uk', async () => {
    const { redirect, home, answer } = await zohoCodeGrant(env.endpoints, 'us', { login_hint: 'oliver@example.co.uk' });
    assert.equal(home, 'uk');
    assert.equal(redirect.query.get('accounts-server'), accountsOf('uk'));
    assert.equal(answer.api_domain, 'https://www.zohoapis.uk');
    assert.equal((await api('uk', '/user.json', { token: answer.access_token })).body.userDetails.primaryEmail, 'oliver@example.co.uk');
    assert.deepEqual((await api('us', '/user.json', { token: answer.access_token })).body, INVALID_TOKEN);
  });

  test('switch zoho.ukMeetingHost: "us" serves UK users at the US Meeting host (one client table’s reading)', async () => {
    env.emu.config.zoho.ukMeetingHost = 'us';
    const { token } = await zohoToken(env.endpoints, 'uk', { login_hint: 'oliver@example.co.uk' });
    assert.equal((await api('us', '/user.json', { token })).body.userDetails.primaryEmail, 'oliver@example.co.uk');
    assert.deepEqual((await api('uk', '/user.json', { token })).body, INVALID_TOKEN);
  });

  test('ae (used by real clients, not on Zoho’s page) is emulated outside the default table', async () => {
    const ae = /** @type {{ accounts: string, meeting: string }} */ (env.endpoints.zoho.unlisted.ae);
    const redirect = await zohoAuthorize({ ...env.endpoints, zoho: { datacentres: { ae } } }, 'ae', { login_hint: 'amal@example.ae' });
    assert.equal(redirect.fragment.get('location'), 'ae');
    const token = String(redirect.fragment.get('access_token'));
    const user = await fetch(`${ae.meeting}/api/v2/user.json`, { headers: { Authorization: `Zoho-oauthtoken ${token}` } });
    assert.equal((await user.json()).userDetails.primaryEmail, 'amal@example.ae');
  });

  test('a token of another data centre is invalid here (400, code 2000)', async () => {
    const { token } = await zohoToken(env.endpoints, 'eu', { login_hint: 'marie@example.eu' });
    assert.deepEqual((await api('us', '/user.json', { token })).body, INVALID_TOKEN);
    assert.equal((await api('eu', '/user.json', { token })).status, 200);
  });

  test('GET /user.json: userDetails with numeric zsoid and zuid', async () => {
    const answer = await api('us', '/user.json', { token: await graceToken() });
    const user = answer.body.userDetails;
    assert.equal(user.zsoid, GRACE.zsoid);
    assert.equal(user.zuid, GRACE.zuid);
    assert.equal(user.primaryEmail, 'grace@example.com');
    for (const key of ['displayName', 'fullName', 'isAdmin', 'orgName']) assert.ok(key in user, key);
  });

  test('user.json needs ZohoMeeting.manageOrg.READ (the seed page lists it under manageOrg); without it a 400', async () => {
    for (const scope of ['ZohoMeeting.user.READ', 'ZohoMeeting.meeting.ALL', 'ZohoMeeting.meeting.READ', 'ZohoMeeting.webinar.READ']) {
      const { token } = await zohoToken(env.endpoints, 'us', { scope });
      const refused = await api('us', '/user.json', { token });
      assert.equal(refused.status, 400, scope);
      assert.equal(refused.body.error.key, 'UNAUTHORIZED_USER', scope);
      assert.match(refused.body.error.message, /manageOrg\.READ/);
    }
    for (const scope of [
      'ZohoMeeting.manageOrg.READ',
      'zohomeeting.MANAGEORG.read',
      'ZohoMeeting.manageorg.READ,ZohoMeeting.meeting.READ',
    ]) {
      const { token } = await zohoToken(env.endpoints, 'us', { scope });
      assert.equal((await api('us', '/user.json', { token })).body.userDetails.zsoid, GRACE.zsoid, scope);
    }
  });

  test('scope names match whatever their case, at authorize and on every call; the token answer spells them as Zoho does', async () => {
    const { answer } = await zohoCodeGrant(env.endpoints, 'us', { scope: 'zohomeeting.meeting.create,ZOHOMEETING.MANAGEORG.READ' });
    assert.equal(answer.scope, 'ZohoMeeting.meeting.CREATE ZohoMeeting.manageOrg.READ');
    assert.equal((await createMeeting(answer.access_token)).status, 201);
    assert.equal((await api('us', `/${GRACE.zsoid}/sessions.json?index=1`, { token: answer.access_token })).status, 401);
  });

  test("a zsoid that is not the user's answers 403 code 1025", async () => {
    const answer = await api('us', `/${RAVI.zsoid}/sessions.json`, { token: await graceToken() });
    assert.equal(answer.status, 403);
    assert.deepEqual(answer.body, { error: { code: 1025, message: "Org doesn't matches with request uri" } });
  });

  test('scopes: READ, CREATE, UPDATE, DELETE each needed (meeting.ALL covers all); missing → 401 errorCode 3001', async () => {
    const { token: readOnly } = await zohoToken(env.endpoints, 'us', { scope: 'ZohoMeeting.meeting.READ' });
    const refused = await createMeeting(readOnly);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.errorCode, 3001);
    assert.equal(refused.body.error.key, 'UNAUTHORIZED_USER');
    assert.equal((await api('us', `/${GRACE.zsoid}/sessions.json?index=1`, { token: readOnly })).status, 200);
    const { token: createOnly } = await zohoToken(env.endpoints, 'us', { scope: 'ZohoMeeting.meeting.CREATE' });
    const key = (await createMeeting(createOnly)).body.session.meetingKey;
    assert.equal((await api('us', `/${GRACE.zsoid}/sessions/${key}.json`, { token: createOnly })).status, 401);
    assert.equal((await api('us', `/${GRACE.zsoid}/sessions/${key}.json`, { token: createOnly, method: 'DELETE' })).status, 401);
    assert.equal((await api('us', `/${GRACE.zsoid}/webinar.json?index=1`, { token: readOnly })).status, 401);
    const all = await graceToken();
    assert.equal(
      (await api('us', `/${GRACE.zsoid}/sessions/${key}.json`, { token: all, method: 'PUT', body: { session: { topic: 'x' } } })).status,
      200,
    );
  });

  test('create: 201 {"session": {meetingKey, joinLink, startLink, participants [{id,email}], startTime, endTime, duration, timezone, presenterEmail, …}}', async () => {
    const created = await createMeeting(await graceToken());
    assert.equal(created.status, 201);
    const session = created.body.session;
    assert.equal(typeof session.meetingKey, 'number');
    assert.equal(session.topic, 'Planning');
    assert.equal(session.agenda, 'Q3');
    assert.equal(session.startTime, 'Jun 19, 2030 07:00 PM');
    assert.equal(session.endTime, 'Jun 19, 2030 08:00 PM');
    assert.equal(session.duration, 3_600_000);
    assert.equal(session.timezone, 'Asia/Kolkata');
    assert.equal(session.presenterEmail, 'grace@example.com');
    assert.equal(session.presenter, GRACE.zuid);
    assert.equal(session.participants.length, 1);
    assert.equal(session.participants[0].email, 'a@example.com');
    assert.equal(typeof session.participants[0].id, 'number');
    assert.equal(session.joinLink, `${meetingOf('us')}/join?key=${session.meetingKey}`);
    assert.equal((await fetch(session.joinLink)).status, 200);
    assert.equal((await fetch(session.startLink)).status, 200);
    assert.equal('startTimeMillisec' in session, false);
  });

  test("create defaults: the user's timezone and one hour", async () => {
    const { session } = (await createMeeting(await graceToken(), { topic: 'Defaults', startTime: 'Jan 05, 2031 09:00 AM' })).body;
    assert.equal(session.timezone, 'America/New_York');
    assert.equal(session.duration, 3_600_000);
    assert.equal(session.endTime, 'Jan 05, 2031 10:00 AM');
  });

  test("startTime is wall time in the meeting's zone, correct across DST", async () => {
    env.emu.config.zoho.millisecFields = true;
    const token = await graceToken();
    // New York, 8 March 2020: 01:30 EST + 2 h = 04:30 EDT (the clocks jump 02:00 → 03:00).
    const { session } = (
      await createMeeting(token, { topic: 'DST', startTime: 'Mar 08, 2020 01:30 AM', duration: 7_200_000, timezone: 'America/New_York' })
    ).body;
    assert.equal(session.startTimeMillisec, String(Date.UTC(2020, 2, 8, 6, 30)));
    assert.equal(session.endTime, 'Mar 08, 2020 04:30 AM');
    // Kolkata has no DST: 19:00 IST is 13:30 UTC.
    const india = (await createMeeting(token)).body.session;
    assert.equal(india.startTimeMillisec, String(Date.UTC(2030, 5, 19, 13, 30)));
    assert.equal(india.endTimeMillisec, String(Date.UTC(2030, 5, 19, 14, 30)));
  });

  test('switch zoho.timeSuffix: answer times end with the zone abbreviation', async () => {
    env.emu.config.zoho.timeSuffix = true;
    const { session } = (await createMeeting(await graceToken())).body;
    assert.equal(session.startTime, 'Jun 19, 2030 07:00 PM IST');
    assert.equal(session.endTime, 'Jun 19, 2030 08:00 PM IST');
  });

  test('switch zoho.millisecFields: startTimeMillisec and endTimeMillisec as strings', async () => {
    env.emu.config.zoho.millisecFields = true;
    const { session } = (await createMeeting(await graceToken())).body;
    assert.equal(typeof session.startTimeMillisec, 'string');
    assert.equal(Number(session.endTimeMillisec) - Number(session.startTimeMillisec), 3_600_000);
  });

  test('create: a bad body is 400 INVALID_INPUT', async () => {
    const token = await graceToken();
    const bad = [
      { ...SESSION, topic: undefined },
      { ...SESSION, topic: '' },
      { ...SESSION, startTime: undefined },
      { ...SESSION, startTime: '2030-06-19T19:00:00Z' },
      { ...SESSION, startTime: 'Feb 30, 2030 07:00 PM' },
      { ...SESSION, startTime: 'Jun 19, 2030 13:00 PM' },
      { ...SESSION, timezone: 'Mars/Olympus' },
      { ...SESSION, duration: '3600000' },
      { ...SESSION, duration: -5 },
      { ...SESSION, participants: ['a@example.com'] },
      { ...SESSION, presenter: 1 },
    ];
    for (const session of bad) {
      const answer = await createMeeting(token, /** @type {any} */ (session));
      assert.equal(answer.status, 400, JSON.stringify(session));
      assert.equal(answer.body.error.key, 'INVALID_INPUT');
    }
    for (const body of ['{nope', '[]', JSON.stringify({ topic: 'no wrapper' })]) {
      assert.equal((await api('us', `/${GRACE.zsoid}/sessions.json`, { token, method: 'POST', body })).status, 400, body);
    }
  });

  test('list: {"session": [...], "count": total}, listtype past/today/upcoming/all, index and count paging', async () => {
    const token = await graceToken();
    const now = env.emu.clock.now();
    // Times in UTC keep the test independent of the day it runs.
    const at = (/** @type {number} */ offsetHours) => {
      const date = new Date(now + offsetHours * 3_600_000);
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
      const hours = date.getUTCHours();
      return `${months[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, '0')}, ${date.getUTCFullYear()} ${String(hours % 12 || 12).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`;
    };
    for (const [topic, hours] of /** @type {const} */ ([
      ['past', -72],
      ['soon', 48],
      ['later', 96],
    ])) {
      await createMeeting(token, { topic, startTime: at(hours), duration: 1_800_000, timezone: 'UTC' });
    }
    const list = async (/** @type {string} */ query) => (await api('us', `/${GRACE.zsoid}/sessions.json?${query}`, { token })).body;
    const all = await list('listtype=all&index=1&count=20');
    assert.equal(all.count, 3);
    assert.deepEqual(
      all.session.map((/** @type {any} */ s) => s.topic),
      ['past', 'soon', 'later'],
    );
    assert.deepEqual(
      (await list('listtype=past&index=1')).session.map((/** @type {any} */ s) => s.topic),
      ['past'],
    );
    assert.deepEqual(
      (await list('listtype=upcoming&index=1')).session.map((/** @type {any} */ s) => s.topic),
      ['soon', 'later'],
    );
    assert.deepEqual(await list('listtype=today&index=1'), { session: [], count: 0 });
    const page = await list('listtype=all&index=2&count=1');
    assert.deepEqual(
      page.session.map((/** @type {any} */ s) => s.topic),
      ['soon'],
    );
    assert.equal(page.count, 3);
    const other = await api('us', `/${GRACE.zsoid}/sessions.json?index=1`, {
      token: (await zohoToken(env.endpoints, 'us', { login_hint: 'grace@example.com' })).token,
    });
    assert.equal(other.body.count, 3);
  });

  test('list: count above 100 is 400 code 1028; a bad listtype or index is 400', async () => {
    const token = await graceToken();
    const tooMany = await api('us', `/${GRACE.zsoid}/sessions.json?listtype=all&index=1&count=101`, { token });
    assert.equal(tooMany.status, 400);
    assert.deepEqual(tooMany.body, { error: { code: 1028, message: "Count shouldn't exceed 100" } });
    assert.equal((await api('us', `/${GRACE.zsoid}/sessions.json?listtype=soon&index=1`, { token })).status, 400);
    assert.equal((await api('us', `/${GRACE.zsoid}/sessions.json?index=0`, { token })).status, 400);
    // index is required (the notes).
    assert.equal((await api('us', `/${GRACE.zsoid}/sessions.json?count=100`, { token })).status, 400);
    assert.equal((await api('us', `/${GRACE.zsoid}/sessions.json?index=1&count=100`, { token })).status, 200);
  });

  test('switches zoho.listIndexStart and zoho.listIndexCounts: each reading of the list index', async () => {
    const token = await graceToken();
    for (const topic of ['a', 'b', 'c', 'd', 'e']) {
      await createMeeting(token, { ...SESSION, topic, startTime: `Jun 1${['a', 'b', 'c', 'd', 'e'].indexOf(topic)}, 2030 07:00 PM` });
    }
    const topics = async (/** @type {string} */ query) => {
      const answer = await api('us', `/${GRACE.zsoid}/sessions.json?listtype=all&count=2&${query}`, { token });
      return answer.status === 200 ? answer.body.session.map((/** @type {any} */ s) => s.topic).join('') : answer.status;
    };
    // Default: records from 1.
    assert.deepEqual([await topics('index=1'), await topics('index=2'), await topics('index=0')], ['ab', 'bc', 400]);
    env.emu.config.zoho.listIndexStart = 0;
    assert.deepEqual([await topics('index=0'), await topics('index=2'), await topics('index=-1')], ['ab', 'cd', 400]);
    env.emu.config.zoho.listIndexCounts = 'pages';
    assert.deepEqual([await topics('index=0'), await topics('index=1'), await topics('index=2')], ['ab', 'cd', 'e']);
    env.emu.config.zoho.listIndexStart = 1;
    assert.deepEqual([await topics('index=1'), await topics('index=2'), await topics('index=0')], ['ab', 'cd', 400]);
    assert.equal((await env.control('config', { zoho: { listIndexCounts: 'rows' } })).status, 400);
  });

  test('one meeting; an unknown key is 400 errorCode 4000 INVALID_MEETING_KEY', async () => {
    const token = await graceToken();
    const key = (await createMeeting(token)).body.session.meetingKey;
    const one = await api('us', `/${GRACE.zsoid}/sessions/${key}.json`, { token });
    assert.equal(one.status, 200);
    assert.equal(one.body.session.meetingKey, key);
    for (const unknown of ['123', 'abc']) {
      const missing = await api('us', `/${GRACE.zsoid}/sessions/${unknown}.json`, { token });
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body, { error: { errorCode: 4000, message: 'The meeting key is invalid.', key: 'INVALID_MEETING_KEY' } });
    }
  });

  test('edit (PUT, fields optional) answers 200; delete answers 204 without a body', async () => {
    const token = await graceToken();
    const key = (await createMeeting(token)).body.session.meetingKey;
    const edited = await api('us', `/${GRACE.zsoid}/sessions/${key}.json`, {
      token,
      method: 'PUT',
      body: { session: { topic: 'Renamed', duration: 1_800_000 } },
    });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.session.topic, 'Renamed');
    assert.equal(edited.body.session.startTime, 'Jun 19, 2030 07:00 PM');
    assert.equal(edited.body.session.endTime, 'Jun 19, 2030 07:30 PM');
    assert.equal(
      (await api('us', `/${GRACE.zsoid}/sessions/${key}.json`, { token, method: 'PUT', body: { session: { startTime: 'tomorrow' } } }))
        .status,
      400,
    );
    const deleted = await api('us', `/${GRACE.zsoid}/sessions/${key}.json`, { token, method: 'DELETE' });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, '');
    assert.equal((await api('us', `/${GRACE.zsoid}/sessions/${key}.json`, { token })).body.error.errorCode, 4000);
  });

  test('a meeting lives in its data centre only', async () => {
    const grace = await graceToken();
    const key = (await createMeeting(grace)).body.session.meetingKey;
    const { token: marie } = await zohoToken(env.endpoints, 'eu', { login_hint: 'marie@example.eu' });
    const marieZsoid = /** @type {any} */ (ZOHO_ACCOUNTS.find((a) => a.email === 'marie@example.eu')).zsoid;
    assert.equal((await api('eu', `/${marieZsoid}/sessions/${key}.json`, { token: marie })).status, 400);
  });

  test('webinars: list {"webinar": [...]}, create/get/edit {"session": {webinarKey, …}}, delete 204', async () => {
    const token = await graceToken();
    const created = await api('us', `/${GRACE.zsoid}/webinar.json`, {
      token,
      method: 'POST',
      body: { session: { topic: 'Launch', startTime: 'Jul 01, 2030 10:00 AM', duration: 5_400_000 } },
    });
    assert.equal(created.status, 201);
    const webinar = created.body.session;
    assert.equal(typeof webinar.webinarKey, 'number');
    assert.equal(webinar.endTime, 'Jul 01, 2030 11:30 AM');
    assert.ok(webinar.registrationLink);
    const list = await api('us', `/${GRACE.zsoid}/webinar.json?index=1`, { token });
    assert.deepEqual(
      list.body.webinar.map((/** @type {any} */ w) => w.webinarKey),
      [webinar.webinarKey],
    );
    assert.equal((await api('us', `/${GRACE.zsoid}/sessions.json?index=1`, { token })).body.count, 0);
    const path = `/${GRACE.zsoid}/webinar/${webinar.webinarKey}.json`;
    assert.equal((await api('us', path, { token })).body.session.topic, 'Launch');
    assert.equal(
      (await api('us', path, { token, method: 'PUT', body: { session: { topic: 'Launch 2' } } })).body.session.topic,
      'Launch 2',
    );
    assert.equal((await api('us', `/${GRACE.zsoid}/sessions/${webinar.webinarKey}.json`, { token })).status, 400);
    assert.equal((await api('us', path, { token, method: 'DELETE' })).status, 204);
    assert.equal((await api('us', path, { token })).body.error.errorCode, 4000);
  });

  test('switch zoho.webinarWrapper: one webinar wrapped as {"webinar": {…}}', async () => {
    env.emu.config.zoho.webinarWrapper = 'webinar';
    const token = await graceToken();
    const created = await api('us', `/${GRACE.zsoid}/webinar.json`, {
      token,
      method: 'POST',
      body: { session: { topic: 'Launch', startTime: 'Jul 01, 2030 10:00 AM' } },
    });
    assert.ok(created.body.webinar.webinarKey);
  });

  test('CORS on the Meeting hosts by default: preflight and answers', async () => {
    const preflight = await fetch(`${meetingOf('eu')}/api/v2/user.json`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:8765',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:8765');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization');
    const answer = await api('us', '/user.json', { token: await graceToken(), headers: { Origin: 'http://localhost:8765' } });
    assert.equal(answer.headers.get('access-control-allow-origin'), 'http://localhost:8765');
  });

  test('switch zoho.cors: false sends no Access-Control-* header at all and fails preflights', async () => {
    env.emu.config.zoho.cors = false;
    const preflight = await fetch(`${meetingOf('us')}/api/v2/user.json`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8765', 'Access-Control-Request-Method': 'GET' },
    });
    assert.notEqual(preflight.status, 204);
    const answer = await api('us', '/user.json', { token: await graceToken(), headers: { Origin: 'http://localhost:8765' } });
    assert.equal(answer.status, 200);
    for (const headers of [preflight.headers, answer.headers]) {
      assert.deepEqual(
        [...headers.keys()].filter((name) => name.startsWith('access-control-')),
        [],
      );
    }
  });
});

describe('Zoho bad input', () => {
  test('unknown paths are 404, wrong methods 405, in the Meeting error shape', async () => {
    const token = await graceToken();
    const missing = await api('us', '/nothing.json', { token });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 404);
    const wrong = await api('us', '/user.json', { token, method: 'DELETE' });
    assert.equal(wrong.status, 405);
    assert.equal((await fetch(`${accountsOf('us')}/oauth/v2/token`)).status, 405);
  });

  test('an unknown region is 404', async () => {
    const response = await fetch(`${env.origin}/__emu/zoho/xx/accounts/oauth/v2/auth`);
    assert.equal(response.status, 404);
  });

  test('a body over 1 MiB answers 413', async () => {
    const token = await graceToken();
    const huge = JSON.stringify({ session: { topic: 'x'.repeat(1024 * 1024 + 1) } });
    const answer = await api('us', `/${GRACE.zsoid}/sessions.json`, { token, method: 'POST', body: huge });
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.code, 413);
    const tokenCall = await postForm(`${accountsOf('us')}/oauth/v2/token`, { grant_type: 'x'.repeat(1024 * 1024 + 1) });
    assert.equal(tokenCall.status, 413);
  });

  test('an unexpected exception answers 500 in the Zoho shape and the emulator keeps serving', async () => {
    const token = await graceToken();
    await env.control('fail', { provider: 'zoho' });
    const answer = await api('us', '/user.json', { token });
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.body, { error: { code: 500, message: 'INTERNAL_SERVER_ERROR' } });
    assert.equal((await api('us', '/user.json', { token })).status, 200);
  });
});
