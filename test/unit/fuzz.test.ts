// Seeded fuzzing of every pure normaliser, error mapper and helper of the modules: generated and malformed
// provider bodies and headers (10,000 cases per target), each expected to give a well-formed result without
// throwing. Case `i` of a target is built from `caseRandom(SEED, target, i)` alone, so a failure report
// (seed, target, case, input) reproduces on its own: feed the printed input to the function, or rerun that
// target's generator with `caseRandom(SEED, target, i)`.
import { expect } from 'chai';
import { regionOfAccountsServer, ZOHO_DATACENTRES, ZOHO_REGIONS } from '../../modules/datacentres.ts';
import { API_ERROR_CODES } from '../../modules/errors.ts';
import * as joinme from '../../modules/joinme.ts';
import { formatZohoTime, parseZohoTime, toIsoUtc } from '../../modules/time.ts';
import type { ResponseHeaders, Session } from '../../modules/types.ts';
import * as zoho from '../../modules/zoho.ts';
import { mulberry32 } from '../seeded-random.mjs';

const SEED = 0x5eed2024;
const CASES = 10_000;

/* ------------------------------------------------------------------ seeded randomness */

type Random = () => number;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The generator of one case: depends on nothing but (seed, target, index). */
export function caseRandom(seed: number, target: string, index: number): Random {
  return mulberry32((seed ^ hash(target) ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

const int = (r: Random, n: number) => Math.floor(r() * n);
const chance = (r: Random, p: number) => r() < p;
function pick<T>(r: Random, items: readonly T[]): T {
  return items[int(r, items.length)] as T;
}

/* ------------------------------------------------------------------ value pools */

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'toJSON'];

const ERROR_NAMES = [
  'stale_token',
  'invalid_token',
  'STALE_TOKEN',
  'insufficient_scope',
  'not_found',
  'invalid_authorization_code',
  'too_many_requests',
  'server_error',
  'access_denied',
  'Access Denied',
  'Account Inactive',
  'INVALID_OAUTHTOKEN',
  'INVALID_MEETING_KEY',
  'UNAUTHORIZED_USER',
  'invalid_code',
  'invalid_client',
  '2000',
  '1025',
  '4000',
  '3001',
  '1028',
  'cancelled',
  ...PROTO_KEYS,
];

const ZONES = [
  'Asia/Calcutta',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Europe/London',
  'America/New_York',
  'UTC',
  'Etc/GMT+12',
  'Pacific/Kiritimati',
];

const URLS = [
  'https://accounts.zoho.com',
  'https://accounts.zoho.eu',
  'https://accounts.zoho.eu/',
  'https://accounts.zoho.com.au',
  'https://accounts.zohocloud.ca',
  'https://accounts.zoho.com.cn',
  'http://accounts.zoho.com',
  'https://accounts.zoho.eu.evil.example',
  'https://accounts.zoho.com@evil.example',
  'https://evil.example/?https://accounts.zoho.com',
  'https://ACCOUNTS.ZOHO.COM',
  'https://accounts.zoho.com:443',
  'https://accounts.zoho.com/oauth',
  'https://accounts.zoho.com//',
  'javascript:alert(1)',
  'data:text/html,x',
  '//accounts.zoho.com',
  'accounts.zoho.com',
  'https://join.me/123-456-789',
  'https://join.me/',
  'https://join.me/a?b#c',
  'https://meeting.zoho.com/join?key=1',
];

const TEXT = [
  '',
  ' ',
  '   \t\n ',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '0',
  '1e400',
  '0x10',
  '3600000',
  '86400',
  '86401',
  ' 42 ',
  '4.2',
  'true',
  'Ada King Lovelace',
  '  Ada   Lovelace  ',
  'Plato',
  'ada@example.com',
  'a@example.com, ,b@example.com,',
  '<html><body><h1>502 Bad Gateway</h1></body></html>',
  '<script>alert(1)</script>',
  '\u0000\u0001\u001f',
  '\ud800',
  '\ud83d\ude00 emoji',
  'Ω≈ç√∫',
  '%E0%A4%A',
  '\\',
  '"',
  '{"error":"x"}',
  'Jun 19, 2020 07:00 PM',
  'Jun 19, 2020 07:00 PM IST',
  'June 19 2020 19:00:00 GMT+05:30',
  'Feb 30, 2020 07:00 PM',
  'Jun 19, 2020 13:00 PM',
  'Jun 19, 2020 00:00 AM',
  'Mar 10, 2024 02:30 AM',
  'Nov 3, 2024 01:30 AM',
  'Foo 19, 2020 07:00 PM',
  'Jan 1, 0000 12:00 AM',
  'Dec 31, 9999 11:59 PM',
  '2020-06-19T13:30:00Z',
  '2020-06-19T13:30:00.999Z',
  '2020-06-19T19:00:00+05:30',
  '2020-06-19 13:30',
  '2020-06-19',
  '2020-13-45T99:99:99Z',
  '2020-02-30T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  'Bearer realm="api.join.me", error="invalid_token"',
  'Bearer error=insufficient_scope',
  'Bearer error="',
  'error="constructor"',
  'error="__proto__"',
  ...ZONES,
  'Not/AZone',
  'us',
  'eu',
  'cn',
  'xx',
  'US',
  ...ERROR_NAMES,
  ...URLS,
];

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  1.5,
  0.1,
  2,
  20,
  100,
  101,
  400,
  401,
  403,
  404,
  429,
  500,
  599,
  600,
  999,
  1000,
  2000,
  3600,
  86400,
  86401,
  3600000,
  1592573400000,
  8.64e15,
  8.64e15 + 1,
  -8.64e15,
  1e21,
  1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_VALUE,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

const PUBLIC_KEYS = [
  'id',
  'name',
  'first_name',
  'last_name',
  'email',
  'thumbnail',
  'start_time',
  'end_time',
  'duration',
  'timezone',
  'agenda',
  'join_url',
  'start_url',
  'participants',
  'data',
  'paging',
  'error',
  'success',
];

const JOINME_USER_KEYS = ['email', 'fullName', 'language', 'numberOfMeetingsHosted', 'personalUrl', 'registrationDate', 'subscriptionType'];
const JOINME_MEETING_KEYS = [
  'meetingId',
  'meetingName',
  'meetingStart',
  'meetingEnd',
  'startWithPersonalUrl',
  'participants',
  'conferenceId',
  'viewerLink',
];
const JOINME_START_KEYS = ['presenterLink', 'viewerLink', 'audioConference', 'webhooksStatus'];
const ZOHO_USER_KEYS = ['zsoid', 'zuid', 'primaryEmail', 'email', 'displayName', 'fullName', 'isAdmin', 'orgName'];
const ZOHO_MEETING_KEYS = [
  'meetingKey',
  'webinarKey',
  'sessionKey',
  'topic',
  'agenda',
  'presenterEmail',
  'presenterZuid',
  'startTime',
  'endTime',
  'startTimeMillisec',
  'endTimeMillis',
  'STARTTIMEMILLISEC',
  'duration',
  'timezone',
  'joinLink',
  'joinUrl',
  'startLink',
  'startUrl',
  'participants',
];
const ERROR_KEYS = [
  'Message',
  'message',
  'MESSAGE',
  'ErrorCode',
  'errorCode',
  'errorcode',
  'error',
  'error_description',
  'error_ticket_id',
  'code',
  'key',
  'status',
  'success',
];
const SESSION_KEYS = [
  'access_token',
  'refresh_token',
  'expires_in',
  'expires_in_sec',
  'expires',
  'location',
  'accounts-server',
  'network',
  'scope',
  'error',
];
const ALL_KEYS = [
  ...PROTO_KEYS,
  ...PUBLIC_KEYS,
  ...JOINME_USER_KEYS,
  ...JOINME_MEETING_KEYS,
  ...JOINME_START_KEYS,
  ...ZOHO_USER_KEYS,
  ...ZOHO_MEETING_KEYS,
  ...ERROR_KEYS,
  ...SESSION_KEYS,
  'meetings',
  'session',
  'sessions',
  'webinar',
  'webinars',
  'userDetails',
  'count',
  'x',
];

/* ------------------------------------------------------------------ generators */

function randomText(r: Random): string {
  switch (int(r, 6)) {
    case 0: {
      let s = '';
      const n = int(r, 24);
      for (let i = 0; i < n; i++) s += String.fromCharCode(32 + int(r, 95));
      return s;
    }
    case 1: {
      let s = '';
      const n = int(r, 12);
      for (let i = 0; i < n; i++) s += String.fromCharCode(int(r, 0x10000));
      return s;
    }
    case 2:
      return pick(r, TEXT).repeat(chance(r, 0.1) ? 2000 : 1);
    default:
      return pick(r, TEXT);
  }
}

function randomNumber(r: Random): number {
  return chance(r, 0.7) ? pick(r, NUMBERS) : (r() - 0.5) * 10 ** int(r, 18);
}

/** Any JSON-ish value (plus undefined and NaN, which reach hooks from hello.js). */
function anyValue(r: Random, depth = 0): unknown {
  const kind = int(r, depth > 2 ? 6 : 9);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return chance(r, 0.5);
    case 3:
      return randomNumber(r);
    case 4:
    case 5:
      return randomText(r);
    case 6: {
      const n = int(r, 5);
      return Array.from({ length: n }, () => anyValue(r, depth + 1));
    }
    default:
      return anyObject(r, ALL_KEYS, depth + 1);
  }
}

/** An object with keys drawn from `keys` (and the odd foreign one), values anything. */
function anyObject(r: Random, keys: readonly string[], depth = 0): Record<string, unknown> {
  // JSON.parse makes "__proto__" an own property: do the same.
  const out: Record<string, unknown> = JSON.parse('{}');
  const n = int(r, 7);
  for (let i = 0; i < n; i++) {
    const key = chance(r, 0.85) ? pick(r, keys) : pick(r, ALL_KEYS);
    Object.defineProperty(out, key, { value: anyValue(r, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A realistic value for a known field, or something else entirely. */
function fieldValue(r: Random, key: string, depth: number): unknown {
  if (chance(r, 0.35)) return anyValue(r, depth + 1);
  switch (key) {
    case 'email':
    case 'primaryEmail':
    case 'presenterEmail':
      return pick(r, ['ada@example.com', ' grace@example.com ', '', 'not an email']);
    case 'fullName':
    case 'displayName':
    case 'meetingName':
    case 'topic':
      return pick(r, ['Ada King Lovelace', 'Plato', '   ', 'Weekly sync', '']);
    case 'meetingId':
    case 'meetingKey':
    case 'webinarKey':
    case 'zuid':
    case 'zsoid':
    case 'presenterZuid':
      return chance(r, 0.5) ? int(r, 1e10) : String(int(r, 1e10));
    case 'meetingStart':
    case 'meetingEnd':
    case 'registrationDate':
      return pick(r, [
        '2015-06-02T09:00:00Z',
        '2015-06-02T10:30:00Z',
        '2015-06-02T10:30:00.123+02:00',
        '2015-06-02',
        '2020-13-45T99:99:99Z',
        '',
      ]);
    case 'startTime':
    case 'endTime':
      return pick(r, [
        'Jun 19, 2020 07:00 PM',
        'Jun 19, 2020 08:00 PM IST',
        'Jan 4, 2024 07:00 pm',
        'Mar 10, 2024 02:30 AM',
        'Feb 30, 2020 07:00 PM',
        '2020-06-19T13:30:00Z',
      ]);
    case 'startTimeMillisec':
    case 'endTimeMillis':
    case 'STARTTIMEMILLISEC':
      return pick(r, [1592573400000, '1592573400000', 8.64e15 + 1, -1, 'soon']);
    case 'duration':
      return pick(r, [3600000, '3600000', 0, -60000, 1.5, '1h', 1e300]);
    case 'timezone':
      return pick(r, ZONES.concat(['Not/AZone', '', 'asia/calcutta']));
    case 'participants':
      return chance(r, 0.5)
        ? Array.from({ length: int(r, 4) }, () =>
            chance(r, 0.5)
              ? { id: int(r, 9), email: pick(r, ['a@example.com', ' ', 5, null]) }
              : pick(r, ['b@example.com', '', 7, null, {}]),
          )
        : pick(r, ['a@example.com,b@example.com', ' , ', '']);
    case 'viewerLink':
    case 'presenterLink':
    case 'joinLink':
    case 'startLink':
      return pick(r, ['https://join.me/123-456-789', 'https://join.me/', 'https://join.me/a/b?c=d#e', '/', '', '?#']);
    case 'count':
      return pick(r, [34, '34', 0, -1, 1e21, 'many']);
    default:
      return anyValue(r, depth + 1);
  }
}

function shaped(r: Random, keys: readonly string[], depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = JSON.parse('{}');
  for (const key of keys) if (chance(r, 0.7)) out[key] = fieldValue(r, key, depth);
  const extra = int(r, 3);
  for (let i = 0; i < extra; i++) {
    const key = pick(r, ALL_KEYS);
    Object.defineProperty(out, key, { value: fieldValue(r, key, depth), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A JSON text made invalid (hello.js then hands the raw text to `wrap`), or a clean JSON round trip. */
function throughText(r: Random, value: unknown): unknown {
  const text = JSON.stringify(value) ?? 'undefined';
  if (chance(r, 0.5)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  const cut = int(r, text.length + 1);
  const broken = pick(r, [
    text.slice(0, cut),
    `${text.slice(0, cut)}\u0000${text.slice(cut)}`,
    `<!doctype html>${text}`,
    text.replace(/"/g, "'"),
  ]);
  try {
    return JSON.parse(broken);
  } catch {
    return broken;
  }
}

type BodyKind = 'joinmeUser' | 'joinmeMeeting' | 'joinmeList' | 'joinmeStart' | 'zohoUser' | 'zohoMeeting' | 'zohoList' | 'error';

function body(r: Random, kind: BodyKind): unknown {
  if (chance(r, 0.08)) return anyValue(r);
  let value: unknown;
  switch (kind) {
    case 'joinmeUser':
      value = shaped(r, JOINME_USER_KEYS);
      break;
    case 'joinmeMeeting':
      value = shaped(r, JOINME_MEETING_KEYS);
      break;
    case 'joinmeList': {
      const meetings = Array.from({ length: int(r, 6) }, () => (chance(r, 0.9) ? shaped(r, JOINME_MEETING_KEYS) : anyValue(r)));
      value = chance(r, 0.15) ? meetings : { ...shaped(r, []), meetings: chance(r, 0.9) ? meetings : anyValue(r) };
      break;
    }
    case 'joinmeStart':
      value = shaped(r, JOINME_START_KEYS);
      break;
    case 'zohoUser':
      value = chance(r, 0.8) ? { userDetails: shaped(r, ZOHO_USER_KEYS) } : shaped(r, ZOHO_USER_KEYS);
      break;
    case 'zohoMeeting': {
      const inner = shaped(r, ZOHO_MEETING_KEYS);
      value = pick(r, [{ session: inner }, { webinar: inner }, inner, { session: anyValue(r) }]);
      break;
    }
    case 'zohoList': {
      const items = Array.from({ length: int(r, 5) }, () => (chance(r, 0.9) ? shaped(r, ZOHO_MEETING_KEYS) : anyValue(r)));
      const key = pick(r, ['session', 'webinar', 'sessions', 'webinars', 'x']);
      value = { ...shaped(r, ['count']), [key]: chance(r, 0.9) ? items : anyValue(r) };
      break;
    }
    default:
      value = errorBody(r);
  }
  return chance(r, 0.2) ? throughText(r, value) : value;
}

function errorBody(r: Random): unknown {
  switch (int(r, 7)) {
    case 0:
      return { Message: fieldValue(r, 'Message', 0), ErrorCode: pick(r, [...ERROR_NAMES, undefined, 5, null, {}]) };
    case 1:
      return { message: pick(r, TEXT), errorcode: pick(r, ERROR_NAMES) };
    case 2:
      return {
        error: pick(r, [...ERROR_NAMES, '', 5]),
        error_description: anyValue(r),
        error_ticket_id: anyValue(r),
        message: anyValue(r),
      };
    case 3:
      return {
        error: {
          code: pick(r, [2000, 1025, 4000, '1028', ...ERROR_NAMES, null]),
          message: anyValue(r),
          key: pick(r, [...ERROR_NAMES, undefined]),
        },
      };
    case 4:
      return { error: { errorCode: pick(r, [3001, 4000, ...ERROR_NAMES]), message: pick(r, [...TEXT, 7]), key: anyValue(r) } };
    case 5:
      return pick(r, ['', '<html>Forbidden</html>', 'Service Unavailable', ' ', undefined, null, { success: true, message: 'ok' }]);
    default:
      return anyObject(r, ERROR_KEYS);
  }
}

function headers(r: Random): ResponseHeaders | undefined {
  if (chance(r, 0.1)) return undefined;
  const out: Record<string, unknown> = {};
  if (chance(r, 0.85))
    out.statusCode = chance(r, 0.7)
      ? pick(r, [200, 201, 204, 400, 401, 403, 404, 405, 429, 500, 502, 503])
      : chance(r, 0.5)
        ? String(pick(r, NUMBERS))
        : pick(r, NUMBERS);
  if (chance(r, 0.3)) out['www-authenticate'] = pick(r, TEXT.filter((text) => /error|Bearer/.test(text)).concat([randomText(r)]));
  if (chance(r, 0.3))
    out['x-error-detail-header'] = pick(r, ['Account Inactive', 'Developer Inactive', 'constructor', '__proto__', '', randomText(r)]);
  if (chance(r, 0.2)) out[pick(r, ['content-type', 'x-other', 'toString', 'constructor'])] = anyValue(r);
  return out as ResponseHeaders;
}

/** A session as hello.js could hold it: the redirect's parameters (strings) or anything stored since. */
function session(r: Random): Session {
  const out: Record<string, unknown> = JSON.parse('{}');
  for (const key of SESSION_KEYS) {
    if (!chance(r, 0.5)) continue;
    let value: unknown;
    if (key === 'location') value = pick(r, [...ZOHO_REGIONS, 'xx', 'US', '', 'toString', '__proto__', 'constructor']);
    else if (key === 'accounts-server') value = pick(r, [...URLS, ZOHO_DATACENTRES.eu.accounts, '', 'null']);
    else if (key.startsWith('expires')) value = chance(r, 0.5) ? pick(r, NUMBERS) : String(pick(r, NUMBERS));
    else value = randomText(r);
    // Stored sessions are JSON: any value may be there, not only strings.
    out[key] = chance(r, 0.15) ? anyValue(r) : value;
  }
  return out as Session;
}

function meetingInput(r: Random): unknown {
  if (chance(r, 0.1)) return anyValue(r);
  const out: Record<string, unknown> = JSON.parse('{}');
  const fields: Record<string, () => unknown> = {
    name: () => pick(r, ['Weekly', '', 5, null]),
    agenda: () => pick(r, ['Numbers', '', 5]),
    start_time: () =>
      pick(r, [
        '2030-06-19T13:30:00Z',
        '2030-06-19T19:00:00+05:30',
        new Date(Date.UTC(2030, 5, 19, 13, 30)),
        new Date(Number.NaN),
        '2030-06-19',
        'soon',
        1900000000000,
        8.64e15 + 1,
      ]),
    end_time: () => pick(r, ['2030-06-19T14:30:00Z', '2030-06-19T13:00:00Z', new Date(Date.UTC(2030, 5, 19, 15)), 'later', '']),
    duration: () => pick(r, [60, '60', 0, -5, 1.5, 'long', Number.NaN, 1e300, 1e308, 1e21]),
    timezone: () => pick(r, [...ZONES, 'Not/AZone', '', 5]),
    participants: () =>
      pick(r, [['a@example.com', ' b@example.com '], 'a@example.com, b@example.com', [{ email: 'c@example.com' }, 5, null], [], 'x']),
    personal_url: () => pick(r, [true, false, 'true', 1]),
  };
  for (const [key, make] of Object.entries(fields)) if (chance(r, 0.6)) out[key] = make();
  // A body already in the provider's own form passes through.
  if (chance(r, 0.1)) out[pick(r, ['meetingName', 'meetingStart', 'session', 'topic', 'startTime'])] = anyValue(r);
  if (chance(r, 0.1)) out[pick(r, PROTO_KEYS)] = anyValue(r);
  return out;
}

/* ------------------------------------------------------------------ well-formedness */

const ISO_Z = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
// The public fields of each shape (other provider fields stay on the object as they came).
const USER_STRINGS = ['name', 'first_name', 'last_name', 'email', 'thumbnail'];
const MEETING_STRINGS = ['name', 'timezone', 'agenda', 'join_url', 'start_url'];

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(record: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(record, key);
}

function checkCommon(value: unknown, what: string, strings: readonly string[]): string | undefined {
  if (!isPlainRecord(value)) return `${what} is not an object`;
  if (typeof value.id !== 'string' || !own(value, 'id')) return `${what}.id is not a string (${show(value.id)})`;
  for (const key of strings) {
    if (own(value, key) && typeof value[key] !== 'string') return `${what}.${key} is not a string (${show(value[key])})`;
  }
  return undefined;
}

function checkUser(value: unknown): string | undefined {
  return checkCommon(value, 'user', USER_STRINGS);
}

function checkMeeting(value: unknown, what = 'meeting'): string | undefined {
  const common = checkCommon(value, what, MEETING_STRINGS);
  if (common) return common;
  const meeting = value as Record<string, unknown>;
  for (const key of ['start_time', 'end_time']) {
    if (
      own(meeting, key) &&
      !(typeof meeting[key] === 'string' && ISO_Z.test(meeting[key] as string) && !Number.isNaN(Date.parse(meeting[key] as string)))
    ) {
      return `${what}.${key} is not an ISO UTC time (${show(meeting[key])})`;
    }
  }
  if (own(meeting, 'duration') && !(typeof meeting.duration === 'number' && Number.isFinite(meeting.duration))) {
    return `${what}.duration is not a finite number (${show(meeting.duration)})`;
  }
  if (
    own(meeting, 'participants') &&
    !(Array.isArray(meeting.participants) && meeting.participants.every((item) => typeof item === 'string'))
  ) {
    return `${what}.participants is not a string array (${show(meeting.participants)})`;
  }
  return undefined;
}

function checkList(value: unknown): string | undefined {
  if (!isPlainRecord(value)) return 'list is not an object';
  if (!Array.isArray(value.data)) return `list.data is not an array (${show(value.data)})`;
  for (const [index, item] of value.data.entries()) {
    const problem = checkMeeting(item, `list.data[${index}]`);
    if (problem) return problem;
  }
  if (own(value, 'paging')) {
    const paging = value.paging;
    if (!isPlainRecord(paging)) return `list.paging is not an object (${show(paging)})`;
    if (own(paging, 'next') && typeof paging.next !== 'string') return `list.paging.next is not a string (${show(paging.next)})`;
    if (own(paging, 'total') && !(typeof paging.total === 'number' && Number.isFinite(paging.total))) {
      return `list.paging.total is not a finite number (${show(paging.total)})`;
    }
  }
  return undefined;
}

const CODES: readonly string[] = API_ERROR_CODES;

/** `{ error: { code, message, status? } }` with a stable code, surviving JSON.stringify unchanged. */
function checkApiError(value: unknown): string | undefined {
  if (!isPlainRecord(value) || !isPlainRecord(value.error)) return `not an ApiError (${show(value)})`;
  const { error } = value;
  const keys = Object.keys(error).filter((key) => !['code', 'message', 'status'].includes(key));
  if (keys.length) return `error has extra keys ${keys.join(', ')}`;
  if (typeof error.code !== 'string' || !CODES.includes(error.code)) return `error.code is not a stable code (${show(error.code)})`;
  if (typeof error.message !== 'string' || error.message === '') return `error.message is not a non-empty string (${show(error.message)})`;
  if (own(error, 'status') && !(typeof error.status === 'number' && Number.isFinite(error.status))) {
    return `error.status is not a finite number (${show(error.status)})`;
  }
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (thrown) {
    return `JSON.stringify throws (${String(thrown)})`;
  }
  const back = JSON.parse(text) as { error: Record<string, unknown> };
  if (back.error.code !== error.code || back.error.message !== error.message || back.error.status !== error.status) {
    return 'the error does not survive JSON.stringify unchanged';
  }
  return undefined;
}

function checkErrorOrNothing(value: unknown): string | undefined {
  return value === undefined ? undefined : checkApiError(value);
}

function show(value: unknown): string {
  if (typeof value === 'function') return `function ${value.name}`;
  if (typeof value === 'number' || typeof value === 'bigint' || value === undefined) return String(value);
  try {
    // Dates, NaN and infinities would print as null: name them.
    const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, item: unknown) {
      const original = this[key];
      if (original instanceof Date) return `Date(${Number.isNaN(original.getTime()) ? 'Invalid Date' : original.toISOString()})`;
      if (typeof item === 'number' && !Number.isFinite(item)) return String(item);
      return item === undefined ? '(undefined)' : item;
    });
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/* ------------------------------------------------------------------ the runner */

interface Failure {
  target: string;
  index: number;
  input: string;
  problem: string;
}

/** Runs `CASES` cases of `target`; returns the failures (a throw is a failure too). */
function fuzz(target: string, run: (r: Random) => { input: unknown; problem: () => string | undefined }): Failure[] {
  const failures: Failure[] = [];
  for (let index = 0; index < CASES; index++) {
    const r = caseRandom(SEED, target, index);
    let input: unknown;
    try {
      const result = run(r);
      input = result.input;
      const problem = result.problem();
      if (problem) failures.push({ target, index, input: show(input), problem });
    } catch (thrown) {
      failures.push({
        target,
        index,
        input: show(input),
        problem: `threw ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`,
      });
    }
  }
  return failures;
}

/** A failure report naming the seed, the case and the input, with one line per distinct problem. */
function report(failures: Failure[]): string {
  const seen = new Map<string, Failure>();
  for (const failure of failures) {
    const kind = failure.problem.replace(/\(.*$/, '').replace(/\[\d+\]/g, '[i]');
    if (!seen.has(kind)) seen.set(kind, failure);
  }
  const lines = [...seen.values()]
    .slice(0, 8)
    .map((f) => `  - ${f.problem}\n    seed ${SEED}, target "${f.target}", case ${f.index}, input ${f.input}`);
  return `${failures.length} of ${CASES} cases failed:\n${lines.join('\n')}`;
}

function expectClean(failures: Failure[]): void {
  expect(failures.length, report(failures)).to.equal(0);
}

/** Calls `fn`; the generator records the input before the call, so a throw still names it. */
function call<T>(input: unknown, fn: () => T, check: (value: T) => string | undefined) {
  let problem: string | undefined;
  const thrown = (() => {
    try {
      problem = check(fn());
      return undefined;
    } catch (error) {
      return error;
    }
  })();
  return {
    input,
    problem: () =>
      thrown === undefined ? problem : `threw ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`,
  };
}

/* ------------------------------------------------------------------ targets */

describe(`fuzz: ${CASES.toLocaleString('en')} seeded cases per target (seed ${SEED})`, function () {
  this.timeout(120000);

  describe('join.me', () => {
    it('normaliseUser', () => {
      expectClean(
        fuzz('joinme.normaliseUser', (r) => {
          const b = body(r, 'joinmeUser');
          return call(b, () => joinme.normaliseUser(b), checkUser);
        }),
      );
    });

    it('normaliseMeeting', () => {
      expectClean(
        fuzz('joinme.normaliseMeeting', (r) => {
          const b = body(r, 'joinmeMeeting');
          return call(
            b,
            () => joinme.normaliseMeeting(b),
            (v) => checkMeeting(v),
          );
        }),
      );
    });

    it('normaliseMeetingList (with any limit the module may pass)', () => {
      expectClean(
        fuzz('joinme.normaliseMeetingList', (r) => {
          const b = body(r, 'joinmeList');
          const limit = chance(r, 0.5) ? undefined : randomNumber(r);
          return call({ body: b, limit }, () => joinme.normaliseMeetingList(b, limit), checkList);
        }),
      );
    });

    it('normaliseStart', () => {
      expectClean(
        fuzz('joinme.normaliseStart', (r) => {
          const b = body(r, 'joinmeStart');
          const id = chance(r, 0.5) ? undefined : randomText(r);
          return call(
            { body: b, id },
            () => joinme.normaliseStart(b, id),
            (v) => checkMeeting(v),
          );
        }),
      );
    });

    it('joinmeError (bodies of every kind, any headers)', () => {
      expectClean(
        fuzz('joinme.joinmeError', (r) => {
          const b = body(r, pick(r, ['error', 'error', 'error', 'joinmeUser', 'joinmeList'] as const));
          const h = headers(r);
          return call({ body: b, headers: h }, () => joinme.joinmeError(b, h), checkErrorOrNothing);
        }),
      );
    });

    it('toJoinmeMeetingBody: an ApiError or a body of the right types', () => {
      expectClean(
        fuzz('joinme.toJoinmeMeetingBody', (r) => {
          const input = meetingInput(r);
          const partial = chance(r, 0.5);
          return call(
            { input, partial },
            () => joinme.toJoinmeMeetingBody(input, partial),
            (out) => checkJoinmeBody(input, out),
          );
        }),
      );
    });
  });

  describe('Zoho', () => {
    it('normaliseUser', () => {
      expectClean(
        fuzz('zoho.normaliseUser', (r) => {
          const b = body(r, 'zohoUser');
          return call(b, () => zoho.normaliseUser(b), checkUser);
        }),
      );
    });

    it('normaliseMeeting', () => {
      expectClean(
        fuzz('zoho.normaliseMeeting', (r) => {
          const b = body(r, 'zohoMeeting');
          return call(
            b,
            () => zoho.normaliseMeeting(b),
            (v) => checkMeeting(v),
          );
        }),
      );
    });

    it('normaliseMeetingList (with any page the module may pass)', () => {
      expectClean(
        fuzz('zoho.normaliseMeetingList', (r) => {
          const b = body(r, 'zohoList');
          // The module passes index >= 1 and count = Math.floor of any finite number.
          const index = 1 + int(r, 200);
          const count = Math.floor(pick(r, [20, 100, 1, 0, -5, 1e9, (r() - 0.5) * 1000]));
          return call({ body: b, index, count }, () => zoho.normaliseMeetingList(b, index, count), checkList);
        }),
      );
    });

    it('zohoError (bodies of every kind, any headers)', () => {
      expectClean(
        fuzz('zoho.zohoError', (r) => {
          const b = body(r, pick(r, ['error', 'error', 'error', 'zohoUser', 'zohoList'] as const));
          const h = headers(r);
          return call({ body: b, headers: h }, () => zoho.zohoError(b, h), checkErrorOrNothing);
        }),
      );
    });

    it('toZohoSessionBody: an ApiError or a body of the right types', () => {
      expectClean(
        fuzz('zoho.toZohoSessionBody', (r) => {
          const input = meetingInput(r);
          const partial = chance(r, 0.5);
          const context = { presenter: pick(r, [undefined, '53758790', 'abc', '']), defaultTimeZone: pick(r, [...ZONES, 'Not/AZone']) };
          return call(
            { input, partial, context },
            () => zoho.toZohoSessionBody(input, partial, context),
            (out) => checkZohoBody(input, out),
          );
        }),
      );
    });

    it('regionOfSession: a region of the table or an ApiError', () => {
      expectClean(
        fuzz('zoho.regionOfSession', (r) => {
          const s = chance(r, 0.05) ? (pick(r, [null, undefined]) as null | undefined) : session(r);
          const pinned = pick(r, [undefined, null, '', ...ZOHO_REGIONS, 'xx', 5, {}]);
          return call(
            { session: s, pinned },
            () => zoho.regionOfSession(ZOHO_DATACENTRES, s, pinned),
            (out) =>
              typeof out === 'string'
                ? (ZOHO_REGIONS as readonly string[]).includes(out)
                  ? undefined
                  : `not a region: ${show(out)}`
                : checkApiError(out),
          );
        }),
      );
    });

    it('zohoLifetimeSeconds: a positive finite number of seconds', () => {
      expectClean(
        fuzz('zoho.zohoLifetimeSeconds', (r) => {
          const s = session(r);
          return call(
            s,
            () => zoho.zohoLifetimeSeconds(s),
            (out) => (typeof out === 'number' && Number.isFinite(out) && out > 0 ? undefined : `not positive seconds: ${show(out)}`),
          );
        }),
      );
    });
  });

  describe('time and data centres', () => {
    it('parseZohoTime: undefined or a valid Date', () => {
      expectClean(
        fuzz('time.parseZohoTime', (r) => {
          const text = chance(r, 0.95) ? randomText(r) : (anyValue(r) as string);
          const zone = pick(r, [...ZONES, 'Not/AZone', '', 'toString']);
          return call(
            { text, zone },
            () => parseZohoTime(text, zone),
            (out) =>
              out === undefined || (out instanceof Date && Number.isFinite(out.getTime())) ? undefined : `not a valid Date: ${show(out)}`,
          );
        }),
      );
    });

    it('formatZohoTime: undefined or "Mon DD, YYYY hh:mm AM"', () => {
      expectClean(
        fuzz('time.formatZohoTime', (r) => {
          const value = pick(r, [randomText(r), randomNumber(r), new Date(randomNumber(r))]);
          const zone = pick(r, [...ZONES, 'Not/AZone', '']);
          return call(
            { value, zone },
            () => formatZohoTime(value, zone),
            (out) =>
              out === undefined || (typeof out === 'string' && /^[A-Z][a-z]{2} \d\d, \d{4} \d\d:\d\d [AP]M$/.test(out))
                ? undefined
                : `bad Zoho time: ${show(out)}`,
          );
        }),
      );
    });

    it('toIsoUtc: undefined or YYYY-MM-DDTHH:mm:ssZ', () => {
      expectClean(
        fuzz('time.toIsoUtc', (r) => {
          const value = pick(r, [randomText(r), randomNumber(r), new Date(randomNumber(r)), anyValue(r) as string]);
          return call(
            value,
            () => toIsoUtc(value),
            (out) => (out === undefined || (typeof out === 'string' && ISO_Z.test(out)) ? undefined : `bad ISO time: ${show(out)}`),
          );
        }),
      );
    });

    it('regionOfAccountsServer: undefined or a region whose accounts server it is', () => {
      expectClean(
        fuzz('datacentres.regionOfAccountsServer', (r) => {
          const value = chance(r, 0.6) ? pick(r, URLS) : chance(r, 0.7) ? randomText(r) : anyValue(r);
          return call(
            value,
            () => regionOfAccountsServer(ZOHO_DATACENTRES, value),
            (out) => {
              if (out === undefined) return undefined;
              if (!(ZOHO_REGIONS as readonly string[]).includes(out)) return `not a region: ${show(out)}`;
              // Never a region for anything but that region's own https accounts origin.
              const url = new URL(String(value));
              return url.protocol === 'https:' && url.origin === ZOHO_DATACENTRES[out].accounts && !url.username && !url.password
                ? undefined
                : `${show(value)} taken for ${out}`;
            },
          );
        }),
      );
    });
  });
});

function checkJoinmeBody(input: unknown, out: unknown): string | undefined {
  if (!isPlainRecord(out)) return `not an object: ${show(out)}`;
  // A body already in join.me's own form passes through unchecked (the site wrote it).
  if (isPlainRecord(input) && ['meetingName', 'meetingStart', 'meetingEnd', 'startWithPersonalUrl'].some((key) => key in input))
    return undefined;
  if (isPlainRecord(out.error)) return checkApiError(out);
  if (own(out, 'meetingName') && typeof out.meetingName !== 'string') return 'meetingName is not a string';
  for (const key of ['meetingStart', 'meetingEnd']) {
    if (own(out, key) && !(typeof out[key] === 'string' && ISO_Z.test(out[key] as string)))
      return `${key} is not ISO UTC (${show(out[key])})`;
  }
  if (own(out, 'participants') && !(Array.isArray(out.participants) && out.participants.every((item) => typeof item === 'string')))
    return 'participants is not a string array';
  if (own(out, 'startWithPersonalUrl') && typeof out.startWithPersonalUrl !== 'boolean') return 'startWithPersonalUrl is not a boolean';
  if (
    own(out, 'meetingStart') &&
    own(out, 'meetingEnd') &&
    Date.parse(out.meetingEnd as string) <= Date.parse(out.meetingStart as string)
  ) {
    return 'meetingEnd is not after meetingStart';
  }
  return undefined;
}

function checkZohoBody(input: unknown, out: unknown): string | undefined {
  // A body already in Zoho's own form passes through unchecked (the site wrote it).
  if (isPlainRecord(input) && ['session', 'topic', 'startTime'].some((key) => key in input))
    return isPlainRecord(out) ? undefined : `not an object: ${show(out)}`;
  if (isPlainRecord(out) && isPlainRecord(out.error)) return checkApiError(out);
  if (!isPlainRecord(out) || !isPlainRecord(out.session)) return `not { session }: ${show(out)}`;
  const s = out.session;
  for (const key of ['topic', 'agenda', 'timezone']) if (own(s, key) && typeof s[key] !== 'string') return `session.${key} is not a string`;
  if (own(s, 'startTime') && !(typeof s.startTime === 'string' && /^[A-Z][a-z]{2} \d\d, \d{4} \d\d:\d\d [AP]M$/.test(s.startTime))) {
    return `session.startTime is not a Zoho time (${show(s.startTime)})`;
  }
  if (
    own(s, 'duration') &&
    !(typeof s.duration === 'number' && Number.isFinite(s.duration) && Number.isInteger(s.duration) && s.duration > 0)
  ) {
    return `session.duration is not a positive whole number of ms (${show(s.duration)})`;
  }
  if (
    own(s, 'participants') &&
    !(Array.isArray(s.participants) && s.participants.every((p) => isPlainRecord(p) && typeof p.email === 'string'))
  ) {
    return 'session.participants is not [{ email }]';
  }
  return undefined;
}
