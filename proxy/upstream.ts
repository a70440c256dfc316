// Provider calls: time-limited, size-limited, never following a redirect (a 307 would resend the secret).
// Web-standard APIs only (fetch, streams, AbortController), for every runtime.

export type UpstreamResult =
  | { readonly ok: true; readonly status: number; readonly headers: Headers; readonly body: Uint8Array; readonly ms: number }
  | { readonly ok: false; readonly reason: 'timeout' | 'unreachable' | 'too_large' | 'aborted'; readonly ms: number };

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

export interface UpstreamOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Aborts the call when the browser went away. */
  readonly signal?: AbortSignal | undefined;
}

/** One provider call. Never throws, never outlives `timeoutMs` (even with a fetch that ignores its signal). */
export async function callUpstream(url: string, init: RequestInit, options: UpstreamOptions): Promise<UpstreamResult> {
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
  const timer = setTimeout(() => abort('timeout'), options.timeoutMs);
  const onClientAbort = () => abort('aborted');
  if (options.signal?.aborted) abort('aborted');
  options.signal?.addEventListener('abort', onClientAbort, { once: true });
  try {
    const response = await Promise.race([
      Promise.resolve().then(() => options.fetch(url, { ...init, signal: controller.signal, redirect: 'manual' })),
      aborted,
    ]);
    const body = await Promise.race([readCapped(response, options.maxBytes), aborted]);
    return { ok: true, status: response.status, headers: response.headers, body, ms: Date.now() - started };
  } catch (err) {
    const ms = Date.now() - started;
    if (reason !== undefined) return { ok: false, reason, ms };
    if (err instanceof TooLarge) return { ok: false, reason: 'too_large', ms };
    return { ok: false, reason: 'unreachable', ms };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onClientAbort);
  }
}
