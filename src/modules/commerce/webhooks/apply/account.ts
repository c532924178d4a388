import { eq, lte } from 'drizzle-orm';
import { stripeAccounts } from '../../schema.ts';
import { type Applied, type ApplyContext, str } from './shared.ts';

/** account.updated: the connected account's flags, unless a newer event already set them. */
export async function applyAccountUpdated(ctx: ApplyContext): Promise<Applied> {
  const { schoolDb, event } = ctx;
  const account = event.data.object;
  const stripeAccountId = str(account.id);
  if (!stripeAccountId) return { effects: [], note: 'account event without an account id' };
  return {
    effects: [
      schoolDb.db
        .update(stripeAccounts)
        .set({ chargesEnabled: account.charges_enabled === true, payoutsEnabled: account.payouts_enabled === true, detailsSubmitted: account.details_submitted === true, lastEventCreated: event.created, updatedAt: ctx.now })
        .where(schoolDb.scoped(stripeAccounts, eq(stripeAccounts.stripeAccountId, stripeAccountId), lte(stripeAccounts.lastEventCreated, event.created))),
    ],
  };
}
