import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorSummary, type FormProblem } from '../../../ui/error-summary';
import { SelectField, TextField } from '../../../ui/field';
import { BILLING_INTERVALS, INTERVAL_LABELS, type AccessScope, type BillingInterval, type OfferType } from '../../offers/commerce-labels';
import { parsePrice, priceText } from '../courses/course-labels';
import type { CourseSummary } from '../courses/courses-api';
import { RadioChoices } from '../courses/radio-choices';
import { TextAreaField } from '../courses/text-area-field';
import { CheckboxList } from './checkbox-list';
import { ACCESS_SCOPE_CHOICES, CURRENCIES, OFFER_TYPE_CHOICES } from './offer-labels';
import { createFormSubmit, FormActions } from './form-submit';
import { createOffer, updateOffer, type Offer, type OfferPatch } from './offers-api';

const FIELDS = {
  title: 'offer-title',
  description: 'offer-description',
  offerType: 'offer-type-one_time',
  priceCents: 'offer-price',
  currency: 'offer-currency',
  billingInterval: 'offer-interval',
  accessScope: 'offer-scope-courses',
  courseIds: 'offer-courses',
};

type OfferFormProps = {
  /** Absent: a new offer. */
  offer?: Offer;
  courses: CourseSummary[];
  onSaved: (offer: Offer, created: boolean) => void;
  onCancel: () => void;
};

/**
 * Creates an offer (always a draft) or edits one. Type, currency and interval are fixed once
 * the offer exists; the price changes directly only on a draft (on sale, it takes a price request).
 */
export function OfferForm(props: OfferFormProps): JSX.Element {
  const editing = props.offer;
  const [title, setTitle] = createSignal(editing?.title ?? '');
  const [description, setDescription] = createSignal(editing?.description ?? '');
  const [offerType, setOfferType] = createSignal<OfferType>(editing?.offerType ?? 'one_time');
  const [price, setPrice] = createSignal(priceText(editing?.priceCents ?? null));
  const [currency, setCurrency] = createSignal(editing?.currency ?? 'usd');
  const [interval, setBillingInterval] = createSignal<BillingInterval>(editing?.billingInterval ?? 'month');
  const [scope, setScope] = createSignal<AccessScope>(editing?.accessScope ?? 'courses');
  const [courseIds, setCourseIds] = createSignal<string[]>(editing?.courseIds ?? []);
  const { saving, problems, show, send, errorFor } = createFormSubmit('offer-errors', FIELDS);
  const priceEditable = !editing || editing.status === 'draft';

  const localProblems = (): FormProblem[] => {
    const found: FormProblem[] = [];
    if (!title().trim()) found.push({ message: 'Enter a title.', fieldId: FIELDS.title });
    if (priceEditable && parsePrice(price()) === null) found.push({ message: 'Enter the price, such as 49 or 49.90.', fieldId: FIELDS.priceCents });
    if (scope() === 'courses' && courseIds().length === 0) found.push({ message: 'Choose at least one course.', fieldId: FIELDS.courseIds });
    return found;
  };

  const changes = (): OfferPatch => {
    const o = editing!;
    const patch: OfferPatch = {};
    if (title().trim() !== o.title) patch.title = title().trim();
    if (description().trim() !== o.description) patch.description = description().trim();
    if (scope() !== o.accessScope) patch.accessScope = scope();
    const ids = scope() === 'courses' ? courseIds() : [];
    if (ids.slice().sort().join() !== o.courseIds.slice().sort().join()) patch.courseIds = ids;
    const cents = parsePrice(price());
    if (priceEditable && cents !== null && cents !== o.priceCents) patch.priceCents = cents;
    return patch;
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const found = localProblems();
    if (found.length) return show(found);
    await send(
      () =>
        editing
          ? updateOffer(editing.id, changes())
          : createOffer({
              title: title().trim(),
              ...(description().trim() ? { description: description().trim() } : {}),
              offerType: offerType(),
              priceCents: parsePrice(price())!,
              currency: currency(),
              ...(offerType() === 'subscription' ? { billingInterval: interval() } : {}),
              accessScope: scope(),
              ...(scope() === 'courses' ? { courseIds: courseIds() } : {}),
            }),
      (saved) => props.onSaved(saved, !editing),
    );
  };

  return (
    <form class="commerce-form" onSubmit={(event) => void submit(event)} novalidate data-testid="offer-form">
      <ErrorSummary id="offer-errors" title={editing ? 'The offer was not saved' : 'The offer was not created'} problems={problems()} />
      <TextField id={FIELDS.title} label="Title" required autocomplete="off" value={title()} onInput={(e) => setTitle(e.currentTarget.value)} error={errorFor(FIELDS.title)} />
      <TextAreaField
        id={FIELDS.description}
        label="Description"
        hint="Shown on the offer page. Plain text."
        rows={3}
        value={description()}
        onInput={(e) => setDescription(e.currentTarget.value)}
        error={errorFor(FIELDS.description)}
      />
      <fieldset class="fieldset">
        <legend class="field__label">Type</legend>
        <Show when={!editing} fallback={<p class="field__hint">{OFFER_TYPE_CHOICES.find((c) => c.value === editing!.offerType)?.label}. The type cannot change once the offer exists.</p>}>
          <RadioChoices name="offer-type" choices={OFFER_TYPE_CHOICES} value={offerType()} onChange={setOfferType} disabled={saving()} />
        </Show>
      </fieldset>
      <div class="commerce-form__row">
        <TextField
          id={FIELDS.priceCents}
          label="Price"
          hint={priceEditable ? 'For example 49 or 49.90.' : 'On sale or archived: propose a new price instead (the owner approves it).'}
          inputmode="decimal"
          autocomplete="off"
          value={price()}
          disabled={!priceEditable}
          onInput={(e) => setPrice(e.currentTarget.value)}
          error={errorFor(FIELDS.priceCents)}
        />
        <SelectField id={FIELDS.currency} label="Currency" disabled={!!editing} onChange={(e) => setCurrency(e.currentTarget.value)} error={errorFor(FIELDS.currency)}>
          <For each={CURRENCIES.includes(currency() as (typeof CURRENCIES)[number]) ? CURRENCIES : [currency(), ...CURRENCIES]}>
            {(code) => (
              <option value={code} selected={code === currency()}>
                {code.toUpperCase()}
              </option>
            )}
          </For>
        </SelectField>
        <Show when={offerType() === 'subscription'}>
          <SelectField
            id={FIELDS.billingInterval}
            label="Billed"
            disabled={!!editing}
            onChange={(e) => setBillingInterval(e.currentTarget.value as BillingInterval)}
            error={errorFor(FIELDS.billingInterval)}
          >
            <For each={BILLING_INTERVALS}>
              {(value) => (
                <option value={value} selected={value === interval()}>
                  {INTERVAL_LABELS[value]}
                </option>
              )}
            </For>
          </SelectField>
        </Show>
      </div>
      <fieldset class="fieldset">
        <legend class="field__label">What buying it gives</legend>
        <RadioChoices name="offer-scope" choices={ACCESS_SCOPE_CHOICES} value={scope()} onChange={setScope} disabled={saving()} />
      </fieldset>
      <Show when={scope() === 'courses'}>
        <CheckboxList
          id={FIELDS.courseIds}
          legend="Courses"
          hint="Only paid courses show the offer on their page, but any course can be included."
          options={props.courses.map((c) => ({ value: c.id, label: c.title, detail: c.status === 'published' ? undefined : c.status === 'draft' ? 'Draft' : 'Archived' }))}
          value={courseIds()}
          onChange={setCourseIds}
          disabled={saving()}
          error={errorFor(FIELDS.courseIds)}
          empty="There are no courses yet. Create one under Courses first."
        />
      </Show>
      <FormActions saving={saving()} label={editing ? 'Save offer' : 'Create draft offer'} busy="Saving…" onCancel={props.onCancel} />
    </form>
  );
}
