import { z } from 'zod';
import { normalizeHostname } from '../tenancy/hostname.ts';

/** A school may bring this many domains of its own (besides its subdomain). */
export const MAX_CUSTOM_DOMAINS = 5;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Why `raw` cannot be a school's custom domain, or null when it can. Names are compared in
 * their ASCII (punycode) form, the form DNS and the Host header use.
 */
export function customHostnameProblem(hostname: string, platformDomain: string): string | null {
  if (hostname.length > 253) return 'A domain name is at most 253 characters.';
  if (hostname.includes('*')) return 'Wildcard domains are not supported: add each hostname on its own.';
  const labels = hostname.split('.');
  if (labels.length < 2) return 'Enter a full domain name such as learn.example.com.';
  if (!labels.every((label) => LABEL.test(label))) return 'Use letters, digits and hyphens between the dots (e.g. learn.example.com).';
  if (/^\d+$/.test(labels.at(-1)!)) return 'An IP address cannot be a school domain; use a domain name.';
  const apex = normalizeHostname(platformDomain);
  if (hostname === apex || hostname.endsWith(`.${apex}`)) return `Addresses under ${apex} are the platform's own; add a domain you control.`;
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return 'localhost names cannot be verified in DNS.';
  return null;
}

/** The ASCII form of what an admin typed: lower case, punycode, no scheme, port, path or trailing dot. */
export function toAsciiHostname(raw: string): string | null {
  const trimmed = raw.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/?#].*$/, '');
  if (!trimmed || /[\s@]/.test(trimmed)) return null;
  try {
    return normalizeHostname(new URL(`http://${trimmed}`).hostname);
  } catch {
    return null;
  }
}

export const HostnameInput = z.object({ hostname: z.string().min(1, 'Enter a domain name.').max(300) });

/** A new verification token: 160 random bits, hex. */
export function newVerificationToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The DNS record an admin creates to prove control of `hostname`. */
export function verificationRecord(hostname: string, token: string) {
  return { type: 'TXT' as const, name: `_lectern-verify.${hostname}`, value: `lectern-verify=${token}` };
}
