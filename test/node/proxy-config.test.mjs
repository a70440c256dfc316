// Config validation, loadConfig, the CLI, and mounting the handler in node:http, connect/Express and Koa.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { configFromEnv, createProxy, defaultProviders, loadConfig } from '../../dist/proxy/index.mjs';
import { adapterName, createHandler, listen as listenHandler } from './proxy-adapter.mjs';
import { codeQuery, fragmentOf, get, JOINME, listen, REDIRECT, recordingFetch, SITE, startProxy, ZOHO } from './proxy-helpers.mjs';

// Express/Koa mounts, the CLI and loadConfig are the Node side's: run once, with the Node adapter.
const nodeOnly = adapterName() === 'fetch' ? 'Node adapter only' : false;
const fetch_ = globalThis.fetch;
const CLI = fileURLToPath(new URL('../../dist/proxy/cli.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hellojs-meetings-proxy-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeJson(name, value) {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('createProxy config', { timeout: 30_000 }, () => {
  test('defaultProviders pins the real endpoints', () => {
    assert.deepEqual(defaultProviders.joinme, {
      token: 'https://secure.join.me/api/public/v1/auth/token',
      expire: 'https://secure.join.me/api/public/v1/auth/expireaccess',
      api: 'https://api.join.me',
    });
    assert.equal(defaultProviders.zoho.eu.accounts, 'https://accounts.zoho.eu');
    assert.equal(defaultProviders.zoho.ca.meeting, 'https://meeting.zohocloud.ca');
  });

  const bad = [
    ['config without redirectOrigins refused', {}],
    ['empty redirectOrigins refused', { redirectOrigins: [] }],
    ['a redirect origin with a path refused', { redirectOrigins: ['https://site.example/app'] }],
    ['a redirect origin that is not a URL refused', { redirectOrigins: ['site.example'] }],
    ['a client without a secret refused', { redirectOrigins: [SITE], zoho: { client_id: 'x' } }],
    [
      'a partial data-centre table refused',
      { redirectOrigins: [SITE], zoho: { ...ZOHO, datacentres: { us: { accounts: 'https://a', meeting: 'https://m' } } } },
    ],
    [
      'a data-centre table with a malformed region name refused',
      {
        redirectOrigins: [SITE],
        zoho: { ...ZOHO, datacentres: { ...defaultProviders.zoho, 'x y': { accounts: 'https://a', meeting: 'https://m' } } },
      },
    ],
    [
      'an added data centre with a bad URL refused',
      {
        redirectOrigins: [SITE],
        zoho: { ...ZOHO, datacentres: { ...defaultProviders.zoho, ae: { accounts: 'accounts.zoho.ae', meeting: 'https://m' } } },
      },
    ],
    [
      'join.me endpoints that are not URLs refused',
      { redirectOrigins: [SITE], joinme: { ...JOINME, endpoints: { token: 'nope', expire: 'x', api: 'y' } } },
    ],
    ['a negative timeout refused', { redirectOrigins: [SITE], timeoutMs: -1 }],
  ];
  for (const [name, config] of bad) {
    test(name, () => {
      assert.throws(
        () => createHandler(config),
        (err) => {
          assert.ok(err instanceof TypeError);
          assert.ok(!err.message.includes(ZOHO.client_secret));
          return true;
        },
      );
    });
  }

  test('a data centre added to the table (one opened after this release) is served, token and API', async () => {
    const ae = { accounts: 'https://accounts.zoho.ae', meeting: 'https://meeting.zoho.ae' };
    const fetch = recordingFetch((url) => (url.includes('/oauth/') ? { access_token: 'AT-AE' } : { ok: true }));
    const proxy = await startProxy({ fetch, zoho: { ...ZOHO, datacentres: { ...defaultProviders.zoho, ae } } });
    try {
      const f = fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'ae', 'accounts-server': ae.accounts })));
      assert.equal(f.access_token, 'AT-AE');
      assert.equal(f.location, 'ae');
      assert.equal(fetch.calls[0].url, 'https://accounts.zoho.ae/oauth/v2/token');
      const api = await fetch_(`${proxy.url}?path=${encodeURIComponent(`${ae.meeting}/api/v2/user.json`)}&access_token=AT-AE`);
      assert.equal(api.status, 200);
    } finally {
      await proxy.close();
    }
  });

  test('a redirect origin with a trailing slash is accepted', () => {
    assert.equal(typeof createHandler({ redirectOrigins: [`${SITE}/`], zoho: ZOHO }), 'function');
  });

  test('a throwing logger does not break a request', async () => {
    const proxy = await startProxy({
      fetch: recordingFetch(),
      log: () => {
        throw new Error('logger down');
      },
    });
    try {
      const res = await get(proxy.url, codeQuery('joinme'));
      assert.equal(fragmentOf(res).access_token, 'AT-1');
    } finally {
      await proxy.close();
    }
  });
});

describe('one validation for createProxy, createFetchHandler and the CLI', { timeout: 30_000 }, () => {
  const base = { redirectOrigins: [SITE], zoho: { ...ZOHO } };
  /** The message createHandler throws for `config`. */
  const messageOf = (config, options) => {
    try {
      createHandler(config, options);
    } catch (err) {
      assert.ok(err instanceof TypeError, `not a TypeError: ${err}`);
      return err.message;
    }
    assert.fail('the config was accepted');
  };

  for (const [name, config, key] of [
    ['corsOrigin (a typo of corsOrigins)', { ...base, corsOrigin: [SITE] }, 'corsOrigin'],
    ['clientSecret at the top', { ...base, clientSecret: 'x' }, 'clientSecret'],
    ['google (a provider this proxy does not serve)', { ...base, google: { client_id: 'a', client_secret: 'b' } }, 'google'],
    ['zoho.clientSecret', { ...base, zoho: { ...ZOHO, clientSecret: 'x' } }, 'clientSecret'],
    ['joinme.endpoint', { ...base, joinme: { ...JOINME, endpoint: {} } }, 'endpoint'],
    ['timeout (not timeoutMs)', { ...base, timeout: 5000 }, 'timeout'],
  ]) {
    test(`an unknown key is refused: ${name}`, () => {
      assert.match(messageOf(config), new RegExp(`unknown key "${key}"`));
    });
  }

  test('a config without any provider is refused clearly', () => {
    assert.match(messageOf({ redirectOrigins: [SITE] }), /no provider configured: give joinme and\/or zoho/);
  });

  test('{ env } and { file } secrets are accepted, and the secret read is the one sent', async () => {
    const secretFile = join(dir, `zoho-secret-${adapterName()}`);
    writeFileSync(secretFile, `  ${ZOHO.client_secret}\n`);
    for (const [name, zoho, options] of [
      [
        'env',
        { client_id: { env: 'ZID' }, client_secret: { env: 'ZSECRET' } },
        { env: { ZID: ZOHO.client_id, ZSECRET: ZOHO.client_secret } },
      ],
      ['file', { client_id: ZOHO.client_id, client_secret: { file: secretFile } }, undefined],
    ]) {
      const fetch = recordingFetch();
      const running = await listenHandler(createHandler({ redirectOrigins: [SITE], zoho, fetch }, options));
      try {
        const f = fragmentOf(await get(running.url, codeQuery('zoho', { location: 'eu' })));
        assert.equal(f.access_token, 'AT-1', name);
        assert.equal(new URLSearchParams(fetch.calls[0].body).get('client_secret'), ZOHO.client_secret, name);
      } finally {
        await running.close();
      }
    }
  });

  test('a missing environment variable or secret file is named, never a value', () => {
    assert.match(
      messageOf({ ...base, zoho: { client_id: 'x', client_secret: { env: 'NOT_SET_ANYWHERE' } } }, { env: {} }),
      /zoho\.client_secret: environment variable NOT_SET_ANYWHERE is not set/,
    );
    assert.match(
      messageOf({ ...base, zoho: { client_id: 'x', client_secret: { file: join(dir, 'no-such-file') } } }),
      /zoho\.client_secret: cannot read the secret file .*no-such-file \(ENOENT\)/,
    );
  });

  test('a config error never prints a credential embedded in a URL', () => {
    const bad = [
      { redirectOrigins: ['https://admin:hunter2@site.example'] },
      { redirectOrigins: ['https://admin:hunter2@site.example/app'] },
      { redirectOrigins: ['admin:hunter2@site.example'] },
      { redirectOrigins: ['https://admin:hunter2@site.example?x=1'] },
      { redirectOrigins: [SITE], corsOrigins: ['https://admin:hunter2@site.example/'] },
      { redirectOrigins: [SITE], joinme: { ...JOINME, endpoints: { token: 'https://a:hunter2@t.example', expire: 'x', api: 'y' } } },
    ];
    for (const config of bad) {
      const message = messageOf({ zoho: { ...ZOHO }, ...config });
      assert.ok(!message.includes('hunter2'), message);
    }
  });
});

describe('configFromEnv: the platform environment, one documented shape', {
  timeout: 30_000,
  skip: adapterName() === 'fetch' && 'no adapter involved',
}, () => {
  test('the separate variables give the config a proxy runs on', async () => {
    const config = configFromEnv({
      HELLOJS_PROXY_REDIRECT_ORIGINS: `${SITE}, https://other.example`,
      ZOHO_CLIENT_ID: ZOHO.client_id,
      ZOHO_CLIENT_SECRET: ` ${ZOHO.client_secret} `,
      HELLOJS_PROXY_TIMEOUT_MS: '5000',
      ZOHO_DISCOVER_DATACENTRES: 'false',
      UNRELATED: 'ignored',
    });
    assert.deepEqual(config, {
      redirectOrigins: [SITE, 'https://other.example'],
      timeoutMs: 5000,
      zoho: { client_id: ZOHO.client_id, client_secret: ZOHO.client_secret, discoverDatacentres: false },
    });
  });

  test('HELLOJS_PROXY_CONFIG holds the CLI format, its { env } secrets read from the same environment', () => {
    const config = configFromEnv({
      HELLOJS_PROXY_CONFIG: JSON.stringify({
        redirectOrigins: [SITE],
        joinme: { client_id: JOINME.client_id, client_secret: { env: 'JM' } },
      }),
      JM: JOINME.client_secret,
    });
    assert.deepEqual(config, { redirectOrigins: [SITE], joinme: { client_id: JOINME.client_id, client_secret: JOINME.client_secret } });
  });

  test('the same messages as the CLI and createProxy', () => {
    assert.throws(
      () => configFromEnv({ HELLOJS_PROXY_REDIRECT_ORIGINS: SITE, ZOHO_CLIENT_ID: 'x' }),
      /zoho\.client_secret: environment variable ZOHO_CLIENT_SECRET is not set/,
    );
    assert.throws(() => configFromEnv({ ZOHO_CLIENT_ID: 'x', ZOHO_CLIENT_SECRET: 'y' }), /HELLOJS_PROXY_REDIRECT_ORIGINS/);
    assert.throws(() => configFromEnv({ HELLOJS_PROXY_REDIRECT_ORIGINS: SITE }), /no provider configured/);
    assert.throws(
      () => configFromEnv({ HELLOJS_PROXY_CONFIG: JSON.stringify({ redirectOrigins: [SITE], corsOrigin: [SITE], zoho: ZOHO }) }),
      /unknown key "corsOrigin"/,
    );
    assert.throws(
      () =>
        configFromEnv({
          HELLOJS_PROXY_REDIRECT_ORIGINS: 'https://admin:hunter2@site.example/x',
          ZOHO_CLIENT_ID: 'x',
          ZOHO_CLIENT_SECRET: 'y',
        }),
      (err) => err instanceof TypeError && /redirectOrigins\[0\]/.test(err.message) && !err.message.includes('hunter2'),
    );
    assert.throws(
      () =>
        configFromEnv({
          HELLOJS_PROXY_REDIRECT_ORIGINS: SITE,
          ZOHO_CLIENT_ID: 'x',
          ZOHO_CLIENT_SECRET: 'y',
          HELLOJS_PROXY_TIMEOUT_MS: 'soon',
        }),
      /HELLOJS_PROXY_TIMEOUT_MS must be a positive whole number/,
    );
  });
});

describe('malformed input and routing', { timeout: 30_000 }, () => {
  test('a bare GET answers a short 200 text (health check)', async () => {
    const proxy = await startProxy();
    try {
      const res = await fetch(proxy.url);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /oauth proxy/);
    } finally {
      await proxy.close();
    }
  });

  test('a request with none of the protocol parameters answers 400 JSON', async () => {
    const proxy = await startProxy();
    try {
      const res = await fetch(`${proxy.url}?foo=bar`);
      assert.equal(res.status, 400);
      assert.equal((await res.json()).error.code, 'invalid_request');
    } finally {
      await proxy.close();
    }
  });

  test('the handler ignores its own path', async () => {
    const proxy = await startProxy({ fetch: recordingFetch() });
    try {
      const res = await get(`${proxy.url}some/deep/path`, codeQuery('joinme'));
      assert.equal(fragmentOf(res).access_token, 'AT-1');
    } finally {
      await proxy.close();
    }
  });

  test('a query with broken percent-encoding does not crash the handler', async () => {
    const proxy = await startProxy({ fetch: recordingFetch() });
    try {
      const res = await fetch(`${proxy.url}?code=%E0%A4%A&state=%7B&redirect_uri=${encodeURIComponent(REDIRECT)}`, { redirect: 'manual' });
      assert.equal(res.status, 302);
      assert.equal(fragmentOf(res).error, 'invalid_request');
      // And it still answers afterwards.
      assert.equal((await fetch(proxy.url)).status, 200);
    } finally {
      await proxy.close();
    }
  });

  test('a huge state is refused, not processed', async () => {
    const proxy = await startProxy({ fetch: recordingFetch() });
    try {
      const res = await get(proxy.url, codeQuery('joinme', { state: JSON.stringify({ network: 'joinme', pad: 'x'.repeat(5000) }) }));
      assert.equal(res.status, 400);
    } finally {
      await proxy.close();
    }
  });
});

describe('mounting', { timeout: 30_000, skip: nodeOnly }, () => {
  test('connect/Express style: mounted under a path, next() for requests that are not the protocol', async () => {
    const handler = createProxy({ redirectOrigins: [SITE], joinme: JOINME, fetch: recordingFetch() });
    let nextCalls = 0;
    // What connect/Express do for app.use('/oauthproxy', handler): strip the mount path, pass next.
    const app = (req, res) => {
      const fallthrough = () => {
        nextCalls++;
        res.statusCode = 404;
        res.end('app 404');
      };
      if (req.url.startsWith('/oauthproxy')) {
        req.url = req.url.slice('/oauthproxy'.length) || '/';
        handler(req, res, fallthrough);
      } else fallthrough();
    };
    const running = await listen(app);
    try {
      const res = await get(`${running.url}oauthproxy`, codeQuery('joinme'));
      assert.equal(fragmentOf(res).access_token, 'AT-1');
      const other = await fetch(`${running.url}oauthproxy/?unrelated=1`);
      assert.equal(other.status, 404);
      assert.equal(nextCalls, 1);
    } finally {
      await running.close();
    }
  });

  test('Express body parsers: a body already parsed into req.body is used', async () => {
    const fetch_ = recordingFetch(() => ({ status: 'success' }));
    const handler = createProxy({ redirectOrigins: [SITE], zoho: ZOHO, fetch: fetch_ });
    // What express.json() leaves behind: the stream consumed, req.body an object, req._body true.
    const app = (req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        req.body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        req._body = true;
        handler(req, res);
      });
    };
    const running = await listen(app);
    try {
      const res = await fetch(`${running.url}?action=revoke&network=zoho&location=eu`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: 'RT-9' }),
      });
      assert.equal(res.status, 200);
      assert.equal(fetch_.calls[0].url, 'https://accounts.zoho.eu/oauth/v2/token/revoke?token=RT-9');
    } finally {
      await running.close();
    }
  });

  test('Koa: ctx.respond = false; handler(ctx.req, ctx.res)', async (t) => {
    let Koa;
    try {
      Koa = (await import('koa')).default;
    } catch {
      t.skip('koa is not installed');
      return;
    }
    const handler = createProxy({ redirectOrigins: [SITE], joinme: JOINME, fetch: recordingFetch() });
    const app = new Koa();
    app.use(async (ctx, next) => {
      if (ctx.path === '/oauthproxy') {
        ctx.respond = false;
        handler(ctx.req, ctx.res);
        return;
      }
      await next();
    });
    const running = await listen(app.callback());
    try {
      const res = await get(`${running.url}oauthproxy`, codeQuery('joinme'));
      assert.equal(fragmentOf(res).access_token, 'AT-1');
    } finally {
      await running.close();
    }
  });
});

describe('loadConfig', { timeout: 30_000, skip: nodeOnly }, () => {
  test('reads secrets from the environment and from files', () => {
    const secretFile = join(dir, 'zoho-secret');
    writeFileSync(secretFile, `${ZOHO.client_secret}\n`);
    const file = writeJson('config-ok.json', {
      redirectOrigins: [SITE],
      joinme: { client_id: JOINME.client_id, client_secret: { env: 'JM_SECRET' } },
      zoho: { client_id: ZOHO.client_id, client_secret: { file: 'zoho-secret' } },
      timeoutMs: 5000,
    });
    const config = loadConfig(file, { JM_SECRET: JOINME.client_secret });
    assert.deepEqual(config, {
      redirectOrigins: [SITE],
      joinme: { client_id: JOINME.client_id, client_secret: JOINME.client_secret },
      zoho: { client_id: ZOHO.client_id, client_secret: ZOHO.client_secret },
      timeoutMs: 5000,
    });
  });

  test('a missing environment variable is named, no value shown', () => {
    const file = writeJson('config-env.json', {
      redirectOrigins: [SITE],
      zoho: { client_id: 'x', client_secret: { env: 'NOT_SET_ANYWHERE' } },
    });
    assert.throws(() => loadConfig(file, {}), /NOT_SET_ANYWHERE is not set/);
  });

  test('an unknown key is refused (typos fail loudly)', () => {
    const file = writeJson('config-typo.json', { redirectOrigin: [SITE] });
    assert.throws(() => loadConfig(file, {}), /unknown key "redirectOrigin"/);
  });

  test('an invalid config fails at load, not at the first request', () => {
    const file = writeJson('config-bad.json', { redirectOrigins: ['not an origin'], zoho: ZOHO });
    assert.throws(() => loadConfig(file, {}), /redirectOrigins\[0\]/);
  });

  test('a JSON syntax error says where, and never shows the text around it (a secret may be there)', () => {
    for (const [name, text, where] of [
      ['unquoted', '{"zoho":{"client_secret":hunter2-secret}}', undefined],
      ['stray', '{\n  "zoho": {"client_secret": "hunter2-secret" x}}', /line 2, column/],
    ]) {
      const file = join(dir, `config-syntax-${name}.json`);
      writeFileSync(file, text);
      assert.throws(
        () => loadConfig(file, {}),
        (err) => /is not valid JSON/.test(err.message) && !err.message.includes('hunter2') && (!where || where.test(err.message)),
      );
      assert.throws(
        () => configFromEnv({ HELLOJS_PROXY_CONFIG: text }),
        (err) => /HELLOJS_PROXY_CONFIG is not valid JSON/.test(err.message) && !err.message.includes('hunter2'),
      );
    }
  });

  test('endpoint overrides (the emulator) are read', () => {
    const emu = 'http://127.0.0.1:9/__emu';
    const file = writeJson('config-emu.json', {
      redirectOrigins: [SITE],
      joinme: { ...JOINME, endpoints: { token: `${emu}/t`, expire: `${emu}/e`, api: `${emu}/joinme/api` } },
    });
    assert.equal(loadConfig(file, {}).joinme.endpoints.api, `${emu}/joinme/api`);
  });
});

/** Runs the CLI; resolves { code, stdout, stderr }. `onLine` sees stderr lines as they come. */
function runCli(args, { env = {}, onLine } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      const text = String(d);
      stderr += text;
      if (onLine) for (const line of text.split('\n').filter(Boolean)) onLine(line, child);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('CLI', { timeout: 30_000, skip: nodeOnly }, () => {
  test('--help prints the usage', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /--config/);
    assert.match(stdout, /--port/);
    assert.match(stdout, /--host/);
  });

  test('without --config it exits 2 with a message', async () => {
    const { code, stderr } = await runCli([]);
    assert.equal(code, 2);
    assert.match(stderr, /--config/);
  });

  test('a config error prints the message createProxy throws, and no credential of a URL', async () => {
    for (const [name, config] of [
      ['typo', { redirectOrigins: [SITE], corsOrigin: [SITE], zoho: ZOHO }],
      ['no provider', { redirectOrigins: [SITE] }],
      ['credentials', { redirectOrigins: ['https://admin:hunter2@site.example/app'], zoho: ZOHO }],
    ]) {
      let expected;
      try {
        createProxy(config);
      } catch (err) {
        expected = err.message;
      }
      assert.ok(expected, `${name}: createProxy accepted it`);
      const { code, stderr } = await runCli(['--config', writeJson(`cli-same-${name.replace(/ /g, '-')}.json`, config)]);
      assert.equal(code, 2, name);
      assert.ok(stderr.includes(expected), `${name}: ${stderr} does not hold ${expected}`);
      assert.ok(!stderr.includes('hunter2'), stderr);
    }
  });

  test('a missing secret exits 2 naming the variable, never a value', async () => {
    const file = writeJson('cli-missing.json', {
      redirectOrigins: [SITE],
      zoho: { client_id: 'id', client_secret: { env: 'ZOHO_CLIENT_SECRET' } },
    });
    const { code, stderr } = await runCli(['--config', file]);
    assert.equal(code, 2);
    assert.match(stderr, /ZOHO_CLIENT_SECRET/);
  });

  test('serves the protocol, never logs secrets or tokens, and shuts down gracefully on SIGTERM', async () => {
    // The CLI calls the real endpoints: point it at a local fake token endpoint.
    const fake = await listen((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'CLI-AT-TOKEN', refresh_token: 'CLI-RT-TOKEN' }));
      });
    });
    const origin = fake.url.replace(/\/$/, '');
    const file = writeJson('cli-ok.json', {
      redirectOrigins: [SITE],
      joinme: {
        client_id: JOINME.client_id,
        client_secret: { env: 'JOINME_CLIENT_SECRET' },
        endpoints: { token: `${origin}/token`, expire: `${origin}/expire`, api: `${origin}/api` },
      },
    });
    let answered;
    const result = await runCli(['--config', file, '--port', '0', '--host', '127.0.0.1'], {
      env: { JOINME_CLIENT_SECRET: JOINME.client_secret },
      onLine: (line, child) => {
        const match = /listening on (http:\/\/[^ "]+)/.exec(line);
        if (!match) return;
        answered = get(match[1], codeQuery('joinme', { code: 'CLI-CODE' })).then((res) => {
          const f = fragmentOf(res);
          child.kill('SIGTERM');
          return f;
        });
      },
    });
    await fake.close();
    assert.ok(answered, `the CLI did not start: ${result.stderr}`);
    const f = await answered;
    assert.equal(f.access_token, 'CLI-AT-TOKEN');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /SIGTERM/);
    for (const needle of [JOINME.client_secret, 'CLI-AT-TOKEN', 'CLI-RT-TOKEN', 'CLI-CODE']) {
      assert.ok(!result.stderr.includes(needle), `stderr leaks ${needle}`);
    }
  });
});
