// A bundled app as the README shows it: hello.js and this package from npm, register() from the ESM entry.
import hello from 'hellojs';
import { register } from 'hellojs-meetings';

(window as unknown as { app: unknown }).app = { hello: register(hello) };
