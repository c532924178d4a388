/**
 * A school's brand: what is stored as JSON in the platform's `schools.brand`, the sanitising
 * read of it, and the views of it that leave the Worker. The stored JSON is operator and
 * admin input written over time by different versions of the code, so every field is
 * optional on disk and anything missing or malformed reads as the default.
 */

/** Named system font stacks. No web fonts: the CSP (`font-src 'self'`) and the offline rule forbid fetching them. */
export const BRAND_FONTS = {
  system: { label: 'System sans-serif', stack: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" },
  humanist: { label: 'Humanist sans-serif', stack: "Seravek, 'Gill Sans Nova', Ubuntu, Calibri, 'DejaVu Sans', source-sans-pro, sans-serif" },
  serif: { label: 'Serif', stack: "Charter, 'Bitstream Charter', 'Sitka Text', Cambria, Georgia, 'DejaVu Serif', serif" },
  rounded: { label: 'Rounded', stack: "ui-rounded, 'Hiragino Maru Gothic ProN', Quicksand, Comfortaa, Manjari, 'Arial Rounded MT', Calibri, source-sans-pro, sans-serif" },
  monospace: { label: 'Monospace', stack: "ui-monospace, 'Cascadia Code', 'Source Code Pro', Menlo, Consolas, 'DejaVu Sans Mono', monospace" },
} as const;
export type BrandFont = keyof typeof BRAND_FONTS;
export const BRAND_FONT_IDS = Object.keys(BRAND_FONTS) as BrandFont[];

/** The two images a brand may carry; each has its own R2 object and public URL. */
export const BRAND_ASSET_SLOTS = ['logo', 'favicon'] as const;
export type BrandAssetSlot = (typeof BRAND_ASSET_SLOTS)[number];

/** The image types each slot accepts, by their canonical content type. Never SVG: it would be script on our origin. */
export const ASSET_TYPES: Record<BrandAssetSlot, readonly string[]> = {
  logo: ['image/png', 'image/jpeg', 'image/webp'],
  favicon: ['image/png', 'image/x-icon'],
};

/** A stored image. `version` is new on every upload, so it names exactly one content (ETag, cache-buster, key). */
export type BrandAsset = { key: string; contentType: string; version: string; sizeBytes: number };

export type Brand = {
  primaryColor: string;
  accentColor: string;
  /** The page background. */
  backgroundColor: string;
  /** Body text on that background. */
  textColor: string;
  font: BrandFont;
  tagline: string | null;
  logo: BrandAsset | null;
  favicon: BrandAsset | null;
};

/** What styles a page: the colours and the font (no images, no words). */
export type BrandLook = Pick<Brand, 'primaryColor' | 'accentColor' | 'backgroundColor' | 'textColor' | 'font'>;

export const TAGLINE_MAX = 160;

/** Lectern's own look; background and text match client/ui/theme.css, so an unbranded school looks as before. */
export const DEFAULT_BRAND: Brand = {
  primaryColor: '#1f4e79',
  accentColor: '#f2a900',
  backgroundColor: '#f9fafb',
  textColor: '#111827',
  font: 'system',
  tagline: null,
  logo: null,
  favicon: null,
};

export const HEX_COLOUR = /^#[0-9a-f]{6}$/i;
const VERSION = /^[A-Za-z0-9-]{1,64}$/;
const COLOUR_FIELDS = ['primaryColor', 'accentColor', 'backgroundColor', 'textColor'] as const;

/** Brand JSON is operator/admin input: anything malformed falls back to a safe default. */
export function brandFrom(stored: object | null | undefined): Brand {
  const s: Record<string, unknown> = { ...stored };
  const colour = (field: (typeof COLOUR_FIELDS)[number]) => {
    const value = s[field];
    return typeof value === 'string' && HEX_COLOUR.test(value) ? value.toLowerCase() : DEFAULT_BRAND[field];
  };
  const tagline = typeof s.tagline === 'string' && s.tagline.trim() ? s.tagline.trim().slice(0, TAGLINE_MAX) : null;
  return {
    primaryColor: colour('primaryColor'),
    accentColor: colour('accentColor'),
    backgroundColor: colour('backgroundColor'),
    textColor: colour('textColor'),
    font: typeof s.font === 'string' && Object.hasOwn(BRAND_FONTS, s.font) ? (s.font as BrandFont) : DEFAULT_BRAND.font,
    tagline,
    logo: assetFrom('logo', s.logo),
    favicon: assetFrom('favicon', s.favicon),
  };
}

/**
 * A stored image reference, or null when it is not one we could have written: the key must be
 * a brand key and the type one the slot accepts. Serving checks the school prefix as well.
 */
function assetFrom(slot: BrandAssetSlot, value: unknown): BrandAsset | null {
  if (typeof value !== 'object' || value === null) return null;
  const { key, contentType, version, sizeBytes } = value as Record<string, unknown>;
  if (typeof version !== 'string' || !VERSION.test(version)) return null;
  if (typeof key !== 'string' || !/^schools\/[^/]+\/brand\//.test(key) || !key.endsWith(`/${slot}-${version}`)) return null;
  if (typeof contentType !== 'string' || !ASSET_TYPES[slot].includes(contentType)) return null;
  if (typeof sizeBytes !== 'number' || !Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) return null;
  return { key, contentType, version, sizeBytes };
}

/** `schools/<schoolId>/brand/<slot>-<version>`: under the school's prefix, one key per upload. */
export function brandAssetKey(schoolId: string, slot: BrandAssetSlot, version: string): string {
  return `schools/${schoolId}/brand/${slot}-${version}`;
}

/** Where the school host serves an image; `?v=` names the upload, so the URL may be cached for good. */
export function brandAssetUrl(slot: BrandAssetSlot, asset: BrandAsset | null): string | null {
  return asset ? `/brand/${slot}?v=${asset.version}` : null;
}

/** The brand as pages and /api/school see it: image URLs instead of R2 keys, which never leave the Worker. */
export type PublicBrand = BrandLook & { tagline: string | null; logoUrl: string | null; faviconUrl: string | null };

/** `origin` makes the image URLs absolute, for pages on another host (the apex directory). */
export function publicBrand(brand: Brand, origin = ''): PublicBrand {
  const url = (slot: BrandAssetSlot) => {
    const path = brandAssetUrl(slot, brand[slot]);
    return path && origin + path;
  };
  return {
    primaryColor: brand.primaryColor,
    accentColor: brand.accentColor,
    backgroundColor: brand.backgroundColor,
    textColor: brand.textColor,
    font: brand.font,
    tagline: brand.tagline,
    logoUrl: url('logo'),
    faviconUrl: url('favicon'),
  };
}
