// Optional, at start-up: Zoho data centres opened after this release, from Zoho's own list
// (`/oauth/serverinfo`, JSON `locations` keyed by location). What it names is checked, never trusted:
// https, `accounts.` on a known Zoho domain, nothing else in the URL; the table's own entries always win.
import type { ZohoDataCentre } from '../modules/datacentres.ts';
import { isRecord } from '../modules/json.ts';
import type { Settings, ZohoTable } from './config.ts';
import { withDatacentres } from './config.ts';

/** The domains Zoho runs its data centres on (https://www.zoho.com/accounts/protocol/oauth/multi-dc.html, and `ae` seen in real clients). */
export const KNOWN_ZOHO_DOMAINS: readonly string[] = [
  'zoho.com',
  'zoho.eu',
  'zoho.in',
  'zoho.com.au',
  'zoho.jp',
  'zohocloud.ca',
  'zoho.sa',
  'zoho.com.cn',
  'zoho.uk',
  'zoho.ae',
];

/** The Zoho domain of an accounts server URL from serverinfo, or undefined when it is not `https://accounts.<known domain>`. */
export function zohoDomainOfAccounts(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port || url.search || url.hash) return undefined;
  if (url.pathname !== '/' && url.pathname !== '') return undefined;
  const host = url.hostname.toLowerCase();
  if (!host.startsWith('accounts.')) return undefined;
  const domain = host.slice('accounts.'.length);
  return KNOWN_ZOHO_DOMAINS.includes(domain) ? domain : undefined;
}

/** The table plus the data centres of a serverinfo answer that pass the checks; `refused` names the others. */
export function mergeServerInfo(table: ZohoTable, answer: unknown): { table: ZohoTable; added: string[]; refused: string[] } {
  const locations = isRecord(answer) && isRecord(answer.locations) ? answer.locations : {};
  const merged: Record<string, ZohoDataCentre> = { ...table };
  const added: string[] = [];
  const refused: string[] = [];
  for (const [key, value] of Object.entries(locations)) {
    const region = key.toLowerCase();
    if (Object.hasOwn(table, region)) continue;
    const domain = /^[a-z]{2,3}$/.test(region) ? zohoDomainOfAccounts(value) : undefined;
    if (domain === undefined) {
      refused.push(/^[a-z0-9]{1,8}$/.test(region) ? region : '(malformed)');
      continue;
    }
    merged[region] = Object.freeze({ accounts: `https://accounts.${domain}`, meeting: `https://meeting.${domain}` });
    added.push(region);
  }
  return { table: Object.freeze(merged), added, refused };
}

/** Settings with the data centres Zoho lists; on any failure the settings as they were (logged). */
export async function discoverDatacentres(settings: Settings): Promise<Settings> {
  const us = settings.datacentres.us;
  if (us === undefined) return settings;
  const url = `${us.accounts.replace(/\/+$/, '')}/oauth/serverinfo`;
  const host = new URL(url).host;
  const result = await settings.upstream(
    url,
    { method: 'GET', headers: { accept: 'application/json' } },
    { timeoutMs: settings.timeoutMs, maxBytes: 65_536 },
  );
  let answer: unknown;
  if (result.ok && result.status === 200) {
    try {
      answer = JSON.parse(new TextDecoder().decode(result.body));
    } catch {
      answer = undefined;
    }
  }
  if (!isRecord(answer)) {
    const why = result.ok ? `HTTP ${result.status}` : result.reason;
    settings.log({
      level: 'warn',
      message: `Zoho data-centre discovery failed (${why}); using the built-in table`,
      kind: 'other',
      network: 'zoho',
      host,
    });
    return settings;
  }
  const { table, added, refused } = mergeServerInfo(settings.datacentres, answer);
  if (refused.length > 0) {
    settings.log({
      level: 'warn',
      message: `Zoho data-centre discovery ignored ${refused.join(', ')}: not https://accounts. on a known Zoho domain`,
      kind: 'other',
      network: 'zoho',
      host,
    });
  }
  settings.log({
    level: 'info',
    message: added.length > 0 ? `Zoho data centres discovered: ${added.join(', ')}` : 'Zoho data-centre discovery: nothing new',
    kind: 'other',
    network: 'zoho',
    host,
  });
  return added.length > 0 ? withDatacentres(settings, table) : settings;
}
