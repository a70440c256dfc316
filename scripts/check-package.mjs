#!/usr/bin/env node
// Packs the package as npm would and checks it with publint and arethetypeswrong.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pack } from '../test/consumers/packed.mjs';

// Types are the product too: no `any` in the published declarations (comments and string literals aside:
// the emulator's `tokenBody: 'any' | 'json' | 'form'` is a value).
for (const file of [
  'dist/index.d.mts',
  'dist/index.d.cts',
  'dist/proxy/index.d.mts',
  'dist/proxy/index.d.cts',
  'types/hellojs.d.ts',
  'dist/emulator/index.d.mts',
  'dist/emulator/browser.d.mts',
]) {
  const code = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/'[^'\n]*'/g, "''");
  if (/\bany\b/.test(code)) throw new Error(`${file} declares \`any\``);
}

// `npm test` packs once and passes the tarball; run alone, this packs it.
const given = process.env.HELLOJS_MEETINGS_TARBALL;
const dir = mkdtempSync(join(tmpdir(), 'hellojs-meetings-pack-'));
try {
  const tarball = given || pack(dir);
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((file) => file.replace(/^package\//, ''));
  for (const required of [
    'dist/hello.meetings.js',
    'dist/hello.meetings.min.js',
    'dist/hello.meetings.all.js',
    'dist/hello.meetings.guard.js',
    'dist/hello.meetings.guard.min.js',
    'dist/hello.meetings.all.min.js',
    'dist/hello.joinme.js',
    'dist/hello.joinme.min.js',
    'dist/hello.zoho.js',
    'dist/hello.zoho.min.js',
    'dist/index.mjs',
    'dist/index.d.mts',
    'dist/index.cjs',
    'dist/index.d.cts',
    'dist/proxy/index.mjs',
    'dist/proxy/index.cjs',
    'dist/proxy/index.d.cts',
    'types/hellojs.d.ts',
    'dist/proxy/cli.mjs',
    'dist/emulator/index.mjs',
    'dist/emulator/index.d.mts',
    'dist/emulator/browser.mjs',
    'dist/emulator/browser.d.mts',
    'dist/emulator/cli.mjs',
  ]) {
    if (!files.includes(required)) throw new Error(`the package lacks ${required}`);
  }
  const stray = files.filter((file) => /^(test|demo|modules|proxy|emulator)\//.test(file) || file.includes('.tsc/'));
  if (stray.length) throw new Error(`the package carries files it should not: ${stray.join(', ')}`);
  checkShippedDocs(tarball, files);
  console.log(`packed ${basename(tarball)}: ${files.length} files, ${statSync(tarball).size} bytes`);
  execFileSync('npx', ['publint', '--strict', tarball], { stdio: 'inherit' });
  // Every resolver the metadata claims (strict profile: node10, node16 CJS and ESM, bundler); an entry that
  // is ESM on purpose (no `require` condition) is checked as such. The drop-in scripts carry no types.
  const { exports } = JSON.parse(readFileSync('package.json', 'utf8'));
  const subpath = (key) => (key === '.' ? '.' : key.slice(2));
  const typed = Object.keys(exports).filter((key) => typeof exports[key] === 'object' && exports[key] !== null);
  const esmOnly = typed.filter((key) => !('require' in exports[key]) && JSON.stringify(exports[key]).includes('.mjs')).map(subpath);
  const both = typed.map(subpath).filter((entry) => !esmOnly.includes(entry));
  execFileSync('npx', ['attw', tarball, '--entrypoints', ...both], { stdio: 'inherit' });
  if (esmOnly.length) execFileSync('npx', ['attw', tarball, '--profile', 'esm-only', '--entrypoints', ...esmOnly], { stdio: 'inherit' });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A shipped doc names only what a user has: no repository sources or tests, no notes outside the repository,
 * and every `dist/`, `docs/` or `types/` path (and relative link) one the package carries. The README's
 * "Develop" section is about the source repository and says so. `emulator/` is the package's own.
 */
function checkShippedDocs(tarball, files) {
  const unshipped = /^(?:\.\.\/|(?:test|modules|proxy|scripts|demo|\.ci)\/)/;
  const mustShip = /^(?:dist|docs|types)\//;
  const problems = [];
  for (const doc of files.filter((file) => file.endsWith('.md'))) {
    let text = execFileSync('tar', ['-xzOf', tarball, `package/${doc}`], { encoding: 'utf8' });
    if (doc === 'README.md') text = text.replace(/^## Develop\b[\s\S]*?(?=^## |(?![\s\S]))/m, '');
    const here = doc.includes('/') ? doc.slice(0, doc.lastIndexOf('/') + 1) : '';
    const code = [...text.matchAll(/`([^`\n]+)`/g)].flatMap((match) => match[1].split(/\s+/));
    const links = [...text.matchAll(/\]\(([^)#\s]+)/g)].map((match) => match[1]).filter((link) => !link.includes(':'));
    for (const path of code.filter((token) => !token.includes('://'))) {
      if (unshipped.test(path) || path.includes('/work/')) problems.push(`${doc} names ${path}`);
      else if (mustShip.test(path) && !files.some((file) => file.startsWith(path.replace(/\*.*$/, ''))))
        problems.push(`${doc} names ${path}`);
    }
    for (const link of links) {
      const target = new URL(link, `file:///package/${here}`).pathname.replace(/^\/package\//, '');
      if (!files.some((file) => file === target || file.startsWith(`${target.replace(/\/$/, '')}/`))) problems.push(`${doc} links ${link}`);
    }
  }
  if (problems.length) throw new Error(`shipped docs name files the package does not ship:\n${problems.join('\n')}`);
}
