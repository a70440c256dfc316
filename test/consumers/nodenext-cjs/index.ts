// A CommonJS Node project (an Express-style server): imports compile to require(), which must work on
// every Node the package's engines allow (the test runs it with require() of ES modules switched off),
// and without @types/hellojs (the package's own types for hellojs instead).
/// <reference types="hellojs-meetings/hellojs" />
import assert from 'node:assert/strict';
import type hellojs from 'hellojs';
import { register, VERSION, ZOHO_REGIONS } from 'hellojs-meetings';
import { createProxy } from 'hellojs-meetings/proxy';

const handler = createProxy({
  redirectOrigins: ['https://app.example.com'],
  joinme: { client_id: 'JOINME_API_KEY', client_secret: 'not-a-real-secret' },
});
assert.equal(typeof handler, 'function');

const services: Record<string, unknown> = {};
const standIn = Object.assign(() => ({}), { services, settings: {}, init() {}, utils: { store() {} } });
const hello = register(standIn as unknown as typeof hellojs);
hello.init({ zoho: { region: 'eu' } });
assert.ok(services.zoho && services.joinme, 'register put both modules on hello.services');
assert.ok(ZOHO_REGIONS.includes('eu'));
console.log(`nodenext CommonJS: ${VERSION}`);
