import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZohoDataCentre, ZohoDataCentreTable } from '../modules/datacentres.ts';
import type { ApiErrorCode } from '../modules/errors.ts';
import type { ProviderName } from '../modules/types.ts';

/** The endpoints of join.me the proxy talks to: pinned, never taken from a request. */
export interface JoinmeEndpoints {
  /** Token URL, for the code and refresh grants (`https://secure.join.me/api/public/v1/auth/token`). */
  token: string;
  /** Expire-access URL (`https://secure.join.me/api/public/v1/auth/expireaccess`). */
  expire: string;
  /** API origin, optionally with a path prefix, the pass-through may reach (`https://api.join.me`). */
  api: string;
}

/** Every provider endpoint the proxy may send a code, a token or a secret to. */
export interface ProviderTable {
  /** join.me's token, expire-access and API endpoints. */
  joinme: JoinmeEndpoints;
  /** Zoho's data centres: accounts server (token, revoke) and Meeting API host of each region. */
  zoho: ZohoDataCentreTable;
}

/**
 * A client id or secret: the value itself, or where to read it when the proxy starts:
 * `{ env: 'NAME' }` (the platform's environment) or `{ file: '/run/secrets/name' }` (read and trimmed).
 */
export type SecretValue = string | { env: string } | { file: string };

/** The site's join.me client (its "API key" and secret). */
export interface JoinmeClientConfig {
  /** The join.me API key (public: it is also in the page). */
  client_id: SecretValue;
  /** The join.me client secret (never leaves the proxy except to the pinned token/expire URLs). */
  client_secret: SecretValue;
  /** Operator override of the pinned endpoints (e.g. the emulator); never taken from a request. */
  endpoints?: JoinmeEndpoints;
}

/** The site's Zoho server-based client. */
export interface ZohoClientConfig {
  /** The Zoho client id (public: it is also in the page). */
  client_id: SecretValue;
  /** The Zoho client secret (only ever sent to an accounts server of the data-centre table). */
  client_secret: SecretValue;
  /**
   * Operator override of the data-centre table (e.g. the emulator): every built-in region must be given, and a
   * data centre opened after this release may be added (`{ ...defaultProviders.zoho, ae: { accounts, meeting } }`).
   */
  datacentres?: ZohoDataCentreTable & Readonly<Record<string, ZohoDataCentre>>;
  /**
   * Learn data centres opened after this release from Zoho's `{us accounts}/oauth/serverinfo` when the proxy
   * starts (default false). Each discovered accounts host must be `https://accounts.<a known Zoho domain>`.
   */
  discoverDatacentres?: boolean;
}

/** Severity of a log event. */
export type ProxyLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What the proxy logs: never a secret, a code, a token or a full URL with its query. */
export interface ProxyLogEvent {
  /** Severity: `info` for answered requests, `warn` for refusals and upstream failures, `error` for bugs. */
  level: ProxyLogLevel;
  /** Human-readable summary. */
  message: string;
  /** Which part of the protocol the request used. */
  kind?: 'code' | 'refresh' | 'api' | 'action' | 'preflight' | 'other';
  /** Provider concerned, when known. */
  network?: ProviderName;
  /** Zoho data centre concerned, when known (a region of the table, or one discovered at start-up). */
  region?: string;
  /** Action name (`expire_access`, `revoke`). */
  action?: string;
  /** HTTP status answered to the browser. */
  status?: number;
  /** Stable error code, for refusals and failures. */
  code?: ApiErrorCode;
  /** HTTP status the provider answered. */
  upstreamStatus?: number;
  /** Host of the provider endpoint called (never its path or query). */
  host?: string;
  /** Time spent, in milliseconds. */
  ms?: number;
  /** The request's `X-Request-Id`, when it is sane (the CLI gives every request one). */
  requestId?: string;
}

/** Configuration of {@link createProxy} and {@link createFetchHandler} (and, as JSON, of the CLI). */
export interface ProxyConfig {
  /** Origins a `redirect_uri` may have (exact origin match, e.g. `https://app.example.com`). */
  redirectOrigins: string[];
  /** Origins allowed to call the API pass-through and the actions from a browser (default: `redirectOrigins`). */
  corsOrigins?: string[];
  /** The site's join.me client; without it join.me code exchange, refresh and expire_access are refused. */
  joinme?: JoinmeClientConfig;
  /** The site's Zoho client; without it Zoho code exchange, refresh and revoke are refused. */
  zoho?: ZohoClientConfig;
  /** Upstream timeout in milliseconds, for the whole provider call (default 10000). */
  timeoutMs?: number;
  /** Largest request body accepted, in bytes; larger ones answer 413 (default 65536). */
  maxBodyBytes?: number;
  /** Largest provider answer read, in bytes; larger ones answer `server_error` (default 1048576). */
  maxResponseBytes?: number;
  /**
   * The fetch used for provider calls (injectable, for tests). Default: the global fetch, except in
   * `createProxy` on Node, which calls the providers through node:http with keep-alive.
   */
  fetch?: typeof fetch;
  /** Receives one event per answered request and per problem; never receives a secret or a token. */
  log?: (event: ProxyLogEvent) => void;
}

/** A request handler for node:http, Express/connect (`app.use(path, handler)`) and Koa (`ctx.respond = false`). */
export type ProxyHandler = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/** A Web-standard handler: Cloudflare Workers, Deno, Bun, Vercel and Netlify functions, any `fetch` server. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** The platform's environment, as Workers `env`, `process.env` or `Deno.env.toObject()` give it. */
export type ProxyEnv = Readonly<Record<string, unknown>>;
