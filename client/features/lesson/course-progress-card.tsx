import { Show, type JSX } from 'solid-js';
import { signInHref } from '../../lib/return-to';
import { currentLocation, Link } from '../../lib/router';
import { buttonClass } from '../../ui/button';
import { orderedLessons, type CourseScreen } from '../course/course-api';
import { coursePath } from '../course/paths';
import { ProgressMeter } from '../course/progress-meter';

/** The course this lesson belongs to, and how far the learner is through its required lessons. */
export function CourseProgressCard(props: { screen: CourseScreen; signedIn: boolean }): JSX.Element {
  const required = () => orderedLessons(props.screen).filter((l) => l.isRequired);
  const done = () => {
    const completed = new Set(props.screen.viewer?.completedLessonIds ?? []);
    return required().filter((l) => completed.has(l.id)).length;
  };
  return (
    <section class="card lesson-panel" aria-labelledby="course-progress-title">
      <h2 id="course-progress-title" class="lesson-panel__title">
        {props.screen.course.title}
      </h2>
      <Show
        when={props.signedIn && props.screen.viewer}
        fallback={
          <>
            <p class="lesson-panel__intro">Sign in to keep track of your progress, bookmark lessons and take notes.</p>
            <Link class={buttonClass('secondary', 'button--small')} href={signInHref(currentLocation())} data-testid="lesson-sign-in">
              Sign in
            </Link>
          </>
        }
      >
        {(viewer) => (
          <ProgressMeter
            percent={viewer().percent}
            label="Course progress"
            detail={`${done()} of ${required().length} required lesson${required().length === 1 ? '' : 's'} complete`}
            data-testid="course-progress"
          />
        )}
      </Show>
      <p class="lesson-panel__link">
        <Link href={coursePath(props.screen.course.slug, props.screen.viewingAsStudent)}>Course outline</Link>
      </p>
    </section>
  );
}
