import { eq, sql } from 'drizzle-orm';
import { Conflict } from '../../../platform/errors.ts';
import type { SchoolDb } from '../../../platform/db/school-db.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { auditLogs } from '../../audit/schema.ts';
import { auditValues } from '../../audit/record.ts';
import { requireRole } from '../../identity/actor.ts';
import { platformFeeBps, requireStripe } from '../stripe/client.ts';
import { stripeAccountRoutes, stripeAccounts } from '../schema.ts';
import { callStripe } from './stripe-error.ts';

type AccountRow = typeof stripeAccounts.$inferSelect;

export type StripeStatus = {
  configured: boolean;
  account: null | { stripeAccountId: string; chargesEnabled: boolean; payoutsEnabled: boolean; detailsSubmitted: boolean };
  platformFeePercent: number;
  canSell: boolean;
};

/** The school's connected account row, if onboarding was ever started. */
export async function loadStripeAccount(schoolDb: SchoolDb): Promise<AccountRow | null> {
  const [row] = await schoolDb.db.select().from(stripeAccounts).where(schoolDb.scoped(stripeAccounts)).limit(1);
  return row ?? null;
}

function statusOf(ctx: SchoolCtx, row: AccountRow | null): StripeStatus {
  const configured = !!ctx.env.STRIPE_SECRET_KEY;
  return {
    configured,
    account: row ? { stripeAccountId: row.stripeAccountId, chargesEnabled: row.chargesEnabled, payoutsEnabled: row.payoutsEnabled, detailsSubmitted: row.detailsSubmitted } : null,
    platformFeePercent: platformFeeBps(ctx.env) / 100,
    canSell: configured && !!row?.chargesEnabled,
  };
}

/** Payments status for the admin payments page (admin+). */
export async function getStripeStatus({ ctx }: { ctx: SchoolCtx }): Promise<StripeStatus> {
  requireRole(ctx.actor, 'admin');
  return statusOf(ctx, await loadStripeAccount(ctx.schoolDb));
}

/**
 * Starts (or resumes) Stripe Connect onboarding (owner only). The connected account is
 * created once: the platform routing row goes in first (D1 cannot batch across databases),
 * then the school's row; both inserts are idempotent, and a retry after a partial failure
 * finds the account through the routing row, so a school never gets two accounts.
 */
export async function startStripeOnboarding({ ctx }: { ctx: SchoolCtx }): Promise<{ url: string }> {
  const actor = requireRole(ctx.actor, 'owner');
  const stripe = requireStripe(ctx.env);
  const { db } = ctx.schoolDb;
  const schoolId = ctx.school.id;
  const existing = await loadStripeAccount(ctx.schoolDb);

  let stripeAccountId = existing?.stripeAccountId ?? null;
  if (!stripeAccountId) {
    const [routed] = await ctx.platformDb.select({ id: stripeAccountRoutes.stripeAccountId }).from(stripeAccountRoutes).where(eq(stripeAccountRoutes.schoolId, schoolId)).limit(1);
    stripeAccountId =
      routed?.id ??
      (
        await callStripe('create the school’s Stripe account', () =>
          stripe.accounts.create(
            { type: 'express', email: actor.user.email, metadata: { schoolId }, business_profile: { name: ctx.school.name } },
            { idempotencyKey: `account-${schoolId}` },
          ),
        )
      ).id;
  }
  // Always (re)assert the route: cheap, and it heals a school row written without one.
  await ctx.platformDb.insert(stripeAccountRoutes).values({ stripeAccountId, schoolId, createdAt: ctx.now }).onConflictDoNothing();

  const link = await callStripe('start Stripe onboarding', () =>
    stripe.accountLinks.create({
      account: stripeAccountId,
      type: 'account_onboarding',
      refresh_url: `${ctx.origin}/admin/payments?stripe=refresh`,
      return_url: `${ctx.origin}/admin/payments?stripe=return`,
    }),
  );

  await db.batch([
    db
      .insert(stripeAccounts)
      .values(ctx.schoolDb.withSchool({ stripeAccountId, createdBy: actor.user.id, createdAt: ctx.now, updatedAt: ctx.now }))
      .onConflictDoNothing(),
    db.insert(auditLogs).values(
      auditValues(ctx.schoolDb, {
        actorUserId: actor.user.id,
        action: existing ? 'stripe_account.onboarding_resumed' : 'stripe_account.onboarding_started',
        entityType: 'stripe_account',
        entityId: stripeAccountId,
        metadata: { before: existing ? { stripeAccountId: existing.stripeAccountId } : null, after: { stripeAccountId } },
        now: ctx.now,
      }),
    ),
  ]);
  return { url: link.url };
}

/**
 * Re-reads the connected account from Stripe (admin+), e.g. when the owner returns from
 * onboarding, and stores its flags. `lastEventCreated` moves to now so an older queued
 * `account.updated` cannot undo what was just read.
 */
export async function refreshStripeAccount({ ctx }: { ctx: SchoolCtx }): Promise<StripeStatus> {
  const actor = requireRole(ctx.actor, 'admin');
  const stripe = requireStripe(ctx.env);
  const { db, scoped } = ctx.schoolDb;
  const row = await loadStripeAccount(ctx.schoolDb);
  if (!row) throw new Conflict('This school has no Stripe account yet. The owner starts payments setup first.');
  const account = await callStripe('read the school’s Stripe account', () => stripe.accounts.retrieve(row.stripeAccountId));
  const flags = { chargesEnabled: !!account.charges_enabled, payoutsEnabled: !!account.payouts_enabled, detailsSubmitted: !!account.details_submitted };
  const nowSeconds = Math.floor(ctx.now.getTime() / 1000);
  const changed = flags.chargesEnabled !== row.chargesEnabled || flags.payoutsEnabled !== row.payoutsEnabled || flags.detailsSubmitted !== row.detailsSubmitted;
  const update = db
    .update(stripeAccounts)
    .set({ ...flags, lastEventCreated: sql`max(${stripeAccounts.lastEventCreated}, ${nowSeconds})`, updatedAt: ctx.now })
    .where(scoped(stripeAccounts, eq(stripeAccounts.id, row.id)));
  if (changed) {
    const before = { chargesEnabled: row.chargesEnabled, payoutsEnabled: row.payoutsEnabled, detailsSubmitted: row.detailsSubmitted };
    await db.batch([
      update,
      db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'stripe_account.refreshed', entityType: 'stripe_account', entityId: row.stripeAccountId, metadata: { before, after: flags }, now: ctx.now })),
    ]);
  } else {
    await update;
  }
  return statusOf(ctx, { ...row, ...flags });
}
