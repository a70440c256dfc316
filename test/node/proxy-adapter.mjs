// Which adapter the proxy suites run through. Every proxy suite runs as is (the Node adapter, createProxy)
// and from proxy-fetch-adapter.test.mjs (`fetch`: createFetchHandler); the end-to-end and hostile-request
// suites also from proxy-workerd.test.mjs (`workerd`: the Cloudflare example inside workerd).
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { createFetchHandler, createProxy } from '../../dist/proxy/index.mjs';
import { forwardOutbound, startWorker, varsFor } from './proxy-workerd.mjs';

let current = 'node';

/** Chooses the adapter the suites imported after this call run through. */
export function useAdapter(name) {
  if (name !== 'node' && name !== 'fetch' && name !== 'workerd') throw new Error(`unknown adapter ${name}`);
  current = name;
}

export function adapterName() {
  return current;
}

/** A node:http (req, res) handler: createProxy itself, or createFetchHandler served by a plain bridge. */
export function createHandler(config, options) {
  if (current === 'workerd') throw new Error('workerd runs the proxy in its own process: use startHandler');
  return current === 'fetch' ? serveFetch(createFetchHandler(config, options)) : createProxy(config, options);
}

/** Starts `handler` on loopback; resolves { url, server, close }. */
export async function listen(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A running proxy for `config`: resolves { url, close }. In workerd the config travels as the Worker's
 * environment (its `log` stays behind) and a `fetch` in it becomes the Worker's outbound service, which sees
 * every provider call with the redirect mode `runtime`: workerd itself decides whether a 3xx is followed, and
 * a followed one would reach the outbound service as a call of its own.
 */
export async function startHandler(config) {
  if (current !== 'workerd') return listen(createHandler(config));
  const recorder = config.fetch;
  const outbound = recorder
    ? async (request) => {
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        const body = hasBody ? await request.text() : undefined;
        return recorder(request.url, { method: request.method, headers: request.headers, body, redirect: 'runtime' });
      }
    : forwardOutbound;
  return startWorker({ vars: varsFor(config), outbound });
}

/**
 * Serves a fetch handler on node:http the way a fetch server does (Deno.serve, Bun.serve): the body
 * streamed, the signal aborted when the client goes away. Written here, apart from the library's adapter.
 */
export function serveFetch(handler) {
  return (req, res) => {
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    let request;
    try {
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
        method: req.method,
        headers,
        body: hasBody ? Readable.toWeb(req) : undefined,
        duplex: 'half',
        signal: controller.signal,
      });
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request\n');
      return;
    }
    handler(request).then(
      async (response) => {
        const body = Buffer.from(await response.arrayBuffer());
        const headers = {};
        for (const [name, value] of response.headers) headers[name] = value;
        headers['content-length'] = String(body.length);
        res.writeHead(response.status, headers).end(body);
      },
      () => res.destroy(),
    );
  };
}
