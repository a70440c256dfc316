// A walkthrough of the demo site (demo/) as a person uses it: the dev server with the emulator (consent page on)
// and the oauth proxy, headless Chromium driven by puppeteer-core. Popups are real: the emulator's consent page
// opens in one, the test picks an account and clicks Allow. Screenshots go to test/artifacts/.
//
// Needs the drop-in built (npm run build) and Chromium (/usr/bin/chromium, or CHROME_PATH).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.mjs';
import { devServerMounts } from '../server-mounts.mjs';

const rootDir = fileURLToPath(new URL('../../', import.meta.url));
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const executablePath = chromiumPath();
const STEP = 10000; // the longest any one step may take

/** @type {import('@web/dev-server-core').DevServer | undefined} */
let server;
/** @type {import('puppeteer-core').Browser | undefined} */
let browser;
/** @type {import('puppeteer-core').Page} */
let page;
let demoUrl = '';
const dialogs = [];
const pageErrors = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

before(async () => {
  assert.ok(existsSync(new URL('../../dist/hello.meetings.js', import.meta.url)), 'build the drop-in first: npm run build');
  assert.ok(executablePath, 'Chromium not found: install it or set CHROME_PATH');
  mkdirSync(artifacts, { recursive: true });
  const port = await freePort();
  const mounts = await devServerMounts({ port, consent: 'page' });
  server = await startDevServer({
    config: { rootDir, port, middleware: mounts.middleware, injectWebSocket: false, nodeResolve: false, watch: false },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
  });
  demoUrl = `${mounts.page}/demo/`;
  browser = await puppeteer.launch({
    executablePath,
    headless: true,
    protocolTimeout: 30000,
    args: CHROMIUM_ARGS,
  });
  page = await browser.newPage();
  page.setDefaultTimeout(STEP);
  await page.setViewport({ width: 1280, height: 900 });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(demoUrl, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready]');
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
});

/* ------------------------------------------------------------------ what a person does */

const panel = (network) => `#${network}`;

/** The text of the first element matching `selector`, or null. */
const textOf = (selector) => page.$eval(selector, (node) => node.textContent?.trim() ?? '').catch(() => null);

/** Waits until the element's text satisfies `expected` (a string it must contain, or a RegExp). */
async function waitForText(selector, expected, timeout = STEP) {
  await page.waitForFunction(
    (sel, source, flags) => {
      const text = document.querySelector(sel)?.textContent ?? '';
      return flags === null ? text.includes(source) : new RegExp(source, flags).test(text);
    },
    { timeout },
    selector,
    expected instanceof RegExp ? expected.source : expected,
    expected instanceof RegExp ? expected.flags : null,
  );
}

/** Clicks a button of `root` by its visible text (or, with `keyboard`, focuses it and presses Enter). */
async function clickButton(root, text, { keyboard = false } = {}) {
  const buttons = await page.$$(`${root} button`);
  for (const button of buttons) {
    const label = await button.evaluate((node) => (node.offsetParent === null ? null : node.textContent?.trim()));
    if (label === text) {
      if (keyboard) {
        await button.focus();
        await page.keyboard.press('Enter');
      } else {
        await button.click();
      }
      return;
    }
  }
  throw new Error(`no visible button "${text}" in ${root}`);
}

/** Replaces the value of a form field, as typing would. */
async function fill(selector, value) {
  await page.$eval(selector, (node) => {
    /** @type {HTMLInputElement} */ (node).value = '';
  });
  await page.type(selector, value);
}

/**
 * Logs in with the popup: ticks the given grant, clicks "Log in with a popup", then on the emulator's consent
 * page picks `account` and clicks Allow. Returns once the panel shows the profile.
 */
async function popupLogin(network, { account, grant = 'token', name, keyboard = false }) {
  const root = panel(network);
  await page.click(`${root} input[name="grant"][value="${grant}"]`);
  const popupOpened = new Promise((resolve) => page.once('popup', resolve));
  await clickButton(root, 'Log in with a popup', { keyboard });
  const popup = /** @type {import('puppeteer-core').Page} */ (await withTimeout(popupOpened, 'the login popup'));
  await popup.waitForSelector('button[value="allow"]', { timeout: STEP });
  assert.equal(await popup.$eval('h1', (node) => node.textContent), 'Allow access?');
  await popup.click(`input[name="emu_account"][value="${account}"]`);
  await popup.screenshot({ path: `${artifacts}demo-consent-${network}-${account.split('@')[0]}.png` });
  const closed = new Promise((resolve) => popup.once('close', resolve));
  await popup.click('button[value="allow"]');
  await withTimeout(closed, 'the login popup to close');
  await waitForText(`${root} [data-slot="name"]`, name);
  assert.equal(await textOf(`${root} [data-slot="email"]`), account);
  assert.equal(await textOf(`${root} .badge`), 'Signed in');
}

function withTimeout(promise, what, ms = STEP) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** After a (re)load: the demo has started and nothing is loading any more. */
async function settled() {
  await page.waitForSelector('html[data-ready]');
  await page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, { timeout: STEP });
}

/** The rows of a collection, as their visible names. */
async function rowNames(network, collection = 0) {
  return page.$$eval(`${panel(network)} .collection:nth-of-type(${collection + 1}) tbody tr .item-name`, (nodes) =>
    nodes.map((node) => node.textContent),
  );
}

const collectionSelector = (network, index = 0) => `${panel(network)} .collection:nth-of-type(${index + 1})`;

/** Fills the schedule form of a collection and submits it; waits for the row. */
async function schedule(network, { name, duration = '45', participants = '', index = 0 }) {
  const root = collectionSelector(network, index);
  await fill(`${root} input[name="name"]`, name);
  await fill(`${root} input[name="duration"]`, duration);
  if (participants) await fill(`${root} input[name="participants"]`, participants);
  await page.click(`${root} button[type="submit"]`);
  await page.waitForFunction(
    (sel, wanted) => [...document.querySelectorAll(`${sel} tbody .item-name`)].some((node) => node.textContent === wanted),
    { timeout: STEP },
    root,
    name,
  );
  await waitForText(`${panel(network)} .notice`, 'Scheduled');
}

/** Clicks a row's action (Edit, Delete, Start) for the row named `name`. */
async function rowAction(network, name, action, index = 0) {
  const root = collectionSelector(network, index);
  const button = await page.waitForSelector(`${root} tbody button[aria-label="${action} ${name.replace(/"/g, '\\"')}"]`);
  await button.click();
}

/** The walkthrough of meetings: schedule, see it listed, edit, start, delete. */
async function meetingsRoundTrip(network, { name, renamed, participants }) {
  const root = collectionSelector(network);
  await schedule(network, { name, participants });
  assert.ok((await rowNames(network)).includes(name));
  const row = `${root} tbody tr`;
  assert.match((await textOf(row)) ?? '', /45 min/);
  assert.match((await textOf(row)) ?? '', new RegExp(participants.replace('.', '\\.')));

  // Edit reads the whole meeting first, then fills the form.
  await rowAction(network, name, 'Edit');
  await waitForText(`${root} legend`, `Edit “${name}”`);
  assert.equal(await page.$eval(`${root} input[name="name"]`, (node) => node.value), name);
  assert.equal(await page.$eval(`${root} input[name="participants"]`, (node) => node.value), participants);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'name');
  await fill(`${root} input[name="name"]`, renamed);
  await fill(`${root} input[name="duration"]`, '60');
  await clickButton(root, 'Save changes');
  await waitForText(`${panel(network)} .notice`, `Saved “${renamed}”`);
  assert.deepEqual(await rowNames(network), [renamed]);
  assert.match((await textOf(row)) ?? '', /60 min/);

  await rowAction(network, renamed, 'Start');
  await waitForText(`${panel(network)} .notice`, 'is ready to start');
  const startLink = await page.$eval(`${panel(network)} .notice a`, (node) => node.href);
  assert.match(startLink, /^http:\/\//);

  await rowAction(network, renamed, 'Delete');
  await waitForText(`${panel(network)} .notice`, `Deleted “${renamed}”`);
  assert.deepEqual(await rowNames(network), []);
}

async function logout(network, button = 'Log out') {
  await clickButton(`${panel(network)} .session`, button);
  await waitForText(`${panel(network)} .badge`, 'Signed out');
  assert.equal(await page.$eval(`${panel(network)} form.login`, (node) => node.hidden), false);
  return textOf(`${panel(network)} .notice`);
}

/* ------------------------------------------------------------------ the walkthrough */

test('the dev server keeps server-side files (the emulator client secrets, the proxy) off the web', async () => {
  const origin = new URL(demoUrl).origin;
  for (const path of ['/emulator/clients.mjs', '/emulator/index.mjs', '/proxy/handler.ts', '/test/server-mounts.mjs']) {
    assert.equal((await fetch(origin + path)).status, 404, path);
  }
  for (const path of ['/emulator/urls.mjs', '/emulator/accounts.mjs', '/dist/hello.meetings.js']) {
    assert.equal((await fetch(origin + path)).status, 200, path);
  }
});

test('the page loads signed out, with both providers side by side and no errors', async () => {
  assert.equal(await textOf('#joinme h2'), 'join.me');
  assert.equal(await textOf('#zoho h2'), 'Zoho Meeting');
  assert.equal(await textOf('#joinme .badge'), 'Signed out');
  assert.equal(await textOf('#zoho .badge'), 'Signed out');
  const boxes = await page.$$eval('.panel', (nodes) => nodes.map((node) => node.getBoundingClientRect().top));
  assert.equal(boxes[0], boxes[1], 'panels side by side on a desktop');
  // Zoho offers the data centres; join.me does not.
  const regions = await page.$$eval('#zoho select[name="region"] option', (nodes) => nodes.map((node) => node.value));
  assert.deepEqual(regions, ['', 'us', 'eu', 'in', 'au', 'jp', 'ca', 'sa', 'cn', 'uk']);
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

test('join.me: "Deny" on the consent page is said in words, and nothing is stored', async () => {
  const popupOpened = new Promise((resolve) => page.once('popup', resolve));
  await clickButton('#joinme', 'Log in with a popup');
  const popup = /** @type {import('puppeteer-core').Page} */ (await withTimeout(popupOpened, 'the login popup'));
  await popup.waitForSelector('button[value="deny"]', { timeout: STEP });
  await popup.click('button[value="deny"]');
  await waitForText('#joinme .notice', 'Could not log in');
  assert.match((await textOf('#joinme .notice')) ?? '', /^Could not log in: The login was declined .*\(access_denied\)$/);
  assert.equal(await page.$eval('#joinme .notice', (node) => node.classList.contains('error')), true);
  assert.equal(await page.evaluate(() => window.hello('joinme').getAuthResponse()), null);
  assert.equal(await textOf('#joinme .badge'), 'Signed out');
});

test('join.me: popup login through the consent page, then schedule, edit, start and delete a meeting', async () => {
  await popupLogin('joinme', { account: 'ada@example.com', name: 'Ada Lovelace', keyboard: true });
  assert.match((await textOf('#joinme [data-slot="grant"]')) ?? '', /Implicit/);
  assert.match((await textOf('#joinme [data-slot="expiry"]')) ?? '', /^in \d+:\d\d:\d\d/);
  await meetingsRoundTrip('joinme', { name: 'Planning', renamed: 'Planning (moved)', participants: 'bob@example.com' });
});

test('a meeting named like markup is shown as text: no element made, no script run', async () => {
  const hostile = '<img src=x onerror=alert(1)>';
  await schedule('joinme', { name: hostile, duration: '15' });
  assert.ok((await rowNames('joinme')).includes(hostile));
  assert.equal(await page.$$eval('#joinme tbody img, #joinme .notice img, img[src="x"]', (nodes) => nodes.length), 0);
  // The notice repeats the name, as text too.
  assert.match((await textOf('#joinme .notice')) ?? '', /<img src=x onerror=alert\(1\)>/);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(dialogs, []);
});

test('Zoho: an EU account logs in with the code grant and lands in the EU data centre; meetings and webinars work', async () => {
  // Let the login decide the data centre: the account picked on the consent page lives in the EU.
  await page.select('#zoho select[name="region"]', '');
  await popupLogin('zoho', { account: 'marie@example.eu', grant: 'code', name: 'Marie Curie' });
  assert.equal(await textOf('#zoho [data-slot="dataCentre"]'), 'Europe (eu)');
  assert.match((await textOf('#zoho [data-slot="grant"]')) ?? '', /Code/);
  assert.match((await textOf('#zoho [data-slot="meta"]')) ?? '', /Exemple SARL/);
  await meetingsRoundTrip('zoho', { name: 'Board', renamed: 'Board (moved)', participants: 'ann@example.com' });

  // Webinars: the second list of the Zoho panel.
  await schedule('zoho', { name: 'Launch', duration: '60', index: 1 });
  assert.deepEqual(await rowNames('zoho', 1), ['Launch']);

  // Refresh now: a new access token from the refresh token, through the proxy.
  const before = await page.evaluate(() => window.hello('zoho').getAuthResponse().access_token);
  await clickButton('#zoho .session', 'Refresh now');
  await waitForText('#zoho .notice', 'Refreshed');
  const after = await page.evaluate(() => window.hello('zoho').getAuthResponse());
  assert.notEqual(after.access_token, before);
  assert.equal(after.location, 'eu');
  // The refreshed session keeps its scopes (the demo passes them to the refresh login).
  assert.equal(after.scope, 'basic,meetings,webinars');
  assert.equal(await textOf('#zoho [data-slot="granted"]'), 'basicmeetingswebinars');
});

test('screenshots: desktop and phone widths, signed in to both', async () => {
  await schedule('zoho', { name: 'Quarterly review', participants: 'ann@example.com, bob@example.com' });
  await schedule('joinme', { name: 'Design sync', participants: 'bob@example.com' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${artifacts}demo-desktop.png`, fullPage: true });

  // (Switching to a mobile viewport reloads the page: the sessions are restored from storage.)
  await page.setViewport({ width: 390, height: 844, isMobile: true, deviceScaleFactor: 2 });
  await settled();
  await page.waitForFunction(() => {
    const [a, b] = [...document.querySelectorAll('.panel')].map((node) => node.getBoundingClientRect());
    return b.top >= a.bottom;
  });
  // Nothing wider than the screen: the table became cards.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at phone width`);
  assert.equal(await page.$eval('#zoho tbody tr', (node) => getComputedStyle(node).display), 'block');
  // The restored sessions show their expiry straight away.
  assert.match((await textOf('#zoho [data-slot="expiry"]')) ?? '', /^in \d+:\d\d/);
  await page.screenshot({ path: `${artifacts}demo-phone.png`, fullPage: true });
  // The same, a screen at a time (easier to look at).
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let screen = 0; screen * 844 < height && screen < 12; screen++) {
    await page.evaluate((y) => window.scrollTo({ top: y, behavior: 'instant' }), screen * 844);
    await page.screenshot({ path: `${artifacts}demo-phone-${String(screen + 1).padStart(2, '0')}.png` });
  }
  await page.setViewport({ width: 1280, height: 900 });
  await settled();
  await waitForText('#joinme [data-slot="name"]', 'Ada Lovelace');
});

test('join.me: "expire access" ends an implicit session', async () => {
  await clickButton('#joinme .session', 'Expire access');
  await waitForText('#joinme .badge', 'Signed out');
  assert.match((await textOf('#joinme .notice')) ?? '', /expired/);
});

test('join.me: a full-page login leaves the page and comes back signed in; a reload keeps the session', async () => {
  await page.click('#joinme input[name="grant"][value="code"]');
  await Promise.all([page.waitForNavigation(), clickButton('#joinme', 'Log in on this page')]);
  await page.waitForSelector('button[value="allow"]');
  assert.match(page.url(), /__emu\/joinme\/secure/);
  await Promise.all([page.waitForNavigation({ url: (url) => url.pathname === '/demo/' }), page.click('button[value="allow"]')]);
  await page.waitForSelector('html[data-ready]');
  await waitForText('#joinme [data-slot="name"]', 'Ada Lovelace');
  assert.match((await textOf('#joinme [data-slot="grant"]')) ?? '', /Code/);

  await page.reload();
  await settled();
  await waitForText('#joinme [data-slot="name"]', 'Ada Lovelace');
  // The meetings scheduled before are still listed.
  await page.waitForFunction(() => document.querySelectorAll('#joinme tbody tr').length >= 2);

  // Expire access on a code-grant session: join.me ends the token, the module refreshes it through the proxy.
  const before = await page.evaluate(() => window.hello('joinme').getAuthResponse().access_token);
  await clickButton('#joinme .session', 'Expire access');
  await waitForText('#joinme .notice', 'being refreshed');
  await page.waitForFunction(
    (old) => {
      const session = window.hello('joinme').getAuthResponse();
      return session?.access_token && session.access_token !== old;
    },
    { timeout: STEP },
    before,
  );
  // The new token works.
  await clickButton('#joinme .collection', 'Reload');
  await settled();
  assert.ok((await rowNames('joinme')).includes('Design sync'));
});

test('a failed call is said in words in the live region', async () => {
  // Read the meeting list with a token join.me no longer accepts.
  await page.evaluate(() => {
    const session = window.hello('joinme').getAuthResponse();
    window.hello.utils.store('joinme', { ...session, access_token: 'revoked-token' });
  });
  await clickButton('#joinme .collection', 'Reload');
  await waitForText('#joinme .notice', 'Could not list the meetings');
  const notice = await page.$eval('#joinme .notice', (node) => ({
    text: node.textContent,
    live: node.getAttribute('aria-live'),
    role: node.getAttribute('role'),
    visible: node.offsetParent !== null,
    error: node.classList.contains('error'),
  }));
  assert.deepEqual(
    { live: notice.live, role: notice.role, visible: notice.visible, error: notice.error },
    {
      live: 'polite',
      role: 'status',
      visible: true,
      error: true,
    },
  );
  assert.match(notice.text, /log in again/);
  assert.match(notice.text, /invalid_token/);
});

test('log out of both; Zoho "log out and revoke" revokes the refresh token', async () => {
  await logout('joinme');
  const text = await logout('zoho', 'Log out and revoke');
  assert.match(text ?? '', /revoked/);
  assert.equal(await page.evaluate(() => window.hello('zoho').getAuthResponse()), null);
});

test('Zoho: implicit login with the data centre pinned and an account hint', async () => {
  await page.select('#zoho select[name="region"]', 'ca');
  await fill('#zoho input[name="hint"]', 'pierre@example.ca');
  await popupLogin('zoho', { account: 'pierre@example.ca', grant: 'token', name: 'Pierre Lévesque' });
  assert.equal(await textOf('#zoho [data-slot="dataCentre"]'), 'Canada (ca)');
});

// Sessions are checked when hello.js reads them, so the page's hello.init (the emulator's data-centre
// table) is in place by then: an implicit Zoho session of an overridden data centre survives a reload.
test('Zoho: a reload keeps an implicit session', {}, async () => {
  await page.reload();
  await settled();
  await waitForText('#zoho [data-slot="name"]', 'Pierre Lévesque', 2000);
});

test('Zoho: log out', async () => {
  // Whether or not the session survived the reload above, the panel ends signed out.
  if ((await textOf('#zoho .badge')) === 'Signed in') await logout('zoho');
  assert.equal(await textOf('#zoho .badge'), 'Signed out');
});

test('no script errors and no dialogs along the way', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(dialogs, []);
});
