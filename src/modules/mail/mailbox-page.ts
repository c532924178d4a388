import { escapeHtml as e } from '../../platform/escape-html.ts';
import type { DevMail } from './mailbox.ts';

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2937;margin:2rem;line-height:1.5}
table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{border-bottom:1px solid #d1d5db;padding:.5rem;text-align:left;vertical-align:top}
a{color:#1d4ed8}pre{white-space:pre-wrap;margin:.5rem 0 0;font-size:.875rem}
.muted{color:#4b5563}form{margin:1rem 0}input{font:inherit;padding:.25rem .5rem}button{font:inherit;padding:.25rem .75rem}
`;

/** A plain, accessible list of the latest mail: who, what, when, and its links ready to click. */
export function mailboxPage(input: { mails: DevMail[]; to: string | null; nonce: string }): string {
  const rows = input.mails
    .map(
      (mail) => `<tr>
<td><time datetime="${e(mail.createdAt)}">${e(mail.createdAt.replace('T', ' ').slice(0, 19))}</time></td>
<td>${e(mail.to)}</td>
<td>${e(mail.subject)}<details><summary>Text</summary><pre>${e(mail.text)}</pre></details></td>
<td>${e(mail.kind)}</td>
<td>${e(mail.status)}${mail.lastError ? `<br><span class="muted">${e(mail.lastError)}</span>` : ''}</td>
<td>${mail.links.map((link) => `<a href="${e(link)}">${e(link)}</a>`).join('<br>') || '<span class="muted">none</span>'}</td>
</tr>`,
    )
    .join('\n');
  const empty = `<p>No mail${input.to ? ` to ${e(input.to)}` : ''} yet. Ask for a sign-in link, then reload this page.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Dev mailbox · Lectern</title><style nonce="${e(input.nonce)}">${CSS}</style></head>
<body><main>
<h1>Dev mailbox</h1>
<p class="muted">Development only: the latest mail this deployment wrote, whether or not it was delivered.</p>
<form method="get" action="/__dev/mailbox"><label for="to">Show mail to</label> <input id="to" name="to" type="email" value="${e(input.to ?? '')}"> <button type="submit">Filter</button>${input.to ? ' <a href="/__dev/mailbox">Show all</a>' : ''}</form>
${
  input.mails.length === 0
    ? empty
    : `<table><caption>Latest ${input.mails.length} mail${input.mails.length === 1 ? '' : 's'}${input.to ? ` to ${e(input.to)}` : ''}</caption>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Links</th></tr></thead>
<tbody>
${rows}
</tbody></table>`
}
</main></body></html>`;
}
