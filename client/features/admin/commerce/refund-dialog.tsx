import { createSignal, Show, type JSX } from 'solid-js';
import { ApiError } from '../../../lib/api';
import { formatMoney } from '../../../lib/format';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { TextField } from '../../../ui/field';
import { parsePrice } from '../courses/course-labels';
import { RadioChoices } from '../courses/radio-choices';
import { refundableCents, refundTransaction, type Transaction } from './transactions-api';

/**
 * Refund all that is left of a payment, or part of it. The amount is checked here first; the
 * Worker checks it again. A full refund ends the buyer's access, a partial one keeps it.
 */
export function RefundDialog(props: { transaction: Transaction; onClose: (refunded: Transaction | null, amountCents: number) => void }): JSX.Element {
  const t = props.transaction;
  const max = refundableCents(t);
  const money = (cents: number) => formatMoney(cents, t.currency);
  const [mode, setMode] = createSignal<'full' | 'partial'>('full');
  const [amount, setAmount] = createSignal('');
  let result: Transaction | null = null;
  let sent = max;

  const confirm = async () => {
    let cents: number | null = null;
    if (mode() === 'partial') {
      cents = parsePrice(amount());
      if (cents === null || cents <= 0 || cents > max) {
        // Shown inside the dialog like any refusal from the Worker.
        throw new ApiError(400, 'invalid_amount', `Enter an amount from ${money(1)} to ${money(max)}.`, null);
      }
    }
    result = await refundTransaction(t.id, cents === max ? null : cents);
    sent = cents ?? max;
  };

  return (
    <ConfirmDialog
      title={`Refund ${t.buyer?.email ?? 'this payment'}?`}
      confirmLabel={mode() === 'full' ? `Refund ${money(max)}` : 'Refund this amount'}
      busyLabel="Requesting refund…"
      onConfirm={confirm}
      onClose={(confirmed) => props.onClose(confirmed ? result : null, sent)}
    >
      <p>
        {t.offer?.title ?? 'Payment'} · paid {money(t.amountCents)}
        <Show when={t.refundedCents > 0}>, {money(t.refundedCents)} already refunded</Show>. <strong data-testid="refundable">Refundable: {money(max)}</strong>
      </p>
      <RadioChoices
        name="refund-mode"
        value={mode()}
        onChange={setMode}
        choices={[
          { value: 'full', label: `Everything left (${money(max)})`, hint: 'The buyer loses access to what this payment bought.' },
          { value: 'partial', label: 'Part of it', hint: 'The buyer keeps access.' },
        ]}
      />
      <Show when={mode() === 'partial'}>
        <TextField
          id="refund-amount"
          label={`Amount to refund (${t.currency.toUpperCase()})`}
          hint={`Up to ${money(max)}.`}
          inputmode="decimal"
          autocomplete="off"
          value={amount()}
          onInput={(e) => setAmount(e.currentTarget.value)}
        />
      </Show>
      <p class="field__hint">Stripe returns the money to the buyer's card; it can take 5–10 days to show.</p>
    </ConfirmDialog>
  );
}
