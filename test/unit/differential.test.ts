// Differential tests of the fast normalisers and time helpers against the reference implementation kept in
// test/unit/reference/ (the code before the speed work): seeded random provider answers, realistic and
// hostile, must give results identical to the reference's, down to key order, -0 and which values are
// absent. A failure names the seed, the target and the case, and prints the input.
import { expect } from 'chai';
import type { JoinmeRawMeeting } from '../../modules/joinme.ts';
import * as joinme from '../../modules/joinme.ts';
import type { Loose } from '../../modules/json.ts';
import * as time from '../../modules/time.ts';
import type { ZohoRawSession } from '../../modules/zoho.ts';
import * as zoho from '../../modules/zoho.ts';
import { mulberry32 } from '../seeded-random.mjs';
import { difference, show } from './reference/difference.ts';
import * as reference from './reference/normalisers.ts';
import * as referenceTime from './reference/time.ts';

const SEED = 0xd1ff2024;
const CASES = 5_000;

type Random = () => number;
const int = (r: Random, n: number) => Math.floor(r() * n);
const chance = (r: Random, p: number) => r() < p;
const pick = <T>(r: Random, items: readonly T[]): T => items[int(r, items.length)] as T;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Runs `CASES` cases; each compares `fast(input)` with `slow(input)`. Returns failure lines. */
function differ<I>(
  target: string,
  make: (r: Random) => I,
  fast: (input: I) => unknown,
  slow: (input: I) => unknown,
  cases = CASES,
): string[] {
  const failures: string[] = [];
  for (let index = 0; index < cases && failures.length < 5; index++) {
    const r = mulberry32((SEED ^ Math.imul(index + 1, 0x9e3779b1) ^ (target.length * 0x85ebca6b)) >>> 0);
    const input = make(r);
    let problem: string | undefined;
    try {
      problem = difference(fast(input), slow(input));
    } catch (thrown) {
      problem = `threw ${String(thrown)}`;
    }
    if (problem) failures.push(`seed ${SEED}, target "${target}", case ${index}: ${problem}\n    input ${show(input)}`);
  }
  return failures;
}

function expectSame(failures: string[]): void {
  expect(failures, failures.join('\n')).to.deep.equal([]);
}

/* ------------------------------------------------------------------ generators */

// Zones with shifts of every kind (DST both hemispheres, 30- and 45-minute offsets, midnight shifts, zones
// that changed their base offset, links), plus names Intl refuses.
const ZONES = [
  'UTC',
  'Etc/GMT+12',
  'Etc/GMT-14',
  'Asia/Calcutta',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Asia/Gaza',
  'Asia/Tokyo',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Dublin',
  'Europe/Moscow',
  'Africa/Casablanca',
  'America/New_York',
  'America/Havana',
  'America/Sao_Paulo',
  'America/Santiago',
  'America/St_Johns',
  'America/Godthab',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Australia/Adelaide',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Pacific/Kiritimati',
  'Antarctica/Troll',
  'Not/AZone',
  'asia/calcutta',
  '',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'June', 'sept', 'DEC', 'Foo'];

/** A wall-clock date-time, mostly near DST seasons, sometimes at the ends of the supported range. */
function wallParts(r: Random) {
  const year = chance(r, 0.9) ? 1900 + int(r, 141) : pick(r, [0, 1, 99, 100, 1582, 1969, 1970, 9998, 9999]);
  const month = chance(r, 0.6) ? pick(r, [2, 3, 9, 10]) : int(r, 12);
  const day = chance(r, 0.05) ? pick(r, [0, 29, 30, 31, 32]) : 1 + int(r, 28);
  const hour = chance(r, 0.5) ? pick(r, [0, 1, 2, 3, 12, 23]) : int(r, 24);
  const minute = chance(r, 0.5) ? pick(r, [0, 30, 59]) : int(r, 60);
  const second = chance(r, 0.8) ? 0 : pick(r, [1, 59, 60]);
  return { year, month, day, hour, minute, second };
}

function zohoText(r: Random): string {
  const { year, month, day, hour, minute, second } = wallParts(r);
  const monthName = chance(r, 0.9) ? (MONTHS[month] as string) : pick(r, MONTHS);
  const twelve = chance(r, 0.8);
  const h = twelve ? (chance(r, 0.05) ? pick(r, [0, 13]) : hour % 12 || 12) : hour;
  const meridiem = twelve ? (hour < 12 ? pick(r, ['AM', 'am', 'a.m.']) : pick(r, ['PM', 'pm', 'p.m.'])) : '';
  const sec = second || chance(r, 0.1) ? `:${pad(second)}` : '';
  const dayText = chance(r, 0.8) ? pad(day) : String(day);
  const yearText = pad(year, 4);
  const tail = chance(r, 0.15) ? pick(r, [' IST', ' (CEST)', ' GMT+05:30', ' extra words', '  ']) : '';
  const text = `${monthName} ${dayText}, ${yearText} ${pad(h)}:${pad(minute)}${sec}${meridiem ? ` ${meridiem}` : ''}${tail}`;
  return chance(r, 0.05) ? ` ${text.replace(/ /g, '  ')} ` : text;
}

/** ISO strings of every kind: canonical, offsets, fractions, no zone (join.me's own example), broken. */
function isoText(r: Random): string {
  const { year, month, day, hour, minute, second } = wallParts(r);
  const date = `${pad(year, 4)}-${pad(month + 1)}-${pad(day)}`;
  const sep = chance(r, 0.9) ? 'T' : pick(r, [' ', 't']);
  const secs = chance(r, 0.9) ? `:${pad(second)}` : '';
  const fraction = secs && chance(r, 0.1) ? pick(r, ['.5', '.123', '.999999', ',25']) : '';
  const zone = chance(r, 0.6)
    ? 'Z'
    : pick(r, ['', '', 'z', '+05:30', '-08:00', '+0530', '+05', ' Z', '+24:00', '-00:60', '+14:00', 'GMT', '+5:30']);
  const text = `${date}${sep}${pad(hour)}:${pad(minute)}${secs}${fraction}${zone}`;
  return chance(r, 0.05) ? pick(r, [` ${text} `, `${text}\n`, text.slice(0, -1), date, '', 'soon']) : text;
}

function anyScalar(r: Random): unknown {
  return pick(r, [
    null,
    undefined,
    true,
    0,
    -0,
    1.5,
    -60000,
    3600000,
    '3600000',
    ' 60000 ',
    '1e3',
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1e300,
    8.64e15,
    8.64e15 + 1,
    -8.64e15,
    1592573400000,
    '1592573400000',
    '',
    ' ',
    'x',
    {},
    [],
    ['a@example.com'],
  ]);
}

/** Keys a provider answer might carry besides the ones read: normalised names, odd ones, numeric ones. */
const EXTRA_KEYS = ['id', 'name', 'duration', 'agenda', 'data', 'paging', '__proto__', 'constructor', 'toString', '0', '12', 'x'];

function withExtras(r: Random, record: Record<string, unknown>): Record<string, unknown> {
  const n = chance(r, 0.7) ? 0 : 1 + int(r, 3);
  for (let i = 0; i < n; i++) {
    Object.defineProperty(record, pick(r, EXTRA_KEYS), { value: anyScalar(r), enumerable: true, writable: true, configurable: true });
  }
  return record;
}

const EMAILS = ['a@example.com', ' b@example.com ', '', ' ', 7, null, { email: 'c@example.com' }, { EMAIL: 'd@x' }, { mailId: 'e@x' }, {}];

function participants(r: Random): unknown {
  return chance(r, 0.6)
    ? Array.from({ length: int(r, 4) }, () => pick(r, EMAILS))
    : pick(r, ['a@example.com,b@example.com', ' , ', '', 5, null]);
}

function joinmeMeeting(r: Random): unknown {
  if (chance(r, 0.03)) return anyScalar(r);
  // JSON.parse makes "__proto__" an own key, as a provider answer would.
  const meeting: Record<string, unknown> = JSON.parse('{}');
  const fields: Record<string, () => unknown> = {
    meetingId: () => (chance(r, 0.8) ? 100000 + int(r, 1e6) : anyScalar(r)),
    meetingName: () => (chance(r, 0.9) ? `Meeting ${int(r, 100)}` : anyScalar(r)),
    meetingStart: () => (chance(r, 0.95) ? isoText(r) : anyScalar(r)),
    meetingEnd: () => (chance(r, 0.95) ? isoText(r) : anyScalar(r)),
    startWithPersonalUrl: () => chance(r, 0.5),
    participants: () => participants(r),
    conferenceId: () => String(int(r, 1000)),
    viewerLink: () => joinmeLink(r),
  };
  for (const [key, make] of Object.entries(fields)) if (chance(r, 0.8)) meeting[key] = make();
  // Inherited enumerable keys are no provider field (not a JSON answer, but the copy must still skip them).
  if (chance(r, 0.02)) Object.setPrototypeOf(meeting, { inherited: 'x', meetingName: 'inherited name' });
  return withExtras(r, meeting);
}

function joinmeLink(r: Random): unknown {
  return pick(r, [
    'https://join.me/123-456-789',
    'https://join.me/123456789?x=1#y',
    'https://secure.join.me/YourName',
    'https://join.me/ada.lovelace/',
    'https://join.me/',
    'https://join.me/a/b?c=d#e',
    '/',
    '',
    '?#',
    '987-654-321',
    5,
    null,
  ]);
}

function joinmeStart(r: Random): unknown {
  if (chance(r, 0.03)) return anyScalar(r);
  const start: Record<string, unknown> = JSON.parse('{}');
  if (chance(r, 0.9)) start.presenterLink = chance(r, 0.9) ? 'https://join.me/p/abc' : anyScalar(r);
  if (chance(r, 0.9)) start.viewerLink = joinmeLink(r);
  if (chance(r, 0.3)) start.audioConference = { number: '1' };
  return withExtras(r, start);
}

const MILLIS_KEYS = ['startTimeMillisec', 'startTimeMillis', 'startTimeInMillis', 'STARTTIMEMILLISEC', 'endTimeMillisec', 'EndTimeMillis'];

function zohoSession(r: Random, zones: readonly string[]): Record<string, unknown> {
  const session: Record<string, unknown> = JSON.parse('{}');
  const key = 1029384756 + int(r, 1e6);
  const fields: Record<string, () => unknown> = {
    meetingKey: () => (chance(r, 0.9) ? key : anyScalar(r)),
    webinarKey: () => key,
    sessionKey: () => String(key),
    topic: () => (chance(r, 0.9) ? `Review ${int(r, 100)}` : anyScalar(r)),
    agenda: () => (chance(r, 0.9) ? 'Numbers' : anyScalar(r)),
    presenterEmail: () => 'grace@example.com',
    startTime: () => (chance(r, 0.9) ? zohoText(r) : chance(r, 0.5) ? isoText(r) : anyScalar(r)),
    endTime: () => (chance(r, 0.9) ? zohoText(r) : chance(r, 0.5) ? isoText(r) : anyScalar(r)),
    duration: () => (chance(r, 0.8) ? pick(r, [3600000, 1800000, 5400000, '3600000', 0, 90000]) : anyScalar(r)),
    timezone: () => (chance(r, 0.95) ? pick(r, zones) : anyScalar(r)),
    joinLink: () => `https://meeting.zoho.com/join?key=${key}`,
    joinUrl: () => 'https://meeting.zoho.com/j',
    startLink: () => `https://meeting.zoho.com/meeting/start?key=${key}`,
    startUrl: () => 'https://meeting.zoho.com/s',
    participants: () => participants(r),
  };
  const rare = new Set(['webinarKey', 'sessionKey', 'joinUrl', 'startUrl']);
  for (const [name, make] of Object.entries(fields)) if (chance(r, rare.has(name) ? 0.1 : 0.8)) session[name] = make();
  if (chance(r, 0.1)) session[pick(r, MILLIS_KEYS)] = pick(r, [1592573400000, '1592573400000', 8.64e15 + 1, -1, 'soon', 1.5, -0.5]);
  return withExtras(r, session);
}

function zohoMeeting(r: Random, zones: readonly string[]): unknown {
  if (chance(r, 0.03)) return anyScalar(r);
  const inner = zohoSession(r, zones);
  return pick(r, [inner, inner, { session: inner }, { webinar: inner }, { session: anyScalar(r) }]);
}

/* ------------------------------------------------------------------ targets */

describe(`differential: fast normalisers and time helpers = the reference (${CASES.toLocaleString('en')} seeded cases each, seed ${SEED})`, function () {
  this.timeout(300000);

  it('join.me normaliseMeeting', () => {
    expectSame(differ('joinme.normaliseMeeting', joinmeMeeting, joinme.normaliseMeeting, reference.joinmeMeeting));
  });

  it('join.me normaliseMeetingList (with any limit)', () => {
    const make = (r: Random) => {
      const meetings = Array.from({ length: int(r, 6) }, () => joinmeMeeting(r));
      const body = chance(r, 0.1) ? meetings : chance(r, 0.05) ? anyScalar(r) : withExtras(r, { meetings });
      return { body, limit: chance(r, 0.5) ? undefined : pick(r, [0, 1, 2, 2.5, -1, 1e9, Number.POSITIVE_INFINITY]) };
    };
    expectSame(
      differ(
        'joinme.normaliseMeetingList',
        make,
        ({ body, limit }) => joinme.normaliseMeetingList(body, limit),
        ({ body, limit }) => reference.joinmeMeetingList(body, limit),
        5000,
      ),
    );
  });

  it('join.me normaliseStart (a personal room link never gives an id)', () => {
    const make = (r: Random) => ({ body: joinmeStart(r), id: chance(r, 0.3) ? pick(r, ['12345', '', 'a b']) : undefined });
    expectSame(
      differ(
        'joinme.normaliseStart',
        make,
        ({ body, id }) => joinme.normaliseStart(body, id),
        ({ body, id }) => reference.joinmeStart(body, id),
      ),
    );
  });

  it('Zoho normaliseMeeting', () => {
    expectSame(differ('zoho.normaliseMeeting', (r) => zohoMeeting(r, ZONES), zoho.normaliseMeeting, reference.zohoMeeting));
  });

  it('Zoho normaliseMeeting, every zone of the tz database', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    // One zone per case, in order, so each zone's cache is used as a list would use it.
    let next = 0;
    const make = (r: Random) => zohoMeeting(r, [zones[next++ % zones.length] as string]);
    expectSame(differ('zoho.normaliseMeeting.tz', make, zoho.normaliseMeeting, reference.zohoMeeting, zones.length * 10));
  });

  it('Zoho normaliseMeetingList (with any page)', () => {
    const make = (r: Random) => {
      const items = Array.from({ length: int(r, 5) }, () => (chance(r, 0.9) ? zohoSession(r, ZONES) : anyScalar(r)));
      const key = pick(r, ['session', 'webinar', 'sessions', 'webinars', 'x']);
      const body = chance(r, 0.05) ? anyScalar(r) : withExtras(r, { [key]: items, count: pick(r, [34, '34', 0, -1, 'many', undefined]) });
      return { body, index: 1 + int(r, 50), count: pick(r, [20, 100, 1, 0, -5]) };
    };
    expectSame(
      differ(
        'zoho.normaliseMeetingList',
        make,
        ({ body, index, count }) => zoho.normaliseMeetingList(body, index, count),
        ({ body, index, count }) => reference.zohoMeetingList(body, index, count),
        5000,
      ),
    );
  });

  it('toIsoUtc, with and without reading zone-less times as UTC', () => {
    const make = (r: Random) => ({
      value: chance(r, 0.8)
        ? isoText(r)
        : pick<unknown>(r, [int(r, 2 ** 40) * (chance(r, 0.5) ? 1 : -1), -0.5, 1.5, 8.64e15, -8.64e15 - 1, new Date(int(r, 2 ** 40))]),
      zoneless: chance(r, 0.5),
    });
    expectSame(
      differ(
        'time.toIsoUtc',
        make,
        ({ value, zoneless }) => time.toIsoUtc(value as string, zoneless),
        ({ value, zoneless }) => referenceTime.toIsoUtc(value as string, zoneless),
      ),
    );
  });

  it('parseZohoTime', () => {
    const make = (r: Random) => ({ text: chance(r, 0.97) ? zohoText(r) : (anyScalar(r) as string), zone: pick(r, ZONES) });
    expectSame(
      differ(
        'time.parseZohoTime',
        make,
        ({ text, zone }) => time.parseZohoTime(text, zone),
        ({ text, zone }) => referenceTime.parseZohoTime(text, zone),
      ),
    );
  });

  it('formatZohoTime', () => {
    const make = (r: Random) => ({
      instant: chance(r, 0.8)
        ? Date.UTC(1900 + int(r, 141), int(r, 12), 1 + int(r, 28), int(r, 24), int(r, 60), int(r, 60)) + pick(r, [0, 0, 1, 999, -1])
        : pick<unknown>(r, [isoText(r), -0.5, -62135596800001, 253402300799999, 8.64e15, Number.NaN, new Date(0)]),
      zone: pick(r, ZONES),
    });
    expectSame(
      differ(
        'time.formatZohoTime',
        make,
        ({ instant, zone }) => time.formatZohoTime(instant as number, zone),
        ({ instant, zone }) => referenceTime.formatZohoTime(instant as number, zone),
      ),
    );
  });

  it('the normalisers read through the raw types: a misspelt field does not compile (checked by tsc)', () => {
    const meeting: Loose<JoinmeRawMeeting> = { meetingStart: '2014-03-22T20:45:00' };
    const session: Loose<ZohoRawSession> = { topic: 'x' };
    // @ts-expect-error join.me calls it meetingStart
    expect(meeting.meetingStarts).to.equal(undefined);
    // @ts-expect-error Zoho calls it topic
    expect(session.topik).to.equal(undefined);
  });

  it('the comparison itself tells key order, -0 and absent members apart', () => {
    expect(difference({ a: 1, b: 2 }, { b: 2, a: 1 })).to.be.a('string');
    expect(difference({ duration: -0 }, { duration: 0 })).to.be.a('string');
    expect(difference({ a: undefined }, {})).to.be.a('string');
    expect(difference([1, { x: 'y' }], [1, { x: 'y' }])).to.equal(undefined);
  });
});
