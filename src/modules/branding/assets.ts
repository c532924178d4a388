import { Invalid, NotFound, TooLarge, UnsupportedType } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireRole } from '../identity/actor.ts';
import { formatBytes } from '../media/files/limits.ts';
import { readAtMost } from '../media/files/read-body.ts';
import type { ServedObject } from '../media/files/object-response.ts';
import { ASSET_LIMITS, declaredType } from './asset-limits.ts';
import { type Brand, type BrandAsset, type BrandAssetSlot, brandAssetKey } from './brand.ts';
import { adminView, auditBrand } from './service.ts';
import { sniffImage, TYPE_NAMES } from './sniff.ts';
import { loadBrand, saveBrand } from './store.ts';

// The brand's two images in R2, under schools/<schoolId>/brand/. A new upload gets a new key
// (its version), the brand row is switched to it, and only then is the old object deleted, so
// a page never points at an image that is not there.

type Body = ReadableStream<Uint8Array> | null;
type Upload = { slot: BrandAssetSlot; body: Body; contentType: string | undefined; contentLength: string | undefined };

const nameOf = (type: string) => TYPE_NAMES[type] ?? type;
const listOf = (types: readonly string[]) => types.map(nameOf).join(', ').replace(/, ([^,]*)$/, ' or $1');
const summary = (asset: BrandAsset | null) => asset && { contentType: asset.contentType, sizeBytes: asset.sizeBytes, version: asset.version };

/**
 * PUT /api/admin/brand/logo and /favicon: the raw image bytes are the body. Refused before
 * anything is stored: a type the slot does not take or that the bytes contradict (415), more
 * than the slot's limit (413, read no further than one byte over), an empty body (400).
 */
export async function uploadBrandAsset({ ctx, input }: { ctx: SchoolCtx; input: Upload }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { slot } = input;
  const rules = ASSET_LIMITS[slot];
  const declared = declaredType(input.contentType);
  if (declared && !rules.types.includes(declared)) {
    const svg = declared === 'image/svg+xml' ? ' SVG cannot be used: it can carry script.' : '';
    throw new UnsupportedType(`A ${rules.label} must be ${listOf(rules.types)}; this file is ${nameOf(declared)}.${svg}`);
  }
  const declaredSize = Number(input.contentLength);
  if (input.contentLength && Number.isFinite(declaredSize) && declaredSize > rules.maxBytes) throw tooLarge(rules, declaredSize);
  const bytes = await readUpTo(input.body, rules.maxBytes, rules);
  const type = sniffImage(bytes.subarray(0, 16));
  if (!type || !rules.types.includes(type)) {
    throw new UnsupportedType(`A ${rules.label} must be ${listOf(rules.types)}, and this file’s contents are ${type ? nameOf(type) : 'not an image of those types'}. Nothing was stored.`);
  }
  if (declared && declared !== type) {
    throw new UnsupportedType(`The file says it is ${nameOf(declared)} but its contents are ${nameOf(type)}. Nothing was stored; save it in the right format and try again.`);
  }

  const { brand: before, raw } = await loadBrand(ctx.platformDb, ctx.school.id);
  const version = crypto.randomUUID();
  const asset: BrandAsset = { key: brandAssetKey(ctx.school.id, slot, version), contentType: type, version, sizeBytes: bytes.byteLength };
  await ctx.env.MEDIA.put(asset.key, bytes, { httpMetadata: { contentType: type }, customMetadata: { schoolId: ctx.school.id, purpose: `brand_${slot}` } });
  const after: Brand = { ...before, [slot]: asset };
  try {
    await saveBrand(ctx.platformDb, ctx.school.id, raw, after, ctx.now);
  } catch (err) {
    // Nobody points at the new object: it goes, and the old one stays in use.
    await ctx.env.MEDIA.delete(asset.key);
    throw err;
  }
  await deleteOld(ctx, before[slot]);
  await auditBrand(ctx, actor, before[slot] ? `brand.${slot}_replaced` : `brand.${slot}_set`, summary(before[slot]), summary(asset));
  return adminView(after);
}

/** DELETE /api/admin/brand/logo and /favicon: back to none (the name, or Lectern's icon). Deleting nothing is fine. */
export async function removeBrandAsset({ ctx, input }: { ctx: SchoolCtx; input: { slot: BrandAssetSlot } }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { slot } = input;
  const { brand: before, raw } = await loadBrand(ctx.platformDb, ctx.school.id);
  const after: Brand = { ...before, [slot]: null };
  if (before[slot]) {
    await saveBrand(ctx.platformDb, ctx.school.id, raw, after, ctx.now);
    await deleteOld(ctx, before[slot]);
    await auditBrand(ctx, actor, `brand.${slot}_removed`, summary(before[slot]), null);
  }
  return adminView(after);
}

/**
 * GET /brand/logo and /brand/favicon (public): this school's image, found through this
 * school's own brand row, and only under this school's key prefix, so no path or stored value
 * can make one school serve another's object.
 */
export async function getBrandAssetObject({ ctx, input }: { ctx: SchoolCtx; input: { slot: BrandAssetSlot } }): Promise<{ object: ServedObject; version: string }> {
  const { brand } = await loadBrand(ctx.platformDb, ctx.school.id);
  const asset = brand[input.slot];
  if (!asset || !asset.key.startsWith(`schools/${ctx.school.id}/brand/`)) throw new NotFound(`This school has no ${ASSET_LIMITS[input.slot].label}.`);
  return { object: { key: asset.key, sizeBytes: asset.sizeBytes, contentType: asset.contentType, etag: `"${asset.version}"`, lastModified: null }, version: asset.version };
}

async function deleteOld(ctx: SchoolCtx, old: BrandAsset | null): Promise<void> {
  if (!old) return;
  // Like serving, deleting stays under this school's prefix: a row pointing at another school's
  // key (a hand edit, a brand copied between schools) must never delete that school's image.
  if (!old.key.startsWith(`schools/${ctx.school.id}/brand/`)) {
    console.error(`[branding] not deleting ${old.key}: it is outside schools/${ctx.school.id}/brand/`);
    return;
  }
  try {
    await ctx.env.MEDIA.delete(old.key);
  } catch (err) {
    // The brand already points elsewhere; an orphaned object costs storage, not correctness.
    console.error(`[branding] could not delete the replaced object ${old.key}`, err);
  }
}

function tooLarge(rules: { label: string; maxBytes: number }, size: number | null): TooLarge {
  const was = size === null ? 'larger than that' : formatBytes(size);
  return new TooLarge(`A ${rules.label} may be at most ${formatBytes(rules.maxBytes)}; this file is ${was}. Nothing was stored; make it smaller and try again.`);
}

/** The whole body, refusing it (413) at the first byte over `max` rather than reading on. */
async function readUpTo(body: Body, max: number, rules: { label: string; maxBytes: number }): Promise<Uint8Array> {
  if (!body) throw new Invalid(`Send the ${rules.label} image as the request body.`);
  const bytes = await readAtMost(body, max, {
    tooLarge: () => tooLarge(rules, null),
    broken: () => new Invalid(`The ${rules.label} did not arrive completely (the connection broke). Nothing was stored; send it again.`),
  });
  if (bytes.byteLength === 0) throw new Invalid(`The ${rules.label} arrived empty. Choose the image file again.`);
  return bytes;
}
