// The redirect-page guard (dist/hello.meetings.guard.js before hello.js, or first in hello.meetings.all.js).
// Legitimate logins of both providers, popup, page and silent, implicit and code grant, go through it on
// both kinds of redirect page. Hostile redirects are refused before hello.js reads the URL: a code is never
// forwarded to a proxy the login did not name, `page_uri` and `oauth_redirect` never lead off the site, and
// the refused URL is removed and replaced by a plain message. The "attacker" is the emulator's API host,
// whose request log shows whether anything reached it.
import { expect } from 'chai';
import { REFUSED_MESSAGE } from '../../modules/redirect-guard.ts';
import {
  control,
  emulatorLog,
  emulatorOrigin,
  hello,
  JOINME_CLIENT_ID,
  proxyUrl,
  quiet,
  reset,
  stored,
  until,
  ZOHO_CLIENT_ID,
} from './helpers.ts';

type State = Record<string, unknown>;
type Network = 'joinme' | 'zoho';

const PAGES = {
  'two-tag (guard, hello.js, drop-in)': `${location.origin}/test/browser/redirect.html`,
  'one-tag (hello.meetings.all.js)': `${location.origin}/test/browser/fixtures/redirect-all.html`,
};

/** The attacker's server: a path on the emulator's join.me API host, so the emulator logs any visit. */
const STEAL = `${emulatorOrigin}/__emu/joinme/api/steal`;
const stolen = async () => (await emulatorLog()).filter((entry) => entry.path.startsWith('/steal'));

const HINTS: Record<Network, string> = { joinme: 'ada@example.com', zoho: 'grace@example.com' };
const CLIENTS: Record<Network, string> = { joinme: JOINME_CLIENT_ID, zoho: ZOHO_CLIENT_ID };
const encodeState = (state: State) => encodeURIComponent(JSON.stringify(state));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a redirect page did: whether it is still on this site, its URL, its text. */
interface Visit {
  left: boolean;
  search: string;
  hash: string;
  text: string;
}

/** Waits until the page in `target` has loaded hello.js (or left the site), then a little longer for a navigation to land. */
async function settled(target: () => Window | null): Promise<Visit> {
  const look = (): Visit | undefined => {
    const page = target();
    if (!page || page.closed) return { left: true, search: '', hash: '', text: '' };
    try {
      if (page.location.origin !== location.origin) return { left: true, search: '', hash: '', text: '' };
      if (page.document.readyState !== 'complete' || !('hello' in page)) return undefined;
      return { left: false, search: page.location.search, hash: page.location.hash, text: page.document.body?.textContent ?? '' };
    } catch {
      return { left: true, search: '', hash: '', text: '' }; // another origin
    }
  };
  await until(() => look() !== undefined, 15000);
  const seen = look();
  // Refused: hello.js found nothing to act on. Otherwise a navigation it started lands within this time.
  if (seen?.text.includes(REFUSED_MESSAGE)) return seen;
  await sleep(500);
  return look() ?? { left: true, search: '', hash: '', text: '' };
}

/** Opens `url` in a frame, as an attacker's page can; returns what the page did. */
async function visitInFrame(url: string): Promise<Visit> {
  const frame = document.createElement('iframe');
  frame.src = url;
  document.body.append(frame);
  try {
    return await settled(() => (frame.isConnected ? frame.contentWindow : null));
  } finally {
    frame.remove();
  }
}

/** Opens `url` in a window of its own (the provider's pages refuse to be framed); returns what the page did. */
async function visitInWindow(url: string): Promise<Visit> {
  const page = window.open(url, '_blank', 'width=500,height=600');
  try {
    return await settled(() => page);
  } finally {
    page?.close();
  }
}

function expectRefused(visit: Visit): void {
  expect(visit.left, 'the redirect page navigated away').to.equal(false);
  expect(visit.search, 'the refused query is still in the URL').to.equal('');
  expect(visit.hash, 'the refused fragment is still in the URL').to.equal('');
  expect(visit.text).to.contain(REFUSED_MESSAGE);
}

/**
 * A login whose popup is sent to `target(state)` instead of the provider (the state read off the
 * authorize URL, as a provider or an attacker who sees it would), then what the popup did.
 */
async function hostileLogin(network: Network, options: Record<string, unknown>, target: (state: State) => string) {
  const open = window.open;
  let popup: Window | null = null;
  window.open = ((url?: string | URL, name?: string, features?: string) => {
    const state = JSON.parse(new URL(String(url)).searchParams.get('state') ?? '{}') as State;
    popup = open.call(window, target(state), name, features);
    return popup;
  }) as typeof window.open;
  let started: Promise<unknown>;
  try {
    started = hello.login(network, { scope: 'basic', login_hint: HINTS[network], ...options }, quiet);
  } finally {
    window.open = open;
  }
  const outcome = started.then(
    () => 'resolved',
    () => 'rejected',
  );
  const visit = await settled(() => popup);
  (popup as Window | null)?.close();
  return { visit, outcome: await outcome };
}

/** Logs in with display 'page' in a window of its own (a page login takes the whole window). */
async function pageLogin(network: Network, grant: 'token' | 'code', redirect: string): Promise<void> {
  const params = new URLSearchParams({ network, grant, redirect: new URL(redirect).pathname, hint: HINTS[network] });
  const page = window.open(`/test/browser/fixtures/page-login.html?start&${params}`, '_blank', 'width=500,height=600');
  expect(page, 'the window was not opened').to.not.equal(null);
  try {
    await until(() => {
      try {
        return page?.location.search === '?done' && page.document.readyState === 'complete';
      } catch {
        return false; // at the provider
      }
    }, 20000);
  } finally {
    page?.close();
  }
}

describe('the redirect-page guard', function () {
  this.timeout(60000);
  beforeEach(() => reset());

  for (const [kind, page] of Object.entries(PAGES)) {
    describe(`legitimate logins through a ${kind} redirect page`, () => {
      beforeEach(() => hello.init({}, { redirect_uri: page }));

      for (const network of ['joinme', 'zoho'] as const) {
        for (const grant of ['token', 'code'] as const) {
          const name = grant === 'code' ? 'code grant' : 'implicit grant';

          it(`${network}, ${name}, popup: signed in`, async () => {
            const { authResponse } = await hello.login(
              network,
              { response_type: grant, scope: 'basic', login_hint: HINTS[network] },
              quiet,
            );
            expect(authResponse.access_token).to.be.a('string');
            expect(stored(network)?.access_token).to.equal(authResponse.access_token);
            if (grant === 'code') expect(authResponse.refresh_token).to.be.a('string');
          });

          it(`${network}, ${name}, page: signed in, back on the page that started it`, async () => {
            await pageLogin(network, grant, page);
            expect(stored(network)?.access_token).to.be.a('string');
            if (grant === 'code') expect(stored(network)?.refresh_token).to.be.a('string');
          });
        }

        it(`${network}, code grant, silent renewal through the proxy: a new token`, async () => {
          const { authResponse } = await hello.login(network, { response_type: 'code', scope: 'basic', login_hint: HINTS[network] }, quiet);
          hello.utils.store(network, { ...authResponse, expires: Date.now() / 1000 - 1 });
          void hello.login(network, { display: 'none', force: true }, quiet).catch(quiet);
          await until(() => {
            const session = stored(network);
            return Boolean(session?.access_token && session.access_token !== authResponse.access_token);
          }, 15000);
        });
      }

      it('zoho, implicit grant, silent renewal in a hidden frame: a new token', async () => {
        const { authResponse } = await hello.login('zoho', { scope: 'basic', login_hint: HINTS.zoho }, quiet);
        hello.utils.store('zoho', { ...authResponse, expires: Date.now() / 1000 - 1 });
        void hello.login('zoho', { display: 'none', force: true }, quiet).catch(quiet);
        await until(() => {
          const session = stored('zoho');
          return Boolean(session?.access_token && session.access_token !== authResponse.access_token);
        }, 15000);
      });
    });

    describe(`hostile redirects to a ${kind} redirect page`, () => {
      const forgedState = (network: Network, extra: State = {}): State => ({
        client_id: CLIENTS[network],
        network,
        display: 'popup',
        callback: '_hellojs_forged',
        redirect_uri: page,
        scope: 'basic',
        oauth: { version: 2 },
        oauth_proxy: STEAL,
        ...extra,
      });

      for (const network of ['joinme', 'zoho'] as const) {
        it(`${network}: ?code= with a state naming the attacker's oauth_proxy is not forwarded; the URL is cleared`, async () => {
          const visit = await visitInFrame(`${page}?code=victims-code&state=${encodeState(forgedState(network))}`);
          expect(await stolen(), 'the code reached the attacker').to.deep.equal([]);
          expectRefused(visit);
        });

        it(`${network}: a real login's state with the oauth_proxy swapped is not forwarded`, async () => {
          const { visit, outcome } = await hostileLogin(
            network,
            { response_type: 'code', redirect_uri: page },
            (state) => `${page}?code=victims-code&state=${encodeState({ ...state, oauth_proxy: STEAL })}`,
          );
          expect(await stolen(), 'the code reached the attacker').to.deep.equal([]);
          expectRefused(visit);
          expect(outcome).to.equal('rejected');
          expect(stored(network)).to.equal(null);
        });

        it(`${network}: a token with no nonce of this browser is refused before hello.js stores it`, async () => {
          const visit = await visitInFrame(`${page}#access_token=planted&expires_in=3600&state=${encodeState(forgedState(network))}`);
          expectRefused(visit);
          expect(stored(network)).to.equal(null);
        });

        it(`${network}: a real login answered with a foreign page_uri is refused, no session`, async () => {
          const { visit } = await hostileLogin(
            network,
            { redirect_uri: page },
            (state) => `${page}#access_token=planted&state=${encodeState({ ...state, page_uri: `${STEAL}/page` })}`,
          );
          expect(await stolen()).to.deep.equal([]);
          expectRefused(visit);
          expect(stored(network)).to.equal(null);
        });
      }

      it('#state={"page_uri": <another site>} is not an open redirect', async () => {
        const visit = await visitInFrame(`${page}#state=${encodeState({ page_uri: `${STEAL}/open-redirect` })}`);
        expect(await stolen(), 'the page sent the visitor to another site').to.deep.equal([]);
        expectRefused(visit);
      });

      it('#oauth_redirect=<another site> is not an open redirect', async () => {
        const visit = await visitInFrame(`${page}#oauth_redirect=${encodeURIComponent(encodeURIComponent(`${STEAL}/oauth-redirect`))}`);
        expect(await stolen(), 'the page sent the visitor to another site').to.deep.equal([]);
        expectRefused(visit);
      });

      it('a URL hello.js does nothing with is left alone (no message, URL kept)', async () => {
        const visit = await visitInFrame(`${page}?state=CA&page=2#section`);
        expect(visit.left).to.equal(false);
        expect(visit.search).to.equal('?state=CA&page=2');
        expect(visit.hash).to.equal('#section');
        expect(visit.text).to.not.contain(REFUSED_MESSAGE);
      });
    });
  }

  it('the whole attack of the review, end to end, fails: no code reaches the attacker, so the proxy has nothing to exchange', async () => {
    // The attacker sends the victim (signed in at join.me, consent given) to the provider with the site's
    // client id and redirect page, and a state that names the attacker's proxy. The provider answers with a
    // real code for the victim.
    await control('log', undefined, 'DELETE');
    const page = PAGES['two-tag (guard, hello.js, drop-in)'];
    const state = JSON.stringify({
      client_id: JOINME_CLIENT_ID,
      network: 'joinme',
      callback: '_hellojs_x',
      redirect_uri: page,
      oauth_proxy: STEAL,
    });
    const authorize = new URL((hello.services.joinme as { oauth: { auth: string } }).oauth.auth);
    for (const [key, value] of Object.entries({
      client_id: JOINME_CLIENT_ID,
      response_type: 'code',
      redirect_uri: page,
      scope: 'user_info',
      state,
      login_hint: HINTS.joinme,
    }))
      authorize.searchParams.set(key, value);
    const visit = await visitInWindow(authorize.href);
    expect(await stolen(), 'the code reached the attacker').to.deep.equal([]);
    expectRefused(visit);
    expect(proxyUrl).to.match(/\/proxy$/);
  });
});
