import '../admin/admin.css';
import './purchases.css';
import { createResource, Match, Show, Switch, type JSX } from 'solid-js';
import { usePageTitle } from '../../lib/page-title';
import { Link } from '../../lib/router';
import { buttonClass } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { BookIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { signedInOnly, RequireSignIn } from '../access/require-sign-in';
import { settled } from '../course/resource-value';
import { BillingPortalButton } from './billing-portal-button';
import { fetchPurchases, type PurchasesData } from './purchases-api';
import { PurchasesTable } from './purchases-table';
import { SubscriptionsTable } from './subscriptions-list';

/** /account/purchases: what you bought, your subscriptions, and Stripe's billing portal. */
export function PurchasesPage(): JSX.Element {
  usePageTitle('Purchases');
  return (
    <RequireSignIn>
      {() => (
        <section class="section" aria-labelledby="purchases-title">
          <div class="container account-money">
            <p class="account-money__back">
              <Link href="/account">Your account</Link>
            </p>
            <h1 id="purchases-title" class="page-title">
              Purchases
            </h1>
            <PurchasesContent />
          </div>
        </section>
      )}
    </RequireSignIn>
  );
}

function PurchasesContent(): JSX.Element {
  const [data, { refetch }] = createResource(signedInOnly(fetchPurchases));
  return (
    <Switch fallback={<Spinner label="Loading your purchases…" />}>
      <Match when={data.error}>
        <ErrorNotice title="We couldn't load your purchases" error={data.error} onRetry={() => void refetch()} />
      </Match>
      <Match when={settled(data)}>{(loaded) => <PurchasesView data={loaded()} />}</Match>
    </Switch>
  );
}

function PurchasesView(props: { data: PurchasesData }): JSX.Element {
  const empty = () => props.data.purchases.length === 0 && props.data.subscriptions.length === 0;
  return (
    <Show
      when={!empty()}
      fallback={
        <EmptyState title="No purchases yet" icon={<BookIcon />} data-testid="purchases-empty">
          <p>Courses you buy and subscriptions you start are listed here, each with its receipt.</p>
          <Link class={buttonClass('primary')} href="/courses">
            Browse courses
          </Link>
        </EmptyState>
      }
    >
      <Show when={props.data.subscriptions.length > 0}>
        <section class="card account-money__card" aria-labelledby="subscriptions-title">
          <h2 id="subscriptions-title">Subscriptions</h2>
          <SubscriptionsTable subscriptions={props.data.subscriptions} />
        </section>
      </Show>
      <section class="card account-money__card" aria-labelledby="purchase-history-title">
        <h2 id="purchase-history-title">Purchase history</h2>
        <Show when={props.data.purchases.length > 0} fallback={<p class="section__intro">No payments yet.</p>}>
          <PurchasesTable purchases={props.data.purchases} />
        </Show>
      </section>
      <section class="card account-money__card" aria-labelledby="billing-title">
        <h2 id="billing-title">Billing</h2>
        <BillingPortalButton />
      </section>
    </Show>
  );
}
