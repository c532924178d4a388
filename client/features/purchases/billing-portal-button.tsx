import { createSignal, Show, type JSX } from 'solid-js';
import { isSignedOutError } from '../../lib/api';
import { sessionEnded } from '../../lib/session';
import { Button } from '../../ui/button';
import { Notice } from '../../ui/notice';
import { leaveFor, messageOf } from '../offers/external-redirect';
import { openBillingPortal } from './purchases-api';

/** "Manage billing": Stripe's portal for cards, invoices and cancelling a subscription. */
export function BillingPortalButton(): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      leaveFor(await openBillingPortal());
      // Stays busy while the browser leaves for Stripe.
    } catch (failure) {
      setBusy(false);
      if (isSignedOutError(failure)) sessionEnded();
      setError(messageOf(failure, 'The billing page could not be opened. Please try again.'));
    }
  };
  return (
    <div class="billing-portal">
      <Button variant="secondary" onClick={() => void open()} disabled={busy()} aria-busy={busy()} data-testid="manage-billing">
        {busy() ? 'Opening billing…' : 'Manage billing'}
      </Button>
      <p class="field__hint">Update your card, download invoices or cancel a subscription on Stripe's secure page.</p>
      <div role="alert">
        <Show when={error()}>
          <Notice tone="error" title="That did not work">
            <p>{error()}</p>
          </Notice>
        </Show>
      </div>
    </div>
  );
}
