// The package as npm publishes it: `npm test` packs once and passes the tarball in HELLOJS_MEETINGS_TARBALL;
// run alone, a test packs it itself. Consumers get a copy of the unpacked files, never the repository.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoDir = fileURLToPath(new URL('../../', import.meta.url));

/** Packs the package into `dir` and returns the tarball's path. */
export function pack(dir) {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoDir, encoding: 'utf8' }));
  return join(dir, packed.filename);
}

/** A fresh temporary directory holding `package/`: the unpacked tarball. Remove it with `cleanup()`. */
export function unpacked() {
  const dir = mkdtempSync(join(tmpdir(), 'hellojs-meetings-consumers-'));
  const tarball = process.env.HELLOJS_MEETINGS_TARBALL || pack(dir);
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  return { dir, packageDir: join(dir, 'package'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Sets up a consumer project at `target` from `source`: its files, the unpacked package copied into its
 * node_modules (as npm installs it), and each of its declared dependencies linked from this repository's.
 */
export function consumerProject(source, target, packageDir, dependencies) {
  cpSync(source, target, { recursive: true });
  cpSync(packageDir, join(target, 'node_modules/hellojs-meetings'), { recursive: true });
  for (const name of dependencies) {
    const link = join(target, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(repoDir, 'node_modules', name), link, 'dir');
  }
}
