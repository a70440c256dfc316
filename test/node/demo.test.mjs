// A walkthrough of the demo site (demo/) as a person uses it: the dev server with the emulator (consent page on)
// and the oauth proxy, headless Chromium driven by puppeteer-core. Popups are real: the emulator's consent page
// opens in one, the test picks an account and clicks Allow. Screenshots go to test/artifacts/.
// The defects found by trying it as a new user have their own tests in demo-defects.test.mjs.
//
// Needs the drop-in built (npm run build) and Chromium (/usr/bin/chromium, or CHROME_PATH).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { artifacts, collectionSelector, notices, STEP, startDemo } from './demo-harness.mjs';

/** @type {import('./demo-harness.mjs').Demo} */
let demo;
/** @type {import('puppeteer-core').Page} */
let page;

before(async () => {
  demo = await startDemo();
  page = demo.page;
});

after(async () => {
  await demo?.close();
});

/** The walkthrough of meetings: schedule, see it listed, edit, start, delete. */
async function meetingsRoundTrip(network, { name, renamed, participants }) {
  // (The accounts may come with meetings of their own: only the rows named here are looked at.)
  const root = collectionSelector(network);
  await demo.schedule(network, { name, participants });
  assert.ok((await demo.rowNames(network)).includes(name));
  assert.match((await demo.rowText(network, name)) ?? '', /45 min/);
  assert.match((await demo.rowText(network, name)) ?? '', new RegExp(participants.replace('.', '\\.')));

  // Edit reads the whole meeting first, then fills the form.
  await demo.rowAction(network, name, 'Edit');
  await demo.waitForText(`${root} legend`, `Edit “${name}”`);
  assert.equal(await page.$eval(`${root} input[name="name"]`, (node) => node.value), name);
  assert.equal(await page.$eval(`${root} input[name="participants"]`, (node) => node.value), participants);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'name');
  await demo.fill(`${root} input[name="name"]`, renamed);
  await demo.fill(`${root} input[name="duration"]`, '60');
  await demo.clickButton(root, 'Save changes');
  await demo.waitForText(notices.form(network), `Saved “${renamed}”`);
  const names = await demo.rowNames(network);
  assert.ok(names.includes(renamed) && !names.includes(name));
  assert.match((await demo.rowText(network, renamed)) ?? '', /60 min/);
  assert.match(
    (await demo.rowText(network, renamed)) ?? '',
    new RegExp(participants.replace('.', '\\.')),
    'the edit kept the participants',
  );

  await demo.rowAction(network, renamed, 'Start');
  await demo.waitForText(notices.list(network), 'is ready to start');
  const startLink = await page.$eval(`${notices.list(network)} a`, (node) => node.href);
  assert.match(startLink, /^http:\/\//);

  await demo.deleteRow(network, renamed);
  assert.ok(!(await demo.rowNames(network)).includes(renamed));
}

/* ------------------------------------------------------------------ the walkthrough */

test('the dev server keeps server-side files (the emulator client secrets, the proxy) off the web', async () => {
  const origin = new URL(demo.url).origin;
  for (const path of ['/emulator/clients.mjs', '/emulator/index.mjs', '/proxy/handler.ts', '/test/server-mounts.mjs']) {
    assert.equal((await fetch(origin + path)).status, 404, path);
  }
  for (const path of ['/emulator/urls.mjs', '/emulator/accounts.mjs', '/dist/hello.meetings.js']) {
    assert.equal((await fetch(origin + path)).status, 200, path);
  }
});

test('the page loads signed out, with both providers side by side and no errors', async () => {
  assert.equal(await demo.textOf('#joinme h2'), 'join.me');
  assert.equal(await demo.textOf('#zoho h2'), 'Zoho Meeting');
  assert.equal(await demo.textOf('#joinme .badge'), 'Signed out');
  assert.equal(await demo.textOf('#zoho .badge'), 'Signed out');
  const boxes = await page.$$eval('.panel', (nodes) => nodes.map((node) => node.getBoundingClientRect().top));
  assert.equal(boxes[0], boxes[1], 'panels side by side on a desktop');
  // Zoho offers the data centres of the table in use (here the emulator's); join.me offers none.
  const regions = await page.$$eval('#zoho select[name="region"] option', (nodes) => nodes.map((node) => node.value));
  const table = await page.evaluate(() => Object.keys(window.hello.services.zoho.datacentres));
  assert.deepEqual(regions, ['', ...table]);
  assert.ok(table.includes('eu') && table.includes('cn') && table.includes('uk'));
  assert.equal(await page.$('#joinme select[name="region"]'), null);
  await page.screenshot({ path: `${artifacts}demo-desktop-signed-out.png`, fullPage: true });
});

test('keyboard and labels: the skip link comes first, every control is named, focus is visible', async () => {
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the providers');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const node = /** @type {HTMLElement} */ (document.activeElement);
    return { name: node.getAttribute('name'), ring: getComputedStyle(node).boxShadow };
  });
  assert.equal(focused.name, 'scope');
  assert.notEqual(focused.ring, 'none', 'a focused control shows a ring');
  const unlabelled = await page.$$eval('input, select, textarea', (nodes) =>
    nodes.filter((node) => node.offsetParent !== null && node.labels.length === 0).map((node) => node.outerHTML),
  );
  assert.deepEqual(unlabelled, []);
  const nameless = await page.$$eval(
    'button',
    (nodes) => nodes.filter((node) => node.offsetParent !== null && !(node.getAttribute('aria-label') || node.textContent?.trim())).length,
  );
  assert.equal(nameless, 0);
});

test('join.me: "Deny" on the consent page is said in words by the login form, and nothing is stored', async () => {
  const popup = await demo.openLoginPopup('joinme');
  await demo.decide(popup, null, 'deny');
  await demo.waitForText(notices.login('joinme'), 'Could not log in');
  assert.match((await demo.textOf(notices.login('joinme'))) ?? '', /^Could not log in: The login was declined .*\(access_denied\)$/);
  assert.equal(await page.$eval(notices.login('joinme'), (node) => node.classList.contains('error')), true);
  assert.equal(await page.evaluate(() => window.hello('joinme').getAuthResponse()), null);
  assert.equal(await demo.textOf('#joinme .badge'), 'Signed out');
});

/** The first screen after login lists the demo's seeded meetings (nothing scheduled yet), and is saved. */
async function firstScreenLists(network, expected, collection = 0) {
  await page.waitForFunction(
    (sel, count) => document.querySelectorAll(`${sel} tbody .item-name`).length >= count,
    { timeout: STEP },
    collectionSelector(network, collection),
    expected.length,
  );
  const names = await demo.rowNames(network, collection);
  for (const name of expected) assert.ok(names.includes(name), `${network} lists “${name}” after login (it shows: ${names.join(', ')})`);
}

test('join.me: popup login through the consent page, then schedule, edit, start and delete a meeting', async () => {
  await demo.popupLogin('joinme', { account: 'ada@example.com', name: 'Ada Lovelace', keyboard: true, screenshot: true });
  await firstScreenLists('joinme', ['Team stand-up', 'Design review', 'Customer demo']);
  await page.screenshot({ path: `${artifacts}demo-first-screen-joinme.png`, fullPage: true });
  assert.match((await demo.textOf('#joinme [data-slot="grant"]')) ?? '', /Implicit/);
  assert.match((await demo.textOf('#joinme [data-slot="expiry"]')) ?? '', /^in \d+ h \d\d min \(/);
  await meetingsRoundTrip('joinme', { name: 'Planning', renamed: 'Planning (moved)', participants: 'bob@example.com' });
});

test('a meeting named like markup is shown as text: no element made, no script run', async () => {
  const hostile = '<img src=x onerror=alert(1)>';
  await demo.schedule('joinme', { name: hostile, duration: '15' });
  assert.ok((await demo.rowNames('joinme')).includes(hostile));
  assert.equal(await page.$$eval('#joinme tbody img, #joinme .notice img, img[src="x"]', (nodes) => nodes.length), 0);
  // The notice repeats the name, as text too.
  assert.match((await demo.textOf(notices.form('joinme'))) ?? '', /<img src=x onerror=alert\(1\)>/);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(demo.dialogs, []);
});

test('Zoho: an EU account logs in with the code grant and lands in the EU data centre; meetings and webinars work', async () => {
  // Let the login decide the data centre: the account picked on the consent page lives in the EU.
  await page.select('#zoho select[name="region"]', '');
  await demo.popupLogin('zoho', { account: 'marie@example.eu', grant: 'code', name: 'Marie Curie', screenshot: true });
  await firstScreenLists('zoho', ['Weekly planning', 'One-to-one']);
  await firstScreenLists('zoho', ['Product launch'], 1);
  await page.screenshot({ path: `${artifacts}demo-first-screen-zoho.png`, fullPage: true });
  assert.equal(await demo.textOf('#zoho [data-slot="dataCentre"]'), 'Europe (eu)');
  assert.match((await demo.textOf('#zoho [data-slot="grant"]')) ?? '', /Code/);
  assert.match((await demo.textOf('#zoho [data-slot="meta"]')) ?? '', /Exemple SARL/);
  await meetingsRoundTrip('zoho', { name: 'Board', renamed: 'Board (moved)', participants: 'ann@example.com' });

  // Webinars: the second list of the Zoho panel.
  await demo.schedule('zoho', { name: 'Launch', duration: '60', index: 1 });
  assert.ok((await demo.rowNames('zoho', 1)).includes('Launch'));

  // Refresh now: a new access token from the refresh token, through the proxy.
  const before = await page.evaluate(() => window.hello('zoho').getAuthResponse().access_token);
  await demo.clickButton('#zoho .session', 'Refresh now');
  await demo.waitForText(notices.session('zoho'), 'Refreshed');
  const after = await page.evaluate(() => window.hello('zoho').getAuthResponse());
  assert.notEqual(after.access_token, before);
  assert.equal(after.location, 'eu');
  // The refreshed session keeps its scopes (the demo passes them to the refresh login).
  assert.equal(after.scope, 'basic,meetings,webinars');
  assert.equal(await demo.textOf('#zoho [data-slot="granted"]'), 'basicmeetingswebinars');
});

test('screenshots: desktop and phone widths, signed in to both', async () => {
  await demo.schedule('zoho', { name: 'Quarterly review', participants: 'ann@example.com, bob@example.com' });
  await demo.schedule('joinme', { name: 'Design sync', participants: 'bob@example.com' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${artifacts}demo-desktop.png`, fullPage: true });

  // (Switching to a mobile viewport reloads the page: the sessions are restored from storage.)
  await page.setViewport({ width: 390, height: 844, isMobile: true, deviceScaleFactor: 2 });
  await demo.settled();
  await page.waitForFunction(() => {
    const [a, b] = [...document.querySelectorAll('.panel')].map((node) => node.getBoundingClientRect());
    return b.top >= a.bottom;
  });
  // Nothing wider than the screen: the table became cards.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at phone width`);
  assert.equal(await page.$eval('#zoho tbody tr', (node) => getComputedStyle(node).display), 'block');
  // The restored sessions show their expiry straight away.
  assert.match((await demo.textOf('#zoho [data-slot="expiry"]')) ?? '', /^in \d+:\d\d/);
  await page.screenshot({ path: `${artifacts}demo-phone.png`, fullPage: true });
  // The same, a screen at a time (easier to look at).
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let screen = 0; screen * 844 < height && screen < 12; screen++) {
    await page.evaluate((y) => window.scrollTo({ top: y, behavior: 'instant' }), screen * 844);
    await page.screenshot({ path: `${artifacts}demo-phone-${String(screen + 1).padStart(2, '0')}.png` });
  }
  await page.setViewport({ width: 1280, height: 900 });
  await demo.settled();
  await demo.waitForText('#joinme [data-slot="name"]', 'Ada Lovelace');
});

test('join.me: "expire access" ends an implicit session', async () => {
  await demo.clickButton('#joinme .session', 'Expire access');
  await demo.waitForText('#joinme .badge', /Signed out|Session expired/);
  assert.match((await demo.textOf(notices.login('joinme'))) ?? '', /expired/);
});

test('join.me: a full-page login leaves the page and comes back signed in; a reload keeps the session', async () => {
  await page.click('#joinme input[name="grant"][value="code"]');
  await Promise.all([page.waitForNavigation(), demo.clickButton('#joinme', 'Log in on this page')]);
  await page.waitForSelector('button[value="allow"]');
  assert.match(page.url(), /__emu\/joinme\/secure/);
  await Promise.all([page.waitForNavigation({ url: (url) => url.pathname === '/demo/' }), page.click('button[value="allow"]')]);
  await page.waitForSelector('html[data-ready]');
  await demo.waitForText('#joinme [data-slot="name"]', 'Ada Lovelace');
  assert.match((await demo.textOf('#joinme [data-slot="grant"]')) ?? '', /Code/);

  await page.reload();
  await demo.settled();
  await demo.waitForText('#joinme [data-slot="name"]', 'Ada Lovelace');
  // The meetings scheduled before are still listed.
  await page.waitForFunction(() => document.querySelectorAll('#joinme tbody tr').length >= 2);

  // Expire access on a code-grant session: join.me ends the token, the module refreshes it through the proxy.
  const before = await page.evaluate(() => window.hello('joinme').getAuthResponse().access_token);
  await demo.clickButton('#joinme .session', 'Expire access');
  await demo.waitForText(notices.session('joinme'), 'being refreshed');
  await page.waitForFunction(
    (old) => {
      const session = window.hello('joinme').getAuthResponse();
      return session?.access_token && session.access_token !== old;
    },
    { timeout: STEP },
    before,
  );
  // The new token works.
  await demo.clickButton('#joinme .collection', 'Reload');
  await demo.settled();
  assert.ok((await demo.rowNames('joinme')).includes('Design sync'));
});

test("a failed call is said in words in the list's live region", async () => {
  // Read the meeting list with a token join.me no longer accepts.
  await page.evaluate(() => {
    const session = window.hello('joinme').getAuthResponse();
    window.hello.utils.store('joinme', { ...session, access_token: 'revoked-token' });
  });
  await demo.clickButton('#joinme .collection', 'Reload');
  await demo.waitForText(notices.list('joinme'), 'Could not list the meetings');
  const notice = await page.$eval(notices.list('joinme'), (node) => ({
    text: node.textContent,
    live: node.getAttribute('aria-live'),
    role: node.getAttribute('role'),
    visible: node.offsetParent !== null,
    error: node.classList.contains('error'),
  }));
  assert.deepEqual(
    { live: notice.live, role: notice.role, visible: notice.visible, error: notice.error },
    { live: 'polite', role: 'status', visible: true, error: true },
  );
  assert.match(notice.text, /log in again/);
  assert.match(notice.text, /invalid_token/);
});

test('log out of both; Zoho "log out and revoke" revokes the refresh token', async () => {
  await demo.logout('joinme');
  const text = await demo.logout('zoho', 'Log out and revoke');
  assert.match(text ?? '', /revoked/);
  assert.equal(await page.evaluate(() => window.hello('zoho').getAuthResponse()), null);
});

test('Zoho: implicit login with the data centre pinned and an account hint', async () => {
  await page.select('#zoho select[name="region"]', 'ca');
  await demo.fill('#zoho input[name="hint"]', 'pierre@example.ca');
  await demo.popupLogin('zoho', { account: 'pierre@example.ca', grant: 'token', name: 'Pierre Lévesque' });
  assert.equal(await demo.textOf('#zoho [data-slot="dataCentre"]'), 'Canada (ca)');
});

// Sessions are checked when hello.js reads them, so the page's hello.init (the emulator's data-centre
// table) is in place by then: an implicit Zoho session of an overridden data centre survives a reload.
test('Zoho: a reload keeps an implicit session', {}, async () => {
  await page.reload();
  await demo.settled();
  await demo.waitForText('#zoho [data-slot="name"]', 'Pierre Lévesque', 2000);
});

test('Zoho: log out', async () => {
  // Whether or not the session survived the reload above, the panel ends signed out.
  if ((await demo.textOf('#zoho .badge')) === 'Signed in') await demo.logout('zoho');
  assert.equal(await demo.textOf('#zoho .badge'), 'Signed out');
});

test('no script errors and no dialogs along the way', () => {
  assert.deepEqual(demo.pageErrors, []);
  assert.deepEqual(demo.dialogs, []);
});
