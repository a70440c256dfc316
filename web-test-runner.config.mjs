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

/**
 * A test page as a site has it: hello.js, then one drop-in by script tag. `helloMeetingsFile` tells the
 * redirect page (test/browser/redirect.html) to load the same drop-in, as the site's would.
 */
const page = (dropIn) => (testFramework) =>
  `<!doctype html>
<html><head><meta charset="utf-8"></head><body>
<script>window.helloMeetingsFile = ${JSON.stringify(dropIn)};</script>
<script src="/node_modules/hellojs/dist/hello.all.js"></script>
<script src="${dropIn}"></script>
<script type="module" src="${testFramework}"></script>
</body></html>`;

// Each provider's own file, alone next to hello.js, runs that provider's flows again. Left out when the
// command line names its own --files (a targeted run).
const groups = process.argv.includes('--files')
  ? []
  : ['joinme', 'zoho'].map((provider) => ({
      name: `${provider} alone (dist/hello.${provider}.js)`,
      files: [`test/browser/${provider}.test.ts`, 'test/browser/single-file.test.ts'],
      testRunnerHtml: page(`/dist/hello.${provider}.js`),
    }));

export default {
  files: ['test/unit/**/*.test.ts', 'test/browser/**/*.test.ts'],
  port,
  nodeResolve: true,
  // One page at a time: every test file logs in against the same emulator.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60000,
  testsFinishTimeout: 300000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2020' }), ...mounts.plugins],
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
  testRunnerHtml: page('/dist/hello.meetings.js'),
  groups,
};
