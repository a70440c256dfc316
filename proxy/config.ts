// One validation for every way in: createProxy, createFetchHandler, the CLI's JSON file and the platform's
// environment. Messages name the field, never its value when it could be a secret.
import type { ZohoDataCentre } from '../modules/datacentres.ts';
import { ZOHO_DATACENTRES, ZOHO_REGIONS } from '../modules/datacentres.ts';
import { isRecord } from '../modules/json.ts';
import type { ProviderName } from '../modules/types.ts';
import type { FileReader } from './runtime.ts';
import { dirnameOf, platformEnv, platformFileReader } from './runtime.ts';
import type { JoinmeEndpoints, ProviderTable, ProxyConfig, ProxyEnv, ProxyLogEvent, SecretValue } from './types.ts';
import type { Upstream } from './upstream.ts';
import { fetchUpstream } from './upstream.ts';

/** The real providers' endpoints, pinned: the only places a code, a token or a secret is sent by default. */
export const defaultProviders: ProviderTable = Object.freeze({
  joinme: Object.freeze({
    token: 'https://secure.join.me/api/public/v1/auth/token',
    expire: 'https://secure.join.me/api/public/v1/auth/expireaccess',
    api: 'https://api.join.me',
  }),
  zoho: ZOHO_DATACENTRES,
});

/** Zoho data centres by region: the table's, plus any discovered at start-up. */
export type ZohoTable = Readonly<Record<string, ZohoDataCentre>>;

/** A URL prefix the pass-through may reach: an origin plus a path prefix without trailing slash. */
export interface ApiPrefix {
  readonly origin: string;
  readonly path: string;
  readonly network: ProviderName;
  readonly region?: string;
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
  readonly joinme: Client | undefined;
  readonly zoho: Client | undefined;
  readonly joinmeEndpoints: JoinmeEndpoints;
  readonly datacentres: ZohoTable;
  readonly apiPrefixes: readonly ApiPrefix[];
  /** Learn Zoho data centres from `serverinfo` at start-up. */
  readonly discoverDatacentres: boolean;
  /** The configured secrets, redacted from any provider text the proxy passes on. */
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxResponseBytes: number;
  /** The provider call: `config.fetch` or the global fetch; node:http with keep-alive in `createProxy`. */
  readonly upstream: Upstream;
  readonly log: (event: ProxyLogEvent) => void;
}

/** Where `{ env }` and `{ file }` secrets are read. */
export interface ConfigSources {
  readonly env: ProxyEnv;
  /** Undefined on a runtime without a file system: `{ file }` secrets are then refused. */
  readonly readFile: FileReader | undefined;
  /** Directory a relative `{ file }` path starts from (the config file's, for the CLI). */
  readonly baseDir?: string;
}

/** The sources of the platform the code runs on. */
export function platformSources(env: ProxyEnv = platformEnv()): ConfigSources {
  return { env, readFile: platformFileReader() };
}

function fail(message: string): never {
  throw new TypeError(`hellojs-meetings proxy config: ${message}`);
}

/** An operator's value shown in a message: short, and without the `user:password@` of a URL. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  const clipped = text.length > 100 ? `${text.slice(0, 99)}…` : text;
  return JSON.stringify(clipped.replace(/[^\s/@]*@/g, '…@'));
}

function assertNonEmptyString(value: unknown, where: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') fail(`${where} must be a non-empty string`);
}

function assertKnownKeys(value: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    // `$schema` and `//` comments are allowed in a JSON file.
    if (!known.includes(key) && !key.startsWith('$') && !key.startsWith('//')) {
      fail(`unknown key ${JSON.stringify(key)} in ${where} (known: ${known.join(', ')})`);
    }
  }
}

/** An origin from an operator-given string (`https://site.example` or with a bare trailing slash). */
export function normaliseOrigin(value: unknown, where: string): string {
  assertNonEmptyString(value, where);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(`${where} is not an absolute URL: ${shown(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') fail(`${where} must be an http(s) origin`);
  if (url.username || url.password) fail(`${where} must not carry credentials (user:password@)`);
  if (url.pathname !== '/' || url.search || url.hash) fail(`${where} must be an origin only (scheme, host, port), got ${shown(value)}`);
  return url.origin;
}

/** An absolute http(s) endpoint URL without trailing slash. */
function endpoint(value: unknown, where: string): string {
  assertNonEmptyString(value, where);
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

function origins(value: unknown, where: string, required: boolean): Set<string> | undefined {
  if (value === undefined && !required) return undefined;
  if (!Array.isArray(value) || (required && value.length === 0)) {
    fail(`${where} must be a ${required ? 'non-empty ' : ''}array of origins`);
  }
  return new Set(value.map((origin, i) => normaliseOrigin(origin, `${where}[${i}]`)));
}

/** A string, or a reference `{ "env": NAME }` / `{ "file": PATH }` resolved now; errors never show the value. */
function resolveSecret(value: unknown, where: string, sources: ConfigSources): string {
  if (typeof value === 'string') {
    if (value.trim() === '') fail(`${where} must be a non-empty string`);
    return value;
  }
  if (isRecord(value) && Object.keys(value).length === 1) {
    if (typeof value.env === 'string') {
      const found = sources.env[value.env];
      if (typeof found !== 'string' || found.trim() === '') fail(`${where}: environment variable ${value.env} is not set`);
      return found.trim();
    }
    if (typeof value.file === 'string') {
      if (sources.readFile === undefined) {
        fail(`${where}: { "file": … } needs a file system, which this runtime lacks; use { "env": "NAME" } (a secret binding)`);
      }
      let text: string;
      try {
        text = sources.readFile(value.file, sources.baseDir);
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code;
        fail(`${where}: cannot read the secret file ${value.file}${typeof code === 'string' ? ` (${code})` : ''}`);
      }
      const trimmed = text.trim();
      if (trimmed === '') fail(`${where}: the secret file ${value.file} is empty`);
      return trimmed;
    }
  }
  fail(`${where} must be a string, { "env": "NAME" } or { "file": "/path" }`);
}

function joinmeEndpoints(value: unknown): JoinmeEndpoints {
  if (!isRecord(value)) fail('joinme.endpoints must be an object { token, expire, api }');
  assertKnownKeys(value, ['token', 'expire', 'api'], 'joinme.endpoints');
  return Object.freeze({
    token: endpoint(value.token, 'joinme.endpoints.token'),
    expire: endpoint(value.expire, 'joinme.endpoints.expire'),
    api: endpoint(value.api, 'joinme.endpoints.api'),
  });
}

function datacentreTable(value: unknown): ZohoTable {
  if (!isRecord(value)) fail('zoho.datacentres must be an object keyed by region');
  const extra = Object.keys(value).filter((key) => !(ZOHO_REGIONS as readonly string[]).includes(key) && !key.startsWith('$'));
  for (const key of extra) {
    // A data centre opened after this release may be added; its name is a location code as Zoho writes it.
    if (!/^[a-z]{2,3}$/.test(key)) fail(`zoho.datacentres has a malformed region ${shown(key)} (expected a location code such as "ae")`);
  }
  const table: Record<string, ZohoDataCentre> = {};
  for (const region of [...ZOHO_REGIONS, ...extra]) {
    const entry = value[region];
    if (!isRecord(entry)) fail(`zoho.datacentres.${region} is missing (give every region: ${ZOHO_REGIONS.join(', ')})`);
    // `apis` (the zohoapis host a token answer names) is the browser table's too: checked, kept, never called.
    assertKnownKeys(entry, ['accounts', 'meeting', 'apis'], `zoho.datacentres.${region}`);
    table[region] = Object.freeze({
      accounts: endpoint(entry.accounts, `zoho.datacentres.${region}.accounts`),
      meeting: endpoint(entry.meeting, `zoho.datacentres.${region}.meeting`),
      ...(entry.apis === undefined ? {} : { apis: endpoint(entry.apis, `zoho.datacentres.${region}.apis`) }),
    });
  }
  return Object.freeze(table);
}

function positive(value: unknown, where: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(`${where} must be a positive number`);
  return value;
}

/** The log of a config without `log`: nothing is written, so nothing need be built for it. */
export const NO_LOG = (_event: ProxyLogEvent): void => {};

const TOP_KEYS = ['redirectOrigins', 'corsOrigins', 'joinme', 'zoho', 'timeoutMs', 'maxBodyBytes', 'maxResponseBytes', 'fetch', 'log'];
const CLIENT_KEYS: Record<ProviderName, readonly string[]> = {
  joinme: ['client_id', 'client_secret', 'endpoints'],
  zoho: ['client_id', 'client_secret', 'datacentres', 'discoverDatacentres'],
};
const NETWORKS = Object.keys(CLIENT_KEYS) as ProviderName[];

/**
 * Checks the shape of a config (unknown keys refused, at least one provider) and resolves its `{ env }` /
 * `{ file }` secrets: the config with plain strings. Throws a TypeError naming the bad field, never a secret.
 */
export function resolveConfig(config: unknown, sources: ConfigSources): ProxyConfig {
  if (!isRecord(config)) fail('expected an object');
  assertKnownKeys(config, TOP_KEYS, 'the config');
  const resolved: Record<string, unknown> = { ...config };
  for (const key of Object.keys(resolved)) if (key.startsWith('$') || key.startsWith('//')) delete resolved[key];
  for (const network of NETWORKS) {
    const client = config[network];
    if (client === undefined) continue;
    if (!isRecord(client)) fail(`${network} must be an object { client_id, client_secret }`);
    assertKnownKeys(client, CLIENT_KEYS[network], network);
    resolved[network] = {
      ...client,
      client_id: resolveSecret(client.client_id, `${network}.client_id`, sources),
      client_secret: resolveSecret(client.client_secret, `${network}.client_secret`, sources),
    };
  }
  return resolved as unknown as ProxyConfig;
}

/** Validates, resolves and defaults a {@link ProxyConfig}; throws a TypeError naming the bad field (never a secret). */
export function normaliseConfig(config: unknown, sources: ConfigSources = platformSources()): Settings {
  const resolved = resolveConfig(config, sources) as unknown as Record<string, unknown>;
  const redirectOrigins = origins(resolved.redirectOrigins, 'redirectOrigins', true) ?? new Set<string>();
  const corsOrigins = origins(resolved.corsOrigins, 'corsOrigins', false) ?? redirectOrigins;
  if (NETWORKS.every((network) => resolved[network] === undefined)) {
    fail(`no provider configured: give ${NETWORKS.join(' and/or ')}, each { client_id, client_secret }`);
  }

  const joinmeConfig = resolved.joinme as Record<string, unknown> | undefined;
  const zohoConfig = resolved.zoho as Record<string, unknown> | undefined;
  const joinmeUrls = joinmeConfig?.endpoints === undefined ? defaultProviders.joinme : joinmeEndpoints(joinmeConfig.endpoints);
  const table: ZohoTable = zohoConfig?.datacentres === undefined ? defaultProviders.zoho : datacentreTable(zohoConfig.datacentres);
  const discover = zohoConfig?.discoverDatacentres;
  if (discover !== undefined && typeof discover !== 'boolean') fail('zoho.discoverDatacentres must be true or false');
  const clientOf = (value: Record<string, unknown> | undefined): Client | undefined =>
    value === undefined ? undefined : Object.freeze({ client_id: String(value.client_id), client_secret: String(value.client_secret) });
  const joinme = clientOf(joinmeConfig);
  const zoho = clientOf(zohoConfig);

  if (resolved.fetch === undefined && typeof globalThis.fetch !== 'function')
    fail('no fetch available: pass config.fetch or run on Node 20+');
  // The global fetch is called as itself: workerd refuses a fetch detached from its global ("Illegal invocation").
  const fetchImpl = resolved.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  if (typeof fetchImpl !== 'function') fail('fetch must be a function');
  if (resolved.log !== undefined && typeof resolved.log !== 'function') fail('log must be a function');
  const userLog = resolved.log as ((event: ProxyLogEvent) => void) | undefined;
  const log = userLog
    ? (event: ProxyLogEvent) => {
        try {
          userLog(event);
        } catch {
          // A throwing logger must not break a request.
        }
      }
    : NO_LOG;

  return withDatacentres(
    {
      redirectOrigins,
      corsOrigins,
      joinme,
      zoho,
      joinmeEndpoints: joinmeUrls,
      datacentres: table,
      apiPrefixes: [],
      discoverDatacentres: discover === true && zoho !== undefined,
      secrets: [joinme?.client_secret, zoho?.client_secret].filter((secret): secret is string => secret !== undefined),
      timeoutMs: positive(resolved.timeoutMs, 'timeoutMs', 10_000),
      maxBodyBytes: positive(resolved.maxBodyBytes, 'maxBodyBytes', 65_536),
      maxResponseBytes: positive(resolved.maxResponseBytes, 'maxResponseBytes', 1_048_576),
      upstream: fetchUpstream(fetchImpl as typeof fetch),
      log,
    },
    table,
  );
}

function prefixOf(url: string, network: ProviderName, region?: string): ApiPrefix {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  return region === undefined ? { origin: parsed.origin, path, network } : { origin: parsed.origin, path, network, region };
}

/** Settings with another provider call (the Node adapter's node:http one). */
export function withUpstream(settings: Settings, upstream: Upstream): Settings {
  return Object.freeze({ ...settings, upstream });
}

/** Settings with another Zoho table (the API prefixes follow). */
export function withDatacentres(settings: Settings, table: ZohoTable): Settings {
  const apiPrefixes: ApiPrefix[] = [prefixOf(settings.joinmeEndpoints.api, 'joinme')];
  for (const region of Object.keys(table)) apiPrefixes.push(prefixOf((table[region] as ZohoDataCentre).meeting, 'zoho', region));
  return Object.freeze({ ...settings, datacentres: table, apiPrefixes });
}

// ---------------------------------------------------------------------------------------------------------
// The CLI's JSON file, and the platform's environment.

/** Where a JSON text broke (line and column), never the text around it: a secret may be there. */
function whereInJson(err: unknown, text: string): string {
  const position = err instanceof Error ? /at position (\d+)/.exec(err.message) : null;
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

/**
 * Reads the CLI's JSON config file. `client_id` and `client_secret` may be written as
 * `{ "env": "ZOHO_CLIENT_SECRET" }` (read from `env`) or `{ "file": "/run/secrets/zoho" }` (read and trimmed;
 * a relative path is relative to the config file). Throws an Error naming the bad field, never a secret.
 */
export function loadConfig(file: string, env: ProxyEnv = platformEnv()): ProxyConfig {
  const readFile = platformFileReader();
  if (readFile === undefined) fail('loadConfig needs a file system, which this runtime lacks: use configFromEnv');
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    fail(`cannot read ${file}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    fail(`${file} is not valid JSON${whereInJson(err, text)}`);
  }
  if (!isRecord(raw)) fail(`${file} must hold a JSON object`);
  const sources: ConfigSources = { env, readFile, baseDir: dirnameOf(file) };
  const config = resolveConfig(raw, sources);
  // Validate now, so the CLI fails at start with a clear message rather than on the first request.
  normaliseConfig(config, sources);
  return config;
}

/** The environment variables {@link configFromEnv} reads. */
export const ENV_VARIABLES = {
  config: 'HELLOJS_PROXY_CONFIG',
  redirectOrigins: 'HELLOJS_PROXY_REDIRECT_ORIGINS',
  corsOrigins: 'HELLOJS_PROXY_CORS_ORIGINS',
  timeoutMs: 'HELLOJS_PROXY_TIMEOUT_MS',
  maxBodyBytes: 'HELLOJS_PROXY_MAX_BODY_BYTES',
  maxResponseBytes: 'HELLOJS_PROXY_MAX_RESPONSE_BYTES',
  joinmeClientId: 'JOINME_CLIENT_ID',
  joinmeClientSecret: 'JOINME_CLIENT_SECRET',
  zohoClientId: 'ZOHO_CLIENT_ID',
  zohoClientSecret: 'ZOHO_CLIENT_SECRET',
  zohoDiscoverDatacentres: 'ZOHO_DISCOVER_DATACENTRES',
} as const;

function listOf(value: unknown): string[] | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.split(/[\s,]+/).filter(Boolean) : undefined;
}

function numberVariable(env: ProxyEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) fail(`${name} must be a positive whole number`);
  return number;
}

/**
 * A config from the platform's environment (Workers `env`, `process.env`, `Deno.env.toObject()`):
 * `HELLOJS_PROXY_CONFIG` (the CLI's JSON, its `{ "env" }` secrets read from the same environment), or the
 * separate variables of {@link ENV_VARIABLES}. Secrets are resolved and the whole is validated now.
 */
export function configFromEnv(env: ProxyEnv = platformEnv()): ProxyConfig {
  const sources = platformSources(env);
  const json = env[ENV_VARIABLES.config];
  let raw: Record<string, unknown>;
  if (typeof json === 'string' && json.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (err) {
      fail(`${ENV_VARIABLES.config} is not valid JSON${whereInJson(err, json)}`);
    }
    if (!isRecord(parsed)) fail(`${ENV_VARIABLES.config} must hold a JSON object`);
    raw = parsed;
  } else {
    const redirectOrigins = listOf(env[ENV_VARIABLES.redirectOrigins]);
    if (redirectOrigins === undefined) {
      fail(`redirectOrigins must be a non-empty array of origins: set ${ENV_VARIABLES.redirectOrigins} (or ${ENV_VARIABLES.config})`);
    }
    raw = { redirectOrigins };
    const corsOrigins = listOf(env[ENV_VARIABLES.corsOrigins]);
    if (corsOrigins !== undefined) raw.corsOrigins = corsOrigins;
    for (const key of ['timeoutMs', 'maxBodyBytes', 'maxResponseBytes'] as const) {
      const value = numberVariable(env, ENV_VARIABLES[key]);
      if (value !== undefined) raw[key] = value;
    }
    const client = (id: string, secret: string): Record<string, SecretValue> | undefined =>
      env[id] === undefined && env[secret] === undefined ? undefined : { client_id: { env: id }, client_secret: { env: secret } };
    const joinme = client(ENV_VARIABLES.joinmeClientId, ENV_VARIABLES.joinmeClientSecret);
    if (joinme) raw.joinme = joinme;
    const zoho: Record<string, unknown> | undefined = client(ENV_VARIABLES.zohoClientId, ENV_VARIABLES.zohoClientSecret);
    if (zoho) {
      const discover = env[ENV_VARIABLES.zohoDiscoverDatacentres];
      if (discover !== undefined && discover !== '') {
        if (discover !== 'true' && discover !== 'false') fail(`${ENV_VARIABLES.zohoDiscoverDatacentres} must be true or false`);
        zoho.discoverDatacentres = discover === 'true';
      }
      raw.zoho = zoho;
    }
  }
  const config = resolveConfig(raw, sources);
  normaliseConfig(config, sources);
  return config;
}
