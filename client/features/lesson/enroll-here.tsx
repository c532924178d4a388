import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError, isSignedOutError } from '../../lib/api';
import { signInHref } from '../../lib/return-to';
import { currentLocation, Link } from '../../lib/router';
import { sessionEnded } from '../../lib/session';
import { Button, buttonClass } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { enrollIn } from '../course/course-api';
import type { AccessLevel } from '../course/learning-format';

/** Enrolling without leaving the lesson (free and members' courses). */
export function EnrollHere(props: { slug: string; members: boolean; courseHref: string; onEnrolled: () => Promise<void> | void }): JSX.Element {
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

type OpenCourseProps = {
  slug: string;
  courseHref: string;
  course: { accessLevel: AccessLevel };
  signedIn: boolean;
  onEnrolled: () => Promise<void> | void;
};

/** After a preview: the one step that opens the rest of the course to this viewer. */
export function OpenCourseCta(props: OpenCourseProps): JSX.Element {
  return (
    <Switch>
      <Match when={!props.signedIn}>
        <p>{props.course.accessLevel === 'free' ? 'The course is free. Sign in and enroll to watch the whole video.' : 'Sign in to watch the whole video.'}</p>
        <div class="lesson-locked__actions">
          <Link class={buttonClass('primary')} href={signInHref(currentLocation())} data-testid="preview-sign-in">
            Sign in
          </Link>
          <Link class={buttonClass('secondary')} href={props.courseHref}>
            About the course
          </Link>
        </div>
      </Match>
      <Match when={props.course.accessLevel === 'paid'}>
        <p>This course is sold separately. Its page lists the ways to buy it.</p>
        <div class="lesson-locked__actions">
          <Link class={buttonClass('primary')} href={props.courseHref} data-testid="preview-buy">
            See how to buy this course
          </Link>
        </div>
      </Match>
      <Match when={true}>
        <EnrollHere slug={props.slug} members={props.course.accessLevel === 'members'} courseHref={props.courseHref} onEnrolled={props.onEnrolled} />
      </Match>
    </Switch>
  );
}
