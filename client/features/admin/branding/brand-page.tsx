import './branding.css';
import { createResource, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { usePageTitle } from '../../../lib/page-title';
import { ErrorNotice } from '../../../ui/error-notice';
import { Spinner } from '../../../ui/spinner';
import { AccessDenied } from '../../access/access-denied';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { fetchBrand } from './brand-api';
import { BrandEditor } from './brand-editor';

/** /admin/brand: the school's colours, font, tagline, logo and favicon (admins). */
export function BrandPage(): JSX.Element {
  usePageTitle('Brand');
  return <AdminLayout title="Brand">{(me) => <BrandLoader schoolName={me().school.name} />}</AdminLayout>;
}

function BrandLoader(props: { schoolName: string }): JSX.Element {
  const [data, { refetch }] = createResource(signedInOnly(fetchBrand));
  const forbidden = () => (data.error instanceof ApiError && data.error.status === 403 ? data.error : null);
  return (
    <Show when={!forbidden()} fallback={<AccessDenied title="You need the admin role" message={forbidden()!.message} />}>
      <Switch>
        <Match when={data.error}>
          <ErrorNotice title="We couldn't load the brand" error={data.error} onRetry={() => void refetch()} />
        </Match>
        <Match when={data.state === 'pending' || data.state === 'unresolved'}>
          <Spinner label="Loading the brand…" />
        </Match>
        <Match when={data.latest} keyed>
          {(loaded) => <BrandEditor schoolName={props.schoolName} data={loaded} />}
        </Match>
      </Switch>
    </Show>
  );
}
