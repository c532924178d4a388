import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cookieFor } from '../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../test/workers/security-suite.ts';
import { auditOf, ctxAs, demoMember } from '../members/testing.ts';
import { eq } from 'drizzle-orm';
import { platformDbFor } from '../../platform/db/platform-db.ts';
import { saveState } from './advance.ts';
import { reverifyDueDomains } from './reverify.ts';
import { domainVerifications } from './schema.ts';
import { addDomain, checkDomain, makePrimaryHost, removeDomain, type DomainView } from './service.ts';
import { forgetResolvedSchools } from '../tenancy/resolve-school.ts';
import { EDGE_VARS, interceptDomainLookups } from './testing.ts';
import { GRACE_MS, PENDING_WINDOW_MS } from './states.ts';

const host = hostOf(BRESLOV);
const tag = () => crypto.randomUUID().slice(0, 8);
const newHost = (school = BRESLOV) => `learn-${tag()}.${school.slug}-example.com`;
const owner = (school = BRESLOV) => ctxAs(school, demoMember(school, 'owner').actor);
const send = (cookie: string, method: string, body?: unknown): RequestInit => ({
  method,
  headers: { cookie, origin: `http://${host}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const hostRow = (hostname: string) => env.PLATFORM_DB.prepare('SELECT * FROM school_hostnames WHERE hostname = ?').bind(hostname).first<{ school_id: string; status: string; is_primary: number }>();

afterEach(() => vi.restoreAllMocks());

/** A domain of `school` taken to active through the fake resolver. */
async function activeDomain(school = BRESLOV) {
  const dns = interceptDomainLookups();
  const { domain } = await addDomain({ ctx: owner(school), input: { hostname: newHost(school) } });
  dns.publish(domain.record!.name, domain.record!.value);
  const { domain: active } = await checkDomain({ ctx: owner(school), input: { hostname: domain.hostname } });
  expect(active.status).toBe('active');
  vi.restoreAllMocks();
  return active;
}

// Objects the shared suite acts on.
const acmeDomain = (await addDomain({ ctx: owner(ACME), input: { hostname: newHost(ACME) } })).domain;
const checkTarget = (await addDomain({ ctx: owner(), input: { hostname: newHost() } })).domain;
const removeTarget = (await addDomain({ ctx: owner(), input: { hostname: newHost() } })).domain;

// Each test starts from the seeded domains only, so the per-school limit is not reached by
// what earlier tests left behind.
afterEach(async () => {
  const keep = [acmeDomain, checkTarget, removeTarget].map((d) => `'${d.hostname}'`).join(', ');
  await env.PLATFORM_DB.batch([
    env.PLATFORM_DB.prepare(`DELETE FROM domain_verifications WHERE hostname NOT IN (${keep})`),
    env.PLATFORM_DB.prepare(`DELETE FROM school_hostnames WHERE kind = 'custom' AND hostname NOT IN (${keep})`),
    env.PLATFORM_DB.prepare(`UPDATE school_hostnames SET is_primary = (kind = 'subdomain')`),
  ]);
  forgetResolvedSchools();
});

describe('access rules', () => {
  beforeEach(() => void interceptDomainLookups());
  describeAccessRules('GET /api/admin/domains', { method: 'GET', path: '/api/admin/domains', minimumRole: 'admin' });
  describeAccessRules('POST /api/admin/domains', { method: 'POST', path: '/api/admin/domains', body: { hostname: newHost() }, minimumRole: 'admin' });
  describeAccessRules('POST /api/admin/domains/:hostname/check', {
    method: 'POST',
    path: `/api/admin/domains/${checkTarget.hostname}/check`,
    minimumRole: 'admin',
    foreignPath: `/api/admin/domains/${acmeDomain.hostname}/check`,
  });
  describeAccessRules('POST /api/admin/domains/:hostname/primary', {
    method: 'POST',
    path: `/api/admin/domains/${host}/primary`,
    minimumRole: 'admin',
    foreignPath: `/api/admin/domains/${acmeDomain.hostname}/primary`,
  });
  describeAccessRules('DELETE /api/admin/domains/:hostname', {
    method: 'DELETE',
    path: `/api/admin/domains/${removeTarget.hostname}`,
    minimumRole: 'admin',
    foreignPath: `/api/admin/domains/${acmeDomain.hostname}`,
  });
});

describe('adding a domain', () => {
  it('claims the hostname and shows the exact TXT record to create', async () => {
    const cookie = await cookieFor(BRESLOV, 'owner');
    const hostname = newHost();
    const res = await request(host, '/api/admin/domains', send(cookie, 'POST', { hostname: `  https://${hostname.toUpperCase()}/welcome ` }));
    expect(res.status).toBe(201);
    const { domain } = (await res.json()) as { domain: DomainView };
    expect(domain).toMatchObject({ hostname, kind: 'custom', status: 'pending', isPrimary: false, record: { type: 'TXT', name: `_lectern-verify.${hostname}` } });
    expect(domain.record!.value).toMatch(/^lectern-verify=[0-9a-f]{40}$/);
    expect(new Date(domain.expiresAt!).getTime() - new Date(domain.createdAt).getTime()).toBe(PENDING_WINDOW_MS);
    expect(await hostRow(hostname)).toMatchObject({ school_id: BRESLOV.id, status: 'pending', is_primary: 0 });
    expect((await auditOf(BRESLOV, hostname)).map((a) => a.action)).toEqual(['domain.added']);
    const list = (await (await request(host, '/api/admin/domains', { headers: { cookie } })).json()) as { domains: DomainView[] };
    expect(list.domains[0]).toMatchObject({ hostname: host, kind: 'subdomain', status: 'active', isPrimary: true, record: null });
    expect(list.domains.map((d) => d.hostname)).toContain(hostname);
  });

  it('gives every domain its own token', async () => {
    const a = await addDomain({ ctx: owner(), input: { hostname: newHost() } });
    const b = await addDomain({ ctx: owner(), input: { hostname: newHost() } });
    expect(a.domain.record!.value).not.toBe(b.domain.record!.value);
  });

  it.each([
    ['', 'Enter a domain name'],
    ['not a domain', 'not a domain name'],
    ['localhost', 'full domain name'],
    ['courses.localhost', 'platform'],
    ['192.168.1.10', 'IP address'],
    ['*.example.com', 'Wildcard'],
    ['-bad.example.com', 'letters, digits and hyphens'],
    [`${'a'.repeat(64)}.example.com`, 'letters, digits and hyphens'],
  ])('refuses %j with a reason', async (hostname, words) => {
    const res = await request(host, '/api/admin/domains', send(await cookieFor(BRESLOV, 'owner'), 'POST', { hostname }));
    const body = await expectErrorShape(res, 400, 'BAD_REQUEST');
    expect(body.error.message).toContain(words);
  });

  it('accepts international names in their ASCII form', async () => {
    const { domain } = await addDomain({ ctx: owner(), input: { hostname: `kurs-${tag()}.bücher.example` } });
    expect(domain.hostname).toMatch(/^kurs-[0-9a-f]{8}\.xn--bcher-kva\.example$/);
  });

  it('refuses a hostname the school already has, or another school holds', async () => {
    const hostname = newHost();
    await addDomain({ ctx: owner(), input: { hostname } });
    await expect(addDomain({ ctx: owner(), input: { hostname } })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('already one of this school') });
    await expect(addDomain({ ctx: owner(ACME), input: { hostname } })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('another school') });
    await expect(addDomain({ ctx: owner(ACME), input: { hostname: host } })).rejects.toMatchObject({ status: 400 });
  });

  it('lets exactly one school win a race for the same hostname', async () => {
    for (let round = 0; round < 5; round++) {
      const hostname = newHost();
      const attempts = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => addDomain({ ctx: owner(i % 2 ? ACME : BRESLOV), input: { hostname } })),
      );
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      for (const lost of attempts.filter((a) => a.status === 'rejected')) expect((lost as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
      const rows = await env.PLATFORM_DB.prepare('SELECT school_id FROM domain_verifications WHERE hostname = ?').bind(hostname).all();
      expect(rows.results).toHaveLength(1);
      expect((await hostRow(hostname))!.school_id).toBe((rows.results[0] as { school_id: string }).school_id);
    }
  });

  it('lets another school take over a claim abandoned past its verification window', async () => {
    const hostname = newHost(ACME);
    const long = new Date(Date.now() - PENDING_WINDOW_MS - 1000);
    await addDomain({ ctx: ctxAs(ACME, demoMember(ACME, 'owner').actor, { now: long }), input: { hostname } });
    const { domain } = await addDomain({ ctx: owner(), input: { hostname } });
    expect(domain.status).toBe('pending');
    expect((await hostRow(hostname))!.school_id).toBe(BRESLOV.id);
  });

  it('stops at five domains of a school’s own', async () => {
    for (let i = 1; i < 5; i++) await addDomain({ ctx: owner(ACME), input: { hostname: newHost(ACME) } }); // Acme holds one seeded domain
    await expect(addDomain({ ctx: owner(ACME), input: { hostname: newHost(ACME) } })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('at most 5') });
  });

  it('holds the limit when adds race past the count', async () => {
    for (let i = 1; i < 4; i++) await addDomain({ ctx: owner(ACME), input: { hostname: newHost(ACME) } }); // four with the seeded one
    const attempts = await Promise.allSettled(Array.from({ length: 6 }, () => addDomain({ ctx: owner(ACME), input: { hostname: newHost(ACME) } })));
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const custom = await env.PLATFORM_DB.prepare(`SELECT count(*) AS n FROM school_hostnames WHERE school_id = ? AND kind = 'custom'`).bind(ACME.id).first<{ n: number }>();
    const proofs = await env.PLATFORM_DB.prepare('SELECT count(*) AS n FROM domain_verifications WHERE school_id = ?').bind(ACME.id).first<{ n: number }>();
    expect([custom!.n, proofs!.n]).toEqual([5, 5]);
  });
});

describe('verifying a domain and serving on it', () => {
  it('stays pending while the record is missing, then serves the school once it appears', async () => {
    const dns = interceptDomainLookups();
    const cookie = await cookieFor(BRESLOV, 'owner');
    const { domain } = await addDomain({ ctx: owner(), input: { hostname: newHost() } });
    await expectErrorShape(await request(domain.hostname, '/api/school'), 404, 'NOT_FOUND');

    const check = () => request(host, `/api/admin/domains/${domain.hostname}/check`, send(cookie, 'POST'));
    const missing = (await (await check()).json()) as { domain: DomainView };
    expect(missing.domain).toMatchObject({ status: 'pending', reason: expect.stringContaining('does not exist in DNS') });

    dns.dns.set(domain.record!.name, [['lectern-verify=not-this-one']]);
    expect(((await (await check()).json()) as { domain: DomainView }).domain.reason).toContain('none holds');

    dns.publish(domain.record!.name, domain.record!.value, 3);
    const verified = (await (await check()).json()) as { domain: DomainView };
    expect(verified.domain).toMatchObject({ status: 'active', reason: null, verifiedAt: expect.any(String) });
    expect(await hostRow(domain.hostname)).toMatchObject({ status: 'active' });

    const school = await request(domain.hostname, '/api/school');
    expect(school.status).toBe(200);
    expect(await school.json()).toMatchObject({ slug: BRESLOV.slug });
    expect((await auditOf(BRESLOV, domain.hostname)).map((a) => a.action)).toEqual(['domain.added', 'domain.status_changed']);
  });

  it('says a transient DNS failure is temporary and keeps the domain pending', async () => {
    const dns = interceptDomainLookups();
    const { domain } = await addDomain({ ctx: owner(), input: { hostname: newHost() } });
    dns.dns.set(domain.record!.name, 'servfail');
    const { domain: after } = await checkDomain({ ctx: owner(), input: { hostname: domain.hostname } });
    expect(after).toMatchObject({ status: 'pending', reason: expect.stringContaining('SERVFAIL') });
  });

  it('refuses to check an expired domain', async () => {
    interceptDomainLookups();
    const hostname = newHost();
    await addDomain({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, 'owner').actor, { now: new Date(Date.now() - PENDING_WINDOW_MS - 1000) }), input: { hostname } });
    const { domain } = await checkDomain({ ctx: owner(), input: { hostname } });
    expect(domain.status).toBe('expired');
    expect(await hostRow(hostname)).toMatchObject({ status: 'disabled' });
    await expect(checkDomain({ ctx: owner(), input: { hostname } })).rejects.toMatchObject({ status: 409 });
  });
});

describe('the primary host', () => {
  it('redirects every other host of the school to it, with the path and query, until it is removed', async () => {
    const domain = await activeDomain();
    const cookie = await cookieFor(BRESLOV, 'owner');
    try {
      const res = await request(host, `/api/admin/domains/${domain.hostname}/primary`, send(cookie, 'POST'));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { domains: DomainView[] }).domains.filter((d) => d.isPrimary).map((d) => d.hostname)).toEqual([domain.hostname]);

      const page = await request(host, '/courses/foundations?ref=mail', { redirect: 'manual' });
      expect(page.status).toBe(301);
      expect(page.headers.get('location')).toBe(`http://${domain.hostname}/courses/foundations?ref=mail`);
      const post = await request(host, '/api/me/sessions', { method: 'POST', redirect: 'manual' });
      expect(post.status).toBe(308);
      expect((await request(domain.hostname, '/api/school')).status).toBe(200);
      expect((await auditOf(BRESLOV, domain.hostname)).at(-1)).toMatchObject({ action: 'domain.primary_changed', metadata: { before: { primary: host }, after: { primary: domain.hostname } } });
    } finally {
      await removeDomain({ ctx: owner(), input: { hostname: domain.hostname } });
    }
    expect(await hostRow(host)).toMatchObject({ is_primary: 1 });
    expect((await request(host, '/api/school')).status).toBe(200);
    await expectErrorShape(await request(domain.hostname, '/api/school'), 404, 'NOT_FOUND');
  });

  it('can only be an active host of the school', async () => {
    const { domain } = await addDomain({ ctx: owner(), input: { hostname: newHost() } });
    await expect(makePrimaryHost({ ctx: owner(), input: { hostname: domain.hostname } })).rejects.toMatchObject({ status: 409 });
    await expect(makePrimaryHost({ ctx: owner(), input: { hostname: hostOf(ACME) } })).rejects.toMatchObject({ status: 404 });
    expect(await hostRow(host)).toMatchObject({ is_primary: 1 });
  });
});

describe('removing a domain', () => {
  it('stops serving at once and cannot remove the subdomain', async () => {
    const domain = await activeDomain();
    const cookie = await cookieFor(BRESLOV, 'owner');
    const res = await request(host, `/api/admin/domains/${domain.hostname}`, send(cookie, 'DELETE'));
    expect(await res.json()).toEqual({ removed: domain.hostname, warnings: [] });
    await expectErrorShape(await request(domain.hostname, '/api/school'), 404, 'NOT_FOUND');
    expect(await hostRow(domain.hostname)).toBeNull();
    expect((await auditOf(BRESLOV, domain.hostname)).at(-1)).toMatchObject({ action: 'domain.removed', metadata: { after: null } });
    await expectErrorShape(await request(host, `/api/admin/domains/${host}`, send(cookie, 'DELETE')), 404, 'NOT_FOUND');
  });
});

describe('re-verification by the scheduled job', () => {
  const later = (ms: number) => new Date(Date.now() + ms);

  it('warns, keeps serving through the grace period, then stops, hands primary back and tells the admins', async () => {
    const domain = await activeDomain();
    await makePrimaryHost({ ctx: owner(), input: { hostname: domain.hostname } });
    interceptDomainLookups(); // the record is gone: NXDOMAIN from now on
    const hour = 3600_000;
    try {
      await reverifyDueDomains(env, later(7 * hour));
      const warned = await env.PLATFORM_DB.prepare('SELECT status, failing_since FROM domain_verifications WHERE hostname = ?').bind(domain.hostname).first<{ status: string; failing_since: number }>();
      expect(warned).toMatchObject({ status: 'active', failing_since: expect.any(Number) });
      expect((await request(domain.hostname, '/api/school')).status).toBe(200);
      expect(await mailsAbout(domain.hostname)).toEqual([expect.stringContaining('Action needed')]);

      await reverifyDueDomains(env, later(7 * hour + GRACE_MS + 7 * hour));
      expect(await hostRow(domain.hostname)).toMatchObject({ status: 'disabled', is_primary: 0 });
      expect(await hostRow(host)).toMatchObject({ is_primary: 1 });
      await expectErrorShape(await request(domain.hostname, '/api/school'), 404, 'NOT_FOUND');
      expect((await request(host, '/api/school', { redirect: 'manual' })).status).toBe(200);
      expect(await mailsAbout(domain.hostname)).toEqual([expect.stringContaining('Action needed'), expect.stringContaining('stopped serving')]);
    } finally {
      await removeDomain({ ctx: owner(), input: { hostname: domain.hostname } });
    }
  });

  it('brings a failed domain back once its record returns', async () => {
    const domain = await activeDomain();
    const dns = interceptDomainLookups();
    await reverifyDueDomains(env, later(7 * 3600_000));
    await reverifyDueDomains(env, later(14 * 3600_000 + GRACE_MS));
    expect(await hostRow(domain.hostname)).toMatchObject({ status: 'disabled' });
    dns.publish(domain.record!.name, domain.record!.value);
    await reverifyDueDomains(env, later(21 * 3600_000 + GRACE_MS));
    expect(await hostRow(domain.hostname)).toMatchObject({ status: 'active' });
    await removeDomain({ ctx: owner(), input: { hostname: domain.hostname } });
  });

  it('a check that read the row before a newer check cannot overwrite it (no stale write)', async () => {
    const domain = await activeDomain();
    await makePrimaryHost({ ctx: owner(), input: { hostname: domain.hostname } });
    const platformDb = platformDbFor(env.PLATFORM_DB);
    try {
      // The scheduled job reads the row, well into a grace period that started long ago…
      await env.PLATFORM_DB.prepare('UPDATE domain_verifications SET failing_since = ? WHERE hostname = ?').bind(Date.now() - GRACE_MS - 3600_000, domain.hostname).run();
      const [read] = await platformDb.select().from(domainVerifications).where(eq(domainVerifications.hostname, domain.hostname));
      // …while "Check now" finds the restored record and writes first.
      const dns = interceptDomainLookups();
      dns.publish(domain.record!.name, domain.record!.value);
      await checkDomain({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, 'owner').actor, { now: later(60_000) }), input: { hostname: domain.hostname } });
      // The job's older answer (the record missing, grace over) arrives after it.
      const stale = await saveState(platformDb, read!, { ...read!, status: 'failed', reason: 'gone' }, { id: null, hostnameStatus: null, sslStatus: null }, later(61_000));
      expect(stale.status).toBe('active');
      expect(await env.PLATFORM_DB.prepare('SELECT status, failing_since FROM domain_verifications WHERE hostname = ?').bind(domain.hostname).first()).toEqual({ status: 'active', failing_since: null });
      expect(await hostRow(domain.hostname)).toMatchObject({ status: 'active', is_primary: 1 });
    } finally {
      await removeDomain({ ctx: owner(), input: { hostname: domain.hostname } });
    }
  });

  async function mailsAbout(hostname: string) {
    const { results } = await env.PLATFORM_DB.prepare(`SELECT subject FROM mail_outbox WHERE kind = 'domain_status' AND subject LIKE ? ORDER BY created_at, rowid`).bind(`%${hostname}%`).all<{ subject: string }>();
    return [...new Set(results.map((r) => r.subject))]; // one mail per owner and admin
  }
});

describe('with Cloudflare for SaaS', () => {
  const edgeOwner = () => ctxAs(BRESLOV, demoMember(BRESLOV, 'owner').actor, { env: EDGE_VARS });

  it('creates the custom hostname once verified and waits for its certificate', async () => {
    const fake = interceptDomainLookups();
    const { domain } = await addDomain({ ctx: edgeOwner(), input: { hostname: newHost() } });
    fake.publish(domain.record!.name, domain.record!.value);
    const first = await checkDomain({ ctx: edgeOwner(), input: { hostname: domain.hostname } });
    expect(first.domain).toMatchObject({ status: 'verified', reason: expect.stringContaining('Waiting for Cloudflare'), edge: { hostnameStatus: 'pending', sslStatus: 'pending_validation' } });
    await expectErrorShape(await request(domain.hostname, '/api/school'), 404, 'NOT_FOUND');
    expect(fake.edge.hostnames.size).toBe(1);

    // A second check does not create a second hostname.
    await checkDomain({ ctx: edgeOwner(), input: { hostname: domain.hostname } });
    expect(fake.edge.hostnames.size).toBe(1);
    const [edgeRow] = [...fake.edge.hostnames.values()];
    edgeRow!.status = 'active';
    edgeRow!.ssl.status = 'active';
    const live = await checkDomain({ ctx: edgeOwner(), input: { hostname: domain.hostname } });
    expect(live.domain).toMatchObject({ status: 'active', edge: { hostnameStatus: 'active', sslStatus: 'active' } });
    expect((await request(domain.hostname, '/api/school')).status).toBe(200);

    await removeDomain({ ctx: edgeOwner(), input: { hostname: domain.hostname } });
    expect(fake.edge.hostnames.size).toBe(0);
    expect(fake.edge.calls.at(-1)).toMatch(/^DELETE \/client\/v4\/zones\/zone_test_lectern\/custom_hostnames\//);
  });

  it('shows Cloudflare’s refusal and tries again later; removal still happens when Cloudflare fails', async () => {
    const fake = interceptDomainLookups();
    const { domain } = await addDomain({ ctx: edgeOwner(), input: { hostname: newHost() } });
    fake.publish(domain.record!.name, domain.record!.value);
    fake.edge.failWith = 'Custom hostname limit reached';
    const refused = await checkDomain({ ctx: edgeOwner(), input: { hostname: domain.hostname } });
    expect(refused.domain).toMatchObject({ status: 'verified', reason: expect.stringContaining('Custom hostname limit reached') });
    fake.edge.failWith = null;
    await checkDomain({ ctx: edgeOwner(), input: { hostname: domain.hostname } });
    fake.edge.failWith = 'API down';
    const removed = await removeDomain({ ctx: edgeOwner(), input: { hostname: domain.hostname } });
    expect(removed.warnings).toEqual([expect.stringContaining('API down')]);
    expect(await hostRow(domain.hostname)).toBeNull();
  });
});
