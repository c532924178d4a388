import { and, eq } from 'drizzle-orm';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { schoolHostnames } from './schema.ts';

/**
 * An absolute link into the school for mail (sign-in links, invitations): the school's stored
 * primary hostname (else the stored host the request resolved on), with the scheme and port this deployment is
 * reached on — never the request's Host header, which a client controls.
 */
export async function schoolLink(
  ctx: Pick<SchoolCtx, 'platformDb' | 'school' | 'origin'>,
  path: string,
  params: Record<string, string> = {},
): Promise<{ url: string; hostname: string }> {
  const [stored] = await ctx.platformDb
    .select({ hostname: schoolHostnames.hostname })
    .from(schoolHostnames)
    .where(and(eq(schoolHostnames.schoolId, ctx.school.id), eq(schoolHostnames.status, 'active'), eq(schoolHostnames.isPrimary, true)))
    .limit(1);
  // Without a primary, the host the request resolved on: it is itself a stored, active host.
  const hostname = stored?.hostname ?? ctx.school.hostname;
  const { protocol, port } = new URL(ctx.origin);
  const url = new URL(`${protocol}//${hostname}${port ? `:${port}` : ''}${path}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return { url: url.href, hostname };
}

/** The From address of every mail the platform sends. */
export const senderAddress = (env: { PLATFORM_DOMAIN: string }) => `no-reply@${env.PLATFORM_DOMAIN}`;
