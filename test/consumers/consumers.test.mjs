// Consumer projects compiled by tsc (strict) against the packed package, one per way users resolve it:
// bundler, nodenext (ESM and CommonJS), node16 CommonJS and node10, with and without @types/hellojs.
// Each project's @ts-expect-error lines keep misuse an error; the Node projects then run. `misuse/` must
// fail with exactly the messages of its expected-errors.txt, so a person can read what a mistake says.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { consumerProject, repoDir, unpacked } from './packed.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const tsc = join(repoDir, 'node_modules/typescript/bin/tsc');
const projects = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && readdirSync(join(here, entry.name)).includes('tsconfig.json'))
  .map((entry) => entry.name);

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

let pkg;
/** name → { dir, manifest } */
const compiled = new Map();
/** name → the diagnostics tsc printed for that project's files */
const diagnostics = new Map(projects.map((name) => [name, []]));

before(
  async () => {
    pkg = unpacked();
    for (const name of projects) {
      const manifest = JSON.parse(readFileSync(join(here, name, 'package.json'), 'utf8'));
      const dependencies = Object.keys(manifest.devDependencies ?? {}).filter((dependency) => dependency !== 'hellojs-meetings');
      const dir = join(pkg.dir, name);
      consumerProject(join(here, name), dir, pkg.packageDir, dependencies);
      compiled.set(name, { dir, manifest });
    }
    // One tsc for all projects (build mode, each with its own options): half the time of one tsc each.
    const { output } = await run(process.execPath, [tsc, '--build', ...projects, '--pretty', 'false'], { cwd: pkg.dir });
    let lastProject = '';
    // A diagnostic starts unindented with its file, relative to pkg.dir; indented lines continue it.
    for (const line of output.split('\n').filter(Boolean)) {
      if (/^\s/.test(line)) diagnostics.get(lastProject)?.push(line);
      else {
        lastProject = line.split('/')[0];
        if (!diagnostics.has(lastProject)) throw new Error(`tsc: ${output}`);
        diagnostics.get(lastProject).push(line.slice(lastProject.length + 1));
      }
    }
  },
  { timeout: 300000 },
);

after(() => pkg?.cleanup());

for (const name of projects.filter((project) => project !== 'misuse')) {
  test(`${name}: compiles in strict mode against the packed package`, { timeout: 300000 }, async () => {
    const project = compiled.get(name);
    assert.deepEqual(diagnostics.get(name), []);
    if (!project.manifest.main) return;
    const result = await run(process.execPath, [...(project.manifest.nodeOptions ?? []), project.manifest.main], { cwd: project.dir });
    assert.equal(result.code, 0, `node ${project.manifest.main}: ${result.output}`);
  });
}

test('misuse: each mistake fails to compile with a message that names it', () => {
  const expected = readFileSync(join(here, 'misuse/expected-errors.txt'), 'utf8').trim();
  assert.equal(diagnostics.get('misuse').join('\n'), expected);
});
