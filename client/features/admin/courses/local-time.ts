// Release dates are instants (UTC) on the server, but staff think in their own clock. The
// editor takes a <input type="datetime-local"> value in the browser's time zone and shows the
// UTC instant it stands for, so nobody has to convert in their head.

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date → "2026-09-01T09:00" in this browser's time zone, for a datetime-local input. */
export function toLocalInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value → the instant it names here; null when empty or not a date. */
export function fromLocalInputValue(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "Europe/Amsterdam", or a fallback when the browser will not say. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'your local time';
}

const utc = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

/** "1 September 2026 at 07:00 UTC": the same words the learner sees on a locked lesson. */
export function formatUtc(date: Date): string {
  return `${utc.format(date)} UTC`;
}
