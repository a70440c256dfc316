// Classic resolution (moduleResolution node10, what TypeScript 5.x gives `module: commonjs`): no exports
// map, so the root's types come from `types` and the subpaths' from `typesVersions`.
import assert from 'node:assert/strict';
import type hellojs from 'hellojs';
import { register, VERSION } from 'hellojs-meetings';
import type { ProxyConfig } from 'hellojs-meetings/proxy';
import { createProxy } from 'hellojs-meetings/proxy';

const config: ProxyConfig = {
  redirectOrigins: ['https://app.example.com'],
  zoho: { client_id: '1000.ABCDEF', client_secret: 'not-a-real-secret' },
};
assert.equal(typeof createProxy(config), 'function');
const services: Record<string, unknown> = {};
const standIn = Object.assign(() => ({}), { services, settings: {}, init() {}, utils: { store() {} } });
const hello = register(standIn as unknown as typeof hellojs);
hello.init({ zoho: { id: 'ZOHO_CLIENT_ID', proxy_api: true } });
assert.ok(services.zoho, 'register put the Zoho module on hello.services');
console.log(`node10: ${VERSION}`);
