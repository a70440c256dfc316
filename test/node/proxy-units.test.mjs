// The proxy's pure parts, straight from their sources (compiled here with esbuild): provider text (clean,
// redact), token answers, the serverinfo checks, and the runtime probes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** A TypeScript source of proxy/ as an ES module. */
async function source(path) {
  const entry = fileURLToPath(new URL(`../../${path}`, import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

const tokens = await source('proxy/tokens.ts');
const discovery = await source('proxy/discovery.ts');
const runtime = await source('proxy/runtime.ts');

describe('proxy/tokens.ts', () => {
  test('clean: printable only (control, format, bidi, line separators become one space), capped, undefined for nothing', () => {
    assert.equal(tokens.clean('a\u0000b\u202ec\u200bd\u2028e\n\tf'), 'a b c d e f');
    assert.equal(tokens.clean('x'.repeat(300)).length, 200);
    assert.ok(tokens.clean('x'.repeat(300)).endsWith('…'));
    assert.equal(tokens.clean('abc', 2), 'a…');
    assert.equal(tokens.clean(' \u0000 '), undefined);
    assert.equal(tokens.clean(42), undefined);
    assert.equal(tokens.clean('Zoho: “ünïcode” 日本'), 'Zoho: “ünïcode” 日本', 'printable text stays');
  });

  test('redact: the secret as is, URL-encoded and in base64 (both alphabets) becomes [redacted]', () => {
    const secret = 'S3cr3t+/=?&x';
    const forms = [
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64').replace(/=+$/, ''),
      Buffer.from(secret).toString('base64url'),
    ];
    for (const form of forms) assert.equal(tokens.redact(`before ${form} after`, [secret]), 'before [redacted] after', form);
    assert.equal(tokens.redact('nothing here', [secret]), 'nothing here');
    assert.equal(tokens.redact('abc', ['']), 'abc', 'an empty secret redacts nothing');
  });

  test('mapProviderError: Zoho invalid_client_secret names the fix; invalid_client names the data centre', () => {
    const call = { network: 'zoho', kind: 'code', region: 'eu', host: 'accounts.zoho.eu' };
    const secret = tokens.mapProviderError(call, 200, 'invalid_client_secret');
    assert.equal(secret.code, 'invalid_request');
    assert.match(secret.message, /client_secret is wrong.*Zoho API console/);
    assert.match(tokens.mapProviderError(call, 200, 'invalid_client').message, /eu data centre/);
  });

  test("interpretTokenAnswer: the browser modules' lifetime rules, fractions kept", () => {
    const answer = (body) => ({
      ok: true,
      status: 200,
      headers: new Headers(),
      body: new TextEncoder().encode(JSON.stringify(body)),
      ms: 1,
    });
    const zoho = { network: 'zoho', kind: 'code', region: 'us', host: 'h' };
    const joinme = { network: 'joinme', kind: 'code', host: 'h' };
    assert.equal(tokens.interpretTokenAnswer(zoho, answer({ access_token: 'a', expires_in: 7200.5 }), 1).expires_in, 7200.5);
    assert.equal(tokens.interpretTokenAnswer(zoho, answer({ access_token: 'a', expires_in: '3600000' }), 1).expires_in, 3600);
    assert.equal(tokens.interpretTokenAnswer(zoho, answer({ access_token: 'a' }), 1).expires_in, 3600);
    assert.equal(tokens.interpretTokenAnswer(joinme, answer({ access_token: 'a' }), 1).expires_in, 86400);
    assert.equal(tokens.interpretTokenAnswer(joinme, answer({ access_token: 'a', expires_in: ' 1800 ' }), 1).expires_in, 1800);
  });
});

describe('proxy/discovery.ts', () => {
  test('zohoDomainOfAccounts: https://accounts.<a known Zoho domain> and nothing else', () => {
    const good = {
      'https://accounts.zoho.ae': 'zoho.ae',
      'https://accounts.zoho.uk/': 'zoho.uk',
      'https://ACCOUNTS.ZOHO.COM': 'zoho.com',
      'https://accounts.zohocloud.ca': 'zohocloud.ca',
    };
    for (const [url, domain] of Object.entries(good)) assert.equal(discovery.zohoDomainOfAccounts(url), domain, url);
    for (const url of [
      'http://accounts.zoho.ae',
      'https://accounts.zoho.ae:8443',
      'https://u:p@accounts.zoho.ae',
      'https://accounts.zoho.ae/oauth',
      'https://accounts.zoho.ae?x=1',
      'https://accounts.zoho.ae.evil.example',
      'https://accounts.evil.example',
      'https://evil.accounts.zoho.ae',
      'https://meeting.zoho.ae',
      'https://accounts.zoho.xx',
      'accounts.zoho.ae',
      42,
    ]) {
      assert.equal(discovery.zohoDomainOfAccounts(url), undefined, String(url));
    }
  });

  test('mergeServerInfo: adds checked data centres, keeps the table, reports the rest', () => {
    const table = { us: { accounts: 'https://accounts.zoho.com', meeting: 'https://meeting.zoho.com' } };
    const {
      table: merged,
      added,
      refused,
    } = discovery.mergeServerInfo(table, {
      locations: { us: 'https://accounts.evil.example', AE: 'https://accounts.zoho.ae', xx: 'https://accounts.evil.example', 'a b': 'x' },
    });
    assert.deepEqual(added, ['ae']);
    assert.deepEqual(refused, ['xx', '(malformed)']);
    assert.deepEqual(merged.us, table.us);
    assert.deepEqual(merged.ae, { accounts: 'https://accounts.zoho.ae', meeting: 'https://meeting.zoho.ae' });
    assert.deepEqual(discovery.mergeServerInfo(table, 'nonsense').added, []);
  });
});

describe('proxy/runtime.ts', () => {
  test('on Node: process.env, and a file reader relative to a base directory', () => {
    assert.equal(runtime.platformEnv(), process.env);
    const read = runtime.platformFileReader();
    assert.equal(typeof read, 'function');
    const here = fileURLToPath(new URL('.', import.meta.url));
    assert.match(read('proxy-units.test.mjs', here), /proxy\/runtime\.ts/);
    assert.equal(runtime.dirnameOf('/etc/proxy/config.json'), '/etc/proxy');
    assert.equal(runtime.dirnameOf('config.json'), '.');
  });
});
