#!/usr/bin/env node
import type { Server } from 'node:http';
/** hellojs-meetings-proxy: runs the oauth proxy as a small HTTP server. */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { createProxy } from './node.ts';
import type { ProxyLogEvent } from './types.ts';

const VERSION = '__VERSION__';

const HELP = `hellojs-meetings-proxy ${VERSION}: the oauth proxy for hello.js's join.me and Zoho Meeting code grant.

Usage:
  hellojs-meetings-proxy --config proxy.config.json [--port 8080] [--host 127.0.0.1]

Options:
  -c, --config <file>  JSON config (required). A secret may be written as { "env": "NAME" }
                       or { "file": "/run/secrets/name" } instead of a string.
  -p, --port <port>    Port to listen on (default 8080; 0 picks a free one).
      --host <host>    Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface).
  -q, --quiet          Log only warnings and errors.
  -h, --help           Show this help.
  -v, --version        Show the version.

Config example:
  {
    "redirectOrigins": ["https://app.example.com"],
    "joinme": { "client_id": "JOINME_API_KEY", "client_secret": { "env": "JOINME_CLIENT_SECRET" } },
    "zoho":   { "client_id": "1000.ABC", "client_secret": { "file": "/run/secrets/zoho" } }
  }

Point hello.js at it: hello.init({...}, { oauth_proxy: 'https://proxy.example.com/' }).
Logs are JSON lines on stderr; they never contain a secret or a token.`;

function logLine(event: ProxyLogEvent | Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
}

function fatal(message: string): never {
  process.stderr.write(`hellojs-meetings-proxy: ${message}\n`);
  process.exit(2);
}

function main(): void {
  let values: {
    config?: string | undefined;
    port?: string | undefined;
    host?: string | undefined;
    help?: boolean | undefined;
    version?: boolean | undefined;
    quiet?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      options: {
        config: { type: 'string', short: 'c' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fatal(`${err instanceof Error ? err.message : String(err)}\nRun with --help for usage.`);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  if (!values.config) fatal('--config <file> is required. Run with --help for usage.');
  const port = values.port === undefined ? 8080 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fatal('--port must be an integer from 0 to 65535.');
  const host = values.host ?? '127.0.0.1';

  let handler: ReturnType<typeof createProxy>;
  try {
    const config = loadConfig(values.config, process.env);
    const quiet = values.quiet === true;
    config.log = (event) => {
      if (!quiet || event.level === 'warn' || event.level === 'error') logLine(event);
    };
    handler = createProxy(config);
  } catch (err) {
    fatal(err instanceof Error ? err.message : 'invalid config');
  }

  const server: Server = createServer(handler);
  // Slow or stalled clients must not hold sockets forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.on('error', (err: NodeJS.ErrnoException) => fatal(`cannot listen on ${host}:${port}${err.code ? ` (${err.code})` : ''}`));
  server.listen(port, host, () => {
    const address = server.address();
    const where =
      typeof address === 'object' && address !== null
        ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/`
        : String(address);
    logLine({ level: 'info', message: `listening on ${where}`, version: VERSION });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logLine({ level: 'warn', message: `${signal} again: exiting now` });
      process.exit(1);
    }
    stopping = true;
    logLine({ level: 'info', message: `${signal}: closing (waiting for requests in flight, at most 10 s)` });
    server.close(() => {
      logLine({ level: 'info', message: 'closed' });
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => {
      logLine({ level: 'warn', message: 'requests still in flight after 10 s: exiting' });
      server.closeAllConnections();
      process.exit(1);
    }, 10_000).unref();
  };
  // The handler answers its own errors; this only keeps a stray rejection from killing the server.
  process.on('unhandledRejection', (reason) => {
    logLine({ level: 'error', message: `unhandled rejection (${reason instanceof Error ? reason.name : typeof reason})` });
  });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main();
