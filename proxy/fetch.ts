// The fetch adapter: `(request: Request) => Promise<Response>` on Web-standard APIs only, for Cloudflare
// Workers, Deno, Bun, Vercel and Netlify functions and any server that speaks fetch.
import { normaliseConfig, platformSources } from './config.ts';
import type { ProxyAnswer, ProxyRequest } from './core.ts';
import { BodyIncomplete, BodyTooLarge, createCore, internalError } from './core.ts';
import type { ProxyOptions } from './node.ts';
import type { FetchHandler, ProxyConfig } from './types.ts';
import { concatBytes } from './upstream.ts';

/**
 * Creates the oauth proxy as a fetch handler. Throws a TypeError at once when the config is invalid
 * (`{ file }` secrets need a file system; on Workers pass `env` here or use `configFromEnv(env)`).
 */
export function createFetchHandler(config: ProxyConfig, options: ProxyOptions = {}): FetchHandler {
  const settings = normaliseConfig(config, platformSources(options.env));
  const core = createCore(settings);
  return async function hellojsMeetingsProxy(request: Request): Promise<Response> {
    let answer: ProxyAnswer | undefined;
    const incoming = proxyRequest(request);
    try {
      answer = await core(incoming);
    } catch (err) {
      answer = internalError(settings, err);
    }
    // A body the answer did not need is read (up to the cap) so the connection stays usable for the next request.
    if (!incoming.bodyUsed && request.body !== null && !request.bodyUsed) {
      await incoming.body(settings.maxBodyBytes, settings.timeoutMs).catch(() => {});
    }
    return toResponse(answer ?? internalError(settings, new Error('unrouted')));
  };
}

function proxyRequest(request: Request): ProxyRequest & { readonly bodyUsed: boolean } {
  const url = new URL(request.url);
  let bodyUsed = false;
  return {
    method: request.method.toUpperCase(),
    url: `${url.pathname}${url.search}`,
    host: request.headers.get('host') ?? url.host,
    header: (name) => request.headers.get(name) ?? undefined,
    body: (maxBytes, timeoutMs) => {
      bodyUsed = true;
      return readBody(request, maxBytes, timeoutMs);
    },
    get bodyUsed() {
      return bodyUsed;
    },
    signal: request.signal,
  };
}

function toResponse(answer: ProxyAnswer): Response {
  const headers = new Headers(answer.headers);
  if (answer.close) headers.set('connection', 'close');
  // An empty string body goes as null: a string, even '', would get Response's text/plain content type.
  const empty = answer.status === 204 || answer.status === 304 || answer.body === '';
  return new Response(empty ? null : (answer.body as BodyInit), { status: answer.status, headers });
}

/** The request body, at most `maxBytes`, within `timeoutMs`. */
async function readBody(request: Request, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw new BodyTooLarge('request body too large');
  }
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyIncomplete('request body not received in time')), timeoutMs);
  });
  late.catch(() => {});
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await Promise.race([reader.read(), late]);
      } catch (err) {
        if (err instanceof BodyIncomplete) throw err;
        throw new BodyIncomplete('request body did not arrive');
      }
      if (step.done) break;
      size += step.value.byteLength;
      if (size > maxBytes) throw new BodyTooLarge('request body too large');
      chunks.push(step.value);
    }
    return concatBytes(chunks, size);
  } catch (err) {
    reader.cancel().catch(() => {});
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
