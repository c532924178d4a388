import type { BadgeTone } from '../../../ui/badge';
import type { AccessLevel, ContentStatus, CourseStatus } from './courses-api';

// Words for the authoring API's enums, in one place so every screen says the same thing.

export const COURSE_STATUS: Record<CourseStatus, { label: string; tone: BadgeTone }> = {
  draft: { label: 'Draft', tone: 'neutral' },
  published: { label: 'Published', tone: 'success' },
  archived: { label: 'Archived', tone: 'muted' },
};

export const CONTENT_STATUS: Record<ContentStatus, { label: string; tone: BadgeTone }> = {
  draft: { label: 'Draft', tone: 'neutral' },
  published: { label: 'Published', tone: 'success' },
};

/** Who can take the course; the hints follow the Worker's access rules (learning/access.ts). */
export const ACCESS: Record<AccessLevel, { label: string; hint: string }> = {
  public: { label: 'Public', hint: 'Anyone can open the lessons, without signing in.' },
  free: { label: 'Free', hint: 'Learners sign in and enroll at no cost.' },
  paid: { label: 'Paid', hint: 'Learners buy access; only preview lessons are open before that.' },
  members: { label: 'Members only', hint: 'Every signed-in member of the school can open it.' },
};

/** 4900 + usd → "$49.00", in the reader's locale. */
export function formatPrice(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

/** "49", "49.5" or "49.00" → 4900 cents; null when it is not an amount with at most two decimals. */
export function parsePrice(text: string): number | null {
  const cleaned = text.trim().replace(/^[$€£]/, '').replace(/,/g, '');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

/** The price field's starting text: 4900 → "49.00". */
export function priceText(cents: number | null): string {
  return cents === null ? '' : (cents / 100).toFixed(2);
}
