/**
 * Time helpers for Zoho Meeting, which reads and writes wall-clock strings such as
 * `"Jun 19, 2020 07:00 PM"` in the meeting's IANA time zone and durations in milliseconds,
 * while the public API uses ISO 8601 UTC instants (`2020-06-19T13:30:00Z`) and minutes.
 * Only `Intl` is used (no date library), and only for zone offsets, cached per zone and UTC day: dates
 * are plain arithmetic on days since the epoch. No function here throws: bad input gives `undefined`.
 */

const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MAX_TIME = 8.64e15;
const MONTH_NAMES = 'january february march april may june july august september october november december'.split(' ');

/** A zone `Intl` knows, with its UTC offset at the start of each UTC day seen so far. */
interface Zone {
  format: Intl.DateTimeFormat;
  days: Map<number, number>;
}

// One per zone (null: not a zone Intl knows). Bounded so odd input cannot grow it forever.
const zones = new Map<string, Zone | null>();

function zoneOf(timeZone: unknown): Zone | undefined {
  if (typeof timeZone !== 'string') return undefined;
  let zone = zones.get(timeZone);
  if (zone === undefined) {
    try {
      const format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      zone = { format, days: new Map() };
    } catch {
      zone = null;
    }
    if (zones.size >= 200) zones.clear();
    zones.set(timeZone, zone);
  }
  return zone ?? undefined;
}

/** True when `value` is a time zone `Intl` accepts (an IANA name such as `Asia/Kolkata`). */
export function isTimeZone(value: unknown): value is string {
  return zoneOf(value) !== undefined;
}

/** Days since 1970-01-01 of a proleptic Gregorian date, any year (month 1-12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Epoch milliseconds of a UTC date-time (month 0-11), or NaN when a field is out of range (February 30, 24:00...). */
function checkedUtc(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  // The month's length is the distance to the next month's first day (month 13 is January of the next year),
  // needed only past the 28th: toIsoUtc reads every provider time through here.
  const first = daysFromCivil(year, month + 1, 1);
  const inMonth = day >= 1 && (day <= 28 || day <= daysFromCivil(year, month + 2, 1) - first);
  return month >= 0 && month < 12 && inMonth && hour < 24 && minute < 60 && second < 60
    ? (first + day - 1) * DAY + hour * HOUR + minute * MINUTE + second * SECOND
    : Number.NaN;
}

// `YYYY-MM-DDT` of each UTC day seen so far (a list's times fall on few days). Bounded like `zones`.
const dayPrefixes = new Map<number, string>();

/** `YYYY-MM-DDTHH:mm:ssZ` of epoch milliseconds (truncated to the second), undefined outside years 0-9999. */
export function isoOfTime(value: number): string | undefined {
  if (!(Math.abs(value) <= MAX_TIME)) return undefined;
  const time = Math.trunc(value); // as `new Date(value)` does
  const days = Math.floor(time / DAY);
  let date = dayPrefixes.get(days);
  if (date === undefined) {
    // Years outside 0-9999 come out as `+010000-…` or `-000001-…`: no `T` at index 10.
    date = new Date(days * DAY).toISOString().slice(0, 11);
    if (dayPrefixes.size >= 4096) dayPrefixes.clear();
    dayPrefixes.set(days, date);
  }
  const seconds = Math.floor((time - days * DAY) / SECOND);
  return date[10] === 'T'
    ? `${date}${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}Z`
    : undefined;
}

/** The wall clock of `zone` at instant `time` (whole seconds), expressed as if it were UTC. */
function wallTime(time: number, zone: Zone): number {
  if (!(Math.abs(time) <= MAX_TIME)) return Number.NaN;
  const parts: Partial<Record<string, string>> = {};
  for (const { type, value } of zone.format.formatToParts(time)) parts[type] = value;
  const year = Number(parts.year);
  // Intl's fields are always in range: checkedUtc only assembles them.
  return checkedUtc(
    parts.era === 'BC' ? 1 - year : year,
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
    Number(parts.second),
  );
}

/** The offset of `zone` at the start of UTC day `day`, asked of `Intl` once per zone and day. */
function dayOffset(zone: Zone, day: number): number {
  let offset = zone.days.get(day);
  if (offset === undefined) {
    offset = wallTime(day * DAY, zone) - day * DAY;
    if (zone.days.size >= 4096) zone.days.clear();
    zone.days.set(day, offset);
  }
  return offset;
}

/**
 * Offset of `zone` from UTC at instant `time`, in milliseconds (+05:30 gives 19,800,000). A day that
 * starts and ends on the same offset has it throughout (no zone shifts twice within a day); a transition
 * day asks `Intl` for the exact instant.
 */
function offsetAt(time: number, zone: Zone): number {
  const seconds = Math.floor(time / 1000) * 1000;
  const day = Math.floor(seconds / DAY);
  const offset = dayOffset(zone, day);
  return offset === dayOffset(zone, day + 1) ? offset : wallTime(seconds, zone) - seconds;
}

/**
 * The instant at which `zone` shows wall time `local` (given as if UTC). Like Temporal's 'compatible'
 * disambiguation: a wall time skipped by a forward shift (DST gap) resolves forward, i.e. is read with the
 * offset in force before the shift ("02:30" on a spring-forward night becomes 03:30 summer time), and a wall
 * time that occurs twice (fall-back overlap) resolves to the earlier instant (the summer-time one).
 */
function wallToInstant(local: number, zone: Zone): number {
  const before = offsetAt(local - DAY, zone);
  const after = offsetAt(local + DAY, zone);
  for (const offset of [before, after]) {
    if (offsetAt(local - offset, zone) === offset) return local - offset;
  }
  return local - before;
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?\s*(?:(Z)|([+-])(\d\d)(?::?(\d\d))?)?$/i;

const digits = (text: string, at: number, count: number): number => {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    n = n * 10 + digit;
  }
  return n;
};

/** Epoch milliseconds of `YYYY-MM-DDTHH:mm:ssZ` exactly (what providers and this module write), else NaN. */
export function isoMillis(text: string): number {
  return text.length === 20 &&
    text[4] === '-' &&
    text[7] === '-' &&
    text[10] === 'T' &&
    text[13] === ':' &&
    text[16] === ':' &&
    text[19] === 'Z'
    ? checkedUtc(
        digits(text, 0, 4),
        digits(text, 5, 2) - 1,
        digits(text, 8, 2),
        digits(text, 11, 2),
        digits(text, 14, 2),
        digits(text, 17, 2),
      )
    : Number.NaN;
}

/**
 * Epoch milliseconds of a Date, a number, or an ISO 8601 string with `Z` or an offset (or, when
 * `zoneless`, without one: then UTC); NaN otherwise.
 */
function toTime(value: unknown, zoneless: boolean): number {
  let time = Number.NaN;
  if (value instanceof Date || typeof value === 'number') time = Number(value);
  const m = typeof value === 'string' ? ISO.exec(value.trim()) : null;
  if (m && (zoneless || m[8] || m[9])) {
    const [, y, mo, d, h, mi, s = 0, fraction = '', , sign, oh = 0, om = 0] = m;
    const local = checkedUtc(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
    // The offset as a time of day on the epoch's first day: NaN past 23:59.
    const offset = checkedUtc(1970, 0, 1, Number(oh), Number(om), 0);
    time = local + millis - (sign === '-' ? -offset : offset);
  }
  return Math.abs(time) <= MAX_TIME ? time : Number.NaN;
}

/**
 * `2020-06-19T13:30:00Z` for a Date, epoch milliseconds or an ISO 8601 string with `Z` or an offset
 * (strings without one are refused unless `zoneless`, which reads them as UTC: elsewhere their meaning
 * would depend on the browser's zone). Always `YYYY-MM-DDTHH:mm:ssZ`: milliseconds are dropped
 * (truncated). Undefined when invalid or outside years 0-9999.
 */
export function toIsoUtc(value: Date | string | number, zoneless = false): string | undefined {
  // Already in that form (most provider times): the same string.
  if (typeof value === 'string' && !Number.isNaN(isoMillis(value))) return value;
  return isoOfTime(toTime(value, zoneless));
}

const pad = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * The Zoho form of `instant` in `timeZone`: `"Jun 19, 2020 07:00 PM"` (seconds are dropped).
 * Undefined for an invalid instant or zone, or a year outside 1-9999.
 */
export function formatZohoTime(instant: Date | string | number, timeZone: string): string | undefined {
  const zone = zoneOf(timeZone);
  const time = toTime(instant, false);
  const iso = zone && isoOfTime(wallTime(time, zone));
  if (!iso || iso < '0001') return undefined;
  const hour = Number(iso.slice(11, 13));
  // Zoho's month is the name's first three letters: "Jun".
  const month = MONTH_NAMES[Number(iso.slice(5, 7)) - 1] as string;
  return `${month[0]?.toUpperCase()}${month.slice(1, 3)} ${iso.slice(8, 10)}, ${iso.slice(0, 4)} ${pad(hour % 12 || 12)}:${iso.slice(14, 16)} ${hour < 12 ? 'AM' : 'PM'}`;
}

// "Jun 19, 2020 07:00 PM", "Jan 4, 2024 07:00 pm IST", "June 19 2020 19:00:00 GMT+05:30", "(CEST)" ...
const ZOHO =
  /^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(\d{1,2}):(\d\d)(?::(\d\d))?\s*(?:([ap])\.?m\.?)?(?:\s+\(?[a-z+-][\w+\-:/]*\)?)?$/i;

const ZOHO_OWN = /^[a-z]{3} \d\d, \d{4} \d\d:\d\d [ap]m$/i;

/**
 * Epoch milliseconds of a Zoho wall-clock string in `timeZone` (the meeting's zone decides: a trailing
 * zone abbreviation is ignored), NaN on anything else. See `parseZohoTime`.
 */
export function zohoMillis(text: string, timeZone: string): number {
  const zone = zoneOf(timeZone);
  // Not a Zoho string: NaN, which wallToInstant passes through.
  return zone ? wallToInstant(zohoWall(text), zone) : Number.NaN;
}

/**
 * The month (0-11) a name or its start spells ("jun", "June", "Sept"), any case; -1 otherwise. Only ASCII
 * letters can match: no other character lower-cases to a letter of a month name.
 */
function monthOf(word: string): number {
  const lower = word.toLowerCase();
  return MONTH_NAMES.findIndex((full) => full.startsWith(lower));
}

/** The wall time of a Zoho string, as if UTC; NaN when it is not one. */
function zohoWall(text: string): number {
  // Zoho's own form, "Jun 19, 2020 07:00 PM", read without capturing groups (a list is mostly these).
  if (ZOHO_OWN.test(text)) {
    const hour = hour24(digits(text, 13, 2), text.slice(19).toLowerCase());
    const wall = checkedUtc(digits(text, 8, 4), monthOf(text.slice(0, 3)), digits(text, 4, 2), hour, digits(text, 16, 2), 0);
    // Anything odd (a 60th minute, no such month) goes the long way, which decides.
    if (!Number.isNaN(wall)) return wall;
  }
  const m = ZOHO.exec(text.trim());
  if (!m) return Number.NaN;
  const [, name = '', d, y, h, mi, s = 0, meridiem] = m;
  const hour = meridiem ? hour24(Number(h), meridiem.toLowerCase()) : Number(h);
  return checkedUtc(Number(y), monthOf(name), Number(d), hour, Number(mi), Number(s));
}

/** An hour of a 12-hour clock (1-12) with its lower-case meridiem (`a`, `pm`...) as 0-23; NaN out of range. */
function hour24(hour: number, meridiem: string): number {
  return hour >= 1 && hour <= 12 ? (hour % 12) + (meridiem[0] === 'p' ? 12 : 0) : Number.NaN;
}

/**
 * The instant a Zoho wall-clock string denotes in `timeZone` (the meeting's zone decides: a trailing zone
 * abbreviation is ignored). Accepts 12-hour (`07:00 PM`, any case) and 24-hour (`19:00`) forms, optional
 * seconds and extra spaces. See `wallToInstant` for DST gaps and overlaps. Undefined on anything else.
 */
export function parseZohoTime(text: string, timeZone: string): Date | undefined {
  const time = typeof text === 'string' ? zohoMillis(text, timeZone) : Number.NaN;
  return Number.isFinite(time) ? new Date(time) : undefined;
}

/** `convert(n)` rounded, for `n` a non-negative finite number or a string holding one (`"3600000"`). */
function amountIn(value: unknown, convert: (n: number) => number): number | undefined {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? Math.round(convert(n)) : undefined;
}

/** Minutes (number or numeric string) to whole milliseconds; undefined when not a non-negative number. */
export function minutesToMs(minutes: unknown): number | undefined {
  return amountIn(minutes, (n) => n * MINUTE);
}

/** Milliseconds (number or numeric string, as Zoho's `duration`) to whole minutes, rounded. */
export function msToMinutes(ms: unknown): number | undefined {
  return amountIn(ms, (n) => n / MINUTE);
}
