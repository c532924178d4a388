import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { auditValues } from '../audit/record.ts';
import { auditLogs } from '../audit/schema.ts';
import type { Actor } from '../identity/actor.ts';
import { requireRole } from '../identity/actor.ts';
import { ASSET_LIMITS } from './asset-limits.ts';
import { BRAND_FONT_IDS, BRAND_FONTS, type Brand, type BrandAsset, type BrandAssetSlot, brandAssetUrl, type BrandLook } from './brand.ts';
import { loadBrand, saveBrand } from './store.ts';
import { brandWarnings } from './warnings.ts';
import { UpdateBrandInput } from './validation.ts';

/*
 * The brand editor's verbs (admins and above). The brand lives in the platform database
 * (schools.brand) and the audit trail in the school's own, so a change and its audit row
 * cannot share a batch: the brand is written first (it is the truth every page reads), then
 * the audit row. If that second write fails the request fails loudly (500, logged), with the
 * change made but unaudited; the reverse order could audit changes that never happened.
 */

type AssetView = { url: string; contentType: string; sizeBytes: number };
export type AdminBrand = BrandLook & { tagline: string | null; logo: AssetView | null; favicon: AssetView | null };

const EDITABLE = ['primaryColor', 'accentColor', 'backgroundColor', 'textColor', 'font', 'tagline'] as const;
type Editable = Pick<Brand, (typeof EDITABLE)[number]>;

const editable = (brand: Brand): Editable => Object.fromEntries(EDITABLE.map((key) => [key, brand[key]])) as Editable;

function assetView(slot: BrandAssetSlot, asset: BrandAsset | null): AssetView | null {
  return asset ? { url: brandAssetUrl(slot, asset)!, contentType: asset.contentType, sizeBytes: asset.sizeBytes } : null;
}

/** The brand as the editor sees it, with what its contrast checks say. */
export function adminView(brand: Brand) {
  return {
    brand: { ...editable(brand), logo: assetView('logo', brand.logo), favicon: assetView('favicon', brand.favicon) } satisfies AdminBrand,
    warnings: brandWarnings(brand),
  };
}

/** GET /api/admin/brand: the brand, the fonts to choose from and the image limits. */
export async function getBrand({ ctx }: { ctx: SchoolCtx }) {
  requireRole(ctx.actor, 'admin');
  const { brand } = await loadBrand(ctx.platformDb, ctx.school.id);
  return {
    ...adminView(brand),
    fonts: BRAND_FONT_IDS.map((id) => ({ id, label: BRAND_FONTS[id].label, stack: BRAND_FONTS[id].stack })),
    limits: ASSET_LIMITS,
  };
}

/**
 * PUT /api/admin/brand { primaryColor?, accentColor?, backgroundColor?, textColor?, font?, tagline? }:
 * fields left out keep their value. Low contrast is answered with `warnings`, never refused.
 */
export async function updateBrand({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const change = UpdateBrandInput.parse(input);
  const { brand: before, raw } = await loadBrand(ctx.platformDb, ctx.school.id);
  const after: Brand = { ...before };
  for (const key of EDITABLE) if (change[key] !== undefined) Object.assign(after, { [key]: change[key] });
  const changed = EDITABLE.filter((key) => before[key] !== after[key]);
  if (changed.length > 0) {
    await saveBrand(ctx.platformDb, ctx.school.id, raw, after, ctx.now);
    const pick = (brand: Brand) => Object.fromEntries(changed.map((key) => [key, brand[key]]));
    await auditBrand(ctx, actor, 'brand.updated', pick(before), pick(after));
  }
  return adminView(after);
}

/** One audit row in the school's database for a brand change; entity is the school itself. */
export async function auditBrand(ctx: SchoolCtx, actor: Actor, action: string, before: unknown, after: unknown): Promise<void> {
  await ctx.schoolDb.db
    .insert(auditLogs)
    .values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action, entityType: 'school_brand', entityId: ctx.school.id, metadata: { before, after }, now: ctx.now }));
}
