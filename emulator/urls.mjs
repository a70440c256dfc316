/**
 * Where the emulated hosts live. Browser-safe (no Node imports): browser tests load it to point the
 * modules at the emulator with hello.init().
 */
import { DEFAULT_EMAILS, JOINME_ACCOUNTS, ZOHO_ACCOUNTS } from './accounts.mjs';

/** Every emulated host lives under this path prefix of one origin. */
export const EMU_PREFIX = '/__emu';

/** Zoho data centres, in the order of modules/datacentres.ts. */
export const ZOHO_REGIONS = Object.freeze(/** @type {const} */ (['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'cn', 'uk']));

/**
 * Data centres real clients use that are not in the package's table (accounts.zoho.ae): emulated, but
 * left out of `datacentres`, so a test can add one the way a site would, through hello.init.
 */
export const ZOHO_UNLISTED_REGIONS = Object.freeze(/** @type {const} */ (['ae']));

/** The zohoapis host a token answer names as `api_domain` (the real one: only compared, never called). */
export const ZOHO_API_DOMAINS = Object.freeze({
  us: 'https://www.zohoapis.com',
  eu: 'https://www.zohoapis.eu',
  in: 'https://www.zohoapis.in',
  au: 'https://www.zohoapis.com.au',
  jp: 'https://www.zohoapis.jp',
  ca: 'https://www.zohoapis.ca',
  sa: 'https://www.zohoapis.sa',
  cn: 'https://www.zohoapis.com.cn',
  uk: 'https://www.zohoapis.uk',
  ae: 'https://www.zohoapis.ae',
});

/** The emulated providers' client ids (public: a page sends them; the secrets are made per emulator run). */
export const JOINME_CLIENT_ID = 'joinme-demo-key';
export const ZOHO_CLIENT_ID = '1000.ZOHODEMOCLIENT';

/**
 * Every URL of the emulated hosts at `origin`: what an oauth proxy's config and Node tests need.
 * @param {string} origin e.g. 'http://127.0.0.1:8765' (a trailing slash is ignored)
 */
export function emulatorUrls(origin) {
  const emu = `${String(origin).replace(/\/+$/, '')}${EMU_PREFIX}`;
  const secure = `${emu}/joinme/secure/api/public/v1/auth`;
  /** @type {Record<string, { accounts: string, meeting: string }>} */
  const datacentres = {};
  for (const region of ZOHO_REGIONS) {
    datacentres[region] = { accounts: `${emu}/zoho/${region}/accounts`, meeting: `${emu}/zoho/${region}/meeting` };
  }
  /** @type {Record<string, { accounts: string, meeting: string, apis: string }>} */
  const unlisted = {};
  for (const region of ZOHO_UNLISTED_REGIONS) {
    unlisted[region] = {
      accounts: `${emu}/zoho/${region}/accounts`,
      meeting: `${emu}/zoho/${region}/meeting`,
      apis: ZOHO_API_DOMAINS[region],
    };
  }
  return {
    joinme: { auth: `${secure}/oauth2`, token: `${secure}/token`, expire: `${secure}/expireaccess`, base: `${emu}/joinme/api/v1/` },
    zoho: { datacentres, unlisted },
  };
}

/**
 * Exactly what hello.init needs to point both modules at the emulator at `origin`:
 * `hello.init(emulatorEndpoints(origin), { redirect_uri, oauth_proxy })`.
 * @param {string} origin
 * @param {{ joinme?: string, zoho?: string }} [ids] client ids, when the emulator was given its own
 */
export function emulatorEndpoints(origin, ids = {}) {
  const urls = emulatorUrls(origin);
  return {
    joinme: { id: ids.joinme ?? JOINME_CLIENT_ID, oauth: { auth: urls.joinme.auth, grant: urls.joinme.token }, base: urls.joinme.base },
    zoho: { id: ids.zoho ?? ZOHO_CLIENT_ID, datacentres: urls.zoho.datacentres },
  };
}

/** The users tests can log in as (by `login_hint`), without anything secret. */
export const DEFAULT_ACCOUNTS = Object.freeze({
  joinme: JOINME_ACCOUNTS.map(({ email, fullName, inactive }) => ({ email, name: fullName, inactive: inactive === true })),
  zoho: ZOHO_ACCOUNTS.map(({ email, fullName, region }) => ({ email, name: fullName, region })),
  defaults: DEFAULT_EMAILS,
});
