// Which adapter the proxy suites run through. Every proxy suite runs twice: as is (the Node adapter,
// createProxy) and from proxy-fetch-adapter.test.mjs, which picks `fetch` (createFetchHandler) first.
import { Readable } from 'node:stream';
import { createFetchHandler, createProxy } from '../../dist/proxy/index.mjs';

let current = 'node';

/** Chooses the adapter the suites imported after this call run through. */
export function useAdapter(name) {
  if (name !== 'node' && name !== 'fetch') throw new Error(`unknown adapter ${name}`);
  current = name;
}

export function adapterName() {
  return current;
}

/** A node:http (req, res) handler: createProxy itself, or createFetchHandler served by a plain bridge. */
export function createHandler(config, options) {
  return current === 'fetch' ? serveFetch(createFetchHandler(config, options)) : createProxy(config, options);
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
