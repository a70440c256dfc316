/**
 * The Node server the CLI runs (and a container): the proxy plus its operations. Every log line carries a
 * request id (a sane incoming `X-Request-Id`, else a new one, echoed in the answer); `/healthz` (live) and
 * `/readyz` (not ready while draining); counters at `/metrics` when asked for; and a graceful shutdown that
 * answers every request already received, then exits 0.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProxyMetrics } from './metrics.ts';
import { createProxy } from './node.ts';
import { requestIdOf } from './request-id.ts';
import type { ProxyConfig, ProxyLogEvent } from './types.ts';

/** The paths the server answers itself (GET/HEAD, and only without a parameter of the oauth_proxy protocol). */
export const OPS_PATHS = { live: '/healthz', ready: '/readyz', metrics: '/metrics' } as const;

/** Query parameters of hello.js's oauth_proxy protocol: a request carrying one is the proxy's, whatever its path. */
const PROTOCOL_PARAMS = ['code', 'refresh_token', 'error', 'state', 'path', 'action', 'access_token', 'redirect_uri'];

export { requestIdOf } from './request-id.ts';

/** One JSON log line (what the CLI writes to stderr). */
export type LogLine = Record<string, unknown>;

export interface ServeOptions {
  /** The proxy config (its `log` is wrapped: each event also goes to `write`, with the request id). */
  readonly config: ProxyConfig;
  readonly port: number;
  readonly host: string;
  /** Log only warnings and errors. */
  readonly quiet?: boolean;
  /** Serve `/metrics` on the main listener. */
  readonly metrics?: boolean;
  /** Serve `/metrics`, `/healthz` and `/readyz` on a second listener (at `metricsHost`, default 127.0.0.1). */
  readonly metricsPort?: number;
  readonly metricsHost?: string;
  /** Where log lines go (default: JSON lines on stderr). */
  readonly write?: (line: LogLine) => void;
  /** Shown in the "listening" line. */
  readonly version?: string;
}

export interface ProxyServer {
  readonly server: Server;
  /** `http://host:port` of the main listener. */
  readonly origin: string;
  /** `http://host:port` of the metrics listener, when there is one. */
  readonly metricsOrigin: string | undefined;
  readonly metrics: ProxyMetrics;
  /** Drains and closes; resolves 0 when every request received was answered, 1 when the drain limit cut some. */
  shutdown(reason: string): Promise<number>;
}

function writeStderr(line: LogLine): void {
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

function originOf(server: Server): string {
  const address = server.address() as AddressInfo;
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(new Error(`cannot listen on ${host}:${port}${err.code ? ` (${err.code})` : ''}`));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** The upstream timeout of a config, as the handler reads it (default 10 s). */
function timeoutOf(config: ProxyConfig): number {
  return typeof config.timeoutMs === 'number' && config.timeoutMs > 0 ? config.timeoutMs : 10_000;
}

/** Starts the proxy server; rejects when it cannot listen or the config is invalid. */
export async function startServer(options: ServeOptions): Promise<ProxyServer> {
  const write = options.write ?? writeStderr;
  /** Lifecycle lines (listening, draining, closed) are always written; request lines obey `quiet`. */
  const log = (level: ProxyLogEvent['level'], fields: LogLine) => write({ time: new Date().toISOString(), level, ...fields });

  /** Answers not yet finished (ops paths aside). */
  const pending = new Set<ServerResponse>();
  /** The unfinished answers of each connection, in order (more than one when requests are pipelined). */
  const queues = new WeakMap<object, ServerResponse[]>();
  let draining = false;
  const timeoutMs = timeoutOf(options.config);
  const metrics = new ProxyMetrics(timeoutMs, () => ({ inFlight: pending.size, ready: !draining }));
  const metricsOn = options.metrics === true || options.metricsPort !== undefined;
  const userLog = options.config.log;
  const handler = createProxy({
    ...options.config,
    log: (event) => {
      if (metricsOn) metrics.observe(event);
      // The handler tags each event with the request's X-Request-Id, which onRequest made sane.
      if (!options.quiet || event.level === 'warn' || event.level === 'error') log(event.level, { ...event });
      userLog?.(event);
    },
  });

  /** Answers the ops paths; false when the request is the proxy's. */
  const ops = (req: IncomingMessage, res: ServerResponse, withMetrics: boolean): boolean => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (path !== OPS_PATHS.live && path !== OPS_PATHS.ready && path !== OPS_PATHS.metrics) return false;
    const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
    if (PROTOCOL_PARAMS.some((name) => query.has(name))) return false;
    let status = 200;
    let type = 'text/plain; charset=utf-8';
    let body: string;
    if (path === OPS_PATHS.live) body = 'live\n';
    else if (path === OPS_PATHS.ready) {
      status = draining ? 503 : 200;
      body = draining ? 'draining\n' : 'ready\n';
    } else if (!withMetrics) return false;
    else if (query.get('format') === 'json' || /application\/json/.test(req.headers.accept ?? '')) {
      type = 'application/json; charset=utf-8';
      body = JSON.stringify(metrics.snapshot());
    } else {
      type = 'text/plain; version=0.0.4; charset=utf-8';
      body = metrics.prometheus();
    }
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const requestId = requestIdOf(req.headers['x-request-id']);
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    // While draining, the last answer on a connection closes it: no request can follow. Requests pipelined
    // behind one in flight are answered first (an earlier answer with Connection: close would drop them).
    const queue = queues.get(req.socket) ?? [];
    if (draining) {
      for (const earlier of queue) if (!earlier.headersSent) earlier.removeHeader('connection');
      res.setHeader('connection', 'close');
    }
    if (ops(req, res, options.metrics === true)) return;
    pending.add(res);
    queue.push(res);
    queues.set(req.socket, queue);
    res.once('close', () => {
      pending.delete(res);
      queue.splice(queue.indexOf(res), 1);
      if (draining && pending.size === 0) drained();
    });
    handler(req, res);
  };

  const server = createServer(onRequest);
  // Slow or stalled clients must not hold sockets forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  let metricsServer: Server | undefined;
  if (options.metricsPort !== undefined) {
    metricsServer = createServer((req, res) => {
      if (!ops(req, res, true)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('not found\n');
      }
    });
  }

  await listen(server, options.port, options.host);
  if (metricsServer) {
    try {
      await listen(metricsServer, options.metricsPort!, options.metricsHost ?? '127.0.0.1');
    } catch (err) {
      server.close();
      throw err;
    }
  }
  const origin = originOf(server);
  const metricsOrigin = metricsServer ? originOf(metricsServer) : undefined;
  log('info', {
    message: `listening on ${origin}/${metricsOrigin ? ` (metrics on ${metricsOrigin}${OPS_PATHS.metrics})` : ''}`,
    ...(options.version ? { version: options.version } : {}),
  });

  let drained: () => void = () => {};
  let stopping: Promise<number> | undefined;
  const shutdown = (reason: string): Promise<number> => {
    if (stopping) return stopping;
    draining = true;
    // Every request may take the body read and the provider call, each up to timeoutMs.
    const limitMs = 2 * timeoutMs + 1_000;
    log('info', { message: `${reason}: draining (${pending.size} in flight, at most ${limitMs / 1000} s)`, inFlight: pending.size });
    stopping = new Promise<number>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (code: number) => {
        clearTimeout(timer);
        server.closeAllConnections();
        metricsServer?.closeAllConnections();
        metricsServer?.close();
        log(code === 0 ? 'info' : 'warn', {
          message: code === 0 ? 'closed' : `closed with ${pending.size} requests cut after ${limitMs / 1000} s`,
        });
        resolve(code);
      };
      drained = () => finish(0);
      timer = setTimeout(() => finish(1), limitMs);
      timer.unref();
      // Answers not yet started close their connection; after one turn (requests whose bytes already
      // arrived are parsed first, and answered), stop accepting and drop the idle keep-alive sockets.
      for (const res of pending) {
        const queue = queues.get(res.req.socket);
        if (!res.headersSent && queue?.[queue.length - 1] === res) res.setHeader('connection', 'close');
      }
      setImmediate(() => {
        server.close();
        server.closeIdleConnections();
        if (pending.size === 0) drained();
      });
    });
    return stopping;
  };

  return { server, origin, metricsOrigin, metrics, shutdown };
}

/** SIGTERM/SIGINT drain and exit (0 when nothing was cut); a second signal exits 1 at once. */
export function exitOnSignals(proxy: ProxyServer, write: (line: LogLine) => void = writeStderr): void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      write({ time: new Date().toISOString(), level: 'warn', message: `${signal} again: exiting now` });
      process.exit(1);
    }
    signalled = true;
    void proxy.shutdown(signal).then((code) => process.exit(code));
  };
  let signalled = false;
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
