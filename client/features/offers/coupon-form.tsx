import { createSignal, Show, type JSX } from 'solid-js';
import { isSignedOutError } from '../../lib/api';
import { formatMoney } from '../../lib/format';
import { sessionEnded } from '../../lib/session';
import { Button } from '../../ui/button';
import { messageOf } from './external-redirect';
import { fetchQuote, type Quote } from './offer-api';

type CouponFormProps = {
  offerId: string;
  initialCode?: string;
  /** The applied quote, or null when there is none (none applied, or the code was edited). */
  onQuote: (quote: Quote | null, code: string | null) => void;
  disabled?: boolean;
};

/**
 * A coupon code with its own Apply button. Apply asks the Worker for a quote, so the total
 * shown is the one checkout will charge; a refusal shows the Worker's own sentence. Editing
 * the code drops the applied quote, so the Buy button never uses a code nobody checked.
 */
export function CouponForm(props: CouponFormProps): JSX.Element {
  const [code, setCode] = createSignal(props.initialCode ?? '');
  const [busy, setBusy] = createSignal(false);
  const [applied, setApplied] = createSignal<Quote | null>(null);
  const [error, setError] = createSignal<string | null>(null);

  const apply = async (event: SubmitEvent) => {
    event.preventDefault();
    const entered = code().trim();
    if (!entered) {
      setError('Enter a coupon code first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const quote = await fetchQuote(props.offerId, entered);
      setApplied(quote);
      props.onQuote(quote, entered);
    } catch (failure) {
      if (isSignedOutError(failure)) sessionEnded();
      setApplied(null);
      props.onQuote(null, null);
      setError(messageOf(failure, 'The coupon could not be checked. Please try again.'));
    } finally {
      setBusy(false);
    }
  };

  const edit = (value: string) => {
    setCode(value);
    if (applied() || error()) {
      setApplied(null);
      setError(null);
      props.onQuote(null, null);
    }
  };

  return (
    <form class="coupon-form" onSubmit={(event) => void apply(event)} novalidate>
      <label class="field__label" for="coupon-code">
        Coupon code <span class="coupon-form__optional">(optional)</span>
      </label>
      <div class="coupon-form__row">
        <input
          id="coupon-code"
          class="field__control"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          value={code()}
          onInput={(event) => edit(event.currentTarget.value)}
          disabled={props.disabled}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby="coupon-result"
        />
        <Button type="submit" variant="secondary" disabled={busy() || props.disabled} aria-busy={busy()}>
          {busy() ? 'Checking…' : 'Apply'}
        </Button>
      </div>
      {/* Always in the page, so screen readers announce what Apply found. */}
      <div id="coupon-result" class="coupon-form__result" role="status" aria-live="polite" data-testid="coupon-result">
        <Show when={error()}>
          <p class="field__error">{error()}</p>
        </Show>
        <Show when={applied()}>
          {(quote) => (
            <p class="coupon-form__applied">
              Coupon {quote().couponCode} applied: {formatMoney(quote().discountCents, quote().currency)} off. You pay{' '}
              <strong>{formatMoney(quote().totalCents, quote().currency)}</strong>.
            </p>
          )}
        </Show>
      </div>
    </form>
  );
}
