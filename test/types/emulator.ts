// Type tests of hellojs-meetings/emulator and /emulator/browser: misuse must fail to compile.
/// <reference types="node" />

import type { HelloLike } from 'hellojs-meetings';
import { register } from 'hellojs-meetings';
import type { EmulatorEndpoints, EmulatorLogEntry, Seed, ServedEmulator } from 'hellojs-meetings/emulator';
import { createEmulator, serveEmulator } from 'hellojs-meetings/emulator';
import { emulatorControl, emulatorEndpoints } from 'hellojs-meetings/emulator/browser';

async function usage(): Promise<void> {
  const seed: Seed = {
    accounts: { zoho: [{ email: 'kim@example.eu', region: 'eu' }] },
    meetings: [
      { provider: 'zoho', owner: 'kim@example.eu', name: 'Stand-up', startsIn: 30, duration: 15, agenda: 'Daily' },
      { provider: 'joinme', name: 'Review', start: '2030-01-01T10:00:00Z', personal: true },
    ],
    webinars: [{ name: 'Launch', start: new Date() }],
  };
  const emu = createEmulator({
    redirectUris: ['http://localhost:3000/redirect.html'],
    consent: 'page',
    seed,
    config: { zoho: { cors: false } },
  });
  const stored = emu.seed({ meetings: [{ provider: 'joinme', name: 'Extra' }] });
  const id: string | undefined = stored.items[0]?.id;
  const secret: string = emu.clients.zoho.client_secret;
  const init: EmulatorEndpoints = emulatorEndpoints('http://127.0.0.1:4000');
  const auth: string = init.joinme.oauth.auth;
  // What hello.init takes, as the package types it.
  register({} as HelloLike).init(init, { redirect_uri: 'http://localhost:3000/redirect.html' });
  const served: ServedEmulator = await serveEmulator({ port: 0, demoData: true });
  const log: EmulatorLogEntry[] = await served.control.log();
  const control = emulatorControl(served.origin);
  await control.setConfig({ joinme: { deleteStatus: 200 } });
  await control.setConsent('deny');
  await control.advanceClock(3600);
  void [id, secret, auth, log];

  // @ts-expect-error: consent is auto, page or deny
  createEmulator({ consent: 'yes' });
  // @ts-expect-error: an unknown switch
  await control.setConfig({ zoho: { nope: true } });
  // @ts-expect-error: join.me's delete answers 204 or 200
  await control.setConfig({ joinme: { deleteStatus: 202 } });
  // @ts-expect-error: a seeded meeting says which provider it belongs to
  emu.seed({ meetings: [{ name: 'Nowhere' }] });
  // @ts-expect-error: start or startsIn, not both
  emu.seed({ webinars: [{ name: 'Twice', start: 0, startsIn: 5 }] });
  // @ts-expect-error: 'xx' is not a data centre
  emu.seed({ accounts: { zoho: [{ email: 'a@b.c', region: 'xx' }] } });
  // @ts-expect-error: endpoints carry no secret
  void init.zoho.client_secret;
}
void usage;
