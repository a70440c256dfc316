// join.me through hello.js in Chromium, against the emulator: login popup, redirect page, stored session, api().
import { expect } from 'chai';
import type { Meeting, MeetingList, User } from '../../modules/types.ts';
import { advanceClock, control, emulatorLog, endpoints, hello, quiet, rejection, reset, stored, until } from './helpers.ts';

const ALL = 'basic,meetings,start';
const login = (options: Record<string, unknown> = {}) =>
  hello.login('joinme', { scope: ALL, login_hint: 'ada@example.com', ...options }, quiet);
const api = <T>(path: string, method = 'get', data?: unknown) =>
  hello.api({ path: `joinme:${path}`, method, data, callback: quiet }) as Promise<T>;
const later = (hours: number) => new Date(Date.now() + hours * 3600000).toISOString().replace(/\.\d+Z$/, 'Z');

describe('join.me', function () {
  this.timeout(30000);
  beforeEach(() => reset());

  describe('login', () => {
    it('implicit grant: the popup returns a token; no expires_in means 24 hours, not a year', async () => {
      const { authResponse } = await login();
      expect(authResponse.access_token).to.be.a('string');
      const session = stored('joinme');
      expect(session?.expires_in).to.equal(86400);
      const left = (session?.expires ?? 0) - Date.now() / 1000;
      expect(left).to.be.within(86300, 86401);
    });

    it('implicit grant with expires_in given keeps it', async () => {
      await control('config', { joinme: { implicitExpiresIn: true } });
      await login();
      expect(stored('joinme')?.expires_in).to.equal(86400);
    });

    it('scopes map to user_info scheduler start_meeting, space-separated; unsupported names map to nothing', async () => {
      await hello('joinme').login({ scope: 'basic,meetings,start,email,photos', login_hint: 'ada@example.com' });
      const authorize = (await emulatorLog()).find((entry) => entry.host === 'secure' && entry.path.includes('/oauth2'));
      expect(authorize).to.not.equal(undefined);
      const scope = new URLSearchParams(authorize?.query).get('scope');
      expect(scope?.split(' ').sort()).to.deep.equal(['scheduler', 'start_meeting', 'user_info']);
    });

    it('code grant through the oauth proxy yields a refresh token and seconds', async () => {
      const { authResponse } = await login({ response_type: 'code' });
      expect(authResponse.access_token).to.be.a('string');
      expect(authResponse.refresh_token).to.be.a('string');
      expect(Number(stored('joinme')?.expires_in)).to.equal(86400);
    });
  });

  describe('api', () => {
    beforeEach(() => login());

    it('me: the normalised user (id is the e-mail), sent with a Bearer header and no token in the URL', async () => {
      await control('log', undefined, 'DELETE');
      const user = await api<User>('me');
      expect(user).to.include({ id: 'ada@example.com', email: 'ada@example.com', first_name: 'Ada' });
      const request = (await emulatorLog()).find((entry) => entry.host === 'api' && entry.method === 'GET');
      expect(request?.authorization).to.match(/^Bearer \S+/);
      expect(`${request?.path}?${request?.query ?? ''}`).to.not.contain('access_token');
    });

    it('schedule, list, get, update by put and by patch, delete', async () => {
      const created = await api<Meeting>('me/meetings', 'post', {
        name: 'Planning',
        start_time: later(24),
        duration: 45,
        participants: ['bob@example.com'],
      });
      expect(created.id).to.match(/^\d+$/);
      expect(created).to.include({ name: 'Planning', duration: 45 });
      expect(created.start_time).to.match(/Z$/);

      const list = await api<MeetingList>('me/meetings');
      expect(list.data.map((meeting) => meeting.id)).to.include(created.id);

      const one = await api<Meeting>('me/meeting', 'get', { id: created.id });
      expect(one.participants).to.deep.equal(['bob@example.com']);

      const put = await api<Meeting>('me/meeting', 'put', { id: created.id, name: 'Planning (put)' });
      expect(put.name).to.equal('Planning (put)');
      const patched = await api<Meeting>('me/meeting', 'patch', { id: created.id, name: 'Planning (patch)' });
      expect(patched.name).to.equal('Planning (patch)');
      const methods = (await emulatorLog()).filter((entry) => entry.host === 'api' && entry.path.endsWith(`/meetings/${created.id}`));
      expect(methods.map((entry) => entry.method)).to.include('PATCH');

      expect(await api('me/meeting', 'delete', { id: created.id })).to.deep.equal({ success: true });
      const gone = await rejection(api('me/meeting', 'get', { id: created.id }));
      expect(gone.error.code).to.equal('not_found');
    });

    it('me/meetings with limit cuts the list', async () => {
      for (const name of ['a', 'b', 'c']) await api('me/meetings', 'post', { name, start_time: later(2), duration: 10 });
      const list = await api<MeetingList>('me/meetings', 'get', { limit: 2 });
      expect(list.data).to.have.length(2);
    });

    it('start ad hoc and start scheduled answer start_url and join_url', async () => {
      const adhoc = await api<Meeting>('me/meetings/start', 'post', {});
      expect(adhoc.start_url).to.be.a('string');
      expect(adhoc.join_url).to.be.a('string');
      const created = await api<Meeting>('me/meetings', 'post', { name: 'Later', start_time: later(3), duration: 30 });
      const started = await api<Meeting>('me/meeting/start', 'post', { id: created.id });
      expect(started.id).to.equal(created.id);
      expect(started.start_url).to.be.a('string');
    });

    it('times join.me answers without a zone (the provider’s own example form) are read as UTC, under both readings', async () => {
      const start = later(5);
      for (const zonelessTimes of [true, false]) {
        await control('config', { joinme: { zonelessTimes } });
        const created = await api<Meeting>('me/meetings', 'post', { name: `z ${zonelessTimes}`, start_time: start, duration: 30 });
        expect(created.start_time, `zonelessTimes ${zonelessTimes}`).to.equal(start);
        const listed = (await api<MeetingList>('me/meetings')).data.find((meeting) => meeting.id === created.id);
        expect(listed).to.include({ start_time: start, duration: 30 });
        expect(String(listed?.meetingStart).endsWith('Z')).to.equal(!zonelessTimes);
        expect((await api<Meeting>('me/meeting', 'get', { id: created.id })).end_time).to.match(/Z$/);
      }
    });

    it('a meeting started on the personal URL: the personal room (…/ada) never becomes the id', async () => {
      const personal = await api<Meeting>('me/meetings/start', 'post', { personal_url: true });
      expect(personal.join_url).to.match(/\/ada$/);
      expect(personal.id).to.equal('');
      const adhoc = await api<Meeting>('meetings/start/adhoc', 'post', { startWithPersonalUrl: false });
      expect(adhoc.id).to.match(/^\d{9}$/);
      expect(adhoc.join_url?.endsWith(adhoc.id)).to.equal(true);
      expect((await api<Meeting>('meetings/start/adhoc', 'post', { startWithPersonalUrl: true })).id).to.equal('');
    });

    it('hello.js’s own path names keep working (meetings/update with put and patch)', async () => {
      const created = await api<Meeting>('meetings/schedule', 'post', {
        meetingName: 'Old style',
        meetingStart: later(5),
        meetingEnd: later(6),
      });
      expect((await api<MeetingList>('meetings')).data.map((meeting) => meeting.id)).to.include(created.id);
      expect((await api<Meeting>('meetings/info', 'get', { id: created.id })).name).to.equal('Old style');
      expect((await api<Meeting>('meetings/update', 'put', { meetingId: created.id, meetingName: 'Put' })).name).to.equal('Put');
      expect((await api<Meeting>('meetings/update', 'patch', { meetingId: created.id, meetingName: 'Patch' })).name).to.equal('Patch');
      expect((await api<Meeting>('meetings/start/scheduled', 'post', { meetingId: created.id })).start_url).to.be.a('string');
      expect((await api<Meeting>('meetings/start/adhoc', 'post', { startWithPersonalUrl: false })).start_url).to.be.a('string');
      expect(await api('meetings/delete', 'delete', { id: created.id })).to.deep.equal({ success: true });
    });

    it('webinars are not a join.me call: not_supported, nothing sent', async () => {
      await control('log', undefined, 'DELETE');
      expect((await rejection(api('me/webinars'))).error.code).to.equal('not_supported');
      expect((await emulatorLog()).filter((entry) => entry.host === 'api' && entry.method !== 'OPTIONS')).to.deep.equal([]);
    });

    it('a missing id is invalid_request', async () => {
      expect((await rejection(api('me/meeting', 'get', {}))).error.code).to.equal('invalid_request');
    });
  });

  describe('errors', () => {
    it('a user_info-only token cannot schedule: access_denied', async () => {
      await hello('joinme').login({ scope: 'basic', login_hint: 'ada@example.com' });
      const error = await rejection(api('me/meetings', 'post', { name: 'x', start_time: later(1), duration: 5 }));
      expect(error.error.code).to.equal('access_denied');
      expect(() => JSON.stringify(error)).to.not.throw();
    });

    it('a stale token: invalid_token', async () => {
      const { authResponse } = await login();
      await control('joinme/stale', { access_token: authResponse.access_token });
      expect((await rejection(api('me'))).error).to.include({ code: 'invalid_token', status: 401 });
    });

    it('an inactive account behind the gateway (403, reason in a header): access_denied', async () => {
      await hello('joinme').login({ scope: ALL, login_hint: 'inactive@example.com' });
      const error = await rejection(api('me'));
      expect(error.error).to.include({ code: 'access_denied', status: 403 });
      expect(error.error.message).to.match(/inactive/i);
    });
  });

  describe('expire access (through the proxy, which holds the secret)', () => {
    it('code grant: the token is expired, then the session refreshes through the proxy', async () => {
      const { authResponse } = await login({ response_type: 'code' });
      expect(await api('auth/expire', 'post')).to.include({ success: true });
      const old = await fetch(`${endpoints.joinme.base}user`, { headers: { Authorization: `Bearer ${authResponse.access_token}` } });
      expect(old.status).to.equal(401);
      await until(() => {
        const session = stored('joinme');
        return Boolean(session?.access_token && session.access_token !== authResponse.access_token);
      }, 15000);
      expect(stored('joinme')?.refresh_token).to.be.a('string');
      // hello.js's silent refresh asks for no scope; the module keeps the granted ones.
      expect(stored('joinme')?.scope).to.equal(authResponse.scope);
      expect((await api<User>('me')).id).to.equal('ada@example.com');
    });

    it('implicit grant: the session ends cleanly with auth.expired (no iframe retry)', async () => {
      await login();
      let expired = false;
      const listener = () => {
        expired = true;
      };
      hello.on('auth.expired', listener);
      try {
        await api('auth/expire', 'post');
        await until(() => expired, 5000);
        expect(stored('joinme')).to.equal(null);
        expect(document.querySelectorAll('iframe[src*="oauth2"]')).to.have.length(0);
      } finally {
        hello.off('auth.expired', listener);
      }
    });

    it('a session that expired on the clock is refused by join.me: invalid_token', async () => {
      await login();
      await advanceClock(86401);
      expect((await rejection(api('me'))).error.code).to.equal('invalid_token');
    });
  });
});
