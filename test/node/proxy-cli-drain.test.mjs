// SIGTERM to the real CLI process under keep-alive load: every request it received is answered, idle
// keep-alive sockets are closed at once, /readyz turns 503, the process exits 0; every request log line
// carries its request id.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { codeQuery, JOINME, listen, REDIRECT, SITE } from './proxy-helpers.mjs';

const CLI = fileURLToPath(new URL('../../dist/proxy/cli.mjs', import.meta.url));
const IN_FLIGHT = 120;

function get(url, agent) {
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.on('error', (err) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

const until = async (check) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

test('SIGTERM mid-load: no request received is lost, idle sockets closed, not ready while draining, exit 0', {
  timeout: 60_000,
}, async () => {
  const held = [];
  let holding = false;
  let calls = 0;
  const answer = (res) => {
    const text = JSON.stringify({ access_token: `AT-${calls}`, refresh_token: 'RT' });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const token = await listen((req, res) => {
    req.resume();
    req.on('end', () => {
      calls += 1;
      if (holding) held.push(res);
      else answer(res);
    });
  });
  const origin = token.url.replace(/\/$/, '');
  const dir = mkdtempSync(join(tmpdir(), 'hellojs-meetings-drain-'));
  const config = join(dir, 'proxy.config.json');
  writeFileSync(
    config,
    JSON.stringify({
      redirectOrigins: [SITE],
      timeoutMs: 5000,
      joinme: { ...JOINME, endpoints: { token: `${origin}/token`, expire: `${origin}/expire`, api: `${origin}/api` } },
    }),
  );
  const child = spawn(process.execPath, [CLI, '--config', config, '--port', '0', '--metrics-port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const lines = [];
  const listening = new Promise((resolve, reject) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      const parsed = JSON.parse(line);
      lines.push(parsed);
      const match = /listening on (http:\/\/[^/ ]+)\/ \(metrics on (http:\/\/[^/ ]+)\/metrics\)/.exec(parsed.message ?? '');
      if (match) resolve({ proxy: match[1], ops: match[2] });
    });
    exited.then(() => reject(new Error('the CLI exited before listening')));
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 50_000);
  try {
    const { proxy, ops } = await listening;
    const url = `${proxy}/?${new URLSearchParams(codeQuery('joinme'))}`;
    const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const idleAgent = new Agent({ keepAlive: true });
    const results = [];
    const send = async () => results.push(await get(url, agent));

    // Load on kept-alive sockets: two rounds answered at once, a third held at the provider.
    for (let round = 0; round < 2; round++) await Promise.all(Array.from({ length: IN_FLIGHT }, send));
    await Promise.all(Array.from({ length: 5 }, () => get(`${proxy}/healthz`, idleAgent)));
    const idleSockets = Object.values(idleAgent.freeSockets).flat();
    assert.ok(idleSockets.length > 0, 'idle keep-alive sockets');
    const idleClosed = Promise.all(idleSockets.map((socket) => new Promise((resolve) => socket.once('close', resolve))));
    holding = true;
    const heldRound = Promise.all(Array.from({ length: IN_FLIGHT }, send));
    await until(() => held.length === IN_FLIGHT);

    child.kill('SIGTERM');
    await idleClosed;
    let readiness;
    do readiness = await get(`${ops}/readyz`);
    while (readiness.status !== 503);
    assert.equal(held.length, IN_FLIGHT, 'not ready while requests are still in flight');
    holding = false;
    for (const res of held.splice(0)) answer(res);
    await heldRound;
    const { code } = await exited;

    assert.equal(results.length, 3 * IN_FLIGHT);
    const lost = results.filter((r) => r.status !== 302);
    assert.deepEqual(lost, [], 'every request answered');
    assert.ok(results.every((r) => r.headers.location.startsWith(`${REDIRECT}#access_token=`)));
    assert.ok(
      results.slice(-IN_FLIGHT).every((r) => r.headers.connection === 'close'),
      'drained answers close their connection',
    );
    assert.equal(code, 0);
    const requestLines = lines.filter((line) => line.kind !== undefined);
    assert.equal(requestLines.length, 3 * IN_FLIGHT);
    assert.ok(
      requestLines.every((line) => typeof line.requestId === 'string' && line.requestId.length > 0),
      'a request id on every line',
    );
    assert.equal(new Set(requestLines.map((line) => line.requestId)).size, 3 * IN_FLIGHT);
    assert.ok(lines.some((line) => /^SIGTERM: draining \(120 in flight, at most 11 s\)$/.test(line.message)));
    assert.equal(lines.at(-1).message, 'closed');
    agent.destroy();
    idleAgent.destroy();
  } finally {
    clearTimeout(killer);
    child.kill('SIGKILL');
    await token.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGTERM with nothing in flight (an idle keep-alive socket open) exits 0 at once', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hellojs-meetings-drain-'));
  const config = join(dir, 'proxy.config.json');
  writeFileSync(config, JSON.stringify({ redirectOrigins: [SITE], joinme: { ...JOINME } }));
  const child = spawn(process.execPath, [CLI, '--config', config, '--port', '0', '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const proxy = await new Promise((resolve) => {
      createInterface({ input: child.stderr }).on('line', (line) => {
        const match = /listening on (http:\/\/[^/ ]+)\//.exec(line);
        if (match) resolve(match[1]);
      });
    });
    const agent = new Agent({ keepAlive: true });
    assert.equal((await get(`${proxy}/readyz`, agent)).status, 200);
    const idle = Object.values(agent.freeSockets).flat()[0];
    const idleClosed = new Promise((resolve) => idle.once('close', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    await idleClosed;
    agent.destroy();
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a config error never prints a credential written into a URL', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hellojs-meetings-drain-'));
  try {
    for (const [index, config] of [
      { redirectOrigins: ['https://ada:S3CRET-PW@app.example.com'], joinme: { ...JOINME } },
      {
        redirectOrigins: [SITE],
        joinme: { ...JOINME, endpoints: { token: 'ftp://ada:S3CRET-PW@x/t', expire: 'https://x/e', api: 'https://x' } },
      },
    ].entries()) {
      const file = join(dir, `bad-${index}.json`);
      writeFileSync(file, JSON.stringify(config));
      const child = spawn(process.execPath, [CLI, '--config', file], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const code = await new Promise((resolve) => child.once('close', resolve));
      assert.equal(code, 2, stderr);
      assert.match(stderr, /redirectOrigins|endpoints/);
      assert.ok(!stderr.includes('S3CRET-PW'), stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
