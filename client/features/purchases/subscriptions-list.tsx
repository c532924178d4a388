import { For, Match, Switch, type JSX } from 'solid-js';
import { formatDate } from '../../lib/format';
import { Badge } from '../../ui/badge';
import { SUBSCRIPTION_STATUS } from '../offers/commerce-labels';
import { GONE_OFFER, type SubscriptionView } from './purchases-api';

const ENDED = new Set(['canceled', 'incomplete_expired']);

/** "Renews on 3 Oct 2026", "Ends on …", "Ended on …": what happens next to the subscription. */
function NextStep(props: { subscription: SubscriptionView }): JSX.Element {
  const s = () => props.subscription;
  const when = (date: Date) => <time datetime={date.toISOString()}>{formatDate(date)}</time>;
  return (
    <Switch fallback={<>—</>}>
      {/* The list does not say when an ended subscription ended, only that it did. */}
      <Match when={ENDED.has(s().status)}>Ended</Match>
      <Match when={s().cancelAtPeriodEnd && s().currentPeriodEnd}>{(date) => <>Ends on {when(date())}</>}</Match>
      <Match when={s().currentPeriodEnd}>{(date) => <>Renews on {when(date())}</>}</Match>
    </Switch>
  );
}

export function SubscriptionsTable(props: { subscriptions: SubscriptionView[] }): JSX.Element {
  return (
    <div class="table-scroll" role="region" aria-labelledby="subscriptions-caption" tabindex="0">
      <table class="table" data-testid="subscriptions-table">
        <caption id="subscriptions-caption" class="visually-hidden">
          Your subscriptions
        </caption>
        <thead>
          <tr>
            <th scope="col">Subscription</th>
            <th scope="col">Status</th>
            <th scope="col">Renewal or end</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.subscriptions}>
            {(subscription) => (
              <tr data-testid="subscription-row">
                <th scope="row">{subscription.offerTitle ?? GONE_OFFER}</th>
                <td>
                  <Badge tone={SUBSCRIPTION_STATUS[subscription.status].tone}>{SUBSCRIPTION_STATUS[subscription.status].label}</Badge>
                </td>
                <td>
                  <NextStep subscription={subscription} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
