import { eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { SchoolDb } from '../../../platform/db/school-db.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { courses, lessons } from '../../courses/schema.ts';
import { contentProtectionPolicies, type COPY_MODES, type DOWNLOAD_MODES } from '../schema.ts';

export type CopyMode = (typeof COPY_MODES)[number];
export type DownloadMode = (typeof DOWNLOAD_MODES)[number];

/** What applies to one course once the school default and the course override are merged. */
export type EffectiveProtection = {
  copyMode: CopyMode;
  downloadMode: DownloadMode;
  /** How many preview lessons of a course count as previews; null = all of them. */
  previewLessonLimit: number | null;
  /** Seconds of a preview lesson's video someone without access may watch; null = all of it. */
  previewVideoSeconds: number | null;
};

/** What a school with no policy rows gets. */
export const DEFAULT_PROTECTION: EffectiveProtection = { copyMode: 'allow', downloadMode: 'entitled', previewLessonLimit: null, previewVideoSeconds: null };

export type PolicyRow = typeof contentProtectionPolicies.$inferSelect;

type CourseRef = { courseId: string } | { slug: string } | { lessonId: string };

function courseIdOf(schoolDb: SchoolDb, ref: CourseRef): SQL {
  if ('courseId' in ref) return sql`${ref.courseId}`;
  if ('slug' in ref) return sql`(select ${courses.id} from ${courses} where ${courses.slug} = ${ref.slug} and ${courses.schoolId} = ${schoolDb.schoolId})`;
  return sql`(select ${lessons.courseId} from ${lessons} where ${lessons.id} = ${ref.lessonId} and ${lessons.schoolId} = ${schoolDb.schoolId})`;
}

/**
 * The school default row and the course's row (at most two), unawaited so callers can put
 * it in the same `db.batch` as the rest of their reads.
 */
export function protectionRowsQuery(schoolDb: SchoolDb, ref: CourseRef) {
  const t = contentProtectionPolicies;
  return schoolDb.db
    .select()
    .from(t)
    .where(schoolDb.scoped(t, or(isNull(t.courseId), eq(t.courseId, courseIdOf(schoolDb, ref)))));
}

/** Course row over school row over the defaults, field by field (null = inherit). */
export function resolveProtection(rows: PolicyRow[]): EffectiveProtection {
  const school = rows.find((r) => r.courseId === null);
  const course = rows.find((r) => r.courseId !== null);
  return {
    copyMode: course?.copyMode ?? school?.copyMode ?? DEFAULT_PROTECTION.copyMode,
    downloadMode: course?.downloadMode ?? school?.downloadMode ?? DEFAULT_PROTECTION.downloadMode,
    previewLessonLimit: course?.previewLessonLimit ?? school?.previewLessonLimit ?? DEFAULT_PROTECTION.previewLessonLimit,
    previewVideoSeconds: course?.previewVideoSeconds ?? school?.previewVideoSeconds ?? DEFAULT_PROTECTION.previewVideoSeconds,
  };
}

/** The protection in force for one course of the request's school (one query). */
export async function effectiveProtection(ctx: Pick<SchoolCtx, 'schoolDb'>, courseId: string): Promise<EffectiveProtection> {
  return resolveProtection(await protectionRowsQuery(ctx.schoolDb, { courseId }));
}

/**
 * The effective preview lesson limit as a SQL expression correlated to `courses.id`, so the
 * course query of the learner's outline carries it at no extra round trip.
 */
export function previewLessonLimitSql(schoolDb: SchoolDb): SQL<number | null> {
  const t = contentProtectionPolicies;
  // Spelled out with its table: drizzle writes columns of single-table queries unqualified,
  // and a bare "id" here would mean the policy's own id.
  const outerCourseId = sql`${sql.identifier('courses')}.${sql.identifier('id')}`;
  return sql<number | null>`coalesce(
    (select ${t.previewLessonLimit} from ${t} where ${t.schoolId} = ${schoolDb.schoolId} and ${t.courseId} = ${outerCourseId}),
    (select ${t.previewLessonLimit} from ${t} where ${t.schoolId} = ${schoolDb.schoolId} and ${t.courseId} is null)
  )`;
}
