// The logins this browser started, kept in localStorage: the drop-in writes them (session.ts), the
// redirect-page guard (guard.ts) reads them before hello.js does anything with a redirect.
import { isRecord } from './json.ts';

export const NONCE_KEY = 'hellojs_meetings_nonces';

/** A login this browser started. */
export interface IssuedLogin {
  /** The random value put in the login's `state`. */
  nonce: string;
  /** hello.js's callback name for the login (also in `state`). */
  callback: string;
  /** The `oauth_proxy` the login named, as hello.js writes it into `state`; absent when none was configured. */
  proxy?: string;
}

/** Issued logins by network, newest last. */
export type IssuedLogins = Record<string, IssuedLogin[]>;

/** The issued logins in localStorage; undefined when storage cannot be read or holds something else. */
export function storedLogins(): IssuedLogins | undefined {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(NONCE_KEY) ?? '{}');
    return isRecord(parsed) ? (parsed as IssuedLogins) : undefined;
  } catch {
    return undefined;
  }
}

/** The login of `network` with this nonce (and, when given, this callback name), if this browser issued it. */
export function issuedLogin(logins: IssuedLogins, network: unknown, nonce: unknown, callback?: unknown): IssuedLogin | undefined {
  const list = typeof network === 'string' && Object.keys(logins).includes(network) ? logins[network] : undefined;
  if (!Array.isArray(list) || typeof nonce !== 'string' || nonce === '') return undefined;
  const login = list.find((item) => isRecord(item) && item.nonce === nonce);
  return login && (callback === undefined || callback === login.callback) ? login : undefined;
}
