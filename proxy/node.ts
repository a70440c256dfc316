// The Node adapter: node:http, Express/connect and Koa. It translates between IncomingMessage /
// ServerResponse and the core, and calls the providers through node:http (node-upstream.ts); no node:
// module is imported at run time (they are taken from the running Node), so the package entry stays
// loadable on every runtime.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Settings } from './config.ts';
import { normaliseConfig, platformSources, withUpstream } from './config.ts';
import type { CoreHandler, ProxyAnswer, ProxyRequest } from './core.ts';
import { BodyIncomplete, BodyTooLarge, createCore, internalError } from './core.ts';
import { nodeUpstream } from './node-upstream.ts';
import type { ProxyConfig, ProxyEnv, ProxyHandler } from './types.ts';
import type { CancelListener, CancelSignal } from './upstream.ts';

/** Where `{ env }` secrets are read (default `process.env`). */
export interface ProxyOptions {
  env?: ProxyEnv;
}

/**
 * Creates the oauth proxy request handler for node:http, Express/connect and Koa. Throws a TypeError at once
 * when the config is invalid. The handler ignores its own path: it is routed by query and method only.
 */
export function createProxy(config: ProxyConfig, options: ProxyOptions = {}): ProxyHandler {
  let settings = normaliseConfig(config, platformSources(options.env));
  // Without a fetch of the config's, providers are called through node:http with keep-alive (on Node).
  const lean = (config as { fetch?: unknown } | null)?.fetch === undefined ? nodeUpstream() : undefined;
  if (lean !== undefined) settings = withUpstream(settings, lean);
  return nodeHandler(settings, createCore(settings));
}

/** The (req, res, next?) handler over a core. */
export function nodeHandler(settings: Settings, core: CoreHandler): ProxyHandler {
  return function hellojsMeetingsProxy(req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void {
    let answered: Promise<ProxyAnswer | undefined>;
    try {
      answered = core(new NodeProxyRequest(req, res), next !== undefined);
    } catch (err) {
      answered = Promise.reject(err);
    }
    answered.then(
      (answer) => {
        if (answer === undefined) next?.();
        else write(res, answer);
      },
      (err: unknown) => write(res, internalError(settings, err)),
    );
  };
}

/**
 * The core's view of a Node request: a class, not an object literal of closures with a getter. Under load the
 * literal's exchanges outlived young-generation collections (--trace-gc-nvp: about 1 MB promoted per
 * scavenge, against 20 kB with this class and 11 kB for oauth-shim); the longer scavenges were the p95.
 * It is also the provider call's cancel signal, aborted when the browser goes away before its answer is
 * written (the response closes unfinished): lighter than an AbortController, or a signal object, per request.
 */
class NodeProxyRequest implements ProxyRequest, CancelSignal {
  readonly method: string;
  readonly url: string;
  readonly host: string | undefined;
  aborted = false;
  private watching = false;
  private listeners: CancelListener[] | undefined = undefined;
  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    this.method = (req.method ?? 'GET').toUpperCase();
    this.url = req.url ?? '/';
    this.host = req.headers.host;
  }
  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }
  body(maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
    return readBody(this.req, maxBytes, timeoutMs);
  }
  /** Watched from first use (only provider calls need it). */
  get signal(): CancelSignal {
    if (!this.watching) {
      this.watching = true;
      // 'close' comes once per response: on() spares once()'s wrapper on every request.
      this.res.on('close', () => this.closed());
    }
    return this;
  }
  addEventListener(_type: 'abort', listener: CancelListener): void {
    if (this.aborted) return;
    // One provider call at a time: a one-element array, not push()'s room for seventeen.
    if (this.listeners === undefined) this.listeners = [listener];
    else this.listeners.push(listener);
  }
  removeEventListener(_type: 'abort', listener: CancelListener): void {
    const at = this.listeners?.indexOf(listener) ?? -1;
    if (at !== -1) this.listeners!.splice(at, 1);
  }
  private closed(): void {
    if (this.res.writableFinished) return;
    this.aborted = true;
    const listeners = this.listeners ?? [];
    this.listeners = undefined;
    for (const listener of listeners) {
      if (typeof listener === 'function') listener();
      else listener.handleEvent();
    }
  }
}

function write(res: ServerResponse, answer: ProxyAnswer): void {
  try {
    if (res.headersSent || res.writableEnded || res.destroyed) {
      if (!res.writableEnded) res.destroy();
      return;
    }
    // A string body goes out as a string: node:http then sends the head and the body in one write.
    const { body } = answer;
    // Headers as one flat [name, value, …] list: node:http stores them as they are, without a header object.
    const head: string[] = [];
    const { headers } = answer;
    for (const name in headers) head.push(name, headers[name]!);
    head.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength));
    if (answer.close) head.push('connection', 'close');
    res.writeHead(answer.status, head);
    res.end(body);
  } catch {
    res.destroy();
  }
}

type ParsedBodyRequest = IncomingMessage & { body?: unknown; _body?: unknown };

/** A body a framework already parsed (Express/connect body parsers set `req.body` and consume the stream). */
function fromParsed(body: unknown, contentType: string | undefined, maxBytes: number): Uint8Array {
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
function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const parsed = req as ParsedBodyRequest;
  if (parsed.readableEnded || parsed._body === true) {
    try {
      return Promise.resolve(fromParsed(parsed.body, req.headers['content-type'], maxBytes));
    } catch (err) {
      return Promise.reject(err);
    }
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.reject(new BodyTooLarge('request body too large'));
  }
  return new Promise<Uint8Array>((resolve, reject) => {
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
