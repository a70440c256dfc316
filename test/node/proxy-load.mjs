// Load run for the oauth proxy: token exchanges through the proxy against a minimal local token endpoint
// (both providers, Zoho in the EU data centre), many in flight on loopback. Reused by the benchmark script:
//   import { proxyLoad } from './test/node/proxy-load.mjs';
//   const { requests, seconds, perSecond } = await proxyLoad({ requests: 2000, concurrency: 50 });
import { createServer } from 'node:http';
import { createProxy } from '../../dist/proxy/index.mjs';

const REGIONS = ['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'cn', 'uk'];
const SITE = 'http://localhost:8000';
const REDIRECT = `${SITE}/redirect.html`;
const CLIENTS = {
  joinme: { client_id: 'load-joinme', client_secret: 'load-joinme-secret' },
  zoho: { client_id: '1000.LOAD', client_secret: 'load-zoho-secret' },
};

function listen(handler) {
  const server = createServer(handler);
  server.keepAliveTimeout = 10_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        server,
        origin: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A token endpoint that answers every grant at once, like both providers do on success. */
function fakeTokenEndpoint() {
  let counter = 0;
  return listen((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      counter += 1;
      const zoho = req.url.startsWith('/zoho/');
      const body = zoho
        ? {
            access_token: `1000.at.${counter}`,
            refresh_token: `1000.rt.${counter}`,
            expires_in_sec: 3600,
            expires_in: 3600000,
            token_type: 'Bearer',
          }
        : { access_token: `jm-at-${counter}`, refresh_token: `jm-rt-${counter}` };
      const text = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
}

/**
 * Runs `requests` code exchanges through a fresh proxy with `concurrency` in flight.
 * @param {{ requests?: number, concurrency?: number, warmup?: number, gc?: () => void }} [options]
 * @returns {Promise<{ requests: number, seconds: number, perSecond: number, errors: number, firstError?: string,
 *   heapBefore: number, heapAfter: number, heapGrowthBytes: number }>}
 */
export async function proxyLoad({ requests = 2000, concurrency = 50, warmup = 200, gc = globalThis.gc } = {}) {
  const upstream = await fakeTokenEndpoint();
  const datacentres = Object.fromEntries(
    REGIONS.map((r) => [r, { accounts: `${upstream.origin}/zoho/${r}/accounts`, meeting: `${upstream.origin}/zoho/${r}/meeting` }]),
  );
  const handler = createProxy({
    redirectOrigins: [SITE],
    joinme: {
      ...CLIENTS.joinme,
      endpoints: {
        token: `${upstream.origin}/joinme/token`,
        expire: `${upstream.origin}/joinme/expire`,
        api: `${upstream.origin}/joinme/api`,
      },
    },
    zoho: { ...CLIENTS.zoho, datacentres },
  });
  const proxy = await listen(handler);

  const urls = ['joinme', 'zoho'].map((network) => {
    const state = JSON.stringify({ client_id: CLIENTS[network].client_id, network, callback: '_hellojs_load', redirect_uri: REDIRECT });
    const query = new URLSearchParams({ code: 'CODE', state, redirect_uri: REDIRECT });
    if (network === 'zoho') {
      query.set('location', 'eu');
      query.set('accounts-server', datacentres.eu.accounts);
    }
    return `${proxy.origin}/oauthproxy?${query}`;
  });

  let errors = 0;
  let firstError;
  async function exchange(i) {
    try {
      const res = await fetch(urls[i % 2], { redirect: 'manual' });
      await res.arrayBuffer();
      const location = res.headers.get('location') ?? '';
      if (res.status !== 302 || !location.includes('#access_token=') || !location.includes('expires_in=')) {
        throw new Error(`status ${res.status}: ${location.slice(location.indexOf('#'), location.indexOf('#') + 120)}`);
      }
    } catch (err) {
      errors += 1;
      firstError ??= err instanceof Error ? err.message : String(err);
    }
  }
  async function run(total) {
    let next = 0;
    const worker = async () => {
      while (next < total) await exchange(next++);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  }
  const heapNow = () => {
    if (gc) {
      gc();
      gc();
    }
    return process.memoryUsage().heapUsed;
  };

  try {
    await run(warmup);
    errors = 0;
    firstError = undefined;
    const heapBefore = heapNow();
    const started = process.hrtime.bigint();
    await run(requests);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const heapAfter = heapNow();
    return {
      requests,
      seconds,
      perSecond: requests / seconds,
      errors,
      ...(firstError ? { firstError } : {}),
      heapBefore,
      heapAfter,
      heapGrowthBytes: heapAfter - heapBefore,
    };
  } finally {
    await proxy.close();
    await upstream.close();
  }
}
