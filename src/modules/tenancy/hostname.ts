/**
 * Host names as the tenancy layer sees them: lower case, no port, no trailing dot.
 * Only the request URL's host is trusted; X-Forwarded-Host and friends are never read.
 */
export function normalizeHostname(raw: string): string {
  let host = raw.trim().toLowerCase();
  if (host.startsWith('[')) {
    // IPv6 literal, possibly with a port: keep the bracketed address only.
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(0, end + 1);
  }
  const colon = host.indexOf(':');
  if (colon !== -1) host = host.slice(0, colon);
  return host.replace(/[.\s]+$/, '');
}

export type HostKind =
  | { kind: 'apex' }
  | { kind: 'auth' }
  /** Anything else may be a school: `<slug>.<platform domain>` or a custom domain. */
  | { kind: 'school-candidate'; hostname: string };

export function classifyHost(hostname: string, platformDomain: string): HostKind {
  const host = normalizeHostname(hostname);
  const apex = normalizeHostname(platformDomain);
  if (host === apex) return { kind: 'apex' };
  if (host === `auth.${apex}`) return { kind: 'auth' };
  return { kind: 'school-candidate', hostname: host };
}

/** The subdomain host a new school gets: `<slug>.<platform domain>`. */
export function subdomainHostname(slug: string, platformDomain: string): string {
  return `${slug}.${normalizeHostname(platformDomain)}`;
}
