// docs/emulator.md's Playwright example, run as a test: a tiny site (a login button and a list of meetings)
// tested offline against hellojs-meetings-emulator. The code between the markers is the example the page
// shows, word for word (the last test checks it).
// --- example start
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { serveEmulator } from 'hellojs-meetings/emulator';
import { chromium } from 'playwright-core';

// A tiny site: hello.js, the drop-in, a login button and a list of meetings. Yours is served by your own tools.
const require = createRequire(import.meta.url);
const files = {
  '/hello.all.js': readFileSync(require.resolve('hellojs/dist/hello.all.js'), 'utf8'),
  '/hello.meetings.js': readFileSync(require.resolve('hellojs-meetings/hello.meetings.js'), 'utf8'),
  '/redirect.html': '<!doctype html><script src="/hello.all.js"></script><script src="/hello.meetings.js"></script>',
  '/': `<!doctype html><meta charset="utf-8"><title>My meetings</title>
<script src="/hello.all.js"></script><script src="/hello.meetings.js"></script>
<button id="login">Log in with Zoho</button><p id="status"></p><ul id="meetings"></ul>
<script type="module">
  // In tests the site reads where its providers are from /config.json; in production, the real ones.
  const { endpoints, oauth_proxy } = await (await fetch('/config.json')).json();
  hello.init(endpoints, { redirect_uri: new URL('/redirect.html', location.href).href, oauth_proxy });
  document.querySelector('#login').onclick = async () => {
    try {
      await hello('zoho').login({ scope: 'basic,meetings', response_type: 'code' });
      const { data } = await hello('zoho').api('me/meetings');
      document.querySelector('#meetings').replaceChildren(
        ...data.map((meeting) => Object.assign(document.createElement('li'), { textContent: meeting.name })),
      );
      document.querySelector('#status').textContent = 'Signed in';
    } catch (error) {
      document.querySelector('#status').textContent = 'Login failed: ' + (error.error?.code ?? error.error);
    }
  };
</script>`,
};
let config = {};
const site = createServer((req, res) => {
  const path = new URL(req.url, 'http://site').pathname;
  if (path === '/config.json') return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(config));
  const body = files[path];
  const type = path.endsWith('.js') ? 'text/javascript' : 'text/html';
  res.writeHead(body ? 200 : 404, { 'Content-Type': type }).end(body ?? 'not found');
});

let emulator;
let browser;
before(async () => {
  await new Promise((resolve) => site.listen(0, 'localhost', resolve));
  const siteOrigin = `http://localhost:${site.address().port}`;
  // The emulated join.me and Zoho, with the oauth proxy at /proxy: the code grant works offline too.
  emulator = await serveEmulator({ redirectUris: [`${siteOrigin}/redirect.html`], consent: 'page' });
  config = { endpoints: emulator.endpoints, oauth_proxy: emulator.proxyUrl };
  browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-popup-blocking'],
  });
});
after(async () => {
  await browser?.close();
  await emulator?.close();
  site.close();
});

test('a Zoho user of the EU data centre logs in and sees their meetings', async () => {
  await emulator.control.reset();
  await emulator.control.seed({
    accounts: { zoho: [{ email: 'kim@example.eu', name: 'Kim Berg', region: 'eu' }] },
    meetings: [
      { provider: 'zoho', owner: 'kim@example.eu', name: 'Quarterly review', startsIn: 60 },
      { provider: 'zoho', owner: 'kim@example.eu', name: 'Budget', startsIn: 24 * 60, duration: 30 },
    ],
  });
  const page = await browser.newPage();
  await page.goto(`http://localhost:${site.address().port}/`);
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#login')]);
  // The emulated consent page: pick the account, allow.
  await popup.check('input[value="kim@example.eu"]');
  await popup.click('button[value="allow"]');
  await page.locator('#status', { hasText: 'Signed in' }).waitFor();
  assert.deepEqual(await page.locator('#meetings li').allTextContents(), ['Quarterly review', 'Budget']);
  // The calls went to the EU data centre, with the token the proxy exchanged the code for.
  const log = await emulator.control.log();
  assert.ok(log.some((entry) => entry.region === 'eu' && entry.path.endsWith('/sessions.json')));
  await page.close();
});

test('a declined login is said on the page', async () => {
  await emulator.control.reset();
  await emulator.control.setConsent('deny');
  const page = await browser.newPage();
  await page.goto(`http://localhost:${site.address().port}/`);
  await page.click('#login');
  await page.locator('#status', { hasText: 'Login failed' }).waitFor();
  assert.equal(await page.locator('#status').textContent(), 'Login failed: access_denied');
  await page.close();
});
// --- example end

test('docs/emulator.md shows this example word for word', () => {
  const source = readFileSync(new URL(import.meta.url), 'utf8');
  const example = source.slice(source.indexOf('// --- example start\n') + 21, source.indexOf('// --- example end'));
  const doc = readFileSync(new URL('../../docs/emulator.md', import.meta.url), 'utf8');
  assert.ok(doc.includes(`\`\`\`js\n${example}\`\`\``), 'docs/emulator.md carries the example of test/node/emulator-example.test.mjs');
});
