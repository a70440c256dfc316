// The emulator and the oauth proxy, mounted on a @web/dev-server (tests and `npm start` share this).
// Secrets stay here, on the server side: nothing under demo/ or dist/ holds one.
import { Readable } from 'node:stream';
import { startDevServer } from '@web/dev-server';
import { createProxy } from '../dist/proxy/index.mjs';
import { createEmulator } from '../emulator/index.mjs';
import { forwardOutbound, startWorker, varsFor } from './node/proxy-workerd.mjs';

/** Koa-style middleware that hands paths under `prefix` to a node (req, res) handler. */
function mount(prefix, handler) {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(prefix)) return next();
    ctx.respond = false;
    await new Promise((resolve) => {
      ctx.res.once('close', resolve);
      ctx.res.once('finish', resolve);
      handler(ctx.req, ctx.res);
    });
  };
}

/*
 * The dev server's root is the project, which also holds what must not reach a browser: the emulator's
 * registered clients (fake secrets), the proxy's sources, test helpers with secrets, `.git/`. So it serves
 * an allow-list, checked on the path as sent, decoded once; a path that is not already normal (`//`, `/./`,
 * `/../`, `%2e` segments, a backslash, a NUL) is refused outright rather than resolved, so no spelling of
 * a refused file gets through the static server's own resolving.
 */
const BROWSER_SAFE_EMULATOR_FILES = [
  '/emulator/urls.mjs',
  '/emulator/accounts.mjs',
  '/emulator/browser.mjs',
  '/emulator/control-client.mjs',
];
const ALLOWED = {
  // `npm start`: the demo, the drop-ins, hello.js's own build, and the emulator's browser-safe URLs.
  demo: {
    prefixes: ['/demo/', '/dist/', '/node_modules/hellojs/dist/', '/__web-dev-server__'],
    files: ['/', '/demo', '/proxy', ...BROWSER_SAFE_EMULATOR_FILES],
  },
  // Browser tests: also the test files, the sources they import, and what the test runner serves itself.
  tests: {
    prefixes: [
      '/demo/',
      '/dist/',
      '/node_modules/',
      '/modules/',
      '/test/browser/',
      '/test/unit/',
      '/__web-dev-server__',
      '/__web-test-runner__',
      '/__wds-outside-root__/',
      '/__forge/',
    ],
    files: ['/', '/proxy', '/proxy-workerd', '/__workerd/served', '/test/seeded-random.mjs', ...BROWSER_SAFE_EMULATOR_FILES],
  },
  // A root that holds a build's output only (the consumer tests' Vite app): every file in it.
  built: { prefixes: ['/'], files: [] },
};

/** The path as sent, decoded once, when it is already normal; otherwise undefined. */
export function normalPath(url) {
  const raw = String(url ?? '').split(/[?#]/)[0] ?? '';
  let path;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (!path.startsWith('/') || /[\\\0]/.test(path)) return undefined;
  // Only the last segment may be empty (a trailing slash); none may be `.` or `..`.
  const segments = path.slice(1).split('/');
  const odd = (segment, index) => segment === '.' || segment === '..' || (segment === '' && index < segments.length - 1);
  return segments.some(odd) ? undefined : path;
}

/** Whether `serve` ('demo' or 'tests') lets a browser have `path` (a normal path). */
export function isServed(serve, path) {
  const { prefixes, files } = ALLOWED[serve];
  if (files.includes(path) || path.startsWith('/__emu/')) return true;
  if (path === '/test/server-mounts.mjs') return false;
  return prefixes.some((prefix) => path.startsWith(prefix));
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Refuses a path off the allow-list, and a Host header that is not this machine (DNS rebinding). */
function allowList(serve, hostnames) {
  return async (ctx, next) => {
    const host = String(ctx.req.headers.host ?? '')
      .replace(/:\d{1,5}$/, '')
      .toLowerCase();
    const path = normalPath(ctx.req.url);
    if (!hostnames.includes(host)) {
      ctx.status = 421;
      ctx.body = 'Misdirected request';
    } else if (path === undefined || !isServed(serve, path)) {
      ctx.status = 404;
      ctx.body = 'Not found';
    } else {
      return next();
    }
  };
}

/**
 * @web/dev-server listens on every interface when told "localhost" (on purpose, for remote browsers); this
 * plugin moves it to `host` (loopback unless HOST says otherwise) as soon as it has started.
 */
export function listenOn(host = process.env.HOST || '127.0.0.1') {
  return {
    name: 'hellojs-meetings-listen-on',
    async serverStart({ server }) {
      if (!server || server.address()?.address === host) return;
      const { port } = server.address();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(undefined);
        });
      });
    },
  };
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']);

/**
 * The same proxy inside workerd (the Cloudflare deploy example), started on its first request: a node
 * handler that passes each request on to the Worker as it came, and its answer back. `served()` counts them.
 */
function workerdProxy(config) {
  let worker;
  let served = 0;
  const handler = async (req, res) => {
    try {
      worker ??= startWorker({ vars: varsFor(config), outbound: forwardOutbound });
      const { url } = await worker;
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(name) && value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const answer = await fetch(new URL(req.url, url), {
        method: req.method,
        headers,
        body: hasBody ? Readable.toWeb(req) : undefined,
        duplex: 'half',
        redirect: 'manual',
      });
      const body = Buffer.from(await answer.arrayBuffer());
      served += 1;
      // fetch has already decoded the body: its length and encoding are this server's to give.
      const out = Object.fromEntries([...answer.headers].filter(([name]) => name !== 'content-encoding' && name !== 'content-length'));
      res.writeHead(answer.status, out).end(body);
    } catch (err) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`workerd proxy: ${err instanceof Error ? err.message : err}`);
    }
  };
  return {
    handler,
    served: () => served,
    close: async () => (worker ? (await worker).close() : undefined),
  };
}

/** How many requests the workerd proxy answered, for the browser test to see that it was used. */
function servedCounter(path, counter) {
  return async (ctx, next) => {
    if (ctx.path !== path) return next();
    ctx.body = { served: counter.served() };
  };
}

/**
 * A hostile authorize endpoint for tests: it answers like a provider, with whatever fragment parameters
 * the login passed as `forge` (hello.js forwards unknown login options to the authorize URL).
 */
function forgedAuthorize(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const redirect = url.searchParams.get('redirect_uri') ?? '';
  const state = url.searchParams.get('state') ?? '';
  if (!/^http:\/\/localhost:\d+\//.test(redirect)) {
    res.writeHead(400).end('bad redirect_uri');
    return;
  }
  const forged = url.searchParams.get('forge') ?? '';
  res.writeHead(302, { Location: `${redirect}#${forged}&state=${encodeURIComponent(state)}` }).end();
}

/**
 * The page is served at http://localhost:PORT and the emulated providers at http://127.0.0.1:PORT/__emu,
 * so calls to them are cross-origin, as with the real providers. The proxy sits at the page's origin.
 */
export async function devServerMounts({
  port,
  consent = 'auto',
  serve = 'tests',
  redirectPaths = ['/test/browser/redirect.html', '/test/browser/fixtures/redirect-all.html', '/demo/redirect.html'],
  demoData = false,
}) {
  const page = `http://localhost:${port}`;
  const emulatorOrigin = `http://127.0.0.1:${port}`;
  // demoData: every user starts with a few meetings and a webinar (the demo's first list is not empty).
  const emulator = createEmulator({ redirectUris: redirectPaths.map((path) => page + path), consent, demoData });
  const endpoints = emulator.urls(emulatorOrigin);
  const config = {
    redirectOrigins: [page],
    joinme: {
      ...emulator.clients.joinme,
      endpoints: { token: endpoints.joinme.token, expire: endpoints.joinme.expire, api: endpoints.joinme.base },
    },
    zoho: { ...emulator.clients.zoho, datacentres: endpoints.zoho.datacentres },
  };
  const proxy = createProxy(config);
  // `/proxy-workerd`: the same config in the Cloudflare example inside workerd (started only when used).
  const workerd = workerdProxy(config);
  return {
    emulator,
    endpoints,
    page,
    emulatorOrigin,
    workerd,
    middleware: [
      allowList(serve, [...LOOPBACK_NAMES, ...(process.env.HOST ? [process.env.HOST.toLowerCase()] : [])]),
      emulator.koa(),
      // The workerd proxy and the hostile authorize endpoint are for tests only.
      ...(serve === 'tests' ? [servedCounter('/__workerd/served', workerd), mount('/proxy-workerd', workerd.handler)] : []),
      mount('/proxy', proxy),
      ...(serve === 'tests' ? [mount('/__forge/', forgedAuthorize)] : []),
    ],
    // The workerd proxy (started on first use) stops with the server.
    plugins: [listenOn(), { name: 'workerd-proxy', serverStop: () => workerd.close() }],
  };
}

/**
 * A @web/dev-server serving `rootDir` on `port` with these mounts, as `npm start` and the tests run it
 * (loopback only, the allow-list of `serve`, no file watching). Returns the server and its mounts.
 */
export async function startMountedServer({ rootDir, port, ...options }) {
  const mounts = await devServerMounts({ port, ...options });
  const server = await startDevServer({
    config: {
      rootDir,
      port,
      hostname: 'localhost',
      middleware: mounts.middleware,
      plugins: mounts.plugins,
      injectWebSocket: false,
      nodeResolve: false,
      watch: false,
    },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
  });
  return { server, mounts };
}
