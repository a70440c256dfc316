/**
 * The emulated users. Browser-safe (no Node imports): browser tests and the demo read it to pick users.
 * Nothing here is a secret; client secrets live in clients.mjs.
 */

/**
 * @typedef {object} JoinmeAccount
 * @property {string} email
 * @property {string} fullName
 * @property {string} language
 * @property {string} registrationDate ISO UTC
 * @property {string} subscriptionType
 * @property {number} numberOfMeetingsHosted
 * @property {string} [personalUrl] the account's personal room name (join.me/<personalUrl>)
 * @property {{ conferenceId: string, organizerCode: string }} [conference] audio conference settings
 * @property {boolean} [inactive] the API gateway refuses this account (403, reason in headers)
 */

/** @type {readonly JoinmeAccount[]} */
export const JOINME_ACCOUNTS = Object.freeze([
  {
    email: 'ada@example.com',
    fullName: 'Ada Lovelace',
    language: 'en',
    registrationDate: '2013-05-14T09:30:00Z',
    subscriptionType: 'pro',
    numberOfMeetingsHosted: 42,
    personalUrl: 'ada',
    conference: { conferenceId: '512345678', organizerCode: '246810' },
  },
  // The optional fields (personalUrl, conferenceSettings) absent: a free account.
  {
    email: 'bob@example.com',
    fullName: 'Bob Basic',
    language: 'en',
    registrationDate: '2016-02-01T12:00:00Z',
    subscriptionType: 'free',
    numberOfMeetingsHosted: 0,
  },
  {
    email: 'inactive@example.com',
    fullName: 'Ina Active',
    language: 'en',
    registrationDate: '2012-01-10T08:00:00Z',
    subscriptionType: 'pro',
    numberOfMeetingsHosted: 3,
    inactive: true,
  },
]);

/**
 * @typedef {'us'|'eu'|'in'|'au'|'jp'|'ca'|'sa'|'cn'|'uk'|'ae'} ZohoRegion
 * @typedef {object} ZohoAccount
 * @property {string} email
 * @property {string} fullName
 * @property {string} displayName
 * @property {ZohoRegion} region the user's home data centre
 * @property {number} zuid user id
 * @property {number} zsoid organisation id (every Meeting API path carries it)
 * @property {string} orgName
 * @property {boolean} isAdmin
 * @property {string} timeZone IANA
 */

/** @type {readonly ZohoAccount[]} */
export const ZOHO_ACCOUNTS = Object.freeze([
  {
    email: 'grace@example.com',
    fullName: 'Grace Hopper',
    displayName: 'Grace',
    region: 'us',
    zuid: 53758790,
    zsoid: 53758574,
    orgName: 'Example Corp',
    isAdmin: true,
    timeZone: 'America/New_York',
  },
  {
    email: 'marie@example.eu',
    fullName: 'Marie Curie',
    displayName: 'Marie',
    region: 'eu',
    zuid: 20071001,
    zsoid: 20070001,
    orgName: 'Exemple SARL',
    isAdmin: true,
    timeZone: 'Europe/Paris',
  },
  {
    email: 'pierre@example.ca',
    fullName: 'Pierre Lévesque',
    displayName: 'Pierre',
    region: 'ca',
    zuid: 61002002,
    zsoid: 61000002,
    orgName: 'Exemple Canada',
    isAdmin: false,
    timeZone: 'America/Toronto',
  },
  {
    email: 'ravi@example.in',
    fullName: 'Ravi Kumar',
    displayName: 'Ravi',
    region: 'in',
    zuid: 60003003,
    zsoid: 60000003,
    orgName: 'Example India Pvt Ltd',
    isAdmin: true,
    timeZone: 'Asia/Kolkata',
  },
  {
    email: 'olivia@example.com.au',
    fullName: 'Olivia Brown',
    displayName: 'Olivia',
    region: 'au',
    zuid: 7004004,
    zsoid: 7000004,
    orgName: 'Example Pty Ltd',
    isAdmin: true,
    timeZone: 'Australia/Sydney',
  },
  {
    email: 'kenji@example.jp',
    fullName: 'Kenji Tanaka',
    displayName: 'Kenji',
    region: 'jp',
    zuid: 90005005,
    zsoid: 90000005,
    orgName: 'Example KK',
    isAdmin: true,
    timeZone: 'Asia/Tokyo',
  },
  {
    email: 'noura@example.sa',
    fullName: 'Noura Alharbi',
    displayName: 'Noura',
    region: 'sa',
    zuid: 95006006,
    zsoid: 95000006,
    orgName: 'Example Arabia',
    isAdmin: true,
    timeZone: 'Asia/Riyadh',
  },
  {
    email: 'lin@example.cn',
    fullName: 'Lin Wei',
    displayName: 'Lin',
    region: 'cn',
    zuid: 80007007,
    zsoid: 80000007,
    orgName: 'Example China',
    isAdmin: true,
    timeZone: 'Asia/Shanghai',
  },
  {
    email: 'oliver@example.co.uk',
    fullName: 'Oliver Smith',
    displayName: 'Oliver',
    region: 'uk',
    zuid: 44008008,
    zsoid: 44000008,
    orgName: 'Example Ltd',
    isAdmin: true,
    timeZone: 'Europe/London',
  },
  // A data centre real clients use but Zoho's multi-DC page does not list: not in the package's table.
  {
    email: 'amal@example.ae',
    fullName: 'Amal Haddad',
    displayName: 'Amal',
    region: 'ae',
    zuid: 97109009,
    zsoid: 97100009,
    orgName: 'Example FZ-LLC',
    isAdmin: true,
    timeZone: 'Asia/Dubai',
  },
]);

/** The user an authorize request gets when it carries no `login_hint`. */
export const DEFAULT_EMAILS = Object.freeze({ joinme: 'ada@example.com', zoho: 'grace@example.com' });

/** @param {string | null | undefined} email */
export function findJoinmeAccount(email) {
  const wanted = String(email ?? '').toLowerCase();
  return JOINME_ACCOUNTS.find((account) => account.email === wanted);
}

/** @param {string | null | undefined} email */
export function findZohoAccount(email) {
  const wanted = String(email ?? '').toLowerCase();
  return ZOHO_ACCOUNTS.find((account) => account.email === wanted);
}
