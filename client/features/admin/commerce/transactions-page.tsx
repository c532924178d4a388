import '../courses/courses.css';
import './commerce.css';
import { createMemo, createResource, createSignal, Show, type JSX } from 'solid-js';
import { formatMoney } from '../../../lib/format';
import { usePageTitle } from '../../../lib/page-title';
import { queryParam } from '../../../lib/router';
import { Button, buttonClass } from '../../../ui/button';
import { EmptyState } from '../../../ui/empty-state';
import { signedInOnly } from '../../access/require-sign-in';
import { settled } from '../../course/resource-value';
import { messageOf } from '../../offers/external-redirect';
import { AdminLayout } from '../admin-layout';
import { Loaded } from './loaded';
import { fetchOffers } from './offers-api';
import { RefundDialog } from './refund-dialog';
import { createStatusReport } from './status-report';
import { TransactionFiltersForm } from './transaction-filters';
import { TransactionsTable } from './transactions-table';
import { csvHref, fetchTransactions, FILTER_KEYS, filterQuery, type Transaction, type TransactionFilters } from './transactions-api';

/** /admin/transactions: every payment, filtered through the address, with CSV export and refunds. */
export function TransactionsPage(): JSX.Element {
  usePageTitle('Transactions');
  return <AdminLayout title="Transactions">{() => <Transactions />}</AdminLayout>;
}

function filtersFromUrl(): TransactionFilters {
  const entries = FILTER_KEYS.map((key) => [key, queryParam(key) ?? ''] as const);
  return Object.fromEntries(entries) as TransactionFilters;
}

function Transactions(): JSX.Element {
  const filters = createMemo(filtersFromUrl, undefined, { equals: (a, b) => filterQuery(a) === filterQuery(b) });
  // A non-empty key even without filters: an empty string would keep the resource from loading.
  const key = () => `q:${filterQuery(filters())}`;
  const [page, { refetch, mutate }] = createResource(key, () => signedInOnly(() => fetchTransactions(filters(), null))());
  const [offers] = createResource(signedInOnly(fetchOffers));
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [refunding, setRefunding] = createSignal<Transaction | null>(null);
  const status = createStatusReport('transactions-status');

  const loadMore = async () => {
    const current = settled(page);
    if (!current?.nextCursor) return;
    setLoadingMore(true);
    try {
      const next = await fetchTransactions(filters(), current.nextCursor);
      mutate({ transactions: [...current.transactions, ...next.transactions], nextCursor: next.nextCursor });
      status.report({ tone: 'success', text: `${next.transactions.length} more transaction${next.transactions.length === 1 ? '' : 's'} loaded.` });
    } catch (error) {
      status.report({ tone: 'error', text: messageOf(error, 'More transactions could not be loaded. Please try again.') });
    } finally {
      setLoadingMore(false);
    }
  };

  const refunded = (updated: Transaction, cents: number) => {
    const current = settled(page);
    if (current) mutate({ ...current, transactions: current.transactions.map((t) => (t.id === updated.id ? updated : t)) });
    status.report({ tone: 'success', text: `Refund requested: ${formatMoney(cents, updated.currency)} to ${updated.buyer?.email ?? 'the buyer'}. The status changes once Stripe confirms it.` });
  };

  return (
    <section class="card admin-card" aria-labelledby="transactions-title" aria-busy={page.loading}>
      <div class="commerce-card-heading">
        <h2 id="transactions-title">Transactions</h2>
        <a class={buttonClass('secondary')} href={csvHref(filters())} download="" data-testid="transactions-csv">
          Export CSV<span class="visually-hidden"> of the filtered transactions</span>
        </a>
      </div>
      <Show when={key()} keyed>
        <TransactionFiltersForm filters={filters()} offers={settled(offers) ?? []} />
      </Show>
      <status.View />
      <Loaded resource={page} what="the transactions" role="admin" onRetry={() => void refetch()}>
        {(loaded) => (
          <Show
            when={loaded.transactions.length > 0}
            fallback={
              <EmptyState title={filterQuery(filters()) ? 'No transactions match these filters' : 'No transactions yet'} data-testid="transactions-empty">
                <p>Payments, free grants and refunds appear here as they happen.</p>
              </EmptyState>
            }
          >
            <TransactionsTable transactions={loaded.transactions} onRefund={setRefunding} />
            <Show when={loaded.nextCursor}>
              <Button variant="secondary" onClick={() => void loadMore()} disabled={loadingMore()} aria-busy={loadingMore()} data-testid="transactions-more">
                {loadingMore() ? 'Loading…' : 'Load more'}
              </Button>
            </Show>
          </Show>
        )}
      </Loaded>
      <Show when={refunding()}>
        {(t) => (
          <RefundDialog
            transaction={t()}
            onClose={(updated, cents) => {
              setRefunding(null);
              if (updated) refunded(updated, cents);
            }}
          />
        )}
      </Show>
    </section>
  );
}
