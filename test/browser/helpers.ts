// Shared set-up for browser tests: hello.js (global, by script tag) pointed at the emulator through
// ordinary hello.init overrides, as a site would point it at another host.

import { emulatorUrls } from '../../emulator/urls.mjs';
import type { HelloLike, HelloWithMeetings, Session } from '../../modules/types.ts';

export type Hello = HelloLike &
  HelloWithMeetings & {
    login(network: string, options?: Record<string, unknown>, callback?: () => void): Promise<{ network: string; authResponse: Session }>;
    logout(network: string, options?: Record<string, unknown>): Promise<unknown>;
    api(path: string, method?: string, data?: unknown): Promise<unknown>;
    api(options: Record<string, unknown>): Promise<unknown>;
    off(event: string, listener?: unknown): unknown;
  };

export const hello = (globalThis as unknown as { hello: Hello }).hello;

/** The page is at localhost; the emulated providers at 127.0.0.1 (another origin: CORS is real). */
export const emulatorOrigin = `http://127.0.0.1:${location.port}`;
export const endpoints = emulatorUrls(emulatorOrigin);
export const redirectUri = `${location.origin}/test/browser/redirect.html`;
export const proxyUrl = `${location.origin}/proxy`;

export const JOINME_CLIENT_ID = 'joinme-demo-key';
export const ZOHO_CLIENT_ID = '1000.ZOHODEMOCLIENT';

/** Calls the emulator's control API. */
export async function control(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<unknown> {
  const response = await fetch(`${emulatorOrigin}/__emu/control/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status} ${await response.text()}`);
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

export interface LoggedRequest {
  provider: string;
  region?: string;
  host: string;
  method: string;
  path: string;
  query?: string;
  authorization?: string;
}

/**
 * hello.js chains `.then(callback, callback)` on every api() promise; without a callback that chain
 * rejects unhandled next to the promise the test awaits. Passing this no-op keeps the log clean.
 */
export const quiet = (): void => undefined;

export async function emulatorLog(): Promise<LoggedRequest[]> {
  const log = await control('log');
  return (Array.isArray(log) ? log : ((log as { log?: LoggedRequest[] }).log ?? [])) as LoggedRequest[];
}

/** A clean slate: emulator state, stored sessions, and the modules pointed at the emulator. */
export async function reset(config?: Record<string, unknown>): Promise<void> {
  await control('reset', {});
  if (config) await control('config', config);
  localStorage.clear();
  sessionStorage.clear();
  hello.init(
    {
      joinme: {
        id: JOINME_CLIENT_ID,
        oauth: { auth: endpoints.joinme.auth, grant: endpoints.joinme.token },
        base: endpoints.joinme.base,
      },
      zoho: { id: ZOHO_CLIENT_ID, datacentres: endpoints.zoho.datacentres },
    },
    { redirect_uri: redirectUri, oauth_proxy: proxyUrl, display: 'popup', response_type: 'token' },
  );
  const zoho = hello.services.zoho as { region?: string; proxy_api?: boolean };
  delete zoho.region;
  zoho.proxy_api = false;
}

/** Moves the emulator's clock (token expiry) and hello's view of time together. */
export async function advanceClock(seconds: number): Promise<void> {
  await control('clock', { advance: seconds });
}

/** The rejection of a promise that must reject. */
export async function rejection(promise: Promise<unknown>): Promise<{ error: { code: string; message: string; status?: number } }> {
  try {
    const value = await promise;
    throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
  } catch (error) {
    if (error instanceof Error) throw error;
    return error as { error: { code: string; message: string; status?: number } };
  }
}

export function stored(network: string): Session | null {
  return hello.getAuthResponse(network);
}

/** Resolves once `predicate` holds, polling (hello.js's session monitor ticks every second). */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Loads a page in an iframe and resolves with its window once loaded. */
export function loadFrame(src: string): Promise<Window & Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const frame = document.createElement('iframe');
    frame.onload = () => resolve(frame.contentWindow as Window & Record<string, unknown>);
    frame.onerror = () => reject(new Error(`could not load ${src}`));
    frame.src = src;
    document.body.append(frame);
  });
}
