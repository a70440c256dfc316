// The hello.js module contract as hello.js 1.21 really reads it (node_modules/hellojs/src/hello.js),
// and the public, provider-neutral shapes of the README's API (the project's API.md).
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

/** A meeting id: the provider's own, string or number. */
export type MeetingId = string | number;

/** One call of the API: the data it takes (`undefined` among them: optional) and what it resolves to. */
export interface ApiCall<Data, Result> {
  data: Data;
  result: Result;
}

/** The paths of the README's API table, each with its methods. */
export interface MeetingsRoutes {
  me: { get: ApiCall<undefined, User> };
  'me/meetings': { get: ApiCall<{ limit?: number } | undefined, MeetingList>; post: ApiCall<MeetingInput, Meeting> };
  'me/meeting': {
    get: ApiCall<{ id: MeetingId }, Meeting>;
    put: ApiCall<MeetingInput & { id: MeetingId }, Meeting>;
    patch: ApiCall<MeetingInput & { id: MeetingId }, Meeting>;
    delete: ApiCall<{ id: MeetingId }, Success>;
  };
  'me/meeting/start': { post: ApiCall<{ id: MeetingId }, Meeting> };
  'me/meetings/start': { post: ApiCall<{ personal_url?: boolean } | undefined, Meeting> };
}

/** Zoho adds webinars, shaped as meetings. */
export interface ZohoRoutes extends MeetingsRoutes {
  'me/webinars': MeetingsRoutes['me/meetings'];
  'me/webinar': MeetingsRoutes['me/meeting'];
}

/** join.me also keeps hello.js's own path names, for the sites that use them. */
export interface JoinmeRoutes extends MeetingsRoutes {
  meetings: { get: ApiCall<undefined, MeetingList> };
  'meetings/info': { get: ApiCall<{ id: MeetingId }, Meeting> };
  'meetings/schedule': { post: ApiCall<MeetingInput, Meeting> };
  'meetings/update': {
    put: ApiCall<MeetingInput & { meetingId: MeetingId }, Meeting>;
    patch: ApiCall<MeetingInput & { meetingId: MeetingId }, Meeting>;
  };
  'meetings/delete': { delete: ApiCall<{ id: MeetingId }, Success> };
  'meetings/start/adhoc': { post: ApiCall<{ startWithPersonalUrl?: boolean } | undefined, Meeting> };
  'meetings/start/scheduled': { post: ApiCall<{ meetingId: MeetingId }, Meeting> };
  /** Expire the access token (through the site's oauth proxy, which holds the secret). */
  'auth/expire': { post: ApiCall<undefined, Success> };
}

type MethodOf<R, P extends keyof R> = keyof R[P] & HttpMethod;
type CallOf<R, P extends keyof R, M> = M extends keyof R[P] ? R[P][M] : never;
type DataOf<C> = C extends ApiCall<infer Data, unknown> ? Data : never;
type ResultOf<C> = C extends ApiCall<unknown, infer Result> ? Result : never;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/** hello.js calls it with the answer or the error, as the promise settles; passing one also keeps hello.js's
 * own chain on the promise from reporting a rejection as unhandled. */
export type ApiCallback<Result = unknown> = (response: Result | ApiError) => void;

/**
 * The arguments after the path. An unknown path gets loose ones, so the error names the path, not the
 * argument count; a method the path lacks gets the path's methods, so the error lists them.
 */
export type ApiArguments<R, P extends keyof R, M extends HttpMethod> =
  true extends IsUnion<P>
    ? [method?: HttpMethod, data?: unknown, callback?: ApiCallback]
    : M extends MethodOf<R, P>
      ? undefined extends DataOf<CallOf<R, P, M>>
        ? M extends 'get'
          ? [method?: M, data?: DataOf<CallOf<R, P, M>>, callback?: ApiCallback<ResultOf<CallOf<R, P, M>>>]
          : [method: M, data?: DataOf<CallOf<R, P, M>>, callback?: ApiCallback<ResultOf<CallOf<R, P, M>>>]
        : [method: M, data: DataOf<CallOf<R, P, M>>, callback?: ApiCallback<ResultOf<CallOf<R, P, M>>>]
      : [method: MethodOf<R, P>, data?: unknown, callback?: ApiCallback];

/** `hello(network)`, typed for the paths of the API table. A rejected promise carries an `ApiError`. */
export interface NetworkApi<R> {
  api<P extends keyof R & string, M extends HttpMethod = 'get'>(
    path: P,
    ...args: ApiArguments<R, P, M>
  ): Promise<ResultOf<CallOf<R, P, M>>>;
  login(options?: LoginOptions): Promise<{ network: string; authResponse: Session }>;
  logout(options?: { force?: boolean }): Promise<unknown>;
  getAuthResponse(): Session | null;
}

export type JoinmeApi = NetworkApi<JoinmeRoutes>;
export type ZohoApi = NetworkApi<ZohoRoutes>;

export interface LoginOptions {
  scope?: string;
  response_type?: 'token' | 'code';
  display?: 'popup' | 'page' | 'none';
  redirect_uri?: string;
  force?: boolean;
  [option: string]: unknown;
}

/** What `hello.init` accepts for these modules (other networks as hello.js takes them). */
export interface MeetingsServices {
  joinme?: ProviderConfig<JoinmeModule>;
  zoho?: ProviderConfig<ZohoModule>;
  [network: string]: unknown;
}

/** What `register` needs of hello.js: its call signature and `init` (the real `hello` has both). */
export interface HelloInstance {
  (network: string): unknown;
  init(...args: never[]): unknown;
}

/** What `register(hello)` adds to hello's type: `hello('zoho').api('me/meetings')` is typed. */
export interface HelloWithMeetings {
  (network: 'joinme'): JoinmeApi;
  (network: 'zoho'): ZohoApi;
  init(services: MeetingsServices, options?: Record<string, unknown>): unknown;
}

/*
 * With @types/hellojs installed (or `hellojs-meetings/hellojs` referenced), its `hello` learns these modules
 * too: `hello('zoho')` is typed and `hello.init` takes their settings. Without either, this declares
 * interfaces nobody reads.
 */
declare global {
  namespace hello {
    interface HelloJSStatic {
      (network: 'joinme'): JoinmeApi;
      (network: 'zoho'): ZohoApi;
      init(services: MeetingsServices, options?: HelloJSLoginOptions): void;
    }
    /** Zoho's settings, for sites that type a service definition with @types/hellojs. */
    interface HelloJSServiceDef {
      region?: ZohoRegion | undefined;
      datacentres?: ZohoDataCentreTable | undefined;
      proxy_api?: boolean | undefined;
      access_type?: 'online' | 'offline' | undefined;
      prompt?: string | undefined;
    }
    interface HelloJSLoginOptions {}
  }
}
