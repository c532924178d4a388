import { For, type JSX } from 'solid-js';
import { formatDate, formatMoney } from '../../lib/format';
import { Link } from '../../lib/router';
import { TransactionStatusBadge } from './money-status';
import { GONE_OFFER, receiptPath, type Purchase } from './purchases-api';

export function PurchasesTable(props: { purchases: Purchase[] }): JSX.Element {
  return (
    <div class="table-scroll" role="region" aria-labelledby="purchases-caption" tabindex="0">
      <table class="table" data-testid="purchases-table">
        <caption id="purchases-caption" class="visually-hidden">
          Your purchases, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Offer</th>
            <th scope="col">Amount</th>
            <th scope="col">Status</th>
            <th scope="col" class="table__actions">
              Receipt
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.purchases}>
            {(purchase) => (
              <tr data-testid="purchase-row">
                <td>
                  <time datetime={purchase.createdAt.toISOString()}>{formatDate(purchase.createdAt)}</time>
                </td>
                <th scope="row">{purchase.offerTitle ?? GONE_OFFER}</th>
                <td>{formatMoney(purchase.amountCents, purchase.currency)}</td>
                <td>
                  <TransactionStatusBadge status={purchase.status} refundedCents={purchase.refundedCents} currency={purchase.currency} />
                </td>
                <td class="table__actions">
                  <Link href={receiptPath(purchase.id)}>
                    View receipt<span class="visually-hidden"> for {purchase.offerTitle ?? GONE_OFFER}</span>
                  </Link>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
