#!/usr/bin/env node
// `npm test`: build, type check, lint, package checks, node tests, consumer projects, browser tests; one
// summary line last. Steps in one group run side by side (their output is printed as each ends); the
// package is packed once, after the build, for every step that needs it (HELLOJS_MEETINGS_TARBALL).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from '../test/consumers/packed.mjs';

const groups = [
  // The build is one process on one core: the checks that read sources only run beside it.
  [
    { name: 'build', command: 'npx', args: ['rollup', '-c', '--silent'] },
    { name: 'typecheck', command: 'npx', args: ['tsc', '-p', 'tsconfig.json'] },
    // The browser modules may use nothing newer than ES2020 (the drop-in's target).
    { name: 'typecheck (browser, ES2020)', command: 'npx', args: ['tsc', '-p', 'tsconfig.modules.json'] },
    { name: 'lint', command: 'npx', args: ['biome', 'check', '.'] },
  ],
  // Then everything that reads the build (dist/, the packed package), side by side.
  [
    { name: 'type tests', command: 'npx', args: ['tsc', '-p', 'test/types/tsconfig.json'] },
    // The deploy examples (docs/deploy/) against the built package: Workers, Deno and Bun; Node functions and servers.
    { name: 'typecheck (deploy examples, web runtimes)', command: 'npx', args: ['tsc', '-p', 'test/deploy/tsconfig.web.json'] },
    { name: 'typecheck (deploy examples, Node)', command: 'npx', args: ['tsc', '-p', 'test/deploy/tsconfig.node.json'] },
    { name: 'package', command: 'node', args: ['scripts/check-package.mjs'] },
    { name: 'node tests', command: 'node', args: ['--test', '--test-reporter=spec', 'test/node/'], counts: nodeCounts },
    { name: 'consumer projects', command: 'node', args: ['--test', '--test-reporter=spec', 'test/consumers/'], counts: nodeCounts },
    // Side by side with the node tests: much of either is waiting on a browser or a socket, not on a core.
    { name: 'browser tests', command: 'npx', args: ['web-test-runner', '--config', 'web-test-runner.config.mjs'], counts: wtrCounts },
  ],
];

function nodeCounts(output) {
  const pass = output.match(/^ℹ pass (\d+)/m);
  const fail = output.match(/^ℹ fail (\d+)/m);
  return pass && fail ? { passed: Number(pass[1]), failed: Number(fail[1]) } : undefined;
}

function wtrCounts(output) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the runner's colour codes
  const plain = output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
  const all = [...plain.matchAll(/(\d+) passed, (\d+) failed/g)];
  const last = all.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
}

function run({ command, args }, stream) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    const keep = (chunk, out) => {
      output += chunk;
      if (stream) out.write(chunk);
    };
    child.stdout.on('data', (chunk) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk) => keep(chunk, process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const results = [];
let passed = 0;
let failed = 0;
function record(step, { code, output, seconds }) {
  const counts = step.counts?.(output);
  const ok = code === 0 && (!counts || counts.failed === 0);
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  // A step that failed without any test failing (crash, build error) still counts as a failure.
  if (!ok && (!counts || counts.failed === 0)) failed += 1;
  if (ok && !counts) passed += 1;
  const time = seconds === undefined ? '' : ` in ${seconds.toFixed(1)} s`;
  results.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name}${counts ? ` (${counts.passed} passed, ${counts.failed} failed)` : ''}${time}`);
  return ok;
}

const packDir = mkdtempSync(join(tmpdir(), 'hellojs-meetings-test-'));
try {
  for (const [index, group] of groups.entries()) {
    if (index === 1) {
      process.stdout.write('\n=== pack ===\n');
      try {
        process.env.HELLOJS_MEETINGS_TARBALL = pack(packDir);
        process.stdout.write(`${process.env.HELLOJS_MEETINGS_TARBALL}\n`);
      } catch (error) {
        record({ name: 'pack' }, { code: 1, output: String(error) });
        process.stdout.write(`${error}\n`);
        break;
      }
    }
    const alone = group.length === 1;
    if (alone) process.stdout.write(`\n=== ${group[0].name} ===\n`);
    const outcomes = await Promise.all(
      group.map(async (step) => {
        const outcome = await run(step, alone);
        if (!alone) process.stdout.write(`\n=== ${step.name} ===\n${outcome.output}`);
        return outcome;
      }),
    );
    const oks = group.map((step, at) => record(step, outcomes[at])); // the summary keeps the steps' order
    if (index === 0 && !oks[0]) break; // nothing else can run without the build (the first step)
  }
} finally {
  rmSync(packDir, { recursive: true, force: true });
}
process.stdout.write(`\n=== summary ===\n${results.join('\n')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
