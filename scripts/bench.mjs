#!/usr/bin/env node
// `npm run bench` (after `npm run build`): bundle sizes, login round trip, normalising speed and the oauth
// proxy's throughput, each against hello.js's own or a plain baseline, measured in this run. Exits 1 when
// the drop-in is over its size budget (after printing everything). Timing lives here, never in the tests.
//
// Environment: BENCH_LOGIN_ROUNDS (default 25, at least 15), BENCH_PROXY_REQUESTS (default 2000),
// CHROME_PATH (default /usr/bin/chromium).
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureLogin } from './bench/login.mjs';
import { measureNormalise } from './bench/normalise.mjs';
import { emulatorExchange, loadHelper } from './bench/proxy.mjs';
import { measureSizes } from './bench/sizes.mjs';
import { bytes, median, ms, percentile, ratio, table, times } from './bench/stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Both providers together, gzipped, in the drop-in (dist/hello.meetings.min.js). */
const SIZE_BUDGET = 3500;
const LOGIN_GOAL = 1.05;
const LOGIN_ROUNDS = Math.max(15, Number(process.env.BENCH_LOGIN_ROUNDS) || 25);
const PROXY_REQUESTS = Number(process.env.BENCH_PROXY_REQUESTS) || 2000;
const PROXY_CONCURRENCY = 50;

const out = (text = '') => process.stdout.write(`${text}\n`);
const section = (title) => out(`\n## ${title}\n`);
const started = Date.now();

for (const file of ['dist/hello.meetings.min.js', 'dist/hello.meetings.all.min.js', 'dist/hello.meetings.js', 'dist/proxy/index.mjs']) {
  if (!existsSync(new URL(`../${file}`, import.meta.url))) {
    out(`${file} is missing: run \`npm run build\` first (\`npm run bench\` does).`);
    process.exit(2);
  }
}

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const helloVersion = JSON.parse(readFileSync(new URL('../node_modules/hellojs/package.json', import.meta.url), 'utf8')).version;
out(
  `# hellojs-meetings ${pkg.version} bench (hello.js ${helloVersion}, Node ${process.versions.node}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length})`,
);

/* ------------------------------------------------------------------ sizes */

section('Bundle sizes (terser { compress: { passes: 2 }, format: { comments: false } }, gzip -9)');
const sizes = await measureSizes(ROOT);
const hj = sizes.helloJoinme;
const sizeRow = (label, size, base, baseLabel) => [
  label,
  bytes(size.min),
  bytes(size.gzip),
  base ? `${times(ratio(size.gzip, base.gzip))} ${baseLabel}` : '',
];
out(
  table([
    ['bundle', 'minified', 'gzip', 'gzip ratio'],
    sizeRow('dist/hello.meetings.min.js (both providers, as built)', sizes.dropIn, hj, "vs hello.js's joinme"),
    sizeRow('  same, re-bundled by esbuild (cross-check)', sizes.both, hj, "vs hello.js's joinme"),
    sizeRow('  join.me alone (drop-in with joinme only)', sizes.joinmeOnly, hj, "vs hello.js's joinme"),
    sizeRow('  Zoho alone (drop-in with zoho only)', sizes.zohoOnly, hj, "vs hello.js's joinme"),
    sizeRow('  join.me share (both minus zoho-only)', sizes.joinmeMarginal, hj, "vs hello.js's joinme"),
    sizeRow('  Zoho share (both minus joinme-only)', sizes.zohoMarginal, hj, "vs hello.js's joinme"),
    sizeRow("hello.js's src/modules/joinme.js", hj),
    sizeRow('dist/hello.meetings.guard.min.js (redirect-page guard)', sizes.guard),
    sizeRow('dist/hello.meetings.all.min.js (guard + hello.js + both)', sizes.all, sizes.helloAllShipped, 'vs hello.all.min.js'),
    sizeRow("hello.js's dist/hello.all.min.js (as shipped)", sizes.helloAllShipped),
    sizeRow("hello.js's dist/hello.all.js minified here", sizes.helloAll),
  ]),
);
const overBudget = sizes.dropIn.gzip > SIZE_BUDGET;
out(
  `\nBudget: both providers together (dist/hello.meetings.min.js) <= ${bytes(SIZE_BUDGET)} gzip: ${bytes(sizes.dropIn.gzip)}, ${
    overBudget ? `OVER by ${bytes(sizes.dropIn.gzip - SIZE_BUDGET)}` : 'within'
  }.`,
);
out(
  `The one-tag build adds ${bytes(sizes.all.gzip - sizes.helloAllShipped.gzip)} gzip to hello.all.min.js (${times(ratio(sizes.all.gzip, sizes.helloAllShipped.gzip))}).`,
);

/* ------------------------------------------------------------------ normalising */

section('Normalising a 1,000-meeting list (Node, median of 60 alternating runs)');
const normalise = await measureNormalise({ root: ROOT });
out(
  table([
    ['provider', 'body', 'JSON.parse', 'JSON.parse + normaliseMeetingList', 'ratio', 'per meeting'],
    ...Object.entries(normalise).map(([network, r]) => [
      network === 'joinme' ? 'join.me' : 'Zoho',
      bytes(r.bytes),
      ms(r.parse, 2),
      ms(r.full, 2),
      times(ratio(r.full, r.parse)),
      `${(((r.full - r.parse) / r.meetings) * 1000).toFixed(1)} µs`,
    ]),
  ]),
);

/* ------------------------------------------------------------------ proxy */

section(`oauth proxy: token exchanges on 127.0.0.1 (${PROXY_REQUESTS.toLocaleString('en')} exchanges, ${PROXY_CONCURRENCY} in flight)`);
const proxyRows = [['upstream', 'exchanges', 'seconds', 'per second', 'errors', 'latency median / p95']];
const proxyLoad = await loadHelper();
if (proxyLoad) {
  const r = await proxyLoad({ requests: PROXY_REQUESTS, concurrency: PROXY_CONCURRENCY });
  proxyRows.push([
    'instant local token endpoint (test/node/proxy-load.mjs)',
    r.requests,
    r.seconds.toFixed(2),
    Math.round(r.perSecond),
    r.errors,
    '',
  ]);
  if (r.errors) out(`first error: ${r.firstError}`);
} else {
  out('(test/node/proxy-load.mjs not found: only the end-to-end run below)');
}
const e2e = await emulatorExchange({ root: ROOT, requests: PROXY_REQUESTS, concurrency: PROXY_CONCURRENCY });
proxyRows.push([
  'the emulator (join.me + Zoho EU)',
  e2e.requests,
  e2e.seconds.toFixed(2),
  Math.round(e2e.perSecond),
  e2e.errors,
  `${ms(e2e.latency.median)} / ${ms(e2e.latency.p95)}`,
]);
out(table(proxyRows));
if (e2e.errors) out(`first error: ${e2e.firstError}`);

/* ------------------------------------------------------------------ login */

section(`Login round trip, headless Chromium against the emulator (click -> session stored, ${LOGIN_ROUNDS} alternating rounds)`);
let loginRatio = Number.NaN;
try {
  const login = await measureLogin({ root: ROOT, rounds: LOGIN_ROUNDS, log: out });
  const builtin = median(login.builtin.samples);
  const meetings = median(login.meetings.samples);
  loginRatio = ratio(meetings, builtin);
  out(
    table([
      ['variant', 'logins', 'failed', 'median', 'p25 - p75', 'min - max'],
      ...Object.values(login).map((r) => [
        r.label,
        r.samples.length,
        r.failures,
        ms(median(r.samples)),
        `${percentile(r.samples, 25).toFixed(0)} - ${percentile(r.samples, 75).toFixed(0)} ms`,
        `${Math.min(...r.samples).toFixed(0)} - ${Math.max(...r.samples).toFixed(0)} ms`,
      ]),
    ]),
  );
  out(
    `\nRatio (this package / built-in), medians: ${times(loginRatio)} (goal <= ${LOGIN_GOAL}: ${loginRatio <= LOGIN_GOAL ? 'met' : 'not met'}).`,
  );
} catch (error) {
  out(`login round trip could not run: ${error instanceof Error ? error.message : String(error)}`);
}

/* ------------------------------------------------------------------ summary */

section('Summary');
out(
  table([
    ['measure', 'value', 'baseline', 'ratio'],
    [
      'drop-in, both providers, gzip',
      bytes(sizes.dropIn.gzip),
      `${bytes(hj.gzip)} (hello.js joinme)`,
      times(ratio(sizes.dropIn.gzip, hj.gzip)),
    ],
    [
      'join.me share, gzip',
      bytes(sizes.joinmeMarginal.gzip),
      `${bytes(hj.gzip)} (hello.js joinme)`,
      times(ratio(sizes.joinmeMarginal.gzip, hj.gzip)),
    ],
    [
      'one-tag build, gzip',
      bytes(sizes.all.gzip),
      `${bytes(sizes.helloAllShipped.gzip)} (hello.all.min.js)`,
      times(ratio(sizes.all.gzip, sizes.helloAllShipped.gzip)),
    ],
    ['login round trip, median', Number.isFinite(loginRatio) ? 'see above' : 'n/a', "hello.js's joinme", times(loginRatio)],
    [
      'normalise 1,000 join.me meetings',
      ms(normalise.joinme.full, 2),
      `${ms(normalise.joinme.parse, 2)} (JSON.parse)`,
      times(ratio(normalise.joinme.full, normalise.joinme.parse)),
    ],
    [
      'normalise 1,000 Zoho meetings',
      ms(normalise.zoho.full, 2),
      `${ms(normalise.zoho.parse, 2)} (JSON.parse)`,
      times(ratio(normalise.zoho.full, normalise.zoho.parse)),
    ],
    ['proxy exchanges via the emulator', `${Math.round(e2e.perSecond)}/s`, '', ''],
  ]),
);
out(`\nBench took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
if (overBudget) {
  out(`FAIL: dist/hello.meetings.min.js is ${bytes(sizes.dropIn.gzip)} gzip, over the ${bytes(SIZE_BUDGET)} budget.`);
  process.exitCode = 1;
}
