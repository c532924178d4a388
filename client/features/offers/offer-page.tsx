import './offers.css';
import { createResource, For, Match, Show, Switch, type JSX } from 'solid-js';
import { ApiError } from '../../lib/api';
import { usePageTitle } from '../../lib/page-title';
import { Link, routeParam } from '../../lib/router';
import { Badge } from '../../ui/badge';
import { buttonClass } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNotice } from '../../ui/error-notice';
import { BookIcon } from '../../ui/icons';
import { Spinner } from '../../ui/spinner';
import { settled } from '../course/resource-value';
import { OFFER_TYPE_LABELS } from './commerce-labels';
import { fetchOffer, type OfferView, type PublicOffer } from './offer-api';
import { PurchasePanel } from './purchase-panel';

/** /offers/:offerId — what an offer is, what it includes, and buying it. */
export function OfferPage(): JSX.Element {
  const offerId = () => routeParam('offerId');
  const [view, { refetch }] = createResource(() => offerId() || false, fetchOffer);
  const current = () => settled(view);
  usePageTitle(() => current()?.offer.title ?? 'Offer');
  const notFound = () => view.error instanceof ApiError && view.error.status === 404;

  return (
    <Switch fallback={<Spinner label="Loading the offer…" />}>
      <Match when={current()}>{(loaded) => <OfferDetails view={loaded()} />}</Match>
      <Match when={view.error && notFound()}>
        <div class="container section">
          <EmptyState icon={<BookIcon />} title="There is no such offer" data-testid="offer-not-found">
            <p>It may have ended or the link may be mistyped. The catalog lists every course on offer.</p>
            <Link class={buttonClass('primary')} href="/courses">
              Browse courses
            </Link>
          </EmptyState>
        </div>
      </Match>
      <Match when={view.error}>
        <div class="container section">
          <ErrorNotice title="We couldn't load this offer" error={view.error} onRetry={() => void refetch()} />
        </div>
      </Match>
    </Switch>
  );
}

function OfferDetails(props: { view: OfferView }): JSX.Element {
  const offer = () => props.view.offer;
  return (
    <article aria-labelledby="offer-title">
      <header class="hero">
        <div class="container offer-hero">
          <div>
            <p class="offer-hero__badges">
              <Badge tone="brand">{OFFER_TYPE_LABELS[offer().offerType]}</Badge>
            </p>
            <h1 id="offer-title" class="hero__title offer-hero__title" data-testid="offer-title">
              {offer().title}
            </h1>
            <Show when={offer().description.trim()}>
              <p class="hero__lead offer-hero__description">{offer().description}</p>
            </Show>
          </div>
          <PurchasePanel view={props.view} />
        </div>
      </header>
      <div class="container section">
        <section class="offer-included" aria-labelledby="offer-included-title">
          <h2 id="offer-included-title">What is included</h2>
          <Included offer={offer()} />
        </section>
      </div>
    </article>
  );
}

function Included(props: { offer: PublicOffer }): JSX.Element {
  return (
    <Switch>
      <Match when={props.offer.accessScope === 'all_courses'}>
        <p>Every course of this school, including courses added later{props.offer.offerType === 'subscription' ? ', for as long as you stay subscribed' : ''}.</p>
      </Match>
      <Match when={props.offer.accessScope === 'downloads'}>
        <p>The school's downloads: files and resources offered with its courses.</p>
      </Match>
      <Match when={props.offer.courses.length === 0}>
        <p>The courses of this offer will be listed here soon.</p>
      </Match>
      <Match when={true}>
        <ul class="offer-courses" data-testid="offer-courses">
          <For each={props.offer.courses}>
            {(course) => (
              <li class="offer-courses__item">
                <BookIcon />
                <Link href={`/courses/${encodeURIComponent(course.slug)}`}>{course.title}</Link>
              </li>
            )}
          </For>
        </ul>
        <Show when={props.offer.offerType === 'subscription'}>
          <p class="section__intro">Access lasts as long as your subscription does.</p>
        </Show>
      </Match>
    </Switch>
  );
}
