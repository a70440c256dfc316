// The oauth proxy's token-exchange throughput on loopback (127.0.0.1 only):
// - with test/node/proxy-load.mjs (an instant local token endpoint: the proxy's own cost), when present;
// - end to end against the provider emulator's token endpoints (codes minted first, untimed).
import { createServer } from 'node:http';
import { median, percentile } from './stats.mjs';

const SITE = 'http://localhost:8000';
const REDIRECT = `${SITE}/redirect.html`;

/** proxyLoad() of test/node/proxy-load.mjs, or undefined when that helper is not there. */
export async function loadHelper() {
  try {
    const module = await import(new URL('../../test/node/proxy-load.mjs', import.meta.url).href);
    return typeof module.proxyLoad === 'function' ? module.proxyLoad : undefined;
  } catch {
    return undefined;
  }
}

function listen(handler) {
  const server = createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        origin: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

/** Runs `task(i)` for i < total with `concurrency` in flight. */
async function pool(total, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < total) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

/**
 * `requests` code exchanges (half join.me, half Zoho in the EU data centre) through createProxy, against
 * createEmulator's token endpoints, `concurrency` in flight. Codes are minted at the emulated authorize
 * endpoints beforehand; only the exchanges are timed.
 */
export async function emulatorExchange({ root, requests = 2000, concurrency = 50 }) {
  const { createProxy } = await import(new URL('dist/proxy/index.mjs', `file://${root}/`).href);
  const { createEmulator } = await import(new URL('emulator/index.mjs', `file://${root}/`).href);
  const emulator = createEmulator({ redirectUris: [REDIRECT], consent: 'auto' });
  const emu = await emulator.listen(0);
  // emu.urls since the emulator became a product (emu.endpoints is hello.init's shape there).
  const endpoints = emulator.urls ? emulator.urls(emu.origin) : emulator.endpoints(emu.origin);
  const proxy = await listen(
    createProxy({
      redirectOrigins: [SITE],
      joinme: {
        ...emulator.clients.joinme,
        endpoints: { token: endpoints.joinme.token, expire: endpoints.joinme.expire, api: endpoints.joinme.base },
      },
      zoho: { ...emulator.clients.zoho, datacentres: endpoints.zoho.datacentres },
    }),
  );
  const state = (network) =>
    JSON.stringify({
      client_id: emulator.clients[network].client_id,
      network,
      display: 'popup',
      callback: '_hellojs_bench',
      redirect_uri: REDIRECT,
      scope: 'basic',
    });
  const authorize = {
    joinme: () =>
      `${endpoints.joinme.auth}?${new URLSearchParams({ response_type: 'code', client_id: emulator.clients.joinme.client_id, redirect_uri: REDIRECT, scope: 'user_info', state: state('joinme'), login_hint: 'ada@example.com' })}`,
    zoho: () =>
      `${endpoints.zoho.datacentres.eu.accounts}/oauth/v2/auth?${new URLSearchParams({ response_type: 'code', client_id: emulator.clients.zoho.client_id, redirect_uri: REDIRECT, scope: 'ZohoMeeting.meeting.READ', state: state('zoho'), login_hint: 'marie@example.eu', access_type: 'offline' })}`,
  };
  try {
    // Untimed: one code per exchange, as hello.js's redirect page would forward them (every query parameter).
    const forwards = new Array(requests);
    await pool(requests, concurrency, async (i) => {
      const network = i % 2 ? 'zoho' : 'joinme';
      const res = await fetch(authorize[network](), { redirect: 'manual' });
      await res.arrayBuffer();
      const location = new URL(res.headers.get('location') ?? '', REDIRECT);
      if (!location.searchParams.get('code')) throw new Error(`${network}: the emulator gave no code (${res.status})`);
      location.searchParams.set('redirect_uri', REDIRECT);
      forwards[i] = `${proxy.origin}/oauthproxy?${location.searchParams}`;
    });
    const latencies = [];
    let errors = 0;
    let firstError;
    const started = process.hrtime.bigint();
    await pool(requests, concurrency, async (i) => {
      const begun = process.hrtime.bigint();
      try {
        const res = await fetch(forwards[i], { redirect: 'manual' });
        await res.arrayBuffer();
        const location = res.headers.get('location') ?? '';
        if (res.status !== 302 || !location.includes('#access_token='))
          throw new Error(`status ${res.status}: ${location.slice(location.indexOf('#'), location.indexOf('#') + 120)}`);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      latencies.push(Number(process.hrtime.bigint() - begun) / 1e6);
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      requests,
      seconds,
      perSecond: requests / seconds,
      errors,
      ...(firstError ? { firstError } : {}),
      latency: { median: median(latencies), p95: percentile(latencies, 95) },
    };
  } finally {
    await proxy.close();
    await emu.close();
  }
}
