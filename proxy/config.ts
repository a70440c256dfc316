import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ZohoDataCentre, ZohoDataCentreTable, ZohoRegion } from '../modules/datacentres.ts';
import { ZOHO_DATACENTRES, ZOHO_REGIONS } from '../modules/datacentres.ts';
import type { JoinmeEndpoints, ProviderTable, ProxyConfig, ProxyLogEvent } from './types.ts';

/** The real providers' endpoints, pinned: the only places a code, a token or a secret is sent by default. */
export const defaultProviders: ProviderTable = Object.freeze({
  joinme: Object.freeze({
    token: 'https://secure.join.me/api/public/v1/auth/token',
    expire: 'https://secure.join.me/api/public/v1/auth/expireaccess',
    api: 'https://api.join.me',
  }),
  zoho: ZOHO_DATACENTRES,
});

/** A URL prefix the pass-through may reach: an origin plus a path prefix without trailing slash. */
export interface ApiPrefix {
  readonly origin: string;
  readonly path: string;
  readonly network: 'joinme' | 'zoho';
  readonly region?: ZohoRegion;
}

/** A client as the handler uses it. */
export interface Client {
  readonly client_id: string;
  readonly client_secret: string;
}

/** The validated, defaulted configuration the handler runs on. */
export interface Settings {
  readonly redirectOrigins: ReadonlySet<string>;
  readonly corsOrigins: ReadonlySet<string>;
  readonly joinme: (Client & { readonly endpoints: JoinmeEndpoints }) | undefined;
  readonly zoho: (Client & { readonly datacentres: ZohoDataCentreTable }) | undefined;
  readonly joinmeEndpoints: JoinmeEndpoints;
  readonly datacentres: ZohoDataCentreTable;
  readonly apiPrefixes: readonly ApiPrefix[];
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxResponseBytes: number;
  readonly fetch: typeof fetch;
  readonly log: (event: ProxyLogEvent) => void;
}

function fail(message: string): never {
  throw new TypeError(`hellojs-meetings proxy config: ${message}`);
}

/** An origin from an operator-given string (`https://site.example` or with a bare trailing slash). */
export function normaliseOrigin(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') fail(`${where} must be a non-empty string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(`${where} is not an absolute URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`${where} must be an http(s) origin`);
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    fail(`${where} must be an origin only (scheme, host, port), got ${JSON.stringify(value)}`);
  }
  return url.origin;
}

/** An absolute http(s) endpoint URL without trailing slash. */
function endpoint(value: unknown, where: string): string {
  if (typeof value !== 'string' || value === '') fail(`${where} must be a non-empty string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(`${where} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`${where} must be an http(s) URL`);
  if (url.username || url.password || url.search || url.hash) fail(`${where} must not carry credentials, a query or a fragment`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function prefixOf(url: string, network: 'joinme' | 'zoho', region?: ZohoRegion): ApiPrefix {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  return region === undefined ? { origin: parsed.origin, path, network } : { origin: parsed.origin, path, network, region };
}

function client(value: { client_id?: unknown; client_secret?: unknown }, where: string): Client {
  if (typeof value.client_id !== 'string' || value.client_id === '') fail(`${where}.client_id must be a non-empty string`);
  if (typeof value.client_secret !== 'string' || value.client_secret === '') fail(`${where}.client_secret must be a non-empty string`);
  return { client_id: value.client_id, client_secret: value.client_secret };
}

function joinmeEndpoints(value: unknown): JoinmeEndpoints {
  if (typeof value !== 'object' || value === null) fail('joinme.endpoints must be an object { token, expire, api }');
  const v = value as Partial<Record<keyof JoinmeEndpoints, unknown>>;
  return Object.freeze({
    token: endpoint(v.token, 'joinme.endpoints.token'),
    expire: endpoint(v.expire, 'joinme.endpoints.expire'),
    api: endpoint(v.api, 'joinme.endpoints.api'),
  });
}

function datacentreTable(value: unknown): ZohoDataCentreTable {
  if (typeof value !== 'object' || value === null) fail('zoho.datacentres must be an object keyed by region');
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) {
    if (!(ZOHO_REGIONS as readonly string[]).includes(key)) fail(`zoho.datacentres has an unknown region ${JSON.stringify(key)}`);
  }
  const table = {} as Record<ZohoRegion, ZohoDataCentre>;
  for (const region of ZOHO_REGIONS) {
    const entry = v[region];
    if (typeof entry !== 'object' || entry === null)
      fail(`zoho.datacentres.${region} is missing (give every region: ${ZOHO_REGIONS.join(', ')})`);
    const e = entry as Record<string, unknown>;
    table[region] = Object.freeze({
      accounts: endpoint(e.accounts, `zoho.datacentres.${region}.accounts`),
      meeting: endpoint(e.meeting, `zoho.datacentres.${region}.meeting`),
    });
  }
  return Object.freeze(table);
}

function positive(value: unknown, where: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(`${where} must be a positive number`);
  return value;
}

/** Validates and defaults a {@link ProxyConfig}; throws a TypeError naming the bad field (never a secret). */
export function normaliseConfig(config: ProxyConfig): Settings {
  if (typeof config !== 'object' || config === null) fail('expected an object');
  if (!Array.isArray(config.redirectOrigins) || config.redirectOrigins.length === 0) {
    fail('redirectOrigins must be a non-empty array of origins');
  }
  const redirectOrigins = new Set(config.redirectOrigins.map((o, i) => normaliseOrigin(o, `redirectOrigins[${i}]`)));
  let corsOrigins = redirectOrigins;
  if (config.corsOrigins !== undefined) {
    if (!Array.isArray(config.corsOrigins)) fail('corsOrigins must be an array of origins');
    corsOrigins = new Set(config.corsOrigins.map((o, i) => normaliseOrigin(o, `corsOrigins[${i}]`)));
  }

  const joinmeConfig = config.joinme;
  const zohoConfig = config.zoho;
  const jEndpoints = joinmeConfig?.endpoints === undefined ? defaultProviders.joinme : joinmeEndpoints(joinmeConfig.endpoints);
  const table = zohoConfig?.datacentres === undefined ? defaultProviders.zoho : datacentreTable(zohoConfig.datacentres);
  const joinme = joinmeConfig === undefined ? undefined : { ...client(joinmeConfig, 'joinme'), endpoints: jEndpoints };
  const zoho = zohoConfig === undefined ? undefined : { ...client(zohoConfig, 'zoho'), datacentres: table };

  const apiPrefixes: ApiPrefix[] = [prefixOf(jEndpoints.api, 'joinme')];
  for (const region of ZOHO_REGIONS) apiPrefixes.push(prefixOf(table[region].meeting, 'zoho', region));

  const fetchImpl = config.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') fail('no fetch available: pass config.fetch or run on Node 20+');
  if (config.log !== undefined && typeof config.log !== 'function') fail('log must be a function');
  const userLog = config.log;
  const log = userLog
    ? (event: ProxyLogEvent) => {
        try {
          userLog(event);
        } catch {
          // A throwing logger must not break a request.
        }
      }
    : () => {};

  return {
    redirectOrigins,
    corsOrigins,
    joinme,
    zoho,
    joinmeEndpoints: jEndpoints,
    datacentres: table,
    apiPrefixes,
    timeoutMs: positive(config.timeoutMs, 'timeoutMs', 10_000),
    maxBodyBytes: positive(config.maxBodyBytes, 'maxBodyBytes', 65_536),
    maxResponseBytes: positive(config.maxResponseBytes, 'maxResponseBytes', 1_048_576),
    fetch: fetchImpl,
    log,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Config file (the CLI's): JSON, where a secret may be `{ "env": "NAME" }` or `{ "file": "/run/secrets/x" }`.

const TOP_KEYS = new Set(['redirectOrigins', 'corsOrigins', 'joinme', 'zoho', 'timeoutMs', 'maxBodyBytes', 'maxResponseBytes']);
const CLIENT_KEYS: Record<'joinme' | 'zoho', Set<string>> = {
  joinme: new Set(['client_id', 'client_secret', 'endpoints']),
  zoho: new Set(['client_id', 'client_secret', 'datacentres']),
};

/** A string, or a reference `{ "env": NAME }` / `{ "file": PATH }` resolved now; errors never show the value. */
function resolveSecret(value: unknown, where: string, env: Record<string, string | undefined>, baseDir: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const ref = value as Record<string, unknown>;
    const keys = Object.keys(ref);
    if (keys.length === 1 && typeof ref.env === 'string') {
      const found = env[ref.env];
      if (found === undefined || found.trim() === '') fail(`${where}: environment variable ${ref.env} is not set`);
      return found.trim();
    }
    if (keys.length === 1 && typeof ref.file === 'string') {
      let text: string;
      try {
        text = readFileSync(resolve(baseDir, ref.file), 'utf8');
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        fail(`${where}: cannot read the secret file ${ref.file}${typeof code === 'string' ? ` (${code})` : ''}`);
      }
      const trimmed = text.trim();
      if (trimmed === '') fail(`${where}: the secret file ${ref.file} is empty`);
      return trimmed;
    }
  }
  fail(`${where} must be a string, { "env": "NAME" } or { "file": "/path" }`);
}

/**
 * Reads the CLI's JSON config file. `client_id` and `client_secret` may be written as
 * `{ "env": "ZOHO_CLIENT_SECRET" }` (read from `env`) or `{ "file": "/run/secrets/zoho" }` (read and trimmed;
 * a relative path is relative to the config file). Throws an Error naming the bad field, never a secret.
 */
export function loadConfig(file: string, env: Record<string, string | undefined> = process.env): ProxyConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    fail(`cannot read ${file}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    fail(`${file} is not valid JSON (${err instanceof Error ? err.message : 'parse error'})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(`${file} must hold a JSON object`);
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!TOP_KEYS.has(key) && !key.startsWith('$') && !key.startsWith('//')) fail(`unknown key ${JSON.stringify(key)} in ${file}`);
  }
  const baseDir = dirname(resolve(file));
  const config: ProxyConfig = { redirectOrigins: obj.redirectOrigins as string[] };
  if (obj.corsOrigins !== undefined) config.corsOrigins = obj.corsOrigins as string[];
  for (const key of ['timeoutMs', 'maxBodyBytes', 'maxResponseBytes'] as const) {
    if (obj[key] !== undefined) config[key] = obj[key] as number;
  }
  for (const network of ['joinme', 'zoho'] as const) {
    const value = obj[network];
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${network} must be an object`);
    const c = value as Record<string, unknown>;
    for (const key of Object.keys(c)) {
      if (!CLIENT_KEYS[network].has(key)) fail(`unknown key ${JSON.stringify(key)} in ${network}`);
    }
    const client_id = resolveSecret(c.client_id, `${network}.client_id`, env, baseDir);
    const client_secret = resolveSecret(c.client_secret, `${network}.client_secret`, env, baseDir);
    if (network === 'joinme') {
      config.joinme =
        c.endpoints === undefined ? { client_id, client_secret } : { client_id, client_secret, endpoints: c.endpoints as JoinmeEndpoints };
    } else {
      config.zoho =
        c.datacentres === undefined
          ? { client_id, client_secret }
          : { client_id, client_secret, datacentres: c.datacentres as ZohoDataCentreTable };
    }
  }
  // Validate now, so the CLI fails at start with a clear message rather than on the first request.
  normaliseConfig(config);
  return config;
}
