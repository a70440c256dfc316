/**
 * hellojs-meetings/emulator/browser: the browser-safe part of the emulator's package entry (no Node
 * imports, nothing secret): where the emulated hosts are, the built-in users, the control client.
 */
export { EmulatorControlError, emulatorControl } from './control-client.mjs';
export { DEFAULT_ACCOUNTS, EMU_PREFIX, emulatorEndpoints, emulatorUrls, JOINME_CLIENT_ID, ZOHO_CLIENT_ID, ZOHO_REGIONS } from './urls.mjs';
