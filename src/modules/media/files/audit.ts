import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { auditValues } from '../../audit/record.ts';
import { auditLogs } from '../../audit/schema.ts';
import type { Actor } from '../../identity/actor.ts';

/** The audit insert for a batch: every change to files, downloads and covers records who, and before/after. */
export function mediaAudit(
  ctx: SchoolCtx,
  actor: Actor,
  action: string,
  entity: { type: 'media_file' | 'download' | 'course'; id: string },
  before: unknown,
  after: unknown,
  extra: Record<string, unknown> = {},
) {
  return ctx.schoolDb.db.insert(auditLogs).values(
    auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action, entityType: entity.type, entityId: entity.id, metadata: { ...extra, before, after }, now: ctx.now }),
  );
}

/** The fields of a file worth keeping in the audit trail (no R2 key: it is derived from these). */
export function fileSummary(file: { id: string; purpose: string; courseId: string | null; lessonId: string | null; filename: string; contentType: string; sizeBytes: number; status: string }) {
  return { id: file.id, purpose: file.purpose, courseId: file.courseId, lessonId: file.lessonId, filename: file.filename, contentType: file.contentType, sizeBytes: file.sizeBytes, status: file.status };
}
