import './courses.css';
import { createEffect, createResource, createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { usePageTitle } from '../../../lib/page-title';
import { hasRole } from '../../../lib/roles';
import { routeParam } from '../../../lib/router';
import type { Me } from '../../../lib/session';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { EmptyState } from '../../../ui/empty-state';
import { ErrorNotice } from '../../../ui/error-notice';
import { focusElement } from '../../../ui/error-summary';
import { Notice } from '../../../ui/notice';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { CourseLinks } from './course-links';
import { GrantAccessForm } from './grant-access-form';
import { fetchRoster, learnerName, revokeAccess, type Learner } from './roster-api';
import { RosterTable } from './roster-table';

/** /admin/courses/:courseId/roster: who takes the course and how far they are. */
export function RosterPage(): JSX.Element {
  const [course, setCourse] = createSignal<string | null>(null);
  usePageTitle(() => (course() ? `${course()} · Roster` : 'Roster'));
  return (
    <AdminLayout title={course() ? `Roster: ${course()}` : 'Roster'} minimumRole="instructor">
      {(me) => <Roster me={me()} onTitle={setCourse} />}
    </AdminLayout>
  );
}

type Status = { tone: 'success' | 'error'; text: string };

function Roster(props: { me: Me; onTitle: (courseTitle: string) => void }): JSX.Element {
  const [roster, { refetch }] = createResource(
    () => routeParam('courseId') || undefined,
    (id) => signedInOnly(() => fetchRoster(id))(),
  );
  const [revoking, setRevoking] = createSignal<Learner | null>(null);
  const [status, setStatus] = createSignal<Status | null>(null);
  const loaded = () => (roster.error ? undefined : roster.latest);
  const forbidden = () => (roster.error instanceof ApiError && roster.error.status === 403 ? roster.error : null);
  // Granting and revoking are admin+ on the Worker; instructors only read the roster.
  const canGrant = () => hasRole(props.me.role, 'admin');
  createEffect(() => {
    const current = loaded();
    if (current) props.onTitle(current.course.title);
  });

  return (
    <Switch>
      <Match when={forbidden()}>{(error) => <AccessDenied title="You need the instructor role" message={error().message} />}</Match>
      <Match when={roster.error}>
        <div class="editor-stack">
          <CourseLinks />
          <ErrorNotice title="We couldn't load the roster" error={roster.error} onRetry={() => void refetch()} />
        </div>
      </Match>
      <Match when={!loaded()}>
        <Spinner label="Loading the roster…" />
      </Match>
      <Match when={loaded()}>
        {(current) => (
          <div class="editor-stack" data-testid="roster">
            <CourseLinks course={current().course} here="roster" />
            <section class="card admin-card" aria-labelledby="roster-title" aria-busy={roster.loading}>
              <h2 id="roster-title">Learners</h2>
              <p class="section__intro">
                Everyone with access to the course or progress in it. Progress counts the {current().requiredLessons} required published lesson
                {current().requiredLessons === 1 ? '' : 's'}.
                <Show when={!canGrant()}> Only admins can give or take back access.</Show>
              </p>
              <Show when={status()}>
                {(s) => (
                  <Notice tone={s().tone} id="roster-status" live={s().tone === 'error' ? 'alert' : 'status'} data-testid="roster-status">
                    <p>{s().text}</p>
                  </Notice>
                )}
              </Show>
              <Show
                when={current().learners.length > 0}
                fallback={
                  <EmptyState title="No learners yet" data-testid="roster-empty">
                    <p>Learners appear here once they enroll, are given access, or start a lesson.</p>
                  </EmptyState>
                }
              >
                <RosterTable learners={current().learners} requiredLessons={current().requiredLessons} onRevoke={canGrant() ? setRevoking : undefined} />
              </Show>
            </section>
            <Show when={canGrant()}>
              <section class="card admin-card" aria-labelledby="grant-title">
                <h2 id="grant-title">Give a member access</h2>
                <GrantAccessForm
                  courseId={current().course.id}
                  onGranted={async (email) => {
                    const updated = await refetch();
                    const learner = updated?.learners.find((l) => l.email.toLowerCase() === email.toLowerCase());
                    setStatus({ tone: 'success', text: `${learner ? learnerName(learner) : email} now has access to “${current().course.title}”.` });
                    focusElement('roster-status');
                  }}
                />
              </section>
            </Show>
            <Show when={revoking()}>
              {(learner) => (
                <ConfirmDialog
                  title={`Revoke ${learnerName(learner())}’s access?`}
                  confirmLabel="Revoke access"
                  busyLabel="Revoking…"
                  onConfirm={async () => {
                    await revokeAccess(current().course.id, learner().userId);
                    await refetch();
                    setStatus({ tone: 'success', text: `${learnerName(learner())} no longer has staff-granted access to “${current().course.title}”.` });
                  }}
                  onClose={(confirmed) => {
                    setRevoking(null);
                    if (confirmed) focusElement('roster-status');
                  }}
                >
                  <p>
                    {learner().email} loses the access staff gave them. Access from anywhere else, such as their own enrollment, a purchase or a
                    membership, stays. Their progress is kept, and you can grant access again later.
                  </p>
                </ConfirmDialog>
              )}
            </Show>
          </div>
        )}
      </Match>
    </Switch>
  );
}
