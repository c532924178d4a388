import './my-learning.css';
import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { usePageTitle } from '../../lib/page-title';
import { Link } from '../../lib/router';
import { buttonClass } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { BookIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { RequireSignIn, signedInOnly } from '../access/require-sign-in';
import { settled } from '../course/resource-value';
import { LearningCourseCard } from './learning-course-card';
import { byRecentActivity, fetchMyLearning } from './my-learning-api';

/** /learning — the courses you are taking, each with "Continue", and the ones you finished. */
export function MyLearningPage(): JSX.Element {
  usePageTitle('My learning');
  return (
    <RequireSignIn>
      {() => (
        <section class="section" aria-labelledby="learning-title">
          <div class="container my-learning">
            <h1 id="learning-title" class="page-title">
              My learning
            </h1>
            <LearningList />
          </div>
        </section>
      )}
    </RequireSignIn>
  );
}

function LearningList(): JSX.Element {
  const [courses, { refetch }] = createResource(signedInOnly(fetchMyLearning));
  const all = () => [...(settled(courses) ?? [])].sort(byRecentActivity);
  const inProgress = () => all().filter((c) => c.progressPercent < 100);
  const finished = () => all().filter((c) => c.progressPercent >= 100);
  return (
    <Switch fallback={<Spinner label="Loading your courses…" />}>
      <Match when={courses.error && !courses.loading}>
        <ErrorNotice title="We couldn't load your courses" error={courses.error} onRetry={() => void refetch()} />
      </Match>
      <Match when={settled(courses)?.length === 0}>
        <EmptyState icon={<BookIcon />} title="You are not taking any courses yet" data-testid="learning-empty">
          <p>Enroll in a course and it will be here, with a way straight back to where you stopped.</p>
          <Link class={buttonClass('primary')} href="/courses">
            Browse courses
          </Link>
        </EmptyState>
      </Match>
      <Match when={settled(courses)}>
        <Show when={inProgress().length > 0}>
          <section class="my-learning__group" aria-labelledby="learning-current-title">
            <h2 id="learning-current-title">In progress</h2>
            <ul class="learning-list" data-testid="learning-in-progress">
              <For each={inProgress()}>
                {(course) => (
                  <li>
                    <LearningCourseCard course={course} />
                  </li>
                )}
              </For>
            </ul>
          </section>
        </Show>
        <Show when={finished().length > 0}>
          <section class="my-learning__group" aria-labelledby="learning-done-title">
            <h2 id="learning-done-title">Completed</h2>
            <ul class="learning-list" data-testid="learning-completed">
              <For each={finished()}>
                {(course) => (
                  <li>
                    <LearningCourseCard course={course} />
                  </li>
                )}
              </For>
            </ul>
          </section>
        </Show>
        <p class="my-learning__more">
          Looking for something new? <Link href="/courses">Browse all courses</Link>
        </p>
      </Match>
    </Switch>
  );
}
