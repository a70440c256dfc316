/**
 * The emulator's own surface: createEmulator's API, the control API, mounting (handle, koa, listen),
 * the CLI, and the browser-safe modules.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../emulator/config.mjs';
import { createEmulator } from '../../emulator/index.mjs';
import { joinmeAuthorize, joinmeToken, startEmulator, TEST_CLIENTS, TEST_REDIRECT_URI, zohoToken } from '../../emulator/testing.mjs';
import { DEFAULT_ACCOUNTS, emulatorEndpoints, emulatorUrls, ZOHO_REGIONS } from '../../emulator/urls.mjs';

const emulatorDir = fileURLToPath(new URL('../../emulator/', import.meta.url));

/** The CLI stays idle under the test runner; these children are not tests. */
const { NODE_TEST_CONTEXT: _runner, ...cliEnv } = process.env;

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let env;
before(async () => {
  env = await startEmulator();
});
after(() => env.close());
beforeEach(() => env.emu.reset());

describe('emulator API', () => {
  test("emulatorUrls(origin): the contract's URLs", () => {
    const endpoints = emulatorUrls('http://127.0.0.1:9999/');
    const emu = 'http://127.0.0.1:9999/__emu';
    assert.deepEqual(endpoints.joinme, {
      auth: `${emu}/joinme/secure/api/public/v1/auth/oauth2`,
      token: `${emu}/joinme/secure/api/public/v1/auth/token`,
      expire: `${emu}/joinme/secure/api/public/v1/auth/expireaccess`,
      base: `${emu}/joinme/api/v1/`,
    });
    assert.deepEqual(Object.keys(endpoints.zoho.datacentres), ['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'cn', 'uk']);
    assert.deepEqual(endpoints.zoho.datacentres.ca, { accounts: `${emu}/zoho/ca/accounts`, meeting: `${emu}/zoho/ca/meeting` });
    // ae is emulated but not in the package's table: a site (or test) adds it through hello.init.
    assert.deepEqual(endpoints.zoho.unlisted, {
      ae: { accounts: `${emu}/zoho/ae/accounts`, meeting: `${emu}/zoho/ae/meeting`, apis: 'https://www.zohoapis.ae' },
    });
    assert.deepEqual(env.emu.urls('http://127.0.0.1:9999'), endpoints);
  });

  test('emulatorEndpoints(origin): exactly what hello.init needs, nothing more', () => {
    const urls = emulatorUrls('http://127.0.0.1:9999');
    assert.deepEqual(emulatorEndpoints('http://127.0.0.1:9999/'), {
      joinme: { id: 'joinme-demo-key', oauth: { auth: urls.joinme.auth, grant: urls.joinme.token }, base: urls.joinme.base },
      zoho: { id: '1000.ZOHODEMOCLIENT', datacentres: urls.zoho.datacentres },
    });
    assert.deepEqual(env.emu.endpoints('http://127.0.0.1:9999'), emulatorEndpoints('http://127.0.0.1:9999'));
    const own = createEmulator({ clients: { zoho: { client_id: '1000.MINE' } } });
    assert.equal(own.endpoints('http://x').zoho.id, '1000.MINE');
    assert.equal(own.endpoints('http://x').joinme.id, 'joinme-demo-key');
  });

  test('the regions match modules/datacentres.ts', async () => {
    const source = await readFile(new URL('../../modules/datacentres.ts', import.meta.url), 'utf8');
    const table = source.slice(source.indexOf('ZOHO_DATACENTRES'));
    const regions = [...table.matchAll(/^\s{2}([a-z]{2}): \{ accounts/gm)].map((match) => match[1]);
    assert.deepEqual(regions, [...ZOHO_REGIONS]);
  });

  test('urls.mjs and accounts.mjs are browser-safe (no Node imports) and carry no secrets', async () => {
    for (const file of ['urls.mjs', 'accounts.mjs']) {
      const source = await readFile(`${emulatorDir}${file}`, 'utf8');
      assert.doesNotMatch(source, /from ['"]node:/, file);
      assert.doesNotMatch(source, /client_secret/, file);
    }
    assert.doesNotMatch(JSON.stringify(DEFAULT_ACCOUNTS), /secret/i);
    assert.equal(DEFAULT_ACCOUNTS.zoho.find((account) => account.email === 'marie@example.eu')?.region, 'eu');
    assert.ok(DEFAULT_ACCOUNTS.joinme.some((account) => account.email === 'inactive@example.com' && account.inactive));
  });

  test('emu.clients: public ids, secrets from the options or made at random for each emulator', () => {
    assert.deepEqual(env.emu.clients, TEST_CLIENTS); // startEmulator passes fixed test secrets
    const [a, b] = [createEmulator().clients, createEmulator().clients];
    assert.equal(a.joinme.client_id, 'joinme-demo-key');
    assert.equal(a.zoho.client_id, '1000.ZOHODEMOCLIENT');
    for (const network of /** @type {const} */ (['joinme', 'zoho'])) {
      assert.match(a[network].client_secret, /^[\w-]{32}$/);
      assert.notEqual(a[network].client_secret, b[network].client_secret);
    }
    assert.throws(() => createEmulator({ clients: { joinme: { client_secret: '' } } }), TypeError);
  });

  test('no client secret is a constant in the emulator (the package ships it; only the test helpers fix theirs)', async () => {
    const { readdir } = await import('node:fs/promises');
    for (const file of await readdir(emulatorDir)) {
      if (!file.endsWith('.mjs') || file === 'testing.mjs') continue;
      assert.doesNotMatch(await readFile(`${emulatorDir}${file}`, 'utf8'), /client_secret:\s*['"`]/, file);
    }
  });

  test('createEmulator refuses unknown switches and wrong types', () => {
    assert.throws(() => createEmulator({ config: { joinme: { implicitExpiresIn: 'yes' } } }), ConfigError);
    assert.throws(() => createEmulator({ config: { zoho: { nope: true } } }), ConfigError);
    assert.throws(() => createEmulator({ config: { joinme: { deleteStatus: 202 } } }), ConfigError);
    assert.throws(() => createEmulator(/** @type {any} */ ({ redirectURIs: [] })), /unknown option redirectURIs/);
    assert.equal(createEmulator({ config: { zoho: { cors: false } } }).config.zoho.cors, false);
  });

  test('emu.clock: advance moves every expiry; reset goes back to real time', () => {
    const before = env.emu.clock.now();
    env.emu.clock.advance(3600);
    assert.ok(env.emu.clock.now() - before >= 3_600_000);
    env.emu.reset();
    assert.ok(env.emu.clock.now() - before < 60_000);
  });

  test('emu.reset forgets tokens, meetings and the log, and restores config and the clock', async () => {
    const emu = createEmulator({ redirectUris: [TEST_REDIRECT_URI], consent: 'page', config: { joinme: { cors: false } } });
    assert.equal(emu.config.consent, 'page');
    const server = await emu.listen(0);
    try {
      const endpoints = emu.urls(server.origin);
      emu.config.consent = 'auto';
      const token = await joinmeToken(endpoints);
      emu.config.joinme.cors = true;
      emu.config.zoho.timeSuffix = true;
      emu.clock.advance(100);
      const log = emu.log;
      assert.ok(log.length > 0);
      emu.reset();
      assert.equal(emu.log, log); // emptied in place: references stay live
      assert.equal(log.length, 0);
      assert.equal(emu.config.consent, 'page');
      assert.equal(emu.config.joinme.cors, false);
      assert.equal(emu.config.zoho.timeSuffix, false);
      assert.ok(emu.clock.offset === 0);
      const response = await fetch(`${endpoints.joinme.base}user`, { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(response.status, 401);
    } finally {
      await server.close();
    }
  });

  test('emu.log records provider, region, host kind, method, path and Authorization', async () => {
    const { token } = await zohoToken(env.endpoints, 'eu', { login_hint: 'marie@example.eu' });
    await fetch(`${env.endpoints.zoho.datacentres.eu?.meeting}/api/v2/user.json`, {
      headers: { Authorization: `Zoho-oauthtoken ${token}` },
    });
    await joinmeAuthorize(env.endpoints);
    const [authorize, user, joinme] = env.emu.log;
    assert.deepEqual(
      { ...authorize, at: 0, query: '' },
      { provider: 'zoho', region: 'eu', host: 'accounts', method: 'GET', path: '/oauth/v2/auth', query: '', at: 0 },
    );
    assert.deepEqual(
      { ...user, at: 0 },
      {
        provider: 'zoho',
        region: 'eu',
        host: 'meeting',
        method: 'GET',
        path: '/api/v2/user.json',
        authorization: `Zoho-oauthtoken ${token}`,
        at: 0,
      },
    );
    assert.equal(joinme?.provider, 'joinme');
    assert.equal(joinme?.host, 'secure');
    assert.equal('region' in /** @type {object} */ (joinme), false);
    assert.equal((await env.control('log')).body.length, 3); // control calls are not logged
  });

  test('handle() answers /__emu/ and returns false, writing nothing, for other paths', async () => {
    const emu = createEmulator();
    /** @type {boolean[]} */
    const results = [];
    const server = createServer((req, res) => {
      const handled = emu.handle(req, res);
      results.push(handled);
      if (!handled) {
        assert.equal(res.headersSent, false);
        res.end('site');
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
    try {
      assert.equal(await (await fetch(`${origin}/index.html`)).text(), 'site');
      assert.equal(await (await fetch(`${origin}/__emu`)).text(), 'site');
      assert.equal((await fetch(`${origin}/__emu/control/accounts`)).status, 200);
      assert.deepEqual(results, [false, false, true]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('koa(): serves /__emu/ with ctx.respond = false, passes everything else to next()', async () => {
    const emu = createEmulator();
    const middleware = emu.koa();
    const server = createServer(async (req, res) => {
      const ctx = { path: new URL(String(req.url), 'http://x').pathname, req, res, respond: true };
      await middleware(ctx, async () => {
        res.end('next');
      });
      if (ctx.path.startsWith('/__emu/')) {
        assert.equal(ctx.respond, false);
        assert.equal(res.writableEnded, true); // the middleware waited for the answer
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
    try {
      assert.equal(await (await fetch(`${origin}/demo/`)).text(), 'next');
      const endpoints = await (await fetch(`${origin}/__emu/control/endpoints`)).json();
      assert.deepEqual(endpoints, emulatorEndpoints(origin));
      assert.deepEqual(await (await fetch(`${origin}/__emu/control/urls`)).json(), emulatorUrls(origin));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('listen(0) serves on 127.0.0.1 and answers 404 outside /__emu/', async () => {
    assert.match(env.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${env.origin}/other`);
    assert.equal(response.status, 404);
  });

  test('the option origin fixes the public origin used in links and accounts-server', async () => {
    const emu = createEmulator({ redirectUris: [TEST_REDIRECT_URI], origin: 'http://localhost:8765' });
    const server = await emu.listen(0);
    try {
      const { location } = await zohoToken(emu.urls(server.origin), 'us');
      assert.equal(location, 'us');
      const response = await fetch(`${server.origin}/__emu/control/endpoints`);
      assert.equal((await response.json()).joinme.base, 'http://localhost:8765/__emu/joinme/api/v1/');
    } finally {
      await server.close();
    }
  });
});

describe('control API', () => {
  test("CORS, preflight included, for the emulator's own origins only (a redirect URI's)", async () => {
    const preflight = await fetch(`${env.origin}/__emu/control/config`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:8765',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:8765');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type');
    const get = await fetch(`${env.origin}/__emu/control/log`, { headers: { Origin: 'http://example.test' } });
    assert.equal(get.status, 403);
    assert.equal(get.headers.get('access-control-allow-origin'), null);
  });

  test('POST reset', async () => {
    const token = await joinmeToken(env.endpoints);
    assert.deepEqual(await env.control('reset', {}), { status: 200, body: { ok: true } });
    assert.equal(env.emu.log.length, 0);
    assert.equal((await fetch(`${env.endpoints.joinme.base}user`, { headers: { Authorization: `Bearer ${token}` } })).status, 401);
  });

  test('POST clock {advance} moves the clock; GET clock reads it', async () => {
    const { token } = await zohoToken(env.endpoints, 'us');
    const moved = await env.control('clock', { advance: 3601 });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.offset, 3601);
    assert.equal((await env.control('clock')).body.offset, 3601);
    const response = await fetch(`${env.endpoints.zoho.datacentres.us?.meeting}/api/v2/user.json`, {
      headers: { Authorization: `Zoho-oauthtoken ${token}` },
    });
    assert.equal(response.status, 400);
    assert.equal((await env.control('clock', { advance: 'soon' })).status, 400);
  });

  test('GET config; POST config deep-merges a partial into the live switches', async () => {
    const config = (await env.control('config')).body;
    assert.equal(config.joinme.cors, true);
    assert.equal(config.zoho.refreshTokenLimit, 20);
    const merged = await env.control('config', { zoho: { timeSuffix: true } });
    assert.equal(merged.body.zoho.timeSuffix, true);
    assert.equal(merged.body.zoho.cors, true); // untouched siblings stay
    assert.equal(env.emu.config.zoho.timeSuffix, true);
  });

  test('POST config refuses unknown switches and wrong types, changing nothing', async () => {
    const unknown = await env.control('config', { zoho: { timeSuffix: true, nope: 1 } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error, 'invalid_config');
    assert.equal(env.emu.config.zoho.timeSuffix, false);
    assert.equal((await env.control('config', { consent: 'maybe' })).status, 400);
    assert.equal((await env.control('config', { joinme: true })).status, 400);
  });

  test('GET log / DELETE log', async () => {
    await joinmeAuthorize(env.endpoints);
    const log = await env.control('log');
    assert.equal(log.body.length, 1);
    assert.equal(log.body[0].path, '/api/public/v1/auth/oauth2');
    assert.equal((await env.control('log', undefined, 'DELETE')).status, 204);
    assert.deepEqual((await env.control('log')).body, []);
  });

  test('POST joinme/stale and joinme/inactive refuse unknown tokens, accounts and bodies', async () => {
    assert.equal((await env.control('joinme/stale', { access_token: 'nope' })).status, 404);
    assert.equal((await env.control('joinme/stale', {})).status, 404);
    assert.equal((await env.control('joinme/inactive', { email: 'nobody@example.com' })).status, 404);
    assert.equal((await env.control('joinme/inactive', { email: 'ada@example.com', inactive: 'yes' })).status, 400);
  });

  test('GET/POST redirect-uris registers more redirect URIs (for every client) until reset', async () => {
    const extra = 'http://127.0.0.1:5555/cb';
    assert.equal((await joinmeAuthorize(env.endpoints, { redirect_uri: extra })).status, 400);
    assert.deepEqual((await env.control('redirect-uris', { uris: [extra] })).body, [TEST_REDIRECT_URI, extra]);
    assert.equal((await joinmeAuthorize(env.endpoints, { redirect_uri: extra })).status, 302);
    assert.equal((await env.control('redirect-uris', { uris: ['not a url'] })).status, 400);
    env.emu.reset();
    assert.deepEqual((await env.control('redirect-uris')).body, [TEST_REDIRECT_URI]);
  });

  test('GET accounts lists the users without secrets', async () => {
    assert.deepEqual((await env.control('accounts')).body, JSON.parse(JSON.stringify(DEFAULT_ACCOUNTS)));
  });

  test('POST fail validates its body', async () => {
    assert.equal((await env.control('fail', { provider: 'other' })).status, 400);
    assert.equal((await env.control('fail', { provider: 'zoho', times: -1 })).status, 400);
  });

  test('bad input: malformed JSON 400, unknown path 404, wrong method 405, huge body 413', async () => {
    const malformed = await fetch(`${env.origin}/__emu/control/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    });
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).error, 'invalid_json');
    assert.equal((await env.control('nothing')).status, 404);
    assert.equal((await env.control('reset')).status, 405);
    const huge = await fetch(`${env.origin}/__emu/control/config`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal(huge.status, 413);
    const unknown = await fetch(`${env.origin}/__emu/elsewhere`);
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error, 'not_found');
  });
});

describe('server.mjs CLI', () => {
  test('prints its origin and serves the emulator', async () => {
    const child = spawn(
      process.execPath,
      [`${emulatorDir}cli.mjs`, '--port', '0', '--consent', 'deny', '--redirect-uri', 'http://localhost:1/cb'],
      {
        env: cliEnv,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const origin = await new Promise((resolve, reject) => {
        child.stdout.once('data', (chunk) => resolve(String(chunk).split('\n')[0]?.trim()));
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      assert.match(origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      const redirect = await joinmeAuthorize(emulatorUrls(origin), { redirect_uri: 'http://localhost:1/cb' });
      assert.equal(redirect.fragment.get('error'), 'access_denied');
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('a bad option exits with a usage message', async () => {
    const child = spawn(process.execPath, [`${emulatorDir}cli.mjs`, '--consent', 'maybe'], { env: cliEnv, stdio: 'ignore' });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
  });
});
