// `npm start`'s dev server (web-dev-server.config.mjs) as configured: `/` leads to the demo, and the emulated
// users start with meetings, so the demo's first list after login is not empty.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { startDevServer } from '@web/dev-server';

/** @type {import('@web/dev-server-core').DevServer | undefined} */
let server;
let port = 0;

before(async () => {
  port = await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: free } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(free));
    });
  });
  process.env.PORT = String(port);
  const { default: config } = await import('../../web-dev-server.config.mjs');
  server = await startDevServer({
    config: { ...config, plugins: [], injectWebSocket: false },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
  });
});

after(() => server?.stop());

test('/ leads to the demo', async () => {
  const root = await fetch(`http://localhost:${port}/`, { redirect: 'manual' });
  assert.equal(root.status, 302);
  assert.equal(root.headers.get('location'), '/demo/');
  const demo = await fetch(`http://localhost:${port}/`);
  assert.equal(demo.status, 200);
  assert.match(await demo.text(), /<title>/);
});

test('the demo accounts come with meetings and a webinar', async () => {
  const emu = `http://127.0.0.1:${port}/__emu`;
  await fetch(`${emu}/control/config`, { method: 'POST', body: JSON.stringify({ consent: 'auto' }) });
  const endpoints = await (await fetch(`${emu}/control/urls`)).json();
  const redirect_uri = `http://localhost:${port}/demo/redirect.html`;
  const login = async (auth, params) => {
    const url = new URL(auth);
    for (const [key, value] of Object.entries({ redirect_uri, response_type: 'token', ...params })) url.searchParams.set(key, value);
    const response = await fetch(url, { redirect: 'manual' });
    return new URLSearchParams(new URL(String(response.headers.get('location'))).hash.slice(1)).get('access_token');
  };
  const joinme = await login(endpoints.joinme.auth, { client_id: 'joinme-demo-key', scope: 'scheduler', login_hint: 'ada@example.com' });
  const { meetings } = await (await fetch(`${endpoints.joinme.base}meetings`, { headers: { Authorization: `Bearer ${joinme}` } })).json();
  assert.ok(meetings.length >= 2, 'ada has meetings');

  const eu = endpoints.zoho.datacentres.eu;
  const zoho = await login(`${eu.accounts}/oauth/v2/auth`, {
    client_id: '1000.ZOHODEMOCLIENT',
    scope: 'ZohoMeeting.manageOrg.READ,ZohoMeeting.meeting.READ,ZohoMeeting.webinar.READ',
    login_hint: 'marie@example.eu',
  });
  const headers = { Authorization: `Zoho-oauthtoken ${zoho}` };
  const { userDetails } = await (await fetch(`${eu.meeting}/api/v2/user.json`, { headers })).json();
  const { session } = await (await fetch(`${eu.meeting}/api/v2/${userDetails.zsoid}/sessions.json?index=1`, { headers })).json();
  const { webinar } = await (await fetch(`${eu.meeting}/api/v2/${userDetails.zsoid}/webinar.json?index=1`, { headers })).json();
  assert.ok(session.length >= 2, 'marie has meetings');
  assert.equal(webinar.length, 1, 'marie has a webinar');
});
