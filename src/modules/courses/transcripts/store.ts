import { and, asc, eq, sql } from 'drizzle-orm';
import type { SchoolDb } from '../../../platform/db/school-db.ts';
import { NotFound } from '../../../platform/errors.ts';
import { lessons, transcripts } from '../schema.ts';

/**
 * The learner's read: every language of a lesson's transcript with its cues. Not a route:
 * the learner API includes it in the lesson response once its access check has passed.
 * `transcriptsQuery` is the unawaited statement, for callers that put it in a `db.batch`
 * to keep the lesson player at one round trip.
 */
export function transcriptsQuery(schoolDb: SchoolDb, lessonId: string) {
  return schoolDb.db
    .select({ language: transcripts.language, cues: transcripts.cues })
    .from(transcripts)
    .where(schoolDb.scoped(transcripts, eq(transcripts.lessonId, lessonId)))
    .orderBy(asc(transcripts.language));
}

export type TranscriptSummary = { language: string; cueCount: number; updatedAt: Date | null };

/**
 * The lesson (this school's, else 404) and its transcripts' languages and sizes, in one
 * query: the left join keeps the lesson row when it has no transcript yet.
 */
export async function lessonTranscripts(schoolDb: SchoolDb, lessonId: string, language?: string): Promise<TranscriptSummary[]> {
  const rows = await schoolDb.db
    .select({
      language: transcripts.language,
      cueCount: sql<number | null>`json_array_length(${transcripts.cues})`,
      updatedAt: transcripts.updatedAt,
      createdAt: transcripts.createdAt,
    })
    .from(lessons)
    .leftJoin(
      transcripts,
      and(
        eq(transcripts.schoolId, lessons.schoolId),
        eq(transcripts.lessonId, lessons.id),
        language === undefined ? undefined : eq(transcripts.language, language),
      ),
    )
    .where(schoolDb.scoped(lessons, eq(lessons.id, lessonId)))
    .orderBy(asc(transcripts.language));
  if (rows.length === 0) throw new NotFound('There is no such lesson in this school.');
  return rows
    .filter((r) => r.language !== null)
    .map((r) => ({ language: r.language!, cueCount: r.cueCount ?? 0, updatedAt: r.updatedAt ?? r.createdAt }));
}
