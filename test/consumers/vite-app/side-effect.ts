// The drop-in imported for its side effect: it must register on the app's own (bundled) hello.js.
import hello from 'hellojs';
import 'hellojs-meetings/hello.meetings.js';

(window as unknown as { app: unknown }).app = { hello };
