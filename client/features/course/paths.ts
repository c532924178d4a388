// Addresses of the learner pages. "View as student" is carried in the query string, so a
// staff member previewing a course stays in the preview as they move between its lessons.

const preview = (asStudent: boolean) => (asStudent ? '?as=student' : '');

export function coursePath(slug: string, asStudent = false): string {
  return `/courses/${encodeURIComponent(slug)}${preview(asStudent)}`;
}

/** With a position (seconds), the lesson opens there: `?t=95`. */
export function lessonPath(slug: string, lessonId: string, options: { asStudent?: boolean; positionSeconds?: number } = {}): string {
  const query = new URLSearchParams();
  if (options.asStudent) query.set('as', 'student');
  if (options.positionSeconds && options.positionSeconds >= 1) query.set('t', String(Math.floor(options.positionSeconds)));
  const qs = query.toString();
  return `/courses/${encodeURIComponent(slug)}/lessons/${encodeURIComponent(lessonId)}${qs ? `?${qs}` : ''}`;
}
