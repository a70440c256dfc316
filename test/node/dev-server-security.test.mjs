// The demo/test dev server (test/server-mounts.mjs on @web/dev-server) and the emulator's control API, attacked
// as the review did: other spellings of refused paths, files that were never meant to be served, another
// network interface, another Host, another Origin. Raw HTTP requests, so every path goes as written.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startEmulator, TEST_REDIRECT_URI } from '../../emulator/testing.mjs';
import { isServed, normalPath, startMountedServer } from '../server-mounts.mjs';

const rootDir = fileURLToPath(new URL('../../', import.meta.url));

/** One raw request: the path and headers go exactly as given. */
function get(port, path, { host = `localhost:${port}`, address = '127.0.0.1', method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port, method, path, headers: { host, ...headers }, timeout: 10000 }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** A dev server as `npm start` (serve: 'demo') or the browser tests (serve: 'tests') run it, on a free port. */
async function startServer(serve) {
  // Port 0 is not possible here: the mounts need the port for the page and emulator origins. Try a few.
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    try {
      const { server, mounts } = await startMountedServer({ rootDir, port, consent: 'auto', serve });
      // The emulator makes its clients' secrets per run: these are the ones this server holds.
      const secrets = [mounts.emulator.clients.joinme.client_secret, mounts.emulator.clients.zoho.client_secret];
      return { port, server, secrets };
    } catch (error) {
      if (!/EADDRINUSE/.test(String(error))) throw error;
    }
  }
  throw new Error('no free port');
}

// The paths of the review, with the emulator now at the top level, and the files that must never be served.
const REFUSED = [
  '//emulator/clients.mjs',
  '/./emulator/clients.mjs',
  '/demo/../emulator/clients.mjs',
  '/demo/%2e%2e/emulator/clients.mjs',
  '/%2e/emulator/clients.mjs',
  '/emulator/./clients.mjs',
  '/emulator%2fclients.mjs',
  '/emulator/clients.mjs',
  '/emulator/%63lients.mjs',
  '/test//emulator/../../emulator/clients.mjs',
  '/demo%5c..%5cemulator%5cclients.mjs',
  '/emulator/clients.mjs%00.js',
  '/.git/config',
  '/.git/HEAD',
  '/proxy/config.ts',
  '/test/server-mounts.mjs',
  '/test/node/proxy-helpers.mjs',
];

for (const serve of ['demo', 'tests']) {
  describe(`the dev server (${serve === 'demo' ? 'npm start' : 'browser tests'})`, () => {
    /** @type {{ port: number, server: import('@web/dev-server-core').DevServer, secrets: string[] }} */
    let env;
    before(async () => {
      env = await startServer(serve);
    });
    after(() => env?.server.stop());

    for (const path of REFUSED) {
      test(`refuses ${path}`, async () => {
        const answer = await get(env.port, path);
        assert.equal(answer.status, 404, `${path} answered ${answer.status}`);
        for (const secret of env.secrets) assert.ok(!answer.body.includes(secret), `${path} gave away a client secret`);
        assert.ok(!answer.body.includes('export function'), `${path} served a source file`);
        assert.ok(!answer.body.includes('[core]'), `${path} served .git/config`);
      });
    }

    const allowed = [
      '/demo/',
      '/demo/redirect.html',
      '/dist/hello.meetings.js',
      '/dist/hello.meetings.guard.js',
      '/node_modules/hellojs/dist/hello.all.js',
      '/emulator/urls.mjs',
      '/emulator/accounts.mjs',
      '/__emu/control/accounts',
    ];
    if (serve === 'tests') allowed.push('/test/browser/redirect.html', '/test/browser/helpers.ts', '/modules/types.ts');
    for (const path of allowed) {
      test(`serves ${path}`, async () => {
        assert.equal((await get(env.port, path)).status, 200);
      });
    }

    if (serve === 'demo') {
      test('serves no test files, sources or packages beyond hello.js’s dist', async () => {
        for (const path of [
          '/test/browser/redirect.html',
          '/modules/zoho.ts',
          '/node_modules/hellojs/package.json',
          '/package.json',
          '/__forge/authorize',
        ]) {
          assert.equal((await get(env.port, path)).status, 404, path);
        }
      });
    }

    test('the proxy answers at /proxy', async () => {
      const answer = await get(env.port, '/proxy');
      assert.notEqual(answer.status, 404);
    });

    test('listens on the loopback interface only', async () => {
      assert.equal(env.server.server?.address()?.address, '127.0.0.1');
      const outside = Object.values(networkInterfaces())
        .flat()
        .find((item) => item && item.family === 'IPv4' && !item.internal);
      if (outside) {
        await assert.rejects(get(env.port, '/demo/', { address: outside.address, host: `${outside.address}:${env.port}` }), /ECONNREFUSED/);
      }
    });

    test('answers no Host but this machine’s (a DNS-rebinding page gets nothing)', async () => {
      const answer = await get(env.port, '/demo/', { host: `evil.example:${env.port}` });
      assert.equal(answer.status, 421);
      const log = await get(env.port, '/__emu/control/log', {
        host: `evil.example:${env.port}`,
        headers: { origin: `http://evil.example:${env.port}` },
      });
      assert.equal(log.status, 421);
    });
  });
}

describe('path checks (unit)', () => {
  test('normalPath refuses every non-normal spelling and keeps normal ones', () => {
    for (const path of REFUSED.filter((item) => /\/\/|\/\.{1,2}\/|%2e|%5c|%00/i.test(item)))
      assert.equal(normalPath(path), undefined, path);
    assert.equal(normalPath('/demo/?x=1'), '/demo/');
    assert.equal(normalPath('/dist/hello.meetings.js#x'), '/dist/hello.meetings.js');
    assert.equal(normalPath('/%E0%A4%A'), undefined);
  });

  test('isServed: the demo allow-list', () => {
    assert.equal(isServed('demo', '/demo/index.html'), true);
    assert.equal(isServed('demo', '/emulator/clients.mjs'), false);
    assert.equal(isServed('tests', '/emulator/clients.mjs'), false);
    assert.equal(isServed('tests', '/test/server-mounts.mjs'), false);
  });
});

describe("the emulator's control API answers its own origins only", () => {
  /** @type {Awaited<ReturnType<typeof startEmulator>>} */
  let env;
  before(async () => {
    env = await startEmulator();
  });
  after(() => env.close());

  const call = (path, { origin, method = 'GET', body } = {}) =>
    fetch(`${env.origin}/__emu/control/${path}`, {
      method,
      headers: {
        ...(origin ? { origin } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });

  test('another origin: 403, no CORS headers, and nothing read or changed', async () => {
    const before = await (await call('config')).json();
    for (const [path, method, body] of [
      ['log', 'GET'],
      ['config', 'POST', { consent: 'deny' }],
      ['reset', 'POST', {}],
      ['clock', 'POST', { advance: 3600 }],
      ['log', 'DELETE'],
    ]) {
      const answer = await call(path, { origin: 'https://evil.example', method, body });
      assert.equal(answer.status, 403, `${method} ${path}`);
      assert.equal(answer.headers.get('access-control-allow-origin'), null);
      assert.doesNotMatch(await answer.text(), /authorization|Bearer/i);
    }
    assert.deepEqual(await (await call('config')).json(), before);
    assert.equal((await (await call('clock')).json()).offset, 0);
  });

  test('a preflight from another origin is refused', async () => {
    const answer = await fetch(`${env.origin}/__emu/control/config`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(answer.status, 403);
  });

  test('"null" and look-alike origins are refused', async () => {
    for (const origin of [
      'null',
      `${env.origin}.evil.example`,
      env.origin.replace('http:', 'https:'),
      'http://localhost:8765.evil.example',
    ]) {
      assert.equal((await call('log', { origin })).status, 403, origin);
    }
  });

  test('its own origin, the origin of a registered redirect URI, and no Origin at all are answered', async () => {
    for (const origin of [env.origin, new URL(TEST_REDIRECT_URI).origin, undefined]) {
      const answer = await call('log', { origin });
      assert.equal(answer.status, 200, String(origin));
      if (origin) assert.equal(answer.headers.get('access-control-allow-origin'), origin);
    }
  });

  test('a page on a name that resolves here (DNS rebinding) is not its own origin', async () => {
    const port = new URL(env.origin).port;
    const answer = await new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/__emu/control/log',
          headers: { host: `evil.example:${port}`, origin: `http://evil.example:${port}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(answer, 403);
  });
});

describe('the guard knows every provider of the package', () => {
  test('GUARDED_NETWORKS lists exactly the provider files of modules/', () => {
    const source = readFileSync(new URL('../../modules/redirect-guard.ts', import.meta.url), 'utf8');
    const listed = JSON.parse((source.match(/GUARDED_NETWORKS = (\[[^\]]*\])/)?.[1] ?? '[]').replaceAll("'", '"'));
    // The rule rollup.config.mjs finds providers by.
    const dir = fileURLToPath(new URL('../../modules/', import.meta.url));
    const providers = readdirSync(dir)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
      .filter((file) => /^export default defineProvider\b/m.test(readFileSync(`${dir}${file}`, 'utf8')))
      .map((file) => file.replace(/\.ts$/, ''));
    assert.deepEqual(listed.sort(), providers.sort());
  });
});
