import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { isSignedOutError } from '../../lib/api';
import { safeReturnTo, signInHref } from '../../lib/return-to';
import { currentLocation, Link, navigate, queryParam } from '../../lib/router';
import { sessionEnded, useSession } from '../../lib/session';
import { Button, buttonClass } from '../../ui/button';
import { focusElement } from '../../ui/error-summary';
import { Notice } from '../../ui/notice';
import { buyLabel, offerPrice } from './commerce-labels';
import { CouponForm } from './coupon-form';
import { leaveFor, messageOf } from './external-redirect';
import { startCheckout, type OfferView, type Quote } from './offer-api';

/** The offer's price and the one thing to do about it: buy, sign in, or why not. */
export function PurchasePanel(props: { view: OfferView }): JSX.Element {
  const session = useSession();
  const offer = () => props.view.offer;
  const [quote, setQuote] = createSignal<Quote | null>(null);
  const [couponCode, setCouponCode] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  const buy = async () => {
    setBusy(true);
    setError(null);
    try {
      const started = await startCheckout(offer().id, quote() ? couponCode() : null);
      if (started.kind === 'redirect') {
        // Stays busy: the page is on its way to Stripe.
        leaveFor(started.url);
        return;
      }
      navigate(safeReturnTo(started.continueTo));
      setBusy(false);
    } catch (failure) {
      setBusy(false);
      if (isSignedOutError(failure)) {
        sessionEnded();
        return;
      }
      setError(messageOf(failure, 'The checkout could not be started. Please try again.'));
      focusElement('buy-error');
    }
  };

  return (
    <section class="card offer-panel" aria-labelledby="offer-price-title">
      <h2 id="offer-price-title" class="visually-hidden">
        Price
      </h2>
      <p class="offer-panel__price" data-testid="offer-price">
        <Show when={quote()} fallback={offerPrice(offer())}>
          {(q) => (
            <>
              <s class="offer-panel__was">
                <span class="visually-hidden">Was </span>
                {offerPrice(offer())}
              </s>{' '}
              <span class="visually-hidden">now </span>
              {offerPrice({ ...offer(), priceCents: q().totalCents })}
            </>
          )}
        </Show>
      </p>
      <Switch>
        <Match when={props.view.owned}>
          <Notice tone="success" title="You already have this" data-testid="offer-owned">
            <p>It is in your account, so there is nothing to pay.</p>
            <Link class={buttonClass('primary')} href={safeReturnTo(props.view.continueTo)}>
              {props.view.continueTo === '/learning' ? 'Go to My learning' : 'Go to the course'}
            </Link>
          </Notice>
        </Match>
        {/* Before canBuy: for a signed-out visitor the Worker answers canBuy false ("Sign in to buy this offer."). */}
        <Match when={session.member() === null}>
          <Link class={buttonClass('primary', 'offer-panel__buy')} href={signInHref(currentLocation())} data-testid="offer-buy">
            Sign in to buy
          </Link>
          <p class="offer-panel__hint">You need an account at this school to buy. Have a coupon? You can enter it after signing in.</p>
        </Match>
        {/* canBuy is false exactly when the Worker gives its reason. */}
        <Match when={props.view.cannotBuyReason}>
          {(reason) => (
            <Notice tone="info" title="Not available to buy right now" data-testid="offer-cannot-buy">
              <p>{reason()}</p>
            </Notice>
          )}
        </Match>
        <Match when={session.member()}>
          <CouponForm
            offerId={offer().id}
            initialCode={queryParam('coupon') ?? undefined}
            disabled={busy()}
            onQuote={(next, code) => {
              setQuote(next);
              setCouponCode(code);
            }}
          />
          <Show when={error()}>
            <Notice tone="error" id="buy-error" live="alert" title="That did not work">
              <p>{error()}</p>
            </Notice>
          </Show>
          <Button class="offer-panel__buy" onClick={() => void buy()} disabled={busy()} aria-busy={busy()} data-testid="offer-buy">
            {busy() ? 'Starting checkout…' : buyLabel(offer(), quote()?.totalCents)}
          </Button>
          <p class="offer-panel__hint">
            <Show when={quote() && quote()!.totalCents === 0} fallback="Payment is handled securely by Stripe. You come back here afterwards.">
              With this coupon it is free: you get access straight away.
            </Show>
          </p>
        </Match>
      </Switch>
    </section>
  );
}
