import { desc, eq, inArray } from 'drizzle-orm';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { auditValues } from '../../audit/record.ts';
import { auditLogs } from '../../audit/schema.ts';
import { courses } from '../../courses/schema.ts';
import { requireRole } from '../../identity/actor.ts';
import { checkoutSessions, couponOffers, offerCourses, offers, pricingChangeRequests, transactions } from '../schema.ts';
import { offerPriceProblem } from '../money/minimum-charge.ts';
import { CreateOfferInput, OfferIdInput, offerShapeProblem, UpdateOfferInput } from './validation.ts';

export type OfferRow = typeof offers.$inferSelect;

/** An offer as staff see it: the row (minus tenancy) with the courses it grants. */
export function offerView(o: OfferRow, courseIds: string[]) {
  return {
    id: o.id,
    title: o.title,
    description: o.description,
    offerType: o.offerType,
    priceCents: o.priceCents,
    currency: o.currency,
    billingInterval: o.billingInterval,
    accessScope: o.accessScope,
    status: o.status,
    courseIds,
    stripeProductId: o.stripeProductId,
    stripePriceId: o.stripePriceId,
    createdBy: o.createdBy,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}
export type OfferView = ReturnType<typeof offerView>;

/** One offer of this school with its course ids (one batch), or 404. */
export async function loadOffer(ctx: SchoolCtx, offerId: string) {
  const { db, scoped } = ctx.schoolDb;
  const [found, links] = await db.batch([
    db.select().from(offers).where(scoped(offers, eq(offers.id, offerId))).limit(1),
    db.select({ courseId: offerCourses.courseId }).from(offerCourses).where(scoped(offerCourses, eq(offerCourses.offerId, offerId))),
  ]);
  const offer = found[0];
  if (!offer) throw new NotFound('There is no such offer.');
  return { offer, courseIds: links.map((l) => l.courseId) };
}

/** Every id must name a course of this school: anything else is refused, never linked. */
async function requireSchoolCourses(ctx: SchoolCtx, courseIds: string[]) {
  if (courseIds.length === 0) return;
  const { db, scoped } = ctx.schoolDb;
  const found = await db.select({ id: courses.id }).from(courses).where(scoped(courses, inArray(courses.id, courseIds)));
  const known = new Set(found.map((c) => c.id));
  const missing = courseIds.filter((id) => !known.has(id));
  if (missing.length) throw new Invalid(`There is no course ${missing.join(', ')} in this school.`);
}

/** Staff list (instructor+): every offer, newest first, with its courses. One batch. */
export async function listOffers({ ctx }: { ctx: SchoolCtx }) {
  requireRole(ctx.actor, 'instructor');
  const { db, scoped } = ctx.schoolDb;
  const [rows, links] = await db.batch([
    db.select().from(offers).where(scoped(offers)).orderBy(desc(offers.createdAt)),
    db.select({ offerId: offerCourses.offerId, courseId: offerCourses.courseId }).from(offerCourses).where(scoped(offerCourses)),
  ]);
  const courseIdsOf = new Map<string, string[]>();
  for (const l of links) {
    const ids = courseIdsOf.get(l.offerId);
    if (ids) ids.push(l.courseId);
    else courseIdsOf.set(l.offerId, [l.courseId]);
  }
  return { offers: rows.map((o) => offerView(o, courseIdsOf.get(o.id) ?? [])) };
}

/** Creates a draft offer (admin+), audited. */
export async function createOffer({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const data = CreateOfferInput.parse(input);
  const courseIds = [...new Set(data.courseIds ?? [])];
  const problem = offerShapeProblem({ ...data, courseIds }) ?? offerPriceProblem(data.priceCents, data.currency ?? 'usd');
  if (problem) throw new Invalid(problem);
  await requireSchoolCourses(ctx, courseIds);
  const { db, withSchool } = ctx.schoolDb;
  const row = withSchool({
    id: crypto.randomUUID(),
    title: data.title,
    description: data.description ?? '',
    offerType: data.offerType,
    priceCents: data.priceCents,
    currency: data.currency ?? 'usd',
    billingInterval: data.billingInterval ?? null,
    accessScope: data.accessScope,
    status: 'draft' as const,
    createdBy: actor.user.id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  const view = offerView({ ...row, stripeProductId: null, stripePriceId: null }, courseIds);
  await db.batch([
    db.insert(offers).values(row),
    ...courseIds.map((courseId) => db.insert(offerCourses).values(withSchool({ offerId: row.id, courseId }))),
    db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'offer.created', entityType: 'offer', entityId: row.id, metadata: { before: null, after: auditable(view) }, now: ctx.now })),
  ]);
  return { offer: view };
}

const TRANSITIONS: Record<string, string[]> = { draft: ['active', 'archived'], active: ['archived'], archived: [] };

/** Edits an offer (admin+). The price moves directly only while it is a draft; afterwards through a pricing change request. */
export async function updateOffer({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const data = UpdateOfferInput.parse(input);
  const { offer, courseIds: currentCourseIds } = await loadOffer(ctx, data.offerId);
  if (data.priceCents !== undefined && data.priceCents !== offer.priceCents && offer.status !== 'draft') {
    throw new Conflict('This offer is no longer a draft: its price changes only through a pricing change request, which the owner approves.');
  }
  if (data.status && data.status !== offer.status && !TRANSITIONS[offer.status]!.includes(data.status)) {
    throw new Conflict(offer.status === 'archived' ? 'An archived offer cannot be reopened; create a new offer instead.' : `An ${offer.status} offer cannot go back to ${data.status}; archive it instead.`);
  }
  const courseIds = data.courseIds ? [...new Set(data.courseIds)] : data.accessScope && data.accessScope !== 'courses' ? [] : currentCourseIds;
  const merged = { ...offer, ...defined({ title: data.title, description: data.description, status: data.status, accessScope: data.accessScope, priceCents: data.priceCents }), updatedAt: ctx.now };
  const problem = offerShapeProblem({ ...merged, courseIds }) ?? (data.priceCents !== undefined && data.priceCents !== offer.priceCents ? offerPriceProblem(data.priceCents, offer.currency) : null);
  if (problem) throw new Invalid(problem);
  if (data.courseIds) await requireSchoolCourses(ctx, courseIds);
  const { db, scoped, withSchool } = ctx.schoolDb;
  const coursesChanged = [...courseIds].sort().join() !== [...currentCourseIds].sort().join();
  const before = offerView(offer, currentCourseIds);
  const after = offerView(merged, courseIds);
  await db.batch([
    db
      .update(offers)
      .set({ title: merged.title, description: merged.description, status: merged.status, accessScope: merged.accessScope, priceCents: merged.priceCents, updatedAt: ctx.now })
      .where(scoped(offers, eq(offers.id, offer.id))),
    ...(coursesChanged ? [db.delete(offerCourses).where(scoped(offerCourses, eq(offerCourses.offerId, offer.id)))] : []),
    ...(coursesChanged ? courseIds.map((courseId) => db.insert(offerCourses).values(withSchool({ offerId: offer.id, courseId }))) : []),
    db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'offer.updated', entityType: 'offer', entityId: offer.id, metadata: { before: auditable(before), after: auditable(after) }, now: ctx.now })),
  ]);
  return { offer: after };
}

/** Deletes a draft nobody bought (admin+); an offer with sales, or past draft, is archived instead. */
export async function deleteOffer({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { offerId } = OfferIdInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const [found, links, sold, started] = await db.batch([
    db.select().from(offers).where(scoped(offers, eq(offers.id, offerId))).limit(1),
    db.select({ courseId: offerCourses.courseId }).from(offerCourses).where(scoped(offerCourses, eq(offerCourses.offerId, offerId))),
    db.select({ id: transactions.id }).from(transactions).where(scoped(transactions, eq(transactions.offerId, offerId))).limit(1),
    db.select({ id: checkoutSessions.id }).from(checkoutSessions).where(scoped(checkoutSessions, eq(checkoutSessions.offerId, offerId))).limit(1),
  ]);
  const offer = found[0];
  if (!offer) throw new NotFound('There is no such offer.');
  const before = offerView(offer, links.map((l) => l.courseId));
  if (offer.status === 'draft' && sold.length === 0 && started.length === 0) {
    await db.batch([
      db.delete(offerCourses).where(scoped(offerCourses, eq(offerCourses.offerId, offerId))),
      db.delete(couponOffers).where(scoped(couponOffers, eq(couponOffers.offerId, offerId))),
      db.delete(pricingChangeRequests).where(scoped(pricingChangeRequests, eq(pricingChangeRequests.offerId, offerId))),
      db.delete(offers).where(scoped(offers, eq(offers.id, offerId))),
      db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'offer.deleted', entityType: 'offer', entityId: offerId, metadata: { before: auditable(before), after: null }, now: ctx.now })),
    ]);
    return { deleted: true as const };
  }
  const after = { ...before, status: 'archived' as const, updatedAt: offer.status === 'archived' ? offer.updatedAt : ctx.now };
  if (offer.status !== 'archived') {
    await db.batch([
      db.update(offers).set({ status: 'archived', updatedAt: ctx.now }).where(scoped(offers, eq(offers.id, offerId))),
      db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'offer.archived', entityType: 'offer', entityId: offerId, metadata: { before: auditable(before), after: auditable(after) }, now: ctx.now })),
    ]);
  }
  return { deleted: false as const, offer: after };
}

/** The fields worth keeping in an audit row (no timestamps that change on every edit). */
function auditable(o: OfferView) {
  return { title: o.title, description: o.description, offerType: o.offerType, priceCents: o.priceCents, currency: o.currency, billingInterval: o.billingInterval, accessScope: o.accessScope, status: o.status, courseIds: o.courseIds };
}

function defined<T extends Record<string, unknown>>(values: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}

