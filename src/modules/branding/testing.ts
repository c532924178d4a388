import { env } from 'cloudflare:workers';
import { forgetResolvedSchools } from '../tenancy/resolve-school.ts';

// Helpers for the branding tests (workers project only).

/** A real 1×1 PNG. */
export const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
/** The start of a JPEG (SOI + APP0), enough for the magic-byte check. */
export const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
/** A WebP header (RIFF container, WEBP form, a VP8L chunk). */
export const WEBP = Uint8Array.from([...new TextEncoder().encode('RIFF'), 0x1a, 0, 0, 0, ...new TextEncoder().encode('WEBPVP8L'), 0x0d, 0, 0, 0, 0x2f, 0, 0, 0, 0x10]);
/** An ICO header with one image entry. */
export const ICO = Uint8Array.from([0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x10, 0x10, 0x00, 0x00, 0x01, 0x00, 0x20, 0x00, 0x44, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00]);
export const GIF = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
export const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

/** The school's stored brand JSON, to put back after a test that changes it. */
export async function storedBrand(schoolId: string): Promise<string> {
  const row = await env.PLATFORM_DB.prepare('SELECT brand FROM schools WHERE id = ?').bind(schoolId).first<{ brand: string }>();
  return row!.brand;
}

export async function restoreBrand(schoolId: string, raw: string): Promise<void> {
  await env.PLATFORM_DB.prepare('UPDATE schools SET brand = ? WHERE id = ?').bind(raw, schoolId).run();
  forgetResolvedSchools();
}

/** Every R2 key under a school's brand prefix. */
export async function brandObjects(schoolId: string): Promise<string[]> {
  const listed = await env.MEDIA.list({ prefix: `schools/${schoolId}/brand/` });
  return listed.objects.map((o) => o.key).sort();
}
