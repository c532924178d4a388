import './offers.css';
import { Match, Show, Switch, type JSX } from 'solid-js';
import { usePageTitle } from '../../lib/page-title';
import { safeReturnTo } from '../../lib/return-to';
import { Link, queryParam } from '../../lib/router';
import { Button, buttonClass } from '../../ui/button';
import { ErrorNotice } from '../../ui/error-notice';
import { Notice } from '../../ui/notice';
import { Spinner } from '../../ui/spinner';
import { RequireSignIn } from '../access/require-sign-in';
import { createCheckoutPoll, type PollState } from './checkout-poll';

/** /checkout/success?session_id=… — where Stripe sends the buyer back after paying. */
export function CheckoutSuccessPage(): JSX.Element {
  usePageTitle('Your purchase');
  return (
    <RequireSignIn>
      {() => (
        <section class="section" aria-labelledby="checkout-title">
          <div class="container checkout-result">
            <h1 id="checkout-title" class="page-title">
              Your purchase
            </h1>
            <Show when={queryParam('session_id')} fallback={<MissingSession />}>
              {(sessionId) => <CheckoutOutcome sessionId={sessionId()} />}
            </Show>
          </div>
        </section>
      )}
    </RequireSignIn>
  );
}

function MissingSession(): JSX.Element {
  return (
    <Notice tone="info" title="There is no checkout to look up">
      <p>This address is missing the checkout it should report on. Your purchases page lists everything you have bought.</p>
      <Link class={buttonClass('secondary')} href="/account/purchases">
        View your purchases
      </Link>
    </Notice>
  );
}

/** One sentence for the live region: what changed, without the buttons around it. */
function announcement(state: PollState): string {
  switch (state.kind) {
    case 'waiting':
      return state.slow ? 'Still waiting for payment confirmation. This is taking longer than usual.' : 'Waiting for payment confirmation…';
    case 'complete':
      return "Payment confirmed. You're in.";
    case 'expired':
      return 'This checkout expired. No payment was taken.';
    case 'timeout':
      return 'We have not received the payment confirmation yet.';
    case 'failed':
      return 'We could not check this checkout.';
  }
}

function CheckoutOutcome(props: { sessionId: string }): JSX.Element {
  const poll = createCheckoutPoll(props.sessionId);
  const state = poll.state;
  /** The state when it is of `kind`, narrowed, for <Match when>. */
  const stateOf = <K extends PollState['kind']>(kind: K) => {
    const s = state();
    return s.kind === kind ? (s as Extract<PollState, { kind: K }>) : undefined;
  };
  const offerTitle = () => {
    const s = state();
    return s.kind === 'failed' ? null : s.last?.offer.title || null;
  };

  return (
    <>
      {/* Present from the start, so every change of state is announced. */}
      <p class="visually-hidden" role="status" aria-live="polite" data-testid="checkout-announcement">
        {announcement(state())}
      </p>
      <Switch>
        <Match when={stateOf('waiting')}>
          {(waiting) => (
            <div class="card checkout-wait" data-testid="checkout-waiting">
              {/* The visible spinner's own status text would repeat the announcement above. */}
              <div aria-hidden="true">
                <Spinner label="Waiting for payment confirmation…" />
              </div>
              <Show when={offerTitle()}>{(title) => <p>Purchase: {title()}</p>}</Show>
              <p class="section__intro">
                {waiting().slow
                  ? 'This is taking longer than usual. You can keep this page open; it checks again by itself.'
                  : 'Stripe is confirming your payment. This usually takes a few seconds.'}
              </p>
            </div>
          )}
        </Match>
        <Match when={stateOf('complete')}>
          {(done) => (
            <Notice tone="success" title="You're in" data-testid="checkout-complete">
              <p>{done().last.offer.title ? `Your purchase of ${done().last.offer.title} is confirmed.` : 'Your purchase is confirmed.'} A receipt is in your purchases.</p>
              <div class="checkout-result__actions">
                <Link class={buttonClass('primary')} href={safeReturnTo(done().last.continueTo)} data-testid="checkout-continue">
                  Start learning
                </Link>
                <Link class={buttonClass('secondary')} href="/account/purchases">
                  View your purchases
                </Link>
              </div>
            </Notice>
          )}
        </Match>
        <Match when={stateOf('expired')}>
          {(expired) => (
            <Notice tone="error" title="This checkout expired" data-testid="checkout-expired">
              <p>No payment was taken. You can start again whenever you are ready.</p>
              <div class="checkout-result__actions">
                <Show when={expired().last.offer.title}>
                  {(title) => (
                    <Link class={buttonClass('primary')} href={`/offers/${encodeURIComponent(expired().last.offer.id)}`}>
                      Back to {title()}
                    </Link>
                  )}
                </Show>
                <Link class={buttonClass('secondary')} href="/account/purchases">
                  View your purchases
                </Link>
              </div>
            </Notice>
          )}
        </Match>
        <Match when={state().kind === 'timeout'}>
          <Notice tone="info" title="We're still waiting for confirmation" data-testid="checkout-timeout">
            <p>
              Stripe has not confirmed the payment yet. If you paid, your access will appear shortly and the purchase will be listed in your purchases. You will not be
              charged twice.
            </p>
            <div class="checkout-result__actions">
              <Button onClick={poll.restart}>Check again</Button>
              <Link class={buttonClass('secondary')} href="/account/purchases">
                View your purchases
              </Link>
            </div>
          </Notice>
        </Match>
        <Match when={stateOf('failed')}>
          {(failed) => <ErrorNotice title="We couldn't check this checkout" error={failed().error} onRetry={poll.restart} />}
        </Match>
      </Switch>
    </>
  );
}
