import './policy.css';
import { createResource, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { usePageTitle } from '../../../lib/page-title';
import { ErrorNotice } from '../../../ui/error-notice';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { fetchSignInPolicy } from './policy-api';
import { PolicyForm } from './policy-form';

/** /admin/sign-in: who may sign in to this school, and how. */
export function SignInPolicyPage(): JSX.Element {
  usePageTitle('Sign-in settings');
  return <AdminLayout title="Sign-in settings">{() => <PolicyAdmin />}</AdminLayout>;
}

function PolicyAdmin(): JSX.Element {
  const [view, { refetch }] = createResource(signedInOnly(fetchSignInPolicy));
  const forbidden = () => (view.error instanceof ApiError && view.error.status === 403 ? view.error : null);
  return (
    <Show when={!forbidden()} fallback={<AccessDenied title="You need the admin role" message={forbidden()!.message} />}>
      <section class="card admin-card" aria-labelledby="policy-title" aria-busy={view.loading}>
        <h2 id="policy-title">Who can sign in, and how</h2>
        <p class="section__intro">These rules apply to every way of signing in, including invitations.</p>
        <Switch>
          <Match when={view.error}>
            <ErrorNotice title="We couldn't load the sign-in settings" error={view.error} onRetry={() => void refetch()} />
          </Match>
          <Match when={view.state === 'pending'}>
            <Spinner label="Loading sign-in settings…" />
          </Match>
          <Match when={view.latest}>{(loaded) => <PolicyForm view={loaded()} onSaved={() => refetch() as Promise<unknown>} />}</Match>
        </Switch>
      </section>
    </Show>
  );
}
