import { and, asc, eq, gte, inArray, lt, notExists, sql, type SQL } from 'drizzle-orm';
import { platformDbFor } from '../../../platform/db/platform-db.ts';
import { insertWhere } from '../../../platform/db/guarded-write.ts';
import { schoolD1, schoolDbFor, type SchoolDb } from '../../../platform/db/school-db.ts';
import type { Env } from '../../../platform/env.ts';
import { auditLogs } from '../../audit/schema.ts';
import { schools } from '../../tenancy/schema.ts';
import { mediaFiles, mediaUploadParts } from '../schema.ts';
import { fileSummary } from './audit.ts';
import { removeObjects } from './removal.ts';

// Uploads nobody finishes. A file stays `uploading` while staff send it (a reloaded page
// resumes it from its recorded parts); one that has seen no activity for a day is given up:
// its R2 multipart upload is aborted and its parts and its record are deleted, as if the
// uploader had pressed Cancel, so the library never shows an upload that will not move.

/** Idle this long (no new record, no part arriving), an upload is abandoned. */
export const ABANDON_AFTER_MS = 24 * 3600_000;
/** Uploads given up per school per run, and in all per run: a run stays well inside a scheduled invocation. */
export const SCHOOL_BATCH = 25;
export const RUN_BATCH = 100;

/**
 * `uploading`, declared before the cutoff, and no part received since: checked when the
 * candidates are picked and again inside the batch that deletes them, so a part that lands
 * meanwhile keeps its upload.
 */
function idleSince(schoolDb: SchoolDb, cutoff: Date): SQL {
  const recentPart = schoolDb.db
    .select({ one: sql`1` })
    .from(mediaUploadParts)
    .where(and(eq(mediaUploadParts.schoolId, mediaFiles.schoolId), eq(mediaUploadParts.fileId, mediaFiles.id), gte(mediaUploadParts.createdAt, cutoff)));
  return and(eq(mediaFiles.status, 'uploading'), lt(mediaFiles.createdAt, cutoff), notExists(recentPart)) as SQL;
}

/**
 * One school: gives up to `limit` of its abandoned uploads, oldest first. The rows go in one
 * batch (each audited, with no actor: the platform did it), then R2's side: the multipart
 * upload is aborted (its parts stop costing storage; a late part is refused) and any object
 * under the key deleted. Returns the ids given up.
 */
export async function abandonStaleUploads(schoolDb: SchoolDb, bucket: R2Bucket, now: Date, limit = SCHOOL_BATCH): Promise<string[]> {
  if (limit <= 0) return [];
  const cutoff = new Date(now.getTime() - ABANDON_AFTER_MS);
  const { db, scoped, withSchool } = schoolDb;
  const stale = await db.select().from(mediaFiles).where(scoped(mediaFiles, idleSince(schoolDb, cutoff))).orderBy(asc(mediaFiles.createdAt)).limit(limit);
  if (stale.length === 0) return [];
  const ids = stale.map((f) => f.id);
  const stillStale = (id: string) => sql`exists (select 1 from ${mediaFiles} where ${scoped(mediaFiles, eq(mediaFiles.id, id), idleSince(schoolDb, cutoff))})`;
  const audits = stale.map((file) =>
    insertWhere(
      db,
      auditLogs,
      withSchool({
        actorUserId: null,
        action: 'media_file.upload_abandoned',
        entityType: 'media_file',
        entityId: file.id,
        metadata: { before: fileSummary(file), after: null, reason: 'idle', idleHours: ABANDON_AFTER_MS / 3600_000 },
        createdAt: now,
      }),
      stillStale(file.id),
    ),
  );
  const staleIds = db.select({ id: mediaFiles.id }).from(mediaFiles).where(scoped(mediaFiles, inArray(mediaFiles.id, ids), idleSince(schoolDb, cutoff)));
  // One transaction, in this order: the parts of uploads still idle, an audit row for each one
  // still idle (deleting idle parts does not change that test; a part that arrived since keeps
  // its upload), then the records themselves, returned so R2 is cleaned up for exactly those.
  const results = await db.batch([
    db.delete(mediaUploadParts).where(scoped(mediaUploadParts, inArray(mediaUploadParts.fileId, staleIds))),
    ...audits,
    db
      .delete(mediaFiles)
      .where(scoped(mediaFiles, inArray(mediaFiles.id, ids), idleSince(schoolDb, cutoff)))
      .returning({ id: mediaFiles.id, key: mediaFiles.key, multipartUploadId: mediaFiles.multipartUploadId }),
  ]);
  const removed = results.at(-1) as { id: string; key: string; multipartUploadId: string | null }[];
  await removeObjects(bucket, removed);
  return removed.map((f) => f.id);
}

/**
 * Cron: every active school's abandoned uploads, at most RUN_BATCH in all (what is left goes
 * on the next run). Runs in the first five minutes of each hour only: a day's idleness is
 * not measured to the minute, and the other runs of the five-minute cron cost no school
 * database a query. A school that fails is logged; the others go on.
 */
export async function sweepAbandonedUploads(env: Env, now: Date): Promise<{ schools: number; removed: number }> {
  if (now.getUTCMinutes() >= 5) return { schools: 0, removed: 0 };
  const active = await platformDbFor(env.PLATFORM_DB)
    .select({ id: schools.id, slug: schools.slug, d1Binding: schools.d1Binding })
    .from(schools)
    .where(eq(schools.status, 'active'))
    .orderBy(asc(schools.id));
  let removed = 0;
  for (const school of active) {
    if (removed >= RUN_BATCH) break;
    try {
      const ids = await abandonStaleUploads(schoolDbFor(schoolD1(env, school), school.id), env.MEDIA, now, Math.min(SCHOOL_BATCH, RUN_BATCH - removed));
      removed += ids.length;
    } catch (error) {
      console.error(`[media] giving up abandoned uploads of school ${school.slug} failed`, error);
    }
  }
  return { schools: active.length, removed };
}
