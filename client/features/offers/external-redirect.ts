import { ApiError } from '../../lib/api';

/**
 * Leaves the app for a URL the Worker handed back (Stripe Checkout, the billing portal, Connect
 * onboarding). Only http(s) addresses are followed, so a bad answer can never run `javascript:`.
 */
export function leaveFor(url: string): void {
  let target: URL;
  try {
    target = new URL(url, location.origin);
  } catch {
    throw new ApiError(0, 'bad_redirect', 'The payment page address we received is not valid. Please try again.', null);
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new ApiError(0, 'bad_redirect', 'The payment page address we received is not valid. Please try again.', null);
  }
  location.assign(target.href);
}

/** The message to show for a failed action: the Worker's sentence, or a generic one. */
export function messageOf(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  if (error instanceof ApiError) return error.message;
  console.error(error);
  return fallback;
}

/** `url` when it is an http(s) address (a Stripe receipt link), otherwise null. */
export function httpUrlOrNull(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
