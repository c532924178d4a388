import { For, Show, type JSX } from 'solid-js';
import { Link } from '../../../lib/router';
import { Badge } from '../../../ui/badge';
import { Button } from '../../../ui/button';
import { offerPrice, OFFER_TYPE_LABELS } from '../../offers/commerce-labels';
import { ActionsTable } from './actions-table';
import { includesText, OFFER_STATUS } from './offer-labels';
import type { Offer } from './offers-api';

export type OfferAction = 'edit' | 'publish' | 'archive' | 'delete' | 'propose';

const LABELS: Record<OfferAction, string> = {
  edit: 'Edit',
  publish: 'Publish',
  archive: 'Archive',
  delete: 'Delete',
  propose: 'Propose new price',
};

/** What a person may do with an offer: admins manage it, instructors only propose prices. */
function actionsFor(offer: Offer, admin: boolean): OfferAction[] {
  // Drafts change price directly; an archived offer's price no longer matters (the Worker refuses a request).
  const proposing: OfferAction[] = offer.status === 'active' ? ['propose'] : [];
  if (!admin) return proposing;
  // An archived offer is final: the Worker refuses to put it back on sale.
  const byStatus: Record<Offer['status'], OfferAction[]> = {
    draft: ['publish', 'delete'],
    active: ['archive'],
    archived: [],
  };
  return ['edit', ...byStatus[offer.status], ...proposing];
}

type OffersTableProps = { offers: Offer[]; admin: boolean; onAction: (offer: Offer, action: OfferAction) => void };

export function OffersTable(props: OffersTableProps): JSX.Element {
  return (
    <ActionsTable name="offers" caption="Offers" columns={['Offer', 'Price', 'Includes', 'Status']}>
      <For each={props.offers}>
        {(offer) => (
          <tr data-testid="offer-row">
            <th scope="row">
              <Show when={offer.status === 'active'} fallback={offer.title}>
                <Link href={`/offers/${encodeURIComponent(offer.id)}`}>{offer.title}</Link>
              </Show>
              <span class="table__sub">{OFFER_TYPE_LABELS[offer.offerType]}</span>
            </th>
            <td>{offerPrice(offer)}</td>
            <td>{includesText(offer)}</td>
            <td>
              <Badge tone={OFFER_STATUS[offer.status].tone}>{OFFER_STATUS[offer.status].label}</Badge>
            </td>
            <td class="table__actions">
              <div class="row-actions">
                <For each={actionsFor(offer, props.admin)}>
                  {(action) => (
                    <Button variant={action === 'delete' ? 'danger' : 'secondary'} class="button--small" onClick={() => props.onAction(offer, action)}>
                      {LABELS[action]}
                      <span class="visually-hidden"> {offer.title}</span>
                    </Button>
                  )}
                </For>
              </div>
            </td>
          </tr>
        )}
      </For>
    </ActionsTable>
  );
}
