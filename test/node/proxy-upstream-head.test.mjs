// The lean provider call's header list (nodeUpstream's default, for requests with a length) against node:http's
// own header object (headerList: false): the bytes that reach the provider, head and body, are the same on
// fixed and seeded random requests (methods, bodies, header sets, IPv4 and IPv6 hosts).
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { nodeUpstream } from '../../dist/proxy/node-upstream.mjs';
import { mulberry32 } from '../seeded-random.mjs';

const list = nodeUpstream();
const object = nodeUpstream({ headerList: false });
const LIMITS = { timeoutMs: 5_000, maxBytes: 4096 };

/** A provider on a raw socket: keeps the bytes of each request, answers 200 with an empty JSON object. */
function rawProvider(host) {
  const seen = [];
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    let data = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      for (;;) {
        const end = data.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = data.subarray(0, end + 4).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (data.length < end + 4 + length) return;
        seen.push(data.subarray(0, end + 4 + length).toString('latin1'));
        data = data.subarray(end + 4 + length);
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n{}');
      }
    });
    socket.on('error', () => {});
  });
  // Closing ends the kept-alive connections too (both upstreams' agents keep theirs open otherwise).
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve({ close, seen, port: server.address().port }));
  });
}

let v4;
let v6;
before(async () => {
  v4 = await rawProvider('127.0.0.1');
  v6 = await rawProvider('::1').catch(() => undefined);
});
after(() => Promise.all([v4?.close(), v6?.close()]));

/** What each way of sending puts on the wire for one request. */
async function wire(provider, url, request) {
  const bytes = [];
  for (const upstream of [list, object]) {
    const before = provider.seen.length;
    const result = await upstream(url, request, LIMITS);
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.equal(provider.seen.length, before + 1);
    bytes.push(provider.seen[before]);
  }
  return bytes;
}

test('fixed requests: token POSTs (form and JSON), empty POST and PUT, a caller accept, no length', async () => {
  const url = `http://127.0.0.1:${v4.port}/oauth/v2/token`;
  const requests = [
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: 'a=1&b=2' },
    { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"client_id":"é"}' },
    { method: 'POST', headers: { accept: 'application/json' } },
    { method: 'PUT', headers: {} },
    { method: 'POST', headers: { authorization: 'Bearer x' }, body: new TextEncoder().encode('bytes') },
    { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{}' },
    { method: 'GET', headers: { accept: 'application/json' } },
    { method: 'POST', headers: { Accept: 'text/plain' }, body: 'x' },
  ];
  for (const request of requests) {
    const [fromList, fromObject] = await wire(v4, url, request);
    assert.equal(fromList, fromObject, JSON.stringify(request));
  }
});

test('an IPv6 provider gets the same Host header and bytes', async (t) => {
  if (v6 === undefined) return t.skip('no IPv6 loopback');
  const [fromList, fromObject] = await wire(v6, `http://[::1]:${v6.port}/token`, { method: 'POST', headers: {}, body: 'a=1' });
  assert.equal(fromList, fromObject);
  assert.match(fromList, new RegExp(`\\r\\nHost: \\[::1\\]:${v6.port}\\r\\n`));
});

test('seeded random requests put the same bytes on the wire both ways', async () => {
  const random = mulberry32(0x4ead15);
  const pick = (items) => items[Math.floor(random() * items.length)];
  const names = ['accept', 'content-type', 'authorization', 'x-extra', 'accept-encoding', 'Accept', 'host'];
  const values = ['application/json', '*/*', 'Bearer abc', 'text/plain; charset=utf-8', 'gzip', 'a b c', ''];
  const bodies = [undefined, '', 'a=1', '{"x":"ü€"}', new Uint8Array([1, 2, 3]), 'x'.repeat(300)];
  for (let i = 0; i < 300; i++) {
    const headers = {};
    const count = Math.floor(random() * 4);
    for (let k = 0; k < count; k++) headers[pick(names)] = pick(values);
    const request = { method: pick(['POST', 'POST', 'PUT', 'PATCH', 'GET', 'DELETE']), headers, body: pick(bodies) };
    // GET and DELETE go without a body; a PATCH without one would be chunked (the object path both ways).
    if (request.method === 'GET' || request.method === 'DELETE') request.body = undefined;
    if (request.method === 'PATCH') request.body ??= '';
    const path = pick(['/token', '/oauth/v2/token', '/a/b?x=1']);
    const [fromList, fromObject] = await wire(v4, `http://127.0.0.1:${v4.port}${path}`, request);
    assert.equal(fromList, fromObject, JSON.stringify({ ...request, body: String(request.body) }));
  }
});
