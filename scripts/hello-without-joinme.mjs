// hello.js's own build with its joinme module taken out, for the one-tag file (this package's joinme
// replaces it). hello.js's dist files are its modules concatenated, each `(function(hello) { ... })(hello);`:
// the one that declares `joinme` is dropped. Throws, failing the build, when that did not happen exactly.

const MODULE_START = /(?=\(function\s*\(hello\)\s*\{)/;
const DECLARES_JOINME = /\bjoinme\s*:\s*\{/;

/** `source` (hello.all.js or hello.all.min.js) without hello.js's joinme module. */
export function withoutHelloJoinme(source, file = 'hello.js') {
  const parts = source.split(MODULE_START);
  const kept = parts.filter((part) => !DECLARES_JOINME.test(part));
  const stripped = kept.join('');
  const problem =
    parts.length - kept.length !== 1
      ? `found ${parts.length - kept.length} joinme modules, not 1`
      : DECLARES_JOINME.test(stripped) || stripped.includes('secure.join.me')
        ? 'join.me code is left'
        : !/\bgoogle\s*:\s*\{/.test(stripped)
          ? 'other modules went with it'
          : undefined;
  if (problem) throw new Error(`Could not take hello.js's joinme module out of ${file}: ${problem}. Has hello.js changed its build?`);
  return stripped;
}
