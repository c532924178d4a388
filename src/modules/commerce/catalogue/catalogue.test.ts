import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV } from '../../../../test/workers/fixtures.ts';
import { describeAccessRules } from '../../../../test/workers/security-suite.ts';
import { toHttpError } from '../../../platform/http-errors.ts';
import { courses } from '../../courses/schema.ts';
import { seedLearningCourse } from '../../learning/testing.ts';
import { auditOf, ctxAs, demoMember } from '../../members/testing.ts';
import { offers, pricingChangeRequests } from '../schema.ts';
import { interceptStripe, STRIPE_VARS } from '../stripe/testing.ts';
import { createCoupon, listCoupons, updateCoupon } from './coupons.ts';
import { createOffer, deleteOffer, listOffers, updateOffer } from './offers.ts';
import { approvePriceChange, proposePriceChange, rejectPriceChange } from './pricing.ts';
import { MAX_LINKED_IDS } from './validation.ts';
import { callApp, commerceDbOf, seedOffer, seedStripeAccount, syntheticSchool } from '../testing.ts';
import { seedCoupon, seedPricingRequest, uniqueCode } from './testing.ts';

afterEach(() => vi.restoreAllMocks());

const owner = demoMember(BRESLOV, 'owner');
const instructor = demoMember(BRESLOV, 'instructor');
const ownerCtx = () => ctxAs(BRESLOV, owner.actor);

// Fixed ids so the shared security suite (declared synchronously) names real objects.
const S = {
  offer: crypto.randomUUID(),
  deleteOffer: crypto.randomUUID(),
  proposeOffer: crypto.randomUUID(),
  approveOffer: crypto.randomUUID(),
  rejectOffer: crypto.randomUUID(),
  approveRequest: crypto.randomUUID(),
  rejectRequest: crypto.randomUUID(),
  coupon: crypto.randomUUID(),
  deleteCoupon: crypto.randomUUID(),
  acmeOffer: crypto.randomUUID(),
  acmeRequest: crypto.randomUUID(),
  acmeCoupon: crypto.randomUUID(),
};
beforeAll(async () => {
  for (const id of [S.offer, S.deleteOffer, S.proposeOffer, S.approveOffer, S.rejectOffer]) await seedOffer(BRESLOV, { id, status: 'draft', accessScope: 'all_courses' });
  await seedPricingRequest(BRESLOV, S.approveOffer, { id: S.approveRequest });
  await seedPricingRequest(BRESLOV, S.rejectOffer, { id: S.rejectRequest });
  await seedCoupon(BRESLOV, { id: S.coupon });
  await seedCoupon(BRESLOV, { id: S.deleteCoupon });
  await seedOffer(ACME, { id: S.acmeOffer, accessScope: 'all_courses' });
  await seedPricingRequest(ACME, S.acmeOffer, { id: S.acmeRequest });
  await seedCoupon(ACME, { id: S.acmeCoupon });
});

describeAccessRules('GET /api/admin/offers', { method: 'GET', path: '/api/admin/offers', minimumRole: 'instructor' });
describeAccessRules('POST /api/admin/offers', { method: 'POST', path: '/api/admin/offers', body: { title: 'Suite offer', offerType: 'one_time', priceCents: 100, accessScope: 'all_courses' }, minimumRole: 'admin' });
describeAccessRules('PATCH /api/admin/offers/:id', { method: 'PATCH', path: `/api/admin/offers/${S.offer}`, body: { title: 'Renamed' }, minimumRole: 'admin', foreignPath: `/api/admin/offers/${S.acmeOffer}` });
describeAccessRules('DELETE /api/admin/offers/:id', { method: 'DELETE', path: `/api/admin/offers/${S.deleteOffer}`, minimumRole: 'admin', foreignPath: `/api/admin/offers/${S.acmeOffer}` });
describeAccessRules('GET /api/admin/pricing-requests', { method: 'GET', path: '/api/admin/pricing-requests?status=pending', minimumRole: 'instructor' });
describeAccessRules('POST /api/admin/offers/:id/pricing-requests', { method: 'POST', path: `/api/admin/offers/${S.proposeOffer}/pricing-requests`, body: { proposedPriceCents: 9900 }, minimumRole: 'instructor', foreignPath: `/api/admin/offers/${S.acmeOffer}/pricing-requests` });
describeAccessRules('POST /api/admin/pricing-requests/:id/approve', { method: 'POST', path: `/api/admin/pricing-requests/${S.approveRequest}/approve`, body: {}, minimumRole: 'owner', foreignPath: `/api/admin/pricing-requests/${S.acmeRequest}/approve` });
describeAccessRules('POST /api/admin/pricing-requests/:id/reject', { method: 'POST', path: `/api/admin/pricing-requests/${S.rejectRequest}/reject`, body: { note: 'no' }, minimumRole: 'owner', foreignPath: `/api/admin/pricing-requests/${S.acmeRequest}/reject` });
describeAccessRules('GET /api/admin/coupons', { method: 'GET', path: '/api/admin/coupons', minimumRole: 'admin' });
describeAccessRules('POST /api/admin/coupons', { method: 'POST', path: '/api/admin/coupons', body: { code: uniqueCode('SUITE'), discountType: 'percent', percentOff: 10 }, minimumRole: 'admin' });
describeAccessRules('PATCH /api/admin/coupons/:id', { method: 'PATCH', path: `/api/admin/coupons/${S.coupon}`, body: { status: 'disabled' }, minimumRole: 'admin', foreignPath: `/api/admin/coupons/${S.acmeCoupon}` });
describeAccessRules('DELETE /api/admin/coupons/:id', { method: 'DELETE', path: `/api/admin/coupons/${S.deleteCoupon}`, minimumRole: 'admin', foreignPath: `/api/admin/coupons/${S.acmeCoupon}` });

/** What the HTTP layer would answer for a service's failure (zod errors are 400s there). */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => toHttpError(e),
  );

describe('offers', () => {
  it('creates a draft with its courses, audited; validates shape, price, currency and course ownership', async () => {
    const a = await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [{ lessons: [{}] }] });
    const b = await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [{ lessons: [{}] }] });
    const acme = await seedLearningCourse(ACME, { chapters: [{ lessons: [{}] }] });
    const { offer } = await createOffer({ ctx: ownerCtx(), input: { title: 'Both', offerType: 'bundle', priceCents: 8000, accessScope: 'courses', courseIds: [a.courseId, b.courseId] } });
    expect(offer).toMatchObject({ status: 'draft', currency: 'usd', billingInterval: null, courseIds: [a.courseId, b.courseId] });
    expect((await auditOf(BRESLOV, offer.id)).map((e) => [e.action, e.metadata.before, e.metadata.after?.priceCents])).toEqual([['offer.created', null, 8000]]);
    const listed = await listOffers({ ctx: ctxAs(BRESLOV, instructor.actor) });
    expect(listed.offers.find((o) => o.id === offer.id)?.courseIds.sort()).toEqual([a.courseId, b.courseId].sort());

    const base = { title: 'X', offerType: 'one_time', priceCents: 100, accessScope: 'courses', courseIds: [a.courseId] };
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ priceCents: 10_000_001 }, /100,000\.00/],
      [{ priceCents: 12.5 }, /whole cents/],
      [{ priceCents: -1 }, /negative/],
      [{ currency: 'USD' }, /lower-case/],
      [{ offerType: 'subscription' }, /billingInterval/],
      [{ billingInterval: 'month' }, /Only subscriptions/],
      [{ offerType: 'bundle' }, /at least two courses/],
      [{ courseIds: [] }, /at least one course/],
      [{ courseIds: [acme.courseId] }, new RegExp(`no course ${acme.courseId}`)],
    ];
    for (const [over, message] of bad) {
      const err = await failure(createOffer({ ctx: ownerCtx(), input: { ...base, ...over } }));
      expect(err.status, JSON.stringify(over)).toBe(400);
      expect(err.message).toMatch(message);
    }
    const sdb = commerceDbOf(BRESLOV);
    expect(await sdb.db.select().from(offers).where(sdb.scoped(offers, eq(offers.title, 'X')))).toEqual([]);
    expect((await failure(createOffer({ ctx: ctxAs(BRESLOV, instructor.actor), input: base }))).status).toBe(403);
    const sub = await createOffer({ ctx: ownerCtx(), input: { ...base, offerType: 'subscription', billingInterval: 'year', accessScope: 'all_courses', courseIds: [] } });
    expect(sub.offer).toMatchObject({ billingInterval: 'year', accessScope: 'all_courses', courseIds: [] });
  });

  it('price edits only while draft; status goes draft → active → archived; delete archives once sold', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [{ lessons: [{}] }] });
    const { offer } = await createOffer({ ctx: ownerCtx(), input: { title: 'Edit me', offerType: 'one_time', priceCents: 1000, accessScope: 'courses', courseIds: [c.courseId] } });
    const edited = await updateOffer({ ctx: ownerCtx(), input: { offerId: offer.id, priceCents: 1500, title: 'Edited' } });
    expect(edited.offer).toMatchObject({ priceCents: 1500, title: 'Edited' });
    await updateOffer({ ctx: ownerCtx(), input: { offerId: offer.id, status: 'active' } });
    const locked = await failure(updateOffer({ ctx: ownerCtx(), input: { offerId: offer.id, priceCents: 2000 } }));
    expect(locked).toMatchObject({ status: 409, message: expect.stringContaining('pricing change request') });
    expect((await failure(updateOffer({ ctx: ownerCtx(), input: { offerId: offer.id, status: 'draft' } }))).status).toBe(409);
    expect((await failure(updateOffer({ ctx: ownerCtx(), input: { offerId: offer.id, offerType: 'bundle' } }))).status).toBe(400);
    const audit = await auditOf(BRESLOV, offer.id);
    expect(audit.map((e) => e.action)).toEqual(['offer.created', 'offer.updated', 'offer.updated']);
    expect(audit[1]!.metadata).toMatchObject({ before: { priceCents: 1000, title: 'Edit me' }, after: { priceCents: 1500, title: 'Edited' } });
    // Active: deleting archives it.
    expect(await deleteOffer({ ctx: ownerCtx(), input: { offerId: offer.id } })).toMatchObject({ deleted: false, offer: { status: 'archived' } });
    const draft = await createOffer({ ctx: ownerCtx(), input: { title: 'Gone', offerType: 'one_time', priceCents: 0, accessScope: 'downloads' } });
    expect(await deleteOffer({ ctx: ownerCtx(), input: { offerId: draft.offer.id } })).toEqual({ deleted: true });
    expect((await failure(deleteOffer({ ctx: ownerCtx(), input: { offerId: draft.offer.id } }))).status).toBe(404);
  });

  it('another school’s offer is 404 over HTTP, never edited', async () => {
    const acmeOffer = await seedOffer(ACME, { status: 'draft' });
    const cookie = await cookieFor(BRESLOV, 'owner');
    const res = await callApp(BRESLOV, `/api/admin/offers/${acmeOffer}`, { method: 'PATCH', cookie, body: { priceCents: 1 } });
    expect(res.status).toBe(404);
    const adb = commerceDbOf(ACME);
    expect((await adb.db.select().from(offers).where(adb.scoped(offers, eq(offers.id, acmeOffer))))[0]!.priceCents).toBe(4900);
  });
});

describe('limits Stripe and D1 put on offers and coupons', () => {
  it('an offer price above 0 but under Stripe’s minimum charge is refused on create, draft edit, proposal and approval', async () => {
    const base = { title: 'Tiny', offerType: 'one_time', accessScope: 'downloads' };
    expect(await failure(createOffer({ ctx: ownerCtx(), input: { ...base, priceCents: 25 } }))).toMatchObject({ status: 400, message: 'A price of $0.25 is below the $0.50 Stripe can charge. Make it 0 (free) or at least $0.50.' });
    expect(await failure(createOffer({ ctx: ownerCtx(), input: { ...base, priceCents: 20, currency: 'gbp' } }))).toMatchObject({ status: 400, message: expect.stringContaining('below the £0.30 Stripe can charge') });
    expect(await failure(createOffer({ ctx: ownerCtx(), input: { ...base, priceCents: 40, currency: 'xyz' } }))).toMatchObject({ status: 400 });
    expect((await createOffer({ ctx: ownerCtx(), input: { ...base, priceCents: 0 } })).offer.priceCents).toBe(0);
    const { offer } = await createOffer({ ctx: ownerCtx(), input: { ...base, priceCents: 50 } });
    expect(await failure(updateOffer({ ctx: ownerCtx(), input: { offerId: offer.id, priceCents: 49 } }))).toMatchObject({ status: 400, message: expect.stringContaining('$0.49 is below the $0.50') });

    const active = await seedOffer(BRESLOV, { priceCents: 4900, accessScope: 'all_courses' });
    expect(await failure(proposePriceChange({ ctx: ownerCtx(), input: { offerId: active, proposedPriceCents: 25 } }))).toMatchObject({ status: 400, message: expect.stringContaining('$0.25 is below the $0.50') });
    // A request made before prices were checked cannot be approved, and changes nothing.
    const requestId = await seedPricingRequest(BRESLOV, active, { currentPriceCents: 4900, proposedPriceCents: 25 });
    expect(await failure(approvePriceChange({ ctx: ownerCtx(), input: { requestId } }))).toMatchObject({
      status: 409,
      message: 'This request cannot be approved: $0.25 is below the $0.50 Stripe can charge. Reject it and propose 0 (free) or at least $0.50.',
    });
    const sdb = commerceDbOf(BRESLOV);
    expect((await sdb.db.select().from(offers).where(sdb.scoped(offers, eq(offers.id, active))))[0]!.priceCents).toBe(4900);
    expect((await sdb.db.select().from(pricingChangeRequests).where(sdb.scoped(pricingChangeRequests, eq(pricingChangeRequests.id, requestId))))[0]!.status).toBe('pending');
  });

  it(`an offer lists up to ${MAX_LINKED_IDS} courses (one statement stays within D1’s 100 parameters); one more is a 400`, async () => {
    const school = syntheticSchool(BRESLOV);
    const sdb = commerceDbOf(school);
    const ids = Array.from({ length: MAX_LINKED_IDS + 1 }, () => crypto.randomUUID());
    await sdb.db.batch(ids.map((id) => sdb.db.insert(courses).values(sdb.withSchool({ id, slug: `c-${id}`, title: `Course ${id.slice(0, 6)}`, createdBy: 'seed' }))) as unknown as Parameters<typeof sdb.db.batch>[0]);
    const ctx = ctxAs(school, owner.actor);
    const input = { title: 'Everything', offerType: 'bundle', priceCents: 9900, accessScope: 'courses' };
    const { offer } = await createOffer({ ctx, input: { ...input, courseIds: ids.slice(0, MAX_LINKED_IDS) } });
    expect(offer.courseIds).toHaveLength(MAX_LINKED_IDS);
    expect((await updateOffer({ ctx, input: { offerId: offer.id, courseIds: ids.slice(1) } })).offer.courseIds).toHaveLength(MAX_LINKED_IDS);
    const tooMany = await failure(createOffer({ ctx, input: { ...input, courseIds: ids } }));
    expect(tooMany).toMatchObject({ status: 400, message: expect.stringContaining(`at most ${MAX_LINKED_IDS} courses`) });
    expect(await failure(updateOffer({ ctx, input: { offerId: offer.id, courseIds: ids } }))).toMatchObject({ status: 400 });
  });

  it(`a coupon names up to ${MAX_LINKED_IDS} offers; one more is a 400`, async () => {
    const school = syntheticSchool(BRESLOV);
    const sdb = commerceDbOf(school);
    const ids = Array.from({ length: MAX_LINKED_IDS + 1 }, () => crypto.randomUUID());
    await sdb.db.batch(ids.map((id) => sdb.db.insert(offers).values(sdb.withSchool({ id, title: `Offer ${id.slice(0, 6)}`, offerType: 'one_time' as const, priceCents: 4900, accessScope: 'all_courses' as const, status: 'active' as const, createdBy: 'seed' }))) as unknown as Parameters<typeof sdb.db.batch>[0]);
    const ctx = ctxAs(school, owner.actor);
    const { coupon } = await createCoupon({ ctx, input: { code: uniqueCode('MANY'), discountType: 'percent', percentOff: 10, offerIds: ids.slice(0, MAX_LINKED_IDS) } });
    expect(coupon.offerIds).toHaveLength(MAX_LINKED_IDS);
    const tooMany = await failure(createCoupon({ ctx, input: { code: uniqueCode('MANY'), discountType: 'percent', percentOff: 10, offerIds: ids } }));
    expect(tooMany).toMatchObject({ status: 400, message: expect.stringContaining(`at most ${MAX_LINKED_IDS} offers`) });
  });
});

describe('coupons', () => {
  it('stores the code upper-case, refuses duplicates (409), validates, and lists counts', async () => {
    const offerId = await seedOffer(BRESLOV);
    const code = uniqueCode('torah').toLowerCase();
    const { coupon } = await createCoupon({ ctx: ownerCtx(), input: { code, discountType: 'percent', percentOff: 20, usageLimit: 100, expiresAt: '2099-01-01T00:00:00+02:00', offerIds: [offerId] } });
    expect(coupon).toMatchObject({ code: code.toUpperCase(), percentOff: 20, usageLimit: 100, offerIds: [offerId], status: 'active', expiresAt: new Date('2098-12-31T22:00:00Z') });
    expect(await failure(createCoupon({ ctx: ownerCtx(), input: { code, discountType: 'amount', amountOffCents: 500 } }))).toMatchObject({ status: 409 });
    const bad: Record<string, unknown>[] = [
      { code: 'AB', discountType: 'percent', percentOff: 10 },
      { code: 'NO SPACES', discountType: 'percent', percentOff: 10 },
      { code: uniqueCode(), discountType: 'percent', percentOff: 0 },
      { code: uniqueCode(), discountType: 'percent', percentOff: 101 },
      { code: uniqueCode(), discountType: 'amount', amountOffCents: 0 },
      { code: uniqueCode(), discountType: 'amount', percentOff: 10 },
      { code: uniqueCode(), discountType: 'percent', percentOff: 10, usageLimit: 0 },
      { code: uniqueCode(), discountType: 'percent', percentOff: 10, expiresAt: '2099-01-01T00:00:00' },
      { code: uniqueCode(), discountType: 'percent', percentOff: 10, expiresAt: '2001-01-01T00:00:00Z' },
      { code: uniqueCode(), discountType: 'percent', percentOff: 10, offerIds: [S.acmeOffer] },
    ];
    for (const input of bad) expect((await failure(createCoupon({ ctx: ownerCtx(), input }))).status, JSON.stringify(input)).toBe(400);
    const { coupons } = await listCoupons({ ctx: ownerCtx() });
    expect(coupons.find((c) => c.id === coupon.id)).toMatchObject({ redeemed: 0, reserved: 0 });
    const disabled = await updateCoupon({ ctx: ownerCtx(), input: { couponId: coupon.id, status: 'disabled', usageLimit: null } });
    expect(disabled.coupon).toMatchObject({ status: 'disabled', usageLimit: null });
    expect((await auditOf(BRESLOV, coupon.id)).map((e) => [e.action, e.metadata.before?.status ?? null, e.metadata.after?.status])).toEqual([
      ['coupon.created', null, 'active'],
      ['coupon.updated', 'active', 'disabled'],
    ]);
  });

  it('over HTTP: an Acme coupon is 404 for Breslov’s admin; a duplicate code is 409', async () => {
    const cookie = await cookieFor(BRESLOV, 'owner');
    const { code } = await seedCoupon(BRESLOV);
    const dup = await callApp(BRESLOV, '/api/admin/coupons', { method: 'POST', cookie, body: { code: code.toLowerCase(), discountType: 'percent', percentOff: 5 } });
    expect(dup.status).toBe(409);
    expect((await callApp(BRESLOV, `/api/admin/coupons/${S.acmeCoupon}`, { method: 'PATCH', cookie, body: { status: 'disabled' } })).status).toBe(404);
  });
});

describe('pricing change requests', () => {
  it('an instructor proposes; a second pending one is 409; only the owner approves, in one batch with the audit row', async () => {
    const offerId = await seedOffer(BRESLOV, { priceCents: 4900 });
    const { request } = await proposePriceChange({ ctx: ctxAs(BRESLOV, instructor.actor), input: { offerId, proposedPriceCents: 5900, reason: 'More lessons' } });
    expect(request).toMatchObject({ status: 'pending', currentPriceCents: 4900, proposedPriceCents: 5900 });
    expect(await failure(proposePriceChange({ ctx: ownerCtx(), input: { offerId, proposedPriceCents: 6900 } }))).toMatchObject({ status: 409 });
    // The active offer's price cannot be edited directly.
    expect((await failure(updateOffer({ ctx: ownerCtx(), input: { offerId, priceCents: 1 } }))).status).toBe(409);

    const instructorCookie = await cookieFor(BRESLOV, 'instructor');
    const adminCookie = await cookieFor(BRESLOV, 'admin');
    for (const cookie of [instructorCookie, adminCookie]) expect((await callApp(BRESLOV, `/api/admin/pricing-requests/${request.id}/approve`, { method: 'POST', cookie, body: {} })).status).toBe(403);

    const approved = await approvePriceChange({ ctx: ownerCtx(), input: { requestId: request.id, note: 'ok' } });
    expect(approved).toMatchObject({ request: { status: 'approved', decidedBy: owner.userId, decisionNote: 'ok' }, offer: { priceCents: 5900, stripePriceId: null } });
    const sdb = commerceDbOf(BRESLOV);
    expect((await sdb.db.select().from(offers).where(sdb.scoped(offers, eq(offers.id, offerId))))[0]!.priceCents).toBe(5900);
    expect((await failure(approvePriceChange({ ctx: ownerCtx(), input: { requestId: request.id } }))).status).toBe(409);
    const audit = await auditOf(BRESLOV, offerId);
    expect(audit.map((e) => e.action)).toEqual(['pricing_request.proposed', 'pricing_request.approved']);
    expect(audit[1]!.metadata).toMatchObject({ before: { priceCents: 4900 }, after: { priceCents: 5900 } });

    // A new proposal is possible again; rejecting leaves the price.
    const { request: second } = await proposePriceChange({ ctx: ownerCtx(), input: { offerId, proposedPriceCents: 100 } });
    expect((await rejectPriceChange({ ctx: ownerCtx(), input: { requestId: second.id } })).request.status).toBe('rejected');
    expect((await sdb.db.select().from(offers).where(sdb.scoped(offers, eq(offers.id, offerId))))[0]!.priceCents).toBe(5900);
  });

  it('approval of an offer sold through Stripe creates a new price on the connected account and deactivates the old one', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool(BRESLOV);
    const account = await seedStripeAccount(school);
    const offerId = await seedOffer(school, { offerType: 'subscription', billingInterval: 'month', accessScope: 'all_courses', priceCents: 1000, stripeProductId: 'prod_test_old', stripePriceId: 'price_test_old' });
    const requestId = await seedPricingRequest(school, offerId, { currentPriceCents: 1000, proposedPriceCents: 1500 });
    const ctx = ctxAs(school, owner.actor, { env: STRIPE_VARS });
    const result = await approvePriceChange({ ctx, input: { requestId } });
    const create = fake.calls.find((c) => c.path === '/v1/prices')!;
    expect(create).toMatchObject({ account, idempotencyKey: `price-${requestId}` });
    expect(create.params).toMatchObject({ product: 'prod_test_old', unit_amount: '1500', currency: 'usd', 'recurring[interval]': 'month' });
    expect(fake.calls.find((c) => c.path === '/v1/prices/price_test_old')).toMatchObject({ account, params: { active: 'false' } });
    expect(result.offer.stripePriceId).toMatch(/^price_test_/);
    const sdb = commerceDbOf(school);
    expect((await sdb.db.select().from(offers).where(sdb.scoped(offers, eq(offers.id, offerId))))[0]).toMatchObject({ priceCents: 1500, stripePriceId: result.offer.stripePriceId });

    // A Stripe failure changes nothing.
    const again = await seedPricingRequest(school, offerId, { currentPriceCents: 1500, proposedPriceCents: 2500 });
    fake.failNext('/v1/prices', 400, 'No such product');
    expect((await failure(approvePriceChange({ ctx, input: { requestId: again } }))).status).toBe(503);
    expect((await sdb.db.select().from(pricingChangeRequests).where(sdb.scoped(pricingChangeRequests, eq(pricingChangeRequests.id, again))))[0]!.status).toBe('pending');
  });
});
