// The proxy in the real runtime of Cloudflare Workers (workerd, through miniflare): the Cloudflare deploy
// example, its config from the Worker's environment, the provider emulator as its upstream. The end-to-end
// suite (code exchange, refresh, pass-through, expire_access and revoke of both providers) and the
// hostile-request set run here unchanged, and so do the answer rules (CSP, JSON only, provider text).
import { useAdapter } from './proxy-adapter.mjs';

useAdapter('workerd');
await import('./proxy-emulator.test.mjs');
await import('./security.test.mjs');
await import('./proxy-answers.test.mjs');
