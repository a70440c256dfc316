// The same app without @types/hellojs: `import hello from 'hellojs'` alone is TS7016 (hellojs ships no
// types); the types this package ships for it take their place.
/// <reference types="hellojs-meetings/hellojs" />
import hello from 'hellojs';
import type { MeetingList, User } from 'hellojs-meetings';
import { register } from 'hellojs-meetings';

const h = register(hello);
hello.init({ zoho: { id: 'ZOHO_CLIENT_ID', region: 'eu', proxy_api: true } }, { redirect_uri: 'redirect.html' });
// @ts-expect-error: 'mars' is not a Zoho data centre
hello.init({ zoho: { id: 'ZOHO_CLIENT_ID', region: 'mars' } });

async function calls(): Promise<void> {
  const me: User = await hello('zoho').api('me');
  const list: MeetingList = await h('joinme').api('meetings');
  await h('zoho').login({ scope: 'basic,meetings' });
  h.on('auth.login', (event) => void event.network);
  const token: string | undefined = h.getAuthResponse('zoho')?.access_token;
  await h('google').api('me');
  await h.logout('zoho');
  // A path known only at run time: hello.js's own untyped api().
  const dynamicPath: string = 'me';
  await hello('zoho' as string).api(dynamicPath);
  // @ts-expect-error: an unknown path
  await h('zoho').api('me/meetingz');
  // @ts-expect-error: hello.js's api() has no positional query argument
  await hello.api('me', {}, 'get');
  void [me, list, token];
}
void calls;
