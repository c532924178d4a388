import '../courses/courses.css';
import './commerce.css';
import { createResource, createSignal, For, Show, type JSX } from 'solid-js';
import { formatDate, formatMoney } from '../../../lib/format';
import { usePageTitle } from '../../../lib/page-title';
import { hasRole } from '../../../lib/roles';
import type { Me } from '../../../lib/session';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { EmptyState } from '../../../ui/empty-state';
import { signedInOnly } from '../../access/require-sign-in';
import { AdminLayout } from '../admin-layout';
import { ActionsTable } from './actions-table';
import { DecisionDialog, type Decision } from './decision-dialog';
import { Loaded } from './loaded';
import { PRICING_STATUS } from './offer-labels';
import { fetchPricingRequests, type PricingRequest } from './offers-api';
import { createStatusReport } from './status-report';

/** /admin/pricing-requests: proposed price changes, pending first; the owner decides. */
export function PricingRequestsPage(): JSX.Element {
  usePageTitle('Price requests');
  return (
    <AdminLayout title="Price requests" minimumRole="instructor">
      {(me) => <PricingRequests me={me()} />}
    </AdminLayout>
  );
}

/** A request with what its row shows; `currency` is null only when the offer row is gone (it cannot be decided then). */
type Row = { request: PricingRequest; offerTitle: string; currency: string | null };

/** The requests (each names its offer's title and currency), pending first, newest first within each group. */
async function loadRows(): Promise<Row[]> {
  const requests = await fetchPricingRequests();
  return requests
    .map((request) => ({ request, offerTitle: request.offerTitle ?? 'Offer no longer listed', currency: request.currency }))
    .sort((a, b) => Number(b.request.status === 'pending') - Number(a.request.status === 'pending') || b.request.createdAt.getTime() - a.request.createdAt.getTime());
}

/** Cents in the offer's currency; bare cents when the offer (and so its currency) is gone. */
function priceIn(cents: number, currency: string | null): string {
  return currency ? formatMoney(cents, currency) : `${cents} cents`;
}

function PricingRequests(props: { me: Me }): JSX.Element {
  const owner = () => hasRole(props.me.role, 'owner');
  const [rows, { refetch }] = createResource(signedInOnly(loadRows));
  const [deciding, setDeciding] = createSignal<{ row: Row; decision: Decision } | null>(null);
  const status = createStatusReport('pricing-status');

  return (
    <section class="card admin-card" aria-labelledby="pricing-title" aria-busy={rows.loading}>
      <h2 id="pricing-title">Price requests</h2>
      <p class="section__intro">
        {owner() ? 'Approve a request to move the offer to the new price, or reject it. Pending requests come first.' : 'Only the owner approves price changes. Pending requests come first.'}
      </p>
      <status.View />
      <Loaded resource={rows} what="the price requests" role="instructor" onRetry={() => void refetch()}>
        {(list) => (
          <Show
            when={list.length > 0}
            fallback={
              <EmptyState title="No price requests" data-testid="pricing-empty">
                <p>To change the price of an offer on sale, use "Propose new price" on the Offers page.</p>
              </EmptyState>
            }
          >
            <PricingTable rows={list} owner={owner()} onDecide={(row, decision) => setDeciding({ row, decision })} />
          </Show>
        )}
      </Loaded>
      <Show when={deciding()}>
        {(d) => (
          <DecisionDialog
            request={d().row.request}
            decision={d().decision}
            offerTitle={d().row.offerTitle}
            currency={d().row.currency!}
            onClose={(decided) => {
              const { row, decision } = d();
              setDeciding(null);
              if (!decided) return;
              status.report({ tone: 'success', text: decision === 'approve' ? `Approved: ${row.offerTitle} now costs ${priceIn(decided.proposedPriceCents, row.currency)}.` : `Rejected the new price for ${row.offerTitle}.` });
              void refetch();
            }}
          />
        )}
      </Show>
    </section>
  );
}

function PricingTable(props: { rows: Row[]; owner: boolean; onDecide: (row: Row, decision: Decision) => void }): JSX.Element {
  return (
    <ActionsTable name="pricing" caption="Price requests, pending first" columns={['Offer', 'Price change', 'Reason', 'Requested', 'Status']} actions={props.owner}>
      <For each={props.rows}>
        {(row) => (
          <tr data-testid="pricing-row">
            <th scope="row">{row.offerTitle}</th>
            <td>
              {priceIn(row.request.currentPriceCents, row.currency)} → <strong>{priceIn(row.request.proposedPriceCents, row.currency)}</strong>
            </td>
            <td>{row.request.reason || '—'}</td>
            <td>
              <time datetime={row.request.createdAt.toISOString()}>{formatDate(row.request.createdAt)}</time>
            </td>
            <td>
              <Badge tone={PRICING_STATUS[row.request.status].tone}>{PRICING_STATUS[row.request.status].label}</Badge>
              <Show when={row.request.decisionNote}>{(note) => <span class="table__sub">“{note()}”</span>}</Show>
            </td>
            <Show when={props.owner}>
              <td class="table__actions">
                <Show when={row.request.status === 'pending' && row.currency !== null}>
                  <div class="row-actions">
                    <Button class="button--small" onClick={() => props.onDecide(row, 'approve')}>
                      Approve<span class="visually-hidden"> new price for {row.offerTitle}</span>
                    </Button>
                    <Button variant="secondary" class="button--small" onClick={() => props.onDecide(row, 'reject')}>
                      Reject<span class="visually-hidden"> new price for {row.offerTitle}</span>
                    </Button>
                  </div>
                </Show>
              </td>
            </Show>
          </tr>
        )}
      </For>
    </ActionsTable>
  );
}
