import { isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { auditValues } from '../../audit/record.ts';
import { auditLogs } from '../../audit/schema.ts';
import { getCourseInSchool } from '../../courses/lookup.ts';
import { requireRole } from '../../identity/actor.ts';
import { contentProtectionPolicies } from '../schema.ts';
import { DEFAULT_PROTECTION, type PolicyRow, protectionRowsQuery, resolveProtection } from './policy.ts';
import { ProtectionPatch } from './validation.ts';

const FIELDS = ['copyMode', 'downloadMode', 'previewLessonLimit', 'previewVideoSeconds'] as const;
type Fields = Pick<PolicyRow, (typeof FIELDS)[number]>;

/** A row's own settings (null = inherit / default), as the editor shows them. */
function settingsOf(row: PolicyRow | undefined) {
  return {
    copyMode: row?.copyMode ?? null,
    downloadMode: row?.downloadMode ?? null,
    previewLessonLimit: row?.previewLessonLimit ?? null,
    previewVideoSeconds: row?.previewVideoSeconds ?? null,
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
  };
}

const fieldsOf = (row: PolicyRow | undefined): Fields => {
  const s = settingsOf(row);
  return { copyMode: s.copyMode, downloadMode: s.downloadMode, previewLessonLimit: s.previewLessonLimit, previewVideoSeconds: s.previewVideoSeconds };
};

/** GET /api/admin/protection — the school default. */
export async function getSchoolProtection({ ctx }: { ctx: SchoolCtx }) {
  requireRole(ctx.actor, 'admin');
  const rows = await schoolRow(ctx);
  return { policy: settingsOf(rows[0]), effective: resolveProtection(rows), defaults: DEFAULT_PROTECTION };
}

/** PUT /api/admin/protection — changes the school default; audited. */
export async function updateSchoolProtection({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const patch = ProtectionPatch.parse(input);
  const [before] = await schoolRow(ctx);
  await write(ctx, actor.user.id, null, before, patch);
  return getSchoolProtection({ ctx });
}

const CourseInput = z.object({ courseId: z.string().trim().min(1).max(100) });

/** GET /api/admin/courses/:courseId/protection — the course's override, the school's and the result. */
export async function getCourseProtection({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  requireRole(ctx.actor, 'admin');
  const { courseId } = CourseInput.parse(input);
  const course = await getCourseInSchool(ctx.schoolDb, courseId);
  const rows = await protectionRowsQuery(ctx.schoolDb, { courseId: course.id });
  return {
    course: { id: course.id, title: course.title },
    policy: settingsOf(rows.find((r) => r.courseId !== null)),
    school: fieldsOf(rows.find((r) => r.courseId === null)),
    effective: resolveProtection(rows),
  };
}

/** PUT /api/admin/courses/:courseId/protection — null fields inherit the school's; audited. */
export async function updateCourseProtection({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { courseId } = CourseInput.parse(input);
  const course = await getCourseInSchool(ctx.schoolDb, courseId);
  const { courseId: _, ...rest } = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const patch = ProtectionPatch.parse(rest);
  const rows = await protectionRowsQuery(ctx.schoolDb, { courseId: course.id });
  await write(ctx, actor.user.id, course.id, rows.find((r) => r.courseId !== null), patch);
  return getCourseProtection({ ctx, input: { courseId: course.id } });
}

function schoolRow(ctx: SchoolCtx) {
  const t = contentProtectionPolicies;
  return ctx.schoolDb.db.select().from(t).where(ctx.schoolDb.scoped(t, isNull(t.courseId))).limit(1);
}

/**
 * Upsert on the partial unique index (school default: course_id is null; override: the
 * course), so two admins saving at once cannot create two rows. Unchanged → no write.
 */
async function write(ctx: SchoolCtx, actorUserId: string, courseId: string | null, before: PolicyRow | undefined, patch: ProtectionPatch) {
  const was = fieldsOf(before);
  const next: Fields = { ...was };
  for (const key of FIELDS) if (patch[key] !== undefined) (next as Record<string, unknown>)[key] = patch[key];
  if (before && FIELDS.every((k) => was[k] === next[k])) return;
  const t = contentProtectionPolicies;
  const { db, withSchool } = ctx.schoolDb;
  const values = withSchool({ courseId, ...next, updatedBy: actorUserId, updatedAt: ctx.now });
  const upsert = db
    .insert(t)
    .values(values)
    .onConflictDoUpdate(
      courseId === null
        ? { target: [t.schoolId], targetWhere: sql`course_id is null`, set: { ...next, updatedBy: actorUserId, updatedAt: ctx.now } }
        : { target: [t.schoolId, t.courseId], targetWhere: sql`course_id is not null`, set: { ...next, updatedBy: actorUserId, updatedAt: ctx.now } },
    );
  await db.batch([
    upsert,
    db.insert(auditLogs).values(
      auditValues(ctx.schoolDb, {
        actorUserId,
        action: 'protection.updated',
        entityType: courseId === null ? 'school' : 'course',
        entityId: courseId ?? ctx.school.id,
        metadata: { before: before ? was : null, after: next },
        now: ctx.now,
      }),
    ),
  ]);
}

