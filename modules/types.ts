// The hello.js module contract as hello.js 1.21 really reads it (node_modules/hellojs/src/hello.js),
// and the public, provider-neutral shapes of ../shared/API.md.
import type { ZohoDataCentre, ZohoDataCentres, ZohoDataCentreTable, ZohoRegion } from './datacentres.ts';
import type { ApiError, ApiErrorCode } from './errors.ts';

export type { ApiError, ApiErrorCode, ZohoDataCentre, ZohoDataCentres, ZohoDataCentreTable, ZohoRegion };

/* ------------------------------------------------------------------ public shapes (API.md) */

/** A JSON value as a provider may send it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface User {
  /** join.me: the e-mail (as hello.js always did). Zoho: the `zuid`, as a string. */
  id: string;
  name?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  thumbnail?: string;
  /** The provider's own fields stay on the object. */
  [providerField: string]: unknown;
}

export interface Meeting {
  id: string;
  name?: string;
  /** ISO 8601, UTC, ending in `Z`. */
  start_time?: string;
  /** ISO 8601, UTC, ending in `Z`. */
  end_time?: string;
  /** Minutes. */
  duration?: number;
  /** IANA zone, when known. */
  timezone?: string;
  agenda?: string;
  join_url?: string;
  start_url?: string;
  /** E-mail addresses. */
  participants?: string[];
  [providerField: string]: unknown;
}

export interface MeetingInput {
  name?: string;
  /** ISO string or Date. */
  start_time?: string | Date;
  end_time?: string | Date;
  /** Minutes; used when `end_time` is absent. */
  duration?: number;
  timezone?: string;
  agenda?: string;
  /** E-mail addresses. */
  participants?: string[];
  /** A body already in the provider's own form passes through. */
  [providerField: string]: unknown;
}

export interface MeetingList {
  data: Meeting[];
  paging?: { next?: string; total?: number };
  [providerField: string]: unknown;
}

export interface Success {
  success: true;
  [providerField: string]: unknown;
}

/* ------------------------------------------------------------------ what hello.js hands to hooks */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A stored hello.js session (the redirect's parameters plus what hello.js adds). */
export interface Session {
  access_token?: string;
  refresh_token?: string;
  /** Seconds since the epoch. */
  expires?: number;
  /** Seconds. */
  expires_in?: number | string;
  network?: string;
  scope?: string;
  /** hello.js stores an error redirect as the session: `{ code, message }`, or the raw parameter. */
  error?: unknown;
  [parameter: string]: unknown;
}

/** `p` of an `api()` call, as path functions, `xhr` and `wrap` see it. */
export interface ApiRequest {
  network: string;
  /** The site's path (e.g. `me/meetings`). */
  path: string;
  method: HttpMethod;
  query: Record<string, unknown>;
  /** The site's data (a clone); hooks may replace it, e.g. with a JSON string. */
  data: unknown;
  headers: Record<string, string>;
  authResponse: Session | null;
  /** The provider URL, once the path is resolved. */
  url?: string;
  oauth_proxy?: string;
  /** Send the call through `oauth_proxy?path=…` (providers without CORS). */
  proxy?: boolean;
  proxy_response_type?: string;
  [option: string]: unknown;
}

/** `p` of `login()`, as the module's `login` hook sees it. */
export interface LoginRequest {
  network: string;
  /** Values added here must already be URL-encoded. */
  qs: Record<string, unknown> & { state: LoginState };
  options: {
    display?: 'popup' | 'page' | 'none';
    response_type?: string;
    scope?: string;
    force?: boolean | null;
    popup: { width?: number; height?: number; [feature: string]: unknown };
    [option: string]: unknown;
  };
}

/** The JSON hello.js sends as `state` and reads back on the redirect page. */
export interface LoginState {
  client_id: string;
  network: string;
  display?: string;
  callback: string;
  state?: unknown;
  redirect_uri: string;
  scope?: string;
  oauth?: OAuthSettings;
  oauth_proxy?: string;
  [key: string]: unknown;
}

/** Response headers with lower-case names, plus `statusCode` (absent when the request failed). */
export interface ResponseHeaders {
  statusCode?: number;
  [name: string]: string | number | undefined;
}

/** A path function resolves the provider path (relative to `base`, or absolute) asynchronously. */
export type PathResolver = (p: ApiRequest, callback: (path: string) => void) => void;
/** `false` marks a path hello.js must refuse. */
export type PathMap = Record<string, string | PathResolver | false>;

/** Receives the parsed body (or hello.js's own error object); its truthy return replaces the response. */
export type ResponseWrapper<T = unknown> = (body: unknown, headers: ResponseHeaders | undefined, p: ApiRequest) => T;

/** `true` lets hello.js send the XHR; `false` makes it fall back (to nothing, with `jsonp`/`form` false). */
export type XhrHook = (p: ApiRequest, query: Record<string, unknown>) => boolean;

export interface OAuthSettings {
  version: 2;
  auth: string;
  /** Token URL; its presence enables the code grant (through `oauth_proxy`). */
  grant?: string;
  response_type?: string;
  base64_state?: boolean;
}

export type LogoutHook = (
  callback: (options?: Record<string, unknown>) => void,
  p: { name: string; authResponse: Session | null; options: Record<string, unknown> },
) => string | undefined;

/** A complete hello.js provider module. */
export interface ProviderModule {
  name: string;
  /** The site's client id, set with `hello.init`. */
  id?: string;
  oauth: OAuthSettings;
  /** Whether hello.js may renew an expired session through the authorize URL in a hidden iframe. */
  refresh: boolean;
  /** Site scope names → provider scopes ('' for none). */
  scope: Record<string, string>;
  scope_delim: string;
  login?: (this: ProviderModule, p: LoginRequest) => void;
  logout?: LogoutHook;
  base: string;
  get?: PathMap;
  post?: PathMap;
  put?: PathMap;
  patch?: PathMap;
  del?: PathMap;
  wrap?: Record<string, ResponseWrapper>;
  xhr?: XhrHook | false;
  jsonp?: false;
  form?: false;
  /** This package's addition: fixes (expiry) or refuses (foreign data centre) a session hello.js stored. */
  checkSession?: (session: Session) => Session | ApiError;
}

/** What `hello.init` accepts for a module: any part of it (deep-merged by hello.js), or the client id alone. */
export type ProviderConfig<M = ProviderModule> = string | DeepPartial<M>;

export type DeepPartial<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/** join.me's module: a plain provider module. */
export type JoinmeModule = ProviderModule;

/** Zoho's module: data centres are data, so a site (or a test) can point them elsewhere. */
export interface ZohoModule extends ProviderModule {
  /** Pins every login and call to one data centre; otherwise the login decides. */
  region?: ZohoRegion;
  /** The data-centre table; a site adds one (e.g. `ae`) with `hello.init({ zoho: { datacentres: { ae: { accounts, meeting, apis } } } })`. */
  datacentres: ZohoDataCentres;
  /** Where Zoho's list `index` starts (default 1). docs/providers.md says why. */
  index_start?: 0 | 1;
  /** What Zoho's list `index` counts (default `records`). */
  index_counts?: 'records' | 'pages';
  /** Which accounts server renews an implicit session silently: the user's data centre (default) or the app's. */
  renewal_host?: 'user' | 'app';
  /** The data centre the app is registered in, for `renewal_host: 'app'` (default: `region`, else `us`). */
  app_region?: ZohoRegion;
  /** Send API calls through the site's `oauth_proxy` (Zoho Meeting may send no CORS headers). */
  proxy_api?: boolean;
  /** Code grant: `access_type` and `prompt` sent to Zoho (defaults `offline` and `consent`). */
  access_type?: 'online' | 'offline';
  prompt?: string;
}

export interface ProviderModules {
  joinme: JoinmeModule;
  zoho: ZohoModule;
}

export type ProviderName = keyof ProviderModules;

/* ------------------------------------------------------------------ the parts of hello.js used here */

export interface HelloUtils {
  store(name: string): Session | null | undefined;
  store(name: string, value: Session | null): Session | null | undefined;
  extend(target: object, ...sources: object[]): object;
}

/** The slice of the global `hello` this package needs: the real one satisfies it. */
export interface HelloLike {
  (network: string): unknown;
  services: Record<string, unknown>;
  settings: { oauth_proxy?: string; redirect_uri?: string; [setting: string]: unknown };
  utils: HelloUtils;
  init(services: Record<string, unknown>, options?: Record<string, unknown>): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  getAuthResponse(network?: string): Session | null;
  login(network: string, options?: Record<string, unknown>): Promise<unknown>;
}

/* ------------------------------------------------------------------ typed api() for sites */

/** `hello(network).api(...)`, typed for the paths of API.md. A rejected promise carries an `ApiError`. */
export interface MeetingsApi<W extends boolean> {
  api(path: 'me', method?: 'get'): Promise<User>;
  api(path: 'me/meetings', method?: 'get', data?: { limit?: number }): Promise<MeetingList>;
  api(path: 'me/meetings', method: 'post', data: MeetingInput): Promise<Meeting>;
  api(path: 'me/meeting', method: 'get', data: { id: string | number }): Promise<Meeting>;
  api(path: 'me/meeting', method: 'put' | 'patch', data: MeetingInput & { id: string | number }): Promise<Meeting>;
  api(path: 'me/meeting', method: 'delete', data: { id: string | number }): Promise<Success>;
  api(path: 'me/meeting/start', method: 'post', data: { id: string | number }): Promise<Meeting>;
  api(path: 'me/meetings/start', method: 'post', data?: { personal_url?: boolean }): Promise<Meeting>;
  api(path: W extends true ? 'me/webinars' : never, method?: 'get', data?: { limit?: number }): Promise<MeetingList>;
  api(path: W extends true ? 'me/webinars' : never, method: 'post', data: MeetingInput): Promise<Meeting>;
  api(path: W extends true ? 'me/webinar' : never, method: 'get', data: { id: string | number }): Promise<Meeting>;
  api(path: W extends true ? 'me/webinar' : never, method: 'put' | 'patch', data: MeetingInput & { id: string | number }): Promise<Meeting>;
  api(path: W extends true ? 'me/webinar' : never, method: 'delete', data: { id: string | number }): Promise<Success>;
  login(options?: LoginOptions): Promise<{ network: string; authResponse: Session }>;
  logout(options?: { force?: boolean }): Promise<unknown>;
  getAuthResponse(): Session | null;
}

/** join.me also keeps hello.js's own path names. */
export type JoinmeApi = MeetingsApi<false> & JoinmeOwnPaths;

/** hello.js's own join.me path names, kept for the sites that use them. */
export interface JoinmeOwnPaths {
  api(path: 'meetings', method?: 'get'): Promise<MeetingList>;
  api(path: 'meetings/info', method: 'get', data: { id: string | number }): Promise<Meeting>;
  api(path: 'meetings/schedule', method: 'post', data: MeetingInput): Promise<Meeting>;
  api(path: 'meetings/update', method: 'put' | 'patch', data: MeetingInput & { meetingId: string | number }): Promise<Meeting>;
  api(path: 'meetings/delete', method: 'delete', data: { id: string | number }): Promise<Success>;
  api(path: 'meetings/start/adhoc', method: 'post', data?: { startWithPersonalUrl?: boolean }): Promise<Meeting>;
  api(path: 'meetings/start/scheduled', method: 'post', data: { meetingId: string | number }): Promise<Meeting>;
  /** Expire the access token (through the site's oauth proxy, which holds the secret). */
  api(path: 'auth/expire', method: 'post'): Promise<Success>;
}

export type ZohoApi = MeetingsApi<true>;

export interface LoginOptions {
  scope?: string;
  response_type?: 'token' | 'code';
  display?: 'popup' | 'page' | 'none';
  redirect_uri?: string;
  force?: boolean;
  [option: string]: unknown;
}

/** `hello` after `register(hello)`: `hello('zoho').api('me/meetings')` is typed. */
export interface HelloWithMeetings {
  (network: 'joinme'): JoinmeApi;
  (network: 'zoho'): ZohoApi;
  init(
    services: { joinme?: ProviderConfig<JoinmeModule>; zoho?: ProviderConfig<ZohoModule>; [network: string]: unknown },
    options?: Record<string, unknown>,
  ): unknown;
}
