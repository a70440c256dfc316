// An ES module Node project (a server and its tests): the proxy, and register on a stand-in hello.
import assert from 'node:assert/strict';
import type hellojs from 'hellojs';
import { register, VERSION } from 'hellojs-meetings';
import { createProxy } from 'hellojs-meetings/proxy';

const handler = createProxy({
  redirectOrigins: ['https://app.example.com'],
  zoho: { client_id: '1000.ABCDEF', client_secret: 'not-a-real-secret' },
});
assert.equal(typeof handler, 'function');

// hellojs touches `window` when loaded: a stand-in with the parts register uses, typed as the real one.
const services: Record<string, unknown> = {};
const standIn = Object.assign(() => ({}), { services, settings: {}, init() {}, utils: { store() {} } });
const hello = register(standIn as unknown as typeof hellojs);
assert.ok(services.zoho && services.joinme, 'register put both modules on hello.services');
hello.init({ zoho: { id: 'ZOHO_CLIENT_ID', region: 'in', proxy_api: true } });
assert.match(VERSION, /^\d+\.\d+\.\d+/);
console.log(`nodenext ESM: ${VERSION}`);
