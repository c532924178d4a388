import { z } from 'zod';
import { MEDIA_PURPOSES } from '../schema.ts';
import { baseName } from './object-key.ts';

// Inputs of the staff file verbs. Messages are shown next to the upload control, so they say what to do.

export const Id = z.string({ error: 'Give the id of the record.' }).trim().min(1).max(100);

const Filename = z
  .string({ error: 'Give the file’s name.' })
  .transform(baseName)
  .pipe(
    z
      .string()
      .min(1, { error: 'Give the file’s name, such as worksheet.pdf.' })
      .max(255, { error: 'Keep the file name under 255 characters.' })
      // Control characters would end up in headers (Content-Disposition) and logs.
      .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), { error: 'The file name contains control characters; rename the file and try again.' }),
  );

export const CreateUploadInput = z.object({
  courseId: Id,
  purpose: z.enum(MEDIA_PURPOSES, { error: 'Say what the file is for: lesson_attachment, course_cover or download.' }),
  filename: Filename,
  contentType: z.string({ error: 'Give the file’s content type, such as application/pdf.' }).max(200),
  sizeBytes: z.number({ error: 'Give the file’s size in bytes.' }).int({ error: 'Give the file’s size in whole bytes.' }).min(1, { error: 'The file is empty; choose a file with something in it.' }),
  lessonId: Id.nullable().optional(),
});

export const FileIdInput = z.object({ fileId: Id });

export const PartInput = z.object({
  fileId: Id,
  partNumber: z.coerce.number({ error: 'Give the part number in the address, such as …/parts/1.' }).int().min(1, { error: 'Part numbers start at 1.' }).max(10_000),
});

export const DeleteFileInput = z.object({
  fileId: Id,
  /** `?confirm=true`: delete a file even though something uses it (the uses go with it). */
  confirm: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
});

export const CourseIdInput = z.object({ courseId: Id });
export const SetCoverInput = z.object({ courseId: Id, fileId: Id });
