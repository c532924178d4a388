import './media.css';
import { createResource, Match, Switch, type JSX } from 'solid-js';
import { Link } from '../../../lib/router';
import { ErrorNotice } from '../../../ui/error-notice';
import { Spinner } from '../../../ui/spinner';
import { signedInOnly } from '../../access/require-sign-in';
import { fetchCourseProtection, fetchSchoolProtection, saveCourseProtection } from './protection-api';
import { ProtectionForm } from './protection-form';

/**
 * One course's content protection, for admins in the course editor: each setting follows
 * the school's default or sets its own. The school's settings are loaded too, so "Same as
 * the school" can say what that means today.
 */
export function CourseProtectionSection(props: { courseId: string }): JSX.Element {
  const [view, { refetch }] = createResource(
    () => props.courseId,
    (id) => signedInOnly(async () => {
      const [course, school] = await Promise.all([fetchCourseProtection(id), fetchSchoolProtection()]);
      return { course, school };
    })(),
  );
  return (
    <section class="card admin-card" aria-labelledby="course-protection-title" aria-busy={view.loading} data-testid="course-protection">
      <h2 id="course-protection-title">Content protection</h2>
      <p class="section__intro">
        How learners may copy, download and preview this course. Each setting follows the{' '}
        <Link href="/admin/protection">school’s defaults</Link> unless you choose a value for this course.
      </p>
      <Switch>
        <Match when={view.error}>
          <ErrorNotice title="We couldn't load this course’s protection settings" error={view.error} onRetry={() => void refetch()} />
        </Match>
        <Match when={view.state === 'pending' || view.state === 'unresolved'}>
          <Spinner label="Loading protection settings…" />
        </Match>
        <Match when={view.latest} keyed>
          {(loaded) => (
            <ProtectionForm
              mode="course"
              idPrefix="course-protection"
              own={loaded.course.policy}
              effective={loaded.course.effective}
              inherited={loaded.school.effective}
              onSave={async (patch) => {
                const saved = await saveCourseProtection(props.courseId, patch);
                return { own: saved.policy, effective: saved.effective };
              }}
            />
          )}
        </Match>
      </Switch>
    </section>
  );
}
