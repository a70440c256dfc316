/**
 * The Node adapter's provider call: node:http/node:https with keep-alive agents, the answer read into one
 * Buffer. Same contract as `fetchUpstream(fetch)` (upstream.ts), without fetch's Request/Response objects,
 * web streams and per-call AbortController, which were most of the proxy's CPU under load. The node: modules
 * are taken at run time (runtime.ts), so the package entry stays loadable where there is no Node.
 */
import type { ClientRequest, Agent as HttpAgent, IncomingMessage, RequestOptions } from 'node:http';
import { nodeBuiltin } from './runtime.ts';
import type { Upstream, UpstreamHeaders, UpstreamLimits, UpstreamRequest, UpstreamResult } from './upstream.ts';

type HttpModule = typeof import('node:http');
type HttpsModule = typeof import('node:https');
type ZlibModule = typeof import('node:zlib');

export interface NodeUpstreamOptions {
  /** Largest number of sockets per provider host (default: no limit, as fetch). */
  readonly maxSockets?: number;
  /** Idle keep-alive sockets kept per host (default 256). */
  readonly maxFreeSockets?: number;
  /**
   * Requests with a length go to node:http as one header list (default true), skipping its per-header
   * setHeader work; false: always as a header object (the reference the tests compare the list with).
   */
  readonly headerList?: boolean;
}

type Failure = 'timeout' | 'unreachable' | 'too_large' | 'aborted';

/** Header reader over Node's raw header list: repeated headers joined with ", ", as fetch's Headers does. */
class RawHeaders implements UpstreamHeaders {
  constructor(private readonly raw: readonly string[]) {}
  get(name: string): string | null {
    const wanted = name.toLowerCase();
    let value: string | null = null;
    for (let i = 0; i < this.raw.length; i += 2) {
      if (this.raw[i]!.toLowerCase() === wanted) value = value === null ? this.raw[i + 1]! : `${value}, ${this.raw[i + 1]}`;
    }
    return value;
  }
}

/** Where a URL sends a request: host, port, path, and the keep-alive agent of its scheme. */
interface Target {
  readonly https: boolean;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly agent: HttpAgent;
  /** The Host header node:http would write: host, and the port when not the scheme's default. */
  readonly hostHeader: string;
}

function parseTarget(url: string, agents: { 'http:': HttpAgent; 'https:': HttpAgent }): Target | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const https = parsed.protocol === 'https:';
  return {
    https,
    // node:http wants an IPv6 literal without its brackets.
    host: parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname,
    port: parsed.port === '' ? (https ? 443 : 80) : Number(parsed.port),
    path: `${parsed.pathname}${parsed.search}`,
    agent: agents[parsed.protocol],
    hostHeader: parsed.host,
  };
}

/** Decodes a content coding as fetch does (it asks for gzip and deflate), never past `maxBytes`. */
function decode(zlib: ZlibModule, coding: string, body: Buffer, maxBytes: number): Promise<Buffer> {
  const options = { maxOutputLength: Math.max(1, maxBytes) };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, out: Buffer) => (err ? reject(err) : resolve(out));
    if (coding === 'gzip' || coding === 'x-gzip') zlib.gunzip(body, { ...options, finishFlush: zlib.constants.Z_SYNC_FLUSH }, done);
    // "deflate" is zlib-wrapped by the spec, raw by some servers: fetch accepts both.
    else if (coding === 'deflate') ((body[0]! & 0x0f) === 8 ? zlib.inflate : zlib.inflateRaw)(body, options, done);
    else if (coding === 'br') zlib.brotliDecompress(body, options, done);
    else resolve(body);
  });
}

/** The provider call over node:http/node:https with keep-alive; undefined where Node's modules are not there. */
export function nodeUpstream(options: NodeUpstreamOptions = {}): Upstream | undefined {
  const http = nodeBuiltin<HttpModule>('node:http');
  const https = nodeBuiltin<HttpsModule>('node:https');
  const zlib = nodeBuiltin<ZlibModule>('node:zlib');
  if (http === undefined || https === undefined || zlib === undefined) return undefined;
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? Infinity, maxFreeSockets: options.maxFreeSockets ?? 256 };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
  const headerList = options.headerList ?? true;
  // The token URLs are pinned, so the same few URLs come again and again: parse each once (bounded).
  const targets = new Map<string, Target | undefined>();
  const targetOf = (url: string): Target | undefined => {
    // A URL with a query (revoke carries the token there) is never kept.
    if (url.includes('?')) return parseTarget(url, agents);
    let target = targets.get(url);
    if (target !== undefined || targets.has(url)) return target;
    target = parseTarget(url, agents);
    if (targets.size >= 256) targets.delete(targets.keys().next().value as string);
    targets.set(url, target);
    return target;
  };

  const setup: CallSetup = { http, https, zlib, headerList };
  return (url, request, limits) =>
    new Promise<UpstreamResult>((resolve) => {
      const call = new ProviderCall(setup, request, limits, resolve);
      if (limits.signal?.aborted) return call.fail('aborted');
      const target = targetOf(url);
      if (target === undefined) return call.fail('unreachable');
      call.start(target);
    });
}

/** What every call of one nodeUpstream shares. */
interface CallSetup {
  readonly http: HttpModule;
  readonly https: HttpsModule;
  readonly zlib: ZlibModule;
  readonly headerList: boolean;
}

/** The timer's callback: module-level, the call comes as its argument (no closure per call). */
function timedOut(call: ProviderCall): void {
  call.fail('timeout');
}

/**
 * One provider call in flight, its state on one object. An exchange waiting on its provider then holds this
 * object and two listeners, instead of a dozen closures over the call's scope (under load those outlived
 * young-generation collections and lengthened them).
 */
class ProviderCall {
  private readonly started = Date.now();
  private settled = false;
  private timer: ReturnType<typeof setTimeout> | undefined = undefined;
  private current: ClientRequest | undefined = undefined;
  private target: Target | undefined = undefined;
  private chunks: Buffer[] | undefined = undefined;
  private size = 0;

  constructor(
    private readonly setup: CallSetup,
    private readonly request: UpstreamRequest,
    private readonly limits: UpstreamLimits,
    private readonly resolve: (result: UpstreamResult) => void,
  ) {}

  /** The browser went away: the call is the cancel signal's listener object (no closure, no { once }). */
  handleEvent(): void {
    this.fail('aborted');
  }

  fail(reason: Failure): void {
    if (this.settled) return;
    this.current?.destroy();
    this.settle({ ok: false, reason, ms: Date.now() - this.started });
  }

  private settle(result: UpstreamResult): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.limits.signal?.removeEventListener('abort', this);
    this.resolve(result);
  }

  start(target: Target): void {
    this.target = target;
    this.timer = setTimeout(timedOut, this.limits.timeoutMs, this);
    // Removed in settle, whichever way the call ends.
    this.limits.signal?.addEventListener('abort', this);
    this.send(true);
  }

  /** node:http's options for one send (built again for the one retry rather than kept while waiting). */
  private options(target: Target): RequestOptions {
    const { request } = this;
    const { body } = request;
    const headers: Record<string, string> = { accept: '*/*', 'accept-encoding': 'gzip, deflate', ...request.headers };
    if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    // As fetch: an empty POST or PUT says so, other methods send no length.
    else if (request.method === 'POST' || request.method === 'PUT') headers['content-length'] = '0';
    // With a length, the head node:http writes from this list is the one it writes from the object, byte for
    // byte (Host last, as node:http adds it); without one, node:http decides on chunked encoding at end().
    // A name not in lower case, or a Host of the caller's, is left to node:http's own merging.
    let head: Record<string, string> | string[] = headers;
    if (this.setup.headerList && headers['content-length'] !== undefined) {
      const list: string[] = [];
      for (const name in headers) {
        if (name === 'host' || name !== name.toLowerCase()) break;
        list.push(name, headers[name]!);
      }
      if (list.length === 2 * Object.keys(headers).length) {
        list.push('Host', target.hostHeader);
        head = list;
      }
    }
    return { host: target.host, port: target.port, path: target.path, method: request.method, headers: head, agent: target.agent };
  }

  private send(retry: boolean): void {
    const target = this.target!;
    let answered = false;
    let req: ClientRequest;
    try {
      req = (target.https ? this.setup.https.request : this.setup.http.request)(this.options(target));
    } catch {
      // Invalid header values (a control character from a browser's header) are refused by Node, as by fetch.
      this.fail('unreachable');
      return;
    }
    this.current = req;
    // 'response' with on(), not request()'s callback: node:http wraps that one in a once() per call.
    req.on('response', (res: IncomingMessage) => {
      answered = true;
      this.receive(res);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the provider closed as we wrote: nothing reached it, send once more on a new one.
      if (retry && !answered && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) return this.send(false);
      this.fail('unreachable');
    });
    // A string body is written as a string: node:http then sends the head and the body in one write.
    req.end(this.request.body);
  }

  private receive(res: IncomingMessage): void {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.limits.maxBytes) {
      this.fail('too_large');
      return;
    }
    res.on('data', (chunk: Buffer) => {
      this.size += chunk.length;
      if (this.size > this.limits.maxBytes) this.fail('too_large');
      else if (this.chunks === undefined) this.chunks = [chunk];
      else this.chunks.push(chunk);
    });
    res.on('error', () => this.fail('unreachable'));
    res.on('close', () => {
      if (!res.complete) this.fail('unreachable');
    });
    res.on('end', () => this.end(res));
  }

  private end(res: IncomingMessage): void {
    if (this.settled) return;
    const raw = this.chunks === undefined ? Buffer.alloc(0) : Buffer.concat(this.chunks, this.size);
    const coding = res.headers['content-encoding']?.trim().toLowerCase();
    if (coding === undefined || coding === '' || coding === 'identity' || raw.length === 0) {
      this.answer(res, raw);
      return;
    }
    decode(this.setup.zlib, coding, raw, this.limits.maxBytes).then(
      (data) => this.answer(res, data),
      (err: NodeJS.ErrnoException) =>
        this.fail(err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError ? 'too_large' : 'unreachable'),
    );
  }

  private answer(res: IncomingMessage, body: Buffer): void {
    this.settle({
      ok: true,
      status: res.statusCode ?? 502,
      headers: new RawHeaders(res.rawHeaders),
      body,
      ms: Date.now() - this.started,
    });
  }
}
