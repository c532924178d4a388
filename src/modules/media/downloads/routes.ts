import { newApp, type SchoolHostEnv } from '../../../platform/hono.ts';
import { jsonBody } from '../../../platform/json-body.ts';
import { schoolCtx } from '../../../platform/school-ctx.ts';
import { onSchoolHost } from '../../tenancy/middleware.ts';
import { attachmentDisposition, objectResponse } from '../files/object-response.ts';
import { listCourseDownloads, mintDownloadLink } from './link.ts';
import { createDownload, deleteDownload, updateDownload } from './manage.ts';
import { LinkRefused, redeemDownloadToken } from './redeem.ts';
import { refusalResponse } from './refusal.ts';

/** Downloads: staff offer files, learners get single-use links, and /files/<token> streams them from R2. */
export const downloadRoutes = newApp<SchoolHostEnv>()
  .post('/api/admin/courses/:courseId/downloads', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await createDownload({ ctx: schoolCtx(c), input: { ...body, courseId: c.req.param('courseId') } }), 201);
  })
  .patch('/api/admin/downloads/:downloadId', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await updateDownload({ ctx: schoolCtx(c), input: { ...body, downloadId: c.req.param('downloadId') } }));
  })
  .delete('/api/admin/downloads/:downloadId', onSchoolHost, async (c) => c.json(await deleteDownload({ ctx: schoolCtx(c), input: { downloadId: c.req.param('downloadId') } })))
  .get('/api/courses/:slug/downloads', onSchoolHost, async (c) => c.json(await listCourseDownloads({ ctx: schoolCtx(c), input: { slug: c.req.param('slug') } })))
  .post('/api/downloads/:downloadId/link', onSchoolHost, async (c) => c.json(await mintDownloadLink({ ctx: schoolCtx(c), input: { downloadId: c.req.param('downloadId') } })))
  .get('/files/:token', onSchoolHost, async (c) => {
    try {
      const { object, filename, plan } = await redeemDownloadToken({
        ctx: schoolCtx(c),
        input: { token: c.req.param('token'), method: c.req.method, ifNoneMatch: c.req.header('if-none-match'), range: c.req.header('range'), ifRange: c.req.header('if-range') },
      });
      const res = await objectResponse(c.env.MEDIA, object, plan, c.req.method, {
        'cache-control': 'private, no-store',
        'content-disposition': attachmentDisposition(filename),
        'referrer-policy': 'no-referrer',
      });
      if (!res) {
        console.error(`[media] download object ${object.key} is missing from R2`);
        throw new LinkRefused('gone');
      }
      return res;
    } catch (err) {
      return refusalResponse(c, err);
    }
  });
