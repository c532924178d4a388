import { z } from 'zod';
import { IDENTITY_PROVIDERS, MEMBERSHIP_ROLES } from '../identity/schema.ts';

// Inputs of the members, invitations and sign-in policy verbs. Messages are shown to the
// admin next to the field, so they say what to enter.

const Role = z.enum(MEMBERSHIP_ROLES, { error: 'Choose a role: owner, admin, instructor or student.' });
const Id = z.string({ error: 'Give the id of the record.' }).min(1).max(100);

export const ChangeMemberRoleInput = z.object({ membershipId: Id, role: Role });
export const RemoveMemberInput = z.object({ membershipId: Id });

export const Email = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .max(254, { error: 'That email address is too long.' })
  .pipe(z.email({ error: 'Enter a valid email address, such as name@example.com.' }));

export const CreateInvitationInput = z.object({ email: Email, role: Role });
export const RevokeInvitationInput = z.object({ invitationId: Id });
export const InvitationTokenInput = z.object({ token: z.string({ error: 'The invitation link has no token.' }).min(1).max(200) });

/** A DNS host name in lower case: labels of letters, digits and inner hyphens, at least two. */
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_DOMAINS = 50;

/** Admins type "@Example.edu " as often as "example.edu": accept both, store the latter. */
const normaliseDomain = (value: string) => value.trim().toLowerCase().replace(/^@/, '');
const Domain = z
  .string()
  .transform(normaliseDomain)
  .refine((d) => HOSTNAME.test(d), { error: 'Enter a domain such as example.edu (no http://, no spaces).' });
const unique = <T>(values: T[]) => [...new Set(values)];

export const SignInPolicyInput = z.object({
  allowedProviders: z
    .array(z.enum(IDENTITY_PROVIDERS, { error: 'Unknown sign-in method; use google_oidc, microsoft_oidc or magic_link.' }))
    .min(1, { error: 'Choose at least one way to sign in; with none, nobody could sign in.' })
    .transform(unique),
  allowedDomains: z
    .array(Domain)
    .max(MAX_DOMAINS, { error: `List at most ${MAX_DOMAINS} domains.` })
    .transform(unique),
  requireDomainMatch: z.boolean({ error: 'requireDomainMatch must be true or false.' }),
  requireDomainVerification: z.boolean({ error: 'requireDomainVerification must be true or false.' }),
  autoProvision: z.boolean({ error: 'autoProvision must be true or false.' }),
  // Owner is never handed out by a domain: owners are made by other owners, one by one.
  domainRoleMap: z
    .record(z.string(), z.enum(['admin', 'instructor', 'student'], { error: 'A domain can give the admin, instructor or student role (never owner).' }))
    .transform((map, ctx) => {
      const entries = Object.entries(map).map(([domain, role]) => [normaliseDomain(domain), role] as const);
      for (const [domain] of entries) {
        if (!HOSTNAME.test(domain)) ctx.addIssue({ code: 'custom', path: [domain], message: `"${domain}" is not a domain such as example.edu.` });
      }
      if (entries.length > MAX_DOMAINS) ctx.addIssue({ code: 'custom', message: `Map at most ${MAX_DOMAINS} domains to roles.` });
      return Object.fromEntries(entries);
    }),
  entraTenantIds: z
    .array(
      z
        .string()
        .transform((v) => v.trim().toLowerCase())
        .refine((v) => GUID.test(v), { error: 'A Microsoft tenant id looks like 72f988bf-86f1-41af-91ab-2d7cd011db47.' }),
    )
    .max(MAX_DOMAINS, { error: `List at most ${MAX_DOMAINS} tenant ids.` })
    .transform(unique),
});
export type SignInPolicyInput = z.input<typeof SignInPolicyInput>;
