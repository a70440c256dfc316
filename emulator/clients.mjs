/**
 * The OAuth clients registered with the emulated providers. The ids are public (urls.mjs); each emulator
 * gets fresh random secrets unless its options give them, so no secret is a constant anyone could fetch.
 * The Zoho client exists in every data centre and may use both response types (`token` for the
 * browser-only flow, `code` through the proxy).
 */
import { randomBytes } from 'node:crypto';
import { JOINME_CLIENT_ID, ZOHO_CLIENT_ID } from './urls.mjs';

/**
 * @typedef {{ client_id: string, client_secret: string }} Client
 * @typedef {{ client_id?: string, client_secret?: string }} ClientOption
 */

/** @param {ClientOption | undefined} option @param {string} defaultId @param {string} where */
function clientOf(option, defaultId, where) {
  const client = { client_id: defaultId, client_secret: randomBytes(24).toString('base64url'), ...(option ?? {}) };
  for (const key of /** @type {const} */ (['client_id', 'client_secret'])) {
    if (typeof client[key] !== 'string' || client[key] === '') throw new TypeError(`clients.${where}.${key} must be a non-empty string`);
  }
  return client;
}

/**
 * @param {{ joinme?: ClientOption, zoho?: ClientOption }} [options]
 * @returns {{ joinme: Client, zoho: Client }}
 */
export function createClients(options = {}) {
  return { joinme: clientOf(options.joinme, JOINME_CLIENT_ID, 'joinme'), zoho: clientOf(options.zoho, ZOHO_CLIENT_ID, 'zoho') };
}
