import { z } from 'zod';
import { ACCESS_SCOPES, BILLING_INTERVALS, DISCOUNT_TYPES, OFFER_STATUSES, OFFER_TYPES, PRICING_REQUEST_STATUSES } from '../schema.ts';

/**
 * What staff may send for offers, coupons and pricing requests. Exported so the client
 * mirrors exactly these rules (and messages) in its forms.
 */

export const MAX_PRICE_CENTS = 10_000_000;
/** Any record id in a request (offers, coupons, courses, transactions…). */
export const Id = z.string().trim().min(1).max(100);

export const PriceCents = z
  .number({ error: 'Give the price in whole cents, such as 4900 for 49.00.' })
  .int({ error: 'Give the price in whole cents, such as 4900 for 49.00.' })
  .min(0, { error: 'The price cannot be negative.' })
  .max(MAX_PRICE_CENTS, { error: 'Keep the price at or under 100,000.00.' });
export const Currency = z
  .string()
  .regex(/^[a-z]{3}$/, { error: 'Give the currency as three lower-case letters, such as usd or eur.' });
const Title = z.string().trim().min(1, { error: 'Give the offer a title.' }).max(200, { error: 'Keep the title under 200 characters.' });
const Description = z.string().max(5_000, { error: 'Keep the description under 5,000 characters.' });
const OfferType = z.enum(OFFER_TYPES, { error: 'Choose one_time, subscription or bundle.' });
const AccessScope = z.enum(ACCESS_SCOPES, { error: 'Choose what buying grants: courses, all_courses or downloads.' });
const BillingInterval = z.enum(BILLING_INTERVALS, { error: 'Subscriptions bill every month or every year.' });
/**
 * How many ids one list may hold. The lookup that checks them binds every id plus the
 * school id in ONE statement, and D1 refuses a statement with more than 100 bound
 * parameters; 90 keeps a margin for the rest of the statement.
 */
export const MAX_LINKED_IDS = 90;
const CourseIds = z.array(Id).max(MAX_LINKED_IDS, { error: `An offer lists at most ${MAX_LINKED_IDS} courses; for more, grant all courses (accessScope all_courses).` });

export const CreateOfferInput = z.object({
  title: Title,
  description: Description.optional(),
  offerType: OfferType,
  priceCents: PriceCents,
  currency: Currency.optional(),
  billingInterval: BillingInterval.nullish(),
  accessScope: AccessScope,
  courseIds: CourseIds.optional(),
});

/** Strict: type, currency and interval are fixed once created (create another offer instead). */
export const UpdateOfferInput = z.strictObject({
  offerId: Id,
  title: Title.optional(),
  description: Description.optional(),
  status: z.enum(OFFER_STATUSES, { error: 'Choose draft, active or archived.' }).optional(),
  accessScope: AccessScope.optional(),
  courseIds: CourseIds.optional(),
  priceCents: PriceCents.optional(),
});

export const OfferIdInput = z.object({ offerId: Id });

/** The rules that hold for a whole offer (checked on create, and on every edit of the merged result). */
export function offerShapeProblem(offer: { offerType: string; billingInterval?: string | null; accessScope: string; courseIds: string[] }): string | null {
  if (offer.offerType === 'subscription' && !offer.billingInterval) return 'A subscription needs a billingInterval: month or year.';
  if (offer.offerType !== 'subscription' && offer.billingInterval) return 'Only subscriptions have a billingInterval; leave it out for one_time and bundle offers.';
  if (offer.accessScope !== 'courses' && offer.courseIds.length > 0) return `An offer granting ${offer.accessScope} lists no courses; leave courseIds empty.`;
  if (offer.offerType === 'bundle' && (offer.accessScope !== 'courses' || offer.courseIds.length < 2)) return 'A bundle lists at least two courses (accessScope courses).';
  if (offer.accessScope === 'courses' && offer.courseIds.length < 1) return 'List at least one course this offer grants (courseIds).';
  return null;
}

export const COUPON_CODE = /^[A-Z0-9_-]{3,40}$/;
export const CouponCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(COUPON_CODE, { error: 'A coupon code is 3 to 40 letters, digits, - or _, such as TORAH20.' });
const ExpiresAt = z.iso
  .datetime({ offset: true, error: 'Give the expiry as an ISO date-time with its time zone, such as 2026-12-31T23:59:00Z.' })
  .transform((iso) => new Date(iso));
const UsageLimit = z.number().int({ error: 'Give the usage limit as a whole number.' }).min(1, { error: 'A usage limit is at least 1 (leave it out for unlimited).' }).max(1_000_000);

export const CreateCouponInput = z
  .object({
    code: CouponCode,
    discountType: z.enum(DISCOUNT_TYPES, { error: 'Choose percent or amount.' }),
    percentOff: z.number().int({ error: 'Give the percentage as a whole number.' }).min(1, { error: 'A percentage is from 1 to 100.' }).max(100, { error: 'A percentage is from 1 to 100.' }).nullish(),
    amountOffCents: z.number().int({ error: 'Give the amount in whole cents.' }).min(1, { error: 'The amount off must be more than 0.' }).max(MAX_PRICE_CENTS).nullish(),
    currency: Currency.optional(),
    usageLimit: UsageLimit.nullish(),
    expiresAt: ExpiresAt.nullish(),
    offerIds: z.array(Id).max(MAX_LINKED_IDS, { error: `A coupon names at most ${MAX_LINKED_IDS} offers; leave offerIds out to make it apply to every offer.` }).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.discountType === 'percent' && (c.percentOff == null || c.amountOffCents != null)) ctx.addIssue({ code: 'custom', path: ['percentOff'], message: 'A percent coupon gives percentOff (1 to 100) and no amountOffCents.' });
    if (c.discountType === 'amount' && (c.amountOffCents == null || c.percentOff != null)) ctx.addIssue({ code: 'custom', path: ['amountOffCents'], message: 'An amount coupon gives amountOffCents (more than 0, with its currency) and no percentOff.' });
  });

export const UpdateCouponInput = z.strictObject({
  couponId: Id,
  status: z.enum(['active', 'disabled'], { error: 'Choose active or disabled.' }).optional(),
  usageLimit: UsageLimit.nullish(),
  expiresAt: ExpiresAt.nullish(),
});

export const CouponIdInput = z.object({ couponId: Id });

export const ProposePriceInput = z.object({
  offerId: Id,
  proposedPriceCents: PriceCents,
  reason: z.string().trim().max(2_000, { error: 'Keep the reason under 2,000 characters.' }).optional(),
});

export const DecidePriceInput = z.object({
  requestId: Id,
  note: z.string().trim().max(2_000, { error: 'Keep the note under 2,000 characters.' }).optional(),
});

export const ListPricingRequestsInput = z.object({
  status: z.enum(PRICING_REQUEST_STATUSES, { error: 'Filter by pending, approved, rejected or withdrawn.' }).optional(),
});
