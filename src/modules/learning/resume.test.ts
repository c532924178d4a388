import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resumePoint } from './resume.ts';

const at = (minute: number) => new Date(Date.UTC(2027, 0, 1, 0, minute));
const row = (lessonId: string, minute: number, done = false, position = 0) => ({ lessonId, completedAt: done ? at(minute) : null, updatedAt: at(minute), lastPositionSeconds: position });
const lessons = (...spec: [string, boolean][]) => spec.map(([id, open]) => ({ id, open }));

describe('resumePoint', () => {
  it('starts at the first open lesson when nothing was touched', () => {
    expect(resumePoint(lessons(['a', true], ['b', true]), [])).toEqual({ lessonId: 'a', positionSeconds: 0 });
  });

  it('returns to the lesson last touched, at its position, while it is unfinished', () => {
    const progress = [row('a', 1, true), row('c', 5, false, 42), row('b', 3, false, 7)];
    expect(resumePoint(lessons(['a', true], ['b', true], ['c', true]), progress)).toEqual({ lessonId: 'c', positionSeconds: 42 });
  });

  it('moves on past the lesson last finished, skipping locked ones, and wraps to earlier gaps', () => {
    const ordered = lessons(['a', true], ['b', true], ['c', false], ['d', true]);
    expect(resumePoint(ordered, [row('b', 2, true)])).toEqual({ lessonId: 'd', positionSeconds: 0 });
    expect(resumePoint(ordered, [row('b', 2, true), row('d', 3, true)])).toEqual({ lessonId: 'a', positionSeconds: 0 });
  });

  it('is null when every open lesson is done, even if a locked one remains (a drip lesson is not a place to resume)', () => {
    expect(resumePoint(lessons(['a', true], ['b', false]), [row('a', 1, true)])).toBeNull();
  });

  it('never points at a locked or finished lesson', () => {
    const spec = fc.array(fc.record({ open: fc.boolean(), done: fc.boolean(), touched: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }) }), { maxLength: 12 });
    fc.assert(
      fc.property(spec, (entries) => {
        const ordered = entries.map((e, i) => ({ id: `l${i}`, open: e.open }));
        const progress = entries.flatMap((e, i) => (e.touched === null && !e.done ? [] : [row(`l${i}`, e.touched ?? 0, e.done)]));
        const point = resumePoint(ordered, progress);
        const resumable = entries.some((e) => e.open && !e.done);
        expect(point !== null).toBe(resumable);
        if (point) {
          const i = Number(point.lessonId.slice(1));
          expect(entries[i]!.open && !entries[i]!.done).toBe(true);
        }
      }),
    );
  });
});
