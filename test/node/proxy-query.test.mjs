// The proxy's fast paths against their references: queryOf against the URL parser's searchParams, formBody
// against URLSearchParams' serialisation, the remembered Zoho region against regionOfAccountsServerIn, the
// remembered redirect checks against fresh ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formBody, queryOf, queryOfReference } from '../../dist/proxy/query.mjs';
import { regionOfAccountsServerCached, regionOfAccountsServerIn } from '../../dist/proxy/regions.mjs';
import { mulberry32 } from '../seeded-random.mjs';
import { get, helloState, recordingFetch, SITE, startProxy } from './proxy-helpers.mjs';

const entries = (params) => (params === undefined ? undefined : [...params.entries()]);

function same(target) {
  assert.deepEqual(entries(queryOf(target)), entries(queryOfReference(target)), JSON.stringify(target));
}

test('fixed targets: plain, encoded JSON state, +, empty pairs, fragments, malformed escapes, authority forms', () => {
  const state = JSON.stringify({ client_id: 'a', network: 'zoho', redirect_uri: 'https://app.example/r?x=1&y=2', scope: 'a b' });
  for (const target of [
    '/',
    '/?',
    '/oauthproxy',
    `/?${new URLSearchParams({ code: 'C+1', state, redirect_uri: 'https://app.example/r' })}`,
    '/?a=1&a=2&&b&=c&d=',
    '/?a=%2B+b%20c',
    '/?q=%E2%82%AC%C3%A9',
    '/?bad=%C3&x=%zz&y=%',
    '/?s=%ED%A0%80',
    '/?a=1#frag&b=2',
    '/p#x?a=1',
    '/?a=b?c=d',
    '/?q="<\'>{}',
    '//evil.example/?a=1',
    '/\\evil.example/?a=1',
    'http://host/p?a=1',
    '/?a=1 b',
    '/?a=é',
    '',
    '?a=1',
    '//[bad/?a=1',
  ]) {
    same(target);
  }
});

test('seeded random targets give the same parameters as the URL parser', () => {
  const random = mulberry32(0x5eed15);
  const pieces = [
    'a',
    'Z',
    '0',
    '=',
    '&',
    '&',
    '+',
    '%',
    '%2',
    '%41',
    '%2B',
    '%26',
    '%3D',
    '%C3%A9',
    '%C3',
    '%E2%82%AC',
    '%E2%82',
    '%ED%A0%80',
    '%FF',
    '%zz',
    '%00',
    '%0A',
    '#',
    '?',
    '/',
    '\\',
    ' ',
    '\t',
    'é',
    '€',
    '"',
    '<',
    "'",
    '{',
    '}',
    ':',
    ',',
    '[',
    ']',
    '~',
    '.',
  ];
  for (let i = 0; i < 5000; i++) {
    let target = random() < 0.9 ? '/' : pick();
    const length = Math.floor(random() * 24);
    if (random() < 0.8) target += random() < 0.5 ? '?' : 'oauthproxy?';
    for (let k = 0; k < length; k++) target += pick();
    same(target);
  }
  function pick() {
    return pieces[Math.floor(random() * pieces.length)];
  }
});

test('formBody serialises as URLSearchParams does, byte for byte, on seeded random fields', () => {
  const random = mulberry32(0xf0e11);
  const alphabet = [
    'a',
    'Z',
    '9',
    ' ',
    '+',
    '&',
    '=',
    '%',
    '!',
    "'",
    '(',
    ')',
    '~',
    '*',
    '-',
    '.',
    '_',
    '/',
    '?',
    '#',
    'é',
    '€',
    '😀',
    '\ud800',
    '\n',
    '"',
  ];
  for (let i = 0; i < 3000; i++) {
    const fields = {};
    const count = 1 + Math.floor(random() * 5);
    for (let k = 0; k < count; k++) {
      let name = '';
      let value = '';
      for (let n = Math.floor(random() * 6); n > 0; n--) name += alphabet[Math.floor(random() * alphabet.length)];
      for (let n = Math.floor(random() * 12); n > 0; n--) value += alphabet[Math.floor(random() * alphabet.length)];
      fields[name || `k${k}`] = value;
    }
    assert.equal(formBody(fields), new URLSearchParams(fields).toString(), JSON.stringify(fields));
  }
});

test('regionOfAccountsServerCached answers as regionOfAccountsServerIn, also after many other values and for a new table', () => {
  const table = {
    us: { accounts: 'https://accounts.zoho.com', meeting: 'https://meeting.zoho.com' },
    eu: { accounts: 'https://accounts.zoho.eu', meeting: 'https://meeting.zoho.eu' },
    // An operator's table with a path (the emulator's shape) and a discovered region.
    in: { accounts: 'http://127.0.0.1:8123/zoho/in/accounts', meeting: 'http://127.0.0.1:8123/zoho/in/meeting' },
    ae: { accounts: 'https://accounts.zohocloud.ae', meeting: 'https://meeting.zohocloud.ae' },
  };
  const fullTable = Object.fromEntries(
    ['us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'cn', 'uk', 'ae'].map((r) => [
      r,
      table[r] ?? { accounts: `https://accounts.${r}.example`, meeting: `https://meeting.${r}.example` },
    ]),
  );
  // Discovery gives a new table: nothing remembered for the old one may answer for it.
  const moved = { ...fullTable, eu: { accounts: 'https://accounts.eu.moved.example', meeting: 'https://meeting.eu.moved.example' } };
  const random = mulberry32(0xacc0);
  const pieces = [
    'https://',
    'http://',
    'accounts.',
    'zoho.',
    'eu',
    'com',
    'zohocloud.ae',
    '127.0.0.1:8123',
    '/zoho/in/accounts',
    '/',
    '//',
    '?',
    'x',
    'eu.moved.example',
    ':443',
    'HTTPS://',
    'ACCOUNTS.ZOHO.EU',
  ];
  const values = [
    'https://accounts.zoho.eu',
    'https://accounts.zoho.eu/',
    'https://accounts.zoho.eu:443//',
    'https://ACCOUNTS.ZOHO.EU',
    'https://accounts.zoho.com',
    'http://127.0.0.1:8123/zoho/in/accounts/',
    'http://127.0.0.1:8123/zoho/in',
    'https://accounts.zohocloud.ae',
    'https://accounts.eu.moved.example',
    'https://evil.example',
    'nope',
    '',
    'https://accounts.jp.example',
  ];
  for (let i = 0; i < 300; i++) {
    let value = '';
    for (let n = 1 + Math.floor(random() * 5); n > 0; n--) value += pieces[Math.floor(random() * pieces.length)];
    values.push(value);
  }
  for (let round = 0; round < 3; round++) {
    for (const value of values) {
      for (const t of [fullTable, moved]) assert.equal(regionOfAccountsServerCached(t, value), regionOfAccountsServerIn(t, value), value);
    }
    for (let i = 0; i < 100; i++) regionOfAccountsServerCached(fullTable, `https://x${i}.example`);
  }
  assert.equal(regionOfAccountsServerCached(fullTable, 'https://accounts.zoho.eu/'), 'eu');
  assert.equal(regionOfAccountsServerCached(moved, 'https://accounts.zoho.eu/'), undefined);
  assert.equal(regionOfAccountsServerCached(fullTable, 'http://127.0.0.1:8123/zoho/in/accounts'), 'in');
});

test('remembered redirect checks: trusted and refused redirect_uri values in seeded order, past the memory bound', async () => {
  const fetch = recordingFetch();
  const proxy = await startProxy({ fetch });
  try {
    const random = mulberry32(0xd1ce);
    const values = [];
    for (let i = 0; i < 50; i++) values.push([`${SITE}/page-${i}.html`, true]);
    for (let i = 0; i < 50; i++) values.push([`https://evil-${i}.example/r.html`, false]);
    values.push(
      [`${SITE.replace('http:', 'https:')}/r.html`, false],
      [`http://user:pw@${SITE.slice(7)}/r.html`, false],
      [`${SITE}/q.html?x=1`, true],
    );
    for (let i = 0; i < 300; i++) {
      const [redirect, trusted] = values[Math.floor(random() * values.length)];
      const state = helloState('joinme', { redirect_uri: redirect });
      const res = await get(proxy.url, { code: 'C', state, redirect_uri: redirect });
      await res.arrayBuffer();
      if (trusted) {
        assert.equal(res.status, 302, redirect);
        assert.ok(res.headers.get('location').startsWith(`${redirect}#access_token=`), redirect);
      } else {
        assert.equal(res.status, 400, redirect);
      }
    }
  } finally {
    await proxy.close();
  }
});
