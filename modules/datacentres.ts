/** Zoho data centres: the only hosts a Zoho token, code or secret may ever be sent to. */
export type ZohoRegion = 'us' | 'eu' | 'in' | 'au' | 'jp' | 'ca' | 'sa' | 'cn';

export interface ZohoDataCentre {
  /** Zoho Accounts origin (authorize, token, revoke). */
  readonly accounts: string;
  /** Zoho Meeting origin (API v2 lives under `/api/v2`). */
  readonly meeting: string;
}

export type ZohoDataCentreTable = Readonly<Record<ZohoRegion, ZohoDataCentre>>;

// The Meeting host is not `meeting.zoho.${tld}`: Canada is zohocloud.ca. https://www.zoho.com/meeting/api-integration.html
export const ZOHO_DATACENTRES: ZohoDataCentreTable = {
  us: { accounts: 'https://accounts.zoho.com', meeting: 'https://meeting.zoho.com' },
  eu: { accounts: 'https://accounts.zoho.eu', meeting: 'https://meeting.zoho.eu' },
  in: { accounts: 'https://accounts.zoho.in', meeting: 'https://meeting.zoho.in' },
  au: { accounts: 'https://accounts.zoho.com.au', meeting: 'https://meeting.zoho.com.au' },
  jp: { accounts: 'https://accounts.zoho.jp', meeting: 'https://meeting.zoho.jp' },
  ca: { accounts: 'https://accounts.zohocloud.ca', meeting: 'https://meeting.zohocloud.ca' },
  sa: { accounts: 'https://accounts.zoho.sa', meeting: 'https://meeting.zoho.sa' },
  // China is separate: authorization must start at its own accounts server.
  cn: { accounts: 'https://accounts.zoho.com.cn', meeting: 'https://meeting.zoho.com.cn' },
};

export const ZOHO_REGIONS = Object.keys(ZOHO_DATACENTRES) as readonly ZohoRegion[];

export function isZohoRegion(value: unknown): value is ZohoRegion {
  return typeof value === 'string' && ZOHO_REGIONS.includes(value as ZohoRegion);
}

/** Origin without a trailing slash, or undefined when `url` is not an absolute http(s) URL. */
function originOf(url: string): string | undefined {
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
 * The region whose accounts server is exactly `accountsServer`, or undefined.
 * A value from a browser redirect is only ever compared against the table, never followed.
 */
export function regionOfAccountsServer(table: ZohoDataCentreTable, accountsServer: unknown): ZohoRegion | undefined {
  if (typeof accountsServer !== 'string') return undefined;
  const wanted = originOf(accountsServer);
  if (wanted === undefined) return undefined;
  return ZOHO_REGIONS.find((region) => originOf(table[region].accounts) === wanted);
}
