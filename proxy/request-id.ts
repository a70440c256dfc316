/**
 * Request ids: a sane incoming `X-Request-Id` is kept (it goes into log lines and an answer header), anything
 * else replaced. Runtime-free (Web Crypto's randomUUID), so the protocol core and the Node server share it.
 */

/** 1 to 128 characters of `A-Z a-z 0-9 . _ : @ + = / -`, starting with a letter or digit. */
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:@+=/-]{0,127}$/;

/** The header's value when it is a sane request id, else undefined. */
export function saneRequestId(header: string | string[] | null | undefined): string | undefined {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header) ? header : undefined;
}

/** The request id of a request: its sane `X-Request-Id`, or a fresh UUID. */
export function requestIdOf(header: string | string[] | null | undefined): string {
  return saneRequestId(header) ?? globalThis.crypto.randomUUID();
}
