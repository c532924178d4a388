import { looksLike } from '../media/files/sniff.ts';

/**
 * What a brand image really is, from its first bytes, or null. PNG, JPEG and WebP use the
 * media module's magic-byte checks; ICO (which the media library does not take) is checked
 * here: reserved 0, type 1 (icon, not cursor), at least one image. Text formats such as SVG
 * are never recognised, so they can never be stored.
 */
export function sniffImage(head: Uint8Array): string | null {
  for (const type of ['image/png', 'image/jpeg', 'image/webp'] as const) if (looksLike(type, head)) return type;
  if (head.length >= 6 && head[0] === 0 && head[1] === 0 && head[2] === 1 && head[3] === 0 && (head[4]! | (head[5]! << 8)) > 0) return 'image/x-icon';
  return null;
}

export const TYPE_NAMES: Record<string, string> = {
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/x-icon': 'ICO',
  'image/svg+xml': 'SVG',
  'image/gif': 'GIF',
};
