import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, flag, id, instant, schoolId } from '../../platform/db/columns.ts';

// ---- school database: what staff author --------------------------------------------

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export const ACCESS_LEVELS = ['public', 'free', 'paid', 'members'] as const;
export const CONTENT_STATUSES = ['draft', 'published'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const courses = sqliteTable(
  'courses',
  {
    id: id(),
    schoolId: schoolId(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    description: text('description').notNull().default(''),
    coverImageKey: text('cover_image_key'),
    status: text('status', { enum: COURSE_STATUSES }).notNull().default('draft'),
    accessLevel: text('access_level', { enum: ACCESS_LEVELS }).notNull().default('free'),
    /** The "from" price shown on paid courses; what is actually sold is an Offer (commerce). */
    priceCents: integer('price_cents'),
    currency: text('currency').notNull().default('usd'),
    createdBy: text('created_by').notNull(),
    publishedAt: instant('published_at'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [uniqueIndex('courses_school_slug_idx').on(t.schoolId, t.slug), index('courses_school_status_idx').on(t.schoolId, t.status)],
);

export const chapters = sqliteTable(
  'chapters',
  {
    id: id(),
    schoolId: schoolId(),
    courseId: text('course_id').notNull(),
    title: text('title').notNull(),
    position: integer('position').notNull(),
    status: text('status', { enum: CONTENT_STATUSES }).notNull().default('draft'),
    /** The whole chapter opens at this instant (UTC), for everyone. */
    releaseAt: instant('release_at'),
    createdAt: createdAt(),
  },
  (t) => [index('chapters_course_idx').on(t.schoolId, t.courseId, t.position)],
);

export const lessons = sqliteTable(
  'lessons',
  {
    id: id(),
    schoolId: schoolId(),
    courseId: text('course_id').notNull(),
    chapterId: text('chapter_id').notNull(),
    title: text('title').notNull(),
    /** Markdown; rendered sanitised. Never sent to someone the lesson is locked for. */
    body: text('body').notNull().default(''),
    /** Stream video uid, set once its upload (stream_uploads) exists. Attachments are `downloads` rows with this lesson. */
    videoRef: text('video_ref'),
    position: integer('position').notNull(),
    status: text('status', { enum: CONTENT_STATUSES }).notNull().default('draft'),
    isPreview: flag('is_preview').notNull().default(false),
    /** Optional lessons do not count towards course progress. */
    isRequired: flag('is_required').notNull().default(true),
    estimatedMinutes: integer('estimated_minutes'),
    /** Drip: an absolute instant, or days after the learner's enrollment (not both). */
    releaseAt: instant('release_at'),
    releaseAfterDays: integer('release_after_days'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [index('lessons_course_idx').on(t.schoolId, t.courseId, t.chapterId, t.position)],
);

// ---- school database: what learners have and do ------------------------------------

export const entitlements = sqliteTable(
  'entitlements',
  {
    id: id(),
    schoolId: schoolId(),
    userId: text('user_id').notNull(),
    type: text('type', { enum: ['course', 'all_courses', 'downloads'] }).notNull().default('course'),
    courseId: text('course_id'),
    /** free_enrollment, membership, staff_grant, purchase, subscription … */
    source: text('source').notNull(),
    /** The row that granted it: a transaction id (purchase) or a subscription id. */
    sourceRef: text('source_ref'),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at'),
    revokedAt: instant('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('entitlements_user_idx').on(t.schoolId, t.userId, t.courseId), index('entitlements_source_idx').on(t.schoolId, t.sourceRef)],
);

export const userProgress = sqliteTable(
  'user_progress',
  {
    id: id(),
    schoolId: schoolId(),
    userId: text('user_id').notNull(),
    courseId: text('course_id').notNull(),
    lessonId: text('lesson_id').notNull(),
    progress: integer('progress').notNull().default(0),
    completedAt: instant('completed_at'),
    lastPositionSeconds: real('last_position_seconds').notNull().default(0),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [uniqueIndex('user_progress_lesson_idx').on(t.schoolId, t.userId, t.lessonId), index('user_progress_course_idx').on(t.schoolId, t.userId, t.courseId)],
);

export const lessonNotes = sqliteTable(
  'lesson_notes',
  {
    id: id(),
    schoolId: schoolId(),
    userId: text('user_id').notNull(),
    lessonId: text('lesson_id').notNull(),
    body: text('body').notNull(),
    videoPositionSeconds: real('video_position_seconds'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [index('lesson_notes_user_idx').on(t.schoolId, t.userId, t.lessonId)],
);

export const bookmarks = sqliteTable(
  'bookmarks',
  {
    id: id(),
    schoolId: schoolId(),
    userId: text('user_id').notNull(),
    lessonId: text('lesson_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('bookmarks_user_lesson_idx').on(t.schoolId, t.userId, t.lessonId)],
);

export const transcripts = sqliteTable(
  'transcripts',
  {
    id: id(),
    schoolId: schoolId(),
    lessonId: text('lesson_id').notNull(),
    language: text('language').notNull(),
    cues: text('cues', { mode: 'json' }).$type<{ start: number; end: number; text: string }[]>().notNull(),
    /** The cue text joined, for search. */
    plainText: text('plain_text').notNull(),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [uniqueIndex('transcripts_lesson_language_idx').on(t.schoolId, t.lessonId, t.language)],
);
