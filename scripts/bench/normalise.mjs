// Normalising a 1,000-meeting list for each provider vs JSON.parse of the same body, in Node, on the
// modules bundled by esbuild to an ES module in a temporary directory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { median } from './stats.mjs';

const MEETINGS = 1000;
const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const ZONES = ['Asia/Calcutta', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Tokyo', 'Europe/Berlin', 'UTC'];

/** join.me's `GET /v1/meetings` answer (../shared/providers/joinme.md), 1,000 meetings. */
export function joinmeListBody(count = MEETINGS) {
  const start = Date.UTC(2024, 0, 8, 9);
  const meetings = Array.from({ length: count }, (_, i) => {
    const begins = start + i * 5400000;
    return {
      meetingId: 100000 + i,
      meetingName: `Meeting ${i} with the team`,
      meetingStart: new Date(begins).toISOString().replace(/\.\d+Z$/, 'Z'),
      meetingEnd: new Date(begins + 3600000).toISOString().replace(/\.\d+Z$/, 'Z'),
      startWithPersonalUrl: i % 3 === 0,
    };
  });
  return JSON.stringify({ meetings });
}

function zohoTime(date) {
  const hour = date.getUTCHours();
  const pad = (n) => String(n).padStart(2, '0');
  return `${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())}, ${date.getUTCFullYear()} ${pad(hour % 12 || 12)}:${pad(date.getUTCMinutes())} ${hour < 12 ? 'AM' : 'PM'}`;
}

/** Zoho Meeting's `GET /{zsoid}/sessions.json` answer (../shared/providers/zoho.md), 1,000 meetings. */
export function zohoListBody(count = MEETINGS) {
  const start = Date.UTC(2024, 0, 8, 9);
  const session = Array.from({ length: count }, (_, i) => {
    // Wall-clock times in the meeting's zone, as Zoho writes them (the zone offset does not matter here).
    const begins = new Date(start + i * 5400000);
    const key = 1029384756 + i;
    return {
      meetingKey: key,
      topic: `Meeting ${i} with the team`,
      presenterEmail: 'grace@example.com',
      presenterZuid: 53758790,
      startTime: zohoTime(begins),
      endTime: zohoTime(new Date(begins.getTime() + 3600000)),
      duration: 3600000,
      timezone: ZONES[i % ZONES.length],
      joinLink: `https://meeting.zoho.com/join?key=${key}`,
    };
  });
  return JSON.stringify({ session, count });
}

async function loadNormalisers(root) {
  const dir = mkdtempSync(join(tmpdir(), 'hellojs-meetings-bench-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `export * as joinme from ${JSON.stringify(join(root, 'modules/joinme.ts'))};\nexport * as zoho from ${JSON.stringify(join(root, 'modules/zoho.ts'))};\n`,
    );
    const outfile = join(dir, 'normalisers.mjs');
    await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', outfile, logLevel: 'silent' });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median milliseconds of `fn` over `runs` runs, after `warmup` untimed ones; the pairs alternate. */
function timePair(a, b, { runs, warmup }) {
  const times = { a: [], b: [] };
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += a() + b();
  for (let i = 0; i < runs; i++) {
    for (const [name, fn] of i % 2
      ? [
          ['b', b],
          ['a', a],
        ]
      : [
          ['a', a],
          ['b', b],
        ]) {
      const started = process.hrtime.bigint();
      sink += fn();
      times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  if (sink === 0.5) process.stdout.write(''); // keeps the results alive
  return { a: median(times.a), b: median(times.b) };
}

export async function measureNormalise({ root, runs = 60, warmup = 15 }) {
  const { joinme, zoho } = await loadNormalisers(root);
  const bodies = { joinme: joinmeListBody(), zoho: zohoListBody() };
  const normalise = {
    joinme: (text) => joinme.normaliseMeetingList(JSON.parse(text)),
    zoho: (text) => zoho.normaliseMeetingList(JSON.parse(text), 1, MEETINGS),
  };
  const results = {};
  for (const network of ['joinme', 'zoho']) {
    const text = bodies[network];
    const list = normalise[network](text);
    if (list.data.length !== MEETINGS || !list.data.every((m) => m.id && m.start_time && m.end_time)) {
      throw new Error(`${network}: the normalised list is not what the bench expects`);
    }
    const items = network === 'joinme' ? (body) => body.meetings.length : (body) => body.session.length;
    const { a: parse, b: full } = timePair(
      () => items(JSON.parse(text)),
      () => normalise[network](text).data.length,
      { runs, warmup },
    );
    results[network] = { bytes: Buffer.byteLength(text), parse, full, meetings: MEETINGS };
  }
  return results;
}
