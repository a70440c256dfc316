// A Vite build of an app that imports hellojs and the packed package, served with the emulator and the
// oauth proxy, logging in in headless Chromium: once through register(hello), once through the drop-in
// imported for its side effect, each with the bundled redirect page (whose size this test reports).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import puppeteer from 'puppeteer-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.mjs';
import { startMountedServer } from '../server-mounts.mjs';
import { consumerProject, unpacked } from './packed.mjs';

const source = fileURLToPath(new URL('./vite-app/', import.meta.url));
const STEP = 20000;
let pkg;
let server;
let browser;
let origin = '';
let endpoints;
let outDir = '';

before(
  async () => {
    pkg = unpacked();
    const root = join(pkg.dir, 'vite-app');
    consumerProject(source, root, pkg.packageDir, ['hellojs', 'vite']);
    outDir = join(root, 'dist');
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      build: {
        outDir,
        rollupOptions: { input: ['index.html', 'side-effect.html', 'redirect.html'].map((page) => join(root, page)) },
      },
    });
    const port = await freePort(); // the emulator must know the redirect page's address before serving
    let mounts;
    ({ server, mounts } = await startMountedServer({ rootDir: outDir, port, serve: 'built', redirectPaths: ['/redirect.html'] }));
    origin = mounts.page;
    endpoints = mounts.endpoints;
    browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, protocolTimeout: 60000, args: CHROMIUM_ARGS });
  },
  { timeout: 300000 },
);

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
  pkg?.cleanup();
});

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Opens one of the built pages, points the modules at the emulator and logs in to `network`. */
async function logIn(page, network, options = {}) {
  const tab = await browser.newPage();
  tab.setDefaultTimeout(STEP);
  const errors = [];
  tab.on('pageerror', (error) => errors.push(String(error)));
  await tab.goto(`${origin}/${page}`, { waitUntil: 'load' });
  await tab.waitForFunction(() => 'app' in window);
  const result = await tab.evaluate(
    async (network, endpoints, origin, options) => {
      const { hello } = window.app;
      if (!hello.services.zoho) throw new Error('the modules are not registered on the bundled hello.js');
      localStorage.clear(); // each login starts without a session
      hello.init(
        {
          joinme: {
            id: 'joinme-demo-key',
            oauth: { auth: endpoints.joinme.auth, grant: endpoints.joinme.token },
            base: endpoints.joinme.base,
          },
          zoho: { id: '1000.ZOHODEMOCLIENT', datacentres: endpoints.zoho.datacentres },
        },
        { redirect_uri: `${origin}/redirect.html`, oauth_proxy: `${origin}/proxy`, display: 'popup' },
      );
      const login = await hello(network).login({ scope: 'basic,meetings', ...options });
      const user = await hello(network).api('me');
      const list = await hello(network).api('me/meetings');
      return {
        token: Boolean(login.authResponse.access_token),
        refresh: Boolean(login.authResponse.refresh_token),
        user,
        meetings: Array.isArray(list.data),
        global: typeof window.helloMeetings?.register === 'function',
      };
    },
    network,
    endpoints,
    origin,
    options,
  );
  await tab.close();
  assert.deepEqual(errors, []);
  return result;
}

test('register(hello) in a Vite bundle: Zoho logs in against the emulator and api() answers', { timeout: 120000 }, async () => {
  const result = await logIn('index.html', 'zoho');
  assert.ok(result.token);
  assert.equal(typeof result.user.id, 'string');
  assert.ok(result.meetings);
});

test("import 'hellojs-meetings/hello.meetings.js' in a Vite bundle registers on the bundled hello.js", { timeout: 120000 }, async () => {
  const result = await logIn('side-effect.html', 'joinme');
  assert.ok(result.token);
  assert.match(result.user.id, /@/); // join.me's id is the e-mail
  assert.ok(result.meetings);
  assert.ok(result.global, 'the drop-in sets helloMeetings, as on a page');
});

test('the code grant through the oauth proxy works with the core-only redirect page', { timeout: 120000 }, async () => {
  const result = await logIn('index.html', 'zoho', { response_type: 'code' });
  assert.ok(result.token);
  assert.ok(result.refresh, 'the proxy exchanged the code: a refresh token');
  assert.ok(result.meetings);
});

test('the bundled redirect page carries hello.js core only', () => {
  const html = readFileSync(join(outDir, 'redirect.html'), 'utf8');
  const scripts = [...new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]))];
  assert.ok(scripts.length > 0, html);
  const code = scripts.map((file) => readFileSync(join(outDir, file), 'utf8')).join('');
  assert.doesNotMatch(code, /zoho/i, 'no module of this package on the redirect page');
  assert.doesNotMatch(code, /graph\.facebook\.com/, "none of hello.js's built-in modules either");
  const bytes = Buffer.byteLength(code) + Buffer.byteLength(html);
  const gzip = gzipSync(code).length + gzipSync(html).length;
  console.log(`redirect page of a Vite build: ${bytes} bytes (${gzip} gzipped), ${scripts.join(', ')}`);
});

test("a rejected api() is reported unhandled (hello.js's own chain) unless a callback is passed", { timeout: 120000 }, async () => {
  const tab = await browser.newPage();
  tab.setDefaultTimeout(STEP);
  const errors = [];
  tab.on('pageerror', (error) => errors.push(String(error)));
  await tab.goto(`${origin}/index.html`, { waitUntil: 'load' });
  await tab.waitForFunction(() => 'app' in window);
  const pause = () => new Promise((resolve) => setTimeout(resolve, 500));
  // A path the module does not have: api() rejects. A catch on the promise handles it for the app, not
  // the chain hello.js hangs on it (`promise.then(callback, callback)`, with no callback).
  await tab.evaluate(() =>
    window.app
      .hello('zoho')
      .api('me/nothing')
      .catch(() => undefined),
  );
  await pause();
  const withCatch = errors.length;
  await tab.evaluate(() =>
    window.app
      .hello('zoho')
      .api('me/nothing', 'get', {}, () => undefined)
      .catch(() => undefined),
  );
  await pause();
  await tab.close();
  assert.equal(withCatch, 1, `one unhandled rejection with only a catch: ${errors}`);
  assert.equal(errors.length, withCatch, `none more with a callback: ${errors}`);
});
