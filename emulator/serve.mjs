/**
 * The emulator on its own HTTP server with the oauth proxy mounted at /proxy, so the code grant works
 * offline too: what the CLI runs, and what a Node test (Playwright) starts in one call.
 */
import { createServer } from 'node:http';
import { emulatorControl } from './control-client.mjs';
import { sendJson } from './http.mjs';
import { createEmulator } from './index.mjs';

/**
 * @typedef {import('./index.mjs').EmulatorOptions & { port?: number, host?: string, proxy?: boolean }} ServeOptions
 */

/** @param {ServeOptions} [options] */
export async function serveEmulator(options = {}) {
  const { port = 0, host = '127.0.0.1', proxy: withProxy = true, ...emulatorOptions } = options;
  const emulator = createEmulator(emulatorOptions);
  // The package's proxy build, loaded only when wanted (dist/proxy next to dist/emulator).
  const { createProxy } = withProxy ? await import('../dist/proxy/index.mjs') : { createProxy: undefined };
  let origin = '';
  /** @type {{ key: string, handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void } | undefined} */
  let proxy;

  /** The proxy trusts the origins of the registered redirect URIs: rebuilt when a test registers more. */
  function currentProxy() {
    if (!createProxy) return undefined;
    const origins = [...new Set(emulator.redirectUris.map((uri) => new URL(uri).origin))];
    const key = origins.join(' ');
    if (proxy?.key !== key) {
      const urls = emulator.urls(origin);
      const handler = createProxy({
        redirectOrigins: origins.length ? origins : [origin],
        joinme: {
          ...emulator.clients.joinme,
          endpoints: { token: urls.joinme.token, expire: urls.joinme.expire, api: urls.joinme.base },
        },
        zoho: { ...emulator.clients.zoho, datacentres: urls.zoho.datacentres },
      });
      proxy = { key, handler };
    }
    return proxy.handler;
  }

  const server = createServer((req, res) => {
    if (emulator.handle(req, res)) return;
    const path = new URL(req.url ?? '/', 'http://emulator.invalid').pathname;
    const handler = path === '/proxy' || path.startsWith('/proxy/') ? currentProxy() : undefined;
    if (handler) return handler(req, res);
    if (path === '/' && req.method === 'GET') return sendJson(res, 200, about());
    return sendJson(res, 404, { error: 'not_found', message: 'The emulator serves /__emu/ and /proxy only.' });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  // Listening on every interface: links and endpoints name the loopback address.
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  origin = `http://${shown.includes(':') ? `[${shown}]` : shown}:${address.port}`;
  const proxyUrl = createProxy ? `${origin}/proxy` : undefined;

  /** What GET / shows: where everything is, nothing secret. */
  function about() {
    return {
      endpoints: emulator.endpoints(origin),
      oauth_proxy: proxyUrl ?? null,
      control: `${origin}/__emu/control/`,
      redirectUris: emulator.redirectUris,
    };
  }

  return {
    emulator,
    origin,
    /** hello.init's first argument. */
    endpoints: emulator.endpoints(origin),
    /** hello.init's `oauth_proxy` option (undefined with `proxy: false`). */
    proxyUrl,
    control: emulatorControl(origin),
    server,
    /** @returns {Promise<void>} */
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
