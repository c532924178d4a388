import { type CoursePageData, orderedLessons } from './course-api';
import { formatPrice } from './learning-format';

/** The one thing the course page asks the viewer to do next. */
export type CourseAction =
  | { kind: 'sign-in'; label: string; note: string }
  | { kind: 'enroll'; label: string; note: string }
  | { kind: 'open'; label: 'Start' | 'Continue' | 'Review'; lessonId: string; lessonTitle: string; positionSeconds: number }
  | { kind: 'waiting'; message: string }
  | { kind: 'buy'; price: string | null }
  | { kind: 'none'; message: string };

/**
 * Decided from the Worker's answer alone (access per lesson, enrollment, progress), so the
 * page never promises a lesson the Worker would refuse. `staff` is the viewer's role, which
 * opens every lesson unless they asked to view the course as a student.
 */
export function courseAction(page: CoursePageData, staff: boolean): CourseAction {
  const lessons = orderedLessons(page);
  const { course, viewer } = page;
  if (lessons.length === 0) return { kind: 'none', message: 'This course has no lessons yet.' };
  const price = course.priceCents === null ? null : formatPrice(course.priceCents, course.currency);
  const asStaff = staff && !page.viewingAsStudent;

  if (!viewer) {
    if (course.accessLevel === 'paid') return { kind: 'buy', price };
    if (course.accessLevel === 'public') return openFirst(page);
    if (course.accessLevel === 'free') return { kind: 'sign-in', label: 'Sign in to enroll', note: 'This course is free. Sign in to enroll and keep track of your progress.' };
    return { kind: 'sign-in', label: 'Sign in to start', note: 'This course is for members of the school.' };
  }

  if (!asStaff && !page.viewingAsStudent && !viewer.enrolled) {
    if (course.accessLevel === 'paid') return { kind: 'buy', price };
    if (course.accessLevel === 'free') return { kind: 'enroll', label: 'Enroll for free', note: 'Enrolling is free and adds the course to My learning.' };
    if (course.accessLevel === 'members') return { kind: 'enroll', label: 'Enroll', note: 'Included with your membership. Enrolling adds the course to My learning.' };
  }

  const next = viewer.continueWith;
  if (next) {
    const lesson = lessons.find((l) => l.id === next.lessonId);
    const started = viewer.completedLessonIds.length > 0 || next.positionSeconds > 0;
    return { kind: 'open', label: started ? 'Continue' : 'Start', lessonId: next.lessonId, lessonTitle: lesson?.title ?? '', positionSeconds: next.positionSeconds };
  }
  const done = new Set(viewer.completedLessonIds);
  const waitingOn = lessons.find((l) => !done.has(l.id) && !l.access.open);
  if (waitingOn && !waitingOn.access.open) return { kind: 'waiting', message: waitingOn.access.message };
  const first = lessons.find((l) => l.access.open);
  return first ? { kind: 'open', label: 'Review', lessonId: first.id, lessonTitle: first.title, positionSeconds: 0 } : { kind: 'none', message: 'No lesson of this course is open yet.' };
}

function openFirst(page: CoursePageData): CourseAction {
  const lessons = orderedLessons(page);
  const first = lessons.find((l) => l.access.open);
  if (first) return { kind: 'open', label: 'Start', lessonId: first.id, lessonTitle: first.title, positionSeconds: 0 };
  const locked = lessons.find((l) => !l.access.open);
  return locked && !locked.access.open ? { kind: 'waiting', message: locked.access.message } : { kind: 'none', message: 'No lesson of this course is open yet.' };
}

/** Whether the viewer's progress means anything here: they are signed in and can take the course. */
export function showsProgress(action: CourseAction, page: CoursePageData): boolean {
  return page.viewer !== null && (action.kind === 'open' || action.kind === 'waiting');
}
