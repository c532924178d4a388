/**
 * Where "Continue" takes a learner, the same on the course page and in My learning: back to
 * the lesson they last touched if it is unfinished and still open; otherwise on to the next
 * open, unfinished lesson after it, then from the start. Locked lessons (drip, release dates,
 * entitlement) are never a resume point. Pure: callers pass lessons in outline order.
 */
export type ResumeLesson = { id: string; open: boolean };
export type ResumeProgress = { lessonId: string; completedAt: Date | null; updatedAt: Date; lastPositionSeconds: number };

export function resumePoint(ordered: ResumeLesson[], progress: ResumeProgress[]): { lessonId: string; positionSeconds: number } | null {
  const mine = progress.filter((p) => ordered.some((l) => l.id === p.lessonId));
  const done = new Set(mine.filter((p) => p.completedAt).map((p) => p.lessonId));
  const positionOf = (lessonId: string) => mine.find((p) => p.lessonId === lessonId)?.lastPositionSeconds ?? 0;
  const pick = (lesson: ResumeLesson | undefined) => (lesson ? { lessonId: lesson.id, positionSeconds: positionOf(lesson.id) } : null);
  const resumable = (l: ResumeLesson) => l.open && !done.has(l.id);

  const latest = mine.reduce<ResumeProgress | null>((a, p) => (!a || p.updatedAt > a.updatedAt ? p : a), null);
  const at = latest ? ordered.findIndex((l) => l.id === latest.lessonId) : -1;
  if (at >= 0 && resumable(ordered[at]!)) return pick(ordered[at]);
  return pick(ordered.slice(at + 1).find(resumable)) ?? pick(ordered.find(resumable));
}
