// Sizes and lengths in words. Binary units, spelled as the Worker spells them in its own
// messages ("a lesson attachment may be at most 500 MiB"), so the two never disagree.

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${oneDecimal(bytes / GiB)} GiB`;
  if (bytes >= MiB) return `${oneDecimal(bytes / MiB)} MiB`;
  if (bytes >= KiB) return `${oneDecimal(bytes / KiB)} KiB`;
  return `${bytes} bytes`;
}

/** 754 → "12:34", 3723 → "1:02:03". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** The same length for a screen reader: "12 minutes 34 seconds". */
export function durationInWords(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const part = (n: number, unit: string) => (n ? `${n} ${unit}${n === 1 ? '' : 's'}` : '');
  return [part(h, 'hour'), part(m, 'minute'), part(s, 'second')].filter(Boolean).join(' ') || '0 seconds';
}

/** Whole percent, never 100 before the last byte is in (a rounded 99.6 % is not "done"). */
export function percentOf(sent: number, total: number): number {
  if (total <= 0) return 0;
  if (sent >= total) return 100;
  return Math.min(99, Math.floor((sent / total) * 100));
}
