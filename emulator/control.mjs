/**
 * The control API under /__emu/control: JSON in and out, for the emulator's own origins only (browser
 * tests call it cross-origin from the site that uses the emulator; see controlOriginAllowed). Tests and
 * the demo use it to move the clock, flip switches, read the request log and provoke provider behaviours
 * that cannot be reached through the providers' own endpoints.
 */
import { ConfigError, mergeConfig } from './config.mjs';
import { SeedError } from './directory.mjs';
import { isObject, parseJson, route, sendEmpty, sendJson } from './http.mjs';
import { emulatorEndpoints, emulatorUrls } from './urls.mjs';

/**
 * @typedef {import('./index.mjs').Context} Context
 * @typedef {object} Controls what the control API may touch
 * @property {() => void} reset
 * @property {ReturnType<import('./clock.mjs').createClock>} clock
 * @property {Record<string, any>} config
 * @property {object[]} log
 * @property {string[]} redirectUris
 * @property {ReturnType<import('./joinme.mjs').createJoinme>} joinme
 * @property {ReturnType<import('./zoho.mjs').createZoho>} zoho
 * @property {Record<'joinme' | 'zoho', number>} faults
 * @property {ReturnType<import('./directory.mjs').createDirectory>} accounts
 * @property {(seed: unknown) => ReturnType<import('./seed.mjs').applySeed>} seed
 * @property {{ joinme: string, zoho: string }} ids the client ids
 */

/** @param {Context} ctx @param {number} status @param {string} error @param {string} message */
const fail = (ctx, status, error, message) => sendJson(ctx.res, status, { error, message });

/**
 * The JSON object of the request (an empty body is {}); undefined after answering 400.
 * @param {Context} ctx
 * @returns {Promise<Record<string, unknown> | undefined>}
 */
async function jsonObject(ctx) {
  const body = await ctx.body();
  if (body.length === 0) return {};
  const parsed = parseJson(body);
  if (parsed.ok && isObject(parsed.value)) return parsed.value;
  return void fail(ctx, 400, 'invalid_json', 'The body must be a JSON object.');
}

/**
 * A handler that reads the JSON body first.
 * @param {(ctx: Context, body: Record<string, unknown>) => unknown} handler
 */
const withBody = (handler) => async (/** @type {Context} */ ctx) => {
  const body = await jsonObject(ctx);
  return body && handler(ctx, body);
};

/** @param {unknown} value @param {number} fallback */
const countOf = (value, fallback) =>
  value === undefined
    ? fallback
    : Number.isInteger(value) && /** @type {number} */ (value) >= 0
      ? /** @type {number} */ (value)
      : undefined;

/** @param {Controls} c */
export function controlRoutes(c) {
  const clockState = () => ({ now: c.clock.now(), offset: c.clock.offset });
  return [
    route('POST', '/reset', (/** @type {Context} */ ctx) => {
      c.reset();
      sendJson(ctx.res, 200, { ok: true });
    }),
    route('GET', '/clock', (/** @type {Context} */ ctx) => sendJson(ctx.res, 200, clockState())),
    route(
      'POST',
      '/clock',
      withBody((ctx, { advance }) => {
        if (typeof advance !== 'number' || !Number.isFinite(advance))
          return fail(ctx, 400, 'invalid_request', 'advance must be a number of seconds.');
        c.clock.advance(advance);
        return sendJson(ctx.res, 200, clockState());
      }),
    ),
    route('GET', '/config', (/** @type {Context} */ ctx) => sendJson(ctx.res, 200, c.config)),
    route(
      'POST',
      '/config',
      withBody((ctx, partial) => {
        try {
          mergeConfig(c.config, partial);
        } catch (error) {
          if (error instanceof ConfigError) return fail(ctx, 400, 'invalid_config', error.message);
          throw error;
        }
        return sendJson(ctx.res, 200, c.config);
      }),
    ),
    route('GET', '/log', (/** @type {Context} */ ctx) => sendJson(ctx.res, 200, c.log)),
    route('DELETE', '/log', (/** @type {Context} */ ctx) => {
      c.log.length = 0;
      sendEmpty(ctx.res, 204);
    }),
    route('GET', '/accounts', (/** @type {Context} */ ctx) => sendJson(ctx.res, 200, c.accounts.summary())),
    route(
      'POST',
      '/seed',
      withBody((ctx, seed) => {
        try {
          return sendJson(ctx.res, 200, c.seed(seed));
        } catch (error) {
          if (error instanceof SeedError) return fail(ctx, 400, 'invalid_seed', error.message);
          throw error;
        }
      }),
    ),
    route('GET', '/endpoints', (/** @type {Context} */ ctx) => sendJson(ctx.res, 200, emulatorEndpoints(ctx.origin, c.ids))),
    route('GET', '/urls', (/** @type {Context} */ ctx) => sendJson(ctx.res, 200, emulatorUrls(ctx.origin))),
    route('GET', '/redirect-uris', (/** @type {Context} */ ctx) => sendJson(ctx.res, 200, c.redirectUris)),
    route(
      'POST',
      '/redirect-uris',
      withBody((ctx, { uris }) => {
        if (!Array.isArray(uris) || !uris.every(isAbsoluteUrl))
          return fail(ctx, 400, 'invalid_request', 'uris must be an array of absolute URLs.');
        for (const uri of uris) if (!c.redirectUris.includes(uri)) c.redirectUris.push(uri);
        return sendJson(ctx.res, 200, c.redirectUris);
      }),
    ),
    route(
      'POST',
      '/joinme/stale',
      withBody((ctx, { access_token: token }) =>
        typeof token === 'string' && c.joinme.markStale(token)
          ? sendJson(ctx.res, 200, { ok: true })
          : fail(ctx, 404, 'unknown_token', 'No such join.me access token.'),
      ),
    ),
    route(
      'POST',
      '/joinme/inactive',
      withBody((ctx, { email, inactive = true }) => {
        if (typeof email !== 'string' || typeof inactive !== 'boolean')
          return fail(ctx, 400, 'invalid_request', 'Send {"email": string, "inactive"?: boolean}.');
        return c.joinme.setInactive(email.toLowerCase(), inactive)
          ? sendJson(ctx.res, 200, { ok: true })
          : fail(ctx, 404, 'unknown_account', 'No such join.me account.');
      }),
    ),
    route(
      'POST',
      '/zoho/throttle',
      withBody((ctx, { times }) => {
        const count = countOf(times, 1);
        if (count === undefined) return fail(ctx, 400, 'invalid_request', 'times must be a non-negative integer.');
        c.zoho.throttle(count);
        return sendJson(ctx.res, 200, { ok: true });
      }),
    ),
    route(
      'POST',
      '/zoho/logout',
      withBody((ctx, { email }) => {
        if (email !== undefined && typeof email !== 'string') return fail(ctx, 400, 'invalid_request', 'email must be a string.');
        c.zoho.logout(email);
        return sendJson(ctx.res, 200, { ok: true });
      }),
    ),
    route(
      'POST',
      '/fail',
      withBody((ctx, { provider, times }) => {
        const count = countOf(times, 1);
        if ((provider !== 'joinme' && provider !== 'zoho') || count === undefined) {
          return fail(ctx, 400, 'invalid_request', 'Send {"provider": "joinme" | "zoho", "times"?: integer}.');
        }
        c.faults[provider] = count;
        return sendJson(ctx.res, 200, { ok: true });
      }),
    ),
  ];
}

const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/;

/**
 * Whether a request with this Origin header may use the control API (its log holds Authorization headers,
 * its switches change every answer). Its own origins are: the emulator's public origin (the option, else the
 * origin it was reached at when that is a loopback host, not a name an attacker's DNS points here) and the
 * origins of the registered redirect URIs (the sites that use it). No Origin header: not a browser's
 * cross-origin call (curl, Node), allowed.
 * @param {string | undefined} origin the request's Origin header
 * @param {{ host?: string, publicOrigin?: string, reachedAt: string, redirectUris: string[] }} own
 */
export function controlOriginAllowed(origin, own) {
  if (origin === undefined) return true;
  const allowed = new Set(own.redirectUris.map(originOf));
  if (own.publicOrigin) allowed.add(originOf(own.publicOrigin));
  if (LOOPBACK_HOST.test(own.host ?? '')) allowed.add(own.reachedAt);
  return allowed.has(origin);
}

/** @param {string} url */
function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

/** @param {unknown} value */
function isAbsoluteUrl(value) {
  try {
    return typeof value === 'string' && /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}
