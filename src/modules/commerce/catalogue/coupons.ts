import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { SchoolDb } from '../../../platform/db/school-db.ts';
import { insertWhere } from '../../../platform/db/guarded-write.ts';
import { type AppError, Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { auditValues } from '../../audit/record.ts';
import { auditLogs } from '../../audit/schema.ts';
import { requireRole } from '../../identity/actor.ts';
import { formatInstant } from '../../learning/access.ts';
import { couponOffers, couponRedemptions, coupons, offers } from '../schema.ts';
import { CouponIdInput, CreateCouponInput, UpdateCouponInput } from './validation.ts';

export type CouponRow = typeof coupons.$inferSelect;

/**
 * Correlated subqueries name the outer table literally (`coupons.id`): drizzle renders a
 * single-table select's columns unqualified, which inside `from coupon_redemptions r` would
 * bind to r's own columns.
 */
/** Raw SQL: whether a redemption row holds a use of its coupon at `now` (redeemed, or reserved by an open checkout). */
const holds = (now: Date) => sql.raw(`(r.status = 'redeemed' or (r.status = 'reserved' and r.reserved_until > ${now.getTime()}))`);

export function couponView(c: CouponRow, extra: { offerIds: string[]; redeemed: number; reserved: number }) {
  return {
    id: c.id,
    code: c.code,
    discountType: c.discountType,
    percentOff: c.percentOff,
    amountOffCents: c.amountOffCents,
    currency: c.currency,
    usageLimit: c.usageLimit,
    expiresAt: c.expiresAt,
    status: c.status,
    offerIds: extra.offerIds,
    redeemed: extra.redeemed,
    reserved: extra.reserved,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** Staff list (admin+): every coupon with what it applies to and how often it is used. One batch. */
export async function listCoupons({ ctx }: { ctx: SchoolCtx }) {
  requireRole(ctx.actor, 'admin');
  const { db, scoped } = ctx.schoolDb;
  const [rows, links] = await db.batch([
    db
      .select({
        coupon: coupons,
        redeemed: sql<number>`(select count(*) from coupon_redemptions r where r.school_id = coupons.school_id and r.coupon_id = coupons.id and r.status = 'redeemed')`.mapWith(Number),
        reserved: sql<number>`(select count(*) from coupon_redemptions r where r.school_id = coupons.school_id and r.coupon_id = coupons.id and r.status = 'reserved' and r.reserved_until > ${ctx.now.getTime()})`.mapWith(Number),
      })
      .from(coupons)
      .where(scoped(coupons))
      .orderBy(desc(coupons.createdAt)),
    db.select({ couponId: couponOffers.couponId, offerId: couponOffers.offerId }).from(couponOffers).where(scoped(couponOffers)),
  ]);
  const offerIdsOf = new Map<string, string[]>();
  for (const l of links) {
    const ids = offerIdsOf.get(l.couponId);
    if (ids) ids.push(l.offerId);
    else offerIdsOf.set(l.couponId, [l.offerId]);
  }
  return { coupons: rows.map((r) => couponView(r.coupon, { offerIds: offerIdsOf.get(r.coupon.id) ?? [], redeemed: r.redeemed, reserved: r.reserved })) };
}

/** Creates a coupon (admin+). The code is stored upper-case and is unique in the school (409 otherwise). */
export async function createCoupon({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const data = CreateCouponInput.parse(input);
  if (data.expiresAt && data.expiresAt.getTime() <= ctx.now.getTime()) throw new Invalid('expiresAt: that moment has already passed; give a future expiry or none.');
  const offerIds = [...new Set(data.offerIds ?? [])];
  const { db, scoped, withSchool } = ctx.schoolDb;
  const [known, taken] = await db.batch([
    db.select({ id: offers.id }).from(offers).where(scoped(offers, inArray(offers.id, offerIds.length ? offerIds : ['']))),
    db.select({ id: coupons.id }).from(coupons).where(scoped(coupons, eq(coupons.code, data.code))).limit(1),
  ]);
  const missing = offerIds.filter((id) => !known.some((k) => k.id === id));
  if (missing.length) throw new Invalid(`There is no offer ${missing.join(', ')} in this school.`);
  if (taken.length) throw new Conflict(`This school already has a coupon ${data.code}. Choose another code.`);
  const row = withSchool({
    id: crypto.randomUUID(),
    code: data.code,
    discountType: data.discountType,
    percentOff: data.discountType === 'percent' ? data.percentOff! : null,
    amountOffCents: data.discountType === 'amount' ? data.amountOffCents! : null,
    currency: data.currency ?? 'usd',
    usageLimit: data.usageLimit ?? null,
    expiresAt: data.expiresAt ?? null,
    status: 'active' as const,
    stripeCouponId: null,
    createdBy: actor.user.id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  const view = couponView(row, { offerIds, redeemed: 0, reserved: 0 });
  // The unique index decides a race between two creators: the loser inserts nothing, and so do its dependants.
  const inserted = coupons.id;
  const mine = sql`exists (select 1 from coupons where school_id = ${row.schoolId} and id = ${row.id})`;
  const [created] = await db.batch([
    db.insert(coupons).values(row).onConflictDoNothing().returning({ id: inserted }),
    ...offerIds.map((offerId) => insertWhere(db, couponOffers, withSchool({ couponId: row.id, offerId }), mine)),
    insertWhere(db, auditLogs, auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'coupon.created', entityType: 'coupon', entityId: row.id, metadata: { before: null, after: auditable(view) }, now: ctx.now }), mine),
  ]);
  if (created.length === 0) throw new Conflict(`This school already has a coupon ${data.code}. Choose another code.`);
  return { coupon: view };
}

/** Loads one coupon of this school with its offers and counts, or 404. */
async function loadCoupon(ctx: SchoolCtx, couponId: string) {
  const { db, scoped } = ctx.schoolDb;
  const [found, links, counts] = await db.batch([
    db.select().from(coupons).where(scoped(coupons, eq(coupons.id, couponId))).limit(1),
    db.select({ offerId: couponOffers.offerId }).from(couponOffers).where(scoped(couponOffers, eq(couponOffers.couponId, couponId))),
    db
      .select({ status: couponRedemptions.status, reservedUntil: couponRedemptions.reservedUntil })
      .from(couponRedemptions)
      .where(scoped(couponRedemptions, eq(couponRedemptions.couponId, couponId), ne(couponRedemptions.status, 'released'))),
  ]);
  const coupon = found[0];
  if (!coupon) throw new NotFound('There is no such coupon.');
  const redeemed = counts.filter((c) => c.status === 'redeemed').length;
  const reserved = counts.filter((c) => c.status === 'reserved' && (c.reservedUntil?.getTime() ?? 0) > ctx.now.getTime()).length;
  return { coupon, view: couponView(coupon, { offerIds: links.map((l) => l.offerId), redeemed, reserved }), everUsed: counts.length > 0 };
}

/** Enables/disables a coupon or moves its limit or expiry (admin+), audited. */
export async function updateCoupon({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const data = UpdateCouponInput.parse(input);
  const { coupon, view } = await loadCoupon(ctx, data.couponId);
  const set = {
    ...(data.status !== undefined ? { status: data.status } : {}),
    ...(data.usageLimit !== undefined ? { usageLimit: data.usageLimit } : {}),
    ...(data.expiresAt !== undefined ? { expiresAt: data.expiresAt } : {}),
    updatedAt: ctx.now,
  };
  const after = { ...view, ...set };
  const { db, scoped } = ctx.schoolDb;
  await db.batch([
    db.update(coupons).set(set).where(scoped(coupons, eq(coupons.id, coupon.id))),
    db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'coupon.updated', entityType: 'coupon', entityId: coupon.id, metadata: { before: auditable(view), after: auditable(after) }, now: ctx.now })),
  ]);
  return { coupon: after };
}

/** Deletes a coupon nobody ever used (admin+); one that was used is disabled instead, so its history stays. */
export async function deleteCoupon({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { couponId } = CouponIdInput.parse(input);
  const { coupon, view, everUsed } = await loadCoupon(ctx, couponId);
  const { db, scoped } = ctx.schoolDb;
  if (!everUsed) {
    await db.batch([
      db.delete(couponOffers).where(scoped(couponOffers, eq(couponOffers.couponId, coupon.id))),
      db.delete(couponRedemptions).where(scoped(couponRedemptions, eq(couponRedemptions.couponId, coupon.id), eq(couponRedemptions.status, 'released'))),
      db.delete(coupons).where(scoped(coupons, eq(coupons.id, coupon.id))),
      db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'coupon.deleted', entityType: 'coupon', entityId: coupon.id, metadata: { before: auditable(view), after: null }, now: ctx.now })),
    ]);
    return { deleted: true as const };
  }
  const after = { ...view, status: 'disabled' as const, updatedAt: coupon.status === 'disabled' ? coupon.updatedAt : ctx.now };
  if (coupon.status !== 'disabled') {
    await db.batch([
      db.update(coupons).set({ status: 'disabled', updatedAt: ctx.now }).where(scoped(coupons, eq(coupons.id, coupon.id))),
      db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'coupon.disabled', entityType: 'coupon', entityId: coupon.id, metadata: { before: auditable(view), after: auditable(after) }, now: ctx.now })),
    ]);
  }
  return { deleted: false as const, coupon: after };
}

function auditable(c: ReturnType<typeof couponView>) {
  return { code: c.code, discountType: c.discountType, percentOff: c.percentOff, amountOffCents: c.amountOffCents, currency: c.currency, usageLimit: c.usageLimit, expiresAt: c.expiresAt, status: c.status, offerIds: c.offerIds };
}

// ---- learners: looking a code up, pricing with it, and redeeming it atomically ------------

/**
 * The statements that look a typed code up for one learner, to be sent in the caller's batch:
 * the coupon with its live use count and the learner's own hold, and the offers it is for.
 */
export function couponLookupQueries(schoolDb: SchoolDb, code: string, userId: string, now: Date) {
  const { db, scoped } = schoolDb;
  return [
    db
      .select({
        coupon: coupons,
        used: sql<number>`(select count(*) from coupon_redemptions r where r.school_id = coupons.school_id and r.coupon_id = coupons.id and ${holds(now)})`.mapWith(Number),
        mineRedeemed: sql<number>`(select count(*) from coupon_redemptions r where r.school_id = coupons.school_id and r.coupon_id = coupons.id and r.user_id = ${userId} and r.status = 'redeemed')`.mapWith(Number),
        mineReservedUntil: sql<number | null>`(select max(r.reserved_until) from coupon_redemptions r where r.school_id = coupons.school_id and r.coupon_id = coupons.id and r.user_id = ${userId} and r.status = 'reserved' and r.reserved_until > ${now.getTime()})`,
      })
      .from(coupons)
      .where(scoped(coupons, eq(coupons.code, code)))
      .limit(1),
    db
      .select({ offerId: couponOffers.offerId })
      .from(couponOffers)
      .innerJoin(coupons, and(eq(coupons.id, couponOffers.couponId), eq(coupons.schoolId, couponOffers.schoolId)))
      .where(scoped(couponOffers, eq(coupons.code, code))),
  ] as const;
}

export type CouponLookup = {
  coupon: CouponRow;
  used: number;
  mineRedeemed: number;
  mineReservedUntil: number | null;
  offerIds: string[];
};

export function couponLookupFrom(rows: readonly [Awaited<ReturnType<typeof couponLookupQueries>[0]>, Awaited<ReturnType<typeof couponLookupQueries>[1]>]): CouponLookup | null {
  const [found, links] = rows;
  const row = found[0];
  if (!row) return null;
  return { ...row, mineReservedUntil: row.mineReservedUntil == null ? null : Number(row.mineReservedUntil), offerIds: links.map((l) => l.offerId) };
}

/** Normalises what a learner typed (`torah20 ` → `TORAH20`). */
export const normaliseCode = (typed: string) => typed.trim().toUpperCase();

/** Why this coupon cannot be used by this learner on this offer now, as a sentence (null when it can). */
export function couponProblem(code: string, found: CouponLookup | null, offer: { id: string; title: string; currency: string }, now: Date): AppError | null {
  if (!found) return new Invalid(`There is no coupon ${code}. Check the spelling.`);
  const { coupon } = found;
  if (coupon.status !== 'active') return new Invalid(`The coupon ${coupon.code} is no longer valid.`);
  if (coupon.expiresAt && coupon.expiresAt.getTime() <= now.getTime()) return new Invalid(`The coupon ${coupon.code} expired on ${formatInstant(coupon.expiresAt)}.`);
  if (found.offerIds.length > 0 && !found.offerIds.includes(offer.id)) return new Invalid(`The coupon ${coupon.code} does not apply to “${offer.title}”.`);
  if (coupon.discountType === 'amount' && coupon.currency !== offer.currency) return new Invalid(`The coupon ${coupon.code} takes ${coupon.currency.toUpperCase()} off and cannot be used on a price in ${offer.currency.toUpperCase()}.`);
  if (found.mineRedeemed > 0) return new Conflict(`You have already used the coupon ${coupon.code}.`);
  if (found.mineReservedUntil) return new Conflict(`The coupon ${coupon.code} is held by a checkout you started; finish it, or try again after ${formatInstant(new Date(found.mineReservedUntil))}.`);
  if (coupon.usageLimit !== null && found.used >= coupon.usageLimit) return new Conflict(`The coupon ${coupon.code} has been used up.`);
  return null;
}

/** Price, discount and total in cents. Percent discounts round down to the cent; an amount never takes more than the price. */
export function priceWith(priceCents: number, coupon: Pick<CouponRow, 'discountType' | 'percentOff' | 'amountOffCents'> | null) {
  const discountCents = !coupon ? 0 : coupon.discountType === 'percent' ? Math.floor((priceCents * (coupon.percentOff ?? 0)) / 100) : Math.min(coupon.amountOffCents ?? 0, priceCents);
  return { priceCents, discountCents, totalCents: priceCents - discountCents };
}

export type RedemptionInput = {
  id?: string;
  couponId: string;
  userId: string;
  offerId: string;
  status: 'reserved' | 'redeemed';
  /** For reservations: when the checkout holding it expires. */
  reservedUntil?: Date | null;
  discountCents: number;
  now: Date;
};

/**
 * The ONE statement that takes a use of a coupon: `INSERT … SELECT … WHERE` the coupon is
 * active and unexpired, fewer than `usage_limit` uses are held (redeemed, or reserved by a
 * checkout still open), and this learner holds none. SQLite runs it as one step, so however
 * many run at once, no more than the limit ever land. Returns the statement (with RETURNING
 * the new id) so callers can put it first in a batch and guard the rest on it.
 */
export function redemptionStatement(schoolDb: SchoolDb, r: RedemptionInput) {
  const { schoolId } = schoolDb;
  const now = r.now.getTime();
  const guard = sql`exists (
    select 1 from coupons c
    where c.school_id = ${schoolId} and c.id = ${r.couponId} and c.status = 'active' and (c.expires_at is null or c.expires_at > ${now})
      and (c.usage_limit is null or (select count(*) from coupon_redemptions r where r.school_id = ${schoolId} and r.coupon_id = ${r.couponId} and ${holds(r.now)}) < c.usage_limit)
  ) and not exists (
    select 1 from coupon_redemptions r where r.school_id = ${schoolId} and r.coupon_id = ${r.couponId} and r.user_id = ${r.userId} and ${holds(r.now)}
  )`;
  const values = schoolDb.withSchool({
    id: r.id ?? crypto.randomUUID(),
    couponId: r.couponId,
    userId: r.userId,
    offerId: r.offerId,
    status: r.status,
    reservedUntil: r.reservedUntil ?? null,
    discountCents: r.discountCents,
    createdAt: r.now,
    redeemedAt: r.status === 'redeemed' ? r.now : null,
  });
  return { id: values.id, statement: insertWhere(schoolDb.db, couponRedemptions, values, guard).returning({ id: couponRedemptions.id }) };
}

/** SQL that holds once the redemption `id` exists: guards what must land only with it. */
export const redemptionExists = (schoolDb: SchoolDb, id: string) => sql`exists (select 1 from coupon_redemptions where school_id = ${schoolDb.schoolId} and id = ${id})`;

/** Takes one use of a coupon on its own (atomic). Returns the id, or null when the guard refused. */
export async function redeemCoupon(schoolDb: SchoolDb, r: RedemptionInput): Promise<string | null> {
  const { id, statement } = redemptionStatement(schoolDb, r);
  const rows = await statement;
  return rows.length ? id : null;
}

/** After a refused redemption: the sentence that says why (re-read, since the guard does not say). */
export async function redemptionRefusal(schoolDb: SchoolDb, code: string, offer: { id: string; title: string; currency: string }, userId: string, now: Date): Promise<AppError> {
  const rows = await schoolDb.db.batch(couponLookupQueries(schoolDb, code, userId, now));
  return couponProblem(code, couponLookupFrom(rows), offer, now) ?? new Conflict(`The coupon ${code} has been used up.`);
}

/** Gives a reserved use back (a checkout that failed to start, or expired). */
export function releaseStatement(schoolDb: SchoolDb, redemptionId: string) {
  return schoolDb.db.update(couponRedemptions).set({ status: 'released' }).where(schoolDb.scoped(couponRedemptions, eq(couponRedemptions.id, redemptionId), eq(couponRedemptions.status, 'reserved')));
}
