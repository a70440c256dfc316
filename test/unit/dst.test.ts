// Every UTC-offset transition of every zone of the tz database (as Chromium's Intl has it) from 1900 to
// 2040: wall times around each one (in the gap, in the overlap, a minute and a day either side) must read
// the same through the fast, cached time code as through the reference (test/unit/reference/time.ts), and
// instants around it must format the same. The transitions are found here with Intl directly.
import { expect } from 'chai';
import { formatZohoTime, parseZohoTime } from '../../modules/time.ts';
import * as zoho from '../../modules/zoho.ts';
import { difference } from './reference/difference.ts';
import { zohoMeeting } from './reference/normalisers.ts';
import * as reference from './reference/time.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FROM = Date.UTC(1900, 0, 1);
const TO = Date.UTC(2041, 0, 1);
/** Sampling step: a shift undone within it is not found (Morocco's Ramadan pauses last about 30 days). */
const STEP = 28 * DAY;
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

interface Transition {
  at: number;
  before: number;
  after: number;
}

/** The offset of `zone` at `time` (whole seconds), from Intl alone ("1/8/2024, 09:00:00" read back). */
function offsetFunction(zone: string): (time: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  return (time) => {
    const [month, day, year, hour, minute, second] = format.format(time).split(/\D+/).map(Number);
    return Date.UTC(year ?? 0, (month ?? 1) - 1, day, (hour ?? 0) % 24, minute, second) - time;
  };
}

function transitions(zone: string): Transition[] {
  const offset = offsetFunction(zone);
  const found: Transition[] = [];
  let previous = offset(FROM);
  for (let time = FROM + STEP; time <= TO; time += STEP) {
    const current = offset(time);
    if (current === previous) continue;
    // The first second with the new offset, between time - STEP and time.
    let low = (time - STEP) / SECOND;
    let high = time / SECOND;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (offset(middle * SECOND) === previous) low = middle;
      else high = middle;
    }
    found.push({ at: high * SECOND, before: previous, after: offset(high * SECOND) });
    previous = current;
  }
  return found;
}

/** A wall time (as if UTC) written the way Zoho writes it: "Mar 10, 2024 02:30 AM". */
function zohoText(local: number): string {
  const date = new Date(local);
  const hour = date.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())}, ${date.getUTCFullYear()} ${pad(hour % 12 || 12)}:${pad(date.getUTCMinutes())} ${hour < 12 ? 'AM' : 'PM'}`;
}

/** Wall times around a transition from `before` to `after`: each side, inside the gap or overlap, a day off. */
function wallProbes({ at, before, after }: Transition): number[] {
  const shift = at + before;
  const minute = (time: number) => Math.floor(time / MINUTE) * MINUTE;
  return [shift - DAY, shift - MINUTE, shift, minute(shift + (after - before) / 2), at + after - MINUTE, at + after, at + after + DAY].map(
    minute,
  );
}

describe('DST and other offset transitions of the whole tz database, 1900-2040: fast = reference', function () {
  this.timeout(600000);

  it('reads wall times and formats instants around every transition as the reference does', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    const failures: string[] = [];
    let count = 0;
    let probes = 0;
    for (const zone of zones) {
      for (const transition of transitions(zone)) {
        const { at, before } = transition;
        count++;
        for (const wall of wallProbes(transition)) {
          const text = zohoText(wall);
          const fast = parseZohoTime(text, zone)?.getTime();
          const slow = reference.parseZohoTime(text, zone)?.getTime();
          probes++;
          if (fast !== slow && failures.length < 10) failures.push(`${zone} "${text}": ${fast} vs reference ${slow}`);
        }
        for (const instant of [at - SECOND, at]) {
          const fast = formatZohoTime(instant, zone);
          const slow = reference.formatZohoTime(instant, zone);
          probes++;
          if (fast !== slow && failures.length < 10) failures.push(`${zone} format ${instant}: ${fast} vs reference ${slow}`);
        }
        // A whole meeting across the transition, its end derived from the duration.
        const meeting = {
          meetingKey: 1,
          startTime: zohoText(Math.floor((at + before - HOUR) / MINUTE) * MINUTE),
          duration: 2 * HOUR,
          timezone: zone,
        };
        const problem = difference(zoho.normaliseMeeting(meeting), zohoMeeting(meeting));
        if (problem && failures.length < 10) failures.push(`${zone} meeting ${JSON.stringify(meeting)}: ${problem}`);
      }
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
    // The tz database has thousands of transitions in these years; finding few means the search broke.
    expect(count, 'transitions found').to.be.greaterThan(5000);
    expect(probes).to.equal(count * 9);
  });
});
