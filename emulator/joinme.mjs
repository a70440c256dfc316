/**
 * The emulated join.me: its state, its three hosts (secure, api, web) and its control actions.
 */
import { randomHex, randomToken, sendJson } from './http.mjs';
import { apiError, apiRoutes, webRoutes } from './joinme-api.mjs';
import { BRAND, oauthRoutes } from './joinme-oauth.mjs';
import { sendErrorPage } from './pages.mjs';

/**
 * @typedef {{ client_id: string, email: string, scopes: string[], expiresAt: number, refreshToken?: string, stale: boolean }} AccessToken
 * @typedef {{ client_id: string, redirect_uri: string, email: string, scopes: string[], expiresAt: number, used: boolean }} Code
 * @typedef {{ meetingId: number, owner: string, meetingName: string, start: number, end: number,
 *   startWithPersonalUrl: boolean, participants: string[], room: string }} Meeting
 * @typedef {ReturnType<typeof initialState>} State
 * @typedef {{ env: import('./index.mjs').Env, state: State, mintAccessToken: (grant: { email: string, scopes: string[], refreshToken?: string }) => string }} Joinme
 */

/** @param {import('./index.mjs').Env} env */
function initialState(env) {
  return {
    /** @type {Map<string, Code>} */
    codes: new Map(),
    /** @type {Map<string, AccessToken>} */
    tokens: new Map(),
    /** @type {Map<string, { client_id: string, email: string, scopes: string[] }>} */
    refreshTokens: new Map(),
    /** @type {Map<number, Meeting>} */
    meetings: new Map(),
    nextMeetingId: 5_000_001,
    /** Accounts the gateway refuses. */
    inactive: new Set(env.accounts.joinme.filter((account) => account.inactive).map((account) => account.email)),
    /** Meetings started since the last reset, per account (numberOfMeetingsHosted grows). */
    /** @type {Map<string, number>} */
    hosted: new Map(),
    /** @type {Map<string, { viewerLink: string, expiresAt: number, used: boolean }>} */
    presenterTickets: new Map(),
  };
}

/**
 * @param {import('./index.mjs').Env} env
 */
export function createJoinme(env) {
  /** @type {Joinme} */
  const jm = {
    env,
    state: initialState(env),
    mintAccessToken({ email, scopes, refreshToken }) {
      const token = randomToken(32);
      jm.state.tokens.set(token, {
        client_id: env.clients.joinme.client_id,
        email,
        scopes,
        expiresAt: env.clock.now() + env.config.joinme.tokenLifetimeSeconds * 1000,
        ...(refreshToken ? { refreshToken } : {}),
        stale: false,
      });
      return token;
    },
  };

  /** @type {Record<'secure' | 'api' | 'web', import('./index.mjs').Host>} */
  const hosts = {
    secure: {
      provider: 'joinme',
      kind: 'secure',
      cors: () => false, // token calls are server-side only
      routes: oauthRoutes(jm),
      fail: (ctx, status) =>
        status === 500 || status === 413
          ? sendJson(ctx.res, status, { error: 'server_error', error_ticket_id: randomToken(12), error_description: '' })
          : sendJson(ctx.res, status, { error: status === 404 ? 'not_found' : 'method_not_allowed' }),
    },
    api: {
      provider: 'joinme',
      kind: 'api',
      // Exposed so a page can tell the gateway's 403 reasons apart.
      cors: () => (env.config.joinme.cors ? ['WWW-Authenticate', 'X-Error-Detail-Header'] : false),
      routes: apiRoutes(jm),
      fail: (ctx, status, allow) => {
        if (status === 404)
          return apiError(ctx, 404, 'not_found', `No HTTP resource was found that matches the request URI '${ctx.url.pathname}'.`);
        if (status === 405)
          return apiError(ctx, 405, 'method_not_allowed', `The requested resource does not support http method '${ctx.method}'.`, {
            Allow: (allow ?? []).join(', '),
          });
        if (status === 413) return apiError(ctx, 413, 'request_too_large', 'The request is too large.');
        return apiError(ctx, 500, 'server_error', 'An error has occurred.');
      },
    },
    web: {
      provider: 'joinme',
      kind: 'web',
      cors: () => false,
      routes: webRoutes(jm),
      fail: (ctx, status) =>
        sendErrorPage(ctx.res, { status, brand: BRAND, title: status === 404 ? 'Not found' : 'Error', message: 'Nothing here.' }),
    },
  };

  return {
    hosts,
    reset() {
      jm.state = initialState(env);
    },
    /** From now on the token answers 401 stale_token. @param {string} accessToken @returns {boolean} known */
    markStale(accessToken) {
      const token = jm.state.tokens.get(accessToken);
      if (token) token.stale = true;
      return token !== undefined;
    },
    /**
     * A meeting put straight into the store (seed data), as if its owner had scheduled it.
     * @param {Omit<Meeting, 'meetingId' | 'room'>} fields
     */
    addMeeting(fields) {
      const meeting = {
        ...fields,
        meetingId: jm.state.nextMeetingId++,
        room: String(100_000_000 + (Number.parseInt(randomHex(4), 16) % 900_000_000)),
      };
      jm.state.meetings.set(meeting.meetingId, meeting);
      return meeting;
    },
    /** @param {string} email @param {boolean} inactive @returns {boolean} known */
    setInactive(email, inactive) {
      const known = env.accounts.joinme.some((account) => account.email === email);
      if (known && inactive) jm.state.inactive.add(email);
      if (known && !inactive) jm.state.inactive.delete(email);
      return known;
    },
  };
}
