/**
 * hellojs-meetings oauth proxy: the server half of the code grant for join.me and Zoho Meeting.
 *
 * ```js
 * import { createServer } from 'node:http';
 * import { createProxy } from 'hellojs-meetings/proxy';
 * createServer(createProxy({ redirectOrigins: ['https://app.example.com'], zoho: { client_id, client_secret } })).listen(8080);
 * ```
 */

export type { ZohoDataCentre, ZohoDataCentreTable, ZohoRegion } from '../modules/datacentres.ts';
export type { ApiErrorCode } from '../modules/errors.ts';
export { defaultProviders, loadConfig } from './config.ts';
export { createProxy } from './handler.ts';
export type {
  JoinmeClientConfig,
  JoinmeEndpoints,
  ProviderTable,
  ProxyConfig,
  ProxyHandler,
  ProxyLogEvent,
  ProxyLogLevel,
  ZohoClientConfig,
} from './types.ts';
