// Mistakes a person makes, each of which must fail to compile with a message that says what is wrong:
// expected-errors.txt holds what tsc prints, and the test compares the two.
import hello from 'hellojs';
import { register } from 'hellojs-meetings';

const h = register(hello);

export async function mistakes(): Promise<void> {
  await hello('zoho').api('me/meetingz');
  await hello('zoho').api('me', 'post');
  await hello('zoho').api('me/meeting', 'get', {});
  await hello('zoho').api('me/meeting', 'get');
  await hello('zoho').api('me/meeting/start');
  await h('joinme').api('me/webinars');
  await h('zoho').api('me/meetings', 'post', { duration: '15' });
  hello.init({ zoho: { id: 'ZOHO_CLIENT_ID', region: 'mars' } });
}
