import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterDnsCheck, afterEdgeCheck, type DnsOutcome, type DomainState, GRACE_MS, outcomeOf, PENDING_WINDOW_MS } from './states.ts';

const NAME = '_lectern-verify.learn.example.com';
const T0 = new Date('2026-12-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const HOUR = 3600_000;
const pending: DomainState = { status: 'pending', reason: null, verifiedAt: null, expiresAt: at(PENDING_WINDOW_MS), failingSince: null };
const active: DomainState = { status: 'active', reason: null, verifiedAt: T0, expiresAt: at(PENDING_WINDOW_MS), failingSince: null };
const DEFINITIVE: DnsOutcome[] = ['mismatch', 'nxdomain', 'no-record'];
const TRANSIENT: DnsOutcome[] = ['servfail', 'timeout', 'error'];

describe('what a lookup means for a token', () => {
  it('matches only the exact value, among several records', () => {
    expect(outcomeOf({ kind: 'answer', values: ['v=spf1 -all', 'lectern-verify=abc'] }, 'lectern-verify=abc')).toBe('match');
    expect(outcomeOf({ kind: 'answer', values: [' lectern-verify=abc '] }, 'lectern-verify=abc')).toBe('match');
    expect(outcomeOf({ kind: 'answer', values: ['lectern-verify=abcd'] }, 'lectern-verify=abc')).toBe('mismatch');
    expect(outcomeOf({ kind: 'answer', values: ['lectern-verify=ABC'] }, 'lectern-verify=abc')).toBe('mismatch');
    expect(outcomeOf({ kind: 'nxdomain' }, 'x')).toBe('nxdomain');
  });
});

describe('a pending domain', () => {
  it('is verified by its record', () => {
    expect(afterDnsCheck(pending, 'match', NAME, at(HOUR))).toMatchObject({ status: 'verified', verifiedAt: at(HOUR), reason: null });
  });

  it.each([...DEFINITIVE, ...TRANSIENT])('stays pending with a reason after %s', (outcome) => {
    const next = afterDnsCheck(pending, outcome, NAME, at(HOUR));
    expect(next.status).toBe('pending');
    expect(next.reason).toBeTruthy();
  });

  it('expires when its window has passed, and then nothing moves it', () => {
    const expired = afterDnsCheck(pending, 'nxdomain', NAME, at(PENDING_WINDOW_MS));
    expect(expired).toMatchObject({ status: 'expired', reason: expect.stringContaining('Remove the domain') });
    expect(afterDnsCheck(expired, 'match', NAME, at(PENDING_WINDOW_MS + HOUR))).toBe(expired);
  });
});

describe('an active domain', () => {
  it('keeps serving through the grace period, warned, then fails', () => {
    const warned = afterDnsCheck(active, 'nxdomain', NAME, at(HOUR));
    expect(warned).toMatchObject({ status: 'active', failingSince: at(HOUR), reason: expect.stringContaining('stops serving') });
    const still = afterDnsCheck(warned, 'no-record', NAME, at(HOUR + GRACE_MS - 1));
    expect(still).toMatchObject({ status: 'active', failingSince: at(HOUR) });
    expect(afterDnsCheck(still, 'mismatch', NAME, at(HOUR + GRACE_MS))).toMatchObject({ status: 'failed', failingSince: at(HOUR) });
  });

  it('recovers fully when the record comes back inside the grace period', () => {
    const warned = afterDnsCheck(active, 'nxdomain', NAME, at(HOUR));
    expect(afterDnsCheck(warned, 'match', NAME, at(2 * HOUR))).toMatchObject({ status: 'active', failingSince: null, reason: null });
  });

  it.each(TRANSIENT)('%s never starts the grace clock', (outcome) => {
    expect(afterDnsCheck(active, outcome, NAME, at(HOUR))).toMatchObject({ status: 'active', failingSince: null });
  });

  it('comes back through verified when a failed domain finds its record again', () => {
    const failed: DomainState = { ...active, status: 'failed', failingSince: T0, reason: 'gone' };
    expect(afterDnsCheck(failed, 'nxdomain', NAME, at(HOUR))).toBe(failed);
    expect(afterDnsCheck(failed, 'match', NAME, at(HOUR))).toMatchObject({ status: 'verified', failingSince: null, reason: null });
  });
});

describe('the edge step', () => {
  const verified: DomainState = { ...pending, status: 'verified', verifiedAt: T0 };
  it('activates at once without Cloudflare for SaaS', () => {
    expect(afterEdgeCheck(verified, 'not-configured').status).toBe('active');
  });
  it('waits for both the hostname and its certificate', () => {
    expect(afterEdgeCheck(verified, { hostnameStatus: 'pending', sslStatus: 'pending_validation' })).toMatchObject({
      status: 'verified',
      reason: expect.stringContaining('certificate pending validation'),
    });
    expect(afterEdgeCheck(verified, { hostnameStatus: 'active', sslStatus: 'pending_validation' }).status).toBe('verified');
    expect(afterEdgeCheck(verified, { hostnameStatus: 'active', sslStatus: 'active' }).status).toBe('active');
  });
  it('leaves other states alone', () => {
    expect(afterEdgeCheck(pending, 'not-configured')).toBe(pending);
  });
});

describe('properties over any history of checks', () => {
  const outcome = fc.constantFrom<DnsOutcome>('match', ...DEFINITIVE, ...TRANSIENT);
  const history = fc.array(fc.tuple(outcome, fc.integer({ min: 1, max: 30 * HOUR })), { maxLength: 40 });

  const run = (start: DomainState, steps: [DnsOutcome, number][]) => {
    let state = start;
    let now = 0;
    const states = [state];
    for (const [o, gap] of steps) {
      now += gap;
      state = afterEdgeCheck(afterDnsCheck(state, o, NAME, at(now)), 'not-configured');
      states.push(state);
    }
    return states;
  };

  it('a resolver that only ever fails transiently never takes a domain down or expires it early', () => {
    const transientOnly = fc.array(fc.tuple(fc.constantFrom<DnsOutcome>(...TRANSIENT), fc.integer({ min: 1, max: 30 * HOUR })), { maxLength: 40 });
    fc.assert(
      fc.property(transientOnly, (steps) => {
        expect(run(active, steps).every((s) => s.status === 'active')).toBe(true);
      }),
    );
  });

  it('an active domain fails only after a definitive miss at least GRACE before, with no match since', () => {
    fc.assert(
      fc.property(history, (steps) => {
        let now = 0;
        let state = active;
        let missSince: number | null = null;
        for (const [o, gap] of steps) {
          now += gap;
          const next = afterEdgeCheck(afterDnsCheck(state, o, NAME, at(now)), 'not-configured');
          if (o === 'match') missSince = null;
          else if (DEFINITIVE.includes(o) && missSince === null && state.status !== 'failed') missSince = now;
          if (state.status !== 'failed' && next.status === 'failed') {
            expect(missSince).not.toBeNull();
            expect(now - missSince!).toBeGreaterThanOrEqual(GRACE_MS);
          }
          if (next.status === 'failed' && o === 'match') throw new Error('a match must never leave a domain failed');
          state = next;
        }
      }),
    );
  });

  it('a pending domain is never active without a match, and expired is forever', () => {
    fc.assert(
      fc.property(history, (steps) => {
        const states = run(pending, steps);
        // states[i] is the state after steps[i - 1]: before any match, never active.
        const firstMatch = steps.findIndex(([o]) => o === 'match');
        const beforeMatch = firstMatch === -1 ? states : states.slice(0, firstMatch + 1);
        expect(beforeMatch.some((s) => s.status === 'active')).toBe(false);
        const expiredAt = states.findIndex((s) => s.status === 'expired');
        if (expiredAt !== -1) expect(states.slice(expiredAt).every((s) => s.status === 'expired')).toBe(true);
      }),
    );
  });
});
