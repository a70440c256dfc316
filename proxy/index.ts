/**
 * hellojs-meetings oauth proxy: the server half of the code grant for join.me and Zoho Meeting, on every runtime.
 *
 * ```js
 * // Node: node:http, Express/connect, Koa
 * import { createServer } from 'node:http';
 * import { createProxy } from 'hellojs-meetings/proxy';
 * createServer(createProxy({ redirectOrigins: ['https://app.example.com'], zoho: { client_id, client_secret } })).listen(8080);
 *
 * // Workers, Deno, Bun, Vercel, Netlify: a Web-standard (request) => Promise<Response>
 * import { configFromEnv, createFetchHandler } from 'hellojs-meetings/proxy';
 * export default { fetch: (request, env) => createFetchHandler(configFromEnv(env))(request) };
 * ```
 */

export type { ZohoDataCentre, ZohoDataCentreTable, ZohoRegion } from '../modules/datacentres.ts';
export type { ApiErrorCode } from '../modules/errors.ts';
export type { ProviderName } from '../modules/types.ts';
export { configFromEnv, defaultProviders, ENV_VARIABLES, loadConfig } from './config.ts';
export { KNOWN_ZOHO_DOMAINS } from './discovery.ts';
export { createFetchHandler } from './fetch.ts';
export type { ProxyOptions } from './node.ts';
export { createProxy } from './node.ts';
export type {
  FetchHandler,
  JoinmeClientConfig,
  JoinmeEndpoints,
  ProviderTable,
  ProxyConfig,
  ProxyEnv,
  ProxyHandler,
  ProxyLogEvent,
  ProxyLogLevel,
  SecretValue,
  ZohoClientConfig,
} from './types.ts';
