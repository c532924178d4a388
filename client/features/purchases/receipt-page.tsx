import '../admin/admin.css';
import './purchases.css';
import { createResource, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../lib/api';
import { formatDateTime, formatMoney } from '../../lib/format';
import { usePageTitle } from '../../lib/page-title';
import { Link, routeParam } from '../../lib/router';
import { displayNameOf, type Me } from '../../lib/session';
import { Button, buttonClass } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { BookIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { RequireSignIn, signedInOnly } from '../access/require-sign-in';
import { settled } from '../course/resource-value';
import { httpUrlOrNull } from '../offers/external-redirect';
import { TransactionStatusBadge } from './money-status';
import { fetchReceipt, GONE_OFFER, type Receipt } from './purchases-api';

/** /account/purchases/:transactionId — one purchase as a printable receipt. */
export function ReceiptPage(): JSX.Element {
  usePageTitle('Receipt');
  return (
    <RequireSignIn>
      {(me) => (
        <section class="section" aria-labelledby="receipt-title">
          <div class="container account-money">
            <p class="account-money__back no-print">
              <Link href="/account/purchases">All purchases</Link>
            </p>
            <h1 id="receipt-title" class="page-title">
              Receipt
            </h1>
            <ReceiptContent me={me()} />
          </div>
        </section>
      )}
    </RequireSignIn>
  );
}

function ReceiptContent(props: { me: Me }): JSX.Element {
  const transactionId = () => routeParam('transactionId');
  const [receipt, { refetch }] = createResource(() => transactionId() || false, signedInOnlyFetch);
  const notFound = () => receipt.error instanceof ApiError && (receipt.error.status === 404 || receipt.error.status === 403);
  return (
    <Switch fallback={<Spinner label="Loading the receipt…" />}>
      <Match when={receipt.error && notFound()}>
        <EmptyState title="There is no such receipt" icon={<BookIcon />} data-testid="receipt-not-found">
          <p>It may belong to another account. Your purchases page lists every receipt of yours.</p>
          <Link class={buttonClass('primary')} href="/account/purchases">
            View your purchases
          </Link>
        </EmptyState>
      </Match>
      <Match when={receipt.error}>
        <ErrorNotice title="We couldn't load this receipt" error={receipt.error} onRetry={() => void refetch()} />
      </Match>
      <Match when={settled(receipt)}>{(loaded) => <ReceiptView receipt={loaded()} me={props.me} />}</Match>
    </Switch>
  );
}

const signedInOnlyFetch = (id: string) => signedInOnly(() => fetchReceipt(id))();

function ReceiptView(props: { receipt: Receipt; me: Me }): JSX.Element {
  const r = () => props.receipt;
  const money = (cents: number) => formatMoney(cents, r().currency);
  return (
    <article class="card receipt" aria-labelledby="receipt-school" data-testid="receipt">
      <div class="receipt__head">
        <div>
          <h2 id="receipt-school">{r().school.name}</h2>
          <p class="receipt__meta">
            Receipt <code>{r().id}</code>
          </p>
        </div>
        <TransactionStatusBadge status={r().status} refundedCents={r().refundedCents} currency={r().currency} />
      </div>
      <dl class="details">
        <div>
          <dt>Date</dt>
          <dd>
            <time datetime={r().date.toISOString()}>{formatDateTime(r().date)}</time>
          </dd>
        </div>
        <div>
          <dt>Billed to</dt>
          <dd>
            {displayNameOf(props.me)}
            <Show when={props.me.user.displayName}>
              <span class="details__extra">{props.me.user.email}</span>
            </Show>
          </dd>
        </div>
      </dl>
      <table class="receipt__lines">
        <caption class="visually-hidden">Amounts</caption>
        <tbody>
          <tr>
            <th scope="row">{r().offer?.title ?? GONE_OFFER}</th>
            <td>{money(r().subtotalCents)}</td>
          </tr>
          <Show when={r().discountCents > 0}>
            <tr>
              <th scope="row">Discount{r().couponCode ? ` (coupon ${r().couponCode})` : ''}</th>
              <td>−{money(r().discountCents)}</td>
            </tr>
          </Show>
          <tr class="receipt__total">
            <th scope="row">Total paid</th>
            <td data-testid="receipt-total">{money(r().amountCents)}</td>
          </tr>
          <Show when={r().refundedCents > 0}>
            <tr>
              <th scope="row">Refunded</th>
              <td>−{money(r().refundedCents)}</td>
            </tr>
          </Show>
        </tbody>
      </table>
      <div class="receipt__actions no-print">
        <Button onClick={() => window.print()}>Print</Button>
        <Show when={httpUrlOrNull(r().receiptUrl)}>
          {(url) => (
            <a href={url()} target="_blank" rel="noopener noreferrer">
              Stripe receipt<span class="visually-hidden"> (opens in a new tab)</span>
            </a>
          )}
        </Show>
      </div>
    </article>
  );
}
