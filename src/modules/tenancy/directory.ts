import { z } from 'zod';
import { Invalid } from '../../platform/errors.ts';

/** The directory answers at most this many schools; a search narrows it, never pages past it. */
export const DIRECTORY_LIMIT = 50;
/** Longer searches are refused rather than trimmed, so the answer never silently ignores input. */
export const DIRECTORY_QUERY_MAX = 100;

const DirectoryQuery = z.object({
  q: z
    .string()
    .max(DIRECTORY_QUERY_MAX, `A directory search can be at most ${DIRECTORY_QUERY_MAX} characters.`)
    .transform((q) => q.trim().replace(/\s+/g, ' ').toLowerCase())
    .refine((q) => !/[\u0000-\u001f\u007f]/.test(q), 'A directory search cannot contain control characters.')
    .optional(),
});

/** `?q=` from the URL: trimmed, lower case, whitespace folded; empty means "everything". */
export function parseDirectoryQuery(raw: { q?: string | undefined }): { q: string | null } {
  const parsed = DirectoryQuery.safeParse(raw);
  if (!parsed.success) throw new Invalid(parsed.error.issues[0]!.message);
  return { q: parsed.data.q ? parsed.data.q : null };
}

/** `q` as a LIKE pattern that matches it anywhere, with `%`, `_` and `\` taken literally (ESCAPE '\'). */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
