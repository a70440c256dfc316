// Type tests of the published declarations (dist/index.d.mts, through the exports map), with the types for
// hellojs this package ships: misuse must fail to compile. `tsc -p test/types` fails if any @ts-expect-error
// line stops being an error. test/consumers/ compiles the packed package the ways users do.
/// <reference path="../../types/hellojs.d.ts" />
import hello from 'hellojs';
import type { ApiError, Meeting, MeetingInput, MeetingList, User, ZohoModule, ZohoRegion } from 'hellojs-meetings';
import { register, VERSION } from 'hellojs-meetings';

const h = register(hello);

async function usage(): Promise<void> {
  const user: User = await h('zoho').api('me');
  const id: string = user.id;
  const list: MeetingList = await h('zoho').api('me/meetings', 'get', { limit: 10 });
  const first: Meeting | undefined = list.data[0];
  const start: string | undefined = first?.start_time;
  const created: Meeting = await h('joinme').api('me/meetings', 'post', { name: 'Standup', start_time: new Date(), duration: 15 });
  await h('zoho').api('me/meeting', 'patch', { id: created.id, name: 'Renamed' });
  await h('zoho').api('me/webinars');
  await h('joinme').api('meetings/update', 'put', { meetingId: 1, meetingName: 'Old-style body' });
  const removed: { success: true } = await h('zoho').api('me/meeting', 'delete', { id: '1' });
  void [id, start, removed];

  // @ts-expect-error: join.me has no webinars
  await h('joinme').api('me/webinars');
  // @ts-expect-error: an unknown path
  await h('zoho').api('me/meetingz');
  // @ts-expect-error: a meeting is named by id
  await h('zoho').api('me/meeting', 'get', {});
  // @ts-expect-error: delete answers { success: true }, not a Meeting
  const wrong: Meeting = await h('zoho').api('me/meeting', 'delete', { id: '1' });
  // @ts-expect-error: 'xx' is not a Zoho data centre
  const region: ZohoRegion = 'xx';
  // @ts-expect-error: hello.init takes a region from the table only
  h.init({ zoho: { id: 'x', region: 'mars' } });
  // @ts-expect-error: duration is minutes, a number
  const input: MeetingInput = { name: 'x', duration: '15' };
  // @ts-expect-error: the error code set is closed
  const error: ApiError = { error: { code: 'teapot', message: 'x' } };
  // @ts-expect-error: datacentres need both hosts
  const table: ZohoModule['datacentres'] = { us: { accounts: 'https://a' } };
  void [wrong, region, input, error, table];

  // register returns hello itself: its own API stays typed.
  h.on('auth.login', (event) => void event.network);
  await h('google').login();
  await h.logout('zoho');
  const token: string | undefined = h.getAuthResponse('zoho')?.access_token;
  const version: string = VERSION;
  // @ts-expect-error: VERSION is the built version, not the placeholder the source holds
  const placeholder: '__VERSION__' = VERSION;
  void [token, version, placeholder];
}
void usage;
