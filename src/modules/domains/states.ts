import type { TxtLookup } from './txt-lookup.ts';

/*
 * A custom domain's life, as a pure function of its state, what DNS said and the clock.
 *
 *   pending ──TXT found──▶ verified ──(no Cloudflare for SaaS, or its hostname and
 *      │                                certificate are active)──▶ active
 *      └─ not found for PENDING_WINDOW ─▶ expired (terminal: remove and add again)
 *
 *   active ── TXT missing ──▶ active, failing since T (the admin is warned)
 *          └─ still missing GRACE after T ─▶ failed (stops serving; the admin is told)
 *   failed ── TXT found again ──▶ verified ─▶ active
 *
 * Only a definitive answer (NXDOMAIN, no TXT record, or TXT records without our token)
 * starts or continues the grace clock. A SERVFAIL, timeout or unreadable answer says
 * nothing about the customer's DNS, so it never fails or expires a domain on its own
 * account: otherwise an outage of the resolver would take every custom domain down.
 */

export const DOMAIN_STATUSES = ['pending', 'verified', 'active', 'failed', 'expired'] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];

/** How long a new domain may wait for its TXT record. */
export const PENDING_WINDOW_MS = 7 * 24 * 3600_000;
/** How long an active domain keeps serving after its TXT record disappears. */
export const GRACE_MS = 72 * 3600_000;

export type DomainState = {
  status: DomainStatus;
  /** Why it is in this state, in words for the admin; null when all is well. */
  reason: string | null;
  verifiedAt: Date | null;
  expiresAt: Date;
  failingSince: Date | null;
};

export type DnsOutcome = 'match' | 'mismatch' | 'nxdomain' | 'no-record' | 'servfail' | 'timeout' | 'error';

/** What a lookup means for this domain's token. */
export function outcomeOf(lookup: TxtLookup, expectedValue: string): DnsOutcome {
  if (lookup.kind !== 'answer') return lookup.kind;
  return lookup.values.some((value) => value.trim() === expectedValue) ? 'match' : 'mismatch';
}

const DEFINITIVE: ReadonlySet<DnsOutcome> = new Set(['mismatch', 'nxdomain', 'no-record']);

export function describeOutcome(outcome: DnsOutcome, recordName: string): string {
  switch (outcome) {
    case 'match':
      return 'The TXT record is in place.';
    case 'mismatch':
      return `${recordName} has TXT records, but none holds this domain's verification value.`;
    case 'nxdomain':
      return `${recordName} does not exist in DNS yet.`;
    case 'no-record':
      return `${recordName} exists but has no TXT record.`;
    case 'servfail':
      return 'The DNS servers for this domain failed to answer (SERVFAIL); we will try again.';
    case 'timeout':
      return 'The DNS lookup timed out; we will try again.';
    case 'error':
      return 'The DNS lookup could not be completed; we will try again.';
  }
}

const day = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** The state after one DNS check. Expired domains never change here. */
export function afterDnsCheck(state: DomainState, outcome: DnsOutcome, recordName: string, now: Date): DomainState {
  const said = describeOutcome(outcome, recordName);
  const definitive = DEFINITIVE.has(outcome);
  switch (state.status) {
    case 'expired':
      return state;
    case 'pending':
      if (outcome === 'match') return { ...state, status: 'verified', reason: null, verifiedAt: now, failingSince: null };
      if (now.getTime() >= state.expiresAt.getTime()) {
        return { ...state, status: 'expired', reason: `Not verified before ${day(state.expiresAt)}: ${said} Remove the domain and add it again for a new value.` };
      }
      return { ...state, reason: said };
    case 'verified':
    case 'active': {
      if (outcome === 'match') return { ...state, reason: null, failingSince: null };
      if (!definitive) return { ...state, reason: state.failingSince ? state.reason : said };
      const failingSince = state.failingSince ?? now;
      const stopsAt = new Date(failingSince.getTime() + GRACE_MS);
      if (now.getTime() >= stopsAt.getTime()) {
        return { ...state, status: 'failed', failingSince, reason: `Stopped serving on ${day(now)}: the verification record has been missing since ${day(failingSince)}. ${said} Restore it and check again.` };
      }
      return { ...state, failingSince, reason: `${said} Restore it before ${day(stopsAt)} or the domain stops serving.` };
    }
    case 'failed':
      if (outcome === 'match') return { ...state, status: 'verified', reason: null, verifiedAt: now, failingSince: null };
      return state;
  }
}

/** Cloudflare for SaaS: where the custom hostname and its certificate stand. */
export type EdgeStatus = { hostnameStatus: string; sslStatus: string };

/**
 * A verified domain becomes active once the edge can serve it: at once without Cloudflare
 * for SaaS (the operator routes the traffic), else when Cloudflare says both the custom
 * hostname and its certificate are active.
 */
export function afterEdgeCheck(state: DomainState, edge: EdgeStatus | 'not-configured'): DomainState {
  if (state.status !== 'verified') return state;
  if (edge === 'not-configured') return { ...state, status: 'active', reason: null };
  if (edge.hostnameStatus === 'active' && edge.sslStatus === 'active') return { ...state, status: 'active', reason: null };
  return { ...state, reason: `Verified. Waiting for Cloudflare: hostname ${edge.hostnameStatus.replace(/_/g, ' ')}, certificate ${edge.sslStatus.replace(/_/g, ' ')}.` };
}

/** Whether a host in this state answers requests. Failing-but-in-grace active domains do. */
export const serves = (status: DomainStatus) => status === 'active';
