import { escapeHtml } from '../../../platform/escape-html.ts';
import type { OutgoingMail } from '../../mail/outbox.ts';

/** The sign-in email: plain text first (the dev mailbox reads its links), HTML as an alternative. */
export function magicLinkMail(input: { schoolId: string; schoolName: string; to: string; from: string; link: string; minutes: number }): OutgoingMail {
  const { schoolName, to, link, minutes } = input;
  const text = [
    'Hello,',
    '',
    `Someone (we hope you) asked to sign in to ${schoolName} as ${to}.`,
    `Open this link within ${minutes} minutes to sign in. It works once.`,
    '',
    link,
    '',
    'If you did not ask for this, ignore this email: nobody can sign in without the link.',
  ].join('\n');
  const e = escapeHtml;
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#1f2937;line-height:1.5">
<p>Hello,</p>
<p>Someone (we hope you) asked to sign in to ${e(schoolName)} as ${e(to)}. Open this link within ${minutes} minutes to sign in. It works once.</p>
<p><a href="${e(link)}">Sign in to ${e(schoolName)}</a></p>
<p style="color:#4b5563">If you did not ask for this, ignore this email: nobody can sign in without the link.</p>
</body></html>`;
  return { schoolId: input.schoolId, kind: 'magic_link', to, from: input.from, subject: `Sign in to ${schoolName}`, text, html };
}
