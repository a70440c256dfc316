/** Zoho data centres: the only hosts a Zoho token, code or secret may ever be sent to. */
export type ZohoRegion = 'us' | 'eu' | 'in' | 'au' | 'jp' | 'ca' | 'sa' | 'cn' | 'uk';

export interface ZohoDataCentre {
  /** Zoho Accounts origin (authorize, token, revoke). */
  readonly accounts: string;
  /** Zoho Meeting origin (API v2 lives under `/api/v2`). */
  readonly meeting: string;
  /** The zohoapis origin a token answer names as `api_domain`: only compared, never called. */
  readonly apis?: string;
}

export type ZohoDataCentreTable = Readonly<Record<ZohoRegion, ZohoDataCentre>>;

/** The table with the data centres a site added (e.g. `ae`) through `hello.init({ zoho: { datacentres } })`. */
export type ZohoDataCentres = ZohoDataCentreTable & { readonly [region: string]: ZohoDataCentre };

// The Meeting host is not `meeting.zoho.${tld}`: Canada is zohocloud.ca. https://www.zoho.com/meeting/api-integration.html
// Accounts servers: https://www.zoho.com/accounts/protocol/oauth/multi-dc.html (uk is listed there).
export const ZOHO_DATACENTRES: ZohoDataCentreTable = {
  us: { accounts: 'https://accounts.zoho.com', meeting: 'https://meeting.zoho.com', apis: 'https://www.zohoapis.com' },
  eu: { accounts: 'https://accounts.zoho.eu', meeting: 'https://meeting.zoho.eu', apis: 'https://www.zohoapis.eu' },
  in: { accounts: 'https://accounts.zoho.in', meeting: 'https://meeting.zoho.in', apis: 'https://www.zohoapis.in' },
  au: { accounts: 'https://accounts.zoho.com.au', meeting: 'https://meeting.zoho.com.au', apis: 'https://www.zohoapis.com.au' },
  jp: { accounts: 'https://accounts.zoho.jp', meeting: 'https://meeting.zoho.jp', apis: 'https://www.zohoapis.jp' },
  ca: { accounts: 'https://accounts.zohocloud.ca', meeting: 'https://meeting.zohocloud.ca', apis: 'https://www.zohoapis.ca' },
  sa: { accounts: 'https://accounts.zoho.sa', meeting: 'https://meeting.zoho.sa', apis: 'https://www.zohoapis.sa' },
  // China is separate: authorization must start at its own accounts server.
  cn: { accounts: 'https://accounts.zoho.com.cn', meeting: 'https://meeting.zoho.com.cn', apis: 'https://www.zohoapis.com.cn' },
  // The Meeting host follows the pattern (unconfirmed; one client table says meeting.zoho.com): docs/providers.md.
  uk: { accounts: 'https://accounts.zoho.uk', meeting: 'https://meeting.zoho.uk', apis: 'https://www.zohoapis.uk' },
};

export const ZOHO_REGIONS = Object.keys(ZOHO_DATACENTRES) as readonly ZohoRegion[];

/** One of the built-in regions. */
export function isZohoRegion(value: unknown): value is ZohoRegion {
  return typeof value === 'string' && ZOHO_REGIONS.includes(value as ZohoRegion);
}

/** The regions of a table (its own keys whose entry has an accounts and a meeting host). */
export function regionsOf(table: Readonly<Record<string, ZohoDataCentre>>): string[] {
  return Object.keys(table).filter((region) => {
    const entry: unknown = table[region];
    return typeof entry === 'object' && entry !== null && typeof (entry as ZohoDataCentre).accounts === 'string';
  });
}

/** Whether `value` names a region of `table` (own keys only: "constructor" is no data centre). */
export function isRegionOf(table: Readonly<Record<string, ZohoDataCentre>>, value: unknown): value is string {
  return typeof value === 'string' && regionsOf(table).includes(value);
}

/** Origin and path without a trailing slash, or undefined when `url` is not an absolute http(s) URL. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:'
      ? `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The region of `table` whose `host` (accounts server, or zohoapis domain) is exactly `url`, or undefined.
 * A value from a browser redirect is only ever compared against the table, never followed.
 */
export function regionOfHost(table: Readonly<Record<string, ZohoDataCentre>>, host: 'accounts' | 'apis', url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const wanted = originOf(url);
  if (wanted === undefined) return undefined;
  return regionsOf(table).find((region) => {
    const known = table[region]?.[host];
    return typeof known === 'string' && originOf(known) === wanted;
  });
}

/** The built-in region whose accounts server is exactly `accountsServer`, or undefined. */
export function regionOfAccountsServer(table: ZohoDataCentreTable, accountsServer: unknown): ZohoRegion | undefined {
  const region = regionOfHost(table, 'accounts', accountsServer);
  return isZohoRegion(region) ? region : undefined;
}
