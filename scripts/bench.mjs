#!/usr/bin/env node
// `npm run bench` (after `npm run build`): bundle sizes, login round trip, normalising speed and the oauth
// proxy's throughput, each against hello.js's own or a plain baseline, measured in this run, then every
// ratio in one table beside the figures docs/benchmarks.md holds. Exits 1 when a drop-in is over its size
// budget (after printing everything). Timing lives here, never in the tests.
//
// Environment: BENCH_LOGIN_ROUNDS (default 25, at least 15), BENCH_PROXY_REQUESTS (default 2000),
// BENCH_SHIM_REQUESTS (default 5000), CHROME_PATH (default /usr/bin/chromium).
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureLogin } from './bench/login.mjs';
import { measureNormalise } from './bench/normalise.mjs';
import { emulatorExchange, loadHelper } from './bench/proxy.mjs';
import { compareRuntimes, compareWithShim, soakCli } from './bench/proxy-compare.mjs';
import { measureSizes } from './bench/sizes.mjs';
import { bytes, median, ms, percentile, ratio, table, times } from './bench/stats.mjs';
import { weightBySource } from './bench/weight.mjs';
import { TERSER_OPTIONS } from './terser-options.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Gzipped bytes each drop-in may weigh (issue 14). */
const SIZE_BUDGETS = { joinmeOnly: 4500, zohoOnly: 6500, dropIn: 9000 };
const LOGIN_GOAL = 1.05;
/** Normalising a 1,000-meeting list, as a multiple of JSON.parse of its body (issue 14; stretch 2x and 4x). */
const NORMALISE_GOALS = { joinme: 3, zoho: 7 };
const LOGIN_ROUNDS = Math.max(15, Number(process.env.BENCH_LOGIN_ROUNDS) || 25);
const PROXY_REQUESTS = Number(process.env.BENCH_PROXY_REQUESTS) || 2000;
const PROXY_CONCURRENCY = 50;
const SHIM_REQUESTS = Number(process.env.BENCH_SHIM_REQUESTS) || 5000;

const out = (text = '') => process.stdout.write(`${text}\n`);
const section = (title) => out(`\n## ${title}\n`);
const started = Date.now();

const BUILT = ['hello.meetings.min.js', 'hello.joinme.min.js', 'hello.zoho.min.js', 'hello.meetings.all.min.js', 'hello.joinme.js'];
for (const file of [...BUILT.map((name) => `dist/${name}`), 'dist/proxy/index.mjs']) {
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

section(`Bundle sizes (as built; hello.js minified with the same terser settings, ${JSON.stringify(TERSER_OPTIONS)}; gzip -9)`);
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
    sizeRow('dist/hello.joinme.min.js (join.me alone)', sizes.joinmeOnly, hj, "vs hello.js's joinme"),
    sizeRow('dist/hello.zoho.min.js (Zoho alone)', sizes.zohoOnly, hj, "vs hello.js's joinme"),
    sizeRow('dist/hello.meetings.min.js (both providers)', sizes.dropIn, hj, "vs hello.js's joinme"),
    sizeRow('  join.me share (both minus Zoho alone)', sizes.joinmeMarginal, hj, "vs hello.js's joinme"),
    sizeRow('  Zoho share (both minus join.me alone)', sizes.zohoMarginal, hj, "vs hello.js's joinme"),
    sizeRow("hello.js's src/modules/joinme.js", hj),
    sizeRow('dist/hello.meetings.guard.min.js (redirect-page guard)', sizes.guard),
    sizeRow(
      'dist/hello.meetings.all.min.js (guard + hello.js without its joinme + both)',
      sizes.all,
      sizes.helloAllShipped,
      'vs hello.all.min.js',
    ),
    sizeRow("hello.js's dist/hello.all.min.js (as shipped)", sizes.helloAllShipped),
    sizeRow('  the same less its joinme module, minified here', sizes.helloAllWithoutJoinme),
    sizeRow("hello.js's dist/hello.all.js minified here", sizes.helloAll),
  ]),
);
const budgetLabels = { joinmeOnly: 'join.me alone', zohoOnly: 'Zoho alone', dropIn: 'both providers' };
const overBudget = Object.entries(SIZE_BUDGETS).filter(([key, budget]) => sizes[key].gzip > budget);
out('');
for (const [key, budget] of Object.entries(SIZE_BUDGETS)) {
  const size = sizes[key].gzip;
  out(
    `Budget: ${budgetLabels[key]} <= ${bytes(budget)} gzip: ${bytes(size)}, ${size > budget ? `OVER by ${bytes(size - budget)}` : 'within'}.`,
  );
}
out(
  `The one-tag build adds ${bytes(sizes.all.gzip - sizes.helloAllShipped.gzip)} gzip to hello.all.min.js (${times(ratio(sizes.all.gzip, sizes.helloAllShipped.gzip))}).`,
);

section('Where the bytes go: each drop-in by source file (from its source map; gzip of each share alone, an upper bound)');
const WEIGHED = ['hello.joinme.min.js', 'hello.zoho.min.js', 'hello.meetings.min.js'];
const weights = WEIGHED.map((file) => new Map(weightBySource(`${ROOT}dist/${file}`).map((row) => [row.name, row])));
const sources = [...new Set(weights.flatMap((weight) => [...weight.keys()]))].sort(
  (a, b) => (weights[2].get(b)?.min ?? 0) - (weights[2].get(a)?.min ?? 0),
);
out(
  table([
    ['source', ...WEIGHED.flatMap((file) => [`${file} min`, 'gzip'])],
    ...sources.map((source) => [
      source,
      ...weights.flatMap((weight) => {
        const row = weight.get(source);
        return row ? [bytes(row.min), bytes(row.gzip)] : ['-', '-'];
      }),
    ]),
  ]),
);

/* ------------------------------------------------------------------ normalising */

section('Normalising a 1,000-meeting list (Node, median of 60 alternating runs)');
const normalise = await measureNormalise({ root: ROOT });
out(
  table([
    ['provider', 'body', 'JSON.parse', 'JSON.parse + normaliseMeetingList', 'ratio', 'goal', 'per meeting'],
    ...Object.entries(normalise).map(([network, r]) => [
      network === 'joinme' ? 'join.me' : 'Zoho',
      bytes(r.bytes),
      ms(r.parse, 2),
      ms(r.full, 2),
      times(ratio(r.full, r.parse)),
      `<= ${NORMALISE_GOALS[network]}x: ${ratio(r.full, r.parse) <= NORMALISE_GOALS[network] ? 'met' : 'NOT met'}`,
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

section(
  `oauth proxy vs oauth-shim (hello.js's former proxy): ${SHIM_REQUESTS.toLocaleString('en')} exchanges, ${PROXY_CONCURRENCY} in flight, same instant token endpoint`,
);
const shimRun = await compareWithShim({ requests: SHIM_REQUESTS, concurrency: PROXY_CONCURRENCY });
const shimRow = (label, r) => [
  label,
  r.requests,
  Math.round(r.perSecond),
  r.errors,
  ms(r.latency.median),
  ms(r.latency.p95),
  `${r.cpuPerExchange.toFixed(1)} µs`,
];
out(
  table([
    ['server (own process, node:http keep-alive client)', 'exchanges', 'per second', 'errors', 'median', 'p95', 'server CPU / exchange'],
    shimRow('this proxy, createProxy (Node adapter)', shimRun.proxy),
    shimRow('oauth-shim 1.1.5', shimRun.shim),
  ]),
);
const shimThroughput = ratio(shimRun.proxy.perSecond, shimRun.shim.perSecond);
const shimP95 = ratio(shimRun.proxy.latency.p95, shimRun.shim.latency.p95);
const shimCpu = ratio(shimRun.proxy.cpuPerExchange, shimRun.shim.cpuPerExchange);
out(
  `\nRatios (this proxy / oauth-shim, the round of median throughput of ${shimRun.rounds}): throughput ${times(shimThroughput)} (goal >= 1: ${shimThroughput >= 1 ? 'met' : 'not met'}), p95 ${times(shimP95)} (goal <= 1: ${shimP95 <= 1 ? 'met' : 'not met'}), CPU per exchange ${times(shimCpu)}.`,
);
{
  const spread = ({ median: m, min, max }) => `${times(m)} (${times(min)} to ${times(max)})`;
  const { throughput, p95, cpuPerExchange } = shimRun.roundRatios;
  out(
    `Paired (the median of the ${shimRun.rounds} rounds' own ratios, each round's two runs back to back): throughput ${spread(throughput)}, p95 ${spread(p95)}, CPU per exchange ${spread(cpuPerExchange)}.`,
  );
}
for (const [name, r] of Object.entries({ proxy: shimRun.proxy, shim: shimRun.shim }))
  if (r.errors) out(`${name} first error: ${r.firstError}`);

section(
  `The same proxy on two runtimes: the Node adapter (createProxy) and workerd (the Cloudflare example, miniflare): ${PROXY_REQUESTS.toLocaleString('en')} exchanges, ${PROXY_CONCURRENCY} in flight`,
);
const runtimes = await compareRuntimes({ requests: PROXY_REQUESTS, concurrency: PROXY_CONCURRENCY });
const runtimeRow = (label, r) => [
  label,
  r.requests,
  Math.round(r.perSecond),
  `${r.errors} (all rounds: ${r.errorsAllRounds})`,
  ms(r.latency.median),
  ms(r.latency.p95),
];
out(
  table([
    ['runtime (each logs every event as a JSON line)', 'exchanges', 'per second', 'errors', 'median', 'p95'],
    runtimeRow('Node adapter, own process, node:http to the token endpoint process', runtimes.node),
    runtimeRow("workerd, provider calls answered by miniflare's outbound service", runtimes.workerd),
  ]),
);
out(
  `\nRatios (workerd / Node adapter, the round of median throughput of ${runtimes.rounds}): throughput ${times(ratio(runtimes.workerd.perSecond, runtimes.node.perSecond))}, p95 ${times(ratio(runtimes.workerd.latency.p95, runtimes.node.latency.p95))}.`,
);
for (const [name, r] of Object.entries(runtimes)) if (r.errors) out(`${name} first error: ${r.firstError}`);

section(
  `Soak through the CLI (dist/proxy/cli.mjs --quiet --metrics): ${PROXY_REQUESTS.toLocaleString('en')} exchanges, ${PROXY_CONCURRENCY} in flight`,
);
const soak = await soakCli({ requests: PROXY_REQUESTS, concurrency: PROXY_CONCURRENCY });
out(
  table([
    ['exchanges', 'per second', 'errors', 'median', 'p95', 'counted by /metrics', 'exit on SIGTERM'],
    [
      soak.requests,
      Math.round(soak.perSecond),
      soak.errors,
      ms(soak.latency.median),
      ms(soak.latency.p95),
      soak.metrics
        ? `${soak.metrics.exchanges} (${soak.metrics.answers.code.refused} refused, upstream errors ${Object.values(soak.metrics.upstreamErrors).reduce((a, b) => a + b, 0)})`
        : 'n/a',
      soak.exitCode,
    ],
  ]),
);
if (soak.errors) out(`first error: ${soak.firstError}`);

/* ------------------------------------------------------------------ login */

section(`Login round trip, headless Chromium against the emulator (click -> session stored, ${LOGIN_ROUNDS} alternating rounds)`);
let loginRatio = Number.NaN;
let loginMedian;
let loginBuiltin;
try {
  const login = await measureLogin({ root: ROOT, rounds: LOGIN_ROUNDS, log: out });
  const builtin = median(login.builtin.samples);
  const meetings = median(login.meetings.samples);
  loginRatio = ratio(meetings, builtin);
  loginMedian = meetings;
  loginBuiltin = builtin;
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

section('Summary: every ratio, beside the figures of docs/benchmarks.md');
const previous = previousFigures(new URL('../docs/benchmarks.md', import.meta.url));
const normaliseRatio = (network) => ratio(normalise[network].full, normalise[network].parse);
const summary = [
  {
    label: 'join.me alone (`hello.joinme.min.js`), gzip',
    was: ['join.me alone', 'join.me share'],
    value: bytes(sizes.joinmeOnly.gzip),
    baseline: `hello.js joinme ${bytes(hj.gzip)}`,
    ratio: times(ratio(sizes.joinmeOnly.gzip, hj.gzip)),
    goal: `<= ${bytes(SIZE_BUDGETS.joinmeOnly)}`,
  },
  {
    label: 'Zoho alone (`hello.zoho.min.js`), gzip',
    was: ['Zoho alone', 'Zoho share'],
    value: bytes(sizes.zohoOnly.gzip),
    baseline: `hello.js joinme ${bytes(hj.gzip)}`,
    ratio: times(ratio(sizes.zohoOnly.gzip, hj.gzip)),
    goal: `<= ${bytes(SIZE_BUDGETS.zohoOnly)}`,
  },
  {
    label: 'both providers (`hello.meetings.min.js`), gzip',
    was: ['both providers', 'drop-in, both providers'],
    value: bytes(sizes.dropIn.gzip),
    baseline: `hello.js joinme ${bytes(hj.gzip)}`,
    ratio: times(ratio(sizes.dropIn.gzip, hj.gzip)),
    goal: `<= ${bytes(SIZE_BUDGETS.dropIn)}`,
  },
  {
    label: 'one tag (`hello.meetings.all.min.js`), gzip',
    was: ['one tag'],
    value: bytes(sizes.all.gzip),
    baseline: `hello.all.min.js ${bytes(sizes.helloAllShipped.gzip)}`,
    ratio: times(ratio(sizes.all.gzip, sizes.helloAllShipped.gzip)),
    goal: '',
  },
  {
    label: 'login round trip (join.me), median',
    was: ['login round trip'],
    value: loginMedian === undefined ? 'n/a' : ms(loginMedian),
    baseline: loginBuiltin === undefined ? "hello.js's joinme" : `hello.js joinme ${ms(loginBuiltin)}`,
    ratio: times(loginRatio),
    goal: `<= ${LOGIN_GOAL}x`,
  },
  ...['joinme', 'zoho'].map((network) => ({
    label: `normalise 1,000 ${network === 'joinme' ? 'join.me' : 'Zoho'} meetings`,
    was: [`normalise 1,000 ${network === 'joinme' ? 'join.me' : 'Zoho'} meetings`],
    value: ms(normalise[network].full, 2),
    baseline: `JSON.parse ${ms(normalise[network].parse, 2)}`,
    ratio: times(normaliseRatio(network)),
    goal: `<= ${NORMALISE_GOALS[network]}x`,
  })),
  {
    label: 'proxy in front of the emulator',
    was: ['proxy in front of the emulator'],
    value: `${Math.round(e2e.perSecond)} exchanges/s`,
    baseline: '',
    ratio: '',
    goal: '',
  },
  {
    label: 'proxy exchanges, instant endpoint',
    was: ['proxy exchanges, instant endpoint'],
    value: `${Math.round(shimRun.proxy.perSecond)}/s`,
    baseline: `oauth-shim ${Math.round(shimRun.shim.perSecond)}/s`,
    ratio: times(shimThroughput),
    goal: '>= 1x',
  },
  {
    label: 'proxy exchange p95, instant endpoint',
    was: ['proxy exchange p95'],
    value: ms(shimRun.proxy.latency.p95),
    baseline: `oauth-shim ${ms(shimRun.shim.latency.p95)}`,
    ratio: times(shimP95),
    goal: '<= 1x',
  },
  {
    label: 'proxy CPU per exchange, instant endpoint',
    was: ['proxy CPU per exchange'],
    value: `${shimRun.proxy.cpuPerExchange.toFixed(0)} µs`,
    baseline: `oauth-shim ${shimRun.shim.cpuPerExchange.toFixed(0)} µs`,
    ratio: times(shimCpu),
    goal: '',
  },
  {
    label: 'proxy in workerd, exchanges',
    was: ['proxy in workerd'],
    value: `${Math.round(runtimes.workerd.perSecond)}/s, p95 ${ms(runtimes.workerd.latency.p95)}, ${runtimes.workerd.errorsAllRounds} errors`,
    baseline: `Node adapter ${Math.round(runtimes.node.perSecond)}/s, p95 ${ms(runtimes.node.latency.p95)}`,
    ratio: times(ratio(runtimes.workerd.perSecond, runtimes.node.perSecond)),
    goal: '0 errors',
  },
  {
    label: 'proxy soak via the CLI, errors',
    was: ['proxy soak via the CLI'],
    value: `${soak.errors} of ${soak.requests}, exit ${soak.exitCode}`,
    baseline: '',
    ratio: '',
    goal: '0, exit 0',
  },
];
out(
  table([
    ['measure', 'this run', 'baseline', 'ratio', 'goal', 'docs/benchmarks.md: value', 'ratio'],
    ...summary.map((row) => {
      const before = row.was.map((prefix) => previous.find((figure) => figure.label.startsWith(prefix))).find(Boolean);
      return [row.label, row.value, row.baseline, row.ratio, row.goal, before?.value ?? '-', before?.ratio ?? '-'];
    }),
  ]),
);
out(`\nBench took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
for (const [key, budget] of overBudget) {
  out(`FAIL: ${budgetLabels[key]} is ${bytes(sizes[key].gzip)} gzip, over its ${bytes(budget)} budget.`);
}
if (overBudget.length) process.exitCode = 1;

/** The rows of the figures table of docs/benchmarks.md: label (backticks dropped), value and ratio. */
function previousFigures(url) {
  if (!existsSync(url)) return [];
  const text = readFileSync(url, 'utf8');
  const figures = text.slice(text.indexOf('## Figures of one run'));
  return figures
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) => line.split('|').map((cell) => cell.trim().replaceAll('`', '')))
    .map(([, label = '', value = '', , ratio = '']) => ({ label, value, ratio }));
}
