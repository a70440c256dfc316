// One server of the proxy-vs-oauth-shim bench, in its own process so each one's CPU is its own:
//   node proxy-servers.mjs token              an instant token endpoint (both providers' success answer)
//   node proxy-servers.mjs proxy <token> [log] createProxy (dist/proxy) in front of it (log: each event as a
//                                             JSON line on stdout, as the Cloudflare example logs them)
//   node proxy-servers.mjs shim <token>       oauth-shim 1.1.5 in front of it, grant URLs pinned
// Listens on 127.0.0.1 only, on a free port, and prints { "origin": ... } as one line on stdout; answers
// the IPC message 'cpu' with its CPU time.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export const SITE = 'http://localhost:8000';
export const REDIRECT = `${SITE}/redirect.html`;
export const CLIENTS = {
  joinme: { client_id: 'bench-joinme', client_secret: 'bench-joinme-secret' },
  zoho: { client_id: '1000.BENCH', client_secret: 'bench-zoho-secret' },
};
export const REGIONS = ['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'cn', 'uk'];

/** The pinned token URL of each network on the bench token endpoint (Zoho: the EU data centre). */
export const tokenUrl = (token, network) => (network === 'zoho' ? `${token}/zoho/eu/accounts/oauth/v2/token` : `${token}/joinme/token`);

/** The body of an instant token answer, both providers' success shape (`path`: the token URL's path). */
export function tokenAnswer(path, counter) {
  const body = path.startsWith('/zoho/')
    ? {
        access_token: `1000.at.${counter}`,
        refresh_token: `1000.rt.${counter}`,
        expires_in_sec: 3600,
        expires_in: 3600000,
        token_type: 'Bearer',
      }
    : { access_token: `jm-at-${counter}`, refresh_token: `jm-rt-${counter}`, expires_in: 3600 };
  return JSON.stringify(body);
}

function tokenEndpoint() {
  let counter = 0;
  return (req, res) => {
    req.resume();
    req.on('end', () => {
      counter += 1;
      const text = tokenAnswer(req.url, counter);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  };
}

/** The proxy config of the bench: join.me and every Zoho data centre pinned on the token endpoint. */
export function benchConfig(token) {
  const datacentres = Object.fromEntries(
    REGIONS.map((r) => [r, { accounts: `${token}/zoho/${r}/accounts`, meeting: `${token}/zoho/${r}/meeting` }]),
  );
  return {
    redirectOrigins: [SITE],
    joinme: {
      ...CLIENTS.joinme,
      endpoints: { token: tokenUrl(token, 'joinme'), expire: `${token}/joinme/expire`, api: `${token}/joinme/api` },
    },
    zoho: { ...CLIENTS.zoho, datacentres },
  };
}

async function ourProxy(token, log) {
  const { createProxy } = await import(new URL('../../dist/proxy/index.mjs', import.meta.url).href);
  return createProxy({
    ...benchConfig(token),
    ...(log ? { log: (event) => process.stdout.write(`${JSON.stringify(event)}\n`) } : {}),
  });
}

function shim(token) {
  const oauthshim = createRequire(import.meta.url)('oauth-shim');
  // oauth-shim posts the secret to state.oauth.grant; grant_url pins it and domain limits redirect_uri,
  // the closest it comes to this proxy's rules.
  oauthshim.init(['joinme', 'zoho'].map((network) => ({ ...CLIENTS[network], grant_url: tokenUrl(token, network), domain: SITE })));
  return (req, res) => oauthshim(req, res);
}

/** Runs one role of this file as a process (see the header). */
async function main() {
  const [role, token, log] = process.argv.slice(2);
  const handler =
    role === 'token'
      ? tokenEndpoint()
      : role === 'proxy'
        ? await ourProxy(token, log === 'log')
        : role === 'shim'
          ? shim(token)
          : undefined;
  if (!handler) {
    process.stderr.write('usage: proxy-servers.mjs token | proxy <token origin> [log] | shim <token origin>\n');
    process.exit(2);
  }
  const server = createServer(handler);
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ origin: `http://127.0.0.1:${server.address().port}` })}\n`));
  process.on('SIGTERM', () => process.exit(0));
  // The bench asks for this process's CPU time (user + system, µs) around each round.
  process.on('message', (message) => {
    if (message === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send?.({ cpu: user + system });
    }
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
