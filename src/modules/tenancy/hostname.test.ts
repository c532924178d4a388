import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyHost, normalizeHostname } from './hostname.ts';

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.'));
/** The same host as a browser, proxy or typo might spell it. */
const spelling = (host: string) =>
  fc.record({
    upper: fc.array(fc.boolean(), { minLength: host.length, maxLength: host.length }),
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    dots: fc.integer({ min: 0, max: 2 }),
  }).map(({ upper, port, dots }) => {
    const cased = [...host].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join('');
    return `${cased}${'.'.repeat(dots)}${port === undefined ? '' : `:${port}`}`;
  });

describe('normalizeHostname', () => {
  it('ignores case, port and trailing dots', () => {
    fc.assert(
      fc.property(hostname.chain((host) => fc.tuple(fc.constant(host), spelling(host))), ([host, spelled]) => {
        expect(normalizeHostname(spelled)).toBe(host);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (raw) => normalizeHostname(normalizeHostname(raw)) === normalizeHostname(raw)));
  });

  it('keeps IPv6 literals intact', () => {
    expect(normalizeHostname('[::1]:8787')).toBe('[::1]');
  });
});

describe('classifyHost', () => {
  it('recognises the apex and the auth host in any spelling', () => {
    fc.assert(
      fc.property(spelling('lectern.app'), spelling('auth.lectern.app'), (apex, auth) => {
        expect(classifyHost(apex, 'lectern.app')).toEqual({ kind: 'apex' });
        expect(classifyHost(auth, 'lectern.app')).toEqual({ kind: 'auth' });
      }),
    );
  });

  it('treats every other host as a school candidate, normalised', () => {
    fc.assert(
      fc.property(hostname.filter((h) => h !== 'lectern.app' && h !== 'auth.lectern.app'), (host) => {
        expect(classifyHost(`${host.toUpperCase()}.:443`, 'lectern.app')).toEqual({ kind: 'school-candidate', hostname: host });
      }),
    );
  });
});
