import { createSignal, For, type JSX } from 'solid-js';
import { Link, navigate } from '../../../lib/router';
import { Button } from '../../../ui/button';
import { SelectField, TextField } from '../../../ui/field';
import { TRANSACTION_STATUS, TRANSACTION_STATUSES } from '../../offers/commerce-labels';
import type { Offer } from './offers-api';
import { filterQuery, type TransactionFilters } from './transactions-api';

/**
 * The filters as a GET-style form: applying them puts them in the address, so a filtered list
 * can be bookmarked or shared, and Back returns to the previous filters.
 */
export function TransactionFiltersForm(props: { filters: TransactionFilters; offers: Offer[] }): JSX.Element {
  const [draft, setDraft] = createSignal<TransactionFilters>({ ...props.filters });
  const set = (key: keyof TransactionFilters, value: string) => setDraft({ ...draft(), [key]: value });
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    const query = filterQuery(draft());
    navigate(`/admin/transactions${query ? `?${query}` : ''}`);
  };
  return (
    <form class="commerce-filters" onSubmit={apply} role="search" aria-label="Filter transactions">
      <SelectField id="filter-status" label="Status" onChange={(e) => set('status', e.currentTarget.value)}>
        <option value="" selected={draft().status === ''}>
          Any status
        </option>
        <For each={TRANSACTION_STATUSES}>
          {(status) => (
            <option value={status} selected={draft().status === status}>
              {TRANSACTION_STATUS[status].label}
            </option>
          )}
        </For>
      </SelectField>
      <SelectField id="filter-offer" label="Offer" onChange={(e) => set('offerId', e.currentTarget.value)}>
        <option value="" selected={draft().offerId === ''}>
          Any offer
        </option>
        <For each={props.offers}>
          {(offer) => (
            <option value={offer.id} selected={draft().offerId === offer.id}>
              {offer.title}
            </option>
          )}
        </For>
      </SelectField>
      <TextField id="filter-email" label="Buyer email" type="search" autocomplete="off" value={draft().email} onInput={(e) => set('email', e.currentTarget.value)} />
      <TextField id="filter-from" label="From" type="date" value={draft().from} onInput={(e) => set('from', e.currentTarget.value)} />
      <TextField id="filter-to" label="To" type="date" value={draft().to} onInput={(e) => set('to', e.currentTarget.value)} />
      <div class="form-actions commerce-filters__actions">
        <Button type="submit">Apply filters</Button>
        <Link href="/admin/transactions">Clear filters</Link>
      </div>
    </form>
  );
}
