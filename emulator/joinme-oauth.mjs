/**
 * join.me's OAuth host (secure.join.me): authorize, token, expireaccess.
 * Behaviour from /work/shared/providers/joinme.md and the seed page.
 */
import { randomUUID } from 'node:crypto';
import { authorize, parseScopes } from './authorize.mjs';
import { isFramed, parseParams, randomToken, route, sendJson, withParams } from './http.mjs';
import { sendErrorPage } from './pages.mjs';

export const JOINME_SCOPES = Object.freeze(['user_info', 'scheduler', 'start_meeting', 'provisioning']);
export const BRAND = 'join.me (emulated)';

// The real authorize page cannot be framed: no silent login in a hidden iframe.
const PAGE_HEADERS = {
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

/**
 * @typedef {import('./joinme.mjs').Joinme} Joinme
 * @typedef {import('./index.mjs').Context} Context
 * @typedef {{ responseType: 'token' | 'code', redirectUri: string, scopes: string[], state: string | undefined }} AuthRequest
 */

/** @param {Joinme} jm */
export function oauthRoutes(jm) {
  const authorizeHandler = (/** @type {Context} */ ctx) => authorizeEndpoint(jm, ctx);
  return [
    route('GET', '/api/public/v1/auth/oauth2', authorizeHandler),
    route('POST', '/api/public/v1/auth/oauth2', authorizeHandler),
    route('POST', '/api/public/v1/auth/token', (/** @type {Context} */ ctx) => tokenEndpoint(jm, ctx)),
    route('POST', '/api/public/v1/auth/expireaccess', (/** @type {Context} */ ctx) => expireEndpoint(jm, ctx)),
  ];
}

/** @param {Joinme} jm @param {Context} ctx */
async function authorizeEndpoint(jm, ctx) {
  if (isFramed(ctx.req)) {
    // Served, but the browser refuses to show it: what a hello.js hidden-iframe refresh meets.
    return sendErrorPage(ctx.res, {
      status: 200,
      brand: BRAND,
      title: 'Sign in to join.me',
      message: 'This page cannot be shown in a frame.',
      headers: PAGE_HEADERS,
    });
  }
  const { config, clock } = jm.env;
  /** @type {import('./authorize.mjs').AuthorizeSpec<AuthRequest, import('./accounts.mjs').JoinmeAccount>} */
  const spec = {
    brand: BRAND,
    pageHeaders: PAGE_HEADERS,
    validate: (params) => validateAuthorize(jm, params),
    choices: () => jm.env.accounts.joinme.map((account) => ({ email: account.email, name: account.fullName })),
    defaultEmail: () => jm.env.accounts.defaults.joinme,
    scopes: (request) => request.scopes,
    pickAccount: (_request, email) => {
      const account = jm.env.accounts.findJoinme(email);
      return account ? { account } : { error: `There is no join.me account ${email}.` };
    },
    approve: (request, account) => {
      if (request.responseType === 'code') {
        const code = randomToken(18);
        jm.state.codes.set(code, {
          client_id: jm.env.clients.joinme.client_id,
          redirect_uri: request.redirectUri,
          email: account.email,
          scopes: request.scopes,
          expiresAt: clock.now() + config.joinme.codeLifetimeSeconds * 1000,
          used: false,
        });
        return withParams(
          request.redirectUri,
          [
            ['code', code],
            ['state', request.state],
          ],
          { where: 'query' },
        );
      }
      const token = jm.mintAccessToken({ email: account.email, scopes: request.scopes });
      const expiresIn = config.joinme.implicitExpiresIn ? String(config.joinme.tokenLifetimeSeconds) : undefined;
      return withParams(
        request.redirectUri,
        [
          ['access_token', token],
          ['token_type', 'bearer'],
          ['expires_in', expiresIn],
          ['state', request.state],
        ],
        { where: 'fragment' },
      );
    },
    deny: (request) =>
      withParams(
        request.redirectUri,
        [
          ['error', config.joinme.denyError],
          ['error_description', 'The user denied access to your application.'],
          ['state', request.state],
        ],
        { where: request.responseType === 'code' ? 'query' : 'fragment' },
      ),
  };
  return authorize(ctx, spec);
}

/**
 * @param {Joinme} jm
 * @param {Record<string, string>} params
 * @returns {{ error: string } | { request: AuthRequest }}
 */
function validateAuthorize(jm, params) {
  if (params.client_id !== jm.env.clients.joinme.client_id) return { error: 'The API key (client_id) is not valid.' };
  const redirectUri = params.redirect_uri ?? '';
  if (!jm.env.redirectUris.includes(redirectUri))
    return { error: 'The redirect_uri does not match the callback URL registered for this API key.' };
  const responseType = params.response_type;
  if (responseType !== 'token' && responseType !== 'code') return { error: 'The response_type must be token or code.' };
  const scopes = parseScopes(params.scope, ' ', JOINME_SCOPES);
  if ('error' in scopes) return scopes;
  return { request: { responseType, redirectUri, scopes: scopes.scopes, state: params.state } };
}

/**
 * Token endpoint parameters from a JSON or form body, as the `tokenBody` switch allows.
 * @param {Joinme} jm
 * @param {Context} ctx
 * @returns {Promise<Record<string, string> | undefined>} undefined: unreadable (a malformed request)
 */
async function bodyParams(jm, ctx) {
  const { kind, params } = parseParams(ctx.req, await ctx.body());
  const allowed = jm.env.config.joinme.tokenBody;
  if (kind !== 'json' && kind !== 'form') return undefined;
  return allowed === 'any' || allowed === kind ? params : undefined;
}

/** A malformed request: join.me answers a server_error with a support ticket number. */
function serverError(/** @type {Joinme} */ jm, /** @type {Context} */ ctx) {
  sendJson(ctx.res, jm.env.config.joinme.serverErrorStatus, {
    error: 'server_error',
    error_ticket_id: randomUUID(),
    error_description: '',
  });
}

/** Every refused grant (code or refresh token) answers the one error name the notes document. */
const invalidGrant = (/** @type {Context} */ ctx) => sendJson(ctx.res, 400, { error: 'invalid_authorization_code' });

/** @param {Joinme} jm @param {Record<string, string>} params */
const clientMatches = (jm, params) =>
  params.client_id === jm.env.clients.joinme.client_id && params.client_secret === jm.env.clients.joinme.client_secret;

/** @param {Joinme} jm @param {Context} ctx */
async function tokenEndpoint(jm, ctx) {
  const params = await bodyParams(jm, ctx);
  if (params === undefined) return serverError(jm, ctx);
  if (params.grant_type === 'authorization_code') return codeGrant(jm, ctx, params);
  if (params.grant_type === 'refresh_token') return refreshGrant(jm, ctx, params);
  return serverError(jm, ctx);
}

/** @param {Joinme} jm @param {Context} ctx @param {Record<string, string>} params */
function codeGrant(jm, ctx, params) {
  if (['client_id', 'client_secret', 'code', 'redirect_uri'].some((name) => !params[name])) return serverError(jm, ctx);
  const code = jm.state.codes.get(params.code);
  const usable =
    code !== undefined &&
    !code.used &&
    jm.env.clock.now() < code.expiresAt &&
    clientMatches(jm, params) &&
    code.client_id === params.client_id &&
    code.redirect_uri === params.redirect_uri;
  if (!usable) return invalidGrant(ctx);
  code.used = true;
  const refreshToken = randomToken(32);
  jm.state.refreshTokens.set(refreshToken, { client_id: params.client_id, email: code.email, scopes: code.scopes });
  const accessToken = jm.mintAccessToken({ email: code.email, scopes: code.scopes, refreshToken });
  sendTokenAnswer(jm, ctx, accessToken, refreshToken);
}

/** @param {Joinme} jm @param {Context} ctx @param {Record<string, string>} params */
function refreshGrant(jm, ctx, params) {
  if (['client_id', 'client_secret', 'refresh_token'].some((name) => !params[name])) return serverError(jm, ctx);
  const grant = jm.state.refreshTokens.get(params.refresh_token);
  if (grant === undefined || !clientMatches(jm, params) || grant.client_id !== params.client_id) return invalidGrant(ctx);
  const accessToken = jm.mintAccessToken({ email: grant.email, scopes: grant.scopes, refreshToken: params.refresh_token });
  sendTokenAnswer(jm, ctx, accessToken, params.refresh_token);
}

/** @param {Joinme} jm @param {Context} ctx @param {string} accessToken @param {string} refreshToken */
function sendTokenAnswer(jm, ctx, accessToken, refreshToken) {
  const { tokenExpiresIn, tokenLifetimeSeconds } = jm.env.config.joinme;
  sendJson(ctx.res, 200, {
    access_token: accessToken,
    refresh_token: refreshToken,
    token_type: 'bearer',
    ...(tokenExpiresIn ? { expires_in: tokenLifetimeSeconds } : {}),
  });
}

/**
 * The seed page's testing aid: expire an access token now (or after the propagation delay).
 * @param {Joinme} jm
 * @param {Context} ctx
 */
async function expireEndpoint(jm, ctx) {
  const { expireSuccessAsString, expirePropagationSeconds } = jm.env.config.joinme;
  const answer = (/** @type {boolean} */ success) =>
    sendJson(ctx.res, success ? 200 : 400, {
      success: expireSuccessAsString ? String(success) : success,
      message: success ? 'Access Token Expired' : 'Expire Access Failed',
    });
  const params = await bodyParams(jm, ctx);
  const token = params && jm.state.tokens.get(params.access_token ?? '');
  const now = jm.env.clock.now();
  if (!params || !token || !clientMatches(jm, params) || token.client_id !== params.client_id || now >= token.expiresAt)
    return answer(false);
  token.expiresAt = Math.min(token.expiresAt, now + expirePropagationSeconds * 1000);
  return answer(true);
}
