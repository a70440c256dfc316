/** hellojs-meetings/emulator, the package entry: the emulator, its server with the oauth proxy, the control client. */
export { EmulatorControlError, emulatorControl } from './control-client.mjs';
export * from './index.mjs';
export { serveEmulator } from './serve.mjs';
