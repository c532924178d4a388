import { env } from 'cloudflare:workers';
import { schoolDbFor } from '../../platform/db/school-db.ts';
import type { AccessLevel } from '../courses/schema.ts';
import { chapters, courses, entitlements, lessons } from '../courses/schema.ts';
import { downloads, mediaFiles } from '../media/schema.ts';

// Test helpers for the learning module (workers project only): rows inserted directly, so
// these tests do not depend on the authoring services.

type School = { id: string; d1Binding: string };
export const learningDbOf = (school: School) => schoolDbFor(env[school.d1Binding as 'SCHOOL_BRESLOV'], school.id);

type LessonSpec = Partial<typeof lessons.$inferInsert> & { title?: string };
type ChapterSpec = Partial<typeof chapters.$inferInsert> & { lessons: LessonSpec[] };

/** A course with chapters and lessons, all published unless a spec says otherwise. Returns ids in order. */
export async function seedLearningCourse(
  school: School,
  spec: { id?: string; slug?: string; accessLevel?: AccessLevel; status?: 'draft' | 'published'; title?: string; summary?: string; chapters: ChapterSpec[] },
) {
  const sdb = learningDbOf(school);
  const tag = crypto.randomUUID().slice(0, 8);
  const courseId = spec.id ?? crypto.randomUUID();
  const slug = spec.slug ?? `learn-${tag}`;
  const rows = [];
  rows.push(
    sdb.db.insert(courses).values(
      sdb.withSchool({ id: courseId, slug, title: spec.title ?? `Course ${tag}`, summary: spec.summary ?? '', status: spec.status ?? 'published', accessLevel: spec.accessLevel ?? 'free', createdBy: 'seed', priceCents: spec.accessLevel === 'paid' ? 4900 : null }),
    ),
  );
  const lessonIds: string[][] = [];
  const chapterIds: string[] = [];
  for (const [i, { lessons: lessonSpecs, ...ch }] of spec.chapters.entries()) {
    const chapterId = crypto.randomUUID();
    chapterIds.push(chapterId);
    rows.push(sdb.db.insert(chapters).values(sdb.withSchool({ id: chapterId, courseId, title: `Chapter ${i + 1}`, position: i, status: 'published' as const, ...ch })));
    lessonIds.push([]);
    for (const [j, l] of lessonSpecs.entries()) {
      const id = crypto.randomUUID();
      lessonIds[i]!.push(id);
      rows.push(sdb.db.insert(lessons).values(sdb.withSchool({ id, courseId, chapterId, title: `Lesson ${i + 1}.${j + 1}`, body: `Body ${tag} ${i}.${j}`, position: j, status: 'published' as const, ...l })));
    }
  }
  await sdb.db.batch(rows as [(typeof rows)[number], ...(typeof rows)[number][]]);
  return { courseId, slug, chapterIds, lessonIds, allLessonIds: lessonIds.flat() };
}

/** An entitlement for `userId` to the course, starting at `startsAt`. */
export async function grant(school: School, userId: string, courseId: string, startsAt = new Date(), over: Partial<typeof entitlements.$inferInsert> = {}) {
  const sdb = learningDbOf(school);
  await sdb.db.insert(entitlements).values(sdb.withSchool({ userId, courseId, type: 'course' as const, source: 'staff_grant', startsAt, ...over }));
}

/** A ready file attached to a lesson (a `downloads` row with its `media_files` row); returns the download id. */
export async function attachFile(school: School, lesson: { courseId: string; lessonId: string }, file: { title: string; filename: string; key?: string }) {
  const sdb = learningDbOf(school);
  const fileId = crypto.randomUUID();
  const downloadId = crypto.randomUUID();
  await sdb.db.batch([
    sdb.db.insert(mediaFiles).values(sdb.withSchool({ id: fileId, key: file.key ?? `schools/${school.id}/files/${fileId}`, purpose: 'lesson_attachment' as const, courseId: lesson.courseId, lessonId: lesson.lessonId, filename: file.filename, contentType: 'application/pdf', sizeBytes: 1234, status: 'ready' as const, createdBy: 'seed' })),
    sdb.db.insert(downloads).values(sdb.withSchool({ id: downloadId, courseId: lesson.courseId, lessonId: lesson.lessonId, fileId, title: file.title })),
  ]);
  return downloadId;
}
