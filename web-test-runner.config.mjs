// Browser tests: headless Chromium (Debian's), hello.js loaded as the classic script it is, the provider
// emulator and the oauth proxy mounted on the same dev server.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS, chromiumPath } from './test/chromium.mjs';
import { devServerMounts } from './test/server-mounts.mjs';

const port = Number(process.env.WTR_PORT || 8765);
const executablePath = chromiumPath();
if (!executablePath) throw new Error('Chromium not found: install it (apt-get install -y chromium) or set CHROME_PATH.');

const mounts = await devServerMounts({ port, consent: 'auto' });

export default {
  files: ['test/unit/**/*.test.ts', 'test/browser/**/*.test.ts'],
  port,
  nodeResolve: true,
  // One page at a time: every test file logs in against the same emulator.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60000,
  testsFinishTimeout: 300000,
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2020' }),
    // The workerd proxy (started on first use) stops with the server.
    { name: 'workerd-proxy', serverStop: () => mounts.workerd.close() },
  ],
  middleware: mounts.middleware,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
  // Every test page loads hello.js and the drop-in by script tag, as a site does.
  testRunnerHtml: (testFramework) => `<!doctype html>
<html><head><meta charset="utf-8"></head><body>
<script src="/node_modules/hellojs/dist/hello.all.js"></script>
<script src="/dist/hello.meetings.js"></script>
<script type="module" src="${testFramework}"></script>
</body></html>`,
};
