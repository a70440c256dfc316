// moduleResolution node16 in a CommonJS project: importing an ESM-only package is TS1479 there; the
// package's `require` condition gives it CommonJS and its types. With @types/hellojs.
import assert from 'node:assert/strict';
import type hellojs from 'hellojs';
import { register, VERSION } from 'hellojs-meetings';
import { createProxy, loadConfig } from 'hellojs-meetings/proxy';

assert.equal(typeof createProxy, 'function');
assert.equal(typeof loadConfig, 'function');
const services: Record<string, unknown> = {};
const standIn = Object.assign(() => ({}), { services, settings: {}, init() {}, utils: { store() {} } });
const hello = register(standIn as unknown as typeof hellojs);
hello.init({ zoho: { id: 'ZOHO_CLIENT_ID', region: 'ca' } });
assert.ok(services.zoho, 'register put the Zoho module on hello.services');
console.log(`node16 CommonJS: ${VERSION}`);
