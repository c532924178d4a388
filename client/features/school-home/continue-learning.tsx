import { createResource, Show, type JSX } from 'solid-js';
import { Link } from '../../lib/router';
import { useSession } from '../../lib/session';
import { buttonClass } from '../../ui/button';
import { ArrowRightIcon } from '../../ui/icons';
import { lessonPath } from '../course/paths';
import { settled } from '../course/resource-value';
import { byRecentActivity, fetchMyLearning } from '../my-learning/my-learning-api';

/**
 * For a signed-in learner with a course under way: one line back into the lesson they were
 * on. Loaded only once the session says someone is signed in; a failure just hides it (the
 * home page is not the place for an error about a shortcut).
 */
export function ContinueLearning(): JSX.Element {
  const session = useSession();
  const [learning] = createResource(
    () => (session.member() ? session.member()!.user.id : false),
    () => fetchMyLearning().catch(() => []),
  );
  const next = () => (settled(learning) ?? []).filter((c) => c.resume && c.progressPercent < 100).sort(byRecentActivity)[0];
  return (
    <Show when={session.member() && next()}>
      {(course) => (
        <section class="continue-strip" aria-labelledby="continue-title" data-testid="home-continue">
          <div class="container continue-strip__inner">
            <div>
              <h2 id="continue-title" class="continue-strip__title">
                Continue learning
              </h2>
              <p class="continue-strip__text">
                {course().title}: <strong>{course().resume!.title}</strong> · {course().progressPercent}% complete
              </p>
            </div>
            <div class="continue-strip__actions">
              <Link class={buttonClass('primary')} href={lessonPath(course().slug, course().resume!.lessonId, { positionSeconds: course().resume!.positionSeconds })}>
                Continue
                <ArrowRightIcon />
              </Link>
              <Link href="/learning">All my courses</Link>
            </div>
          </div>
        </section>
      )}
    </Show>
  );
}
