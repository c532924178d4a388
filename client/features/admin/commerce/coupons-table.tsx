import { createSignal, For, Show, type JSX } from 'solid-js';
import { formatDateTime, formatMoney } from '../../../lib/format';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { ActionsTable } from './actions-table';
import type { Coupon } from './coupons-api';
import type { Offer } from './offers-api';

function discountText(coupon: Coupon): string {
  if (coupon.discountType === 'percent') return `${coupon.percentOff ?? 0} % off`;
  return `${formatMoney(coupon.amountOffCents ?? 0, coupon.currency)} off`;
}

/** "3 + 1 reserved / 10": redeemed, held by open checkouts, and the limit (∞ without one). */
function usageText(coupon: Coupon): string {
  const limit = coupon.usageLimit === null ? 'no limit' : String(coupon.usageLimit);
  return `${coupon.redeemed} + ${coupon.reserved} reserved / ${limit}`;
}

function couponState(coupon: Coupon): { label: string; tone: 'success' | 'muted' | 'neutral' } {
  if (coupon.status === 'disabled') return { label: 'Disabled', tone: 'muted' };
  if (coupon.expiresAt && coupon.expiresAt.getTime() <= Date.now()) return { label: 'Expired', tone: 'muted' };
  if (coupon.usageLimit !== null && coupon.redeemed >= coupon.usageLimit) return { label: 'Used up', tone: 'neutral' };
  return { label: 'Active', tone: 'success' };
}

type CouponsTableProps = {
  coupons: Coupon[];
  offers: Offer[];
  onToggle: (coupon: Coupon) => Promise<void>;
  onDelete: (coupon: Coupon) => void;
};

export function CouponsTable(props: CouponsTableProps): JSX.Element {
  const titles = () => new Map(props.offers.map((o) => [o.id, o.title]));
  const appliesTo = (coupon: Coupon) => (coupon.offerIds.length === 0 ? 'Every offer' : coupon.offerIds.map((id) => titles().get(id) ?? 'Removed offer').join(', '));
  return (
    <ActionsTable name="coupons" caption="Coupons" columns={['Code', 'Discount', 'Used', 'Expires', 'Applies to', 'Status']}>
      <For each={props.coupons}>
        {(coupon) => (
          <tr data-testid="coupon-row">
            <th scope="row">
              <code>{coupon.code}</code>
            </th>
            <td>{discountText(coupon)}</td>
            <td>{usageText(coupon)}</td>
            <td>
              <Show when={coupon.expiresAt} fallback="Never">
                {(at) => <time datetime={at().toISOString()}>{formatDateTime(at())}</time>}
              </Show>
            </td>
            <td>{appliesTo(coupon)}</td>
            <td>
              <Badge tone={couponState(coupon).tone}>{couponState(coupon).label}</Badge>
            </td>
            <td class="table__actions">
              <div class="row-actions">
                <ToggleButton coupon={coupon} onToggle={props.onToggle} />
                <Show when={coupon.redeemed + coupon.reserved === 0}>
                  <Button variant="danger" class="button--small" onClick={() => props.onDelete(coupon)}>
                    Delete<span class="visually-hidden"> coupon {coupon.code}</span>
                  </Button>
                </Show>
              </div>
            </td>
          </tr>
        )}
      </For>
    </ActionsTable>
  );
}

/** Disable / Enable: reversible, so it goes without a dialog, but never twice at once. */
function ToggleButton(props: { coupon: Coupon; onToggle: (coupon: Coupon) => Promise<void> }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const run = async () => {
    setBusy(true);
    try {
      await props.onToggle(props.coupon);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="secondary" class="button--small" onClick={() => void run()} disabled={busy()} aria-busy={busy()}>
      {busy() ? 'Saving…' : props.coupon.status === 'active' ? 'Disable' : 'Enable'}
      <span class="visually-hidden"> coupon {props.coupon.code}</span>
    </Button>
  );
}
