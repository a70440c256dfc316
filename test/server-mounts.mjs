// The emulator and the oauth proxy, mounted on a @web/dev-server (tests and `npm start` share this).
// Secrets stay here, on the server side: nothing under demo/ or dist/ holds one.
import { createProxy } from '../dist/proxy/index.mjs';
import { createEmulator } from '../emulator/index.mjs';

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
const BROWSER_SAFE_EMULATOR_FILES = [
  '/emulator/urls.mjs',
  '/emulator/accounts.mjs',
  '/emulator/browser.mjs',
  '/emulator/control-client.mjs',
];
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
  redirectPaths = ['/test/browser/redirect.html', '/demo/redirect.html'],
  demoData = false,
}) {
  const page = `http://localhost:${port}`;
  const emulatorOrigin = `http://127.0.0.1:${port}`;
  // demoData: every user starts with a few meetings and a webinar (the demo's first list is not empty).
  const emulator = createEmulator({ redirectUris: redirectPaths.map((path) => page + path), consent, demoData });
  const endpoints = emulator.urls(emulatorOrigin);
  const proxy = createProxy({
    redirectOrigins: [page],
    joinme: {
      ...emulator.clients.joinme,
      endpoints: { token: endpoints.joinme.token, expire: endpoints.joinme.expire, api: endpoints.joinme.base },
    },
    zoho: { ...emulator.clients.zoho, datacentres: endpoints.zoho.datacentres },
  });
  return {
    emulator,
    endpoints,
    page,
    emulatorOrigin,
    middleware: [serverFilesStayOnTheServer, emulator.koa(), mount('/proxy', proxy), mount('/__forge/', forgedAuthorize)],
  };
}
