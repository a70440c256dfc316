#!/usr/bin/env node
/**
 * hellojs-meetings-emulator: emulated join.me and Zoho Meeting, with the oauth proxy, for a site's own tests.
 * Prints the origin on the first line of stdout, then how to point hello.js at it; serves until interrupted.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serveEmulator } from './serve.mjs';

const USAGE = `usage: hellojs-meetings-emulator [--port 4000] [--host 127.0.0.1] [--redirect-uri URL ...]
       [--consent auto|page|deny] [--seed seed.json] [--demo-data] [--no-builtin-accounts] [--no-proxy]

  --redirect-uri   your site's redirect page (repeat for more); the emulated providers accept only these
  --consent        auto: approve at once (default) | page: show the consent page | deny: decline
  --seed           a JSON file of accounts, meetings and webinars ({ "accounts", "meetings", "webinars" })
  --demo-data      give every user a few meetings and a webinar
  --no-proxy       do not mount the oauth proxy at /proxy`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      consent: { type: 'string', default: 'auto' },
      'redirect-uri': { type: 'string', multiple: true },
      seed: { type: 'string' },
      'demo-data': { type: 'boolean' },
      'no-builtin-accounts': { type: 'boolean' },
      'no-proxy': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(USAGE);
  const port = Number(values.port);
  const consent = /** @type {'auto' | 'page' | 'deny'} */ (values.consent);
  const redirectUris = values['redirect-uri'] ?? [];
  if (
    !Number.isInteger(port) ||
    port < 0 ||
    port > 65535 ||
    !['auto', 'page', 'deny'].includes(consent) ||
    !redirectUris.every(isHttpUrl)
  ) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const served = await serveEmulator({
    port,
    host: values.host,
    consent,
    redirectUris,
    proxy: !values['no-proxy'],
    builtInAccounts: !values['no-builtin-accounts'],
    demoData: values['demo-data'] === true,
    ...(values.seed ? { seed: JSON.parse(readFileSync(values.seed, 'utf8')) } : {}),
  });
  console.log(served.origin);
  console.log(
    [
      '  Emulated join.me and Zoho Meeting. Point hello.js at them with',
      `    hello.init(emulatorEndpoints('${served.origin}'), { redirect_uri: ${JSON.stringify(redirectUris[0] ?? 'YOUR_REDIRECT_PAGE')}${
        served.proxyUrl ? `, oauth_proxy: '${served.proxyUrl}'` : ''
      } })`,
      "  (emulatorEndpoints from 'hellojs-meetings/emulator/browser'; the same object is at GET /).",
      `  Control API: ${served.origin}/__emu/control/ (docs/emulator.md).`,
      ...(redirectUris.length ? [] : ['  No redirect URI registered: pass --redirect-uri (or POST /__emu/control/redirect-uris).']),
    ].join('\n'),
  );
  const stop = () => void served.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** @param {string} value */
function isHttpUrl(value) {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
