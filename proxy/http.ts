import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** The request body went over the cap. */
export class BodyTooLarge extends Error {
  override readonly name = 'BodyTooLarge';
}

/** The request body did not arrive in time, or the request was aborted. */
export class BodyIncomplete extends Error {
  override readonly name = 'BodyIncomplete';
}

type ParsedBodyRequest = IncomingMessage & { body?: unknown; _body?: unknown };

/** A body a framework already parsed (Express/connect body parsers set `req.body` and consume the stream). */
function fromParsed(body: unknown, contentType: string | undefined, maxBytes: number): Buffer {
  let buf: Buffer;
  if (body === undefined || body === null) buf = Buffer.alloc(0);
  else if (Buffer.isBuffer(body)) buf = body;
  else if (typeof body === 'string') buf = Buffer.from(body, 'utf8');
  else if (typeof body === 'object' && /^application\/x-www-form-urlencoded/i.test(contentType ?? '')) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string') params.append(key, value);
    }
    buf = Buffer.from(params.toString(), 'utf8');
  } else buf = Buffer.from(JSON.stringify(body), 'utf8');
  if (buf.length > maxBytes) throw new BodyTooLarge('request body too large');
  return buf;
}

/** Reads the request body, at most `maxBytes`, within `timeoutMs`. */
export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  const r = req as ParsedBodyRequest;
  if (r.readableEnded || r._body === true) {
    try {
      return Promise.resolve(fromParsed(r.body, req.headers['content-type'], maxBytes));
    } catch (err) {
      return Promise.reject(err);
    }
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(new BodyTooLarge('request body too large'));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (err) {
        // Discard whatever is still coming, so the answer can be read by the client.
        req.on('error', () => {});
        req.resume();
        reject(err);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > maxBytes) finish(new BodyTooLarge('request body too large'));
      else chunks.push(buf);
    };
    const onEnd = () => finish();
    const onError = (err: Error) => finish(new BodyIncomplete(err.message));
    const onClose = () => finish(new BodyIncomplete('request closed before its body was read'));
    const timer = setTimeout(() => finish(new BodyIncomplete('request body not received in time')), timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

const BASE_HEADERS: OutgoingHttpHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function writable(res: ServerResponse): boolean {
  return !res.headersSent && !res.writableEnded && !res.destroyed;
}

/** Ends the response with a body; does nothing if it was already answered. */
export function send(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: Buffer | string): void {
  if (!writable(res)) return;
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...BASE_HEADERS, ...headers, 'content-length': buf.length });
  res.end(buf);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, { ...headers, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(body));
}

export function sendText(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, { ...headers, 'content-type': 'text/plain; charset=utf-8' }, `${text}\n`);
}

export function sendRedirect(res: ServerResponse, location: string): void {
  send(res, 302, { location, 'referrer-policy': 'no-referrer', 'content-type': 'text/plain; charset=utf-8' }, 'Redirecting\n');
}

// ---------------------------------------------------------------------------------------------------------
// Provider calls: time-limited, size-limited, never following a redirect (a 307 would resend the secret).

export type UpstreamResult =
  | { readonly ok: true; readonly status: number; readonly headers: Headers; readonly body: Buffer; readonly ms: number }
  | { readonly ok: false; readonly reason: 'timeout' | 'unreachable' | 'too_large' | 'aborted'; readonly ms: number };

class TooLarge extends Error {}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new TooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
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
  return Buffer.concat(chunks, size);
}

export interface UpstreamOptions {
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Aborts the call when the browser went away. */
  readonly signal?: AbortSignal;
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
