import { api } from '../../lib/api';
import { list, nullableInstant, object, string } from '../../lib/json';
import { num } from '../course/learning-json';

/** One course in GET /api/me/learning (src/modules/learning/progress.ts). */
export type LearningCourse = {
  id: string;
  slug: string;
  title: string;
  progressPercent: number;
  /** Where "Continue" goes: the lesson and the position in it; null when nothing is left to open. */
  resume: { lessonId: string; title: string; positionSeconds: number } | null;
  lastActivityAt: Date | null;
};

function parseLearning(data: unknown): LearningCourse[] {
  return list(object(data, 'learning'), 'courses').map((entry) => {
    const c = object(entry, 'course');
    const resume = c.resume === null || c.resume === undefined ? null : object(c.resume, 'resume');
    return {
      id: string(c, 'id'),
      slug: string(c, 'slug'),
      title: string(c, 'title'),
      progressPercent: num(c, 'progressPercent'),
      resume: resume ? { lessonId: string(resume, 'lessonId'), title: string(resume, 'title'), positionSeconds: num(resume, 'positionSeconds') } : null,
      lastActivityAt: nullableInstant(c, 'lastActivityAt'),
    };
  });
}

export function fetchMyLearning(): Promise<LearningCourse[]> {
  return api('/api/me/learning', { parse: parseLearning });
}

/** Most recent activity first; courses never opened after them, by title. */
export function byRecentActivity(a: LearningCourse, b: LearningCourse): number {
  const at = a.lastActivityAt?.getTime() ?? 0;
  const bt = b.lastActivityAt?.getTime() ?? 0;
  return bt - at || a.title.localeCompare(b.title);
}
