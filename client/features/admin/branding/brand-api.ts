import { api } from '../../../lib/api';
import type { Brand } from '../../../lib/school';
import { fail, list, nullableString, object, string, type Json } from '../../../lib/json';
import { jsonOf, xhrSend } from '../media/xhr-send';

// The brand editor's API (src/modules/branding/routes.ts), admins only. Colours, font and
// tagline are saved together with PUT /api/admin/brand; each image is uploaded (raw bytes,
// with progress) or removed on its own, at once.

export type ImageSlot = 'logo' | 'favicon';
export type BrandImage = { url: string; contentType: string; sizeBytes: number };
/** What "Save brand" sends: the school's brand without its images (those are uploaded on their own). */
export type BrandFields = Omit<Brand, 'logoUrl' | 'faviconUrl'>;
export type EditorBrand = BrandFields & { logo: BrandImage | null; favicon: BrandImage | null };
export type ServerWarning = { field: string; ratio: number; minimum: number; message: string };
export type FontOption = { id: string; label: string; stack: string };
export type ImageLimits = Record<ImageSlot, { maxBytes: number; types: string[] }>;
export type BrandAnswer = { brand: EditorBrand; warnings: ServerWarning[] };
export type BrandEditorData = BrandAnswer & { fonts: FontOption[]; limits: ImageLimits };

const HEX = /^#[0-9a-f]{6}$/;
const IMAGE_URL = /^\/brand\/(logo|favicon)\?v=[A-Za-z0-9-]+$/;

function colour(obj: Json, key: string): string {
  const value = string(obj, key);
  return HEX.test(value) ? value : fail(`${key} is not #rrggbb`);
}

function number(obj: Json, key: string): number {
  const value = obj[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${key} is not a number`);
}

function image(value: unknown, what: string): BrandImage | null {
  if (value === null) return null;
  const img = object(value, what);
  const url = string(img, 'url');
  if (!IMAGE_URL.test(url)) fail(`${what}.url is not a brand image URL`);
  return { url, contentType: string(img, 'contentType'), sizeBytes: number(img, 'sizeBytes') };
}

function parseAnswer(data: unknown): BrandAnswer {
  const root = object(data, 'answer');
  const b = object(root.brand, 'brand');
  return {
    brand: {
      primaryColor: colour(b, 'primaryColor'),
      accentColor: colour(b, 'accentColor'),
      backgroundColor: colour(b, 'backgroundColor'),
      textColor: colour(b, 'textColor'),
      font: string(b, 'font'),
      tagline: nullableString(b, 'tagline'),
      logo: image(b.logo, 'logo'),
      favicon: image(b.favicon, 'favicon'),
    },
    warnings: list(root, 'warnings').map((entry) => {
      const w = object(entry, 'warning');
      return { field: string(w, 'field'), ratio: number(w, 'ratio'), minimum: number(w, 'minimum'), message: string(w, 'message') };
    }),
  };
}

function parseEditorData(data: unknown): BrandEditorData {
  const root = object(data, 'answer');
  const limits = object(root.limits, 'limits');
  const limit = (slot: ImageSlot) => {
    const l = object(limits[slot], slot);
    return { maxBytes: number(l, 'maxBytes'), types: list(l, 'types').map((t) => (typeof t === 'string' ? t : fail('types holds a non-string'))) };
  };
  return {
    ...parseAnswer(data),
    fonts: list(root, 'fonts').map((entry) => {
      const f = object(entry, 'font');
      return { id: string(f, 'id'), label: string(f, 'label'), stack: string(f, 'stack') };
    }),
    limits: { logo: limit('logo'), favicon: limit('favicon') },
  };
}

export const fetchBrand = () => api('/api/admin/brand', { parse: parseEditorData });

export const saveBrand = (fields: BrandFields) => api('/api/admin/brand', { method: 'PUT', body: fields, parse: parseAnswer });

export const removeBrandImage = (slot: ImageSlot) => api(`/api/admin/brand/${slot}`, { method: 'DELETE', parse: parseAnswer });

/** Sends the image's bytes as they are, with its own type; `onProgress` hears the bytes sent so far. */
export async function uploadBrandImage(slot: ImageSlot, file: File, onProgress: (sent: number) => void, signal?: AbortSignal): Promise<BrandAnswer> {
  const response = await xhrSend({
    method: 'PUT',
    url: `/api/admin/brand/${slot}`,
    body: file,
    headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' },
    withCredentials: true,
    signal,
    onProgress,
  });
  return parseAnswer(jsonOf(response));
}
