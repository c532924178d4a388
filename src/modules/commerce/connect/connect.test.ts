import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { BRESLOV } from '../../../../test/workers/fixtures.ts';
import { describeAccessRules } from '../../../../test/workers/security-suite.ts';
import { auditOf, ctxAs, demoMember, platformDb } from '../../members/testing.ts';
import { stripeAccountRoutes, stripeAccounts } from '../schema.ts';
import { STRIPE_NOT_CONFIGURED } from '../stripe/client.ts';
import { interceptStripe, STRIPE_VARS } from '../stripe/testing.ts';
import { callApp, commerceDbOf } from '../testing.ts';
import { getStripeStatus, refreshStripeAccount, startStripeOnboarding } from './service.ts';

afterEach(() => vi.restoreAllMocks());

describeAccessRules('GET /api/admin/stripe', { method: 'GET', path: '/api/admin/stripe', minimumRole: 'admin' });
describeAccessRules('POST /api/admin/stripe/onboarding', { method: 'POST', path: '/api/admin/stripe/onboarding', minimumRole: 'owner' });
describeAccessRules('POST /api/admin/stripe/refresh', { method: 'POST', path: '/api/admin/stripe/refresh', minimumRole: 'admin' });

const owner = demoMember(BRESLOV, 'owner');
/** Breslov's database under a school id of its own, so this test owns the one-account-per-school row. */
const syntheticSchool = () => ({ ...BRESLOV, id: `connect-test-${crypto.randomUUID()}`, name: 'Connect Test School' });
const stripeEnv = { ...STRIPE_VARS, PLATFORM_FEE_PERCENT: '2.5' };

describe('Stripe Connect onboarding (service, real D1)', () => {
  it('creates the connected account once, writes the routing and school rows, and answers the link', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool();
    const ctx = ctxAs(school, owner.actor, { env: stripeEnv });

    expect(await getStripeStatus({ ctx })).toEqual({ configured: true, account: null, platformFeePercent: 2.5, canSell: false });
    const first = await startStripeOnboarding({ ctx });
    const creates = fake.calls.filter((c) => c.method === 'POST' && c.path === '/v1/accounts');
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({ account: null, idempotencyKey: `account-${school.id}` });
    expect(creates[0]!.params).toMatchObject({ type: 'express', email: owner.email, 'metadata[schoolId]': school.id, 'business_profile[name]': 'Connect Test School' });
    const accountId = [...fake.accounts.keys()][0]!;
    expect(first.url).toContain(accountId);

    const link = fake.calls.find((c) => c.path === '/v1/account_links')!;
    expect(link.params).toMatchObject({ account: accountId, type: 'account_onboarding', refresh_url: `${ctx.origin}/admin/payments?stripe=refresh`, return_url: `${ctx.origin}/admin/payments?stripe=return` });

    const sdb = commerceDbOf(school);
    const rows = await sdb.db.select().from(stripeAccounts).where(sdb.scoped(stripeAccounts));
    expect(rows).toMatchObject([{ stripeAccountId: accountId, chargesEnabled: false, createdBy: owner.userId }]);
    expect(await platformDb.select().from(stripeAccountRoutes).where(eq(stripeAccountRoutes.stripeAccountId, accountId))).toMatchObject([{ schoolId: school.id }]);

    // Second call: the same account, only a new link.
    const before = fake.calls.length;
    const second = await startStripeOnboarding({ ctx });
    expect(second.url).toContain(accountId);
    expect(fake.calls.slice(before).map((c) => c.path)).toEqual(['/v1/account_links']);
    expect(await sdb.db.select().from(stripeAccounts).where(sdb.scoped(stripeAccounts))).toHaveLength(1);
    expect((await auditOf(school, accountId)).map((a) => a.action)).toEqual(['stripe_account.onboarding_started', 'stripe_account.onboarding_resumed']);

    const status = await getStripeStatus({ ctx });
    expect(status).toEqual({ configured: true, account: { stripeAccountId: accountId, chargesEnabled: false, payoutsEnabled: false, detailsSubmitted: false }, platformFeePercent: 2.5, canSell: false });
  });

  it('a retry after only the platform row was written reuses that account instead of creating another', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool();
    const accountId = `acct_test_partial${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;
    fake.accounts.set(accountId, { id: accountId, object: 'account', charges_enabled: false, payouts_enabled: false, details_submitted: false });
    await platformDb.insert(stripeAccountRoutes).values({ stripeAccountId: accountId, schoolId: school.id });

    const { url } = await startStripeOnboarding({ ctx: ctxAs(school, owner.actor, { env: stripeEnv }) });
    expect(url).toContain(accountId);
    expect(fake.calls.filter((c) => c.path === '/v1/accounts')).toEqual([]);
    const sdb = commerceDbOf(school);
    expect(await sdb.db.select().from(stripeAccounts).where(sdb.scoped(stripeAccounts))).toMatchObject([{ stripeAccountId: accountId }]);
  });

  it('a Stripe failure records nothing and says so', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool();
    fake.failNext('/v1/accounts', 400, 'Connect is not enabled for this platform.');
    await expect(startStripeOnboarding({ ctx: ctxAs(school, owner.actor, { env: stripeEnv }) })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('Connect is not enabled') });
    const sdb = commerceDbOf(school);
    expect(await sdb.db.select().from(stripeAccounts).where(sdb.scoped(stripeAccounts))).toEqual([]);
    expect(await platformDb.select().from(stripeAccountRoutes).where(eq(stripeAccountRoutes.schoolId, school.id))).toEqual([]);
  });

  it('refresh re-reads the account, picks up finished onboarding and moves lastEventCreated to now', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool();
    const ctx = ctxAs(school, owner.actor, { env: stripeEnv });
    await expect(refreshStripeAccount({ ctx })).rejects.toMatchObject({ status: 409 });
    await startStripeOnboarding({ ctx });
    const accountId = [...fake.accounts.keys()][0]!;
    fake.enableAccount(accountId);

    const status = await refreshStripeAccount({ ctx });
    expect(status).toEqual({ configured: true, account: { stripeAccountId: accountId, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true }, platformFeePercent: 2.5, canSell: true });
    expect(fake.calls.at(-1)).toMatchObject({ method: 'GET', path: `/v1/accounts/${accountId}` });
    const sdb = commerceDbOf(school);
    const [row] = await sdb.db.select().from(stripeAccounts).where(sdb.scoped(stripeAccounts));
    expect(row!.lastEventCreated).toBe(Math.floor(ctx.now.getTime() / 1000));
    expect((await auditOf(school, accountId)).map((a) => a.action)).toContain('stripe_account.refreshed');
    expect(await getStripeStatus({ ctx: ctxAs(school, owner.actor, { env: { STRIPE_SECRET_KEY: undefined } }) })).toMatchObject({ configured: false, canSell: false });
  });
});

describe('Stripe Connect over HTTP', () => {
  it('onboarding without a Stripe key → 409 saying so; GET says not configured', async () => {
    const cookie = await cookieFor(BRESLOV, 'owner');
    const res = await callApp(BRESLOV, '/api/admin/stripe/onboarding', { method: 'POST', cookie, stripe: false });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'CONFLICT', message: STRIPE_NOT_CONFIGURED });
    const status = (await (await callApp(BRESLOV, '/api/admin/stripe', { cookie, stripe: false })).json()) as Record<string, unknown>;
    expect(status).toMatchObject({ configured: false, canSell: false, platformFeePercent: 0 });
  });

  it('the owner onboards Breslov through the route; an admin refreshes it', async () => {
    const fake = interceptStripe();
    const sdb = commerceDbOf(BRESLOV);
    // Tests share the databases: another file may already have given Breslov an account.
    const [existing] = await sdb.db.select().from(stripeAccounts).where(sdb.scoped(stripeAccounts));
    if (existing) fake.accounts.set(existing.stripeAccountId, { id: existing.stripeAccountId, object: 'account', charges_enabled: false, payouts_enabled: false, details_submitted: false });
    const cookie = await cookieFor(BRESLOV, 'owner');

    const first = await callApp(BRESLOV, '/api/admin/stripe/onboarding', { method: 'POST', cookie });
    expect(first.status).toBe(200);
    const second = await callApp(BRESLOV, '/api/admin/stripe/onboarding', { method: 'POST', cookie });
    expect(second.status).toBe(200);
    expect(fake.calls.filter((c) => c.path === '/v1/accounts')).toHaveLength(existing ? 0 : 1);
    const [row] = await sdb.db.select().from(stripeAccounts).where(sdb.scoped(stripeAccounts));
    expect(((await first.json()) as { url: string }).url).toContain(row!.stripeAccountId);
    expect(fake.calls.find((c) => c.path === '/v1/account_links')!.params['return_url']).toBe('http://breslov.localhost/admin/payments?stripe=return');
    expect(await platformDb.select().from(stripeAccountRoutes).where(eq(stripeAccountRoutes.stripeAccountId, row!.stripeAccountId))).toMatchObject([{ schoolId: BRESLOV.id }]);

    fake.enableAccount(row!.stripeAccountId);
    const refreshed = await callApp(BRESLOV, '/api/admin/stripe/refresh', { method: 'POST', cookie: await cookieFor(BRESLOV, 'admin') });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({ configured: true, canSell: true, account: { stripeAccountId: row!.stripeAccountId, chargesEnabled: true } });
  });
});
