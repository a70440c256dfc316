/**
 * The provider call, as narrow as the protocol needs it: one request out, the whole (capped) answer back.
 * The core depends on `Upstream` only; a runtime brings its implementation: `fetchUpstream` (any
 * Web-standard fetch: workerd, Deno, Bun, tests) here, or `nodeUpstream` (node:http with keep-alive, the
 * Node adapter's default, node-upstream.ts). Both keep the same rules: time-limited, size-limited, never
 * following a redirect (a 307 would resend the secret), never throwing.
 */

/** Reads one header of the provider's answer (case-insensitive; repeated headers joined with ", "). */
export interface UpstreamHeaders {
  get(name: string): string | null;
}

/** What a provider call gives back: the answer read whole, or why there is none. */
export type UpstreamResult =
  | { readonly ok: true; readonly status: number; readonly headers: UpstreamHeaders; readonly body: Uint8Array; readonly ms: number }
  | { readonly ok: false; readonly reason: 'timeout' | 'unreachable' | 'too_large' | 'aborted'; readonly ms: number };

/** The request sent to the provider: header names in lower case, the body already serialised. */
export interface UpstreamRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array<ArrayBuffer> | undefined;
}

/** An abort listener: a function, or an object with `handleEvent` (as for any DOM event target). */
export type CancelListener = (() => void) | { handleEvent(): void };

/**
 * What a provider call needs of an AbortSignal (which fits it): the Node adapter passes a lighter one
 * (node.ts), as an AbortController per request cost a tenth of the proxy's own CPU.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: CancelListener, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: CancelListener): void;
}

/** The limits of one provider call. */
export interface UpstreamLimits {
  /** The whole call, answer body included. */
  readonly timeoutMs: number;
  /** Largest answer read (declared or streamed); larger ones give `too_large`. */
  readonly maxBytes: number;
  /** Aborts the call when the browser went away. */
  readonly signal?: CancelSignal | undefined;
}

/** One provider call. Never throws, never outlives `timeoutMs`, never follows a redirect. */
export type Upstream = (url: string, request: UpstreamRequest, limits: UpstreamLimits) => Promise<UpstreamResult>;

class TooLarge extends Error {}

/** Concatenates chunks into one array. */
export function concatBytes(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new TooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return concatBytes(chunks, size);
}

/** The provider call over a Web-standard fetch (even one that ignores its signal cannot outlive `timeoutMs`). */
export function fetchUpstream(fetchImpl: typeof fetch): Upstream {
  return async (url, request, limits) => {
    const started = Date.now();
    const controller = new AbortController();
    let reason: 'timeout' | 'aborted' | undefined;
    let rejectAbort: (err: Error) => void = () => {};
    const aborted = new Promise<never>((_, reject) => {
      rejectAbort = reject;
    });
    aborted.catch(() => {});
    const abort = (why: 'timeout' | 'aborted') => {
      if (reason !== undefined) return;
      reason = why;
      controller.abort();
      rejectAbort(new Error(why));
    };
    const timer = setTimeout(() => abort('timeout'), limits.timeoutMs);
    const onClientAbort = () => abort('aborted');
    if (limits.signal?.aborted) abort('aborted');
    limits.signal?.addEventListener('abort', onClientAbort, { once: true });
    try {
      const init: RequestInit = { method: request.method, headers: request.headers, signal: controller.signal, redirect: 'manual' };
      if (request.body !== undefined) init.body = request.body;
      const response = await Promise.race([Promise.resolve().then(() => fetchImpl(url, init)), aborted]);
      const body = await Promise.race([readCapped(response, limits.maxBytes), aborted]);
      return { ok: true, status: response.status, headers: response.headers, body, ms: Date.now() - started };
    } catch (err) {
      const ms = Date.now() - started;
      if (reason !== undefined) return { ok: false, reason, ms };
      if (err instanceof TooLarge) return { ok: false, reason: 'too_large', ms };
      return { ok: false, reason: 'unreachable', ms };
    } finally {
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onClientAbort);
    }
  };
}

const hosts = new Map<string, string>();

/**
 * The host of a provider URL (for logs and error messages), parsed once per URL: the token URLs are pinned.
 * A URL with a query (revoke carries the token there) is never kept.
 */
export function hostOf(url: string): string {
  if (url.includes('?')) return new URL(url).host;
  let host = hosts.get(url);
  if (host === undefined) {
    host = new URL(url).host;
    if (hosts.size >= 256) hosts.delete(hosts.keys().next().value as string);
    hosts.set(url, host);
  }
  return host;
}
