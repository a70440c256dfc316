// Bundle sizes: the built drop-ins (one per provider, both, one tag) as shipped, each provider's share of
// the two-provider file, and hello.js's own joinme module and one-tag build, minified with the terser
// settings of rollup.config.mjs where hello.js ships them unminified, all gzipped (level 9) in this run.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';
import { withoutHelloJoinme } from '../hello-without-joinme.mjs';
import { TERSER_OPTIONS } from '../terser-options.mjs';

const require = createRequire(import.meta.url);

const gzip = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;

/** Minified and gzipped sizes of `code`, minified here unless `alreadyMinified`. */
async function measure(code, { alreadyMinified = false } = {}) {
  const min = alreadyMinified ? code : (await minify(code, structuredClone(TERSER_OPTIONS))).code;
  return { min: Buffer.byteLength(min), gzip: gzip(min) };
}

export async function measureSizes(root) {
  const read = (path) => readFileSync(path, 'utf8');
  const built = (file) => measure(read(join(root, 'dist', file)), { alreadyMinified: true });
  const helloDir = join(require.resolve('hellojs/package.json', { paths: [root] }), '..');

  const rows = {};
  // What ships: the rollup builds, already minified with these settings; gzipped here.
  rows.dropIn = await built('hello.meetings.min.js');
  rows.joinmeOnly = await built('hello.joinme.min.js');
  rows.zohoOnly = await built('hello.zoho.min.js');
  rows.all = await built('hello.meetings.all.min.js');
  rows.guard = await built('hello.meetings.guard.min.js');
  // hello.js's own: its joinme module, and its one-tag build as shipped and as minified here.
  rows.helloJoinme = await measure(read(join(helloDir, 'src/modules/joinme.js')));
  rows.helloAllShipped = await measure(read(join(helloDir, 'dist/hello.all.min.js')), { alreadyMinified: true });
  rows.helloAll = await measure(read(join(helloDir, 'dist/hello.all.js')));
  // What the one-tag file carries of hello.js: its own build less its joinme module, minified here.
  rows.helloAllWithoutJoinme = await measure(withoutHelloJoinme(read(join(helloDir, 'dist/hello.all.min.js'))));
  // A provider's share of the two-provider file: the whole minus the file without it.
  rows.joinmeMarginal = { min: rows.dropIn.min - rows.zohoOnly.min, gzip: rows.dropIn.gzip - rows.zohoOnly.gzip };
  rows.zohoMarginal = { min: rows.dropIn.min - rows.joinmeOnly.min, gzip: rows.dropIn.gzip - rows.joinmeOnly.gzip };
  return rows;
}
