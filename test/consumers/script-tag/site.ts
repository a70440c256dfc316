// A site that loads hello.js and the drop-in by script tag and writes TypeScript without imports: the
// global `hello` (from @types/hellojs) knows the two networks once the package's types are listed.
hello.init({ joinme: 'JOINME_API_KEY', zoho: { id: 'ZOHO_CLIENT_ID', region: 'eu' } }, { redirect_uri: 'redirect.html' });

async function show(): Promise<void> {
  await hello('joinme').login({ scope: 'basic,scheduler,start' });
  const user = await hello('joinme').api('me');
  const list = await hello('zoho').api('me/meetings', 'get', { limit: 3 });
  console.log(user.id, list.data.length);
  // @ts-expect-error: an unknown path
  await hello('zoho').api('me/meetingz');
}
void show;
