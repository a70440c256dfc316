/**
 * Quirk switches. Where the provider notes are unsure, both readings are a switch away; defaults follow
 * the most likely reading. Tests change them with createEmulator({ config }), emu.config (live object),
 * or POST /__emu/control/config.
 */

const DEFAULTS = {
  /** 'auto': approve at once (tests) | 'page': HTML consent page (demo) | 'deny': decline at once. */
  consent: 'auto',
  joinme: {
    /** Implicit redirect carries expires_in=86400 (the notes are unsure; default: absent). */
    implicitExpiresIn: false,
    /** Token endpoint answers carry expires_in=86400 (default: absent). */
    tokenExpiresIn: false,
    /** Bodies the token and expireaccess endpoints accept: 'any' (JSON or form) | 'json' | 'form'. */
    tokenBody: 'any',
    /** HTTP status of the token endpoint's server_error answer to a malformed request. */
    serverErrorStatus: 500,
    /** expireaccess answers "success": "true" (string) instead of true. */
    expireSuccessAsString: false,
    /** Seconds before an expired (expireaccess) token really stops working (the real one: up to 600). */
    expirePropagationSeconds: 0,
    /** Status of DELETE /meetings/{id}: 204 or 200 (both empty). */
    deleteStatus: 204,
    /** Status of POST /meetings (schedule): 201 or 200. */
    scheduleStatus: 201,
    /** CORS on the API host. */
    cors: true,
    /** The gateway's own 403 (inactive account) carries CORS headers too; false: the browser sees a network error. */
    gatewayCors: true,
    /** `error` value of the redirect when the user declines. */
    denyError: 'access_denied',
    /**
     * Times in answers (meetingStart, meetingEnd, registrationDate) carry no zone: "2014-03-22T20:45:00".
     * Default on: the provider's own example of registrationDate has no Z (the notes: meeting times may come so too).
     */
    zonelessTimes: true,
    tokenLifetimeSeconds: 86400,
    codeLifetimeSeconds: 120,
  },
  zoho: {
    /** Code redirect ends with a stray '&'. */
    trailingAmp: false,
    /** Token redirect fragment starts '#&'. */
    fragmentLeadingAmp: false,
    /** Token redirect fragment carries granted_for_session=true. */
    grantedForSession: false,
    /** Token redirect fragment carries state (the notes: "maybe"). */
    fragmentState: true,
    /** Token endpoint answers the seed page's form: "expires_in_sec":3600, "expires_in":3600000 (ms). */
    expiresInMs: false,
    /** Error for a wrong client secret: 'invalid_client' (the notes) or 'invalid_client_secret' (seen in public Zoho clients). */
    wrongSecretError: 'invalid_client',
    /** Answer time strings end with a zone abbreviation ("Jun 19, 2020 07:00 PM IST"). */
    timeSuffix: false,
    /** Sessions carry startTimeMillisec / endTimeMillisec (strings), as some Zoho answers do. */
    millisecFields: false,
    /** Meeting API accepts `Authorization: Bearer` as well as `Zoho-oauthtoken`. */
    acceptBearer: true,
    /** CORS on the Meeting API hosts; false: no Access-Control-* header at all, preflights fail. */
    cors: true,
    /** Key wrapping one webinar in GET/POST/PUT answers: 'session' (unsure reading) or 'webinar'. */
    webinarWrapper: 'session',
    /** `error` value of the redirect when the user declines. */
    denyError: 'access_denied',
    accessTokenSeconds: 3600,
    codeLifetimeSeconds: 120,
    /** Refresh tokens per user and client; the next one deletes the oldest (and its access tokens). */
    refreshTokenLimit: 20,
    /** Access tokens per refresh token per throttle window; beyond: "Access Denied". */
    accessTokensPerWindow: 10,
    throttleWindowSeconds: 600,
    /** The emulated Zoho web session (silent renewal) lives this long after the last interactive login. */
    sessionSeconds: 3600,
    /**
     * Which accounts server renews a client-based session silently (unsure): 'user' (the user's own
     * data centre, whose domain holds the web session) | 'app' (only `appRegion`, where the app is registered).
     */
    silentRenewalHost: 'user',
    /** The data centre the emulated app is registered in. */
    appRegion: 'us',
    /**
     * Where the list `index` starts (unsure: Pipedream sends 0; an Elixir client: "starting record index
     * (default 1)"; the notes' example request: index=1). 1 or 0.
     */
    listIndexStart: 1,
    /** What the list `index` counts (unsure; Zoho's user-list API calls its index a page number): 'records' | 'pages'. */
    listIndexCounts: 'records',
    /** Meeting host of UK users (unsure): 'uk' (meeting.zoho.uk, by the pattern) | 'us' (meeting.zoho.com, one client table). */
    ukMeetingHost: 'uk',
  },
};

/** @typedef {typeof DEFAULTS} Config the live switches (emu.config) */

export const DEFAULT_CONFIG = deepFreeze(structuredClone(DEFAULTS));

/** @template T @param {T} value @returns {Readonly<T>} */
function deepFreeze(value) {
  for (const inner of Object.values(/** @type {object} */ (value))) if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  return Object.freeze(value);
}

/** Switches whose value must be one of a list (the others only need the default's type). */
const CHOICES = {
  consent: ['auto', 'page', 'deny'],
  'joinme.tokenBody': ['any', 'json', 'form'],
  'joinme.serverErrorStatus': [500, 400],
  'joinme.deleteStatus': [204, 200],
  'joinme.scheduleStatus': [201, 200],
  'zoho.wrongSecretError': ['invalid_client', 'invalid_client_secret'],
  'zoho.webinarWrapper': ['session', 'webinar'],
  'zoho.silentRenewalHost': ['user', 'app'],
  'zoho.appRegion': ['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'cn', 'uk', 'ae'],
  'zoho.listIndexStart': [1, 0],
  'zoho.listIndexCounts': ['records', 'pages'],
  'zoho.ukMeetingHost': ['uk', 'us'],
};

export class ConfigError extends Error {}

/** @param {unknown} value */
const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Throws ConfigError for an unknown key or a value of the wrong type, so a typo in a test fails loudly
 * instead of silently testing the default.
 * @param {Record<string, unknown>} reference
 * @param {unknown} partial
 */
function validate(reference, partial, path = '') {
  if (!isPlainObject(partial)) throw new ConfigError(`config${path ? ` at ${path}` : ''} must be an object`);
  for (const [key, value] of Object.entries(/** @type {object} */ (partial))) {
    const name = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(reference, key)) throw new ConfigError(`unknown switch ${name}`);
    const expected = reference[key];
    if (isPlainObject(expected)) {
      validate(/** @type {Record<string, unknown>} */ (expected), value, name);
    } else if (typeof value !== typeof expected || (typeof value === 'number' && !Number.isFinite(value))) {
      throw new ConfigError(`switch ${name} must be a ${typeof expected}`);
    } else if (
      Object.hasOwn(CHOICES, name) &&
      !CHOICES[/** @type {keyof typeof CHOICES} */ (name)].includes(/** @type {never} */ (value))
    ) {
      throw new ConfigError(`switch ${name} must be one of ${JSON.stringify(CHOICES[/** @type {keyof typeof CHOICES} */ (name)])}`);
    }
  }
}

/** @param {Record<string, any>} target @param {Record<string, any>} partial */
function apply(target, partial) {
  for (const [key, value] of Object.entries(partial)) {
    if (isPlainObject(value)) apply(target[key], value);
    else target[key] = value;
  }
}

/**
 * Deep-merges `partial` into the live `target`, all or nothing.
 * @param {Record<string, any>} target
 * @param {unknown} partial
 */
export function mergeConfig(target, partial) {
  validate(DEFAULT_CONFIG, partial);
  apply(target, /** @type {Record<string, any>} */ (partial));
  return target;
}

/** @param {unknown} [partial] @returns {Config} */
export function createConfig(partial = {}) {
  return /** @type {Config} */ (mergeConfig(structuredClone(DEFAULTS), partial));
}

/**
 * Puts `snapshot`'s values back into `target` in place, so references to emu.config stay live.
 * @param {Record<string, any>} target
 * @param {Record<string, any>} snapshot
 */
export function restoreConfig(target, snapshot) {
  apply(target, structuredClone(snapshot));
  return target;
}
