// The drop-in script: registers on hello.js when it finds it, and sets `helloMeetings`.
import { API_ERROR_CODES } from './errors.ts';
import { modules, register, VERSION } from './register.ts';
import type { HelloLike } from './types.ts';

// Free names, resolved where the script runs: a CommonJS module's own, or nothing on a page.
declare const module: object | undefined;
declare const require: ((id: string) => unknown) | undefined;

const scope = globalThis as { hello?: HelloLike; helloMeetings?: unknown; console?: Console };
// The data-centre table is Zoho's (a join.me-only build has neither).
const helloMeetings = {
  version: VERSION,
  modules,
  register,
  errorCodes: API_ERROR_CODES,
  ...(modules.zoho && { datacentres: modules.zoho.datacentres }),
};

/** The hello.js this script extends. */
function findHello(): HelloLike | undefined {
  // A bundler (webpack, Vite, esbuild) runs the UMD's CommonJS branch, where hello.js is a module, not a
  // global: the app's `import hello from 'hellojs'` is this same module, so registering on it is enough.
  if (typeof module === 'object' && module !== null && typeof require === 'function') {
    scope.helloMeetings ??= helloMeetings; // the UMD's global branch, not taken here, would have set it
    return require('hellojs') as HelloLike;
  }
  return scope.hello;
}

const found = findHello();
if (typeof found === 'function' && typeof found.init === 'function') {
  register(found);
} else {
  // Loaded before hello.js: nothing to extend yet; the site can call helloMeetings.register(hello).
  scope.console?.warn?.('hellojs-meetings: load hello.js first, or call helloMeetings.register(hello).');
}

export default helloMeetings;
