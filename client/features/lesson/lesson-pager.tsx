import { Show, type JSX } from 'solid-js';
import { Link } from '../../lib/router';
import type { OutlineLesson } from '../course/course-api';
import { lessonPath } from '../course/paths';

type Neighbour = { id: string; lesson: OutlineLesson | undefined };

/** Previous and next lesson, named when the outline is known, and marked when locked. */
export function LessonPager(props: { slug: string; asStudent: boolean; previous: Neighbour | null; next: Neighbour | null }): JSX.Element {
  const href = (id: string) => lessonPath(props.slug, id, { asStudent: props.asStudent });
  const locked = (n: Neighbour) => n.lesson !== undefined && !n.lesson.access.open;
  return (
    <Show when={props.previous || props.next}>
      <nav class="lesson-pager" aria-label="Lessons">
        <Show when={props.previous} fallback={<span />}>
          {(previous) => (
            <Link class="lesson-pager__link lesson-pager__link--previous" href={href(previous().id)} rel="prev" data-testid="previous-lesson">
              <span class="lesson-pager__direction">← Previous</span>
              <span class="lesson-pager__title">{previous().lesson?.title ?? 'Previous lesson'}</span>
            </Link>
          )}
        </Show>
        <Show when={props.next}>
          {(next) => (
            <Link class="lesson-pager__link lesson-pager__link--next" href={href(next().id)} rel="next" data-testid="next-lesson">
              <span class="lesson-pager__direction">Next →</span>
              <span class="lesson-pager__title">
                {next().lesson?.title ?? 'Next lesson'}
                <Show when={locked(next())}>
                  <span class="lesson-pager__locked"> (locked)</span>
                </Show>
              </span>
            </Link>
          )}
        </Show>
      </nav>
    </Show>
  );
}
