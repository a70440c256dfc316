/**
 * hellojs-meetings/emulator: join.me and Zoho (every data centre) behind path prefixes of one origin,
 * plus a control API, for a site's own tests. docs/emulator.md is the guide; docs/architecture.md has
 * the URL layout.
 *
 *   const emu = createEmulator({ redirectUris: ['http://localhost:3000/redirect.html'] });
 *   const { origin, close } = await emu.listen(0);
 */
import { createServer } from 'node:http';
import { createClients } from './clients.mjs';
import { createClock } from './clock.mjs';
import { createConfig, restoreConfig } from './config.mjs';
import { controlOriginAllowed, controlRoutes } from './control.mjs';
import { createDirectory } from './directory.mjs';
import { answerPreflight, applyCors, BodyTooLargeError, isPreflight, matchRoute, readBody, sendJson } from './http.mjs';
import { createJoinme } from './joinme.mjs';
import { applySeed, demoSeed } from './seed.mjs';
import { EMU_PREFIX, emulatorEndpoints, emulatorUrls } from './urls.mjs';
import { createZoho } from './zoho.mjs';

export { ConfigError, DEFAULT_CONFIG } from './config.mjs';
export { SeedError } from './directory.mjs';
export { DEFAULT_ACCOUNTS, EMU_PREFIX, emulatorEndpoints, emulatorUrls, JOINME_CLIENT_ID, ZOHO_CLIENT_ID, ZOHO_REGIONS } from './urls.mjs';

/**
 * @typedef {import('./config.mjs').Config} Config
 * @typedef {{ client_id: string, client_secret: string }} Client
 *
 * @typedef {object} Env what every provider reads
 * @property {Config} config the live switches
 * @property {ReturnType<typeof createClock>} clock
 * @property {{ joinme: Client, zoho: Client }} clients
 * @property {string[]} redirectUris registered for every client, exact match
 * @property {ReturnType<typeof createDirectory>} accounts the users
 *
 * @typedef {object} Context one request, as the handlers see it
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {string} method
 * @property {URL} url
 * @property {string} path the path on the emulated host, e.g. '/v1/user'
 * @property {URLSearchParams} query
 * @property {string} origin the origin the client reached us at
 * @property {string} emu `${origin}/__emu`
 * @property {Config} config
 * @property {Env['accounts']} accounts
 * @property {() => Promise<Buffer>} body the request body (read once, capped)
 *
 * @typedef {object} Host one emulated host
 * @property {'joinme' | 'zoho'} provider
 * @property {string} kind 'secure' | 'api' | 'web' | 'accounts' | 'meeting'
 * @property {string} [region]
 * @property {(ctx: Context) => string[] | false} cors headers to expose, or false: no CORS at all
 * @property {import('./http.mjs').Route<(ctx: Context, params: Record<string, string>) => unknown>[]} routes
 * @property {(ctx: Context, status: 404 | 405 | 413 | 500, allow?: string[]) => void} fail a generic error in the host's own style
 *
 * @typedef {object} LogEntry
 * @property {'joinme' | 'zoho'} provider
 * @property {string} [region]
 * @property {string} host
 * @property {string} method
 * @property {string} path
 * @property {string} [query] the query string without '?'
 * @property {string} [authorization]
 * @property {number} at emulated time (ms)
 * @property {string} [error] an unexpected exception while answering
 *
 * @typedef {object} EmulatorOptions
 * @property {string[]} [redirectUris]
 * @property {'auto' | 'page' | 'deny'} [consent]
 * @property {Record<string, unknown>} [config] partial switches, deep-merged over the defaults
 * @property {string} [origin] public origin for links and accounts-server (default: from the Host header)
 * @property {(error: unknown) => void} [onError] unexpected exceptions (default: console.error)
 * @property {{ joinme?: import('./clients.mjs').ClientOption, zoho?: import('./clients.mjs').ClientOption }} [clients]
 *   the registered clients; a secret not given is made at random for this emulator
 * @property {boolean} [builtInAccounts] keep the built-in users (default true)
 * @property {import('./directory.mjs').AccountsInput} [accounts] more users
 * @property {import('./seed.mjs').Seed} [seed] meetings, webinars (and accounts), put back by reset()
 * @property {boolean} [demoData] a few meetings and a webinar for every user (the demo's)
 */

class InjectedFault extends Error {}

const OPTION_KEYS = [
  'redirectUris',
  'consent',
  'config',
  'origin',
  'onError',
  'clients',
  'builtInAccounts',
  'accounts',
  'seed',
  'demoData',
];

/** @param {EmulatorOptions} [options] */
export function createEmulator(options = {}) {
  // A misspelt option would quietly test the defaults: refuse it.
  const unknown = Object.keys(options).filter((key) => !OPTION_KEYS.includes(key));
  if (unknown.length) throw new TypeError(`createEmulator: unknown option ${unknown.join(', ')} (known: ${OPTION_KEYS.join(', ')})`);
  const clock = createClock();
  const initialConfig = createConfig({ ...(options.config ?? {}), ...(options.consent ? { consent: options.consent } : {}) });
  const config = structuredClone(initialConfig);
  // None by default: the emulated providers, like the real ones, accept only the redirect pages registered.
  const initialRedirectUris = [...(options.redirectUris ?? [])];
  const redirectUris = [...initialRedirectUris];
  const clients = createClients(options.clients);
  const accounts = createDirectory(options.builtInAccounts ?? true);
  /** @type {LogEntry[]} */
  const log = [];
  const faults = { joinme: 0, zoho: 0 };
  const onError = options.onError ?? ((/** @type {unknown} */ error) => console.error('[emulator]', error));

  /** @type {Env} */
  const env = { config, clock, clients, redirectUris, accounts };
  const joinme = createJoinme(env);
  const zoho = createZoho(env);
  /** @param {unknown} data */
  const seed = (data) => applySeed({ env, joinme, zoho }, data);

  /** The users and data the options declare. */
  function declare() {
    accounts.clear();
    if (options.accounts) accounts.add(options.accounts);
    joinme.reset();
    zoho.reset();
    if (options.seed) seed(options.seed);
    if (options.demoData) seed(demoSeed(accounts, clock.now()));
  }

  function reset() {
    clock.reset();
    declare();
    restoreConfig(config, initialConfig);
    redirectUris.splice(0, redirectUris.length, ...initialRedirectUris);
    log.length = 0;
    faults.joinme = 0;
    faults.zoho = 0;
  }

  declare();
  const control = controlRoutes({ reset, clock, config, log, redirectUris, joinme, zoho, faults, accounts, seed, ids: idsOf(clients) });

  /**
   * Which emulated host a path under /__emu belongs to.
   * @param {string} rest the path after /__emu
   * @returns {{ host: Host, path: string } | { control: true, path: string } | undefined}
   */
  function locate(rest) {
    let match = /^\/control(\/.*)?$/.exec(rest);
    if (match) return { control: true, path: match[1] ?? '/' };
    match = /^\/joinme\/(secure|api|web)(\/.*)?$/.exec(rest);
    if (match) return { host: joinme.hosts[/** @type {'secure' | 'api' | 'web'} */ (match[1])], path: match[2] ?? '/' };
    match = /^\/zoho\/([a-z]+)\/(accounts|meeting)(\/.*)?$/.exec(rest);
    const host = match && zoho.host(/** @type {string} */ (match[1]), /** @type {'accounts' | 'meeting'} */ (match[2]));
    return host ? { host, path: match?.[3] ?? '/' } : undefined;
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URL} url
   * @param {string} path
   * @returns {Context}
   */
  function contextFor(req, res, url, path) {
    const origin = options.origin?.replace(/\/+$/, '') ?? originOf(req);
    /** @type {Promise<Buffer> | undefined} */
    let body;
    return {
      req,
      res,
      method: req.method ?? 'GET',
      url,
      path,
      query: url.searchParams,
      origin,
      emu: `${origin}${EMU_PREFIX}`,
      config,
      accounts,
      body: () => (body ??= readBody(req)),
    };
  }

  /** @param {Context} ctx @param {Host} host */
  async function serveHost(ctx, host) {
    /** @type {LogEntry} */
    const entry = {
      provider: host.provider,
      ...(host.region ? { region: host.region } : {}),
      host: host.kind,
      method: ctx.method,
      path: ctx.path,
      ...(ctx.url.search ? { query: ctx.url.search.slice(1) } : {}),
      ...(ctx.req.headers.authorization ? { authorization: ctx.req.headers.authorization } : {}),
      at: clock.now(),
    };
    log.push(entry);
    const expose = host.cors(ctx);
    if (expose) {
      applyCors(ctx.req, ctx.res, expose);
      if (isPreflight(ctx.req)) return answerPreflight(ctx.req, ctx.res);
    }
    try {
      if (faults[host.provider] > 0) {
        faults[host.provider] -= 1;
        throw new InjectedFault('fault injected through /__emu/control/fail');
      }
      await serveRoute(ctx, host.routes, (status, allow) => host.fail(ctx, status, allow));
    } catch (error) {
      if (!(error instanceof BodyTooLargeError)) entry.error = String(error);
      recover(ctx, error, (status) => host.fail(ctx, status));
    }
  }

  /**
   * @param {Context} ctx
   * @param {Host['routes']} routes
   * @param {(status: 404 | 405, allow?: string[]) => void} refuse answers an unknown path or a wrong method
   */
  async function serveRoute(ctx, routes, refuse) {
    const match = matchRoute(routes, ctx.method, ctx.path);
    if (match === undefined) return refuse(404);
    if ('allow' in match) return refuse(405, match.allow);
    return match.handler(ctx, match.params);
  }

  /**
   * After an exception: 413 for a body over the cap, else 500 in the host's style (and reported).
   * @param {Context} ctx @param {unknown} error @param {(status: 413 | 500) => void} answer
   */
  function recover(ctx, error, answer) {
    if (!(error instanceof BodyTooLargeError || error instanceof InjectedFault)) onError(error);
    if (ctx.res.headersSent) return ctx.res.destroy();
    return answer(error instanceof BodyTooLargeError ? 413 : 500);
  }

  /** @param {Context} ctx */
  async function serveControl(ctx) {
    const own = { host: ctx.req.headers.host, publicOrigin: options.origin, reachedAt: ctx.origin, redirectUris };
    if (!controlOriginAllowed(ctx.req.headers.origin, own)) {
      return sendJson(ctx.res, 403, { error: 'forbidden_origin', message: 'The control API answers its own origins only.' });
    }
    applyCors(ctx.req, ctx.res);
    if (isPreflight(ctx.req)) return answerPreflight(ctx.req, ctx.res);
    /** @param {number} status @param {string} error @param {Record<string, string>} [headers] */
    const fail = (status, error, headers) => sendJson(ctx.res, status, { error }, headers);
    try {
      await serveRoute(ctx, control, (status, allow) =>
        fail(status, status === 404 ? 'not_found' : 'method_not_allowed', allow ? { Allow: allow.join(', ') } : {}),
      );
    } catch (error) {
      recover(ctx, error, (status) => fail(status, status === 413 ? 'request_too_large' : 'server_error'));
    }
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @returns {Promise<void> | undefined} undefined when the path is not under /__emu/
   */
  function dispatch(req, res) {
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://emulator.invalid');
    } catch {
      return undefined;
    }
    if (!url.pathname.startsWith(`${EMU_PREFIX}/`)) return undefined;
    const located = locate(url.pathname.slice(EMU_PREFIX.length));
    if (!located) {
      applyCors(req, res);
      return Promise.resolve(sendJson(res, 404, { error: 'not_found', message: `Nothing is emulated at ${url.pathname}.` }));
    }
    const ctx = contextFor(req, res, url, located.path);
    return 'control' in located ? serveControl(ctx) : serveHost(ctx, located.host);
  }

  const emulator = {
    clock,
    config,
    clients,
    redirectUris,
    /** @returns {LogEntry[]} the live log (emptied in place by reset) */
    get log() {
      return log;
    },
    reset,
    /**
     * Adds accounts, meetings and webinars (gone again after reset()).
     * @param {import('./seed.mjs').Seed} data
     */
    seed: (data) => seed(data),
    /** The users: built-in and declared. */
    accounts: () => accounts.summary(),
    /**
     * What hello.init needs: `hello.init(emu.endpoints(origin), { redirect_uri, oauth_proxy })`.
     * @param {string} origin where the browser reaches the emulator
     */
    endpoints: (origin) => emulatorEndpoints(origin, idsOf(clients)),
    /** Every emulated URL (token and expire endpoints too: an oauth proxy's config). @param {string} origin */
    urls: (origin) => emulatorUrls(origin),
    /**
     * Node request handler: answers everything under /__emu/; returns false (writing nothing) otherwise.
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     */
    handle(req, res) {
      const done = dispatch(req, res);
      if (!done) return false;
      done.catch((error) => onError(error)); // dispatch answers its own errors; this is a last resort
      return true;
    },
    /** Middleware for @web/dev-server (koa). */
    koa() {
      return async (/** @type {any} */ ctx, /** @type {() => Promise<unknown>} */ next) => {
        if (!String(ctx.path).startsWith(`${EMU_PREFIX}/`)) return next();
        ctx.respond = false; // we write to ctx.res ourselves
        await dispatch(ctx.req, ctx.res);
      };
    },
    /**
     * A standalone server (127.0.0.1 unless `host` says otherwise).
     * @param {number} [port] 0: any free port
     * @param {string} [host]
     * @returns {Promise<{ origin: string, server: import('node:http').Server, close(): Promise<void> }>}
     */
    async listen(port = 0, host = '127.0.0.1') {
      const server = createServer((req, res) => {
        if (!emulator.handle(req, res)) sendJson(res, 404, { error: 'not_found', message: `The emulator serves only ${EMU_PREFIX}/.` });
      });
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(undefined));
      });
      const address = /** @type {import('node:net').AddressInfo} */ (server.address());
      return {
        origin: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
        server,
        close: () =>
          new Promise((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections(); // keep-alive sockets would hold close() open
          }),
      };
    },
  };
  return emulator;
}

/** @param {{ joinme: { client_id: string }, zoho: { client_id: string } }} clients */
const idsOf = (clients) => ({ joinme: clients.joinme.client_id, zoho: clients.zoho.client_id });

/**
 * The origin the client used, from the Host header (checked: it ends up in redirects and pages).
 * @param {import('node:http').IncomingMessage} req
 */
function originOf(req) {
  const host = String(req.headers.host ?? '');
  const safe = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host) ? host : '127.0.0.1';
  const secure = /** @type {import('node:tls').TLSSocket} */ (req.socket).encrypted === true;
  return `${secure ? 'https' : 'http'}://${safe}`;
}
