import { api } from '../../../lib/api';
import { boolean, fail, list, nullableString, object, oneOf, string, type Json } from '../../../lib/json';

export const DOMAIN_STATUSES = ['pending', 'verified', 'active', 'failed', 'expired'] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];

/** A DNS record the admin creates at their DNS provider. */
export type DnsRecord = { type: string; name: string; value: string };

/** One host of the school, as GET /api/admin/domains lists it. Times stay ISO strings. */
export type Domain = {
  hostname: string;
  kind: 'subdomain' | 'custom';
  status: DomainStatus;
  isPrimary: boolean;
  /** Why it is in this state, a sentence for the admin; null when all is well. */
  reason: string | null;
  record: DnsRecord | null;
  checkedAt: string | null;
  verifiedAt: string | null;
  /** Pending only: when the domain expires without its TXT record. */
  expiresAt: string | null;
  /** Active but failing: when it stops serving unless the record comes back. */
  stopsServingAt: string | null;
  edge: { hostnameStatus: string | null; sslStatus: string | null } | null;
};

export type DomainList = { domains: Domain[]; cnameTarget: string | null; maxCustomDomains: number };

function parseRecord(value: unknown): DnsRecord | null {
  if (value === null || value === undefined) return null;
  const r = object(value, 'record');
  return { type: string(r, 'type'), name: string(r, 'name'), value: string(r, 'value') };
}

function parseEdge(value: unknown): Domain['edge'] {
  if (value === null || value === undefined) return null;
  const e = object(value, 'edge');
  return { hostnameStatus: nullableString(e, 'hostnameStatus'), sslStatus: nullableString(e, 'sslStatus') };
}

export function parseDomain(value: unknown): Domain {
  const d = object(value, 'domain');
  return {
    hostname: string(d, 'hostname'),
    kind: oneOf(d, 'kind', ['subdomain', 'custom'] as const),
    status: oneOf(d, 'status', DOMAIN_STATUSES),
    isPrimary: boolean(d, 'isPrimary'),
    reason: nullableString(d, 'reason'),
    record: parseRecord(d.record),
    checkedAt: nullableString(d, 'checkedAt'),
    verifiedAt: nullableString(d, 'verifiedAt'),
    expiresAt: nullableString(d, 'expiresAt'),
    stopsServingAt: nullableString(d, 'stopsServingAt'),
    edge: parseEdge(d.edge),
  };
}

function parseList(data: unknown): DomainList {
  const body: Json = object(data, 'domains response');
  const max = body.maxCustomDomains;
  return {
    domains: list(body, 'domains').map(parseDomain),
    cnameTarget: nullableString(body, 'cnameTarget'),
    maxCustomDomains: typeof max === 'number' ? max : fail('maxCustomDomains is not a number'),
  };
}

const path = (hostname: string) => `/api/admin/domains/${encodeURIComponent(hostname)}`;

export function fetchDomains(): Promise<DomainList> {
  return api('/api/admin/domains', { parse: parseList });
}

export function addDomain(hostname: string): Promise<Domain> {
  return api('/api/admin/domains', { method: 'POST', body: { hostname }, parse: (data) => parseDomain(object(data, 'add response').domain) });
}

/** Looks the TXT record up now; answers the domain as it stands afterwards. */
export function checkDomain(hostname: string): Promise<Domain> {
  return api(`${path(hostname)}/check`, { method: 'POST', parse: (data) => parseDomain(object(data, 'check response').domain) });
}

/** Makes the host primary; answers the whole list, as GET does. */
export function makePrimary(hostname: string): Promise<DomainList> {
  return api(`${path(hostname)}/primary`, { method: 'POST', parse: parseList });
}

export function removeDomain(hostname: string): Promise<{ removed: string; warnings: string[] }> {
  return api(path(hostname), {
    method: 'DELETE',
    parse: (data) => {
      const body = object(data, 'remove response');
      return { removed: string(body, 'removed'), warnings: list(body, 'warnings').map((w) => (typeof w === 'string' ? w : fail('warnings holds a non-string'))) };
    },
  });
}

// ---- presentation helpers ------------------------------------------------------------

/** The address of `hostname` as this deployment is reached (same scheme and port as this page). */
export function originOf(hostname: string): string {
  return `${location.protocol}//${hostname}${location.port ? `:${location.port}` : ''}`;
}

/** Active but its TXT record has gone missing: still serving, until `stopsServingAt`. */
export const isFailing = (domain: Domain) => domain.status === 'active' && domain.stopsServingAt !== null;

/** The status badge's words and tone. Text carries the meaning, never colour alone. */
export function statusBadge(domain: Domain): { label: string; tone: 'success' | 'brand' | 'neutral' | 'muted' | 'danger' } {
  if (isFailing(domain)) return { label: 'Active, failing', tone: 'danger' };
  switch (domain.status) {
    case 'active':
      return { label: 'Active', tone: 'success' };
    case 'verified':
      return { label: 'Verified', tone: 'brand' };
    case 'pending':
      return { label: 'Pending', tone: 'neutral' };
    case 'failed':
      return { label: 'Failed', tone: 'danger' };
    case 'expired':
      return { label: 'Expired', tone: 'muted' };
  }
}

/** A custom domain that needs the admin's attention gets its own panel with the DNS record. */
export const needsAttention = (domain: Domain) => domain.kind === 'custom' && (domain.status !== 'active' || isFailing(domain));
