/**
 * The authorize step both providers share: check the request, choose the account (login_hint, or the
 * consent page's picker), then approve or deny with a redirect. Bad requests get an error page, never
 * a redirect: the redirect URI is not trusted until it has been checked.
 */
import { parseParams, redirect } from './http.mjs';
import { sendConsentPage, sendErrorPage } from './pages.mjs';

/**
 * @template R, A
 * @typedef {object} AuthorizeSpec
 * @property {string} brand shown on pages
 * @property {Record<string, string>} [pageHeaders] headers for every page (e.g. X-Frame-Options)
 * @property {(params: Record<string, string>) => { error: string } | { request: R }} validate
 * @property {(request: R) => Array<{ email: string, name: string }>} choices accounts the picker offers
 * @property {(request: R) => string} defaultEmail
 * @property {(request: R, email: string) => { error: string } | { account: A }} pickAccount
 * @property {(request: R) => string[]} scopes shown on the consent page
 * @property {(request: R, account: A) => string} approve mints the grant; returns the redirect URL
 * @property {(request: R) => string} deny returns the redirect URL
 */

/**
 * Handles GET (the authorize URL itself) and POST (the consent page's form, which posts the original
 * parameters back; they are checked again, so the form grants nothing the URL could not).
 * @template R, A
 * @param {import('./index.mjs').Context} ctx
 * @param {AuthorizeSpec<R, A>} spec
 */
export async function authorize(ctx, spec) {
  const posted = ctx.method === 'POST';
  const params = posted ? await formParams(ctx) : Object.fromEntries(ctx.query);
  const fail = (/** @type {string} */ message, title = 'Invalid request') =>
    sendErrorPage(ctx.res, { brand: spec.brand, title, message, headers: spec.pageHeaders });
  if (params === undefined) return fail('The form could not be read.');

  const { emu_account: chosen, emu_decision: decided, ...authParams } = params;
  const checked = spec.validate(authParams);
  if ('error' in checked) return fail(checked.error);
  const { request } = checked;

  const decision = posted ? decided : { auto: 'allow', deny: 'deny', page: 'page' }[ctx.config.consent];
  if (decision === 'page') {
    const choices = spec.choices(request);
    const hint = authParams.login_hint?.toLowerCase();
    return sendConsentPage(
      ctx.res,
      {
        brand: spec.brand,
        action: ctx.url.pathname,
        clientName: authParams.client_id ?? '',
        accounts: choices,
        selected: choices.some((account) => account.email === hint) ? /** @type {string} */ (hint) : spec.defaultEmail(request),
        scopes: spec.scopes(request),
        hidden: authParams,
      },
      spec.pageHeaders,
    );
  }
  if (decision === 'deny') return redirect(ctx.res, spec.deny(request));
  if (decision !== 'allow') return fail('Choose Allow or Deny.');

  const email = posted ? (chosen ?? '') : authParams.login_hint || spec.defaultEmail(request);
  const picked = spec.pickAccount(request, email);
  if ('error' in picked) return fail(picked.error, 'Cannot sign in');
  return redirect(ctx.res, spec.approve(request, picked.account));
}

/**
 * @param {import('./index.mjs').Context} ctx
 * @returns {Promise<Record<string, string> | undefined>}
 */
async function formParams(ctx) {
  const { kind, params } = parseParams(ctx.req, await ctx.body());
  return kind === 'form' ? params : undefined;
}

/**
 * Scopes of an authorize request, split on `delimiter`, checked against `known`. With `anyCase`, names
 * match whatever their case and come back spelled as in `known` (Zoho: `ZohoMeeting.manageorg.READ` is fine).
 * @param {string | undefined} text
 * @param {RegExp | string} delimiter
 * @param {readonly string[]} known
 * @param {{ anyCase?: boolean }} [options]
 * @returns {{ error: string } | { scopes: string[] }}
 */
export function parseScopes(text, delimiter, known, { anyCase = false } = {}) {
  const canonical = (/** @type {string} */ scope) =>
    anyCase ? (known.find((name) => name.toLowerCase() === scope.toLowerCase()) ?? scope) : scope;
  const scopes = [
    ...new Set(
      (text ?? '')
        .split(delimiter)
        .filter((scope) => scope !== '')
        .map(canonical),
    ),
  ];
  if (scopes.length === 0) return { error: 'The scope parameter is missing.' };
  const unknown = scopes.filter((scope) => !known.includes(scope));
  if (unknown.length > 0) return { error: `Unknown scope: ${unknown.join(', ')}.` };
  return { scopes };
}
