import { expect } from 'chai';
import { formatZohoTime, isoOfTime, isTimeZone, minutesToMs, msToMinutes, parseZohoTime, toIsoUtc } from '../../modules/time.ts';

const MINUTE = 60_000;

/** parseZohoTime as an ISO string (or undefined), for readable assertions. */
function parsed(text: string, timeZone: string): string | undefined {
  const date = parseZohoTime(text, timeZone);
  return date === undefined ? undefined : toIsoUtc(date);
}

/** Both directions: `iso` formats to `text` in `zone`, and `text` parses back to `iso`. */
function both(iso: string, zone: string, text: string): void {
  expect(formatZohoTime(iso, zone), `${iso} in ${zone}`).to.equal(text);
  expect(parsed(text, zone), `${text} in ${zone}`).to.equal(iso);
}

describe('time: isTimeZone', () => {
  it('accepts IANA zones, including old links', () => {
    for (const zone of ['UTC', 'Asia/Calcutta', 'Asia/Kolkata', 'America/New_York', 'Pacific/Chatham', 'Australia/Lord_Howe']) {
      expect(isTimeZone(zone), zone).to.equal(true);
    }
  });
  it('refuses anything else without throwing', () => {
    for (const value of ['Mars/Olympus', '', 'undefined', 'Not a zone', 42, null, undefined, {}, ['UTC']]) {
      expect(isTimeZone(value), String(value)).to.equal(false);
    }
    expect(isTimeZone('Mars/Olympus')).to.equal(false); // cached answer
  });
});

describe('time: the notes example', () => {
  it('"Jun 19, 2020 07:00 PM" in Asia/Calcutta is 2020-06-19T13:30:00Z', () => {
    both('2020-06-19T13:30:00Z', 'Asia/Calcutta', 'Jun 19, 2020 07:00 PM');
    both('2020-06-19T13:30:00Z', 'Asia/Kolkata', 'Jun 19, 2020 07:00 PM');
    expect(parseZohoTime('Jun 19, 2020 07:00 PM', 'Asia/Calcutta')?.getTime()).to.equal(Date.UTC(2020, 5, 19, 13, 30));
  });
});

describe('time: formatting and parsing per zone', () => {
  it('UTC', () => {
    both('2024-01-01T00:00:00Z', 'UTC', 'Jan 01, 2024 12:00 AM');
    both('2023-12-31T23:59:00Z', 'UTC', 'Dec 31, 2023 11:59 PM');
    both('2024-02-29T12:00:00Z', 'UTC', 'Feb 29, 2024 12:00 PM');
  });
  it('America/New_York (EST -5, EDT -4)', () => {
    both('2024-01-15T17:00:00Z', 'America/New_York', 'Jan 15, 2024 12:00 PM');
    both('2024-07-04T13:00:00Z', 'America/New_York', 'Jul 04, 2024 09:00 AM');
  });
  it('Europe/London (GMT, BST +1)', () => {
    both('2024-01-15T12:00:00Z', 'Europe/London', 'Jan 15, 2024 12:00 PM');
    both('2024-07-01T12:00:00Z', 'Europe/London', 'Jul 01, 2024 01:00 PM');
  });
  it('Europe/Berlin (CET +1, CEST +2)', () => {
    both('2024-01-15T12:00:00Z', 'Europe/Berlin', 'Jan 15, 2024 01:00 PM');
    both('2024-07-01T08:00:00Z', 'Europe/Berlin', 'Jul 01, 2024 10:00 AM');
  });
  it('Asia/Kolkata (+5:30)', () => {
    both('2024-01-01T00:00:00Z', 'Asia/Kolkata', 'Jan 01, 2024 05:30 AM');
    both('2023-12-31T18:30:00Z', 'Asia/Kolkata', 'Jan 01, 2024 12:00 AM');
  });
  it('Asia/Kathmandu (+5:45)', () => {
    both('2024-01-01T00:00:00Z', 'Asia/Kathmandu', 'Jan 01, 2024 05:45 AM');
    both('2024-06-30T18:15:00Z', 'Asia/Kathmandu', 'Jul 01, 2024 12:00 AM');
  });
  it('Australia/Adelaide (+9:30, summer +10:30)', () => {
    both('2024-01-15T00:00:00Z', 'Australia/Adelaide', 'Jan 15, 2024 10:30 AM');
    both('2024-07-15T00:00:00Z', 'Australia/Adelaide', 'Jul 15, 2024 09:30 AM');
  });
  it('Australia/Lord_Howe (+10:30, summer +11: a 30-minute shift)', () => {
    both('2024-01-15T00:00:00Z', 'Australia/Lord_Howe', 'Jan 15, 2024 11:00 AM');
    both('2024-07-15T00:00:00Z', 'Australia/Lord_Howe', 'Jul 15, 2024 10:30 AM');
    // Spring forward 2024-10-06 02:00 -> 02:30 (at 2024-10-05T15:30Z).
    both('2024-10-05T15:29:00Z', 'Australia/Lord_Howe', 'Oct 06, 2024 01:59 AM');
    both('2024-10-05T15:30:00Z', 'Australia/Lord_Howe', 'Oct 06, 2024 02:30 AM');
    expect(parsed('Oct 06, 2024 02:15 AM', 'Australia/Lord_Howe')).to.equal('2024-10-05T15:45:00Z'); // gap: 02:45
    // Fall back 2024-04-07 02:00 -> 01:30 (at 2024-04-06T15:00Z): 01:45 happens twice, the earlier wins.
    expect(parsed('Apr 07, 2024 01:45 AM', 'Australia/Lord_Howe')).to.equal('2024-04-06T14:45:00Z');
    expect(formatZohoTime('2024-04-06T15:15:00Z', 'Australia/Lord_Howe')).to.equal('Apr 07, 2024 01:45 AM');
  });
  it('Pacific/Chatham (+12:45, summer +13:45)', () => {
    both('2024-01-15T00:00:00Z', 'Pacific/Chatham', 'Jan 15, 2024 01:45 PM');
    both('2024-07-15T00:00:00Z', 'Pacific/Chatham', 'Jul 15, 2024 12:45 PM');
    both('2024-07-14T11:15:00Z', 'Pacific/Chatham', 'Jul 15, 2024 12:00 AM');
  });
  it('America/Sao_Paulo (-3; DST until 2019, switching at midnight)', () => {
    both('2024-01-15T12:00:00Z', 'America/Sao_Paulo', 'Jan 15, 2024 09:00 AM');
    both('2018-12-15T12:00:00Z', 'America/Sao_Paulo', 'Dec 15, 2018 10:00 AM');
    // 2018-11-04 00:00 -03 became 01:00 -02: 00:30 does not exist and resolves forward to 01:30.
    expect(parsed('Nov 04, 2018 12:30 AM', 'America/Sao_Paulo')).to.equal('2018-11-04T03:30:00Z');
    expect(formatZohoTime('2018-11-04T03:30:00Z', 'America/Sao_Paulo')).to.equal('Nov 04, 2018 01:30 AM');
    // 2019-02-17 00:00 -02 went back to 2019-02-16 23:00 -03: 23:30 happens twice, the earlier wins.
    expect(parsed('Feb 16, 2019 11:30 PM', 'America/Sao_Paulo')).to.equal('2019-02-17T01:30:00Z');
    expect(formatZohoTime('2019-02-17T02:30:00Z', 'America/Sao_Paulo')).to.equal('Feb 16, 2019 11:30 PM');
  });
});

describe('time: DST transitions of 2024', () => {
  it('New York springs forward on Mar 10 at 02:00 EST (07:00Z)', () => {
    both('2024-03-10T06:59:00Z', 'America/New_York', 'Mar 10, 2024 01:59 AM');
    both('2024-03-10T07:00:00Z', 'America/New_York', 'Mar 10, 2024 03:00 AM');
    expect(formatZohoTime('2024-03-10T06:59:59Z', 'America/New_York')).to.equal('Mar 10, 2024 01:59 AM');
  });
  it('New York falls back on Nov 3 at 02:00 EDT (06:00Z)', () => {
    both('2024-11-03T05:59:00Z', 'America/New_York', 'Nov 03, 2024 01:59 AM');
    expect(formatZohoTime('2024-11-03T06:00:00Z', 'America/New_York')).to.equal('Nov 03, 2024 01:00 AM');
    both('2024-11-03T07:00:00Z', 'America/New_York', 'Nov 03, 2024 02:00 AM');
  });
  it('Berlin springs forward on Mar 31 at 02:00 CET (01:00Z)', () => {
    both('2024-03-31T00:59:00Z', 'Europe/Berlin', 'Mar 31, 2024 01:59 AM');
    both('2024-03-31T01:00:00Z', 'Europe/Berlin', 'Mar 31, 2024 03:00 AM');
  });
  it('Berlin falls back on Oct 27 at 03:00 CEST (01:00Z)', () => {
    both('2024-10-27T00:59:00Z', 'Europe/Berlin', 'Oct 27, 2024 02:59 AM');
    expect(formatZohoTime('2024-10-27T01:00:00Z', 'Europe/Berlin')).to.equal('Oct 27, 2024 02:00 AM');
    both('2024-10-27T02:00:00Z', 'Europe/Berlin', 'Oct 27, 2024 03:00 AM');
  });
  it('a wall time in the spring-forward gap resolves forward', () => {
    expect(parsed('Mar 10, 2024 02:30 AM', 'America/New_York')).to.equal('2024-03-10T07:30:00Z'); // 03:30 EDT
    expect(parsed('Mar 10, 2024 02:00 AM', 'America/New_York')).to.equal('2024-03-10T07:00:00Z'); // 03:00 EDT
    expect(parsed('Mar 31, 2024 02:30 AM', 'Europe/Berlin')).to.equal('2024-03-31T01:30:00Z'); // 03:30 CEST
  });
  it('a wall time in the fall-back overlap resolves to the earlier instant', () => {
    expect(parsed('Nov 03, 2024 01:30 AM', 'America/New_York')).to.equal('2024-11-03T05:30:00Z'); // EDT, not 06:30Z
    expect(parsed('Nov 03, 2024 01:00 AM', 'America/New_York')).to.equal('2024-11-03T05:00:00Z');
    expect(parsed('Oct 27, 2024 02:30 AM', 'Europe/Berlin')).to.equal('2024-10-27T00:30:00Z'); // CEST, not 01:30Z
  });
});

describe('time: round trips', () => {
  const zones = [
    'UTC',
    'America/New_York',
    'Europe/London',
    'Europe/Berlin',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Australia/Adelaide',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'America/Sao_Paulo',
  ];
  // Every 3h15m through 2024, plus every 15 minutes around the 2024 transitions tested above.
  const instants: number[] = [];
  for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 195 * MINUTE) instants.push(t);
  for (const edge of [
    Date.UTC(2024, 2, 10, 7),
    Date.UTC(2024, 10, 3, 6),
    Date.UTC(2024, 2, 31, 1),
    Date.UTC(2024, 9, 27, 1),
    Date.UTC(2024, 9, 5, 15, 30),
    Date.UTC(2024, 3, 6, 15),
  ]) {
    for (let t = edge - 180 * MINUTE; t <= edge + 180 * MINUTE; t += 15 * MINUTE) instants.push(t);
  }

  for (const zone of zones) {
    it(`${zone}: instant -> text -> instant`, () => {
      for (const t of instants) {
        const text = formatZohoTime(t, zone);
        expect(text, `${new Date(t).toISOString()} in ${zone}`).to.be.a('string');
        const back = parseZohoTime(text ?? '', zone)?.getTime();
        expect(back, `${text} in ${zone}`).to.be.a('number');
        if (back !== t) {
          // Only a repeated (fall-back) wall time may come back different: as the earlier instant.
          expect(back, `${text} in ${zone}`).to.be.below(t);
          expect(formatZohoTime(back ?? Number.NaN, zone)).to.equal(text);
        }
      }
    });
  }

  it('text -> instant -> text, hour by hour through the New York and Berlin spring days', () => {
    for (const [zone, day] of [
      ['America/New_York', 'Mar 10, 2024'],
      ['Europe/Berlin', 'Mar 31, 2024'],
    ] as const) {
      for (let hour = 0; hour < 24; hour++) {
        const text = `${day} ${String(hour % 12 || 12).padStart(2, '0')}:15 ${hour < 12 ? 'AM' : 'PM'}`;
        const again = formatZohoTime(parseZohoTime(text, zone) ?? Number.NaN, zone);
        // 02:15 does not exist on those days: it becomes 03:15.
        expect(again, `${text} in ${zone}`).to.equal(hour === 2 ? `${day} 03:15 AM` : text);
      }
    }
  });
});

describe('time: 12-hour clock edges', () => {
  it('12:xx AM is just after midnight and 12:xx PM just after noon', () => {
    both('2024-05-05T00:00:00Z', 'UTC', 'May 05, 2024 12:00 AM');
    both('2024-05-05T00:30:00Z', 'UTC', 'May 05, 2024 12:30 AM');
    both('2024-05-05T12:00:00Z', 'UTC', 'May 05, 2024 12:00 PM');
    both('2024-05-05T12:30:00Z', 'UTC', 'May 05, 2024 12:30 PM');
    both('2024-05-05T11:59:00Z', 'UTC', 'May 05, 2024 11:59 AM');
    both('2024-05-05T13:00:00Z', 'UTC', 'May 05, 2024 01:00 PM');
  });
  it('refuses hours outside 1-12 with AM/PM', () => {
    expect(parsed('May 05, 2024 00:30 AM', 'UTC')).to.equal(undefined);
    expect(parsed('May 05, 2024 13:00 PM', 'UTC')).to.equal(undefined);
  });
});

describe('time: tolerant parsing', () => {
  const zone = 'Asia/Calcutta';
  const expected = '2020-06-19T13:30:00Z';
  it('ignores a trailing zone abbreviation: the meeting zone decides', () => {
    for (const text of [
      'Jun 19, 2020 07:00 PM IST',
      'Jun 19, 2020 07:00 PM GMT+05:30',
      'Jun 19, 2020 07:00 PM CEST',
      'Jun 19, 2020 07:00 PM PST',
      'Jun 19, 2020 07:00 PM (IST)',
      'Jun 19, 2020 07:00 PM Asia/Calcutta',
    ]) {
      expect(parsed(text, zone), text).to.equal(expected);
    }
    expect(parsed('Jan 04, 2024 07:00 PM IST', zone)).to.equal('2024-01-04T13:30:00Z'); // Zoho's own answer
    expect(parsed('Jul 01, 2024 10:00 AM CEST', 'Europe/Berlin')).to.equal('2024-07-01T08:00:00Z');
    expect(parsed('Nov 03, 2024 01:30 AM EST', 'America/New_York')).to.equal('2024-11-03T05:30:00Z'); // still the earlier
  });
  it('accepts extra spaces, lowercase, an unpadded day, full month names, seconds and a 24-hour clock', () => {
    for (const text of [
      '  Jun  19,  2020   07:00   pm  ',
      'jun 19, 2020 07:00 pm',
      'JUN 19, 2020 07:00 P.M.',
      'Jun 19, 2020 07:00PM',
      'Jun 19, 2020 7:00 PM',
      'June 19, 2020 07:00 PM',
      'Jun 19 2020 07:00 PM',
      'Jun 19, 2020 07:00:00 PM',
      'Jun 19, 2020 19:00',
      'Jun 19, 2020 19:00:00 IST',
    ]) {
      expect(parsed(text, zone), text).to.equal(expected);
    }
    expect(parsed('Jan 4, 2024 07:00 PM', zone)).to.equal('2024-01-04T13:30:00Z'); // Zoho's own request example
    expect(parsed('Sept 4, 2024 07:00 PM', zone)).to.equal('2024-09-04T13:30:00Z');
  });
  it('keeps seconds when given', () => {
    expect(parsed('Jun 19, 2020 07:00:30 PM', zone)).to.equal('2020-06-19T13:30:30Z');
  });
});

describe('time: bad input gives undefined, never an exception', () => {
  it('parseZohoTime', () => {
    const garbage: unknown[] = [
      '',
      '   ',
      'hello',
      'Jun 19, 2020',
      '07:00 PM',
      'Jun 31, 2020 07:00 PM',
      'Feb 29, 2023 07:00 PM',
      'Foo 19, 2020 07:00 PM',
      'Junk 19, 2020 07:00 PM',
      'Jun 19, 20 07:00 PM',
      'Jun 19, 2020 24:00',
      'Jun 19, 2020 07:60 PM',
      'Jun 19, 2020 07:00 PM IST extra words',
      '2020-06-19T13:30:00Z',
      null,
      undefined,
      42,
      {},
    ];
    for (const text of garbage) {
      expect(parseZohoTime(text as string, 'Asia/Calcutta'), String(text)).to.equal(undefined);
    }
    expect(parsed('Feb 29, 2024 07:00 PM', 'UTC')).to.equal('2024-02-29T19:00:00Z');
  });
  it('an invalid zone', () => {
    for (const zone of ['Mars/Olympus', '', 'undefined']) {
      expect(parseZohoTime('Jun 19, 2020 07:00 PM', zone), zone).to.equal(undefined);
      expect(formatZohoTime('2020-06-19T13:30:00Z', zone), zone).to.equal(undefined);
    }
    expect(formatZohoTime(0, undefined as unknown as string)).to.equal(undefined);
  });
  it('formatZohoTime with an invalid instant', () => {
    for (const instant of [
      'garbage',
      '',
      '2020-06-19T13:30:00',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      9e15,
      new Date(Number.NaN),
      Date.UTC(10000, 0, 2),
      -1e15,
      null,
      undefined,
    ]) {
      expect(formatZohoTime(instant as number, 'UTC'), String(instant)).to.equal(undefined);
    }
  });
});

describe('time: toIsoUtc', () => {
  it('always YYYY-MM-DDTHH:mm:ssZ in UTC', () => {
    expect(toIsoUtc(new Date(Date.UTC(2020, 5, 19, 13, 30)))).to.equal('2020-06-19T13:30:00Z');
    expect(toIsoUtc(new Date(Date.UTC(2020, 5, 19, 13, 30, 0, 789)))).to.equal('2020-06-19T13:30:00Z');
    expect(toIsoUtc(1592573400000)).to.equal('2020-06-19T13:30:00Z');
    expect(toIsoUtc(-1)).to.equal('1969-12-31T23:59:59Z');
    expect(toIsoUtc('2020-06-19T13:30:00.000Z')).to.equal('2020-06-19T13:30:00Z');
    expect(toIsoUtc('2020-06-19T13:30Z')).to.equal('2020-06-19T13:30:00Z');
    expect(toIsoUtc('2020-06-19t13:30:00z')).to.equal('2020-06-19T13:30:00Z');
  });
  it('converts offsets', () => {
    expect(toIsoUtc('2020-06-19T19:00:00+05:30')).to.equal('2020-06-19T13:30:00Z');
    expect(toIsoUtc('2020-06-19T19:15:00+0545')).to.equal('2020-06-19T13:30:00Z');
    expect(toIsoUtc('2020-06-19T09:30:00-04:00')).to.equal('2020-06-19T13:30:00Z');
    expect(toIsoUtc('2020-06-20T03:15:00.5+13:45')).to.equal('2020-06-19T13:30:00Z');
    expect(toIsoUtc('2020-06-19T14:30:00+01')).to.equal('2020-06-19T13:30:00Z');
    expect(toIsoUtc('2024-01-01T01:00:00+02:00')).to.equal('2023-12-31T23:00:00Z');
  });
  it('refuses what it cannot read without guessing', () => {
    const bad: unknown[] = [
      'garbage',
      '',
      '2020-06-19T13:30:00', // no offset: would depend on the browser's zone
      '2020-06-19',
      '2020-02-30T00:00:00Z',
      '2020-06-19T24:00:00Z',
      '2020-06-19T13:60:00Z',
      '2020-06-19T13:30:00+05:',
      '2020-06-19T13:30:00+25:00',
      'Jun 19, 2020 07:00 PM',
      '1592573400000',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      8.64e15 + 1,
      new Date(Number.NaN),
      new Date(Date.UTC(10000, 0, 1)),
      null,
      undefined,
      {},
    ];
    for (const value of bad) {
      expect(toIsoUtc(value as string), String(value)).to.equal(undefined);
    }
  });
  it('reads a time without a zone as UTC only when asked (join.me answers), still refusing non-times', () => {
    expect(toIsoUtc('2014-03-22T20:45:00', true)).to.equal('2014-03-22T20:45:00Z');
    expect(toIsoUtc('2014-03-22 20:45', true)).to.equal('2014-03-22T20:45:00Z');
    expect(toIsoUtc('2014-03-22T20:45:00+01:00', true)).to.equal('2014-03-22T19:45:00Z');
    for (const value of ['2014-03-22', '2014-02-30T20:45:00', 'garbage', '']) expect(toIsoUtc(value, true), value).to.equal(undefined);
  });
  it('years 0 to 9999, leap days and the first and last second of a year', () => {
    expect(toIsoUtc('0000-02-29T00:00:00Z')).to.equal('0000-02-29T00:00:00Z');
    expect(toIsoUtc('1900-02-29T00:00:00Z')).to.equal(undefined);
    expect(toIsoUtc('2000-02-29T23:59:59+00:00')).to.equal('2000-02-29T23:59:59Z');
    expect(toIsoUtc('9999-12-31T23:59:59Z')).to.equal('9999-12-31T23:59:59Z');
    expect(toIsoUtc('9999-12-31T23:59:59-00:01')).to.equal(undefined);
    expect(toIsoUtc(Date.UTC(1969, 11, 31, 23, 59, 59, 999))).to.equal('1969-12-31T23:59:59Z');
    expect(toIsoUtc(-62167219200000)).to.equal('0000-01-01T00:00:00Z');
    expect(toIsoUtc(-62167219200001)).to.equal(undefined);
  });
});

describe('time: minutes and milliseconds', () => {
  it('minutesToMs', () => {
    expect(minutesToMs(30)).to.equal(30 * MINUTE);
    expect(minutesToMs('60')).to.equal(60 * MINUTE);
    expect(minutesToMs(0)).to.equal(0);
    expect(minutesToMs(1.5)).to.equal(90_000);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '', 'abc', '-5', null, undefined, {}]) {
      expect(minutesToMs(bad), String(bad)).to.equal(undefined);
    }
  });
  it('msToMinutes rounds and reads numeric strings', () => {
    expect(msToMinutes(3_600_000)).to.equal(60);
    expect(msToMinutes('3600000')).to.equal(60);
    expect(msToMinutes(' 1800000 ')).to.equal(30);
    expect(msToMinutes(90_000)).to.equal(2);
    expect(msToMinutes(89_999)).to.equal(1);
    expect(msToMinutes(0)).to.equal(0);
    for (const bad of [-60_000, Number.NaN, Number.POSITIVE_INFINITY, '', '1e3', 'abc', null, undefined, []]) {
      expect(msToMinutes(bad), String(bad)).to.equal(undefined);
    }
  });
});

describe('time: isoOfTime', () => {
  /** What `new Date` gives, truncated to the second, for years 0-9999 only. */
  const expected = (time: number): string | undefined => {
    const date = new Date(time);
    const year = date.getUTCFullYear();
    return Number.isNaN(year) || year < 0 || year > 9999 ? undefined : `${date.toISOString().slice(-24, -5)}Z`;
  };
  it('agrees with Date on more days than its per-day cache holds, fractions and edges included', () => {
    let seed = 14;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const edges = [0, -1, -0.5, 0.5, 999.9, -62167219200000, -62167219200001, 253402300799999, 253402300800000, 8.64e15, -8.64e15];
    const times = [...edges, ...Array.from({ length: 10000 }, () => (random() - 0.5) * 2 * 2.6e14 + random())];
    for (const time of times) expect(isoOfTime(time), String(time)).to.equal(expected(time));
    for (const bad of [8.64e15 + 1, Number.NaN, Number.POSITIVE_INFINITY]) expect(isoOfTime(bad), String(bad)).to.equal(undefined);
  });
});
