import { and, count, desc, eq, sql } from 'drizzle-orm';
import { Conflict, Invalid } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireRole } from '../identity/actor.ts';
import { mediaRemovalFor } from '../media/files/removal.ts';
import { deleteStreamVideosQuietly } from '../media/stream/binding.ts';
import { courseVideoUids, deleteCourseUploadRows } from '../media/stream/uploads.ts';
import { audit, changedFields, type Course, courseOutline, getCourseInSchool } from './lookup.ts';
import { chapters, courses, lessons, transcripts } from './schema.ts';
import { freeSlug, isSlugClash, slugFromTitle } from './slug.ts';
import { CourseIdInput, CreateCourseInput, UpdateCourseInput } from './validation.ts';

const PAID_NEEDS_PRICE = 'A paid course needs a price: set priceCents (e.g. 4900 for 49.00).';

/** GET /api/admin/courses: every course of the school, any status, with outline counts. */
export async function listCourses({ ctx }: { ctx: SchoolCtx }) {
  requireRole(ctx.actor, 'instructor');
  const { db, scoped } = ctx.schoolDb;
  const chapterCount = db.select({ n: count() }).from(chapters).where(scoped(chapters, eq(chapters.courseId, courses.id)));
  const lessonCount = db.select({ n: count() }).from(lessons).where(scoped(lessons, eq(lessons.courseId, courses.id)));
  const rows = await db
    .select({ course: courses, chapterCount: sql<number>`(${chapterCount})`, lessonCount: sql<number>`(${lessonCount})` })
    .from(courses)
    .where(scoped(courses))
    .orderBy(desc(courses.createdAt));
  return { courses: rows.map((r) => ({ ...r.course, chapterCount: Number(r.chapterCount), lessonCount: Number(r.lessonCount) })) };
}

/** POST /api/admin/courses. A chosen slug that is taken is a 409; a derived one is numbered. */
export async function createCourse({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const data = CreateCourseInput.parse(input);
  if (data.accessLevel === 'paid' && data.priceCents == null) throw new Invalid(PAID_NEEDS_PRICE);
  const slug = data.slug ? await requireFreeSlug(ctx, data.slug) : await freeSlug(ctx.schoolDb, slugFromTitle(data.title));
  const course = ctx.schoolDb.withSchool({
    id: crypto.randomUUID(),
    slug,
    title: data.title,
    summary: data.summary ?? '',
    description: data.description ?? '',
    accessLevel: data.accessLevel,
    priceCents: data.priceCents ?? null,
    status: 'draft' as const,
    createdBy: actor.user.id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  const { db } = ctx.schoolDb;
  await guardSlugRace(ctx, slug, () =>
    db.batch([db.insert(courses).values(course), audit(ctx, actor, 'course.created', { type: 'course', id: course.id }, null, course)]),
  );
  return { course: await getCourseInSchool(ctx.schoolDb, course.id) };
}

/** GET /api/admin/courses/:courseId: the editor's one call, drafts and bodies included. */
export async function getCourseForEditing({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  requireRole(ctx.actor, 'instructor');
  const { courseId } = CourseIdInput.parse(input);
  const course = await getCourseInSchool(ctx.schoolDb, courseId);
  return { course: { ...course, chapters: await courseOutline(ctx.schoolDb, course.id) } };
}

/** PATCH /api/admin/courses/:courseId: details, cover, access level and price. */
export async function updateCourse({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { courseId, ...patch } = UpdateCourseInput.parse(input);
  const before = await getCourseInSchool(ctx.schoolDb, courseId);
  const accessLevel = patch.accessLevel ?? before.accessLevel;
  const priceCents = patch.priceCents !== undefined ? patch.priceCents : before.priceCents;
  if (accessLevel === 'paid' && priceCents == null) throw new Invalid(PAID_NEEDS_PRICE);
  if (patch.slug && patch.slug !== before.slug) await requireFreeSlug(ctx, patch.slug, before.id);
  return { course: await writeCourse(ctx, actor, before, patch, 'course.updated') };
}

/** POST …/publish: only once a learner would find something to open. */
export async function publishCourse({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { courseId } = CourseIdInput.parse(input);
  const before = await getCourseInSchool(ctx.schoolDb, courseId);
  const { db, scoped } = ctx.schoolDb;
  const [openable] = await db
    .select({ n: count() })
    .from(lessons)
    .innerJoin(chapters, and(eq(chapters.id, lessons.chapterId), eq(chapters.schoolId, lessons.schoolId)))
    .where(scoped(lessons, eq(lessons.courseId, before.id), eq(lessons.status, 'published'), eq(chapters.status, 'published')));
  if (!openable || openable.n === 0) {
    throw new Conflict('This course cannot be published yet: publish at least one lesson inside a published chapter first.');
  }
  // Publishing a published course changes nothing: published_at keeps the first date.
  const publishedAt = before.status === 'published' ? before.publishedAt : ctx.now;
  return { course: await writeCourse(ctx, actor, before, { status: 'published', publishedAt }, 'course.published') };
}

/** POST …/unpublish: back to draft; learners no longer see it in the catalog. */
export async function unpublishCourse({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { courseId } = CourseIdInput.parse(input);
  const before = await getCourseInSchool(ctx.schoolDb, courseId);
  return { course: await writeCourse(ctx, actor, before, { status: 'draft' }, 'course.unpublished') };
}

/** POST …/archive: how a published course is retired; learners' records stay. */
export async function archiveCourse({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { courseId } = CourseIdInput.parse(input);
  const before = await getCourseInSchool(ctx.schoolDb, courseId);
  return { course: await writeCourse(ctx, actor, before, { status: 'archived' }, 'course.archived') };
}

/** DELETE /api/admin/courses/:courseId: drafts only (admin+); the outline and its media (rows and R2 objects) go with it. */
export async function deleteCourse({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { courseId } = CourseIdInput.parse(input);
  const before = await getCourseInSchool(ctx.schoolDb, courseId);
  if (before.status !== 'draft') {
    throw new Conflict(`“${before.title}” is ${before.status}; only draft courses can be deleted. Archive it instead, so learners’ records stay intact.`);
  }
  const { db, scoped } = ctx.schoolDb;
  const courseLessons = db.select({ id: lessons.id }).from(lessons).where(scoped(lessons, eq(lessons.courseId, before.id)));
  const media = await mediaRemovalFor(ctx.schoolDb, { courseId: before.id });
  const videoUids = await courseVideoUids(ctx, before.id);
  await db.batch([
    ...media.statements,
    ...deleteCourseUploadRows(ctx, before.id),
    db.delete(transcripts).where(scoped(transcripts, sql`${transcripts.lessonId} in (${courseLessons})`)),
    db.delete(lessons).where(scoped(lessons, eq(lessons.courseId, before.id))),
    db.delete(chapters).where(scoped(chapters, eq(chapters.courseId, before.id))),
    db.delete(courses).where(scoped(courses, eq(courses.id, before.id))),
    audit(ctx, actor, 'course.deleted', { type: 'course', id: before.id }, before, null),
  ]);
  await media.removeObjects(ctx.env.MEDIA);
  // Its lessons' videos leave Stream after the rows are gone.
  await deleteStreamVideosQuietly(ctx.env, videoUids, 'course deleted');
  return { deleted: true as const };
}

type CoursePatch = Partial<Pick<Course, 'title' | 'slug' | 'summary' | 'description' | 'coverImageKey' | 'accessLevel' | 'priceCents' | 'status' | 'publishedAt'>>;

/** Writes the fields that changed, with their audit row; an unchanged patch writes nothing. */
async function writeCourse(ctx: SchoolCtx, actor: NonNullable<SchoolCtx['actor']>, before: Course, patch: CoursePatch, action: string) {
  const diff = changedFields(before, patch);
  if (!diff.changed) return before;
  const { db, scoped } = ctx.schoolDb;
  await guardSlugRace(ctx, patch.slug ?? before.slug, () =>
    db.batch([
      db.update(courses).set({ ...diff.after, updatedAt: ctx.now }).where(scoped(courses, eq(courses.id, before.id))),
      audit(ctx, actor, action, { type: 'course', id: before.id }, diff.before, diff.after),
    ]),
  );
  return getCourseInSchool(ctx.schoolDb, before.id);
}

async function requireFreeSlug(ctx: SchoolCtx, slug: string, exceptCourseId?: string) {
  const free = await freeSlug(ctx.schoolDb, slug, exceptCourseId);
  if (free !== slug) throw slugTaken(slug, free);
  return slug;
}

const slugTaken = (slug: string, suggestion: string) =>
  new Conflict(`Another course already uses the address “${slug}”. Choose another, such as “${suggestion}”.`);

/** Two editors taking the same slug at once: the unique index decides, and the loser gets the same 409. */
async function guardSlugRace<T>(ctx: SchoolCtx, slug: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isSlugClash(err)) throw slugTaken(slug, await freeSlug(ctx.schoolDb, slug));
    throw err;
  }
}
