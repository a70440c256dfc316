/**
 * Zoho Meeting API v2 of one data centre, and the room pages its links lead to.
 * Errors come in two shapes, {"error":{"code","message"}} and {"error":{"errorCode","message","key"}}.
 */
import { isObject, parseJson, route, sendEmpty, sendJson } from './http.mjs';
import { sendRoomPage } from './pages.mjs';
import { dateIn, formatZohoTime, isTimeZone, parseZohoTime } from './zonetime.mjs';

const MAX_COUNT = 100;
const DEFAULT_DURATION_MS = 3_600_000;

/**
 * @typedef {import('./zoho.mjs').Zoho} Zoho
 * @typedef {import('./zoho.mjs').Item} Item
 * @typedef {import('./index.mjs').Context} Context
 * @typedef {import('./accounts.mjs').ZohoAccount} Account
 * @typedef {import('./accounts.mjs').ZohoRegion} Region
 * @typedef {{ email: string, scopes: string[] }} Token
 */

/**
 * Meetings and webinars share everything but names: one table drives both.
 * @typedef {object} Kind
 * @property {'meeting' | 'webinar'} resource scope family: ZohoMeeting.<resource>.<OP>
 * @property {'meetingKey' | 'webinarKey'} keyName
 * @property {'session' | 'webinar'} listKey
 * @property {(z: Zoho) => string} oneKey key wrapping one item in answers
 * @property {{ errorCode: number, message: string, key: string }} invalidKey
 */

/** @type {Record<'meeting' | 'webinar', Kind>} */
const KINDS = {
  meeting: {
    resource: 'meeting',
    keyName: 'meetingKey',
    listKey: 'session',
    oneKey: () => 'session',
    invalidKey: { errorCode: 4000, message: 'The meeting key is invalid.', key: 'INVALID_MEETING_KEY' },
  },
  webinar: {
    resource: 'webinar',
    keyName: 'webinarKey',
    listKey: 'webinar',
    oneKey: (z) => z.env.config.zoho.webinarWrapper,
    invalidKey: { errorCode: 4000, message: 'The webinar key is invalid.', key: 'INVALID_WEBINAR_KEY' },
  },
};

/** @param {Context} ctx @param {number} status @param {Record<string, unknown>} error */
const zohoError = (ctx, status, error) => sendJson(ctx.res, status, { error });

/** @param {Context} ctx @param {string} message */
const invalidInput = (ctx, message) => zohoError(ctx, 400, { errorCode: 4001, message, key: 'INVALID_INPUT' });

/** @param {Context} ctx */
export const invalidToken = (ctx) => zohoError(ctx, 400, { code: 2000, message: 'INVALID_OAUTHTOKEN' });

/** @param {Zoho} z @param {Region} region */
export function meetingRoutes(z, region) {
  /**
   * @param {(ctx: Context, params: Record<string, string>, account: Account, token: Token) => unknown} handler
   */
  const authed = (handler) => (/** @type {Context} */ ctx, /** @type {Record<string, string>} */ params) => {
    const token = authenticate(z, region, ctx);
    return token && handler(ctx, params, /** @type {Account} */ (z.env.accounts.findZoho(token.email)), token);
  };
  /**
   * A call on /{zsoid}/…: the org must be the user's, then the scope must allow `op`.
   * @param {Kind} kind @param {'READ' | 'CREATE' | 'UPDATE' | 'DELETE'} op
   * @param {(ctx: Context, params: Record<string, string>, account: Account) => unknown} handler
   */
  const inOrg = (kind, op, handler) =>
    authed((ctx, params, account, token) => {
      if (params.zsoid !== String(account.zsoid))
        return zohoError(ctx, 403, { code: 1025, message: "Org doesn't matches with request uri" });
      if (!allows(token, kind.resource, op)) return unauthorized(ctx);
      return handler(ctx, params, account);
    });

  /** @type {import('./http.mjs').Route<any>[]} */
  const routes = [
    route(
      'GET',
      '/api/v2/user.json',
      // "User Details: Get User Details API" is under manageOrg (the seed page); without it real clients
      // see a 400 ("manageOrg.READ is required by the user.json (org-id) endpoint").
      authed((ctx, _params, account, token) =>
        allows(token, 'manageOrg', 'READ') ? sendJson(ctx.res, 200, userAnswer(account)) : orgScopeMissing(ctx),
      ),
    ),
  ];
  for (const kind of Object.values(KINDS)) {
    const list = kind.resource === 'meeting' ? 'sessions' : 'webinar';
    const one = kind.resource === 'meeting' ? 'sessions' : 'webinar';
    /** @param {'READ' | 'UPDATE' | 'DELETE'} op @param {(ctx: Context, account: Account, item: Item) => unknown} then */
    const find = (op, then) =>
      inOrg(kind, op, (ctx, { key }, account) => {
        const item = z.state.items.get(Number(key));
        const found =
          /^\d{1,15}$/.test(key ?? '') && item?.kind === kind.resource && item.region === region && item.zsoid === account.zsoid;
        return found ? then(ctx, account, /** @type {Item} */ (item)) : zohoError(ctx, 400, kind.invalidKey);
      });
    routes.push(
      route(
        'GET',
        `/api/v2/:zsoid/${list}.json`,
        inOrg(kind, 'READ', (ctx, _params, account) => listItems(z, region, ctx, kind, account)),
      ),
      route(
        'POST',
        `/api/v2/:zsoid/${list}.json`,
        inOrg(kind, 'CREATE', (ctx, _params, account) => createItem(z, region, ctx, kind, account)),
      ),
      route(
        'GET',
        `/api/v2/:zsoid/${one}/:key.json`,
        find('READ', (ctx, account, item) => sendOne(z, ctx, kind, 200, account, item)),
      ),
      route(
        'PUT',
        `/api/v2/:zsoid/${one}/:key.json`,
        find('UPDATE', (ctx, account, item) => updateItem(z, ctx, kind, account, item)),
      ),
      route(
        'DELETE',
        `/api/v2/:zsoid/${one}/:key.json`,
        find('DELETE', (ctx, _account, item) => deleteItem(z, ctx, item)),
      ),
    );
  }
  for (const page of ['join', 'start', 'register']) {
    routes.push(route('GET', `/${page}`, (/** @type {Context} */ ctx) => roomPage(z, region, ctx, page)));
  }
  return routes;
}

/**
 * `Authorization: Zoho-oauthtoken <t>` (or Bearer, unless switched off). A token of another data
 * centre, expired or unknown, answers 400 code 2000 (not 401).
 * @param {Zoho} z @param {Region} region @param {Context} ctx
 * @returns {Token | undefined}
 */
function authenticate(z, region, ctx) {
  const match = /^(Zoho-oauthtoken|Bearer)\s+(\S+)\s*$/i.exec(String(ctx.req.headers.authorization ?? ''));
  const bearerRefused = match?.[1]?.toLowerCase() === 'bearer' && !z.env.config.zoho.acceptBearer;
  const token = match && !bearerRefused ? z.state.accessTokens.get(/** @type {string} */ (match[2])) : undefined;
  if (!token || meetingRegionOf(z, token.region) !== region || z.env.clock.now() >= token.expiresAt) return void invalidToken(ctx);
  return token;
}

/**
 * The Meeting host that serves users of a data centre: their own, except that the UK's is unsure
 * (switch `ukMeetingHost`: meeting.zoho.uk by the pattern, or meeting.zoho.com as one client table says).
 * @param {Zoho} z @param {Region} region
 */
function meetingRegionOf(z, region) {
  return region === 'uk' && z.env.config.zoho.ukMeetingHost === 'us' ? 'us' : region;
}

/** @param {Context} ctx */
const unauthorized = (ctx) =>
  zohoError(ctx, 401, { errorCode: 3001, message: 'You do not have permission to perform this operation.', key: 'UNAUTHORIZED_USER' });

/** The refusal of user.json without manageOrg.READ: a 400, as real clients report (the body is our guess). @param {Context} ctx */
const orgScopeMissing = (ctx) =>
  zohoError(ctx, 400, {
    errorCode: 3001,
    message: 'You do not have permission to perform this operation. (ZohoMeeting.manageOrg.READ is required.)',
    key: 'UNAUTHORIZED_USER',
  });

/**
 * ZohoMeeting.<resource>.<op>, or the family's ALL; names match whatever their case.
 * @param {Token} token @param {'manageOrg' | 'meeting' | 'webinar'} resource @param {string} op
 */
function allows(token, resource, op) {
  const wanted = [`ZohoMeeting.${resource}.${op}`, `ZohoMeeting.${resource}.ALL`].map((scope) => scope.toLowerCase());
  return token.scopes.some((scope) => wanted.includes(scope.toLowerCase()));
}

/** @param {Account} account */
function userAnswer(account) {
  return {
    userDetails: {
      zsoid: account.zsoid,
      zuid: account.zuid,
      primaryEmail: account.email,
      displayName: account.displayName,
      fullName: account.fullName,
      isAdmin: account.isAdmin,
      orgName: account.orgName,
      timeZone: account.timeZone,
      role: account.isAdmin ? 'admin' : 'user',
    },
  };
}

/**
 * @param {Zoho} z @param {Region} region @param {Context} ctx @param {Kind} kind @param {Account} account
 */
function listItems(z, region, ctx, kind, account) {
  const listType = ctx.query.get('listtype') ?? 'all';
  const indexText = ctx.query.get('index');
  const index = Number(indexText);
  const count = Number(ctx.query.get('count') ?? 20);
  // `index` is required; where it starts and what it counts are unsure (switches listIndexStart, listIndexCounts).
  const { listIndexStart: start, listIndexCounts: counts } = z.env.config.zoho;
  if (!['all', 'past', 'today', 'upcoming'].includes(listType)) return invalidInput(ctx, 'listtype must be all, past, today or upcoming.');
  if (indexText === null || indexText === '') return invalidInput(ctx, 'index is required.');
  if (!Number.isInteger(index) || index < start) return invalidInput(ctx, `index must be an integer from ${start}.`);
  if (!Number.isInteger(count) || count < 1) return invalidInput(ctx, 'count must be a positive integer.');
  if (count > MAX_COUNT) return zohoError(ctx, 400, { code: 1028, message: "Count shouldn't exceed 100" });

  const now = z.env.clock.now();
  const today = dateIn(now, account.timeZone);
  /** @type {Record<string, (item: Item) => boolean>} */
  const keep = {
    all: () => true,
    past: (item) => item.start + item.duration <= now,
    upcoming: (item) => item.start > now,
    today: (item) => dateIn(item.start, account.timeZone) === today,
  };
  const items = [...z.state.items.values()]
    .filter((item) => item.kind === kind.resource && item.region === region && item.zsoid === account.zsoid)
    .filter(/** @type {(item: Item) => boolean} */ (keep[listType]))
    .sort((a, b) => a.start - b.start || a.key - b.key);
  const skip = counts === 'pages' ? (index - start) * count : index - start;
  const page = items.slice(skip, skip + count).map((item) => itemAnswer(z, ctx, kind, account, item));
  return sendJson(ctx.res, 200, kind.resource === 'meeting' ? { [kind.listKey]: page, count: items.length } : { [kind.listKey]: page });
}

/**
 * The answer form of a meeting or webinar. Times are strings in the item's own zone.
 * @param {Zoho} z @param {Context} ctx @param {Kind} kind @param {Account} account @param {Item} item
 */
function itemAnswer(z, ctx, kind, account, item) {
  const { timeSuffix, millisecFields } = z.env.config.zoho;
  const end = item.start + item.duration;
  const meetingBase = z.meetingUrl(ctx, item.region);
  return {
    [kind.keyName]: item.key,
    topic: item.topic,
    agenda: item.agenda,
    presenter: account.zuid,
    presenterZuid: account.zuid,
    presenterEmail: account.email,
    presenterName: account.fullName,
    startTime: formatZohoTime(item.start, item.timezone, { suffix: timeSuffix }),
    endTime: formatZohoTime(end, item.timezone, { suffix: timeSuffix }),
    duration: item.duration,
    timezone: item.timezone,
    ...(millisecFields ? { startTimeMillisec: String(item.start), endTimeMillisec: String(end) } : {}),
    joinLink: `${meetingBase}/join?key=${item.key}`,
    startLink: `${meetingBase}/start?key=${item.key}`,
    ...(kind.resource === 'webinar'
      ? { registrationLink: `${meetingBase}/register?key=${item.key}` }
      : { participants: item.participants.map((participant) => ({ ...participant })) }),
    zsoid: item.zsoid,
  };
}

/** @param {Zoho} z @param {Context} ctx @param {Kind} kind @param {number} status @param {Account} account @param {Item} item */
function sendOne(z, ctx, kind, status, account, item) {
  return sendJson(ctx.res, status, { [kind.oneKey(z)]: itemAnswer(z, ctx, kind, account, item) });
}

/**
 * Reads `{"session": {…}}`. New items need topic and startTime; edits may send any subset.
 * @param {Zoho} z @param {Context} ctx @param {Account} account @param {Partial<Item>} base
 * @returns {Promise<{ error: string } | { fields: Pick<Item, 'topic' | 'agenda' | 'start' | 'duration' | 'timezone' | 'participants'> }>}
 */
async function readItemFields(z, ctx, account, base) {
  const parsed = parseJson(await ctx.body());
  const session = parsed.ok && isObject(parsed.value) ? parsed.value.session : undefined;
  if (!isObject(session)) return { error: 'The body must be a JSON object {"session": {…}}.' };
  const isNew = base.key === undefined;
  if (isNew && (session.topic === undefined || session.startTime === undefined)) return { error: 'topic and startTime are required.' };

  /** @type {Record<string, any>} */
  const fields = { agenda: '', duration: DEFAULT_DURATION_MS, timezone: account.timeZone, participants: [], ...base };
  if (session.topic !== undefined) {
    if (typeof session.topic !== 'string' || session.topic.trim() === '') return { error: 'topic must be a non-empty string.' };
    fields.topic = session.topic;
  }
  if (session.agenda !== undefined) {
    if (typeof session.agenda !== 'string') return { error: 'agenda must be a string.' };
    fields.agenda = session.agenda;
  }
  if (session.timezone !== undefined) {
    if (!isTimeZone(session.timezone)) return { error: 'timezone must be an IANA time zone id.' };
    fields.timezone = session.timezone;
  }
  if (session.startTime !== undefined) {
    const start = parseZohoTime(session.startTime, fields.timezone);
    if (start === undefined) return { error: 'startTime must look like "Jun 19, 2020 07:00 PM".' };
    fields.start = start;
  }
  if (session.duration !== undefined) {
    if (!Number.isInteger(session.duration) || /** @type {number} */ (session.duration) <= 0)
      return { error: 'duration must be a positive number of milliseconds.' };
    fields.duration = session.duration;
  }
  if (session.presenter !== undefined && String(session.presenter) !== String(account.zuid))
    return { error: 'presenter must be the zuid of a user of this organisation.' };
  if (session.participants !== undefined) {
    const list = session.participants;
    if (
      !Array.isArray(list) ||
      !list.every((entry) => isObject(entry) && typeof entry.email === 'string' && /^[^@\s]+@[^@\s]+$/.test(entry.email))
    ) {
      return { error: 'participants must be an array of {"email": …}.' };
    }
    fields.participants = list.map((entry) => ({ id: z.participantId(), email: /** @type {string} */ (entry.email) }));
  }
  return { fields: /** @type {any} */ (fields) };
}

/** @param {Zoho} z @param {Region} region @param {Context} ctx @param {Kind} kind @param {Account} account */
async function createItem(z, region, ctx, kind, account) {
  const read = await readItemFields(z, ctx, account, {});
  if ('error' in read) return invalidInput(ctx, read.error);
  const item = z.addItem({ ...read.fields, kind: kind.resource, region, zsoid: account.zsoid });
  return sendOne(z, ctx, kind, 201, account, item);
}

/** @param {Zoho} z @param {Context} ctx @param {Kind} kind @param {Account} account @param {Item} item */
async function updateItem(z, ctx, kind, account, item) {
  const read = await readItemFields(z, ctx, account, item);
  if ('error' in read) return invalidInput(ctx, read.error);
  Object.assign(item, read.fields);
  return sendOne(z, ctx, kind, 200, account, item);
}

/** @param {Zoho} z @param {Context} ctx @param {Item} item */
function deleteItem(z, ctx, item) {
  z.state.items.delete(item.key);
  return sendEmpty(ctx.res, 204);
}

/** @param {Zoho} z @param {Region} region @param {Context} ctx @param {string} page */
function roomPage(z, region, ctx, page) {
  const brand = `Zoho Meeting, ${region} data centre (emulated)`;
  const item = z.state.items.get(Number(ctx.query.get('key')));
  if (!item || item.region !== region)
    return sendRoomPage(ctx.res, { status: 404, brand, title: 'Not found', lines: ['No such meeting.'] });
  const verb = { join: 'You joined', start: 'You started', register: 'You registered for' }[page];
  return sendRoomPage(ctx.res, { brand, title: item.topic, lines: [`${verb} this ${item.kind} (emulated).`] });
}
