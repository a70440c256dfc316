#!/usr/bin/env node
// The registry reachable here does not serve every platform's native build (e.g. rollup's and biome's
// darwin packages answer 404), so `npm install` leaves those optional packages out of the lockfile, and
// `npm ci` then refuses the lockfile as out of sync (npm/cli#4828). This adds an entry for each missing
// platform package, with its os/cpu, so `npm ci` accepts the lockfile and skips them on this platform.
// Run it after changing dependencies: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = OS.find((value) => parts.includes(value)) ?? (parts.includes('win32') ? 'win32' : undefined);
  const cpu = CPU.find((value) => parts.includes(value)) ?? (parts.includes('arm') || parts.includes('gnueabihf') ? 'arm' : undefined);
  const libc =
    parts.includes('musl') || parts.includes('musleabihf')
      ? 'musl'
      : parts.includes('gnu') || parts.includes('gnueabihf')
        ? 'glibc'
        : undefined;
  return { os, cpu, libc };
}

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[hoisted]) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os || !cpu) continue; // not a platform package: leave it to npm
    lock.packages[hoisted] = {
      version: version.replace(/^[\^~=]/, ''),
      cpu: [cpu],
      dev: entry.dev === true ? true : undefined,
      ...(libc ? { libc: [libc] } : {}),
      optional: true,
      os: [os],
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform package entries to package-lock.json`);
