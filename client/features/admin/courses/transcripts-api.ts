import { api, ApiError } from '../../../lib/api';
import { isObject, list, nullableInstant, object, string } from '../../../lib/json';

// Transcripts of one lesson (src/modules/courses/transcripts/routes.ts). The upload sends the
// raw file as the request body, typed by its extension, rather than JSON.

export type TranscriptSummary = { language: string; cueCount: number; updatedAt: Date | null };

/** One problem the parser found, already phrased "Line 12: …". */
export type TranscriptProblem = { line: number | null; message: string };

const path = (lessonId: string, language?: string) =>
  `/api/admin/lessons/${encodeURIComponent(lessonId)}/transcripts${language === undefined ? '' : `/${encodeURIComponent(language)}`}`;

export function fetchTranscripts(lessonId: string): Promise<TranscriptSummary[]> {
  return api(path(lessonId), {
    parse: (data) =>
      list(object(data, 'transcripts response'), 'transcripts').map((value) => {
        const t = object(value, 'transcript');
        const cues = t.cueCount;
        return { language: string(t, 'language'), cueCount: typeof cues === 'number' ? cues : 0, updatedAt: nullableInstant(t, 'updatedAt') };
      }),
  });
}

/** What the file is, from its name: the server parses by this content type. */
export function transcriptContentType(fileName: string): string {
  if (/\.vtt$/i.test(fileName)) return 'text/vtt';
  if (/\.srt$/i.test(fileName)) return 'application/x-subrip';
  // Anything else is sent as text, and the parser decides from the WEBVTT header.
  return 'text/plain';
}

export function uploadTranscript(lessonId: string, language: string, file: File): Promise<{ language: string; cueCount: number }> {
  return api(path(lessonId, language), {
    method: 'PUT',
    rawBody: { body: file, contentType: transcriptContentType(file.name) },
    parse: (data) => {
      const t = object(object(data, 'upload response').transcript, 'transcript');
      return { language: string(t, 'language'), cueCount: typeof t.cueCount === 'number' ? t.cueCount : 0 };
    },
  });
}

export function deleteTranscript(lessonId: string, language: string): Promise<void> {
  return api(path(lessonId, language), { method: 'DELETE', parse: () => undefined });
}

/** The parser's line-numbered problems from a 400, or null when the failure was something else. */
export function transcriptProblems(error: unknown): TranscriptProblem[] | null {
  if (!(error instanceof ApiError) || error.status !== 400 || !Array.isArray(error.details)) return null;
  const problems = error.details.flatMap((entry: unknown): TranscriptProblem[] => {
    if (!isObject(entry) || typeof entry.message !== 'string') return [];
    return [{ line: typeof entry.line === 'number' ? entry.line : null, message: entry.message }];
  });
  return problems.length ? problems : null;
}
