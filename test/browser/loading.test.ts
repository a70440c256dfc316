// The drop-in, loaded by script tags as a site loads it.
import { expect } from 'chai';
import { hello, loadFrame } from './helpers.ts';

type Services = Record<string, Record<string, unknown> & { oauth: { auth: string; grant?: string }; base: string }>;
const MARK = '__hellojs_meetings';

describe('loading the drop-in', () => {
  it('registers this package’s joinme (not hello.js’s built-in) and zoho after hello.all.js', () => {
    const services = hello.services as Services;
    expect(services.joinme?.[MARK]).to.be.a('string');
    expect(services.zoho?.[MARK]).to.be.a('string');
    // The built-in module pointed `grant` at the authorize URL.
    expect(services.joinme?.oauth.grant).to.not.equal(services.joinme?.oauth.auth);
  });

  it('sets the global helloMeetings with version, modules, register and the data-centre table', () => {
    const meetings = (globalThis as unknown as { helloMeetings: Record<string, unknown> }).helloMeetings;
    expect(meetings.version).to.match(/^\d+\.\d+\.\d+/);
    expect(Object.keys(meetings.modules as object).sort()).to.deep.equal(['joinme', 'zoho']);
    expect(meetings.register).to.be.a('function');
    expect(Object.keys(meetings.datacentres as object)).to.include.members(['us', 'eu', 'ca', 'cn']);
  });

  it('leaves every other hello.js module alone', () => {
    const services = hello.services as Services;
    for (const name of ['google', 'facebook', 'github', 'dropbox', 'windows']) {
      expect(services[name], name).to.be.an('object');
      expect(services[name]?.[MARK], name).to.equal(undefined);
    }
  });

  it('gives every registered service absolute oauth.auth and base URLs (hello.js’s own check)', () => {
    for (const [name, service] of Object.entries(hello.services as Services)) {
      if (!service[MARK]) continue;
      expect(service.oauth.auth, name).to.match(/^https:\/\//);
      expect(service.base, name).to.match(/^https:\/\//);
    }
  });

  for (const file of ['all-in-one.html', 'all-in-one-min.html']) {
    it(`hello.meetings.all${file.includes('min') ? '.min' : ''}.js alone carries hello.js and both modules`, async () => {
      const frame = await loadFrame(`/test/browser/fixtures/${file}`);
      const services = (frame.hello as { services: Services }).services;
      expect(services.joinme?.[MARK]).to.be.a('string');
      expect(services.zoho?.[MARK]).to.be.a('string');
      expect(services.google).to.be.an('object');
    });
  }

  it('the ESM entry: register(hello) puts both modules on hello and returns it', async () => {
    const frame = await loadFrame('/test/browser/fixtures/esm.html');
    expect(frame.registered).to.equal(true);
    expect(frame.esmVersion).to.match(/^\d+\.\d+\.\d+/);
    const services = (frame.hello as { services: Services }).services;
    expect(services.joinme?.[MARK]).to.be.a('string');
    expect(services.zoho?.[MARK]).to.be.a('string');
  });

  it('loaded before hello.js it throws nothing, and register(hello) then works', async () => {
    const frame = await loadFrame('/test/browser/fixtures/before-hello.html');
    expect(frame.loadErrors).to.deep.equal([]);
    const services = (frame.hello as { services: Services }).services;
    expect(services.joinme?.[MARK]).to.be.a('string');
    expect(services.zoho?.[MARK]).to.be.a('string');
  });

  it('loaded twice it throws nothing and keeps the site’s settings from before and between', async () => {
    const frame = await loadFrame('/test/browser/fixtures/twice.html');
    expect(frame.loadErrors).to.deep.equal([]);
    const services = (frame.hello as { services: Services }).services;
    expect(services.joinme).to.equal(frame.firstJoinme);
    expect(services.joinme?.id).to.equal('SITE_KEY_BEFORE');
    expect((services.joinme?.scope as Record<string, string> | undefined)?.custom).to.equal('scheduler');
    expect(services.zoho?.id).to.equal('ZOHO_ID_BEFORE');
    expect(services.zoho?.region).to.equal('eu');
  });

  it('hello.init after loading extends the modules (a string is the client id)', () => {
    hello.init({ joinme: 'ANOTHER_KEY' });
    expect((hello.services as Services).joinme?.id).to.equal('ANOTHER_KEY');
    expect((hello.services as Services).joinme?.[MARK]).to.be.a('string');
  });
});
