/**
 * Zoho Accounts of one data centre: authorize, silent renewal, token, revoke.
 * Behaviour from /work/shared/providers/zoho.md and the seed page. Token errors are HTTP 200 with a body.
 */
import { authorize, parseScopes } from './authorize.mjs';
import { parseParams, redirect, route, sendJson, withParams } from './http.mjs';
import { sendErrorPage } from './pages.mjs';
import { ZOHO_API_DOMAINS } from './urls.mjs';

export const ZOHO_SCOPES = Object.freeze([
  'ZohoMeeting.manageOrg.READ',
  'ZohoMeeting.meeting.READ',
  'ZohoMeeting.meeting.CREATE',
  'ZohoMeeting.meeting.UPDATE',
  'ZohoMeeting.meeting.DELETE',
  'ZohoMeeting.meeting.ALL',
  'ZohoMeeting.webinar.READ',
  'ZohoMeeting.webinar.CREATE',
  'ZohoMeeting.webinar.UPDATE',
  'ZohoMeeting.webinar.DELETE',
  'ZohoMeeting.user.READ',
]);

const THROTTLED = {
  error_description: 'You have made too many requests continuously. Please try again after some time.',
  error: 'Access Denied',
  status: 'failure',
};

/**
 * @typedef {import('./zoho.mjs').Zoho} Zoho
 * @typedef {import('./index.mjs').Context} Context
 * @typedef {import('./accounts.mjs').ZohoAccount} Account
 * @typedef {import('./accounts.mjs').ZohoRegion} Region
 * @typedef {{ region: Region, responseType: 'token' | 'code', redirectUri: string, scopes: string[],
 *   offline: boolean, forceConsent: boolean, state: string | undefined }} AuthRequest
 */

/** @param {Zoho} z @param {Region} region */
export function oauthRoutes(z, region) {
  const authorizeHandler = (/** @type {Context} */ ctx) => authorizeEndpoint(z, region, ctx);
  return [
    route('GET', '/oauth/v2/auth', authorizeHandler),
    route('POST', '/oauth/v2/auth', authorizeHandler),
    route('GET', '/oauth/v2/auth/refresh', (/** @type {Context} */ ctx) => silentRenewal(z, region, ctx)),
    route('POST', '/oauth/v2/token', (/** @type {Context} */ ctx) => tokenEndpoint(z, region, ctx)),
    route('POST', '/oauth/v2/token/revoke', async (/** @type {Context} */ ctx) => revoke(z, region, ctx, await tokenParams(ctx))),
  ];
}

/** @param {Region} region */
const brandOf = (region) => `Zoho Accounts, ${region} data centre (emulated)`;

/** China is a separate world: its users sign in only there, and nobody else does. */
const sameWorld = (/** @type {Region} */ a, /** @type {Region} */ b) => (a === 'cn') === (b === 'cn');

/** @param {Zoho} z @param {Region} region */
const accountsAt = (z, region) => z.env.accounts.zoho.filter((account) => sameWorld(account.region, region));

/**
 * @param {Zoho} z
 * @param {Region} region
 * @returns {Omit<import('./authorize.mjs').AuthorizeSpec<AuthRequest, Account>, 'approve'>}
 */
function baseSpec(z, region) {
  return {
    brand: brandOf(region),
    validate: (params) => validateAuthorize(z, region, params),
    choices: () => accountsAt(z, region).map((account) => ({ email: account.email, name: account.fullName })),
    defaultEmail: () => (region === 'cn' ? (accountsAt(z, 'cn')[0]?.email ?? '') : z.env.accounts.defaults.zoho),
    scopes: (request) => request.scopes,
    pickAccount: (_request, email) => {
      const account = z.env.accounts.findZoho(email);
      if (!account) return { error: `There is no Zoho account ${email}.` };
      if (!sameWorld(account.region, region)) {
        return {
          error:
            region === 'cn'
              ? 'This account is not in the China data centre.'
              : 'Accounts of the China data centre sign in at its own accounts server.',
        };
      }
      return { account };
    },
    deny: (request) =>
      withParams(
        request.redirectUri,
        [
          ['error', z.env.config.zoho.denyError],
          ['state', request.state],
        ],
        {
          where: request.responseType === 'code' ? 'query' : 'fragment',
        },
      ),
  };
}

/** @param {Zoho} z @param {Region} region @param {Context} ctx */
function authorizeEndpoint(z, region, ctx) {
  return authorize(ctx, {
    ...baseSpec(z, region),
    approve: (request, account) => {
      z.state.sessions.set(account.email, z.env.clock.now()); // an interactive login starts the web session
      return grantRedirect(z, ctx, request, account);
    },
  });
}

/**
 * @param {Zoho} z
 * @param {Region} region
 * @param {Record<string, string>} params
 * @returns {{ error: string } | { request: AuthRequest }}
 */
function validateAuthorize(z, region, params) {
  if (params.client_id !== z.env.clients.zoho.client_id) return { error: 'Invalid client: the client_id is not registered.' };
  const responseType = params.response_type;
  if (responseType !== 'token' && responseType !== 'code') return { error: 'The response_type must be code or token.' };
  const redirectUri = params.redirect_uri ?? '';
  if (!z.env.redirectUris.includes(redirectUri))
    return { error: 'Invalid redirect URI: it does not match the one registered for this client.' };
  // Zoho matches scope names whatever their case (Pipedream asks for ZohoMeeting.manageorg.READ).
  const scopes = parseScopes(params.scope, ',', ZOHO_SCOPES, { anyCase: true });
  if ('error' in scopes) return scopes;
  const accessType = params.access_type ?? 'online';
  if (accessType !== 'online' && accessType !== 'offline') return { error: 'The access_type must be online or offline.' };
  return {
    request: {
      region,
      responseType,
      redirectUri,
      scopes: scopes.scopes,
      offline: accessType === 'offline',
      forceConsent: params.prompt === 'consent',
      state: params.state,
    },
  };
}

/**
 * Mints the code or token in the user's home data centre (Zoho moves a user there) and builds the
 * redirect, with the quirks the switches ask for.
 * @param {Zoho} z @param {Context} ctx @param {AuthRequest} request @param {Account} account
 */
function grantRedirect(z, ctx, request, account) {
  const { zoho } = z.env.config;
  const home = account.region;
  /** @type {Array<[string, string]>} */
  const where = [
    ['location', home],
    ['accounts-server', z.accountsUrl(ctx, home)],
  ];
  if (request.responseType === 'code') {
    const code = z.newToken();
    z.state.codes.set(code, {
      region: home,
      client_id: z.env.clients.zoho.client_id,
      redirect_uri: request.redirectUri,
      email: account.email,
      scopes: request.scopes,
      offline: request.offline,
      forceConsent: request.forceConsent,
      expiresAt: z.env.clock.now() + zoho.codeLifetimeSeconds * 1000,
      used: false,
    });
    return withParams(request.redirectUri, [['state', request.state], ['code', code], ...where], {
      where: 'query',
      trailingAmp: zoho.trailingAmp,
    });
  }
  const token = z.mintAccessToken({ region: home, email: account.email, scopes: request.scopes });
  return withParams(
    request.redirectUri,
    [
      ['access_token', token],
      ['expires_in', String(zoho.accessTokenSeconds)],
      ...where,
      ['granted_for_session', zoho.grantedForSession ? 'true' : undefined],
      ['state', zoho.fragmentState ? request.state : undefined],
    ],
    { where: 'fragment', leadingAmp: zoho.fragmentLeadingAmp },
  );
}

/**
 * Silent renewal for client-based apps: a fresh token while the Zoho web session lives (1 h after the
 * last interactive login). The session is kept server-side (no cookie: the page and the emulator are
 * different sites, a hidden iframe would not send it). Without one, Zoho shows its sign-in page.
 * Which accounts server knows the session is unsure (switch `silentRenewalHost`): the user's own data
 * centre (default: the web session is a cookie of the domain the user signed in at), or only the
 * data centre the app is registered in (`appRegion`).
 * @param {Zoho} z @param {Region} region @param {Context} ctx
 */
function silentRenewal(z, region, ctx) {
  const spec = baseSpec(z, region);
  const params = Object.fromEntries(ctx.query);
  const checked = spec.validate(params);
  if ('error' in checked || checked.request.responseType !== 'token') {
    return sendErrorPage(ctx.res, {
      brand: spec.brand,
      title: 'Invalid request',
      message: 'error' in checked ? checked.error : 'Silent renewal needs response_type=token.',
    });
  }
  const now = z.env.clock.now();
  const alive = (/** @type {Account} */ account) =>
    now - (z.state.sessions.get(account.email) ?? Number.NEGATIVE_INFINITY) < z.env.config.zoho.sessionSeconds * 1000;
  const hint = z.env.accounts.findZoho(params.login_hint);
  const { silentRenewalHost, appRegion } = z.env.config.zoho;
  const knows = (/** @type {Account} */ account) => (silentRenewalHost === 'app' ? region === appRegion : account.region === region);
  const candidates = accountsAt(z, region).filter(
    (account) => knows(account) && alive(account) && (!params.login_hint || account === hint),
  );
  // The most recent login is the browser's current session.
  const account = candidates.sort(
    (a, b) => /** @type {number} */ (z.state.sessions.get(b.email)) - /** @type {number} */ (z.state.sessions.get(a.email)),
  )[0];
  if (!account)
    return sendErrorPage(ctx.res, {
      status: 200,
      brand: spec.brand,
      title: 'Sign in',
      message: 'Your Zoho session has ended. Sign in to continue.',
    });
  return redirect(ctx.res, grantRedirect(z, ctx, checked.request, account));
}

/**
 * Token endpoint parameters: the query string, then a form body (a JSON body is not read, as at Zoho).
 * @param {Context} ctx
 */
async function tokenParams(ctx) {
  const { kind, params } = parseParams(ctx.req, await ctx.body());
  return { ...Object.fromEntries(ctx.query), ...(kind === 'form' ? params : {}) };
}

/** @param {Context} ctx @param {string} error */
const tokenError = (ctx, error) => sendJson(ctx.res, 200, { error });

/** @param {Zoho} z @param {Region} region @param {Context} ctx */
async function tokenEndpoint(z, region, ctx) {
  const params = await tokenParams(ctx);
  // The seed page revokes with POST /oauth/v2/token?token=… (no grant_type).
  if (params.grant_type === undefined && params.token !== undefined) return revoke(z, region, ctx, params);
  if (params.grant_type !== 'authorization_code' && params.grant_type !== 'refresh_token') return tokenError(ctx, 'unsupported_grant_type');
  if (z.state.throttleNext > 0) {
    z.state.throttleNext -= 1;
    return sendJson(ctx.res, 400, THROTTLED);
  }
  return params.grant_type === 'authorization_code' ? codeGrant(z, region, ctx, params) : refreshGrant(z, region, ctx, params);
}

/**
 * The client checks, in Zoho's order: an unknown client, or a grant from another data centre, is
 * invalid_client; then the secret.
 * @param {Zoho} z @param {Region} region @param {Record<string, string>} params @param {{ region: Region } | undefined} grant
 * @returns {string | undefined} the error, if any
 */
function clientError(z, region, params, grant) {
  const client = z.env.clients.zoho;
  if (params.client_id !== client.client_id) return 'invalid_client';
  if (grant && grant.region !== region) return 'invalid_client';
  if (params.client_secret !== client.client_secret) return z.env.config.zoho.wrongSecretError;
  return undefined;
}

/** @param {Zoho} z @param {Region} region @param {Context} ctx @param {Record<string, string>} params */
function codeGrant(z, region, ctx, params) {
  const code = z.state.codes.get(params.code ?? '');
  const refused = clientError(z, region, params, code);
  if (refused) return tokenError(ctx, refused);
  if (!code || code.used || z.env.clock.now() >= code.expiresAt) return tokenError(ctx, 'invalid_code');
  if (params.redirect_uri !== code.redirect_uri) return tokenError(ctx, 'invalid_redirect_uri');
  code.used = true;

  // access_type=offline: a refresh token the first time, or every time with prompt=consent.
  const pair = `${code.email} ${code.client_id}`;
  const refreshToken = code.offline && (code.forceConsent || !z.state.offlineGranted.has(pair)) ? z.mintRefreshToken(code) : undefined;
  if (code.offline) z.state.offlineGranted.add(pair);
  const accessToken = z.mintAccessToken({ region, email: code.email, scopes: code.scopes, refreshToken });
  return sendTokenAnswer(z, region, ctx, { accessToken, refreshToken, scopes: code.scopes });
}

/** @param {Zoho} z @param {Region} region @param {Context} ctx @param {Record<string, string>} params */
function refreshGrant(z, region, ctx, params) {
  const grant = z.state.refreshTokens.get(params.refresh_token ?? '');
  const refused = clientError(z, region, params, grant);
  if (refused) return tokenError(ctx, refused);
  if (!grant) return tokenError(ctx, 'invalid_code');
  // About ten access tokens per refresh token per ten minutes.
  const { accessTokensPerWindow, throttleWindowSeconds } = z.env.config.zoho;
  const now = z.env.clock.now();
  grant.issued = grant.issued.filter((at) => now - at < throttleWindowSeconds * 1000);
  if (grant.issued.length >= accessTokensPerWindow) return sendJson(ctx.res, 400, THROTTLED);
  const accessToken = z.mintAccessToken({ region, email: grant.email, scopes: grant.scopes, refreshToken: grant.value });
  return sendTokenAnswer(z, region, ctx, { accessToken, scopes: grant.scopes });
}

/**
 * @param {Zoho} z @param {Region} region @param {Context} ctx
 * @param {{ accessToken: string, refreshToken?: string | undefined, scopes: string[] }} grant
 */
function sendTokenAnswer(z, region, ctx, { accessToken, refreshToken, scopes }) {
  const { expiresInMs, accessTokenSeconds } = z.env.config.zoho;
  sendJson(ctx.res, 200, {
    access_token: accessToken,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    scope: scopes.join(' '),
    api_domain: apiDomain(region),
    token_type: 'Bearer',
    // The seed page's form gives milliseconds in expires_in and seconds in expires_in_sec.
    ...(expiresInMs ? { expires_in_sec: accessTokenSeconds, expires_in: accessTokenSeconds * 1000 } : { expires_in: accessTokenSeconds }),
  });
}

/** The zohoapis host of a data centre (not the Meeting host). @param {Region} region */
const apiDomain = (region) => ZOHO_API_DOMAINS[region];

/**
 * Revokes a refresh token (and its access tokens) or a single access token of this data centre.
 * @param {Zoho} z @param {Region} region @param {Context} ctx @param {Record<string, string>} params
 */
function revoke(z, region, ctx, params) {
  const value = params.token ?? '';
  const refresh = z.state.refreshTokens.get(value);
  const access = z.state.accessTokens.get(value);
  if (refresh?.region === region) z.deleteRefreshToken(value);
  else if (access?.region === region) z.state.accessTokens.delete(value);
  else return sendJson(ctx.res, 400, { status: 'failure', error: 'invalid_token' });
  return sendJson(ctx.res, 200, { status: 'success' });
}
