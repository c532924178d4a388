import { decodeIdToken } from 'arctic';
import { Invalid } from '../../../platform/errors.ts';
import type { VerifiedIdentity } from '../sign-in.ts';

/*
 * ID tokens are read, not signature-checked: they come straight from the provider's token
 * endpoint over TLS, in answer to a request authenticated with our client secret and PKCE
 * verifier (OpenID Connect Core §3.1.3.7, item 6). What we do check is that the token was
 * issued by the expected issuer, for our client id, and has not expired.
 */

/** Microsoft's tenant for personal accounts (outlook.com, hotmail.com…); it owns no customer domain. */
export const MICROSOFT_PERSONAL_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CLOCK_SKEW_MS = 60_000;

type Claims = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const isTrue = (value: unknown) => value === true || value === 'true';

function untrusted(via: string, what: string): Invalid {
  return new Invalid(`${via}'s answer could not be trusted (${what}). Start again from the sign-in page.`);
}

function readClaims(via: string, idToken: string, clientId: string, now: Date): Claims {
  let claims: Claims;
  try {
    claims = decodeIdToken(idToken) as Claims;
  } catch {
    throw untrusted(via, 'the ID token is malformed');
  }
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  // With several audiences, the authorised party must be us (OIDC Core §3.1.3.7, items 3–5).
  if (!audiences.includes(clientId) || (audiences.length > 1 && claims.azp !== clientId)) throw untrusted(via, 'it was issued to another application');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 + CLOCK_SKEW_MS <= now.getTime()) throw untrusted(via, 'it has expired');
  return claims;
}

function emailFrom(via: string, value: string): string {
  const email = value.toLowerCase();
  if (!EMAIL.test(email)) throw untrusted(via, 'it carries no email address');
  return email;
}

/** Google: the person is `sub`; `hd` is the Workspace domain vouching for the address. */
export function googleIdentity(idToken: string, options: { clientId: string; now: Date }): VerifiedIdentity {
  const claims = readClaims('Google', idToken, options.clientId, options.now);
  if (!GOOGLE_ISSUERS.includes(text(claims.iss))) throw untrusted('Google', 'unexpected issuer');
  const subject = text(claims.sub);
  if (!subject) throw untrusted('Google', 'it names no account');
  const email = emailFrom('Google', text(claims.email));
  const emailVerified = isTrue(claims.email_verified);
  const hd = text(claims.hd).toLowerCase();
  return {
    provider: 'google_oidc',
    issuer: GOOGLE_ISSUERS[0]!,
    subject,
    email,
    emailVerified,
    domainVerified: emailVerified && hd !== '' && email.endsWith(`@${hd}`),
    displayName: text(claims.name) || null,
  };
}

/**
 * Microsoft Entra: the person is tenant id (`tid`, which is also the issuer) + object id
 * (`oid`). Entra lets tenant admins put any address in `email`, so an address counts as
 * verified only when
 *   - it is the `email` claim and Entra says the domain's owner verified it (`xms_edov`,
 *     an optional claim the app registration must request), or
 *   - the account belongs to a tenant the school's policy lists (the school trusts that
 *     organisation's directory), which also covers `preferred_username` when `email` is absent.
 * The domain counts as verified on the same terms, except for personal Microsoft accounts.
 */
export function entraIdentity(
  idToken: string,
  options: { clientId: string; tenant: string; now: Date; trustedTenantIds: string[] },
): VerifiedIdentity {
  const claims = readClaims('Microsoft', idToken, options.clientId, options.now);
  const tid = text(claims.tid);
  const oid = text(claims.oid);
  if (!GUID.test(tid) || !GUID.test(oid)) throw untrusted('Microsoft', 'it names no tenant or account');
  if (text(claims.iss) !== `https://login.microsoftonline.com/${tid}/v2.0`) throw untrusted('Microsoft', 'unexpected issuer');
  const tenant = options.tenant.toLowerCase();
  const personal = tid.toLowerCase() === MICROSOFT_PERSONAL_TENANT;
  if (
    (GUID.test(tenant) && tenant !== tid.toLowerCase()) ||
    (tenant === 'organizations' && personal) ||
    (tenant === 'consumers' && !personal)
  ) {
    throw untrusted('Microsoft', 'the account is from a directory this site does not accept');
  }
  const fromEmailClaim = text(claims.email) !== '';
  const email = emailFrom('Microsoft', fromEmailClaim ? text(claims.email) : text(claims.preferred_username));
  const tenantTrusted = options.trustedTenantIds.some((id) => id.toLowerCase() === tid.toLowerCase());
  const emailVerified = tenantTrusted || (fromEmailClaim && isTrue(claims.xms_edov));
  return {
    provider: 'microsoft_oidc',
    issuer: tid,
    subject: oid,
    email,
    emailVerified,
    domainVerified: emailVerified && !personal,
    displayName: text(claims.name) || null,
    entraTenantId: tid,
  };
}
