// Words and numbers the learner screens share: access levels, prices, durations, video times.

export const ACCESS_LEVELS = ['public', 'free', 'paid', 'members'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const ACCESS_LABELS: Record<AccessLevel, string> = {
  public: 'Open to everyone',
  free: 'Free',
  paid: 'Paid',
  members: 'Members only',
};

/** "$49.00" in the reader's locale; the currency code comes from the course. */
export function formatPrice(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
  } catch {
    // An unknown currency code should still show an amount, not break the page.
    return `${(cents / 100).toFixed(2)} ${currency.toUpperCase()}`;
  }
}

/** The badge text for a course's access: the price for a paid course that has one. */
export function accessBadgeText(course: { accessLevel: AccessLevel; priceCents: number | null; currency: string }): string {
  if (course.accessLevel === 'paid' && course.priceCents !== null) return formatPrice(course.priceCents, course.currency);
  return ACCESS_LABELS[course.accessLevel];
}

/** "45 min", "1 h 20 min"; null when there is nothing to say. */
export function formatMinutes(minutes: number | null | undefined): string | null {
  if (!minutes || minutes <= 0) return null;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** 1536 → "1.5 KB": file sizes as people read them. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} ${value === 1 ? 'byte' : 'bytes'}` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function lessonCount(n: number): string {
  return `${n} lesson${n === 1 ? '' : 's'}`;
}

/** 65 → "1:05", 3725 → "1:02:05": how video players write a position. */
export function formatTimestamp(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "1:05", "01:05", "1:02:05" or plain seconds ("65") → seconds; null when it is none of those. */
export function parseTimestamp(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d{1,6}$/.test(trimmed)) return Number(trimmed);
  const match = /^(?:(\d{1,3}):)?(\d{1,3}):(\d{2})$/.exec(trimmed);
  if (!match) return null;
  const [, h, m, s] = match;
  if (Number(s) > 59 || (h !== undefined && Number(m) > 59)) return null;
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s);
}

/** A spoken form for screen readers and titles: "1 minute 5 seconds". */
export function describeTimestamp(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const parts: string[] = [];
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (s || parts.length === 0) parts.push(`${s} second${s === 1 ? '' : 's'}`);
  return parts.join(' ');
}
