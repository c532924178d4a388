import { and, asc, eq, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { ACCESS_LEVELS, chapters, courses, entitlements, lessons, userProgress } from '../courses/schema.ts';
import { entitlementActive } from './access.ts';

export const ListCatalogInput = z.object({
  q: z.string().trim().max(100, 'Search for at most 100 characters.').optional(),
  access: z.enum(ACCESS_LEVELS, { message: `Filter access by one of: ${ACCESS_LEVELS.join(', ')}.` }).optional(),
});

/** LIKE treats % and _ as wildcards; a learner searching "100%" means the character. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Lessons a learner can see: published, in a published chapter. */
const visibleLesson = and(eq(lessons.status, 'published'), eq(chapters.status, 'published'));

/** The public catalog; for a signed-in member also whether they are enrolled and how far along. One batch. */
export async function listCatalog({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  // Public: no permission check, only published courses are listed.
  const { q, access } = ListCatalogInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const userId = ctx.actor?.user.id ?? '';
  const search = q ? or(sql`${courses.title} like ${likePattern(q)} escape '\\'`, sql`${courses.summary} like ${likePattern(q)} escape '\\'`) : undefined;
  const lessonJoin = and(eq(lessons.courseId, courses.id), eq(lessons.schoolId, courses.schoolId));
  const chapterJoin = and(eq(chapters.id, lessons.chapterId), eq(chapters.schoolId, lessons.schoolId));
  const [rows, ents, done] = await db.batch([
    db
      .select({
        id: courses.id,
        title: courses.title,
        slug: courses.slug,
        summary: courses.summary,
        accessLevel: courses.accessLevel,
        priceCents: courses.priceCents,
        currency: courses.currency,
        lessonCount: sql<number>`count(case when ${visibleLesson} then 1 end)`,
        requiredCount: sql<number>`count(case when ${visibleLesson} and ${lessons.isRequired} = 1 then 1 end)`,
        estimatedMinutes: sql<number>`coalesce(sum(case when ${visibleLesson} then ${lessons.estimatedMinutes} end), 0)`,
      })
      .from(courses)
      .leftJoin(lessons, lessonJoin)
      .leftJoin(chapters, chapterJoin)
      .where(scoped(courses, eq(courses.status, 'published'), access ? eq(courses.accessLevel, access) : undefined, search))
      .groupBy(courses.id)
      .orderBy(asc(courses.title)),
    db.select().from(entitlements).where(scoped(entitlements, eq(entitlements.userId, userId), isNull(entitlements.revokedAt))),
    db
      .select({ courseId: userProgress.courseId, completed: sql<number>`count(*)` })
      .from(userProgress)
      .innerJoin(lessons, and(eq(lessons.id, userProgress.lessonId), eq(lessons.schoolId, userProgress.schoolId)))
      .innerJoin(chapters, chapterJoin)
      .where(scoped(userProgress, eq(userProgress.userId, userId), isNotNull(userProgress.completedAt), eq(lessons.isRequired, true), visibleLesson))
      .groupBy(userProgress.courseId),
  ]);
  const active = ents.filter((e) => entitlementActive(e, ctx.now));
  const allCourses = active.some((e) => e.type === 'all_courses');
  return {
    courses: rows.map(({ requiredCount, ...course }) => {
      if (!ctx.actor) return course;
      const enrolled = allCourses || active.some((e) => e.type === 'course' && e.courseId === course.id);
      const completed = done.find((d) => d.courseId === course.id)?.completed ?? 0;
      return { ...course, enrolled, progressPercent: requiredCount ? Math.round((100 * completed) / requiredCount) : 0 };
    }),
  };
}
