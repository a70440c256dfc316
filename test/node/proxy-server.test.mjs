// The Node server the CLI runs (proxy/server.ts): request ids on log lines and answers, liveness and readiness,
// counters from the log events, ops paths that never swallow a protocol request, and the graceful drain.
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { requestIdOf, startServer } from '../../dist/proxy/server.mjs';
import { codeQuery, JOINME, listen, REDIRECT, refreshQuery, SITE } from './proxy-helpers.mjs';

/** A token endpoint that answers at once, or holds its answers until release() when `held` is true. */
async function tokenEndpoint() {
  const waiting = [];
  const state = { held: false, calls: 0, status: 200 };
  const answer = (res) => {
    const text = JSON.stringify({ access_token: `AT-${state.calls}`, refresh_token: 'RT' });
    res.writeHead(state.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const running = await listen((req, res) => {
    req.resume();
    req.on('end', () => {
      state.calls += 1;
      if (req.url.startsWith('/hang')) return;
      if (state.held) waiting.push(res);
      else answer(res);
    });
  });
  return {
    ...running,
    origin: running.url.replace(/\/$/, ''),
    state,
    waiting,
    release() {
      state.held = false;
      for (const res of waiting.splice(0)) answer(res);
    },
  };
}

function configFor(origin, extra = {}) {
  return {
    redirectOrigins: [SITE],
    joinme: { ...JOINME, endpoints: { token: `${origin}/token`, expire: `${origin}/expire`, api: `${origin}/api` } },
    ...extra,
  };
}

/** GET with node:http (keep-alive agent optional); resolves { status, headers, body }. */
function get(url, { agent, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const query = (params) => `?${new URLSearchParams(params)}`;

describe('requestIdOf', () => {
  test('keeps a short plain id, replaces anything else with a fresh UUID', () => {
    for (const sane of ['abc', 'req-1.2_3:4@x+y=z/w', 'A'.repeat(128), '4bf92f3577b34da6a3ce929d0e0e4736'])
      assert.equal(requestIdOf(sane), sane);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (const bad of [undefined, '', ' x', 'a b', 'a\r\nSet-Cookie: x=1', 'A'.repeat(129), '"quoted"', '<script>', ['a', 'b'], '-lead']) {
      assert.match(requestIdOf(bad), uuid, JSON.stringify(bad));
    }
    assert.notEqual(requestIdOf(undefined), requestIdOf(undefined));
  });
});

describe('startServer', () => {
  let token;
  let proxy;
  const lines = [];

  before(async () => {
    token = await tokenEndpoint();
    proxy = await startServer({
      config: configFor(token.origin, { timeoutMs: 400 }),
      port: 0,
      host: '127.0.0.1',
      metrics: true,
      write: (line) => lines.push(line),
    });
  });
  after(async () => {
    await proxy?.shutdown('test end');
    await token?.close();
  });

  test('a request id on every request log line and in every answer; a sane incoming one is kept', async () => {
    lines.length = 0;
    token.state.held = true;
    // Interleaved: the exchange waits at the provider while the pass-through is refused.
    const exchange = get(`${proxy.origin}/${query(codeQuery('joinme'))}`, { headers: { 'x-request-id': 'req-A' } });
    while (token.waiting.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const refused = await get(`${proxy.origin}/${query({ path: 'https://evil.example/x' })}`, { headers: { 'x-request-id': 'req-B' } });
    token.release();
    const answered = await exchange;
    const generated = await get(`${proxy.origin}/${query({ path: 'https://evil.example/y' })}`, {
      headers: { 'x-request-id': 'bad id\t' },
    });
    assert.equal(answered.status, 302);
    assert.equal(answered.headers['x-request-id'], 'req-A');
    assert.equal(refused.headers['x-request-id'], 'req-B');
    assert.match(generated.headers['x-request-id'], /^[0-9a-f-]{36}$/);
    const requestLines = lines.filter((line) => line.kind !== undefined);
    assert.equal(requestLines.length, 3);
    assert.deepEqual(
      requestLines.map((line) => [line.kind, line.requestId]),
      [
        ['api', 'req-B'],
        ['code', 'req-A'],
        ['api', generated.headers['x-request-id']],
      ],
    );
    for (const line of requestLines) assert.match(line.time, /^\d{4}-\d\d-\d\dT/);
  });

  test('/healthz and /readyz answer; an ops path carrying a protocol parameter is the proxy’s', async () => {
    const live = await get(`${proxy.origin}/healthz`);
    const ready = await get(`${proxy.origin}/readyz`);
    assert.deepEqual([live.status, live.body], [200, 'live\n']);
    assert.deepEqual([ready.status, ready.body], [200, 'ready\n']);
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const res = await get(`${proxy.origin}${path}${query(codeQuery('joinme'))}`);
      assert.equal(res.status, 302, path);
      assert.ok(res.headers.location.startsWith(`${REDIRECT}#access_token=`), path);
    }
  });

  test('counters from the log events, as Prometheus text and as JSON', async () => {
    const before = proxy.metrics.snapshot();
    await get(`${proxy.origin}/${query(codeQuery('joinme'))}`);
    await get(`${proxy.origin}/${query(codeQuery('joinme'))}`);
    await get(`${proxy.origin}/${query(refreshQuery('joinme'))}`);
    await get(`${proxy.origin}/${query({ path: 'https://evil.example/x' })}`);
    token.state.status = 500;
    await get(`${proxy.origin}/${query(codeQuery('joinme'))}`);
    token.state.status = 200;
    const json = JSON.parse((await get(`${proxy.origin}/metrics?format=json`)).body);
    assert.equal(json.exchanges - before.exchanges, 3);
    assert.equal(json.answers.code.refused - before.answers.code.refused, 1);
    assert.equal(json.refreshes - before.refreshes, 1);
    assert.equal(json.apiPassThroughs - before.apiPassThroughs, 1);
    assert.equal(json.upstreamErrors.status5xx - before.upstreamErrors.status5xx, 1);
    assert.equal(json.latency.count - before.latency.count, 5);
    assert.equal(json.ready, true);
    const text = await get(`${proxy.origin}/metrics`);
    assert.match(text.headers['content-type'], /^text\/plain; version=0\.0\.4/);
    assert.match(
      text.body,
      new RegExp(`^hellojs_meetings_proxy_answers_total\\{kind="code",outcome="ok"\\} ${json.answers.code.ok}$`, 'm'),
    );
    assert.match(text.body, /^hellojs_meetings_proxy_upstream_errors_total\{reason="status_5xx"\} \d+$/m);
    assert.match(text.body, new RegExp(`^hellojs_meetings_proxy_request_duration_seconds_count ${json.latency.count}$`, 'm'));
    assert.match(text.body, /^hellojs_meetings_proxy_request_duration_seconds_bucket\{le="\+Inf"\} \d+$/m);
    assert.match(text.body, /^hellojs_meetings_proxy_ready 1$/m);
  });

  test('a provider that never answers counts as an upstream timeout', async () => {
    const hanging = await startServer({
      config: {
        ...configFor(token.origin, { timeoutMs: 200 }),
        joinme: { ...JOINME, endpoints: { token: `${token.origin}/hang`, expire: `${token.origin}/hang`, api: `${token.origin}/api` } },
      },
      port: 0,
      host: '127.0.0.1',
      metrics: true,
      write: () => {},
    });
    try {
      const res = await get(`${hanging.origin}/${query(codeQuery('joinme'))}`);
      assert.match(res.headers.location, /#error=server_error/);
      assert.equal(hanging.metrics.snapshot().upstreamErrors.timeout, 1);
    } finally {
      assert.equal(await hanging.shutdown('test'), 0);
    }
  });

  test('without the metrics option /metrics is not served (the proxy answers it)', async () => {
    const plain = await startServer({ config: configFor(token.origin), port: 0, host: '127.0.0.1', write: () => {} });
    try {
      const res = await get(`${plain.origin}/metrics`);
      assert.equal(res.status, 200);
      assert.equal(res.body, 'hellojs-meetings oauth proxy\n');
    } finally {
      await plain.shutdown('test');
    }
  });
});

describe('shutdown', () => {
  test('drains: requests in flight answered with Connection: close, idle sockets closed at once, not ready, resolves 0', async () => {
    const token = await tokenEndpoint();
    const lines = [];
    const proxy = await startServer({
      config: configFor(token.origin, { timeoutMs: 3000 }),
      port: 0,
      host: '127.0.0.1',
      metricsPort: 0,
      write: (line) => lines.push(line),
    });
    try {
      const idleAgent = new Agent({ keepAlive: true });
      await get(`${proxy.origin}/healthz`, { agent: idleAgent });
      const idleSocket = Object.values(idleAgent.freeSockets).flat()[0];
      assert.ok(idleSocket, 'an idle keep-alive socket');
      const idleClosed = new Promise((resolve) => idleSocket.once('close', resolve));

      token.state.held = true;
      const agent = new Agent({ keepAlive: true, maxSockets: 10 });
      const inFlight = Array.from({ length: 10 }, () => get(`${proxy.origin}/${query(codeQuery('joinme'))}`, { agent }));
      while (token.waiting.length < 10) await new Promise((resolve) => setTimeout(resolve, 5));

      const stopped = proxy.shutdown('SIGTERM');
      await idleClosed;
      const readiness = await get(`${proxy.metricsOrigin}/readyz`);
      assert.deepEqual([readiness.status, readiness.body], [503, 'draining\n']);
      assert.equal((await get(`${proxy.metricsOrigin}/healthz`)).status, 200, 'still live while draining');
      token.release();
      const answers = await Promise.all(inFlight);
      for (const answer of answers) {
        assert.equal(answer.status, 302);
        assert.equal(answer.headers.connection, 'close');
      }
      assert.equal(await stopped, 0);
      assert.ok(
        lines.some((line) => /SIGTERM: draining \(10 in flight, at most 7 s\)/.test(line.message)),
        'the drain limit comes from timeoutMs',
      );
      agent.destroy();
      idleAgent.destroy();
    } finally {
      await token.close();
    }
  });

  test('a request pipelined behind one in flight is answered too, with Connection: close', async () => {
    const token = await tokenEndpoint();
    const proxy = await startServer({ config: configFor(token.origin), port: 0, host: '127.0.0.1', write: () => {} });
    try {
      token.state.held = true;
      const { port } = new URL(proxy.origin);
      const socket = connect(Number(port), '127.0.0.1');
      let raw = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk) => {
        raw += chunk;
      });
      const closed = new Promise((resolve) => socket.once('close', resolve));
      const line = `GET /${query(codeQuery('joinme'))} HTTP/1.1\r\nHost: x\r\n\r\n`;
      socket.write(line + line);
      while (token.waiting.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
      const stopped = proxy.shutdown('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 30));
      token.release();
      // The second exchange reaches the token endpoint only after the first is answered.
      const poll = setInterval(() => token.release(), 5);
      await closed;
      clearInterval(poll);
      assert.equal(raw.match(/^HTTP\/1\.1 302 /gm)?.length, 2, raw);
      assert.match(raw, /connection: close/i);
      assert.equal(await stopped, 0);
    } finally {
      await token.close();
    }
  });
});
