// The redirect-page guard (built from guard.ts as dist/hello.meetings.guard.js, and first in
// hello.meetings.all.js): it runs before hello.js reads the URL. hello.js acts on whatever reaches a page that loads it: it forwards a `?code=` to
// the `state.oauth_proxy` the URL names, hands a `#access_token=` to the opener, and follows `page_uri` and
// `oauth_redirect` anywhere. The guard lets a redirect of these modules' networks through only when its
// `state` carries a nonce this browser issued for that login (nonces.ts) and a code only to the proxy that
// login named; `page_uri` must stay on this origin. A refused redirect is removed from the URL.
import { issuedLogin, storedLogins } from './nonces.ts';

/** The networks of this package (a test keeps this list equal to the providers in modules/). */
export const GUARDED_NETWORKS = ['joinme', 'zoho'];

export const REFUSED_MESSAGE = 'This sign-in answer was not started here, so it was ignored. You can close this window.';

type Params = Record<string, unknown>;

/** hello.js's `utils.param`: the `key=value` pairs of a query or fragment, values decoded. */
function paramsOf(text: string): Params {
  const found: Params = {};
  for (const pair of text.replace(/^[#?]/, '').match(/[^=/&]+=[^&]+/g) ?? []) {
    const at = pair.indexOf('=');
    found[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1));
  }
  return found;
}

/** `state` as hello.js reads it: JSON, or JSON encoded once more; only an object counts. */
function stateOf(value: unknown, once = false): Params | undefined {
  for (const text of once ? [value] : [value, safeDecode(value)]) {
    try {
      const state: unknown = JSON.parse(String(text));
      if (state && typeof state === 'object') return state as Params;
    } catch {
      // not JSON: try the next form
    }
  }
  return undefined;
}

function safeDecode(value: unknown): unknown {
  try {
    return decodeURIComponent(String(value));
  } catch {
    return value;
  }
}

const sameOrigin = (url: unknown): boolean => {
  try {
    return new URL(String(url), location.href).origin === location.origin;
  } catch {
    return false;
  }
};

const isGuarded = (network: unknown): boolean => GUARDED_NETWORKS.includes(String(network));

/** The proxy of the login `state` answers, '' for a login without one, or undefined when this browser did not start it. */
function loginProxy(state: Params | undefined): string | undefined {
  const login = state && issuedLogin(storedLogins() ?? {}, state.network, state.nonce, state.callback);
  return login && (login.proxy ?? '');
}

/** Whether hello.js may act on this URL (its responseHandler's three branches, in its order). */
export function allowed(search: string, hash: string): boolean {
  const query = paramsOf(search);
  if (query.state && (query.code || query.oauth_token)) {
    // hello.js forwards every query parameter to state.oauth_proxy (and gives up when state is not JSON).
    const state = stateOf(query.state, true);
    if (!state) return true;
    if (!isGuarded(state.network)) return sameOrigin(state.oauth_proxy);
    const proxy = loginProxy(state);
    return Boolean(proxy) && state.oauth_proxy === proxy;
  }
  const p: Params = { ...query, ...paramsOf(hash) };
  if ('state' in p) {
    // The state's fields override the URL's, as in hello.js (which skips these keys too); then the
    // session is stored and handed over.
    const state = stateOf(p.state) ?? {};
    for (const key of Object.keys(state)) if (!['__proto__', 'constructor', 'prototype'].includes(key)) p[key] = state[key];
    if (p.page_uri && !sameOrigin(p.page_uri)) return false;
    return !isGuarded(p.network) || loginProxy(p) !== undefined;
  }
  if ('oauth_redirect' in p) {
    // hello.js's Safari detour through this page to the authorize URL: only for a login started here.
    try {
      return loginProxy(stateOf(new URL(String(safeDecode(p.oauth_redirect))).searchParams.get('state'))) !== undefined;
    } catch {
      return false;
    }
  }
  return true;
}

/** Removes the redirect from the URL before hello.js reads it, and says so on the page. */
export function refuse(): void {
  // hello.js's own switch: it follows no URL that fails to match HELLOJS_REDIRECT_URL.
  (window as unknown as Record<string, unknown>).HELLOJS_REDIRECT_URL = /^$/;
  try {
    history.replaceState(null, '', location.pathname);
  } catch {
    // The module's session checks still refuse what hello.js stores.
  }
  const show = () => {
    const note = document.createElement('p');
    note.setAttribute('role', 'alert');
    note.textContent = REFUSED_MESSAGE;
    document.body.append(note);
  };
  if (document.body) show();
  else document.addEventListener('DOMContentLoaded', show);
}

/** Runs the guard on this page: call it before hello.js loads. Returns whether the URL was let through. */
export function guardRedirectPage(): boolean {
  let verdict = true;
  try {
    verdict = allowed(location.search, location.hash);
  } catch {
    // A URL hello.js cannot decode either: it throws before acting on it.
  }
  if (!verdict) refuse();
  return verdict;
}
