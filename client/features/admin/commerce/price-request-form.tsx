import { createSignal, type JSX } from 'solid-js';
import { formatMoney } from '../../../lib/format';
import { ErrorSummary } from '../../../ui/error-summary';
import { TextField } from '../../../ui/field';
import { parsePrice } from '../courses/course-labels';
import { TextAreaField } from '../courses/text-area-field';
import { createFormSubmit, FormActions } from './form-submit';
import { proposePrice, type Offer, type PricingRequest } from './offers-api';

const FIELDS = { proposedPriceCents: 'proposed-price', reason: 'proposed-reason' };

/** Asks the owner to move the price of an offer that is (or was) on sale. */
export function PriceRequestForm(props: { offer: Offer; onSent: (request: PricingRequest) => void; onCancel: () => void }): JSX.Element {
  const [price, setPrice] = createSignal('');
  const [reason, setReason] = createSignal('');
  const { saving, problems, show, send, errorFor } = createFormSubmit('price-request-errors', FIELDS);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const cents = parsePrice(price());
    if (cents === null) return show([{ message: 'Enter the new price, such as 59 or 59.90.', fieldId: FIELDS.proposedPriceCents }]);
    await send(() => proposePrice(props.offer.id, { proposedPriceCents: cents, ...(reason().trim() ? { reason: reason().trim() } : {}) }), props.onSent);
  };

  return (
    <form class="commerce-form" onSubmit={(event) => void submit(event)} novalidate data-testid="price-request-form">
      <ErrorSummary id="price-request-errors" title="The request was not sent" problems={problems()} />
      <p>
        Current price: <strong>{formatMoney(props.offer.priceCents, props.offer.currency)}</strong>. The owner approves or rejects the change; buyers pay the new price
        only after approval.
      </p>
      <TextField
        id={FIELDS.proposedPriceCents}
        label={`New price (${props.offer.currency.toUpperCase()})`}
        hint="For example 59 or 59.90."
        inputmode="decimal"
        autocomplete="off"
        required
        value={price()}
        onInput={(e) => setPrice(e.currentTarget.value)}
        error={errorFor(FIELDS.proposedPriceCents)}
      />
      <TextAreaField
        id={FIELDS.reason}
        label="Reason (optional)"
        hint="Helps the owner decide."
        rows={2}
        value={reason()}
        onInput={(e) => setReason(e.currentTarget.value)}
        error={errorFor(FIELDS.reason)}
      />
      <FormActions saving={saving()} label="Send price request" busy="Sending…" onCancel={props.onCancel} />
    </form>
  );
}
