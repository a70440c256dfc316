// What the demo's browser tests share: the dev server with the emulator (consent page on) and the oauth
// proxy on a free port, headless Chromium driven by puppeteer-core, and the steps a person takes in the
// demo (log in through the consent page, fill and submit a form, use a row's buttons).
//
// Needs the drop-in built (npm run build) and Chromium (/usr/bin/chromium, or CHROME_PATH).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.mjs';
import { startMountedServer } from '../server-mounts.mjs';

const rootDir = fileURLToPath(new URL('../../', import.meta.url));
export const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
export const STEP = 10000; // the longest any one step may take

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

export function withTimeout(promise, what, ms = STEP) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const panel = (network) => `#${network}`;
export const collectionSelector = (network, index = 0) => `${panel(network)} .collection:nth-of-type(${index + 1})`;
/** The live regions: the panel's own (by the profile), the login form's, the session card's, a list's, a form's. */
export const notices = {
  panel: (network) => `${panel(network)} > .notice`,
  login: (network) => `${panel(network)} form.login .notice`,
  session: (network) => `${panel(network)} .session .notice`,
  list: (network, index = 0) => `${collectionSelector(network, index)} > .notice`,
  form: (network, index = 0) => `${collectionSelector(network, index)} .meeting-form .notice`,
};

/**
 * Starts the server and the browser, opens the demo.
 * @param {{ timezone?: string, demoData?: boolean }} [options] the browser's time zone (Chromium's, emulated);
 *   demoData: the emulated users come with a few meetings and a webinar, as `npm start` has them (default)
 */
export async function startDemo({ timezone, demoData = true } = {}) {
  const executablePath = chromiumPath();
  assert.ok(existsSync(new URL('../../dist/hello.meetings.js', import.meta.url)), 'build the drop-in first: npm run build');
  assert.ok(executablePath, 'Chromium not found: install it or set CHROME_PATH');
  mkdirSync(artifacts, { recursive: true });
  const port = await freePort();
  const { server, mounts } = await startMountedServer({ rootDir, port, consent: 'page', demoData, serve: 'demo' });
  const browser = await puppeteer.launch({ executablePath, headless: true, protocolTimeout: 30000, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  if (timezone) await page.emulateTimezone(timezone);
  // No smooth scrolling: a click lands where the element is, not where it was when the scroll began.
  await page.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
  page.setDefaultTimeout(STEP);
  await page.setViewport({ width: 1280, height: 900 });
  const demo = new Demo(page, `${mounts.page}/demo/`, mounts);
  page.on('dialog', (dialog) => {
    demo.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => demo.pageErrors.push(String(error)));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/__emu/') && !['GET', 'OPTIONS'].includes(request.method())) {
      demo.sent.push({ method: request.method(), path: url.pathname, body: request.postData() ?? '' });
    }
  });
  await page.goto(demo.url, { waitUntil: 'load' });
  await page.waitForSelector('html[data-ready]');
  demo.close = async () => {
    await browser.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
  };
  return demo;
}

/** The demo page, and what a person does on it. */
export class Demo {
  /**
   * @param {import('puppeteer-core').Page} page
   * @param {string} url
   * @param {Awaited<ReturnType<typeof startMountedServer>>['mounts']} mounts
   */
  constructor(page, url, mounts) {
    this.page = page;
    this.url = url;
    this.mounts = mounts;
    /** @type {string[]} */
    this.dialogs = [];
    /** @type {string[]} */
    this.pageErrors = [];
    /** @type {Array<{ method: string, path: string, body: string }>} what the page sent the emulated providers (writes) */
    this.sent = [];
    /** @type {() => Promise<void>} */
    this.close = async () => undefined;
  }

  /** The emulator's state (meetings, sessions, clock) and its request log. */
  get emulator() {
    return this.mounts.emulator;
  }

  /** The text of the first element matching `selector`, or null. */
  textOf(selector) {
    return this.page.$eval(selector, (node) => node.textContent?.trim() ?? '').catch(() => null);
  }

  /** Waits until the element's text satisfies `expected` (a string it must contain, or a RegExp). */
  async waitForText(selector, expected, timeout = STEP) {
    await this.page
      .waitForFunction(
        (sel, source, flags) => {
          const text = document.querySelector(sel)?.textContent ?? '';
          return flags === null ? text.includes(source) : new RegExp(source, flags).test(text);
        },
        { timeout },
        selector,
        expected instanceof RegExp ? expected.source : expected,
        expected instanceof RegExp ? expected.flags : null,
      )
      .catch(async (error) => {
        throw new Error(`${selector} never said ${expected}; it says: ${await this.textOf(selector)} (${error.message})`);
      });
  }

  /** Waits until one of the panel's live regions (any of them) says `expected`; returns its text. */
  async waitForNotice(network, expected, timeout = STEP) {
    const found = await this.page
      .waitForFunction(
        (root, wanted) =>
          [...document.querySelectorAll(`${root} .notice`)].map((node) => node.textContent ?? '').find((text) => text.includes(wanted)),
        { timeout },
        panel(network),
        expected,
      )
      .catch(async () => {
        const said = await this.page.$$eval(`${panel(network)} .notice`, (nodes) => nodes.map((node) => node.textContent).filter(Boolean));
        throw new Error(`${network} never said "${expected}"; it says: ${JSON.stringify(said)}`);
      });
    return found.jsonValue();
  }

  /** The visible buttons under `root`, by their text. */
  visibleButtons(root) {
    return this.page.$$eval(`${root} button`, (nodes) =>
      nodes.filter((node) => node.getClientRects().length > 0).map((node) => node.textContent?.trim()),
    );
  }

  /** Clicks a button of `root` by its visible text (or, with `keyboard`, focuses it and presses Enter). */
  async clickButton(root, text, { keyboard = false } = {}) {
    const buttons = await this.page.$$(`${root} button`);
    for (const button of buttons) {
      const label = await button.evaluate((node) => (node.getClientRects().length === 0 ? null : node.textContent?.trim()));
      if (label === text) {
        if (keyboard) {
          await button.focus();
          await this.page.keyboard.press('Enter');
        } else {
          await button.click();
        }
        return;
      }
    }
    throw new Error(`no visible button "${text}" in ${root}`);
  }

  /** Replaces the value of a form field, as typing would. */
  async fill(selector, value) {
    await this.page.$eval(selector, (node) => {
      /** @type {HTMLInputElement} */ (node).value = '';
    });
    await this.page.type(selector, value);
  }

  /** Sets a field's value at once (a date-time input cannot be typed into portably). */
  async setValue(selector, value) {
    await this.page.$eval(
      selector,
      (node, text) => {
        /** @type {HTMLInputElement} */ (node).value = text;
        node.dispatchEvent(new Event('input', { bubbles: true }));
      },
      value,
    );
  }

  /** What has keyboard focus: 'BODY', or a description of the element. */
  focused() {
    return this.page.evaluate(() => {
      const node = document.activeElement;
      if (!node || node === document.body) return 'BODY';
      const text = node.tagName === 'BUTTON' ? node.textContent?.trim() : undefined;
      return node.getAttribute('aria-label') || text || node.getAttribute('name') || node.tagName;
    });
  }

  /** Ticks exactly the scopes given on a panel's login form. */
  async chooseScopes(network, scopes) {
    await this.page.$$eval(
      `${panel(network)} input[name="scope"]`,
      (boxes, wanted) => {
        for (const box of boxes) /** @type {HTMLInputElement} */ (box).checked = wanted.includes(box.value);
      },
      scopes,
    );
  }

  /** Clicks "Log in with a popup" and returns the popup (the emulator's consent page) once it shows. */
  async openLoginPopup(network, { keyboard = false } = {}) {
    const popupOpened = new Promise((resolve) => this.page.once('popup', resolve));
    await this.clickButton(panel(network), 'Log in with a popup', { keyboard });
    const popup = /** @type {import('puppeteer-core').Page} */ (await withTimeout(popupOpened, 'the login popup'));
    await popup.waitForSelector('button[value="allow"]', { timeout: STEP });
    return popup;
  }

  /** Picks `account` on the consent page (unless null: the one preselected) and clicks `decision`. */
  async decide(popup, account, decision = 'allow') {
    if (account) await popup.click(`input[name="emu_account"][value="${account}"]`);
    const closed = new Promise((resolve) => popup.once('close', resolve));
    await popup.click(`button[value="${decision}"]`);
    await withTimeout(closed, 'the login popup to close');
  }

  /**
   * Logs in with the popup: ticks the given grant, clicks "Log in with a popup", then on the emulator's consent
   * page picks `account` and clicks Allow. Returns once the panel shows the profile.
   */
  async popupLogin(network, { account, grant = 'token', name, keyboard = false, screenshot = false }) {
    const root = panel(network);
    await this.page.click(`${root} input[name="grant"][value="${grant}"]`);
    const popup = await this.openLoginPopup(network, { keyboard });
    assert.equal(await popup.$eval('h1', (node) => node.textContent), 'Allow access?');
    if (screenshot) {
      await popup.click(`input[name="emu_account"][value="${account}"]`);
      await popup.screenshot({ path: `${artifacts}demo-consent-${network}-${account.split('@')[0]}.png` });
    }
    await this.decide(popup, account);
    await this.waitForText(`${root} [data-slot="name"]`, name);
    assert.equal(await this.textOf(`${root} [data-slot="email"]`), account);
    assert.equal(await this.textOf(`${root} .badge`), 'Signed in');
    await this.settled();
  }

  /** After a (re)load: the demo has started and nothing is loading any more. */
  async settled() {
    await this.page.waitForSelector('html[data-ready]');
    await this.page.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0, { timeout: STEP });
  }

  /** The rows of a collection, as their visible names. */
  rowNames(network, collection = 0) {
    return this.page.$$eval(`${collectionSelector(network, collection)} tbody tr .item-name`, (nodes) =>
      nodes.map((node) => node.textContent),
    );
  }

  /** The text of the row named `name`. */
  rowText(network, name, index = 0) {
    return this.page.$$eval(
      `${collectionSelector(network, index)} tbody tr`,
      (rows, wanted) => rows.find((row) => row.querySelector('.item-name')?.textContent === wanted)?.textContent ?? null,
      name,
    );
  }

  /** Fills the schedule form of a collection (only the fields given) and submits it. */
  async submitForm(network, { name, duration, participants, start, timezone, index = 0 }) {
    const root = collectionSelector(network, index);
    if (name !== undefined) await this.fill(`${root} input[name="name"]`, name);
    if (duration !== undefined) await this.fill(`${root} input[name="duration"]`, duration);
    if (participants !== undefined) await this.fill(`${root} input[name="participants"]`, participants);
    if (start !== undefined) await this.setValue(`${root} input[name="start"]`, start);
    if (timezone !== undefined) await this.fill(`${root} input[name="timezone"]`, timezone);
    await this.page.click(`${root} button[type="submit"]`);
  }

  /** Fills the schedule form of a collection and submits it; waits for the row. */
  async schedule(network, { name, duration = '45', participants = '', index = 0, start, timezone }) {
    const root = collectionSelector(network, index);
    await this.submitForm(network, { name, duration, participants: participants || undefined, index, start, timezone });
    await this.page
      .waitForFunction(
        (sel, wanted) => [...document.querySelectorAll(`${sel} tbody .item-name`)].some((node) => node.textContent === wanted),
        { timeout: STEP },
        root,
        name,
      )
      .catch(async () => {
        const said = await this.page.$$eval(`${panel(network)} .notice`, (nodes) => nodes.map((node) => node.textContent).filter(Boolean));
        throw new Error(`"${name}" was not scheduled: ${JSON.stringify(said)}`);
      });
    await this.waitForNotice(network, 'Scheduled');
  }

  /** Clicks a row's action (Edit, Delete, Start…) for the row named `name`. */
  async rowAction(network, name, action, index = 0) {
    const root = collectionSelector(network, index);
    const button = await this.page.waitForSelector(`${root} tbody button[aria-label="${action} ${name.replace(/"/g, '\\"')}"]`);
    await button.click();
  }

  /** Deletes the row named `name`: Delete, then "Yes, delete" in the row. */
  async deleteRow(network, name, index = 0) {
    await this.rowAction(network, name, 'Delete', index);
    await this.rowAction(network, name, 'Yes, delete', index);
    await this.waitForNotice(network, `Deleted “${name}”`);
  }

  async logout(network, button = 'Log out') {
    await this.clickButton(`${panel(network)} .session`, button);
    await this.waitForText(`${panel(network)} .badge`, 'Signed out');
    assert.equal(await this.page.$eval(`${panel(network)} form.login`, (node) => node.hidden), false);
    return this.textOf(notices.login(network));
  }

  /** Logs out of whatever panel is signed in (for a test that starts signed out). */
  async signOutEverywhere() {
    await this.page.evaluate(() => {
      for (const network of ['joinme', 'zoho']) window.hello.utils.store(network, null);
    });
    await this.page.reload();
    await this.settled();
  }
}
