import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { Invalid, NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { auditLogs } from '../../audit/schema.ts';
import { requireRole } from '../../identity/actor.ts';
import { auditValues } from '../../audit/record.ts';
import { transcripts } from '../schema.ts';
import { MAX_ERRORS, MAX_TRANSCRIPT_BYTES, parseTranscript } from './parse.ts';
import { lessonTranscripts } from './store.ts';
import type { TranscriptFormat } from './timecode.ts';

/** A BCP-47-ish tag (`en`, `he`, `pt-BR`, `zh-Hant`), written back in its usual casing. */
const LanguageTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/, 'Name the language with a tag such as en, he or pt-BR.')
  .transform((tag) =>
    tag
      .split('-')
      .map((part, i) => (i === 0 ? part.toLowerCase() : part.length === 2 ? part.toUpperCase() : part.length === 4 ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part.toLowerCase()))
      .join('-'),
  );

const TranscriptPathInput = z.object({ lessonId: z.string().min(1).max(100), language: LanguageTag });

/** What each accepted content type means; text/plain lets the parser look at the header. */
const FORMATS: Record<string, TranscriptFormat | undefined> = { 'text/vtt': 'vtt', 'application/x-subrip': 'srt', 'text/plain': undefined };

export const UploadTranscriptInput = TranscriptPathInput.extend({
  contentType: z.string().transform((t) => t.split(';')[0]!.trim().toLowerCase()).refine((t) => t in FORMATS, {
    message: 'Send the file with content-type text/vtt (WebVTT), application/x-subrip (SRT) or text/plain.',
  }),
  body: z.custom<ReadableStream<Uint8Array> | null>((b) => b === null || b instanceof ReadableStream),
});

/** GET /api/admin/lessons/:lessonId/transcripts: the languages a lesson has. */
export async function listTranscripts({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  requireRole(ctx.actor, 'instructor');
  const { lessonId } = TranscriptPathInput.pick({ lessonId: true }).parse(input);
  return { transcripts: await lessonTranscripts(ctx.schoolDb, lessonId) };
}

/**
 * PUT /api/admin/lessons/:lessonId/transcripts/:language: parses the uploaded file and
 * replaces that language's transcript. The lesson is looked up before the body is read, so
 * another school's lesson is a 404 whatever was sent; a bad file is a 400 whose details list
 * each problem with its line number.
 */
export async function uploadTranscript({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { lessonId, language } = TranscriptPathInput.parse(input);
  const [before] = await lessonTranscripts(ctx.schoolDb, lessonId, language);
  const { contentType, body } = UploadTranscriptInput.parse(input);

  const parsed = parseTranscript(await readText(body), FORMATS[contentType]);
  if (!parsed.ok) {
    const others = parsed.errors.length - 1;
    const atLeast = parsed.errors.length >= MAX_ERRORS ? 'at least ' : '';
    const more = others > 0 ? ` (and ${atLeast}${others} more problem${others > 1 ? 's' : ''})` : '';
    throw new Invalid(`The transcript was not saved. ${parsed.errors[0]!.message}${more}`, parsed.errors);
  }
  const after = { language, cueCount: parsed.cues.length };
  const { db, withSchool } = ctx.schoolDb;
  await db.batch([
    db
      .insert(transcripts)
      .values(withSchool({ lessonId, language, cues: parsed.cues, plainText: parsed.plainText, createdAt: ctx.now, updatedAt: ctx.now }))
      .onConflictDoUpdate({
        target: [transcripts.schoolId, transcripts.lessonId, transcripts.language],
        set: { cues: parsed.cues, plainText: parsed.plainText, updatedAt: ctx.now },
      }),
    db.insert(auditLogs).values(
      auditValues(ctx.schoolDb, {
        actorUserId: actor.user.id,
        action: before ? 'transcript.replaced' : 'transcript.uploaded',
        entityType: 'lesson',
        entityId: lessonId,
        metadata: { language, before: before ? { language, cueCount: before.cueCount } : null, after },
        now: ctx.now,
      }),
    ),
  ]);
  return { transcript: after };
}

/** DELETE /api/admin/lessons/:lessonId/transcripts/:language. */
export async function deleteTranscript({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { lessonId, language } = TranscriptPathInput.parse(input);
  const [before] = await lessonTranscripts(ctx.schoolDb, lessonId, language);
  if (!before) throw new NotFound(`This lesson has no ${language} transcript.`);
  const { db, scoped } = ctx.schoolDb;
  await db.batch([
    db.delete(transcripts).where(scoped(transcripts, and(eq(transcripts.lessonId, lessonId), eq(transcripts.language, language)))),
    db.insert(auditLogs).values(
      auditValues(ctx.schoolDb, {
        actorUserId: actor.user.id,
        action: 'transcript.deleted',
        entityType: 'lesson',
        entityId: lessonId,
        metadata: { language, before: { language, cueCount: before.cueCount }, after: null },
        now: ctx.now,
      }),
    ),
  ]);
  return { deleted: { language } };
}

/** The body as UTF-8 text, refusing more than the parser's limit before reading it all. */
async function readText(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (!body) throw new Invalid('The request has no file. Send the transcript file as the request body.');
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > MAX_TRANSCRIPT_BYTES) throw new Invalid('The file is larger than 2 MB. Split the transcript into smaller files.');
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Invalid('The file is not UTF-8 text. Save the captions as UTF-8 WebVTT (.vtt) or SRT (.srt) and upload again.');
  }
}
