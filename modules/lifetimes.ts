// Token lifetimes, shared by the browser modules and the proxy: browser-safe, nothing of hello.js here.
import { numberOf } from './json.ts';

/** join.me's tokens live 24 hours, and its answers may carry no `expires_in`. */
export const JOINME_TOKEN_SECONDS = 86400;

/** Zoho access tokens live an hour. */
export const ZOHO_TOKEN_SECONDS = 3600;

/** Seconds a join.me token lives: `expires_in` when given, else 24 hours. */
export function joinmeLifetimeSeconds(answer: { readonly expires_in?: unknown }): number {
  return numberOf(answer.expires_in) || JOINME_TOKEN_SECONDS;
}

/** Seconds a Zoho token lives: `expires_in_sec`, else `expires_in`, which older answers give in ms. */
export function zohoLifetimeSeconds(answer: { readonly expires_in_sec?: unknown; readonly expires_in?: unknown }): number {
  const seconds = numberOf(answer.expires_in_sec) ?? 0;
  if (seconds > 0) return seconds;
  const given = numberOf(answer.expires_in) ?? 0;
  // The seed page sends "expires_in": 3600000 (ms); hello.js would keep the token for 41 days.
  if (given > 86400) return Math.round(given / 1000);
  return given > 0 ? given : ZOHO_TOKEN_SECONDS;
}
