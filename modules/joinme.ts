// join.me: replaces the module hello.js ships. Facts: ../shared/providers/joinme.md (and the seed page,
// https://developer.join.me/docs/read/authorization).
import { type ApiError, type ApiErrorCode, apiError } from './errors.ts';
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
import { joinmeLifetimeSeconds } from './lifetimes.ts';
import {
  callState,
  defineProvider,
  failRequest,
  failureOf,
  meetingTimes,
  moveTokenToHeader,
  pathWithId,
  proxyMissing,
  proxyUrl,
  sendJson,
  useHello,
} from './request.ts';
import { codeFrom, isErrorStatus, perMethod, responder, statusError, transportError } from './response.ts';
import { guardLogin, loginProxyOf, sizePopup, withLifetime } from './session.ts';
import { isoMillis, toIsoUtc } from './time.ts';
import type { JoinmeModule, Meeting, MeetingList, PathMap, PathResolver, ResponseHeaders, Session, Success, User } from './types.ts';

/* ------------------------------------------------------------------ raw answers read here */

/** `GET /v1/user`. */
export interface JoinmeRawUser {
  email?: string;
  fullName?: string;
  language?: string;
  numberOfMeetingsHosted?: number;
  personalUrl?: string;
  registrationDate?: string;
  subscriptionType?: string;
  conferenceSettings?: { conferenceId?: string; conferenceCallNumbersUrl?: string; organizerCode?: string };
}

/** One meeting of `GET /v1/meetings` and `GET /v1/meetings/{id}`. */
export interface JoinmeRawMeeting {
  meetingId?: number | string;
  meetingName?: string;
  meetingStart?: string;
  meetingEnd?: string;
  startWithPersonalUrl?: boolean;
  participants?: string[];
  conferenceId?: string;
  viewerLink?: string;
}

/** `POST /v1/meetings/start` and `POST /v1/meetings/{id}/start`. */
export interface JoinmeRawStart {
  presenterLink?: string;
  viewerLink?: string;
  audioConference?: unknown;
  webhooksStatus?: unknown;
}

/** The body join.me takes to schedule or update a meeting. */
export interface JoinmeMeetingBody {
  meetingName?: string;
  meetingStart?: string;
  meetingEnd?: string;
  participants?: string[];
  startWithPersonalUrl?: boolean;
}

export { JOINME_TOKEN_SECONDS } from './lifetimes.ts';

/* ------------------------------------------------------------------ normalisers (pure) */

export function normaliseUser(raw: unknown): User {
  const record: Loose<JoinmeRawUser> = isRecord(raw) ? raw : {};
  const email = stringOf(record.email);
  // hello.js always used the e-mail as join.me's user id.
  return compact({ ...providerFields(record, USER_FIELDS), id: email ?? '', ...nameParts(record.fullName), email });
}

/** A join.me time as ISO UTC; one without a zone (the provider's own example has none) is UTC. */
const timeOf = (value: unknown): string | undefined => toIsoUtc(stringOf(value) ?? '', true);

/** Built field by field onto the provider's own fields: no spread, no `delete` (both slow per meeting). */
export function normaliseMeeting(raw: unknown): Meeting {
  const record: Loose<JoinmeRawMeeting> = isRecord(raw) ? raw : {};
  const meeting = meetingFields(record);
  const start = timeOf(record.meetingStart);
  const end = timeOf(record.meetingEnd);
  const minutes = start && end ? Math.round((isoMillis(end) - isoMillis(start)) / 60000) : -1;
  meeting.id = stringOf(record.meetingId) ?? '';
  put(meeting, 'name', stringOf(record.meetingName));
  put(meeting, 'start_time', start);
  put(meeting, 'end_time', end);
  put(meeting, 'duration', minutes >= 0 ? minutes : undefined);
  // join.me schedules in UTC and keeps no zone of its own.
  put(meeting, 'timezone', start && 'UTC');
  put(meeting, 'join_url', stringOf(record.viewerLink));
  put(meeting, 'participants', emailsOf(record.participants));
  return meeting as Meeting;
}

export function normaliseMeetingList(raw: unknown, limit?: number): MeetingList {
  const meetings = isRecord(raw) && Array.isArray(raw.meetings) ? raw.meetings : Array.isArray(raw) ? raw : [];
  return {
    ...providerFields(isRecord(raw) ? raw : {}, LIST_FIELDS),
    // join.me has no paging: the whole list is cut to `limit` here.
    data: (limit !== undefined && limit >= 0 ? meetings.slice(0, limit) : meetings).map(normaliseMeeting),
  };
}

/**
 * A started meeting: `presenterLink` is one-time and lasts 10 minutes, `viewerLink` is for guests.
 * `personal` says the meeting was started on the personal URL.
 */
export function normaliseStart(raw: unknown, meetingId?: string, personal = false): Meeting {
  const record: Loose<JoinmeRawStart> = isRecord(raw) ? raw : {};
  const meeting = meetingFields(record);
  const join_url = stringOf(record.viewerLink);
  // An ad-hoc meeting has no id in the answer: its code (digits) is the last segment of the viewer link.
  // A personal room's link ends in the person's name instead (https://secure.join.me/YourName): no id.
  const code = join_url?.split(/[?#]/)[0]?.split('/').filter(Boolean).pop();
  meeting.id = meetingId ?? (!personal && code && /^\d[\d-]*$/.test(code) ? code : '');
  put(meeting, 'start_url', stringOf(record.presenterLink));
  put(meeting, 'join_url', join_url);
  return meeting as Meeting;
}

/* ------------------------------------------------------------------ MeetingInput → join.me body (pure) */

const PROVIDER_FIELDS = ['meetingName', 'meetingStart', 'meetingEnd', 'startWithPersonalUrl'];

/**
 * Translates a MeetingInput (or a body already in join.me's form, which passes through). `partial`
 * is an update: only the fields given are sent. join.me rejects `participants: null`, so it is never sent.
 */
export function toJoinmeMeetingBody(input: unknown, partial: boolean): JoinmeMeetingBody | ApiError {
  const source: JsonRecord = isRecord(input) ? { ...input } : {};
  if (PROVIDER_FIELDS.some((field) => field in source)) {
    if (source.participants === null) delete source.participants;
    return source as JoinmeMeetingBody;
  }
  const body: JoinmeMeetingBody = {};
  const name = stringOf(source.name);
  if (name !== undefined) body.meetingName = name;

  const times = meetingTimes(source);
  if ('error' in times) return times;
  if (times.start !== undefined) body.meetingStart = times.start;
  if (times.end !== undefined) body.meetingEnd = times.end;

  const participants = emailsOf(source.participants);
  if (participants) body.participants = participants;
  if (typeof source.personal_url === 'boolean') body.startWithPersonalUrl = source.personal_url;

  if (!partial) {
    const missing = ['name', 'start_time', 'end_time or duration'].filter(
      (_, index) => [body.meetingName, body.meetingStart, body.meetingEnd][index] === undefined,
    );
    if (missing.length) return apiError('invalid_request', `A join.me meeting needs ${missing.join(', ')}.`);
  }
  return body;
}

/* ------------------------------------------------------------------ errors (pure) */

const ERROR_CODES: Record<string, ApiErrorCode> = {
  // join.me answers a stale token with 401 and ErrorCode "stale_token" (hello.js used to expect 403).
  stale_token: 'invalid_token',
  invalid_token: 'invalid_token',
  expired_token: 'invalid_token',
  token_expired: 'invalid_token',
  unauthorized: 'invalid_token',
  insufficient_scope: 'access_denied',
  invalid_scope: 'access_denied',
  forbidden: 'access_denied',
  access_denied: 'access_denied',
  account_inactive: 'access_denied',
  not_found: 'not_found',
  meeting_not_found: 'not_found',
  invalid_request: 'invalid_request',
  bad_request: 'invalid_request',
  invalid_parameter: 'invalid_request',
  validation_error: 'invalid_request',
  // Token endpoint errors, passed on by the oauth proxy.
  invalid_authorization_code: 'invalid_request',
  invalid_grant: 'invalid_request',
  too_many_requests: 'rate_limited',
  rate_limit_exceeded: 'rate_limited',
  server_error: 'server_error',
  internal_server_error: 'server_error',
};

/** The error a join.me answer carries, on the stable code set, or undefined for a success. */
export function joinmeError(body: unknown, headers: ResponseHeaders | undefined): ApiError | undefined {
  const transport = transportError(body, headers, 'join.me');
  if (transport) return transport;
  const status = numberOf(headers?.statusCode);
  const withStatus = (code: ApiErrorCode, message: string) => apiError(code, message, status);

  // The gateway answers some 403s with an empty or non-JSON body and the reason in headers.
  const detail = stringOf(headers?.['x-error-detail-header']);
  const challenge = stringOf(headers?.['www-authenticate'])?.match(/error="?([^",]+)"?/)?.[1];
  if (isErrorStatus(status) && (detail || challenge)) {
    const code = codeFrom(detail ? detail.replace(/\s+/g, '_') : challenge, status, ERROR_CODES);
    return withStatus(code, detail || `join.me refused the token (${challenge}).`);
  }

  if (isRecord(body)) {
    // Error bodies are PascalCase {"Message","ErrorCode"}; the case varies between services. A success
    // may carry a `message` too (expire access), so a message alone counts only with an error status.
    const message = stringOf(fieldIn(body, ['Message']));
    const errorCode = fieldIn(body, ['ErrorCode']);
    if (errorCode !== undefined || (message !== undefined && isErrorStatus(status))) {
      return withStatus(codeFrom(errorCode, status, ERROR_CODES), message || stringOf(errorCode) || 'join.me refused the request.');
    }
    const error = body.error;
    if (typeof error === 'string' && error) {
      const description = stringOf(body.error_description) || stringOf(body.message);
      const ticket = stringOf(body.error_ticket_id);
      return withStatus(codeFrom(error, status, ERROR_CODES), `${description || error}${ticket ? ` (ticket ${ticket})` : ''}`);
    }
    if (isRecord(error)) {
      // hello.js's own error object (e.g. "access_denied" for any 401 without JSON): the status tells more.
      return withStatus(
        codeFrom(isErrorStatus(status) ? undefined : error.code, status, ERROR_CODES),
        stringOf(error.message) || 'join.me refused the request.',
      );
    }
  }
  return statusError(body, status, 'join.me');
}

/* ------------------------------------------------------------------ the module */

/** What a call's path function leaves for its `wrap`. */
interface CallState {
  /** The meeting a start call names: the started meeting's id. */
  meetingId?: string;
  /** The site's `limit`: join.me has no paging, so the whole list is cut here. */
  limit?: number;
  /** An ad-hoc start on the personal URL: its viewer link names a person, not a meeting. */
  personal?: boolean;
}
const stateOf = callState<CallState>();

function meetingPath(suffix = ''): PathResolver {
  return pathWithId(
    (id, p) => {
      stateOf(p).meetingId = decodeURIComponent(id);
      return `meetings/${id}${suffix}`;
    },
    'id',
    'meetingId',
  );
}

/** A path whose MeetingInput body is translated before it is sent. */
function withMeetingBody(path: string | PathResolver, partial: boolean): PathResolver {
  return (p, callback) => {
    const resolve = (resolved: string) => {
      if (failureOf(p)) return callback(resolved);
      const body = toJoinmeMeetingBody(p.data, partial);
      if ('error' in body) failRequest(p, body as ApiError);
      else p.data = body;
      callback(resolved);
    };
    if (typeof path === 'string') resolve(path);
    else path(p, resolve);
  };
}

const listMeetings: PathResolver = (p, callback) => {
  const source = isRecord(p.data) ? p.data : {};
  const limit = numberOf(p.query.limit ?? source.limit);
  delete p.query.limit;
  delete source.limit;
  if (limit !== undefined) stateOf(p).limit = limit;
  callback('meetings');
};

const startAdHoc: PathResolver = (p, callback) => {
  const source = isRecord(p.data) ? p.data : {};
  const personal = source.personal_url ?? source.startWithPersonalUrl;
  // `startWithPersonalUrl` is required by join.me.
  p.data = { ...source, startWithPersonalUrl: personal === true || personal === 'true' };
  stateOf(p).personal = (p.data as JsonRecord).startWithPersonalUrl === true;
  delete (p.data as JsonRecord).personal_url;
  callback('meetings/start');
};

const startScheduled: PathResolver = (p, callback) =>
  meetingPath('/start')(p, (path) => {
    p.data = null; // join.me takes no body here
    callback(path);
  });

const notSupported: PathResolver = (p, callback) => {
  failRequest(p, apiError('not_supported', `join.me has no call for ${p.method} ${p.path}.`));
  callback('');
};

/** Expire access needs the client secret: the site's oauth proxy adds it. */
const expireAccess: PathResolver = (p, callback) => {
  // The call's own proxy (or the site's setting), else the one the login named; never hello.js's default.
  const url = proxyUrl({ action: 'expire_access', network: 'joinme' }, p.oauth_proxy, loginProxyOf('joinme', p.authResponse));
  if (!url) failRequest(p, proxyMissing('Expiring a join.me token (the proxy holds the client secret)'));
  p.data = null;
  callback(url ?? '');
};

const webinars: PathMap = { 'me/webinars': notSupported, 'me/webinar': notSupported };

const updatePaths: PathMap = {
  ...webinars,
  'me/meeting': withMeetingBody(meetingPath(), true),
  'meetings/update': withMeetingBody(meetingPath(), true),
};

const respond = responder(joinmeError);
const success = respond((): Success => ({ success: true }));
const meeting = respond((body) => normaliseMeeting(body));
const started = respond((body, p) => normaliseStart(body, stateOf(p).meetingId, stateOf(p).personal === true));
const list = respond((body, p) => normaliseMeetingList(body, stateOf(p).limit));

/**
 * After expire access the session ends, as the seed page says: a code-grant session refreshes through
 * the proxy at once, an implicit one is removed with `auth.expired`. Both are done here rather than left
 * to hello.js's session monitor, which skips a network for ten minutes after any refresh.
 */
const expired = respond((body, p): Success | ApiError => {
  const record = isRecord(body) ? body : {};
  // `success` has also been seen as the string "true".
  if (record.success !== true && record.success !== 'true') {
    return apiError('server_error', stringOf(record.message) || 'join.me did not expire the token.', numberOf(record.status));
  }
  const hello = useHello();
  const session = hello.utils.store(p.network);
  if (session?.refresh_token) {
    hello.login(p.network, { display: 'none', force: true }).catch(() => undefined);
  } else if (session?.access_token) {
    hello.utils.store(p.network, null);
    hello.emit('auth.expired', { network: p.network, authResponse: session });
  }
  return { ...record, success: true };
});

function checkSession(session: Session): Session {
  return withLifetime(session, joinmeLifetimeSeconds(session));
}

export default defineProvider<JoinmeModule>({
  name: 'join.me',

  oauth: {
    version: 2,
    auth: 'https://secure.join.me/api/public/v1/auth/oauth2',
    // hello.js's own module pointed `grant` at the authorize URL, so its code grant could not work.
    grant: 'https://secure.join.me/api/public/v1/auth/token',
  },

  // The authorize page cannot be framed: no silent renewal; code-grant sessions refresh through the proxy.
  refresh: false,

  scope: {
    basic: 'user_info',
    user: 'user_info',
    meetings: 'scheduler',
    meetings_read: 'scheduler',
    scheduler: 'scheduler',
    start: 'start_meeting',
    webinars: '',
    ...UNSUPPORTED_SCOPES,
  },

  scope_delim: ' ',

  login(p) {
    sizePopup(p, 400, 700);
    guardLogin(p, checkSession);
  },

  checkSession,

  base: 'https://api.join.me/v1/',

  get: {
    ...webinars,
    me: 'user',
    'me/meetings': listMeetings,
    meetings: listMeetings,
    'me/meeting': meetingPath(),
    'meetings/info': meetingPath(),
  },

  post: {
    ...webinars,
    'me/meetings': withMeetingBody('meetings', false),
    'meetings/schedule': withMeetingBody('meetings', false),
    'me/meeting/start': startScheduled,
    'meetings/start/scheduled': startScheduled,
    'me/meetings/start': startAdHoc,
    'meetings/start/adhoc': startAdHoc,
    'auth/expire': expireAccess,
  },

  // `put` and `patch` both reach the update call (hello.js maps paths before its xhr hook runs).
  put: updatePaths,
  patch: updatePaths,

  del: {
    ...webinars,
    'me/meeting': meetingPath(),
    'meetings/delete': meetingPath(),
  },

  wrap: {
    me: respond((body) => normaliseUser(body)),
    'me/meetings': perMethod({ post: meeting }, list),
    meetings: list,
    'me/meeting': perMethod({ delete: success }, meeting),
    'meetings/info': meeting,
    'meetings/schedule': meeting,
    'meetings/update': meeting,
    'meetings/delete': success,
    'me/meeting/start': started,
    'meetings/start/scheduled': started,
    'me/meetings/start': started,
    'meetings/start/adhoc': started,
    'auth/expire': expired,
    // Paths the module does not map reach join.me as written; only errors are normalised.
    default: respond((body) => body),
  },

  xhr(p, query) {
    if (failureOf(p)) return false;
    moveTokenToHeader(p, query, 'Bearer');
    if (p.method === 'put') p.method = 'patch';
    if (p.method !== 'get' && p.method !== 'delete' && p.data != null && typeof p.data !== 'string') {
      sendJson(p, p.data);
    }
    return true;
  },

  // With CORS only: never fall back to JSONP or a form post.
  jsonp: false,
  form: false,
});
