/**
 * A small client of the control API (/__emu/control), for tests in Node (Playwright) and in the browser
 * (web-test-runner): browser-safe, it needs only fetch. Every method throws EmulatorControlError when the
 * emulator refuses (an unknown switch, a bad seed), with the emulator's message.
 */
import { EMU_PREFIX } from './urls.mjs';

export class EmulatorControlError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(`emulator control: ${message} (${code}, HTTP ${status})`);
    this.name = 'EmulatorControlError';
    this.status = status;
    this.code = code;
  }
}

/**
 * @param {string} origin where the emulator answers, e.g. 'http://127.0.0.1:4000'
 * @param {{ fetch?: typeof fetch }} [options]
 */
export function emulatorControl(origin, options = {}) {
  const base = `${String(origin).replace(/\/+$/, '')}${EMU_PREFIX}/control/`;
  const doFetch = options.fetch ?? ((/** @type {Parameters<typeof fetch>} */ ...args) => fetch(...args));

  /** @param {string} method @param {string} path @param {unknown} [body] @returns {Promise<any>} */
  async function call(method, path, body) {
    const response = await doFetch(base + path, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let value;
    try {
      value = text ? JSON.parse(text) : undefined;
    } catch {
      value = undefined;
    }
    if (!response.ok) {
      throw new EmulatorControlError(response.status, String(value?.error ?? 'error'), String(value?.message ?? value?.error ?? text));
    }
    return value;
  }

  return {
    origin: base.slice(0, -`${EMU_PREFIX}/control/`.length),
    /** Forget every token, meeting and log entry; back to the options' accounts, seed, switches and real time. */
    reset: async () => void (await call('POST', 'reset', {})),
    /** Adds accounts, meetings and webinars until the next reset. @param {unknown} seed */
    seed: (seed) => call('POST', 'seed', seed),
    accounts: () => call('GET', 'accounts'),
    /** hello.init's first argument for this emulator. */
    endpoints: () => call('GET', 'endpoints'),
    urls: () => call('GET', 'urls'),
    clock: () => call('GET', 'clock'),
    /** Moves the emulated clock (tokens expire, meetings pass). @param {number} seconds */
    advanceClock: (seconds) => call('POST', 'clock', { advance: seconds }),
    config: () => call('GET', 'config'),
    /** Flips quirk switches (deep-merged; an unknown switch or a wrong type changes nothing). @param {unknown} partial */
    setConfig: (partial) => call('POST', 'config', partial),
    /** 'auto': approve at once | 'page': the consent page | 'deny': decline. @param {'auto' | 'page' | 'deny'} consent */
    setConsent: (consent) => call('POST', 'config', { consent }),
    /** Every request the emulated providers got (control calls aside), oldest first. */
    log: () => call('GET', 'log'),
    clearLog: async () => void (await call('DELETE', 'log')),
    redirectUris: () => call('GET', 'redirect-uris'),
    /** @param {string[]} uris */
    addRedirectUris: (uris) => call('POST', 'redirect-uris', { uris }),
    /** join.me: from now on the token answers 401 stale_token. @param {string} accessToken */
    staleToken: async (accessToken) => void (await call('POST', 'joinme/stale', { access_token: accessToken })),
    /** join.me: the API gateway refuses (or accepts again) the account. @param {string} email */
    setInactive: async (email, inactive = true) => void (await call('POST', 'joinme/inactive', { email, inactive })),
    /** Zoho: the next `times` token requests answer "Access Denied" (throttled). */
    throttleZoho: async (times = 1) => void (await call('POST', 'zoho/throttle', { times })),
    /** Zoho: ends the web session (of one user, or everyone): silent renewal stops. @param {string} [email] */
    endZohoSession: async (email) => void (await call('POST', 'zoho/logout', email === undefined ? {} : { email })),
    /** The next `times` requests to a provider fail inside it: a 500 in its style. @param {'joinme' | 'zoho'} provider */
    failNext: async (provider, times = 1) => void (await call('POST', 'fail', { provider, times })),
  };
}
