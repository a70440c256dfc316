// Puts the provider modules on a hello.js instance, keeping what the site configured before.
import providers from 'virtual:hellojs-meetings/providers';
import { isRecord } from './json.ts';
import { MODULE_MARK, setHello } from './request.ts';
import { checkSessionsOnRead, type SessionCheck } from './session.ts';
import type { HelloInstance, HelloLike, HelloWithMeetings, ProviderModule, ProviderModules } from './types.ts';

/** This package's version (the build writes it in). */
export const VERSION: string = '__VERSION__';

/** The definitions, as registered (a fresh copy is given to each hello instance). */
export const modules: ProviderModules = providers;

/** Deep copy of data, functions shared: hello.init merges into these objects, never into `modules`. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copy(item)])) as T;
}

/** A real module (a built-in one) has hooks; a site's `hello.init` before loading gives plain data. */
function isModule(value: Record<string, unknown>): boolean {
  return ['xhr', 'wrap', 'login', 'get'].some((key) => key in value);
}

function registerOne(hello: HelloLike, name: string, definition: ProviderModule): void {
  const existing = hello.services[name];
  if (isRecord(existing) && existing[MODULE_MARK]) return; // already ours: loaded twice
  const module: Record<string, unknown> = { ...copy(definition), [MODULE_MARK]: VERSION };
  // A function cannot replace a function through hello.init, so the built-in module is replaced outright.
  hello.services[name] = module;
  if (!isRecord(existing)) return;
  // Keep the site's settings: all of a plain config, only the client id of hello.js's built-in module.
  const siteConfig = isModule(existing) ? (existing.id === undefined ? {} : { id: existing.id }) : existing;
  hello.init({ [name]: siteConfig });
}

/**
 * Registers `joinme` (replacing hello.js's own) and `zoho` on `hello`. Safe to call again: modules
 * already registered, and the site's settings, are left as they are. Returns `hello`, its own type kept
 * (`hello.on`, `hello('google')`) and these two networks' calls typed.
 */
export function register<T extends HelloInstance>(instance: T): HelloWithMeetings & T {
  // The real hello.js has everything HelloLike names; HelloInstance only keeps callers from passing anything else.
  const hello = instance as unknown as HelloLike;
  setHello(hello);
  const checks: Record<string, SessionCheck> = {};
  for (const [name, definition] of Object.entries(modules)) {
    registerOne(hello, name, definition);
    if (definition.checkSession) checks[name] = definition.checkSession;
  }
  checkSessionsOnRead(hello, checks);
  return instance as HelloWithMeetings & T;
}
