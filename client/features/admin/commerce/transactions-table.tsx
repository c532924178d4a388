import { For, Show, type JSX } from 'solid-js';
import { formatDateTime, formatMoney } from '../../../lib/format';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { TransactionStatusBadge } from '../../purchases/money-status';
import { ActionsTable } from './actions-table';
import { buyerText, refundableCents, type Transaction } from './transactions-api';

export function TransactionsTable(props: { transactions: Transaction[]; onRefund: (transaction: Transaction) => void }): JSX.Element {
  return (
    <ActionsTable name="transactions" caption="Transactions, newest first" columns={['Date', 'Buyer', 'Offer', 'Amount', 'Status']}>
      <For each={props.transactions}>
        {(t) => (
          <tr data-testid="transaction-row">
            <td>
              <time datetime={t.createdAt.toISOString()}>{formatDateTime(t.createdAt)}</time>
            </td>
            <th scope="row">{buyerText(t)}</th>
            <td>
              {t.offer ? (t.offer.title ?? 'Offer no longer listed') : '—'}
              <Show when={t.couponCode}>{(code) => <span class="table__sub">Coupon {code()}</span>}</Show>
            </td>
            <td>
              {formatMoney(t.amountCents, t.currency)}
              <Show when={t.discountCents > 0}>
                <span class="table__sub">{formatMoney(t.discountCents, t.currency)} discount</span>
              </Show>
            </td>
            <td>
              <TransactionStatusBadge status={t.status} refundedCents={t.refundedCents} currency={t.currency} />
              <Show when={t.refundRequestedCents > 0 && t.refundRequestedCents}>
                {(cents) => (
                  <span class="table__sub">
                    <Badge>Refund requested: {formatMoney(cents(), t.currency)}</Badge>
                  </span>
                )}
              </Show>
            </td>
            <td class="table__actions">
              <Show when={refundableCents(t) > 0}>
                <Button variant="secondary" class="button--small" onClick={() => props.onRefund(t)}>
                  Refund<span class="visually-hidden"> {buyerText(t)} {formatDateTime(t.createdAt)}</span>
                </Button>
              </Show>
            </td>
          </tr>
        )}
      </For>
    </ActionsTable>
  );
}
