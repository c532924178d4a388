import { createSignal, For, Show, type JSX } from 'solid-js';
import { ErrorSummary, type FormProblem } from '../../../ui/error-summary';
import { SelectField, TextField } from '../../../ui/field';
import { parsePrice } from '../courses/course-labels';
import { DateTimeField } from '../courses/date-time-field';
import { fromLocalInputValue } from '../courses/local-time';
import { RadioChoices, type RadioChoice } from '../courses/radio-choices';
import { CheckboxList } from './checkbox-list';
import { createFormSubmit, FormActions } from './form-submit';
import { createCoupon, type Coupon, type DiscountType, type NewCoupon } from './coupons-api';
import { CURRENCIES } from './offer-labels';
import type { Offer } from './offers-api';

const FIELDS = {
  code: 'coupon-code-new',
  discountType: 'coupon-type-percent',
  percentOff: 'coupon-percent',
  amountOffCents: 'coupon-amount',
  currency: 'coupon-currency',
  usageLimit: 'coupon-limit',
  expiresAt: 'coupon-expires',
  offerIds: 'coupon-offers',
};

const TYPE_CHOICES: RadioChoice<DiscountType>[] = [
  { value: 'percent', label: 'Percentage', hint: 'For example 20 % off. 100 % makes the offer free.' },
  { value: 'amount', label: 'Fixed amount', hint: "An amount off the price, in the offer's currency." },
];

/** A new coupon: code, discount, optional limit, expiry and offers it is limited to. */
export function CouponForm(props: { offers: Offer[]; onCreated: (coupon: Coupon) => void; onCancel: () => void }): JSX.Element {
  const [code, setCode] = createSignal('');
  const [type, setType] = createSignal<DiscountType>('percent');
  const [percent, setPercent] = createSignal('');
  const [amount, setAmount] = createSignal('');
  // An amount coupon works only on offers priced in its currency: start from the offers' own.
  const [currency, setCurrency] = createSignal(props.offers[0]?.currency ?? 'usd');
  const currencies = () => [...new Set([...props.offers.map((o) => o.currency), ...CURRENCIES])];
  const [limit, setLimit] = createSignal('');
  const [expires, setExpires] = createSignal('');
  const [offerIds, setOfferIds] = createSignal<string[]>([]);
  const { saving, problems, show, send, errorFor } = createFormSubmit('coupon-errors', FIELDS);

  /** The request body, or the problems that keep it from being sent. */
  const build = (): NewCoupon | FormProblem[] => {
    const found: FormProblem[] = [];
    const trimmed = code().trim();
    if (!/^[A-Za-z0-9_-]{3,40}$/.test(trimmed)) found.push({ message: 'Enter a code of 3 to 40 letters, digits, - or _.', fieldId: FIELDS.code });
    const pct = Number(percent());
    if (type() === 'percent' && !(/^\d{1,3}$/.test(percent().trim()) && pct >= 1 && pct <= 100)) found.push({ message: 'Enter a whole percentage from 1 to 100.', fieldId: FIELDS.percentOff });
    const cents = parsePrice(amount());
    if (type() === 'amount' && (cents === null || cents <= 0)) found.push({ message: 'Enter the amount off, such as 10 or 9.50.', fieldId: FIELDS.amountOffCents });
    if (limit().trim() && !(/^[1-9]\d{0,6}$/.test(limit().trim()) && Number(limit().trim()) <= 1_000_000)) found.push({ message: 'Enter how many times it may be used (up to 1,000,000), or leave it empty for no limit.', fieldId: FIELDS.usageLimit });
    const expiry = expires() ? fromLocalInputValue(expires()) : null;
    if (expires() && !expiry) found.push({ message: 'Enter a complete date and time, or leave it empty.', fieldId: FIELDS.expiresAt });
    else if (expiry && expiry.getTime() <= Date.now()) found.push({ message: 'Choose an expiry in the future.', fieldId: FIELDS.expiresAt });
    if (found.length) return found;
    return {
      code: trimmed.toUpperCase(),
      discountType: type(),
      ...(type() === 'percent' ? { percentOff: pct } : { amountOffCents: cents!, currency: currency() }),
      ...(limit().trim() ? { usageLimit: Number(limit().trim()) } : {}),
      // toISOString is always UTC with a Z, whatever the browser's zone.
      ...(expiry ? { expiresAt: expiry.toISOString() } : {}),
      ...(offerIds().length ? { offerIds: offerIds() } : {}),
    };
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const body = build();
    if (Array.isArray(body)) return show(body);
    await send(() => createCoupon(body), props.onCreated);
  };

  return (
    <form class="commerce-form" onSubmit={(event) => void submit(event)} novalidate data-testid="coupon-form">
      <ErrorSummary id="coupon-errors" title="The coupon was not created" problems={problems()} />
      <TextField
        id={FIELDS.code}
        label="Code"
        hint="What learners type at checkout, such as SPRING25. Not case-sensitive."
        autocomplete="off"
        spellcheck={false}
        required
        value={code()}
        onInput={(e) => setCode(e.currentTarget.value)}
        error={errorFor(FIELDS.code)}
      />
      <fieldset class="fieldset">
        <legend class="field__label">Discount</legend>
        <RadioChoices name="coupon-type" choices={TYPE_CHOICES} value={type()} onChange={setType} disabled={saving()} />
      </fieldset>
      <div class="commerce-form__row">
        <Show
          when={type() === 'percent'}
          fallback={
            <>
              <TextField
                id={FIELDS.amountOffCents}
                label="Amount off"
                hint="For example 10 or 9.50."
                inputmode="decimal"
                autocomplete="off"
                value={amount()}
                onInput={(e) => setAmount(e.currentTarget.value)}
                error={errorFor(FIELDS.amountOffCents)}
              />
              <SelectField id={FIELDS.currency} label="Currency" onChange={(e) => setCurrency(e.currentTarget.value)} error={errorFor(FIELDS.currency)}>
                <For each={currencies()}>
                  {(code) => (
                    <option value={code} selected={code === currency()}>
                      {code.toUpperCase()}
                    </option>
                  )}
                </For>
              </SelectField>
            </>
          }
        >
          <TextField
            id={FIELDS.percentOff}
            label="Percent off"
            hint="1 to 100."
            inputmode="numeric"
            autocomplete="off"
            value={percent()}
            onInput={(e) => setPercent(e.currentTarget.value)}
            error={errorFor(FIELDS.percentOff)}
          />
        </Show>
        <TextField
          id={FIELDS.usageLimit}
          label="Usage limit (optional)"
          hint="Empty: unlimited."
          inputmode="numeric"
          autocomplete="off"
          value={limit()}
          onInput={(e) => setLimit(e.currentTarget.value)}
          error={errorFor(FIELDS.usageLimit)}
        />
      </div>
      <DateTimeField id={FIELDS.expiresAt} label="Expires (optional)" value={expires()} onInput={setExpires} disabled={saving()} error={errorFor(FIELDS.expiresAt)} />
      <CheckboxList
        id={FIELDS.offerIds}
        legend="Applies to"
        hint="Tick none for every offer."
        options={props.offers.map((o) => ({ value: o.id, label: o.title, detail: o.status === 'active' ? undefined : o.status === 'draft' ? 'Draft' : 'Archived' }))}
        value={offerIds()}
        onChange={setOfferIds}
        disabled={saving()}
        error={errorFor(FIELDS.offerIds)}
        empty="There are no offers yet, so the coupon will apply to every offer."
      />
      <FormActions saving={saving()} label="Create coupon" busy="Creating…" onCancel={props.onCancel} />
    </form>
  );
}
