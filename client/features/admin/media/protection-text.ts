import type { CopyMode, DownloadMode, Effective } from './protection-api';

// What each protection setting does for learners, in the words the forms show.

export const COPY_CHOICES: Record<CopyMode, { label: string; hint: string }> = {
  allow: { label: 'Allow copying', hint: 'Learners can select and copy lesson text, as on any web page.' },
  discourage: {
    label: 'Discourage copying',
    hint: 'Lesson text and transcripts cannot be selected, and copying them or opening the right-click menu on them shows a short notice instead. It deters casual copying; it cannot stop screenshots or someone determined.',
  },
};

export const DOWNLOAD_CHOICES: Record<DownloadMode, { label: string; hint: string }> = {
  allow: {
    label: 'Anyone who can open the lesson',
    hint: 'A lesson’s attachments go to everyone who can open it, including visitors on preview lessons. Course downloads still need the course.',
  },
  entitled: {
    label: 'Learners who hold the course',
    hint: 'Only learners enrolled in the course (or who bought it) can download. Preview visitors see the files listed but cannot take them.',
  },
  none: { label: 'Nobody', hint: 'Learners cannot download this course’s files at all. Staff still can.' },
};

export const PREVIEW_LESSONS_HINT =
  'People without access to a course (visitors, and members who have not enrolled or bought it) can open the lessons marked as previews. A limit keeps only the first few, in outline order, open to them; 0 turns previews off. Enrolled learners and staff are not affected.';

export const PREVIEW_VIDEO_HINT =
  'How much of a preview lesson’s video people without access may watch. The player stops there; the rest is for learners with access. Enrolled learners and staff always see the whole video.';

export function previewLessonsText(limit: number | null): string {
  if (limit === null) return 'every lesson marked as a preview';
  if (limit === 0) return 'no previews';
  return `the first ${limit} preview lesson${limit === 1 ? '' : 's'}`;
}

export function previewVideoText(seconds: number | null): string {
  if (seconds === null) return 'the whole video';
  return `the first ${seconds} second${seconds === 1 ? '' : 's'}`;
}

const COPY_SUMMARY: Record<CopyMode, string> = { allow: 'copying allowed', discourage: 'copying discouraged' };
const DOWNLOAD_SUMMARY: Record<DownloadMode, string> = {
  allow: 'downloads for anyone who can open the lesson',
  entitled: 'downloads for learners who hold the course',
  none: 'no downloads',
};

/** The settings in force, in one sentence, for "what learners get now". */
export function summary(effective: Effective): string {
  const limit = effective.previewLessonLimit;
  const previews = limit === null ? 'all preview lessons open' : limit === 0 ? 'no preview lessons' : `only the first ${limit} preview lesson${limit === 1 ? '' : 's'} open`;
  const seconds = effective.previewVideoSeconds;
  const video = seconds === null ? 'preview videos play in full' : `preview videos stop after ${seconds} second${seconds === 1 ? '' : 's'}`;
  return [COPY_SUMMARY[effective.copyMode], DOWNLOAD_SUMMARY[effective.downloadMode], previews, video].join('; ');
}
