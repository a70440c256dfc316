// Zoho Meeting through hello.js in Chromium, against the emulator: data centres, both grants, the whole API.
import { expect } from 'chai';
import { ZOHO_DATACENTRES } from '../../modules/datacentres.ts';
import type { Meeting, MeetingList, User, ZohoModule } from '../../modules/types.ts';
import {
  advanceClock,
  control,
  emulatorLog,
  endpoints,
  hello,
  type LoggedRequest,
  quiet,
  rejection,
  reset,
  stored,
  until,
} from './helpers.ts';

const ALL = 'basic,meetings,webinars';
const zoho = () => hello.services.zoho as ZohoModule;
/** The module options these tests change, back to their defaults (helpers.reset knows only region and proxy_api). */
function resetOptions(): void {
  const module = zoho() as unknown as Record<string, unknown> & { datacentres: Record<string, unknown> };
  for (const option of ['index_start', 'index_counts', 'renewal_host', 'app_region']) delete module[option];
  delete module.datacentres.ae;
  hello.init({ zoho: { datacentres: { uk: endpoints.zoho.datacentres.uk } } });
  hello.settings.scope = ['basic'];
}
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
  beforeEach(async () => {
    await reset();
    resetOptions();
  });

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
  describe('real providers (issue 11)', () => {
    const NINE = [
      ['grace@example.com', 'us'],
      ['marie@example.eu', 'eu'],
      ['ravi@example.in', 'in'],
      ['olivia@example.com.au', 'au'],
      ['kenji@example.jp', 'jp'],
      ['pierre@example.ca', 'ca'],
      ['noura@example.sa', 'sa'],
      ['lin@example.cn', 'cn'],
      ['oliver@example.co.uk', 'uk'],
    ] as const;

    it('each of the nine data centres: log in, create and list meetings, every call at the user’s own Meeting host', async () => {
      expect(Object.keys(ZOHO_DATACENTRES)).to.have.members(NINE.map(([, region]) => region));
      for (const [email, region] of NINE) {
        localStorage.clear();
        // China is separate: its users must start at its own accounts server.
        if (region === 'cn') zoho().region = 'cn';
        else delete zoho().region;
        const { authResponse } = await login(email);
        expect(authResponse.location, email).to.equal(region);
        await control('log', undefined, 'DELETE');
        const created = await api<Meeting>('me/meetings', 'post', {
          name: `In ${region}`,
          start_time: later(24),
          duration: 30,
          timezone: 'UTC',
        });
        const list = await api<MeetingList>('me/meetings');
        expect(
          list.data.map((meeting) => meeting.id),
          region,
        ).to.include(created.id);
        const calls = await meetingCalls();
        expect(calls.length, region).to.be.greaterThan(1);
        expect(
          calls.every((entry) => entry.region === region),
          region,
        ).to.equal(true);
      }
    });

    it('login with only "basic", then me: the module asks for manageOrg.READ (not user.READ), and Zoho’s user.json answers', async () => {
      await hello.login('zoho', { scope: 'basic', login_hint: 'marie@example.eu' }, quiet);
      const authorize = (await emulatorLog()).find((entry) => entry.host === 'accounts' && entry.path.endsWith('/oauth/v2/auth'));
      expect(new URLSearchParams(authorize?.query).get('scope')).to.equal('ZohoMeeting.manageOrg.READ');
      const user = await api<User>('me');
      expect(user).to.include({ email: 'marie@example.eu', zsoid: 20070001 });
      // Reading meetings needs meeting.READ, which "basic" does not give: refused before anything is sent.
      await control('log', undefined, 'DELETE');
      const error = await rejection(api('me/meetings'));
      expect(error.error.code).to.equal('access_denied');
      expect(error.error.message).to.contain('ZohoMeeting.meeting.READ');
      expect(await meetingCalls()).to.have.length(0);
    });

    it('a session without manageOrg.READ fails with access_denied naming it, before user.json is asked', async () => {
      hello.settings.scope = []; // no implicit "basic"
      await hello.login('zoho', { scope: 'ZohoMeeting.meeting.READ', login_hint: 'grace@example.com' }, quiet);
      await control('log', undefined, 'DELETE');
      for (const path of ['me', 'me/meetings']) {
        const error = await rejection(api(path));
        expect(error.error.code, path).to.equal('access_denied');
        expect(error.error.message, path).to.contain('ZohoMeeting.manageOrg.READ');
      }
      expect(await meetingCalls()).to.have.length(0);
    });

    it('a read-only session cannot create, edit or delete: access_denied naming the scope, nothing sent', async () => {
      await login('grace@example.com', { scope: 'basic,meetings_read' });
      const { id } = (await api<MeetingList>('me/meetings')).data[0] ?? { id: '1' };
      await control('log', undefined, 'DELETE');
      const refusals = [
        [api('me/meetings', 'post', { name: 'x', start_time: later(1), duration: 5, timezone: 'UTC' }), 'ZohoMeeting.meeting.CREATE'],
        [api('me/meeting', 'patch', { id, name: 'y' }), 'ZohoMeeting.meeting.UPDATE'],
        [api('me/meeting', 'delete', { id }), 'ZohoMeeting.meeting.DELETE'],
        [api('me/webinars'), 'ZohoMeeting.webinar.READ'],
      ] as const;
      for (const [call, scope] of refusals) {
        const error = await rejection(call);
        expect(error.error.code).to.equal('access_denied');
        expect(error.error.message).to.contain(scope);
      }
      expect(await meetingCalls()).to.have.length(0);
    });

    it('a site adds a data centre (ae, used by real clients) through hello.init, without a release', async () => {
      const refused = await rejection(login('amal@example.ae'));
      expect(refused.error.code).to.equal('invalid_request');
      hello.init({ zoho: { datacentres: { ae: endpoints.zoho.unlisted.ae } } });
      const { authResponse } = await login('amal@example.ae');
      expect(authResponse.location).to.equal('ae');
      await control('log', undefined, 'DELETE');
      expect((await api<User>('me')).email).to.equal('amal@example.ae');
      expect((await api<MeetingList>('me/meetings')).data).to.be.an('array');
      expect((await meetingCalls()).every((entry) => entry.region === 'ae')).to.equal(true);
      // Pinned to it, the login starts there.
      localStorage.clear();
      hello.init({ zoho: { region: 'ae' as 'us' } });
      await control('log', undefined, 'DELETE');
      await login('amal@example.ae');
      expect((await emulatorLog()).find((entry) => entry.path.endsWith('/oauth/v2/auth'))?.region).to.equal('ae');
    });

    it('a classic oauth proxy forwards the token answer as it is (api_domain, no location): the user stays in their data centre', async () => {
      const { authResponse } = await login('marie@example.eu');
      localStorage.clear();
      // The forging endpoint answers like hello.js's oauth-shim would: Zoho's token answer in the fragment.
      hello.init({ zoho: { datacentres: { us: { accounts: `${location.origin}/__forge` } } } });
      const forged = `access_token=${authResponse.access_token}&expires_in=3600&token_type=Bearer&api_domain=${encodeURIComponent('https://www.zohoapis.eu')}`;
      const { authResponse: shimmed } = await login('marie@example.eu', { forge: encodeURIComponent(forged) });
      expect(shimmed.location).to.equal('eu');
      await control('log', undefined, 'DELETE');
      expect((await api<User>('me')).email).to.equal('marie@example.eu');
      expect((await meetingCalls()).every((entry) => entry.region === 'eu')).to.equal(true);
    });

    it('UK Meeting host, both readings: meeting.zoho.uk (default), or meeting.zoho.com by a datacentres override', async () => {
      await login('oliver@example.co.uk');
      await control('log', undefined, 'DELETE');
      expect((await api<User>('me')).email).to.equal('oliver@example.co.uk');
      expect((await meetingCalls())[0]?.region).to.equal('uk');

      await control('config', { zoho: { ukMeetingHost: 'us' } });
      // The default table now points at a host that does not serve UK users: Zoho's 400/2000.
      await control('log', undefined, 'DELETE');
      expect((await rejection(api('me/meetings'))).error.code).to.equal('invalid_token');
      hello.init({ zoho: { datacentres: { uk: { meeting: endpoints.zoho.datacentres.us?.meeting } } } });
      await control('log', undefined, 'DELETE');
      expect((await api<MeetingList>('me/meetings')).data).to.be.an('array');
      expect((await meetingCalls()).every((entry) => entry.region === 'us')).to.equal(true);
    });

    for (const [listIndexStart, listIndexCounts] of [
      [1, 'records'],
      [0, 'records'],
      [0, 'pages'],
      [1, 'pages'],
    ] as const) {
      it(`list paging, index from ${listIndexStart} counting ${listIndexCounts}: configured alike, pages walk every meeting once`, async () => {
        await control('config', { zoho: { listIndexStart, listIndexCounts } });
        hello.init({ zoho: { index_start: listIndexStart, index_counts: listIndexCounts } });
        await login('grace@example.com');
        const made: string[] = [];
        for (const name of ['a', 'b', 'c', 'd', 'e']) {
          made.push(
            (await api<Meeting>('me/meetings', 'post', { name, start_time: later(2 + made.length), duration: 10, timezone: 'UTC' })).id,
          );
        }
        const seen: string[] = [];
        let page = await api<MeetingList>('me/meetings', 'get', { limit: 2 });
        for (let guard = 0; guard < 5; guard += 1) {
          seen.push(...page.data.map((meeting) => meeting.id));
          if (!page.paging?.next) break;
          page = await api<MeetingList>(page.paging.next);
        }
        expect(seen).to.deep.equal(made);
        const first = (await meetingCalls()).find((entry) => entry.path.endsWith('/sessions.json') && entry.method === 'GET');
        expect(new URLSearchParams(first?.query).get('index')).to.equal(String(listIndexStart));
      });
    }

    it('list paging read the wrong way (module: records, Zoho: pages) does not walk the list: the switch matters', async () => {
      await control('config', { zoho: { listIndexCounts: 'pages' } });
      await login('grace@example.com');
      for (const name of ['a', 'b', 'c', 'd', 'e'])
        await api('me/meetings', 'post', { name, start_time: later(2), duration: 10, timezone: 'UTC' });
      const first = await api<MeetingList>('me/meetings', 'get', { limit: 2 });
      const second = await api<MeetingList>(first.paging?.next as string);
      // index=3 is the third record to the module, the third page to this Zoho: c and d are skipped.
      expect([...first.data, ...second.data].map((meeting) => meeting.name)).to.deep.equal(['a', 'b', 'e']);
    });

    for (const host of ['user', 'app'] as const) {
      it(`implicit renewal when Zoho renews at the ${host}’s data centre: renewal_host "${host}" renews a ca user`, async () => {
        await control('config', { zoho: { silentRenewalHost: host } });
        hello.init({ zoho: { renewal_host: host } });
        const { authResponse } = await login('pierre@example.ca');
        await control('log', undefined, 'DELETE');
        hello.utils.store('zoho', { ...authResponse, expires: Date.now() / 1000 - 1 });
        void hello.login('zoho', { display: 'none', force: true }, quiet).catch(quiet);
        await until(() => {
          const session = stored('zoho');
          return Boolean(session?.access_token && session.access_token !== authResponse.access_token);
        }, 15000);
        const renewal = (await emulatorLog()).find((entry) => entry.path.endsWith('/oauth/v2/auth/refresh'));
        expect(renewal?.region).to.equal(host === 'user' ? 'ca' : 'us');
        expect(stored('zoho')?.location).to.equal('ca');
        expect((await api<User>('me')).email).to.equal('pierre@example.ca');
      });
    }

    it('renewal at the wrong host (Zoho renews at the app’s, the module asks the user’s) renews nothing', async () => {
      await control('config', { zoho: { silentRenewalHost: 'app' } });
      const { authResponse } = await login('pierre@example.ca');
      await control('log', undefined, 'DELETE');
      hello.utils.store('zoho', { ...authResponse, expires: Date.now() / 1000 - 1 });
      void hello.login('zoho', { display: 'none', force: true }, quiet).catch(quiet);
      await until(async () => (await emulatorLog()).some((entry) => entry.path.endsWith('/oauth/v2/auth/refresh')), 15000);
      expect(stored('zoho')?.access_token).to.equal(authResponse.access_token);
    });
  });
});
