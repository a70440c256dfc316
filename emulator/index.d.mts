/**
 * hellojs-meetings/emulator: offline join.me and Zoho Meeting for a site's own tests (Node).
 * docs/emulator.md is the guide.
 *
 * ```js
 * import { serveEmulator } from 'hellojs-meetings/emulator';
 * const emu = await serveEmulator({ redirectUris: ['http://localhost:3000/redirect.html'] });
 * // in the page: hello.init(emu.endpoints, { redirect_uri, oauth_proxy: emu.proxyUrl })
 * ```
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type {
  AccountSummary,
  AccountsInput,
  ConsentMode,
  EmulatorConfig,
  EmulatorConfigInput,
  EmulatorControl,
  EmulatorEndpoints,
  EmulatorLogEntry,
  EmulatorUrls,
  Seed,
  SeedResult,
} from './browser.mjs';

export * from './browser.mjs';

/** A registered OAuth client of the emulated providers. */
export interface EmulatorClient {
  client_id: string;
  client_secret: string;
}

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /** The redirect URIs both clients accept (exact match; none by default): your site's redirect page. */
  redirectUris?: string[];
  /** How the consent step answers (default `'auto'`). */
  consent?: ConsentMode;
  /** Quirk switches, deep-merged over the defaults; an unknown switch or a wrong type throws `ConfigError`. */
  config?: EmulatorConfigInput;
  /** The public origin for links and Zoho's `accounts-server` (default: from each request's Host header). */
  origin?: string;
  /** Unexpected exceptions while answering (default: `console.error`). */
  onError?: (error: unknown) => void;
  /** The registered clients: ids default to {@link JOINME_CLIENT_ID} / {@link ZOHO_CLIENT_ID}; a secret not given is made at random. */
  clients?: { joinme?: Partial<EmulatorClient>; zoho?: Partial<EmulatorClient> };
  /** Keep the built-in users (default `true`); `false`: only the declared ones. */
  builtInAccounts?: boolean;
  /** More users. */
  accounts?: AccountsInput;
  /** Meetings, webinars (and accounts) every run and every `reset()` starts with. */
  seed?: Seed;
  /** A few meetings and a webinar for every user, from the emulated now (the demo's data). */
  demoData?: boolean;
}

/** The emulated clock: every expiry reads it. */
export interface EmulatorClock {
  /** Emulated now, ms since the epoch. */
  now(): number;
  /** Moves the clock forward (or back); returns the new now. */
  advance(seconds: number): number;
  /** Back to real time. */
  reset(): void;
  /** Seconds it runs ahead of real time. */
  readonly offset: number;
}

/** A standalone emulator server. */
export interface EmulatorListening {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/** What {@link createEmulator} returns. */
export interface Emulator {
  /** The live switches: change them here, with `control.setConfig`, or `POST /__emu/control/config`. */
  readonly config: EmulatorConfig;
  readonly clock: EmulatorClock;
  /** The registered clients, secrets included: give them to your oauth proxy, never to a page. */
  readonly clients: { readonly joinme: EmulatorClient; readonly zoho: EmulatorClient };
  /** The live list of redirect URIs. */
  readonly redirectUris: string[];
  /** Every request the emulated providers got (emptied in place by `reset()`). */
  readonly log: EmulatorLogEntry[];
  /** Forgets every token, meeting and log entry; back to the options' accounts, seed and switches, and real time. */
  reset(): void;
  /** Adds accounts, meetings and webinars, all or nothing (a bad one throws `SeedError`); gone after `reset()`. */
  seed(seed: Seed): SeedResult;
  /** The users, built-in and declared. */
  accounts(): AccountSummary;
  /** `hello.init`'s first argument, with the browser reaching the emulator at `origin`. */
  endpoints(origin: string): EmulatorEndpoints;
  /** Every emulated URL at `origin` (token and expire endpoints: an oauth proxy's config). */
  urls(origin: string): EmulatorUrls;
  /** Node request handler: answers everything under `/__emu/` and returns true; returns false (writing nothing) otherwise. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Koa middleware (@web/dev-server, web-test-runner): answers `/__emu/`, passes everything else on. */
  koa(): (
    ctx: { path: string; req: IncomingMessage; res: ServerResponse; respond?: boolean },
    next: () => Promise<unknown>,
  ) => Promise<unknown>;
  /** A server of its own (no proxy; see {@link serveEmulator}). `port` 0: any free port; `host` default `127.0.0.1`. */
  listen(port?: number, host?: string): Promise<EmulatorListening>;
}

/** The emulator, as a request handler with its state and switches. */
export declare function createEmulator(options?: EmulatorOptions): Emulator;

/** Options of {@link serveEmulator}. */
export interface ServeOptions extends EmulatorOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Mount the package's oauth proxy at `/proxy` (default `true`), so the code grant works offline too. */
  proxy?: boolean;
}

/** An emulator served with its oauth proxy. */
export interface ServedEmulator {
  emulator: Emulator;
  origin: string;
  /** `hello.init`'s first argument. */
  endpoints: EmulatorEndpoints;
  /** `hello.init`'s `oauth_proxy` option (undefined with `proxy: false`). */
  proxyUrl: string | undefined;
  /** The typed control client. */
  control: EmulatorControl;
  server: Server;
  close(): Promise<void>;
}

/** Starts the emulator on its own server with the oauth proxy at `/proxy`: what the CLI runs. */
export declare function serveEmulator(options?: ServeOptions): Promise<ServedEmulator>;

/** The default quirk switches. */
export declare const DEFAULT_CONFIG: Readonly<EmulatorConfig>;
/** An unknown switch or a value of the wrong type. */
export declare class ConfigError extends Error {}
/** A declared account or seed item the emulator cannot take. */
export declare class SeedError extends Error {}
