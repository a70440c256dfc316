// Session trust: lifetimes hello.js guessed, the login nonces against login CSRF, checks on every read.
import { type ApiError, apiError, isApiErrorCode } from './errors.ts';
import { isRecord, numberOf, stringOf } from './json.ts';
import { type IssuedLogin, type IssuedLogins, issuedLogin, NONCE_KEY, storedLogins } from './nonces.ts';
import { configuredProxy, MODULE_MARK, proxyMissing, useHello } from './request.ts';
import { describe, excerpt, lookup } from './response.ts';
import type { HelloLike, LoginRequest, ProviderModule, Session } from './types.ts';

/* ------------------------------------------------------------------ sessions */

const ONE_YEAR = 31536000;

/**
 * hello.js stores `expires = now + (expires_in || one year)` and trusts `expires_in` as seconds. This
 * recomputes `expires` from the real lifetime (`seconds`), keeping the moment the session was issued.
 * Idempotent: a fixed session is returned unchanged.
 */
export function withLifetime(session: Session, seconds: number, nowSeconds = Date.now() / 1000): Session {
  const stored = numberOf(session.expires_in) ?? 0;
  const issued = (numberOf(session.expires) ?? nowSeconds + (stored || ONE_YEAR)) - (stored || ONE_YEAR);
  if (stored === seconds && numberOf(session.expires) !== undefined) return session;
  return { ...session, expires_in: seconds, expires: issued + seconds };
}

/** A session check: returns the session to store (maybe fixed), or an ApiError to refuse it. */
export type SessionCheck = (session: Session) => Session | ApiError;

function isApiErrorValue(value: Session | ApiError): value is ApiError {
  return isRecord(value.error) && isApiErrorCode(value.error.code);
}

/*
 * hello.js ties a redirect to a login only by its callback name, and stores whatever session a redirect
 * page is handed (login CSRF: an attacker's iframe of the site's redirect page plants a token). Each
 * login through these modules puts a random nonce in `state`; hello.js copies `state` into the session,
 * and a session is accepted only with a nonce this browser issued for that network.
 */
const NONCES_KEPT = 8;

let memoryNonces: IssuedLogins = {};

function readNonces(): IssuedLogins {
  return storedLogins() ?? memoryNonces;
}

/** Records a new login of `network` (with the oauth_proxy it names, for the redirect-page guard) and returns its nonce. */
function issueNonce(network: string, callback: string, proxy: string | undefined): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  const nonce = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  const nonces = readNonces();
  const issued = Array.isArray(nonces[network]) ? nonces[network] : [];
  const login: IssuedLogin = proxy === undefined ? { nonce, callback } : { nonce, callback, proxy };
  nonces[network] = [...issued, login].slice(-NONCES_KEPT);
  memoryNonces = nonces;
  try {
    globalThis.localStorage?.setItem(NONCE_KEY, JSON.stringify(nonces));
  } catch {
    // Storage refused: the in-memory copy still guards popup logins on this page.
  }
  return nonce;
}

/** The login a session answers, if this browser started it (a session keeps `callback` only when unanswered). */
function issuedFor(network: string, session: Session): IssuedLogin | undefined {
  return issuedLogin(readNonces(), network, stringOf(session.nonce), session.callback);
}

/** The oauth_proxy named by the login that gave `session`, if it named one. */
export function loginProxyOf(network: string, session: Session | null | undefined): string | undefined {
  return session ? issuedFor(network, session)?.proxy : undefined;
}

/** Tokens are opaque but short and printable; a huge or odd one is not a provider's. */
const TOKEN = /^[\x21-\x7e]{1,2048}$/;

/** Why a session handed over by a redirect page must be refused, or undefined when it may be kept. */
export function untrustedSession(network: string, session: Session): ApiError | undefined {
  if (session.error != null && session.error !== '') {
    const error = isRecord(session.error) ? session.error : { code: session.error };
    const code = stringOf(error.code) ?? 'access_denied';
    const message = stringOf(error.message) || stringOf(session.error_description) || `The provider refused the login (${excerpt(code)}).`;
    return apiError(isApiErrorCode(code) ? code : 'access_denied', message);
  }
  if (session.network !== network) {
    return apiError('invalid_request', `The login answer is for another network (${describe(session.network)}).`);
  }
  if (typeof session.access_token !== 'string' || !TOKEN.test(session.access_token)) {
    return apiError('invalid_request', 'The login answer has no usable access token.');
  }
  if (!issuedFor(network, session)) {
    return apiError('invalid_request', 'Ignored a login answer this page did not request (unknown state).');
  }
  return undefined;
}

/** `check` preceded by the trust checks every session of these modules must pass. */
export function guarded(network: string, check: SessionCheck): SessionCheck {
  return (session) => untrustedSession(network, session) ?? check(session);
}

/**
 * Checks every session of these networks as hello.js reads it (`getAuthResponse`, `api()`, its session
 * monitor): a session planted by a redirect page that no module code ran on (an iframe that hello.js
 * removes at once, a redirect page without the drop-in) is dropped before anything uses it, and a
 * lifetime hello.js guessed is fixed. Checking on read, not at load, also lets the site's `hello.init`
 * (e.g. another data-centre table) come after the drop-in.
 */
export function checkSessionsOnRead(hello: HelloLike, checks: Readonly<Record<string, SessionCheck>>): void {
  const utils = hello.utils as HelloLike['utils'] & { [MODULE_MARK]?: boolean };
  if (utils[MODULE_MARK]) return;
  const store = utils.store;
  const checked = function (this: unknown, ...args: [string?, (Session | null)?]) {
    const [network] = args;
    const check = network === undefined ? undefined : lookup(checks, network);
    const session = (store as (...a: unknown[]) => Session | null | undefined).apply(this, args);
    if (args.length !== 1 || !check || !session || (!session.access_token && !session.error)) return session;
    const result = guarded(network as string, check)(session);
    if (isApiErrorValue(result)) {
      store.call(this, network as string, null);
      return null;
    }
    if (result !== session) store.call(this, network as string, result);
    return result;
  };
  utils.store = checked as HelloLike['utils']['store'];
  utils[MODULE_MARK] = true;
}

/**
 * The redirect page hands the new session to the opener through `window[state.callback]`; no module
 * hook runs there. Wrapping that callback in the `login` hook lets the module fix or refuse the session
 * (and turn any error into the stable shape) before hello.js stores it and settles `login()`.
 */
export function guardLogin(p: LoginRequest, check: SessionCheck): void {
  const name = p.qs.state.callback;
  // hello.js's session monitor renews with the site's settings: a proxy given only to login() is the login's.
  const renewing = p.options.display === 'none' ? loginProxyOf(p.network, useHello().utils.store(p.network)) : undefined;
  const proxy = configuredProxy(p.options.oauth_proxy) ?? renewing;
  if (proxy) p.options.oauth_proxy = proxy;
  else if (usesProxy(p)) {
    refuseLogin(p, proxyMissing(`A ${p.options.display === 'none' ? 'silent renewal' : 'code-grant login'} of ${p.network}`));
    return;
  }
  p.qs.state.nonce = issueNonce(p.network, name, proxy);
  // hello.js's silent refresh asks for no scope, so the refreshed session would forget what was granted.
  const previous = stringOf(useHello().utils.store(p.network)?.scope);
  if (p.options.display === 'none' && previous) {
    const scopes = new Set([...previous.split(','), ...(p.qs.state.scope ?? '').split(',')].filter(Boolean));
    p.qs.state.scope = [...scopes].join(',');
  }
  const scope = globalThis as unknown as Record<string, unknown>;
  const original = scope[name];
  if (typeof original !== 'function') return;
  scope[name] = function (this: unknown, response: unknown) {
    let session: unknown = response;
    if (typeof response === 'string') {
      try {
        session = JSON.parse(response);
      } catch {
        session = undefined;
      }
    }
    // Nothing at all is hello.js's "cancelled": leave that to it.
    if (isRecord(session)) {
      const checked = guarded(p.network, check)(session as Session);
      if (isApiErrorValue(checked)) {
        useHello().utils.store(p.network, null);
        session = { ...checked, network: p.network };
      } else {
        session = checked;
      }
    }
    return (original as (value: unknown) => unknown).call(this, session);
  };
}

/** hello.js's own rule for a login that goes through `oauth_proxy`: a code grant, or a renewal with a refresh token. */
function usesProxy(p: LoginRequest): boolean {
  const responseType = decodeURIComponent(String(p.qs.response_type ?? ''));
  const module = useHello().services[p.network] as ProviderModule | undefined;
  const session = useHello().utils.store(p.network);
  return (
    !/\btoken\b/.test(responseType) || (p.options.display === 'none' && Boolean(module?.oauth.grant) && Boolean(session?.refresh_token))
  );
}

/** Where hello.js is sent when a login is refused: a blank frame, removed again, that loads nothing. */
const REFUSED_LOGIN = 'about:blank#hellojs-meetings-refused';

/**
 * Settles the login with `error` before anything is sent. hello.js opens its URL right after the `login`
 * hook and offers no way to stop it, so the URL is made a blank hidden frame (removed at once) and the
 * provider's settings are put back once hello.js has read them.
 */
function refuseLogin(p: LoginRequest, error: ApiError): void {
  const module = useHello().services[p.network] as ProviderModule;
  const oauth = module.oauth;
  module.oauth = { ...oauth, auth: REFUSED_LOGIN };
  p.options.oauth_proxy = REFUSED_LOGIN;
  p.options.display = 'none';
  Promise.resolve().then(() => {
    module.oauth = oauth;
    for (const frame of Array.from(globalThis.document?.querySelectorAll(`iframe[src^="${REFUSED_LOGIN}"]`) ?? [])) frame.remove();
  });
  const settle = (globalThis as unknown as Record<string, unknown>)[p.qs.state.callback];
  if (typeof settle === 'function') settle(JSON.stringify({ ...error, network: p.network }));
}

/** Sets `p.options.popup` to a size the provider's page fits in. */
export function sizePopup(p: LoginRequest, width: number, height: number): void {
  p.options.popup.width = width;
  p.options.popup.height = height;
}
