/**
 * The accounts one emulator knows: the built-in users (accounts.mjs) unless switched off, plus those a test
 * declares (options.accounts, emu.seed, POST /__emu/control/seed). A declared account needs an e-mail; the
 * rest gets plain defaults. reset() goes back to the accounts the emulator was created with.
 */
import { DEFAULT_EMAILS, JOINME_ACCOUNTS, ZOHO_ACCOUNTS } from './accounts.mjs';
import { ZOHO_REGIONS } from './urls.mjs';
import { isTimeZone } from './zonetime.mjs';

/** A declared account or seed item the emulator cannot take (control API: 400). */
export class SeedError extends Error {}

/**
 * @typedef {import('./accounts.mjs').JoinmeAccount} JoinmeAccount
 * @typedef {import('./accounts.mjs').ZohoAccount} ZohoAccount
 * @typedef {object} JoinmeAccountInput
 * @property {string} email
 * @property {string} [name] default: from the e-mail
 * @property {string} [personalUrl] the personal room name; absent: a free account without one
 * @property {boolean} [conference] audio conference settings (default: with a personal URL)
 * @property {boolean} [inactive] the API gateway refuses the account (403)
 * @property {string} [subscriptionType] default 'pro' with a personal URL, else 'free'
 * @typedef {object} ZohoAccountInput
 * @property {string} email
 * @property {string} [name]
 * @property {string} [region] home data centre (default 'us')
 * @property {string} [timeZone] IANA (default: the data centre's usual zone)
 * @property {string} [orgName] accounts of one data centre with the same orgName share an organisation
 * @property {boolean} [isAdmin] default true
 * @property {number} [zuid]
 * @property {number} [zsoid]
 * @typedef {{ joinme?: JoinmeAccountInput[], zoho?: ZohoAccountInput[] }} AccountsInput
 */

/** @type {Record<string, string>} */
const REGION_ZONES = {
  us: 'America/New_York',
  eu: 'Europe/Paris',
  in: 'Asia/Kolkata',
  au: 'Australia/Sydney',
  jp: 'Asia/Tokyo',
  ca: 'America/Toronto',
  sa: 'Asia/Riyadh',
  cn: 'Asia/Shanghai',
  uk: 'Europe/London',
};

const EMAIL = /^[^@\s]+@[^@\s]+$/;

/** @param {unknown} value @param {string} where */
function emailOf(value, where) {
  if (typeof value !== 'string' || !EMAIL.test(value)) throw new SeedError(`${where}.email must be an e-mail address`);
  return value.toLowerCase();
}

/** @param {unknown} value @param {string} where @param {string} type */
function optional(value, where, type) {
  if (value !== undefined && typeof value !== type) throw new SeedError(`${where} must be a ${type}`);
  return value;
}

/** 'ann.lee@example.com' → 'Ann Lee' */
const nameFromEmail = (/** @type {string} */ email) =>
  (email.split('@')[0] ?? email)
    .split(/[._-]+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() + word.slice(1))
    .join(' ');

/** @param {boolean} [builtIn] start with the built-in users */
export function createDirectory(builtIn = true) {
  /** @type {JoinmeAccount[]} */
  const joinme = [];
  /** @type {ZohoAccount[]} */
  const zoho = [];
  let nextId = 1;

  const directory = {
    joinme,
    zoho,
    /** The user an authorize request without `login_hint` gets (the first declared one without built-ins). */
    get defaults() {
      return {
        joinme: builtIn ? DEFAULT_EMAILS.joinme : (joinme[0]?.email ?? ''),
        zoho: builtIn ? DEFAULT_EMAILS.zoho : (zoho.find((account) => account.region !== 'cn')?.email ?? ''),
      };
    },
    /** @param {string | null | undefined} email */
    findJoinme: (email) => joinme.find((account) => account.email === String(email ?? '').toLowerCase()),
    /** @param {string | null | undefined} email */
    findZoho: (email) => zoho.find((account) => account.email === String(email ?? '').toLowerCase()),
    /**
     * Adds (or replaces, by e-mail) declared accounts, all or nothing.
     * @param {unknown} input an AccountsInput
     * @returns {{ joinme: JoinmeAccount[], zoho: ZohoAccount[] }} the accounts as stored
     */
    add(input) {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new SeedError('accounts must be an object');
      const { joinme: jmInput = [], zoho: zInput = [], ...rest } = /** @type {Record<string, unknown>} */ (input);
      const unknown = Object.keys(rest);
      if (unknown.length) throw new SeedError(`unknown provider in accounts: ${unknown.join(', ')}`);
      if (!Array.isArray(jmInput) || !Array.isArray(zInput)) throw new SeedError('accounts.joinme and accounts.zoho must be arrays');
      const added = {
        joinme: jmInput.map((entry, index) => joinmeAccount(entry, `accounts.joinme[${index}]`)),
        zoho: zInput.map((entry, index) => zohoAccount(entry, `accounts.zoho[${index}]`)),
      };
      for (const account of added.joinme) put(joinme, account);
      for (const account of added.zoho) put(zoho, account);
      return added;
    },
    /** Back to the built-in users only (options.accounts are added again by the caller). */
    clear() {
      joinme.splice(0, joinme.length, ...(builtIn ? JOINME_ACCOUNTS.map((account) => ({ ...account })) : []));
      zoho.splice(0, zoho.length, ...(builtIn ? ZOHO_ACCOUNTS.map((account) => ({ ...account })) : []));
    },
    /** What GET /__emu/control/accounts shows: nothing secret. */
    summary() {
      return {
        joinme: joinme.map(({ email, fullName, inactive }) => ({ email, name: fullName, inactive: inactive === true })),
        zoho: zoho.map(({ email, fullName, region }) => ({ email, name: fullName, region })),
        defaults: directory.defaults,
      };
    },
  };

  /** @template {{ email: string }} T @param {T[]} list @param {T} account */
  function put(list, account) {
    const at = list.findIndex((known) => known.email === account.email);
    if (at === -1) list.push(account);
    else list[at] = account;
  }

  /** @param {unknown} entry @param {string} where @returns {JoinmeAccount} */
  function joinmeAccount(entry, where) {
    if (typeof entry !== 'object' || entry === null) throw new SeedError(`${where} must be an object`);
    const input = /** @type {Record<string, unknown>} */ (entry);
    const email = emailOf(input.email, where);
    const personalUrl = /** @type {string | undefined} */ (optional(input.personalUrl, `${where}.personalUrl`, 'string'));
    const conference = optional(input.conference, `${where}.conference`, 'boolean') ?? personalUrl !== undefined;
    const id = nextId++;
    return {
      email,
      fullName: /** @type {string | undefined} */ (optional(input.name, `${where}.name`, 'string')) ?? nameFromEmail(email),
      language: 'en',
      registrationDate: '2020-01-01T00:00:00Z',
      subscriptionType:
        /** @type {string | undefined} */ (optional(input.subscriptionType, `${where}.subscriptionType`, 'string')) ??
        (personalUrl ? 'pro' : 'free'),
      numberOfMeetingsHosted: 0,
      ...(personalUrl ? { personalUrl } : {}),
      ...(conference ? { conference: { conferenceId: String(700_000_000 + id), organizerCode: String(100_000 + id) } } : {}),
      ...(optional(input.inactive, `${where}.inactive`, 'boolean') ? { inactive: true } : {}),
    };
  }

  /** @param {unknown} entry @param {string} where @returns {ZohoAccount} */
  function zohoAccount(entry, where) {
    if (typeof entry !== 'object' || entry === null) throw new SeedError(`${where} must be an object`);
    const input = /** @type {Record<string, unknown>} */ (entry);
    const email = emailOf(input.email, where);
    const region = /** @type {string} */ (optional(input.region, `${where}.region`, 'string') ?? 'us');
    if (!ZOHO_REGIONS.includes(/** @type {never} */ (region)))
      throw new SeedError(`${where}.region must be one of ${ZOHO_REGIONS.join(', ')}`);
    const timeZone = input.timeZone ?? REGION_ZONES[region] ?? 'UTC';
    if (!isTimeZone(timeZone)) throw new SeedError(`${where}.timeZone must be an IANA time zone`);
    const fullName = /** @type {string | undefined} */ (optional(input.name, `${where}.name`, 'string')) ?? nameFromEmail(email);
    const orgName =
      /** @type {string | undefined} */ (optional(input.orgName, `${where}.orgName`, 'string')) ?? `${fullName}'s organisation`;
    for (const key of ['zuid', 'zsoid']) {
      if (input[key] !== undefined && !(Number.isSafeInteger(input[key]) && /** @type {number} */ (input[key]) > 0)) {
        throw new SeedError(`${where}.${key} must be a positive integer`);
      }
    }
    const colleague = zoho.find((account) => account.region === region && account.orgName === orgName);
    const id = nextId++;
    return {
      email,
      fullName,
      displayName: fullName.split(' ')[0] ?? fullName,
      region: /** @type {ZohoAccount['region']} */ (region),
      zuid: /** @type {number | undefined} */ (input.zuid) ?? 40_000_000 + id,
      zsoid: /** @type {number | undefined} */ (input.zsoid) ?? colleague?.zsoid ?? 30_000_000 + id,
      orgName,
      isAdmin: /** @type {boolean | undefined} */ (optional(input.isAdmin, `${where}.isAdmin`, 'boolean')) ?? true,
      timeZone,
    };
  }

  directory.clear();
  return directory;
}
