import { z } from 'zod';

/**
 * Bindings and variables every request needs, checked once per isolate before routing so
 * a missing one is a clear start-up error instead of a crash deep inside a handler.
 * School databases (SCHOOL_<SLUG>) are looked up by name per request, see `school-db.ts`.
 */
const binding = (what: string, probe: string) =>
  z.custom<unknown>(
    (value) => typeof value === 'object' && value !== null && probe in value,
    `missing or wrong binding: expected ${what}`,
  );

export const EnvSchema = z.object({
  PLATFORM_DOMAIN: z
    .string()
    .min(1)
    .regex(/^[a-z0-9.-]+$/, 'PLATFORM_DOMAIN must be a lower-case host name such as "localhost" or "lectern.app"'),
  ENVIRONMENT: z.enum(['development', 'test', 'production']),
  PLATFORM_DB: binding('a D1 database', 'prepare'),
  MEDIA: binding('an R2 bucket', 'head'),
  EVENTS: binding('a queue producer', 'send'),
  STRIPE_WEBHOOKS: binding('a queue producer', 'send'),
  ASSETS: binding('the static assets fetcher', 'fetch'),
  MAILER: binding('a send_email binding', 'send'),
  RATE_LIMIT_SIGN_IN: binding('a rate-limit binding', 'limit'),
  RATE_LIMIT_MAGIC_LINK: binding('a rate-limit binding', 'limit'),
  RATE_LIMIT_COUPON: binding('a rate-limit binding', 'limit'),
});

export type Env = {
  PLATFORM_DOMAIN: string;
  ENVIRONMENT: 'development' | 'test' | 'production';
  PLATFORM_DB: D1Database;
  MEDIA: R2Bucket;
  STREAM?: unknown;
  EVENTS: Queue<unknown>;
  STRIPE_WEBHOOKS: Queue<unknown>;
  MAILER: SendEmail;
  RATE_LIMIT_SIGN_IN: RateLimit;
  RATE_LIMIT_MAGIC_LINK: RateLimit;
  RATE_LIMIT_COUPON: RateLimit;
  /** OAuth credentials (secrets). Optional: a provider without both is not offered. */
  GOOGLE_CLIENT_ID?: string;
  GOOGLE_CLIENT_SECRET?: string;
  MICROSOFT_CLIENT_ID?: string;
  MICROSOFT_CLIENT_SECRET?: string;
  /** Entra tenant the Microsoft app signs in against: a tenant id, `organizations` or `common` (default). */
  MICROSOFT_TENANT?: string;
  ASSETS: Fetcher;
  /** One D1 binding per school, named in the platform's `schools.d1_binding` column. */
  [schoolBinding: `SCHOOL_${string}`]: D1Database | undefined;
};

export class EnvError extends Error {}

const checked = new WeakSet<object>();

/** Validates the environment once per env object (i.e. once per isolate in production). */
export function assertEnv(env: unknown): asserts env is Env {
  if (typeof env === 'object' && env !== null && checked.has(env)) return;
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Lectern cannot start, the Worker environment is incomplete:\n  ${problems.join('\n  ')}`);
  }
  checked.add(env as object);
}
