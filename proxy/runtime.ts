// What the platform offers, found at run time so that the proxy's entry imports nothing runtime-specific:
// the environment (Workers pass theirs in; process.env on Node and Bun; Deno.env) and a file reader.
import type { ProxyEnv } from './types.ts';

interface NodeLike {
  readonly env?: Record<string, string | undefined>;
  readonly getBuiltinModule?: (id: string) => unknown;
}
interface DenoLike {
  readonly env?: { toObject(): Record<string, string> };
  readonly readTextFileSync?: (path: string) => string;
  readonly cwd?: () => string;
}

const platform = globalThis as { process?: NodeLike & { versions?: Record<string, string | undefined> }; Deno?: DenoLike };

/**
 * A Node built-in module (`node:http`, ...) when the code runs on Node itself (20.16+), else undefined: taken
 * at run time, so that the package entry imports nothing of Node (workerd, Deno, Bun load it as is).
 */
export function nodeBuiltin<T>(id: string): T | undefined {
  const node = platform.process;
  // Bun and Deno emulate node:http over their own fetch: they get the fetch upstream.
  if (typeof node?.getBuiltinModule !== 'function' || node.versions?.bun !== undefined || platform.Deno !== undefined) return undefined;
  try {
    return node.getBuiltinModule(id) as T | undefined;
  } catch {
    return undefined;
  }
}

/** `process.env` (Node, Bun), else `Deno.env` (when allowed), else nothing (Workers pass `env` to the request). */
export function platformEnv(): ProxyEnv {
  if (platform.process?.env) return platform.process.env;
  try {
    const deno = platform.Deno?.env?.toObject();
    if (deno) return deno;
  } catch {
    // Deno without --allow-env.
  }
  return {};
}

/** Reads a text file (a relative path from `baseDir`), or undefined on a runtime without a file system. */
export type FileReader = (path: string, baseDir?: string) => string;

function joinPath(baseDir: string | undefined, path: string): string {
  if (baseDir === undefined || path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return path;
  return `${baseDir.replace(/[\\/]+$/, '')}/${path}`;
}

export function platformFileReader(): FileReader | undefined {
  const getBuiltin = platform.process?.getBuiltinModule;
  if (typeof getBuiltin === 'function') {
    const fs = getBuiltin('node:fs') as { readFileSync?: (path: string, encoding: 'utf8') => string } | undefined;
    const path = getBuiltin('node:path') as { resolve?: (...parts: string[]) => string } | undefined;
    if (typeof fs?.readFileSync === 'function' && typeof path?.resolve === 'function') {
      const { readFileSync } = fs;
      const { resolve } = path;
      return (file, baseDir) => readFileSync(resolve(baseDir ?? '.', file), 'utf8');
    }
  }
  const deno = platform.Deno;
  if (typeof deno?.readTextFileSync === 'function') {
    const read = deno.readTextFileSync;
    return (file, baseDir) => read(joinPath(baseDir, file));
  }
  return undefined;
}

/** The directory of a file path (for config files: their `{ file }` secrets are relative to it). */
export function dirnameOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut < 0 ? '.' : cut === 0 ? '/' : file.slice(0, cut);
}
