// hello.js's settings default oauth_proxy to a third party (auth-server.herokuapp.com). Every path of the
// modules that would use a proxy (code grant, renewal with a refresh token, expire access, revoke,
// proxy_api) must count that default as "not configured": fail at once with invalid_request, send nothing.
// A proxy given only to login() is the one that login's renewals, expire access and revoke use.
import { expect } from 'chai';
import type { Session } from '../../modules/types.ts';
import { control, emulatorLog, hello, proxyUrl, quiet, reset, stored, until } from './helpers.ts';

const DEFAULT_PROXY = 'https://auth-server.herokuapp.com/proxy';
const DEFAULT_HOST = 'auth-server.herokuapp.com';

/**
 * Everything the page asks for while a test runs: window.open, XHR, fetch, and the URL of every frame,
 * script, image, link or form put in the document (hello.js's renewal and logout use hidden frames).
 */
function watchRequests(): { urls: string[]; opened: string[]; stop(): void } {
  const urls: string[] = [];
  const opened: string[] = [];
  const open = window.open;
  const fetch = window.fetch;
  const xhrOpen = XMLHttpRequest.prototype.open;
  window.open = ((url?: string | URL, ...rest: [string?, string?]) => {
    opened.push(String(url));
    urls.push(String(url));
    return open.call(window, url, ...rest);
  }) as typeof window.open;
  window.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return fetch.call(window, input, init);
  }) as typeof window.fetch;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    urls.push(String(url));
    return (xhrOpen as (...args: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof xhrOpen;
  const seen = (node: Node) => {
    if (!(node instanceof Element)) return;
    for (const name of ['src', 'href', 'action']) {
      const value = node.getAttribute(name);
      if (value) urls.push(value);
    }
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') seen(record.target);
      for (const node of Array.from(record.addedNodes)) seen(node);
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['src', 'href', 'action'] });
  return {
    urls,
    opened,
    stop() {
      observer.disconnect();
      window.open = open;
      window.fetch = fetch;
      XMLHttpRequest.prototype.open = xhrOpen;
    },
  };
}

const toDefaultHost = (urls: string[]) => urls.filter((url) => url.includes(DEFAULT_HOST));

/** The promise settled within `ms`, or 'pending' (a login that went ahead never settles here). */
function within<T>(promise: Promise<T>, ms = 4000): Promise<{ value: T } | { error: unknown } | 'pending'> {
  return Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms)),
  ]);
}

function expectProxyMissing(outcome: { value: unknown } | { error: unknown } | 'pending'): void {
  expect(outcome, 'the call went ahead instead of failing at once').to.not.equal('pending');
  expect(outcome, 'the call succeeded').to.have.property('error');
  const { error } = outcome as { error: { error: { code: string; message: string } } };
  expect(error.error.code).to.equal('invalid_request');
  expect(error.error.message).to.match(/oauth_proxy/);
}

describe("hello.js's default oauth_proxy counts as not configured", function () {
  this.timeout(30000);
  let watch: ReturnType<typeof watchRequests> | undefined;
  const popups: Window[] = [];

  beforeEach(async () => {
    await reset();
    // What a site that never set oauth_proxy has: hello.js's own default.
    hello.init({}, { oauth_proxy: DEFAULT_PROXY });
    expect(hello.settings.oauth_proxy).to.equal(DEFAULT_PROXY);
  });

  afterEach(() => {
    watch?.stop();
    watch = undefined;
    for (const popup of popups.splice(0)) popup.close();
  });

  /** Starts watching (and keeps any popup opened, to close it after the test). */
  function startWatching() {
    watch = watchRequests();
    const open = window.open;
    window.open = ((...args: Parameters<typeof window.open>) => {
      const popup = open(...args);
      if (popup) popups.push(popup);
      return popup;
    }) as typeof window.open;
    const stop = watch.stop;
    watch.stop = () => {
      stop();
      window.open = open;
    };
    return watch;
  }

  for (const network of ['joinme', 'zoho'] as const) {
    const hint = network === 'zoho' ? 'grace@example.com' : 'ada@example.com';

    it(`${network}: a code-grant login fails at once with invalid_request; nothing is opened or sent`, async () => {
      const requests = startWatching();
      const outcome = await within(hello.login(network, { response_type: 'code', scope: 'basic', login_hint: hint }, quiet));
      expectProxyMissing(outcome);
      expect(requests.opened, 'a popup was opened').to.deep.equal([]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(toDefaultHost(requests.urls)).to.deep.equal([]);
      expect(requests.urls.filter((url) => !url.startsWith('about:blank'))).to.deep.equal([]);
      expect(document.querySelectorAll('iframe[src^="about:blank"]').length, 'a frame was left behind').to.equal(0);
    });

    it(`${network}: a renewal with a refresh token goes to the proxy the login named, never to the default`, async () => {
      // The proxy given to login() only, as a site may do; the settings keep hello.js's default.
      const { authResponse } = await hello.login(
        network,
        {
          response_type: 'code',
          scope: 'basic',
          login_hint: hint,
          oauth_proxy: proxyUrl,
        },
        quiet,
      );
      expect(authResponse.refresh_token).to.be.a('string');
      const requests = startWatching();
      hello.utils.store(network, { ...authResponse, expires: Date.now() / 1000 - 1 });
      void hello.login(network, { display: 'none', force: true }, quiet).catch(quiet);
      await until(() => {
        const session = stored(network);
        return Boolean(session?.access_token && session.access_token !== authResponse.access_token);
      }, 15000);
      expect(toDefaultHost(requests.urls)).to.deep.equal([]);
      expect(requests.urls.some((url) => url.startsWith(proxyUrl))).to.equal(true);
    });

    it(`${network}: a renewal with a refresh token and no proxy anywhere fails with invalid_request, sends nothing`, async () => {
      const { authResponse } = await hello.login(
        network,
        {
          response_type: 'code',
          scope: 'basic',
          login_hint: hint,
          oauth_proxy: proxyUrl,
        },
        quiet,
      );
      // A login record that names no proxy (as a login before this version wrote it).
      localStorage.setItem('hellojs_meetings_nonces', JSON.stringify({ [network]: [{ nonce: authResponse.nonce, callback: 'x' }] }));
      const requests = startWatching();
      hello.utils.store(network, { ...authResponse, expires: Date.now() / 1000 - 1 });
      const outcome = await within(hello.login(network, { display: 'none', force: true }, quiet));
      expectProxyMissing(outcome);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(toDefaultHost(requests.urls)).to.deep.equal([]);
      expect(requests.urls.filter((url) => !url.startsWith('about:blank'))).to.deep.equal([]);
    });
  }

  it('join.me: expire access of an implicit session fails with invalid_request; no Bearer token is sent', async () => {
    await hello.login('joinme', { scope: 'basic', login_hint: 'ada@example.com' }, quiet);
    const requests = startWatching();
    const outcome = await within(hello.api({ path: 'joinme:auth/expire', method: 'post', callback: quiet }));
    expectProxyMissing(outcome);
    expect(requests.urls).to.deep.equal([]);
    expect(stored('joinme')?.access_token).to.be.a('string');
  });

  it('join.me: expire access goes to the proxy the login named when the settings have none', async () => {
    await hello.login('joinme', { response_type: 'code', scope: 'basic', login_hint: 'ada@example.com', oauth_proxy: proxyUrl }, quiet);
    const requests = startWatching();
    const answer = await hello.api({ path: 'joinme:auth/expire', method: 'post', callback: quiet });
    expect(answer).to.include({ success: true });
    expect(toDefaultHost(requests.urls)).to.deep.equal([]);
    expect(requests.urls.some((url) => url.startsWith(`${proxyUrl}?`))).to.equal(true);
  });

  it('Zoho: proxy_api with no proxy configured fails with invalid_request; no call is sent', async () => {
    await hello.login('zoho', { scope: 'basic', login_hint: 'grace@example.com' }, quiet);
    (hello.services.zoho as { proxy_api?: boolean }).proxy_api = true;
    const requests = startWatching();
    const outcome = await within(hello.api({ path: 'zoho:me', callback: quiet }));
    expectProxyMissing(outcome);
    expect(requests.urls).to.deep.equal([]);
  });

  it('Zoho: logout with force revokes at the proxy the login named, never at the default', async () => {
    await hello.login('zoho', { response_type: 'code', scope: 'basic', login_hint: 'grace@example.com', oauth_proxy: proxyUrl }, quiet);
    await control('log', undefined, 'DELETE');
    const requests = startWatching();
    const answer = (await hello.logout('zoho', { force: true })) as Session;
    expect(answer.force).to.equal(true);
    expect(toDefaultHost(requests.urls)).to.deep.equal([]);
    expect((await emulatorLog()).some((entry) => entry.host === 'accounts' && entry.path.includes('revoke'))).to.equal(true);
    expect(stored('zoho')).to.equal(null);
  });

  it('Zoho: logout with force and no proxy anywhere signs out here, says why, and sends the refresh token nowhere', async () => {
    const { authResponse } = await hello.login(
      'zoho',
      { response_type: 'code', scope: 'basic', login_hint: 'grace@example.com', oauth_proxy: proxyUrl },
      quiet,
    );
    // A login record that names no proxy (as a login before this version wrote it).
    const session = { ...authResponse };
    localStorage.setItem('hellojs_meetings_nonces', JSON.stringify({ zoho: [{ nonce: session.nonce, callback: 'x' }] }));
    hello.utils.store('zoho', session);
    const requests = startWatching();
    const answer = (await hello.logout('zoho', { force: true })) as Session & { error?: { code: string; message: string } };
    expect(answer.force).to.equal(false);
    expect(answer.error?.code).to.equal('invalid_request');
    expect(answer.error?.message).to.match(/oauth_proxy/);
    expect(requests.urls).to.deep.equal([]);
    expect(stored('zoho')).to.equal(null);
  });

  it('the API calls with an explicit proxy of their own still work (only the default is refused)', async () => {
    await hello.login('joinme', { scope: 'basic', login_hint: 'ada@example.com' }, quiet);
    const answer = await hello.api({ path: 'joinme:auth/expire', method: 'post', oauth_proxy: proxyUrl, callback: quiet });
    expect(answer).to.include({ success: true });
  });

  it('a code-grant login fails the same way when oauth_proxy is a variant of the default URL', async () => {
    const requests = startWatching();
    const outcome = await within(
      hello.login('zoho', { response_type: 'code', scope: 'basic', oauth_proxy: 'https://AUTH-SERVER.herokuapp.com/proxy/' }, quiet),
    );
    expectProxyMissing(outcome);
    expect(requests.opened).to.deep.equal([]);
  });

  it('after a refused login, the next login of the same module works (its settings are put back)', async () => {
    await within(hello.login('joinme', { response_type: 'code', scope: 'basic' }, quiet));
    const { authResponse } = await hello.login('joinme', { scope: 'basic', login_hint: 'ada@example.com' }, quiet);
    expect(authResponse.access_token).to.be.a('string');
    expect((hello.services.joinme as { oauth: { auth: string } }).oauth.auth).to.match(/^http/);
  });
});
