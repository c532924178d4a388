import { createEffect, createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError, isSignedOutError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { signInHref } from '../../lib/return-to';
import { currentLocation, Link } from '../../lib/router';
import { sessionEnded, useSession } from '../../lib/session';
import { Button, buttonClass } from '../../ui/button';
import { ErrorNotice } from '../../ui/error-notice';
import { Notice } from '../../ui/notice';
import { enrollIn, orderedLessons, type CoursePageData, type LockReason } from '../course/course-api';
import { LockIcon } from '../course/learning-icons';
import { formatPrice } from '../course/learning-format';
import { coursePath } from '../course/paths';

type LessonUnavailableProps = {
  error: unknown;
  /** The course outline, when it loaded: it says why this lesson is locked and what opens it. */
  outline: CoursePageData | undefined;
  slug: string;
  lessonId: string;
  asStudent: boolean;
  retry: () => void;
  /** After enrolling from here: load the lesson again. */
  onEnrolled: () => Promise<void>;
};

/**
 * A lesson the Worker would not send. Never a blank page: the lock's own sentence, and the
 * one thing that opens it (sign in, enroll) or the way back to the course.
 */
export function LessonUnavailable(props: LessonUnavailableProps): JSX.Element {
  const session = useSession();
  const apiError = () => (props.error instanceof ApiError ? props.error : null);
  const status = () => apiError()?.status ?? 0;
  const entry = () => (props.outline ? orderedLessons(props.outline).find((l) => l.id === props.lessonId) : undefined);
  const reason = (): LockReason | null => {
    if (status() === 401) return 'not_signed_in';
    const access = entry()?.access;
    return access && !access.open ? access.reason : null;
  };
  const opensAt = () => {
    const access = entry()?.access;
    return access && !access.open ? access.opensAt : null;
  };
  const course = () => props.outline?.course;
  const courseHref = () => coursePath(props.slug, props.asStudent);

  // A 401 while the page thought someone was signed in: the session ended elsewhere.
  createEffect(() => status() === 401 && session.member() && sessionEnded());

  return (
    <div class="container section">
      <Switch
        fallback={
          <ErrorNotice title="We couldn't load this lesson" error={props.error} onRetry={props.retry} />
        }
      >
        <Match when={status() === 404}>
          <div class="card lesson-locked" data-testid="lesson-not-found">
            <h1 class="lesson-locked__title">There is no such lesson</h1>
            <p>{apiError()?.message}</p>
            <div class="lesson-locked__actions">
              <Link class={buttonClass('primary')} href={props.outline ? courseHref() : '/courses'}>
                {props.outline ? 'Back to the course' : 'Browse courses'}
              </Link>
            </div>
          </div>
        </Match>
        <Match when={status() === 401 || status() === 403}>
          <div class="card lesson-locked" data-testid="lesson-locked">
            <Show when={course()}>
              {(c) => (
                <nav aria-label="Breadcrumb" class="breadcrumb">
                  <ol>
                    <li>
                      <Link href="/courses">Courses</Link>
                    </li>
                    <li>
                      <Link href={courseHref()}>{c().title}</Link>
                    </li>
                  </ol>
                </nav>
              )}
            </Show>
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
              <Match when={reason() === 'not_entitled' && course()?.accessLevel === 'paid' && course()}>
                {(c) => (
                  <>
                    <p>
                      This course is sold separately
                      <Show when={c().priceCents !== null}> for {formatPrice(c().priceCents!, c().currency)}</Show>. Purchases open soon.
                    </p>
                    <div class="lesson-locked__actions">
                      <Link class={buttonClass('primary')} href={courseHref()}>
                        Back to the course
                      </Link>
                    </div>
                  </>
                )}
              </Match>
              <Match when={reason() === 'not_entitled' && course()}>
                {(c) => <EnrollHere slug={props.slug} members={c().accessLevel === 'members'} courseHref={courseHref()} onEnrolled={props.onEnrolled} />}
              </Match>
              <Match when={true}>
                <Show when={opensAt()}>{(at) => <p>That is {formatDateTime(at())} where you are.</p>}</Show>
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

function EnrollHere(props: { slug: string; members: boolean; courseHref: string; onEnrolled: () => Promise<void> }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const enroll = async () => {
    setBusy(true);
    setError(null);
    try {
      await enrollIn(props.slug);
      await props.onEnrolled();
    } catch (failure) {
      if (isSignedOutError(failure)) sessionEnded();
      setError(failure instanceof ApiError ? failure.message : 'Enrolling did not work. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Show when={error()}>
        <Notice tone="error" live="alert" title="That did not work">
          <p>{error()}</p>
        </Notice>
      </Show>
      <p>{props.members ? 'The course is included with your membership.' : 'The course is free: enrolling takes one click.'}</p>
      <div class="lesson-locked__actions">
        <Button onClick={() => void enroll()} disabled={busy()} aria-busy={busy()} data-testid="lock-enroll">
          {busy() ? 'Enrolling…' : props.members ? 'Enroll' : 'Enroll for free'}
        </Button>
        <Link class={buttonClass('secondary')} href={props.courseHref}>
          Back to the course
        </Link>
      </div>
    </>
  );
}
