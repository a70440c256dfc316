// API pass-through, CORS and the actions (protocol parts 3 and 4), against an injected fetch.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { get, JOINME, leaked, SITE, withProxy, ZOHO } from './proxy-helpers.mjs';

/** What hello.js sends for `p.proxy = true`. */
function apiQuery(path, method = 'get', then = method === 'get' ? 'redirect' : 'proxy') {
  return { path, access_token: '', then, method, suppress_response_codes: 'true' };
}

describe('API pass-through', { timeout: 30_000 }, () => {
  test('forwards method, Authorization, Content-Type and body to the join.me API, answers status and body', async () => {
    await withProxy(
      () => Response.json({ meetingId: 7, meetingName: 'Standup' }, { status: 201 }),
      async (proxy, fetch) => {
        const res = await get(proxy.url, apiQuery('https://api.join.me/v1/meetings', 'post'), {
          method: 'POST',
          headers: { origin: SITE, authorization: 'Bearer USER-AT', 'content-type': 'application/json', cookie: 'session=1' },
          body: JSON.stringify({ meetingName: 'Standup' }),
        });
        assert.equal(res.status, 201);
        assert.deepEqual(await res.json(), { meetingId: 7, meetingName: 'Standup' });
        assert.match(res.headers.get('content-type'), /application\/json/);
        assert.equal(res.headers.get('access-control-allow-origin'), SITE);
        const [c] = fetch.calls;
        assert.equal(c.url, 'https://api.join.me/v1/meetings');
        assert.equal(c.method, 'POST');
        assert.equal(c.headers.authorization, 'Bearer USER-AT');
        assert.equal(c.headers['content-type'], 'application/json');
        assert.equal(c.headers.cookie, undefined, 'other headers are not forwarded');
        assert.equal(c.body, JSON.stringify({ meetingName: 'Standup' }));
      },
    );
  });

  test('passes the upstream error status, WWW-Authenticate and X-Error-Detail-Header (exposed to CORS)', async () => {
    await withProxy(
      () =>
        new Response('', {
          status: 403,
          headers: { 'www-authenticate': 'Bearer realm="api.join.me", error="invalid_token"', 'x-error-detail-header': 'Account Inactive' },
        }),
      async (proxy) => {
        const res = await get(proxy.url, apiQuery('https://api.join.me/v1/user'), {
          headers: { origin: SITE, authorization: 'Bearer USER-AT' },
        });
        assert.equal(res.status, 403, 'status codes are not suppressed');
        assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="api.join.me", error="invalid_token"');
        assert.equal(res.headers.get('x-error-detail-header'), 'Account Inactive');
        assert.match(res.headers.get('access-control-expose-headers'), /WWW-Authenticate/);
        assert.match(res.headers.get('access-control-expose-headers'), /X-Error-Detail-Header/);
      },
    );
  });

  test('then=redirect is fetched and passed through like then=proxy (no redirect)', async () => {
    await withProxy(
      () => Response.json({ userDetails: { zsoid: 1 } }),
      async (proxy, fetch) => {
        const res = await get(proxy.url, apiQuery('https://meeting.zoho.eu/api/v2/user.json', 'get', 'redirect'), {
          headers: { authorization: 'Zoho-oauthtoken USER-AT' },
        });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('location'), null);
        assert.deepEqual(await res.json(), { userDetails: { zsoid: 1 } });
        assert.equal(fetch.calls[0].url, 'https://meeting.zoho.eu/api/v2/user.json');
        assert.equal(fetch.calls[0].headers.authorization, 'Zoho-oauthtoken USER-AT');
      },
    );
  });

  test('the query of the path and a PUT to a Zoho Meeting host of every region are forwarded', async () => {
    await withProxy(
      () => Response.json({ session: {} }),
      async (proxy, fetch) => {
        for (const host of ['meeting.zoho.com', 'meeting.zohocloud.ca', 'meeting.zoho.com.au', 'meeting.zoho.com.cn']) {
          const res = await get(proxy.url, apiQuery(`https://${host}/api/v2/1/sessions/2.json?x=1&y=2`, 'put'), {
            method: 'PUT',
            headers: { authorization: 'Zoho-oauthtoken T', 'content-type': 'application/json;charset=UTF-8' },
            body: '{"session":{}}',
          });
          assert.equal(res.status, 200);
        }
        assert.deepEqual(
          fetch.calls.map((c) => [c.method, c.url]),
          [
            ['PUT', 'https://meeting.zoho.com/api/v2/1/sessions/2.json?x=1&y=2'],
            ['PUT', 'https://meeting.zohocloud.ca/api/v2/1/sessions/2.json?x=1&y=2'],
            ['PUT', 'https://meeting.zoho.com.au/api/v2/1/sessions/2.json?x=1&y=2'],
            ['PUT', 'https://meeting.zoho.com.cn/api/v2/1/sessions/2.json?x=1&y=2'],
          ],
        );
      },
    );
  });

  test('an access_token query parameter becomes the Authorization header when none is sent', async () => {
    await withProxy(
      () => Response.json({}),
      async (proxy, fetch) => {
        await get(proxy.url, { ...apiQuery('https://api.join.me/v1/user'), access_token: 'Q-AT' });
        await get(proxy.url, { ...apiQuery('https://meeting.zoho.com/api/v2/user.json'), access_token: 'Q-AT' });
        assert.equal(fetch.calls[0].headers.authorization, 'Bearer Q-AT');
        assert.equal(fetch.calls[1].headers.authorization, 'Zoho-oauthtoken Q-AT');
      },
    );
  });

  test('a DELETE answered 204 comes back empty with 204', async () => {
    await withProxy(
      () => new Response(null, { status: 204 }),
      async (proxy, fetch) => {
        const res = await get(proxy.url, apiQuery('https://api.join.me/v1/meetings/7', 'delete'), {
          method: 'DELETE',
          headers: { authorization: 'Bearer T' },
        });
        assert.equal(res.status, 204);
        assert.equal(await res.text(), '');
        assert.equal(fetch.calls[0].method, 'DELETE');
      },
    );
  });

  const refused = [
    ['pass-through to a foreign host refused', 'https://evil.example/v1/user'],
    ['pass-through to a look-alike host refused', 'https://api.join.me.evil.example/v1/user'],
    ['pass-through with userinfo refused', 'https://api.join.me@evil.example/v1/user'],
    ['pass-through over http refused', 'http://api.join.me/v1/user'],
    ['pass-through to another port refused', 'https://api.join.me:8443/v1/user'],
    ['pass-through to the token endpoint refused', 'https://secure.join.me/api/public/v1/auth/token'],
    ['pass-through to a Zoho accounts server refused', 'https://accounts.zoho.com/oauth/v2/token'],
    ['pass-through to a Zoho host outside the table refused', 'https://meeting.zoho.xyz/api/v2/user.json'],
    ['pass-through to a relative path refused', '/v1/user'],
    ['pass-through to a file: URL refused', 'file:///etc/passwd'],
  ];
  for (const [name, path] of refused) {
    test(name, async () => {
      await withProxy(undefined, async (proxy, fetch) => {
        const res = await get(proxy.url, apiQuery(path), { headers: { origin: SITE, authorization: 'Bearer T' } });
        assert.equal(res.status, 400);
        const body = await res.json();
        assert.equal(body.error.code, 'invalid_request');
        assert.equal(res.headers.get('access-control-allow-origin'), SITE, 'the page can read the refusal');
        assert.equal(fetch.calls.length, 0);
      });
    });
  }

  test('pass-through with an unsupported method refused', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const res = await get(proxy.url, apiQuery('https://api.join.me/v1/user', 'trace'));
      assert.equal(res.status, 405);
      assert.equal(fetch.calls.length, 0);
    });
  });

  test('pass-through ../ cannot climb out of an API prefix', async () => {
    const emu = 'http://127.0.0.1:9/__emu';
    await withProxy(
      () => Response.json({}),
      async (proxy, fetch) => {
        const res = await get(proxy.url, apiQuery(`${emu}/joinme/api/../secure/api/public/v1/auth/token`));
        assert.equal(res.status, 400);
        const ok = await get(proxy.url, apiQuery(`${emu}/joinme/api/v1/user`));
        assert.equal(ok.status, 200);
        assert.deepEqual(
          fetch.calls.map((c) => c.url),
          [`${emu}/joinme/api/v1/user`],
        );
      },
      {
        joinme: {
          ...JOINME,
          endpoints: { token: `${emu}/joinme/secure/token`, expire: `${emu}/joinme/secure/expire`, api: `${emu}/joinme/api` },
        },
      },
    );
  });

  test('pass-through upstream down is a JSON server_error 502', async () => {
    await withProxy(
      () => {
        throw new TypeError('fetch failed');
      },
      async (proxy) => {
        const res = await get(proxy.url, apiQuery('https://api.join.me/v1/user'), { headers: { origin: SITE } });
        assert.equal(res.status, 502);
        assert.equal((await res.json()).error.code, 'server_error');
        assert.equal(res.headers.get('access-control-allow-origin'), SITE);
      },
    );
  });

  test('pass-through oversized upstream answer is server_error', async () => {
    await withProxy(
      () => new Response('x'.repeat(10_000)),
      async (proxy) => {
        const res = await get(proxy.url, apiQuery('https://api.join.me/v1/meetings'));
        assert.equal(res.status, 502);
        assert.equal((await res.json()).error.code, 'server_error');
      },
      { maxResponseBytes: 4096 },
    );
  });

  test('oversized body answers 413 (pass-through)', async () => {
    await withProxy(
      undefined,
      async (proxy, fetch) => {
        const res = await get(proxy.url, apiQuery('https://api.join.me/v1/meetings', 'post'), {
          method: 'POST',
          headers: { origin: SITE, 'content-type': 'application/json' },
          body: JSON.stringify({ meetingName: 'x'.repeat(2000) }),
        });
        assert.equal(res.status, 413);
        assert.equal((await res.json()).error.code, 'invalid_request');
        assert.equal(fetch.calls.length, 0);
      },
      { maxBodyBytes: 1024 },
    );
  });

  test('oversized chunked body (no Content-Length) answers 413', async () => {
    await withProxy(
      undefined,
      async (proxy, fetch) => {
        const chunks = new ReadableStream({
          start(controller) {
            for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(500)));
            controller.close();
          },
        });
        const res = await get(proxy.url, apiQuery('https://api.join.me/v1/meetings', 'post'), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: chunks,
          duplex: 'half',
        });
        assert.equal(res.status, 413);
        assert.equal(fetch.calls.length, 0);
      },
      { maxBodyBytes: 1024 },
    );
  });
});

describe('CORS', { timeout: 30_000 }, () => {
  test('CORS preflight from an allowed origin', async () => {
    await withProxy(undefined, async (proxy) => {
      const res = await get(proxy.url, apiQuery('https://api.join.me/v1/meetings', 'post'), {
        method: 'OPTIONS',
        headers: { origin: SITE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers.get('access-control-allow-origin'), SITE);
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
        assert.match(res.headers.get('access-control-allow-methods'), new RegExp(method));
      assert.match(res.headers.get('access-control-allow-headers'), /Authorization/);
      assert.match(res.headers.get('access-control-allow-headers'), /Content-Type/);
      assert.match(res.headers.get('vary'), /Origin/);
    });
  });

  test('CORS preflight from another origin refused', async () => {
    await withProxy(undefined, async (proxy) => {
      const res = await get(
        proxy.url,
        { action: 'revoke' },
        { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } },
      );
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
    });
  });

  test('pass-through from a disallowed origin refused without CORS headers', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const res = await get(proxy.url, apiQuery('https://api.join.me/v1/user'), {
        headers: { origin: 'https://evil.example', authorization: 'Bearer T' },
      });
      assert.equal(res.status, 403);
      assert.equal(res.headers.get('access-control-allow-origin'), null);
      assert.equal(fetch.calls.length, 0);
    });
  });

  test('corsOrigins replaces redirectOrigins for the pass-through', async () => {
    await withProxy(
      () => Response.json({}),
      async (proxy) => {
        const other = await get(proxy.url, apiQuery('https://api.join.me/v1/user'), { headers: { origin: SITE } });
        assert.equal(other.status, 403);
        const allowed = await get(proxy.url, apiQuery('https://api.join.me/v1/user'), { headers: { origin: 'https://app.example.com' } });
        assert.equal(allowed.status, 200);
        assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example.com');
      },
      { corsOrigins: ['https://app.example.com'] },
    );
  });

  test('a same-origin request (Origin equals the Host) needs no CORS entry', async () => {
    await withProxy(
      () => Response.json({}),
      async (proxy) => {
        const origin = proxy.url.replace(/\/$/, '');
        const res = await get(proxy.url, apiQuery('https://api.join.me/v1/user'), { headers: { origin } });
        assert.equal(res.status, 200);
      },
    );
  });
});

describe('actions', { timeout: 30_000 }, () => {
  test('expire_access: posts token, client id and secret to the pinned URL; "true" becomes true', async () => {
    await withProxy(
      () => ({ success: 'true', message: 'Access Token Expired' }),
      async (proxy, fetch) => {
        const res = await get(
          proxy.url,
          { action: 'expire_access', network: 'joinme' },
          { method: 'POST', headers: { origin: SITE, authorization: 'Bearer USER-AT' } },
        );
        assert.equal(res.status, 200);
        assert.deepEqual(await res.json(), { success: true, message: 'Access Token Expired' });
        assert.equal(res.headers.get('access-control-allow-origin'), SITE);
        const [c] = fetch.calls;
        assert.equal(c.url, 'https://secure.join.me/api/public/v1/auth/expireaccess');
        assert.equal(c.method, 'POST');
        assert.deepEqual(JSON.parse(c.body), { access_token: 'USER-AT', client_id: JOINME.client_id, client_secret: JOINME.client_secret });
      },
    );
  });

  test('expire_access: {"success":false} is an error with a fitting status', async () => {
    await withProxy(
      () => ({ success: false, message: 'Expire Access Failed' }),
      async (proxy) => {
        const res = await get(
          proxy.url,
          { action: 'expire_access', network: 'joinme' },
          { method: 'POST', headers: { authorization: 'Bearer USER-AT' } },
        );
        assert.equal(res.status, 400);
        const body = await res.json();
        assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'status']);
        assert.equal(body.error.code, 'invalid_request');
        assert.equal(body.error.status, 400);
        assert.match(body.error.message, /Expire Access Failed/);
      },
    );
  });

  test('expire_access: join.me 401 is invalid_token', async () => {
    await withProxy(
      () => Response.json({ Message: 'Unauthorized' }, { status: 401 }),
      async (proxy) => {
        const res = await get(proxy.url, { action: 'expire_access' }, { method: 'POST', headers: { authorization: 'Bearer USER-AT' } });
        assert.equal(res.status, 401);
        assert.equal((await res.json()).error.code, 'invalid_token');
      },
    );
  });

  test('expire_access without a Bearer token refused', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const res = await get(proxy.url, { action: 'expire_access', network: 'joinme' }, { method: 'POST' });
      assert.equal(res.status, 401);
      assert.equal((await res.json()).error.code, 'invalid_token');
      assert.equal(fetch.calls.length, 0);
    });
  });

  test('expire_access with GET refused (405)', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const res = await get(proxy.url, { action: 'expire_access', network: 'joinme' }, { headers: { authorization: 'Bearer T' } });
      assert.equal(res.status, 405);
      assert.equal(fetch.calls.length, 0);
    });
  });

  test('expire_access for zoho refused as not_supported', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const res = await get(
        proxy.url,
        { action: 'expire_access', network: 'zoho' },
        { method: 'POST', headers: { authorization: 'Bearer T' } },
      );
      assert.equal(res.status, 400);
      assert.equal((await res.json()).error.code, 'not_supported');
      assert.equal(fetch.calls.length, 0);
    });
  });

  test('expire_access: join.me down is server_error 502', async () => {
    await withProxy(
      () => {
        throw new TypeError('fetch failed');
      },
      async (proxy) => {
        const res = await get(proxy.url, { action: 'expire_access' }, { method: 'POST', headers: { authorization: 'Bearer T' } });
        assert.equal(res.status, 502);
        assert.equal((await res.json()).error.code, 'server_error');
      },
    );
  });

  test('revoke: posts the refresh token to {accounts}/oauth/v2/token/revoke of the region', async () => {
    await withProxy(
      () => ({ status: 'success' }),
      async (proxy, fetch) => {
        const res = await get(
          proxy.url,
          { action: 'revoke', network: 'zoho', location: 'eu' },
          {
            method: 'POST',
            headers: { origin: SITE, 'content-type': 'application/json' },
            body: JSON.stringify({ token: '1000.RT.x' }),
          },
        );
        assert.equal(res.status, 200);
        assert.deepEqual(await res.json(), { success: true });
        const [c] = fetch.calls;
        assert.equal(c.url, 'https://accounts.zoho.eu/oauth/v2/token/revoke?token=1000.RT.x');
        assert.equal(c.method, 'POST');
        assert.ok(!JSON.stringify(c).includes(ZOHO.client_secret), 'revoke needs no secret: none is sent');
      },
    );
  });

  test('revoke: a form body token=… works too', async () => {
    await withProxy(
      () => ({ status: 'success' }),
      async (proxy, fetch) => {
        const res = await get(
          proxy.url,
          { action: 'revoke', location: 'ca' },
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: 'token=RT%2B1',
          },
        );
        assert.equal(res.status, 200);
        assert.equal(fetch.calls[0].url, 'https://accounts.zohocloud.ca/oauth/v2/token/revoke?token=RT%2B1');
      },
    );
  });

  test('revoke: Zoho 400 for an unknown token is invalid_token', async () => {
    await withProxy(
      () => new Response('', { status: 400 }),
      async (proxy) => {
        const res = await get(
          proxy.url,
          { action: 'revoke', network: 'zoho', location: 'us' },
          { method: 'POST', body: '{"token":"gone"}' },
        );
        assert.equal(res.status, 401);
        assert.equal((await res.json()).error.code, 'invalid_token');
      },
    );
  });

  test('revoke: Zoho 200 "Access Denied" throttling is rate_limited', async () => {
    await withProxy(
      () => ({ error: 'Access Denied', error_description: 'You have made too many requests continuously.' }),
      async (proxy) => {
        const res = await get(proxy.url, { action: 'revoke', location: 'us' }, { method: 'POST', body: '{"token":"t"}' });
        assert.equal(res.status, 429);
        assert.equal((await res.json()).error.code, 'rate_limited');
      },
    );
  });

  const revokeRefusals = [
    ['revoke without location refused', { action: 'revoke', network: 'zoho' }, '{"token":"t"}'],
    ['revoke with a location outside the table refused', { action: 'revoke', network: 'zoho', location: 'evil' }, '{"token":"t"}'],
    ['revoke without a token refused', { action: 'revoke', network: 'zoho', location: 'us' }, '{}'],
    ['revoke with a non-JSON body refused', { action: 'revoke', network: 'zoho', location: 'us' }, 'token'],
    ['revoke for join.me refused as not_supported', { action: 'revoke', network: 'joinme', location: 'us' }, '{"token":"t"}'],
    ['unknown action refused', { action: 'delete_everything', network: 'zoho' }, '{}'],
  ];
  for (const [name, params, body] of revokeRefusals) {
    test(name, async () => {
      await withProxy(undefined, async (proxy, fetch) => {
        const res = await get(proxy.url, params, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        assert.equal(res.status, 400);
        const answer = await res.json();
        assert.ok(['invalid_request', 'not_supported'].includes(answer.error.code));
        assert.equal(answer.error.status, 400);
        assert.equal(fetch.calls.length, 0);
      });
    });
  }

  test('oversized body answers 413 (revoke)', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const res = await get(
        proxy.url,
        { action: 'revoke', network: 'zoho', location: 'us' },
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: 'x'.repeat(100_000) }),
        },
      );
      assert.equal(res.status, 413);
      assert.equal(fetch.calls.length, 0);
    });
  });

  test('actions from a disallowed origin refused', async () => {
    await withProxy(undefined, async (proxy, fetch) => {
      const res = await get(
        proxy.url,
        { action: 'expire_access' },
        { method: 'POST', headers: { origin: 'https://evil.example', authorization: 'Bearer T' } },
      );
      assert.equal(res.status, 403);
      assert.equal(fetch.calls.length, 0);
    });
  });

  test('the log of API calls and actions holds no token or secret', async () => {
    await withProxy(
      () => ({ success: true, message: 'ok', status: 'success' }),
      async (proxy) => {
        await get(proxy.url, { action: 'expire_access' }, { method: 'POST', headers: { authorization: 'Bearer AT-SECRET-1' } });
        await get(proxy.url, { action: 'revoke', location: 'eu' }, { method: 'POST', body: '{"token":"RT-SECRET-2"}' });
        await get(proxy.url, { ...apiQuery('https://api.join.me/v1/user?access_token=AT-SECRET-3'), access_token: 'AT-SECRET-4' });
        assert.equal(proxy.events.length, 3);
        assert.deepEqual(leaked(proxy.events, ['SECRET']), []);
      },
    );
  });
});
