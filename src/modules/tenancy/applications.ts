import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import type { Env } from '../../platform/env.ts';
import { Conflict, RateLimited, Unavailable } from '../../platform/errors.ts';
import { subdomainHostname } from './hostname.ts';
import { schoolHostnames, schools, tenantApplications } from './schema.ts';
import { checkSlug } from './slug.ts';

/**
 * "Start a school" on the apex: anyone may apply; an operator approves or rejects with
 * `npm run applications:*` (scripts/lib/applications.ts), which provisions the school.
 */

export type SlugAvailability = { available: true; slug: string; reason: null } | { available: false; slug: string; reason: string };

const TAKEN = (slug: string) => `"${slug}" is already taken; choose another slug.`;
const REQUESTED = (slug: string) => `Someone has already asked for "${slug}"; choose another slug.`;

/**
 * Whether a new school could get `slug`: the shared slug rules (length, characters,
 * reserved names), then no school of any status has it or its subdomain host, then no
 * pending application asks for it. Says why not in words meant for the applicant.
 */
export async function checkSlugAvailability({
  ctx,
  input,
}: {
  ctx: { platformDb: PlatformDb; env: Pick<Env, 'PLATFORM_DOMAIN'> };
  input: { slug: string };
}): Promise<SlugAvailability> {
  const rules = checkSlug(input.slug);
  if (!rules.ok) return { available: false, slug: input.slug.trim(), reason: rules.reason };
  const { slug } = rules;
  const { platformDb } = ctx;
  const [[school], [host], [pending]] = await platformDb.batch([
    platformDb.select({ id: schools.id }).from(schools).where(eq(schools.slug, slug)).limit(1),
    platformDb
      .select({ hostname: schoolHostnames.hostname })
      .from(schoolHostnames)
      .where(eq(schoolHostnames.hostname, subdomainHostname(slug, ctx.env.PLATFORM_DOMAIN)))
      .limit(1),
    platformDb
      .select({ id: tenantApplications.id })
      .from(tenantApplications)
      .where(and(eq(tenantApplications.desiredSlug, slug), eq(tenantApplications.status, 'pending')))
      .limit(1),
  ]);
  if (school || host) return { available: false, slug, reason: TAKEN(slug) };
  if (pending) return { available: false, slug, reason: REQUESTED(slug) };
  return { available: true, slug, reason: null };
}

const noControlCharacters = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

export const SlugCheckQuery = z.object({
  slug: z.string('Add ?slug= with the slug to check.').max(100, 'A school slug is at most 40 characters long.'),
});

export const ApplicationInput = z.object({
  schoolName: z
    .string('Enter the name of your school.')
    .trim()
    .min(2, 'A school name needs at least 2 characters.')
    .max(100, 'A school name can be at most 100 characters.')
    .refine(noControlCharacters, 'A school name cannot contain control characters such as line breaks.'),
  desiredSlug: z
    .string('Choose the web address (slug) for your school.')
    .max(100, 'A school slug must be 3 to 40 characters long.')
    .transform((value, issue) => {
      const check = checkSlug(value);
      if (check.ok) return check.slug;
      issue.addIssue({ code: 'custom', message: check.reason });
      return z.NEVER;
    }),
  contactEmail: z
    .string('Enter your email address.')
    .trim()
    .toLowerCase()
    .max(254, 'That email address is too long: addresses have at most 254 characters.')
    .pipe(z.email('Enter a real email address, like name@example.com.')),
});
export type ApplicationInput = z.infer<typeof ApplicationInput>;

/** Who is asking, as far as the network can tell (cf-connecting-ip); never from the body. */
export type ApplicationCtx = {
  platformDb: PlatformDb;
  env: Pick<Env, 'PLATFORM_DOMAIN' | 'RATE_LIMIT_APPLICATION'>;
  now: Date;
  client: { ip: string | null };
};

/** Five applications a minute per client address (RATE_LIMIT_APPLICATION in wrangler.toml). */
async function enforceApplicationRateLimit(ctx: ApplicationCtx): Promise<void> {
  const limiter = ctx.env.RATE_LIMIT_APPLICATION;
  if (!limiter) {
    // Fail closed, like every other rate-limited form.
    console.error('[rate-limit] the RATE_LIMIT_APPLICATION binding is missing; refusing school applications');
    throw new Unavailable('Applications are switched off on this deployment for now. Please try again later.');
  }
  // Without a client address (only outside Cloudflare) everyone shares one allowance.
  const { success } = await limiter.limit({ key: `ip:${ctx.client.ip ?? 'unknown'}` });
  if (!success) throw new RateLimited('Too many applications were sent from your network. Wait a minute, then try again.');
}

/**
 * POST /api/applications { schoolName, desiredSlug, contactEmail } → 202 { received: true }.
 * A slug that breaks the rules is a 400; one taken by a school or already asked for by a
 * pending application is a 409. The insert itself re-checks "no pending application for this
 * slug" in the same statement, so two applicants racing for one slug cannot both get in.
 */
export async function submitApplication({ ctx, input }: { ctx: ApplicationCtx; input: unknown }): Promise<{ received: true }> {
  // A ZodError becomes the usual 400: "field: problem; …", with the issues as details.
  const application = ApplicationInput.parse(input);
  await enforceApplicationRateLimit(ctx);

  const availability = await checkSlugAvailability({ ctx, input: { slug: application.desiredSlug } });
  if (!availability.available) throw new Conflict(availability.reason);

  const id = crypto.randomUUID();
  const createdAt = ctx.now.getTime();
  const inserted = await ctx.platformDb.run(sql`
    INSERT INTO tenant_applications (id, school_name, desired_slug, contact_email, status, created_at)
    SELECT ${id}, ${application.schoolName}, ${application.desiredSlug}, ${application.contactEmail}, 'pending', ${createdAt}
    WHERE NOT EXISTS (SELECT 1 FROM tenant_applications WHERE desired_slug = ${application.desiredSlug} AND status = 'pending')
      AND NOT EXISTS (SELECT 1 FROM schools WHERE slug = ${application.desiredSlug})`);
  if ((inserted.meta.changes ?? 0) === 0) throw new Conflict(REQUESTED(application.desiredSlug));
  return { received: true };
}
