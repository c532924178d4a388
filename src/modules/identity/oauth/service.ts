import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { enforceRateLimits } from '../../audit/rate-limits.ts';
import { Invalid, NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import type { Provider } from '../policy.ts';
import { safeReturnTo } from '../return-to.ts';
import { users } from '../schema.ts';
import { createSession, revokeSession } from '../sessions.ts';
import { loadSignInPolicy, SignInRefused } from '../sign-in.ts';
import { claimHandoff, recordAuthState } from './auth-state.ts';
import { callbackUrl, OAUTH_PROVIDERS, OAUTH_SCOPES, OAUTH_SLUGS, oauthClient, oauthCredentials, providerName } from './providers.ts';

// Sign-in verbs run for people who are not signed in yet: there is no actor to check, the
// school's sign-in policy is the permission.

export type SignInMethod = { id: Provider; label: string; startUrl?: string };

const METHOD_ORDER: Provider[] = ['google_oidc', 'microsoft_oidc', 'magic_link'];
const LABELS: Record<Provider, string> = {
  google_oidc: 'Continue with Google',
  microsoft_oidc: 'Continue with Microsoft',
  magic_link: 'Email me a sign-in link',
};

/**
 * The ways to sign in here: what the school's policy allows and this deployment has
 * credentials for. The client renders exactly these; it appends `?returnTo=` to a startUrl.
 */
export async function listSignInMethods({ ctx }: { ctx: SchoolCtx }): Promise<SignInMethod[]> {
  const policy = await loadSignInPolicy(ctx);
  const configured = oauthCredentials(ctx.env);
  return METHOD_ORDER.filter((id) => policy.allowedProviders.includes(id)).flatMap((id): SignInMethod[] => {
    if (id === 'magic_link') return [{ id, label: LABELS[id] }];
    const slug = OAUTH_SLUGS.find((s) => OAUTH_PROVIDERS[s] === id)!;
    return configured[slug] ? [{ id, label: LABELS[id], startUrl: `/auth/${slug}/start` }] : [];
  });
}

export const StartOAuthSignInInput = z.object({
  provider: z.enum(OAUTH_SLUGS),
  returnTo: z.string().nullish(),
  /** cf-connecting-ip; always present behind Cloudflare, absent only in local tools. */
  clientIp: z.string().max(64).nullish(),
});

/**
 * Records the attempt and returns where to send the browser: the provider's consent page,
 * which will come back to the central callback on the auth host. `state` also goes into
 * the flow cookie, binding the attempt to this browser.
 */
export async function startOAuthSignIn({ ctx, input }: { ctx: SchoolCtx; input: z.input<typeof StartOAuthSignInInput> }) {
  const { provider: slug, returnTo, clientIp } = StartOAuthSignInInput.parse(input);
  const via = providerName(slug);
  // Each start writes a row without authentication: bound how fast one address can do that.
  if (clientIp) {
    await enforceRateLimits({
      ctx,
      input: { limiter: ctx.env.RATE_LIMIT_SIGN_IN, bucket: 'oauth_start', keys: [`ip:${clientIp}`], message: 'Too many sign-in attempts from your network. Wait a minute and try again.' },
    });
  }
  const client = oauthClient(slug, oauthCredentials(ctx.env), callbackUrl(ctx.origin, ctx.env.PLATFORM_DOMAIN, slug));
  if (!client) throw new NotFound(`Sign-in with ${via} is not set up on this site. Choose another way to sign in.`);
  const policy = await loadSignInPolicy(ctx);
  if (!policy.allowedProviders.includes(OAUTH_PROVIDERS[slug])) {
    throw new SignInRefused(`${ctx.school.name} does not offer sign-in with ${via}. Choose another way to sign in.`);
  }
  const { state, codeVerifier } = await recordAuthState(ctx.platformDb, {
    provider: OAUTH_PROVIDERS[slug],
    schoolId: ctx.school.id,
    hostname: ctx.school.hostname,
    returnTo: safeReturnTo(returnTo),
    now: ctx.now,
  });
  const url = client.createAuthorizationURL(state, codeVerifier, OAUTH_SCOPES);
  // Shared computers: always let the person pick the account rather than reuse the last one.
  url.searchParams.set('prompt', 'select_account');
  return { location: url.toString(), state };
}

export const HANDOFF_REFUSED =
  'This sign-in has expired or was already used, or it was finished in a different browser from the one that started it. Go back to the sign-in page and start again.';

export const RedeemHandoffInput = z.object({
  code: z.string().min(1).max(128),
  browserBinding: z.string().min(1).max(128),
  userAgent: z.string().nullish(),
});

/**
 * The school host's half of an OAuth sign-in: the single-use code from the auth host (for
 * this school, this host name, this browser, within a minute) becomes a fresh session.
 * Whatever session the browser had before ends, so a planted one is never carried over.
 */
export async function redeemHandoff({ ctx, input }: { ctx: SchoolCtx; input: Partial<z.input<typeof RedeemHandoffInput>> }) {
  const parsed = RedeemHandoffInput.safeParse(input);
  if (!parsed.success) throw new Invalid(HANDOFF_REFUSED);
  const { code, browserBinding, userAgent } = parsed.data;
  const scope = { platformDb: ctx.platformDb, schoolId: ctx.school.id, hostname: ctx.school.hostname, now: ctx.now };
  const handoff = await claimHandoff(ctx.platformDb, { ...scope, code, browserBinding });
  if (!handoff) throw new Invalid(HANDOFF_REFUSED);
  const [user] = await ctx.platformDb.select({ email: users.email }).from(users).where(eq(users.id, handoff.userId)).limit(1);
  if (!user) throw new Invalid(HANDOFF_REFUSED);
  if (ctx.actor) await revokeSession(scope, { sessionId: ctx.actor.sessionId, userId: ctx.actor.user.id });
  const session = await createSession(scope, { userId: handoff.userId, userEmail: user.email, provider: handoff.provider, userAgent });
  return { session, returnTo: safeReturnTo(handoff.returnTo) };
}
