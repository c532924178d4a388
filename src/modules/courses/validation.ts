import { z } from 'zod';
import { ACCESS_LEVELS, CONTENT_STATUSES } from './schema.ts';

// Inputs of the staff authoring verbs. Messages are shown next to the field in the editor,
// so they say what to enter.

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG = 80;

export const Id = z.string({ error: 'Give the id of the record.' }).min(1).max(100);
const Title = z.string({ error: 'Enter a title.' }).trim().min(1, { error: 'Enter a title.' }).max(200, { error: 'Keep the title under 200 characters.' });
const Slug = z
  .string()
  .trim()
  .max(MAX_SLUG, { error: `Keep the address under ${MAX_SLUG} characters.` })
  .regex(SLUG, { error: 'Use lower-case letters, digits and single hyphens for the address, such as intro-to-torah.' });
const Summary = z.string().max(500, { error: 'Keep the summary under 500 characters.' });
const Description = z.string().max(20_000, { error: 'Keep the description under 20,000 characters.' });
const AccessLevel = z.enum(ACCESS_LEVELS, { error: 'Choose who can take the course: public, free, paid or members.' });
const PriceCents = z.number().int({ error: 'Give the price in whole cents.' }).min(0).max(10_000_000).nullable();
const Status = z.enum(CONTENT_STATUSES, { error: 'Choose draft or published.' });
/**
 * An instant with its zone spelled out (Z or ±hh:mm): "09:00" alone would mean the server's
 * zone, which is nobody's. Stored as UTC milliseconds; compared as instants.
 */
export const ReleaseAt = z.iso
  .datetime({ offset: true, error: 'Give the release time as an ISO date-time with its time zone, such as 2026-09-01T09:00:00Z or 2026-09-01T11:00:00+02:00.' })
  .transform((iso) => new Date(iso))
  .nullable();
const ReleaseAfterDays = z.number().int({ error: 'Give the delay in whole days.' }).min(0).max(3650).nullable();

export const CreateCourseInput = z.object({
  title: Title,
  slug: Slug.optional(),
  summary: Summary.optional(),
  description: Description.optional(),
  accessLevel: AccessLevel,
  priceCents: PriceCents.optional(),
});

export const UpdateCourseInput = z.object({
  courseId: Id,
  title: Title.optional(),
  slug: Slug.optional(),
  summary: Summary.optional(),
  description: Description.optional(),
  coverImageKey: z.string().min(1).max(300).nullable().optional(),
  accessLevel: AccessLevel.optional(),
  priceCents: PriceCents.optional(),
});

export const CourseIdInput = z.object({ courseId: Id });

export const CreateChapterInput = z.object({ courseId: Id, title: Title, releaseAt: ReleaseAt.optional() });
export const UpdateChapterInput = z.object({ chapterId: Id, title: Title.optional(), status: Status.optional(), releaseAt: ReleaseAt.optional() });
export const ChapterIdInput = z.object({ chapterId: Id });

const LessonFields = {
  title: Title,
  body: z.string().max(200_000, { error: 'Keep the lesson text under 200,000 characters.' }),
  status: Status,
  isPreview: z.boolean(),
  isRequired: z.boolean(),
  estimatedMinutes: z.number().int().min(0).max(10_000).nullable(),
  releaseAt: ReleaseAt,
  releaseAfterDays: ReleaseAfterDays,
};
export const DRIP_BOTH = 'A lesson opens either on a date or some days after enrollment, not both: clear one of releaseAt and releaseAfterDays (set it to null).';

export const CreateLessonInput = z
  .object({ chapterId: Id, title: Title, ...partial(LessonFields, 'body', 'isPreview', 'isRequired', 'estimatedMinutes', 'releaseAt', 'releaseAfterDays') })
  .refine((l) => l.releaseAt == null || l.releaseAfterDays == null, { error: DRIP_BOTH });
export const UpdateLessonInput = z.object({ lessonId: Id, ...partial(LessonFields, ...(Object.keys(LessonFields) as (keyof typeof LessonFields)[])) });
export const LessonIdInput = z.object({ lessonId: Id });

export const ReorderCourseInput = z.object({
  courseId: Id,
  chapters: z.array(z.object({ id: Id, lessonIds: z.array(Id).max(1000) }), { error: 'Send chapters: [{ id, lessonIds: [...] }] in the new order.' }).max(500),
});

function partial<T extends Record<string, z.ZodType>, K extends keyof T>(fields: T, ...keys: K[]) {
  return Object.fromEntries(keys.map((k) => [k, fields[k]!.optional()])) as { [P in K]: z.ZodOptional<T[P]> };
}
