/**
 * Wall time in an IANA zone <-> UTC instant, with Intl only (no libraries), correct across DST.
 * Zoho Meeting speaks "Jun 19, 2020 07:00 PM" in the meeting's `timezone`; join.me speaks ISO UTC.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

/** @type {Map<string, Intl.DateTimeFormat>} */
const formatters = new Map();

/** @param {string} timeZone */
function formatterFor(timeZone) {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** @param {unknown} timeZone @returns {timeZone is string} */
export function isTimeZone(timeZone) {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * @typedef {{ year: number, month: number, day: number, hour: number, minute: number, second?: number }} WallTime
 * month is 1-12
 */

/**
 * The wall clock in `timeZone` at `instant`.
 * @param {number} instant ms since the epoch
 * @param {string} timeZone
 * @returns {Required<WallTime>}
 */
export function wallTimeAt(instant, timeZone) {
  /** @type {Record<string, number>} */
  const parts = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** @param {WallTime} wall the wall time read as if it were UTC */
const asUtc = (wall) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);

/**
 * Offset of `timeZone` from UTC at `instant`, in ms (east positive).
 * @param {number} instant
 * @param {string} timeZone
 */
export function offsetAt(instant, timeZone) {
  const whole = Math.floor(instant / 1000) * 1000;
  return asUtc(wallTimeAt(whole, timeZone)) - whole;
}

/**
 * The instant a wall time in `timeZone` names. Ambiguous times (clocks going back) take the earlier
 * instant; times that do not exist (clocks going forward) move forward by the gap, like java.time.
 * @param {WallTime} wall
 * @param {string} timeZone
 */
export function wallTimeToInstant(wall, timeZone) {
  const local = asUtc(wall);
  // The offsets a day either side bracket any transition near this wall time.
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const candidates = [local - before, local - after].filter((instant) => asUtc(wallTimeAt(instant, timeZone)) === local);
  if (candidates.length > 0) return Math.min(...candidates);
  return local - before; // in the gap: read with the offset in force before it
}

/**
 * Parses Zoho's "Jun 19, 2020 07:00 PM" as a wall time in `timeZone`.
 * @param {unknown} text
 * @param {string} timeZone
 * @returns {number | undefined} the instant, or undefined when the text is not that format or not a date
 */
export function parseZohoTime(text, timeZone) {
  if (typeof text !== 'string') return undefined;
  const match = /^([A-Z][a-z]{2}) (\d{1,2}), (\d{4}) (\d{1,2}):(\d{2}) (AM|PM)$/.exec(text.trim());
  if (!match) return undefined;
  const [, monthName, dayText, yearText, hourText, minuteText, half] = match;
  const month = MONTHS.indexOf(/** @type {string} */ (monthName)) + 1;
  const [day, year, hour12, minute] = [dayText, yearText, hourText, minuteText].map(Number);
  if (month === 0 || hour12 < 1 || hour12 > 12 || minute > 59) return undefined;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  const hour = (hour12 % 12) + (half === 'PM' ? 12 : 0);
  return wallTimeToInstant({ year, month, day, hour, minute }, timeZone);
}

const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');

/**
 * Formats an instant the way Zoho answers: "Jun 19, 2020 07:00 PM", optionally " IST".
 * @param {number} instant
 * @param {string} timeZone
 * @param {{ suffix?: boolean }} [options]
 */
export function formatZohoTime(instant, timeZone, { suffix = false } = {}) {
  const wall = wallTimeAt(instant, timeZone);
  const hour12 = wall.hour % 12 === 0 ? 12 : wall.hour % 12;
  const text = `${MONTHS[wall.month - 1]} ${pad(wall.day)}, ${wall.year} ${pad(hour12)}:${pad(wall.minute)} ${wall.hour < 12 ? 'AM' : 'PM'}`;
  return suffix ? `${text} ${zoneAbbreviation(instant, timeZone)}` : text;
}

// en-US names only American zones; these locales name the others (IST, CEST, AEST, BST...).
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU', 'en-CA', 'en-NZ'];

/**
 * A short zone name as Zoho appends it (Java style "IST"); "GMT+9" when no locale has a name.
 * @param {number} instant
 * @param {string} timeZone
 */
export function zoneAbbreviation(instant, timeZone) {
  /** @type {string | undefined} */
  let fallback;
  for (const locale of ABBREVIATION_LOCALES) {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (name === undefined) continue;
    fallback ??= name;
    if (!/^(GMT|UTC)[+-−]/.test(name)) return name;
  }
  return fallback ?? 'GMT';
}

/**
 * The calendar date of `instant` in `timeZone`, as 'YYYY-MM-DD' (for "today" lists).
 * @param {number} instant
 * @param {string} timeZone
 */
export function dateIn(instant, timeZone) {
  const wall = wallTimeAt(instant, timeZone);
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/**
 * Parses an ISO 8601 date-time; one without a zone is read as UTC (never as the emulator host's zone).
 * @param {unknown} text
 * @returns {number | undefined}
 */
export function parseIso(text) {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))?$/i.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '0', zone, sign, zoneHours = '0', zoneMinutes = '0'] = match;
  const [y, mo, d, h, mi, s, zh, zm] = [year, month, day, hour, minute, second, zoneHours, zoneMinutes].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || s > 59 || zh > 23 || zm > 59) {
    return undefined;
  }
  const offset = zone && sign ? (sign === '-' ? -1 : 1) * (zh * 60 + zm) * 60_000 : 0;
  return Date.UTC(y, mo - 1, d, h, mi, s, Number(fraction.slice(0, 3).padEnd(3, '0'))) - offset;
}

/**
 * 'YYYY-MM-DDTHH:MM:SSZ', join.me's form (no milliseconds).
 * @param {number} instant
 */
export function isoUtc(instant) {
  return new Date(Math.floor(instant / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
