// What the proxy answers, whatever the provider says: a CSP on every answer, JSON-only pass-through,
// provider text capped, printable and without a configured secret; Zoho's invalid_client_secret; token
// lifetimes by the browser modules' own rules; optional Zoho data-centre discovery.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { mulberry32 } from '../seeded-random.mjs';
import { codeQuery, fragmentOf, get, JOINME, refreshQuery, SITE, withProxy, ZOHO } from './proxy-helpers.mjs';

const ZOHO_API = 'https://meeting.zoho.com/api/v2/user.json';
const JOINME_API = 'https://api.join.me/v1/user';

/** What hello.js sends for `p.proxy = true` (pairs: an object with a `then` key would be a thenable). */
const apiQuery = (path, method = 'get') =>
  new URLSearchParams([
    ['path', path],
    ['access_token', 'AT'],
    ['then', 'proxy'],
    ['method', method],
    ['suppress_response_codes', 'true'],
  ]);
const html = (status = 200) =>
  new Response('<!doctype html><script>parent.postMessage(localStorage.hello, "*")</script>', {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });

describe('every answer carries a Content-Security-Policy that renders nothing', { timeout: 30_000 }, () => {
  test('health check, refusals, redirects, preflights, pass-through, actions and errors', async () => {
    await withProxy(
      (url) => (url.includes('expireaccess') ? { success: true } : url.includes('/api') ? { ok: 1 } : { access_token: 'AT-1' }),
      async (proxy) => {
        const answers = {
          health: await get(proxy.url, {}),
          nothing: await get(proxy.url, { unrelated: '1' }),
          refusedPage: await get(proxy.url, codeQuery('joinme', { redirect_uri: 'https://evil.example/' })),
          redirect: await get(proxy.url, codeQuery('joinme')),
          preflight: await get(proxy.url, {}, { method: 'OPTIONS', headers: { origin: SITE } }),
          preflightRefused: await get(proxy.url, {}, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }),
          passThrough: await get(proxy.url, apiQuery(ZOHO_API)),
          passThroughRefused: await get(proxy.url, apiQuery('https://evil.example/api')),
          action: await get(proxy.url, { action: 'expire_access' }, { method: 'POST', headers: { authorization: 'Bearer AT' } }),
          actionWrongMethod: await get(proxy.url, { action: 'revoke' }),
        };
        for (const [name, res] of Object.entries(answers)) {
          await res.arrayBuffer();
          const csp = res.headers.get('content-security-policy') ?? '';
          assert.match(csp, /default-src 'none'/, `${name} (${res.status}) has no default-src 'none'`);
          assert.match(csp, /frame-ancestors 'none'/, `${name} (${res.status}) has no frame-ancestors 'none'`);
          assert.equal(res.headers.get('x-content-type-options'), 'nosniff', name);
        }
      },
    );
  });
});

describe('a redirect back to the page is a bare 302', { timeout: 30_000 }, () => {
  test('tokens and refusals alike: no body and no content type, the safety headers kept', async () => {
    await withProxy(
      () => ({ access_token: 'AT-1' }),
      async (proxy) => {
        const answers = {
          tokens: await get(proxy.url, codeQuery('joinme')),
          refusal: await get(proxy.url, codeQuery('joinme', { code: '' })),
        };
        for (const [name, res] of Object.entries(answers)) {
          assert.equal(res.status, 302, name);
          assert.equal(await res.text(), '', name);
          assert.equal(res.headers.get('content-type'), null, name);
          assert.ok(['0', null].includes(res.headers.get('content-length')), name);
          assert.match(res.headers.get('location'), name === 'tokens' ? /#access_token=AT-1&/ : /#error=invalid_request&/);
          assert.equal(res.headers.get('referrer-policy'), 'no-referrer', name);
          assert.equal(res.headers.get('cache-control'), 'no-store', name);
          assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/, name);
        }
      },
    );
  });
});

describe('the pass-through answers JSON or nothing', { timeout: 30_000 }, () => {
  test('an HTML answer becomes a JSON server_error: the page is never relayed', async () => {
    await withProxy(
      () => html(),
      async (proxy) => {
        const res = await get(proxy.url, apiQuery(ZOHO_API), { headers: { origin: SITE } });
        const text = await res.text();
        assert.equal(res.status, 502);
        assert.match(res.headers.get('content-type'), /^application\/json/);
        assert.equal(res.headers.get('access-control-allow-origin'), SITE, 'the page can read the error');
        assert.ok(!text.includes('<script'), text);
        const body = JSON.parse(text);
        assert.equal(body.error.code, 'server_error');
        assert.match(body.error.message, /not JSON \(text\/html\)/);
      },
    );
  });

  test('an HTML error page (HTTP 500) and plain text are refused the same way', async () => {
    for (const answer of [
      () => html(500),
      () => new Response('Service Unavailable', { status: 503, headers: { 'content-type': 'text/plain' } }),
    ]) {
      await withProxy(answer, async (proxy) => {
        const res = await get(proxy.url, apiQuery(JOINME_API));
        assert.equal(res.status, 502);
        assert.equal((await res.json()).error.code, 'server_error');
      });
    }
  });

  test('JSON labelled as HTML goes out as application/json, with the upstream status', async () => {
    await withProxy(
      () => new Response('{"error":{"code":2000,"message":"<b>expired</b>"}}', { status: 400, headers: { 'content-type': 'text/html' } }),
      async (proxy) => {
        const res = await get(proxy.url, apiQuery(ZOHO_API));
        assert.equal(res.status, 400);
        assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
        assert.equal((await res.json()).error.code, 2000);
      },
    );
  });

  test('empty answers pass (204, and a 200 without a body)', async () => {
    for (const status of [204, 200]) {
      await withProxy(
        () => new Response(status === 204 ? null : '', { status, headers: { 'content-type': 'text/html' } }),
        async (proxy) => {
          const res = await get(proxy.url, apiQuery(ZOHO_API, 'delete'), { method: 'POST' });
          assert.equal(res.status, status);
          assert.equal(await res.text(), '');
          assert.equal(res.headers.get('content-type'), null, 'no content type for no content');
        },
      );
    }
  });
});

/** Every form of a secret that must not reach the page. */
const secretForms = (secret) => [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64').replace(/=+$/, '')];

function assertClean(text, secrets, where) {
  for (const secret of secrets) for (const form of secretForms(secret)) assert.ok(!text.includes(form), `${where} holds a secret: ${text}`);
  assert.ok(!/[\p{Cc}\p{Cf}]/u.test(text), `${where} holds control or format characters: ${JSON.stringify(text)}`);
}

describe('provider error text reaches the page capped, printable and without a secret', { timeout: 30_000 }, () => {
  const echo = (secret) =>
    `invalid client_secret ${secret} (also ${encodeURIComponent(secret)}, ${Buffer.from(secret).toString('base64')})\u0000\u202e\u200b<img src=x>${'x'.repeat(5000)}`;

  test('zoho token endpoint echoing the client secret (HTTP 200 error body)', async () => {
    await withProxy(
      (_url, call) => ({ error: 'invalid_client', error_description: echo(new URLSearchParams(call.body).get('client_secret')) }),
      async (proxy, fetch) => {
        const f = fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'eu' })));
        assert.ok(fetch.calls.length === 1 && String(fetch.calls[0].body).includes(ZOHO.client_secret), 'the upstream saw the secret');
        assert.equal(f.error, 'invalid_request');
        assertClean(f.error_description, [ZOHO.client_secret], 'error_description');
        assert.match(f.error_description, /\[redacted\]/);
        assert.ok(f.error_description.length <= 600, `${f.error_description.length} characters`);
      },
    );
  });

  test('join.me token endpoint echoing the secret in an error message, on refresh', async () => {
    await withProxy(
      (_url, call) =>
        Response.json({ error: 'invalid_grant', error_description: echo(JSON.parse(call.body).client_secret) }, { status: 400 }),
      async (proxy) => {
        const f = fragmentOf(await get(proxy.url, refreshQuery('joinme')));
        assert.equal(f.error, 'invalid_token');
        assertClean(f.error_description, [JOINME.client_secret], 'error_description');
        assert.ok(f.error_description.length <= 600);
      },
    );
  });

  test('join.me expire_access echoing the secret: the JSON error message is clean', async () => {
    await withProxy(
      (_url, call) => Response.json({ success: false, message: echo(JSON.parse(call.body).client_secret) }, { status: 400 }),
      async (proxy) => {
        const res = await get(proxy.url, { action: 'expire_access' }, { method: 'POST', headers: { authorization: 'Bearer AT' } });
        const text = await res.text();
        assert.equal(res.status, 400);
        assertClean(JSON.parse(text).error.message, [JOINME.client_secret], 'message');
        assertClean(text, [JOINME.client_secret], 'body');
      },
    );
  });
});

describe("Zoho's invalid_client_secret", { timeout: 30_000 }, () => {
  test('tells the site owner which secret to fix and where to find it', async () => {
    await withProxy(
      () => ({ error: 'invalid_client_secret' }),
      async (proxy) => {
        const f = fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'eu', 'accounts-server': 'https://accounts.zoho.eu' })));
        assert.equal(f.error, 'invalid_request');
        assert.match(f.error_description, /invalid_client_secret/);
        assert.match(f.error_description, /client_secret is wrong/);
        assert.match(f.error_description, /Zoho API console/);
        assert.match(f.error_description, /eu data centre/);
      },
    );
  });
});

/** modules/lifetimes.ts itself (the browser half's rules), compiled for Node. */
async function browserLifetimes() {
  const entry = fileURLToPath(new URL('../../modules/lifetimes.ts', import.meta.url));
  const out = await build({ entryPoints: [entry], bundle: true, format: 'esm', write: false, logLevel: 'silent' });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

describe("token lifetimes follow the browser modules' rules", { timeout: 60_000 }, () => {
  test('expires_in of the fragment is what modules/lifetimes.ts gives, on seeded random answers of both providers', async () => {
    const { joinmeLifetimeSeconds, zohoLifetimeSeconds } = await browserLifetimes();
    const random = mulberry32(20261130);
    const pick = (items) => items[Math.floor(random() * items.length)];
    const value = () =>
      pick([
        undefined,
        3600,
        3600000,
        7200.5,
        1799.6,
        86400,
        86401,
        0,
        -5,
        '3600',
        ' 1800 ',
        '3.6e6',
        'soon',
        '',
        Math.round(random() * 200000) / 10,
      ]);
    const answers = Array.from({ length: 40 }, () => {
      const answer = { access_token: 'AT' };
      for (const key of ['expires_in', 'expires_in_sec']) {
        const v = value();
        if (v !== undefined) answer[key] = v;
      }
      return answer;
    });
    let index = 0;
    await withProxy(
      () => answers[index],
      async (proxy) => {
        for (index = 0; index < answers.length; index++) {
          const answer = answers[index];
          const zoho = fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'us' })));
          assert.equal(Number(zoho.expires_in), zohoLifetimeSeconds(answer), `zoho ${JSON.stringify(answer)}`);
          const joinme = fragmentOf(await get(proxy.url, codeQuery('joinme')));
          assert.equal(Number(joinme.expires_in), joinmeLifetimeSeconds(answer), `joinme ${JSON.stringify(answer)}`);
        }
      },
    );
    // Not vacuous: the rule keeps fractions the proxy's old copy rounded away.
    assert.equal(zohoLifetimeSeconds({ expires_in: 7200.5 }), 7200.5);
    assert.equal(zohoLifetimeSeconds({ expires_in_sec: 1799.6, expires_in: 3600000 }), 1799.6);
  });
});

describe('Zoho data-centre discovery (serverinfo)', { timeout: 30_000 }, () => {
  const SERVERINFO = 'https://accounts.zoho.com/oauth/serverinfo';
  const serverinfo = {
    result: 'success',
    locations: {
      us: 'https://accounts.zoho.com',
      eu: 'https://accounts.evil.example',
      ae: 'https://accounts.zoho.ae',
      xx: 'https://accounts.evil.example',
      yy: 'https://accounts.zoho.com.evil.example',
      zz: 'http://accounts.zoho.ae',
      ww: 'https://user:pw@accounts.zoho.ae',
      vv: 'https://accounts.zoho.ae:8443',
      tt: 'https://meeting.zoho.ae',
      'not a region': 'https://accounts.zoho.ae',
    },
  };
  const answer = (url) => (url === SERVERINFO ? serverinfo : { access_token: 'Z-AT', expires_in: 3600 });

  test('off by default: serverinfo is never asked, and an unknown data centre is refused', async () => {
    await withProxy(answer, async (proxy, fetch) => {
      const f = fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'ae', 'accounts-server': 'https://accounts.zoho.ae' })));
      assert.equal(f.error, 'invalid_request');
      assert.deepEqual(
        fetch.calls.map((c) => c.url),
        [],
      );
    });
  });

  test('on: a data centre Zoho lists on a known domain is served; every other entry is ignored; the table wins', async () => {
    await withProxy(
      answer,
      async (proxy, fetch) => {
        const ae = fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'ae', 'accounts-server': 'https://accounts.zoho.ae' })));
        assert.equal(ae.access_token, 'Z-AT');
        assert.equal(ae.location, 'ae');
        assert.deepEqual(
          fetch.calls.map((c) => c.url),
          [SERVERINFO, 'https://accounts.zoho.ae/oauth/v2/token'],
        );
        for (const region of ['xx', 'yy', 'zz', 'ww', 'vv', 'tt']) {
          const f = fragmentOf(await get(proxy.url, codeQuery('zoho', { location: region })));
          assert.equal(f.error, 'invalid_request', region);
        }
        const eu = fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'eu' })));
        assert.equal(eu.access_token, 'Z-AT');
        assert.equal(fetch.calls.at(-1).url, 'https://accounts.zoho.eu/oauth/v2/token', 'the table entry, not the listed one');
        const api = await get(proxy.url, apiQuery('https://meeting.zoho.ae/api/v2/user.json'));
        assert.equal(api.status, 200, 'the new Meeting host is reachable through the pass-through');
        assert.equal(fetch.calls.filter((c) => c.url === SERVERINFO).length, 1, 'asked once, at start-up');
        assert.ok(
          fetch.calls.every((c) => !/evil|8443|^http:/.test(c.url)),
          fetch.calls.map((c) => c.url),
        );
      },
      { zoho: { ...ZOHO, discoverDatacentres: true } },
    );
  });

  test('on, with serverinfo down: the built-in table serves as before', async () => {
    await withProxy(
      (url) => (url === SERVERINFO ? new Response('oops', { status: 503 }) : { access_token: 'Z-AT' }),
      async (proxy) => {
        assert.equal(fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'eu' }))).access_token, 'Z-AT');
        assert.equal(fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'ae' }))).error, 'invalid_request');
      },
      { zoho: { ...ZOHO, discoverDatacentres: true } },
    );
  });
});
