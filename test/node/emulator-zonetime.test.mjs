/**
 * The emulator's IANA-zone converter (Intl only): Zoho's wall times and join.me's ISO UTC.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatZohoTime,
  isoUtc,
  isTimeZone,
  parseIso,
  parseZohoTime,
  wallTimeToInstant,
  zoneAbbreviation,
} from '../../emulator/zonetime.mjs';

describe('Zoho wall times', () => {
  test('"Jun 19, 2020 07:00 PM" in Asia/Calcutta is 13:30 UTC, and formats back', () => {
    const instant = parseZohoTime('Jun 19, 2020 07:00 PM', 'Asia/Calcutta');
    assert.equal(instant, Date.UTC(2020, 5, 19, 13, 30));
    assert.equal(formatZohoTime(/** @type {number} */ (instant), 'Asia/Calcutta'), 'Jun 19, 2020 07:00 PM');
    assert.equal(formatZohoTime(/** @type {number} */ (instant), 'Asia/Calcutta', { suffix: true }), 'Jun 19, 2020 07:00 PM IST');
  });

  test('12 AM is midnight and 12 PM is noon', () => {
    assert.equal(parseZohoTime('Jan 01, 2021 12:00 AM', 'UTC'), Date.UTC(2021, 0, 1, 0, 0));
    assert.equal(parseZohoTime('Jan 01, 2021 12:30 PM', 'UTC'), Date.UTC(2021, 0, 1, 12, 30));
    assert.equal(formatZohoTime(Date.UTC(2021, 0, 1, 0, 5), 'UTC'), 'Jan 01, 2021 12:05 AM');
  });

  test('summer and winter offsets follow the zone', () => {
    assert.equal(parseZohoTime('Jul 01, 2021 09:00 AM', 'Europe/Paris'), Date.UTC(2021, 6, 1, 7, 0));
    assert.equal(parseZohoTime('Jan 01, 2021 09:00 AM', 'Europe/Paris'), Date.UTC(2021, 0, 1, 8, 0));
    assert.equal(parseZohoTime('Jan 01, 2021 09:00 AM', 'Australia/Sydney'), Date.UTC(2020, 11, 31, 22, 0));
  });

  test('a time the clocks skip moves forward by the gap', () => {
    // New York, 8 March 2020, 02:00 EST → 03:00 EDT: 02:30 does not exist; read as 03:30 EDT.
    assert.equal(wallTimeToInstant({ year: 2020, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York'), Date.UTC(2020, 2, 8, 7, 30));
  });

  test('a time the clocks repeat takes the earlier instant', () => {
    // New York, 1 November 2020: 01:30 happens in EDT and again in EST.
    assert.equal(
      wallTimeToInstant({ year: 2020, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York'),
      Date.UTC(2020, 10, 1, 5, 30),
    );
  });

  test('only the exact format parses; impossible dates do not', () => {
    for (const text of [
      '2020-06-19 19:00',
      'Jun 19 2020 07:00 PM',
      'Jun 19, 2020 19:00',
      'Jun 31, 2020 07:00 PM',
      'Feb 29, 2021 07:00 PM',
      'Jun 19, 2020 00:30 AM',
      'June 19, 2020 07:00 PM',
      7,
    ]) {
      assert.equal(parseZohoTime(text, 'UTC'), undefined, String(text));
    }
    assert.notEqual(parseZohoTime('Feb 29, 2020 07:00 PM', 'UTC'), undefined);
  });

  test('zone names: IANA ids are recognised; abbreviations fall back to GMT offsets', () => {
    assert.equal(isTimeZone('Asia/Kolkata'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
    assert.equal(isTimeZone(''), false);
    assert.equal(zoneAbbreviation(Date.UTC(2021, 0, 1), 'America/New_York'), 'EST');
    assert.equal(zoneAbbreviation(Date.UTC(2021, 6, 1), 'Europe/Paris'), 'CEST');
    assert.match(zoneAbbreviation(Date.UTC(2021, 0, 1), 'Asia/Tokyo'), /^(JST|GMT\+9)$/);
  });
});

describe('ISO times (join.me)', () => {
  test('offsets are applied and the answer is UTC with Z, without milliseconds', () => {
    assert.equal(isoUtc(/** @type {number} */ (parseIso('2015-06-02T11:00:00+02:00'))), '2015-06-02T09:00:00Z');
    assert.equal(isoUtc(/** @type {number} */ (parseIso('2015-06-02T09:00:00.750Z'))), '2015-06-02T09:00:00Z');
    assert.equal(isoUtc(/** @type {number} */ (parseIso('2015-06-02T04:00-0500'))), '2015-06-02T09:00:00Z');
  });

  test("a time without a zone is UTC, whatever the host's zone", () => {
    assert.equal(parseIso('2015-06-02T09:00:00'), Date.UTC(2015, 5, 2, 9));
  });

  test('malformed or impossible times do not parse', () => {
    for (const text of ['2015-06-02', '2015-02-30T10:00:00Z', '2015-06-02T24:00:00Z', '2015-06-02T10:60Z', 'June 2nd', '', null]) {
      assert.equal(parseIso(text), undefined, String(text));
    }
  });
});
