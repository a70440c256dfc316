/**
 * The emulated Zoho: one state for all data centres (every record carries its region, so a code or a
 * token is only good where it was minted), and two hosts per region: accounts and meeting.
 */
import { randomHex, sendJson } from './http.mjs';
import { ZOHO_REGIONS, ZOHO_UNLISTED_REGIONS } from './urls.mjs';
import { meetingRoutes } from './zoho-meeting.mjs';
import { oauthRoutes } from './zoho-oauth.mjs';

/**
 * @typedef {import('./accounts.mjs').ZohoRegion} Region
 * @typedef {{ region: Region, client_id: string, redirect_uri: string, email: string, scopes: string[],
 *   offline: boolean, forceConsent: boolean, expiresAt: number, used: boolean }} Code
 * @typedef {{ region: Region, email: string, scopes: string[], expiresAt: number, refreshToken?: string }} AccessToken
 * @typedef {{ value: string, region: Region, client_id: string, email: string, scopes: string[], seq: number, issued: number[] }} RefreshToken
 * @typedef {{ key: number, kind: 'meeting' | 'webinar', region: Region, zsoid: number, topic: string, agenda: string,
 *   start: number, duration: number, timezone: string, participants: Array<{ id: number, email: string }> }} Item
 * @typedef {ReturnType<typeof initialState>} State
 * @typedef {ReturnType<typeof createZohoCore>} Zoho
 */

function initialState() {
  return {
    /** @type {Map<string, Code>} */
    codes: new Map(),
    /** @type {Map<string, AccessToken>} */
    accessTokens: new Map(),
    /** @type {Map<string, RefreshToken>} */
    refreshTokens: new Map(),
    refreshSeq: 0,
    /** "<email> <client_id>" pairs that already got their first-time refresh token. */
    /** @type {Set<string>} */
    offlineGranted: new Set(),
    /** email → time of the last interactive login (the Zoho web session). */
    /** @type {Map<string, number>} */
    sessions: new Map(),
    /** Meetings and webinars by key. */
    /** @type {Map<number, Item>} */
    items: new Map(),
    nextKey: 1_031_000_001,
    nextParticipantId: 7_001,
    /** Token requests still to refuse with the throttling error (control: zoho/throttle). */
    throttleNext: 0,
  };
}

/** @param {import('./index.mjs').Env} env */
function createZohoCore(env) {
  const z = {
    env,
    state: initialState(),
    /** Zoho's token shape: 1000.<hex>.<hex> */
    newToken: () => `1000.${randomHex(16)}.${randomHex(16)}`,
    /** @param {import('./index.mjs').Context} ctx @param {Region} region */
    accountsUrl: (ctx, region) => `${ctx.emu}/zoho/${region}/accounts`,
    /** @param {import('./index.mjs').Context} ctx @param {Region} region */
    meetingUrl: (ctx, region) => `${ctx.emu}/zoho/${region}/meeting`,
    /** @param {{ region: Region, email: string, scopes: string[], refreshToken?: string | undefined }} grant */
    mintAccessToken({ region, email, scopes, refreshToken }) {
      const value = z.newToken();
      const now = env.clock.now();
      z.state.accessTokens.set(value, {
        region,
        email,
        scopes,
        expiresAt: now + env.config.zoho.accessTokenSeconds * 1000,
        ...(refreshToken ? { refreshToken } : {}),
      });
      if (refreshToken) z.state.refreshTokens.get(refreshToken)?.issued.push(now);
      return value;
    },
    /**
     * A new refresh token; past the per-user-and-client limit the oldest goes, with its access tokens.
     * @param {{ region: Region, client_id: string, email: string, scopes: string[] }} grant
     */
    mintRefreshToken({ region, client_id, email, scopes }) {
      const mine = [...z.state.refreshTokens.values()]
        .filter((token) => token.email === email && token.client_id === client_id)
        .sort((a, b) => a.seq - b.seq);
      while (mine.length >= env.config.zoho.refreshTokenLimit) z.deleteRefreshToken(/** @type {RefreshToken} */ (mine.shift()).value);
      const value = z.newToken();
      z.state.refreshTokens.set(value, { value, region, client_id, email, scopes, seq: z.state.refreshSeq++, issued: [] });
      return value;
    },
    /** @param {string} value */
    deleteRefreshToken(value) {
      z.state.refreshTokens.delete(value);
      for (const [token, record] of z.state.accessTokens) if (record.refreshToken === value) z.state.accessTokens.delete(token);
    },
    /** @param {Omit<Item, 'key'>} fields */
    addItem(fields) {
      const item = { ...fields, key: z.state.nextKey++ };
      z.state.items.set(item.key, item);
      return item;
    },
    participantId: () => z.state.nextParticipantId++,
  };
  return z;
}

/** Generic errors (unknown path, wrong method, body too large) in each host's style. */
/** @type {Record<number, string>} */
const ACCOUNTS_ERRORS = { 404: 'not_found', 405: 'method_not_allowed', 413: 'request_too_large' };
/** @type {Record<number, string>} */
const MEETING_ERRORS = { 404: 'INVALID_URL_PATTERN', 405: 'METHOD_NOT_ALLOWED', 413: 'REQUEST_ENTITY_TOO_LARGE' };

/** @param {import('./index.mjs').Env} env */
export function createZoho(env) {
  const z = createZohoCore(env);

  /** @type {Map<string, import('./index.mjs').Host>} */
  const hosts = new Map();
  for (const region of [...ZOHO_REGIONS, ...ZOHO_UNLISTED_REGIONS]) {
    hosts.set(`${region} accounts`, {
      provider: 'zoho',
      kind: 'accounts',
      region,
      cors: () => false, // the token endpoint is for servers: no CORS
      routes: oauthRoutes(z, region),
      fail: (ctx, status) => sendJson(ctx.res, status, { error: ACCOUNTS_ERRORS[status] ?? 'server_error' }),
    });
    hosts.set(`${region} meeting`, {
      provider: 'zoho',
      kind: 'meeting',
      region,
      cors: () => (env.config.zoho.cors ? [] : false),
      routes: meetingRoutes(z, region),
      fail: (ctx, status) =>
        sendJson(ctx.res, status, { error: { code: status, message: MEETING_ERRORS[status] ?? 'INTERNAL_SERVER_ERROR' } }),
    });
  }

  return {
    /** @param {string} region @param {'accounts' | 'meeting'} kind */
    host: (region, kind) => hosts.get(`${region} ${kind}`),
    reset() {
      z.state = initialState();
    },
    /** A meeting or webinar put straight into the store (seed data). @param {Omit<Item, 'key'>} fields */
    addItem: (fields) => z.addItem(fields),
    participantId: () => z.participantId(),
    /** The next `times` grant requests answer the throttling error. @param {number} times */
    throttle(times) {
      z.state.throttleNext = times;
    },
    /** Ends the Zoho web session of one user, or of everyone. @param {string} [email] */
    logout(email) {
      if (email === undefined) z.state.sessions.clear();
      else z.state.sessions.delete(email.toLowerCase());
    },
  };
}
