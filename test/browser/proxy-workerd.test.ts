// A Zoho code-grant login whose oauth proxy runs inside workerd (the Cloudflare deploy example, mounted at
// /proxy-workerd): the code exchange, API calls through the pass-through and the refresh all go through it.
import { expect } from 'chai';
import type { User } from '../../modules/types.ts';
import { advanceClock, hello, quiet, reset, stored, until } from './helpers.ts';

const workerdProxyUrl = `${location.origin}/proxy-workerd`;

async function served(): Promise<number> {
  const answer = (await (await fetch('/__workerd/served')).json()) as { served: number };
  return answer.served;
}

describe('the oauth proxy inside workerd', function () {
  this.timeout(60000);
  beforeEach(async () => {
    await reset();
    hello.init({ zoho: { proxy_api: true } }, { oauth_proxy: workerdProxyUrl });
  });

  it('a Zoho code-grant login, API calls through the pass-through, and a refresh, all answered by workerd', async () => {
    const before = await served();
    const { authResponse } = await hello.login(
      'zoho',
      { scope: 'basic,meetings', login_hint: 'marie@example.eu', response_type: 'code' },
      quiet,
    );
    expect(authResponse.refresh_token).to.be.a('string');
    expect(authResponse.location).to.equal('eu');
    expect(Number(authResponse.expires_in)).to.equal(3600);
    const afterLogin = await served();
    expect(afterLogin).to.be.greaterThan(before);

    const user = (await hello.api({ path: 'zoho:me', callback: quiet })) as User;
    expect(user.email).to.equal('marie@example.eu');
    expect(await served()).to.be.greaterThan(afterLogin);

    await advanceClock(3601);
    hello.utils.store('zoho', { ...authResponse, expires: Date.now() / 1000 - 1 });
    await until(() => {
      const session = stored('zoho');
      return Boolean(session?.access_token && session.access_token !== authResponse.access_token);
    }, 20000);
    expect(stored('zoho')?.refresh_token).to.equal(authResponse.refresh_token);
    expect(stored('zoho')?.location).to.equal('eu');
    expect(((await hello.api({ path: 'zoho:me', callback: quiet })) as User).email).to.equal('marie@example.eu');
  });
});
