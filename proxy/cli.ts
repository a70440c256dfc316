#!/usr/bin/env node
/** hellojs-meetings-proxy: runs the oauth proxy as a small HTTP server (proxy/server.ts); this file parses arguments. */
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { exitOnSignals, startServer } from './server.ts';
import type { ProxyConfig } from './types.ts';

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
      --metrics        Serve counters at /metrics (Prometheus text; ?format=json for JSON).
      --metrics-port <port>
                       Serve /metrics, /healthz and /readyz on a second listener instead
                       (at --metrics-host, default 127.0.0.1), away from the public one.
  -h, --help           Show this help.
  -v, --version        Show the version.

Config example:
  {
    "redirectOrigins": ["https://app.example.com"],
    "joinme": { "client_id": "JOINME_API_KEY", "client_secret": { "env": "JOINME_CLIENT_SECRET" } },
    "zoho":   { "client_id": "1000.ABC", "client_secret": { "file": "/run/secrets/zoho" } }
  }

Point hello.js at it: hello.init({...}, { oauth_proxy: 'https://proxy.example.com/' }).
GET /healthz answers while the process lives, GET /readyz while it takes traffic (503 while draining).
Logs are JSON lines on stderr, each request's with its request id; they never contain a secret or a token.
SIGTERM/SIGINT: stop accepting, answer every request received, exit 0.`;

function fatal(message: string): never {
  process.stderr.write(`hellojs-meetings-proxy: ${message}\n`);
  process.exit(2);
}

function portOf(value: string | undefined, name: string, fallback: number): number {
  const port = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fatal(`--${name} must be an integer from 0 to 65535.`);
  return port;
}

function main(): void {
  let values: {
    config?: string | undefined;
    port?: string | undefined;
    host?: string | undefined;
    metrics?: boolean | undefined;
    'metrics-port'?: string | undefined;
    'metrics-host'?: string | undefined;
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
        metrics: { type: 'boolean' },
        'metrics-port': { type: 'string' },
        'metrics-host': { type: 'string' },
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
  const port = portOf(values.port, 'port', 8080);
  const metricsPort = values['metrics-port'] === undefined ? undefined : portOf(values['metrics-port'], 'metrics-port', 0);
  let config: ProxyConfig;
  try {
    config = loadConfig(values.config, process.env);
  } catch (err) {
    fatal(err instanceof Error ? err.message : 'invalid config');
  }
  // The handler answers its own errors; this only keeps a stray rejection from killing the server.
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'error', message: `unhandled rejection (${reason instanceof Error ? reason.name : typeof reason})` })}\n`,
    );
  });
  startServer({
    config,
    port,
    host: values.host ?? '127.0.0.1',
    quiet: values.quiet === true,
    metrics: values.metrics === true,
    ...(metricsPort === undefined ? {} : { metricsPort, metricsHost: values['metrics-host'] ?? '127.0.0.1' }),
    version: VERSION,
  }).then(exitOnSignals, (err: unknown) => fatal(err instanceof Error ? err.message : 'cannot start'));
}

main();
