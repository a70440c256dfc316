// The Cloudflare deploy example as written (wrangler.toml's vars plus a secret binding), and what a runtime
// without a file system says about config: in workerd itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { helloState } from './proxy-helpers.mjs';
import { readWranglerToml, startWorker, workerScript } from './proxy-workerd.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const toml = readWranglerToml(readFileSync(`${ROOT}docs/deploy/cloudflare/wrangler.toml`, 'utf8'));
const vars = toml.vars;
const SECRET = 'zoho-secret-from-wrangler-secret-put';

describe('the Cloudflare example as deployed: wrangler.toml vars and a secret binding', { timeout: 60_000 }, () => {
  let worker;
  const calls = [];
  before(async () => {
    worker = await startWorker({
      vars: { ...vars, ZOHO_CLIENT_SECRET: SECRET, JOINME_CLIENT_SECRET: 'joinme-secret' },
      outbound: async (request) => {
        calls.push({ url: request.url, body: await request.text() });
        return Response.json({ access_token: 'AT-W', refresh_token: 'RT-W', expires_in: 3600 });
      },
    });
  });
  after(() => worker?.close());

  test('a Zoho code exchange: the secret goes to the data centre of the redirect, the tokens to the site', async () => {
    const site = vars.HELLOJS_PROXY_REDIRECT_ORIGINS;
    const redirect = `${site}/redirect.html`;
    const state = JSON.parse(helloState('zoho'));
    state.client_id = vars.ZOHO_CLIENT_ID;
    state.redirect_uri = redirect;
    const query = new URLSearchParams({
      code: 'C',
      state: JSON.stringify(state),
      redirect_uri: redirect,
      location: 'eu',
      'accounts-server': 'https://accounts.zoho.eu',
    });
    const res = await fetch(`${worker.url}oauthproxy?${query}`, { redirect: 'manual' });
    assert.equal(res.status, 302, await res.text());
    const location = res.headers.get('location');
    assert.ok(location.startsWith(`${redirect}#access_token=AT-W&`), location);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].url, 'https://accounts.zoho.eu/oauth/v2/token');
    assert.equal(new URLSearchParams(calls[0].body).get('client_secret'), SECRET);
  });

  test('the Worker bundle imports nothing of Node', async () => {
    const { script } = await workerScript();
    assert.ok(!/from\s*["']node:|require\(\s*["']node:|import\(\s*["']node:/.test(script), 'a node: import in the Worker bundle');
  });
});

describe('config errors inside workerd', { timeout: 60_000 }, () => {
  let mf;
  let script;
  before(async () => {
    // A Worker that reports what configFromEnv + createFetchHandler say about its environment.
    const result = await build({
      stdin: {
        contents: `import { configFromEnv, createFetchHandler } from 'hellojs-meetings/proxy';
export default { fetch(request, env) {
  try { createFetchHandler(configFromEnv(env)); return new Response('ok'); }
  catch (err) { return new Response(err instanceof TypeError ? err.message : 'not a TypeError: ' + err, { status: 500 }); }
} };`,
        resolveDir: ROOT,
        loader: 'js',
      },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
      alias: { 'hellojs-meetings/proxy': `${ROOT}dist/proxy/index.mjs` },
    });
    script = result.outputFiles[0].text;
    mf = new Miniflare({ modules: true, script, compatibilityDate: toml[''].compatibility_date });
    await mf.ready;
  });
  after(() => mf?.dispose());

  const verdict = async (env) => {
    await mf.setOptions({ modules: true, script: script, compatibilityDate: toml[''].compatibility_date, bindings: env });
    return (await mf.dispatchFetch('http://proxy.example/')).text();
  };

  test('{ file } secrets: refused with a message that says why and what to use instead', async () => {
    const config = { redirectOrigins: ['https://app.example.com'], zoho: { client_id: 'x', client_secret: { file: '/run/secrets/zoho' } } };
    const text = await verdict({ HELLOJS_PROXY_CONFIG: JSON.stringify(config) });
    assert.match(text, /zoho\.client_secret: \{ "file": … \} needs a file system, which this runtime lacks; use \{ "env": "NAME" \}/);
  });

  test('a missing secret binding: the message of the CLI', async () => {
    const text = await verdict({ HELLOJS_PROXY_REDIRECT_ORIGINS: 'https://app.example.com', ZOHO_CLIENT_ID: 'x' });
    assert.match(text, /^hellojs-meetings proxy config: zoho\.client_secret: environment variable ZOHO_CLIENT_SECRET is not set$/);
  });

  test('a complete environment: accepted', async () => {
    assert.equal(
      await verdict({ HELLOJS_PROXY_REDIRECT_ORIGINS: 'https://app.example.com', ZOHO_CLIENT_ID: 'x', ZOHO_CLIENT_SECRET: 'y' }),
      'ok',
    );
  });
});
