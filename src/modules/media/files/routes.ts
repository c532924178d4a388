import { NotFound } from '../../../platform/errors.ts';
import { newApp, type SchoolHostEnv } from '../../../platform/hono.ts';
import { jsonBody } from '../../../platform/json-body.ts';
import { schoolCtx } from '../../../platform/school-ctx.ts';
import { onSchoolHost } from '../../tenancy/middleware.ts';
import { clearCourseCover, getCoverObject, setCourseCover } from './cover.ts';
import { deleteFile, getLibraryFile, listCourseFiles } from './library.ts';
import { objectResponse } from './object-response.ts';
import { planRange } from './range.ts';
import { abortUpload, completeUpload, createUpload, putFileContent, putFilePart } from './upload.ts';

/**
 * Staff uploads and the media library, plus public course covers. Upload bodies are the raw
 * file bytes (any content type; the declared type was given when the upload was created and
 * is checked against the bytes), never JSON.
 */
export const fileRoutes = newApp<SchoolHostEnv>()
  .get('/api/admin/courses/:courseId/files', onSchoolHost, async (c) => c.json(await listCourseFiles({ ctx: schoolCtx(c), input: { courseId: c.req.param('courseId') } })))
  .post('/api/admin/courses/:courseId/files', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await createUpload({ ctx: schoolCtx(c), input: { ...body, courseId: c.req.param('courseId') } }), 201);
  })
  .get('/api/admin/files/:fileId', onSchoolHost, async (c) => c.json(await getLibraryFile({ ctx: schoolCtx(c), input: { fileId: c.req.param('fileId') } })))
  .put('/api/admin/files/:fileId/content', onSchoolHost, async (c) =>
    c.json(await putFileContent({ ctx: schoolCtx(c), input: { fileId: c.req.param('fileId') }, body: c.req.raw.body })),
  )
  .put('/api/admin/files/:fileId/parts/:partNumber', onSchoolHost, async (c) =>
    c.json(await putFilePart({ ctx: schoolCtx(c), input: c.req.param(), body: c.req.raw.body })),
  )
  .post('/api/admin/files/:fileId/complete', onSchoolHost, async (c) => c.json(await completeUpload({ ctx: schoolCtx(c), input: { fileId: c.req.param('fileId') } })))
  .post('/api/admin/files/:fileId/abort', onSchoolHost, async (c) => c.json(await abortUpload({ ctx: schoolCtx(c), input: { fileId: c.req.param('fileId') } })))
  .delete('/api/admin/files/:fileId', onSchoolHost, async (c) =>
    c.json(await deleteFile({ ctx: schoolCtx(c), input: { fileId: c.req.param('fileId'), confirm: c.req.query('confirm') } })),
  )
  .put('/api/admin/courses/:courseId/cover', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await setCourseCover({ ctx: schoolCtx(c), input: { ...body, courseId: c.req.param('courseId') } }));
  })
  .delete('/api/admin/courses/:courseId/cover', onSchoolHost, async (c) => c.json(await clearCourseCover({ ctx: schoolCtx(c), input: { courseId: c.req.param('courseId') } })))
  .get('/media/covers/:courseId', onSchoolHost, async (c) => {
    const { object, isPublic } = await getCoverObject({ ctx: schoolCtx(c), input: { courseId: c.req.param('courseId') } });
    const plan = planRange({ ifNoneMatch: c.req.header('if-none-match'), range: c.req.header('range'), ifRange: c.req.header('if-range') }, object.sizeBytes, object);
    // A URL naming the current file (?v=<fileId>, as coverUrl gives it) never changes content,
    // so browsers may keep it; the bare URL is revalidated after a minute, as covers change.
    const versioned = c.req.query('v') !== undefined && object.key.includes(`/${c.req.query('v')}/`);
    const cacheControl = !isPublic ? 'private, no-cache' : versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=60';
    const res = await objectResponse(c.env.MEDIA, object, plan, c.req.method, { 'cache-control': cacheControl, 'content-disposition': 'inline' });
    if (!res) {
      console.error(`[media] cover object ${object.key} is missing from R2`);
      throw new NotFound('This course has no cover image.');
    }
    return res;
  });
