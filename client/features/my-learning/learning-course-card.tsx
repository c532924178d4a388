import { Show, type JSX } from 'solid-js';
import { formatDate } from '../../lib/format';
import { Link } from '../../lib/router';
import { Badge } from '../../ui/badge';
import { buttonClass } from '../../ui/button';
import { ArrowRightIcon } from '../../ui/icons';
import { coursePath, lessonPath } from '../course/paths';
import { ProgressMeter } from '../course/progress-meter';
import type { LearningCourse } from './my-learning-api';

/** One enrolled course: how far along, and the way straight back into the lesson to resume. */
export function LearningCourseCard(props: { course: LearningCourse }): JSX.Element {
  const c = () => props.course;
  const completed = () => c().progressPercent >= 100;
  return (
    <article class="card learning-card" aria-labelledby={`learning-${c().id}`} data-testid="learning-course">
      <div class="learning-card__top">
        <h3 class="learning-card__title" id={`learning-${c().id}`}>
          <Link href={coursePath(c().slug)}>{c().title}</Link>
        </h3>
        <Show when={completed()}>
          <Badge tone="success">Completed</Badge>
        </Show>
      </div>
      <ProgressMeter percent={c().progressPercent} label="Required lessons complete" data-testid="learning-percent" />
      <Show when={c().lastActivityAt}>{(at) => <p class="learning-card__meta">Last studied {formatDate(at())}</p>}</Show>
      <div class="learning-card__actions">
        <Show
          when={c().resume}
          fallback={
            <Link class={buttonClass('secondary')} href={coursePath(c().slug)}>
              {completed() ? 'Review the course' : 'See what opens next'}
            </Link>
          }
        >
          {(resume) => (
            <>
              <Link
                class={buttonClass(completed() ? 'secondary' : 'primary')}
                href={lessonPath(c().slug, resume().lessonId, { positionSeconds: resume().positionSeconds })}
                data-testid="continue-learning"
              >
                Continue<span class="visually-hidden"> {c().title}</span>
                <ArrowRightIcon />
              </Link>
              <p class="learning-card__next">
                Pick up at <strong>{resume().title}</strong>
              </p>
            </>
          )}
        </Show>
      </div>
    </article>
  );
}
