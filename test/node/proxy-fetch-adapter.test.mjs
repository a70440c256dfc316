// Every proxy suite again, through createFetchHandler (the Web-standard adapter) instead of createProxy.
import { useAdapter } from './proxy-adapter.mjs';

useAdapter('fetch');
await import('./proxy-grant.test.mjs');
await import('./proxy-api.test.mjs');
await import('./proxy-answers.test.mjs');
await import('./proxy-config.test.mjs');
await import('./proxy-emulator.test.mjs');
await import('./security.test.mjs');
// The fast paths' differential tests, and the remembered redirect checks through this adapter.
await import('./proxy-query.test.mjs');
