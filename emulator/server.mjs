#!/usr/bin/env node
/**
 * Standalone emulator:
 *   node emulator/server.mjs --port 8766 [--consent page] [--redirect-uri URL ...]
 * Prints its origin, serves until interrupted.
 */
import { parseArgs } from 'node:util';
import { createEmulator, DEFAULT_REDIRECT_URIS } from './index.mjs';

const USAGE = 'usage: node emulator/server.mjs [--port N] [--consent auto|page|deny] [--redirect-uri URL ...]';

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      consent: { type: 'string', default: 'auto' },
      'redirect-uri': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return console.log(USAGE);
  const port = Number(values.port);
  const consent = /** @type {'auto' | 'page' | 'deny'} */ (values.consent);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !['auto', 'page', 'deny'].includes(consent)) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const emu = createEmulator({ consent, redirectUris: values['redirect-uri'] ?? [...DEFAULT_REDIRECT_URIS] });
  const { origin, close } = await emu.listen(port);
  console.log(origin);
  const stop = () => void close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// `node --test test/` runs every file under a test/ directory: do not start a server there.
if (!process.env.NODE_TEST_CONTEXT) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
