import { describe, expect, it } from 'vitest';
import { Invalid } from '../../../platform/errors.ts';
import { entraClaims, googleClaims, SECRETS, TENANT_A, TENANT_B, unsignedJwt } from './fake-providers.ts';
import { entraIdentity, googleIdentity, MICROSOFT_PERSONAL_TENANT } from './id-token.ts';

const now = new Date();
const google = (over: Record<string, unknown>) => googleIdentity(unsignedJwt(googleClaims(over)), { clientId: SECRETS.GOOGLE_CLIENT_ID, now });
const entra = (over: Record<string, unknown>, options: { tenant?: string; trustedTenantIds?: string[] } = {}) =>
  entraIdentity(unsignedJwt(entraClaims(over)), { clientId: SECRETS.MICROSOFT_CLIENT_ID, tenant: options.tenant ?? 'common', now, trustedTenantIds: options.trustedTenantIds ?? [] });

describe('Google ID tokens', () => {
  it('identify the person by issuer + sub, lower-casing the address', () => {
    expect(google({ sub: '1234', email: 'Ada@Example.test' })).toMatchObject({
      provider: 'google_oidc', issuer: 'https://accounts.google.com', subject: '1234', email: 'ada@example.test', emailVerified: true, domainVerified: false,
    });
    expect(google({ iss: 'accounts.google.com' }).issuer).toBe('https://accounts.google.com');
  });

  it('read email_verified strictly and hd as domain proof only for its own domain', () => {
    expect(google({ email_verified: 'true' }).emailVerified).toBe(true);
    expect(google({ email_verified: 'yes' }).emailVerified).toBe(false);
    expect(google({ email_verified: undefined }).emailVerified).toBe(false);
    expect(google({ email: 'a@school.test', hd: 'school.test' }).domainVerified).toBe(true);
    expect(google({ email: 'a@other.test', hd: 'school.test' }).domainVerified).toBe(false);
    expect(google({ email: 'a@school.test', hd: 'school.test', email_verified: false }).domainVerified).toBe(false);
  });

  it('are refused when malformed, for another client, expired, or without subject or address', () => {
    expect(() => googleIdentity('not-a-jwt', { clientId: SECRETS.GOOGLE_CLIENT_ID, now })).toThrow(Invalid);
    expect(() => google({ aud: ['other', SECRETS.GOOGLE_CLIENT_ID] })).toThrow(/another application/);
    expect(google({ aud: ['other', SECRETS.GOOGLE_CLIENT_ID], azp: SECRETS.GOOGLE_CLIENT_ID }).subject).toBeTruthy();
    expect(() => google({ exp: undefined })).toThrow(/expired/);
    expect(() => google({ sub: '' })).toThrow(/names no account/);
    expect(() => google({ email: 'not an address' })).toThrow(/no email address/);
  });
});

describe('Microsoft Entra ID tokens', () => {
  it('identify the person by tenant id (the issuer) + object id', () => {
    const claims = entraClaims();
    const identity = entraIdentity(unsignedJwt(claims), { clientId: SECRETS.MICROSOFT_CLIENT_ID, tenant: 'common', now, trustedTenantIds: [] });
    expect(identity).toMatchObject({ provider: 'microsoft_oidc', issuer: TENANT_A, subject: claims.oid, entraTenantId: TENANT_A, emailVerified: true, domainVerified: true });
  });

  it('verify the address with xms_edov on the email claim, or a tenant the school lists', () => {
    expect(entra({ xms_edov: false }).emailVerified).toBe(false);
    expect(entra({ xms_edov: 'true' }).emailVerified).toBe(true);
    expect(entra({ xms_edov: false }, { trustedTenantIds: [TENANT_A.toUpperCase()] }).emailVerified).toBe(true);
    const usernameOnly = { email: undefined, preferred_username: 'someone@contoso.test', xms_edov: true };
    expect(entra(usernameOnly)).toMatchObject({ email: 'someone@contoso.test', emailVerified: false });
    expect(entra(usernameOnly, { trustedTenantIds: [TENANT_A] }).emailVerified).toBe(true);
  });

  it('never count a personal account’s domain as proven', () => {
    const personal = entra({ tid: MICROSOFT_PERSONAL_TENANT, email: 'me@outlook.test' });
    expect(personal).toMatchObject({ emailVerified: true, domainVerified: false });
  });

  it('respect the tenant the app is registered for', () => {
    expect(() => entra({ tid: TENANT_B }, { tenant: TENANT_A })).toThrow(/directory this site does not accept/);
    expect(entra({ tid: TENANT_A }, { tenant: TENANT_A }).issuer).toBe(TENANT_A);
    expect(() => entra({ tid: MICROSOFT_PERSONAL_TENANT }, { tenant: 'organizations' })).toThrow(/does not accept/);
    expect(() => entra({ tid: TENANT_A }, { tenant: 'consumers' })).toThrow(/does not accept/);
  });

  it('are refused with an issuer other than their tenant, or without tenant and object ids', () => {
    expect(() => entra({ iss: `https://login.microsoftonline.com/${TENANT_B}/v2.0` })).toThrow(/unexpected issuer/);
    expect(() => entra({ iss: 'https://sts.windows.net/x/' })).toThrow(/unexpected issuer/);
    expect(() => entra({ oid: undefined })).toThrow(/names no tenant or account/);
    expect(() => entra({ aud: 'api://other' })).toThrow(/another application/);
  });
});
