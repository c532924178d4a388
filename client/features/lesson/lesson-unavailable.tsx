import { createEffect, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { signInHref } from '../../lib/return-to';
import { currentLocation, Link } from '../../lib/router';
import { sessionEnded, useSession } from '../../lib/session';
import { buttonClass } from '../../ui/button';
import { ErrorNotice } from '../../ui/error-notice';
import { orderedLessons, type CourseScreen, type LockReason } from '../course/course-api';
import { LockIcon } from '../course/learning-icons';
import { coursePath } from '../course/paths';
import { EnrollHere } from './enroll-here';
import { lockDetails } from './lesson-api';

type LessonUnavailableProps = {
  error: unknown;
  /**
   * The course screen from a lesson of the same course opened earlier, when there was one:
   * it names the course and this lesson. Why the lesson is locked comes with the refusal.
   */
  known: CourseScreen | undefined;
  slug: string;
  lessonId: string;
  asStudent: boolean;
  retry: () => void;
  /** After enrolling from here: load the lesson again. */
  onEnrolled: () => Promise<void> | void;
};

/**
 * A lesson the Worker would not send. Never a blank page: the lock's own sentence, and the
 * one thing that opens it (sign in, enroll) or the way back to the course. Everything it
 * needs arrives with the refusal (`error.details`), so there is no second call.
 */
export function LessonUnavailable(props: LessonUnavailableProps): JSX.Element {
  const session = useSession();
  const apiError = () => (props.error instanceof ApiError ? props.error : null);
  const status = () => apiError()?.status ?? 0;
  const details = () => lockDetails(props.error);
  const reason = (): LockReason | null => details()?.reason ?? (status() === 401 ? 'not_signed_in' : null);
  const entry = () => (props.known ? orderedLessons(props.known).find((l) => l.id === props.lessonId) : undefined);
  const courseTitle = () => props.known?.course.title;
  const course = () => details()?.course;
  const courseHref = () => coursePath(props.slug, props.asStudent);

  // A 401 while the page thought someone was signed in: the session ended elsewhere.
  createEffect(() => status() === 401 && session.member() && sessionEnded());

  return (
    <div class="container section">
      <Switch fallback={<ErrorNotice title="We couldn't load this lesson" error={props.error} onRetry={props.retry} />}>
        <Match when={status() === 404}>
          <div class="card lesson-locked" data-testid="lesson-not-found">
            <h1 class="lesson-locked__title">There is no such lesson</h1>
            <p>{apiError()?.message}</p>
            <div class="lesson-locked__actions">
              <Link class={buttonClass('primary')} href={props.known ? courseHref() : '/courses'}>
                {props.known ? 'Back to the course' : 'Browse courses'}
              </Link>
            </div>
          </div>
        </Match>
        <Match when={status() === 401 || status() === 403}>
          <div class="card lesson-locked" data-testid="lesson-locked">
            <nav aria-label="Breadcrumb" class="breadcrumb">
              <ol>
                <li>
                  <Link href="/courses">Courses</Link>
                </li>
                <li>
                  <Link href={courseHref()}>{courseTitle() ?? 'This course'}</Link>
                </li>
              </ol>
            </nav>
            <p class="lesson-locked__badge">
              <LockIcon /> Locked lesson
            </p>
            <h1 class="lesson-locked__title">{entry()?.title ?? 'This lesson is locked'}</h1>
            <p class="lesson-locked__reason" data-testid="lock-reason">
              {apiError()?.message}
            </p>
            <Switch>
              <Match when={reason() === 'not_signed_in'}>
                <p>Signing in brings you straight back to this lesson.</p>
                <div class="lesson-locked__actions">
                  <Link class={buttonClass('primary')} href={signInHref(currentLocation())} data-testid="lock-sign-in">
                    Sign in
                  </Link>
                  <Link class={buttonClass('secondary')} href={courseHref()}>
                    Back to the course
                  </Link>
                </div>
              </Match>
              <Match when={reason() === 'not_entitled' && course()?.accessLevel === 'paid'}>
                {/* The refusal carries no offers; the course page lists the ones on sale. */}
                <p>This course is sold separately. Its page lists the ways to buy it.</p>
                <div class="lesson-locked__actions">
                  <Link class={buttonClass('primary')} href={courseHref()} data-testid="lock-buy">
                    See how to buy this course
                  </Link>
                </div>
              </Match>
              <Match when={reason() === 'not_entitled' && course()}>
                {(c) => <EnrollHere slug={props.slug} members={c().accessLevel === 'members'} courseHref={courseHref()} onEnrolled={props.onEnrolled} />}
              </Match>
              <Match when={true}>
                <Show when={details()?.opensAt}>{(at) => <p>That is {formatDateTime(at())} where you are.</p>}</Show>
                <div class="lesson-locked__actions">
                  <Link class={buttonClass('primary')} href={courseHref()}>
                    Back to the course
                  </Link>
                </div>
              </Match>
            </Switch>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
