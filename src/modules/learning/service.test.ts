import { describe, expect, it } from 'vitest';
import { BRESLOV } from '../../../test/workers/fixtures.ts';
import { AppError } from '../../platform/errors.ts';
import { ctxAs, demoMember } from '../members/testing.ts';
import { getCoursePage, getLessonForLearner } from './course-page.ts';
import { enrollInCourse } from './enroll.ts';
import { recordProgress } from './progress.ts';
import { seedLearningCourse } from './testing.ts';

const DAY_MS = 86_400_000;
const student = demoMember(BRESLOV, 'student');

async function failure(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('drip through the services (time moved by ctx.now)', () => {
  it('a lesson released 3 days after enrollment opens exactly at that instant', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'free', chapters: [{ lessons: [{}, { releaseAfterDays: 3 }] }] });
    const enrolledAt = new Date(Date.UTC(2026, 10, 1, 9, 30));
    await enrollInCourse({ ctx: ctxAs(BRESLOV, student.actor, { now: enrolledAt }), input: { slug: c.slug } });
    const opensAt = new Date(enrolledAt.getTime() + 3 * DAY_MS);
    const input = { slug: c.slug, lessonId: c.allLessonIds[1] };

    const before = await failure(getLessonForLearner({ ctx: ctxAs(BRESLOV, student.actor, { now: new Date(opensAt.getTime() - 1) }), input }));
    expect(before.status).toBe(403);
    expect(before.message).toBe('This lesson opens on 4 November 2026 at 09:30 UTC.');
    const progress = await failure(recordProgress({ ctx: ctxAs(BRESLOV, student.actor, { now: new Date(opensAt.getTime() - 1) }), input: { lessonId: c.allLessonIds[1], progress: 5 } }));
    expect(progress.status).toBe(403);

    const at = await getLessonForLearner({ ctx: ctxAs(BRESLOV, student.actor, { now: opensAt }), input });
    expect(at.lesson.id).toBe(c.allLessonIds[1]);
    // Enrolling again later does not restart the clock.
    await enrollInCourse({ ctx: ctxAs(BRESLOV, student.actor, { now: new Date(opensAt.getTime() + DAY_MS) }), input: { slug: c.slug } });
    const page = await getCoursePage({ ctx: ctxAs(BRESLOV, student.actor, { now: opensAt }), input: { slug: c.slug } });
    expect(page.chapters[0]!.lessons[1]!.access).toEqual({ open: true });
  });

  it('a chapter released in the future locks its lessons with the opening instant', async () => {
    const releaseAt = new Date(Date.UTC(2027, 2, 3, 9, 0));
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ releaseAt, lessons: [{}] }] });
    const page = await getCoursePage({ ctx: ctxAs(BRESLOV, student.actor, { now: new Date(releaseAt.getTime() - 1) }), input: { slug: c.slug } });
    expect(page.chapters[0]!.lessons[0]!.access).toEqual({ open: false, reason: 'chapter_not_released', opensAt: releaseAt, message: 'This chapter opens on 3 March 2027 at 09:00 UTC.' });
  });
});
