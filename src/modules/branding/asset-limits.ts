import type { BrandAssetSlot } from './brand.ts';
import { ASSET_TYPES } from './brand.ts';

const KiB = 1024;

/** What each image may be. The editor shows these before a byte is sent; the Worker enforces them. */
export const ASSET_LIMITS: Record<BrandAssetSlot, { label: string; maxBytes: number; types: readonly string[] }> = {
  logo: { label: 'logo', maxBytes: 1024 * KiB, types: ASSET_TYPES.logo },
  favicon: { label: 'favicon', maxBytes: 256 * KiB, types: ASSET_TYPES.favicon },
};

/** Other names browsers and systems give these types. */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/vnd.microsoft.icon': 'image/x-icon',
  'image/ico': 'image/x-icon',
};

/** Declared types that say nothing about the file (a browser that could not tell from the name). */
const UNSAID = new Set(['', 'application/octet-stream']);

/** The canonical type a Content-Type header names, '' when it names none, or the bare type as given. */
export function declaredType(header: string | undefined): string {
  const bare = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (UNSAID.has(bare)) return '';
  return ALIASES[bare] ?? bare;
}
