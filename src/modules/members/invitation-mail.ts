import type { SchoolCtx } from '../../platform/school-ctx.ts';
import type { MembershipRole } from '../identity/schema.ts';
import type { OutgoingMail } from '../mail/outbox.ts';
import { escapeHtml } from '../../platform/escape-html.ts';
import { schoolLink, senderAddress } from '../tenancy/school-link.ts';

/**
 * The accept link, on the school's stored primary hostname with the request's scheme and
 * port (the port matters for local development). Never built from the request's Host
 * header, which a client controls.
 */
export async function invitationLink(ctx: Pick<SchoolCtx, 'platformDb' | 'school' | 'origin'>, token: string): Promise<string> {
  return (await schoolLink(ctx, '/invitations/accept', { token })).url;
}

const article = (role: MembershipRole) => (role === 'admin' || role === 'owner' || role === 'instructor' ? 'an' : 'a');

export function invitationMail(
  ctx: Pick<SchoolCtx, 'env' | 'school'>,
  input: { to: string; role: MembershipRole; inviter: { email: string; displayName: string | null }; link: string; expiresAt: Date },
): OutgoingMail {
  const school = ctx.school.name;
  const inviter = input.inviter.displayName ? `${input.inviter.displayName} (${input.inviter.email})` : input.inviter.email;
  const expires = input.expiresAt.toUTCString();
  const text = [
    `${inviter} invited you to join ${school} as ${article(input.role)} ${input.role}.`,
    '',
    `Accept the invitation: ${input.link}`,
    '',
    `The link works once and expires on ${expires}. Sign in with ${input.to} to accept it.`,
    'If you were not expecting this invitation, you can ignore this message.',
  ].join('\n');
  const html = [
    `<p>${escapeHtml(inviter)} invited you to join <strong>${escapeHtml(school)}</strong> as ${article(input.role)} ${input.role}.</p>`,
    `<p><a href="${escapeHtml(input.link)}">Accept the invitation</a></p>`,
    `<p>The link works once and expires on ${escapeHtml(expires)}. Sign in with ${escapeHtml(input.to)} to accept it.</p>`,
    '<p>If you were not expecting this invitation, you can ignore this message.</p>',
  ].join('\n');
  return {
    schoolId: ctx.school.id,
    kind: 'invitation',
    to: input.to,
    from: senderAddress(ctx.env),
    subject: `You are invited to join ${school}`,
    text,
    html,
  };
}
