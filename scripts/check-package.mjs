#!/usr/bin/env node
// Packs the package as npm would and checks it with publint and arethetypeswrong.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Types are the product too: no `any` in the published declarations (comments aside).
for (const file of ['dist/index.d.mts', 'dist/proxy/index.d.mts']) {
  const code = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  if (/\bany\b/.test(code)) throw new Error(`${file} declares \`any\``);
}

const dir = mkdtempSync(join(tmpdir(), 'hellojs-meetings-pack-'));
try {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { encoding: 'utf8' }));
  const tarball = join(dir, packed.filename);
  const files = packed.files.map((file) => file.path);
  for (const required of [
    'dist/hello.meetings.js',
    'dist/hello.meetings.min.js',
    'dist/hello.meetings.all.js',
    'dist/hello.meetings.all.min.js',
    'dist/hello.joinme.js',
    'dist/hello.joinme.min.js',
    'dist/hello.zoho.js',
    'dist/hello.zoho.min.js',
    'dist/index.mjs',
    'dist/index.d.mts',
    'dist/proxy/index.mjs',
    'dist/proxy/cli.mjs',
  ]) {
    if (!files.includes(required)) throw new Error(`the package lacks ${required}`);
  }
  const stray = files.filter((file) => /^(test|demo|modules|proxy)\//.test(file) || file.includes('.tsc/'));
  if (stray.length) throw new Error(`the package carries files it should not: ${stray.join(', ')}`);
  console.log(`packed ${packed.filename}: ${files.length} files, ${packed.size} bytes`);
  execFileSync('npx', ['publint', '--strict', tarball], { stdio: 'inherit' });
  execFileSync(
    'npx',
    [
      'attw',
      tarball,
      '--profile',
      'esm-only',
      '--exclude-entrypoints',
      'hello.meetings.js',
      'hello.meetings.min.js',
      'hello.meetings.all.js',
      'hello.meetings.all.min.js',
      'hello.joinme.js',
      'hello.joinme.min.js',
      'hello.zoho.js',
      'hello.zoho.min.js',
      'package.json',
    ],
    { stdio: 'inherit' },
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
