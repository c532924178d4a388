import { and, eq, ne, notExists, sql } from 'drizzle-orm';
import { Forbidden } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { auditWhere } from '../audit/record.ts';
import { claimInvitation, findMembership, findPendingInvitation } from '../members/invitation-claim.ts';
import { DEFAULT_POLICY, decideSignIn, PROVIDER_NAMES, type Provider, type SignInPolicy } from './policy.ts';
import { identityLinks, type MembershipRole, schoolAuthPolicies, schoolMemberships, users } from './schema.ts';

export type VerifiedIdentity = {
  provider: Provider;
  /** Who vouches for `subject`: the OIDC issuer (Entra: the tenant id), or `magic_link`. */
  issuer: string;
  /** Stable id at that issuer (Google `sub`, Entra object id, or the inbox address). */
  subject: string;
  email: string;
  emailVerified: boolean;
  domainVerified: boolean;
  displayName?: string | null;
  entraTenantId?: string | null;
};

export class SignInRefused extends Forbidden {}

export type SignInResult = {
  user: { id: string; email: string; displayName: string | null };
  membership: { id: string; role: MembershipRole };
  invitationAccepted: boolean;
};

type SignInCtx = Pick<SchoolCtx, 'platformDb' | 'school' | 'schoolDb' | 'now'>;

export async function loadSignInPolicy(ctx: Pick<SchoolCtx, 'schoolDb'>): Promise<SignInPolicy> {
  const { db, scoped } = ctx.schoolDb;
  const [row] = await db.select().from(schoolAuthPolicies).where(scoped(schoolAuthPolicies)).limit(1);
  return row ? { ...DEFAULT_POLICY, ...row } : DEFAULT_POLICY;
}

/**
 * Everything after a provider has vouched for someone, shared by every sign-in path: find
 * the person by provider + issuer + subject (never by email alone), apply the school's
 * policy, create the user, identity link and membership when allowed. A pending invitation
 * for the address lets the person in even without auto-provisioning, and signing in accepts
 * it. Returns who signed in; the caller starts the session. Throws SignInRefused with a
 * sentence for the person.
 */
export async function completeSignIn({ ctx, input }: { ctx: SignInCtx; input: VerifiedIdentity }, retried = false): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const [link] = await ctx.platformDb
    .select({ userId: identityLinks.userId, email: users.email, displayName: users.displayName })
    .from(identityLinks)
    .innerJoin(users, eq(users.id, identityLinks.userId))
    .where(and(eq(identityLinks.provider, input.provider), eq(identityLinks.issuer, input.issuer), eq(identityLinks.externalId, input.subject)))
    .limit(1);

  let user: { id: string; email: string; displayName: string | null } | null = link
    ? { id: link.userId, email: link.email, displayName: link.displayName }
    : null;
  if (!user) {
    const [sameEmail] = await ctx.platformDb
      .select({ id: users.id, provider: identityLinks.provider })
      .from(users)
      .leftJoin(identityLinks, eq(identityLinks.userId, users.id))
      .where(eq(users.email, email))
      .limit(1);
    if (sameEmail) {
      // Two providers claiming one address are not merged silently: the person signs in the
      // way they first did (linking another method is an explicit step from the account page).
      const first = sameEmail.provider ? PROVIDER_NAMES[sameEmail.provider] : 'another method';
      throw new SignInRefused(`${email} already signs in with ${first}. Use ${first} to sign in.`);
    }
  }

  const membership = user ? await findMembership(ctx.schoolDb, user.id) : null;
  const [policy, invitation] = await Promise.all([loadSignInPolicy(ctx), findPendingInvitation(ctx, email)]);
  const decision = decideSignIn(policy, ctx.school.name, { ...input, email }, membership, invitation);
  if (!decision.allowed) throw new SignInRefused(decision.reason);

  if (!user) {
    const userId = crypto.randomUUID();
    try {
      await ctx.platformDb.batch([
        ctx.platformDb.insert(users).values({ id: userId, email, displayName: input.displayName ?? null, emailVerifiedAt: ctx.now, createdAt: ctx.now }),
        ctx.platformDb.insert(identityLinks).values({ userId, provider: input.provider, issuer: input.issuer, externalId: input.subject, email, createdAt: ctx.now }),
      ]);
    } catch (err) {
      // Two first sign-ins of one person at once (two tabs, or a link and Google): the other
      // one created the user. Start over once; this time the lookups above find it.
      if (!retried && /UNIQUE constraint failed/i.test(String(err))) return completeSignIn({ ctx, input }, true);
      throw err;
    }
    user = { id: userId, email, displayName: input.displayName ?? null };
  }

  if (decision.via === 'membership') return { user, membership: { id: membership!.id, role: decision.role }, invitationAccepted: false };
  if (decision.via === 'invitation') {
    // Signing in is how an invited person accepts: same claim as POST /api/invitations/accept.
    const claim = await claimInvitation(ctx, { invitation: invitation!, user: { id: user.id, email }, membership, role: decision.role });
    if (claim.claimed) return { user, membership: claim.membership, invitationAccepted: true };
    // Lost a race: a parallel sign-in accepted it (fine), or it was revoked a moment ago.
    const now = await findMembership(ctx.schoolDb, user.id);
    if (now?.status === 'active') return { user, membership: { id: now.id, role: now.role }, invitationAccepted: false };
    throw new SignInRefused(`Your invitation to ${ctx.school.name} was withdrawn or has expired. Ask a school admin for a new one.`);
  }
  return { user, membership: await autoProvision(ctx, { user, membership, role: decision.role, provider: input.provider }), invitationAccepted: false };
}

/**
 * Joins the school as the policy says; a leftover `invited` row is activated, not duplicated.
 * Guarded like every membership change: if a row that is not `invited` appeared since we read
 * (a parallel first sign-in, or an admin removing this person a moment ago) nothing is written
 * and that row decides.
 */
async function autoProvision(
  ctx: SignInCtx,
  input: { user: { id: string; email: string }; membership: Awaited<ReturnType<typeof findMembership>>; role: MembershipRole; provider: Provider },
) {
  const { db, scoped, withSchool } = ctx.schoolDb;
  const membershipId = input.membership?.id ?? crypto.randomUUID();
  const noSettledRow = notExists(
    db
      .select({ one: sql`1` })
      .from(schoolMemberships)
      .where(scoped(schoolMemberships, eq(schoolMemberships.userId, input.user.id), ne(schoolMemberships.status, 'invited'))),
  );
  const audit = {
    actorUserId: input.user.id,
    action: 'membership.auto_provisioned',
    entityType: 'membership',
    entityId: membershipId,
    metadata: {
      email: input.user.email,
      provider: input.provider,
      before: input.membership ? { role: input.membership.role, status: input.membership.status } : null,
      after: { role: input.role, status: 'active' },
    },
    now: ctx.now,
  };
  const [, [row]] = await db.batch([
    auditWhere(ctx.schoolDb, audit, noSettledRow),
    db
      .insert(schoolMemberships)
      .values(withSchool({ id: membershipId, userId: input.user.id, userEmail: input.user.email, role: input.role, status: 'active' as const, createdAt: ctx.now }))
      .onConflictDoUpdate({
        target: [schoolMemberships.schoolId, schoolMemberships.userId],
        set: { role: input.role, status: 'active' },
        setWhere: eq(schoolMemberships.status, 'invited'),
      })
      .returning({ id: schoolMemberships.id }),
  ]);
  if (row) return { id: row.id, role: input.role };
  const settled = await findMembership(ctx.schoolDb, input.user.id);
  if (settled?.status === 'active') return { id: settled.id, role: settled.role };
  throw new SignInRefused(`Your membership of ${ctx.school.name} has ended. Ask a school admin if you need access again.`);
}
