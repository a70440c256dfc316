import { expect } from 'chai';
import { NONCE_KEY } from '../../modules/nonces.ts';
import { allowed } from '../../modules/redirect-guard.ts';

const PROXY = `${location.origin}/proxy`;
const EVIL = 'https://evil.example/steal';
const LOGIN = { nonce: 'n0nce', callback: '_hellojs_abc', proxy: PROXY };
const IMPLICIT = { nonce: 'implicit', callback: '_hellojs_def' };

const state = (fields: Record<string, unknown>) => encodeURIComponent(JSON.stringify(fields));
const ours = (extra: Record<string, unknown> = {}) => ({
  network: 'zoho',
  nonce: LOGIN.nonce,
  callback: LOGIN.callback,
  oauth_proxy: PROXY,
  ...extra,
});

describe('redirect guard: allowed(search, hash)', () => {
  let saved: string | null;
  beforeEach(() => {
    saved = localStorage.getItem(NONCE_KEY);
    localStorage.setItem(NONCE_KEY, JSON.stringify({ zoho: [LOGIN, IMPLICIT] }));
  });
  afterEach(() => {
    if (saved === null) localStorage.removeItem(NONCE_KEY);
    else localStorage.setItem(NONCE_KEY, saved);
  });

  it('lets through URLs hello.js does nothing with', () => {
    const urls: Array<[string, string]> = [
      ['', ''],
      ['?page=2', '#top'],
      ['?state=CA', ''],
      ['?code=x', ''],
      ['?code=x&state=not-json', ''],
    ];
    for (const [search, hash] of urls) {
      expect(allowed(search, hash), `${search}${hash}`).to.equal(true);
    }
  });

  it('forwards a code only for a login of this browser, and only to the proxy it named', () => {
    expect(allowed(`?code=C&state=${state(ours())}`, '')).to.equal(true);
    expect(allowed(`?code=C&state=${state(ours({ oauth_proxy: EVIL }))}`, '')).to.equal(false);
    expect(allowed(`?code=C&state=${state(ours({ nonce: 'other' }))}`, '')).to.equal(false);
    expect(allowed(`?code=C&state=${state(ours({ callback: '_hellojs_other' }))}`, '')).to.equal(false);
    expect(allowed(`?code=C&state=${state(ours({ network: 'joinme' }))}`, '')).to.equal(false);
    expect(allowed(`?oauth_token=C&state=${state(ours({ oauth_proxy: EVIL }))}`, '')).to.equal(false);
    // A login that named no proxy forwards nowhere.
    expect(allowed(`?code=C&state=${state({ network: 'zoho', ...IMPLICIT, oauth_proxy: PROXY })}`, '')).to.equal(false);
  });

  it("other hello.js networks: a code goes only to a proxy on this site's origin", () => {
    expect(allowed(`?code=C&state=${state({ network: 'google', oauth_proxy: PROXY })}`, '')).to.equal(true);
    expect(allowed(`?code=C&state=${state({ network: 'google', oauth_proxy: EVIL })}`, '')).to.equal(false);
    expect(allowed(`?code=C&state=${state({ oauth_proxy: EVIL })}`, '')).to.equal(false);
  });

  it('hands over a session of these networks only for a login of this browser', () => {
    expect(allowed('', `#access_token=T&state=${state(ours())}`)).to.equal(true);
    expect(allowed('', `#access_token=T&state=${state({ network: 'zoho', ...IMPLICIT })}`)).to.equal(true);
    expect(allowed('', `#error=access_denied&state=${state(ours())}`)).to.equal(true);
    expect(allowed('', `#access_token=T&state=${state({ network: 'zoho' })}`)).to.equal(false);
    expect(allowed('', `#error=access_denied&state=${state({ network: 'joinme' })}`)).to.equal(false);
    // Fields outside the state count too, as hello.js merges them.
    expect(allowed('', '#access_token=T&network=zoho&state=garbage')).to.equal(false);
    // A state encoded once more is read as hello.js reads it.
    expect(allowed('', `#access_token=T&state=${encodeURIComponent(state({ network: 'zoho' }))}`)).to.equal(false);
  });

  it('page_uri must stay on this origin, even for a login of this browser', () => {
    expect(allowed('', `#access_token=T&state=${state(ours({ page_uri: `${location.origin}/app` }))}`)).to.equal(true);
    expect(allowed('', `#access_token=T&state=${state(ours({ page_uri: EVIL }))}`)).to.equal(false);
    expect(allowed('', `#state=${state({ page_uri: EVIL })}`)).to.equal(false);
    expect(allowed('', `#state=${state({ network: 'google', page_uri: '//evil.example/' })}`)).to.equal(false);
  });

  it('oauth_redirect only to an authorize URL whose state is a login of this browser', () => {
    const authorize = (fields: Record<string, unknown>) =>
      encodeURIComponent(encodeURIComponent(`https://accounts.zoho.com/oauth/v2/auth?client_id=x&state=${state(fields)}`));
    expect(allowed('', `#oauth_redirect=${authorize(ours())}`)).to.equal(true);
    expect(allowed('', `#oauth_redirect=${authorize({ network: 'zoho' })}`)).to.equal(false);
    expect(allowed('', `#oauth_redirect=${encodeURIComponent(encodeURIComponent(EVIL))}`)).to.equal(false);
  });

  it('with no issued logins at all, nothing of these networks gets through', () => {
    localStorage.removeItem(NONCE_KEY);
    expect(allowed(`?code=C&state=${state(ours())}`, '')).to.equal(false);
    expect(allowed('', `#access_token=T&state=${state(ours())}`)).to.equal(false);
  });
});
