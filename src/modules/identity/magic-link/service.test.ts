import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { ACME, BRESLOV, hostOf } from '../../../../test/workers/fixtures.ts';
import { sha256Hex } from '../../../platform/crypto.ts';
import { platformDbFor } from '../../../platform/db/platform-db.ts';
import { schoolDbFor } from '../../../platform/db/school-db.ts';
import { RateLimited } from '../../../platform/errors.ts';
import { findSchoolByHostname } from '../../tenancy/resolve-school.ts';
import { type MagicLinkCtx, MagicLinkUnusable, inspectMagicLink, redeemMagicLink, requestMagicLink } from './service.ts';

const platformDb = platformDbFor(env.PLATFORM_DB);
const MINUTE = 60_000;
const start = Date.UTC(2026, 5, 1, 12);

type Sent = { body: unknown }[];
const allow: RateLimit = { limit: async () => ({ success: true }) };

/** A SchoolCtx as the route builds it, with the clock, limiter and queue under the test's control. */
async function ctxFor(school: typeof BRESLOV, options: { now?: number; limiter?: RateLimit; sent?: Sent; events?: Queue<unknown> } = {}): Promise<MagicLinkCtx> {
  const sent = options.sent ?? [];
  const events = options.events ?? ({ send: async (body: unknown) => void sent.push({ body }), sendBatch: async () => {} } as unknown as Queue<unknown>);
  return {
    env: { ...env, RATE_LIMIT_MAGIC_LINK: options.limiter ?? allow, EVENTS: events },
    platformDb,
    school: (await findSchoolByHostname(platformDb, hostOf(school)))!,
    schoolDb: schoolDbFor(env[school.d1Binding as 'SCHOOL_BRESLOV'], school.id),
    actor: null,
    now: new Date(options.now ?? Date.now()),
    origin: `http://${hostOf(school)}:8787`,
    client: { ip: '192.0.2.1', userAgent: 'vitest' },
  };
}

const newEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;

async function mailsTo(email: string) {
  const { results } = await env.PLATFORM_DB.prepare('SELECT id, text_body, status, school_id FROM mail_outbox WHERE to_address = ? ORDER BY created_at, rowid').bind(email).all<{ id: string; text_body: string; status: string; school_id: string }>();
  return results;
}

/** The token in the latest link mailed to `email`: only the mail ever holds it. */
async function latestToken(email: string): Promise<string> {
  const mails = await mailsTo(email);
  const link = /https?:\/\/\S+/.exec(mails.at(-1)!.text_body)![0];
  return new URL(link).searchParams.get('token')!;
}

describe('requesting a magic link', () => {
  it('mints distinct 256-bit tokens and stores only their hash', async () => {
    const email = newEmail('entropy');
    const ctx = await ctxFor(BRESLOV);
    const tokens = new Set<string>();
    for (let i = 0; i < 3; i++) {
      await requestMagicLink({ ctx, input: { email } });
      tokens.add(await latestToken(email));
    }
    expect(tokens.size).toBe(3);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { results } = await env.PLATFORM_DB.prepare('SELECT * FROM magic_link_tokens WHERE email = ?').bind(email).all();
    const hashes = await Promise.all([...tokens].map((t) => sha256Hex(t)));
    expect(results.map((r) => r.token_hash).sort()).toEqual(hashes.sort());
    for (const token of tokens) expect(JSON.stringify(results)).not.toContain(token);
  });

  it('writes token and outbox mail together, then asks the events queue to deliver it', async () => {
    const email = newEmail('outbox');
    const sent: Sent = [];
    const answer = await requestMagicLink({ ctx: await ctxFor(BRESLOV, { sent }), input: { email: `  ${email.toUpperCase()} `, returnTo: '/courses/intro' } });
    expect(answer).toEqual({ sent: true, message: `If ${email} can sign in to Breslov University, a link is on its way. It works for 10 minutes.` });
    const [mail] = await mailsTo(email);
    expect(mail).toMatchObject({ status: 'pending', school_id: BRESLOV.id });
    expect(mail!.text_body).toContain('http://breslov.localhost:8787/auth/magic-link?token=');
    expect(sent).toEqual([{ body: { type: 'mail.deliver', mailId: mail!.id } }]);
    const row = await env.PLATFORM_DB.prepare('SELECT return_to, hostname, created_at, expires_at FROM magic_link_tokens WHERE email = ?').bind(email).first<Record<string, number | string>>();
    expect(row).toMatchObject({ return_to: '/courses/intro', hostname: 'breslov.localhost' });
    expect(Number(row!.expires_at) - Number(row!.created_at)).toBe(10 * MINUTE);
  });

  it('still answers when the queue is down: the mail waits in the outbox for the cron sweep', async () => {
    const email = newEmail('queue-down');
    const events = { send: async () => Promise.reject(new Error('queue unavailable')) } as unknown as Queue<unknown>;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(requestMagicLink({ ctx: await ctxFor(BRESLOV, { events }), input: { email } })).resolves.toMatchObject({ sent: true });
    expect(await mailsTo(email)).toMatchObject([{ status: 'pending' }]);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('the cron sweep will deliver it'), expect.any(Error));
    logged.mockRestore();
  });

  it('answers the same but sends nothing when the school does not offer email links', async () => {
    const email = newEmail('no-magic');
    const d1 = env.SCHOOL_ACME;
    await d1.prepare(`UPDATE school_auth_policies SET allowed_providers = '["google_oidc"]' WHERE school_id = ?`).bind(ACME.id).run();
    try {
      const sent: Sent = [];
      const answer = await requestMagicLink({ ctx: await ctxFor(ACME, { sent }), input: { email } });
      expect(answer.message).toBe(`If ${email} can sign in to Acme Academy, a link is on its way. It works for 10 minutes.`);
      expect(await mailsTo(email)).toEqual([]);
      expect(sent).toEqual([]);
    } finally {
      await d1.prepare(`UPDATE school_auth_policies SET allowed_providers = '["google_oidc","microsoft_oidc","magic_link"]' WHERE school_id = ?`).bind(ACME.id).run();
    }
  });

  it('refuses with RateLimited when the limiter says no, and logs each refused key', async () => {
    const email = newEmail('limited');
    const keys: string[] = [];
    const limiter: RateLimit = { limit: async ({ key }) => (keys.push(key), { success: !key.includes(':ip:') }) };
    const ctx = await ctxFor(BRESLOV, { limiter });
    await expect(requestMagicLink({ ctx, input: { email } })).rejects.toThrow(RateLimited);
    expect(keys.sort()).toEqual([`${BRESLOV.id}:magic_link:email:${email}`, `${BRESLOV.id}:magic_link:ip:192.0.2.1`]);
    const logs = await env.SCHOOL_BRESLOV.prepare(`SELECT school_id, bucket, key FROM rate_limit_logs WHERE key = 'ip:192.0.2.1'`).all();
    expect(logs.results).toContainEqual({ school_id: BRESLOV.id, bucket: 'magic_link', key: 'ip:192.0.2.1' });
    expect(await mailsTo(email)).toEqual([]);
  });

  it('rejects what is not an email address with a sentence', async () => {
    const ctx = await ctxFor(BRESLOV);
    await expect(requestMagicLink({ ctx, input: { email: 'not-an-address' } })).rejects.toThrow(/real email address/);
    await expect(requestMagicLink({ ctx, input: { email: `${'a'.repeat(250)}@example.com` } })).rejects.toThrow(/254 characters/);
  });
});

describe('redeeming a magic link', () => {
  it('works once, within 10 minutes of the clock that issued it', async () => {
    const email = newEmail('clock');
    await requestMagicLink({ ctx: await ctxFor(BRESLOV, { now: start }), input: { email, returnTo: '/courses' } });
    const token = await latestToken(email);
    const late = await ctxFor(BRESLOV, { now: start + 10 * MINUTE });
    await expect(inspectMagicLink({ ctx: late, input: { token } })).rejects.toMatchObject({ reason: 'expired' });
    await expect(redeemMagicLink({ ctx: late, input: { token } })).rejects.toMatchObject({ reason: 'expired' });

    const inTime = await ctxFor(BRESLOV, { now: start + 10 * MINUTE - 1 });
    expect(await inspectMagicLink({ ctx: inTime, input: { token } })).toEqual({ email });
    const { session, returnTo } = await redeemMagicLink({ ctx: inTime, input: { token } });
    expect(returnTo).toBe('/courses');
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(redeemMagicLink({ ctx: inTime, input: { token } })).rejects.toMatchObject({ reason: 'used' });
  });

  it('a newer link makes the older ones useless', async () => {
    const email = newEmail('newer');
    const ctx = await ctxFor(BRESLOV);
    await requestMagicLink({ ctx, input: { email } });
    const older = await latestToken(email);
    await requestMagicLink({ ctx, input: { email } });
    const newer = await latestToken(email);
    await expect(redeemMagicLink({ ctx, input: { token: older } })).rejects.toMatchObject({ reason: 'used' });
    await expect(redeemMagicLink({ ctx, input: { token: newer } })).resolves.toMatchObject({ returnTo: '/' });
  });

  it('of two concurrent redemptions exactly one signs in', async () => {
    const email = newEmail('race');
    const ctx = await ctxFor(BRESLOV);
    await requestMagicLink({ ctx, input: { email } });
    const token = await latestToken(email);
    const outcomes = await Promise.allSettled([redeemMagicLink({ ctx, input: { token } }), redeemMagicLink({ ctx, input: { token } })]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(MagicLinkUnusable);
    const { count } = (await env.PLATFORM_DB.prepare('SELECT count(*) AS count FROM auth_sessions WHERE user_email = ?').bind(email).first<{ count: number }>())!;
    expect(count).toBe(1);
  });

  it('a token is bound to its school: Breslov’s link is unknown to Acme, and stays usable', async () => {
    const email = newEmail('cross');
    await requestMagicLink({ ctx: await ctxFor(BRESLOV), input: { email } });
    const token = await latestToken(email);
    const acme = await ctxFor(ACME);
    await expect(inspectMagicLink({ ctx: acme, input: { token } })).rejects.toMatchObject({ reason: 'unknown' });
    await expect(redeemMagicLink({ ctx: acme, input: { token } })).rejects.toMatchObject({ reason: 'unknown' });
    await expect(redeemMagicLink({ ctx: await ctxFor(BRESLOV), input: { token } })).resolves.toBeTruthy();
  });

  it('treats malformed tokens as unknown', async () => {
    const ctx = await ctxFor(BRESLOV);
    for (const token of ['', 'short', 'x'.repeat(300), '<script>', undefined]) {
      await expect(inspectMagicLink({ ctx, input: { token } })).rejects.toMatchObject({ reason: 'unknown' });
    }
  });
});
