import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRange } from './range.ts';

const V = { etag: '"abc"', lastModified: new Date('2026-05-01T10:00:00Z') };
const plan = (range: string | null, extra: { ifNoneMatch?: string; ifRange?: string } = {}, size = 100) => planRange({ range, ...extra }, size, V);

describe('planRange', () => {
  it('serves single ranges in each form', () => {
    expect(plan('bytes=0-0')).toEqual({ kind: 'partial', offset: 0, length: 1 });
    expect(plan('bytes=10-19')).toEqual({ kind: 'partial', offset: 10, length: 10 });
    expect(plan('bytes=90-')).toEqual({ kind: 'partial', offset: 90, length: 10 });
    expect(plan('bytes=-5')).toEqual({ kind: 'partial', offset: 95, length: 5 });
    expect(plan('bytes=-500')).toEqual({ kind: 'partial', offset: 0, length: 100 });
    expect(plan('bytes=50-5000')).toEqual({ kind: 'partial', offset: 50, length: 50 });
    expect(plan('Bytes = 99-99')).toEqual({ kind: 'partial', offset: 99, length: 1 });
  });

  it('says 416 for ranges past the end, and the whole file for what it will not split', () => {
    expect(plan('bytes=100-')).toEqual({ kind: 'unsatisfiable' });
    expect(plan('bytes=100-200')).toEqual({ kind: 'unsatisfiable' });
    expect(plan('bytes=-0')).toEqual({ kind: 'unsatisfiable' });
    expect(plan('bytes=0-1,5-6')).toEqual({ kind: 'full' });
    expect(plan('bytes=5-3')).toEqual({ kind: 'full' });
    expect(plan('bytes=-')).toEqual({ kind: 'full' });
    expect(plan('items=0-1')).toEqual({ kind: 'full' });
    expect(plan('bytes=abc')).toEqual({ kind: 'full' });
    expect(plan(null)).toEqual({ kind: 'full' });
  });

  it('answers If-None-Match and honours If-Range only for the current representation', () => {
    expect(plan(null, { ifNoneMatch: '"abc"' })).toEqual({ kind: 'not-modified' });
    expect(plan('bytes=0-0', { ifNoneMatch: 'W/"abc", "zzz"' })).toEqual({ kind: 'not-modified' });
    expect(plan(null, { ifNoneMatch: '*' })).toEqual({ kind: 'not-modified' });
    expect(plan(null, { ifNoneMatch: '"other"' })).toEqual({ kind: 'full' });
    expect(plan('bytes=0-0', { ifRange: '"abc"' })).toEqual({ kind: 'partial', offset: 0, length: 1 });
    expect(plan('bytes=0-0', { ifRange: '"old"' })).toEqual({ kind: 'full' });
    expect(plan('bytes=0-0', { ifRange: 'W/"abc"' })).toEqual({ kind: 'full' });
    expect(plan('bytes=0-0', { ifRange: V.lastModified.toUTCString() })).toEqual({ kind: 'partial', offset: 0, length: 1 });
    expect(plan('bytes=0-0', { ifRange: 'Thu, 01 Jan 2026 00:00:00 GMT' })).toEqual({ kind: 'full' });
  });

  it('never plans bytes outside the object', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.option(fc.nat(20_000)), fc.option(fc.nat(20_000)), (size, a, b) => {
        if (a === null && b === null) return;
        const p = planRange({ range: `bytes=${a ?? ''}-${b ?? ''}` }, size, V);
        if (p.kind === 'partial') {
          expect(p.offset).toBeGreaterThanOrEqual(0);
          expect(p.length).toBeGreaterThan(0);
          expect(p.offset + p.length).toBeLessThanOrEqual(size);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
