// Login round trip in headless Chromium against the emulator: click → session stored, for hello.js's
// built-in joinme module (pointed at the emulator with hello.init) and for this package's drop-in.
import { createServer } from 'node:net';
import { startDevServer } from '@web/dev-server';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/chromium.mjs';

const JOINME_CLIENT_ID = 'joinme-demo-key';

const VARIANTS = {
  builtin: {
    label: "hello.js's built-in joinme",
    scripts: ['/node_modules/hellojs/dist/hello.all.js'],
    // The built-in module: only data can be overridden (its functions stay), which is all that is needed.
    init: (e) => ({ joinme: { id: JOINME_CLIENT_ID, oauth: { auth: e.joinme.auth }, base: e.joinme.base } }),
  },
  meetings: {
    label: "this package's joinme (dist/hello.joinme.js)",
    scripts: ['/node_modules/hellojs/dist/hello.all.js', '/dist/hello.joinme.js'],
    init: (e) => ({ joinme: { id: JOINME_CLIENT_ID, oauth: { auth: e.joinme.auth, grant: e.joinme.token }, base: e.joinme.base } }),
  },
};

const redirectPath = (variant) => `/__bench/redirect-${variant}.html`;

function page(variant, endpoints) {
  const { scripts, init } = VARIANTS[variant];
  const tags = scripts.map((src) => `<script src="${src}"></script>`).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>bench: ${variant}</title></head><body>
${tags}
<button id="login">Log in with join.me</button>
<script>
hello.init(${JSON.stringify(init(endpoints))}, { redirect_uri: ${JSON.stringify(redirectPath(variant))}, display: 'popup', response_type: 'token' });
document.getElementById('login').addEventListener('click', function () {
  var started = performance.now();
  window.__result = null;
  hello('joinme').login({ scope: 'basic', login_hint: 'ada@example.com' }).then(function () {
    var session = hello.getAuthResponse('joinme');
    window.__result = { ms: performance.now() - started, ok: Boolean(session && session.access_token) };
  }, function (error) {
    window.__result = { ms: performance.now() - started, ok: false, error: error };
  });
});
</script>
</body></html>`;
}

function redirectPage(variant) {
  const tags = VARIANTS[variant].scripts.map((src) => `<script src="${src}"></script>`).join('\n');
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>Signing in…</title></head><body>\n${tags}\n</body></html>`;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {{ root: string, rounds: number, warmup?: number, log?: (line: string) => void }} options
 * @returns {Promise<Record<'builtin' | 'meetings', { label: string, samples: number[], failures: number }>>}
 */
export async function measureLogin({ root, rounds, warmup = 2, log = () => {} }) {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: install it or set CHROME_PATH.');
  const { devServerMounts } = await import(new URL('../../test/server-mounts.mjs', import.meta.url).href);
  const port = await freePort();
  const mounts = await devServerMounts({ port, consent: 'auto', redirectPaths: Object.keys(VARIANTS).map(redirectPath) });
  const endpoints = mounts.endpoints;

  const benchPages = async (ctx, next) => {
    const match = /^\/__bench\/(redirect-)?(builtin|meetings)\.html$/.exec(ctx.path);
    if (!match) return next();
    ctx.type = 'html';
    ctx.set('cache-control', 'no-store');
    ctx.body = match[1] ? redirectPage(match[2]) : page(match[2], endpoints);
  };

  const server = await startDevServer({
    config: { rootDir: root, port, hostname: 'localhost', middleware: [benchPages, ...mounts.middleware] },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
    autoExitProcess: false,
  });
  const browser = await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const results = Object.fromEntries(Object.entries(VARIANTS).map(([name, { label }]) => [name, { label, samples: [], failures: 0 }]));
  try {
    const tab = await browser.newPage();
    const once = async (variant) => {
      await tab.goto(`http://localhost:${port}/__bench/${variant}.html`, { waitUntil: 'load' });
      await tab.evaluate(() => localStorage.clear());
      await tab.click('#login');
      await tab.waitForFunction(() => window.__result !== null && window.__result !== undefined, { timeout: 20000, polling: 'raf' });
      const result = await tab.evaluate(() => window.__result);
      // The popup closes itself; let it go before the next round opens another one.
      await new Promise((resolve) => setTimeout(resolve, 30));
      return result;
    };
    for (let i = 0; i < warmup; i++) for (const variant of Object.keys(VARIANTS)) await once(variant);
    for (let round = 0; round < rounds; round++) {
      // Alternate which variant goes first, so neither always follows the other.
      const order = round % 2 ? ['meetings', 'builtin'] : ['builtin', 'meetings'];
      for (const variant of order) {
        const result = await once(variant);
        if (result.ok) results[variant].samples.push(result.ms);
        else {
          results[variant].failures += 1;
          log(`login failed (${variant}): ${JSON.stringify(result.error ?? result).slice(0, 200)}`);
        }
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return results;
}
