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
  RATE_LIMIT_APPLICATION: binding('a rate-limit binding', 'limit'),
  FILE_TOKEN_KEYS: z
    .string()
    .optional()
    .refine((raw) => raw === undefined || FileTokenKeysSchema.safeParse(parseJson(raw)).success, {
      message: 'FILE_TOKEN_KEYS must be JSON such as {"k1":"<base64 of 32+ random bytes>"}: key ids of 1-32 letters, digits, - and _',
    }),
  STRIPE_API_BASE: z
    .url({ message: 'STRIPE_API_BASE must be a URL such as http://127.0.0.1:12111 (a local fake Stripe).' })
    .optional(),
  CF_API_BASE: z.url({ message: 'CF_API_BASE must be a URL such as http://127.0.0.1:12112 (a local fake Cloudflare API).' }).optional(),
  DOH_URL: z.url({ message: 'DOH_URL must be the URL of a DNS-over-HTTPS JSON resolver such as https://cloudflare-dns.com/dns-query.' }).optional(),
  PLATFORM_FEE_PERCENT: z
    .string()
    .regex(/^\d{1,2}(\.\d{1,2})?$/, 'PLATFORM_FEE_PERCENT must be a percentage from 0 to 99.99 such as "5" or "2.5".')
    .optional(),
}).refine((env) => env.ENVIRONMENT !== 'production' || env.STRIPE_API_BASE === undefined, {
  message: 'STRIPE_API_BASE points Stripe calls somewhere else; it is for local development and tests only.',
  path: ['STRIPE_API_BASE'],
}).refine((env) => env.ENVIRONMENT !== 'production' || env.CF_API_BASE === undefined, {
  message: 'CF_API_BASE points Cloudflare API calls somewhere else; it is for local development and tests only.',
  path: ['CF_API_BASE'],
});

/** Signing keys for media links: key id → base64 (or base64url) secret of at least 32 bytes. */
export const FileTokenKeysSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
    z.string().refine((secret) => base64Length(secret) >= 32),
  )
  .refine((keys) => Object.keys(keys).length > 0);

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function base64Length(value: string): number {
  try {
    const standard = value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    return atob(standard + '='.repeat((4 - (standard.length % 4)) % 4)).length;
  } catch {
    return 0;
  }
}

export type Env = {
  PLATFORM_DOMAIN: string;
  ENVIRONMENT: 'development' | 'test' | 'production';
  PLATFORM_DB: D1Database;
  MEDIA: R2Bucket;
  /** Cloudflare Stream (lesson video); miniflare's simulator locally. */
  STREAM?: StreamBinding;
  EVENTS: Queue<unknown>;
  STRIPE_WEBHOOKS: Queue<unknown>;
  MAILER: SendEmail;
  RATE_LIMIT_SIGN_IN: RateLimit;
  RATE_LIMIT_MAGIC_LINK: RateLimit;
  RATE_LIMIT_COUPON: RateLimit;
  /** "Start a school" applications on the apex, per client address. */
  RATE_LIMIT_APPLICATION: RateLimit;
  /** OAuth credentials (secrets). Optional: a provider without both is not offered. */
  GOOGLE_CLIENT_ID?: string;
  GOOGLE_CLIENT_SECRET?: string;
  MICROSOFT_CLIENT_ID?: string;
  MICROSOFT_CLIENT_SECRET?: string;
  /** Entra tenant the Microsoft app signs in against: a tenant id, `organizations` or `common` (default). */
  MICROSOFT_TENANT?: string;
  /** HMAC keys for signed media links, JSON {"<kid>":"<base64 secret>"}; the first key signs (see media/downloads/token-keys.ts). */
  FILE_TOKEN_KEYS?: string;
  /** Secret Stream returned when the webhook URL was registered; verifies POST /webhooks/stream. */
  STREAM_WEBHOOK_SECRET?: string;
  /** e.g. customer-abc123.cloudflarestream.com: where signed HLS manifests are served. */
  STREAM_CUSTOMER_SUBDOMAIN?: string;
  /** Stream signing key (id + JWK, base64 JSON as Stream returns it): lets the Worker mint playback tokens with its own expiry. */
  STREAM_SIGNING_KEY_ID?: string;
  STREAM_SIGNING_KEY_JWK?: string;
  /** Account id and an API token with Stream:Edit: resumable (tus) uploads over 200 MB, and the preview clips that enforce preview seconds in production. */
  STREAM_ACCOUNT_ID?: string;
  STREAM_API_TOKEN?: string;
  /** Platform Stripe secret key (sk_…): creates connected accounts and acts on them with Stripe-Account. Unset: nothing can be sold and the screens say so. */
  STRIPE_SECRET_KEY?: string;
  /** Signing secret(s) of the Connect webhook endpoint (whsec_…); several, comma-separated, while rotating. */
  STRIPE_WEBHOOK_SECRET?: string;
  /** Development/tests only: send Stripe API calls to a local fake (e.g. http://127.0.0.1:12111). Refused in production. */
  STRIPE_API_BASE?: string;
  /** The platform's cut of each sale, in percent (e.g. "5"); default 0. */
  PLATFORM_FEE_PERCENT?: string;
  /** Cloudflare for SaaS (secrets): the zone custom hostnames are added to, and an API token with SSL and Certificates:Edit on it. Both unset: a verified domain is active at once. */
  CF_ZONE_ID?: string;
  CF_API_TOKEN?: string;
  /** Development/tests only: send Cloudflare API calls to a local fake. Refused in production. */
  CF_API_BASE?: string;
  /** Where custom-domain TXT records are looked up (DNS-over-HTTPS, JSON); default Cloudflare's resolver. */
  DOH_URL?: string;
  /** Shown to admins as the CNAME target for their domain when Cloudflare for SaaS is used (the zone's fallback origin). */
  CF_SAAS_CNAME_TARGET?: string;
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
