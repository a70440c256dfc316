// The demo site: join.me and Zoho Meeting through hello.js and the hellojs-meetings drop-in.
//
// index.html loads hello.js (`hello.all.js`) and the drop-in (`dist/hello.meetings.js`) by script tag, so by the
// time this module runs `window.hello` knows both providers. Everything below is ordinary hello.js:
//   hello.init(…)                                 client ids, redirect page, oauth proxy
//   hello(network).login({ scope, response_type, display })
//   hello(network).api(path, method, data)        a promise; it rejects with { error: { code, message, status? } }
//   hello(network).logout({ force })              force: also revoke at the provider (Zoho, through the proxy)
//   hello.on('auth.login' | 'auth.logout' | 'auth.update' | 'auth.expired', …)
//
// Provider data (names, e-mails, agendas, links) is always put in the page as text (textContent,
// createElement), never as HTML, and only http(s) links are followed.
import { loadConfig } from './config.js';

/* ------------------------------------------------------------------ what each provider offers */

/**
 * @typedef {object} ScopeChoice
 * @property {string} name the scope name a site passes to login()
 * @property {string} help
 * @property {boolean} [checked]
 *
 * @typedef {object} CollectionSpec a list the provider keeps: meetings, or Zoho's webinars
 * @property {string} key
 * @property {string} heading
 * @property {string} noun e.g. 'meeting'
 * @property {string} list path to list and create, e.g. 'me/meetings'
 * @property {string} item path to read, edit and delete one, e.g. 'me/meeting'
 * @property {string | undefined} start path that starts one, if the provider has it
 * @property {boolean} adhoc offers "start a meeting now" (join.me)
 * @property {string[]} needs scopes (any of) that allow listing
 * @property {string[]} writes scopes (any of) that allow scheduling, editing and deleting
 * @property {string[]} listOmits fields the list leaves out that reading one item gives
 * @property {boolean} participantsListed whether the provider sends the participants back
 *
 * @typedef {object} ProviderSpec
 * @property {string} title
 * @property {ScopeChoice[]} scopes
 * @property {boolean} regions Zoho: a data centre to pick
 * @property {boolean} expire join.me: "expire access" (through the oauth proxy)
 * @property {boolean} revoke Zoho: logout({ force: true }) revokes a refresh token (through the oauth proxy)
 * @property {string[]} starts scopes (any of) that allow starting a meeting
 * @property {boolean} zoneField the provider keeps a time zone and an agenda with a meeting
 * @property {CollectionSpec[]} collections
 */

/** @type {Record<'joinme' | 'zoho', ProviderSpec>} */
const PROVIDERS = {
  joinme: {
    title: 'join.me',
    scopes: [
      { name: 'basic', help: 'your profile', checked: true },
      { name: 'meetings', help: 'read and schedule meetings', checked: true },
      { name: 'meetings_read', help: 'read meetings (join.me grants read and write together)' },
      { name: 'start', help: 'start meetings', checked: true },
    ],
    regions: false,
    expire: true,
    // join.me has no revoke call: a token ends by "expire access" or by itself.
    revoke: false,
    starts: ['start'],
    zoneField: false,
    collections: [
      {
        key: 'meetings',
        heading: 'Meetings',
        noun: 'meeting',
        list: 'me/meetings',
        item: 'me/meeting',
        start: 'me/meeting/start',
        adhoc: true,
        needs: ['meetings', 'meetings_read', 'scheduler'],
        // join.me's one scope (scheduler) reads and writes.
        writes: ['meetings', 'meetings_read', 'scheduler'],
        // join.me lists meetings without viewerLink and participants; reading each one gives them.
        listOmits: ['join_url', 'participants'],
        participantsListed: true,
      },
    ],
  },
  zoho: {
    title: 'Zoho Meeting',
    scopes: [
      { name: 'basic', help: 'your profile', checked: true },
      { name: 'meetings', help: 'read and schedule meetings', checked: true },
      { name: 'meetings_read', help: 'read meetings only' },
      { name: 'start', help: 'start meetings' },
      { name: 'webinars', help: 'read and schedule webinars', checked: true },
    ],
    regions: true,
    expire: false,
    revoke: true,
    // Zoho's start link comes with reading a meeting (ZohoMeeting.meeting.READ).
    starts: ['start', 'meetings', 'meetings_read'],
    zoneField: true,
    collections: [
      {
        key: 'meetings',
        heading: 'Meetings',
        noun: 'meeting',
        list: 'me/meetings',
        item: 'me/meeting',
        start: 'me/meeting/start',
        adhoc: false,
        needs: ['meetings', 'meetings_read', 'start'],
        writes: ['meetings'],
        listOmits: [],
        participantsListed: true,
      },
      {
        key: 'webinars',
        heading: 'Webinars',
        noun: 'webinar',
        list: 'me/webinars',
        item: 'me/webinar',
        start: undefined,
        adhoc: false,
        needs: ['webinars'],
        writes: ['webinars'],
        listOmits: [],
        // Zoho answers a webinar with its registration link, never with the people invited.
        participantsListed: false,
      },
    ],
  },
};

/** Names of Zoho's data centres; which ones exist comes from the data-centre table in use. */
const REGION_NAMES = {
  us: 'United States',
  eu: 'Europe',
  in: 'India',
  au: 'Australia',
  jp: 'Japan',
  ca: 'Canada',
  sa: 'Saudi Arabia',
  cn: 'China',
  uk: 'United Kingdom',
};

/** The error codes of the API, said in words. hello.js adds `cancelled` and `blocked` for a login window. */
const EXPLAIN = {
  invalid_token: 'the session is no longer valid (expired, revoked, or from another data centre); log in again',
  access_denied: 'not allowed: the session lacks a scope for this, or the account may not do it',
  invalid_request: 'the request was refused as malformed',
  not_found: 'it does not exist (any more)',
  rate_limited: 'too many requests; wait a little and try again',
  not_supported: 'the provider has no such call',
  server_error: 'the provider could not be reached, or failed',
  cancelled: 'the login window was closed before it finished',
  blocked: 'the browser blocked the login popup; allow popups for this page, or log in on this page instead',
  invalid_session: 'there was no session',
};

/** The same codes, when they answer a login. */
const EXPLAIN_LOGIN = {
  access_denied: 'the login was declined (Deny on the consent page, or the provider refused this account)',
  invalid_request: 'the provider or the page refused the login as malformed',
};

/** A Zoho login refused for its data centre (the module says so in its message). */
const EXPLAIN_DATA_CENTRE = {
  access_denied: 'the account lives in another data centre than the one chosen; choose its data centre, or let the login decide',
  invalid_request: 'the login came back from a data centre this page does not accept',
};
const DATA_CENTRE_ERROR = /data cent(?:re|er)|accounts server/i;

/** Set before a full-page login leaves, so the page that comes back knows to say how it went. */
const PAGE_LOGIN_KEY = 'hellojs-meetings-demo:page-login';

/* ------------------------------------------------------------------ small DOM helpers */

/**
 * Creates an element with text content (never HTML) and attributes.
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attributes]
 * @param {Array<Node | string | undefined | null | false>} [children] strings become text nodes
 */
function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== undefined && child !== null && child !== false) node.append(child);
  return node;
}

/** `url` if it is an absolute http(s) URL (a provider could send `javascript:`), else undefined. */
function safeUrl(url) {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A link that opens in a new tab, or nothing when the URL is not http(s). */
function externalLink(url, text, label) {
  const href = safeUrl(url);
  if (!href) return undefined;
  return el('a', { href, target: '_blank', rel: 'noopener noreferrer', 'aria-label': label }, [text]);
}

/** The elements marked `data-slot="name"` under `root`, by name. */
function slots(root) {
  /** @type {Record<string, HTMLElement>} */
  const found = {};
  for (const node of root.querySelectorAll('[data-slot]')) found[node.dataset.slot] = node;
  return found;
}

/** Removes the `[data-only]` parts that belong to another provider; widens `[data-wide]` ones for this one. */
function keepOnly(root, network) {
  for (const node of root.querySelectorAll('[data-only]')) if (node.dataset.only !== network) node.remove();
  for (const node of root.querySelectorAll('[data-wide]')) node.classList.toggle('wide', node.dataset.wide === network);
}

let uniqueIds = 0;
/** A fresh element id (panels and lists are cloned from templates). */
const newId = (prefix) => `${prefix}-${++uniqueIds}`;

/**
 * Shows a message in a live region (announced politely by screen readers): each form has its own, by its
 * buttons, so the answer appears where the person is looking.
 * @param {HTMLElement} notice
 * @param {string} text
 * @param {'info' | 'success' | 'error'} [kind]
 * @param {HTMLElement} [extra] e.g. a link to open
 */
function announce(notice, text, kind = 'info', extra) {
  notice.className = `notice ${kind}`;
  notice.replaceChildren(text, ...(extra ? [' ', extra] : []));
}

/** Marks the field a message is about (aria-invalid, described by the message), and moves focus to it. */
function markInvalid(field, notice) {
  field.setAttribute('aria-invalid', 'true');
  field.setAttribute('aria-describedby', notice.id);
  field.focus();
}

function clearInvalid(form) {
  for (const field of form.querySelectorAll('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    field.removeAttribute('aria-describedby');
  }
}

/** Focus is lost (on the body): after a button was disabled, hidden or replaced. */
const focusLost = () => !document.activeElement || document.activeElement === document.body;

/** True when `node` is in the page and shown. */
const visible = (node) => Boolean(node?.isConnected && node.getClientRects().length > 0);

/* ------------------------------------------------------------------ time */

const pad = (number) => String(number).padStart(2, '0');
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function isTimeZone(zone) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return Boolean(zone);
  } catch {
    return false;
  }
}

/** The wall-clock fields of `date` in `zone`. */
function wallClock(date, zone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type) => Number(parts.find((part) => part.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** A Date as the value of an `<input type="datetime-local">`: its wall-clock time in `zone`, to the minute. */
function toLocalInput(date, zone = browserZone) {
  const t = wallClock(date, zone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

/**
 * The instant an `<input type="datetime-local">` value means as wall-clock time in `zone` (not the
 * browser's zone, which `new Date(value)` would use), or undefined when it is no date.
 */
function fromLocalInput(value, zone) {
  const match = /^(\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offsetAt = (instant) => {
    const t = wallClock(new Date(instant), zone);
    return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - Math.floor(instant / 1000) * 1000;
  };
  // Twice: the offset at the first guess may differ from the offset at the answer (a DST change between).
  let instant = asUtc - offsetAt(asUtc);
  instant = asUtc - offsetAt(instant);
  const date = new Date(instant);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The next full hour after an hour from now: a sensible default start. */
function defaultStart() {
  const date = new Date(Date.now() + 3600000);
  date.setMinutes(0, 0, 0);
  date.setHours(date.getHours() + 1);
  return date;
}

const formats = new Map();
/** Intl formatters by options and zone, made once. */
function formatIn(zone, options) {
  const key = `${zone}|${JSON.stringify(options)}`;
  if (!formats.has(key)) formats.set(key, new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone }));
  return formats.get(key);
}
const DATE_TIME = { dateStyle: 'medium', timeStyle: 'short' };
const DAY = { dateStyle: 'medium' };
const TIME = { timeStyle: 'short' };

/** The zone a meeting's times are shown and edited in: its own where the provider keeps one, else the browser's. */
function zoneOf(item, zoneField) {
  return zoneField && item?.timezone && isTimeZone(item.timezone) ? item.timezone : browserZone;
}

function formatWhen(meeting, zone) {
  const start = meeting.start_time ? new Date(meeting.start_time) : undefined;
  if (!start || Number.isNaN(start.getTime())) return 'Not scheduled';
  return `${formatIn(zone, DATE_TIME).format(start)}${zone === browserZone ? '' : ` (${zone})`}`;
}

/** "in 12:34", or "in 23 h 59 min" beyond an hour, until `expires` (epoch seconds). */
function countdown(expires) {
  const left = Math.max(0, Math.floor(expires - Date.now() / 1000));
  const hours = Math.floor(left / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  return hours ? `${hours} h ${pad(minutes)} min` : `${minutes}:${pad(seconds)}`;
}

/**
 * A rejection in words: what it means, then the provider's own message and code.
 * Every rejection of hello.js and of the modules is `{ error: { code, message, status? } }`.
 */
function describeError(reason, explain = EXPLAIN) {
  const error = reason && typeof reason === 'object' && reason.error && typeof reason.error === 'object' ? reason.error : {};
  const code = typeof error.code === 'string' ? error.code : 'error';
  const message =
    typeof error.message === 'string' && error.message
      ? error.message
      : reason instanceof Error
        ? reason.message
        : typeof reason === 'string'
          ? reason
          : '';
  const meaning = explain[code] ?? EXPLAIN[code] ?? 'something went wrong';
  const details = [code, typeof error.status === 'number' ? `HTTP ${error.status}` : undefined].filter(Boolean).join(', ');
  return `${meaning[0].toUpperCase()}${meaning.slice(1)}.${message ? ` ${message}` : ''} (${details})`;
}

const errorCode = (reason) => (reason && typeof reason === 'object' && reason.error ? reason.error.code : undefined);
const errorMessage = (reason) =>
  reason && typeof reason === 'object' && typeof reason.error?.message === 'string' ? reason.error.message : '';

/**
 * Disables a button while `task` runs, so a second click cannot send the call twice. A disabled button
 * loses keyboard focus: it gets it back when nothing else took it.
 */
async function busy(button, task) {
  const hadFocus = button && document.activeElement === button;
  if (button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  try {
    return await task();
  } finally {
    if (button) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      if (hadFocus && (focusLost() || document.activeElement === button) && visible(button)) button.focus();
    }
  }
}

/* ------------------------------------------------------------------ one provider's panel */

class ProviderPanel {
  /**
   * @param {'joinme' | 'zoho'} network
   * @param {ProviderSpec} spec
   * @param {HTMLElement} root
   * @param {import('./config.js').DemoConfig} config
   */
  constructor(network, spec, root, config) {
    this.network = network;
    this.spec = spec;
    this.config = config;
    this.root = root;
    root.append(document.getElementById('panel-template').content.cloneNode(true));
    keepOnly(root, network);
    this.ui = slots(root);
    this.ui.title.id = `${network}-title`;
    this.ui.title.textContent = spec.title;
    for (const notice of [this.ui.notice, this.ui.loginNotice, this.ui.sessionNotice]) notice.id = newId(`${network}-notice`);
    /** Whether the panel shows a signed-in user (profile and lists loaded for it). */
    this.shown = false;
    /** The provider refuses the account itself (e.g. an inactive join.me account): nothing else can work. */
    this.refused = false;
    /** The access token whose expiry was already said. */
    this.expiredToken = undefined;

    if (!config.services[network]) {
      this.ui.login.hidden = true;
      this.ui.unconfigured.hidden = false;
      this.ui.unconfigured.textContent = `Not configured: open the demo with ?${network}=${network === 'zoho' ? 'CLIENT_ID' : 'API_KEY'} or set it in demo/config.js.`;
      this.ui.badge.textContent = 'Not configured';
      return;
    }

    this.buildLoginForm();
    this.collections = spec.collections.map((collection) => new Collection(this, collection));
    for (const collection of this.collections) this.ui.collections.append(collection.root);

    this.ui.login.addEventListener('submit', (event) => {
      event.preventDefault();
      const display = event.submitter?.value === 'page' ? 'page' : 'popup';
      busy(event.submitter, () => this.login(display));
    });
    this.ui.login.addEventListener('change', () => clearInvalid(this.ui.login));
    root.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('.session [data-action]') : null;
      if (!button) return;
      const actions = {
        refresh: () => this.refresh(),
        expire: () => this.expire(),
        logout: () => this.logout(false),
        revoke: () => this.logout(true),
      };
      busy(button, actions[button.dataset.action]);
    });
  }

  buildLoginForm() {
    const { scopes, region } = this.ui;
    for (const scope of this.spec.scopes) {
      scopes.append(
        el('label', { class: 'check' }, [
          el('input', { type: 'checkbox', name: 'scope', value: scope.name, checked: scope.checked }),
          el('span', {}, [el('code', {}, [scope.name]), ' ', el('small', {}, [scope.help])]),
        ]),
      );
    }
    if (!this.config.oauth_proxy) {
      // The code grant needs the oauth proxy (it holds the client secret).
      const code = this.ui.login.querySelector('input[value="code"]');
      code.disabled = true;
      code.closest('label').append(el('small', { class: 'warn' }, [' (needs an oauth proxy: set ?proxy=…)']));
    }
    if (region) {
      region.append(el('option', { value: '' }, ['Let the login decide']));
      // The data centres are those of the table in use (the emulator's, or the drop-in's own); the drop-in's
      // table (`helloMeetings.datacentres`) names their real hosts.
      const table = hello.services.zoho?.datacentres ?? window.helloMeetings?.datacentres ?? {};
      const real = window.helloMeetings?.datacentres ?? {};
      for (const code of Object.keys(table)) {
        const host = real[code] ? new URL(real[code].accounts).hostname.replace(/^accounts\./, '') : '';
        region.append(el('option', { value: code }, [`${REGION_NAMES[code] ?? code.toUpperCase()} (${host || code})`]));
      }
      region.addEventListener('change', () => this.suggestAccounts(true));
    }
    this.suggestAccounts(false);
  }

  /** The emulator's users a login here can pick: those of the pinned data centre, if one is. */
  accountsHere() {
    const accounts = this.config.accounts[this.network] ?? [];
    if (!this.spec.regions) return accounts;
    const region = this.ui.region.value;
    // Unpinned logins start at the default accounts server, where China's users cannot sign in.
    return accounts.filter((account) => (region ? account.region === region : account.region !== 'cn'));
  }

  /** Offers the accounts of the chosen data centre as hints, and drops a hint for an account that lives elsewhere. */
  suggestAccounts(regionChanged) {
    const { hint } = this.ui;
    const all = this.config.accounts[this.network] ?? [];
    if (!all.length) return;
    const here = this.spec.regions ? this.accountsHere() : all;
    let list = document.getElementById(`${this.network}-accounts`);
    if (!list) {
      list = el('datalist', { id: `${this.network}-accounts` });
      hint.after(list);
      hint.setAttribute('list', list.id);
    }
    // The emulator's users: its consent page preselects the hinted one.
    list.replaceChildren(
      ...here.map((account) =>
        el('option', { value: account.email }, [account.region ? `${account.name} (${account.region})` : account.name]),
      ),
    );
    const example = here.find((account) => !account.inactive) ?? here[0];
    hint.placeholder = example ? `e.g. ${example.email}` : '';
    const typed = hint.value.trim().toLowerCase();
    if (regionChanged && typed && all.some((account) => account.email === typed) && !here.some((account) => account.email === typed)) {
      hint.value = '';
    }
  }

  /* ---------------------------------------------------------------- messages */

  /** A message about the panel as a whole (the session, the account), at its top by the profile. */
  say(text, kind = 'info', extra) {
    announce(this.ui.notice, text, kind, extra);
  }

  fail(what, reason, explain = EXPLAIN) {
    this.say(`${what}: ${describeError(reason, explain)}`, 'error');
  }

  /** hello.js keeps the session in localStorage; null when signed out. */
  session() {
    return hello(this.network).getAuthResponse();
  }

  /** The scopes the session was granted, by the names the site asked with ('' after some refreshes: unknown). */
  grantedScopes() {
    const scope = this.session()?.scope;
    return typeof scope === 'string' ? scope.split(/[,\s]+/).filter(Boolean) : [];
  }

  /** True when the session may do what needs one of `names` (or when hello.js did not keep the scopes). */
  allows(names) {
    const granted = this.grantedScopes();
    return granted.length === 0 || names.some((name) => granted.includes(name));
  }

  /** A session past its expiry that nothing will renew: over, though hello.js still stores it. */
  expired(session) {
    const expires = Number(session?.expires);
    return Boolean(session?.access_token) && Number.isFinite(expires) && expires <= Date.now() / 1000 && !session.refresh_token;
  }

  /* ---------------------------------------------------------------- auth */

  async login(display) {
    const { login, loginNotice } = this.ui;
    clearInvalid(login);
    const form = new FormData(login);
    const scopes = form.getAll('scope');
    if (scopes.length === 0) {
      // hello.js would open a window the provider answers with an error page.
      announce(loginNotice, 'Choose at least one scope to log in.', 'error');
      for (const box of login.querySelectorAll('input[name="scope"]')) box.setAttribute('aria-invalid', 'true');
      markInvalid(login.querySelector('input[name="scope"]'), loginNotice);
      return;
    }
    const options = {
      scope: scopes.join(','),
      response_type: form.get('grant') === 'code' ? 'code' : 'token',
      display,
    };
    let hint = String(form.get('hint') ?? '').trim();
    if (this.spec.regions) {
      // Pin a Zoho data centre, or let the account's own data centre decide (the default).
      const region = String(form.get('region') ?? '');
      if (region) hello.init({ zoho: { region } });
      else delete hello.services.zoho.region;
      // With a data centre pinned, the emulator's consent page should offer one of its users first.
      if (region && !hint) hint = this.accountsHere()[0]?.email ?? '';
    }
    if (hint) options.login_hint = hint; // hello.js passes unknown login options on to the authorize URL
    announce(loginNotice, display === 'page' ? `Going to ${this.spec.title}…` : `Waiting for the ${this.spec.title} login window…`);
    if (display === 'page') sessionStorage.setItem(PAGE_LOGIN_KEY, this.network);
    try {
      // display: 'page' leaves this page; the redirect page brings the user back, and start() shows the session.
      const { authResponse } = await hello(this.network).login(options);
      this.signedIn(authResponse);
    } catch (reason) {
      sessionStorage.removeItem(PAGE_LOGIN_KEY);
      this.render(); // clears an error hello.js may have stored as the session
      this.loginFailed(reason);
    }
  }

  /** After a login: the form is gone, so say so by the profile and move keyboard focus there. */
  signedIn(session) {
    announce(this.ui.loginNotice, '');
    this.render();
    const where = session?.location ? ` (data centre ${session.location})` : '';
    this.say(`Signed in to ${this.spec.title}${where}.`, 'success');
    this.ui.profile.focus();
  }

  loginFailed(reason) {
    const { login, loginNotice, region } = this.ui;
    const aboutDataCentre = Boolean(region) && DATA_CENTRE_ERROR.test(errorMessage(reason));
    announce(loginNotice, `Could not log in: ${describeError(reason, aboutDataCentre ? EXPLAIN_DATA_CENTRE : EXPLAIN_LOGIN)}`, 'error');
    if (aboutDataCentre) markInvalid(region, loginNotice);
    else if (focusLost()) login.querySelector('button[value="popup"]').focus();
  }

  /**
   * A full-page login has just come back (start() calls this before anything reads the session): a
   * success or an error, said by the form it started from. hello.js stores a refused login as the
   * session, which the drop-in drops on the first read: start() reads the raw store (`stored`) first.
   */
  pageLoginReturned(stored) {
    if (!this.collections || sessionStorage.getItem(PAGE_LOGIN_KEY) !== this.network) return;
    sessionStorage.removeItem(PAGE_LOGIN_KEY);
    const session = this.session();
    if (session?.access_token) {
      this.signedIn(session);
    } else {
      const error = stored?.error && typeof stored.error === 'object' ? stored.error : { code: 'cancelled', message: '' };
      this.render();
      this.loginFailed({ error });
      this.ui.login.querySelector('button[value="page"]').focus();
    }
  }

  /** A code-grant session gets a new access token from the oauth proxy (refresh token), in a hidden iframe. */
  async refresh() {
    const session = this.session();
    const { sessionNotice } = this.ui;
    if (!session?.refresh_token) {
      announce(sessionNotice, 'Only a code-grant session can be refreshed: it is the one with a refresh token.', 'error');
      return;
    }
    try {
      // Passing the session's scopes keeps them on the refreshed session (hello.js would store none).
      await hello(this.network).login({ display: 'none', force: true, scope: session.scope });
      this.render();
      announce(sessionNotice, 'Refreshed: a new access token from the refresh token.', 'success');
    } catch (reason) {
      announce(sessionNotice, `Could not refresh: ${describeError(reason)}`, 'error');
    }
  }

  /** join.me: ends the access token now (the oauth proxy adds the secret). */
  async expire() {
    const hadRefresh = Boolean(this.session()?.refresh_token);
    let text;
    let kind = 'success';
    try {
      await hello(this.network).api('auth/expire', 'post');
      text = hadRefresh
        ? 'join.me expired the access token; the session is being refreshed through the oauth proxy.'
        : 'join.me expired the access token. An implicit session cannot be refreshed: log in again.';
    } catch (reason) {
      text = `Could not expire access: ${describeError(reason)}`;
      kind = 'error';
    }
    this.render();
    // Said where the person now is: the session card, or the login form when the session ended.
    announce(this.shown ? this.ui.sessionNotice : this.ui.loginNotice, text, kind);
  }

  /** Ends the session here; with `force`, also at the provider (Zoho revokes the refresh token through the proxy). */
  async logout(force) {
    try {
      const result = await hello(this.network).logout({ force });
      let text = `Logged out of ${this.spec.title}.`;
      if (force && result?.force === true) text += ' The token was revoked at the provider.';
      else if (force && result?.message) text += ` Not revoked: ${result.message}`;
      else if (force) text += ' Nothing was revoked.';
      this.render();
      announce(this.ui.loginNotice, text, 'success');
      this.ui.login.querySelector('button[value="popup"]').focus();
    } catch (reason) {
      announce(this.ui.sessionNotice, `Could not log out: ${describeError(reason)}`, 'error');
      this.render();
    }
  }

  /* ---------------------------------------------------------------- rendering */

  /** Shows the stored session (or the login form), loading the profile and lists once per sign-in. */
  render() {
    if (!this.collections) return;
    const session = this.session();
    const expired = this.expired(session);
    const signedIn = Boolean(session?.access_token) && !expired;
    const focusInside = this.ui.signedIn.contains(document.activeElement);
    this.ui.login.hidden = signedIn;
    this.ui.signedIn.hidden = !signedIn;
    this.ui.badge.textContent = !signedIn ? (expired ? 'Session expired' : 'Signed out') : this.refused ? 'Account refused' : 'Signed in';
    this.ui.badge.classList.toggle('on', signedIn && !this.refused);
    this.ui.badge.classList.toggle('off', expired || (signedIn && this.refused));
    if (!signedIn) {
      if (this.shown) this.clear();
      if (expired && this.expiredToken !== session.access_token) {
        this.expiredToken = session.access_token;
        const at = formatIn(browserZone, DATE_TIME).format(new Date(Number(session.expires) * 1000));
        announce(this.ui.loginNotice, `The ${this.spec.title} session expired (${at}): log in again.`, 'error');
      }
      if (focusInside) this.ui.login.querySelector('button[value="popup"]').focus();
      return;
    }
    const first = !this.shown;
    this.shown = true;
    this.renderSession(session);
    if (first) this.loadAll();
  }

  renderSession(session) {
    const { grant, granted, dataCentre } = this.ui;
    grant.textContent = session.refresh_token ? 'Code (refresh token kept by this page)' : 'Implicit (no refresh token)';
    const scopes = this.grantedScopes();
    granted.replaceChildren(...(scopes.length ? scopes.map((scope) => el('code', { class: 'chip' }, [scope])) : ['not recorded']));
    if (dataCentre) {
      const region = session.location;
      dataCentre.textContent = region ? `${REGION_NAMES[region] ?? region} (${region})` : 'unknown';
    }
    // Only the buttons that can work for this session: refresh and revoke need a refresh token and the proxy.
    const proxy = Boolean(this.config.oauth_proxy);
    const action = (name) => this.root.querySelector(`.session [data-action="${name}"]`);
    // An account the provider refuses can only log out.
    action('refresh').hidden = !session.refresh_token || !proxy || this.refused;
    action('revoke').hidden = !(this.spec.revoke && session.refresh_token && proxy);
    const expire = action('expire');
    if (expire) expire.hidden = !(this.spec.expire && proxy) || this.refused;
    this.tick();
  }

  /** Updates the live expiry (called every second); an expiry that passes ends the panel's session. */
  tick() {
    const session = this.shown ? this.session() : null;
    if (!session?.access_token) return;
    if (this.expired(session)) {
      this.render();
      return;
    }
    const { expiry } = this.ui;
    const expires = Number(session.expires);
    if (!Number.isFinite(expires)) {
      expiry.textContent = 'unknown';
      return;
    }
    // The date too: a day-long token ends tomorrow.
    const at = formatIn(browserZone, DATE_TIME).format(new Date(expires * 1000));
    const left = expires - Date.now() / 1000;
    expiry.classList.toggle('expired', left <= 0);
    expiry.textContent = left > 0 ? `in ${countdown(expires)} (${at})` : 'expired; refreshing…';
  }

  clear() {
    this.shown = false;
    this.refused = false;
    this.ui.collections.hidden = false;
    const { avatar, name, email, meta } = this.ui;
    for (const node of [avatar, name, email, meta]) node.replaceChildren();
    announce(this.ui.sessionNotice, '');
    for (const collection of this.collections) collection.clear();
  }

  /** The profile first: when the provider refuses the account itself, the lists are not offered. */
  async loadAll() {
    const usable = await this.loadProfile();
    if (!usable || !this.shown) return;
    await Promise.all(this.collections.map((collection) => collection.load()));
  }

  /** Loads the profile; false when the provider refuses the account (no call can work). */
  async loadProfile() {
    const { avatar, name, email, meta } = this.ui;
    if (!this.allows(['basic'])) {
      name.textContent = 'Profile not shared';
      email.textContent = 'Log in with the basic scope to see it.';
      return true;
    }
    name.textContent = 'Loading profile…';
    this.ui.profile.setAttribute('aria-busy', 'true');
    try {
      const user = await hello(this.network).api('me');
      const initials = (user.name || user.email || '?')
        .split(/[\s@.]+/)
        .filter(Boolean)
        .slice(0, 2)
        .map((part) => part[0].toUpperCase())
        .join('');
      const picture = safeUrl(user.thumbnail);
      avatar.replaceChildren(picture ? el('img', { src: picture, alt: '' }) : initials);
      name.textContent = user.name || user.email || user.id;
      email.textContent = user.email ?? '';
      // A few of the provider's own fields stay on the normalised user.
      const facts = [
        user.orgName && `Organisation: ${user.orgName}`,
        user.subscriptionType && `Plan: ${user.subscriptionType}`,
        `User id: ${user.id}`,
      ].filter(Boolean);
      meta.textContent = facts.join(' · ');
      return true;
    } catch (reason) {
      if (errorCode(reason) === 'access_denied') {
        // The profile needs only the basic scope, which was granted: the provider refuses the account
        // (join.me's gateway answers an inactive account so). Nothing else would work either.
        this.refused = true;
        name.textContent = 'Account refused';
        email.textContent = '';
        this.ui.collections.hidden = true;
        this.render();
        this.say(
          `${this.spec.title} refuses this account: ${errorMessage(reason) || 'no reason given'} (access_denied). Log out and log in with another account.`,
          'error',
        );
        return false;
      }
      name.textContent = 'Profile unavailable';
      this.fail('Could not load the profile', reason);
      return true;
    } finally {
      this.ui.profile.removeAttribute('aria-busy');
    }
  }
}

/* ------------------------------------------------------------------ a list of meetings or webinars */

/** A plausible e-mail address (the provider checks again). */
const EMAIL = /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;

/** The form field a provider's error message is about, by the words it uses. */
const FIELD_WORDS = [
  ['participants', /participant|e-?mail/i],
  ['timezone', /time ?zone/i],
  ['duration', /duration|length|meetingEnd|end_time/i],
  ['start', /start/i],
  ['name', /name|topic/i],
  ['agenda', /agenda/i],
];

class Collection {
  /**
   * @param {ProviderPanel} panel
   * @param {CollectionSpec} spec
   */
  constructor(panel, spec) {
    this.panel = panel;
    this.spec = spec;
    this.network = panel.network;
    this.zoneField = panel.spec.zoneField;
    this.root = document.getElementById('collection-template').content.firstElementChild.cloneNode(true);
    keepOnly(this.root, panel.network);
    this.ui = slots(this.root);
    this.ui.heading.textContent = spec.heading;
    this.ui.caption.textContent = `${panel.spec.title} ${spec.heading.toLowerCase()}`;
    this.ui.status.id = newId(`${this.network}-${spec.key}-status`);
    this.ui.formNotice.id = newId(`${this.network}-${spec.key}-form-notice`);
    // Zoho: the start is wall-clock time in the meeting's own zone (the field below it), not the browser's.
    if (this.zoneField) this.ui.startLabel.replaceChildren('Starts ', el('small', {}, ['(in its time zone)']));
    if (!spec.participantsListed) {
      this.ui.participantsLabel.replaceChildren('Invite ', el('small', {}, [`(e-mails; Zoho does not list them back)`]));
      this.ui.participantsHead.textContent = 'Registration';
    }
    /** @type {Map<string, object>} the items shown, by id */
    this.items = new Map();
    /** @type {string | undefined} the id being edited */
    this.editing = undefined;
    /** The form's values when editing began: an edit sends only what changed. */
    this.original = undefined;
    /** @type {Set<string>} ids scheduled or saved while a list was loading: the list may not have them yet */
    this.fresh = new Set();
    /** @type {Set<string>} ids deleted while a list was loading: the list may still have them */
    this.gone = new Set();
    /** @type {string | undefined} the id whose Delete waits for a confirmation */
    this.confirming = undefined;
    this.next = undefined;
    this.resetForm();

    const { form } = this.ui;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(this.ui.submit, () => this.save());
    });
    form.addEventListener('input', (event) => {
      if (event.target instanceof Element && event.target.hasAttribute('aria-invalid')) clearInvalid(form);
    });
    this.root.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
      if (!button || !this.root.contains(button)) return;
      const id = button.closest('tr')?.dataset.id;
      const action = button.dataset.action;
      const actions = {
        reload: () => this.load(),
        more: () => this.load(this.next),
        adhoc: () => this.startNow(),
        cancel: async () => this.cancelEdit(),
        edit: () => this.edit(id),
        delete: async () => this.askDelete(id),
        'confirm-delete': () => this.remove(id),
        keep: async () => this.keep(id),
        start: () => this.start(id),
      };
      busy(button, actions[action]).then(() => this.restoreFocus(id, action));
    });
  }

  noun(item) {
    return item?.name ? `“${item.name}”` : `the ${this.spec.noun}`;
  }

  canWrite() {
    return this.panel.allows(this.spec.writes);
  }

  canStart() {
    return Boolean(this.spec.start) && this.panel.allows(this.panel.spec.starts);
  }

  /** A message about the list and its rows, above the table. */
  say(text, kind, extra) {
    announce(this.ui.status, text, kind, extra);
  }

  /** A message about the form, by its buttons. */
  sayByForm(text, kind, extra) {
    announce(this.ui.formNotice, text, kind, extra);
  }

  clear() {
    this.items.clear();
    this.ui.rows.replaceChildren();
    this.ui.adhocLinks.hidden = true;
    this.say('');
    this.sayByForm('');
    this.resetForm();
  }

  resetForm() {
    const { form, formTitle, submit } = this.ui;
    this.editing = undefined;
    this.original = undefined;
    form.reset();
    clearInvalid(form);
    form.elements.start.value = toLocalInput(defaultStart());
    if (form.elements.timezone) form.elements.timezone.value = browserZone;
    formTitle.textContent = `Schedule a ${this.spec.noun}`;
    submit.textContent = `Schedule ${this.spec.noun}`;
    form.querySelector('[data-action="cancel"]').hidden = true;
  }

  /** Focus back where the person was, when the button they used went away (disabled, hidden, re-rendered). */
  restoreFocus(id, action) {
    if (!focusLost()) return;
    const again = id ? this.ui.rows.querySelector(`tr[data-id="${CSS.escape(id)}"] [data-action="${action}"]`) : undefined;
    if (visible(again)) again.focus();
    else this.ui.heading.focus();
  }

  /** Lists the items (a first page, or the next one with `next`). */
  async load(next) {
    const { unavailable, content, form, adhoc, readOnly } = this.ui;
    const allowed = this.panel.allows(this.spec.needs);
    unavailable.hidden = allowed;
    content.hidden = !allowed;
    if (!allowed) {
      unavailable.textContent = `Log in with the ${this.spec.needs[0]} scope to list and schedule ${this.spec.heading.toLowerCase()}.`;
      return;
    }
    // Only what the session's scopes allow is offered.
    const writable = this.canWrite();
    form.hidden = !writable;
    readOnly.hidden = writable;
    readOnly.textContent = `Read only: log in with the ${this.spec.writes[0]} scope to schedule, edit or delete ${this.spec.heading.toLowerCase()}.`;
    adhoc.hidden = !(this.spec.adhoc && this.canStart());
    this.root.setAttribute('aria-busy', 'true');
    this.fresh.clear();
    this.gone.clear();
    try {
      // `paging.next` (Zoho) is a path that api() takes back as it is.
      const list = next ? await hello(this.network).api(next) : await hello(this.network).api(this.spec.list, 'get', { limit: 50 });
      const items = await this.complete(list.data);
      if (!next) {
        const fresh = [...this.fresh].map((id) => this.items.get(id)).filter(Boolean);
        this.items.clear();
        for (const item of fresh) this.items.set(item.id, item);
      }
      for (const item of items) if (!this.gone.has(item.id)) this.items.set(item.id, item);
      this.next = list.paging?.next;
      this.renderRows();
      if (this.ui.status.classList.contains('error')) this.say('');
    } catch (reason) {
      this.say(`Could not list the ${this.spec.heading.toLowerCase()}: ${describeError(reason)}`, 'error');
    } finally {
      this.root.removeAttribute('aria-busy');
    }
  }

  /**
   * The list may carry less than reading one item (join.me's leaves out the viewer link and the
   * participants): each such item is read, so a row shows the same after a reload as after scheduling.
   * An item that cannot be read is shown with what the list gave, marked `incomplete`.
   */
  async complete(items) {
    const omits = this.spec.listOmits;
    if (omits.length === 0) return items;
    const out = [...items];
    let index = 0;
    const worker = async () => {
      while (index < out.length) {
        const at = index++;
        const item = out[at];
        if (omits.every((field) => field in item)) continue;
        try {
          out[at] = { ...item, ...(await hello(this.network).api(this.spec.item, 'get', { id: item.id })) };
        } catch {
          out[at] = { ...item, incomplete: true };
        }
      }
    };
    // A few at a time: a long list should not fire every read at once.
    await Promise.all([worker(), worker(), worker()]);
    return out;
  }

  renderRows() {
    const { rows, empty, tableWrap, moreWrap } = this.ui;
    const items = [...this.items.values()].sort((a, b) => String(a.start_time ?? '').localeCompare(String(b.start_time ?? '')));
    rows.replaceChildren(...items.map((item) => this.row(item)));
    empty.hidden = items.length > 0;
    empty.textContent = `No ${this.spec.heading.toLowerCase()} yet.`;
    tableWrap.hidden = items.length === 0;
    moreWrap.hidden = !this.next;
  }

  /** One table row; on narrow screens CSS shows it as a card, labelled by `data-label`. */
  row(item) {
    // One wrapper per cell: in the card layout a cell is a grid of its label and this.
    const cell = (label, ...children) => el('td', { 'data-label': label }, [el('div', { class: 'cell' }, children)]);
    const name = item.name || `(untitled ${this.spec.noun})`;
    const links = [
      externalLink(item.join_url, 'Join', `Join ${name}`),
      externalLink(item.start_url, 'Start link', `Start link of ${name}`),
    ].filter(Boolean);
    const button = (action, text, extra = {}) =>
      el('button', { type: 'button', 'data-action': action, 'aria-label': `${text} ${name}`, ...extra }, [text]);
    const writable = this.canWrite();
    const actions =
      this.confirming === item.id
        ? [
            el('span', { class: 'confirm' }, [`Delete ${this.noun(item)}?`]),
            button('confirm-delete', 'Yes, delete', { class: 'danger' }),
            button('keep', 'Keep'),
          ]
        : [
            this.canStart() ? button('start', 'Start') : undefined,
            writable ? button('edit', 'Edit') : undefined,
            writable ? button('delete', 'Delete', { class: 'danger' }) : undefined,
          ];
    return el('tr', { 'data-id': item.id }, [
      cell(
        'Name',
        el('span', { class: 'item-name' }, [name]),
        item.agenda ? el('small', { class: 'agenda' }, [item.agenda]) : undefined,
        links.length ? el('span', { class: 'links' }, links) : undefined,
      ),
      cell('When', ...this.when(item)),
      this.spec.participantsListed
        ? cell('Participants', ...this.participants(item))
        : cell(
            'Registration',
            externalLink(item.registrationLink, 'Registration page', `Registration page of ${name}`) ??
              el('span', { class: 'subtle' }, ['no link given']),
          ),
      cell('Actions', el('span', { class: 'row-actions' }, actions)),
    ]);
  }

  participants(item) {
    const participants = Array.isArray(item.participants) ? item.participants : [];
    if (participants.length) return participants.map((email) => el('span', { class: 'person' }, [email]));
    return [el('span', { class: 'subtle' }, [Array.isArray(item.participants) ? 'none' : 'not loaded'])];
  }

  /**
   * The start as a day and a time in the meeting's own zone (Zoho keeps one), with the zone named and
   * the browser's time beside it when they differ; then the length.
   */
  when(item) {
    const start = item.start_time ? new Date(item.start_time) : undefined;
    const length = Number.isFinite(item.duration) ? `${item.duration} min` : undefined;
    if (!start || Number.isNaN(start.getTime())) return ['Not scheduled', length ? el('small', {}, [length]) : undefined];
    const zone = zoneOf(item, this.zoneField);
    const extra = [length, zone === browserZone ? undefined : zone].filter(Boolean).join(' · ');
    return [
      el('time', { datetime: item.start_time, title: formatIn(browserZone, DATE_TIME).format(start) }, [
        el('span', { class: 'day' }, [formatIn(zone, DAY).format(start)]),
        ' ',
        el('span', { class: 'hour' }, [formatIn(zone, TIME).format(start)]),
      ]),
      extra ? el('small', {}, [extra]) : undefined,
      zone === browserZone ? undefined : el('small', { class: 'subtle' }, [`${formatIn(browserZone, TIME).format(start)} your time`]),
    ];
  }

  /** The form's values, as typed. */
  values() {
    const { elements } = this.ui.form;
    return {
      name: elements.name.value.trim(),
      start: elements.start.value,
      timezone: elements.timezone ? elements.timezone.value.trim() || browserZone : browserZone,
      duration: elements.duration.value.trim(),
      participants: elements.participants.value
        .split(',')
        .map((email) => email.trim())
        .filter(Boolean),
      agenda: elements.agenda ? elements.agenda.value.trim() : undefined,
    };
  }

  /**
   * What is wrong with the form, field by field, before anything is sent; a past start is refused
   * when it is new (an edit that keeps a past start says nothing about it).
   */
  problem(values, startChanged) {
    const { elements } = this.ui.form;
    if (!values.name) return { field: elements.name, message: 'Give it a name.' };
    if (this.zoneField && !isTimeZone(values.timezone))
      return { field: elements.timezone, message: `“${values.timezone}” is not a time zone: pick one from the list, e.g. Europe/Paris.` };
    const start = fromLocalInput(values.start, values.timezone);
    if (!start) return { field: elements.start, message: 'Give the day and time it starts.' };
    if (startChanged && start.getTime() < Date.now())
      return {
        field: elements.start,
        message: `That start is in the past (${formatWhen({ start_time: start.toISOString() }, values.timezone)}): pick a later time.`,
      };
    const minutes = Number(values.duration);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
      return { field: elements.duration, message: 'The length is a whole number of minutes, from 1 to 1440.' };
    const wrong = values.participants.find((email) => !EMAIL.test(email));
    if (wrong) return { field: elements.participants, message: `“${wrong}” is not an e-mail address (separate addresses with commas).` };
    return undefined;
  }

  /**
   * The form as a MeetingInput: on scheduling every field; on an edit only what the person changed (a
   * field left as it was is not sent, so nothing the form could not show is overwritten).
   */
  input(values) {
    const start = /** @type {Date} */ (fromLocalInput(values.start, values.timezone)).toISOString();
    const was = this.original;
    const changed = (key) => !was || JSON.stringify(values[key]) !== JSON.stringify(was[key]);
    /** @type {Record<string, unknown>} */
    const input = {};
    if (changed('name')) input.name = values.name;
    const timeChanged = changed('start') || (this.zoneField && changed('timezone'));
    if (this.zoneField) {
      // Zoho keeps a wall-clock time in the meeting's zone (the start goes with its zone) and a length.
      if (timeChanged) {
        input.start_time = start;
        input.timezone = values.timezone;
      }
      if (changed('duration')) input.duration = Number(values.duration);
    } else if (timeChanged || changed('duration')) {
      // join.me keeps a start and an end: a new start or length sends both.
      input.start_time = start;
      input.duration = Number(values.duration);
    }
    if (changed('participants')) input.participants = values.participants;
    if (values.agenda !== undefined && changed('agenda')) input.agenda = values.agenda;
    return input;
  }

  async save() {
    const { form, formNotice } = this.ui;
    clearInvalid(form);
    const values = this.values();
    const startChanged = !this.original || values.start !== this.original.start || values.timezone !== this.original.timezone;
    const problem = this.problem(values, startChanged);
    if (problem) {
      this.sayByForm(problem.message, 'error');
      markInvalid(problem.field, formNotice);
      return;
    }
    const input = this.input(values);
    if (this.editing && Object.keys(input).length === 0) {
      this.sayByForm('Nothing changed: there is nothing to save.', 'info');
      return;
    }
    const editing = this.editing;
    try {
      if (editing) {
        const saved = await hello(this.network).api(this.spec.item, 'patch', { id: editing, ...input });
        this.items.set(saved.id, { ...this.items.get(saved.id), ...saved });
        this.fresh.add(saved.id);
        this.resetForm();
        this.renderRows();
        this.sayByForm(`Saved ${this.noun(saved)}.`, 'success');
        // Back to the row that was edited.
        this.restoreFocus(saved.id, 'edit');
      } else {
        const created = await hello(this.network).api(this.spec.list, 'post', input);
        this.items.set(created.id, created);
        this.fresh.add(created.id);
        this.resetForm();
        this.renderRows();
        this.sayByForm(`Scheduled ${this.noun(created)} for ${formatWhen(created, zoneOf(created, this.zoneField))}.`, 'success');
      }
    } catch (reason) {
      this.sayByForm(
        `${editing ? `Could not save the ${this.spec.noun}` : `Could not schedule the ${this.spec.noun}`}: ${describeError(reason)}`,
        'error',
      );
      const about = FIELD_WORDS.find(([, words]) => words.test(errorMessage(reason)));
      const field = about && form.elements[about[0]];
      if (field instanceof HTMLElement) markInvalid(field, formNotice);
    }
  }

  /** Fills the form with the whole item (a list may leave fields out: join.me sends no participants there). */
  async edit(id) {
    let item;
    try {
      item = await hello(this.network).api(this.spec.item, 'get', { id });
    } catch (reason) {
      this.say(`Could not read ${this.noun(this.items.get(id))}: ${describeError(reason)}`, 'error');
      return;
    }
    this.items.set(id, { ...this.items.get(id), ...item });
    this.renderRows();
    const { form, formTitle, submit } = this.ui;
    const { elements } = form;
    clearInvalid(form);
    this.sayByForm('');
    this.editing = id;
    const zone = zoneOf(item, this.zoneField);
    elements.name.value = item.name ?? '';
    if (item.start_time) elements.start.value = toLocalInput(new Date(item.start_time), zone);
    if (Number.isFinite(item.duration)) elements.duration.value = String(item.duration);
    if (elements.timezone) elements.timezone.value = zone;
    if (elements.agenda) elements.agenda.value = item.agenda ?? '';
    // Participants the provider does not send back (Zoho webinars) stay as they are unless some are typed.
    elements.participants.value = (item.participants ?? []).join(', ');
    this.original = this.values();
    formTitle.textContent = `Edit ${this.noun(item)}`;
    submit.textContent = 'Save changes';
    form.querySelector('[data-action="cancel"]').hidden = false;
    form.scrollIntoView({ block: 'nearest' });
    elements.name.focus();
  }

  cancelEdit() {
    const id = this.editing;
    this.resetForm();
    this.sayByForm('');
    // Back to the row whose Edit began it.
    this.restoreFocus(id, 'edit');
  }

  /** Delete asks first, in the row itself; "Keep" is focused, so a second Enter does no harm. */
  askDelete(id) {
    this.confirming = id;
    this.renderRows();
    this.ui.rows.querySelector(`tr[data-id="${CSS.escape(id)}"] [data-action="keep"]`)?.focus();
  }

  keep(id) {
    this.confirming = undefined;
    this.renderRows();
    this.restoreFocus(id, 'delete');
  }

  async remove(id) {
    const item = this.items.get(id);
    this.confirming = undefined;
    try {
      await hello(this.network).api(this.spec.item, 'delete', { id });
      this.items.delete(id);
      this.fresh.delete(id);
      this.gone.add(id);
      if (this.editing === id) this.resetForm();
      this.renderRows();
      this.say(`Deleted ${this.noun(item)}.`, 'success');
      this.ui.heading.focus(); // the row (and the focused button) is gone
    } catch (reason) {
      this.renderRows();
      this.say(`Could not delete ${this.noun(item)}: ${describeError(reason)}`, 'error');
    }
  }

  /** Starts a scheduled meeting: the answer carries the start link (join.me starts it; Zoho starts from the link). */
  async start(id) {
    const item = this.items.get(id);
    try {
      const started = await hello(this.network).api(this.spec.start, 'post', { id });
      this.items.set(id, { ...item, ...started });
      this.renderRows();
      const link = externalLink(started.start_url, 'Open the start link', undefined);
      this.say(`${this.noun(item)[0].toUpperCase()}${this.noun(item).slice(1)} is ready to start.`, 'success', link);
    } catch (reason) {
      this.say(`Could not start ${this.noun(item)}: ${describeError(reason)}`, 'error');
    }
  }

  /** join.me: an ad-hoc meeting, now (no schedule). */
  async startNow() {
    const { adhocLinks } = this.ui;
    try {
      const meeting = await hello(this.network).api('me/meetings/start', 'post', {});
      adhocLinks.replaceChildren(
        'Ad-hoc meeting started: ',
        externalLink(meeting.start_url, 'open as presenter', undefined) ?? '',
        ' · ',
        externalLink(meeting.join_url, 'viewer link', undefined) ?? '',
      );
      adhocLinks.hidden = false;
      this.say('Started an ad-hoc meeting.', 'success');
    } catch (reason) {
      this.say(`Could not start a meeting: ${describeError(reason)}`, 'error');
    }
  }
}

/* ------------------------------------------------------------------ start */

const hello = window.hello;

function fatal(text) {
  const main = document.getElementById('main');
  main.prepend(el('p', { class: 'notice error', role: 'alert' }, [text]));
  document.getElementById('mode').textContent = '';
}

async function start() {
  if (typeof hello !== 'function' || !hello.services.zoho) {
    fatal('hello.js or the hellojs-meetings drop-in did not load. Build it first: npm run build (npm start does).');
    return;
  }
  // hello.js stores a refused full-page login as the session, and the drop-in drops it on the first read:
  // the raw store is read before anything else (no argument: hello.js returns everything it keeps).
  const returned = hello.utils.store() ?? {};
  const config = await loadConfig();

  // hello.js asks for its `basic` scope on every login unless told otherwise; here the checkboxes decide.
  hello.init(config.services, {
    redirect_uri: config.redirect_uri,
    // '' rather than hello.js's default public proxy: tokens and codes go to no third party.
    oauth_proxy: config.oauth_proxy ?? '',
    display: 'popup',
    scope: '',
  });

  describeMode(config);
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [browserZone, 'UTC'];
  document.getElementById('timezones').replaceChildren(...zones.map((zone) => el('option', { value: zone })));
  document.getElementById('meetings-version').textContent = window.helloMeetings?.version ?? '';

  /** @type {Record<string, ProviderPanel>} */
  const panels = {};
  for (const [network, spec] of Object.entries(PROVIDERS)) {
    panels[network] = new ProviderPanel(network, spec, document.getElementById(network), config);
  }

  // hello.js reports session changes from any source: a login, a refresh, another tab, the session monitor.
  const update = (event) => panels[event?.network]?.render();
  hello.on('auth.login', update);
  hello.on('auth.logout', update);
  hello.on('auth.update', update);
  // (The panel itself notices an expiry every second, and says so once: hello.js reports one per page.)
  hello.on('auth.expired', update);

  // hello.js chains `.then(callback, callback)` on each login()/api() promise for its optional callback
  // argument, which leaves a copy of every rejection unhandled. This page shows each error itself (above),
  // so those copies only clutter the console.
  addEventListener('unhandledrejection', (event) => {
    const reason = event.reason;
    if (reason && typeof reason === 'object' && reason.error && typeof reason.error.code === 'string') event.preventDefault();
  });

  // A full-page login that just came back: say how it went, by its form. Then any session already stored
  // (an earlier visit) is shown.
  for (const panel of Object.values(panels)) {
    panel.pageLoginReturned(returned[panel.network]);
    panel.render();
  }
  setInterval(() => {
    for (const panel of Object.values(panels)) panel.tick();
  }, 1000);
  document.documentElement.dataset.ready = 'true';
}

function describeMode(config) {
  const mode = document.getElementById('mode');
  if (config.mode === 'emulator') {
    mode.replaceChildren(
      el('strong', {}, ['Offline: ']),
      'both providers are the built-in emulator (no accounts, no network). Its consent page lets you pick a test account. ',
      'To use real apps, see docs/demo.md.',
    );
  } else {
    const configured = Object.keys(config.services).map((network) => PROVIDERS[network].title);
    mode.replaceChildren(
      el('strong', {}, ['Real providers: ']),
      `${configured.join(' and ')}`,
      config.oauth_proxy ? `, oauth proxy ${config.oauth_proxy}` : ', no oauth proxy (implicit grant only)',
      config.services.zoho?.proxy_api ? '; Zoho Meeting API calls go through the proxy.' : '.',
    );
  }
  const warnings = document.getElementById('warnings');
  warnings.replaceChildren(...config.warnings.map((text) => el('li', {}, [text])));
  warnings.hidden = config.warnings.length === 0;
}

start().catch((error) => {
  console.error(error);
  fatal(`The demo could not start: ${error instanceof Error ? error.message : String(error)}`);
});
