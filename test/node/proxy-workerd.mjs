// The proxy inside workerd (Cloudflare's runtime, through miniflare), built from the Cloudflare deploy
// example itself (docs/deploy/cloudflare: wrangler.toml + worker.ts) and the package's dist/proxy.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = `${ROOT}docs/deploy/cloudflare/`;

/** `key = "value"` pairs of a wrangler.toml, by section (enough for the example's top level and [vars]). */
export function readWranglerToml(text) {
  const sections = { '': {} };
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = header[1];
      sections[section] ??= {};
      continue;
    }
    const pair = /^([A-Za-z0-9_]+)\s*=\s*"([^"]*)"$/.exec(line);
    if (!pair) throw new Error(`wrangler.toml: cannot read ${JSON.stringify(line)}`);
    sections[section][pair[1]] = pair[2];
  }
  return sections;
}

let bundled;
/** The Worker script: the example's `main`, bundled as wrangler would (the package resolved to dist/). */
export function workerScript() {
  bundled ??= (async () => {
    const toml = readWranglerToml(readFileSync(`${EXAMPLE}wrangler.toml`, 'utf8'));
    const result = await build({
      entryPoints: [`${EXAMPLE}${toml[''].main}`],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      alias: { 'hellojs-meetings/proxy': `${ROOT}dist/proxy/index.mjs` },
    });
    return { script: result.outputFiles[0].text, toml };
  })();
  return bundled;
}

/**
 * Starts the example Worker in workerd. `vars` are its environment (the wrangler.toml [vars] are replaced, as
 * a deploy's own would be); `outbound(request)` answers every provider call the Worker makes (a Node
 * function: the emulator, or a recorder). Resolves { url, close }.
 */
export async function startWorker({ vars, outbound }) {
  const { script, toml } = await workerScript();
  const mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: toml[''].compatibility_date,
    bindings: vars,
    outboundService: outbound,
    // The example logs each request as a JSON line; the tests read answers, not the Worker's console.
    handleRuntimeStdio(stdout, stderr) {
      stdout.resume();
      stderr.resume();
    },
  });
  const url = String(await mf.ready);
  return { url, mf, close: () => mf.dispose() };
}

/** An outbound service that sends the Worker's provider calls on from Node, never following a redirect. */
export function forwardOutbound(request) {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? request.body : undefined,
    duplex: 'half',
    redirect: 'manual',
  });
}

/**
 * The Worker's environment for a ProxyConfig of the tests: the config as HELLOJS_PROXY_CONFIG with its
 * secrets as `{ env }` references, the secrets themselves as separate bindings (as `wrangler secret put` gives).
 */
export function varsFor(config) {
  const { fetch: _fetch, log: _log, ...rest } = config;
  const vars = {};
  const json = { ...rest };
  for (const network of ['joinme', 'zoho']) {
    if (rest[network] === undefined) continue;
    const name = `${network.toUpperCase()}_CLIENT_SECRET`;
    vars[name] = rest[network].client_secret;
    json[network] = { ...rest[network], client_secret: { env: name } };
  }
  vars.HELLOJS_PROXY_CONFIG = JSON.stringify(json);
  return vars;
}
