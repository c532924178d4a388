import { For, Show, type JSX } from 'solid-js';
import { Link } from '../../lib/router';
import { ArrowRightIcon } from '../../ui/icons';
import { buyLabel } from '../offers/commerce-labels';
import type { CourseOffer } from './course-api';
import { LockIcon } from './learning-icons';

/**
 * How to buy a paid course: one link per offer that sells it ("Buy for $49.00", "Subscribe
 * $9.00 / month"), each to its offer page; "Not on sale yet" when there is none.
 */
export function CourseOffers(props: { offers: CourseOffer[]; price: string | null }): JSX.Element {
  return (
    <Show
      when={props.offers.length > 0}
      fallback={
        <>
          <Show when={props.price}>
            <p class="course-cta__price" data-testid="course-price">
              {props.price}
            </p>
          </Show>
          <p class="course-cta__soon" data-testid="course-primary-action">
            <LockIcon /> Not on sale yet
          </p>
        </>
      }
    >
      <ul class="course-offers" data-testid="course-offers">
        <For each={props.offers}>
          {(offer, index) => (
            <li>
              <Link
                class="course-offer"
                classList={{ 'course-offer--primary': index() === 0 }}
                href={`/offers/${encodeURIComponent(offer.id)}`}
                data-testid={index() === 0 ? 'course-primary-action' : undefined}
              >
                <span class="course-offer__action">
                  {buyLabel(offer)}
                  <ArrowRightIcon />
                </span>
                <span class="course-offer__title">{offer.title}</span>
              </Link>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
