// REFERENCE, kept for the differential tests: time.ts as it was before the speed work (one Intl call
// per offset, Date objects), plus issue 11's `zoneless` reading of join.me answers. Never optimise this file.

const MINUTE = 60_000;
const DAY = 86_400_000;
const MAX_TIME = 8.64e15;
const MONTH_NAMES = 'January February March April May June July August September October November December'.split(' ');

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

export function isTimeZone(value: unknown): value is string {
  return formatterFor(value) !== undefined;
}

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.setUTCHours(hour, minute, second, 0);
}

function checkedUtc(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const time = utc(year, month, day, hour, minute, second);
  const check = new Date(time);
  const valid = check.getUTCDate() === day && check.getUTCMonth() === month && hour < 24 && minute < 60 && second < 60;
  return valid ? time : Number.NaN;
}

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

function offsetAt(time: number, zone: Intl.DateTimeFormat): number {
  const seconds = Math.floor(time / 1000) * 1000;
  return wallTime(seconds, zone) - seconds;
}

function wallToInstant(local: number, zone: Intl.DateTimeFormat): number {
  const before = offsetAt(local - DAY, zone);
  const after = offsetAt(local + DAY, zone);
  if (before === after) return local - before;
  for (const offset of [before, after]) {
    if (offsetAt(local - offset, zone) === offset) return local - offset;
  }
  return local - before;
}

// Issue 11: the zone is optional here; only `zoneless` readers accept a string without one.
const ISO = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?\s*(?:(Z)|([+-])(\d\d)(?::?(\d\d))?)?$/i;

function toTime(value: unknown, zoneless = false): number {
  let time = Number.NaN;
  if (value instanceof Date || typeof value === 'number') time = Number(value);
  const m = typeof value === 'string' ? ISO.exec(value.trim()) : null;
  if (m && (zoneless || m[8] || m[9])) {
    const [, y, mo, d, h, mi, s = 0, fraction = '', z, sign, oh = 0, om = 0] = m;
    const local = checkedUtc(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
    if (Number(oh) < 24 && Number(om) < 60) {
      time = local + millis - (z || !sign ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * MINUTE);
    }
  }
  return Math.abs(time) <= MAX_TIME ? time : Number.NaN;
}

export function toIsoUtc(value: Date | string | number, zoneless = false): string | undefined {
  const time = toTime(value, zoneless);
  if (!Number.isFinite(time)) return undefined;
  const iso = new Date(time).toISOString();
  return /^\d{4}-/.test(iso) ? `${iso.slice(0, 19)}Z` : undefined;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function formatZohoTime(instant: Date | string | number, timeZone: string): string | undefined {
  const zone = formatterFor(timeZone);
  const time = toTime(instant);
  if (!zone || !Number.isFinite(time)) return undefined;
  const wall = new Date(wallTime(time, zone));
  const year = wall.getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) return undefined;
  const hour = wall.getUTCHours();
  const month = (MONTH_NAMES[wall.getUTCMonth()] as string).slice(0, 3);
  return `${month} ${pad(wall.getUTCDate())}, ${String(year).padStart(4, '0')} ${pad(hour % 12 || 12)}:${pad(wall.getUTCMinutes())} ${hour < 12 ? 'AM' : 'PM'}`;
}

const ZOHO =
  /^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+(\d{1,2}):(\d\d)(?::(\d\d))?\s*(?:([ap])\.?m\.?)?(?:\s+\(?[a-z+-][\w+\-:/]*\)?)?$/i;

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

function toAmount(value: unknown): number {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : Number.NaN;
}

export function msToMinutes(ms: unknown): number | undefined {
  const n = toAmount(ms);
  return Number.isNaN(n) ? undefined : Math.round(n / MINUTE);
}
