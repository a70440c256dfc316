// Session guards (modules/session.ts): lifetimes, the login nonce, the trust checks on every read and the
// wrapped redirect callback, on a stand-in hello whose store is a Map.
import { expect } from 'chai';
import { setHello } from '../../modules/request.ts';
import { checkSessionsOnRead, guarded, guardLogin, untrustedSession, withLifetime } from '../../modules/session.ts';
import type { HelloLike, LoginRequest, Session } from '../../modules/types.ts';

/** A stand-in for the parts of hello.js the guards use. */
function fakeHello(sessions: Map<string, Session> = new Map()) {
  const writes: Array<[string, Session | null]> = [];
  const store = ((name: string, value?: Session | null) => {
    if (value === undefined) return sessions.get(name) ?? null;
    writes.push([name, value]);
    if (value === null) sessions.delete(name);
    else sessions.set(name, value);
    return value;
  }) as HelloLike['utils']['store'];
  const hello = Object.assign(() => undefined, {
    services: {},
    settings: {},
    utils: { store, extend: Object.assign },
    init: () => undefined,
    on: () => undefined,
    emit: () => undefined,
    getAuthResponse: (name?: string) => sessions.get(name ?? '') ?? null,
    login: () => Promise.resolve(),
  }) as unknown as HelloLike;
  return { hello, sessions, writes };
}

let callbackCount = 0;

/** Starts a login as hello.js would (its callback on window), through `guardLogin`; returns what it set up. */
function startLogin(network: string, options: LoginRequest['options'] = { popup: {} }) {
  const callback = `_hellojs_test_${++callbackCount}`;
  const received: unknown[] = [];
  (globalThis as unknown as Record<string, unknown>)[callback] = (response: unknown) => received.push(response);
  const p: LoginRequest = {
    network,
    // An implicit login: a code grant would need a configured oauth_proxy (refused here without one).
    qs: { response_type: 'token', state: { client_id: 'id', network, callback, redirect_uri: 'r', scope: 'basic' } },
    options,
  };
  guardLogin(p, (session) => ({ ...session, checked: true }));
  const nonce = p.qs.state.nonce as string;
  const answer = (session: Record<string, unknown>) =>
    (globalThis as unknown as Record<string, (value: unknown) => void>)[callback]?.(session);
  return { p, nonce, callback, received, answer };
}

beforeEach(() => {
  localStorage.clear();
  setHello(fakeHello().hello);
});

describe('session: withLifetime', () => {
  it('recomputes expires from the real lifetime, keeping the moment hello.js stored the session', () => {
    // hello.js stored expires = issued + one year when the answer had no expires_in.
    const fixed = withLifetime({ access_token: 't', expires: 1000 + 31536000 }, 3600, 5000);
    expect(fixed).to.include({ expires_in: 3600, expires: 1000 + 3600 });
    const fromSeconds = withLifetime({ access_token: 't', expires_in: 3600000, expires: 1000 + 3600000 }, 3600);
    expect(fromSeconds).to.include({ expires_in: 3600, expires: 1000 + 3600 });
  });

  it('returns a fixed session unchanged (the same object)', () => {
    const session = { access_token: 't', expires_in: 3600, expires: 4600 };
    expect(withLifetime(session, 3600)).to.equal(session);
  });

  it('dates a session without expires from now', () => {
    expect(withLifetime({ access_token: 't' }, 60, 10_000)).to.include({ expires_in: 60, expires: 10_060 });
  });
});

describe('session: untrustedSession and the login nonce', () => {
  it('accepts the answer to a login this browser started, and only for that network', () => {
    const { nonce, callback } = startLogin('joinme');
    expect(nonce).to.match(/^[0-9a-f]{32}$/);
    expect(untrustedSession('joinme', { network: 'joinme', access_token: 'tok', nonce })).to.equal(undefined);
    expect(untrustedSession('joinme', { network: 'joinme', access_token: 'tok', nonce, callback })).to.equal(undefined);
    expect(untrustedSession('zoho', { network: 'zoho', access_token: 'tok', nonce })?.error.code).to.equal('invalid_request');
  });

  it('refuses a session with no nonce, an unknown one, or another login’s callback', () => {
    const { nonce } = startLogin('joinme');
    for (const session of [
      { network: 'joinme', access_token: 'tok' },
      { network: 'joinme', access_token: 'tok', nonce: 'f'.repeat(32) },
      { network: 'joinme', access_token: 'tok', nonce, callback: '_hellojs_other' },
    ]) {
      expect(untrustedSession('joinme', session)?.error, JSON.stringify(session)).to.deep.equal({
        code: 'invalid_request',
        message: 'Ignored a login answer this page did not request (unknown state).',
      });
    }
  });

  it('refuses another network’s answer and unusable tokens', () => {
    const { nonce } = startLogin('joinme');
    expect(untrustedSession('joinme', { network: 'zoho', access_token: 'tok', nonce })?.error.message).to.contain('another network (zoho)');
    for (const access_token of [undefined, '', 'has space', 'x'.repeat(2049), 5]) {
      expect(untrustedSession('joinme', { network: 'joinme', access_token, nonce } as Session)?.error.code, String(access_token)).to.equal(
        'invalid_request',
      );
    }
  });

  it('turns an error answer into the stable shape', () => {
    expect(untrustedSession('joinme', { error: 'access_denied', error_description: 'User said no' })?.error).to.deep.equal({
      code: 'access_denied',
      message: 'User said no',
    });
    expect(untrustedSession('joinme', { error: { code: 'weird', message: '' } })?.error).to.deep.equal({
      code: 'access_denied',
      message: 'The provider refused the login (weird).',
    });
  });

  it('keeps the last eight logins of a network', () => {
    const first = startLogin('joinme').nonce;
    for (let i = 0; i < 8; i++) startLogin('joinme');
    expect(untrustedSession('joinme', { network: 'joinme', access_token: 'tok', nonce: first })?.error.code).to.equal('invalid_request');
  });

  it('guarded: the provider check runs only on a trusted session', () => {
    const { nonce } = startLogin('zoho');
    let runs = 0;
    const check = guarded('zoho', (session) => {
      runs++;
      return { ...session, fixed: true };
    });
    expect(check({ network: 'zoho', access_token: 'tok' })).to.have.nested.property('error.code', 'invalid_request');
    expect(runs).to.equal(0);
    expect(check({ network: 'zoho', access_token: 'tok', nonce })).to.include({ fixed: true });
    expect(runs).to.equal(1);
  });
});

describe('session: guardLogin (the redirect page’s callback)', () => {
  it('hands hello.js the checked session, from an object or a JSON string', () => {
    const { nonce, received, answer } = startLogin('joinme');
    answer({ network: 'joinme', access_token: 'tok', nonce });
    answer(JSON.stringify({ network: 'joinme', access_token: 'tok', nonce }) as unknown as Record<string, unknown>);
    expect(received).to.have.length(2);
    for (const session of received) expect(session).to.include({ access_token: 'tok', checked: true });
  });

  it('a forged answer reaches hello.js as an error of that network, and the stored session is cleared', () => {
    const { hello, sessions } = fakeHello(new Map([['joinme', { network: 'joinme', access_token: 'planted' }]]));
    setHello(hello);
    const { received, answer } = startLogin('joinme');
    answer({ network: 'joinme', access_token: 'tok', nonce: 'forged' });
    expect(received[0]).to.deep.include({ network: 'joinme' });
    expect(received[0]).to.have.nested.property('error.code', 'invalid_request');
    expect(sessions.has('joinme')).to.equal(false);
  });

  it('leaves "nothing" (hello.js’s cancelled) to hello.js', () => {
    const { received, answer } = startLogin('joinme');
    answer(undefined as unknown as Record<string, unknown>);
    expect(received).to.deep.equal([undefined]);
  });

  it('a silent refresh asks again for the scopes the session was granted', () => {
    setHello(fakeHello(new Map([['zoho', { network: 'zoho', access_token: 'old', scope: 'basic,meetings' }]])).hello);
    const { p } = startLogin('zoho', { display: 'none', popup: {} });
    expect(p.qs.state.scope?.split(',').sort()).to.deep.equal(['basic', 'meetings']);
  });
});

describe('session: checkSessionsOnRead', () => {
  it('drops a session without a nonce this browser issued, fixes a kept one, leaves other networks alone', () => {
    const { nonce } = startLogin('joinme');
    const planted: Session = { network: 'zoho', access_token: 'planted' };
    const kept: Session = { network: 'joinme', access_token: 'tok', nonce };
    const other: Session = { network: 'google', access_token: 'g' };
    const { hello, sessions } = fakeHello(
      new Map([
        ['zoho', planted],
        ['joinme', kept],
        ['google', other],
      ]),
    );
    const fix = (session: Session): Session => ({ ...session, expires_in: 60 });
    checkSessionsOnRead(hello, { joinme: fix, zoho: (session) => session });
    expect(hello.utils.store('zoho')).to.equal(null);
    expect(sessions.has('zoho')).to.equal(false);
    expect(hello.utils.store('joinme')).to.include({ access_token: 'tok', expires_in: 60 });
    expect(sessions.get('joinme')).to.include({ expires_in: 60 });
    expect(hello.utils.store('google')).to.equal(other);
  });

  it('installs once: a second call does not wrap the store again', () => {
    const { hello } = fakeHello();
    checkSessionsOnRead(hello, {});
    const once = hello.utils.store;
    checkSessionsOnRead(hello, {});
    expect(hello.utils.store).to.equal(once);
  });
});
