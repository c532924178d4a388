import type { FileUse, LibraryFile } from './media-api';

// What a file is used for, in words: the library's "Used by" column and the confirmations
// that name what a deletion takes with it.

export function describeUse(use: FileUse, courseId?: string): string {
  if (use.kind === 'cover') return use.courseId === courseId ? 'Cover of this course' : `Cover of “${use.courseTitle}”`;
  if (use.kind === 'attachment') return `Attachment “${use.title}” on the lesson “${use.lessonTitle ?? 'a deleted lesson'}”`;
  return `Course download “${use.title}”`;
}

/** The downloads (course-level or on a lesson) that offer a file. */
export function downloadUses(file: LibraryFile): Extract<FileUse, { kind: 'download' | 'attachment' }>[] {
  return file.usedBy.filter((u): u is Extract<FileUse, { kind: 'download' | 'attachment' }> => u.kind !== 'cover');
}
