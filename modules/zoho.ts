// Zoho Meeting: a new hello.js provider. Facts, their sources and the options for each guess: docs/providers.md
// (and the seed page, https://www.zoho.com/meeting/api-integration/authentication.html).
import { isRegionOf, regionOfHost, ZOHO_DATACENTRES, type ZohoDataCentres } from './datacentres.ts';
import { type ApiError, type ApiErrorCode, apiError, isApiErrorCode } from './errors.ts';
import {
  compact,
  emailsOf,
  fieldIn,
  isRecord,
  type JsonRecord,
  LIST_FIELDS,
  type Loose,
  meetingFields,
  nameParts,
  numberOf,
  providerFields,
  put,
  stringOf,
  UNSUPPORTED_SCOPES,
  USER_FIELDS,
} from './json.ts';
import { zohoLifetimeSeconds } from './lifetimes.ts';
import {
  callState,
  configuredProxy,
  defineProvider,
  failRequest,
  failureOf,
  meetingTimes,
  missingParameter,
  moveTokenToHeader,
  proxyMissing,
  proxyUrl,
  sendJson,
  takeParam,
  useHello,
} from './request.ts';
import { codeFrom, describe, lookup, perMethod, responder, statusError, transportError } from './response.ts';
import { guardLogin, loginProxyOf, sizePopup, withLifetime } from './session.ts';
import { formatZohoTime, isoMillis, isoOfTime, isTimeZone, minutesToMs, msToMinutes, toIsoUtc, zohoMillis } from './time.ts';
import type {
  ApiRequest,
  HttpMethod,
  Meeting,
  MeetingList,
  PathMap,
  PathResolver,
  ResponseHeaders,
  Session,
  Success,
  User,
  ZohoModule,
} from './types.ts';

/* ------------------------------------------------------------------ raw answers read here */

/** `GET /api/v2/user.json`. */
export interface ZohoRawUser {
  userDetails?: {
    zsoid?: number | string;
    zuid?: number | string;
    primaryEmail?: string;
    /** Seen instead of `primaryEmail` in some answers. */
    email?: string;
    displayName?: string;
    fullName?: string;
    isAdmin?: boolean;
    orgName?: string;
  };
}

/** A meeting (`session`) or webinar of the Meeting API v2. */
export interface ZohoRawSession {
  meetingKey?: number | string;
  webinarKey?: number | string;
  /** Older answers name the key so. */
  sessionKey?: number | string;
  topic?: string;
  agenda?: string;
  presenterEmail?: string;
  presenterZuid?: number | string;
  /** `"Jun 19, 2020 07:00 PM"` in `timezone`, maybe followed by a zone abbreviation. */
  startTime?: string;
  endTime?: string;
  /** Milliseconds. */
  duration?: number | string;
  timezone?: string;
  joinLink?: string;
  startLink?: string;
  /** Older answers' names of the two links. */
  joinUrl?: string;
  startUrl?: string;
  /** Epoch milliseconds, when given, win over the wall-clock strings (also `…Millis`, `…InMillis`, any case). */
  startTimeMillisec?: number;
  endTimeMillisec?: number;
  participants?: Array<{ id?: number | string; email?: string }>;
}

/** `GET /{zsoid}/sessions.json`; webinars come as `webinar`. `count` is the total, not the page size. */
export interface ZohoRawSessionList {
  session?: ZohoRawSession[];
  webinar?: ZohoRawSession[];
  /** Plural names, seen in some answers. */
  sessions?: ZohoRawSession[];
  webinars?: ZohoRawSession[];
  count?: number | string;
}

/** The body Zoho takes to create or edit a meeting. */
export interface ZohoSessionBody {
  session: {
    topic?: string;
    agenda?: string;
    presenter?: number | string;
    startTime?: string;
    duration?: number;
    timezone?: string;
    participants?: Array<{ email: string }>;
  };
}

export { ZOHO_TOKEN_SECONDS, zohoLifetimeSeconds } from './lifetimes.ts';

/** Zoho lists at most 100 per page (error 1028 beyond). */
const ZOHO_PAGE_DEFAULT = 20;

/* ------------------------------------------------------------------ data centres and sessions (pure) */

/**
 * The data centre a session belongs to: the site's pin, else the redirect's `location` and
 * `accounts-server`, which must both be in the table, else (a classic oauth proxy forwards Zoho's token
 * answer as it is) its `api_domain`, a zohoapis host of the table. A value from the browser is never followed.
 */
export function regionOfSession(table: ZohoDataCentres, session: Session | null | undefined, pinned?: unknown): string | ApiError {
  const location = session?.location;
  const server = session?.['accounts-server'];
  const apiDomain = session?.api_domain;
  // regionOfHost reads only strings: an absent host gives undefined.
  const fromServer = regionOfHost(table, 'accounts', server);
  if (server !== undefined && fromServer === undefined) {
    return apiError('invalid_request', `Refused a Zoho login from an unknown accounts server (${describe(server)}).`);
  }
  if (location !== undefined && !isRegionOf(table, location)) {
    return apiError('invalid_request', `Refused a Zoho login from an unknown data centre (${describe(location)}).`);
  }
  if (fromServer && location !== undefined && fromServer !== location) {
    return apiError('invalid_request', 'Refused a Zoho login whose location and accounts server disagree.');
  }
  const fromApis = regionOfHost(table, 'apis', apiDomain);
  const told = fromServer ?? (location as string | undefined);
  if (apiDomain !== undefined && told === undefined && fromApis === undefined) {
    // Guessing the US here would send the user's token to another data centre.
    return apiError('invalid_request', `Refused a Zoho login from an unknown api_domain (${describe(apiDomain)}).`);
  }
  if (told !== undefined && fromApis !== undefined && fromApis !== told) {
    return apiError('invalid_request', 'Refused a Zoho login whose location and api_domain disagree.');
  }
  const region = told ?? fromApis;
  if (pinned !== undefined && pinned !== null && pinned !== '') {
    if (!isRegionOf(table, pinned)) return apiError('invalid_request', `"${describe(pinned)}" is not a Zoho data centre.`);
    if (region && region !== pinned) {
      return apiError('access_denied', `This site uses Zoho's ${pinned} data centre; the account lives in ${region}.`);
    }
    return pinned;
  }
  return region ?? 'us';
}

/* ------------------------------------------------------------------ scopes (pure) */

/** A Zoho scope a call needs: `ZohoMeeting.<family>.<verb>`. */
export type ZohoScope = `ZohoMeeting.${'manageOrg' | 'meeting' | 'webinar'}.${'READ' | 'CREATE' | 'UPDATE' | 'DELETE'}`;

/** user.json (the zsoid every other call needs) is under manageOrg: the seed page's "Actions under each scope". */
export const ZOHO_ORG_SCOPE: ZohoScope = 'ZohoMeeting.manageOrg.READ';

/**
 * The Zoho scopes a session was granted, lower-cased (Zoho matches them case-insensitively), or undefined
 * when the session does not say. hello.js stores the site's names (`basic,meetings`): they are mapped
 * through the module's `scope` map; provider names pass as they are.
 */
export function grantedScopes(session: Session | null | undefined, scopeMap: Readonly<Record<string, string>>): string[] | undefined {
  const scope = stringOf(session?.scope);
  if (!scope) return undefined;
  const names = scope.split(/[,\s]+/).flatMap((name) => (lookup(scopeMap, name) ?? name).split(/[,\s]+/));
  return names.filter(Boolean).map((name) => name.toLowerCase());
}

/** Whether `granted` allows `needed`: the scope itself, or its family's `ALL`. Unknown grants allow all. */
export function allowsScope(granted: readonly string[] | undefined, needed: ZohoScope): boolean {
  if (granted === undefined) return true;
  const family = needed.slice(0, needed.lastIndexOf('.'));
  return granted.includes(needed.toLowerCase()) || granted.includes(`${family}.all`.toLowerCase());
}

/* ------------------------------------------------------------------ normalisers (pure) */

export function normaliseUser(raw: unknown): User {
  const record: Loose<ZohoRawUser> = isRecord(raw) ? raw : {};
  // Some answers carry the details at the top level.
  const details: Loose<NonNullable<ZohoRawUser['userDetails']>> = isRecord(record.userDetails)
    ? record.userDetails
    : (record as JsonRecord);
  return compact({
    ...providerFields(details, USER_FIELDS),
    id: stringOf(details.zuid) ?? '',
    ...nameParts(details.fullName ?? details.displayName),
    email: stringOf(details.primaryEmail) ?? stringOf(details.email),
  });
}

const MILLIS_FIELDS = {
  startTime: ['startTimeMillisec', 'startTimeMillis', 'startTimeInMillis'],
  endTime: ['endTimeMillisec', 'endTimeMillis', 'endTimeInMillis'],
};

/** The instant of a Zoho time: a millisecond field when there is one, else the wall-clock string. */
function instantOf(record: Loose<ZohoRawSession>, field: 'startTime' | 'endTime', timeZone: string): string | undefined {
  const millis = numberOf(fieldIn(record as JsonRecord, MILLIS_FIELDS[field]));
  if (millis !== undefined) return isoOfTime(millis);
  const text = stringOf(record[field]);
  if (!text) return undefined;
  const time = zohoMillis(text, timeZone);
  return Number.isNaN(time) ? toIsoUtc(text) : isoOfTime(time);
}

/** Built field by field onto the provider's own fields: no spread, no `delete` (both slow per meeting). */
export function normaliseMeeting(raw: unknown): Meeting {
  const outer: JsonRecord = isRecord(raw) ? raw : {};
  // One meeting comes wrapped as {"session": {...}} (webinars maybe as {"webinar": {...}}), or not at all.
  const record: Loose<ZohoRawSession> = isRecord(outer.session) ? outer.session : isRecord(outer.webinar) ? outer.webinar : outer;
  const meeting = meetingFields(record);
  const zone = stringOf(record.timezone);
  const timezone = zone && isTimeZone(zone) ? zone : undefined;
  const start = instantOf(record, 'startTime', timezone ?? 'UTC');
  let duration = msToMinutes(record.duration);
  let end = instantOf(record, 'endTime', timezone ?? 'UTC');
  if (end === undefined && start !== undefined && duration !== undefined) end = isoOfTime(isoMillis(start) + duration * 60000);
  if (duration === undefined && start && end) duration = Math.round((isoMillis(end) - isoMillis(start)) / 60000);
  meeting.id = stringOf(record.meetingKey) ?? stringOf(record.webinarKey) ?? stringOf(record.sessionKey) ?? '';
  put(meeting, 'name', stringOf(record.topic));
  put(meeting, 'start_time', start);
  put(meeting, 'end_time', end);
  put(meeting, 'duration', duration);
  put(meeting, 'timezone', timezone);
  put(meeting, 'agenda', stringOf(record.agenda));
  put(meeting, 'join_url', stringOf(record.joinLink) ?? stringOf(record.joinUrl));
  put(meeting, 'start_url', stringOf(record.startLink) ?? stringOf(record.startUrl));
  put(meeting, 'participants', emailsOf(record.participants));
  return meeting as Meeting;
}

/**
 * What Zoho's list `index` means: where it starts and whether it counts records or pages. Undocumented
 * (Pipedream sends 0, an Elixir client says "starting record index (default 1)", Zoho's user-list API
 * calls its index a page number from 0); the default is the reading of the notes' own example request
 * (`index=1&count=20`) and the client that documents it: records, from 1. See docs/providers.md.
 */
export interface ZohoPaging {
  start: 0 | 1;
  counts: 'records' | 'pages';
}

export const ZOHO_PAGING_DEFAULT: ZohoPaging = { start: 1, counts: 'records' };

/** A page of meetings; `paging.next` is relative (`?index=…`), so it can be passed back to `api()`. */
export function normaliseMeetingList(
  raw: unknown,
  index = 1,
  count = ZOHO_PAGE_DEFAULT,
  paging: ZohoPaging = ZOHO_PAGING_DEFAULT,
): MeetingList {
  const record: Loose<ZohoRawSessionList> = isRecord(raw) ? raw : {};
  const items = [record.session, record.webinar, record.sessions, record.webinars].find(Array.isArray) ?? [];
  const data = (items as unknown[]).map(normaliseMeeting);
  const total = numberOf(record.count);
  const list: MeetingList = { ...providerFields(record, LIST_FIELDS), data };
  if (total !== undefined) {
    const pages = paging.counts === 'pages';
    // Records before this page, and the index of the next one.
    const skipped = pages ? (index - paging.start) * count : index - paging.start;
    const nextIndex = pages ? index + 1 : index + Math.max(count, data.length);
    const more = skipped + Math.max(count, data.length) < total && data.length > 0;
    list.paging = more ? { total, next: `?index=${nextIndex}&limit=${count}` } : { total };
  }
  return list;
}

/* ------------------------------------------------------------------ MeetingInput → Zoho body (pure) */

const PROVIDER_FIELDS = ['session', 'topic', 'startTime'];

export interface ZohoBodyContext {
  /** The presenter's zuid (Zoho requires one on create). */
  presenter?: string | undefined;
  /** The zone used when the input names none: the browser's. */
  defaultTimeZone: string;
}

/**
 * Translates a MeetingInput (ISO instants, minutes) to Zoho's form (wall-clock time in the meeting's zone,
 * milliseconds). A body already in Zoho's form passes through. `partial` is an edit: only given fields.
 */
export function toZohoSessionBody(input: unknown, partial: boolean, context: ZohoBodyContext): ZohoSessionBody | ApiError {
  const source: JsonRecord = isRecord(input) ? input : {};
  if (PROVIDER_FIELDS.some((field) => field in source)) {
    const session = isRecord(source.session) ? source.session : source;
    return { ...(isRecord(source.session) ? source : {}), session } as ZohoSessionBody;
  }
  const body: ZohoSessionBody['session'] = compact({ topic: stringOf(source.name), agenda: stringOf(source.agenda) });

  const zone = source.timezone === undefined ? context.defaultTimeZone : stringOf(source.timezone);
  if (!zone || !isTimeZone(zone)) return apiError('invalid_request', `"${describe(source.timezone)}" is not an IANA time zone.`);

  const times = meetingTimes(source);
  if ('error' in times) return times;
  if (times.start !== undefined) body.startTime = formatZohoTime(times.start, zone) as string;
  // The wall-clock time means nothing without its zone: send both.
  if (times.start !== undefined || source.timezone !== undefined) body.timezone = zone;
  const duration = minutesToMs(times.minutes);
  if (duration !== undefined) body.duration = duration;

  const participants = emailsOf(source.participants);
  if (participants) body.participants = participants.map((email) => ({ email }));
  if (!partial) {
    if (body.topic === undefined || body.startTime === undefined) {
      return apiError('invalid_request', 'A Zoho meeting needs name and start_time.');
    }
    if (context.presenter !== undefined) body.presenter = numberOf(context.presenter) ?? context.presenter;
  }
  return { session: body };
}

/* ------------------------------------------------------------------ errors (pure) */

// Numeric codes of both error shapes, {"code"} and {"errorCode"}, and their `key`/`message` names.
const ERROR_CODES: Record<string, ApiErrorCode> = {
  '2000': 'invalid_token',
  invalid_oauthtoken: 'invalid_token',
  '1025': 'access_denied',
  '1009': 'access_denied',
  '3001': 'access_denied',
  unauthorized_user: 'access_denied',
  '4000': 'not_found',
  invalid_meeting_key: 'not_found',
  '1028': 'invalid_request',
  // Token endpoint errors (HTTP 200 with a body), passed on by the oauth proxy.
  invalid_client: 'invalid_request',
  invalid_code: 'invalid_token',
  invalid_redirect_uri: 'invalid_request',
  access_denied: 'access_denied',
};

/** The error a Zoho answer carries (also inside an HTTP 200), on the stable code set, or undefined. */
export function zohoError(body: unknown, headers: ResponseHeaders | undefined): ApiError | undefined {
  const transport = transportError(body, headers, 'Zoho');
  if (transport) return transport;
  const status = numberOf(headers?.statusCode);
  if (isRecord(body) && isRecord(body.error)) {
    const error = body.error;
    const number = stringOf(fieldIn(error, ['code', 'errorCode']));
    const key = stringOf(error.key) ?? stringOf(error.message);
    const message = stringOf(error.message) || key || 'Zoho refused the request.';
    const known = lookup(ERROR_CODES, number) ?? lookup(ERROR_CODES, key?.toLowerCase());
    // hello.js's own error objects carry string codes such as "access_denied".
    return apiError(known || codeFrom(number, status, ERROR_CODES), message, status);
  }
  if (isRecord(body) && typeof body.error === 'string' && body.error) {
    const description = stringOf(body.error_description) ?? '';
    // Throttling answers an "Access Denied" error: too many tokens per refresh token, or requests.
    const throttled = /access denied/i.test(body.error) && /too many|try again/i.test(description);
    const code = throttled ? 'rate_limited' : codeFrom(body.error.replace(/\s+/g, '_'), status, ERROR_CODES);
    return apiError(code, description || body.error, status);
  }
  return statusError(body, status, 'Zoho');
}

/* ------------------------------------------------------------------ the module */

/** What a call's path function leaves for `xhr` and `wrap`. */
interface CallState {
  /** The list page asked for, and how this site reads `index`: `paging.next` follows it. */
  page?: { index: number; count: number; paging: ZohoPaging };
  /** The method Zoho wants for this path, whatever the site's. */
  sendAs?: HttpMethod;
}
const stateOf = callState<CallState>();

function service(): ZohoModule {
  return useHello().services.zoho as ZohoModule;
}

function tableOf(module: ZohoModule): ZohoDataCentres {
  return module.datacentres ?? ZOHO_DATACENTRES;
}

/** The data centre of `session` on this site: regionOfSession with the module's table and pinned region. */
function siteRegionOf(session: Session | null | undefined): string | ApiError {
  const module = service();
  return regionOfSession(tableOf(module), session, module.region);
}

function apiBase(p: ApiRequest): string | ApiError {
  const region = siteRegionOf(p.authResponse);
  return typeof region === 'string' ? `${tableOf(service())[region]?.meeting}/api/v2/` : region;
}

/** The error of a call the session's granted scope does not cover, named so the site knows what to ask for. */
function scopeRefusal(p: ApiRequest, needed: ZohoScope, why: string): ApiError | undefined {
  const scopeMap = service().scope;
  if (allowsScope(grantedScopes(p.authResponse, scopeMap), needed)) return undefined;
  const names = Object.keys(scopeMap).filter((name) => allowsScope(grantedScopes({ scope: name }, scopeMap), needed) && scopeMap[name]);
  const hint = names.length ? ` (the scope "${names.includes('basic') ? 'basic' : names[0]}" includes it)` : '';
  return apiError('access_denied', `This Zoho login was not granted ${needed}, which ${why} needs: log in again asking for it${hint}.`);
}

interface Organisation {
  zsoid: string;
  zuid?: string;
}

const pendingOrganisations = new Map<string, Promise<Organisation>>();

/** The user's organisation id (`zsoid`), needed by every call: fetched from user.json once, kept in the session. */
/** Keeps the organisation of the signed-in user in the session, if it is still the same session. */
function keepOrganisation(token: string | undefined, user: User): void {
  const zsoid = stringOf(user.zsoid);
  const session = useHello().utils.store('zoho');
  if (zsoid && token && session?.access_token === token && session.zsoid !== zsoid) {
    useHello().utils.store('zoho', { ...session, zsoid, zuid: user.id });
  }
}

function organisationOf(p: ApiRequest): Promise<Organisation> {
  const session = p.authResponse;
  const cached = stringOf(session?.zsoid);
  const zuid = stringOf(session?.zuid);
  if (cached) return Promise.resolve(zuid ? { zsoid: cached, zuid } : { zsoid: cached });
  const token = stringOf(session?.access_token) ?? '';
  let pending = pendingOrganisations.get(token);
  if (!pending) {
    const hello = useHello() as unknown as (network: string) => { api(path: string): Promise<User> };
    pending = hello('zoho')
      .api('me')
      .then((user) => {
        const zsoid = stringOf(user.zsoid);
        if (!zsoid) throw apiError('server_error', 'Zoho gave no organisation id (zsoid) for the user.');
        return { zsoid, zuid: user.id };
      })
      .finally(() => pendingOrganisations.delete(token));
    pendingOrganisations.set(token, pending);
  }
  return pending;
}

/** A rejection of the user.json call, which is already an ApiError when it came through `wrap`. */
function asApiError(error: unknown): ApiError {
  if (!isRecord(error) || !isRecord(error.error)) return apiError('server_error', 'Could not read the Zoho organisation.');
  const { code, message, status } = error.error;
  return apiError(isApiErrorCode(code) ? code : 'server_error', stringOf(message) ?? 'Zoho refused the request.', numberOf(status));
}

const VERBS: Record<string, 'READ' | 'CREATE' | 'UPDATE' | 'DELETE'> = {
  get: 'READ',
  post: 'CREATE',
  put: 'UPDATE',
  patch: 'UPDATE',
  delete: 'DELETE',
};

/** The scope a call on `collection` needs: its family's verb (Zoho also accepts the family's ALL). */
function scopeFor(collection: string, method: string): ZohoScope {
  return `ZohoMeeting.${collection === 'webinar' ? 'webinar' : 'meeting'}.${VERBS[method] ?? 'READ'}`;
}

/**
 * `{zsoid}/{collection}` and what `build` adds, under the user's data centre and organisation, resolved per
 * call; without a collection, only what `build` gives (user.json). A call the session's scope does not cover
 * fails here, before anything is sent (Zoho would answer 400/401); `method` is the one the scope is for
 * (default: the call's).
 */
function zohoPath(
  collection: string | undefined,
  method: string | undefined,
  build: (org: Organisation, p: ApiRequest) => string | ApiError,
): PathResolver {
  return (p, callback) => {
    const fail = (error: ApiError) => {
      failRequest(p, error);
      callback(ZOHO_DATACENTRES.us.meeting);
    };
    const base = apiBase(p);
    if (typeof base !== 'string') return fail(base);
    const why = `${p.method} ${p.path}`;
    const refused =
      scopeRefusal(p, collection ? scopeFor(collection, method ?? p.method) : ZOHO_ORG_SCOPE, why) ??
      (!collection || stringOf(p.authResponse?.zsoid)
        ? undefined
        : scopeRefusal(p, ZOHO_ORG_SCOPE, `reading the organisation id for ${why}`));
    if (refused) return fail(refused);
    const finish = (org: Organisation) => {
      const path = build(org, p);
      if (typeof path !== 'string') fail(path);
      else callback(collection ? `${base}${encodeURIComponent(org.zsoid)}/${collection}${path}` : base + path);
    };
    if (!collection) return finish({ zsoid: '' });
    organisationOf(p).then(finish, (error: unknown) => fail(asApiError(error)));
  };
}

/** A resource named by `{ id }` under the organisation: `{zsoid}/{collection}/{id}.json`. */
function resourcePath(collection: string, send?: HttpMethod): PathResolver {
  return zohoPath(collection, send, (_, p) => {
    const id = takeParam(p, 'id', 'meetingKey', 'webinarKey');
    if (id === undefined) return missingParameter(p, 'id');
    if (send) stateOf(p).sendAs = send;
    return `/${encodeURIComponent(id)}.json`;
  });
}

/** How this site reads Zoho's list `index` (module options `index_start`, `index_counts`). */
function pagingOf(module: ZohoModule): ZohoPaging {
  return {
    start: module.index_start === 0 ? 0 : ZOHO_PAGING_DEFAULT.start,
    counts: module.index_counts === 'pages' ? 'pages' : ZOHO_PAGING_DEFAULT.counts,
  };
}

function listPath(collection: string): PathResolver {
  return zohoPath(collection, 'get', (_, p) => {
    const paging = pagingOf(service());
    const index = Math.max(paging.start, Math.floor(numberOf(takeParam(p, 'index')) ?? paging.start));
    const count = Math.floor(numberOf(takeParam(p, 'limit', 'count')) ?? ZOHO_PAGE_DEFAULT);
    stateOf(p).page = { index, count, paging };
    p.query.listtype = takeParam(p, 'listtype') ?? 'all';
    p.query.index = index;
    p.query.count = count;
    return '.json';
  });
}

function createPath(collection: string): PathResolver {
  return zohoPath(collection, 'post', (org, p) => {
    const body = toZohoSessionBody(p.data, false, { presenter: org.zuid, defaultTimeZone: browserTimeZone() });
    if ('error' in body) return body;
    p.data = body;
    return '.json';
  });
}

function updatePath(collection: string): PathResolver {
  const resource = resourcePath(collection, 'put');
  return (p, callback) =>
    resource(p, (path) => {
      if (!failureOf(p)) {
        const body = toZohoSessionBody(p.data, true, { defaultTimeZone: browserTimeZone() });
        if ('error' in body) failRequest(p, body);
        else p.data = body;
      }
      callback(path);
    });
}

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const notSupported: PathResolver = (p, callback) => {
  failRequest(p, apiError('not_supported', `Zoho Meeting has no call for ${p.method} ${p.path}.`));
  callback(ZOHO_DATACENTRES.us.meeting);
};

const updates: PathMap = { 'me/meeting': updatePath('sessions'), 'me/webinar': updatePath('webinar') };

const respond = responder(zohoError);
const meeting = respond(normaliseMeeting);
const success = respond((): Success => ({ success: true }));
const list = respond((body, p) => {
  const page = stateOf(p).page;
  return normaliseMeetingList(body, page?.index, page?.count, page?.paging);
});
// A collection lists on get and creates on post; an item also deletes.
const collection = perMethod({ post: meeting }, list);
const item = perMethod({ delete: success }, meeting);

/**
 * The data centre whose accounts server renews an implicit session silently. Default: the user's own,
 * whose web session (a cookie of that domain) the renewal relies on; `renewal_host: 'app'` uses the
 * data centre the app is registered in (`app_region`, else the pinned region, else us).
 */
function renewalRegion(module: ZohoModule, table: ZohoDataCentres, userRegion: string): string {
  if (module.renewal_host !== 'app') return userRegion;
  return [module.app_region, module.region].find((region) => isRegionOf(table, region)) ?? 'us';
}

function checkSession(session: Session): Session | ApiError {
  const region = siteRegionOf(session);
  if (typeof region !== 'string') return region;
  const fixed = withLifetime(session, zohoLifetimeSeconds(session));
  // Unchanged sessions stay the same object: hello.js reads them every second, nothing needs rewriting.
  return fixed.location === region ? fixed : { ...fixed, location: region };
}

const revoke: ZohoModule['logout'] = (callback, p) => {
  const session = p.authResponse;
  const token = stringOf(session?.refresh_token);
  const region = siteRegionOf(session);
  const url = proxyUrl(
    { action: 'revoke', network: 'zoho', location: typeof region === 'string' ? region : 'us' },
    p.options.oauth_proxy,
    useHello().settings.oauth_proxy,
    loginProxyOf('zoho', session),
  );
  // Only a refresh token can be revoked, and only by the server half (it holds the client secret).
  if (!token) {
    callback();
    return undefined;
  }
  if (!url) {
    // Signed out here all the same; the token is not sent anywhere else.
    callback({ force: false, ...proxyMissing('Revoking the Zoho refresh token') });
    return undefined;
  }
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) })
    .then((response) => response.json() as Promise<unknown>)
    .then(
      (answer) =>
        callback(
          isRecord(answer) && answer.success === true ? { force: true } : { force: false, message: 'Zoho did not revoke the token.' },
        ),
      () => callback({ force: false, message: 'Could not reach the oauth proxy to revoke the Zoho token.' }),
    );
  return undefined;
};

export default defineProvider<ZohoModule>({
  name: 'Zoho Meeting',

  oauth: {
    version: 2,
    // Both are set per login from `datacentres` (and the pinned `region`).
    auth: `${ZOHO_DATACENTRES.us.accounts}/oauth/v2/auth`,
    grant: `${ZOHO_DATACENTRES.us.accounts}/oauth/v2/token`,
  },

  datacentres: ZOHO_DATACENTRES,

  // hello.js may renew an expired session in a hidden frame: with a refresh token through the proxy,
  // otherwise (implicit grant) at Zoho's silent renewal URL, which answers while the Zoho session lives.
  refresh: true,

  // Every call needs the zsoid from user.json, which needs manageOrg.READ (the seed page lists "Get User
  // Details" under manageOrg): each set asks for it. ZohoMeeting.user.READ is for admin user lists only.
  scope: {
    basic: 'ZohoMeeting.manageOrg.READ',
    user: 'ZohoMeeting.manageOrg.READ',
    meetings: 'ZohoMeeting.manageOrg.READ,ZohoMeeting.meeting.ALL',
    meetings_read: 'ZohoMeeting.manageOrg.READ,ZohoMeeting.meeting.READ',
    start: 'ZohoMeeting.manageOrg.READ,ZohoMeeting.meeting.READ',
    webinars:
      'ZohoMeeting.manageOrg.READ,ZohoMeeting.webinar.READ,ZohoMeeting.webinar.CREATE,ZohoMeeting.webinar.UPDATE,ZohoMeeting.webinar.DELETE',
    organisation: 'ZohoMeeting.manageOrg.READ',
    scheduler: '',
    ...UNSUPPORTED_SCOPES,
  },

  // Zoho wants scopes comma-separated.
  scope_delim: ',',

  login(p) {
    const module = service();
    const table = tableOf(module);
    const pinned = isRegionOf(table, module.region) ? module.region : 'us';
    // China is a separate data centre: its users must start at its own accounts server.
    const accounts = table[pinned]?.accounts ?? ZOHO_DATACENTRES.us.accounts;
    module.oauth.auth = `${accounts}/oauth/v2/auth`;
    module.oauth.grant = `${accounts}/oauth/v2/token`;
    if (/\bcode\b/.test(decodeURIComponent(String(p.qs.response_type)))) {
      // A refresh token comes only with access_type=offline, and every time only with prompt=consent.
      const qs = p.qs;
      qs.access_type ??= encodeURIComponent(module.access_type ?? 'offline');
      qs.prompt ??= encodeURIComponent(module.prompt ?? 'consent');
    }
    const session = useHello().utils.store('zoho');
    const region = siteRegionOf(session);
    if (p.options.display === 'none' && session?.access_token && typeof region === 'string') {
      // A refresh token renews at the session's own data centre, through the proxy. Which accounts server
      // renews silently (implicit grant) is unsure: the user's (default) or the app's (`renewal_host`).
      if (session.refresh_token) p.qs.location = region;
      else module.oauth.auth = `${table[renewalRegion(module, table, region)]?.accounts}/oauth/v2/auth/refresh`;
    }
    sizePopup(p, 500, 680);
    guardLogin(p, checkSession);
  },

  checkSession,

  logout: revoke,

  base: `${ZOHO_DATACENTRES.us.meeting}/api/v2/`,

  get: {
    me: zohoPath(undefined, undefined, () => 'user.json'),
    'me/meetings': listPath('sessions'),
    'me/meeting': resourcePath('sessions'),
    'me/webinars': listPath('webinar'),
    'me/webinar': resourcePath('webinar'),
  },

  post: {
    'me/meetings': createPath('sessions'),
    'me/webinars': createPath('webinar'),
    // Zoho has no start call: the meeting's own `startLink` starts it.
    'me/meeting/start': resourcePath('sessions', 'get'),
    'me/meetings/start': notSupported,
  },

  put: updates,
  patch: updates,

  del: {
    'me/meeting': resourcePath('sessions'),
    'me/webinar': resourcePath('webinar'),
  },

  wrap: {
    me: respond((body, p) => {
      const user = normaliseUser(body);
      keepOrganisation(stringOf(p.authResponse?.access_token), user);
      return user;
    }),
    'me/meetings': collection,
    'me/meeting': item,
    'me/webinars': collection,
    'me/webinar': item,
    'me/meeting/start': meeting,
    default: respond((body) => body),
  },

  xhr(p, query) {
    if (failureOf(p)) return false;
    moveTokenToHeader(p, query, 'Zoho-oauthtoken');
    // The path's own method if it set one; Zoho edits with put.
    p.method = stateOf(p).sendAs ?? (p.method === 'patch' ? 'put' : p.method);
    if (p.method === 'get' || p.method === 'delete') p.data = null;
    else if (p.data != null && typeof p.data !== 'string') sendJson(p, p.data, 'application/json;charset=UTF-8');
    // Zoho Meeting may send no CORS headers: then the site's oauth proxy passes the call on.
    if (service().proxy_api) {
      const proxy = [p.oauth_proxy, loginProxyOf('zoho', p.authResponse)].map(configuredProxy).find(Boolean);
      if (!proxy) {
        failRequest(p, proxyMissing('proxy_api (Zoho calls through the oauth proxy)'));
        return false;
      }
      p.oauth_proxy = proxy;
      p.proxy = true;
      p.proxy_response_type = 'proxy';
    }
    return true;
  },

  jsonp: false,
  form: false,
});
