import type { BadgeTone } from '../../../ui/badge';
import type { RadioChoice } from '../courses/radio-choices';
import type { AccessScope, OfferType } from '../../offers/commerce-labels';
import type { Offer, OfferStatus, PricingRequestStatus } from './offers-api';

export const OFFER_STATUS: Record<OfferStatus, { label: string; tone: BadgeTone }> = {
  draft: { label: 'Draft', tone: 'neutral' },
  active: { label: 'On sale', tone: 'success' },
  archived: { label: 'Archived', tone: 'muted' },
};

export const PRICING_STATUS: Record<PricingRequestStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: 'Waiting for the owner', tone: 'neutral' },
  approved: { label: 'Approved', tone: 'success' },
  rejected: { label: 'Rejected', tone: 'danger' },
  withdrawn: { label: 'Withdrawn', tone: 'muted' },
};

export const OFFER_TYPE_CHOICES: RadioChoice<OfferType>[] = [
  { value: 'one_time', label: 'One-time purchase', hint: 'Pay once, keep access.' },
  { value: 'subscription', label: 'Subscription', hint: 'Billed every month or year; access lasts while it is paid.' },
  { value: 'bundle', label: 'Bundle', hint: 'Several courses for one price, paid once.' },
];

export const ACCESS_SCOPE_CHOICES: RadioChoice<AccessScope>[] = [
  { value: 'courses', label: 'Chosen courses', hint: 'Only the courses ticked below.' },
  { value: 'all_courses', label: 'Every course', hint: 'All courses of the school, including ones added later.' },
  { value: 'downloads', label: 'Downloads', hint: "The school's downloadable files." },
];

/** Currencies with two decimals (amounts are entered as 49.90 and sent as cents). */
export const CURRENCIES = ['usd', 'eur', 'gbp', 'cad', 'aud', 'nzd', 'chf', 'sek', 'nok', 'dkk'] as const;

/** "3 courses", "Every course", "Downloads". */
export function includesText(offer: Pick<Offer, 'accessScope' | 'courseIds'>): string {
  if (offer.accessScope === 'all_courses') return 'Every course';
  if (offer.accessScope === 'downloads') return 'Downloads';
  const n = offer.courseIds.length;
  return `${n} course${n === 1 ? '' : 's'}`;
}
