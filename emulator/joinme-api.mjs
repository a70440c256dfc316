/**
 * join.me's REST API (api.join.me/v1) and the meeting-room stand-ins its links lead to.
 * Errors are PascalCase {"Message","ErrorCode"}; the gateway in front answers some 403s with an
 * empty body and the reason in headers.
 */
import { dropCors, isObject, mediaType, parseJson, randomHex, randomToken, route, sendEmpty, sendJson } from './http.mjs';
import { sendRoomPage } from './pages.mjs';
import { isoUtc, parseIso } from './zonetime.mjs';

const REALM = 'Bearer realm="api.join.me"';
const PRESENTER_LINK_SECONDS = 600;

/**
 * @typedef {import('./joinme.mjs').Joinme} Joinme
 * @typedef {import('./joinme.mjs').Meeting} Meeting
 * @typedef {import('./index.mjs').Context} Context
 * @typedef {import('./accounts.mjs').JoinmeAccount} Account
 * @typedef {(ctx: Context, params: Record<string, string>, account: Account) => unknown} AuthedHandler
 */

/**
 * @param {Context} ctx
 * @param {number} status
 * @param {string} errorCode
 * @param {string} message
 * @param {Record<string, string>} [headers]
 */
export function apiError(ctx, status, errorCode, message, headers) {
  sendJson(ctx.res, status, { Message: message, ErrorCode: errorCode }, headers);
}

/** @param {Joinme} jm */
export function apiRoutes(jm) {
  /** @param {string} scope @param {AuthedHandler} handler */
  const authed = (scope, handler) => (/** @type {Context} */ ctx, /** @type {Record<string, string>} */ params) => {
    const account = authenticate(jm, ctx, scope);
    return account && handler(ctx, params, account);
  };
  return [
    route(
      'GET',
      '/v1/user',
      authed('user_info', (ctx, _params, account) => sendJson(ctx.res, 200, userAnswer(jm, ctx, account))),
    ),
    route(
      'GET',
      '/v1/meetings',
      authed('scheduler', (ctx, _params, account) => listMeetings(jm, ctx, account)),
    ),
    route(
      'POST',
      '/v1/meetings',
      authed('scheduler', (ctx, _params, account) => scheduleMeeting(jm, ctx, account)),
    ),
    route(
      'POST',
      '/v1/meetings/start',
      authed('start_meeting', (ctx, _params, account) => startAdHoc(jm, ctx, account)),
    ),
    route(
      'GET',
      '/v1/meetings/:id',
      authed('scheduler', (ctx, { id }, account) =>
        withMeeting(jm, ctx, id, account, (meeting) => sendJson(ctx.res, 200, meetingAnswer(ctx, meeting))),
      ),
    ),
    route(
      'PATCH',
      '/v1/meetings/:id',
      authed('scheduler', (ctx, { id }, account) => withMeeting(jm, ctx, id, account, (meeting) => updateMeeting(ctx, meeting))),
    ),
    route(
      'DELETE',
      '/v1/meetings/:id',
      authed('scheduler', (ctx, { id }, account) => withMeeting(jm, ctx, id, account, (meeting) => deleteMeeting(jm, ctx, meeting))),
    ),
    route(
      'POST',
      '/v1/meetings/:id/start',
      authed('start_meeting', (ctx, { id }, account) =>
        withMeeting(jm, ctx, id, account, (meeting) => startScheduled(jm, ctx, account, meeting)),
      ),
    ),
  ];
}

/**
 * Checks the bearer token (header only: a token in the query string is not looked at), then the
 * account, then the scope. Answers the refusal itself and returns undefined.
 * @param {Joinme} jm
 * @param {Context} ctx
 * @param {string} scope
 * @returns {Account | undefined}
 */
function authenticate(jm, ctx, scope) {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(String(ctx.req.headers.authorization ?? ''));
  if (!match)
    return void apiError(ctx, 401, 'invalid_token', 'Authorization has been denied for this request.', { 'WWW-Authenticate': REALM });
  const token = jm.state.tokens.get(/** @type {string} */ (match[1]));
  if (!token || jm.env.clock.now() >= token.expiresAt) {
    return void apiError(ctx, 401, 'invalid_token', 'The access token is invalid or has expired.', {
      'WWW-Authenticate': `${REALM}, error="invalid_token"`,
    });
  }
  if (token.stale) return void apiError(ctx, 401, 'stale_token', 'The access token is stale.');
  if (jm.state.inactive.has(token.email)) return void gatewayInactive(jm, ctx);
  if (!token.scopes.includes(scope)) {
    return void apiError(ctx, 403, 'insufficient_scope', `The access token does not grant the ${scope} scope.`, {
      'WWW-Authenticate': `${REALM}, error="insufficient_scope", scope="${scope}"`,
    });
  }
  return /** @type {Account} */ (jm.env.accounts.findJoinme(token.email));
}

/** The API gateway's own refusal: empty body, the reason in headers only. */
function gatewayInactive(/** @type {Joinme} */ jm, /** @type {Context} */ ctx) {
  if (!jm.env.config.joinme.gatewayCors) dropCors(ctx.res);
  sendEmpty(ctx.res, 403, { 'X-Error-Detail-Header': 'Account Inactive', 'WWW-Authenticate': `${REALM}, error="invalid_token"` });
}

/** @param {Joinme} jm @param {Context} ctx @param {Account} account */
function userAnswer(jm, ctx, account) {
  const conference = account.conference;
  return {
    email: account.email,
    fullName: account.fullName,
    language: account.language,
    numberOfMeetingsHosted: account.numberOfMeetingsHosted + (jm.state.hosted.get(account.email) ?? 0),
    ...(account.personalUrl ? { personalUrl: account.personalUrl } : {}),
    registrationDate: answerTime(ctx, Date.parse(account.registrationDate)),
    subscriptionType: account.subscriptionType,
    ...(conference ? { conferenceSettings: conferenceSettings(ctx, conference) } : {}),
  };
}

/** @param {Context} ctx @param {NonNullable<Account['conference']>} conference */
function conferenceSettings(ctx, conference) {
  return {
    conferenceId: conference.conferenceId,
    conferenceCallNumbersUrl: `${ctx.emu}/joinme/web/intphone/${conference.conferenceId}`,
    organizerCode: conference.organizerCode,
  };
}

/**
 * A time as join.me answers it: ISO UTC, without the zone under `zonelessTimes` ("2014-03-22T20:45:00",
 * as the provider's own example).
 * @param {Context} ctx @param {number} instant
 */
const answerTime = (ctx, instant) => (ctx.config.joinme.zonelessTimes ? isoUtc(instant).replace(/Z$/, '') : isoUtc(instant));

/** @param {Context} ctx @param {Meeting} meeting */
function meetingSummary(ctx, meeting) {
  return {
    meetingId: meeting.meetingId,
    meetingName: meeting.meetingName,
    meetingStart: answerTime(ctx, meeting.start),
    meetingEnd: answerTime(ctx, meeting.end),
    startWithPersonalUrl: meeting.startWithPersonalUrl,
  };
}

/** @param {Context} ctx @param {Meeting} meeting */
function meetingAnswer(ctx, meeting) {
  const account = /** @type {Account} */ (ctx.accounts.findJoinme(meeting.owner));
  return {
    ...meetingSummary(ctx, meeting),
    participants: [...meeting.participants],
    conferenceId: account.conference?.conferenceId ?? null,
    viewerLink: viewerLink(ctx, account, meeting.startWithPersonalUrl, meeting.room),
  };
}

/** @param {Context} ctx @param {Account} account @param {boolean} personal @param {string} room */
const viewerLink = (ctx, account, personal, room) =>
  `${ctx.emu}/joinme/web/${personal && account.personalUrl ? account.personalUrl : room}`;

/** @param {Joinme} jm @param {Context} ctx @param {Account} account */
function listMeetings(jm, ctx, account) {
  const endDateText = ctx.query.get('endDate');
  const endDate = endDateText === null ? Number.POSITIVE_INFINITY : parseIso(endDateText);
  if (endDate === undefined) return apiError(ctx, 400, 'invalid_request', 'endDate must be an ISO 8601 date-time.');
  const meetings = [...jm.state.meetings.values()]
    .filter((meeting) => meeting.owner === account.email && meeting.start <= endDate)
    .sort((a, b) => a.start - b.start || a.meetingId - b.meetingId)
    .map((meeting) => meetingSummary(ctx, meeting));
  return sendJson(ctx.res, 200, { meetings });
}

/**
 * @param {Joinme} jm
 * @param {Context} ctx
 * @param {string} id
 * @param {Account} account
 * @param {(meeting: Meeting) => unknown} then
 */
function withMeeting(jm, ctx, id, account, then) {
  const meeting = /^\d{1,15}$/.test(id) ? jm.state.meetings.get(Number(id)) : undefined;
  if (!meeting || meeting.owner !== account.email) return apiError(ctx, 404, 'not_found', `The meeting ${id} was not found.`);
  return then(meeting);
}

/**
 * The JSON body of a write call. join.me is an ASP.NET API: anything but JSON is 415.
 * @param {Context} ctx
 * @returns {Promise<Record<string, unknown> | undefined>} undefined: refused (answered)
 */
async function jsonBody(ctx, { optional = false } = {}) {
  const body = await ctx.body();
  if (optional && body.length === 0) return {};
  const type = mediaType(ctx.req);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    return void apiError(
      ctx,
      415,
      'unsupported_media_type',
      `The request entity's media type '${type || 'none'}' is not supported for this resource.`,
    );
  }
  const parsed = parseJson(body);
  if (!parsed.ok || !isObject(parsed.value)) return void apiError(ctx, 400, 'invalid_request', 'The request body must be a JSON object.');
  return parsed.value;
}

/**
 * Reads the meeting fields of a schedule (all required) or update (all optional) body.
 * @param {Record<string, unknown>} body
 * @param {Partial<Meeting>} base the meeting being updated, or {} for a new one
 * @returns {{ error: string } | { fields: Pick<Meeting, 'meetingName' | 'start' | 'end' | 'startWithPersonalUrl' | 'participants'> }}
 */
function readMeetingFields(body, base) {
  const isNew = base.meetingId === undefined;
  for (const name of ['meetingName', 'meetingStart', 'meetingEnd']) {
    if (isNew && body[name] === undefined) return { error: `${name} is required.` };
  }
  /** @type {Record<string, any>} */
  const fields = { ...base };
  if (body.meetingName !== undefined) {
    if (typeof body.meetingName !== 'string' || body.meetingName.trim() === '') return { error: 'meetingName must be a non-empty string.' };
    fields.meetingName = body.meetingName;
  }
  for (const [name, key] of /** @type {const} */ ([
    ['meetingStart', 'start'],
    ['meetingEnd', 'end'],
  ])) {
    if (body[name] === undefined) continue;
    const instant = parseIso(body[name]);
    if (instant === undefined) return { error: `${name} must be an ISO 8601 date-time.` };
    fields[key] = instant;
  }
  if (fields.end <= fields.start) return { error: 'meetingEnd must be after meetingStart.' };
  if (body.participants !== undefined) {
    // null is refused (omit the field or send an array): a known trap for clients of PATCH.
    const list = body.participants;
    if (list === null) return { error: 'participants must not be null: omit it or send an array.' };
    if (!Array.isArray(list) || !list.every((email) => typeof email === 'string' && /^[^@\s]+@[^@\s]+$/.test(email))) {
      return { error: 'participants must be an array of e-mail addresses.' };
    }
    fields.participants = [...list];
  }
  if (body.startWithPersonalUrl !== undefined) {
    if (typeof body.startWithPersonalUrl !== 'boolean') return { error: 'startWithPersonalUrl must be a boolean.' };
    fields.startWithPersonalUrl = body.startWithPersonalUrl;
  }
  fields.participants ??= [];
  fields.startWithPersonalUrl ??= false;
  return { fields: /** @type {any} */ (fields) };
}

/** @param {Joinme} jm @param {Context} ctx @param {Account} account */
async function scheduleMeeting(jm, ctx, account) {
  const body = await jsonBody(ctx);
  if (!body) return;
  const read = readMeetingFields(body, {});
  if ('error' in read) return apiError(ctx, 400, 'invalid_request', read.error);
  const meetingId = jm.state.nextMeetingId++;
  /** @type {Meeting} */
  const meeting = { ...read.fields, meetingId, owner: account.email, room: roomCode() };
  jm.state.meetings.set(meetingId, meeting);
  return sendJson(ctx.res, jm.env.config.joinme.scheduleStatus, meetingAnswer(ctx, meeting));
}

/** @param {Context} ctx @param {Meeting} meeting */
async function updateMeeting(ctx, meeting) {
  const body = await jsonBody(ctx);
  if (!body) return;
  const read = readMeetingFields(body, meeting);
  if ('error' in read) return apiError(ctx, 400, 'invalid_request', read.error);
  Object.assign(meeting, read.fields);
  return sendJson(ctx.res, 200, meetingAnswer(ctx, meeting));
}

/** @param {Joinme} jm @param {Context} ctx @param {Meeting} meeting */
function deleteMeeting(jm, ctx, meeting) {
  jm.state.meetings.delete(meeting.meetingId);
  sendEmpty(ctx.res, jm.env.config.joinme.deleteStatus);
}

/** @param {Joinme} jm @param {Context} ctx @param {Account} account */
async function startAdHoc(jm, ctx, account) {
  const body = await jsonBody(ctx);
  if (!body) return;
  if (typeof body.startWithPersonalUrl !== 'boolean')
    return apiError(ctx, 400, 'invalid_request', 'startWithPersonalUrl is required and must be a boolean.');
  if (body.startWithPersonalUrl && !account.personalUrl) return apiError(ctx, 400, 'invalid_request', 'This account has no personal URL.');
  const webhooks = body.webhooks === undefined ? undefined : body.webhooks;
  if (webhooks !== undefined && !Array.isArray(webhooks)) return apiError(ctx, 400, 'invalid_request', 'webhooks must be an array.');
  return sendStart(jm, ctx, account, viewerLink(ctx, account, body.startWithPersonalUrl, roomCode()), webhooks !== undefined);
}

/** @param {Joinme} jm @param {Context} ctx @param {Account} account @param {Meeting} meeting */
async function startScheduled(jm, ctx, account, meeting) {
  await ctx.body(); // no body expected; drained so the connection stays usable
  return sendStart(jm, ctx, account, viewerLink(ctx, account, meeting.startWithPersonalUrl, meeting.room), false);
}

/**
 * A started meeting: a one-time presenter link (10 minutes) and the viewer link.
 * @param {Joinme} jm @param {Context} ctx @param {Account} account @param {string} viewer @param {boolean} withWebhooks
 */
function sendStart(jm, ctx, account, viewer, withWebhooks) {
  const ticket = randomToken(18);
  jm.state.presenterTickets.set(ticket, { viewerLink: viewer, expiresAt: jm.env.clock.now() + PRESENTER_LINK_SECONDS * 1000, used: false });
  jm.state.hosted.set(account.email, (jm.state.hosted.get(account.email) ?? 0) + 1);
  sendJson(ctx.res, 201, {
    presenterLink: `${ctx.emu}/joinme/web/present?ticket=${ticket}`,
    viewerLink: viewer,
    ...(account.conference ? { audioConference: conferenceSettings(ctx, account.conference) } : {}),
    ...(withWebhooks ? { webhooksStatus: 'Registered' } : {}),
  });
}

/** A nine-digit meeting code, like join.me's. */
const roomCode = () => String(100_000_000 + (Number.parseInt(randomHex(4), 16) % 900_000_000));

/** Pages behind the links the API hands out (join.me/<code>, the presenter link). */
export function webRoutes(/** @type {Joinme} */ jm) {
  const brand = 'join.me (emulated)';
  return [
    route('GET', '/present', (/** @type {Context} */ ctx) => {
      const ticket = jm.state.presenterTickets.get(ctx.query.get('ticket') ?? '');
      if (!ticket || ticket.used || jm.env.clock.now() >= ticket.expiresAt) {
        return sendRoomPage(ctx.res, {
          status: 410,
          brand,
          title: 'Link expired',
          lines: ['A presenter link works once, within 10 minutes.'],
        });
      }
      ticket.used = true;
      return sendRoomPage(ctx.res, { brand, title: 'You are presenting', lines: [`Viewers join at ${ticket.viewerLink}`] });
    }),
    route('GET', '/intphone/:id', (/** @type {Context} */ ctx, /** @type {Record<string, string>} */ { id }) =>
      sendRoomPage(ctx.res, { brand, title: 'Conference call numbers', lines: [`Conference ${id}: +1 555 0100 (emulated)`] }),
    ),
    route('GET', '/:room', (/** @type {Context} */ ctx, /** @type {Record<string, string>} */ { room }) =>
      sendRoomPage(ctx.res, { brand, title: `Meeting ${room}`, lines: ['You joined as a viewer (emulated).'] }),
    ),
  ];
}
