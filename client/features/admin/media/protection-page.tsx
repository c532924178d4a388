import '../courses/courses.css';
import './media.css';
import { createResource, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { usePageTitle } from '../../../lib/page-title';
import { ErrorNotice } from '../../../ui/error-notice';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { fetchSchoolProtection, saveSchoolProtection } from './protection-api';
import { ProtectionForm } from './protection-form';

/** /admin/protection: the school's defaults for copying, downloads and previews (admins). */
export function ProtectionPage(): JSX.Element {
  usePageTitle('Content protection');
  return <AdminLayout title="Content protection">{() => <SchoolProtection />}</AdminLayout>;
}

function SchoolProtection(): JSX.Element {
  const [view, { refetch }] = createResource(signedInOnly(fetchSchoolProtection));
  const forbidden = () => (view.error instanceof ApiError && view.error.status === 403 ? view.error : null);
  return (
    <Show when={!forbidden()} fallback={<AccessDenied title="You need the admin role" message={forbidden()!.message} />}>
      <section class="card admin-card" aria-labelledby="protection-title" aria-busy={view.loading} data-testid="school-protection">
        <h2 id="protection-title">School defaults</h2>
        <p class="section__intro">
          These apply to every course, unless a course sets its own (in the course editor, under Content protection). Staff are never limited by them.
        </p>
        <Switch>
          <Match when={view.error}>
            <ErrorNotice title="We couldn't load the protection settings" error={view.error} onRetry={() => void refetch()} />
          </Match>
          <Match when={view.state === 'pending' || view.state === 'unresolved'}>
            <Spinner label="Loading protection settings…" />
          </Match>
          <Match when={view.latest} keyed>
            {(loaded) => (
              <ProtectionForm
                mode="school"
                idPrefix="school-protection"
                own={loaded.policy}
                effective={loaded.effective}
                onSave={async (patch) => {
                  const saved = await saveSchoolProtection(patch);
                  return { own: saved.policy, effective: saved.effective };
                }}
              />
            )}
          </Match>
        </Switch>
      </section>
    </Show>
  );
}
