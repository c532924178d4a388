import { createSignal, type JSX } from 'solid-js';
import { formatMoney } from '../../../lib/format';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { TextAreaField } from '../courses/text-area-field';
import { decidePricingRequest, type PricingRequest } from './offers-api';

export type Decision = 'approve' | 'reject';

type DecisionDialogProps = {
  request: PricingRequest;
  decision: Decision;
  offerTitle: string;
  currency: string;
  onClose: (decided: PricingRequest | null) => void;
};

/** The owner's approve/reject step, with an optional note for whoever asked. */
export function DecisionDialog(props: DecisionDialogProps): JSX.Element {
  const [note, setNote] = createSignal('');
  let decided: PricingRequest | null = null;
  const approve = props.decision === 'approve';
  const price = (cents: number) => formatMoney(cents, props.currency);
  return (
    <ConfirmDialog
      title={approve ? `Approve the new price for ${props.offerTitle}?` : `Reject the new price for ${props.offerTitle}?`}
      confirmLabel={approve ? 'Approve price' : 'Reject request'}
      busyLabel={approve ? 'Approving…' : 'Rejecting…'}
      tone={approve ? 'primary' : 'danger'}
      onConfirm={async () => {
        decided = await decidePricingRequest(props.request.id, props.decision, note().trim());
      }}
      onClose={(confirmed) => props.onClose(confirmed ? decided : null)}
    >
      <p>
        {approve
          ? `From now on buyers pay ${price(props.request.proposedPriceCents)} instead of ${price(props.request.currentPriceCents)}. Earlier purchases and running subscriptions keep what they paid.`
          : `The price stays at ${price(props.request.currentPriceCents)}.`}
      </p>
      <TextAreaField id="decision-note" label="Note for the requester (optional)" rows={2} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
    </ConfirmDialog>
  );
}
