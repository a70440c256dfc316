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
 *
 * @typedef {object} ProviderSpec
 * @property {string} title
 * @property {ScopeChoice[]} scopes
 * @property {boolean} regions Zoho: a data centre to pick
 * @property {boolean} expire join.me: "expire access" (through the oauth proxy)
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
      },
    ],
  },
};

/** Zoho's data centres (the drop-in's table, `helloMeetings.datacentres`, gives their hosts). */
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

const pad = (number) => String(number).padStart(2, '0');

/** A Date as the value of an `<input type="datetime-local">` (local time, to the minute). */
function toLocalInput(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The next full hour after an hour from now: a sensible default start. */
function defaultStart() {
  const date = new Date(Date.now() + 3600000);
  date.setMinutes(0, 0, 0);
  date.setHours(date.getHours() + 1);
  return date;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function formatWhen(meeting) {
  const start = meeting.start_time ? new Date(meeting.start_time) : undefined;
  if (!start || Number.isNaN(start.getTime())) return 'Not scheduled';
  return dateFormat.format(start);
}

/** "12:34" or "1:02:03" until `seconds` (epoch seconds). */
function countdown(expires) {
  const left = Math.max(0, Math.floor(expires - Date.now() / 1000));
  const hours = Math.floor(left / 3600);
  const minutes = Math.floor((left % 3600) / 60);
  const seconds = left % 60;
  return hours ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
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

/** Disables a button while `task` runs, so a second click cannot send the call twice. */
async function busy(button, task) {
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
    /** Whether the panel shows a signed-in user (profile and lists loaded for it). */
    this.shown = false;

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
    const { scopes, region, hint } = this.ui;
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
      const table = window.helloMeetings?.datacentres ?? {};
      for (const [code, name] of Object.entries(REGION_NAMES)) {
        const host = table[code] ? new URL(table[code].accounts).hostname.replace(/^accounts\./, '') : '';
        region.append(el('option', { value: code }, [`${name} (${host || code})`]));
      }
    }
    const accounts = this.config.accounts[this.network] ?? [];
    if (accounts.length) {
      // The emulator's users: its consent page preselects the hinted one.
      const list = el('datalist', { id: `${this.network}-accounts` });
      for (const account of accounts) {
        list.append(el('option', { value: account.email }, [account.region ? `${account.name} (${account.region})` : account.name]));
      }
      hint.after(list);
      hint.setAttribute('list', list.id);
      hint.placeholder = `e.g. ${accounts[accounts.length > 1 ? 1 : 0].email}`;
    }
  }

  /* ---------------------------------------------------------------- messages */

  /**
   * Shows a message in the panel's live region (announced politely by screen readers).
   * @param {string} text
   * @param {'info' | 'success' | 'error'} [kind]
   * @param {HTMLElement} [extra] e.g. a link to open
   */
  say(text, kind = 'info', extra) {
    const { notice } = this.ui;
    notice.className = `notice ${kind}`;
    notice.replaceChildren(text, ...(extra ? [' ', extra] : []));
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

  /* ---------------------------------------------------------------- auth */

  async login(display) {
    const form = new FormData(this.ui.login);
    const options = {
      scope: form.getAll('scope').join(','),
      response_type: form.get('grant') === 'code' ? 'code' : 'token',
      display,
    };
    const hint = String(form.get('hint') ?? '').trim();
    if (hint) options.login_hint = hint; // hello.js passes unknown login options on to the authorize URL
    if (this.spec.regions) {
      // Pin a Zoho data centre, or let the account's own data centre decide (the default).
      const region = String(form.get('region') ?? '');
      if (region) hello.init({ zoho: { region } });
      else delete hello.services.zoho.region;
    }
    this.say(display === 'page' ? `Going to ${this.spec.title}…` : `Waiting for the ${this.spec.title} login window…`);
    try {
      // display: 'page' leaves this page; the redirect page brings the user back, and start() shows the session.
      const { authResponse } = await hello(this.network).login(options);
      this.render();
      const where = authResponse.location ? ` (data centre ${authResponse.location})` : '';
      this.say(`Signed in to ${this.spec.title}${where}.`, 'success');
      // The login form is gone: keyboard focus moves to what replaced it.
      this.ui.profile.focus();
    } catch (reason) {
      this.render(); // clears an error hello.js may have stored as the session
      this.fail('Could not log in', reason, EXPLAIN_LOGIN);
    }
  }

  /** A code-grant session gets a new access token from the oauth proxy (refresh token), in a hidden iframe. */
  async refresh() {
    const session = this.session();
    if (!session?.refresh_token) {
      this.say('Only a code-grant session can be refreshed: it is the one with a refresh token.', 'error');
      return;
    }
    try {
      // Passing the session's scopes keeps them on the refreshed session (hello.js would store none).
      await hello(this.network).login({ display: 'none', force: true, scope: session.scope });
      this.render();
      this.say('Refreshed: a new access token from the refresh token.', 'success');
    } catch (reason) {
      this.fail('Could not refresh', reason);
    }
  }

  /** join.me: ends the access token now (the oauth proxy adds the secret). */
  async expire() {
    const hadRefresh = Boolean(this.session()?.refresh_token);
    try {
      await hello(this.network).api('auth/expire', 'post');
      this.say(
        hadRefresh
          ? 'join.me expired the access token; the session is being refreshed through the oauth proxy.'
          : 'join.me expired the access token. An implicit session cannot be refreshed: log in again.',
        'success',
      );
    } catch (reason) {
      this.fail('Could not expire access', reason);
    }
    this.render();
  }

  /** Ends the session here; with `force`, also at the provider (Zoho revokes the refresh token through the proxy). */
  async logout(force) {
    try {
      const result = await hello(this.network).logout({ force });
      let text = `Logged out of ${this.spec.title}.`;
      if (force && result?.force === true) text += ' The token was revoked at the provider.';
      else if (force && result?.message) text += ` Not revoked: ${result.message}`;
      else if (force)
        text += ` Nothing was revoked: ${this.network === 'zoho' ? 'only a code-grant session (refresh token) can be' : 'join.me has no revoke call (expire access ends a token)'}.`;
      this.render();
      this.say(text, 'success');
      this.ui.login.querySelector('button[value="popup"]').focus();
    } catch (reason) {
      this.fail('Could not log out', reason);
      this.render();
    }
  }

  /* ---------------------------------------------------------------- rendering */

  /** Shows the stored session (or the login form), loading the profile and lists once per sign-in. */
  render() {
    if (!this.collections) return;
    let session = this.session();
    if (session?.error) {
      // A full-page login that failed comes back as a stored error.
      this.fail('Could not log in', session, EXPLAIN_LOGIN);
      hello.utils.store(this.network, null);
      session = null;
    }
    const signedIn = Boolean(session?.access_token);
    this.ui.login.hidden = signedIn;
    this.ui.signedIn.hidden = !signedIn;
    this.ui.badge.textContent = signedIn ? 'Signed in' : 'Signed out';
    this.ui.badge.classList.toggle('on', signedIn);
    if (!signedIn) {
      if (this.shown) this.clear();
      return;
    }
    const first = !this.shown;
    this.shown = true;
    this.renderSession(session);
    if (first) {
      this.loadProfile();
      for (const collection of this.collections) collection.load();
    }
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
    this.root.querySelector('[data-action="refresh"]').hidden = !session.refresh_token;
    this.tick();
  }

  /** Updates the live expiry (called every second). */
  tick() {
    const session = this.shown ? this.session() : null;
    if (!session?.access_token) return;
    const { expiry } = this.ui;
    const expires = Number(session.expires);
    if (!Number.isFinite(expires)) {
      expiry.textContent = 'unknown';
      return;
    }
    const at = new Date(expires * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    const left = expires - Date.now() / 1000;
    expiry.classList.toggle('expired', left <= 0);
    expiry.textContent =
      left > 0 ? `in ${countdown(expires)} (at ${at})` : session.refresh_token ? 'expired; refreshing…' : 'expired; log in again';
  }

  clear() {
    this.shown = false;
    const { avatar, name, email, meta } = this.ui;
    for (const node of [avatar, name, email, meta]) node.replaceChildren();
    for (const collection of this.collections) collection.clear();
  }

  async loadProfile() {
    const { avatar, name, email, meta } = this.ui;
    if (!this.allows(['basic'])) {
      name.textContent = 'Profile not shared';
      email.textContent = 'Log in with the basic scope to see it.';
      return;
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
    } catch (reason) {
      name.textContent = 'Profile unavailable';
      this.fail('Could not load the profile', reason);
    } finally {
      this.ui.profile.removeAttribute('aria-busy');
    }
  }
}

/* ------------------------------------------------------------------ a list of meetings or webinars */

class Collection {
  /**
   * @param {ProviderPanel} panel
   * @param {CollectionSpec} spec
   */
  constructor(panel, spec) {
    this.panel = panel;
    this.spec = spec;
    this.network = panel.network;
    this.root = document.getElementById('collection-template').content.firstElementChild.cloneNode(true);
    keepOnly(this.root, panel.network);
    this.ui = slots(this.root);
    this.ui.heading.textContent = spec.heading;
    this.ui.caption.textContent = `${panel.spec.title} ${spec.heading.toLowerCase()}`;
    this.ui.adhoc.hidden = !spec.adhoc;
    /** @type {Map<string, object>} the items shown, by id */
    this.items = new Map();
    /** @type {string | undefined} the id being edited */
    this.editing = undefined;
    this.next = undefined;
    this.resetForm();

    this.ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(this.ui.submit, () => this.save());
    });
    this.root.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
      if (!button || !this.root.contains(button)) return;
      const id = button.closest('tr')?.dataset.id;
      const actions = {
        reload: () => this.load(),
        more: () => this.load(this.next),
        adhoc: () => this.startNow(),
        cancel: async () => this.resetForm(),
        edit: () => this.edit(id),
        delete: () => this.remove(id),
        start: () => this.start(id),
      };
      busy(button, actions[button.dataset.action]);
    });
  }

  noun(item) {
    return item?.name ? `“${item.name}”` : `the ${this.spec.noun}`;
  }

  clear() {
    this.items.clear();
    this.ui.rows.replaceChildren();
    this.ui.adhocLinks.hidden = true;
    this.resetForm();
  }

  resetForm() {
    const { form, formTitle, submit } = this.ui;
    this.editing = undefined;
    form.reset();
    form.elements.start.value = toLocalInput(defaultStart());
    if (form.elements.timezone) form.elements.timezone.value = browserZone;
    formTitle.textContent = `Schedule a ${this.spec.noun}`;
    submit.textContent = `Schedule ${this.spec.noun}`;
    form.querySelector('[data-action="cancel"]').hidden = true;
  }

  /** Lists the items (a first page, or the next one with `next`). */
  async load(next) {
    const { unavailable, content } = this.ui;
    const allowed = this.panel.allows(this.spec.needs);
    unavailable.hidden = allowed;
    content.hidden = !allowed;
    if (!allowed) {
      unavailable.textContent = `Log in with the ${this.spec.needs[0]} scope to list and schedule ${this.spec.heading.toLowerCase()}.`;
      return;
    }
    this.root.setAttribute('aria-busy', 'true');
    try {
      // `paging.next` (Zoho) is a path that api() takes back as it is.
      const list = next ? await hello(this.network).api(next) : await hello(this.network).api(this.spec.list, 'get', { limit: 50 });
      if (!next) this.items.clear();
      for (const item of list.data) this.items.set(item.id, item);
      this.next = list.paging?.next;
      this.renderRows();
    } catch (reason) {
      this.panel.fail(`Could not list the ${this.spec.heading.toLowerCase()}`, reason);
    } finally {
      this.root.removeAttribute('aria-busy');
    }
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
    const participants = item.participants ?? [];
    const links = [
      externalLink(item.join_url, 'Join', `Join ${name}`),
      externalLink(item.start_url, 'Start link', `Start link of ${name}`),
    ].filter(Boolean);
    const length = Number.isFinite(item.duration) ? `${item.duration} min` : undefined;
    const zone = item.timezone && item.timezone !== browserZone ? item.timezone : undefined;
    const button = (action, text, extra = {}) =>
      el('button', { type: 'button', 'data-action': action, 'aria-label': `${text} ${name}`, ...extra }, [text]);
    return el('tr', { 'data-id': item.id }, [
      cell(
        'Name',
        el('span', { class: 'item-name' }, [name]),
        item.agenda ? el('small', { class: 'agenda' }, [item.agenda]) : undefined,
        links.length ? el('span', { class: 'links' }, links) : undefined,
      ),
      cell('When', ...this.when(item, length, zone)),
      cell(
        'Participants',
        ...(participants.length
          ? participants.map((email) => el('span', { class: 'person' }, [email]))
          : // absent: join.me leaves participants out of its list ("Edit" reads the whole meeting)
            [el('span', { class: 'subtle' }, [Array.isArray(item.participants) ? '—' : 'not given'])]),
      ),
      cell(
        'Actions',
        el('span', { class: 'row-actions' }, [
          this.spec.start ? button('start', 'Start') : undefined,
          button('edit', 'Edit'),
          button('delete', 'Delete', { class: 'danger' }),
        ]),
      ),
    ]);
  }

  /** The start as a day and a time, then the length and the meeting's own zone (when not the browser's). */
  when(item, length, zone) {
    const start = item.start_time ? new Date(item.start_time) : undefined;
    const extra = [length, zone].filter(Boolean).join(' · ');
    if (!start || Number.isNaN(start.getTime())) return ['Not scheduled', extra ? el('small', {}, [extra]) : undefined];
    return [
      el('time', { datetime: item.start_time, title: dateFormat.format(start) }, [
        el('span', { class: 'day' }, [dayFormat.format(start)]),
        ' ',
        el('span', { class: 'hour' }, [timeFormat.format(start)]),
      ]),
      extra ? el('small', {}, [extra]) : undefined,
    ];
  }

  /** The form as a MeetingInput: ISO start, minutes, e-mails (and Zoho's zone and agenda). */
  input() {
    const { elements } = this.ui.form;
    const start = new Date(elements.start.value);
    /** @type {Record<string, unknown>} */
    const input = {
      name: elements.name.value.trim(),
      start_time: start.toISOString(),
      duration: Number(elements.duration.value),
      participants: elements.participants.value
        .split(',')
        .map((email) => email.trim())
        .filter(Boolean),
    };
    if (elements.timezone) input.timezone = elements.timezone.value.trim() || browserZone;
    if (elements.agenda) input.agenda = elements.agenda.value.trim();
    return input;
  }

  async save() {
    const { form } = this.ui;
    if (!form.reportValidity()) return;
    const input = this.input();
    try {
      if (this.editing) {
        const saved = await hello(this.network).api(this.spec.item, 'patch', { id: this.editing, ...input });
        this.items.set(saved.id, { ...this.items.get(saved.id), ...saved });
        this.panel.say(`Saved ${this.noun(saved)}.`, 'success');
      } else {
        const created = await hello(this.network).api(this.spec.list, 'post', input);
        this.items.set(created.id, created);
        this.panel.say(`Scheduled ${this.noun(created)} for ${formatWhen(created)}.`, 'success');
      }
      this.resetForm();
      this.renderRows();
    } catch (reason) {
      this.panel.fail(this.editing ? `Could not save the ${this.spec.noun}` : `Could not schedule the ${this.spec.noun}`, reason);
    }
  }

  /** Fills the form with the whole item (a list may leave fields out: join.me sends no participants there). */
  async edit(id) {
    let item;
    try {
      item = await hello(this.network).api(this.spec.item, 'get', { id });
    } catch (reason) {
      this.panel.fail(`Could not read ${this.noun(this.items.get(id))}`, reason);
      return;
    }
    this.items.set(id, { ...this.items.get(id), ...item });
    this.renderRows();
    const { form, formTitle, submit } = this.ui;
    const { elements } = form;
    this.editing = id;
    elements.name.value = item.name ?? '';
    if (item.start_time) elements.start.value = toLocalInput(new Date(item.start_time));
    if (Number.isFinite(item.duration)) elements.duration.value = String(item.duration);
    if (elements.timezone) elements.timezone.value = item.timezone ?? browserZone;
    if (elements.agenda) elements.agenda.value = item.agenda ?? '';
    elements.participants.value = (item.participants ?? []).join(', ');
    formTitle.textContent = `Edit ${this.noun(item)}`;
    submit.textContent = 'Save changes';
    form.querySelector('[data-action="cancel"]').hidden = false;
    form.scrollIntoView({ block: 'nearest' });
    elements.name.focus();
  }

  async remove(id) {
    const item = this.items.get(id);
    try {
      await hello(this.network).api(this.spec.item, 'delete', { id });
      this.items.delete(id);
      if (this.editing === id) this.resetForm();
      this.renderRows();
      this.panel.say(`Deleted ${this.noun(item)}.`, 'success');
      this.ui.heading.focus(); // the row (and the focused button) is gone
    } catch (reason) {
      this.panel.fail(`Could not delete ${this.noun(item)}`, reason);
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
      this.panel.say(`${this.noun(item)[0].toUpperCase()}${this.noun(item).slice(1)} is ready to start.`, 'success', link);
    } catch (reason) {
      this.panel.fail(`Could not start ${this.noun(item)}`, reason);
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
      this.panel.say('Started an ad-hoc meeting.', 'success');
    } catch (reason) {
      this.panel.fail('Could not start a meeting', reason);
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
  hello.on('auth.expired', (event) => {
    const panel = panels[event?.network];
    if (!panel) return;
    panel.render();
    panel.say(`The ${panel.spec.title} session has expired: log in again.`, 'error');
  });

  // hello.js chains `.then(callback, callback)` on each login()/api() promise for its optional callback
  // argument, which leaves a copy of every rejection unhandled. This page shows each error itself (above),
  // so those copies only clutter the console.
  addEventListener('unhandledrejection', (event) => {
    const reason = event.reason;
    if (reason && typeof reason === 'object' && reason.error && typeof reason.error.code === 'string') event.preventDefault();
  });

  // A session already stored (an earlier visit, or a full-page login that just came back): show it.
  for (const panel of Object.values(panels)) panel.render();
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
