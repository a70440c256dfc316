/**
 * Time helpers for Zoho Meeting, which reads and writes wall-clock strings such as
 * `"Jun 19, 2020 07:00 PM"` in the meeting's IANA time zone and durations in milliseconds,
 * while the public API uses ISO 8601 UTC instants (`2020-06-19T13:30:00Z`) and minutes.
 * Only `Intl` is used (no date library). No function here throws: bad input gives `undefined`.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const MAX_TIME = 8.64e15;
const MONTH_NAMES = 'January February March April May June July August September October November December'.split(' ');

// One formatter per zone (null: not a zone Intl knows). Bounded so odd input cannot grow it forever.
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: unknown): Intl.DateTimeFormat | undefined {
  if (typeof timeZone !== 'string') return undefined;
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
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
    } catch {
      formatter = null;
    }
    if (formatters.size >= 200) formatters.clear();
    formatters.set(timeZone, formatter);
  }
  return formatter ?? undefined;
}

/** True when `value` is a time zone `Intl` accepts (an IANA name such as `Asia/Kolkata`). */
export function isTimeZone(value: unknown): value is string {
  return formatterFor(value) !== undefined;
}

/** Milliseconds since the epoch of a UTC date-time; correct for years 0-99 too (unlike `Date.UTC`). */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.setUTCHours(hour, minute, second, 0);
}

/** `utc(...)`, or NaN when a field is out of range (February 30, 24:00, a 60th second...). */
function checkedUtc(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const time = utc(year, month, day, hour, minute, second);
  const check = new Date(time);
  const valid = check.getUTCDate() === day && check.getUTCMonth() === month && hour < 24 && minute < 60 && second < 60;
  return valid ? time : Number.NaN;
}

/** The wall clock of `zone` at instant `time` (whole seconds), expressed as if it were UTC. */
function wallTime(time: number, zone: Intl.DateTimeFormat): number {
  if (!(Math.abs(time) <= MAX_TIME)) return Number.NaN;
  const parts: Partial<Record<string, string>> = {};
  for (const { type, value } of zone.formatToParts(time)) parts[type] = value;
  const year = Number(parts.year);
  return utc(
    parts.era === 'BC' ? 1 - year : year,
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
    Number(parts.second),
  );
}

/** Offset of `zone` from UTC at instant `time`, in milliseconds (+05:30 gives 19,800,000). */
function offsetAt(time: number, zone: Intl.DateTimeFormat): number {
  const seconds = Math.floor(time / 1000) * 1000;
  return wallTime(seconds, zone) - seconds;
}

/**
 * The instant at which `zone` shows wall time `local` (given as if UTC). Like Temporal's 'compatible'
 * disambiguation: a wall time skipped by a forward shift (DST gap) resolves forward, i.e. is read with the
 * offset in force before the shift ("02:30" on a spring-forward night becomes 03:30 summer time), and a wall
 * time that occurs twice (fall-back overlap) resolves to the earlier instant (the summer-time one).
 */
function wallToInstant(local: number, zone: Intl.DateTimeFormat): number {
  const before = offsetAt(local - DAY, zone);
  const after = offsetAt(local + DAY, zone);
  // The same offset on both sides: the answer below is `local - before` whatever the check says.
  if (before === after) return local - before;
  for (const offset of [before, after]) {
    if (offsetAt(local - offset, zone) === offset) return local - offset;
  }
  return local - before;
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?\s*(?:(Z)|([+-])(\d\d)(?::?(\d\d))?)$/i;

/** Epoch milliseconds of a Date, a number, or an ISO 8601 string with `Z` or an offset; NaN otherwise. */
function toTime(value: unknown): number {
  let time = Number.NaN;
  if (value instanceof Date || typeof value === 'number') time = Number(value);
  const m = typeof value === 'string' ? ISO.exec(value.trim()) : null;
  if (m) {
    const [, y, mo, d, h, mi, s = 0, fraction = '', z, sign, oh = 0, om = 0] = m;
    const local = checkedUtc(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
    if (Number(oh) < 24 && Number(om) < 60) {
      time = local + millis - (z ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * MINUTE);
    }
  }
  return Math.abs(time) <= MAX_TIME ? time : Number.NaN;
}

/**
 * `2020-06-19T13:30:00Z` for a Date, epoch milliseconds or an ISO 8601 string with `Z` or an offset
 * (strings without one are refused: their meaning would depend on the browser's zone). Always
 * `YYYY-MM-DDTHH:mm:ssZ`: milliseconds are dropped (truncated). Undefined when invalid or outside years 0-9999.
 */
export function toIsoUtc(value: Date | string | number): string | undefined {
  const time = toTime(value);
  if (!Number.isFinite(time)) return undefined;
  const iso = new Date(time).toISOString();
  return /^\d{4}-/.test(iso) ? `${iso.slice(0, 19)}Z` : undefined;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The Zoho form of `instant` in `timeZone`: `"Jun 19, 2020 07:00 PM"` (seconds are dropped).
 * Undefined for an invalid instant or zone, or a year outside 1-9999.
 */
export function formatZohoTime(instant: Date | string | number, timeZone: string): string | undefined {
  const zone = formatterFor(timeZone);
  const time = toTime(instant);
  if (!zone || !Number.isFinite(time)) return undefined;
  const wall = new Date(wallTime(time, zone));
  const year = wall.getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) return undefined;
  const hour = wall.getUTCHours();
  // Zoho's month is the name's first three letters: "Jun".
  const month = (MONTH_NAMES[wall.getUTCMonth()] as string).slice(0, 3);
  return `${month} ${pad(wall.getUTCDate())}, ${String(year).padStart(4, '0')} ${pad(hour % 12 || 12)}:${pad(wall.getUTCMinutes())} ${hour < 12 ? 'AM' : 'PM'}`;
}

// "Jun 19, 2020 07:00 PM", "Jan 4, 2024 07:00 pm IST", "June 19 2020 19:00:00 GMT+05:30", "(CEST)" ...
const ZOHO =
  /^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(\d{1,2}):(\d\d)(?::(\d\d))?\s*(?:([ap])\.?m\.?)?(?:\s+\(?[a-z+-][\w+\-:/]*\)?)?$/i;

/**
 * The instant a Zoho wall-clock string denotes in `timeZone` (the meeting's zone decides: a trailing zone
 * abbreviation is ignored). Accepts 12-hour (`07:00 PM`, any case) and 24-hour (`19:00`) forms, optional
 * seconds and extra spaces. See `wallToInstant` for DST gaps and overlaps. Undefined on anything else.
 */
export function parseZohoTime(text: string, timeZone: string): Date | undefined {
  const zone = formatterFor(timeZone);
  const m = typeof text === 'string' ? ZOHO.exec(text.trim()) : null;
  if (!zone || !m) return undefined;
  const [, name = '', d, y, h, mi, s = 0, meridiem] = m;
  const word = name.toLowerCase();
  const month = MONTH_NAMES.findIndex((full) => full.toLowerCase().startsWith(word));
  let hour = Number(h);
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  }
  const local = checkedUtc(Number(y), month, Number(d), hour, Number(mi), Number(s));
  if (month < 0 || Number.isNaN(local)) return undefined;
  const time = wallToInstant(local, zone);
  return Number.isFinite(time) ? new Date(time) : undefined;
}

/** A non-negative finite number, or a string holding one (`"3600000"`); NaN otherwise. */
function toAmount(value: unknown): number {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : Number.NaN;
}

/** Minutes (number or numeric string) to whole milliseconds; undefined when not a non-negative number. */
export function minutesToMs(minutes: unknown): number | undefined {
  const n = toAmount(minutes);
  return Number.isNaN(n) ? undefined : Math.round(n * MINUTE);
}

/** Milliseconds (number or numeric string, as Zoho's `duration`) to whole minutes, rounded. */
export function msToMinutes(ms: unknown): number | undefined {
  const n = toAmount(ms);
  return Number.isNaN(n) ? undefined : Math.round(n / MINUTE);
}
