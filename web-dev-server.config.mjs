// `npm start`: the demo site (demo/) on @web/dev-server, with the provider emulator and the oauth proxy
// mounted on the same server, so it runs with no accounts and no network.
//
// The page is served at http://localhost:PORT; the emulated providers answer at http://127.0.0.1:PORT/__emu
// (another origin, so CORS is real) and the oauth proxy at http://localhost:PORT/proxy. PORT is 8000 unless
// the environment says otherwise. No browser is opened: follow the printed link.
import { fileURLToPath } from 'node:url';
import { devServerMounts } from './test/server-mounts.mjs';

const port = Number(process.env.PORT) || 8000;
const rootDir = fileURLToPath(new URL('.', import.meta.url));
// consent: 'page' shows the emulator's consent page (pick an account, Allow or Deny), as a person would see it.
const mounts = await devServerMounts({ port, consent: 'page' });

const demoUrl = `${mounts.page}/demo/`;

export default {
  rootDir,
  port,
  // Serves `/node_modules/hellojs/dist/hello.all.js` and `/dist/hello.meetings.js` as files: the demo loads
  // them by script tag, exactly as a site does, so no module resolution is wanted here.
  nodeResolve: false,
  watch: false,
  middleware: mounts.middleware,
  plugins: [
    // The workerd proxy at /proxy-workerd (started only if used) stops with the server.
    { name: 'workerd-proxy', serverStop: () => mounts.workerd.close() },
    {
      name: 'hellojs-meetings-demo-banner',
      serverStart() {
        console.log(
          [
            '',
            `  hellojs-meetings demo:  ${demoUrl}`,
            `  emulated providers:     ${mounts.emulatorOrigin}/__emu  (consent page on; no accounts, no network)`,
            `  oauth proxy:            ${mounts.page}/proxy`,
            '',
          ].join('\n'),
        );
      },
    },
  ],
};
