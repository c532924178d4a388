import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_CUSTOM_DOMAINS } from '../../src/modules/domains/custom-hostname.ts';
import { GRACE_MS, PENDING_WINDOW_MS } from '../../src/modules/domains/states.ts';
import { fakeD1, type FakeD1 } from '../test-support/fake-d1.ts';
import { type DohResponder, startDohResponder } from '../test-support/doh-responder.ts';
import { tempProject, type TempProject } from '../test-support/temp-project.ts';
import { OperatorError } from './cli.ts';
import { addHostname, edgeConfigFor, removeHostname, verifyHostname } from './hostnames.ts';
import { prepareLocalState } from './local-state.ts';
import { insertSql } from './sql.ts';

let project: TempProject;
let d1: FakeD1;
let doh: DohResponder;
let now: number;
const START = Date.UTC(2026, 11, 1, 12);
const BRESLOV = 'a6f1c1d2-0b7e-4a43-9d0e-5b1f4b2b0001';
const ACME = 'a6f1c1d2-0b7e-4a43-9d0e-5b1f4b2b0002';

beforeAll(async () => {
  doh = await startDohResponder();
});
afterAll(() => doh?.close());

beforeEach(async () => {
  project = tempProject();
  d1 = fakeD1(project.config);
  await prepareLocalState({ config: project.config, persistTo: project.persistTo, d1 });
  now = START;
  doh.reset();
});
afterEach(() => {
  project.remove();
  vi.restoreAllMocks();
});

const platform = () => d1.database('PLATFORM_DB');
const all = (sql: string, ...params: Array<string | number>) => platform().prepare(sql).all(...params).map((row) => ({ ...row }));
const ctx = (extra: Record<string, unknown> = {}) => ({ d1, actor: 'support@lectern', now: () => now, ...extra });
const add = (slug: string, hostname: string) => addHostname({ ...ctx(), platformDomain: 'localhost' }, { slug, hostname });
const verify = (hostname: string, options: { edge?: 'configured' | 'not-configured'; force?: { reason: string } } = {}) =>
  verifyHostname({ ...ctx(), edge: options.edge ?? 'not-configured', dohUrl: doh.url }, { hostname, ...(options.force ? { force: options.force } : {}) });
const remove = (hostname: string, edge: Parameters<typeof removeHostname>[0]['edge'] = null) => removeHostname({ ...ctx(), edge }, { hostname });

const hostRow = (hostname: string) => all('SELECT school_id, kind, status, is_primary FROM school_hostnames WHERE hostname = ?', hostname)[0];
const verification = (hostname: string) => all('SELECT * FROM domain_verifications WHERE hostname = ?', hostname)[0];
const audit = (action: string) =>
  all('SELECT actor, action, school_id, details, created_at FROM operator_audit WHERE action = ? ORDER BY created_at', action).map((row) => ({ ...row, details: JSON.parse(String(row.details)) }));
const primaryOf = (schoolId: string) => all('SELECT hostname FROM school_hostnames WHERE school_id = ? AND is_primary = 1', schoolId).map((row) => row.hostname);
const snapshot = () => ({
  hosts: all('SELECT * FROM school_hostnames ORDER BY hostname'),
  verifications: all('SELECT * FROM domain_verifications ORDER BY hostname'),
  audit: all('SELECT * FROM operator_audit ORDER BY id'),
});

/** Publishes the domain's TXT record on the local resolver, the way a customer would. */
function publish(hostname: string) {
  const row = verification(hostname)!;
  const value = `lectern-verify=${row.token}`;
  // As resolvers present a record split into character strings: quoted, space-separated.
  doh.txt(`_lectern-verify.${hostname}`, '"v=spf1 -all"', `"${value.slice(0, 20)}" "${value.slice(20)}"`);
}

async function activeDomain(hostname: string, slug = 'breslov') {
  await add(slug, hostname);
  publish(hostname);
  await verify(hostname);
}

async function rejected(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OperatorError);
  return (error as Error).message;
}

describe('hostname:add', () => {
  it('claims the hostname (custom, pending), stores a fresh token expiring with the pending window, audits, and returns the TXT record', async () => {
    const added = await add('breslov', ' https://Learn.Example.COM/welcome ');
    expect(added).toMatchObject({ slug: 'breslov', schoolId: BRESLOV, hostname: 'learn.example.com', released: null });
    expect(added.record).toEqual({ type: 'TXT', name: '_lectern-verify.learn.example.com', value: expect.stringMatching(/^lectern-verify=[0-9a-f]{40}$/) });
    expect(hostRow('learn.example.com')).toEqual({ school_id: BRESLOV, kind: 'custom', status: 'pending', is_primary: 0 });
    expect(verification('learn.example.com')).toMatchObject({
      school_id: BRESLOV,
      token: added.record.value.replace('lectern-verify=', ''),
      status: 'pending',
      created_at: START,
      expires_at: START + PENDING_WINDOW_MS,
      checked_at: null,
    });
    expect(added.expiresAt.getTime()).toBe(START + PENDING_WINDOW_MS);
    expect(audit('hostname.add')).toEqual([
      {
        actor: 'support@lectern',
        action: 'hostname.add',
        school_id: BRESLOV,
        created_at: START,
        details: { hostname: 'learn.example.com', slug: 'breslov', before: null, after: { status: 'pending', hostStatus: 'pending', expiresAt: new Date(START + PENDING_WINDOW_MS).toISOString() } },
      },
    ]);
    // One wrangler call reads, one writes everything (the rows and the audit together).
    expect(d1.calls.filter((call) => call === 'execute PLATFORM_DB').length).toBeGreaterThanOrEqual(2);
  });

  it('stores internationalised names in their ASCII (punycode) form', async () => {
    expect((await add('breslov', 'Bücher.Example')).hostname).toBe('xn--bcher-kva.example');
  });

  it('applies the admin API rules for the name, with nothing changed', async () => {
    const before = snapshot();
    expect(await rejected(add('breslov', 'not a domain'))).toMatch(/is not a domain name/);
    expect(await rejected(add('breslov', 'example'))).toMatch(/full domain name/);
    expect(await rejected(add('breslov', '*.example.com'))).toMatch(/Wildcard/);
    expect(await rejected(add('breslov', '10.0.0.1'))).toMatch(/IP address/);
    expect(await rejected(add('breslov', 'acme.localhost'))).toMatch(/platform's own/);
    expect(await rejected(addHostname({ ...ctx(), platformDomain: 'lectern.app' }, { slug: 'breslov', hostname: 'x.LECTERN.app' }))).toMatch(/Addresses under lectern\.app/);
    expect(await rejected(add('nope', 'learn.example.com'))).toMatch(/No school has the slug "nope"/);
    expect(snapshot()).toEqual(before);
  });

  it('refuses a hostname another school holds, naming it, and one the school already has', async () => {
    await add('acme', 'learn.example.com');
    const before = snapshot();
    expect(await rejected(add('breslov', 'learn.example.com'))).toMatch(/belongs to the school "acme" \(custom, pending\)/);
    expect(await rejected(add('acme', 'LEARN.example.com'))).toMatch(/already one of acme's domains/);
    expect(snapshot()).toEqual(before);
  });

  it("takes over another school's abandoned claim once its verification window has passed", async () => {
    await add('acme', 'learn.example.com');
    now = START + PENDING_WINDOW_MS + 1;
    const added = await add('breslov', 'learn.example.com');
    expect(added.released).toEqual({ slug: 'acme', status: 'pending' });
    expect(hostRow('learn.example.com')).toMatchObject({ school_id: BRESLOV, status: 'pending' });
    expect(all('SELECT school_id FROM domain_verifications')).toEqual([{ school_id: BRESLOV }]);
    expect(audit('hostname.add').at(-1)!.details.releasedFrom).toEqual({ slug: 'acme', status: 'pending' });
  });

  it('keeps an abandoned claim that came back to life between reading and writing', async () => {
    await add('acme', 'learn.example.com');
    now = START + PENDING_WINDOW_MS + 1;
    const execute = d1.execute.bind(d1);
    let calls = 0;
    vi.spyOn(d1, 'execute').mockImplementation(async (binding, statements) => {
      if (calls++ === 2) platform().exec(`UPDATE domain_verifications SET status = 'active' WHERE hostname = 'learn.example.com'`);
      return execute(binding, statements);
    });
    expect(await rejected(add('breslov', 'learn.example.com'))).toMatch(/claimed by another school meanwhile; nothing was changed/);
    expect(hostRow('learn.example.com')).toMatchObject({ school_id: ACME });
    expect(verification('learn.example.com')).toMatchObject({ school_id: ACME, status: 'active' });
  });

  it(`stops at ${MAX_CUSTOM_DOMAINS} custom domains per school`, async () => {
    for (let i = 1; i <= MAX_CUSTOM_DOMAINS; i++) await add('breslov', `d${i}.example.com`);
    expect(await rejected(add('breslov', 'one-more.example.com'))).toMatch(new RegExp(`already has ${MAX_CUSTOM_DOMAINS} custom domains`));
    expect(hostRow('one-more.example.com')).toBeUndefined();
    await add('acme', 'one-more.example.com'); // the limit is per school
  });
});

describe('hostname:verify', () => {
  it('finds the TXT record (quoted, split into strings) and makes the domain active when Cloudflare for SaaS is not configured', async () => {
    await add('breslov', 'learn.example.com');
    publish('learn.example.com');
    now = START + 60_000;
    const result = await verify('learn.example.com');
    expect(doh.asked).toEqual(['_lectern-verify.learn.example.com']);
    expect(result).toMatchObject({ outcome: 'match', raced: false, edge: 'not-configured', primary: 'breslov.localhost' });
    expect(result.before).toMatchObject({ status: 'pending', hostStatus: 'pending' });
    expect(result.after).toMatchObject({ status: 'active', hostStatus: 'active', reason: null, verifiedAt: new Date(now).toISOString() });
    expect(verification('learn.example.com')).toMatchObject({ status: 'active', reason: null, verified_at: now, checked_at: now, failing_since: null });
    expect(hostRow('learn.example.com')).toMatchObject({ status: 'active' });
    expect(audit('hostname.verify')).toEqual([
      expect.objectContaining({
        actor: 'support@lectern',
        school_id: BRESLOV,
        details: expect.objectContaining({ hostname: 'learn.example.com', dns: 'match', edge: 'not-configured', before: expect.objectContaining({ status: 'pending' }), after: expect.objectContaining({ status: 'active' }) }),
      }),
    ]);
  });

  it('leaves a verified domain verified (hostname not serving) when Cloudflare for SaaS is configured', async () => {
    await add('breslov', 'learn.example.com');
    publish('learn.example.com');
    const result = await verify('learn.example.com', { edge: 'configured' });
    expect(result.after).toMatchObject({ status: 'verified', hostStatus: 'pending' });
    expect(verification('learn.example.com')).toMatchObject({ status: 'verified', verified_at: START });
    expect(hostRow('learn.example.com')).toMatchObject({ status: 'pending' });
  });

  it('NXDOMAIN: a pending domain stays pending with the reason; an active one starts its grace clock, then fails and hands primary back', async () => {
    await add('breslov', 'learn.example.com');
    let result = await verify('learn.example.com');
    expect(result.outcome).toBe('nxdomain');
    expect(result.after).toMatchObject({ status: 'pending', reason: '_lectern-verify.learn.example.com does not exist in DNS yet.' });
    expect(verification('learn.example.com')).toMatchObject({ status: 'pending', checked_at: START });

    publish('learn.example.com');
    await verify('learn.example.com');
    platform().exec(`UPDATE school_hostnames SET is_primary = (hostname = 'learn.example.com') WHERE school_id = '${BRESLOV}'`);
    expect(primaryOf(BRESLOV)).toEqual(['learn.example.com']);

    doh.answer('_lectern-verify.learn.example.com', { Status: 3 });
    now = START + 3600_000;
    result = await verify('learn.example.com');
    expect(result.after).toMatchObject({ status: 'active', hostStatus: 'active', isPrimary: true, failingSince: new Date(now).toISOString() });
    expect(result.after.reason).toMatch(/Restore it before/);
    const failingSince = now;

    now = failingSince + GRACE_MS;
    result = await verify('learn.example.com');
    expect(result.after).toMatchObject({ status: 'failed', hostStatus: 'disabled', isPrimary: false });
    expect(result.after.reason).toMatch(/^Stopped serving/);
    expect(result.primary).toBe('breslov.localhost');
    expect(hostRow('learn.example.com')).toMatchObject({ status: 'disabled', is_primary: 0 });
    expect(primaryOf(BRESLOV)).toEqual(['breslov.localhost']);
    expect(audit('hostname.verify').at(-1)!.details).toMatchObject({ dns: 'nxdomain', before: { status: 'active', isPrimary: true }, after: { status: 'failed', isPrimary: false } });
  });

  it('SERVFAIL says nothing about the domain: an active one keeps serving without a grace clock', async () => {
    await activeDomain('learn.example.com');
    doh.answer('_lectern-verify.learn.example.com', { Status: 2 });
    now = START + 7 * 24 * 3600_000;
    const result = await verify('learn.example.com');
    expect(result.outcome).toBe('servfail');
    expect(result.after).toMatchObject({ status: 'active', hostStatus: 'active', failingSince: null });
    expect(result.after.reason).toMatch(/SERVFAIL/);
    expect(verification('learn.example.com')).toMatchObject({ status: 'active', failing_since: null, checked_at: now });
  });

  it('--force marks the domain verified without DNS, requires a reason and records it', async () => {
    await add('breslov', 'learn.example.com');
    const before = snapshot();
    expect(await rejected(verify('learn.example.com', { force: { reason: '  ' } }))).toMatch(/--force needs --reason/);
    expect(snapshot()).toEqual(before);

    const result = await verify('learn.example.com', { force: { reason: 'Ticket 4521: DNS provider cannot publish underscore names; checked the registrar account on a call.' } });
    expect(doh.asked).toEqual([]);
    expect(result).toMatchObject({ outcome: 'forced', after: { status: 'active', hostStatus: 'active' } });
    expect(verification('learn.example.com')).toMatchObject({ status: 'active', verified_at: START });
    expect(audit('hostname.verify')[0]!.details).toMatchObject({ dns: 'forced', forced: true, reason: expect.stringMatching(/^Ticket 4521/) });
  });

  it('refuses an expired domain unless forced, and refuses subdomains and unknown hosts', async () => {
    await add('breslov', 'learn.example.com');
    now = START + PENDING_WINDOW_MS;
    expect((await verify('learn.example.com')).after).toMatchObject({ status: 'expired', hostStatus: 'disabled' });
    expect(await rejected(verify('learn.example.com'))).toMatch(/expired: .*Remove it and add it again/);
    expect((await verify('learn.example.com', { force: { reason: 'verified by phone' } })).after).toMatchObject({ status: 'active' });
    expect(await rejected(verify('breslov.localhost'))).toMatch(/subdomain of "breslov"/);
    expect(await rejected(verify('nobody.example.com'))).toMatch(/No school has the hostname/);
  });

  it('writes nothing, not even the audit row, when the domain was replaced between reading and writing', async () => {
    await add('breslov', 'learn.example.com');
    publish('learn.example.com');
    const execute = d1.execute.bind(d1);
    let reads = 0;
    vi.spyOn(d1, 'execute').mockImplementation(async (binding, statements) => {
      // After the read, the domain is removed and claimed again (a new token).
      if (reads++ === 1) platform().exec(`UPDATE domain_verifications SET token = 'another' WHERE hostname = 'learn.example.com'`);
      return execute(binding, statements);
    });
    const result = await verify('learn.example.com');
    expect(result.raced).toBe(true);
    expect(verification('learn.example.com')).toMatchObject({ status: 'pending', checked_at: null });
    expect(hostRow('learn.example.com')).toMatchObject({ status: 'pending' });
    expect(audit('hostname.verify')).toEqual([]);
  });
  it('writes nothing, not even the audit row, when the Worker checked the domain between reading and writing', async () => {
    await activeDomain('learn.example.com');
    platform().exec(`UPDATE school_hostnames SET is_primary = (hostname = 'learn.example.com') WHERE school_id = '${BRESLOV}'`);
    platform().exec(`UPDATE domain_verifications SET failing_since = ${START} WHERE hostname = 'learn.example.com'`);
    doh.reset(); // this command's lookup finds nothing: grace over, it would fail the domain
    now = START + GRACE_MS + 1;
    const execute = d1.execute.bind(d1);
    let reads = 0;
    vi.spyOn(d1, 'execute').mockImplementation(async (binding, statements) => {
      // After the read, the Worker's "Check now" finds the record back and writes first.
      if (reads++ === 1) platform().exec(`UPDATE domain_verifications SET failing_since = NULL, checked_at = ${now - 1} WHERE hostname = 'learn.example.com'`);
      return execute(binding, statements);
    });
    const result = await verify('learn.example.com');
    expect(result.raced).toBe(true);
    expect(verification('learn.example.com')).toMatchObject({ status: 'active', failing_since: null, checked_at: now - 1 });
    expect(hostRow('learn.example.com')).toMatchObject({ status: 'active', is_primary: 1 });
    expect(audit('hostname.verify')).toHaveLength(1); // activeDomain's own verify
  });
});

describe('hostname:remove', () => {
  it('removes a primary custom domain: primary back to the subdomain, both rows gone together, audited', async () => {
    await activeDomain('learn.example.com');
    platform().exec(`UPDATE school_hostnames SET is_primary = (hostname = 'learn.example.com') WHERE school_id = '${BRESLOV}'`);
    const removed = await remove('learn.example.com');
    expect(removed).toMatchObject({ slug: 'breslov', removed: true, primary: 'breslov.localhost', edge: null, before: { status: 'active', isPrimary: true } });
    expect(hostRow('learn.example.com')).toBeUndefined();
    expect(verification('learn.example.com')).toBeUndefined();
    expect(primaryOf(BRESLOV)).toEqual(['breslov.localhost']);
    expect(audit('hostname.remove')).toEqual([
      expect.objectContaining({ school_id: BRESLOV, details: expect.objectContaining({ hostname: 'learn.example.com', after: null, before: expect.objectContaining({ status: 'active', isPrimary: true }) }) }),
    ]);
  });

  it('refuses to remove a subdomain or an unknown host, changing nothing', async () => {
    const before = snapshot();
    expect(await rejected(remove('acme.localhost'))).toMatch(/subdomain of "acme"; a school's subdomain cannot be removed/);
    expect(await rejected(remove('nobody.example.com'))).toMatch(/No school has the hostname/);
    expect(snapshot()).toEqual(before);
    expect(primaryOf(ACME)).toEqual(['acme.localhost']);
  });

  it('deletes the Cloudflare for SaaS custom hostname when this shell has the credentials, else says what to delete by hand', async () => {
    await activeDomain('learn.example.com');
    await activeDomain('other.example.com');
    platform().exec(`UPDATE domain_verifications SET edge_hostname_id = 'ch_' || substr(hostname, 1, 5)`);
    const fetches: Array<{ url: string; method: string; auth: string | null }> = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      fetches.push({ url: String(input), method: init?.method ?? 'GET', auth: new Headers(init?.headers).get('authorization') });
      return new Response(JSON.stringify({ success: true, result: { id: 'ch_learn' } }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const edge = edgeConfigFor({ mode: 'remote' }, { CF_ZONE_ID: 'zone1', CF_API_TOKEN: 'tok', CF_API_BASE: 'http://cf.test/client/v4' });
    expect(edgeConfigFor({ mode: 'local' }, { CF_ZONE_ID: 'zone1', CF_API_TOKEN: 'tok' })).toBeNull();
    expect(edgeConfigFor({ mode: 'remote' }, { CF_ZONE_ID: 'zone1' })).toBeNull();

    const removed = await remove('learn.example.com', edge);
    expect(removed.edge).toEqual({ id: 'ch_learn', deleted: true });
    expect(fetches).toEqual([{ url: 'http://cf.test/client/v4/zones/zone1/custom_hostnames/ch_learn', method: 'DELETE', auth: 'Bearer tok' }]);

    const left = await remove('other.example.com', null);
    expect(left.edge).toEqual({ id: 'ch_other', deleted: false, problem: expect.stringMatching(/cannot reach Cloudflare for SaaS/) });
    expect(left.removed).toBe(true);
    expect(fetches).toHaveLength(1);
    expect(audit('hostname.remove').map((row) => row.details.edge)).toEqual([
      { id: 'ch_learn', deleted: true },
      { id: 'ch_other', deleted: false, problem: expect.any(String) },
    ]);
  });

  it('a domain that Cloudflare refuses to delete is still removed here, with the problem reported', async () => {
    await activeDomain('learn.example.com');
    platform().exec(`UPDATE domain_verifications SET edge_hostname_id = 'ch_1'`);
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(JSON.stringify({ success: false, errors: [{ message: 'Authentication error' }] }), { status: 403, headers: { 'content-type': 'application/json' } }),
    );
    const removed = await remove('learn.example.com', { zoneId: 'z', token: 't', base: 'http://cf.test' });
    expect(removed.edge).toEqual({ id: 'ch_1', deleted: false, problem: 'Cloudflare refused to remove the custom hostname: Authentication error.' });
    expect(hostRow('learn.example.com')).toBeUndefined();
  });

  it('removes a custom hostname that has no verification row', async () => {
    platform().exec(insertSql('school_hostnames', { hostname: 'legacy.example.com', school_id: ACME, kind: 'custom', status: 'active', is_primary: false, created_at: START }, null));
    expect((await remove('legacy.example.com')).removed).toBe(true);
    expect(hostRow('legacy.example.com')).toBeUndefined();
  });
});
