import { Show, type JSX } from 'solid-js';
import { Link } from '../../../lib/router';
import { buttonClass } from '../../../ui/button';
import { ExternalIcon } from './icons';

type CourseLinksProps = {
  course?: { id: string; slug: string; title: string };
  /** The page these links sit on, which is left out. */
  here?: 'editor' | 'roster' | 'lesson';
  /** On a lesson's editor, "View as student" opens that lesson. */
  lessonId?: string;
};

/**
 * The way back and the ways across: all courses, this course's editor and roster, and the
 * course as a student sees it. The student view opens in a new tab so the editor stays put.
 */
export function CourseLinks(props: CourseLinksProps): JSX.Element {
  const studentHref = (course: { slug: string }) => {
    const base = `/courses/${encodeURIComponent(course.slug)}`;
    return `${props.lessonId ? `${base}/lessons/${encodeURIComponent(props.lessonId)}` : base}?as=student`;
  };
  return (
    <nav class="course-links" aria-label="Course pages">
      <Link href="/admin/courses" class="course-links__back">
        <span aria-hidden="true">← </span>All courses
      </Link>
      <Show when={props.course}>
        {(course) => (
          <div class="course-links__actions">
            <Show when={props.here !== 'editor'}>
              <Link href={`/admin/courses/${encodeURIComponent(course().id)}`} class={buttonClass('secondary', 'button--small')}>
                {props.here === 'lesson' ? 'Course outline' : 'Course editor'}
              </Link>
            </Show>
            <Show when={props.here !== 'roster'}>
              <Link href={`/admin/courses/${encodeURIComponent(course().id)}/roster`} class={buttonClass('secondary', 'button--small')} data-testid="roster-link">
                Roster
              </Link>
            </Show>
            <a href={studentHref(course())} target="_blank" rel="noopener" class={buttonClass('secondary', 'button--small')} data-testid="view-as-student">
              View as student
              <ExternalIcon />
              <span class="visually-hidden"> (opens in a new tab)</span>
            </a>
          </div>
        )}
      </Show>
    </nav>
  );
}
