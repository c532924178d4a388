import type { Chapter, OutlineOrder } from './courses-api';

// Pure moves on a course outline (chapters, each with its lessons). Every move returns a new
// outline, or null when the item cannot go that way, so callers can keep the old one to roll
// back to if the server refuses the new order.

export type Outline = Chapter[];

/** The body of PUT …/order: every chapter, each with every lesson, in the shown order. */
export function orderOf(outline: Outline): OutlineOrder {
  return outline.map((chapter) => ({ id: chapter.id, lessonIds: chapter.lessons.map((lesson) => lesson.id) }));
}

export function sameOrder(a: Outline, b: Outline): boolean {
  return JSON.stringify(orderOf(a)) === JSON.stringify(orderOf(b));
}

export type LessonPlace = { chapterIndex: number; index: number };

export function findLesson(outline: Outline, lessonId: string): LessonPlace | null {
  for (let chapterIndex = 0; chapterIndex < outline.length; chapterIndex++) {
    const index = outline[chapterIndex]!.lessons.findIndex((lesson) => lesson.id === lessonId);
    if (index >= 0) return { chapterIndex, index };
  }
  return null;
}

/** The lesson taken out of its chapter and put at `index` of another (or the same) chapter. */
export function placeLesson(outline: Outline, lessonId: string, chapterId: string, index: number): Outline | null {
  const from = findLesson(outline, lessonId);
  const toChapter = outline.findIndex((chapter) => chapter.id === chapterId);
  if (!from || toChapter < 0) return null;
  const lesson = outline[from.chapterIndex]!.lessons[from.index]!;
  const without = outline.map((chapter, i) => (i === from.chapterIndex ? { ...chapter, lessons: chapter.lessons.filter((l) => l.id !== lessonId) } : chapter));
  const target = without[toChapter]!;
  const at = Math.max(0, Math.min(index, target.lessons.length));
  const lessons = [...target.lessons.slice(0, at), { ...lesson, chapterId }, ...target.lessons.slice(at)];
  return without.map((chapter, i) => (i === toChapter ? { ...chapter, lessons } : chapter));
}

/**
 * One step up or down, as the keyboard moves a lesson: within its chapter, and past the
 * chapter's edge into the end of the previous chapter or the start of the next one.
 */
export function stepLesson(outline: Outline, lessonId: string, direction: -1 | 1): Outline | null {
  const from = findLesson(outline, lessonId);
  if (!from) return null;
  const chapter = outline[from.chapterIndex]!;
  const next = from.index + direction;
  if (next >= 0 && next < chapter.lessons.length) return placeLesson(outline, lessonId, chapter.id, next);
  const neighbour = outline[from.chapterIndex + direction];
  if (!neighbour) return null;
  return placeLesson(outline, lessonId, neighbour.id, direction < 0 ? neighbour.lessons.length : 0);
}

export function placeChapter(outline: Outline, chapterId: string, index: number): Outline | null {
  const from = outline.findIndex((chapter) => chapter.id === chapterId);
  if (from < 0) return null;
  const rest = outline.filter((chapter) => chapter.id !== chapterId);
  const at = Math.max(0, Math.min(index, rest.length));
  return [...rest.slice(0, at), outline[from]!, ...rest.slice(at)];
}

export function stepChapter(outline: Outline, chapterId: string, direction: -1 | 1): Outline | null {
  const from = outline.findIndex((chapter) => chapter.id === chapterId);
  const to = from + direction;
  if (from < 0 || to < 0 || to >= outline.length) return null;
  return placeChapter(outline, chapterId, to);
}

/** "position 2 of 3 in “Getting started”": where a lesson now sits, for the live announcement. */
export function describeLessonPlace(outline: Outline, lessonId: string): string {
  const place = findLesson(outline, lessonId);
  if (!place) return '';
  const chapter = outline[place.chapterIndex]!;
  return `position ${place.index + 1} of ${chapter.lessons.length} in chapter “${chapter.title}”`;
}

export function describeChapterPlace(outline: Outline, chapterId: string): string {
  const index = outline.findIndex((chapter) => chapter.id === chapterId);
  return index < 0 ? '' : `position ${index + 1} of ${outline.length} chapters`;
}

/**
 * `outline` rearranged into the order of `order`, keeping each item's current content, so a
 * rollback after a failed save undoes the move and nothing else (a rename made meanwhile
 * stays). Items the order does not name keep their place at the end.
 */
export function applyOrder(outline: Outline, order: OutlineOrder): Outline {
  const lessons = new Map(outline.flatMap((chapter) => chapter.lessons.map((lesson) => [lesson.id, lesson] as const)));
  const placed = new Set(order.flatMap((entry) => entry.lessonIds));
  const chapters = new Map(outline.map((chapter) => [chapter.id, chapter] as const));
  const ordered = order.flatMap((entry) => {
    const chapter = chapters.get(entry.id);
    if (!chapter) return [];
    const own = entry.lessonIds.flatMap((id) => {
      const lesson = lessons.get(id);
      return lesson ? [{ ...lesson, chapterId: chapter.id }] : [];
    });
    const unplaced = chapter.lessons.filter((lesson) => !placed.has(lesson.id));
    return [{ ...chapter, lessons: [...own, ...unplaced] }];
  });
  const named = new Set(order.map((entry) => entry.id));
  return [...ordered, ...outline.filter((chapter) => !named.has(chapter.id))];
}
