// Which client ids, endpoints and oauth proxy the demo uses.
//
// By default the demo talks to the offline emulator of both providers that `npm start` mounts on the same
// dev server (no accounts, no network). To use the real join.me and Zoho Meeting, either
//   - open the page with query parameters:  /demo/?joinme=JOINME_API_KEY&zoho=ZOHO_CLIENT_ID&proxy=https://example.com/oauth-proxy
//     (add &proxy_api=1 to send Zoho Meeting API calls through the proxy)
//   - or fill in REAL below.
// Only public values belong here: client ids (API keys) are not secret; the client secrets live in the oauth
// proxy (hellojs-meetings/proxy), never in a page. docs/demo.md says what to register at each provider.

const REAL = {
  /** join.me API key (the OAuth client id of your join.me app). */
  joinme: '',
  /** Zoho client id ("1000.XXXX…"), from https://api-console.zoho.com/ */
  zoho: '',
  /** Your oauth proxy (needed for the code grant, join.me "expire access" and Zoho revoke), e.g. https://example.com/oauth-proxy */
  proxy: '',
  /** Send Zoho Meeting API calls through the oauth proxy (for when Zoho Meeting answers the browser without CORS). */
  zohoProxyApi: false,
};

/**
 * @typedef {object} DemoConfig
 * @property {'emulator' | 'providers'} mode
 * @property {string} redirect_uri the page the providers send the user back to (register it at each provider)
 * @property {string | undefined} oauth_proxy
 * @property {{ joinme?: Record<string, unknown>, zoho?: Record<string, unknown> }} services hello.init's first
 *   argument: a provider left out is not configured (its panel says so)
 * @property {{ joinme: Array<{ email: string, name: string }>, zoho: Array<{ email: string, name: string, region: string }> }} accounts
 *   suggestions for the account hint (the emulator's users; none for real providers)
 * @property {string} [emulatorOrigin]
 * @property {string[]} warnings things the person running the demo should know
 */

/** @returns {Promise<DemoConfig>} */
export async function loadConfig() {
  const query = new URLSearchParams(location.search);
  const real = {
    joinme: query.get('joinme') ?? REAL.joinme,
    zoho: query.get('zoho') ?? REAL.zoho,
    proxy: query.get('proxy') ?? REAL.proxy,
    zohoProxyApi: query.has('proxy_api') ? query.get('proxy_api') !== '0' : REAL.zohoProxyApi,
  };
  // redirect.html sits next to this file; its absolute URL is what each provider must have registered.
  const redirect_uri = new URL('redirect.html', import.meta.url).href;
  const warnings = [];

  if (real.joinme || real.zoho) {
    // Real providers: the modules' built-in endpoints; only the client ids are ours.
    /** @type {DemoConfig['services']} */
    const services = {};
    if (real.joinme) services.joinme = { id: real.joinme };
    if (real.zoho) services.zoho = { id: real.zoho, proxy_api: Boolean(real.zohoProxyApi && real.proxy) };
    return {
      mode: 'providers',
      redirect_uri,
      oauth_proxy: real.proxy ? new URL(real.proxy, location.href).href : undefined,
      services,
      accounts: { joinme: [], zoho: [] },
      warnings,
    };
  }

  // The emulator: the page is at http://localhost:PORT, the emulated providers at http://127.0.0.1:PORT/__emu
  // (another origin, as a real provider is). urls.mjs is browser-safe and holds nothing secret.
  const { emulatorEndpoints, DEFAULT_ACCOUNTS } = await import('/emulator/urls.mjs');
  const emulatorOrigin = `http://127.0.0.1:${location.port}`;
  if (location.hostname !== 'localhost') {
    warnings.push(
      `The emulator only accepts the redirect URI http://localhost:${location.port}/demo/redirect.html: open the demo at http://localhost:${location.port}/demo/.`,
    );
  }
  return {
    mode: 'emulator',
    redirect_uri,
    oauth_proxy: new URL('/proxy', location.href).href,
    // Plain hello.init overrides (client ids and endpoints), as a site would point the modules at other hosts.
    services: emulatorEndpoints(emulatorOrigin),
    accounts: {
      joinme: DEFAULT_ACCOUNTS.joinme.map(({ email, name }) => ({ email, name })),
      zoho: DEFAULT_ACCOUNTS.zoho.map(({ email, name, region }) => ({ email, name, region })),
    },
    emulatorOrigin,
    warnings,
  };
}
