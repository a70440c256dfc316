// Bundle sizes: the built drop-ins, each provider's share, and hello.js's own joinme module and one-tag
// build, all minified with the terser settings of rollup.config.mjs and gzipped (level 9) in this run.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { minify } from 'terser';

const require = createRequire(import.meta.url);

/** The terser options of rollup.config.mjs (`minify()`). */
export const TERSER_OPTIONS = Object.freeze({ format: { comments: false }, compress: { passes: 2 } });

const gzip = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;

/** Minified and gzipped sizes of `code`, minified here unless `alreadyMinified`. */
async function measure(code, { alreadyMinified = false } = {}) {
  const min = alreadyMinified ? code : (await minify(code, TERSER_OPTIONS)).code;
  return { min: Buffer.byteLength(min), gzip: gzip(min) };
}

/**
 * The drop-in (modules/umd.ts) bundled by esbuild with only `providers` registered, as an IIFE that sets
 * `helloMeetings`: what a drop-in carrying one provider would weigh, shared code included.
 */
async function dropInWith(root, providers, version) {
  const virtual = {
    name: 'providers',
    setup(b) {
      b.onResolve({ filter: /^virtual:hellojs-meetings\/providers$/ }, () => ({ path: 'providers', namespace: 'bench-virtual' }));
      b.onLoad({ filter: /.*/, namespace: 'bench-virtual' }, () => ({
        contents: [
          ...providers.map((name) => `import ${name} from ${JSON.stringify(join(root, 'modules', `${name}.ts`))};`),
          `export default { ${providers.join(', ')} };`,
        ].join('\n'),
        loader: 'ts',
        resolveDir: join(root, 'modules'),
      }));
      b.onLoad({ filter: /modules[/\\]register\.ts$/ }, (args) => ({
        contents: readFileSync(args.path, 'utf8').replaceAll('__VERSION__', version),
        loader: 'ts',
      }));
    },
  };
  const result = await build({
    entryPoints: [join(root, 'modules', 'umd.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'helloMeetings',
    target: 'es2020',
    platform: 'browser',
    logLevel: 'silent',
    plugins: [virtual],
  });
  return result.outputFiles[0].text;
}

export async function measureSizes(root) {
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const read = (path) => readFileSync(path, 'utf8');
  const helloDir = join(require.resolve('hellojs/package.json', { paths: [root] }), '..');

  const rows = {};
  // What ships: the rollup builds, already minified with these settings; gzipped here.
  rows.dropIn = await measure(read(join(root, 'dist/hello.meetings.min.js')), { alreadyMinified: true });
  rows.all = await measure(read(join(root, 'dist/hello.meetings.all.min.js')), { alreadyMinified: true });
  rows.guard = await measure(read(join(root, 'dist/hello.meetings.guard.min.js')), { alreadyMinified: true });
  // The same drop-in re-bundled by esbuild (a cross-check), and with one provider only.
  rows.both = await measure(await dropInWith(root, ['joinme', 'zoho'], version));
  rows.joinmeOnly = await measure(await dropInWith(root, ['joinme'], version));
  rows.zohoOnly = await measure(await dropInWith(root, ['zoho'], version));
  // hello.js's own: its joinme module, and its one-tag build as shipped and as minified here.
  rows.helloJoinme = await measure(read(join(helloDir, 'src/modules/joinme.js')));
  rows.helloAllShipped = await measure(read(join(helloDir, 'dist/hello.all.min.js')), { alreadyMinified: true });
  rows.helloAll = await measure(read(join(helloDir, 'dist/hello.all.js')));
  // A provider's share of the drop-in: the whole minus a drop-in without it.
  rows.joinmeMarginal = { min: rows.both.min - rows.zohoOnly.min, gzip: rows.both.gzip - rows.zohoOnly.gzip };
  rows.zohoMarginal = { min: rows.both.min - rows.joinmeOnly.min, gzip: rows.both.gzip - rows.joinmeOnly.gzip };
  return rows;
}
