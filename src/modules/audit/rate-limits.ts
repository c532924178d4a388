import { rateLimitLogs } from './schema.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { RateLimited, Unavailable } from '../../platform/errors.ts';

/**
 * Asks a rate-limit binding about every key (all are counted, so hammering one key cannot
 * hide another), writes a rate_limit_logs row per refused key, then refuses. Binding keys
 * carry the school id: one school's traffic never uses up another school's allowance.
 */
export async function enforceRateLimits({
  ctx,
  input,
}: {
  ctx: Pick<SchoolCtx, 'school' | 'schoolDb' | 'now'>;
  input: { limiter: RateLimit | undefined; bucket: string; keys: string[]; message: string };
}): Promise<void> {
  if (!input.limiter) {
    // Fail closed: without the binding nothing would stop a flood of mail.
    console.error(`[rate-limit] the ${input.bucket} rate-limit binding is missing; refusing rather than sending unlimited`);
    throw new Unavailable('This is switched off on this deployment for now. Please try again later.');
  }
  const limiter = input.limiter;
  const outcomes = await Promise.all(input.keys.map(async (key) => ({ key, ...(await limiter.limit({ key: `${ctx.school.id}:${input.bucket}:${key}` })) })));
  const refused = outcomes.filter((outcome) => !outcome.success);
  if (refused.length === 0) return;
  const { db, withSchool } = ctx.schoolDb;
  await db.insert(rateLimitLogs).values(refused.map(({ key }) => withSchool({ bucket: input.bucket, key, createdAt: ctx.now })));
  throw new RateLimited(input.message);
}
