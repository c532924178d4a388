import type { ResolvedSchool } from '../../tenancy/resolve-school.ts';
import { brandCss } from '../../shell/brand-css.ts';
import { escapeHtml as e } from '../../../platform/escape-html.ts';

/**
 * The magic-link pages are rendered by the Worker, not the SPA: they must work with no
 * JavaScript, from a mail client's browser, and a token in the URL should meet as little
 * code as possible. Same brand variables as the shell; every value is escaped.
 */
type PageChrome = { school: Pick<ResolvedSchool, 'name' | 'brand'>; nonce: string };

const CSS = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2937;background:#f8fafc;line-height:1.5}
header{background:var(--brand-primary);color:var(--brand-on-primary);padding:1rem 1.5rem;font-weight:600}
main{max-width:32rem;margin:3rem auto;padding:2rem;background:#fff;border:1px solid #e5e7eb;border-radius:.75rem}
h1{font-size:1.5rem;margin:0 0 1rem}
.muted{color:#4b5563;font-size:.9375rem}
button,.action{display:inline-block;font:inherit;font-weight:600;padding:.625rem 1.25rem;border-radius:.5rem;border:0;cursor:pointer;
  background:var(--brand-primary);color:var(--brand-on-primary);text-decoration:none}
button:focus-visible,.action:focus-visible{outline:3px solid var(--brand-accent);outline-offset:2px}
`;

function layout(chrome: PageChrome, title: string, body: string): string {
  const name = e(chrome.school.name);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(title)} · ${name}</title>
<style nonce="${e(chrome.nonce)}">${brandCss(chrome.school.brand)}${CSS}</style></head>
<body><header>${name}</header><main>${body}</main></body></html>`;
}

/** The button that signs in; the GET that shows it changes nothing. */
export function confirmPage(chrome: PageChrome, input: { email: string; token: string }): string {
  const name = e(chrome.school.name);
  return layout(
    chrome,
    'Confirm sign-in',
    `<h1>Sign in to ${name}</h1>
<p>You are signing in as <strong>${e(input.email)}</strong>.</p>
<form method="post" action="/auth/magic-link">
<input type="hidden" name="token" value="${e(input.token)}">
<button type="submit">Sign in to ${name}</button>
</form>
<p class="muted">Did not ask to sign in? Close this page: nothing happens until the button is pressed.</p>`,
  );
}

/** A link that cannot be used, or a sign-in the school refused: say why, offer a way on. */
export function problemPage(chrome: PageChrome, input: { title: string; message: string }): string {
  return layout(
    chrome,
    input.title,
    `<h1>${e(input.title)}</h1>
<p>${e(input.message)}</p>
<p><a class="action" href="/sign-in">Sign in again</a></p>`,
  );
}
