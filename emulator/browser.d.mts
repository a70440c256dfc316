/**
 * hellojs-meetings/emulator/browser: the browser-safe half of the emulator (no Node imports, nothing secret).
 * docs/emulator.md is the guide.
 */

/** A Zoho data centre the emulator serves. */
export type EmulatorRegion = 'us' | 'eu' | 'in' | 'au' | 'jp' | 'ca' | 'sa' | 'cn' | 'uk';

/** The two hosts of one emulated Zoho data centre. */
export interface EmulatorDataCentre {
  /** Zoho Accounts: authorize, token, revoke. */
  accounts: string;
  /** The Zoho Meeting API host. */
  meeting: string;
}

/** Exactly what `hello.init` needs to point both modules at an emulator: `hello.init(endpoints, { redirect_uri, oauth_proxy })`. */
export type EmulatorEndpoints = {
  joinme: { id: string; oauth: { auth: string; grant: string }; base: string };
  zoho: { id: string; datacentres: Record<string, EmulatorDataCentre> };
};

/** Every URL of the emulated hosts: an oauth proxy's config needs the token and expire endpoints too. */
export interface EmulatorUrls {
  joinme: { auth: string; token: string; expire: string; base: string };
  zoho: { datacentres: Record<string, EmulatorDataCentre> };
}

/** The path every emulated host lives under: `{origin}/__emu/…`. */
export declare const EMU_PREFIX: '/__emu';
/** The Zoho data centres the emulator serves, in the order of the package's data-centre table. */
export declare const ZOHO_REGIONS: readonly EmulatorRegion[];
/** The emulated join.me client id (public). */
export declare const JOINME_CLIENT_ID: string;
/** The emulated Zoho client id (public). */
export declare const ZOHO_CLIENT_ID: string;

/**
 * `hello.init`'s first argument for the emulator at `origin` (a trailing slash is ignored).
 * @param ids client ids, when the emulator was created with its own (`clients` option)
 */
export declare function emulatorEndpoints(origin: string, ids?: { joinme?: string; zoho?: string }): EmulatorEndpoints;
/** Every emulated URL at `origin`. */
export declare function emulatorUrls(origin: string): EmulatorUrls;

/** A user, as the control API lists them (nothing secret). */
export interface AccountSummary {
  joinme: Array<{ email: string; name: string; inactive: boolean }>;
  zoho: Array<{ email: string; name: string; region: EmulatorRegion }>;
  /** Who an authorize request without `login_hint` signs in as. */
  defaults: { joinme: string; zoho: string };
}

/** The built-in users: join.me `ada@example.com` (default), `bob@example.com` (free), `inactive@example.com`; one Zoho user per data centre. */
export declare const DEFAULT_ACCOUNTS: Readonly<AccountSummary>;

/** A join.me user a test declares; only the e-mail is required. */
export interface JoinmeAccountInput {
  email: string;
  /** Default: from the e-mail (`ann.lee@…` → "Ann Lee"). */
  name?: string;
  /** The personal room name; without one the account is a free one. */
  personalUrl?: string;
  /** Audio conference settings (default: with a personal URL). */
  conference?: boolean;
  /** The API gateway refuses the account (403, as join.me does for inactive accounts). */
  inactive?: boolean;
  /** Default `'pro'` with a personal URL, else `'free'`. */
  subscriptionType?: string;
}

/** A Zoho user a test declares; only the e-mail is required. */
export interface ZohoAccountInput {
  email: string;
  name?: string;
  /** Home data centre (default `'us'`): a login anywhere lands there. */
  region?: EmulatorRegion;
  /** IANA zone (default: the data centre's usual one). */
  timeZone?: string;
  /** Users of one data centre with the same organisation name share an organisation (zsoid). */
  orgName?: string;
  isAdmin?: boolean;
  zuid?: number;
  zsoid?: number;
}

/** Accounts to add (an e-mail already known replaces that user). */
export interface AccountsInput {
  joinme?: JoinmeAccountInput[];
  zoho?: ZohoAccountInput[];
}

/** When a seeded meeting starts: `start` (absolute) or `startsIn` (minutes from the emulated now; default 60). */
export type SeedStart = { start: string | number | Date; startsIn?: never } | { startsIn?: number; start?: never };

interface SeedItemBase {
  /** The host's e-mail (default: the provider's default user). */
  owner?: string;
  name: string;
  /** Minutes (default 60). */
  duration?: number;
  /** E-mail addresses. */
  participants?: string[];
}

/** A join.me meeting, as if its owner had scheduled it. */
export type JoinmeMeetingSeed = SeedItemBase &
  SeedStart & {
    provider: 'joinme';
    /** Starts in the owner's personal room. */
    personal?: boolean;
  };

/** A Zoho meeting, as if its owner had scheduled it (stored in the owner's data centre). */
export type ZohoMeetingSeed = SeedItemBase &
  SeedStart & {
    provider: 'zoho';
    agenda?: string;
    /** IANA zone (default: the owner's). */
    timezone?: string;
  };

/** A Zoho webinar. */
export type WebinarSeed = SeedItemBase & SeedStart & { agenda?: string; timezone?: string };

/** What a test declares: applied all or nothing; `reset()` removes what was seeded at run time. */
export interface Seed {
  accounts?: AccountsInput;
  meetings?: Array<JoinmeMeetingSeed | ZohoMeetingSeed>;
  webinars?: WebinarSeed[];
}

/** One item a seed stored. `id` is the id the modules give the meeting (`Meeting.id`). */
export interface SeededItem {
  provider: 'joinme' | 'zoho';
  kind: 'meeting' | 'webinar';
  id: string;
  name: string;
  owner: string;
  /** Zoho: the data centre it lives in. */
  region?: EmulatorRegion;
}

/** What a seed stored. */
export interface SeedResult {
  accounts: { joinme: string[]; zoho: string[] };
  items: SeededItem[];
}

/** How the emulated consent step answers: approve at once, show the consent page, or decline. */
export type ConsentMode = 'auto' | 'page' | 'deny';

/** The quirk switches (defaults in docs/emulator.md). Each names a reading of the provider notes. */
export interface EmulatorConfig {
  consent: ConsentMode;
  joinme: {
    implicitExpiresIn: boolean;
    tokenExpiresIn: boolean;
    tokenBody: 'any' | 'json' | 'form';
    serverErrorStatus: 500 | 400;
    expireSuccessAsString: boolean;
    expirePropagationSeconds: number;
    deleteStatus: 204 | 200;
    scheduleStatus: 201 | 200;
    cors: boolean;
    gatewayCors: boolean;
    denyError: string;
    tokenLifetimeSeconds: number;
    codeLifetimeSeconds: number;
    /** Answer times without a zone (`"2014-03-22T20:45:00"`), as the provider's own example (default true). */
    zonelessTimes: boolean;
  };
  zoho: {
    trailingAmp: boolean;
    fragmentLeadingAmp: boolean;
    grantedForSession: boolean;
    fragmentState: boolean;
    expiresInMs: boolean;
    wrongSecretError: 'invalid_client' | 'invalid_client_secret';
    timeSuffix: boolean;
    millisecFields: boolean;
    acceptBearer: boolean;
    cors: boolean;
    webinarWrapper: 'session' | 'webinar';
    denyError: string;
    accessTokenSeconds: number;
    codeLifetimeSeconds: number;
    refreshTokenLimit: number;
    accessTokensPerWindow: number;
    throttleWindowSeconds: number;
    sessionSeconds: number;
    /** Which accounts server renews a client-based session silently: the user's data centre, or only the app's. */
    silentRenewalHost: 'user' | 'app';
    /** The data centre the app is registered in (with `silentRenewalHost: 'app'`). */
    appRegion: EmulatorRegion | 'ae';
    /** Where the list `index` starts (1 or 0). */
    listIndexStart: 1 | 0;
    /** What the list `index` counts: records or pages of `count`. */
    listIndexCounts: 'records' | 'pages';
    /** The UK Meeting host: `meeting.zoho.uk` (by the pattern) or, as one client table says, the US one. */
    ukMeetingHost: 'uk' | 'us';
  };
}

/** A partial set of switches, deep-merged over the current ones. */
export interface EmulatorConfigInput {
  consent?: ConsentMode;
  joinme?: Partial<EmulatorConfig['joinme']>;
  zoho?: Partial<EmulatorConfig['zoho']>;
}

/** One request an emulated provider got. */
export interface EmulatorLogEntry {
  provider: 'joinme' | 'zoho';
  /** Zoho: the data centre asked. */
  region?: EmulatorRegion;
  /** Which emulated host: join.me `secure`, `api`, `web`; Zoho `accounts`, `meeting`. */
  host: 'secure' | 'api' | 'web' | 'accounts' | 'meeting';
  method: string;
  path: string;
  /** The query string, without `?`. */
  query?: string;
  authorization?: string;
  /** Emulated time, in ms since the epoch. */
  at: number;
  /** An unexpected exception while answering. */
  error?: string;
}

/** The emulated clock. */
export interface EmulatorClockState {
  /** Emulated now, ms since the epoch. */
  now: number;
  /** Seconds it runs ahead of real time. */
  offset: number;
}

/** Thrown by the control client when the emulator refuses a call. */
export declare class EmulatorControlError extends Error {
  readonly status: number;
  /** The emulator's error code, e.g. `invalid_config`, `invalid_seed`. */
  readonly code: string;
}

/** The control API (`{origin}/__emu/control/`), typed. Browser-safe: it needs only `fetch`. */
export interface EmulatorControl {
  /** The emulator's origin. */
  readonly origin: string;
  /** Forgets every token, meeting and log entry; back to the options' accounts, seed and switches, and real time. */
  reset(): Promise<void>;
  /** Adds accounts, meetings and webinars, until the next reset. */
  seed(seed: Seed): Promise<SeedResult>;
  accounts(): Promise<AccountSummary>;
  /** `hello.init`'s first argument for this emulator. */
  endpoints(): Promise<EmulatorEndpoints>;
  urls(): Promise<EmulatorUrls>;
  clock(): Promise<EmulatorClockState>;
  /** Moves the emulated clock: tokens expire, meetings pass. */
  advanceClock(seconds: number): Promise<EmulatorClockState>;
  config(): Promise<EmulatorConfig>;
  /** Flips quirk switches; an unknown switch or a wrong type throws and changes nothing. */
  setConfig(partial: EmulatorConfigInput): Promise<EmulatorConfig>;
  setConsent(consent: ConsentMode): Promise<EmulatorConfig>;
  /** Every request the emulated providers got (control calls aside), oldest first. */
  log(): Promise<EmulatorLogEntry[]>;
  clearLog(): Promise<void>;
  redirectUris(): Promise<string[]>;
  /** Registers more redirect URIs for both clients, until reset. */
  addRedirectUris(uris: string[]): Promise<string[]>;
  /** join.me: from now on this access token answers 401 `stale_token`. */
  staleToken(accessToken: string): Promise<void>;
  /** join.me: the API gateway refuses the account (403), or accepts it again. */
  setInactive(email: string, inactive?: boolean): Promise<void>;
  /** Zoho: the next `times` token requests answer "Access Denied" (throttled). */
  throttleZoho(times?: number): Promise<void>;
  /** Zoho: ends the web session of one user (or everyone): silent renewal stops working. */
  endZohoSession(email?: string): Promise<void>;
  /** The next `times` requests to a provider fail inside it: a 500 in its style. */
  failNext(provider: 'joinme' | 'zoho', times?: number): Promise<void>;
}

/** A control client for the emulator at `origin`. */
export declare function emulatorControl(origin: string, options?: { fetch?: typeof fetch }): EmulatorControl;
