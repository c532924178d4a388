import { api } from '../../../lib/api';
import { boolean, fail, isObject, list, object, string, stringList } from '../../../lib/json';
import { ROLES, type Role } from '../../../lib/roles';

/** What PUT /api/admin/sign-in-policy takes. */
export type SignInPolicy = {
  allowedProviders: string[];
  allowedDomains: string[];
  requireDomainMatch: boolean;
  requireDomainVerification: boolean;
  autoProvision: boolean;
  domainRoleMap: Record<string, Role>;
  entraTenantIds: string[];
};

/** The policy plus the providers this deployment can offer at all (configured credentials). */
export type PolicyView = { policy: SignInPolicy; availableProviders: Array<{ id: string; label: string }> };

export const PROVIDER_LABELS: Record<string, string> = {
  magic_link: 'Email link (magic link)',
  google_oidc: 'Google',
  microsoft_oidc: 'Microsoft (Entra ID)',
};

// Accepts plain ids or { id, label }: the admin API may grow labels without breaking this page.
function parseProviders(data: Record<string, unknown>): PolicyView['availableProviders'] {
  return list(data, 'availableProviders').map((entry) => {
    if (typeof entry === 'string') return { id: entry, label: PROVIDER_LABELS[entry] ?? entry };
    const provider = object(entry, 'provider');
    const id = string(provider, 'id');
    return { id, label: typeof provider.label === 'string' ? provider.label : (PROVIDER_LABELS[id] ?? id) };
  });
}

function parseRoleMap(value: unknown): Record<string, Role> {
  if (!isObject(value)) fail('domainRoleMap is not an object');
  const map: Record<string, Role> = {};
  for (const [domain, role] of Object.entries(value)) {
    map[domain] = (ROLES as readonly unknown[]).includes(role) ? (role as Role) : fail(`role for ${domain} is unknown`);
  }
  return map;
}

function parsePolicyView(value: unknown): PolicyView {
  const data = object(value, 'sign-in policy');
  return {
    policy: {
      allowedProviders: stringList(data, 'allowedProviders'),
      allowedDomains: stringList(data, 'allowedDomains'),
      requireDomainMatch: boolean(data, 'requireDomainMatch'),
      requireDomainVerification: boolean(data, 'requireDomainVerification'),
      autoProvision: boolean(data, 'autoProvision'),
      domainRoleMap: parseRoleMap(data.domainRoleMap),
      entraTenantIds: stringList(data, 'entraTenantIds'),
    },
    availableProviders: Array.isArray(data.availableProviders) ? parseProviders(data) : [],
  };
}

export function fetchSignInPolicy(): Promise<PolicyView> {
  return api('/api/admin/sign-in-policy', { parse: parsePolicyView });
}

/** Saves the policy. The page reads it back afterwards, so it shows what was actually stored. */
export function saveSignInPolicy(policy: SignInPolicy): Promise<void> {
  return api('/api/admin/sign-in-policy', { method: 'PUT', body: policy, parse: () => undefined });
}
