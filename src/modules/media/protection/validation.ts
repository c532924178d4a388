import { z } from 'zod';
import { COPY_MODES, DOWNLOAD_MODES } from '../schema.ts';

/**
 * A protection policy change. Every field is optional (absent = unchanged) and nullable:
 * on a course, null means "inherit the school's"; on the school, null means the built-in
 * default (copy allowed, downloads for entitled learners, no preview limits).
 */
export const ProtectionPatch = z
  .object({
    copyMode: z.enum(COPY_MODES, { error: 'Choose allow or discourage for copying.' }).nullable().optional(),
    downloadMode: z.enum(DOWNLOAD_MODES, { error: 'Choose allow, entitled or none for downloads.' }).nullable().optional(),
    previewLessonLimit: z
      .number({ error: 'Give the number of preview lessons as a whole number, or null for no limit.' })
      .int({ error: 'Give the number of preview lessons as a whole number.' })
      .min(0, { error: 'The preview lesson limit cannot be negative (0 turns previews off).' })
      .max(1000, { error: 'Keep the preview lesson limit at 1,000 or fewer.' })
      .nullable()
      .optional(),
    previewVideoSeconds: z
      .number({ error: 'Give the preview length in whole seconds, or null for the whole video.' })
      .int({ error: 'Give the preview length in whole seconds.' })
      .min(1, { error: 'A preview must be at least 1 second long.' })
      .max(86_400, { error: 'Keep the preview under 24 hours (86,400 seconds).' })
      .nullable()
      .optional(),
  })
  .strict();
export type ProtectionPatch = z.infer<typeof ProtectionPatch>;
