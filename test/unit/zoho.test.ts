// Zoho normalisers, data-centre rules and error mapping, fed with answers shaped as ../shared/providers/zoho.md records them.
import { expect } from 'chai';
import { isRegionOf, regionOfAccountsServer, regionOfHost, ZOHO_DATACENTRES, type ZohoDataCentres } from '../../modules/datacentres.ts';
import zohoModule, {
  allowsScope,
  grantedScopes,
  normaliseMeeting,
  normaliseMeetingList,
  normaliseUser,
  regionOfSession,
  toZohoSessionBody,
  zohoError,
  zohoLifetimeSeconds,
} from '../../modules/zoho.ts';

const session = {
  meetingKey: 1029384756,
  topic: 'Quarterly review',
  agenda: 'Numbers',
  presenterEmail: 'grace@example.com',
  presenterZuid: 53758790,
  startTime: 'Jun 19, 2020 07:00 PM',
  endTime: 'Jun 19, 2020 08:00 PM',
  duration: 3600000,
  timezone: 'Asia/Calcutta',
  joinLink: 'https://meeting.zoho.com/join?key=1029384756',
  startLink: 'https://meeting.zoho.com/meeting/start?key=1029384756',
  participants: [
    { id: 1, email: 'a@example.com' },
    { id: 2, email: 'b@example.com' },
  ],
};

describe('Zoho normalisers', () => {
  it('user: id is the zuid as a string; userDetails fields kept (zsoid among them)', () => {
    const user = normaliseUser({
      userDetails: {
        zsoid: 53758574,
        zuid: 53758790,
        primaryEmail: 'grace@example.com',
        displayName: 'Grace',
        fullName: 'Grace Brewster Hopper',
        isAdmin: true,
        orgName: 'Navy',
      },
    });
    expect(user).to.include({
      id: '53758790',
      name: 'Grace Brewster Hopper',
      first_name: 'Grace',
      last_name: 'Brewster Hopper',
      email: 'grace@example.com',
      zsoid: 53758574,
    });
  });

  it('meeting: wall-clock startTime in the meeting’s zone becomes ISO UTC; duration ms becomes minutes', () => {
    const meeting = normaliseMeeting({ session });
    expect(meeting).to.include({
      id: '1029384756',
      name: 'Quarterly review',
      agenda: 'Numbers',
      start_time: '2020-06-19T13:30:00Z',
      end_time: '2020-06-19T14:30:00Z',
      duration: 60,
      timezone: 'Asia/Calcutta',
      join_url: session.joinLink,
      start_url: session.startLink,
    });
    expect(meeting.participants).to.deep.equal(['a@example.com', 'b@example.com']);
  });

  it('meeting: a zone abbreviation appended to the time ("… PM IST") is ignored, the timezone decides', () => {
    const meeting = normaliseMeeting({ ...session, startTime: 'Jun 19, 2020 07:00 PM IST', endTime: undefined });
    expect(meeting.start_time).to.equal('2020-06-19T13:30:00Z');
    expect(meeting.end_time).to.equal('2020-06-19T14:30:00Z');
  });

  it('meeting: 45-minute offsets and DST are honoured', () => {
    expect(normaliseMeeting({ ...session, timezone: 'Asia/Kathmandu', startTime: 'Jan 10, 2024 09:00 AM' }).start_time).to.equal(
      '2024-01-10T03:15:00Z',
    );
    expect(normaliseMeeting({ ...session, timezone: 'Europe/Berlin', startTime: 'Jul 10, 2024 09:00 AM' }).start_time).to.equal(
      '2024-07-10T07:00:00Z',
    );
    expect(normaliseMeeting({ ...session, timezone: 'Europe/Berlin', startTime: 'Jan 10, 2024 09:00 AM' }).start_time).to.equal(
      '2024-01-10T08:00:00Z',
    );
  });

  it('meeting: a webinar’s webinarKey is its id', () => {
    expect(normaliseMeeting({ session: { webinarKey: 777, topic: 'Launch' } }).id).to.equal('777');
  });

  it('list: "count" is the total, so paging.next points at the next index', () => {
    const list = normaliseMeetingList({ session: [session, session], count: 34 }, 1, 2);
    expect(list.data).to.have.length(2);
    expect(list.paging).to.deep.equal({ total: 34, next: '?index=3&limit=2' });
    expect(normaliseMeetingList({ session: [session], count: 1 }, 1, 20).paging).to.deep.equal({ total: 1 });
    expect(normaliseMeetingList({ webinar: [session] }).data[0]?.id).to.equal('1029384756');
    expect(normaliseMeetingList(null).data).to.deep.equal([]);
  });

  it('list: each reading of the index (start 0 or 1, records or pages) gives the right next index and end', () => {
    const page = (n: number) => ({ session: Array.from({ length: n }, () => session), count: 5 });
    // records from 1 (the default): 1, 3, 5.
    expect(normaliseMeetingList(page(2), 3, 2).paging?.next).to.equal('?index=5&limit=2');
    expect(normaliseMeetingList(page(1), 5, 2).paging).to.deep.equal({ total: 5 });
    // records from 0: 0, 2, 4.
    const fromZero = { start: 0, counts: 'records' } as const;
    expect(normaliseMeetingList(page(2), 0, 2, fromZero).paging?.next).to.equal('?index=2&limit=2');
    expect(normaliseMeetingList(page(1), 4, 2, fromZero).paging).to.deep.equal({ total: 5 });
    // pages from 0: 0, 1, 2; pages from 1: 1, 2, 3.
    expect(normaliseMeetingList(page(2), 1, 2, { start: 0, counts: 'pages' }).paging?.next).to.equal('?index=2&limit=2');
    expect(normaliseMeetingList(page(1), 2, 2, { start: 0, counts: 'pages' }).paging).to.deep.equal({ total: 5 });
    expect(normaliseMeetingList(page(2), 2, 2, { start: 1, counts: 'pages' }).paging?.next).to.equal('?index=3&limit=2');
    expect(normaliseMeetingList(page(1), 3, 2, { start: 1, counts: 'pages' }).paging).to.deep.equal({ total: 5 });
  });
});

describe('Zoho scopes', () => {
  const scopeMap = zohoModule.scope;

  it('every scope set whose calls need the zsoid asks for ZohoMeeting.manageOrg.READ; none asks for user.READ', () => {
    for (const name of ['basic', 'meetings', 'meetings_read', 'start', 'webinars']) {
      expect(scopeMap[name]?.split(','), name).to.include('ZohoMeeting.manageOrg.READ');
    }
    expect(Object.values(scopeMap).join(',')).not.to.match(/user\.READ/i);
  });

  it('the granted scopes of a session: site names mapped, provider names kept, lower-cased; unknown when absent', () => {
    expect(grantedScopes({ scope: 'basic,meetings_read' }, scopeMap)).to.deep.equal([
      'zohomeeting.manageorg.read',
      'zohomeeting.manageorg.read',
      'zohomeeting.meeting.read',
    ]);
    expect(grantedScopes({ scope: 'ZohoMeeting.meeting.CREATE ZohoMeeting.manageorg.READ' }, scopeMap)).to.deep.equal([
      'zohomeeting.meeting.create',
      'zohomeeting.manageorg.read',
    ]);
    expect(grantedScopes({}, scopeMap)).to.equal(undefined);
  });

  it('a call needs its family’s verb or ALL, whatever the case', () => {
    const granted = grantedScopes({ scope: 'basic,meetings' }, scopeMap);
    expect(allowsScope(granted, 'ZohoMeeting.meeting.DELETE')).to.equal(true);
    expect(allowsScope(granted, 'ZohoMeeting.manageOrg.READ')).to.equal(true);
    expect(allowsScope(granted, 'ZohoMeeting.webinar.READ')).to.equal(false);
    const readOnly = grantedScopes({ scope: 'ZohoMeeting.meeting.read' }, scopeMap);
    expect(allowsScope(readOnly, 'ZohoMeeting.meeting.READ')).to.equal(true);
    expect(allowsScope(readOnly, 'ZohoMeeting.meeting.CREATE')).to.equal(false);
    expect(allowsScope(readOnly, 'ZohoMeeting.manageOrg.READ')).to.equal(false);
    expect(allowsScope(undefined, 'ZohoMeeting.meeting.CREATE')).to.equal(true);
  });
});

describe('Zoho MeetingInput translation', () => {
  const context = { presenter: '53758790', defaultTimeZone: 'UTC' };

  it('ISO instant and minutes become Zoho’s wall-clock time in the zone and milliseconds', () => {
    const body = toZohoSessionBody(
      {
        name: 'Review',
        start_time: '2020-06-19T13:30:00Z',
        duration: 60,
        timezone: 'Asia/Calcutta',
        participants: ['a@example.com'],
        agenda: 'x',
      },
      false,
      context,
    );
    expect(body).to.deep.equal({
      session: {
        topic: 'Review',
        agenda: 'x',
        startTime: 'Jun 19, 2020 07:00 PM',
        timezone: 'Asia/Calcutta',
        duration: 3600000,
        participants: [{ email: 'a@example.com' }],
        presenter: 53758790,
      },
    });
  });

  it('end_time gives the duration; the default zone is used when none is given', () => {
    const body = toZohoSessionBody({ name: 'x', start_time: '2024-03-31T00:30:00Z', end_time: '2024-03-31T01:30:00Z' }, false, {
      defaultTimeZone: 'Europe/London',
    });
    // 00:30Z is 00:30 GMT; the clocks go forward at 01:00Z that day.
    expect(body).to.deep.include({
      session: { topic: 'x', startTime: 'Mar 31, 2024 12:30 AM', timezone: 'Europe/London', duration: 3600000 },
    });
  });

  it('an edit sends only the fields given', () => {
    expect(toZohoSessionBody({ name: 'Renamed' }, true, context)).to.deep.equal({ session: { topic: 'Renamed' } });
  });

  it('a body in Zoho’s own form passes through', () => {
    const raw = { session: { topic: 'raw', startTime: 'Jun 19, 2020 07:00 PM', timezone: 'Asia/Calcutta' } };
    expect(toZohoSessionBody(raw, false, context)).to.deep.equal(raw);
  });

  it('rejects an unknown zone, a bad date, a missing name', () => {
    for (const input of [
      { name: 'x', start_time: '2030-01-01T00:00:00Z', timezone: 'Mars/Olympus' },
      { name: 'x', start_time: 'soon' },
      { start_time: '2030-01-01T00:00:00Z' },
    ]) {
      expect((toZohoSessionBody(input, false, context) as { error?: { code: string } }).error?.code, JSON.stringify(input)).to.equal(
        'invalid_request',
      );
    }
  });
});

describe('Zoho data centres and sessions', () => {
  it('accounts-server must be in the table; Canada is zohocloud.ca', () => {
    expect(regionOfAccountsServer(ZOHO_DATACENTRES, 'https://accounts.zohocloud.ca')).to.equal('ca');
    expect(regionOfAccountsServer(ZOHO_DATACENTRES, 'https://accounts.zoho.eu/')).to.equal('eu');
    expect(regionOfAccountsServer(ZOHO_DATACENTRES, 'https://accounts.zoho.ca')).to.equal(undefined);
    expect(regionOfAccountsServer(ZOHO_DATACENTRES, 'https://accounts.zoho.eu.evil.example')).to.equal(undefined);
    expect(regionOfAccountsServer(ZOHO_DATACENTRES, 'javascript:alert(1)')).to.equal(undefined);
  });

  it('the session’s region: location and accounts-server agree, a forged server is refused', () => {
    expect(regionOfSession(ZOHO_DATACENTRES, { location: 'eu', 'accounts-server': 'https://accounts.zoho.eu' })).to.equal('eu');
    expect(regionOfSession(ZOHO_DATACENTRES, { location: 'eu' })).to.equal('eu');
    expect(regionOfSession(ZOHO_DATACENTRES, {})).to.equal('us');
    expect(regionOfSession(ZOHO_DATACENTRES, { location: 'eu', 'accounts-server': 'https://evil.example' })).to.have.nested.property(
      'error.code',
      'invalid_request',
    );
    expect(regionOfSession(ZOHO_DATACENTRES, { location: 'eu', 'accounts-server': 'https://accounts.zoho.com' })).to.have.nested.property(
      'error.code',
      'invalid_request',
    );
    expect(regionOfSession(ZOHO_DATACENTRES, { location: 'moon' })).to.have.nested.property('error.code', 'invalid_request');
  });

  it('the UK data centre: accounts.zoho.uk', () => {
    expect(regionOfAccountsServer(ZOHO_DATACENTRES, 'https://accounts.zoho.uk')).to.equal('uk');
    expect(regionOfSession(ZOHO_DATACENTRES, { location: 'uk', 'accounts-server': 'https://accounts.zoho.uk' })).to.equal('uk');
    expect(ZOHO_DATACENTRES.uk.meeting).to.equal('https://meeting.zoho.uk');
  });

  it('without location (a classic oauth proxy forwards the token answer), api_domain tells the data centre', () => {
    expect(regionOfHost(ZOHO_DATACENTRES, 'apis', 'https://www.zohoapis.com.au')).to.equal('au');
    expect(regionOfSession(ZOHO_DATACENTRES, { api_domain: 'https://www.zohoapis.eu' })).to.equal('eu');
    expect(regionOfSession(ZOHO_DATACENTRES, { api_domain: 'https://www.zohoapis.ca' })).to.equal('ca');
    expect(regionOfSession(ZOHO_DATACENTRES, { api_domain: 'https://www.zohoapis.eu', location: 'eu' })).to.equal('eu');
    // An unknown zohoapis host is refused rather than guessed as us; a disagreement too.
    expect(regionOfSession(ZOHO_DATACENTRES, { api_domain: 'https://www.zohoapis.evil.example' })).to.have.nested.property(
      'error.code',
      'invalid_request',
    );
    expect(regionOfSession(ZOHO_DATACENTRES, { api_domain: 'https://www.zohoapis.eu', location: 'us' })).to.have.nested.property(
      'error.code',
      'invalid_request',
    );
  });

  it('a data centre the site added (ae) is accepted everywhere the built-in ones are; own keys only', () => {
    const table: ZohoDataCentres = {
      ...ZOHO_DATACENTRES,
      ae: { accounts: 'https://accounts.zoho.ae', meeting: 'https://meeting.zoho.ae', apis: 'https://www.zohoapis.ae' },
    };
    expect(isRegionOf(table, 'ae')).to.equal(true);
    expect(isRegionOf(ZOHO_DATACENTRES, 'ae')).to.equal(false);
    expect(isRegionOf(table, 'constructor')).to.equal(false);
    expect(regionOfSession(table, { location: 'ae', 'accounts-server': 'https://accounts.zoho.ae' })).to.equal('ae');
    expect(regionOfSession(table, { api_domain: 'https://www.zohoapis.ae' })).to.equal('ae');
    expect(regionOfSession(table, {}, 'ae')).to.equal('ae');
    expect(regionOfSession(ZOHO_DATACENTRES, { location: 'ae', 'accounts-server': 'https://accounts.zoho.ae' })).to.have.nested.property(
      'error.code',
      'invalid_request',
    );
    // The proxy's helper keeps to the built-in regions.
    expect(regionOfAccountsServer(table, 'https://accounts.zoho.ae')).to.equal(undefined);
  });

  it('a pinned region wins, and a login from another data centre is refused', () => {
    expect(regionOfSession(ZOHO_DATACENTRES, {}, 'ca')).to.equal('ca');
    expect(regionOfSession(ZOHO_DATACENTRES, { location: 'eu' }, 'eu')).to.equal('eu');
    expect(regionOfSession(ZOHO_DATACENTRES, { location: 'us' }, 'eu')).to.have.nested.property('error.code', 'access_denied');
  });

  it('expires_in: expires_in_sec preferred; above 86400 it is milliseconds; absent means an hour', () => {
    expect(zohoLifetimeSeconds({ expires_in_sec: 3600, expires_in: 3600000 })).to.equal(3600);
    expect(zohoLifetimeSeconds({ expires_in: 3600000 })).to.equal(3600);
    expect(zohoLifetimeSeconds({ expires_in: '3600' })).to.equal(3600);
    expect(zohoLifetimeSeconds({})).to.equal(3600);
  });
});

describe('Zoho errors', () => {
  const status = (statusCode: number) => ({ statusCode });

  it('expired token: 400 {"error":{"code":2000,"message":"INVALID_OAUTHTOKEN"}} is invalid_token', () => {
    expect(zohoError({ error: { code: 2000, message: 'INVALID_OAUTHTOKEN' } }, status(400))).to.deep.equal({
      error: { code: 'invalid_token', message: 'INVALID_OAUTHTOKEN', status: 400 },
    });
  });

  it('both error shapes: code and errorCode', () => {
    expect(zohoError({ error: { code: 1025, message: "Org doesn't matches with request uri" } }, status(403))?.error.code).to.equal(
      'access_denied',
    );
    expect(
      zohoError({ error: { errorCode: 4000, message: 'The meeting key is invalid.', key: 'INVALID_MEETING_KEY' } }, status(400))?.error
        .code,
    ).to.equal('not_found');
    expect(
      zohoError({ error: { errorCode: 3001, message: 'You do not have permission', key: 'UNAUTHORIZED_USER' } }, status(401))?.error.code,
    ).to.equal('access_denied');
    expect(zohoError({ error: { code: 1028, message: "Count shouldn't exceed 100" } }, status(400))?.error.code).to.equal(
      'invalid_request',
    );
    expect(zohoError({ error: { code: 1009, message: 'No permission' } }, status(400))?.error.code).to.equal('access_denied');
  });

  it('token endpoint errors arrive with HTTP 200', () => {
    expect(zohoError({ error: 'invalid_client' }, status(200))?.error.code).to.equal('invalid_request');
    expect(zohoError({ error: 'invalid_code' }, status(200))?.error.code).to.equal('invalid_token');
    expect(
      zohoError(
        { error: 'Access Denied', error_description: 'You have made too many requests continuously. Please try again after some time.' },
        status(400),
      )?.error.code,
    ).to.equal('rate_limited');
  });

  it('non-JSON bodies and transport failures', () => {
    expect(zohoError('<html>oops</html>', status(500))?.error.code).to.equal('server_error');
    expect(zohoError('<html>ok?</html>', status(200))?.error.code).to.equal('server_error');
    expect(zohoError({ error: { code: 'access_denied', message: 'Could not get resource' } }, undefined)?.error.code).to.equal(
      'server_error',
    );
    expect(zohoError({ session: [] }, status(200))).to.equal(undefined);
  });
});
