import { and, eq } from 'drizzle-orm';
import { Forbidden } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { auditLogs } from '../audit/schema.ts';
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

type SignInCtx = Pick<SchoolCtx, 'platformDb' | 'school' | 'schoolDb' | 'now'>;

export async function loadSignInPolicy(ctx: Pick<SchoolCtx, 'schoolDb'>): Promise<SignInPolicy> {
  const { db, scoped } = ctx.schoolDb;
  const [row] = await db.select().from(schoolAuthPolicies).where(scoped(schoolAuthPolicies)).limit(1);
  return row ? { ...DEFAULT_POLICY, ...row } : DEFAULT_POLICY;
}

/**
 * Everything after a provider has vouched for someone, shared by every sign-in path: find
 * the person by provider + issuer + subject (never by email alone), apply the school's
 * policy, create the user, identity link and membership when allowed. Returns who signed in;
 * the caller starts the session. Throws SignInRefused with a sentence for the person.
 */
export async function completeSignIn({ ctx, input }: { ctx: SignInCtx; input: VerifiedIdentity }) {
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

  const { db, scoped, withSchool } = ctx.schoolDb;
  const [membership] = user
    ? await db
        .select({ id: schoolMemberships.id, status: schoolMemberships.status, role: schoolMemberships.role })
        .from(schoolMemberships)
        .where(scoped(schoolMemberships, eq(schoolMemberships.userId, user.id)))
        .limit(1)
    : [];
  const policy = await loadSignInPolicy(ctx);
  const decision = decideSignIn(policy, ctx.school.name, { ...input, email }, membership ?? null);
  if (!decision.allowed) throw new SignInRefused(decision.reason);

  if (!user) {
    const userId = crypto.randomUUID();
    await ctx.platformDb.batch([
      ctx.platformDb.insert(users).values({ id: userId, email, displayName: input.displayName ?? null, emailVerifiedAt: ctx.now, createdAt: ctx.now }),
      ctx.platformDb.insert(identityLinks).values({ userId, provider: input.provider, issuer: input.issuer, externalId: input.subject, email, createdAt: ctx.now }),
    ]);
    user = { id: userId, email, displayName: input.displayName ?? null };
  }

  let membershipId = membership?.id;
  if (decision.newMember) {
    membershipId = crypto.randomUUID();
    await db.batch([
      db
        .insert(schoolMemberships)
        .values(withSchool({ id: membershipId, userId: user.id, userEmail: email, role: decision.role, status: 'active' as const, createdAt: ctx.now }))
        .onConflictDoNothing(),
      db.insert(auditLogs).values(
        withSchool({
          actorUserId: user.id,
          action: 'membership.auto_provisioned',
          entityType: 'membership',
          entityId: membershipId,
          metadata: { email, role: decision.role, provider: input.provider },
          createdAt: ctx.now,
        }),
      ),
    ]);
  }
  return { user, membership: { id: membershipId!, role: decision.role as MembershipRole } };
}
