// Hostile redirects to the redirect page: `state` missing or altered, a foreign Zoho `accounts-server`,
// `error` parameters and huge fragments. Each must leave no session and give a clear error.
//
// How hello.js 1.21 treats them (src/hello.js, responseHandler): without a `state` it parses the fragment
// and does nothing at all, and a `state` that is not JSON names no network: the popup stays open, nothing is
// stored, and login() settles only when the popup closes (`cancelled`, from its 100 ms popup watcher). A
// JSON `state` naming a network is stored as that network's session *on the redirect page*, before the
// opener's callback (named in the same `state`) is looked up, so the module's check in that callback is the
// only place a forged session can be refused.
//
// Two ways to be hostile: the `/__forge/` authorize endpoint of test/server-mounts.mjs (it answers with the
// fragment passed as the `forge` login option, then the real `&state=`), and, where the `state` itself must
// be missing, altered or followed by a huge fragment, `window.open` replaced for one login so the popup
// lands on the redirect page with a hand-made fragment (what a hostile provider could send).
import { expect } from 'chai';
import { endpoints, hello, JOINME_CLIENT_ID, reset, stored, until } from './helpers.ts';

type State = Record<string, unknown>;
type LoginError = { error: { code: string; message?: string }; network?: string };
type Outcome = { resolved: unknown } | { rejected: LoginError };

const REDIRECT = `${location.origin}/test/browser/redirect.html`;
const FORGE = `${location.origin}/__forge`;

const login = (network: string, options: Record<string, unknown> = {}): Promise<unknown> =>
  (hello(network as 'joinme') as unknown as { login(options: Record<string, unknown>): Promise<unknown> }).login({
    scope: 'basic',
    login_hint: network === 'zoho' ? 'grace@example.com' : 'ada@example.com',
    ...options,
  });

const settle = (promise: Promise<unknown>): Promise<Outcome> =>
  promise.then(
    (resolved) => ({ resolved }),
    (rejected: LoginError) => ({ rejected }),
  );

const encodeState = (state: State): string => encodeURIComponent(JSON.stringify(state));

/**
 * Starts a login whose popup lands on `target(state)` instead of the provider: the authorize URL hello.js
 * builds is read for its `state` (as a provider would), then the popup is opened at the hostile URL.
 */
function hostileLogin(network: string, target: (state: State) => string): { outcome: Promise<Outcome>; popup: () => Window | null } {
  const open = window.open;
  let popup: Window | null = null;
  window.open = ((url?: string | URL, name?: string, features?: string) => {
    const state = JSON.parse(new URL(String(url)).searchParams.get('state') ?? '{}') as State;
    popup = open.call(window, target(state), name, features);
    return popup;
  }) as typeof window.open;
  let started: Promise<unknown>;
  try {
    started = login(network);
  } finally {
    window.open = open;
  }
  return { outcome: settle(started), popup: () => popup };
}

/** Waits until the redirect page in `popup` has run (hello.js and the drop-in loaded), or closed itself. */
async function redirectPageDone(popup: () => Window | null): Promise<'open' | 'closed'> {
  let result: 'open' | 'closed' = 'open';
  await until(() => {
    const page = popup();
    if (!page || page.closed) {
      result = 'closed';
      return true;
    }
    try {
      return page.document.readyState === 'complete' && 'helloMeetings' in page;
    } catch {
      return false; // still on another origin, or navigating
    }
  }, 15000);
  return result;
}

/** The redirect page ignored the response: the popup is still open and nothing is stored; closing it cancels. */
async function expectIgnoredThenCancelled(network: string, started: { outcome: Promise<Outcome>; popup: () => Window | null }) {
  expect(await redirectPageDone(started.popup), 'the redirect page closed the popup').to.equal('open');
  expect(stored(network), 'a session was stored').to.equal(null);
  started.popup()?.close();
  const outcome = await started.outcome;
  expect(outcome).to.have.property('rejected');
  expect((outcome as { rejected: LoginError }).rejected.error.code).to.equal('cancelled');
  expect(stored('joinme')).to.equal(null);
  expect(stored('zoho')).to.equal(null);
}

/** No session of either network holds a token. */
function expectNoSession(): void {
  expect(stored('joinme')?.access_token, 'a join.me session holds a token').to.equal(undefined);
  expect(stored('zoho')?.access_token, 'a Zoho session holds a token').to.equal(undefined);
}

/** The login rejected with a clear error: a code and a non-empty message, both strings, small enough to show. */
function expectClearError(outcome: Outcome, code?: string | RegExp): LoginError['error'] {
  expect(outcome, `login resolved: ${JSON.stringify(outcome).slice(0, 300)}`).to.have.property('rejected');
  const { rejected } = outcome as { rejected: LoginError };
  const shaped = typeof rejected === 'object' && rejected !== null && typeof rejected.error === 'object' && rejected.error !== null;
  expect(shaped, `rejected with something else than { error: { code, message } }: ${JSON.stringify(rejected).slice(0, 300)}`).to.equal(
    true,
  );
  const { error } = rejected;
  expect(error.code).to.be.a('string').and.not.equal('');
  if (typeof code === 'string') expect(error.code).to.equal(code);
  else if (code) expect(error.code).to.match(code);
  expect(error.message, 'the error has no message').to.be.a('string').and.not.equal('');
  expect((error.message ?? '').length).to.be.below(1000);
  return error;
}

/** Points the provider's authorize URL at the forging endpoint and logs in with `fragment`. */
function forgedLogin(network: 'joinme' | 'zoho', fragment: string): Promise<Outcome> {
  if (network === 'joinme') hello.init({ joinme: { oauth: { auth: `${FORGE}/authorize` } } });
  else hello.init({ zoho: { datacentres: { us: { accounts: FORGE } } } });
  return settle(login(network, { forge: encodeURIComponent(fragment) }));
}

describe('hostile redirects', function () {
  this.timeout(30000);
  beforeEach(() => reset());

  describe('state missing or altered', () => {
    it('join.me: a token without state is ignored; closing the popup cancels, no session', async () => {
      await expectIgnoredThenCancelled(
        'joinme',
        hostileLogin('joinme', () => `${REDIRECT}#access_token=forged&expires_in=3600&token_type=Bearer`),
      );
    });

    it('join.me: a code without state is not forwarded to any proxy; closing the popup cancels, no session', async () => {
      await expectIgnoredThenCancelled(
        'joinme',
        hostileLogin('joinme', () => `${REDIRECT}?code=forged-code`),
      );
    });

    it('Zoho: a token with a foreign accounts-server and no state is ignored; closing cancels, no session', async () => {
      await expectIgnoredThenCancelled(
        'zoho',
        hostileLogin(
          'zoho',
          () => `${REDIRECT}#access_token=forged&location=eu&accounts-server=${encodeURIComponent('https://evil.example')}`,
        ),
      );
    });

    it('a state that is not JSON names no login: ignored; closing cancels, no session', async () => {
      await expectIgnoredThenCancelled(
        'joinme',
        hostileLogin('joinme', (state) => `${REDIRECT}#access_token=forged&state=${encodeURIComponent(`${JSON.stringify(state)}garbage`)}`),
      );
    });

    it('a redirect page loaded with no login in progress (login CSRF) leaves no session', async () => {
      // Any page can load the site's redirect page with a token of its choosing and a state naming the network.
      const state = encodeState({ client_id: JOINME_CLIENT_ID, network: 'joinme', display: 'popup', callback: '_hellojs_forged' });
      const frame = document.createElement('iframe');
      frame.src = `${REDIRECT}#access_token=forged&expires_in=86400&state=${state}`;
      document.body.append(frame);
      // hello.js removes the frame once it has stored the response; otherwise wait for the page to have run.
      await until(() => {
        if (!frame.isConnected) return true;
        const page = frame.contentWindow as (Window & { helloMeetings?: unknown }) | null;
        return Boolean(page && 'helloMeetings' in page && page.document.readyState === 'complete');
      }, 15000);
      frame.remove();
      expectNoSession();
    });

    it('a state naming another callback (not this login) leaves no session', async () => {
      const started = hostileLogin(
        'joinme',
        (state) => `${REDIRECT}#access_token=forged&state=${encodeState({ ...state, callback: '_hellojs_forged' })}`,
      );
      await redirectPageDone(started.popup);
      started.popup()?.close();
      const outcome = await started.outcome;
      expect(outcome).to.have.property('rejected');
      expectNoSession();
    });

    it('Zoho: a state naming another callback cannot bring in a foreign accounts-server session', async () => {
      const started = hostileLogin(
        'zoho',
        (state) =>
          `${REDIRECT}#access_token=forged&accounts-server=${encodeURIComponent('https://evil.example')}&state=${encodeState({ ...state, callback: '_hellojs_forged' })}`,
      );
      await redirectPageDone(started.popup);
      started.popup()?.close();
      await started.outcome;
      expectNoSession();
    });

    it('a join.me login answered with a state naming another network is refused, no session', async () => {
      const started = hostileLogin(
        'joinme',
        (state) => `${REDIRECT}#access_token=forged&state=${encodeState({ ...state, network: 'zoho' })}`,
      );
      await redirectPageDone(started.popup);
      started.popup()?.close();
      expectClearError(await started.outcome);
      expectNoSession();
    });
  });

  describe('Zoho: a foreign accounts-server or data centre on the redirect', () => {
    const eu = () => endpoints.zoho.datacentres.eu?.accounts ?? '';
    const cases: Array<[string, () => string]> = [
      ['a look-alike host', () => `location=eu&accounts-server=${encodeURIComponent('https://accounts.zoho.eu.evil.example')}`],
      ['credentials in the URL', () => `accounts-server=${encodeURIComponent('https://accounts.zoho.com@evil.example')}`],
      [
        'the real Zoho EU while the site uses another table',
        () => `location=eu&accounts-server=${encodeURIComponent('https://accounts.zoho.eu')}`,
      ],
      ['a path below the configured accounts server', () => `location=eu&accounts-server=${encodeURIComponent(`${eu()}/evil`)}`],
      ['a javascript: URL', () => `accounts-server=${encodeURIComponent('javascript:alert(1)')}`],
      ['an unknown location', () => 'location=evil'],
      ['a location that disagrees with the accounts server', () => `location=us&accounts-server=${encodeURIComponent(eu())}`],
    ];
    for (const [name, fragment] of cases) {
      it(`${name}: refused with invalid_request, no session`, async () => {
        const outcome = await forgedLogin('zoho', `access_token=forged&expires_in=3600&${fragment()}`);
        const error = expectClearError(outcome, 'invalid_request');
        expect(error.message).to.match(/accounts server|data cent/i);
        expectNoSession();
      });
    }
  });

  describe('error parameters', () => {
    it('error and error_description: rejected with them, no session', async () => {
      const error = expectClearError(
        await forgedLogin('joinme', 'error=access_denied&error_description=The%20user%20denied%20access'),
        'access_denied',
      );
      expect(error.message).to.equal('The user denied access');
      expectNoSession();
    });

    it('an error without a description still gives a message, no session', async () => {
      expectClearError(await forgedLogin('joinme', 'error=server_error'));
      expectNoSession();
    });

    it('an error next to a token: rejected, and the token is not kept', async () => {
      expectClearError(await forgedLogin('joinme', 'access_token=forged&expires_in=3600&error=access_denied&error_description=denied'));
      expectNoSession();
    });

    it('Zoho: an error with a foreign accounts-server is rejected, no session', async () => {
      expectClearError(
        await forgedLogin('zoho', `error=access_denied&error_description=no&accounts-server=${encodeURIComponent('https://evil.example')}`),
      );
      expectNoSession();
    });
  });

  describe('huge fragments', () => {
    it('1.5 MB of fragment without state: ignored; closing cancels, no session', async () => {
      await expectIgnoredThenCancelled(
        'joinme',
        hostileLogin('joinme', () => `${REDIRECT}#access_token=forged&junk=${'x'.repeat(1_500_000)}`),
      );
    });

    it('Zoho: a 6 KB foreign accounts-server is refused with a short message, no session', async () => {
      const outcome = await forgedLogin(
        'zoho',
        `access_token=forged&accounts-server=${encodeURIComponent(`https://evil.example/${'a'.repeat(6000)}`)}`,
      );
      const error = expectClearError(outcome, 'invalid_request');
      expect((error.message ?? '').length).to.be.below(300);
      expectNoSession();
    });

    it('a 512 KB access token with a valid state is refused with a clear error, no session', async () => {
      const started = hostileLogin('joinme', (state) => `${REDIRECT}#access_token=${'x'.repeat(512 * 1024)}&state=${encodeState(state)}`);
      await redirectPageDone(started.popup);
      started.popup()?.close();
      expectClearError(await started.outcome);
      expectNoSession();
    });
  });
});
