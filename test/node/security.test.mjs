// Security checks: (1) nothing under dist/ or demo/ holds a client secret or a secret-looking value;
// (2) the oauth proxy never sends a secret (or anything else) to a URL it did not pick itself, whatever a
// hostile request says: a fixed set of hostile requests plus a seeded generated set, against a proxy whose
// fetch records every call, with the real providers' endpoints and with operator overrides (the emulator's).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { defaultProviders } from '../../dist/proxy/index.mjs';
import { TEST_CLIENTS } from '../../emulator/testing.mjs';
import { emulatorUrls, ZOHO_REGIONS } from '../../emulator/urls.mjs';
import { mulberry32 } from '../seeded-random.mjs';
import { startHandler } from './proxy-adapter.mjs';
import { JOINME as HELPER_JOINME, ZOHO as HELPER_ZOHO } from './proxy-helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/* ------------------------------------------------------------------ (1) secrets in shipped files */

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

function entropy(text) {
  const counts = new Map();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const SECRET_PATTERNS = [
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['an AWS access key', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['a Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['a Stripe live key', /\b[sr]k_live_[A-Za-z0-9]{16,}/],
  ['a Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
  ['a JSON web token', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
  ['a Zoho refresh or access token', /\b1000\.[0-9a-f]{32}\.[0-9a-f]{32}\b/],
  // A secret-named key or variable given a literal string value (`client_secret: "…"`, `password = '…'`).
  [
    'a literal value for a secret-named field',
    /\b(?:client_?secret|clientSecret|api_?secret|secret_?key|private_?key|password|passwd)\b["']?\s*[:=]\s*["'`](?!\s*["'`])[^"'`\n]{4,}["'`]/i,
  ],
];

/** Quoted literals that look like random credentials: long, mixed, high entropy. */
function randomLooking(text) {
  const found = [];
  for (const match of text.matchAll(/["'`]([A-Za-z0-9+/_=-]{20,})["'`]/g)) {
    const value = match[1];
    const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((re) => re.test(value)).length;
    if (entropy(value) >= 4 && classes >= 2 && /\d/.test(value) && !value.includes('/')) found.push(value);
  }
  return found;
}

/** What `text` gives away: known secrets, credential formats, random-looking literals. */
function secretsIn(text, knownSecrets) {
  const problems = [];
  for (const secret of knownSecrets) if (text.includes(secret)) problems.push(`the secret ${JSON.stringify(secret)}`);
  for (const [name, re] of SECRET_PATTERNS) {
    const match = re.exec(text);
    if (match) problems.push(`${name}: ${JSON.stringify(match[0].slice(0, 80))}`);
  }
  for (const value of randomLooking(text)) problems.push(`a random-looking literal: ${JSON.stringify(value.slice(0, 80))}`);
  return problems;
}

/** The text of a shipped file to scan: a source map's embedded sources and names, not its VLQ mappings. */
function scannable(path) {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.map')) return text;
  const map = JSON.parse(text);
  return [...(map.sourcesContent ?? []), ...(map.names ?? []), ...(map.sources ?? [])].join('\n');
}

const KNOWN_SECRETS = [
  TEST_CLIENTS.joinme.client_secret,
  TEST_CLIENTS.zoho.client_secret,
  HELPER_JOINME.client_secret,
  HELPER_ZOHO.client_secret,
];

describe('no secret in dist/ or demo/', () => {
  test('the detector itself flags secrets and leaves ordinary code alone', () => {
    const flagged = [
      'const client_secret = "zoho-demo-secret";',
      '{"client_secret":"abc123def456"}',
      'password: `hunter22`',
      'var k = "a8F3kQ9zL2mX7vB4nR6tY1wE5uI0oP";',
      'x = "1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef"',
      '-----BEGIN RSA PRIVATE KEY-----',
      'AKIAABCDEFGHIJKLMNOP',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ];
    for (const text of flagged) assert.notDeepEqual(secretsIn(text, KNOWN_SECRETS), [], text);
    const clean = [
      "if (typeof value.client_secret !== 'string' || value.client_secret === '') fail('x');",
      'client_secret: client.client_secret,',
      '"client_secret": { "env": "ZOHO_CLIENT_SECRET" }',
      "const EMULATOR_CLIENTS = { joinme: 'joinme-demo-key', zoho: '1000.ZOHODEMOCLIENT' };",
      "base: 'https://www.googleapis.com/upload/drive/v2/files'",
      "'ZohoMeeting.meeting.ALL'",
      "'invalid_authorization_code'",
    ];
    for (const text of clean) assert.deepEqual(secretsIn(text, KNOWN_SECRETS), [], text);
  });

  for (const dir of ['dist', 'demo']) {
    test(`every file under ${dir}/`, () => {
      const root = join(ROOT, dir);
      assert.ok(existsSync(root), `${dir}/ is missing (run the build first)`);
      const problems = [];
      let count = 0;
      for (const path of files(root)) {
        count += 1;
        const name = relative(ROOT, path);
        if (/(^|\/)(\.env[^/]*|[^/]*\.(pem|key|p12|pfx)|id_rsa[^/]*)$/.test(name)) problems.push(`${name}: a credential file`);
        for (const problem of secretsIn(scannable(path), KNOWN_SECRETS)) problems.push(`${name}: ${problem}`);
      }
      assert.ok(count > 0, `${dir}/ is empty`);
      assert.deepEqual(problems, [], `secret-looking content under ${dir}/:\n${problems.join('\n')}`);
    });
  }
});

/* ------------------------------------------------------------------ (2) the proxy and hostile requests */

const SITE = 'http://localhost:8000';
const REDIRECT = `${SITE}/redirect.html`;
const JOINME = Object.freeze({ client_id: 'joinme-key', client_secret: 'JM-s3cr3t-7f3a9c2e' });
const ZOHO = Object.freeze({ client_id: '1000.ZOHOCLIENT', client_secret: 'ZH-s3cr3t-b81d4e6a' });
const SECRETS = [JOINME.client_secret, ZOHO.client_secret];

/** Every form a secret could take on the wire. */
const secretForms = (secret) => [
  secret,
  encodeURIComponent(secret),
  Buffer.from(secret).toString('base64'),
  Buffer.from(secret).toString('base64url'),
];
const carriesSecret = (text) => SECRETS.some((secret) => secretForms(secret).some((form) => text.includes(form)));

/** The URLs (origin + path) a proxy with `providers` may send the secret to, and the origins it may call at all. */
function pinned(providers) {
  const strip = (url) => url.replace(/\/+$/, '');
  const secretUrls = new Set([strip(providers.joinme.token), strip(providers.joinme.expire)]);
  const calls = new Set(secretUrls);
  const apiPrefixes = [strip(providers.joinme.api)];
  for (const region of ZOHO_REGIONS) {
    const { accounts, meeting } = providers.zoho[region];
    secretUrls.add(`${strip(accounts)}/oauth/v2/token`);
    calls.add(`${strip(accounts)}/oauth/v2/token`);
    calls.add(`${strip(accounts)}/oauth/v2/token/revoke`);
    apiPrefixes.push(strip(meeting));
  }
  return { secretUrls, calls, apiPrefixes };
}

/**
 * A fetch that records every call and answers like a provider would (tokens from token URLs, success from
 * actions), sometimes with a redirect to a foreign URL: a fetch told `redirect: 'manual'` returns that, any
 * other fetch "follows" it (recorded), so a proxy that lets fetch follow redirects is caught.
 */
function recordingFetch({ redirectTo } = {}) {
  const calls = [];
  const fetch = async (input, init = {}) => {
    const url = String(input);
    const headers = Object.fromEntries(new Headers(init.headers ?? {}).entries());
    let body = init.body ?? '';
    if (body instanceof Uint8Array) body = Buffer.from(body).toString('utf8');
    else if (body instanceof URLSearchParams) body = body.toString();
    else body = String(body);
    calls.push({ url, method: init.method ?? 'GET', headers, body, redirect: init.redirect ?? 'follow' });
    if (redirectTo && !url.startsWith(redirectTo)) {
      // `runtime`: workerd is given the 307 and decides; a redirect it followed would come back as a call.
      if (init.redirect === 'manual' || init.redirect === 'runtime')
        return new Response(null, { status: 307, headers: { location: redirectTo } });
      if (init.redirect !== 'error') {
        calls.push({ url: redirectTo, method: init.method ?? 'GET', headers, body, redirect: 'followed' });
      }
    }
    if (/\/expireaccess$/.test(new URL(url).pathname)) return Response.json({ success: true, message: 'Access Token Expired' });
    if (/\/revoke$/.test(new URL(url).pathname)) return Response.json({});
    if (/\/token$/.test(new URL(url).pathname)) return Response.json({ access_token: 'AT-new', refresh_token: 'RT-new', expires_in: 3600 });
    return Response.json({ ok: true });
  };
  fetch.calls = calls;
  return fetch;
}

/** One raw HTTP request to the proxy (raw so that duplicate parameters, odd Host headers and bodies go as written). */
function send(port, { method = 'GET', query = '', headers = {}, body }) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: `/proxy${query ? `?${query}` : ''}`, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/* ------------------------------------------------------------------ the hostile request set */

const EVIL = 'https://evil.example';
const q = (pairs) => pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');

const stateOf = (network, extra = {}) =>
  JSON.stringify({
    client_id: network === 'zoho' ? ZOHO.client_id : JOINME.client_id,
    network,
    display: 'popup',
    callback: '_hellojs_1',
    state: '',
    redirect_uri: REDIRECT,
    scope: 'basic',
    oauth: { version: 2, auth: `${EVIL}/auth`, grant: `${EVIL}/token` },
    oauth_proxy: `${EVIL}/proxy`,
    ...extra,
  });

const HOSTILE_ACCOUNTS_SERVERS = [
  EVIL,
  'https://accounts.zoho.com.evil.example',
  'https://accounts.zoho.com@evil.example',
  'https://evil.example@accounts.zoho.com',
  'https://evil.example/?https://accounts.zoho.com',
  'https://evil.example/#https://accounts.zoho.com',
  'http://accounts.zoho.com',
  'https://accounts.zoho.com:8443',
  'https://accounts.zoho.com/../../evil',
  'https://accounts.zoho.com%2F%2Eevil.example',
  'https://accounts.zoho.com\\@evil.example',
  '//evil.example',
  'javascript:alert(1)',
  'https://accounts.zoho.com\u0000.evil.example',
  `${EVIL}/${'a'.repeat(5000)}`,
];

const HOSTILE_LOCATIONS = ['evil', 'EU', '__proto__', 'constructor', 'toString', 'us\u0000', 'us ', 'https://evil.example', ''];

const HOSTILE_PATHS = [
  `${EVIL}/v1/user`,
  'https://api.join.me.evil.example/v1/user',
  'https://api.join.me@evil.example/v1/user',
  'https://evil.example@api.join.me/v1/user',
  'https://api.join.me:444/v1/user',
  'http://api.join.me/v1/user',
  'https://api.join.me\\@evil.example/',
  'https://meeting.zoho.com.evil.example/api/v2/user.json',
  'https://meeting.zoho.eu@evil.example/api/v2/user.json',
  '//evil.example/v1/user',
  '/v1/user',
  'file:///etc/passwd',
  'data:text/plain,hello',
  'https://secure.join.me/api/public/v1/auth/token',
  'https://accounts.zoho.com/oauth/v2/token',
];

/** Hand-written hostile requests: each names what it tries. */
function fixedRequests() {
  const list = [];
  const add = (name, req) => list.push({ name, ...req });
  for (const network of ['joinme', 'zoho']) {
    add(`${network}: state names a foreign token URL and proxy`, {
      query: q([
        ['code', 'C'],
        ['state', stateOf(network)],
        ['redirect_uri', REDIRECT],
      ]),
    });
    add(`${network}: redirect_uri foreign`, {
      query: q([
        ['code', 'C'],
        ['state', stateOf(network, { redirect_uri: `${EVIL}/cb` })],
        ['redirect_uri', `${EVIL}/cb`],
      ]),
    });
    add(`${network}: redirect_uri look-alike`, {
      query: q([
        ['code', 'C'],
        ['state', stateOf(network)],
        ['redirect_uri', 'http://localhost:8000.evil.example/redirect.html'],
      ]),
    });
    add(`${network}: redirect_uri with credentials`, {
      query: q([
        ['code', 'C'],
        ['state', stateOf(network)],
        ['redirect_uri', 'http://x@localhost:8000/r'],
      ]),
    });
    add(`${network}: redirect_uri differs from state`, {
      query: q([
        ['code', 'C'],
        ['state', stateOf(network, { redirect_uri: `${EVIL}/cb` })],
        ['redirect_uri', REDIRECT],
      ]),
    });
    add(`${network}: client_id of another app`, {
      query: q([
        ['code', 'C'],
        ['state', stateOf(network, { client_id: 'other' })],
        ['redirect_uri', REDIRECT],
      ]),
    });
    add(`${network}: refresh with foreign everything`, {
      query: q([
        ['refresh_token', 'R'],
        ['state', stateOf(network, { display: 'none' })],
        ['redirect_uri', REDIRECT],
        ['client_id', network === 'zoho' ? ZOHO.client_id : JOINME.client_id],
        ['location', 'eu'],
        ['accounts-server', EVIL],
        ['token_url', `${EVIL}/token`],
        ['grant', `${EVIL}/token`],
      ]),
    });
    add(`${network}: POST code exchange`, {
      method: 'POST',
      query: q([
        ['code', 'C'],
        ['state', stateOf(network)],
        ['redirect_uri', REDIRECT],
      ]),
    });
    add(`${network}: base64 state naming a foreign grant`, {
      query: q([
        ['code', 'C'],
        ['state', Buffer.from(stateOf(network)).toString('base64')],
        ['redirect_uri', REDIRECT],
      ]),
    });
    add(`${network}: Host and forwarding headers of another site`, {
      query: q([
        ['code', 'C'],
        ['state', stateOf(network)],
        ['redirect_uri', REDIRECT],
      ]),
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https', forwarded: 'host=evil.example' },
    });
  }
  for (const server of HOSTILE_ACCOUNTS_SERVERS) {
    add(`zoho code: accounts-server ${server.slice(0, 60)}`, {
      query: q([
        ['code', 'C'],
        ['state', stateOf('zoho')],
        ['redirect_uri', REDIRECT],
        ['location', 'us'],
        ['accounts-server', server],
      ]),
    });
    add(`zoho code: accounts-server ${server.slice(0, 60)} without location`, {
      query: q([
        ['code', 'C'],
        ['state', stateOf('zoho')],
        ['redirect_uri', REDIRECT],
        ['accounts-server', server],
      ]),
    });
    add(`zoho revoke: accounts-server ${server.slice(0, 60)}`, {
      method: 'POST',
      query: q([
        ['action', 'revoke'],
        ['network', 'zoho'],
        ['location', 'us'],
        ['accounts-server', server],
      ]),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'RT' }),
    });
  }
  for (const location of HOSTILE_LOCATIONS) {
    add(`zoho refresh: location ${JSON.stringify(location)}`, {
      query: q([
        ['refresh_token', 'R'],
        ['state', stateOf('zoho', { display: 'none' })],
        ['redirect_uri', REDIRECT],
        ['location', location],
      ]),
    });
  }
  add('zoho: location given twice', {
    query: `${q([
      ['code', 'C'],
      ['state', stateOf('zoho')],
      ['redirect_uri', REDIRECT],
    ])}&location=us&location=eu`,
  });
  add('zoho: accounts-server given twice', {
    query: `${q([
      ['code', 'C'],
      ['state', stateOf('zoho')],
      ['redirect_uri', REDIRECT],
    ])}&accounts-server=${encodeURIComponent('https://accounts.zoho.com')}&accounts-server=${encodeURIComponent(EVIL)}`,
  });
  for (const path of HOSTILE_PATHS) {
    add(`pass-through to ${path.slice(0, 60)}`, {
      query: q([
        ['path', path],
        ['method', 'post'],
        ['access_token', 'AT'],
      ]),
      headers: { authorization: 'Bearer AT' },
    });
  }
  add('expire_access with a foreign path next to it', {
    method: 'POST',
    query: q([
      ['action', 'expire_access'],
      ['network', 'joinme'],
      ['path', `${EVIL}/x`],
      ['redirect_uri', `${EVIL}/cb`],
    ]),
    headers: { authorization: 'Bearer AT' },
  });
  for (const action of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'EXPIRE_ACCESS', 'revoke ']) {
    add(`unknown action ${action}`, {
      method: 'POST',
      query: q([
        ['action', action],
        ['network', 'zoho'],
        ['location', 'us'],
      ]),
      body: '{"token":"RT"}',
    });
  }
  add('revoke with the secret-bearing grant fields in the body', {
    method: 'POST',
    query: q([
      ['action', 'revoke'],
      ['network', 'zoho'],
      ['location', 'eu'],
    ]),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: q([
      ['token', 'RT'],
      ['redirect_uri', `${EVIL}/cb`],
      ['accounts-server', EVIL],
    ]),
  });
  return list;
}

/* A seeded generator of hostile combinations: every parameter the proxy reads, with hostile values. */

const SEED = 20240611;
const GENERATED = 600;

function generatedRequests() {
  const r = mulberry32(SEED);
  const pick = (items) => items[Math.floor(r() * items.length)];
  const maybe = (p) => r() < p;
  const list = [];
  for (let i = 0; i < GENERATED; i++) {
    const network = pick(['joinme', 'zoho', 'evil', '__proto__']);
    const pairs = [];
    const kind = pick(['code', 'refresh', 'error', 'action', 'path']);
    if (kind === 'code') pairs.push(['code', pick(['C', '', 'C'.repeat(5000)])]);
    if (kind === 'refresh') pairs.push(['refresh_token', pick(['R', '', 'R'.repeat(5000)])]);
    if (kind === 'error')
      pairs.push(['error', pick(['access_denied', '<script>', 'x'.repeat(300)])], ['error_description', pick([EVIL, 'no'])]);
    if (kind === 'action') pairs.push(['action', pick(['expire_access', 'revoke', 'evil'])]);
    if (kind === 'path')
      pairs.push(['path', pick([...HOSTILE_PATHS, 'https://api.join.me/v1/user', 'https://meeting.zoho.eu/api/v2/user.json'])]);
    if (maybe(0.9)) {
      const extra = {};
      if (maybe(0.3)) extra.redirect_uri = pick([REDIRECT, `${EVIL}/cb`, 'javascript:alert(1)']);
      if (maybe(0.3)) extra.client_id = pick([JOINME.client_id, ZOHO.client_id, 'other']);
      if (maybe(0.3)) extra.oauth = { grant: pick([`${EVIL}/token`, 'https://accounts.zoho.com.evil.example/oauth/v2/token']) };
      if (maybe(0.2)) extra.oauth_proxy = `${EVIL}/proxy`;
      const state = stateOf(network, extra);
      pairs.push(['state', pick([state, state, Buffer.from(state).toString('base64'), encodeURIComponent(state), 'not json', '[]'])]);
    }
    if (maybe(0.8)) pairs.push(['redirect_uri', pick([REDIRECT, REDIRECT, `${EVIL}/cb`, 'http://localhost:8000.evil.example/r', ''])]);
    if (maybe(0.4)) pairs.push(['client_id', pick([JOINME.client_id, ZOHO.client_id, 'other'])]);
    if (maybe(0.5)) pairs.push(['location', pick([...ZOHO_REGIONS, ...HOSTILE_LOCATIONS])]);
    if (maybe(0.5))
      pairs.push(['accounts-server', pick([...HOSTILE_ACCOUNTS_SERVERS, 'https://accounts.zoho.eu', 'https://accounts.zoho.com'])]);
    if (maybe(0.3)) pairs.push(['network', pick(['joinme', 'zoho', 'evil'])]);
    if (maybe(0.3)) pairs.push(['method', pick(['get', 'post', 'delete', 'connect'])]);
    if (maybe(0.2)) pairs.push([pick(['token_url', 'grant', 'oauth[grant]', 'endpoint', 'then']), `${EVIL}/token`]);
    if (maybe(0.1)) pairs.push([pick(['location', 'accounts-server', 'state', 'code']), pick(['eu', EVIL, 'x'])]);
    const method = kind === 'action' ? pick(['POST', 'POST', 'GET']) : pick(['GET', 'GET', 'GET', 'POST', 'PUT']);
    const headers = {};
    if (maybe(0.5)) headers.authorization = pick(['Bearer AT', 'Zoho-oauthtoken AT', `Bearer ${'A'.repeat(3000)}`]);
    if (maybe(0.2)) headers.origin = pick([SITE, EVIL, 'null']);
    if (maybe(0.1)) headers.host = 'evil.example';
    let body;
    if (method !== 'GET' && maybe(0.7)) {
      headers['content-type'] = pick(['application/json', 'application/x-www-form-urlencoded']);
      body = pick([
        JSON.stringify({ token: 'RT', url: EVIL }),
        q([
          ['token', 'RT'],
          ['token', 'RT2'],
        ]),
        '{',
        '',
      ]);
    }
    list.push({ name: `generated #${i} (seed ${SEED})`, method, query: q(pairs), headers, body });
  }
  return list;
}

/* ------------------------------------------------------------------ the runs */

/** Runs every hostile request against a proxy; returns what was answered and every provider call made. */
async function hostileRun({ overrides, redirectTo } = {}) {
  const fetch = recordingFetch({ redirectTo });
  const events = [];
  const running = await startHandler({
    redirectOrigins: [SITE],
    joinme: { ...JOINME, ...(overrides ? { endpoints: overrides.joinme } : {}) },
    zoho: { ...ZOHO, ...(overrides ? { datacentres: overrides.zoho } : {}) },
    fetch,
    timeoutMs: 5000,
    log: (event) => events.push(event),
  });
  const { port } = new URL(running.url);
  const records = [];
  try {
    for (const req of [...fixedRequests(), ...generatedRequests()]) {
      const seen = fetch.calls.length;
      const answer = await send(port, req);
      records.push({ name: req.name, answer, calls: fetch.calls.slice(seen) });
    }
  } finally {
    await running.close();
  }
  return { records, events };
}

/** What a run did wrong, judged against the endpoints `providers` pins. */
function violationsOf({ records, events }, providers) {
  const { secretUrls, calls, apiPrefixes } = pinned(providers);
  const violations = [];
  let callsMade = 0;
  let secretCalls = 0;
  for (const { name, answer, calls: made } of records) {
    for (const call of made) {
      callsMade += 1;
      const url = new URL(call.url);
      const target = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
      const wire = `${call.url}\n${JSON.stringify(call.headers)}\n${call.body}`;
      const isApi = apiPrefixes.some((prefix) => target === prefix || target.startsWith(`${prefix}/`));
      if (!calls.has(target) && !isApi) violations.push(`${name}: called ${call.url.slice(0, 120)}, a URL the proxy did not pick`);
      if (carriesSecret(wire)) {
        secretCalls += 1;
        if (!secretUrls.has(target)) violations.push(`${name}: sent a secret to ${call.url.slice(0, 120)}`);
        if (carriesSecret(call.url)) violations.push(`${name}: put a secret in a URL (${url.origin}${url.pathname})`);
        if (url.username || url.password || url.search) violations.push(`${name}: sent a secret to a URL with a query or credentials`);
        if (call.redirect !== 'manual' && call.redirect !== 'error' && call.redirect !== 'runtime')
          violations.push(`${name}: let fetch follow a redirect with a secret (${call.redirect})`);
      }
    }
    if (carriesSecret(`${JSON.stringify(answer.headers)}\n${answer.body}`))
      violations.push(`${name}: the answer (status ${answer.status}) holds a secret`);
  }
  if (carriesSecret(JSON.stringify(events))) violations.push('the proxy log holds a secret');
  return { violations, requests: records.length, callsMade, secretCalls };
}

describe('the proxy never sends a secret to a URL it did not pick', () => {
  const emulator = emulatorUrls('http://127.0.0.1:9');
  const emulatorProviders = {
    joinme: { token: emulator.joinme.token, expire: emulator.joinme.expire, api: emulator.joinme.base },
    zoho: emulator.zoho.datacentres,
  };
  const runs = {};
  const results = {};

  before(async () => {
    runs.real = await hostileRun();
    runs.overridden = await hostileRun({ overrides: emulatorProviders });
    runs.redirecting = await hostileRun({ redirectTo: `${EVIL}/steal` });
    results.real = violationsOf(runs.real, defaultProviders);
    results.overridden = violationsOf(runs.overridden, emulatorProviders);
    results.redirecting = violationsOf(runs.redirecting, defaultProviders);
  });

  after(() => {
    for (const [name, result] of Object.entries(results)) {
      process.stdout.write(
        `# ${name}: ${result.requests} hostile requests, ${result.callsMade} provider calls, ${result.secretCalls} with a secret\n`,
      );
    }
  });

  for (const [name, description] of [
    ['real', "the real providers' pinned endpoints"],
    ['overridden', "an operator's endpoints (the emulator's)"],
    ['redirecting', 'providers that answer every call with a 307 to a foreign URL'],
  ]) {
    test(`${description}: hostile requests reach only pinned URLs, secrets only token/expire URLs`, () => {
      const result = results[name];
      assert.ok(result, 'the run did not happen');
      assert.deepEqual(
        result.violations.slice(0, 20),
        [],
        `${result.violations.length} violations:\n${result.violations.slice(0, 20).join('\n')}`,
      );
      // Not vacuous: the well-formed requests of the set did reach the providers, secret and all.
      assert.ok(result.secretCalls > 10, `only ${result.secretCalls} calls carried a secret`);
    });
  }

  test('the check is not vacuous: with one data centre left out of the pinned table, its token calls are violations', () => {
    const withoutEu = {
      ...defaultProviders,
      zoho: { ...defaultProviders.zoho, eu: { accounts: 'https://accounts.zoho.invalid', meeting: 'https://meeting.zoho.invalid' } },
    };
    const { violations } = violationsOf(runs.real, withoutEu);
    assert.ok(
      violations.some((violation) => violation.includes('sent a secret to https://accounts.zoho.eu/oauth/v2/token')),
      `expected the EU token calls to be flagged, got:\n${violations.slice(0, 5).join('\n')}`,
    );
  });
});
