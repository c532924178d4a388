import { and, desc, eq, sql } from 'drizzle-orm';
import { Conflict, Invalid, NotFound, Unavailable } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { auditWhere } from '../../audit/record.ts';
import { requireRole } from '../../identity/actor.ts';
import { stripeFor } from '../stripe/client.ts';
import { insertWhere } from '../../../platform/db/guarded-write.ts';
import { offers, pricingChangeRequests, stripeAccounts } from '../schema.ts';
import { belowMinimumCharge, formatMinimumCharge, offerPriceProblem } from '../money/minimum-charge.ts';
import { formatMoney } from '../money/format.ts';
import { DecidePriceInput, ListPricingRequestsInput, ProposePriceInput } from './validation.ts';

type RequestRow = typeof pricingChangeRequests.$inferSelect;

function requestView(r: RequestRow, offer?: { title: string; currency: string } | null) {
  return {
    id: r.id,
    offerId: r.offerId,
    offerTitle: offer?.title ?? null,
    currency: offer?.currency ?? null,
    requestedBy: r.requestedBy,
    currentPriceCents: r.currentPriceCents,
    proposedPriceCents: r.proposedPriceCents,
    reason: r.reason,
    status: r.status,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
    createdAt: r.createdAt,
  };
}

/** Staff list (instructor+), newest first, optionally by status. */
export async function listPricingRequests({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  requireRole(ctx.actor, 'instructor');
  const { status } = ListPricingRequestsInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const rows = await db
    .select({ request: pricingChangeRequests, offer: { title: offers.title, currency: offers.currency } })
    .from(pricingChangeRequests)
    .leftJoin(offers, and(eq(offers.id, pricingChangeRequests.offerId), eq(offers.schoolId, pricingChangeRequests.schoolId)))
    .where(scoped(pricingChangeRequests, status ? eq(pricingChangeRequests.status, status) : undefined))
    .orderBy(desc(pricingChangeRequests.createdAt));
  return { requests: rows.map((r) => requestView(r.request, r.offer)) };
}

/** An instructor or admin proposes a new price; the owner decides. One pending request per offer (409 otherwise). */
export async function proposePriceChange({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const data = ProposePriceInput.parse(input);
  const { db, scoped, withSchool, schoolId } = ctx.schoolDb;
  const [found, pending] = await db.batch([
    db.select().from(offers).where(scoped(offers, eq(offers.id, data.offerId))).limit(1),
    db.select({ id: pricingChangeRequests.id }).from(pricingChangeRequests).where(scoped(pricingChangeRequests, eq(pricingChangeRequests.offerId, data.offerId), eq(pricingChangeRequests.status, 'pending'))).limit(1),
  ]);
  const offer = found[0];
  if (!offer) throw new NotFound('There is no such offer.');
  if (offer.status === 'archived') throw new Conflict('This offer is archived; its price no longer matters.');
  if (data.proposedPriceCents === offer.priceCents) throw new Invalid('That is already the price of this offer.');
  const belowMinimum = offerPriceProblem(data.proposedPriceCents, offer.currency);
  if (belowMinimum) throw new Invalid(belowMinimum);
  const alreadyPending = 'This offer already has a pending price change; the owner decides it first.';
  if (pending.length) throw new Conflict(alreadyPending);
  const row = withSchool({
    id: crypto.randomUUID(),
    offerId: offer.id,
    requestedBy: actor.user.id,
    currentPriceCents: offer.priceCents,
    proposedPriceCents: data.proposedPriceCents,
    reason: data.reason ?? '',
    status: 'pending' as const,
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    createdAt: ctx.now,
  });
  // Two proposals at once: only one finds no pending request when its batch runs.
  const noneOpen = sql`not exists (select 1 from pricing_change_requests where school_id = ${schoolId} and offer_id = ${offer.id} and status = 'pending')`;
  const mine = sql`exists (select 1 from pricing_change_requests where school_id = ${schoolId} and id = ${row.id})`;
  const [inserted] = await db.batch([
    insertWhere(db, pricingChangeRequests, row, noneOpen).returning({ id: pricingChangeRequests.id }),
    auditWhere(ctx.schoolDb, { actorUserId: actor.user.id, action: 'pricing_request.proposed', entityType: 'offer', entityId: offer.id, metadata: { requestId: row.id, before: { priceCents: offer.priceCents }, after: { proposedPriceCents: row.proposedPriceCents, reason: row.reason } }, now: ctx.now }, mine),
  ]);
  if (inserted.length === 0) throw new Conflict(alreadyPending);
  return { request: requestView(row, offer) };
}

async function loadPending(ctx: SchoolCtx, requestId: string) {
  const { db, scoped } = ctx.schoolDb;
  const [found] = await db
    .select({ request: pricingChangeRequests, offer: offers })
    .from(pricingChangeRequests)
    .innerJoin(offers, and(eq(offers.id, pricingChangeRequests.offerId), eq(offers.schoolId, pricingChangeRequests.schoolId)))
    .where(scoped(pricingChangeRequests, eq(pricingChangeRequests.id, requestId)))
    .limit(1);
  if (!found) throw new NotFound('There is no such pricing change request.');
  if (found.request.status !== 'pending') throw new Conflict(`This request was already ${found.request.status}.`);
  return found;
}

const stillPending = (schoolId: string, requestId: string) => sql`exists (select 1 from pricing_change_requests where school_id = ${schoolId} and id = ${requestId} and status = 'pending')`;

/**
 * The owner approves: the offer's price, the request and the audit row land in one batch.
 * An offer already sold through Stripe gets a new Stripe price for the same product (Stripe
 * prices are immutable) and the old one is deactivated. Without Stripe (or its account) the
 * price moves locally and the stale Stripe price is forgotten, to be recreated at the next sale.
 */
export async function approvePriceChange({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'owner');
  const { requestId, note } = DecidePriceInput.parse(input);
  const { request, offer } = await loadPending(ctx, requestId);
  if (belowMinimumCharge(request.proposedPriceCents, offer.currency)) {
    const min = formatMinimumCharge(offer.currency);
    throw new Conflict(`This request cannot be approved: ${formatMoney(request.proposedPriceCents, offer.currency)} is below the ${min} Stripe can charge. Reject it and propose 0 (free) or at least ${min}.`);
  }
  const { db, scoped, schoolId } = ctx.schoolDb;

  let stripePriceId: string | null = null;
  const oldPriceId = offer.stripePriceId;
  const stripe = stripeFor(ctx.env);
  let stripeAccount: string | null = null;
  if (oldPriceId && offer.stripeProductId && stripe) {
    const [account] = await db.select({ id: stripeAccounts.stripeAccountId }).from(stripeAccounts).where(scoped(stripeAccounts)).limit(1);
    stripeAccount = account?.id ?? null;
  }
  if (oldPriceId && offer.stripeProductId && stripe && stripeAccount) {
    try {
      const price = await stripe.prices.create(
        {
          product: offer.stripeProductId,
          unit_amount: request.proposedPriceCents,
          currency: offer.currency,
          ...(offer.offerType === 'subscription' && offer.billingInterval ? { recurring: { interval: offer.billingInterval } } : {}),
          metadata: { schoolId, offerId: offer.id, pricingRequestId: request.id },
        },
        { stripeAccount, idempotencyKey: `price-${request.id}` },
      );
      stripePriceId = price.id;
    } catch (err) {
      console.error(`[commerce] new Stripe price for offer ${offer.id} failed`, err);
      throw new Unavailable('Stripe did not create the new price, so nothing changed. Please try again in a minute.');
    }
  }

  const decided = { status: 'approved' as const, decidedBy: actor.user.id, decidedAt: ctx.now, decisionNote: note ?? null };
  const guard = stillPending(schoolId, request.id);
  const [, , updated] = await db.batch([
    db
      .update(offers)
      .set({ priceCents: request.proposedPriceCents, stripePriceId, updatedAt: ctx.now })
      .where(scoped(offers, eq(offers.id, offer.id), guard)),
    auditWhere(
      ctx.schoolDb,
      { actorUserId: actor.user.id, action: 'pricing_request.approved', entityType: 'offer', entityId: offer.id, metadata: { requestId: request.id, note: note ?? null, before: { priceCents: offer.priceCents, stripePriceId: oldPriceId }, after: { priceCents: request.proposedPriceCents, stripePriceId } }, now: ctx.now },
      guard,
    ),
    db.update(pricingChangeRequests).set(decided).where(scoped(pricingChangeRequests, eq(pricingChangeRequests.id, request.id), eq(pricingChangeRequests.status, 'pending'))).returning({ id: pricingChangeRequests.id }),
  ]);
  if (updated.length === 0) throw new Conflict('This request was decided by someone else just now.');

  if (oldPriceId && stripePriceId && stripe && stripeAccount) {
    // After the switch, so a failure here leaves an unused old price active, never the offer on a dead one.
    await stripe.prices.update(oldPriceId, { active: false }, { stripeAccount, idempotencyKey: `price-deactivate-${request.id}` }).catch((err: unknown) => console.error(`[commerce] deactivating Stripe price ${oldPriceId} failed`, err));
  }
  return {
    request: requestView({ ...request, ...decided }, offer),
    offer: { id: offer.id, title: offer.title, priceCents: request.proposedPriceCents, currency: offer.currency, status: offer.status, stripePriceId },
  };
}

/** The owner rejects; the price stays. */
export async function rejectPriceChange({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'owner');
  const { requestId, note } = DecidePriceInput.parse(input);
  const { request, offer } = await loadPending(ctx, requestId);
  const { db, scoped, schoolId } = ctx.schoolDb;
  const decided = { status: 'rejected' as const, decidedBy: actor.user.id, decidedAt: ctx.now, decisionNote: note ?? null };
  const [, updated] = await db.batch([
    auditWhere(
      ctx.schoolDb,
      { actorUserId: actor.user.id, action: 'pricing_request.rejected', entityType: 'offer', entityId: offer.id, metadata: { requestId: request.id, note: note ?? null, before: { status: 'pending', proposedPriceCents: request.proposedPriceCents }, after: { status: 'rejected', priceCents: offer.priceCents } }, now: ctx.now },
      stillPending(schoolId, request.id),
    ),
    db.update(pricingChangeRequests).set(decided).where(scoped(pricingChangeRequests, eq(pricingChangeRequests.id, request.id), eq(pricingChangeRequests.status, 'pending'))).returning({ id: pricingChangeRequests.id }),
  ]);
  if (updated.length === 0) throw new Conflict('This request was decided by someone else just now.');
  return { request: requestView({ ...request, ...decided }, offer) };
}
