/**
 * Seed data: accounts, meetings and webinars a test declares, put into the emulator as if the users had
 * made them. Also the demo's data: a few meetings and a webinar for every built-in user.
 */
import { SeedError } from './directory.mjs';
import { isTimeZone, wallTimeAt, wallTimeToInstant } from './zonetime.mjs';

const MINUTE = 60_000;

/**
 * @typedef {object} MeetingSeed
 * @property {'joinme' | 'zoho'} provider
 * @property {string} [owner] e-mail of the host (default: the provider's default user)
 * @property {string} name
 * @property {string | number | Date} [start] ISO string, epoch ms or Date
 * @property {number} [startsIn] minutes from the emulated now, when `start` is not given (default 60)
 * @property {number} [duration] minutes (default 60)
 * @property {string[]} [participants] e-mail addresses
 * @property {string} [agenda] Zoho only
 * @property {string} [timezone] Zoho only (default: the owner's)
 * @property {boolean} [personal] join.me only: the meeting starts in the owner's personal room
 * @typedef {Omit<MeetingSeed, 'provider' | 'personal'>} WebinarSeed Zoho only
 * @typedef {object} Seed
 * @property {import('./directory.mjs').AccountsInput} [accounts]
 * @property {MeetingSeed[]} [meetings]
 * @property {WebinarSeed[]} [webinars]
 * @typedef {{ provider: 'joinme' | 'zoho', kind: 'meeting' | 'webinar', id: string, name: string, owner: string, region?: string }} Seeded
 */

/** @typedef {{ env: import('./index.mjs').Env, joinme: ReturnType<import('./joinme.mjs').createJoinme>, zoho: ReturnType<import('./zoho.mjs').createZoho> }} Stores */

/** @param {unknown} value */
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Applies a seed, all or nothing: everything is checked before anything is stored.
 * @param {Stores} stores
 * @param {unknown} seed a Seed
 * @returns {{ accounts: { joinme: string[], zoho: string[] }, items: Seeded[] }}
 */
export function applySeed(stores, seed) {
  if (!isRecord(seed)) throw new SeedError('the seed must be an object');
  const { accounts, meetings = [], webinars = [], ...rest } = /** @type {Record<string, unknown>} */ (seed);
  if (Object.keys(rest).length) throw new SeedError(`unknown seed key: ${Object.keys(rest).join(', ')}`);
  if (!Array.isArray(meetings) || !Array.isArray(webinars)) throw new SeedError('meetings and webinars must be arrays');
  const { env } = stores;

  // Accounts first (items may belong to them); a failed item below undoes them.
  const before = { joinme: [...env.accounts.joinme], zoho: [...env.accounts.zoho] };
  const added = accounts === undefined ? { joinme: [], zoho: [] } : env.accounts.add(accounts);
  try {
    const planned = [
      ...meetings.map((entry, index) => plan(stores, entry, 'meeting', `meetings[${index}]`)),
      ...webinars.map((entry, index) =>
        plan(stores, { ...(isRecord(entry) ? entry : {}), provider: 'zoho' }, 'webinar', `webinars[${index}]`),
      ),
    ];
    for (const account of added.joinme) stores.joinme.setInactive(account.email, account.inactive === true);
    return {
      accounts: { joinme: added.joinme.map((account) => account.email), zoho: added.zoho.map((account) => account.email) },
      items: planned.map((store) => store()),
    };
  } catch (error) {
    env.accounts.joinme.splice(0, Infinity, ...before.joinme);
    env.accounts.zoho.splice(0, Infinity, ...before.zoho);
    throw error;
  }
}

/**
 * Checks one item and returns the function that stores it.
 * @param {Stores} stores @param {unknown} entry @param {'meeting' | 'webinar'} kind @param {string} where
 * @returns {() => Seeded}
 */
function plan({ env, joinme, zoho }, entry, kind, where) {
  if (!isRecord(entry)) throw new SeedError(`${where} must be an object`);
  const item = /** @type {Record<string, unknown>} */ (entry);
  const provider = item.provider;
  if (provider !== 'joinme' && provider !== 'zoho') throw new SeedError(`${where}.provider must be 'joinme' or 'zoho'`);
  if (typeof item.name !== 'string' || item.name.trim() === '') throw new SeedError(`${where}.name must be a non-empty string`);
  const name = item.name;
  const ownerEmail = item.owner ?? env.accounts.defaults[provider];
  if (typeof ownerEmail !== 'string') throw new SeedError(`${where}.owner must be an e-mail address`);
  const start = startOf(item, env.clock.now(), where);
  const duration = item.duration ?? 60;
  if (!Number.isInteger(duration) || /** @type {number} */ (duration) <= 0)
    throw new SeedError(`${where}.duration must be a positive number of minutes`);
  const participants = item.participants ?? [];
  if (!Array.isArray(participants) || !participants.every((email) => typeof email === 'string' && /^[^@\s]+@[^@\s]+$/.test(email))) {
    throw new SeedError(`${where}.participants must be an array of e-mail addresses`);
  }
  const only = (/** @type {string} */ key, /** @type {string} */ who) => {
    if (item[key] !== undefined) throw new SeedError(`${where}.${key} is for ${who} only`);
  };

  if (provider === 'joinme') {
    only('agenda', 'Zoho');
    only('timezone', 'Zoho');
    const owner = env.accounts.findJoinme(ownerEmail);
    if (!owner) throw new SeedError(`${where}.owner: there is no join.me account ${ownerEmail}`);
    if (item.personal !== undefined && typeof item.personal !== 'boolean') throw new SeedError(`${where}.personal must be a boolean`);
    return () => {
      const meeting = joinme.addMeeting({
        owner: owner.email,
        meetingName: name,
        start,
        end: start + /** @type {number} */ (duration) * MINUTE,
        startWithPersonalUrl: item.personal === true && owner.personalUrl !== undefined,
        participants: [...participants],
      });
      return { provider, kind, id: String(meeting.meetingId), name, owner: owner.email };
    };
  }

  only('personal', 'join.me');
  const owner = env.accounts.findZoho(ownerEmail);
  if (!owner) throw new SeedError(`${where}.owner: there is no Zoho account ${ownerEmail}`);
  const timezone = item.timezone ?? owner.timeZone;
  if (!isTimeZone(timezone)) throw new SeedError(`${where}.timezone must be an IANA time zone`);
  if (item.agenda !== undefined && typeof item.agenda !== 'string') throw new SeedError(`${where}.agenda must be a string`);
  return () => {
    const stored = zoho.addItem({
      kind,
      region: owner.region,
      zsoid: owner.zsoid,
      topic: name,
      agenda: /** @type {string | undefined} */ (item.agenda) ?? '',
      // Zoho speaks whole minutes.
      start: Math.floor(start / MINUTE) * MINUTE,
      duration: /** @type {number} */ (duration) * MINUTE,
      timezone,
      participants: participants.map((email) => ({ id: zoho.participantId(), email })),
    });
    return { provider, kind, id: String(stored.key), name, owner: owner.email, region: owner.region };
  };
}

/** @param {Record<string, unknown>} item @param {number} now @param {string} where */
function startOf(item, now, where) {
  if (item.start !== undefined && item.startsIn !== undefined) throw new SeedError(`${where}: give start or startsIn, not both`);
  if (item.start === undefined) {
    const minutes = item.startsIn ?? 60;
    if (typeof minutes !== 'number' || !Number.isFinite(minutes)) throw new SeedError(`${where}.startsIn must be a number of minutes`);
    return Math.round((now + minutes * MINUTE) / MINUTE) * MINUTE;
  }
  const value = item.start;
  const instant =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : typeof value === 'string'
          ? Date.parse(value)
          : Number.NaN;
  if (!Number.isFinite(instant) || (typeof value === 'string' && !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value))) {
    throw new SeedError(`${where}.start must be an ISO 8601 date-time, epoch milliseconds or a Date`);
  }
  return instant;
}

/**
 * The demo's data: what a person's week looks like, so the first list after login is not empty. Times are
 * wall times in each user's own zone, from the emulated now: later today, tomorrow, later this week.
 * @param {{ joinme: Array<{ email: string }>, zoho: Array<{ email: string, timeZone: string }> }} accounts
 * @param {number} now
 * @returns {{ meetings: MeetingSeed[], webinars: WebinarSeed[] }}
 */
export function demoSeed(accounts, now) {
  /** ISO instant of `hour`:`minute` wall time, `days` after today, in `timeZone`. */
  const at = (/** @type {number} */ days, /** @type {number} */ hour, /** @type {string} */ timeZone, minute = 0) => {
    const today = wallTimeAt(now, timeZone);
    const noon = wallTimeToInstant({ ...today, hour: 12, minute: 0, second: 0 }, timeZone) + days * 86_400_000;
    const day = wallTimeAt(noon, timeZone);
    return new Date(wallTimeToInstant({ ...day, hour, minute, second: 0 }, timeZone)).toISOString();
  };
  /** @type {MeetingSeed[]} */
  const meetings = [];
  /** @type {WebinarSeed[]} */
  const webinars = [];
  for (const { email } of accounts.joinme) {
    meetings.push(
      {
        provider: 'joinme',
        owner: email,
        name: 'Team stand-up',
        start: at(1, 9, 'UTC', 30),
        duration: 15,
        participants: ['team@example.com'],
      },
      { provider: 'joinme', owner: email, name: 'Design review', start: at(1, 14, 'UTC'), duration: 45, participants: ['bob@example.com'] },
      { provider: 'joinme', owner: email, name: 'Customer demo', start: at(3, 16, 'UTC'), duration: 30 },
    );
  }
  for (const { email, timeZone } of accounts.zoho) {
    meetings.push(
      { provider: 'zoho', owner: email, name: 'Weekly planning', start: at(1, 10, timeZone), duration: 30, agenda: 'Goals for the week' },
      { provider: 'zoho', owner: email, name: 'One-to-one', start: at(2, 15, timeZone), duration: 30, participants: ['ann@example.com'] },
    );
    webinars.push({ owner: email, name: 'Product launch', start: at(7, 17, timeZone), duration: 60, agenda: 'What is new this quarter' });
  }
  return { meetings, webinars };
}
