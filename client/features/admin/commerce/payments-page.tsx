import './commerce.css';
import { createResource, createSignal, Match, Show, Switch, untrack, type JSX } from 'solid-js';
import { usePageTitle } from '../../../lib/page-title';
import { hasRole } from '../../../lib/roles';
import { navigate, queryParam } from '../../../lib/router';
import type { Me } from '../../../lib/session';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { Notice } from '../../../ui/notice';
import { signedInOnly } from '../../access/require-sign-in';
import { leaveFor, messageOf } from '../../offers/external-redirect';
import { AdminLayout } from '../admin-layout';
import { Loaded } from './loaded';
import { createStatusReport } from './status-report';
import { fetchStripeState, refreshStripeState, startOnboarding, type StripeAccount, type StripeState } from './stripe-api';

/** /admin/payments: the school's Stripe connection, which decides whether it can sell. */
export function PaymentsPage(): JSX.Element {
  usePageTitle('Payments');
  return <AdminLayout title="Payments">{(me) => <Payments me={me()} />}</AdminLayout>;
}

function Payments(props: { me: Me }): JSX.Element {
  // Back from Stripe's onboarding (?stripe=return): re-read the account instead of trusting the
  // stored flags, which only change when Stripe's webhook arrives.
  const returning = untrack(() => queryParam('stripe')) === 'return';
  const status = createStatusReport('payments-status');
  const [state, { refetch, mutate }] = createResource(
    signedInOnly(async () => {
      if (!returning) return fetchStripeState();
      const fresh = await refreshStripeState();
      navigate('/admin/payments', { replace: true });
      status.report({ tone: 'success', text: 'Welcome back from Stripe. The status below was just refreshed.' });
      return fresh;
    }),
  );

  return (
    <section class="card admin-card" aria-labelledby="stripe-title" aria-busy={state.loading}>
      <h2 id="stripe-title">Stripe connection</h2>
      <p class="section__intro">Payments go straight to the school's own Stripe account. Learners pay on Stripe's secure checkout page.</p>
      <status.View />
      <Loaded resource={state} what="the Stripe connection" role="admin" onRetry={() => void refetch()}>
        {(current) => (
          <>
          <StripeDetails
            me={props.me}
            state={current}
            onRefreshed={(next) => {
              mutate(next);
              status.report({ tone: 'success', text: next.canSell ? 'Status refreshed. The school can sell.' : 'Status refreshed. The school cannot sell yet.' });
            }}
            onFailed={(text) => status.report({ tone: 'error', text })}
          />
          <FeeLine percent={current.platformFeePercent} />
          </>
        )}
      </Loaded>
    </section>
  );
}

type DetailsProps = { me: Me; state: StripeState; onRefreshed: (state: StripeState) => void; onFailed: (text: string) => void };

function StripeDetails(props: DetailsProps): JSX.Element {
  const owner = () => hasRole(props.me.role, 'owner');
  return (
    <Switch>
      <Match when={!props.state.configured}>
        <Notice tone="info" title="Stripe is not configured on this platform" data-testid="stripe-not-configured">
          <p>The platform operator has not set up Stripe yet, so no school can take payments. Free offers still work.</p>
        </Notice>
      </Match>
      <Match when={props.state.account === null}>
        <div class="stripe-state">
          <p>
            <Badge tone="muted">Not connected</Badge>
          </p>
          <p>Connect a Stripe account to sell courses and subscriptions. Stripe asks for the business and bank details it needs to pay you out.</p>
          <Show when={owner()} fallback={<p class="section__intro">Only the school's owner can connect a Stripe account.</p>}>
            <OnboardingButton label="Connect with Stripe" onFailed={props.onFailed} />
          </Show>
        </div>
      </Match>
      <Match when={props.state.account}>
        {(account) => (
          <div class="stripe-state">
            <p>
              <Badge tone={props.state.canSell ? 'success' : 'danger'} data-testid="stripe-can-sell">
                {props.state.canSell ? 'Ready to sell' : 'Not ready to sell'}
              </Badge>
            </p>
            <AccountFlags account={account()} />
            <div class="form-actions">
              <Show when={owner() && (!account().detailsSubmitted || !account().chargesEnabled)}>
                <OnboardingButton label="Continue Stripe onboarding" onFailed={props.onFailed} />
              </Show>
              <RefreshButton onRefreshed={props.onRefreshed} onFailed={props.onFailed} />
            </div>
          </div>
        )}
      </Match>
    </Switch>
  );
}

/** The platform's share of each sale, whatever the connection's state. */
function FeeLine(props: { percent: number }): JSX.Element {
  return (
    <p class="stripe-fee" data-testid="platform-fee">
      Platform fee: <strong>{new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(props.percent)} %</strong> of each sale, taken by
      Stripe when the payment is made. Stripe's own processing fees also apply.
    </p>
  );
}

function AccountFlags(props: { account: StripeAccount }): JSX.Element {
  const flag = (on: boolean, yes: string, no: string) => <Badge tone={on ? 'success' : 'neutral'}>{on ? yes : no}</Badge>;
  return (
    <dl class="details" data-testid="stripe-flags">
      <div>
        <dt>Account</dt>
        <dd>
          <code>{props.account.stripeAccountId}</code>
        </dd>
      </div>
      <div>
        <dt>Charges</dt>
        <dd>{flag(props.account.chargesEnabled, 'Enabled', 'Not enabled yet')}</dd>
      </div>
      <div>
        <dt>Payouts</dt>
        <dd>{flag(props.account.payoutsEnabled, 'Enabled', 'Not enabled yet')}</dd>
      </div>
      <div>
        <dt>Details</dt>
        <dd>{flag(props.account.detailsSubmitted, 'Submitted', 'Still needed')}</dd>
      </div>
    </dl>
  );
}

function OnboardingButton(props: { label: string; onFailed: (text: string) => void }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const go = async () => {
    setBusy(true);
    try {
      leaveFor(await startOnboarding());
    } catch (failure) {
      setBusy(false);
      props.onFailed(messageOf(failure, 'Stripe onboarding could not be started. Please try again.'));
    }
  };
  return (
    <Button onClick={() => void go()} disabled={busy()} aria-busy={busy()} data-testid="stripe-onboarding">
      {busy() ? 'Opening Stripe…' : props.label}
    </Button>
  );
}

function RefreshButton(props: { onRefreshed: (state: StripeState) => void; onFailed: (text: string) => void }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const refresh = async () => {
    setBusy(true);
    try {
      props.onRefreshed(await refreshStripeState());
    } catch (failure) {
      props.onFailed(messageOf(failure, 'The status could not be refreshed. Please try again.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="secondary" onClick={() => void refresh()} disabled={busy()} aria-busy={busy()} data-testid="stripe-refresh">
      {busy() ? 'Refreshing…' : 'Refresh status'}
    </Button>
  );
}
