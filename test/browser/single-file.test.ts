// One drop-in per provider: the page's file (see web-test-runner.config.mjs) registers its providers and
// nothing else, and each file carries only what its providers use.
import { expect } from 'chai';
import { hello } from './helpers.ts';

const MARK = '__hellojs_meetings';
const file = (globalThis as unknown as { helloMeetingsFile?: string }).helloMeetingsFile ?? '/dist/hello.meetings.js';
const providers = file.includes('joinme') ? ['joinme'] : file.includes('zoho') ? ['zoho'] : ['joinme', 'zoho'];
const helloMeetings = (globalThis as unknown as { helloMeetings: Record<string, unknown> }).helloMeetings;
const services = hello.services as Record<string, Record<string, unknown> | undefined>;

async function text(path: string): Promise<string> {
  const response = await fetch(path);
  expect(response.ok, path).to.equal(true);
  return response.text();
}

describe(`the drop-in of this page (${file})`, () => {
  it(`registers ${providers.join(' and ')}, and only that`, () => {
    expect(Object.keys(helloMeetings.modules as object).sort()).to.deep.equal(providers);
    for (const name of ['joinme', 'zoho']) expect(services[name]?.[MARK] !== undefined, name).to.equal(providers.includes(name));
    // Without this package's joinme, hello.js's own stays as it was.
    if (!providers.includes('joinme')) expect(services.joinme?.name).to.equal('join.me');
  });

  it('sets helloMeetings.datacentres only with Zoho', () => {
    expect('datacentres' in helloMeetings).to.equal(providers.includes('zoho'));
    if (providers.includes('zoho')) expect(Object.keys(helloMeetings.datacentres as object)).to.include.members(['us', 'eu', 'cn']);
  });
});

describe('what each file carries', () => {
  it('hello.joinme.js has no Zoho code, hello.zoho.js no join.me code', async () => {
    for (const name of ['hello.joinme.js', 'hello.joinme.min.js']) {
      const code = await text(`/dist/${name}`);
      expect(code, name).to.not.match(/accounts\.zoho|meeting\.zoho|formatToParts|Zoho Meeting/);
      expect(code, name).to.contain('https://api.join.me/v1/');
    }
    for (const name of ['hello.zoho.js', 'hello.zoho.min.js']) {
      const code = await text(`/dist/${name}`);
      expect(code, name).to.not.match(/\/\/(api|secure)\.join\.me|stale_token/);
      expect(code, name).to.contain('https://accounts.zoho.eu');
    }
  });

  it('the one-tag file carries hello.js without its own joinme module, and this package’s', async () => {
    for (const name of ['hello.meetings.all.js', 'hello.meetings.all.min.js']) {
      const code = await text(`/dist/${name}`);
      // hello.js's joinme pointed its token URL at the authorize URL; this package's does not.
      expect(code, name).to.not.match(/grant\s*:\s*["']https:\/\/secure\.join\.me\/api\/public\/v1\/auth\/oauth2["']/);
      expect(code, name).to.match(/https:\/\/secure\.join\.me\/api\/public\/v1\/auth\/token/);
      expect(code, name).to.match(/\bgoogle\s*:\s*\{/);
    }
  });
});
