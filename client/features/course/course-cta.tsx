import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError, isSignedOutError } from '../../lib/api';
import { signInHref } from '../../lib/return-to';
import { currentLocation, Link } from '../../lib/router';
import { sessionEnded } from '../../lib/session';
import { Button, buttonClass } from '../../ui/button';
import { focusElement } from '../../ui/error-summary';
import { ArrowRightIcon } from '../../ui/icons';
import { Notice } from '../../ui/notice';
import { enrollIn, type CoursePageData } from './course-api';
import type { CourseAction } from './course-action';
import { CourseOffers } from './course-offers';
import { ClockIcon } from './learning-icons';
import { lessonPath } from './paths';

type CourseCtaProps = {
  page: CoursePageData;
  action: CourseAction;
  /** Reloads the course page after enrolling, so the action becomes Start. */
  reload: () => Promise<unknown>;
};

/** The course page's one call to action, and what enrolling said. */
export function CourseCta(props: CourseCtaProps): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [enrolled, setEnrolled] = createSignal(false);

  const enroll = async () => {
    setBusy(true);
    setError(null);
    try {
      await enrollIn(props.page.course.slug);
      await props.reload();
      setEnrolled(true);
      focusElement('enroll-status');
    } catch (failure) {
      if (isSignedOutError(failure)) sessionEnded();
      setError(failure instanceof ApiError ? failure.message : 'Enrolling did not work. Please try again.');
      focusElement('enroll-error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="course-cta" data-testid="course-cta">
      <Show when={enrolled()}>
        <Notice tone="success" id="enroll-status" live="status" data-testid="enrolled-notice">
          <p>You are enrolled. The course is in My learning whenever you come back.</p>
        </Notice>
      </Show>
      <Show when={error()}>
        <Notice tone="error" id="enroll-error" live="alert" title="That did not work">
          <p>{error()}</p>
        </Notice>
      </Show>
      <Switch>
        <Match when={props.action.kind === 'open' && props.action}>
          {(open) => (
            <>
              <Link
                class={buttonClass('primary', 'course-cta__button')}
                href={lessonPath(props.page.course.slug, open().lessonId, { asStudent: props.page.viewingAsStudent, positionSeconds: open().positionSeconds })}
                data-testid="course-primary-action"
              >
                {open().label === 'Review' ? 'Review the course' : open().label}
                <ArrowRightIcon />
              </Link>
              <Show when={open().lessonTitle}>
                <p class="course-cta__hint">
                  {open().label === 'Continue' ? 'Pick up at' : open().label === 'Review' ? 'From' : 'First lesson:'} <strong>{open().lessonTitle}</strong>
                </p>
              </Show>
            </>
          )}
        </Match>
        <Match when={props.action.kind === 'enroll' && props.action}>
          {(enrollAction) => (
            <>
              <Button class="course-cta__button" onClick={() => void enroll()} disabled={busy()} aria-busy={busy()} data-testid="course-primary-action">
                {busy() ? 'Enrolling…' : enrollAction().label}
              </Button>
              <p class="course-cta__hint">{enrollAction().note}</p>
            </>
          )}
        </Match>
        <Match when={props.action.kind === 'sign-in' && props.action}>
          {(signIn) => (
            <>
              <Link class={buttonClass('primary', 'course-cta__button')} href={signInHref(currentLocation())} data-testid="course-primary-action">
                {signIn().label}
              </Link>
              <p class="course-cta__hint">{signIn().note}</p>
            </>
          )}
        </Match>
        <Match when={props.action.kind === 'buy' && props.action}>
          {(sale) => (
            <>
              <CourseOffers offers={props.page.offers} price={sale().price} />
              <p class="course-cta__hint">This course is sold separately. Preview lessons are open to everyone now.</p>
              <Show when={props.page.viewer === null}>
                <p class="course-cta__hint">
                  Already have access? <Link href={signInHref(currentLocation())}>Sign in</Link>
                </p>
              </Show>
            </>
          )}
        </Match>
        <Match when={props.action.kind === 'waiting' && props.action}>
          {(waiting) => (
            <p class="course-cta__waiting" data-testid="course-primary-action">
              <ClockIcon /> {waiting().message}
            </p>
          )}
        </Match>
        <Match when={props.action.kind === 'none' && props.action}>{(none) => <p class="course-cta__waiting">{none().message}</p>}</Match>
      </Switch>
    </div>
  );
}
