import { ctxAs, demoMember } from '../members/testing.ts';
import { createChapter, createLesson, updateChapter, updateLesson } from './outline.ts';
import { createCourse } from './service.ts';

// Test helpers for the authoring module's service and route tests (workers project only).

type SchoolSpec = Parameters<typeof ctxAs>[0];

/** A service context acting as the school's demo instructor (or another demo role). */
export const staffCtx = (school: SchoolSpec, role: 'owner' | 'instructor' | 'student' = 'instructor', now?: Date) =>
  ctxAs(school, demoMember(school, role).actor, { now });

export const uniqueTitle = (tag = 'Course') => `${tag} ${crypto.randomUUID().slice(0, 8)}`;

/**
 * A draft course with `lessonsPerChapter[i]` lessons in chapter i, made through the services.
 * `published` publishes every chapter and lesson (not the course itself).
 */
export async function seedCourse(school: SchoolSpec, lessonsPerChapter: number[] = [2], opts: { published?: boolean } = {}) {
  const ctx = staffCtx(school);
  const { course } = await createCourse({ ctx, input: { title: uniqueTitle(), accessLevel: 'free' } });
  const chapters: { id: string; lessonIds: string[] }[] = [];
  for (const [i, n] of lessonsPerChapter.entries()) {
    const { chapter } = await createChapter({ ctx, input: { courseId: course.id, title: `Chapter ${i + 1}` } });
    if (opts.published) await updateChapter({ ctx, input: { chapterId: chapter.id, status: 'published' } });
    const lessonIds: string[] = [];
    for (let j = 0; j < n; j++) {
      const { lesson } = await createLesson({ ctx, input: { chapterId: chapter.id, title: `Lesson ${i + 1}.${j + 1}`, body: `Body ${i + 1}.${j + 1}` } });
      if (opts.published) await updateLesson({ ctx, input: { lessonId: lesson.id, status: 'published' } });
      lessonIds.push(lesson.id);
    }
    chapters.push({ id: chapter.id, lessonIds });
  }
  return { course, chapters };
}
