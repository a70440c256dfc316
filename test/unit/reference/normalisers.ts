// REFERENCE, kept for the differential tests: the meeting normalisers of join.me and Zoho as they were
// before the speed work (spread, `compact`, a regex and Date objects per time), with the JSON helpers they
// used, plus issue 11's join.me changes: a time without a zone in an answer is UTC, and a personal-room
// `viewerLink` never becomes an ad-hoc meeting's id. Never optimise this file.
import { isTimeZone, msToMinutes, parseZohoTime, toIsoUtc } from './time.ts';

type JsonRecord = Record<string, unknown>;
type Meeting = { id: string; [field: string]: unknown };
type MeetingList = { data: Meeting[]; paging?: { next?: string; total?: number }; [field: string]: unknown };

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

function fieldOf(record: JsonRecord, ...names: string[]): unknown {
  for (const name of names) if (name in record) return record[name];
  const lower = names.map((name) => name.toLowerCase());
  for (const key of Object.keys(record)) if (lower.includes(key.toLowerCase())) return record[key];
  return undefined;
}

function compact<T extends JsonRecord>(record: T): T {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}

function emailsOf(value: unknown): string[] | undefined {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items) return undefined;
  return items
    .map((item) => (isRecord(item) ? stringOf(fieldOf(item, 'email', 'emailId', 'mailId')) : stringOf(item)))
    .map((email) => email?.trim())
    .filter((email): email is string => Boolean(email));
}

const MEETING_FIELDS = ['id', 'name', 'start_time', 'end_time', 'duration', 'timezone', 'agenda', 'join_url', 'start_url', 'participants'];
const LIST_FIELDS = ['data', 'paging'];

function providerFields(record: JsonRecord, names: readonly string[]): JsonRecord {
  const fields: JsonRecord = {};
  for (const key of Object.keys(record)) if (!names.includes(key)) fields[key] = record[key];
  return fields;
}

/* ------------------------------------------------------------------ join.me */

function minutesBetween(start: string | undefined, end: string | undefined): number | undefined {
  if (!start || !end) return undefined;
  const minutes = Math.round((Date.parse(end) - Date.parse(start)) / 60000);
  return Number.isFinite(minutes) && minutes >= 0 ? minutes : undefined;
}

export function joinmeMeeting(raw: unknown): Meeting {
  const record: JsonRecord = isRecord(raw) ? raw : {};
  const start_time = toIsoUtc(stringOf(record.meetingStart) ?? '', true);
  const end_time = toIsoUtc(stringOf(record.meetingEnd) ?? '', true);
  return compact({
    ...providerFields(record, MEETING_FIELDS),
    id: stringOf(record.meetingId) ?? '',
    name: stringOf(record.meetingName),
    start_time,
    end_time,
    duration: minutesBetween(start_time, end_time),
    timezone: start_time ? 'UTC' : undefined,
    join_url: stringOf(record.viewerLink),
    participants: emailsOf(record.participants),
  });
}

export function joinmeMeetingList(raw: unknown, limit?: number): MeetingList {
  const meetings = isRecord(raw) && Array.isArray(raw.meetings) ? raw.meetings : Array.isArray(raw) ? raw : [];
  const data = meetings.map(joinmeMeeting);
  return {
    ...providerFields(isRecord(raw) ? raw : {}, LIST_FIELDS),
    data: limit !== undefined && limit >= 0 ? data.slice(0, limit) : data,
  };
}

export function joinmeStart(raw: unknown, meetingId?: string): Meeting {
  const record: JsonRecord = isRecord(raw) ? raw : {};
  const join_url = stringOf(record.viewerLink);
  const code = join_url?.split(/[?#]/)[0]?.split('/').filter(Boolean).pop();
  return compact({
    ...providerFields(record, MEETING_FIELDS),
    // Issue 11: a personal room's link ends in a name; only a meeting code (digits and dashes) is an id.
    id: meetingId ?? (code && /^\d[\d-]*$/.test(code) ? code : undefined) ?? '',
    start_url: stringOf(record.presenterLink),
    join_url,
  });
}

/* ------------------------------------------------------------------ Zoho */

function instantOf(record: JsonRecord, field: 'startTime' | 'endTime', timeZone: string): string | undefined {
  const millis = numberOf(fieldOf(record, `${field}Millisec`, `${field}Millis`, `${field}InMillis`));
  if (millis !== undefined) return toIsoUtc(millis);
  const text = stringOf(record[field]);
  if (!text) return undefined;
  const parsed = parseZohoTime(text, timeZone);
  return parsed ? toIsoUtc(parsed) : toIsoUtc(text);
}

export function zohoMeeting(raw: unknown): Meeting {
  const outer: JsonRecord = isRecord(raw) ? raw : {};
  const inner = isRecord(outer.session) ? outer.session : isRecord(outer.webinar) ? outer.webinar : outer;
  const record: JsonRecord = inner;
  const zone = stringOf(record.timezone);
  const timezone = zone && isTimeZone(zone) ? zone : undefined;
  const start_time = instantOf(record, 'startTime', timezone ?? 'UTC');
  let duration = msToMinutes(record.duration);
  let end_time = instantOf(record, 'endTime', timezone ?? 'UTC');
  if (end_time === undefined && start_time !== undefined && duration !== undefined) {
    end_time = toIsoUtc(Date.parse(start_time) + duration * 60000);
  }
  if (duration === undefined && start_time && end_time) duration = Math.round((Date.parse(end_time) - Date.parse(start_time)) / 60000);
  return compact({
    ...providerFields(record, MEETING_FIELDS),
    id: stringOf(record.meetingKey) ?? stringOf(record.webinarKey) ?? stringOf(record.sessionKey) ?? '',
    name: stringOf(record.topic),
    start_time,
    end_time,
    duration,
    timezone,
    agenda: stringOf(record.agenda),
    join_url: stringOf(record.joinLink) ?? stringOf(record.joinUrl),
    start_url: stringOf(record.startLink) ?? stringOf(record.startUrl),
    participants: emailsOf(record.participants),
  });
}

export function zohoMeetingList(raw: unknown, index = 1, count = 20): MeetingList {
  const record: JsonRecord = isRecord(raw) ? raw : {};
  const items = [record.session, record.webinar, record.sessions, record.webinars].find(Array.isArray) ?? [];
  const data = (items as unknown[]).map(zohoMeeting);
  const total = numberOf(record.count);
  const list: MeetingList = { ...providerFields(record, LIST_FIELDS), data };
  if (total !== undefined) {
    const nextIndex = index + Math.max(count, data.length);
    list.paging = nextIndex <= total && data.length > 0 ? { total, next: `?index=${nextIndex}&limit=${count}` } : { total };
  }
  return list;
}
