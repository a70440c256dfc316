// Code exchange and refresh (protocol parts 1 and 2), against an injected fetch: what is sent where, what
// comes back to the page, and every refusal.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  codeQuery,
  fragmentOf,
  get,
  helloState,
  JOINME,
  leaked,
  listen,
  REDIRECT,
  recordingFetch,
  refreshQuery,
  SITE,
  startProxy,
  withProxy,
  ZOHO,
} from './proxy-helpers.mjs';

const ZOHO_EU_TOKEN = 'https://accounts.zoho.eu/oauth/v2/token';
const JOINME_TOKEN = 'https://secure.join.me/api/public/v1/auth/token';

describe('code exchange', { timeout: 30_000 }, () => {
  test('join.me: posts JSON with the secret to the pinned token URL and redirects with the tokens', async () => {
    await withProxy(
      () => ({ access_token: 'JM-AT', refresh_token: 'JM-RT', token_type: 'Bearer', scope: 'user_info scheduler' }),
      async (proxy, fetch) => {
        const query = codeQuery('joinme');
        const res = await get(proxy.url, query);
        assert.equal(res.status, 302);
        const f = fragmentOf(res);
        assert.equal(f.__base, REDIRECT);
        assert.equal(f.access_token, 'JM-AT');
        assert.equal(f.refresh_token, 'JM-RT');
        assert.equal(f.token_type, 'Bearer');
        assert.equal(f.scope, 'user_info scheduler');
        assert.equal(f.state, query.state, 'state is echoed as received');
        assert.equal(f.location, undefined, 'no region for join.me');
        assert.equal(fetch.calls.length, 1);
        const [call] = fetch.calls;
        assert.equal(call.url, JOINME_TOKEN);
        assert.equal(call.method, 'POST');
        assert.match(call.headers['content-type'], /application\/json/);
        assert.deepEqual(JSON.parse(call.body), {
          client_id: JOINME.client_id,
          client_secret: JOINME.client_secret,
          grant_type: 'authorization_code',
          code: 'CODE-1',
          redirect_uri: REDIRECT,
        });
      },
    );
  });

  test('join.me: a missing expires_in becomes 86400 seconds (its tokens live 24 h)', async () => {
    await withProxy(
      () => ({ access_token: 'JM-AT', refresh_token: 'JM-RT' }),
      async (proxy) => {
        const f = fragmentOf(await get(proxy.url, codeQuery('joinme')));
        assert.equal(f.expires_in, '86400');
      },
    );
  });

  test('zoho: posts a form to the accounts server of the redirect, and the region is in the answer', async () => {
    await withProxy(
      () => ({
        access_token: 'Z-AT',
        refresh_token: 'Z-RT',
        expires_in: 3600,
        token_type: 'Bearer',
        api_domain: 'https://www.zohoapis.eu',
      }),
      async (proxy, fetch) => {
        const res = await get(proxy.url, codeQuery('zoho', { location: 'eu', 'accounts-server': 'https://accounts.zoho.eu' }));
        const f = fragmentOf(res);
        assert.equal(f.access_token, 'Z-AT');
        assert.equal(f.refresh_token, 'Z-RT');
        assert.equal(f.expires_in, '3600');
        assert.equal(f.location, 'eu');
        const [call] = fetch.calls;
        assert.equal(call.url, ZOHO_EU_TOKEN);
        assert.match(call.headers['content-type'], /application\/x-www-form-urlencoded/);
        const form = Object.fromEntries(new URLSearchParams(call.body));
        assert.deepEqual(form, {
          client_id: ZOHO.client_id,
          client_secret: ZOHO.client_secret,
          grant_type: 'authorization_code',
          code: 'CODE-1',
          redirect_uri: REDIRECT,
        });
      },
    );
  });

  test('zoho: the Canadian data centre is zohocloud.ca', async () => {
    await withProxy(
      () => ({ access_token: 'Z-AT', expires_in: 3600 }),
      async (proxy, fetch) => {
        const f = fragmentOf(
          await get(proxy.url, codeQuery('zoho', { location: 'ca', 'accounts-server': 'https://accounts.zohocloud.ca' })),
        );
        assert.equal(f.location, 'ca');
        assert.equal(fetch.calls[0].url, 'https://accounts.zohocloud.ca/oauth/v2/token');
      },
    );
  });

  test('zoho: a redirect without location nor accounts-server is the US data centre', async () => {
    await withProxy(
      () => ({ access_token: 'Z-AT', expires_in: 3600 }),
      async (proxy, fetch) => {
        const f = fragmentOf(await get(proxy.url, codeQuery('zoho')));
        assert.equal(f.location, 'us');
        assert.equal(fetch.calls[0].url, 'https://accounts.zoho.com/oauth/v2/token');
      },
    );
  });

  test('zoho: an expires_in in milliseconds is normalised to seconds', async () => {
    await withProxy(
      () => ({ access_token: 'Z-AT', expires_in: 3600000 }),
      async (proxy) => {
        assert.equal(fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'us' }))).expires_in, '3600');
      },
    );
  });

  test('zoho: expires_in_sec is preferred to expires_in', async () => {
    await withProxy(
      () => ({ access_token: 'Z-AT', expires_in_sec: 3600, expires_in: 3600000 }),
      async (proxy) => {
        assert.equal(fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'us' }))).expires_in, '3600');
      },
    );
  });

  test('the grant URL hello.js puts in state is ignored: the secret only goes to the pinned URL', async () => {
    await withProxy(
      () => ({ access_token: 'AT', expires_in: 3600 }),
      async (proxy, fetch) => {
        const evil = 'https://evil.example/steal';
        for (const network of ['joinme', 'zoho']) {
          const state = helloState(network, { oauth: { version: 2, auth: evil, grant: evil, token: evil }, oauth_proxy: evil });
          const res = await get(proxy.url, codeQuery(network, { state }));
          assert.equal(res.status, 302);
          assert.equal(fragmentOf(res).access_token, 'AT');
        }
        assert.deepEqual(
          fetch.calls.map((c) => c.url),
          [JOINME_TOKEN, 'https://accounts.zoho.com/oauth/v2/token'],
        );
        for (const call of fetch.calls) assert.ok(!call.url.includes('evil'));
      },
    );
  });

  test('a provider error redirect (?error=access_denied) is passed back as an #error fragment', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const state = helloState('zoho');
      const f = fragmentOf(await get(proxy.url, { error: 'access_denied', state, redirect_uri: REDIRECT }));
      assert.equal(f.error, 'access_denied');
      assert.equal(f.state, state);
      assert.equal(fetch.calls.length, 0);
    });
  });
});

describe('zoho data-centre checks (the secret never goes to an unknown host)', { timeout: 30_000 }, () => {
  const refusals = [
    ['foreign accounts-server refused', { 'accounts-server': 'https://accounts.evil.example' }],
    ['look-alike accounts-server refused (suffix)', { 'accounts-server': 'https://accounts.zoho.com.evil.example' }],
    ['look-alike accounts-server refused (userinfo)', { 'accounts-server': 'https://accounts.zoho.com@evil.example' }],
    ['http accounts-server refused', { 'accounts-server': 'http://accounts.zoho.com' }],
    ['accounts-server with another port refused', { 'accounts-server': 'https://accounts.zoho.com:8443' }],
    ['location and accounts-server that disagree refused', { location: 'us', 'accounts-server': 'https://accounts.zoho.eu' }],
    ['unknown location refused', { location: 'xx' }],
    ['repeated accounts-server refused', null],
  ];
  for (const [name, extra] of refusals) {
    test(name, async () => {
      await withProxy(undefined, async (proxy, fetch) => {
        let query;
        if (extra === null) {
          query = new URLSearchParams(codeQuery('zoho'));
          query.append('accounts-server', 'https://accounts.zoho.com');
          query.append('accounts-server', 'https://accounts.evil.example');
        } else query = codeQuery('zoho', extra);
        const res = await get(proxy.url, query);
        assert.equal(res.status, 302);
        const f = fragmentOf(res);
        assert.equal(f.__base, REDIRECT);
        assert.equal(f.error, 'invalid_request');
        assert.ok(f.error_description.length > 10);
        assert.equal(fetch.calls.length, 0, 'nothing was sent anywhere');
      });
    });
  }

  test('a trailing slash on accounts-server is the same server', async () => {
    await withProxy(
      () => ({ access_token: 'AT', expires_in: 3600 }),
      async (proxy, fetch) => {
        const f = fragmentOf(
          await get(proxy.url, codeQuery('zoho', { location: 'au', 'accounts-server': 'https://accounts.zoho.com.au/' })),
        );
        assert.equal(f.location, 'au');
        assert.equal(fetch.calls[0].url, 'https://accounts.zoho.com.au/oauth/v2/token');
      },
    );
  });
});

describe('redirect_uri checks (never redirect to an untrusted page)', { timeout: 30_000 }, () => {
  const bad = [
    ['wrong redirect origin refused', 'https://evil.example/redirect.html'],
    ['redirect origin with another port refused', 'http://localhost:8001/redirect.html'],
    ['redirect origin with another scheme refused', 'https://localhost:8000/redirect.html'],
    ['javascript: redirect_uri refused', 'javascript:alert(1)//localhost:8000'],
    ['relative redirect_uri refused', '/redirect.html'],
    ['redirect_uri with credentials refused', 'http://user:pass@localhost:8000/redirect.html'],
  ];
  for (const [name, redirect] of bad) {
    test(name, async () => {
      await withProxy(undefined, async (proxy, fetch) => {
        const res = await get(
          proxy.url,
          codeQuery('joinme', { redirect_uri: redirect, state: helloState('joinme', { redirect_uri: redirect }) }),
        );
        assert.equal(res.status, 400);
        assert.equal(res.headers.get('location'), null);
        assert.match(res.headers.get('content-type'), /text\/plain/);
        assert.match(await res.text(), /refused/);
        assert.equal(fetch.calls.length, 0);
      });
    });
  }

  test('redirect_uri missing everywhere refused', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const res = await get(proxy.url, { code: 'C', state: JSON.stringify({ network: 'joinme', client_id: JOINME.client_id }) });
      assert.equal(res.status, 400);
      assert.equal(fetch.calls.length, 0);
    });
  });

  test("state's redirect_uri differing from the query's refused", async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const res = await get(proxy.url, codeQuery('joinme', { state: helloState('joinme', { redirect_uri: `${SITE}/other.html` }) }));
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('location'), null);
      assert.equal(fetch.calls.length, 0);
    });
  });

  test("state's redirect_uri is used when the query has none", async () => {
    await withProxy(undefined, async (proxy) => {
      const query = codeQuery('joinme');
      delete query.redirect_uri;
      const res = await get(proxy.url, query);
      assert.equal(res.status, 302);
      assert.equal(fragmentOf(res).__base, REDIRECT);
    });
  });
});

describe('malformed code-exchange input (answered with #error=)', { timeout: 30_000 }, () => {
  const cases = [
    ['malformed state refused', { state: '{not json' }, 'invalid_request'],
    ['state that is not an object refused', { state: '"joinme"' }, 'invalid_request'],
    ['unknown network refused', { state: helloState('joinme', { network: 'facebook' }) }, 'invalid_request'],
    ['client_id of another app refused', { state: helloState('joinme', { client_id: 'someone-else' }) }, 'invalid_request'],
    ['empty code refused', { code: '' }, 'invalid_request'],
  ];
  for (const [name, extra, code] of cases) {
    test(name, async () => {
      await withProxy(undefined, async (proxy, fetch) => {
        const res = await get(proxy.url, codeQuery('joinme', extra));
        assert.equal(res.status, 302);
        const f = fragmentOf(res);
        assert.equal(f.error, code);
        assert.ok(f.error_description);
        assert.equal(fetch.calls.length, 0);
      });
    });
  }

  test('missing state refused', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const f = fragmentOf(await get(proxy.url, { code: 'C', redirect_uri: REDIRECT }));
      assert.equal(f.error, 'invalid_request');
      assert.match(f.error_description, /state/);
      assert.equal(f.state, undefined);
      assert.equal(fetch.calls.length, 0);
    });
  });

  test('a fetch answering garbage is server_error, not a crash', async () => {
    await withProxy(
      () => new Response('not json at all', { status: 200 }),
      async (proxy) => {
        assert.equal(fragmentOf(await get(proxy.url, codeQuery('joinme'))).error, 'server_error');
      },
    );
    const proxy = await startProxy({ fetch: async () => null });
    try {
      assert.equal(fragmentOf(await get(proxy.url, codeQuery('zoho'))).error, 'server_error');
    } finally {
      await proxy.close();
    }
  });

  test('a network the proxy has no client for answers not_supported', async () => {
    const fetch = recordingFetch();
    const proxy = await startProxy({ fetch, zoho: undefined });
    try {
      const f = fragmentOf(await get(proxy.url, codeQuery('zoho')));
      assert.equal(f.error, 'not_supported');
      assert.match(f.error_description, /zoho/);
      assert.equal(fetch.calls.length, 0);
    } finally {
      await proxy.close();
    }
  });

  test('a repeated code refused', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const query = new URLSearchParams(codeQuery('joinme'));
      query.append('code', 'CODE-2');
      const f = fragmentOf(await get(proxy.url, query));
      assert.equal(f.error, 'invalid_request');
      assert.equal(fetch.calls.length, 0);
    });
  });

  test('base64 state (oauth.base64_state) is understood and echoed', async () => {
    await withProxy(undefined, async (proxy) => {
      const state = Buffer.from(helloState('joinme')).toString('base64');
      const f = fragmentOf(await get(proxy.url, codeQuery('joinme', { state })));
      assert.equal(f.access_token, 'AT-1');
      assert.equal(f.state, state);
    });
  });

  test('POST to the code flow answers 405', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const res = await fetch_(proxy.url, codeQuery('joinme'), { method: 'POST' });
      assert.equal(res.status, 405);
      assert.equal(fetch.calls.length, 0);
    });
  });
});

function fetch_(base, params, init) {
  return fetch(`${base}?${new URLSearchParams(params)}`, { redirect: 'manual', ...init });
}

describe('provider errors become hello.js-readable errors', { timeout: 30_000 }, () => {
  const zohoCases = [
    ['zoho 200 {"error":"invalid_client"} names the data centre', { error: 'invalid_client' }, 'invalid_request', /eu data centre/],
    ['zoho 200 {"error":"invalid_code"} on a code is invalid_request', { error: 'invalid_code' }, 'invalid_request', /code/],
    ['zoho 200 {"error":"invalid_redirect_uri"}', { error: 'invalid_redirect_uri' }, 'invalid_request', /redirect_uri/],
    [
      'zoho 200 "Access Denied" throttling is rate_limited',
      { error: 'Access Denied', error_description: 'You have made too many requests continuously. Please try again after some time.' },
      'rate_limited',
      /too many|throttl/i,
    ],
    ['zoho 200 body without an access token is server_error', { api_domain: 'https://www.zohoapis.eu' }, 'server_error', /access token/],
  ];
  for (const [name, answer, code, message] of zohoCases) {
    test(name, async () => {
      await withProxy(
        () => answer,
        async (proxy) => {
          const f = fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'eu' })));
          assert.equal(f.error, code);
          assert.match(f.error_description, message);
          assert.equal(f.access_token, undefined);
        },
      );
    });
  }

  test('zoho {"error":"invalid_code"} on a refresh is invalid_token', async () => {
    await withProxy(
      () => ({ error: 'invalid_code' }),
      async (proxy) => {
        const f = fragmentOf(await get(proxy.url, refreshQuery('zoho', { location: 'eu' })));
        assert.equal(f.error, 'invalid_token');
      },
    );
  });

  test('join.me 400 invalid_authorization_code is invalid_request', async () => {
    await withProxy(
      () => Response.json({ error: 'invalid_authorization_code' }, { status: 400 }),
      async (proxy) => {
        const f = fragmentOf(await get(proxy.url, codeQuery('joinme')));
        assert.equal(f.error, 'invalid_request');
        assert.match(f.error_description, /invalid_authorization_code/);
      },
    );
  });

  test('join.me 500 server_error is server_error (with its ticket)', async () => {
    await withProxy(
      () => Response.json({ error: 'server_error', error_ticket_id: 'T-42', error_description: '' }, { status: 500 }),
      async (proxy) => {
        const f = fragmentOf(await get(proxy.url, codeQuery('joinme')));
        assert.equal(f.error, 'server_error');
        assert.match(f.error_description, /T-42/);
      },
    );
  });

  test('upstream 502 with an HTML body is server_error', async () => {
    await withProxy(
      () => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      async (proxy) => {
        assert.equal(fragmentOf(await get(proxy.url, codeQuery('joinme'))).error, 'server_error');
      },
    );
  });

  test('upstream 429 without a body is rate_limited', async () => {
    await withProxy(
      () => new Response('', { status: 429 }),
      async (proxy) => {
        assert.equal(fragmentOf(await get(proxy.url, codeQuery('zoho'))).error, 'rate_limited');
      },
    );
  });

  test('a fetch that throws is server_error, not a crash', async () => {
    await withProxy(
      () => {
        throw new TypeError('fetch failed');
      },
      async (proxy) => {
        const f = fragmentOf(await get(proxy.url, codeQuery('joinme')));
        assert.equal(f.error, 'server_error');
        assert.match(f.error_description, /could not be reached/);
      },
    );
  });

  test('an oversized token answer is server_error', async () => {
    await withProxy(
      () => new Response(JSON.stringify({ access_token: 'x'.repeat(5000) }), { headers: { 'content-type': 'application/json' } }),
      async (proxy) => {
        const f = fragmentOf(await get(proxy.url, codeQuery('joinme')));
        assert.equal(f.error, 'server_error');
        assert.match(f.error_description, /larger/);
      },
      { maxResponseBytes: 1024 },
    );
  });
});

describe('refresh (hello.js hidden iframe)', { timeout: 30_000 }, () => {
  test('join.me: refresh grant with the secret, and the refresh token is echoed', async () => {
    await withProxy(
      () => ({ access_token: 'JM-AT-2' }),
      async (proxy, fetch) => {
        const query = refreshQuery('joinme');
        const f = fragmentOf(await get(proxy.url, query));
        assert.equal(f.access_token, 'JM-AT-2');
        assert.equal(f.refresh_token, 'RT-OLD');
        assert.equal(f.expires_in, '86400');
        assert.equal(f.state, query.state);
        const [call] = fetch.calls;
        assert.equal(call.url, JOINME_TOKEN);
        assert.deepEqual(JSON.parse(call.body), {
          client_id: JOINME.client_id,
          client_secret: JOINME.client_secret,
          grant_type: 'refresh_token',
          refresh_token: 'RT-OLD',
        });
      },
    );
  });

  test('join.me: a new refresh token from the provider replaces the old one', async () => {
    await withProxy(
      () => ({ access_token: 'JM-AT-2', refresh_token: 'RT-NEW' }),
      async (proxy) => {
        assert.equal(fragmentOf(await get(proxy.url, refreshQuery('joinme'))).refresh_token, 'RT-NEW');
      },
    );
  });

  test('zoho: refresh goes to the data centre named by location, echoes the refresh token and the region', async () => {
    await withProxy(
      () => ({ access_token: 'Z-AT-2', expires_in: 3600000, expires_in_sec: 3600, api_domain: 'https://www.zohoapis.ca' }),
      async (proxy, fetch) => {
        const f = fragmentOf(await get(proxy.url, refreshQuery('zoho', { location: 'ca' })));
        assert.equal(f.access_token, 'Z-AT-2');
        assert.equal(f.refresh_token, 'RT-OLD');
        assert.equal(f.expires_in, '3600');
        assert.equal(f.location, 'ca');
        const [call] = fetch.calls;
        assert.equal(call.url, 'https://accounts.zohocloud.ca/oauth/v2/token');
        const form = Object.fromEntries(new URLSearchParams(call.body));
        assert.equal(form.grant_type, 'refresh_token');
        assert.equal(form.refresh_token, 'RT-OLD');
        assert.equal(form.client_secret, ZOHO.client_secret);
      },
    );
  });

  test('zoho: refresh without location refused', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const f = fragmentOf(await get(proxy.url, refreshQuery('zoho')));
      assert.equal(f.error, 'invalid_request');
      assert.match(f.error_description, /location/);
      assert.equal(fetch.calls.length, 0);
    });
  });

  test('zoho: refresh with a location outside the table refused', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const f = fragmentOf(await get(proxy.url, refreshQuery('zoho', { location: 'evil.example' })));
      assert.equal(f.error, 'invalid_request');
      assert.equal(fetch.calls.length, 0);
    });
  });

  test("refresh with another app's client_id in the query refused", async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const f = fragmentOf(await get(proxy.url, refreshQuery('joinme', { client_id: 'other' })));
      assert.equal(f.error, 'invalid_request');
      assert.equal(fetch.calls.length, 0);
    });
  });
});

describe('provider down or slow: server_error, never a hang', { timeout: 30_000 }, () => {
  let hanging;
  const sockets = new Set();
  before(async () => {
    // Accepts connections and never answers.
    hanging = createServer(() => {});
    hanging.on('connection', (socket) => sockets.add(socket));
    await new Promise((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hanging.close(resolve));
  });

  test('provider down (connection refused) is server_error', async () => {
    // A port that was just free: nothing listens there.
    const probe = await listen(() => {});
    const dead = probe.url.replace(/\/$/, '');
    await probe.close();
    const proxy = await startProxy({
      joinme: { ...JOINME, endpoints: { token: `${dead}/token`, expire: `${dead}/expire`, api: `${dead}/api` } },
    });
    try {
      const started = Date.now();
      const f = fragmentOf(await get(proxy.url, codeQuery('joinme')));
      assert.equal(f.error, 'server_error');
      assert.match(f.error_description, /could not be reached/);
      assert.ok(Date.now() - started < 5000);
    } finally {
      await proxy.close();
    }
  });

  test('provider slow (timeout) is server_error within the timeout', async () => {
    const slow = `http://127.0.0.1:${hanging.address().port}`;
    const proxy = await startProxy({
      timeoutMs: 300,
      joinme: { ...JOINME, endpoints: { token: `${slow}/token`, expire: `${slow}/expire`, api: `${slow}/api` } },
    });
    try {
      const started = Date.now();
      const f = fragmentOf(await get(proxy.url, codeQuery('joinme')));
      const elapsed = Date.now() - started;
      assert.equal(f.error, 'server_error');
      assert.match(f.error_description, /did not answer within 0\.3 s/);
      assert.ok(elapsed >= 250 && elapsed < 3000, `answered after ${elapsed} ms`);
    } finally {
      await proxy.close();
    }
  });

  test('a fetch that ignores its abort signal still times out', async () => {
    const neverFetch = () => new Promise(() => {});
    const proxy = await startProxy({ timeoutMs: 200, fetch: neverFetch });
    try {
      const started = Date.now();
      const f = fragmentOf(await get(proxy.url, codeQuery('zoho', { location: 'eu' })));
      assert.equal(f.error, 'server_error');
      assert.ok(Date.now() - started < 3000);
    } finally {
      await proxy.close();
    }
  });

  test('a body that trickles forever still times out', async () => {
    const trickle = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"access_token":'));
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    const proxy = await startProxy({ timeoutMs: 200, fetch: async () => trickle() });
    try {
      const f = fragmentOf(await get(proxy.url, codeQuery('joinme')));
      assert.equal(f.error, 'server_error');
    } finally {
      await proxy.close();
    }
  });
});

test('the log never receives a secret, a code or a token', { timeout: 30_000 }, async () => {
  const fetch = recordingFetch(() => ({ access_token: 'AT-SECRET-TOKEN', refresh_token: 'RT-SECRET-TOKEN', expires_in: 3600 }));
  const proxy = await startProxy({ fetch });
  try {
    await get(proxy.url, codeQuery('joinme', { code: 'CODE-SECRET' }));
    await get(proxy.url, codeQuery('zoho', { code: 'CODE-SECRET', location: 'eu' }));
    await get(proxy.url, refreshQuery('zoho', { refresh_token: 'RT-SECRET-OLD', location: 'eu' }));
    await get(proxy.url, codeQuery('zoho', { code: 'CODE-SECRET', 'accounts-server': 'https://evil.example' }));
    assert.ok(proxy.events.length >= 4);
    assert.deepEqual(
      leaked(proxy.events, [JOINME.client_secret, ZOHO.client_secret, 'CODE-SECRET', 'AT-SECRET', 'RT-SECRET', 'evil.example']),
      [],
    );
  } finally {
    await proxy.close();
  }
});

test("a sane X-Request-Id is on the request's log events (the log hook for request ids), another is left out", {
  timeout: 30_000,
}, async () => {
  const proxy = await startProxy({ fetch: recordingFetch() });
  try {
    const headers = (id) => (id === undefined ? {} : { headers: { 'x-request-id': id } });
    for (const [params, id] of [
      [codeQuery('joinme'), 'trace-42'],
      [codeQuery('zoho', { location: 'eu' }), 'b3:0af7651916cd43dd/8448eb211c80319c'],
      [{ path: 'https://evil.example/' }, 'req.7'],
      [{ path: 'https://evil.example/' }, 'not sane'],
      [{ path: 'https://evil.example/' }, 'x'.repeat(129)],
      [{ path: 'https://evil.example/' }, undefined],
    ]) {
      const res = await get(proxy.url, params, headers(id));
      await res.arrayBuffer();
    }
    assert.deepEqual(
      proxy.events.map((event) => event.requestId),
      ['trace-42', 'b3:0af7651916cd43dd/8448eb211c80319c', 'req.7', undefined, undefined, undefined],
    );
    assert.ok(proxy.events.every((event) => !('requestId' in event) || typeof event.requestId === 'string'));
  } finally {
    await proxy.close();
  }
});
