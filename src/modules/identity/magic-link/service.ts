import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { randomToken, sha256Hex } from '../../../platform/crypto.ts';
import { Invalid } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { enqueueMailDelivery } from '../../mail/delivery.ts';
import { outboxInsert } from '../../mail/outbox.ts';
import { mailOutbox } from '../../mail/schema.ts';
import { schoolHostnames } from '../../tenancy/schema.ts';
import { safeReturnTo } from '../return-to.ts';
import { magicLinkTokens } from '../schema.ts';
import { createSession, revokeSession } from '../sessions.ts';
import { completeSignIn, loadSignInPolicy } from '../sign-in.ts';
import { magicLinkMail } from './mail.ts';
import { enforceRateLimits } from '../../audit/rate-limits.ts';
import { schoolLink, senderAddress } from '../../tenancy/school-link.ts';

export const MAGIC_LINK_MINUTES = 10;
const MAGIC_LINK_TTL_MS = MAGIC_LINK_MINUTES * 60 * 1000;

/** Who is asking, as far as the network can tell; not part of the body, so not in `input`. */
export type MagicLinkCtx = SchoolCtx & { client: { ip: string | null; userAgent: string | null } };

export const RequestMagicLinkInput = z.object({
  email: z
    .string('Enter your email address.')
    .trim()
    .toLowerCase()
    .max(254, 'That email address is too long: addresses have at most 254 characters.')
    .pipe(z.email('Enter a real email address, like name@example.com.')),
  returnTo: z.string().max(2000).optional(),
});

/**
 * POST /api/auth/magic-link. The answer is the same whether or not the address has an
 * account, and whether or not the school lets it in: the response tells nobody who studies
 * where. Only checks that do not depend on the account (method offered, email domain) may
 * skip the mail, so the work done does not vary with account existence either.
 */
export async function requestMagicLink({ ctx, input }: { ctx: MagicLinkCtx; input: unknown }) {
  // No actor needed: asking for a link is how an anonymous visitor signs in.
  const { email, returnTo } = RequestMagicLinkInput.parse(input);
  await enforceRateLimits({
    ctx,
    input: {
      limiter: ctx.env.RATE_LIMIT_MAGIC_LINK,
      bucket: 'magic_link',
      // Without a client address (only outside Cloudflare) everyone shares one allowance.
      keys: [`email:${email}`, `ip:${ctx.client.ip ?? 'unknown'}`],
      message: 'Too many sign-in links were asked for. Wait a minute, then try again.',
    },
  });
  const answer = { sent: true as const, message: `If ${email} can sign in to ${ctx.school.name}, a link is on its way. It works for ${MAGIC_LINK_MINUTES} minutes.` };

  const policy = await loadSignInPolicy(ctx);
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const domainAllowed = policy.allowedDomains.some((d) => d.toLowerCase() === domain);
  if (!policy.allowedProviders.includes('magic_link') || (policy.requireDomainMatch && !domainAllowed)) return answer;

  const token = randomToken();
  const { url: link, hostname } = await schoolLink(ctx, '/auth/magic-link', { token });
  const mail = magicLinkMail({
    schoolId: ctx.school.id,
    schoolName: ctx.school.name,
    to: email,
    from: senderAddress(ctx.env),
    link,
    minutes: MAGIC_LINK_MINUTES,
  });

  const { platformDb, school, now } = ctx;
  // One batch: older links die, the new one exists and its mail is queued, or none of it.
  const [, , queued] = await platformDb.batch([
    platformDb
      .update(magicLinkTokens)
      .set({ usedAt: now })
      .where(and(eq(magicLinkTokens.email, email), eq(magicLinkTokens.schoolId, school.id), isNull(magicLinkTokens.usedAt))),
    platformDb.insert(magicLinkTokens).values({
      tokenHash: await sha256Hex(token),
      email,
      schoolId: school.id,
      hostname,
      returnTo: safeReturnTo(returnTo),
      expiresAt: new Date(now.getTime() + MAGIC_LINK_TTL_MS),
      createdAt: now,
    }),
    outboxInsert(platformDb, mail, now).returning({ id: mailOutbox.id }),
  ]);
  await enqueueMailDelivery(ctx.env, queued[0]!.id);
  return answer;
}

type Unusable = 'unknown' | 'used' | 'expired';
const UNUSABLE_MESSAGES: Record<Unusable, string> = {
  unknown: 'This sign-in link is not valid here. Check that you opened the whole link from the email, on the school it was sent for.',
  used: 'This sign-in link has already been used, or a newer link was sent after it. Each link works once.',
  expired: `This sign-in link has expired: links work for ${MAGIC_LINK_MINUTES} minutes.`,
};

/** A link that cannot sign anyone in; `reason` picks the sentence shown on the page. */
export class MagicLinkUnusable extends Invalid {
  readonly reason: Unusable;
  constructor(reason: Unusable) {
    super(UNUSABLE_MESSAGES[reason]);
    this.reason = reason;
  }
}

const TokenInput = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/) });

async function tokenHashOf(input: unknown): Promise<string> {
  const parsed = TokenInput.safeParse(input);
  if (!parsed.success) throw new MagicLinkUnusable('unknown');
  return sha256Hex(parsed.data.token);
}

type StoredToken = { usedAt: Date | null; expiresAt: Date; email: string };

/** This host's token with that hash; another school's (or host's) token is simply unknown here. */
async function findToken(ctx: Pick<SchoolCtx, 'platformDb' | 'school'>, tokenHash: string): Promise<StoredToken | null> {
  const [row] = await ctx.platformDb
    .select({ usedAt: magicLinkTokens.usedAt, expiresAt: magicLinkTokens.expiresAt, email: magicLinkTokens.email })
    .from(magicLinkTokens)
    .where(and(eq(magicLinkTokens.tokenHash, tokenHash), eq(magicLinkTokens.schoolId, ctx.school.id), eq(magicLinkTokens.hostname, ctx.school.hostname)))
    .limit(1);
  return row ?? null;
}

function unusable(token: StoredToken | null, now: Date): MagicLinkUnusable | null {
  if (!token) return new MagicLinkUnusable('unknown');
  if (token.usedAt) return new MagicLinkUnusable('used');
  if (token.expiresAt <= now) return new MagicLinkUnusable('expired');
  return null;
}

/**
 * GET /auth/magic-link: what the confirm page shows. Reads only; mail scanners open links
 * to look at them, and that must not use the link up.
 */
export async function inspectMagicLink({ ctx, input }: { ctx: SchoolCtx; input: unknown }): Promise<{ email: string }> {
  // No actor needed: the token is the credential.
  const token = await findToken(ctx, await tokenHashOf(input));
  const problem = unusable(token, ctx.now);
  if (problem) throw problem;
  return { email: token!.email };
}

/**
 * POST /auth/magic-link: claims the token in one conditional UPDATE (of two concurrent
 * redemptions exactly one matches), applies the school's sign-in policy and starts a new
 * session on this host. Throws MagicLinkUnusable, or SignInRefused with the policy's reason.
 */
export async function redeemMagicLink({ ctx, input }: { ctx: MagicLinkCtx; input: unknown }) {
  // No actor needed: the token is the credential.
  const tokenHash = await tokenHashOf(input);
  const { platformDb, school, now } = ctx;
  const [claimed] = await platformDb
    .update(magicLinkTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(magicLinkTokens.tokenHash, tokenHash),
        isNull(magicLinkTokens.usedAt),
        gt(magicLinkTokens.expiresAt, now),
        eq(magicLinkTokens.schoolId, school.id),
        // The link was mailed for one stored host; the session it starts belongs to that host.
        eq(magicLinkTokens.hostname, school.hostname),
      ),
    )
    .returning({ email: magicLinkTokens.email, returnTo: magicLinkTokens.returnTo });
  if (!claimed) throw unusable(await findToken(ctx, tokenHash), now) ?? new MagicLinkUnusable('used');

  const { user } = await completeSignIn({
    ctx,
    input: { provider: 'magic_link', issuer: 'magic_link', subject: claimed.email, email: claimed.email, emailVerified: true, domainVerified: true },
  });
  const scope = { platformDb, schoolId: school.id, hostname: school.hostname, now };
  // A new session every time (no fixation); whatever session this browser had here ends.
  if (ctx.actor) await revokeSession(scope, { sessionId: ctx.actor.sessionId, userId: ctx.actor.user.id });
  const session = await createSession(scope, { userId: user.id, userEmail: user.email, provider: 'magic_link', userAgent: ctx.client.userAgent });
  return { session, returnTo: safeReturnTo(claimed.returnTo) };
}
