// The Node adapter's lean provider call (nodeUpstream, node:http) against the reference (fetchUpstream over
// the global fetch, what createFetchHandler and workerd use): the same answers on fixed and seeded random provider behaviour, the same limits
// (timeout, size cap, client abort), no redirect followed, and what reaches the provider.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { nodeUpstream } from '../../dist/proxy/node-upstream.mjs';
import { fetchUpstream } from '../../dist/proxy/upstream.mjs';
import { mulberry32 } from '../seeded-random.mjs';
import { codeQuery, get, JOINME, startProxy } from './proxy-helpers.mjs';

const lean = nodeUpstream();
const reference = fetchUpstream(globalThis.fetch);
const LIMITS = { timeoutMs: 5_000, maxBytes: 4096 };

let server;
let origin;
const received = [];

/** A provider whose behaviour is read from the query: status, body size, chunks, coding, headers, stalls. */
function provider(req, res) {
  const url = new URL(req.url, 'http://x');
  const q = url.searchParams;
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    received.push({ path: url.pathname, method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    if (url.pathname === '/hang') return; // never answers
    const status = Number(q.get('status') ?? 200);
    const size = Number(q.get('size') ?? 20);
    let body = Buffer.from(JSON.stringify({ n: 'x'.repeat(Math.max(0, size - 8)) }).slice(0, size));
    const headers = { 'content-type': q.get('ct') ?? 'application/json' };
    const coding = q.get('coding');
    if (coding === 'gzip') body = gzipSync(body);
    if (coding === 'deflate') body = deflateSync(body);
    if (coding === 'deflate-raw') body = deflateRawSync(body);
    if (coding) headers['content-encoding'] = coding === 'deflate-raw' ? 'deflate' : coding;
    if (status >= 300 && status < 400) headers.location = `${origin}/elsewhere`;
    if (q.get('auth')) headers['www-authenticate'] = ['Bearer realm="a"', 'Basic realm="b"'];
    if (q.get('chunked') !== '1') headers['content-length'] = status === 204 || status === 304 ? 0 : body.length;
    res.writeHead(status, headers);
    if (status === 204 || status === 304) return res.end();
    if (url.pathname === '/stall-body') return res.write(body.subarray(0, 1)); // headers, then nothing
    if (url.pathname === '/cut') {
      res.write(body.subarray(0, 1));
      return setTimeout(() => res.socket.destroy(), 20);
    }
    const parts = Number(q.get('parts') ?? 1);
    const step = Math.ceil(body.length / parts) || 1;
    let at = 0;
    const next = () => {
      if (at >= body.length) return res.end();
      res.write(body.subarray(at, at + step));
      at += step;
      setImmediate(next);
    };
    next();
  });
}

before(async () => {
  server = createServer(provider);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

/** What a caller can see of a result, for comparison. */
function view(result) {
  if (!result.ok) return { ok: false, reason: result.reason };
  return {
    ok: true,
    status: result.status,
    body: Buffer.from(result.body).toString('utf8'),
    contentType: result.headers.get('Content-Type'),
    location: result.headers.get('location'),
    wwwAuthenticate: result.headers.get('www-authenticate'),
  };
}

async function both(url, request = { method: 'GET', headers: {} }, limits = LIMITS) {
  const [a, b] = await Promise.all([lean(url, request, limits), reference(url, request, limits)]);
  return { lean: view(a), reference: view(b) };
}

describe('nodeUpstream answers as fetchUpstream(fetch) does', () => {
  test('fixed cases: JSON, error statuses, 204, redirects not followed, repeated headers, codings, caps', async () => {
    const cases = [
      '/ok',
      '/ok?status=400',
      '/ok?status=401&auth=1',
      '/ok?status=500&ct=text/html',
      '/ok?status=204',
      '/ok?status=302',
      '/ok?status=307',
      '/ok?status=308',
      '/ok?coding=gzip&size=300',
      '/ok?coding=deflate&size=300',
      '/ok?coding=deflate-raw&size=300',
      '/ok?size=4096',
      '/ok?size=4097',
      '/ok?size=5000&chunked=1&parts=7',
      '/ok?size=4096&chunked=1&parts=3',
      '/cut?size=100&chunked=1',
    ];
    for (const path of cases) {
      const { lean: a, reference: b } = await both(`${origin}${path}`);
      assert.deepEqual(a, b, path);
    }
    const redirect = await lean(`${origin}/ok?status=307`, { method: 'POST', headers: {}, body: 'secret=1' }, LIMITS);
    assert.equal(redirect.status, 307);
    assert.equal(received.filter((r) => r.path === '/elsewhere').length, 0, 'no redirect was followed');
    assert.equal((await lean(`${origin}/ok?size=5000`, { method: 'GET', headers: {} }, LIMITS)).reason, 'too_large');
    assert.equal((await lean(`${origin}/ok?size=5000&chunked=1&parts=5`, { method: 'GET', headers: {} }, LIMITS)).reason, 'too_large');
  });

  test('seeded random provider answers (status, size around the cap, chunking, coding) give the same results', async () => {
    const random = mulberry32(20261130);
    const pick = (list) => list[Math.floor(random() * list.length)];
    for (let i = 0; i < 120; i++) {
      const q = new URLSearchParams({
        status: String(pick([200, 200, 201, 204, 301, 302, 307, 400, 401, 403, 404, 429, 500, 502, 503])),
        size: String(pick([0, 1, 2, 50, 4000, 4095, 4096, 4097, 9000])),
        parts: String(1 + Math.floor(random() * 6)),
      });
      if (random() < 0.4) q.set('chunked', '1');
      if (random() < 0.3) q.set('coding', pick(['gzip', 'deflate', 'identity']));
      if (random() < 0.2) q.set('auth', '1');
      if (random() < 0.2) q.set('ct', pick(['text/plain', 'application/json; charset=utf-8', 'text/html']));
      const method = pick(['GET', 'POST', 'DELETE', 'PUT']);
      const request = { method, headers: { accept: 'application/json' }, ...(method === 'GET' ? {} : { body: `a=${i}` }) };
      const { lean: a, reference: b } = await both(`${origin}/ok?${q}`, request);
      assert.deepEqual(a, b, `case ${i}: ${method} ?${q}`);
    }
  });

  test('what reaches the provider: method, body, and the headers the proxy sets', async () => {
    const requests = [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: 'client_secret=s&code=é',
      },
      { method: 'PUT', headers: { 'content-type': 'application/json', authorization: 'Bearer T' }, body: new Uint8Array([123, 125]) },
      { method: 'DELETE', headers: { authorization: 'Zoho-oauthtoken T' } },
      { method: 'POST', headers: { accept: 'application/json' } },
      { method: 'GET', headers: { accept: 'text/plain' } },
    ];
    for (const request of requests) {
      received.length = 0;
      await lean(`${origin}/echo`, request, LIMITS);
      await reference(`${origin}/echo`, request, LIMITS);
      const [a, b] = received;
      const pickHeaders = (h) => ({
        'content-type': h['content-type'],
        'content-length': h['content-length'],
        authorization: h.authorization,
        accept: h.accept,
        'transfer-encoding': h['transfer-encoding'],
      });
      assert.equal(a.method, b.method);
      assert.equal(a.body, b.body);
      assert.deepEqual(pickHeaders(a.headers), pickHeaders(b.headers), request.method);
    }
  });
});

describe('nodeUpstream limits and failures', () => {
  test('a provider that never answers, or stalls in its body, gives timeout within timeoutMs', async () => {
    for (const path of ['/hang', '/stall-body?size=100&chunked=1']) {
      const started = Date.now();
      const result = await lean(`${origin}${path}`, { method: 'POST', headers: {}, body: 'x' }, { timeoutMs: 150, maxBytes: 4096 });
      assert.deepEqual(view(result), { ok: false, reason: 'timeout' }, path);
      assert.ok(Date.now() - started < 3_000);
      assert.deepEqual(view(await reference(`${origin}${path}`, { method: 'GET', headers: {} }, { timeoutMs: 150, maxBytes: 4096 })), {
        ok: false,
        reason: 'timeout',
      });
    }
  });

  test('the browser going away aborts the call; an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    const pending = lean(`${origin}/hang`, { method: 'GET', headers: {} }, { ...LIMITS, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    assert.equal((await pending).reason, 'aborted');
    received.length = 0;
    const result = await lean(`${origin}/ok`, { method: 'GET', headers: {} }, { ...LIMITS, signal: AbortSignal.abort() });
    assert.equal(result.reason, 'aborted');
    assert.equal(received.length, 0);
  });

  test('unreachable: closed port, bad URL, non-http scheme, header value a browser could smuggle', async () => {
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    await new Promise((resolve) => closed.close(resolve));
    for (const [url, headers] of [
      [`http://127.0.0.1:${port}/`, {}],
      ['not a url', {}],
      ['file:///etc/passwd', {}],
      [`${origin}/ok`, { authorization: 'Bearer a\r\nX-Evil: 1' }],
    ]) {
      const { lean: a, reference: b } = await both(url, { method: 'GET', headers });
      assert.deepEqual(a, { ok: false, reason: 'unreachable' }, url);
      assert.deepEqual(a, b, url);
    }
  });

  test('keep-alive: sequential calls reuse one socket, and a socket the provider closed is not an error', async () => {
    const ports = new Set();
    const keep = createServer((req, res) => {
      ports.add(req.socket.remotePort);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 });
      res.end('{}');
    });
    keep.keepAliveTimeout = 60_000;
    await new Promise((resolve) => keep.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${keep.address().port}/`;
    const upstream = nodeUpstream();
    try {
      for (let i = 0; i < 5; i++) assert.equal((await upstream(url, { method: 'POST', headers: {}, body: 'x' }, LIMITS)).status, 200);
      assert.equal(ports.size, 1, 'one kept-alive socket');
      keep.closeIdleConnections();
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal((await upstream(url, { method: 'POST', headers: {}, body: 'x' }, LIMITS)).status, 200);
    } finally {
      keep.closeAllConnections();
      keep.close();
    }
  });
});

describe('the browser going away abandons the provider call (clientGone)', () => {
  for (const [label, extra] of [
    ['nodeUpstream (default)', {}],
    ['fetchUpstream (config.fetch)', { fetch: globalThis.fetch }],
  ]) {
    test(label, { timeout: 20_000 }, async () => {
      let providerClosed;
      const providerGone = new Promise((resolve) => {
        providerClosed = resolve;
      });
      let seen = 0;
      const holding = createServer((req) => {
        seen += 1;
        req.resume();
        req.socket.once('close', providerClosed);
      });
      await new Promise((resolve) => holding.listen(0, '127.0.0.1', resolve));
      const tokenOrigin = `http://127.0.0.1:${holding.address().port}`;
      const events = [];
      const proxy = await startProxy({
        joinme: { ...JOINME, endpoints: { token: `${tokenOrigin}/token`, expire: `${tokenOrigin}/expire`, api: `${tokenOrigin}/api` } },
        log: (event) => events.push(event),
        ...extra,
      });
      try {
        const controller = new AbortController();
        const pending = get(proxy.url, codeQuery('joinme'), { signal: controller.signal }).catch((err) => err);
        while (seen === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        controller.abort();
        await pending;
        await providerGone;
        while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        assert.equal(events[0].message, 'The request was cancelled.');
      } finally {
        await proxy.close();
        holding.closeAllConnections();
        holding.close();
      }
    });
  }
});

describe('which provider call createProxy makes', () => {
  /** The headers the token endpoint saw for one joinme code exchange through `createProxy(extra)`. */
  async function exchangeHeaders(extra = {}) {
    const seen = [];
    const token = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'AT', refresh_token: 'RT' }));
      });
    });
    await new Promise((resolve) => token.listen(0, '127.0.0.1', resolve));
    const tokenOrigin = `http://127.0.0.1:${token.address().port}`;
    const proxy = await startProxy({
      joinme: { ...JOINME, endpoints: { token: `${tokenOrigin}/token`, expire: `${tokenOrigin}/expire`, api: `${tokenOrigin}/api` } },
      ...extra,
    });
    try {
      const res = await get(proxy.url, codeQuery('joinme'));
      assert.equal(res.status, 302);
      assert.match(res.headers.get('location'), /#access_token=AT&/);
      return seen[0];
    } finally {
      await proxy.close();
      token.closeAllConnections();
      token.close();
    }
  }

  test('node:http on Node; the fetch upstream with a config fetch, or where Node is not there (getBuiltinModule)', async () => {
    // fetch (undici) marks its requests; node:http does not.
    assert.equal((await exchangeHeaders())['sec-fetch-mode'], undefined, 'createProxy on Node: node:http');
    assert.equal((await exchangeHeaders({ fetch: globalThis.fetch }))['sec-fetch-mode'], 'cors', 'a config fetch is used');
    const getBuiltinModule = process.getBuiltinModule;
    process.getBuiltinModule = undefined;
    try {
      assert.equal((await exchangeHeaders())['sec-fetch-mode'], 'cors', 'without Node built-ins: the global fetch');
    } finally {
      process.getBuiltinModule = getBuiltinModule;
    }
  });
});
