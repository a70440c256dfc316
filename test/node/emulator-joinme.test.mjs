/**
 * The join.me emulator against the rules of /work/shared/providers/joinme.md: one test per rule and per switch.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  expectAuthorizeErrorPage,
  JOINME_CLIENT,
  joinmeAuthorize,
  joinmeCodeGrant,
  joinmeToken,
  postForm,
  postJson,
  startEmulator,
  TEST_REDIRECT_URI,
} from '../../emulator/testing.mjs';

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let env;
before(async () => {
  env = await startEmulator();
});
after(() => env.close());
beforeEach(() => env.emu.reset());

/**
 * A join.me API call.
 * @param {string} path relative to base, e.g. 'user'
 * @param {{ token?: string, method?: string, body?: unknown, headers?: Record<string, string> }} [options]
 */
async function api(path, { token, method = 'GET', body, headers = {} } = {}) {
  const response = await fetch(env.endpoints.joinme.base + path, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

/** @param {Record<string, unknown>} fields */
const tokenCall = async (fields, asForm = false) => {
  const response = asForm
    ? await postForm(env.endpoints.joinme.token, /** @type {Record<string, string>} */ (fields))
    : await postJson(env.endpoints.joinme.token, fields);
  return { status: response.status, body: await response.json() };
};

const secret = { client_id: JOINME_CLIENT.client_id, client_secret: JOINME_CLIENT.client_secret };

const MEETING = { meetingName: 'Review', meetingStart: '2030-06-02T11:00:00+02:00', meetingEnd: '2030-06-02T12:30:00+02:00' };

/** @param {string} token @param {Record<string, unknown>} [meeting] */
const schedule = async (token, meeting = MEETING) => api('meetings', { token, method: 'POST', body: meeting });

describe('join.me authorize', () => {
  /** @param {Record<string, string | undefined>} params */
  function expectErrorPage(params) {
    const base = {
      client_id: JOINME_CLIENT.client_id,
      redirect_uri: TEST_REDIRECT_URI,
      response_type: 'token',
      scope: 'user_info',
      state: 's',
    };
    return expectAuthorizeErrorPage(env.endpoints.joinme.auth, base, params);
  }

  test('an unknown client_id gets an error page (400), never a redirect', async () => {
    await expectErrorPage({ client_id: 'nope' });
  });

  test('redirect_uri must match the registered one exactly', async () => {
    await expectErrorPage({ redirect_uri: `${TEST_REDIRECT_URI}?x=1` });
    await expectErrorPage({ redirect_uri: TEST_REDIRECT_URI.replace('localhost', '127.0.0.1') });
    await expectErrorPage({ redirect_uri: undefined });
  });

  test('response_type must be token or code', async () => {
    await expectErrorPage({ response_type: 'id_token' });
  });

  test('scope is space-separated from user_info, scheduler, start_meeting, provisioning; anything else is an error page', async () => {
    await expectErrorPage({ scope: 'user_info,scheduler' });
    await expectErrorPage({ scope: 'basic' });
    await expectErrorPage({ scope: undefined });
    const ok = await joinmeAuthorize(env.endpoints, { scope: 'user_info scheduler start_meeting provisioning' });
    assert.equal(ok.status, 302);
  });

  test('the error page escapes what it echoes', async () => {
    const html = await expectErrorPage({ scope: '<script>alert(1)</script>' });
    assert.ok(!html.includes('<script>alert'));
    assert.ok(html.includes('&#60;script&#62;'));
  });

  test('state passes through unchanged', async () => {
    const state = '{"network":"joinme","callback":"_hellojs_1","x":"a&b=c#d é"}';
    assert.equal((await joinmeAuthorize(env.endpoints, { state })).fragment.get('state'), state);
    assert.equal((await joinmeAuthorize(env.endpoints, { state, response_type: 'code' })).query.get('state'), state);
    const without = await joinmeAuthorize(env.endpoints, { state: undefined });
    assert.equal(without.fragment.has('state'), false);
  });

  test('implicit grant: #access_token, token_type=bearer, state; no expires_in by default', async () => {
    const redirect = await joinmeAuthorize(env.endpoints);
    assert.equal(redirect.status, 302);
    assert.ok(redirect.location.startsWith(`${TEST_REDIRECT_URI}#access_token=`));
    assert.equal(redirect.fragment.get('token_type'), 'bearer');
    assert.equal(redirect.fragment.get('state'), 'st');
    assert.equal(redirect.fragment.has('expires_in'), false);
    assert.equal(redirect.query.size, 0);
  });

  test('switch joinme.implicitExpiresIn: the fragment carries expires_in=86400', async () => {
    env.emu.config.joinme.implicitExpiresIn = true;
    assert.equal((await joinmeAuthorize(env.endpoints)).fragment.get('expires_in'), '86400');
  });

  test('tokens live 24 hours on the emulated clock', async () => {
    const token = await joinmeToken(env.endpoints);
    env.emu.clock.advance(86400 - 5);
    assert.equal((await api('user', { token })).status, 200);
    env.emu.clock.advance(10);
    assert.equal((await api('user', { token })).status, 401);
  });

  test('login_hint picks the account; an unknown one is an error page', async () => {
    const token = await joinmeToken(env.endpoints, { login_hint: 'bob@example.com' });
    assert.equal((await api('user', { token })).body.email, 'bob@example.com');
    const unknown = await fetch(
      `${env.endpoints.joinme.auth}?client_id=${JOINME_CLIENT.client_id}&redirect_uri=${encodeURIComponent(TEST_REDIRECT_URI)}&response_type=token&scope=user_info&login_hint=x@y.z`,
      { redirect: 'manual' },
    );
    assert.equal(unknown.status, 400);
  });

  test('the authorize page cannot be framed: in an iframe it never redirects', async () => {
    const url = `${env.endpoints.joinme.auth}?client_id=${JOINME_CLIENT.client_id}&redirect_uri=${encodeURIComponent(TEST_REDIRECT_URI)}&response_type=token&scope=user_info`;
    const response = await fetch(url, { redirect: 'manual', headers: { 'Sec-Fetch-Dest': 'iframe' } });
    assert.equal(response.headers.get('location'), null);
    assert.equal(response.headers.get('x-frame-options'), 'DENY');
  });

  test('consent deny: error=access_denied in the fragment (token) or the query (code), with state', async () => {
    env.emu.config.consent = 'deny';
    const token = await joinmeAuthorize(env.endpoints);
    assert.equal(token.fragment.get('error'), 'access_denied');
    assert.equal(token.fragment.get('state'), 'st');
    assert.ok(token.fragment.get('error_description'));
    const code = await joinmeAuthorize(env.endpoints, { response_type: 'code' });
    assert.equal(code.query.get('error'), 'access_denied');
    assert.equal(code.query.get('state'), 'st');
  });

  test('switch joinme.denyError names the refusal', async () => {
    env.emu.config.consent = 'deny';
    env.emu.config.joinme.denyError = 'user_denied';
    assert.equal((await joinmeAuthorize(env.endpoints)).fragment.get('error'), 'user_denied');
  });

  test('consent page: account picker (login_hint preselected), scopes, Allow and Deny', async () => {
    env.emu.config.consent = 'page';
    const query = new URLSearchParams({
      client_id: JOINME_CLIENT.client_id,
      redirect_uri: TEST_REDIRECT_URI,
      response_type: 'token',
      scope: 'user_info scheduler',
      state: 'x"y',
      login_hint: 'bob@example.com',
    });
    const page = await fetch(`${env.endpoints.joinme.auth}?${query}`, { redirect: 'manual' });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /value="bob@example.com" checked/);
    assert.match(html, /<code>scheduler<\/code>/);
    assert.match(html, /value="x&#34;y"/); // the state, escaped in its hidden field
    assert.match(html, /value="allow"/);
    assert.match(html, /value="deny"/);

    const fields = Object.fromEntries(query);
    const allowed = await postForm(env.endpoints.joinme.auth, { ...fields, emu_account: 'ada@example.com', emu_decision: 'allow' });
    assert.equal(allowed.status, 302);
    const fragment = new URLSearchParams(String(allowed.headers.get('location')).split('#')[1]);
    assert.equal(fragment.get('state'), 'x"y');
    assert.equal((await api('user', { token: String(fragment.get('access_token')) })).body.email, 'ada@example.com');

    const denied = await postForm(env.endpoints.joinme.auth, { ...fields, emu_account: 'ada@example.com', emu_decision: 'deny' });
    assert.match(String(denied.headers.get('location')), /#error=access_denied&/);
  });

  test('the consent form is checked again: a posted bad redirect_uri gets the error page', async () => {
    const response = await postForm(env.endpoints.joinme.auth, {
      client_id: JOINME_CLIENT.client_id,
      redirect_uri: 'https://evil.example/cb',
      response_type: 'token',
      scope: 'user_info',
      emu_account: 'ada@example.com',
      emu_decision: 'allow',
    });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('location'), null);
  });
});

describe('join.me token endpoint', () => {
  test('code grant: ?code=&state= in the query, exchanged (JSON body) for access and refresh tokens, no expires_in', async () => {
    const redirect = await joinmeAuthorize(env.endpoints, { response_type: 'code' });
    assert.ok(redirect.location.startsWith(`${TEST_REDIRECT_URI}?code=`));
    assert.equal(redirect.query.get('state'), 'st');
    const answer = await tokenCall({
      grant_type: 'authorization_code',
      code: redirect.query.get('code'),
      redirect_uri: TEST_REDIRECT_URI,
      ...secret,
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body).sort(), ['access_token', 'refresh_token', 'token_type']);
    assert.equal(answer.body.token_type, 'bearer');
    assert.equal((await api('user', { token: answer.body.access_token })).status, 200);
  });

  test('a form body is accepted as well', async () => {
    const code = (await joinmeAuthorize(env.endpoints, { response_type: 'code' })).query.get('code');
    const answer = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, ...secret }, true);
    assert.equal(answer.status, 200);
    assert.ok(answer.body.access_token);
  });

  test('switch joinme.tokenBody restricts the body type', async () => {
    env.emu.config.joinme.tokenBody = 'json';
    const code = (await joinmeAuthorize(env.endpoints, { response_type: 'code' })).query.get('code');
    const form = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, ...secret }, true);
    assert.equal(form.body.error, 'server_error');
    env.emu.config.joinme.tokenBody = 'form';
    const json = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, ...secret });
    assert.equal(json.body.error, 'server_error');
    const formAgain = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, ...secret }, true);
    assert.equal(formAgain.status, 200);
  });

  test('switch joinme.tokenExpiresIn: the answer carries expires_in=86400', async () => {
    env.emu.config.joinme.tokenExpiresIn = true;
    assert.equal((await joinmeCodeGrant(env.endpoints)).expires_in, 86400);
  });

  test('a code is single use', async () => {
    const code = (await joinmeAuthorize(env.endpoints, { response_type: 'code' })).query.get('code');
    const fields = { grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, ...secret };
    assert.equal((await tokenCall(fields)).status, 200);
    assert.deepEqual(await tokenCall(fields), { status: 400, body: { error: 'invalid_authorization_code' } });
  });

  test('a code lives 120 seconds', async () => {
    const code = (await joinmeAuthorize(env.endpoints, { response_type: 'code' })).query.get('code');
    env.emu.clock.advance(121);
    const answer = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, ...secret });
    assert.deepEqual(answer, { status: 400, body: { error: 'invalid_authorization_code' } });
  });

  test('the exchange needs the client secret and the same redirect_uri', async () => {
    const code = (await joinmeAuthorize(env.endpoints, { response_type: 'code' })).query.get('code');
    const base = { grant_type: 'authorization_code', code, redirect_uri: TEST_REDIRECT_URI, ...secret };
    assert.equal((await tokenCall({ ...base, client_secret: 'wrong' })).body.error, 'invalid_authorization_code');
    assert.equal((await tokenCall({ ...base, redirect_uri: 'http://localhost:8765/other' })).body.error, 'invalid_authorization_code');
    assert.equal((await tokenCall({ ...base, client_id: 'other' })).body.error, 'invalid_authorization_code');
    assert.equal((await tokenCall(base)).status, 200); // refusals did not use the code up
  });

  test('malformed requests answer server_error with a ticket id and an empty description', async () => {
    const malformed = [
      () => fetch(env.endpoints.joinme.token, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' }),
      () =>
        fetch(env.endpoints.joinme.token, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body: 'grant_type=authorization_code',
        }),
      () => postJson(env.endpoints.joinme.token, { ...secret, code: 'x', redirect_uri: TEST_REDIRECT_URI }),
      () => postJson(env.endpoints.joinme.token, { grant_type: 'password', ...secret }),
      () => postJson(env.endpoints.joinme.token, { grant_type: 'authorization_code', ...secret, redirect_uri: TEST_REDIRECT_URI }),
      () => postJson(env.endpoints.joinme.token, { grant_type: 'refresh_token', ...secret }),
    ];
    for (const call of malformed) {
      const response = await call();
      const body = await response.json();
      assert.equal(response.status, 500);
      assert.equal(body.error, 'server_error');
      assert.equal(body.error_description, '');
      assert.match(body.error_ticket_id, /^[0-9a-f-]{36}$/);
    }
  });

  test('switch joinme.serverErrorStatus: server_error with status 400', async () => {
    env.emu.config.joinme.serverErrorStatus = 400;
    const answer = await tokenCall({ grant_type: 'nope' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'server_error');
  });

  test('refresh grant: a new access token; the refresh token keeps working', async () => {
    const first = await joinmeCodeGrant(env.endpoints);
    const refreshed = await tokenCall({ grant_type: 'refresh_token', refresh_token: first.refresh_token, ...secret });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.access_token, first.access_token);
    assert.equal(refreshed.body.refresh_token, first.refresh_token);
    assert.equal((await api('user', { token: refreshed.body.access_token })).status, 200);
    const again = await tokenCall({ grant_type: 'refresh_token', refresh_token: first.refresh_token, ...secret }, true);
    assert.equal(again.status, 200);
  });

  test('refresh grant refuses an unknown refresh token, a wrong secret, and implicit tokens (they have none)', async () => {
    const { refresh_token: refreshToken } = await joinmeCodeGrant(env.endpoints);
    assert.equal(
      (await tokenCall({ grant_type: 'refresh_token', refresh_token: refreshToken, ...secret, client_secret: 'x' })).status,
      400,
    );
    const implicit = await joinmeToken(env.endpoints);
    const answer = await tokenCall({ grant_type: 'refresh_token', refresh_token: implicit, ...secret });
    assert.deepEqual(answer, { status: 400, body: { error: 'invalid_authorization_code' } });
  });
});

describe('join.me expireaccess', () => {
  test('success: {"success": true, "message": "Access Token Expired"}, then the API answers 401', async () => {
    const { access_token: token, refresh_token: refreshToken } = await joinmeCodeGrant(env.endpoints);
    const response = await postJson(env.endpoints.joinme.expire, { access_token: token, ...secret });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { success: true, message: 'Access Token Expired' });
    const refused = await api('user', { token });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.ErrorCode, 'invalid_token');
    // The way back: the refresh flow.
    const refreshed = await tokenCall({ grant_type: 'refresh_token', refresh_token: refreshToken, ...secret });
    assert.equal((await api('user', { token: refreshed.body.access_token })).status, 200);
  });

  test('failure: {"success": false, "message": "Expire Access Failed"} for a wrong secret or an unknown token', async () => {
    const token = await joinmeToken(env.endpoints);
    for (const body of [{ access_token: token, ...secret, client_secret: 'x' }, { access_token: 'unknown', ...secret }, {}]) {
      const response = await postJson(env.endpoints.joinme.expire, body);
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { success: false, message: 'Expire Access Failed' });
    }
    assert.equal((await api('user', { token })).status, 200);
  });

  test('expireaccess takes a form body too', async () => {
    const token = await joinmeToken(env.endpoints);
    const response = await postForm(env.endpoints.joinme.expire, { access_token: token, ...secret });
    assert.equal((await response.json()).success, true);
  });

  test('switch joinme.expireSuccessAsString: "success": "true"', async () => {
    env.emu.config.joinme.expireSuccessAsString = true;
    const token = await joinmeToken(env.endpoints);
    const response = await postJson(env.endpoints.joinme.expire, { access_token: token, ...secret });
    assert.deepEqual(await response.json(), { success: 'true', message: 'Access Token Expired' });
  });

  test('switch joinme.expirePropagationSeconds: the token keeps working until the delay has passed', async () => {
    env.emu.config.joinme.expirePropagationSeconds = 600;
    const token = await joinmeToken(env.endpoints);
    await postJson(env.endpoints.joinme.expire, { access_token: token, ...secret });
    assert.equal((await api('user', { token })).status, 200);
    env.emu.clock.advance(600);
    assert.equal((await api('user', { token })).status, 401);
  });
});

describe('join.me API', () => {
  test('Authorization: Bearer is required; a token in the query string is not accepted', async () => {
    const token = await joinmeToken(env.endpoints);
    const none = await api('user');
    assert.equal(none.status, 401);
    assert.equal(none.body.ErrorCode, 'invalid_token');
    assert.match(String(none.headers.get('www-authenticate')), /^Bearer realm="api.join.me"/);
    assert.equal((await api(`user?access_token=${token}`)).status, 401);
    assert.equal((await api('user', { headers: { Authorization: `Zoho-oauthtoken ${token}` } })).status, 401);
    assert.equal((await api('user', { token: 'unknown' })).status, 401);
  });

  test('GET /user: the profile, with personalUrl and conferenceSettings when the account has them', async () => {
    const ada = await api('user', { token: await joinmeToken(env.endpoints) });
    assert.equal(ada.status, 200);
    assert.equal(ada.body.fullName, 'Ada Lovelace');
    assert.equal(ada.body.personalUrl, 'ada');
    assert.deepEqual(Object.keys(ada.body.conferenceSettings).sort(), ['conferenceCallNumbersUrl', 'conferenceId', 'organizerCode']);
    for (const key of ['email', 'language', 'numberOfMeetingsHosted', 'registrationDate', 'subscriptionType'])
      assert.ok(key in ada.body, key);
    const bob = await api('user', { token: await joinmeToken(env.endpoints, { login_hint: 'bob@example.com' }) });
    assert.equal('personalUrl' in bob.body, false);
    assert.equal('conferenceSettings' in bob.body, false);
  });

  test('scopes are enforced: 403 insufficient_scope', async () => {
    const userOnly = await joinmeToken(env.endpoints, { scope: 'user_info' });
    const schedulerOnly = await joinmeToken(env.endpoints, { scope: 'scheduler' });
    const refused = await schedule(userOnly);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.ErrorCode, 'insufficient_scope');
    assert.ok(refused.body.Message);
    assert.equal((await api('meetings', { token: userOnly })).status, 403);
    assert.equal((await api('user', { token: schedulerOnly })).status, 403);
    assert.equal(
      (await api('meetings/start', { token: schedulerOnly, method: 'POST', body: { startWithPersonalUrl: false } })).status,
      403,
    );
    assert.equal((await schedule(schedulerOnly)).status, 201);
  });

  test('schedule: 201 with the meeting, times normalised to UTC and answered without a zone (the provider’s own example)', async () => {
    const token = await joinmeToken(env.endpoints);
    const created = await schedule(token, { ...MEETING, participants: ['x@example.com'] });
    assert.equal(created.status, 201);
    assert.equal(typeof created.body.meetingId, 'number');
    assert.equal(created.body.meetingName, 'Review');
    assert.equal(created.body.meetingStart, '2030-06-02T09:00:00');
    assert.equal(created.body.meetingEnd, '2030-06-02T10:30:00');
    assert.equal(created.body.startWithPersonalUrl, false);
    assert.deepEqual(created.body.participants, ['x@example.com']);
    assert.equal(created.body.conferenceId, '512345678');
    assert.ok(created.body.viewerLink.startsWith(`${env.origin}/__emu/joinme/web/`));
  });

  test('switch joinme.zonelessTimes: false answers times in UTC with Z (user, list, one meeting)', async () => {
    const token = await joinmeToken(env.endpoints);
    const zoneless = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;
    assert.match((await api('user', { token })).body.registrationDate, zoneless);
    assert.match((await api('meetings', { token })).body.meetings[0]?.meetingStart ?? '2030-01-01T00:00:00', zoneless);
    env.emu.config.joinme.zonelessTimes = false;
    assert.equal((await api('user', { token })).body.registrationDate, '2013-05-14T09:30:00Z');
    const created = await schedule(token);
    assert.equal(created.body.meetingStart, '2030-06-02T09:00:00Z');
    assert.equal((await api('meetings', { token })).body.meetings[0].meetingEnd, '2030-06-02T10:30:00Z');
  });

  test('a meeting started on the personal URL: viewerLink is the personal room (its name, not a meeting code)', async () => {
    const token = await joinmeToken(env.endpoints);
    const personal = await api('meetings/start', { token, method: 'POST', body: { startWithPersonalUrl: true } });
    assert.equal(personal.body.viewerLink, `${env.origin}/__emu/joinme/web/ada`);
    const adHoc = await api('meetings/start', { token, method: 'POST', body: { startWithPersonalUrl: false } });
    assert.match(adHoc.body.viewerLink, /\/web\/\d{9}$/);
    const scheduled = await schedule(token, { ...MEETING, startWithPersonalUrl: true });
    assert.equal(scheduled.body.viewerLink, `${env.origin}/__emu/joinme/web/ada`);
  });

  test('switch joinme.scheduleStatus: schedule answers 200', async () => {
    env.emu.config.joinme.scheduleStatus = 200;
    assert.equal((await schedule(await joinmeToken(env.endpoints))).status, 200);
  });

  test('schedule requires meetingName, meetingStart and meetingEnd, valid and in order', async () => {
    const token = await joinmeToken(env.endpoints);
    const bad = [
      { meetingStart: MEETING.meetingStart, meetingEnd: MEETING.meetingEnd },
      { ...MEETING, meetingName: '' },
      { ...MEETING, meetingEnd: undefined },
      { ...MEETING, meetingStart: 'tomorrow' },
      { ...MEETING, meetingStart: '2030-02-30T10:00:00Z' },
      { ...MEETING, meetingEnd: MEETING.meetingStart },
      { ...MEETING, startWithPersonalUrl: 'yes' },
      { ...MEETING, participants: 'x@example.com' },
    ];
    for (const body of bad) {
      const answer = await schedule(token, /** @type {any} */ (body));
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.ErrorCode, 'invalid_request');
      assert.equal(typeof answer.body.Message, 'string');
    }
  });

  test('a body that is not JSON is refused: malformed 400, another media type 415', async () => {
    const token = await joinmeToken(env.endpoints);
    const malformed = await api('meetings', { token, method: 'POST', body: '{"meetingName":' });
    assert.equal(malformed.status, 400);
    const form = await api('meetings', {
      token,
      method: 'POST',
      body: 'meetingName=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 415);
    assert.equal(form.body.ErrorCode, 'unsupported_media_type');
  });

  test('participants: null is rejected (400), on schedule and on update', async () => {
    const token = await joinmeToken(env.endpoints);
    assert.equal((await schedule(token, /** @type {any} */ ({ ...MEETING, participants: null }))).status, 400);
    const { meetingId } = (await schedule(token)).body;
    const patched = await api(`meetings/${meetingId}`, { token, method: 'PATCH', body: { participants: null } });
    assert.equal(patched.status, 400);
    assert.match(patched.body.Message, /null/);
  });

  test('list meetings, with the optional endDate', async () => {
    const token = await joinmeToken(env.endpoints);
    await schedule(token, { meetingName: 'Later', meetingStart: '2030-07-01T09:00:00Z', meetingEnd: '2030-07-01T10:00:00Z' });
    await schedule(token);
    const all = await api('meetings', { token });
    assert.equal(all.status, 200);
    assert.deepEqual(
      all.body.meetings.map((/** @type {any} */ m) => m.meetingName),
      ['Review', 'Later'],
    );
    assert.deepEqual(Object.keys(all.body.meetings[0]).sort(), [
      'meetingEnd',
      'meetingId',
      'meetingName',
      'meetingStart',
      'startWithPersonalUrl',
    ]);
    const early = await api('meetings?endDate=2030-06-30T00:00:00Z', { token });
    assert.deepEqual(
      early.body.meetings.map((/** @type {any} */ m) => m.meetingName),
      ['Review'],
    );
    assert.equal((await api('meetings?endDate=soon', { token })).status, 400);
  });

  test("one meeting; an unknown one, or another user's, is 404", async () => {
    const token = await joinmeToken(env.endpoints);
    const { meetingId } = (await schedule(token)).body;
    const one = await api(`meetings/${meetingId}`, { token });
    assert.equal(one.status, 200);
    assert.equal(one.body.meetingId, meetingId);
    assert.ok(Array.isArray(one.body.participants));
    const missing = await api('meetings/999', { token });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.ErrorCode, 'not_found');
    assert.equal((await api('meetings/abc', { token })).status, 404);
    const bob = await joinmeToken(env.endpoints, { login_hint: 'bob@example.com' });
    assert.equal((await api(`meetings/${meetingId}`, { token: bob })).status, 404);
  });

  test('PATCH updates (fields optional); PUT is 405', async () => {
    const token = await joinmeToken(env.endpoints);
    const { meetingId } = (await schedule(token)).body;
    const patched = await api(`meetings/${meetingId}`, {
      token,
      method: 'PATCH',
      body: { meetingName: 'Renamed', meetingEnd: '2030-06-02T11:00:00Z' },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.meetingName, 'Renamed');
    assert.equal(patched.body.meetingStart, '2030-06-02T09:00:00');
    assert.equal(patched.body.meetingEnd, '2030-06-02T11:00:00');
    assert.equal(
      (await api(`meetings/${meetingId}`, { token, method: 'PATCH', body: { meetingEnd: '2030-06-02T08:00:00Z' } })).status,
      400,
    );
    const put = await api(`meetings/${meetingId}`, { token, method: 'PUT', body: { meetingName: 'x' } });
    assert.equal(put.status, 405);
    assert.equal(put.body.ErrorCode, 'method_not_allowed');
    assert.match(String(put.headers.get('allow')), /PATCH/);
  });

  test('DELETE answers an empty 204; the meeting is then 404', async () => {
    const token = await joinmeToken(env.endpoints);
    const { meetingId } = (await schedule(token)).body;
    const deleted = await api(`meetings/${meetingId}`, { token, method: 'DELETE' });
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, '');
    assert.equal((await api(`meetings/${meetingId}`, { token })).status, 404);
    assert.equal((await api(`meetings/${meetingId}`, { token, method: 'DELETE' })).status, 404);
  });

  test('switch joinme.deleteStatus: an empty 200', async () => {
    env.emu.config.joinme.deleteStatus = 200;
    const token = await joinmeToken(env.endpoints);
    const { meetingId } = (await schedule(token)).body;
    const deleted = await api(`meetings/${meetingId}`, { token, method: 'DELETE' });
    assert.equal(deleted.status, 200);
    assert.equal(deleted.text, '');
  });

  test('start ad hoc: startWithPersonalUrl (boolean) required; 201 {presenterLink, viewerLink, …}', async () => {
    const token = await joinmeToken(env.endpoints);
    assert.equal((await api('meetings/start', { token, method: 'POST', body: {} })).status, 400);
    assert.equal((await api('meetings/start', { token, method: 'POST', body: { startWithPersonalUrl: 'true' } })).status, 400);
    const started = await api('meetings/start', { token, method: 'POST', body: { startWithPersonalUrl: true } });
    assert.equal(started.status, 201);
    assert.ok(started.body.presenterLink);
    assert.equal(started.body.viewerLink, `${env.origin}/__emu/joinme/web/ada`);
    assert.ok(started.body.audioConference);
    const code = await api('meetings/start', { token, method: 'POST', body: { startWithPersonalUrl: false, webhooks: [] } });
    assert.match(code.body.viewerLink, /\/web\/\d{9}$/);
    assert.ok(code.body.webhooksStatus);
    const user = await api('user', { token });
    assert.equal(user.body.numberOfMeetingsHosted, 44);
  });

  test('start ad hoc with a personal URL the account does not have is 400', async () => {
    const bob = await joinmeToken(env.endpoints, { login_hint: 'bob@example.com' });
    assert.equal((await api('meetings/start', { token: bob, method: 'POST', body: { startWithPersonalUrl: true } })).status, 400);
  });

  test('start a scheduled meeting: 201, same shape; an unknown one is 404', async () => {
    const token = await joinmeToken(env.endpoints);
    const meeting = (await schedule(token)).body;
    const started = await api(`meetings/${meeting.meetingId}/start`, { token, method: 'POST' });
    assert.equal(started.status, 201);
    assert.equal(started.body.viewerLink, meeting.viewerLink);
    assert.ok(started.body.presenterLink);
    assert.equal((await api('meetings/4242/start', { token, method: 'POST' })).status, 404);
  });

  test('the presenter link works once, within 10 minutes', async () => {
    const token = await joinmeToken(env.endpoints);
    const { presenterLink } = (await api('meetings/start', { token, method: 'POST', body: { startWithPersonalUrl: false } })).body;
    assert.equal((await fetch(presenterLink)).status, 200);
    assert.equal((await fetch(presenterLink)).status, 410);
    const late = (await api('meetings/start', { token, method: 'POST', body: { startWithPersonalUrl: false } })).body.presenterLink;
    env.emu.clock.advance(601);
    assert.equal((await fetch(late)).status, 410);
  });

  test('a stale token answers 401 {"Message", "ErrorCode": "stale_token"}', async () => {
    const token = await joinmeToken(env.endpoints);
    assert.equal((await env.control('joinme/stale', { access_token: token })).status, 200);
    const answer = await api('user', { token });
    assert.equal(answer.status, 401);
    assert.equal(answer.body.ErrorCode, 'stale_token');
    assert.equal(typeof answer.body.Message, 'string');
  });

  test('an inactive account gets the gateway 403: empty body, reason in headers', async () => {
    const token = await joinmeToken(env.endpoints, { login_hint: 'inactive@example.com' });
    const answer = await api('user', { token, headers: { Origin: 'http://localhost:8765' } });
    assert.equal(answer.status, 403);
    assert.equal(answer.text, '');
    assert.equal(answer.headers.get('x-error-detail-header'), 'Account Inactive');
    assert.equal(answer.headers.get('www-authenticate'), 'Bearer realm="api.join.me", error="invalid_token"');
    assert.equal(answer.headers.get('access-control-allow-origin'), 'http://localhost:8765');
    assert.match(String(answer.headers.get('access-control-expose-headers')), /X-Error-Detail-Header/);

    const ada = await joinmeToken(env.endpoints);
    await env.control('joinme/inactive', { email: 'ada@example.com' });
    assert.equal((await api('user', { token: ada })).status, 403);
    await env.control('joinme/inactive', { email: 'ada@example.com', inactive: false });
    assert.equal((await api('user', { token: ada })).status, 200);
  });

  test('switch joinme.gatewayCors: the gateway 403 without CORS headers (the page sees a network error)', async () => {
    env.emu.config.joinme.gatewayCors = false;
    const token = await joinmeToken(env.endpoints, { login_hint: 'inactive@example.com' });
    const answer = await api('user', { token, headers: { Origin: 'http://localhost:8765' } });
    assert.equal(answer.status, 403);
    assert.equal(answer.headers.get('access-control-allow-origin'), null);
  });

  test('CORS on the API: preflight and answers; switch joinme.cors turns it off', async () => {
    const preflight = () =>
      fetch(`${env.endpoints.joinme.base}meetings`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:8765',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type',
        },
      });
    const ok = await preflight();
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:8765');
    assert.match(String(ok.headers.get('access-control-allow-methods')), /PATCH/);
    assert.equal(ok.headers.get('access-control-allow-headers'), 'authorization,content-type');
    const token = await joinmeToken(env.endpoints);
    assert.equal(
      (await api('user', { token, headers: { Origin: 'http://localhost:8765' } })).headers.get('access-control-allow-origin'),
      'http://localhost:8765',
    );

    env.emu.config.joinme.cors = false;
    const off = await preflight();
    assert.notEqual(off.status, 204);
    assert.equal(off.headers.get('access-control-allow-origin'), null);
    assert.equal(
      (await api('user', { token, headers: { Origin: 'http://localhost:8765' } })).headers.get('access-control-allow-origin'),
      null,
    );
  });

  test('the secure host (token, expireaccess) sends no CORS headers', async () => {
    const response = await fetch(env.endpoints.joinme.token, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8765', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.status, 405);
  });
});

describe('join.me bad input', () => {
  test('an unknown API path is a PascalCase 404', async () => {
    const answer = await api('nothing/here', { token: await joinmeToken(env.endpoints) });
    assert.equal(answer.status, 404);
    assert.equal(answer.body.ErrorCode, 'not_found');
  });

  test('a body over 1 MiB answers 413', async () => {
    const token = await joinmeToken(env.endpoints);
    const huge = JSON.stringify({ meetingName: 'x'.repeat(1024 * 1024 + 10) });
    const answer = await api('meetings', { token, method: 'POST', body: huge });
    assert.equal(answer.status, 413);
    assert.equal(answer.body.ErrorCode, 'request_too_large');
    const tokenCallAnswer = await fetch(env.endpoints.joinme.token, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: huge,
    });
    assert.equal(tokenCallAnswer.status, 413);
    assert.equal((await api('user', { token })).status, 200); // still serving
  });

  test('wrong methods are 405', async () => {
    assert.equal((await fetch(env.endpoints.joinme.token)).status, 405);
    assert.equal((await fetch(env.endpoints.joinme.auth, { method: 'DELETE' })).status, 405);
  });

  test('an unexpected exception answers 500 in join.me style and the emulator keeps serving', async () => {
    await env.control('fail', { provider: 'joinme', times: 2 });
    const token = (await joinmeAuthorize(env.endpoints)).status;
    assert.equal(token, 500);
    const answer = await api('user');
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.body, { Message: 'An error has occurred.', ErrorCode: 'server_error' });
    assert.ok(env.emu.log.some((entry) => entry.error));
    assert.equal((await joinmeAuthorize(env.endpoints)).status, 302);
  });
});
