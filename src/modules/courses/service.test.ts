import { describe, expect, it } from 'vitest';
import { ACME, BRESLOV } from '../../../test/workers/fixtures.ts';
import { AppError } from '../../platform/errors.ts';
import { auditOf, ctxAs, demoMember } from '../members/testing.ts';
import { createChapter, createLesson, deleteChapter, deleteLesson, updateChapter, updateLesson } from './outline.ts';
import { archiveCourse, createCourse, deleteCourse, getCourseForEditing, listCourses, publishCourse, unpublishCourse, updateCourse } from './service.ts';
import { slugFromTitle } from './slug.ts';
import { seedCourse, staffCtx, uniqueTitle } from './testing.ts';

async function failure(p: Promise<unknown>) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('slugs', () => {
  it('derives a slug from the title', () => {
    expect(slugFromTitle('  Intro to Torah: Part 1! ')).toBe('intro-to-torah-part-1');
    expect(slugFromTitle('Café Crème')).toBe('cafe-creme');
    expect(slugFromTitle('ליקוטי מוהר״ן')).toBe('course');
  });

  it('numbers a derived slug that is taken, and refuses a chosen one with a suggestion', async () => {
    const ctx = staffCtx(BRESLOV);
    const title = uniqueTitle('Slug');
    const first = await createCourse({ ctx, input: { title, accessLevel: 'free' } });
    const second = await createCourse({ ctx, input: { title, accessLevel: 'free' } });
    expect(second.course.slug).toBe(`${first.course.slug}-2`);
    const err = await failure(createCourse({ ctx, input: { title: 'Other', slug: first.course.slug, accessLevel: 'free' } }));
    expect(err.status).toBe(409);
    expect(err.message).toContain(`${first.course.slug}-3`);
    const renamed = await failure(updateCourse({ ctx, input: { courseId: second.course.id, slug: first.course.slug } }));
    expect(renamed.status).toBe(409);
  });

  it('lets two schools use the same slug, and rejects a malformed one', async () => {
    const slug = `shared-${crypto.randomUUID().slice(0, 8)}`;
    await createCourse({ ctx: staffCtx(BRESLOV), input: { title: 'A', slug, accessLevel: 'free' } });
    await createCourse({ ctx: staffCtx(ACME), input: { title: 'A', slug, accessLevel: 'free' } });
    const err = await createCourse({ ctx: staffCtx(BRESLOV), input: { title: 'A', slug: 'Not A Slug', accessLevel: 'free' } }).catch((e) => e);
    expect(err.name).toBe('ZodError');
  });
});

describe('courses', () => {
  it('creates a draft owned by the actor, audited, and lists it with counts', async () => {
    const { course, chapters } = await seedCourse(BRESLOV, [2, 1]);
    expect(course).toMatchObject({ status: 'draft', createdBy: demoMember(BRESLOV, 'instructor').userId, schoolId: BRESLOV.id });
    const { courses } = await listCourses({ ctx: staffCtx(BRESLOV) });
    expect(courses.find((c) => c.id === course.id)).toMatchObject({ chapterCount: 2, lessonCount: 3 });
    const audits = await auditOf(BRESLOV, course.id);
    expect(audits[0]).toMatchObject({ action: 'course.created', actorUserId: demoMember(BRESLOV, 'instructor').userId, metadata: { before: null } });
    expect((await auditOf(BRESLOV, chapters[0]!.lessonIds[0]!))[0]!.action).toBe('lesson.created');
  });

  it('requires a price for paid courses', async () => {
    expect((await failure(createCourse({ ctx: staffCtx(BRESLOV), input: { title: 'Paid', accessLevel: 'paid' } }))).status).toBe(400);
    const { course } = await createCourse({ ctx: staffCtx(BRESLOV), input: { title: 'Paid', accessLevel: 'paid', priceCents: 4900 } });
    expect((await failure(updateCourse({ ctx: staffCtx(BRESLOV), input: { courseId: course.id, priceCents: null } }))).status).toBe(400);
  });

  it('audits a patch with before and after of the changed fields only', async () => {
    const { course } = await seedCourse(BRESLOV, []);
    await updateCourse({ ctx: staffCtx(BRESLOV), input: { courseId: course.id, summary: 'New summary', title: course.title } });
    const audits = await auditOf(BRESLOV, course.id);
    expect(audits.at(-1)).toMatchObject({ action: 'course.updated', metadata: { before: { summary: '' }, after: { summary: 'New summary' } } });
  });

  it('publishes only with a published lesson in a published chapter', async () => {
    const { course, chapters } = await seedCourse(BRESLOV, [1]);
    const ctx = staffCtx(BRESLOV);
    const refused = await failure(publishCourse({ ctx, input: { courseId: course.id } }));
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/publish at least one lesson/);
    await updateLesson({ ctx, input: { lessonId: chapters[0]!.lessonIds[0]!, status: 'published' } });
    expect((await failure(publishCourse({ ctx, input: { courseId: course.id } }))).status).toBe(409);
    await updateChapter({ ctx, input: { chapterId: chapters[0]!.id, status: 'published' } });
    const { course: published } = await publishCourse({ ctx, input: { courseId: course.id } });
    expect(published.status).toBe('published');
    expect(published.publishedAt).toEqual(ctx.now);
    expect((await unpublishCourse({ ctx, input: { courseId: course.id } })).course.status).toBe('draft');
    expect((await archiveCourse({ ctx, input: { courseId: course.id } })).course.status).toBe('archived');
    expect((await auditOf(BRESLOV, course.id)).map((a) => a.action).slice(-3)).toEqual(['course.published', 'course.unpublished', 'course.archived']);
  });

  it('deletes drafts only, and only for admins', async () => {
    const { course } = await seedCourse(BRESLOV, [1, 0]);
    expect((await failure(deleteCourse({ ctx: staffCtx(BRESLOV), input: { courseId: course.id } }))).status).toBe(403);
    const owner = staffCtx(BRESLOV, 'owner');
    const { course: other } = await seedCourse(BRESLOV, [1], { published: true });
    await publishCourse({ ctx: owner, input: { courseId: other.id } });
    expect((await failure(deleteCourse({ ctx: owner, input: { courseId: other.id } }))).status).toBe(409);
    await deleteCourse({ ctx: owner, input: { courseId: course.id } });
    expect((await failure(getCourseForEditing({ ctx: owner, input: { courseId: course.id } }))).status).toBe(404);
  });

  it('treats another school’s course as not found', async () => {
    const { course } = await seedCourse(ACME, [1]);
    expect((await failure(getCourseForEditing({ ctx: staffCtx(BRESLOV), input: { courseId: course.id } }))).status).toBe(404);
    expect((await failure(updateCourse({ ctx: staffCtx(BRESLOV), input: { courseId: course.id, title: 'x' } }))).status).toBe(404);
  });

  it('refuses students and anonymous callers', async () => {
    expect((await failure(listCourses({ ctx: staffCtx(BRESLOV, 'student') }))).status).toBe(403);
    expect((await failure(listCourses({ ctx: ctxAs(BRESLOV, null) }))).status).toBe(401);
  });
});

describe('chapters and lessons', () => {
  it('appends at the end and keeps positions dense after deletes', async () => {
    const ctx = staffCtx(BRESLOV);
    const { course, chapters } = await seedCourse(BRESLOV, [3, 0]);
    await deleteLesson({ ctx, input: { lessonId: chapters[0]!.lessonIds[0]! } });
    await createLesson({ ctx, input: { chapterId: chapters[0]!.id, title: 'Appended' } });
    const { chapter: third } = await createChapter({ ctx, input: { courseId: course.id, title: 'Third' } });
    expect(third.position).toBe(2);
    await deleteChapter({ ctx, input: { chapterId: chapters[1]!.id } });
    const outline = (await getCourseForEditing({ ctx, input: { courseId: course.id } })).course.chapters;
    expect(outline.map((c) => c.position)).toEqual([0, 1]);
    expect(outline[0]!.lessons.map((l) => [l.title, l.position])).toEqual([['Lesson 1.2', 0], ['Lesson 1.3', 1], ['Appended', 2]]);
    expect(outline[0]!.lessons[0]!.body).toBe('Body 1.2');
  });

  it('refuses to delete a chapter that still has lessons', async () => {
    const { chapters } = await seedCourse(BRESLOV, [1]);
    const err = await failure(deleteChapter({ ctx: staffCtx(BRESLOV), input: { chapterId: chapters[0]!.id } }));
    expect(err.status).toBe(409);
    expect(err.message).toContain('1 lesson');
  });

  it('audits lesson edits with the body’s length, not its text', async () => {
    const { chapters } = await seedCourse(BRESLOV, [1]);
    const lessonId = chapters[0]!.lessonIds[0]!;
    await updateLesson({ ctx: staffCtx(BRESLOV), input: { lessonId, body: 'Rewritten body', isPreview: true } });
    const last = (await auditOf(BRESLOV, lessonId)).at(-1)!;
    expect(last).toMatchObject({ action: 'lesson.updated', actorUserId: demoMember(BRESLOV, 'instructor').userId });
    expect(last.metadata).toEqual({ before: { isPreview: false, bodyLength: 8 }, after: { isPreview: true, bodyLength: 14 } });
  });

  it('accepts one drip field, never both', async () => {
    const ctx = staffCtx(BRESLOV);
    const { chapters } = await seedCourse(BRESLOV, [0]);
    const chapterId = chapters[0]!.id;
    const both = await createLesson({ ctx, input: { chapterId, title: 'x', releaseAt: '2027-01-01T00:00:00Z', releaseAfterDays: 3 } }).catch((e) => e);
    expect(both.name).toBe('ZodError');
    const { lesson } = await createLesson({ ctx, input: { chapterId, title: 'Dated', releaseAt: '2027-01-01T00:00:00Z' } });
    expect(lesson.releaseAt).toEqual(new Date('2027-01-01T00:00:00Z'));
    expect((await failure(updateLesson({ ctx, input: { lessonId: lesson.id, releaseAfterDays: 3 } }))).status).toBe(400);
    const { lesson: switched } = await updateLesson({ ctx, input: { lessonId: lesson.id, releaseAt: null, releaseAfterDays: 3 } });
    expect(switched).toMatchObject({ releaseAt: null, releaseAfterDays: 3 });
  });
});
