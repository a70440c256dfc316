// join.me normalisers and error mapping, fed with answers shaped as ../shared/providers/joinme.md records them.
import { expect } from 'chai';
import {
  joinmeError,
  normaliseMeeting,
  normaliseMeetingList,
  normaliseStart,
  normaliseUser,
  toJoinmeMeetingBody,
} from '../../modules/joinme.ts';

const user = {
  email: 'ada@example.com',
  fullName: 'Ada King Lovelace',
  language: 'en',
  numberOfMeetingsHosted: 3,
  personalUrl: 'ada',
  registrationDate: '2015-06-02T09:00:00Z',
  subscriptionType: 'pro',
  conferenceSettings: { conferenceId: '123', conferenceCallNumbersUrl: 'https://join.me/intphone', organizerCode: '42' },
};
const meeting = {
  meetingId: 12345,
  meetingName: 'Weekly',
  meetingStart: '2015-06-02T09:00:00Z',
  meetingEnd: '2015-06-02T10:30:00Z',
  startWithPersonalUrl: false,
  participants: ['a@example.com', 'b@example.com'],
  conferenceId: '555',
  viewerLink: 'https://join.me/123-456-789',
};

describe('join.me normalisers', () => {
  it('user: id is the e-mail, names split, provider fields kept', () => {
    const normalised = normaliseUser(user);
    expect(normalised).to.include({ id: 'ada@example.com', name: 'Ada King Lovelace', first_name: 'Ada', last_name: 'King Lovelace' });
    expect(normalised.email).to.equal('ada@example.com');
    expect(normalised.personalUrl).to.equal('ada');
    expect(normalised).to.not.have.property('thumbnail');
  });

  it('user: a one-word name has no last_name; a body without e-mail still gives a string id', () => {
    expect(normaliseUser({ email: 'x@example.com', fullName: 'Plato' })).to.not.have.property('last_name');
    expect(normaliseUser({}).id).to.equal('');
    expect(normaliseUser(null).id).to.equal('');
  });

  it('meeting: numeric meetingId becomes a string, times stay UTC Z, duration in minutes', () => {
    const normalised = normaliseMeeting(meeting);
    expect(normalised).to.include({
      id: '12345',
      name: 'Weekly',
      start_time: '2015-06-02T09:00:00Z',
      end_time: '2015-06-02T10:30:00Z',
      duration: 90,
      join_url: 'https://join.me/123-456-789',
      timezone: 'UTC',
    });
    expect(normalised.participants).to.deep.equal(['a@example.com', 'b@example.com']);
    expect(normalised.meetingId).to.equal(12345);
  });

  it('meeting: times with an offset are normalised to UTC', () => {
    const normalised = normaliseMeeting({
      meetingId: 1,
      meetingStart: '2015-06-02T11:00:00+02:00',
      meetingEnd: '2015-06-02T11:30:00+02:00',
    });
    expect(normalised.start_time).to.equal('2015-06-02T09:00:00Z');
    expect(normalised.duration).to.equal(30);
  });

  it('meeting: times without a zone (the provider’s own example form) are read as UTC, not dropped', () => {
    // Fixture: the seed page's registrationDate form, "2014-03-22T20:45:00", used for meeting times.
    const normalised = normaliseMeeting({ meetingId: 7, meetingStart: '2014-03-22T20:45:00', meetingEnd: '2014-03-22T21:15:00.000' });
    expect(normalised).to.include({ start_time: '2014-03-22T20:45:00Z', end_time: '2014-03-22T21:15:00Z', duration: 30, timezone: 'UTC' });
    expect(normaliseMeeting({ meetingId: 7, meetingStart: '2014-03-22 20:45' }).start_time).to.equal('2014-03-22T20:45:00Z');
    // Still refused: not a time at all, or an impossible one.
    expect(normaliseMeeting({ meetingId: 7, meetingStart: 'tomorrow' }).start_time).to.equal(undefined);
    expect(normaliseMeeting({ meetingId: 7, meetingStart: '2014-02-30T20:45:00' }).start_time).to.equal(undefined);
    expect(normaliseMeeting({ meetingId: 7, meetingStart: '2014-03-22' }).start_time).to.equal(undefined);
  });

  it('MeetingInput from the site still needs an offset: a zone-less start_time is refused', () => {
    expect(toJoinmeMeetingBody({ name: 'x', start_time: '2030-01-01T09:00:00', duration: 15 }, false)).to.have.nested.property(
      'error.code',
      'invalid_request',
    );
  });

  it('list: {"meetings": [...]} becomes { data: [...] }, cut to limit', () => {
    const list = normaliseMeetingList({ meetings: [meeting, { ...meeting, meetingId: 2 }] }, 1);
    expect(list.data.map((item) => item.id)).to.deep.equal(['12345']);
    expect(normaliseMeetingList({}).data).to.deep.equal([]);
    expect(normaliseMeetingList('nonsense').data).to.deep.equal([]);
  });

  it('start: presenterLink is the start_url, viewerLink the join_url; ad hoc id from the viewer link', () => {
    const started = normaliseStart({ presenterLink: 'https://join.me/p/abc', viewerLink: 'https://join.me/987-654-321' });
    expect(started).to.include({ id: '987-654-321', start_url: 'https://join.me/p/abc', join_url: 'https://join.me/987-654-321' });
    expect(normaliseStart({ presenterLink: 'https://join.me/p/x' }, '12345').id).to.equal('12345');
    expect(normaliseStart({ viewerLink: 'https://join.me/123456789?x=1' }).id).to.equal('123456789');
  });

  it('start: a personal room’s viewerLink (https://secure.join.me/YourName, a Zulip fixture) never becomes the id', () => {
    const personal = { presenterLink: 'https://secure.join.me/p/abc', viewerLink: 'https://secure.join.me/YourName' };
    expect(normaliseStart(personal)).to.include({ id: '', join_url: 'https://secure.join.me/YourName' });
    // Started on the personal URL: even a numeric-looking room name is not a meeting code.
    expect(normaliseStart({ viewerLink: 'https://secure.join.me/2024' }, undefined, true).id).to.equal('');
    expect(normaliseStart({ viewerLink: 'https://secure.join.me/2024' }, '55', true).id).to.equal('55');
  });

  it("start: a personal room's viewer link ends in a name, which never becomes the id", () => {
    const started = normaliseStart({ presenterLink: 'https://join.me/p/abc', viewerLink: 'https://secure.join.me/YourName' });
    expect(started).to.include({ id: '', join_url: 'https://secure.join.me/YourName' });
    expect(normaliseStart({ viewerLink: 'https://join.me/123456789?x=1' }).id).to.equal('123456789');
    expect(normaliseStart({ viewerLink: 'https://join.me/' }).id).to.equal('');
  });
});

describe('join.me MeetingInput translation', () => {
  it('derives meetingEnd from the duration when only that is given', () => {
    expect(toJoinmeMeetingBody({ name: 'Standup', start_time: '2030-01-01T09:00:00Z', duration: 15 }, false)).to.deep.equal({
      meetingName: 'Standup',
      meetingStart: '2030-01-01T09:00:00Z',
      meetingEnd: '2030-01-01T09:15:00Z',
    });
  });

  it('accepts Date objects and offsets, sending UTC', () => {
    const body = toJoinmeMeetingBody(
      { name: 'x', start_time: new Date('2030-01-01T09:00:00Z'), end_time: '2030-01-01T11:00:00+01:00' },
      false,
    );
    expect(body).to.include({ meetingStart: '2030-01-01T09:00:00Z', meetingEnd: '2030-01-01T10:00:00Z' });
  });

  it('never sends participants: null (join.me rejects it)', () => {
    expect(
      toJoinmeMeetingBody({ name: 'x', start_time: '2030-01-01T09:00:00Z', duration: 5, participants: null }, false),
    ).to.not.have.property('participants');
    expect(toJoinmeMeetingBody({ meetingName: 'raw', participants: null }, true)).to.deep.equal({ meetingName: 'raw' });
  });

  it('passes a body in join.me’s own form through', () => {
    const raw = {
      meetingName: 'raw',
      meetingStart: '2030-01-01T09:00:00Z',
      meetingEnd: '2030-01-01T10:00:00Z',
      startWithPersonalUrl: true,
    };
    expect(toJoinmeMeetingBody(raw, false)).to.deep.equal(raw);
  });

  it('an update sends only the fields given', () => {
    expect(toJoinmeMeetingBody({ name: 'Renamed' }, true)).to.deep.equal({ meetingName: 'Renamed' });
  });

  it('rejects what join.me would reject, with invalid_request', () => {
    for (const input of [
      { start_time: '2030-01-01T09:00:00Z', duration: 5 },
      { name: 'x', start_time: 'not a date', duration: 5 },
      { name: 'x', start_time: '2030-01-01T09:00:00Z' },
      { name: 'x', start_time: '2030-01-01T09:00:00Z', duration: -5 },
      { name: 'x', start_time: '2030-01-01T09:00:00Z', end_time: '2030-01-01T08:00:00Z' },
      // A site's time needs its offset: only join.me's own answers are read as UTC.
      { name: 'x', start_time: '2030-01-01T09:00:00', duration: 5 },
    ]) {
      const result = toJoinmeMeetingBody(input, false) as { error?: { code: string } };
      expect(result.error?.code, JSON.stringify(input)).to.equal('invalid_request');
    }
  });
});

describe('join.me errors', () => {
  const status = (statusCode: number, extra: Record<string, string> = {}) => ({ statusCode, ...extra });

  it('stale token: 401 {"Message","ErrorCode":"stale_token"} is invalid_token', () => {
    expect(joinmeError({ Message: 'The token is stale', ErrorCode: 'stale_token' }, status(401))).to.deep.equal({
      error: { code: 'invalid_token', message: 'The token is stale', status: 401 },
    });
  });

  it('PascalCase error bodies are read in any case', () => {
    expect(joinmeError({ message: 'Nope', errorCode: 'insufficient_scope' }, status(403))?.error.code).to.equal('access_denied');
    expect(joinmeError({ MESSAGE: 'Missing', ERRORCODE: 'not_found' }, status(404))?.error.code).to.equal('not_found');
  });

  it('an error body with an unknown ErrorCode falls back to the status', () => {
    expect(joinmeError({ Message: 'Bad', ErrorCode: 'weird' }, status(400))?.error.code).to.equal('invalid_request');
    expect(joinmeError({ Message: 'Boom' }, status(500))?.error.code).to.equal('server_error');
  });

  it('gateway 403 with an empty body and X-Error-Detail-Header: Account Inactive is access_denied', () => {
    const error = joinmeError({}, status(403, { 'x-error-detail-header': 'Account Inactive' }));
    expect(error).to.deep.equal({ error: { code: 'access_denied', message: 'Account Inactive', status: 403 } });
  });

  it('gateway 403 with only WWW-Authenticate error="invalid_token" is invalid_token', () => {
    const error = joinmeError('', status(403, { 'www-authenticate': 'Bearer realm="api.join.me", error="invalid_token"' }));
    expect(error?.error.code).to.equal('invalid_token');
  });

  it('a non-JSON error page is mapped by status with a short excerpt', () => {
    const error = joinmeError('<html><body><h1>Bad Gateway</h1></body></html>', status(502));
    expect(error).to.deep.equal({ error: { code: 'server_error', message: 'Bad Gateway', status: 502 } });
  });

  it('hello.js’s own error for a 401 without JSON becomes invalid_token (not access_denied)', () => {
    expect(joinmeError({ error: { code: 'access_denied', message: 'Unauthorized' } }, status(401))?.error.code).to.equal('invalid_token');
  });

  it('token endpoint errors: invalid_authorization_code and server_error with a ticket', () => {
    expect(joinmeError({ error: 'invalid_authorization_code' }, status(400))?.error.code).to.equal('invalid_request');
    const error = joinmeError({ error: 'server_error', error_ticket_id: 'T-1', error_description: '' }, status(500));
    expect(error?.error).to.include({ code: 'server_error' });
    expect(error?.error.message).to.contain('T-1');
  });

  it('a transport failure (no status: network or CORS) is server_error', () => {
    expect(joinmeError({ error: { code: 'access_denied', message: 'Could not get resource' } }, undefined)?.error.code).to.equal(
      'server_error',
    );
  });

  it('a 200 with a body that is not JSON is server_error; a 200 JSON body is no error', () => {
    expect(joinmeError('<html>', status(200))?.error.code).to.equal('server_error');
    expect(joinmeError({ meetings: [] }, status(200))).to.equal(undefined);
  });

  it('errors are plain JSON (no circular details)', () => {
    const error = joinmeError({ Message: 'x', ErrorCode: 'stale_token' }, status(401));
    expect(() => JSON.stringify(error)).to.not.throw();
  });
});
