/**
 * The few HTML pages the emulated providers show: error pages, the consent page, meeting rooms.
 * Everything echoed from a request goes through escapeHtml.
 */
import { escapeHtml, sendHtml } from './http.mjs';

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; color: #1d2330; background: #f3f5f9; margin: 0; }
  main { max-width: 28rem; margin: 3rem auto; background: #fff; border-radius: 10px; padding: 1.5rem 2rem;
         box-shadow: 0 2px 10px rgb(0 0 0 / 0.08); }
  h1 { font-size: 1.25rem; margin: 0 0 0.25rem; }
  .brand { color: #5b6475; font-size: 0.85rem; margin: 0 0 1rem; }
  .error h1 { color: #b3261e; }
  fieldset { border: 1px solid #d9dde6; border-radius: 6px; margin: 1rem 0; }
  label { display: block; padding: 0.2rem 0; }
  code { background: #eef1f6; padding: 0 0.25rem; border-radius: 3px; }
  .buttons { display: flex; gap: 0.75rem; justify-content: flex-end; }
  button { font: inherit; padding: 0.45rem 1.2rem; border-radius: 6px; border: 1px solid #8a93a6; background: #fff; cursor: pointer; }
  button[value=allow] { background: #1f6feb; border-color: #1f6feb; color: #fff; }
`;

/**
 * @param {string} title
 * @param {string} brand e.g. 'join.me (emulated)'
 * @param {string} body trusted HTML (built with escapeHtml)
 * @param {string} [className]
 */
function layout(title, brand, body, className = '') {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main class="${escapeHtml(className)}"><p class="brand">${escapeHtml(brand)}</p><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

/**
 * An error page: what a provider shows instead of redirecting to an untrusted or unchecked URI.
 * @param {import('node:http').ServerResponse} res
 * @param {{ status?: number, brand: string, title: string, message: string, headers?: Record<string, string> }} page
 */
export function sendErrorPage(res, { status = 400, brand, title, message, headers = {} }) {
  sendHtml(res, status, layout(title, brand, `<p>${escapeHtml(message)}</p>`, 'error'), headers);
}

/**
 * @typedef {object} ConsentPage
 * @property {string} brand
 * @property {string} action the form's target (the authorize path itself)
 * @property {string} clientName
 * @property {Array<{ email: string, name: string }>} accounts the accounts that may sign in here
 * @property {string} selected email to preselect
 * @property {string[]} scopes
 * @property {Record<string, string>} hidden the authorize parameters, posted back and checked again
 */

/**
 * The consent page: pick an account, see the scopes, allow or deny.
 * @param {import('node:http').ServerResponse} res
 * @param {ConsentPage} page
 * @param {Record<string, string>} [headers]
 */
export function sendConsentPage(res, page, headers = {}) {
  const hidden = Object.entries(page.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const accounts = page.accounts
    .map(
      (account) =>
        `<label><input type="radio" name="emu_account" value="${escapeHtml(account.email)}"${account.email === page.selected ? ' checked' : ''}> ` +
        `${escapeHtml(account.name)} &lt;${escapeHtml(account.email)}&gt;</label>`,
    )
    .join('\n');
  const scopes = page.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
  const body = `<p><strong>${escapeHtml(page.clientName)}</strong> asks to access your account.</p>
<form method="post" action="${escapeHtml(page.action)}">
${hidden}
<fieldset><legend>Sign in as</legend>
${accounts}
</fieldset>
<p>It will be allowed to:</p><ul>${scopes}</ul>
<div class="buttons"><button type="submit" name="emu_decision" value="deny">Deny</button>
<button type="submit" name="emu_decision" value="allow">Allow</button></div>
</form>`;
  sendHtml(res, 200, layout('Allow access?', page.brand, body), headers);
}

/**
 * A stand-in for a meeting room, so links in API answers lead somewhere in the demo.
 * @param {import('node:http').ServerResponse} res
 * @param {{ status?: number, brand: string, title: string, lines: string[] }} page
 */
export function sendRoomPage(res, { status = 200, brand, title, lines }) {
  sendHtml(res, status, layout(title, brand, lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')));
}
