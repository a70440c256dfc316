// The demo as a new user found it (issue 16): each defect, tried in headless Chromium as a person would, at
// desktop (1280) and phone (390) widths. The browser runs in Tokyo's time zone, so a page that reads a
// date-time field in the browser's zone (rather than the meeting's) shows it. Screenshots go to test/artifacts/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { artifacts, collectionSelector, notices, panel, STEP, startDemo } from './demo-harness.mjs';

/** @type {import('./demo-harness.mjs').Demo} */
let demo;
/** @type {import('puppeteer-core').Page} */
let page;

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

before(async () => {
  demo = await startDemo({ timezone: 'Asia/Tokyo' });
  page = demo.page;
});

after(async () => {
  await demo?.close();
});

/** A start date a year ahead, as a datetime-local value. */
function nextYear(month = '01', day = '15', time = '09:00') {
  return `${new Date().getUTCFullYear() + 1}-${month}-${day}T${time}`;
}

/** The bodies the page sent to paths matching `path` with `method`, parsed. */
function sentBodies(method, path) {
  return demo.sent.filter((entry) => entry.method === method && path.test(entry.path)).map((entry) => JSON.parse(entry.body || '{}'));
}

/** Signed out of both, and the page freshly loaded at desktop width. */
async function fresh() {
  await page.setViewport(DESKTOP);
  await demo.signOutEverywhere();
}

/** How far the page scrolls sideways, and how far the table spills out of its panel. */
function overflow(network) {
  return page.evaluate((root) => {
    const table = document.querySelector(`${root} table`);
    const panelBox = document.querySelector(root).getBoundingClientRect();
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      table: table ? Math.round(table.getBoundingClientRect().right - panelBox.right) : 0,
    };
  }, panel(network));
}

test('1. a long unbroken meeting name wraps: no column pushed out, no sideways scroll (desktop and phone)', async () => {
  await fresh();
  await demo.popupLogin('joinme', { account: 'ada@example.com', name: 'Ada Lovelace' });
  const long = `Quarterly${'Planning'.repeat(20)}`;
  await demo.schedule('joinme', { name: long });
  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ]) {
    await page.setViewport(viewport);
    const { page: sideways, table } = await overflow('joinme');
    assert.ok(sideways <= 0, `${label}: the page scrolls sideways by ${sideways}px`);
    assert.ok(table <= 1, `${label}: the table spills ${table}px out of its panel`);
    await page.$eval(collectionSelector('joinme'), (node) => node.scrollIntoView());
    await page.screenshot({ path: `${artifacts}demo-long-name-${label}.png` });
  }
  await page.setViewport(DESKTOP);
  await demo.deleteRow('joinme', long);
});

test('2. "Log in on this page": Deny comes back with the reason by the form; a success is said, focus on the profile', async () => {
  await fresh();
  await Promise.all([page.waitForNavigation(), demo.clickButton('#joinme', 'Log in on this page')]);
  await page.waitForSelector('button[value="deny"]');
  await Promise.all([page.waitForNavigation({ url: (url) => url.pathname === '/demo/' }), page.click('button[value="deny"]')]);
  await demo.settled();
  assert.match(await demo.waitForNotice('joinme', 'Could not log in'), /declined.*The user denied access.*\(access_denied\)/);
  await demo.waitForText(notices.login('joinme'), 'Could not log in');
  assert.equal(await demo.textOf('#joinme .badge'), 'Signed out');
  assert.equal(await demo.focused(), 'Log in on this page');

  await Promise.all([page.waitForNavigation(), demo.clickButton('#joinme', 'Log in on this page')]);
  await page.waitForSelector('button[value="allow"]');
  await Promise.all([page.waitForNavigation({ url: (url) => url.pathname === '/demo/' }), page.click('button[value="allow"]')]);
  await demo.settled();
  await demo.waitForText('#joinme [data-slot="name"]', 'Ada Lovelace');
  await demo.waitForNotice('joinme', 'Signed in to join.me.');
  assert.equal(await demo.textOf(notices.panel('joinme')), 'Signed in to join.me.');
  assert.equal(await demo.focused(), 'Profile');
  // Said once: a reload says nothing more.
  await page.reload();
  await demo.settled();
  assert.equal(await demo.textOf(notices.panel('joinme')), '');
});

test('3. Zoho: "Starts" is wall-clock time in the chosen zone (not the browser\'s), and the row shows it so', async () => {
  await fresh();
  await demo.popupLogin('zoho', { account: 'grace@example.com', name: 'Grace Hopper' });
  // The zone field starts at the browser's.
  assert.equal(await page.$eval(`${collectionSelector('zoho')} input[name="timezone"]`, (node) => node.value), 'Asia/Tokyo');
  const start = nextYear('01', '15', '09:00');
  await demo.schedule('zoho', { name: 'New York stand-up', start, timezone: 'America/New_York' });
  const [created] = sentBodies('POST', /\/zoho\/us\/meeting\/api\/v2\/\d+\/sessions\.json$/).slice(-1);
  assert.equal(created.session.timezone, 'America/New_York');
  assert.equal(created.session.startTime, `Jan 15, ${start.slice(0, 4)} 09:00 AM`);
  const row = (await demo.rowText('zoho', 'New York stand-up')) ?? '';
  assert.match(row, /9:00\s?AM/);
  assert.match(row, /America\/New_York/);
  // 09:00 in New York in January is 23:00 in Tokyo.
  assert.match(row, /11:00\s?PM your time/);
  // Editing shows the same wall-clock time and zone.
  await demo.rowAction('zoho', 'New York stand-up', 'Edit');
  await demo.waitForText(`${collectionSelector('zoho')} legend`, 'Edit');
  assert.equal(await page.$eval(`${collectionSelector('zoho')} input[name="start"]`, (node) => node.value), start);
  assert.equal(await page.$eval(`${collectionSelector('zoho')} input[name="timezone"]`, (node) => node.value), 'America/New_York');
  await demo.clickButton(collectionSelector('zoho'), 'Cancel editing');
});

test('4. webinar invitees are not shown as "not given", and a rename sends only the new name', async () => {
  // (Still signed in to Zoho as Grace.)
  await demo.schedule('zoho', { name: 'Launch webinar', participants: 'ann@example.com', index: 1, start: nextYear('02') });
  const [created] = sentBodies('POST', /\/webinar\.json$/).slice(-1);
  assert.deepEqual(created.session.participants, [{ email: 'ann@example.com' }]);
  const row = (await demo.rowText('zoho', 'Launch webinar', 1)) ?? '';
  assert.doesNotMatch(row, /not given/);
  assert.match(row, /Registration page/);
  assert.equal(await demo.textOf(`${collectionSelector('zoho', 1)} thead th:nth-child(3)`), 'Registration');

  await demo.rowAction('zoho', 'Launch webinar', 'Edit', 1);
  await demo.waitForText(`${collectionSelector('zoho', 1)} legend`, 'Edit');
  await demo.fill(`${collectionSelector('zoho', 1)} input[name="name"]`, 'Launch webinar (renamed)');
  await demo.clickButton(collectionSelector('zoho', 1), 'Save changes');
  await demo.waitForNotice('zoho', 'Saved “Launch webinar (renamed)”');
  const [edit] = sentBodies('PUT', /\/webinar\/\d+\.json$/).slice(-1);
  assert.deepEqual(edit, { session: { topic: 'Launch webinar (renamed)' } });

  // The same for a meeting: a new length alone is sent alone (Zoho keeps a length).
  await demo.rowAction('zoho', 'New York stand-up', 'Edit');
  await demo.waitForText(`${collectionSelector('zoho')} legend`, 'Edit');
  await demo.fill(`${collectionSelector('zoho')} input[name="duration"]`, '20');
  await demo.clickButton(collectionSelector('zoho'), 'Save changes');
  await demo.waitForNotice('zoho', 'Saved “New York stand-up”');
  const [meetingEdit] = sentBodies('PUT', /\/sessions\/\d+\.json$/).slice(-1);
  assert.deepEqual(meetingEdit, { session: { duration: 20 * 60000 } });

  // Another zone alone keeps the wall-clock time: the start is sent with its new zone, nothing else.
  await demo.rowAction('zoho', 'New York stand-up', 'Edit');
  await demo.waitForText(`${collectionSelector('zoho')} legend`, 'Edit');
  await demo.fill(`${collectionSelector('zoho')} input[name="timezone"]`, 'Europe/Paris');
  await demo.clickButton(collectionSelector('zoho'), 'Save changes');
  await demo.waitForNotice('zoho', 'Saved “New York stand-up”');
  const [zoneEdit] = sentBodies('PUT', /\/sessions\/\d+\.json$/).slice(-1);
  const year = new Date().getUTCFullYear() + 1;
  assert.deepEqual(zoneEdit, { session: { startTime: `Jan 15, ${year} 09:00 AM`, timezone: 'Europe/Paris' } });
  assert.match((await demo.rowText('zoho', 'New York stand-up')) ?? '', /9:00\s?AM.*Europe\/Paris/);
});

test('5. a bad field is marked, and the message stands by the form (phone width)', async () => {
  await page.setViewport(PHONE);
  const root = collectionSelector('zoho');
  await demo.submitForm('zoho', { name: 'Typo', participants: 'ann@example.com, not-an-email', start: nextYear('03') });
  await demo.waitForNotice('zoho', 'not-an-email');
  await demo.waitForText(notices.form('zoho'), 'not-an-email');
  const marked = await page.$eval(`${root} input[name="participants"]`, (node) => ({
    invalid: node.getAttribute('aria-invalid'),
    describedBy: node.getAttribute('aria-describedby'),
    focused: document.activeElement === node,
  }));
  const noticeId = await page.$eval(notices.form('zoho'), (node) => node.id);
  assert.deepEqual(marked, { invalid: 'true', describedBy: noticeId, focused: true });
  // By the form: just under its buttons, on screen together with the field.
  const gap = await page.evaluate(
    (formNotice, submit) => {
      const a = document.querySelector(submit).getBoundingClientRect();
      const b = document.querySelector(formNotice).getBoundingClientRect();
      return { below: b.top - a.bottom, inView: b.bottom <= innerHeight && b.top >= 0 };
    },
    notices.form('zoho'),
    `${root} button[type="submit"]`,
  );
  assert.ok(gap.below >= 0 && gap.below < 40, `the message is ${gap.below}px from the buttons`);
  assert.equal(gap.inView, true);
  await page.screenshot({ path: `${artifacts}demo-phone-bad-field.png` });
  // Typing in the field clears the mark; a success is said by the form too.
  await page.type(`${root} input[name="participants"]`, 'x');
  assert.equal(await page.$eval(`${root} input[name="participants"]`, (node) => node.hasAttribute('aria-invalid')), false);
  await demo.submitForm('zoho', { participants: 'ann@example.com' });
  await demo.waitForText(notices.form('zoho'), 'Scheduled “Typo”');
  await page.setViewport(DESKTOP);
});

test('6. an inactive join.me account is refused: no "Signed in", no schedule form', async () => {
  await fresh();
  await page.click('#joinme input[name="grant"][value="token"]');
  const popup = await demo.openLoginPopup('joinme');
  await demo.decide(popup, 'inactive@example.com');
  await demo.waitForText('#joinme .badge', 'Account refused');
  await demo.settled();
  assert.match((await demo.textOf(notices.panel('joinme'))) ?? '', /refuses this account: Account Inactive/);
  assert.equal(await page.$eval(`${collectionSelector('joinme')}`, (node) => node.getClientRects().length), 0, 'no meetings offered');
  assert.deepEqual(await demo.visibleButtons('#joinme .session'), ['Log out']);
  await page.screenshot({ path: `${artifacts}demo-desktop-refused.png` });
  await demo.logout('joinme');
});

test('7. Zoho data centres: hints and the consent page follow the pinned one; its error is not called a Deny', async () => {
  await fresh();
  const hints = () => page.$$eval('#zoho-accounts option', (nodes) => nodes.map((node) => node.value));
  assert.ok(!(await hints()).includes('lin@example.cn'), 'China users cannot log in unpinned');
  await demo.fill('#zoho input[name="hint"]', 'grace@example.com');
  await page.select('#zoho select[name="region"]', 'eu');
  assert.deepEqual(await hints(), ['marie@example.eu']);
  assert.equal(await page.$eval('#zoho input[name="hint"]', (node) => node.value), '', 'a hint of another data centre is dropped');

  const popup = await demo.openLoginPopup('zoho');
  assert.equal(await popup.$eval('input[name="emu_account"]:checked', (node) => node.value), 'marie@example.eu');
  // Grace lives in the US: the module refuses her session for the EU pin.
  await demo.decide(popup, 'grace@example.com');
  const text = await demo.waitForNotice('zoho', 'Could not log in');
  assert.doesNotMatch(text, /declined|Deny/);
  assert.match(text, /another data centre/);
  await demo.waitForText(notices.login('zoho'), 'another data centre');
  assert.equal(await page.$eval('#zoho select[name="region"]', (node) => node.getAttribute('aria-invalid')), 'true');
  await page.setViewport(PHONE);
  await page.$eval('#zoho form.login', (node) => node.scrollIntoView());
  await page.screenshot({ path: `${artifacts}demo-phone-data-centre-error.png` });
  await page.setViewport(DESKTOP);
  await page.select('#zoho select[name="region"]', '');
});

test('8. a login with no scope ticked says so at once; no window, the button works', async () => {
  await fresh();
  await demo.chooseScopes('joinme', []);
  let popups = 0;
  const count = () => popups++;
  page.on('popup', count);
  await demo.clickButton('#joinme', 'Log in with a popup', { keyboard: true });
  await demo.waitForNotice('joinme', 'Choose at least one scope');
  await new Promise((resolve) => setTimeout(resolve, 300));
  page.off('popup', count);
  assert.equal(popups, 0);
  assert.equal(await page.$eval('#joinme button[value="popup"]', (node) => node.disabled), false);
  assert.equal(await page.$eval('#joinme input[name="scope"]', (node) => node.getAttribute('aria-invalid')), 'true');
  assert.equal(await demo.focused(), 'scope');
  await page.reload();
  await demo.settled();
});

test("9. keyboard focus stays put after Schedule, Cancel editing and a row's Start", async () => {
  await fresh();
  await demo.popupLogin('joinme', { account: 'bob@example.com', name: 'Bob Basic' });
  const root = collectionSelector('joinme');
  await demo.fill(`${root} input[name="name"]`, 'Focus check');
  await page.focus(`${root} button[type="submit"]`);
  await page.keyboard.press('Enter');
  await demo.waitForNotice('joinme', 'Scheduled');
  assert.equal(await demo.focused(), 'Schedule meeting');

  const edit = await page.waitForSelector(`${root} button[aria-label="Edit Focus check"]`);
  await edit.focus();
  await page.keyboard.press('Enter');
  await demo.waitForText(`${root} legend`, 'Edit');
  await demo.clickButton(root, 'Cancel editing', { keyboard: true });
  await demo.waitForText(`${root} legend`, 'Schedule');
  assert.equal(await demo.focused(), 'Edit Focus check');

  const start = await page.waitForSelector(`${root} button[aria-label="Start Focus check"]`);
  await start.focus();
  await page.keyboard.press('Enter');
  await demo.waitForNotice('joinme', 'ready to start');
  assert.equal(await demo.focused(), 'Start Focus check');
});

test('10. after Reload, join.me rows keep their Join link and participants, the same as after scheduling', async () => {
  // (Still signed in to join.me as Bob.)
  await demo.schedule('joinme', { name: 'Reload check', participants: 'ann@example.com', start: nextYear('04') });
  const before = await demo.rowText('joinme', 'Reload check');
  assert.match(before ?? '', /Join/);
  assert.match(before ?? '', /ann@example\.com/);
  await demo.clickButton(collectionSelector('joinme'), 'Reload');
  await demo.settled();
  assert.equal(await demo.rowText('joinme', 'Reload check'), before);
  await page.reload();
  await demo.settled();
  await demo.waitForText(collectionSelector('joinme'), 'Reload check');
  assert.equal(await demo.rowText('joinme', 'Reload check'), before);

  // A new length alone: join.me keeps a start and an end, so both go, and nothing else.
  await demo.rowAction('joinme', 'Reload check', 'Edit');
  await demo.waitForText(`${collectionSelector('joinme')} legend`, 'Edit');
  await demo.fill(`${collectionSelector('joinme')} input[name="duration"]`, '90');
  await demo.clickButton(collectionSelector('joinme'), 'Save changes');
  await demo.waitForNotice('joinme', 'Saved “Reload check”');
  const [edit] = demo.sent.filter((entry) => entry.method === 'PATCH').slice(-1);
  assert.deepEqual(Object.keys(JSON.parse(edit?.body ?? '{}')).sort(), ['meetingEnd', 'meetingStart']);
  assert.match((await demo.rowText('joinme', 'Reload check')) ?? '', /90 min.*ann@example\.com/);
});

test('11. the expiry gives its date; a session past it is over, not "Signed in"', async () => {
  // (Still signed in to join.me as Bob, with an implicit grant: nothing renews it.)
  const expiry = (await demo.textOf('#joinme [data-slot="expiry"]')) ?? '';
  const expires = await page.evaluate(() => window.hello('joinme').getAuthResponse().expires);
  const day = await page.evaluate(
    (seconds) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(seconds * 1000)),
    expires,
  );
  assert.match(expiry, /^in 2[34] h \d\d min \(/);
  assert.ok(expiry.includes(day), `"${expiry}" gives no date (${day})`);

  await page.evaluate(() => {
    const session = window.hello('joinme').getAuthResponse();
    window.hello.utils.store('joinme', { ...session, expires: Date.now() / 1000 - 5 });
  });
  await demo.waitForText('#joinme .badge', 'Session expired', STEP);
  assert.match(await demo.waitForNotice('joinme', 'session expired'), /log in again/);
  assert.equal(await page.$eval('#joinme form.login', (node) => node.hidden), false);
});

test('12. only buttons that can work: no revoke without a refresh token, no Start without `start`, no form when read-only', async () => {
  await fresh();
  // join.me without the start scope: no ad-hoc start, no row Start; never a revoke.
  await demo.chooseScopes('joinme', ['basic', 'meetings']);
  await demo.popupLogin('joinme', { account: 'ada@example.com', name: 'Ada Lovelace' });
  await demo.schedule('joinme', { name: 'No start here', start: nextYear('05') });
  const joinme = await demo.visibleButtons('#joinme');
  assert.ok(!joinme.includes('Start a meeting now'), 'Start a meeting now');
  assert.ok(!joinme.includes('Start'), 'a row Start');
  assert.ok(!joinme.includes('Log out and revoke'), 'revoke on join.me');

  // Zoho, implicit, meetings_read only: no revoke, no schedule form, no Edit or Delete.
  await demo.chooseScopes('zoho', ['basic', 'meetings_read']);
  await demo.popupLogin('zoho', { account: 'grace@example.com', name: 'Grace Hopper' });
  const zoho = await demo.visibleButtons('#zoho');
  assert.ok(!zoho.includes('Log out and revoke'), 'revoke on an implicit Zoho session');
  assert.ok(!zoho.includes('Schedule meeting'), 'the schedule form');
  assert.ok(!zoho.includes('Edit') && !zoho.includes('Delete'), 'Edit or Delete');
  assert.ok(zoho.includes('Start'), 'reading meetings allows Zoho start links');
  assert.match((await demo.textOf(`${collectionSelector('zoho')} [data-slot="readOnly"]`)) ?? '', /Read only/);
});

test('12. a past start is refused by the form, and Delete asks first', async () => {
  const root = collectionSelector('joinme');
  const posts = demo.sent.length;
  await demo.submitForm('joinme', { name: 'Yesterday', start: '2020-01-01T09:00' });
  await demo.waitForNotice('joinme', 'in the past');
  assert.equal(await page.$eval(`${root} input[name="start"]`, (node) => node.getAttribute('aria-invalid')), 'true');
  assert.equal(demo.sent.length, posts, 'nothing sent');

  await demo.rowAction('joinme', 'No start here', 'Delete');
  await page.waitForSelector(`${root} button[aria-label="Keep No start here"]`);
  assert.equal(demo.sent.length, posts, 'nothing deleted yet');
  assert.equal(await demo.focused(), 'Keep No start here');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${root} button[aria-label="Delete No start here"]`);
  assert.equal(await demo.focused(), 'Delete No start here');
  assert.ok((await demo.rowNames('joinme')).includes('No start here'));
  await demo.deleteRow('joinme', 'No start here');
  assert.ok(!(await demo.rowNames('joinme')).includes('No start here'));
});

test('no script errors and no dialogs along the way', () => {
  assert.deepEqual(demo.pageErrors, []);
  assert.deepEqual(demo.dialogs, []);
});
