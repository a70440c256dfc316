// Builds the browser drop-ins (UMD), the ESM entry with one bundled .d.ts, and the Node proxy.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { withoutHelloJoinme } from './scripts/hello-without-joinme.mjs';
import { transpileTypeScript } from './scripts/rollup-transpile.mjs';
import { TERSER_OPTIONS } from './scripts/terser-options.mjs';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const helloAllPath = require.resolve('hellojs/dist/hello.all.js');

// A provider is a top-level file of modules/ whose default export is `defineProvider(...)`: adding a
// provider is adding a file, with no list to keep by hand.
const PROVIDERS_ID = 'virtual:hellojs-meetings/providers';
function providerFiles() {
  return readdirSync('modules')
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .filter((file) => /^export default defineProvider\b/m.test(readFileSync(`modules/${file}`, 'utf8')))
    .sort();
}
/** The providers (all of them, or only `only`) as the virtual module register.ts imports. */
function providersPlugin(only) {
  return {
    name: 'hellojs-meetings-providers',
    resolveId(id) {
      return id === PROVIDERS_ID ? `\0${PROVIDERS_ID}` : null;
    },
    load(id) {
      if (id !== `\0${PROVIDERS_ID}`) return null;
      const files = providerFiles().filter((file) => !only || file === `${only}.ts`);
      if (files.length === 0) this.error(`no provider ${only ?? ''} found in modules/`);
      const names = files.map((file) => file.replace(/\.ts$/, ''));
      return [
        ...names.map((name) => `import ${name} from ${JSON.stringify(`${process.cwd()}/modules/${name}.ts`)};`),
        `export default { ${names.join(', ')} };`,
      ].join('\n');
    },
  };
}

const versionPlugin = {
  name: 'hellojs-meetings-version',
  transform(code) {
    return code.includes('__VERSION__') ? { code: code.replaceAll('__VERSION__', pkg.version), map: null } : null;
  },
};

// TypeScript to JavaScript file by file; `npm run build` checks the types first, once (package.json).
const ts = () => transpileTypeScript();
const cjs = (dir) => ({ dir, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs', sourcemap: true });
// Each output gets its own copy of the shared (frozen) settings, which terser may write into.
const minify = () => terser(structuredClone(TERSER_OPTIONS));
// The one-tag build carries hello.js without its own joinme module, which this package's replaces.
const helloAll = withoutHelloJoinme(readFileSync(helloAllPath, 'utf8'), 'hello.all.js');
const helloAllMin = withoutHelloJoinme(readFileSync(helloAllPath.replace(/\.js$/, '.min.js'), 'utf8'), 'hello.all.min.js');

// The redirect-page guard runs before hello.js reads the URL, so in the one-tag build it comes first, before
// hello.js. It is built first (rollup builds the configs in order) and read when the one-tag files are written.
const GUARD = 'dist/hello.meetings.guard.js';
const guardFirst =
  (helloBanner, { min = false } = {}) =>
  () =>
    `${readFileSync(min ? GUARD.replace(/\.js$/, '.min.js') : GUARD, 'utf8').trimEnd()}\n${helloBanner}`;
const guardConfig = {
  input: 'modules/guard.ts',
  plugins: [ts()],
  output: [
    { file: GUARD, format: 'iife', sourcemap: false },
    { file: GUARD.replace(/\.js$/, '.min.js'), format: 'iife', sourcemap: false, plugins: [minify()] },
  ],
};

const umd = (file, { min = false, banner } = {}) => ({
  file,
  format: 'umd',
  name: 'helloMeetings',
  sourcemap: true,
  // The one-tag build carries hello.js itself before the modules, as a site would load them.
  // `banner` (hello.js, after the guard) is a function: the guard is read once it has been built.
  banner,
  plugins: min ? [minify()] : [],
});

/** The proxy build, which the emulator's CLI loads from beside it (dist/proxy) instead of bundling. */
const PROXY_BUILD = /[\\/]dist[\\/]proxy[\\/]index\.mjs$/;

/** The drop-in `dist/${name}(.min).js` with all providers, or with provider `only`. */
const dropIn = (name, only) => ({
  input: 'modules/umd.ts',
  plugins: [providersPlugin(only), versionPlugin, ts()],
  output: [umd(`dist/${name}.js`), umd(`dist/${name}.min.js`, { min: true })],
});

const configs = [
  guardConfig,
  dropIn('hello.meetings'),
  // One file per provider, for a site that uses one: only what that provider needs.
  ...providerFiles()
    .map((file) => file.replace(/\.ts$/, ''))
    .map((name) => dropIn(`hello.${name}`, name)),
  {
    input: 'modules/umd.ts',
    plugins: [providersPlugin(), versionPlugin, ts()],
    output: [
      umd('dist/hello.meetings.all.js', { banner: guardFirst(`${helloAll.trimEnd()}\n`) }),
      // hello.all.min.js is hello.js's own minified build: the banner of the minified one-tag file.
      umd('dist/hello.meetings.all.min.js', { min: true, banner: guardFirst(`${helloAllMin.trimEnd()}\n`, { min: true }) }),
    ],
  },
  {
    input: { index: 'modules/index.ts' },
    plugins: [providersPlugin(), versionPlugin, ts()],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs', sourcemap: true },
      cjs('dist'),
    ],
  },
  {
    // server, upstream, node-upstream, query and regions are entries so the node tests can reach them directly.
    input: {
      index: 'proxy/index.ts',
      cli: 'proxy/cli.ts',
      server: 'proxy/server.ts',
      upstream: 'proxy/upstream.ts',
      'node-upstream': 'proxy/node-upstream.ts',
      query: 'proxy/query.ts',
      regions: 'proxy/regions.ts',
    },
    external: (id) => id.startsWith('node:'),
    plugins: [versionPlugin, ts()],
    output: { dir: 'dist/proxy', format: 'es', entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs', sourcemap: true },
  },
  {
    // The emulator is plain JavaScript; its CLI and serveEmulator load the proxy build beside it.
    input: { index: 'emulator/entry.mjs', browser: 'emulator/browser.mjs', cli: 'emulator/cli.mjs' },
    external: (id) => id.startsWith('node:') || PROXY_BUILD.test(id),
    output: {
      dir: 'dist/emulator',
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: '[name]-[hash].mjs',
      sourcemap: true,
      paths: (id) => (PROXY_BUILD.test(id) ? '../proxy/index.mjs' : id),
    },
  },
  {
    // Hand-written declarations (the emulator is JavaScript), bundled like the others.
    input: { index: 'emulator/index.d.mts', browser: 'emulator/browser.d.mts' },
    external: (id) => id.startsWith('node:'),
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
    output: { dir: 'dist/emulator', format: 'es', entryFileNames: '[name].d.mts' },
  },
  {
    input: 'modules/index.ts',
    plugins: [providersPlugin(), dts({ tsconfig: './tsconfig.build.json' })],
    output: [
      { file: 'dist/index.d.mts', format: 'es' },
      { file: 'dist/index.d.cts', format: 'es' },
    ],
  },
  {
    input: 'proxy/index.ts',
    external: (id) => id.startsWith('node:'),
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
    output: [
      { file: 'dist/proxy/index.d.mts', format: 'es' },
      { file: 'dist/proxy/index.d.cts', format: 'es' },
    ],
  },
  // CommonJS twins of the ESM entries, for require() on every Node 20 (require of ESM needs 20.19).
  {
    input: { index: 'proxy/index.ts' },
    external: (id) => id.startsWith('node:'),
    plugins: [versionPlugin, ts()],
    output: cjs('dist/proxy'),
  },
];

// BUILD=proxy, BUILD=modules or BUILD=emulator builds one part (handy while the other is being written).
const only = process.env.BUILD;
export default only ? configs.filter((config) => JSON.stringify(config.input).includes(`${only}/`)) : configs;
