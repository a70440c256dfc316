// Zoho Meeting through hello.js in Chromium, against the emulator: data centres, both grants, the whole API.
import { expect } from 'chai';
import type { Meeting, MeetingList, User } from '../../modules/types.ts';
import { advanceClock, control, emulatorLog, hello, type LoggedRequest, quiet, rejection, reset, stored, until } from './helpers.ts';

const ALL = 'basic,meetings,webinars';
const zoho = () => hello.services.zoho as { region?: string; proxy_api?: boolean };
const login = (email: string, options: Record<string, unknown> = {}) =>
  hello.login('zoho', { scope: ALL, login_hint: email, ...options }, quiet);
const api = <T>(path: string, method = 'get', data?: unknown) =>
  hello.api({ path: `zoho:${path}`, method, data, callback: quiet }) as Promise<T>;
// Zoho keeps meeting times to the minute.
const later = (hours: number) => new Date(Math.floor(Date.now() / 60000) * 60000 + hours * 3600000).toISOString().replace(/\.\d+Z$/, 'Z');
const meetingCalls = async (): Promise<LoggedRequest[]> =>
  (await emulatorLog()).filter((entry) => entry.host === 'meeting' && entry.method !== 'OPTIONS');

describe('Zoho Meeting', function () {
  this.timeout(30000);
  beforeEach(() => reset());

  describe('data centres', () => {
    for (const [email, region] of [
      ['grace@example.com', 'us'],
      ['marie@example.eu', 'eu'],
      ['pierre@example.ca', 'ca'],
    ] as const) {
      it(`implicit login of a ${region} user: the session keeps "${region}" and every call goes to that data centre`, async () => {
        const { authResponse } = await login(email);
        expect(authResponse.location).to.equal(region);
        await control('log', undefined, 'DELETE');
        const user = await api<User>('me');
        expect(user.email).to.equal(email);
        await api<MeetingList>('me/meetings');
        const calls = await meetingCalls();
        expect(calls.length).to.be.greaterThan(1);
        expect(calls.every((entry) => entry.region === region)).to.equal(true);
        expect(calls.every((entry) => /^Zoho-oauthtoken \S+/.test(entry.authorization ?? ''))).to.equal(true);
        expect(calls.some((entry) => `${entry.path}?${entry.query ?? ''}`.includes('access_token'))).to.equal(false);
      });

      it(`code login of a ${region} user through the proxy: refresh token, seconds, and the same data centre`, async () => {
        const { authResponse } = await login(email, { response_type: 'code' });
        expect(authResponse.refresh_token).to.be.a('string');
        expect(authResponse.location).to.equal(region);
        expect(Number(authResponse.expires_in)).to.equal(3600);
        await control('log', undefined, 'DELETE');
        await api<User>('me');
        expect((await meetingCalls()).every((entry) => entry.region === region)).to.equal(true);
      });
    }

    it('a pinned region moves the authorize URL and the API host', async () => {
      hello.init({ zoho: { region: 'eu' } });
      await login('marie@example.eu');
      const authorize = (await emulatorLog()).find((entry) => entry.host === 'accounts' && entry.path.includes('/oauth/v2/auth'));
      expect(authorize?.region).to.equal('eu');
      await control('log', undefined, 'DELETE');
      await api('me');
      expect((await meetingCalls())[0]?.region).to.equal('eu');
    });

    it('China is separate: pinned to cn, the login starts at the cn accounts server', async () => {
      hello.init({ zoho: { region: 'cn' } });
      const { authResponse } = await login('lin@example.cn');
      expect(authResponse.location).to.equal('cn');
      const authorize = (await emulatorLog()).find((entry) => entry.host === 'accounts' && entry.path.includes('/oauth/v2/auth'));
      expect(authorize?.region).to.equal('cn');
      await control('log', undefined, 'DELETE');
      expect((await api<User>('me')).email).to.equal('lin@example.cn');
      expect((await meetingCalls()).every((entry) => entry.region === 'cn')).to.equal(true);
    });

    it('a pinned region refuses an account of another data centre', async () => {
      hello.init({ zoho: { region: 'eu' } });
      // The emulated eu accounts server sends a US user home, as Zoho does.
      const error = await rejection(login('grace@example.com'));
      expect((error as unknown as { error: { code: string } }).error.code).to.equal('access_denied');
      expect(stored('zoho')).to.equal(null);
    });

    it('a forged accounts-server on the redirect is refused: no session, a clear error', async () => {
      // A hostile authorize endpoint answers with an accounts server outside the table.
      hello.init({ zoho: { datacentres: { us: { accounts: `${location.origin}/__forge` } } } });
      const forged = 'access_token=forged&expires_in=3600&location=eu&accounts-server=https%3A%2F%2Faccounts.zoho.eu.evil.example';
      const error = (await rejection(login('marie@example.eu', { forge: encodeURIComponent(forged) }))) as unknown as {
        error: { code: string; message: string };
      };
      expect(error.error.code).to.equal('invalid_request');
      expect(error.error.message).to.match(/accounts server/);
      expect(stored('zoho')).to.equal(null);
    });
  });

  describe('session checks', () => {
    it('reading a checked session rewrites nothing (hello.js reads it every second)', async () => {
      await login('marie@example.eu');
      hello.getAuthResponse('zoho');
      const setItem = Storage.prototype.setItem;
      let writes = 0;
      Storage.prototype.setItem = function (this: Storage, key: string, value: string) {
        writes += 1;
        setItem.call(this, key, value);
      };
      try {
        for (let read = 0; read < 5; read += 1) expect(hello.getAuthResponse('zoho')?.location).to.equal('eu');
      } finally {
        Storage.prototype.setItem = setItem;
      }
      expect(writes).to.equal(0);
    });
  });

  describe('expiry', () => {
    it('a millisecond expires_in (the seed page’s form) is stored as seconds: an hour, not 41 days', async () => {
      await control('config', { zoho: { expiresInMs: true } });
      await login('grace@example.com', { response_type: 'code' });
      const session = stored('zoho');
      expect(Number(session?.expires_in)).to.equal(3600);
      expect((session?.expires ?? 0) - Date.now() / 1000).to.be.within(3500, 3601);
    });

    it('an expired token answers 400/2000, mapped to invalid_token', async () => {
      await login('grace@example.com');
      await api('me');
      await advanceClock(3601);
      const error = await rejection(api('me/meetings'));
      expect(error.error).to.include({ code: 'invalid_token', status: 400 });
    });

    it('code grant: an expired session is refreshed through the proxy, in its own data centre', async () => {
      const { authResponse } = await login('marie@example.eu', { response_type: 'code' });
      await advanceClock(3601);
      // Make hello.js see the expiry now rather than in an hour.
      hello.utils.store('zoho', { ...authResponse, expires: Date.now() / 1000 - 1 });
      await until(() => {
        const session = stored('zoho');
        return Boolean(session?.access_token && session.access_token !== authResponse.access_token);
      }, 15000);
      expect(stored('zoho')?.refresh_token).to.equal(authResponse.refresh_token);
      expect(stored('zoho')?.location).to.equal('eu');
      expect((await api<User>('me')).email).to.equal('marie@example.eu');
    });

    it('implicit grant: an expired session is renewed silently at its data centre while the Zoho session lives', async () => {
      const { authResponse } = await login('pierre@example.ca');
      await control('log', undefined, 'DELETE');
      // What hello.js's monitor does for an expired session of a `refresh: true` module (called here
      // directly: the monitor renews a network at most once in ten minutes, and the test above just did).
      expect((hello.services.zoho as { refresh?: boolean }).refresh).to.equal(true);
      hello.utils.store('zoho', { ...authResponse, expires: Date.now() / 1000 - 1 });
      void hello.login('zoho', { display: 'none', force: true }, quiet).catch(quiet);
      await until(() => {
        const session = stored('zoho');
        return Boolean(session?.access_token && session.access_token !== authResponse.access_token);
      }, 15000);
      const renewal = (await emulatorLog()).find((entry) => entry.path.endsWith('/oauth/v2/auth/refresh'));
      expect(renewal?.region).to.equal('ca');
      expect(stored('zoho')?.location).to.equal('ca');
      expect((await api<User>('me')).email).to.equal('pierre@example.ca');
    });

    it('implicit grant: once the Zoho session has ended, renewal does nothing and the expired session stays refused', async () => {
      const { authResponse } = await login('grace@example.com');
      await control('zoho/logout', { email: 'grace@example.com' });
      await advanceClock(3601);
      hello.utils.store('zoho', { ...authResponse, expires: Date.now() / 1000 - 1 });
      void hello.login('zoho', { display: 'none', force: true }, quiet).catch(quiet);
      await until(async () => (await emulatorLog()).some((entry) => entry.path.endsWith('/oauth/v2/auth/refresh')), 15000);
      expect(stored('zoho')?.access_token).to.equal(authResponse.access_token);
      expect((await rejection(api('me'))).error.code).to.equal('invalid_token');
    });
  });

  describe('api', () => {
    beforeEach(() => login('grace@example.com'));

    it('me: id is the zuid as a string; the zsoid is fetched once and kept', async () => {
      const user = await api<User>('me');
      expect(user.id).to.match(/^\d+$/);
      await control('log', undefined, 'DELETE');
      await api('me/meetings');
      await api('me/meetings');
      const userCalls = (await meetingCalls()).filter((entry) => entry.path.endsWith('/user.json'));
      expect(userCalls).to.have.length(0);
      expect(stored('zoho')?.zsoid).to.be.a('string');
    });

    it('meetings: create, list, get, edit by put and by patch, start, delete', async () => {
      const start = later(48);
      const created = await api<Meeting>('me/meetings', 'post', {
        name: 'Board',
        start_time: start,
        duration: 90,
        timezone: 'Asia/Kolkata',
        agenda: 'Budget',
        participants: ['ann@example.com'],
      });
      expect(created).to.include({ name: 'Board', start_time: start, duration: 90, timezone: 'Asia/Kolkata', agenda: 'Budget' });
      expect(created.join_url).to.be.a('string');
      expect(created.participants).to.deep.equal(['ann@example.com']);

      expect((await api<MeetingList>('me/meetings')).data.map((meeting) => meeting.id)).to.include(created.id);
      expect((await api<Meeting>('me/meeting', 'get', { id: created.id })).start_time).to.equal(start);
      expect((await api<Meeting>('me/meeting', 'put', { id: created.id, name: 'Board (put)' })).name).to.equal('Board (put)');
      const moved = later(72);
      const patched = await api<Meeting>('me/meeting', 'patch', { id: created.id, start_time: moved, timezone: 'America/New_York' });
      expect(patched).to.include({ start_time: moved, timezone: 'America/New_York' });
      const started = await api<Meeting>('me/meeting/start', 'post', { id: created.id });
      expect(started.start_url).to.be.a('string');
      expect(await api('me/meeting', 'delete', { id: created.id })).to.deep.equal({ success: true });
      expect((await rejection(api('me/meeting', 'get', { id: created.id }))).error.code).to.equal('not_found');
    });

    it('webinars: create, list, get, edit, delete', async () => {
      const created = await api<Meeting>('me/webinars', 'post', { name: 'Launch', start_time: later(24), duration: 60, timezone: 'UTC' });
      expect(created.id).to.be.a('string').and.not.equal('');
      expect((await api<MeetingList>('me/webinars')).data.map((webinar) => webinar.id)).to.include(created.id);
      expect((await api<Meeting>('me/webinar', 'get', { id: created.id })).name).to.equal('Launch');
      expect((await api<Meeting>('me/webinar', 'patch', { id: created.id, name: 'Launch 2' })).name).to.equal('Launch 2');
      expect(await api('me/webinar', 'delete', { id: created.id })).to.deep.equal({ success: true });
    });

    it('paging: limit and paging.next (count is the total)', async () => {
      for (const name of ['a', 'b', 'c']) await api('me/meetings', 'post', { name, start_time: later(2), duration: 10, timezone: 'UTC' });
      const first = await api<MeetingList>('me/meetings', 'get', { limit: 2 });
      expect(first.data).to.have.length(2);
      expect(first.paging?.next).to.be.a('string');
      const second = await api<MeetingList>(first.paging?.next as string);
      expect(second.data).to.have.length(1);
      expect((await rejection(api('me/meetings', 'get', { limit: 101 }))).error.code).to.equal('invalid_request');
    });

    it('ad-hoc start is not a Zoho call: not_supported', async () => {
      expect((await rejection(api('me/meetings/start', 'post', {}))).error.code).to.equal('not_supported');
    });

    it('an unknown meeting key: not_found (errorCode 4000)', async () => {
      expect((await rejection(api('me/meeting', 'get', { id: '999999' }))).error.code).to.equal('not_found');
    });
  });

  describe('scopes and proxying', () => {
    it('a read-only token cannot create: access_denied', async () => {
      await login('grace@example.com', { scope: 'basic,meetings_read' });
      const error = await rejection(api('me/meetings', 'post', { name: 'x', start_time: later(1), duration: 5, timezone: 'UTC' }));
      expect(error.error.code).to.equal('access_denied');
    });

    it('Zoho Meeting without CORS: direct calls fail clearly; proxy_api sends them through the oauth proxy', async () => {
      await control('config', { zoho: { cors: false } });
      await login('marie@example.eu');
      expect((await rejection(api('me'))).error.code).to.equal('server_error');
      zoho().proxy_api = true;
      const user = await api<User>('me');
      expect(user.email).to.equal('marie@example.eu');
      const list = await api<MeetingList>('me/meetings');
      expect(list.data).to.be.an('array');
      expect((await meetingCalls()).filter((entry) => entry.region === 'eu').length).to.be.greaterThan(0);
    });

    it('logout with force revokes the refresh token through the proxy, at the session’s data centre', async () => {
      await login('marie@example.eu', { response_type: 'code' });
      await control('log', undefined, 'DELETE');
      await hello('zoho').logout({ force: true });
      expect(stored('zoho')).to.equal(null);
      const revoke = (await emulatorLog()).find((entry) => entry.host === 'accounts' && entry.path.includes('revoke'));
      expect(revoke?.region).to.equal('eu');
    });
  });
});
