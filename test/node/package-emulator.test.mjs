// The packed package, installed in a fresh folder from the local npm cache (no network), runs
// `npx hellojs-meetings-emulator` and serves a login: the implicit grant, and the code grant through the
// oauth proxy it mounts. Needs the build (npm run build).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const REDIRECT = 'http://localhost:3999/redirect.html';
const { NODE_TEST_CONTEXT: _runner, ...childEnv } = process.env;

let dir = '';
/** @type {import('node:child_process').ChildProcess | undefined} */
let child;
let origin = '';

before(async () => {
  assert.ok(existsSync(join(root, 'dist/emulator/cli.mjs')), 'build first: npm run build');
  dir = mkdtempSync(join(tmpdir(), 'hellojs-meetings-emulator-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, env: childEnv });
  const tarball = join(dir, JSON.parse(stdout)[0].filename);
  // hellojs, the peer dependency, from the copy installed here (the cache holds its tarball, not its registry entry).
  const peer = await run('npm', ['pack', '--json', '--pack-destination', dir, join(root, 'node_modules/hellojs')], {
    cwd: root,
    env: childEnv,
  });
  const hellojs = join(dir, JSON.parse(peer.stdout)[0].filename);
  const site = join(dir, 'site');
  await run('mkdir', [site]);
  writeFileSync(join(site, 'package.json'), JSON.stringify({ name: 'site', private: true }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball, hellojs], { cwd: site, env: childEnv });
  child = spawn('npx', ['--no-install', 'hellojs-meetings-emulator', '--port', '0', '--redirect-uri', REDIRECT], {
    cwd: site,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true, // its own process group: npx and the CLI under it stop together
  });
  origin = await new Promise((resolve, reject) => {
    child?.stdout?.once('data', (chunk) => resolve(String(chunk).split('\n')[0]?.trim() ?? ''));
    child?.once('exit', (code) => reject(new Error(`the CLI exited ${code}`)));
  });
});

after(() => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** GET without following a redirect; the Location's query and fragment. */
async function redirectOf(url) {
  const response = await fetch(url, { redirect: 'manual' });
  await response.arrayBuffer();
  assert.equal(response.status, 302, String(url));
  const location = new URL(String(response.headers.get('location')));
  return { location, query: location.searchParams, fragment: new URLSearchParams(location.hash.slice(1)) };
}

test('the installed CLI serves a join.me login (implicit grant) and the API answers its token', async () => {
  assert.match(origin, /^http:\/\/127\.0\.0\.1:\d+$/);
  const map = await (await fetch(`${origin}/`)).json();
  const auth = new URL(map.endpoints.joinme.oauth.auth);
  for (const [key, value] of Object.entries({
    client_id: map.endpoints.joinme.id,
    redirect_uri: REDIRECT,
    response_type: 'token',
    scope: 'user_info',
  })) {
    auth.searchParams.set(key, value);
  }
  const { location, fragment } = await redirectOf(auth);
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
  const user = await fetch(`${map.endpoints.joinme.base}user`, { headers: { Authorization: `Bearer ${fragment.get('access_token')}` } });
  assert.equal((await user.json()).email, 'ada@example.com');
});

test('the installed CLI mounts the oauth proxy: a Zoho code grant ends in a token', async () => {
  const map = await (await fetch(`${origin}/`)).json();
  const state = JSON.stringify({
    client_id: map.endpoints.zoho.id,
    network: 'zoho',
    display: 'popup',
    callback: '_hellojs_pkg',
    state: '',
    redirect_uri: REDIRECT,
    scope: 'basic',
    oauth: { version: 2, auth: 'ignored', grant: 'ignored' },
    oauth_proxy: map.oauth_proxy,
  });
  const auth = new URL(`${map.endpoints.zoho.datacentres.eu.accounts}/oauth/v2/auth`);
  for (const [key, value] of Object.entries({
    client_id: map.endpoints.zoho.id,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'ZohoMeeting.meeting.READ',
    access_type: 'offline',
    login_hint: 'marie@example.eu',
    state,
  })) {
    auth.searchParams.set(key, value);
  }
  const back = await redirectOf(auth);
  assert.ok(back.query.get('code'));
  // What hello.js's redirect page does with ?code=: every parameter (and redirect_uri) to the proxy.
  const proxied = new URL(map.oauth_proxy);
  for (const [key, value] of back.query) proxied.searchParams.set(key, value);
  proxied.searchParams.set('redirect_uri', REDIRECT);
  const { fragment } = await redirectOf(proxied);
  assert.match(String(fragment.get('access_token')), /^1000\./);
  assert.equal(fragment.get('location'), 'eu');
});
