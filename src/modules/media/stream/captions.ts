import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { transcripts } from '../../courses/schema.ts';
import { formatTimecode } from '../../courses/transcripts/timecode.ts';
import { openVideoLesson } from './lesson-access.ts';

type Cue = { start: number; end: number; text: string };

export const CaptionsInput = z.object({
  lessonId: z.string().trim().min(1).max(100),
  file: z.string().regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}\.vtt$/, 'Ask for captions as <language>.vtt, for example en.vtt.'),
});

/**
 * GET /api/lessons/:lessonId/captions/:language.vtt — the lesson's transcript in one language
 * as WebVTT for the player's <track>, behind the same access check as the video. A viewer
 * limited to a preview gets the cues of that preview only.
 */
export async function lessonCaptions({ ctx, input }: { ctx: SchoolCtx; input: unknown }): Promise<string> {
  const { lessonId, file } = CaptionsInput.parse(input);
  const open = await openVideoLesson(ctx, lessonId);
  const wanted = file.slice(0, -'.vtt'.length).toLowerCase();
  const language = open.captionLanguages.find((l) => l.toLowerCase() === wanted);
  if (!language) throw new NotFound(`This lesson has no ${file.slice(0, -4)} captions.`);
  const { db, scoped } = ctx.schoolDb;
  const [row] = await db.select({ cues: transcripts.cues }).from(transcripts).where(scoped(transcripts, and(eq(transcripts.lessonId, lessonId), eq(transcripts.language, language)))).limit(1);
  if (!row) throw new NotFound(`This lesson has no ${language} captions.`);
  return renderWebVtt(row.cues, open.previewLimitSeconds);
}

/**
 * Cues (seconds) → a WebVTT file. Cue text cannot contain "-->" or a blank line (either
 * would end the cue early), so those are neutralised; everything else passes as written.
 */
export function renderWebVtt(cues: Cue[], limitSeconds: number | null = null): string {
  const lines = ['WEBVTT', ''];
  let n = 0;
  for (const cue of cues) {
    if (limitSeconds !== null && cue.start >= limitSeconds) continue;
    const end = limitSeconds !== null ? Math.min(cue.end, limitSeconds) : cue.end;
    const text = cue.text.replace(/-->/g, '→').replace(/\r\n?/g, '\n').replace(/\n{2,}/g, '\n').trim();
    if (!text) continue;
    lines.push(String(++n), `${formatTimecode(cue.start * 1000, 'vtt')} --> ${formatTimecode(end * 1000, 'vtt')}`, text, '');
  }
  return lines.join('\n');
}
