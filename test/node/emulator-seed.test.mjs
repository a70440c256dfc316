// The emulator as a product: declared accounts, seeded meetings and webinars, demo data, the typed control
// client, serveEmulator (with the oauth proxy) and its hand-written declarations. Needs the build
// (serveEmulator loads dist/proxy).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../emulator/config.mjs';
import { EmulatorControlError, emulatorControl } from '../../emulator/control-client.mjs';
import { SeedError } from '../../emulator/directory.mjs';
import { createEmulator } from '../../emulator/index.mjs';
import { serveEmulator } from '../../emulator/serve.mjs';
import { joinmeToken, startEmulator, zohoToken } from '../../emulator/testing.mjs';

/** GET with a bearer/Zoho token, JSON answer. */
async function getJson(url, authorization) {
  const response = await fetch(url, { headers: { Authorization: authorization } });
  return { status: response.status, body: await response.json() };
}

/** The meetings (and webinars) a user sees through the emulated provider APIs. */
async function zohoLists(env, email) {
  const account = env.emu.accounts().zoho.find((known) => known.email === email);
  // Data centres outside the package's table (ae) are emulated too: a site adds them itself.
  const { datacentres, unlisted } = env.endpoints.zoho;
  const endpoints = { ...env.endpoints, zoho: { datacentres: { ...datacentres, ...unlisted } } };
  const { token, location } = await zohoToken(endpoints, account.region, { login_hint: email });
  const meeting = endpoints.zoho.datacentres[location].meeting;
  const auth = `Zoho-oauthtoken ${token}`;
  const user = (await getJson(`${meeting}/api/v2/user.json`, auth)).body.userDetails;
  const sessions = (await getJson(`${meeting}/api/v2/${user.zsoid}/sessions.json?index=1`, auth)).body.session;
  const webinars = (await getJson(`${meeting}/api/v2/${user.zsoid}/webinar.json?index=1`, auth)).body.webinar;
  return { user, location, sessions, webinars };
}

async function joinmeList(env, email) {
  const token = await joinmeToken(env.endpoints, { login_hint: email });
  return (await getJson(`${env.endpoints.joinme.base}meetings`, `Bearer ${token}`)).body.meetings;
}

describe('declared accounts and seeded data', () => {
  /** @type {Awaited<ReturnType<typeof startEmulator>>} */
  let env;
  before(async () => {
    env = await startEmulator({
      accounts: { zoho: [{ email: 'Kim@Example.eu', name: 'Kim Berg', region: 'eu', timeZone: 'Europe/Stockholm', orgName: 'Berg AB' }] },
      seed: {
        meetings: [
          {
            provider: 'zoho',
            owner: 'kim@example.eu',
            name: 'Stand-up',
            start: '2030-03-04T08:00:00Z',
            duration: 15,
            participants: ['a@example.com'],
          },
          { provider: 'joinme', name: 'Review', startsIn: 90, duration: 30 },
        ],
        webinars: [{ owner: 'kim@example.eu', name: 'Launch', startsIn: 24 * 60, agenda: 'News' }],
      },
    });
  });
  after(() => env.close());

  test('a declared Zoho user logs in anywhere and lands in its data centre, with its seeded meeting and webinar', async () => {
    const { user, location, sessions, webinars } = await zohoLists(env, 'kim@example.eu');
    assert.equal(location, 'eu');
    assert.equal(user.fullName, 'Kim Berg');
    assert.equal(user.orgName, 'Berg AB');
    assert.equal(user.timeZone, 'Europe/Stockholm');
    assert.deepEqual(
      sessions.map((session) => [
        session.topic,
        session.startTime,
        session.duration,
        session.timezone,
        session.participants.map((p) => p.email),
      ]),
      [['Stand-up', 'Mar 04, 2030 09:00 AM', 900_000, 'Europe/Stockholm', ['a@example.com']]],
    );
    assert.deepEqual(
      webinars.map((webinar) => [webinar.topic, webinar.agenda]),
      [['Launch', 'News']],
    );
  });

  test('an item without owner belongs to the default user; join.me times are ISO UTC', async () => {
    const meetings = await joinmeList(env, 'ada@example.com');
    assert.deepEqual(
      meetings.map((meeting) => meeting.meetingName),
      ['Review'],
    );
    const [review] = meetings;
    assert.equal(Date.parse(review.meetingEnd) - Date.parse(review.meetingStart), 30 * 60_000);
    assert.ok(Math.abs(Date.parse(review.meetingStart) - (env.emu.clock.now() + 90 * 60_000)) < 120_000);
    assert.deepEqual(await joinmeList(env, 'bob@example.com'), []);
  });

  test('POST seed adds until reset; reset goes back to the options’ seed', async () => {
    const answer = await env.control('seed', {
      accounts: { joinme: [{ email: 'cy@example.com', personalUrl: 'cy' }] },
      meetings: [{ provider: 'joinme', owner: 'cy@example.com', name: 'Cy’s call', startsIn: 10, personal: true }],
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body.accounts, { joinme: ['cy@example.com'], zoho: [] });
    assert.deepEqual(
      answer.body.items.map(({ provider, kind, name, owner }) => ({ provider, kind, name, owner })),
      [{ provider: 'joinme', kind: 'meeting', name: 'Cy’s call', owner: 'cy@example.com' }],
    );
    const [call] = await joinmeList(env, 'cy@example.com');
    assert.equal(call.meetingId, Number(answer.body.items[0].id));
    assert.equal(call.startWithPersonalUrl, true);
    env.emu.reset();
    assert.equal(
      env.emu.accounts().joinme.some((account) => account.email === 'cy@example.com'),
      false,
    );
    assert.deepEqual(
      (await joinmeList(env, 'ada@example.com')).map((meeting) => meeting.meetingName),
      ['Review'],
    );
  });

  test('a bad seed is refused whole, with a message naming the item (400 over the control API)', async () => {
    const before = env.emu.accounts();
    const bad = [
      [
        { meetings: [{ provider: 'joinme', owner: 'nobody@example.com', name: 'X' }] },
        /meetings\[0\]\.owner: there is no join\.me account/,
      ],
      [{ meetings: [{ provider: 'zoho', name: '' }] }, /meetings\[0\]\.name/],
      [{ meetings: [{ provider: 'teams', name: 'X' }] }, /meetings\[0\]\.provider/],
      [{ meetings: [{ provider: 'joinme', name: 'X', agenda: 'no' }] }, /agenda is for Zoho only/],
      [{ webinars: [{ name: 'X', start: 'tomorrow' }] }, /webinars\[0\]\.start/],
      [{ webinars: [{ name: 'X', start: 0, startsIn: 5 }] }, /not both/],
      [{ meetings: [{ provider: 'zoho', name: 'X', duration: 0 }] }, /duration/],
      [{ accounts: { zoho: [{ email: 'z@example.com', region: 'xx' }] } }, /region/],
      [{ accounts: { zoho: [{ email: 'z@example.com', timeZone: 'Mars/Base' }] } }, /timeZone/],
      [{ accounts: { joinme: [{ email: 'not-an-email' }] } }, /email/],
      // A good account with a bad item: the account is not kept either.
      [{ accounts: { joinme: [{ email: 'dee@example.com' }] }, meetings: [{ provider: 'joinme', owner: 'dee@example.com' }] }, /name/],
      [{ meeting: [] }, /unknown seed key/],
    ];
    for (const [seed, message] of bad) {
      assert.throws(
        () => env.emu.seed(seed),
        (error) => error instanceof SeedError && message.test(error.message),
        JSON.stringify(seed),
      );
      const answer = await env.control('seed', seed);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error, 'invalid_seed');
    }
    assert.deepEqual(env.emu.accounts(), before);
    assert.throws(() => createEmulator({ seed: { webinars: [{ name: 'X', owner: 'nobody@example.com' }] } }), SeedError);
  });

  test('without the built-in users, the first declared user is the default and nobody else can log in', async () => {
    const alone = await startEmulator({
      builtInAccounts: false,
      accounts: { joinme: [{ email: 'solo@example.com' }], zoho: [{ email: 'sol@example.in', region: 'in' }] },
    });
    try {
      assert.deepEqual(alone.emu.accounts(), {
        joinme: [{ email: 'solo@example.com', name: 'Solo', inactive: false }],
        zoho: [{ email: 'sol@example.in', name: 'Sol', region: 'in' }],
        defaults: { joinme: 'solo@example.com', zoho: 'sol@example.in' },
      });
      const token = await joinmeToken(alone.endpoints);
      assert.equal((await getJson(`${alone.endpoints.joinme.base}user`, `Bearer ${token}`)).body.email, 'solo@example.com');
      assert.equal((await zohoToken(alone.endpoints, 'us')).location, 'in');
      await assert.rejects(joinmeToken(alone.endpoints, { login_hint: 'ada@example.com' }));
    } finally {
      await alone.close();
    }
  });

  test('a declared inactive join.me account is refused by the gateway', async () => {
    env.emu.seed({ accounts: { joinme: [{ email: 'gone@example.com', inactive: true }] } });
    const token = await joinmeToken(env.endpoints, { login_hint: 'gone@example.com' });
    assert.equal((await fetch(`${env.endpoints.joinme.base}user`, { headers: { Authorization: `Bearer ${token}` } })).status, 403);
    env.emu.reset();
  });
});

describe('demo data', () => {
  test('every built-in user starts with meetings (and Zoho users with a webinar), in the future, in their own zone', async () => {
    const env = await startEmulator({ demoData: true });
    try {
      const now = env.emu.clock.now();
      const ada = await joinmeList(env, 'ada@example.com');
      assert.ok(ada.length >= 2, 'ada has meetings');
      assert.ok(ada.every((meeting) => Date.parse(meeting.meetingStart) > now));
      for (const { email } of env.emu.accounts().zoho) {
        const { sessions, webinars } = await zohoLists(env, email);
        assert.ok(sessions.length >= 2, `${email} has meetings`);
        assert.equal(webinars.length, 1, `${email} has a webinar`);
        assert.match(sessions[0].startTime, /10:00 AM$/, 'at a sensible hour where the user lives');
      }
      // reset brings the demo data back
      env.emu.reset();
      assert.ok((await joinmeList(env, 'ada@example.com')).length >= 2);
    } finally {
      await env.close();
    }
  });
});

describe('serveEmulator and the control client', () => {
  /** @type {Awaited<ReturnType<typeof serveEmulator>>} */
  let served;
  before(async () => {
    served = await serveEmulator({ redirectUris: ['http://localhost:3999/redirect.html'] });
  });
  after(() => served.close());

  test('serves the emulator, the proxy at /proxy and a map at /, on a free port', async () => {
    assert.match(served.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(served.proxyUrl, `${served.origin}/proxy`);
    assert.deepEqual(served.endpoints, served.emulator.endpoints(served.origin));
    const map = await (await fetch(`${served.origin}/`)).json();
    assert.deepEqual(map.endpoints, served.endpoints);
    assert.equal(map.oauth_proxy, served.proxyUrl);
    assert.doesNotMatch(JSON.stringify(map), new RegExp(served.emulator.clients.zoho.client_secret));
    // The proxy answers (a request without parameters is refused in its own words, not a 404).
    const proxied = await fetch(`${served.proxyUrl}?state=x`);
    assert.notEqual(proxied.status, 404);
    assert.equal((await fetch(`${served.origin}/elsewhere`)).status, 404);
  });

  test('control client: seed, accounts, clock, switches, consent, log, redirect URIs, join.me and Zoho provocations', async () => {
    const control = emulatorControl(`${served.origin}/`);
    assert.equal(control.origin, served.origin);
    await control.reset();
    const seeded = await control.seed({ meetings: [{ provider: 'zoho', name: 'From the client' }] });
    assert.equal(seeded.items[0].owner, 'grace@example.com');
    assert.equal((await control.accounts()).defaults.zoho, 'grace@example.com');
    assert.deepEqual(await control.endpoints(), served.endpoints);
    assert.deepEqual(await control.urls(), served.emulator.urls(served.origin));
    const { offset } = await control.advanceClock(120);
    assert.equal(offset, 120);
    assert.equal((await control.clock()).offset, 120);
    assert.equal((await control.setConfig({ joinme: { deleteStatus: 200 } })).joinme.deleteStatus, 200);
    assert.equal((await control.setConsent('deny')).consent, 'deny');
    assert.equal((await control.config()).consent, 'deny');
    await assert.rejects(control.setConfig({ zoho: { nope: true } }), (error) => {
      assert.ok(error instanceof EmulatorControlError);
      assert.equal(error.status, 400);
      assert.equal(error.code, 'invalid_config');
      assert.match(error.message, /unknown switch zoho\.nope/);
      return true;
    });
    await assert.rejects(control.seed({ meetings: [{ provider: 'joinme' }] }), /invalid_seed/);
    assert.deepEqual(await control.addRedirectUris(['http://localhost:4001/r.html']), [
      'http://localhost:3999/redirect.html',
      'http://localhost:4001/r.html',
    ]);
    assert.deepEqual(await control.redirectUris(), ['http://localhost:3999/redirect.html', 'http://localhost:4001/r.html']);
    await control.setConsent('auto');
    const urls = served.emulator.urls(served.origin);
    const token = await joinmeToken(urls, { redirect_uri: 'http://localhost:4001/r.html' });
    await control.staleToken(token);
    assert.equal((await getJson(`${urls.joinme.base}user`, `Bearer ${token}`)).body.ErrorCode, 'stale_token');
    await assert.rejects(control.staleToken('nope'), (error) => error instanceof EmulatorControlError && error.status === 404);
    await control.setInactive('bob@example.com');
    await control.setInactive('bob@example.com', false);
    await control.throttleZoho(2);
    await control.endZohoSession();
    await control.endZohoSession('grace@example.com');
    await control.failNext('zoho');
    const log = await control.log();
    assert.ok(log.some((entry) => entry.provider === 'joinme' && entry.path === '/v1/user'));
    await control.clearLog();
    assert.deepEqual(await control.log(), []);
    await control.reset();
    assert.equal((await control.clock()).offset, 0);
    assert.deepEqual(await control.redirectUris(), ['http://localhost:3999/redirect.html']);
  });
});

describe('the hand-written declarations match the code', () => {
  const read = (file) => readFileSync(new URL(`../../emulator/${file}`, import.meta.url), 'utf8');
  const declarations = read('index.d.mts') + read('browser.d.mts');
  /** The text of `export interface NAME { … }` (up to the closing brace at the start of a line). */
  const block = (name) => {
    const start = declarations.indexOf(`export interface ${name} {`);
    assert.notEqual(start, -1, name);
    return declarations.slice(start, declarations.indexOf('\n}\n', start));
  };

  test('every value the package entry exports is declared, and nothing more', async () => {
    const entry = await import('../../emulator/entry.mjs');
    const declared = [...declarations.matchAll(/^export declare (?:function|const|class) (\w+)/gm)].map((match) => match[1]);
    assert.deepEqual([...new Set(declared)].sort(), Object.keys(entry).sort());
  });

  test('every quirk switch is declared in EmulatorConfig', () => {
    const config = block('EmulatorConfig');
    for (const [section, value] of Object.entries(DEFAULT_CONFIG)) {
      if (typeof value !== 'object') {
        assert.match(config, new RegExp(`^  ${section}: `, 'm'), section);
        continue;
      }
      const part = config.slice(config.indexOf(`  ${section}: {`));
      for (const key of Object.keys(value))
        assert.match(part.slice(0, part.indexOf('\n  };')), new RegExp(`^    ${key}: `, 'm'), `${section}.${key}`);
    }
  });

  test('every control client method is declared in EmulatorControl', () => {
    const control = block('EmulatorControl');
    for (const name of Object.keys(emulatorControl('http://127.0.0.1:1'))) {
      assert.match(control, new RegExp(`^  (readonly )?${name}[(:]`, 'm'), name);
    }
  });
});
