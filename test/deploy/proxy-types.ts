// The proxy's types, as a site's strict TypeScript sees them: right uses compile, misuses do not.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  configFromEnv,
  createFetchHandler,
  createProxy,
  type FetchHandler,
  type ProxyConfig,
  type ProxyHandler,
  type ProxyLogEvent,
} from 'hellojs-meetings/proxy';

const base = { redirectOrigins: ['https://app.example.com'] };

// Right: plain strings, { env } and { file } secrets, a logger, both adapters.
const config: ProxyConfig = {
  ...base,
  zoho: { client_id: '1000.X', client_secret: { env: 'ZOHO_CLIENT_SECRET' }, discoverDatacentres: true },
  joinme: { client_id: 'key', client_secret: { file: '/run/secrets/joinme' } },
  log: (event: ProxyLogEvent) => console.log(event.network, event.region, event.status),
};
const node: ProxyHandler = createProxy(config, { env: process.env });
const web: FetchHandler = createFetchHandler(configFromEnv({ HELLOJS_PROXY_REDIRECT_ORIGINS: 'https://app.example.com' }));
const answer: Promise<Response> = web(new Request('https://proxy.example/'));
declare const req: IncomingMessage;
declare const res: ServerResponse;
node(req, res);
node(req, res, () => undefined);

// Misuse: each line must fail to compile.
// @ts-expect-error process.env.X is string | undefined: write { env: 'X' }
createProxy({ ...base, zoho: { client_id: 'x', client_secret: process.env.ZOHO_CLIENT_SECRET } });
// @ts-expect-error an unknown key (a typo of corsOrigins)
createProxy({ ...base, zoho: { client_id: 'x', client_secret: 'y' }, corsOrigin: ['https://app.example.com'] });
// @ts-expect-error a provider this proxy does not serve
createFetchHandler({ ...base, google: { client_id: 'x', client_secret: 'y' } });
// @ts-expect-error an env reference names a variable
createFetchHandler({ ...base, zoho: { client_id: 'x', client_secret: { env: 1 } } });
// @ts-expect-error redirectOrigins is required
createFetchHandler({ zoho: { client_id: 'x', client_secret: 'y' } });
// @ts-expect-error the fetch handler takes a Request, not a Node request
web(req);

export { answer };
