// The terser settings of the minified drop-ins (rollup.config.mjs), which the bench also uses for hello.js's
// unminified files. Output may use ES2020 syntax, the drop-ins' target. No `unsafe_*` transforms: they gain a
// few bytes only, and the minified files are not the ones the provider flows run on in the browser tests.
export const TERSER_OPTIONS = Object.freeze({ ecma: 2020, format: { comments: false }, compress: { passes: 3 } });
