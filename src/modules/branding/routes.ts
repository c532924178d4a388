import { NotFound } from '../../platform/errors.ts';
import { newApp, type SchoolHostEnv } from '../../platform/hono.ts';
import { jsonBody } from '../../platform/json-body.ts';
import { schoolCtx } from '../../platform/school-ctx.ts';
import { objectResponse } from '../media/files/object-response.ts';
import { planRange } from '../media/files/range.ts';
import { onSchoolHost } from '../tenancy/middleware.ts';
import { getBrandAssetObject, removeBrandAsset, uploadBrandAsset } from './assets.ts';
import { BRAND_ASSET_SLOTS } from './brand.ts';
import { getBrand, updateBrand } from './service.ts';

/**
 * The brand editor (admins) and the brand's public images. Image uploads are the raw bytes
 * with the image's own Content-Type, never JSON; the Worker checks the bytes themselves.
 */
const app = newApp<SchoolHostEnv>()
  .get('/api/admin/brand', onSchoolHost, async (c) => c.json(await getBrand({ ctx: schoolCtx(c) })))
  .put('/api/admin/brand', onSchoolHost, async (c) => c.json(await updateBrand({ ctx: schoolCtx(c), input: await jsonBody(c) })));

for (const slot of BRAND_ASSET_SLOTS) {
  app
    .put(`/api/admin/brand/${slot}`, onSchoolHost, async (c) =>
      c.json(await uploadBrandAsset({ ctx: schoolCtx(c), input: { slot, body: c.req.raw.body, contentType: c.req.header('content-type'), contentLength: c.req.header('content-length') } })),
    )
    .delete(`/api/admin/brand/${slot}`, onSchoolHost, async (c) => c.json(await removeBrandAsset({ ctx: schoolCtx(c), input: { slot } })))
    .get(`/brand/${slot}`, onSchoolHost, async (c) => {
      const { object, version } = await getBrandAssetObject({ ctx: schoolCtx(c), input: { slot } });
      const plan = planRange({ ifNoneMatch: c.req.header('if-none-match'), range: c.req.header('range'), ifRange: c.req.header('if-range') }, object.sizeBytes, object);
      // `?v=<version>` (as the shell and the client write it) names one upload, whose bytes never
      // change: browsers may keep it for good. Any other URL may change at the next upload.
      const cacheControl = c.req.query('v') === version ? 'public, max-age=31536000, immutable' : 'public, max-age=60, must-revalidate';
      const res = await objectResponse(c.env.MEDIA, object, plan, c.req.method, {
        'cache-control': cacheControl,
        'content-disposition': 'inline',
        'x-content-type-options': 'nosniff',
      });
      if (!res) {
        console.error(`[branding] ${slot} object ${object.key} is missing from R2`);
        throw new NotFound(`This school has no ${slot}.`);
      }
      return res;
    });
}

export const brandingRoutes = app;
