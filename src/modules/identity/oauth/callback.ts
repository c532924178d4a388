import { OAuth2RequestError } from 'arctic';
import { z } from 'zod';
import type { PlatformDb } from '../../../platform/db/platform-db.ts';
import { schoolD1, schoolDbFor } from '../../../platform/db/school-db.ts';
import type { Env } from '../../../platform/env.ts';
import { AppError, Invalid, NotFound, Unavailable } from '../../../platform/errors.ts';
import { findSchoolByHostname } from '../../tenancy/resolve-school.ts';
import type { SignInPolicy } from '../policy.ts';
import { completeSignIn, loadSignInPolicy, SignInRefused, type VerifiedIdentity } from '../sign-in.ts';
import { claimAuthState, createHandoff } from './auth-state.ts';
import { entraIdentity, googleIdentity } from './id-token.ts';
import { callbackUrl, hostOrigin, OAUTH_PROVIDERS, OAUTH_SLUGS, type OAuthSlug, oauthClient, oauthCredentials, providerName } from './providers.ts';

/** What the central callback on the auth host knows: no school until the state names one. */
export type AuthHostCtx = { env: Env; platformDb: PlatformDb; now: Date; origin: string };

export const STATE_REFUSED =
  'This sign-in attempt is no longer valid: it expired, was already used, or did not start here. Go back to your school’s sign-in page and start again.';

export const FinishOAuthSignInInput = z.object({
  provider: z.enum(OAUTH_SLUGS),
  state: z.string().min(1).max(128),
  code: z.string().min(1).max(4096).optional(),
  error: z.string().optional(),
});

/**
 * The provider sends the browser here. Checks and claims the state, exchanges the code,
 * identifies the person, applies the school's policy (completeSignIn), and returns where to
 * send the browser: the school host's handoff with a single-use code, or the school's
 * sign-in page with the reason it did not work.
 */
export async function finishOAuthSignIn({ ctx, input }: { ctx: AuthHostCtx; input: Partial<z.input<typeof FinishOAuthSignInInput>> }) {
  const parsed = FinishOAuthSignInInput.safeParse(input);
  if (!parsed.success) throw new Invalid(STATE_REFUSED);
  const { provider: slug, state, code, error } = parsed.data;
  const attempt = await claimAuthState(ctx.platformDb, { state, provider: OAUTH_PROVIDERS[slug], now: ctx.now });
  if (!attempt) throw new Invalid(STATE_REFUSED);

  // From here on we know the school, so problems are explained on its own sign-in page.
  const schoolOrigin = hostOrigin(ctx.origin, attempt.hostname);
  const back = (message: string) => ({ location: `${schoolOrigin}/sign-in?${new URLSearchParams({ error: message, returnTo: attempt.returnTo })}` });
  const via = providerName(slug);
  if (error || !code) return back(`${via} did not complete the sign-in. Try again, or choose another way to sign in.`);

  const school = await findSchoolByHostname(ctx.platformDb, attempt.hostname);
  if (!school || school.id !== attempt.schoolId) throw new NotFound('This school is no longer available at this address.');
  const schoolDb = schoolDbFor(schoolD1(ctx.env, school), school.id);
  const policy = await loadSignInPolicy({ schoolDb });

  let identity: VerifiedIdentity;
  try {
    identity = await identify(ctx, slug, { code, codeVerifier: attempt.codeVerifier, policy });
  } catch (err) {
    if (err instanceof AppError) return back(err.message);
    throw err;
  }
  // Checked before any lookup by address, so an unproven address learns nothing about accounts.
  if (!identity.emailVerified) return back(`Your ${via} account’s email address is not verified. Verify it with ${via}, then try again.`);

  let signedIn: Awaited<ReturnType<typeof completeSignIn>>;
  try {
    signedIn = await completeSignIn({ ctx: { platformDb: ctx.platformDb, school, schoolDb, now: ctx.now }, input: identity });
  } catch (err) {
    if (err instanceof SignInRefused) return back(err.message);
    throw err;
  }
  const handoff = await createHandoff(ctx.platformDb, {
    userId: signedIn.user.id,
    provider: OAUTH_PROVIDERS[slug],
    schoolId: school.id,
    hostname: attempt.hostname,
    returnTo: attempt.returnTo,
    browserBinding: state,
    now: ctx.now,
  });
  return { location: `${schoolOrigin}/auth/handoff?${new URLSearchParams({ code: handoff })}` };
}

/** Code → tokens (with the PKCE verifier) → the person the ID token names. */
async function identify(ctx: AuthHostCtx, slug: OAuthSlug, input: { code: string; codeVerifier: string; policy: SignInPolicy }): Promise<VerifiedIdentity> {
  const via = providerName(slug);
  const credentials = oauthCredentials(ctx.env);
  const client = oauthClient(slug, credentials, callbackUrl(ctx.origin, ctx.env.PLATFORM_DOMAIN, slug));
  if (!client) throw new Unavailable(`Sign-in with ${via} has been switched off on this site. Choose another way to sign in.`);
  let idToken: string;
  try {
    idToken = (await client.validateAuthorizationCode(input.code, input.codeVerifier)).idToken();
  } catch (err) {
    if (err instanceof OAuth2RequestError) {
      throw new Invalid(`${via} did not accept this sign-in (${err.code}); it may have taken too long. Try again.`);
    }
    console.error(`[oauth] ${slug} token exchange failed`, err);
    throw new Unavailable(`We could not complete sign-in with ${via} just now. Try again in a minute.`);
  }
  if (slug === 'google') return googleIdentity(idToken, { clientId: credentials.google!.clientId, now: ctx.now });
  const entra = credentials.microsoft!;
  return entraIdentity(idToken, { clientId: entra.clientId, tenant: entra.tenant, now: ctx.now, trustedTenantIds: input.policy.entraTenantIds });
}
