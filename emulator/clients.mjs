/**
 * The OAuth clients registered with the emulated providers. Their redirect URIs are given to
 * createEmulator({ redirectUris }). The Zoho client exists in every data centre and may use both
 * response types (`token` for the browser-only flow, `code` through the proxy).
 */
export const JOINME_CLIENT = Object.freeze({ client_id: 'joinme-demo-key', client_secret: 'joinme-demo-secret' });
export const ZOHO_CLIENT = Object.freeze({ client_id: '1000.ZOHODEMOCLIENT', client_secret: 'zoho-demo-secret' });

export const DEFAULT_CLIENTS = Object.freeze({ joinme: JOINME_CLIENT, zoho: ZOHO_CLIENT });
