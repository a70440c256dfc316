// Debian's Chromium, as every browser run here starts it (tests, demo walkthrough, benchmarks).
import { existsSync } from 'node:fs';

/** The flags this machine needs: no sandbox as root, and no background traffic to a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Logins open a popup; a headless shell may count a scripted one as unrequested.
  '--disable-popup-blocking',
];

/** `CHROME_PATH`, else Debian's Chromium, else undefined. */
export function chromiumPath() {
  return process.env.CHROME_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
}
