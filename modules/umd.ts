// The drop-in script: registers on the global `hello` when there is one, and sets `helloMeetings`.
import { API_ERROR_CODES } from './errors.ts';
import { modules, register, VERSION } from './register.ts';
import type { HelloLike } from './types.ts';

const scope = globalThis as { hello?: HelloLike; helloMeetings?: unknown; console?: Console };
// The data-centre table is Zoho's (a join.me-only build has neither).
const helloMeetings = {
  version: VERSION,
  modules,
  register,
  errorCodes: API_ERROR_CODES,
  ...(modules.zoho && { datacentres: modules.zoho.datacentres }),
};

if (typeof scope.hello === 'function' && typeof scope.hello.init === 'function') {
  register(scope.hello);
} else {
  // Loaded before hello.js: nothing to extend yet; the site can call helloMeetings.register(hello).
  scope.console?.warn?.('hellojs-meetings: load hello.js first, or call helloMeetings.register(hello).');
}

export default helloMeetings;
