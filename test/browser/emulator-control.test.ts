// docs/emulator.md's web-test-runner example, run here: the page seeds the emulator through the typed control
// client (browser-safe), logs in through hello.js and reads what was seeded.
import { expect } from 'chai';
import { emulatorControl, emulatorEndpoints } from '../../emulator/browser.mjs';
import type { MeetingList } from '../../modules/types.ts';
import { hello, quiet } from './helpers.ts';

const emulatorOrigin = `http://127.0.0.1:${location.port}`; // the same dev server, another origin
const control = emulatorControl(emulatorOrigin);

describe('emulator control client, in the browser', function () {
  this.timeout(30000);
  beforeEach(async () => {
    await control.reset();
    localStorage.clear();
    hello.init(emulatorEndpoints(emulatorOrigin), {
      redirect_uri: new URL('/test/browser/redirect.html', location.href).href,
      display: 'popup',
      response_type: 'token',
    });
  });
  afterEach(() => control.reset());

  it('seeds a user and meetings; the site logs in as that user and lists them', async () => {
    await control.seed({
      accounts: { zoho: [{ email: 'kim@example.eu', region: 'eu' }] },
      meetings: [{ provider: 'zoho', owner: 'kim@example.eu', name: 'Stand-up', startsIn: 30, duration: 15 }],
      webinars: [{ owner: 'kim@example.eu', name: 'Launch', startsIn: 600 }],
    });
    await hello.login('zoho', { scope: 'basic,meetings,webinars', login_hint: 'kim@example.eu' }, quiet);
    expect(hello('zoho').getAuthResponse()?.location).to.equal('eu');
    const meetings = (await hello.api({ path: 'zoho:me/meetings', callback: quiet })) as MeetingList;
    expect(meetings.data.map((meeting) => [meeting.name, meeting.duration])).to.deep.equal([['Stand-up', 15]]);
    const webinars = (await hello.api({ path: 'zoho:me/webinars', callback: quiet })) as MeetingList;
    expect(webinars.data.map((webinar) => webinar.name)).to.deep.equal(['Launch']);
  });

  it('switches and provocations: a denied login, a stale join.me token', async () => {
    await control.setConsent('deny');
    const denied = await hello.login('joinme', { scope: 'basic,meetings' }, quiet).then(
      () => 'logged in',
      (error: { error?: { code?: string } }) => error.error?.code,
    );
    expect(denied).to.equal('access_denied');
    await control.setConsent('auto');
    const { authResponse } = await hello.login('joinme', { scope: 'basic,meetings' }, quiet);
    await control.staleToken(String(authResponse.access_token));
    const failure = await hello.api({ path: 'joinme:me', callback: quiet }).then(
      () => undefined,
      (error: { error?: { code?: string } }) => error.error?.code,
    );
    expect(failure).to.equal('invalid_token');
    const log = await control.log();
    expect(log.some((entry) => entry.provider === 'joinme' && entry.host === 'api' && entry.path === '/v1/user')).to.equal(true);
  });
});
