import { Show, type JSX } from 'solid-js';
import { formatMoney } from '../../lib/format';
import { Badge } from '../../ui/badge';
import { TRANSACTION_STATUS, type TransactionStatus } from '../offers/commerce-labels';

/** A transaction's status as a badge, with how much came back for a partial refund. */
export function TransactionStatusBadge(props: { status: TransactionStatus; refundedCents: number; currency: string }): JSX.Element {
  const info = () => TRANSACTION_STATUS[props.status];
  return (
    <>
      <Badge tone={info().tone}>{info().label}</Badge>
      <Show when={props.status === 'partially_refunded' && props.refundedCents > 0}>
        <span class="table__sub">{formatMoney(props.refundedCents, props.currency)} refunded</span>
      </Show>
    </>
  );
}
