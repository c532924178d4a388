import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACME, BRESLOV } from '../../../test/workers/fixtures.ts';
import { AppError } from '../../platform/errors.ts';
import { auditOf } from '../members/testing.ts';
import { createLesson } from './outline.ts';
import { reorderCourse } from './reorder.ts';
import { getCourseForEditing } from './service.ts';
import { seedCourse, staffCtx } from './testing.ts';

const readOrder = async (courseId: string) =>
  (await getCourseForEditing({ ctx: staffCtx(BRESLOV), input: { courseId } })).course.chapters.map((c) => ({
    id: c.id,
    positions: [c.position, ...c.lessons.map((l) => l.position)],
    lessonIds: c.lessons.map((l) => l.id),
  }));

describe('reordering a course', () => {
  it('any permutation of chapters and lessons (across chapters) reads back as sent', async () => {
    const { course, chapters } = await seedCourse(BRESLOV, [3, 2, 0, 2]);
    const chapterIds = chapters.map((c) => c.id);
    const lessonIds = chapters.flatMap((c) => c.lessonIds);
    const order = fc
      .tuple(fc.shuffledSubarray(chapterIds, { minLength: 4, maxLength: 4 }), fc.shuffledSubarray(lessonIds, { minLength: 7, maxLength: 7 }), fc.array(fc.nat(3), { minLength: 7, maxLength: 7 }))
      .map(([chs, ls, homes]) => chs.map((id, i) => ({ id, lessonIds: ls.filter((_, j) => homes[j] === i) })));
    await fc.assert(
      fc.asyncProperty(order, async (wanted) => {
        await reorderCourse({ ctx: staffCtx(BRESLOV), input: { courseId: course.id, chapters: wanted } });
        const got = await readOrder(course.id);
        expect(got.map(({ id, lessonIds }) => ({ id, lessonIds }))).toEqual(wanted);
        got.forEach((c, i) => expect(c.positions).toEqual([i, ...c.lessonIds.map((_, j) => j)]));
      }),
      { numRuns: 25 },
    );
  });

  it('writes more rows than one statement may bind, in one batch', async () => {
    const { course, chapters } = await seedCourse(BRESLOV, [25, 20]);
    const wanted = [
      { id: chapters[1]!.id, lessonIds: [...chapters[0]!.lessonIds].reverse() },
      { id: chapters[0]!.id, lessonIds: [...chapters[1]!.lessonIds].reverse() },
    ];
    await reorderCourse({ ctx: staffCtx(BRESLOV), input: { courseId: course.id, chapters: wanted } });
    expect((await readOrder(course.id)).map(({ id, lessonIds }) => ({ id, lessonIds }))).toEqual(wanted);
    expect((await auditOf(BRESLOV, course.id)).at(-1)).toMatchObject({ action: 'course.reordered', metadata: { after: { chapters: wanted } } });
  });

  it('names what is missing, extra or repeated (400), and changes nothing', async () => {
    const { course, chapters } = await seedCourse(BRESLOV, [2, 1]);
    const foreign = await seedCourse(ACME, [1]);
    const [a, b] = chapters as [(typeof chapters)[0], (typeof chapters)[0]];
    const attempts = [
      { sent: [{ id: a.id, lessonIds: a.lessonIds }], says: b.id },
      { sent: [a, { id: b.id, lessonIds: [...b.lessonIds, foreign.chapters[0]!.lessonIds[0]!] }], says: foreign.chapters[0]!.lessonIds[0]! },
      { sent: [a, { id: b.id, lessonIds: [...b.lessonIds, a.lessonIds[0]!] }], says: 'listed twice' },
      { sent: [a, { id: b.id, lessonIds: [] }], says: b.lessonIds[0]! },
    ];
    const before = await readOrder(course.id);
    for (const { sent, says } of attempts) {
      const err = await reorderCourse({ ctx: staffCtx(BRESLOV), input: { courseId: course.id, chapters: sent } }).catch((e: AppError) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(400);
      expect((err as AppError).message).toContain(says);
    }
    expect(await readOrder(course.id)).toEqual(before);
  });

  it('changes nothing (409) when a lesson is added between reading the outline and writing the order', async () => {
    const { course, chapters } = await seedCourse(BRESLOV, [2]);
    const ctx = staffCtx(BRESLOV);
    const realDb = ctx.schoolDb.db;
    // The other editor's lesson lands just before this reorder's write (its second batch; the first reads the outline).
    let batches = 0;
    const racingDb = Object.assign(Object.create(realDb) as typeof realDb, {
      batch: async (statements: Parameters<typeof realDb.batch>[0]) => {
        if (++batches === 2) await createLesson({ ctx: staffCtx(BRESLOV), input: { chapterId: chapters[0]!.id, title: 'Sneaked in' } });
        return realDb.batch(statements);
      },
    });
    const racing = { ...ctx, schoolDb: { ...ctx.schoolDb, db: racingDb } };
    const before = await readOrder(course.id);
    const wanted = [{ id: chapters[0]!.id, lessonIds: [...chapters[0]!.lessonIds].reverse() }];
    const err = await reorderCourse({ ctx: racing, input: { courseId: course.id, chapters: wanted } }).catch((e: AppError) => e);
    expect((err as AppError).status).toBe(409);
    const after = await readOrder(course.id);
    expect(after[0]!.lessonIds.slice(0, 2)).toEqual(before[0]!.lessonIds);
    expect((await auditOf(BRESLOV, course.id)).map((a) => a.action)).not.toContain('course.reordered');
  });

  it('is not found for another school’s course, forbidden for students', async () => {
    const foreign = await seedCourse(ACME, [1]);
    const err = await reorderCourse({ ctx: staffCtx(BRESLOV), input: { courseId: foreign.course.id, chapters: foreign.chapters } }).catch((e: AppError) => e);
    expect((err as AppError).status).toBe(404);
    const { course, chapters } = await seedCourse(BRESLOV, [1]);
    const denied = await reorderCourse({ ctx: staffCtx(BRESLOV, 'student'), input: { courseId: course.id, chapters } }).catch((e: AppError) => e);
    expect((denied as AppError).status).toBe(403);
  });
});
