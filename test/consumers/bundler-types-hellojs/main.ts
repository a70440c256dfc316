// A Vite/webpack app written as the README shows, with @types/hellojs installed (what a TypeScript user of
// hello.js has): every line must compile in strict mode, every @ts-expect-error must stay an error.
import hello from 'hellojs';
import type { Meeting, MeetingList, User, ZohoRegion } from 'hellojs-meetings';
import { register, VERSION } from 'hellojs-meetings';

// Issue 12, bullet 1: register(hello) takes @types/hellojs's HelloJSStatic; hello.init takes Zoho's settings.
const h = register(hello);
hello.init({ joinme: 'JOINME_API_KEY', zoho: 'ZOHO_CLIENT_ID' }, { redirect_uri: 'redirect.html' });
hello.init({ zoho: { id: 'ZOHO_CLIENT_ID', region: 'eu' } });
hello.init({ zoho: { proxy_api: true } }, { oauth_proxy: 'https://example.com/oauth-proxy' });
h.init({ zoho: { region: 'jp', datacentres: { jp: { accounts: 'https://a.example', meeting: 'https://m.example' } } } });
const region: ZohoRegion = 'au';
hello.init({ zoho: { id: 'ZOHO_CLIENT_ID', region } });
// @ts-expect-error: 'mars' is not a Zoho data centre
hello.init({ zoho: { id: 'ZOHO_CLIENT_ID', region: 'mars' } });
// @ts-expect-error: proxy_api is a switch
hello.init({ zoho: { proxy_api: 'yes' } });

async function calls(): Promise<void> {
  // Typed results on hello itself (the augmentation) and on what register returned.
  const me: User = await hello('zoho').api('me');
  const list: MeetingList = await h('zoho').api('me/meetings', 'get', { limit: 5 });
  const first: Meeting | undefined = list.data[0];
  const created: Meeting = await hello('joinme').api('me/meetings', 'post', { name: 'Standup', start_time: new Date(), duration: 15 });
  await hello('zoho').api('me/meeting', 'patch', { id: created.id, agenda: 'Moved' });
  const deleted: { success: true } = await hello('zoho').api('me/meeting', 'delete', { id: created.id });
  await hello('zoho').login({ scope: 'basic,meetings', response_type: 'code' });
  // A callback gets the answer or the error (and keeps hello.js from reporting the rejection unhandled).
  await hello('zoho').api('me/meetings', 'get', { limit: 5 }, (response) => console.log(response));
  void [me.id, first?.start_time, deleted];

  // Issue 12, bullet 2: the result of register keeps hello's own API.
  h.on('auth.login', (event) => void event.network);
  const token: string | undefined = h.getAuthResponse('zoho').access_token;
  await h.logout('zoho', { force: true });
  await h('google').login();
  await h.login('zoho', { display: 'popup' });
  void token;

  // Wrong paths, wrong methods and missing ids stay compile errors (test/consumers/misuse shows the messages).
  // A path known only at run time: hello.js's own untyped api().
  const dynamicPath: string = 'me';
  await hello('zoho' as string).api(dynamicPath);
  // @ts-expect-error: an unknown path
  await hello('zoho').api('me/meetingz');
  // @ts-expect-error: join.me has no webinars
  await hello('joinme').api('me/webinars');
  // @ts-expect-error: me is read only
  await h('zoho').api('me', 'post');
  // @ts-expect-error: a meeting is named by id
  await h('zoho').api('me/meeting', 'get', {});
  // @ts-expect-error: delete answers { success: true }, not a Meeting
  const wrong: Meeting = await h('joinme').api('me/meeting', 'delete', { id: '1' });
  void wrong;
}
void calls;

// Issue 12, bullet 3: VERSION is a string, not the source's placeholder.
const version: string = VERSION;
// @ts-expect-error: not the literal '__VERSION__'
const placeholder: '__VERSION__' = VERSION;
void [version, placeholder];
