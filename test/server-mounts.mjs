// The emulator and the oauth proxy, mounted on a @web/dev-server (tests and `npm start` share this).
// Secrets stay here, on the server side: nothing under demo/ or dist/ holds one.
import { Readable } from 'node:stream';
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

/**
 * The dev server serves the project root, but the emulator's registered clients hold (fake) secrets and
 * the server-side code has no business in a browser: only the browser-safe emulator files are served.
 */
const BROWSER_SAFE_EMULATOR_FILES = ['/emulator/urls.mjs', '/emulator/accounts.mjs'];
async function serverFilesStayOnTheServer(ctx, next) {
  const path = decodeURIComponent(ctx.path);
  const serverSide =
    (path.startsWith('/emulator/') && !BROWSER_SAFE_EMULATOR_FILES.includes(path)) ||
    path.startsWith('/proxy/') ||
    path === '/test/server-mounts.mjs';
  if (!serverSide) return next();
  ctx.status = 404;
  ctx.body = 'Not found';
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
export async function devServerMounts({ port, consent = 'auto', redirectPaths = ['/test/browser/redirect.html', '/demo/redirect.html'] }) {
  const page = `http://localhost:${port}`;
  const emulatorOrigin = `http://127.0.0.1:${port}`;
  const emulator = createEmulator({ redirectUris: redirectPaths.map((path) => page + path), consent });
  const endpoints = emulator.endpoints(emulatorOrigin);
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
      serverFilesStayOnTheServer,
      emulator.koa(),
      servedCounter('/__workerd/served', workerd),
      mount('/proxy-workerd', workerd.handler),
      mount('/proxy', proxy),
      mount('/__forge/', forgedAuthorize),
    ],
  };
}
